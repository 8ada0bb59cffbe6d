"""The Excel workbook of the exports: one sheet per kind, flat cells, names beside codes.

Columns come from the models themselves (field order, the Chinese ``description`` cut to its
first clause), so a new field appears in the workbook without a table to maintain. Every
reference (``Entry.refs()``) becomes two columns, the code and the name; lists of references
become lists of names; nested records (鉴定, 效益) become their own columns; lists of records
(进展记录, 命名历史) become one line per item. The union office filters and sums these sheets, so
numbers stay numbers, dates are dates and ids / application numbers are text (Excel would turn
``202120123456.7`` into ``2.02121E+11``). Contributor text that starts like a formula is stored
as text, never as a formula. openpyxl writes the file; the zip is rewritten with fixed
timestamps so that the same knowledge base gives the same bytes (as the rest of the build).
"""

from __future__ import annotations

import errno
import io
import os
import re
import tempfile
import zipfile
from datetime import date, datetime
from functools import cache
from typing import get_args

from lxml.etree import LxmlError
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter
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
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
WRAPPED = Alignment(wrap_text=True, vertical="top")  # one value object for every multi-line cell
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


def _cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text stays text: no formula, no number (ids, 申请号)
        cell.number_format = "@"
        if "\n" in value:
            cell.alignment = WRAPPED
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


# characters from U+2E80 (CJK radicals) on count as two columns
_WIDE = re.compile("[^\x00-\u2e7f]")


def _placed(cells: list, row_idx: int):
    """Our rows' cells, numbered, for the write-only sheet's writer: what openpyxl 3.1's
    ``WriteOnlyWorksheet._values_to_row`` does with cells, without its way of telling a cell
    from a value (binding the cell as a value raises, with the cell's repr in the message:
    ~1.5 s for the 136k cells at 10k entries, measured 2026-12-01). The rows hold only cells
    and None (an empty cell, skipped as openpyxl skips it), so the same XML is written."""
    for column, cell in enumerate(cells, 1):
        if cell is not None:
            cell.column, cell.row = column, row_idx
            yield cell


def _width(value) -> int:
    text = value.isoformat() if isinstance(value, date) else str(value or "")
    line = max(text.split("\n"), key=len) if text else ""
    return len(line) if line.isascii() else len(line) + len(_WIDE.findall(line))


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(data: bytes, stamp: datetime) -> bytes:
    """The same zip with fixed entry times and document date (openpyxl stamps both with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def build_workbook(site: Site, kinds: list[str]) -> bytes:
    """The workbook's bytes. openpyxl streams each write-only sheet to a temporary file through
    lxml, whose write failures (``ulimit -f``, a full /tmp) are ``SerialisationError: IO_EFBIG``
    rather than ``OSError``: they become the ``OSError`` the command line reports as a disk error,
    naming the temporary folder, and the half-written sheets are closed here so that no
    "Exception ignored in WorksheetWriter" traceback follows when they are collected."""
    book = Workbook(write_only=True)
    try:
        return _fill(book, site, kinds)
    except (OSError, LxmlError) as exc:
        _abandon(book)
        raise _disk_error(exc) from None


def _disk_error(exc: Exception) -> OSError:
    where = f"{tempfile.gettempdir()}（生成 {WORKBOOK} 的临时文件）"
    if isinstance(exc, OSError):
        return OSError(exc.errno, exc.strerror, exc.filename or where)
    code = re.search(r"IO_(E[A-Z]+)", str(exc))  # lxml names the errno: IO_EFBIG, IO_ENOSPC, …
    number = getattr(errno, code.group(1), errno.EIO) if code else errno.EIO
    return OSError(number, os.strerror(number) if code else str(exc), where)


def _abandon(book: Workbook) -> None:
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        try:
            writer.xf.close()
        except Exception:  # noqa: BLE001 - the same write failure again, already reported
            pass
        writer.xf = None
        try:
            writer.cleanup()
        except (OSError, ValueError):
            pass


def _fill(book: Workbook, site: Site, kinds: list[str]) -> bytes:
    stamp = datetime.combine(site.ref_date, datetime.min.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = site.kb.config.settings.short_name
    bold = Font(bold=True)
    for kind in kinds:
        rows = [Row(site, entry).cells for entry in site.lists[kind]]
        keys = sorted({k for row in rows for k in row})
        headers = [next(row[k][0] for row in rows if k in row) for k in keys]
        if not rows:  # an empty sheet still gets its Chinese headers, for the office to fill in or filter on
            model = KINDS[kind].model
            headers = [label(model, f) for f in model.model_fields if f != "body"]
        sheet = book.create_sheet(KIND_LABELS[kind])
        sheet._values_to_row = _placed  # see _placed
        for i, header in enumerate(headers, 1):
            widest = max([_width(header)] + [_width(row[keys[i - 1]][1]) for row in rows if keys[i - 1] in row])
            sheet.column_dimensions[_column_letter(i)].width = min(max(widest + 2, 8), 50)
        sheet.freeze_panes = "A2"
        if headers:
            sheet.auto_filter.ref = f"A1:{_column_letter(len(headers))}{len(rows) + 1}"
        head = []
        for h in headers:
            cell = _cell(sheet, h)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        for row in rows:
            # an empty cell as None, not as a cell object: openpyxl skips both alike
            sheet.append([_cell(sheet, row[k][1]) if k in row and row[k][1] is not None else None for k in keys])
    # what Workbook.save does, but stored uncompressed: _reproducible rewrites the zip and
    # compresses every part anyway, so openpyxl's own deflate was spent twice (0.4 s at 10k)
    buf = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return _reproducible(buf.getvalue(), stamp)
