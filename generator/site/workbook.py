"""The Excel workbook of the exports: one sheet per kind, flat cells, names beside codes.

Columns come from the models themselves (field order, the Chinese ``description`` cut to its
first clause), so a new field appears in the workbook without a table to maintain. Every
reference (``Entry.refs()``) becomes two columns, the code and the name; lists of references
become lists of names; nested records (鉴定, 效益) become their own columns; lists of records
(进展记录, 命名历史) become one line per item. The union office filters and sums these sheets, so
numbers stay numbers, dates are dates and ids / application numbers are text (Excel would turn
``202120123456.7`` into ``2.02121E+11``). Contributor text that starts like a formula is stored
as text, never as a formula (every string is written as a string cell).

XlsxWriter writes the file, in memory: it dates every part of the zip 1980-01-01 and the
document with the date we give it, so the same knowledge base gives the same bytes (as the
rest of the build). It replaced openpyxl's write-only mode here, which took ~2× as long for the
~136k cells at 10k entries (measured 2026-12-01) and needed its zip rewritten for fixed times;
openpyxl still reads .xlsx (`import ledger`) and writes the small 个人创新档案.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime
from functools import cache
from typing import get_args

import xlsxwriter
from pydantic import BaseModel

from generator.models import KINDS

from .context import KIND_LABELS, Site

WORKBOOK = "exports/qinchuang-data.xlsx"
NAME_OF = {"person": "姓名"}  # the name column of a reference: 姓名 for people, 名称 otherwise
TEAM_ROLES = ("组长", "导师", "徒弟", "成员")
# Headers the first clause of a description does not make clear on its own.
LABELS = {("Benefit", "amount"): "经济效益（万元/年）", ("Benefit", "basis"): "效益测算依据",
          ("Outcomes", "patents"): "专利编号", ("Outcomes", "papers"): "论文编号",
          ("Outcomes", "software"): "软著编号", ("Award", "amount"): "金额（元）",
          ("Suggestion", "bonus"): "奖金（元）", ("Wuxiao", "bonus"): "奖金（元）"}
# characters XML 1.0 cannot hold (Excel refuses the file): dropped, by openpyxl's own pattern
# (cell.cell.ILLEGAL_CHARACTERS_RE; not imported from it: a build no longer loads openpyxl)
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
CELL_LIMIT = 32767  # characters in one Excel cell
CUT_NOTE = "…（超出 Excel 单元格上限，全文见 CSV / JSON 导出）"
_CLAUSE = re.compile(r"[，（(：:；]")


def label(model: type[BaseModel], field: str) -> str:
    if (model.__name__, field) in LABELS:
        return LABELS[(model.__name__, field)]
    text = model.model_fields[field].description or field
    first = _CLAUSE.split(text, 1)[0].strip() or text
    return first[:-2] if first.endswith("列表") else first


def ref_kind(annotation) -> str | None:
    """The kind a field refers to (``ref()`` marks it with x-ref), looking inside lists and unions."""
    for meta in getattr(annotation, "__metadata__", ()):
        extra = getattr(meta, "json_schema_extra", None)
        if isinstance(extra, dict) and "x-ref" in extra:
            return extra["x-ref"]
    for arg in get_args(annotation):
        kind = ref_kind(arg)
        if kind:
            return kind
    return None


@cache
def _columns(cls: type[BaseModel]) -> list[tuple[str, bool, str, str | None]]:
    """Per field of a model: (field, header stands alone, header, referenced kind). A function of
    the model class, asked once per class rather than per entry and field (10k entries × ~20
    fields: ~1 s of the workbook at 10k, measured 2026-12-01)."""
    out = []
    for field, info in cls.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        out.append((field, (cls.__name__, field) in LABELS, label(cls, field),
                    extra.get("x-ref") or ref_kind(info.annotation)))
    return out


class Row:
    """The cells of one entry, keyed by a sortable column key (field positions) → (header, value)."""

    def __init__(self, site: Site, entry) -> None:
        self.site = site
        self.refs = {path: kind for path, kind, _ in entry.refs()}
        self.cells: dict[tuple, tuple[str, object]] = {}
        self.record(entry, (), (), "")

    def name(self, kind: str, code: str) -> str:
        if kind == "any":  # a reference to more than one kind (奖励的获奖对象: a studio or a project)
            kind = self.site.kb.kind_of.get(code)
            if kind is None:
                return ""
        entry = self.site.entry(code, kind)
        return self.site.label(code, kind) if entry is not None else ""

    def put(self, key: tuple, header: str, value) -> None:
        self.cells[key] = (header, value)

    def record(self, model: BaseModel, path: tuple, key: tuple, prefix: str) -> None:
        cls = type(model)
        for i, (field, own, name, kind) in enumerate(_columns(cls)):
            value = getattr(model, field)
            if value is None or value == []:
                continue  # an empty cell; the column comes from the entries that have a value
            # a nested record's columns carry its name (成果·专利编号) unless their own says enough
            where = path + (field,)
            header = name if own else prefix + name
            if cls.__name__ == "Project" and field == "team":
                self.team(value, key + (i,))
            elif kind:
                self.reference(value, where, key + (i,), header, kind)
            elif isinstance(value, BaseModel):
                self.record(value, where, key + (i,), header + "·")
            elif where == ("id",):  # the entry's own code, bare (a base's would read as "name（code）")
                self.put(key + (i,), header, value)
            else:
                self.put(key + (i,), header, self.scalar(value, where))

    def reference(self, value, path: tuple, key: tuple, header: str, kind: str) -> None:
        """A code and the name beside it; for a list, the codes and the names."""
        code_header, name_header = self.ref_headers(header, kind)
        if not isinstance(value, list):
            self.put(key + (0,), code_header, value)
            self.put(key + (1,), name_header, self.name(kind, value))
            return
        codes = [v for i, v in enumerate(value) if path + (i,) in self.refs]
        names = [self.name(self.refs[path + (i,)], v) if path + (i,) in self.refs else self.text(v, path + (i,))
                 for i, v in enumerate(value)]  # a person from outside the plant: 姓名 单位
        self.put(key + (0,), code_header, "、".join(codes))
        self.put(key + (1,), name_header, "、".join(names))

    def team(self, team, key: tuple) -> None:
        for j, role in enumerate(TEAM_ROLES):
            members = [(m.person, self.name("person", m.person)) for m in team if m.role == role]
            self.put(key + (j, 0), role, "、".join(n for _, n in members))
            self.put(key + (j, 1), role + "工号", "、".join(c for c, _ in members))

    @staticmethod
    def ref_headers(header: str, kind: str) -> tuple[str, str]:
        for suffix in ("编号", "工号"):
            if header.endswith(suffix):
                return header, header[:-len(suffix)] + NAME_OF.get(kind, "名称")
        return header + ("工号" if kind == "person" else "编号"), header

    def scalar(self, value, path: tuple):
        if value is None or isinstance(value, (int, float, date)) and not isinstance(value, bool):
            return value
        if isinstance(value, bool):
            return "是" if value else "否"
        return self.text(value, path)

    def text(self, value, path: tuple) -> str:
        """Lists, records and mappings as plain text (one line per record), never JSON."""
        if isinstance(value, BaseModel):
            parts = [self.text(getattr(value, f), path + (f,)) for f in type(value).model_fields]
            return " ".join(p for p in parts if p)
        if isinstance(value, list):
            items = [self.text(v, path + (i,)) for i, v in enumerate(value)]
            sep = "\n" if value and isinstance(value[0], BaseModel) else "、"
            return sep.join(i for i in items if i)
        if isinstance(value, dict):
            return "、".join(f"{self.text(k, path)} {self.text(v, path)}" for k, v in value.items())
        if value is None:
            return ""
        kind = self.refs.get(path)
        if kind or isinstance(value, str) and self.site.kb.kind_of.get(value) == "base":
            name = self.name(kind or "base", value)
            return f"{name}（{value}）" if name else value
        return value.isoformat() if isinstance(value, date) else str(value)


def _sheet_name(label: str) -> str:
    """A kind's label as Excel allows a sheet to be named: at most 31 characters, none of []:*?/\\
    (a kind a union adds may have a longer label)."""
    return re.sub(r"[\[\]:*?/\\]", "·", label)[:31]


def _fits(text: str) -> str:
    """The text of a cell, cut to what Excel holds in one, with a note saying where the rest is
    (XlsxWriter would cut it silently)."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE


# characters from U+2E80 (CJK radicals) on count as two columns
_WIDE = re.compile("[^\x00-\u2e7f]")


def _width(value) -> int:
    text = value.isoformat() if isinstance(value, date) else str(value or "")
    line = max(text.split("\n"), key=len) if "\n" in text else text
    return len(line) if line.isascii() else len(line) + len(_WIDE.findall(line))


def build_workbook(site: Site, kinds: list[str]) -> bytes:
    """The workbook's bytes, made in memory (no temporary files: nothing to fail on a full /tmp
    or under ``ulimit -f`` before the published file itself is written)."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})  # in memory: zip entries dated 1980-01-01
    stamp = datetime.combine(site.ref_date, datetime.min.time())
    name = site.kb.config.settings.short_name
    book.set_properties({"created": stamp, "author": name})  # the document date is the build's day
    text = book.add_format({"num_format": "@"})  # text stays text: no formula, no number (ids, 申请号)
    wrapped = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    bold = book.add_format({"num_format": "@", "bold": True})
    for kind in kinds:
        rows = [Row(site, entry).cells for entry in site.lists[kind]]
        keys = sorted({k for row in rows for k in row})
        headers = [next(row[k][0] for row in rows if k in row) for k in keys]
        if not rows:  # an empty sheet still gets its Chinese headers, for the office to fill in or filter on
            model = KINDS[kind].model
            headers = [label(model, f) for f in model.model_fields if f != "body"]
        sheet = book.add_worksheet(_sheet_name(KIND_LABELS[kind]))
        for i, header in enumerate(headers):
            widest = max([_width(header)] + [_width(row[keys[i]][1]) for row in rows if keys[i] in row])
            sheet.set_column(i, i, min(max(widest + 2, 8), 50))
            sheet.write_string(0, i, header, bold)
        sheet.freeze_panes(1, 0)
        if headers:
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)
        for r, row in enumerate(rows, 1):
            for c, key in enumerate(keys):
                value = row[key][1] if key in row else None
                if value is None:
                    continue  # an empty cell
                if isinstance(value, str):
                    value = _fits(ILLEGAL_CHARACTERS.sub("", value))
                    sheet.write_string(r, c, value, wrapped if "\n" in value else text)
                elif isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                elif math.isfinite(value):
                    sheet.write_number(r, c, value)
                else:  # inf / nan (a float field without bounds): Excel has no such number
                    sheet.write_string(r, c, str(value), text)
    book.close()
    return buf.getvalue()
