"""基地管理：年度目标、活动、共享设施、经验文章、月度简报编者按。"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import (
    BaseRef,
    Entry,
    IsoDate,
    Keyword,
    Model,
    PersonRef,
    ShortText,
    Text,
    Year,
    vocab,
)


class TargetItem(Model):
    """一项年度指标。"""

    metric: vocab("target_metric") = Field(description="指标，如 立项课题、申报专利、撰写论文")
    total: int = Field(ge=0, description="全基地目标数")
    by_base: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict, description="分解到各分基地的目标：分基地编号: 数量")


class Targets(Entry):
    """年度创新工作目标 content/targets/<年份>.yml。"""

    id: str = Field(pattern=r"^[0-9]{4}$", description="年份，与文件名一致")
    year: Year = Field(description="目标年度")
    items: list[TargetItem] = Field(min_length=1, description="各项指标")
    note: Text | None = Field(None, description="说明")

    def refs(self):
        for i, item in enumerate(self.items):
            for base in item.by_base:
                yield ("items", i, "by_base", base), "base", base


class Event(Entry):
    """活动：推进例会、经验交流会、业务培训班等。"""

    id: str = Field(pattern=r"^HD-[0-9]{4}-[0-9]{3,4}$", description="活动编号，如 HD-2022-005")
    year: Year = Field(description="年度（与所在年份目录一致）")
    date: IsoDate = Field(description="日期")
    kind: vocab("event_kind") = Field(description="类别：推进例会、经验交流会、业务培训班……")
    title: ShortText = Field(description="活动名称")
    summary: Text = Field(description="活动简要")
    base: BaseRef | None = Field(None, description="承办分基地（可选）")
    location: ShortText | None = Field(None, description="地点")
    attendance: int | None = Field(None, ge=1, le=5000, description="参加人数", json_schema_extra={"x-unit": "人"})

    def refs(self):
        if self.base:
            yield ("base",), "base", self.base


class Facility(Entry):
    """共享科技设施资源。"""

    id: str = Field(pattern=r"^SS-[0-9]{2,3}$", description="设施编号，如 SS-03")
    name: ShortText = Field(description="设施名称")
    location: ShortText = Field(description="所在地点")
    purpose: Text = Field(description="用途")
    contact: PersonRef = Field(description="联系人工号（不写电话）")
    base: BaseRef | None = Field(None, description="管理分基地")
    equipment: list[ShortText] = Field(default_factory=list, description="主要设备")
    booking: Text | None = Field(None, description="预约方式")

    def refs(self):
        yield ("contact",), "person", self.contact
        if self.base:
            yield ("base",), "base", self.base


class Experience(Entry):
    """共享创新工作经验：一篇经验文章（正文为 Markdown）。"""

    id: str = Field(pattern=r"^JY-[0-9]{4}-[0-9]{3,4}$", description="文章编号，如 JY-2022-002")
    title: ShortText = Field(description="标题")
    author: PersonRef = Field(description="作者工号")
    date: IsoDate = Field(description="日期")
    base: BaseRef | None = Field(None, description="所属分基地")
    keywords: list[Keyword] = Field(default_factory=list, description="关键词")

    def refs(self):
        yield ("author",), "person", self.author
        if self.base:
            yield ("base",), "base", self.base


class BulletinNote(Entry):
    """月度简报的编者按 content/bulletins/<年-月>.md（可选）。"""

    id: str = Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="月份，如 2022-03，与文件名一致")
    title: ShortText | None = Field(None, description="本期标题（可选）")
    editor: PersonRef | None = Field(None, description="编辑工号")

    def refs(self):
        if self.editor:
            yield ("editor",), "person", self.editor
