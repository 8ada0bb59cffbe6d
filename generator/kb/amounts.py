"""What a benefit's amount means: units of money, the non-money type, a project's start.

Apart from generator/kb/ledger.py so that the validator's benefit rules can use them while the
ledger asks those rules which records are implausible (no import cycle between the two).
"""

from __future__ import annotations

MONEY_UNITS = {"元": 0.0001, "万元": 1.0}
NON_MONEY = "非经济"


def in_wan(record) -> float | None:
    """The record's amount in 万元, or None when it is not money."""
    if record.type == NON_MONEY or record.unit not in MONEY_UNITS:
        return None
    return record.amount * MONEY_UNITS[record.unit]


def project_began(project):
    """(date, what it is) a project's benefits and uses may start from: its start, else approval."""
    for name, label in (("started", "开始实施日期"), ("approved", "立项日期"), ("proposed", "申报日期")):
        value = getattr(project, name)
        if value is not None:
            return value, label
    return None, ""
