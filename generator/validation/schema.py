"""Stage 2 — schema: pydantic validation of each file, its errors said in Chinese at the right line."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.issues import Issue, issue
from generator.loading.source import Source
from generator.loading.strict_yaml import dotted
from generator.models.common import Entry

PLACEHOLDER = "待填写"

# pydantic error type → (our code, Chinese detail). {ctx} fields come from the error context.
TYPE_DETAILS = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数（如 2022）",
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
PATTERN_EXAMPLES = {
    "person": "应为工号（不是姓名），如 QD10234", "base": "应为分基地编号，如 FJD-01", "studio": "应为工作室编号，如 GZS-01",
    "project": "应为课题编号，如 KT-2021-017", "paper": "应为论文编号，如 LW-2021-003",
    "patent": "应为专利条目编号，如 ZL-2021-003", "software": "应为软著条目编号，如 RZ-2021-001",
    "award": "应为奖励编号，如 JL-2021-004", "any": "应为某个条目的编号，如 KT-2021-017",
}


def check_schema(src: Source, context: dict) -> tuple[Entry | None, list[Issue]]:
    model = src.kind.model
    found = list(_placeholders(src, src.data, ()))
    placeholder_locs = {_parse_dotted(i.field) for i in found}
    for offset, line in enumerate(src.body.split("\n")):
        if PLACEHOLDER in line:
            found.append(issue("placeholder", src.rel, src.body_line + offset, "正文", value=line.strip()[:30]))
    try:
        return model.model_validate(src.data, context=context), found
    except ValidationError as exc:
        seen: set[tuple] = set()
        for err in exc.errors(include_url=False):
            loc = _clean_loc(src.data, err["loc"], err["type"])
            if loc in seen or any(loc[:len(p)] == p for p in placeholder_locs):
                continue  # one message per field; a placeholder is already reported
            seen.add(loc)
            found.append(_translate(src, model, loc, err))
        return None, found


def _translate(src: Source, model: type[BaseModel], loc: tuple, err: dict) -> Issue:
    kind, ctx, field = err["type"], err.get("ctx") or {}, dotted(loc)
    value = _value_at(src.data, loc)
    if kind == "missing":
        return issue("schema-missing", src.rel, src.line(loc[:-1]), field, desc=_description(model, loc))
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        suggest = f"是不是想写“{close[0]}”？" if close else f"可用的字段：{'、'.join(known)}"
        return issue("schema-unknown-field", src.rel, src.line(loc), field, suggest=suggest)
    if kind in ("date_format", "date_invalid"):
        code = "date-format" if kind == "date_format" else "date-invalid"
        reason = ctx.get("reason", "")
        detail = "这个月没有这一天" if "day is out" in reason else "月份应为 1～12" if "month" in reason else "日期无效"
        return issue(code, src.rel, src.line(loc), field, value=value, detail=detail)
    if kind == "vocab":
        return issue("schema-vocab", src.rel, src.line(loc), field, value=value, allowed=ctx["allowed"])
    if kind in TYPE_DETAILS:
        return issue("schema-type", src.rel, src.line(loc), field, detail=TYPE_DETAILS[kind])
    if kind in VALUE_DETAILS:
        params = dict(ctx)
        params["example"] = ("：" + _pattern_example(model, loc)) if kind == "string_pattern_mismatch" else ""
        return issue("schema-value", src.rel, src.line(loc), field, detail=VALUE_DETAILS[kind].format(**params))
    return issue("schema-value", src.rel, src.line(loc), field, detail=err["msg"])


def _clean_loc(data: Any, loc: tuple, kind: str) -> tuple:
    """Drop pydantic's union-branch tags (`str`, `ExternalPerson` …) by walking the data itself."""
    out: list = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif i == len(loc) - 1 and kind == "missing" and isinstance(part, str) and isinstance(node, dict):
            out.append(part)
    return tuple(out)


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Follow field annotations (through lists, optionals, unions) to the model at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        stack.extend(getattr(ann, "__args__", ()) or ())
    return None


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _description(model: type[BaseModel], loc: tuple) -> str:
    parent = _model_at(model, loc[:-1])
    if parent and loc and loc[-1] in parent.model_fields:
        return parent.model_fields[loc[-1]].description or ""
    return ""


def _pattern_example(model: type[BaseModel], loc: tuple) -> str:
    parent = _model_at(model, tuple(p for p in loc if not isinstance(p, int))[:-1])
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if parent and name in parent.model_fields:
        info = parent.model_fields[name]
        extra = _json_extra(info)
        if "x-ref" in extra:
            return PATTERN_EXAMPLES.get(extra["x-ref"], "")
        if name == "id":
            return "编号" + (info.description or "").split("，", 1)[-1]
    return ""


def _json_extra(info) -> dict:
    extra: dict = {}
    for meta in [info, *info.metadata, *_annotation_metadata(info.annotation)]:
        value = getattr(meta, "json_schema_extra", None)
        if isinstance(value, dict):
            extra.update(value)
    return extra


def _annotation_metadata(annotation: Any) -> Iterator[Any]:
    stack = [annotation]
    while stack:
        ann = stack.pop()
        yield from getattr(ann, "__metadata__", ())
        stack.extend(getattr(ann, "__args__", ()) or ())


def _placeholders(src: Source, node: Any, loc: tuple) -> Iterator[Issue]:
    if isinstance(node, str) and PLACEHOLDER in node:
        yield issue("placeholder", src.rel, src.line(loc), dotted(loc), value=node)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _placeholders(src, value, loc + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _placeholders(src, value, loc + (i,))


def _parse_dotted(field: str) -> tuple:
    out: list = []
    for part in field.replace("]", "").replace("[", ".").split("."):
        if part:
            out.append(int(part) if part.isdigit() else part)
    return tuple(out)
