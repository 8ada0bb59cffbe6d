"""The data's reference date: the day the knowledge base speaks of, not the day it is built.

Stalled projects and a studio's years at its level are measured to this day. Measured to
today (or to the last commit), a knowledge base of 2021–2022 read in 2026 would call every
project stalled and every studio ripe; a union publishing last year's records would see
figures that change each morning. base.yml ``data_as_of`` fixes the day; without it, the
latest date written anywhere in the entries is taken (dates in the future are validator
errors, so they are left out rather than let one typo move the day), and so are planned dates,
benefit periods (a claim's span, often typed across the year's end) and every date of an entry
the validator found errors in (``kb.faulty``): one wrong file must not make eight others stalled.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from . import KnowledgeBase

# Fields that hold a plan, not something that happened: a project's planned end (and its
# extension), a notice's closing day. They may lie ahead and must not move the data's day.
PLANNED = {"planned_end", "new_end", "until"}
# Fields that hold the span a figure covers, not a day something was done.
SPANS = {"period"}


def _dates(value):
    if isinstance(value, date):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in PLANNED and name not in SPANS:
                yield from _dates(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _dates(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates(item)


def data_reference_date(kb: KnowledgeBase, today: date | None = None) -> date:
    """base.yml data_as_of, else the latest date in the entries (not after ``today``)."""
    fixed = kb.config.settings.data_as_of
    if fixed is not None:
        return fixed
    today = today or date.today()
    key = f"reference-day:{today}"  # every page's footer asks: walk the entries once
    if key not in kb.memo:
        found = [d for _, entry in kb.iter_entries() if getattr(entry, "id", None) not in kb.faulty
                 for d in _dates(entry) if d <= today]
        kb.memo[key] = max(found, default=today)
    return kb.memo[key]
