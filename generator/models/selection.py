"""年度评奖（提名与专家评分表）和公示。

评奖的规则（评分项、权重、名额、奖金）在 site_config/rules.yml 的 selection 中；这里只是
每年的数据：一次评选提名了哪些条目、由哪些专家评分，以及每位专家的一张评分表。
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import (
    ANY_ID,
    Entry,
    IsoDate,
    PersonRef,
    ShortText,
    Text,
    Year,
    ref,
    vocab,
)

SELECTION_ID = r"^PX-[0-9]{4}-[0-9]{3}$"
SHEET_ID = r"^PF-[0-9]{4}-[0-9]{3}$"
NOTICE_ID = r"^GS-[0-9]{4}-[0-9]{3}$"

Nominee = ref("any", ANY_ID)
SelectionRef = ref("selection", SELECTION_ID)
Score = Annotated[float, Field(ge=0, le=1000)]


class Selection(Entry):
    """一次年度评选：一个奖励类别（创新项目、科技论文……）的提名名单和评审专家。"""

    id: str = Field(pattern=SELECTION_ID, description="评选编号，如 PX-2022-001（与文件名一致）")
    name: ShortText = Field(description="奖项名称，写入奖励条目，如 2022年度秦电职工创新成果奖")
    year: Year = Field(description="评选年度（与所在年份目录一致）")
    category: vocab("award_category") = Field(description="奖励类别，须在 rules.yml 的 selection.categories 中")
    granted_by: ShortText = Field(description="颁发单位")
    date: IsoDate | None = Field(None, description="颁发日期（写入奖励条目）")
    experts: list[PersonRef] = Field(min_length=1, description="评审专家工号")
    nominees: list[Nominee] = Field(min_length=1, description="提名的课题或论文编号")
    tiebreak: list[Nominee] = Field(default_factory=list,
                                    description="同分时评审组决定的先后（可选）：同分的条目按此顺序排名，决定记入 note")
    note: Text | None = Field(None, description="说明")

    def refs(self):
        for i, who in enumerate(self.experts):
            yield ("experts", i), "person", who
        for i, target in enumerate(self.nominees):
            yield ("nominees", i), "any", target
        for i, target in enumerate(self.tiebreak):
            yield ("tiebreak", i), "any", target


class ScoreSheet(Entry):
    """一位专家对一次评选的评分表：每个提名条目按 rules.yml 中的评分项打分。"""

    id: str = Field(pattern=SHEET_ID, description="评分表编号，如 PF-2022-001（与文件名一致）")
    selection: SelectionRef = Field(description="评选编号，如 PX-2022-001")
    year: Year = Field(description="评选年度（与所在年份目录一致）")
    expert: PersonRef = Field(description="评分专家工号")
    date: IsoDate = Field(description="评分日期")
    scores: dict[Annotated[str, Field(pattern=ANY_ID)], dict[ShortText, Score]] = Field(
        min_length=1, description="提名条目编号 → {评分项: 分数}；须回避的条目不打分（不写）")

    def refs(self):
        yield ("selection",), "selection", self.selection
        yield ("expert",), "person", self.expert
        for target in self.scores:
            yield ("scores", target), "any", target


class Notice(Entry):
    """公示：立项批次或评奖结果在公示期内公开，接受职工意见。"""

    id: str = Field(pattern=NOTICE_ID, description="公示编号，如 GS-2022-001（与文件名一致）")
    title: ShortText = Field(description="标题，如 2022年第一批创新课题立项公示")
    year: Year = Field(description="年度")
    type: vocab("notice_type") = Field(description="公示类型：立项、评奖")
    posted: IsoDate = Field(description="公示开始日期")
    until: IsoDate = Field(description="公示截止日期（含当天）")
    projects: list[ref("project", r"^KT-[0-9]{4}-[0-9]{3,4}$")] = Field(
        default_factory=list, description="立项公示：本批次立项的课题编号")
    selections: list[SelectionRef] = Field(default_factory=list, description="评奖公示：评选编号（列出其获奖名单）")
    contact: PersonRef = Field(description="接受异议的联系人工号（不写电话）")
    place: ShortText = Field(description="书面意见送达地点，如 工会办公室（办公楼 305）")
    issuer: ShortText = Field(description="发布单位，如 秦皇岛发电有限责任公司工会")
    note: Text | None = Field(None, description="正文说明（可选）")

    def refs(self):
        for i, target in enumerate(self.projects):
            yield ("projects", i), "project", target
        for i, target in enumerate(self.selections):
            yield ("selections", i), "selection", target
        yield ("contact",), "person", self.contact
