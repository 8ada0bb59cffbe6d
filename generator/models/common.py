"""Building blocks shared by every content model.

Values arrive from the strict YAML reader as text; these types turn text into dates and
numbers per field. Closed vocabularies are not hard-coded: a field declares which list of
``site_config/vocabularies.yml`` it takes its values from, and the list arrives in the
validation context, so the union office can extend a list without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Model(BaseModel):
    """Frozen, closed: an unknown (misspelt) field is an error, not silently ignored."""

    # defer_build: a model's validator is built when it first validates, so a run that checks a
    # few files (validate --only) builds the schemas of those kinds only, not of every model
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True,
                              regex_engine="python-re", defer_build=True)


class Entry(Model):
    """An entry of the knowledge base: one file, one id."""

    def refs(self) -> Iterator[tuple[tuple, str, str]]:
        """Yield (field path, kind, id) for every reference to another entry."""
        return iter(())


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "日期应写成 YYYY-MM-DD", {"value": str(value)})
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise PydanticCustomError("date_invalid", "日期不存在", {"value": value, "reason": str(exc)}) from None


IsoDate = Annotated[date, BeforeValidator(_parse_date),
                    WithJsonSchema({"type": "string", "format": "date",
                                    "pattern": r"^\d{4}-\d{2}-\d{2}$"})]
Year = Annotated[int, Field(ge=1990, le=2100)]
Text = Annotated[str, StringConstraints(min_length=1)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Keyword = Annotated[str, StringConstraints(min_length=1, max_length=30)]


def vocab(name: str):
    """A text field whose values come from ``site_config/vocabularies.yml`` list ``name``."""

    def check(value: str, info: ValidationInfo) -> str:
        allowed = ((info.context or {}).get("vocab") or {}).get(name)
        if allowed is not None and value not in allowed:
            raise PydanticCustomError("vocab", "不在允许的取值中",
                                      {"vocab": name, "value": value, "allowed": "、".join(allowed)})
        return value

    return Annotated[str, AfterValidator(check), Field(json_schema_extra={"x-vocab": name})]


def ref(kind: str, pattern: str):
    """An id of another entry; existence is checked by the references stage."""
    return Annotated[str, Field(pattern=pattern, json_schema_extra={"x-ref": kind})]


PERSON_ID = r"^[A-Z]{1,4}[0-9]{3,8}$"
BASE_ID = r"^FJD-[0-9]{2}$"
STUDIO_ID = r"^GZS-[0-9]{2,3}$"
PROJECT_ID = r"^KT-[0-9]{4}-[0-9]{3,4}$"
PAPER_ID = r"^LW-[0-9]{4}-[0-9]{3,4}$"
PATENT_ID = r"^ZL-[0-9]{4}-[0-9]{3,4}$"
SOFTWARE_ID = r"^RZ-[0-9]{4}-[0-9]{3,4}$"
AWARD_ID = r"^JL-[0-9]{4}-[0-9]{3,4}$"
ANY_ID = r"^[A-Z]{1,4}[0-9]{3,8}$|^[A-Z]{2,3}-[0-9]{2,4}(-[0-9]{3,4})?$"

PersonRef = ref("person", PERSON_ID)
BaseRef = ref("base", BASE_ID)
StudioRef = ref("studio", STUDIO_ID)
ProjectRef = ref("project", PROJECT_ID)
PaperRef = ref("paper", PAPER_ID)
PatentRef = ref("patent", PATENT_ID)
SoftwareRef = ref("software", SOFTWARE_ID)
AwardRef = ref("award", AWARD_ID)


class ExternalPerson(Model):
    """厂外合作者：不在本厂人员库中的作者或发明人。"""

    name: ShortText = Field(description="姓名")
    org: ShortText = Field(description="所在单位，如 华北电力大学")


PersonOrExternal = PersonRef | ExternalPerson


def person_refs(field: str, people) -> Iterator[tuple[tuple, str, str]]:
    for i, who in enumerate(people):
        if isinstance(who, str):
            yield (field, i), "person", who
