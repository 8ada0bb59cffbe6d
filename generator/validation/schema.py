"""Stage 2 — schema: pydantic validation of each file, its errors said in Chinese at the right line."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.issues import CATALOGUE, Issue, issue
from generator.loading.source import Source
from generator.loading.strict_yaml import dotted
from generator.models.common import Entry, ExternalPerson
from generator.pydantic_zh import TYPE_DETAILS, VALUE_DETAILS

from .directory import LABELS, Directory

PLACEHOLDER = "待填写"

PATTERN_EXAMPLES = {
    "person": "应为工号（不是姓名），如 QD10234", "base": "应为分基地编号，如 FJD-01", "studio": "应为工作室编号，如 GZS-01",
    "project": "应为课题编号，如 KT-2021-017", "paper": "应为论文编号，如 LW-2021-003",
    "patent": "应为专利条目编号，如 ZL-2021-003", "software": "应为软著条目编号，如 RZ-2021-001",
    "award": "应为奖励编号，如 JL-2021-004", "any": "应为某个条目的编号，如 KT-2021-017",
}


def check_schema(src: Source, context: dict, directory: Directory | None = None
                 ) -> tuple[Entry | None, list[Issue]]:
    model = src.kind.model
    directory = directory or Directory()
    found = list(_placeholders(src, model, directory, src.data, ()))
    placeholder_locs = {_parse_dotted(i.field) for i in found}
    for offset, line in enumerate(src.body.split("\n")):
        if PLACEHOLDER in line:
            found.append(issue("placeholder", src.rel, src.body_line + offset, "正文", value=line.strip()[:30]))
    try:
        return model.model_validate(src.data, context=context), found
    except ValidationError as exc:
        seen: set[tuple] = set()
        errors = exc.errors(include_url=False)
        misspelt = _misspelt(src, model, errors)
        for err in errors:
            loc = _clean_loc(src.data, err["loc"], err["type"])
            if loc in seen or any(loc[:len(p)] == p for p in placeholder_locs):
                continue  # one message per field; a placeholder is already reported
            if err["type"] == "missing" and loc in misspelt:
                continue  # the field is there, misspelt: reported once, as an unknown field
            seen.add(loc)
            found.append(_translate(src, model, loc, err, directory))
        return None, found


def _misspelt(src: Source, model: type[BaseModel], errors: list[dict]) -> set[tuple]:
    """Missing fields whose name a present unknown field resembles: `categroy` for `category`."""
    missing = {_clean_loc(src.data, e["loc"], "missing") for e in errors if e["type"] == "missing"}
    out = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            loc = _clean_loc(src.data, e["loc"], e["type"])
            close = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1, cutoff=0.6)
            if close and loc[:-1] + (close[0],) in missing:
                out.add(loc[:-1] + (close[0],))
    return out


def _translate(src: Source, model: type[BaseModel], loc: tuple, err: dict, directory: Directory) -> Issue:
    kind, ctx, field = err["type"], err.get("ctx") or {}, dotted(loc)
    value = _value_at(src.data, loc)
    unit = _json_extra_at(model, loc).get("x-unit", "")
    target = _json_extra_at(model, loc).get("x-ref")
    if kind == "string_pattern_mismatch" and target and isinstance(value, str):
        named = _named_reference(src, model, loc, field, target, value, directory)
        if named:
            return named
        spelt = _misspelt_id(src, loc, field, target, value, directory)
        if spelt:
            return spelt
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
        return issue(code, src.rel, src.line(loc), field, value=value, detail=detail, fix=_iso_date(value))
    if kind == "vocab":
        allowed = ctx["allowed"].split("、")
        text = str(value)
        close = [a for a in allowed if a in text or text in a] or difflib.get_close_matches(text, allowed, n=1, cutoff=0.6)
        spec = CATALOGUE["schema-vocab"].hint.format(allowed=ctx["allowed"])
        hint = f"是不是“{close[0]}”？{spec}" if len(close) == 1 else spec
        return issue("schema-vocab", src.rel, src.line(loc), field, value=value, allowed=ctx["allowed"], hint=hint)
    if kind in TYPE_DETAILS and value is None:
        line = src.line(loc)
        written = src.text.split("\n")[line - 1] if 0 < line <= src.text.count("\n") + 1 else ""
        if re.search(r":\s+#", written):
            hint = f"“#”之后的内容被 YAML 当成了注释：给整个取值加引号，如 {loc[-1]}: '{written.split(':', 1)[1].strip()[:20]}'"
        elif isinstance(loc[-1], int):
            hint = "删除这个空的“- ”项，或在“- ”后写上内容"
        else:
            hint = _description(model, loc) or ""
        return issue("schema-value", src.rel, line, field, detail="不能为空：冒号后面要写内容", hint=hint)
    if kind in TYPE_DETAILS:
        detail = TYPE_DETAILS[kind] + (f"，单位是{unit}" if unit else "")
        hint = _type_hint(kind, value, unit, _limit_at(model, loc))
        return issue("schema-type", src.rel, src.line(loc), field, detail=detail, hint=hint)
    if kind in VALUE_DETAILS:
        params = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()}
        params["example"] = ("：" + _pattern_example(model, loc)) if kind == "string_pattern_mismatch" else ""
        detail = VALUE_DETAILS[kind].format(**params) + (f" {unit}" if unit and kind in LIMITS else "")
        hint = ""
        if target and isinstance(value, str):
            hint = directory.suggest(target, value, _base_of(src))
        elif unit and kind in LIMITS:
            hint = _unit_hint(unit, value, ctx)
        elif kind in LIMITS and loc and loc[-1] == "year":
            hint = "年份写 4 位数字，如 2022"
        elif kind == "string_too_short":  # '' written out: say what belongs there
            hint = _description(model, loc)
        return issue("schema-value", src.rel, src.line(loc), field, detail=detail, hint=hint)
    return issue("schema-value", src.rel, src.line(loc), field, detail=err["msg"])


LIMITS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
NUMBERS = {"int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"}


def _unit_hint(unit: str, value: Any, ctx: dict) -> str:
    """The unit said plainly, and the conversion when a 万元 figure was evidently written in 元."""
    hint = f"这里的单位是{unit}"
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        return hint
    return hint + _yuan_hint(unit, number, ctx.get("le", ctx.get("lt")))


def _yuan_hint(unit: str, number: float, limit: Any) -> str:
    """“。如果写的是元：280000 元 = 28 万元，请填 28” when a 万元 figure over the limit looks like 元."""
    if not unit.startswith("万元") or limit is None or number <= float(limit):
        return ""
    written, converted = (f"{n:.4f}".rstrip("0").rstrip(".") for n in (number, number / 10000))
    return f"。如果写的是元：{written} 元 = {converted} 万元，请填 {converted}"


def _limit_at(model: type[BaseModel], loc: tuple) -> float | None:
    """The upper limit (le / lt) of the numeric field at ``loc``, if it has one."""
    names = tuple(p for p in loc if not isinstance(p, int))
    parent = _model_at(model, names[:-1]) if names else None
    if not parent or names[-1] not in parent.model_fields:
        return None
    for meta in parent.model_fields[names[-1]].metadata:
        for attr in ("le", "lt"):
            if isinstance(getattr(meta, attr, None), (int, float)):
                return float(getattr(meta, attr))
    return None


def _type_hint(kind: str, value: Any, unit: str, limit: float | None = None) -> str:
    """What to type instead: the number inside “36.5万元” or “3,650”; a text as a list; for a 万元
    field, the conversion when the number without separators is over the limit (written in 元)."""
    if kind in NUMBERS:
        number = re.match(r"\s*([0-9][0-9,]*(?:\.[0-9]+)?)", str(value or ""))
        hint = "只写数字，不带单位和千位分隔的逗号" + ("，不带小数点" if kind.startswith("int") else "")
        plain = number.group(1).replace(",", "") if number else ""
        yuan = _yuan_hint(unit, float(plain), limit) if plain else ""
        if plain and not kind.startswith("int") and not yuan:
            hint += f"，如 {plain}"
        return hint + (f"（单位：{unit}）" if unit else "") + yuan
    if kind == "list_type" and isinstance(value, str):
        items = [p.strip() for p in re.split(r"[,，、；;]", value) if p.strip()]
        return "写成方括号列表：[" + ", ".join(items) + "]，或每项另起一行以“- ”开头"
    return ""


def _iso_date(value: Any) -> str:
    """2022/4/6, 2022.4.6, 2022年4月6日 → “写成 2022-04-06”; '' when the parts are not a date."""
    parts = re.findall(r"\d+", str(value or ""))
    if len(parts) == 3 and len(parts[0]) == 4:
        y, m, d = (int(p) for p in parts)
        if 1 <= m <= 12 and 1 <= d <= 31:
            return f"写成 {y:04d}-{m:02d}-{d:02d}"
    return "年份 4 位、月和日各 2 位，用半角“-”连接"


def _base_of(src: Source) -> str:
    data = src.data if isinstance(src.data, dict) else {}
    return data.get("base") if isinstance(data.get("base"), str) else ""


def _misspelt_id(src: Source, loc: tuple, field: str, target: str, value: str, directory: Directory) -> Issue | None:
    """An id typed with full-width characters (ＱＤ１００８７, a Chinese IME) or in lowercase (qd10087):
    the id it stands for, with its name."""
    fixed = unicodedata.normalize("NFKC", value).strip().upper()
    if fixed == value:
        return None
    known = directory.entries.get(fixed)
    found = known if known is not None and (target == "any" or known.kind == target) else None
    if unicodedata.normalize("NFKC", value) != value:
        suggest = f"（{directory.describe(found)}）" if found else "。" + directory.suggest(target, fixed, _base_of(src))
        return issue("ref-fullwidth", src.rel, src.line(loc), field, value=value, fixed=fixed, suggest=suggest)
    what = "工号" if target == "person" else f"{LABELS[target]}编号"
    hint = f"是不是 {directory.describe(found)}？" if found else directory.suggest(target, fixed, _base_of(src))
    return issue("schema-value", src.rel, src.line(loc), field, detail=f"格式不对：{what}的字母要大写，如 {fixed}",
                 hint=hint)


def _named_reference(src: Source, model, loc: tuple, field: str, target: str, value: str,
                     directory: Directory) -> Issue | None:
    """A name typed where an id belongs (王志刚 for QD10002, 锅炉分场分基地 for FJD-01)."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in value):
        return None  # a mistyped id: the format message with the closest ids
    same = directory.named(target, value)
    label = LABELS[target]
    if same:
        hint = directory.name_hint(target, value, same)
    elif _model_at(model, tuple(p for p in loc if not isinstance(p, int))) is ExternalPerson:
        hint = (f"知识库里没有名为“{value}”的本厂人员。本厂人员写工号；厂外作者写成两行：“- name: {value}”"
                f"和“  org: 所在单位”")
    else:
        hint = f"知识库里没有名为“{value}”的{label}。" + directory.choices(target, _base_of(src))
        if target != "person":
            hint += f"；新的{label}请先用 qinchuang new {target} 添加"
    return issue("ref-name", src.rel, src.line(loc), field, value=value, kind=label,
                 id_label="工号" if target == "person" else "编号", hint=hint)


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


def _json_extra_at(model: type[BaseModel], loc: tuple) -> dict:
    """The json_schema_extra (x-ref, x-unit, x-vocab) of the field at ``loc``."""
    names = tuple(p for p in loc if not isinstance(p, int))
    parent = _model_at(model, names[:-1]) if names else None
    if parent and names[-1] in parent.model_fields:
        return _json_extra(parent.model_fields[names[-1]])
    return {}


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


def _placeholders(src: Source, model, directory: Directory, node: Any, loc: tuple) -> Iterator[Issue]:
    if isinstance(node, str) and PLACEHOLDER in node:
        extra = _json_extra_at(model, loc)
        hint = "请填写真实内容"
        if "x-ref" in extra:
            hint += "。" + directory.choices(extra["x-ref"], _base_of(src))
        elif "x-vocab" in extra:
            hint += "。允许的取值见 site_config/vocabularies.yml 的 " + extra["x-vocab"]
        yield issue("placeholder", src.rel, src.line(loc), dotted(loc), value=node, hint=hint)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _placeholders(src, model, directory, value, loc + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _placeholders(src, model, directory, value, loc + (i,))


def _parse_dotted(field: str) -> tuple:
    out: list = []
    for part in field.replace("]", "").replace("[", ".").split("."):
        if part:
            out.append(int(part) if part.isdigit() else part)
    return tuple(out)
