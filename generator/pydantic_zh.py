"""pydantic's error types in Chinese: one wording for content files (validation/schema) and
for the configuration (config), which both report pydantic's errors."""

# pydantic error type → (our code, Chinese detail). {ctx} fields come from the error context.
TYPE_DETAILS = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数（只写数字，如 2022、5000）",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字（如 12.5）",
    "list_type": "应为列表（每项以“- ”开头，另起一行）",
    "dict_type": "应为“字段: 值”形式的一组字段",
    "model_type": "应为“字段: 值”形式的一组字段",
    "model_attributes_type": "应为“字段: 值”形式的一组字段",
    "date_type": "应为日期 YYYY-MM-DD",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "none_required": "应为空",
}
VALUE_DETAILS = {
    "string_too_short": "不能为空",
    "string_too_long": "太长（最多 {max_length} 个字）",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}",
    "string_pattern_mismatch": "格式不对{example}",
}
