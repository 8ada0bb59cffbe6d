"""Number formats with check digits: CN patent applications, software registrations, and the
personal numbers (resident ID, mobile) that must never be published."""

from __future__ import annotations

import re
from datetime import date

# 12-digit application numbers (since 2003): YYYY T NNNNNNN . C
# ASCII digits only: full-width ２０２１ is what an input method produces, and is not a valid number.
PATENT_NO = re.compile(r"^(?:CN|ZL)?\s*([0-9]{4})\s*([0-9])\s*([0-9]{7})\s*\.\s*([0-9Xx])$")
PATENT_TYPE_DIGIT = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "发明", "9": "实用新型"}
DIGIT_NAMES = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "PCT 发明", "9": "PCT 实用新型"}
SOFTWARE_NO = re.compile(r"^([0-9]{4})SR([0-9]{6,7})$")


def patent_check_digit(twelve: str) -> str:
    """CNIPA check digit: weights 2…9 repeating from the left, sum mod 11, 10 → X."""
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(twelve))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def parse_patent_no(text: str) -> tuple[int, str, str] | None:
    """(year, type digit, the 12 digits) of a well-formed application number, or None."""
    m = PATENT_NO.match(text.strip())
    if not m:
        return None
    return int(m.group(1)), m.group(2), m.group(1) + m.group(2) + m.group(3)


def patent_no_check(text: str) -> str:
    return text.strip()[-1].upper()


# --- personal numbers ---------------------------------------------------------------------
# Not preceded or followed by an ASCII letter/digit, so patent numbers (12 digits), DOIs,
# software numbers and employee numbers (QD10234) are never taken for them.
ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{8})(\d{3})([0-9Xx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z.])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9A-Za-z]|\.\d)")
# Landlines with an area code: 0335-1234567, (0335) 1234567, 010-12345678.
LANDLINE = re.compile(r"(?<![0-9A-Za-z./-])\(?(0[1-9][0-9]{1,2})\)?[- ]([2-9][0-9]{2,3})[- ]?([0-9]{4})(?![0-9A-Za-z]|[-.][0-9])")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECKS = "10X98765432"


def resident_id_numbers(text: str) -> list[tuple[int, str]]:
    """(offset, masked) of every valid 18-digit resident ID: ISO 7064 MOD 11-2 + a real birth date."""
    found = []
    for m in ID_CANDIDATE.finditer(text):
        number = m.group(0).upper()
        birth = m.group(2)
        try:
            born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
        except ValueError:
            continue
        if not 1900 <= born.year <= date.today().year:
            continue
        check = ID_CHECKS[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True)) % 11]
        if check == number[17]:
            found.append((m.start(), number[:6] + "********" + number[14:]))
    return found


def mobile_numbers(text: str) -> list[tuple[int, str]]:
    return [(m.start(), f"{m.group(1)}****{m.group(3)}") for m in MOBILE.finditer(text)]


def landline_numbers(text: str) -> list[tuple[int, str]]:
    return [(m.start(), f"{m.group(1)}-****{m.group(3)}") for m in LANDLINE.finditer(text)]
