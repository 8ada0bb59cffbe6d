"""An Excel ledger → one entry per row, through a column mapping (site_config/import/*.yml).

A mapping names the kind of entry, the sheet names it reads, and for each Chinese column header
the field it fills and how the cell is read (text, date, year, number, list, or a reference
resolved by name or code). The header is found by its texts, wherever the office put it: a
merged title row above, a two-row header with merged group cells (“课题组成员” over 组长 / 导师
/ 徒弟) are both fine. Merged data cells (one 分基地 over several rows) count for every row they
cover; blank rows and 合计/备注 rows are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import read_config
from generator.errors import ConfigError, UsageError

from . import values
from .files import check_office_file
from .names import ID_IN_TEXT, Names

MAPPING_DIR = ("site_config", "import")
TYPES = {"text", "date", "year", "int", "number", "list", "person", "people", "base", "studio", "project",
         "refs", "records"}
REF_TYPES = {"person": "person", "base": "base", "studio": "studio", "project": "project"}
IGNORED = {"序号", "备注"}
SKIP_ROW = ("合计", "小计", "总计", "备注", "说明", "注：", "注:", "填表")
PERSONAL = ("身份证", "电话", "手机", "住址", "家庭", "出生", "银行", "卡号", "民族", "政治面貌", "婚")
HEADER_SCAN = 12
EXTERNAL = re.compile(r"([^（(]{2,10})[（(]([^）)]{2,})[）)]")


@dataclass
class Column:
    header: str
    field: str
    type: str = "text"
    role: str = ""  # for a team member column: the role written beside each person
    ref: str = ""  # for "refs": the kind of the listed ids
    parts: tuple[str, ...] = ()  # for "records": one record a line, its fields separated by spaces
    external: bool = False  # people from outside the plant may be listed as 姓名（单位）


@dataclass
class Mapping:
    name: str
    kind: str
    sheets: list[str]
    columns: list[Column]
    year_from: str = ""  # the date field whose year files the entry when there is no year column
    ignore: frozenset[str] = frozenset()  # columns known and deliberately not imported


@dataclass
class Row:
    number: int  # the sheet's row number, as Excel shows it
    cells: dict[str, object]  # header → value
    columns: dict[str, str]  # header → column letter


def norm(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).replace("*", "").strip()


def mapping_folder(root: Path) -> Path:
    return root.joinpath(*MAPPING_DIR)


def load_mapping(path: Path) -> Mapping:
    data, _ = read_config(path)
    rel = f"site_config/import/{path.name}"
    if not isinstance(data.get("columns"), dict) or not data.get("kind"):
        raise ConfigError(f"{rel}：列对应表需要 kind（条目类型）和 columns（列标题: 字段）")
    columns = []
    for header, spec in data["columns"].items():
        spec = {"field": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, dict) or "field" not in spec:
            raise ConfigError(f"{rel}：列“{header}”应写成 字段名，或 {{field: 字段名, type: 类型}}")
        kind = spec.get("type", "text")
        if kind not in TYPES:
            raise ConfigError(f"{rel}：列“{header}”的 type“{kind}”不认识，可用：{'、'.join(sorted(TYPES))}")
        columns.append(Column(norm(header), spec["field"], kind, spec.get("role", ""), spec.get("ref", ""),
                              tuple(spec.get("parts") or ()), str(spec.get("external")).lower() == "true"))
    sheets = data.get("sheets") or []
    return Mapping(path.stem, data["kind"], [norm(s) for s in sheets], columns,
                   data.get("year_from", ""), frozenset(norm(h) for h in data.get("ignore") or []))


def mappings(root: Path) -> list[Mapping]:
    folder = mapping_folder(root)
    if not folder.is_dir():
        raise ConfigError("缺少 site_config/import/（台账的列对应表）：请从本项目的仓库复制该目录")
    return [load_mapping(p) for p in sorted(folder.glob("*.yml"))]


def choose(root: Path, kind: str | None, mapping: str | None) -> list[Mapping]:
    if mapping:
        path = Path(mapping)
        if not path.suffix:
            path = mapping_folder(root) / f"{mapping}.yml"
        if not path.is_file():
            names = "、".join(m.name for m in mappings(root))
            raise UsageError(f"找不到列对应表 {mapping}（site_config/import/ 中有：{names}）")
        return [load_mapping(path)]
    found = mappings(root)
    if kind:
        found = [m for m in found if m.kind == kind]
        if not found:
            raise UsageError(f"site_config/import/ 中没有类型为 {kind} 的列对应表：请新建一个，或用 --mapping 指定")
    return found


def open_workbook(path: Path):
    check_office_file(path, ".xlsx")
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=True)  # the values Excel last calculated, not formulas
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise UsageError(f"{path.name} 无法读取（{type(exc).__name__}）：请用 Excel 打开后“另存为”一个新的 .xlsx 再导入") from None


def grid(ws) -> list[list]:
    """Cell values with every merged range filled with its top-left value."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
            for c in range(rng.min_col - 1, rng.max_col):
                if c < len(rows[r]):
                    rows[r][c] = value
    return rows


def read_rows(ws, mapping: Mapping) -> tuple[list[Row], list[str], list[str]]:
    """(data rows, headers not in the mapping, mapping headers not in the sheet)."""
    from openpyxl.utils import get_column_letter

    cells = grid(ws)
    keys = {c.header for c in mapping.columns}
    start = next((r for r in range(min(HEADER_SCAN, len(cells))) if any(norm(v) in keys for v in cells[r] if v)), None)
    if start is None:
        return [], [], sorted(keys)
    end = start
    while end + 1 < len(cells) and end - start < 3 and any(
            v and norm(v) in keys and (norm(cells[end][c] or "") != norm(v)) for c, v in enumerate(cells[end + 1])):
        end += 1
    for rng in ws.merged_cells.ranges:  # a header cell merged down covers the rows below it too
        if start <= rng.min_row - 1 <= end:
            end = max(end, rng.max_row - 1)
    width = max(len(r) for r in cells)
    labels: dict[int, str] = {}
    for c in range(width):
        parts = []
        for r in range(start, end + 1):
            v = norm(cells[r][c]) if c < len(cells[r]) and cells[r][c] is not None else ""
            if v and v not in parts:
                parts.append(v)
        options = ([parts[-1]] if parts else []) + ["/".join(parts), "".join(parts)] + parts[:-1]
        label = next((o for o in options if o in keys), None)
        if label and label not in labels.values():
            labels[c] = label
        elif parts:
            labels.setdefault(c, "")
            if not label:
                labels[c] = "?" + (parts[-1] if len(parts) == 1 else "/".join(parts))
    unused = [h[1:] for h in labels.values() if h.startswith("?") and h[1:] not in IGNORED | mapping.ignore]
    missing = sorted(keys - set(labels.values()))
    rows = []
    for r in range(end + 1, len(cells)):
        line = cells[r]
        if all(v is None or str(v).strip() == "" for v in line):
            continue
        first = next((str(v).strip() for v in line if v is not None and str(v).strip()), "")
        if first.startswith(SKIP_ROW):
            continue
        row = Row(r + 1, {}, {})
        for c, label in labels.items():
            if label and not label.startswith("?") and c < len(line):
                row.cells[label] = line[c]
                row.columns[label] = get_column_letter(c + 1)
        if any(v is not None and str(v).strip() for v in row.cells.values()):
            rows.append(row)
    return rows, unused, missing


def personal(header: str) -> bool:
    return any(word in header for word in PERSONAL)


@dataclass
class Converted:
    data: dict
    places: dict[str, str]  # dotted field → "「组长」列（B7）"
    to_fix: list[tuple[str, str]]
    notes: list[tuple[str, str]]
    ambiguous: list[tuple[int, list[str]]] = field(default_factory=list)  # to_fix index → person ids


def convert(row: Row, mapping: Mapping, names: Names, where: str) -> Converted:
    """One row → the entry's fields. Unresolved names stay as written (the validator then
    reports them too) and are listed in to_fix with their cell."""
    out = Converted({}, {}, [], [])
    filled = set()
    for col in mapping.columns:
        raw = row.cells.get(col.header)
        if raw is None or values.text(raw) == "" or (col.field, col.role) in filled:
            continue  # several headers for one field: the first one listed that has a value wins
        filled.add((col.field, col.role))
        cell = f"{where}「{col.header}」列（{row.columns[col.header]}{row.number}）"
        try:
            value = _value(col, raw, names, cell, out)
        except values.ValueProblem as exc:
            out.to_fix.append((cell, str(exc)))
            value = values.text(raw)
        if col.role:  # a team member column: {person, role} items appended to the list
            team = out.data.setdefault(col.field, [])
            for person in value if isinstance(value, list) else [value]:
                out.places[f"{col.field}[{len(team)}]"] = cell
                team.append({"person": person, "role": col.role})
            continue
        _put(out.data, col.field, value)
        out.places[col.field] = cell
    _hint_by_base(out, names)
    return out


def _hint_by_base(out: Converted, names: Names) -> None:
    """An ambiguous name whose candidates include exactly one person of the row's sub-base: say
    which (a hint for the office, not a choice made for it)."""
    base = out.data.get("base")
    for index, ids in out.ambiguous:
        same = [i for i in ids if names.base_of.get(i) == base]
        if base and len(same) == 1:
            cell, problem = out.to_fix[index]
            out.to_fix[index] = (cell, f"{problem}（本行的分基地是 {base}，其中 {same[0]} 在这个分基地）")


def _value(col: Column, raw, names: Names, cell: str, out: Converted):
    t = col.type
    if col.field == "id":  # "锅炉分场分基地（FJD-01）": the code, whatever is written around it
        codes = ID_IN_TEXT.findall(values.text(raw))
        return codes[0] if len(codes) == 1 else values.text(raw)
    if t == "records":
        records = []
        for line in values.text_lines(raw):
            items = line.split(maxsplit=len(col.parts) - 1)
            records.append(dict(zip(col.parts, items, strict=False)))
        return records
    if t == "date":
        value, note = values.to_date(raw)
        if note:
            out.notes.append((cell, note))
        return value
    if t == "year":
        return values.to_year(raw)
    if t in ("int", "number"):
        return values.to_number(raw, integer=t == "int")
    if t == "list":
        return values.to_list(raw)
    if t in REF_TYPES or t in ("people", "refs"):
        kind = col.ref or REF_TYPES.get(t, "person")
        items = values.to_list(raw) if t in ("people", "refs") or col.role else [values.text(raw)]
        resolved = []
        for item in items:
            outside = EXTERNAL.fullmatch(item) if col.external else None
            if outside and not names.resolve(kind, item).ok:  # 刘明（燕山大学）
                resolved.append({"name": outside[1].strip(), "org": outside[2].strip()})
                out.notes.append((cell, f"“{item}”按厂外人员填写（姓名 {outside[1].strip()}，单位 {outside[2].strip()}）"))
                continue
            found = names.resolve(kind, item)
            if not found.ok:
                out.to_fix.append((cell, found.problem))
                out.ambiguous += [(len(out.to_fix) - 1, found.candidates)] if found.candidates else []
            elif found.note:
                out.notes.append((cell, found.note))
            resolved.append(found.value)
        return resolved if t in ("people", "refs") or col.role else resolved[0]
    return values.text(raw)




def _put(data: dict, path: str, value) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def sheets_for(wb, mapping: Mapping, sheet: str | None) -> list:
    if sheet:
        if sheet not in wb.sheetnames:
            raise UsageError(f"工作簿中没有工作表“{sheet}”（有：{'、'.join(wb.sheetnames)}）")
        return [wb[sheet]]
    return [wb[n] for n in wb.sheetnames if norm(n) in mapping.sheets]


def best_sheet(wb, mapping: Mapping):
    """The sheet whose first rows hold most of the mapping's headers (for a sheet the office named
    its own way), or None when no sheet has at least two of them."""
    keys = {c.header for c in mapping.columns}

    def score(ws) -> int:
        found = {norm(v) for row in ws.iter_rows(max_row=HEADER_SCAN, values_only=True) for v in row if v}
        return len(found & keys)

    scored = max(((score(ws), i) for i, ws in enumerate(wb.worksheets)), default=(0, 0))
    return wb.worksheets[scored[1]] if scored[0] >= 2 else None


def source_name(path: Path, ws) -> str:
    return f"{path.name}〔{ws.title}〕"
