"""全员创新的“动力源”：合理化建议与“五小”成果（小发明、小创造、小革新、小设计、小建议）。

Both are a proposal by one or more employees of a 分基地: a problem, what they propose, and the
decision of the review (待评审 / 采纳 / 不采纳 with its reason / 转为课题 with the project), then
how it was carried out, its benefit and the bonus paid. They differ in their id and category
list, so they share one model and differ in those fields only.
"""

from __future__ import annotations

from pydantic import Field

from .common import (
    BaseRef,
    Entry,
    IsoDate,
    Keyword,
    Model,
    PersonRef,
    ProjectRef,
    ShortText,
    Text,
    Year,
    vocab,
)
from .projects import Benefit

SUGGESTION_ID = r"^HL-[0-9]{4}-[0-9]{3,4}$"
WUXIAO_ID = r"^WX-[0-9]{4}-[0-9]{3,4}$"

# The decisions the rules read (site_config/vocabularies.yml proposal_decision must hold them).
PENDING, ADOPTED, REJECTED, TO_PROJECT = "待评审", "采纳", "不采纳", "转为课题"
DECISIONS = (PENDING, ADOPTED, REJECTED, TO_PROJECT)


class Implementation(Model):
    """实施情况：采纳（或转为课题）后做了什么、何时做完、效益如何。"""

    date: IsoDate = Field(description="实施日期（做完的日期）")
    note: Text = Field(description="情况说明：在哪里、做了什么")
    benefit: Benefit | None = Field(None, description="经济效益（能算出钱数时填写）")


class Proposal(Entry):
    """A 合理化建议 or a “五小” result: what the two kinds have in common (each kind sets its own
    id pattern and category list; the fields keep their places here, so templates read in order)."""

    id: str = Field(description="编号（与文件名一致）")
    year: Year = Field(description="提出年度（与所在年份目录一致）")
    title: ShortText = Field(description="名称：一句话说清楚改什么")
    proposers: list[PersonRef] = Field(min_length=1, description="提出人工号，几人联名时第一位为主要提出人")
    base: BaseRef = Field(description="所属分基地编号")
    date: IsoDate = Field(description="提出日期")
    category: str = Field(description="类别")
    problem: Text = Field(description="存在的问题：现场看到了什么、造成什么影响")
    proposal: Text = Field(description="建议内容：怎么改、要做什么")
    keywords: list[Keyword] = Field(default_factory=list, description="关键词（设备、工艺名称），便于检索")
    decision: vocab("proposal_decision") = Field(
        description="评审结论：待评审、采纳、不采纳（须写理由 reason）、转为课题（须写课题编号 project）")
    decided: IsoDate | None = Field(None, description="评审日期（可选；有了评审结论后必须填写）")
    reason: Text | None = Field(None, description="不采纳的理由（会反馈给提出人）；采纳时也可写评审意见")
    project: ProjectRef | None = Field(None, description="转为课题时的课题编号，如 KT-2022-013")
    implementation: Implementation | None = Field(None, description="实施情况（采纳或转为课题后）")
    bonus: int | None = Field(None, ge=0, le=100_000, description="已发奖金（元），只写数字；未采纳的不发",
                              json_schema_extra={"x-unit": "元"})

    def refs(self):
        for i, person in enumerate(self.proposers):
            yield ("proposers", i), "person", person
        yield ("base",), "base", self.base
        if self.project:
            yield ("project",), "project", self.project


class Suggestion(Proposal):
    """合理化建议：职工对安全生产、设备、工艺、经营管理等提出的改进建议，经评审后采纳、不采纳或转为课题。"""

    id: str = Field(pattern=SUGGESTION_ID, description="建议编号，如 HL-2022-015（与文件名一致）")
    category: vocab("suggestion_category") = Field(description="建议类别：安全生产、技术改进、节能降耗、设备检修……")


class Wuxiao(Proposal):
    """“五小”成果：小发明、小创造、小革新、小设计、小建议，班组职工动手解决现场问题的成果。"""

    id: str = Field(pattern=WUXIAO_ID, description="成果编号，如 WX-2022-008（与文件名一致）")
    category: vocab("wuxiao_category") = Field(description="“五小”类别：小发明、小创造、小革新、小设计、小建议")
    problem: Text = Field(description="解决的问题：现场原来怎么样、有什么不便或隐患")
    proposal: Text = Field(description="成果内容：做了什么、怎么做的")
