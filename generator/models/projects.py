"""创新课题（Markdown 正文写 背景 / 目标 / 措施 / 成效）。"""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from .common import (
    PROJECT_ID,
    AwardRef,
    BaseRef,
    Entry,
    IsoDate,
    Keyword,
    Model,
    PaperRef,
    PatentRef,
    PersonRef,
    ShortText,
    SoftwareRef,
    StudioRef,
    Text,
    Year,
    ref,
    vocab,
)
from .ledger import BenefitRecord, UseRecord

PROPOSAL_ID = r"^(HL|WX)-[0-9]{4}-[0-9]{3,4}$"
PREFIX_KIND = {"HL": "suggestion", "WX": "wuxiao"}  # a proposal's id says its kind
ProposalRef = ref("any", PROPOSAL_ID)


class Member(Model):
    """课题组成员及其角色。"""

    person: PersonRef = Field(description="成员工号")
    role: vocab("team_role") = Field(description="角色：组长、成员、导师（师傅）、徒弟")


class Appraisal(Model):
    """成果鉴定（一题三效之一）。"""

    date: IsoDate = Field(description="鉴定日期")
    body: ShortText = Field(description="组织鉴定的单位，如 秦皇岛市科学技术局")
    level: vocab("appraisal_level") = Field(description="鉴定结论等级，如 国内领先")
    conclusion: Text | None = Field(None, description="鉴定意见摘要")


class ProgressNote(Model):
    """一条进展记录，月度简报的素材。"""

    date: IsoDate = Field(description="日期")
    note: Text = Field(description="进展内容，一两句话")


# kind of entry → the list of Outcomes that holds it
OUTCOME_FIELDS = {"patent": "patents", "paper": "papers", "software": "software"}


class Outcomes(Model):
    """一题三效：专利申请、论文撰写（成果鉴定见 appraisal），以及软件著作权。"""

    patents: list[PatentRef] = Field(default_factory=list, description="本课题申请的专利编号")
    papers: list[PaperRef] = Field(default_factory=list, description="本课题撰写的论文编号")
    software: list[SoftwareRef] = Field(default_factory=list, description="本课题取得的软件著作权编号")


class Benefit(Model):
    """课题组测算的经济效益（一个数，万元/年）：门户把它列为“未核实”，不计入效益合计。"""

    amount: float = Field(ge=0, le=100000, description="经济效益，万元/年", json_schema_extra={"x-unit": "万元/年"})
    basis: Text = Field(description="测算依据，如 年节约标煤 420 吨 × 900 元/吨")


class Change(Model):
    """一次延期、变更或终止，及其原因（工会办公室据此跟进课题）。"""

    type: vocab("change_type") = Field(description="类型：延期、变更、终止")
    date: IsoDate = Field(description="批准（登记）日期")
    reason: Text = Field(description="原因")
    new_end: IsoDate | None = Field(None, description="新的计划完成日期（延期时必填）")
    what: Text | None = Field(None, description="变更了什么，如 研究内容、组长、目标（变更时必填）")


class Project(Entry):
    """创新课题：一个课题组围绕安全生产、经营管理、队伍建设中的难题开展攻关。"""

    id: str = Field(pattern=PROJECT_ID, description="课题编号，如 KT-2021-017（与文件名一致）")
    title: ShortText = Field(description="课题名称")
    year: Year = Field(description="立项年度（与所在年份目录一致）")
    base: BaseRef = Field(description="所属分基地编号")
    studio: StudioRef | None = Field(None, description="所属创新工作室编号（可选）")
    category: vocab("project_category") = Field(description="课题类别：技术、管理、经营")
    area: vocab("project_area") = Field(description="攻关领域：安全生产、经营管理、队伍建设")
    qc_type: vocab("qc_type") | None = Field(None, description="QC 课题类型（可选）：问题解决型、课题研究型、创新型")
    status: vocab("project_status") = Field(description="状态：申报、立项、实施、完成、鉴定、终止")
    keywords: list[Keyword] = Field(default_factory=list, description="关键词（设备、工艺名称），便于检索")
    team: list[Member] = Field(min_length=1, description="课题组成员；需有一名组长，以及“师带徒”组合")
    proposed: IsoDate = Field(description="申报日期")
    approved: IsoDate | None = Field(None, description="立项日期（立项后开始公示）")
    started: IsoDate | None = Field(None, description="开始实施日期")
    completed: IsoDate | None = Field(None, description="完成日期")
    terminated: IsoDate | None = Field(None, description="终止日期（仅状态为终止时）")
    planned_end: IsoDate | None = Field(None, description="计划完成日期（立项时确定；延期写在 changes 中）")
    changes: list[Change] = Field(default_factory=list, description="延期、变更、终止记录，按日期排列，每条写明原因")
    appraisal: Appraisal | None = Field(None, description="成果鉴定信息")
    progress: list[ProgressNote] = Field(default_factory=list, description="进展记录，按日期排列")
    outcomes: Outcomes = Field(default_factory=Outcomes, description="成果：专利、论文、软件著作权")
    benefit: Benefit | None = Field(None, description="课题组测算的经济效益（万元/年，未经核实；核实后的逐年效益记在 benefits）")
    benefits: list[BenefitRecord] = Field(default_factory=list, description="经济效益台账：每类效益、每个期间一条")
    uses: list[UseRecord] = Field(default_factory=list, description="推广应用、许可、转让记录")
    awards: list[AwardRef] = Field(default_factory=list, description="所获奖励编号")
    origin: ProposalRef | None = Field(None, description="来源：由哪条合理化建议或“五小”成果转为课题（编号，如 HL-2022-015）")
    attachments: list[ShortText] = Field(default_factory=list,
                                         description="附件文件名（放在与编号同名的目录中，写 证书.jpg 或 KT-2021-017/证书.jpg 均可）")

    @field_validator("attachments")
    @classmethod
    def _attachments_in_own_folder(cls, names: list[str], info: ValidationInfo) -> list[str]:
        """`KT-2021-017/证书.jpg` (the folder written out, as the guide shows) is the same file as `证书.jpg`."""
        prefix = f"{info.data.get('id')}/"
        return [name[len(prefix):] if name.startswith(prefix) else name for name in names]

    @property
    def planned_end_now(self):
        """The planned end after the latest 延期 (None when neither is written)."""
        ends = [c.new_end for c in self.changes if c.type == "延期" and c.new_end]
        return ends[-1] if ends else self.planned_end

    def refs(self):
        yield ("base",), "base", self.base
        if self.studio:
            yield ("studio",), "studio", self.studio
        for i, member in enumerate(self.team):
            yield ("team", i, "person"), "person", member.person
        for kind, field in OUTCOME_FIELDS.items():
            for i, target in enumerate(getattr(self.outcomes, field)):
                yield ("outcomes", field, i), kind, target
        for i, award in enumerate(self.awards):
            yield ("awards", i), "award", award
        if self.origin:
            yield ("origin",), PREFIX_KIND[self.origin[:2]], self.origin
