"""Dates, years, numbers and lists as people type them into Excel cells."""

from __future__ import annotations

import datetime as dt
import re

LIST_SPLIT = re.compile(r"\s*[、，,；;／/\n]\s*")
DATE_FORMS = [
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0?0:00(?::00)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
MONTH_FORM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_MIN, SERIAL_MAX = 25569, 73051  # 1970-01-01 … 2099-12-31 as Excel day numbers
YEAR_FORM = re.compile(r"^(\d{4})\s*年?(度)?$")


class ValueProblem(ValueError):
    """A cell that cannot become the field's value; the message says what was found."""


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return to_date(value)[0]
    return re.sub(r"[ \t\u3000]+", " ", str(value)).strip()


def to_date(value) -> tuple[str, str]:
    """(YYYY-MM-DD, note) from a date cell, "2022年3月5日", "2022/3/5", "2022.3.5" or "2022.3";
    the note says what was assumed (a month without a day is taken as the 1st)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), ""
    note = ""
    if isinstance(value, int | float) and SERIAL_MIN <= value <= SERIAL_MAX and float(value).is_integer():
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))  # a date cell that lost its date format
        return day.isoformat(), f"{int(value)} 是 Excel 的日期序号，已换成 {day.isoformat()}，请核对"
    if isinstance(value, float | int):  # "2022.3" typed into a number cell; 2022.10 arrives as 2022.1
        raw = repr(float(value))
        if re.fullmatch(r"\d{4}\.\d{1,2}", raw):
            note = f"{raw} 在 Excel 中是数字，2022.10 也会显示为 2022.1：请核对月份"
        value = raw
    s = text(value)
    for form in DATE_FORMS:
        m = form.match(s)
        if m:
            return _checked(s, int(m[1]), int(m[2]), int(m[3])), note
    m = MONTH_FORM.match(s)
    if m:
        return _checked(s, int(m[1]), int(m[2]), 1), (note or f"“{s}”只有年月，已按当月 1 日填写")
    raise ValueProblem(f"“{s}”不是日期（可写 2022-03-05、2022年3月5日、2022/3/5、2022.3）")


def _checked(s: str, y: int, m: int, d: int) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise ValueProblem(f"“{s}”不是存在的日期") from None


def to_year(value) -> int:
    if isinstance(value, dt.date | dt.datetime):
        return value.year
    s = text(value)
    m = YEAR_FORM.match(s)
    if m:
        return int(m[1])
    try:
        return int(to_date(value)[0][:4])
    except ValueProblem:
        raise ValueProblem(f"“{s}”不是年份（写 2022 或 2022年）") from None


def to_number(value, integer: bool = False):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        s = text(value).replace(",", "").replace("，", "")
        s = re.sub(r"\s*(万元|元|万)(/年)?$", "", s)
        try:
            number = float(s)
        except ValueError:
            raise ValueProblem(f"“{text(value)}”不是数字") from None
    if integer:
        if float(number) != int(number):
            raise ValueProblem(f"“{number}”不是整数")
        return int(number)
    return int(number) if float(number).is_integer() else float(number)


def to_list(value) -> list[str]:
    return [part for part in LIST_SPLIT.split(text(value)) if part]


def text_lines(value) -> list[str]:
    """The non-empty lines of a cell (a list of records, one a line)."""
    return [text(line) for line in str(value).splitlines() if text(line)]
