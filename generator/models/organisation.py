"""分基地、人员、创新工作室。"""

from __future__ import annotations

from pydantic import Field

from .common import (
    BASE_ID,
    PERSON_ID,
    STUDIO_ID,
    BaseRef,
    Entry,
    IsoDate,
    Model,
    PersonRef,
    ShortText,
    Text,
    Year,
    vocab,
)


class Base(Entry):
    """分基地：一个分工会（部门）一个分基地，“一部门、一特色”。"""

    id: str = Field(pattern=BASE_ID, description="分基地编号，如 FJD-01")
    name: ShortText = Field(description="分基地名称，如 锅炉分场分基地")
    union: ShortText = Field(description="所属分工会名称，如 锅炉分场分工会")
    department: ShortText | None = Field(None, description="对应的部门（车间）名称，如 锅炉分场；论文集作者单位用它，不写则用分基地名称")
    feature: Text = Field(description="一部门、一特色：本分基地的特色方向，一两句话")
    head: PersonRef | None = Field(None, description="分基地负责人（人员工号）")
    founded: IsoDate = Field(description="成立日期")
    headcount: dict[Year, int] = Field(default_factory=dict,
                                       description="各年度职工人数（可选），如 2022: 86；比学赶超据此算人均")

    def refs(self):
        if self.head:
            yield ("head",), "person", self.head


class Honour(Model):
    """一项荣誉称号。"""

    title: ShortText = Field(description="荣誉全称，如 秦皇岛市劳动模范、燕赵工匠")
    kind: vocab("honour_kind") = Field(description="荣誉类别：劳动模范、工匠、技术能手、首席技师……")
    level: vocab("honour_level") = Field(description="级别：全国、省级、市级、集团、厂级")
    year: Year = Field(description="获得年份")


class Person(Entry):
    """人员：劳模、工匠和青年员工。不得填写电话、身份证号等个人信息。"""

    id: str = Field(pattern=PERSON_ID, description="工号，如 QD10234（大写字母 + 数字）")
    name: ShortText = Field(description="姓名")
    base: BaseRef = Field(description="所在分基地编号")
    position: ShortText | None = Field(None, description="岗位，如 锅炉点检员")
    skill: vocab("skill_level") | None = Field(None, description="技能等级或职称，如 高级技师、高级工程师")
    titles: list[Honour] = Field(default_factory=list, description="荣誉称号列表")
    joined: Year | None = Field(None, description="入厂年份")

    def refs(self):
        yield ("base",), "base", self.base


class LevelStep(Model):
    """工作室的一次命名（晋级）。"""

    level: vocab("studio_level") = Field(description="级别：厂级、市级、集团公司级、省级、全国")
    date: IsoDate = Field(description="命名日期")
    granted_by: ShortText = Field(description="命名单位，如 秦皇岛市总工会")
    document: ShortText | None = Field(None, description="命名文件文号，如 秦工字〔2021〕12号")


class LevelApplication(Model):
    """向上级申报命名（晋级）的一次申请：申报中、未通过；通过后在 levels 中登记命名。"""

    level: vocab("studio_level") = Field(description="申报的级别，如 市级")
    date: IsoDate = Field(description="申报日期")
    to: ShortText = Field(description="受理单位，如 秦皇岛市总工会")
    status: vocab("application_status") = Field(description="结果：申报中、未通过、通过")
    decided: IsoDate | None = Field(None, description="结果日期（未通过、通过时）")
    note: Text | None = Field(None, description="说明，如 未通过的原因、评审意见")


class Studio(Entry):
    """创新工作室（Markdown 正文写简介、研究方向和主要成果）。"""

    id: str = Field(pattern=STUDIO_ID, description="工作室编号，如 GZS-01")
    name: ShortText = Field(description="工作室名称，如 关健创新工作室")
    leader: PersonRef = Field(description="领衔人（工号）")
    members: list[PersonRef] = Field(default_factory=list, description="成员工号列表（不含领衔人）")
    base: BaseRef = Field(description="所属分基地编号")
    founded: IsoDate = Field(description="成立日期")
    direction: Text = Field(description="研究方向")
    levels: list[LevelStep] = Field(min_length=1, description="命名历史，按时间先后排列；最后一项为当前级别")
    applications: list[LevelApplication] = Field(default_factory=list,
                                                 description="向上级申报命名的记录（申报中、未通过、通过），按日期排列")

    def refs(self):
        yield ("leader",), "person", self.leader
        for i, member in enumerate(self.members):
            yield ("members", i), "person", member
        yield ("base",), "base", self.base

    @property
    def level(self) -> str:
        return self.levels[-1].level
