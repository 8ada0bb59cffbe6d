"""知识产权：专利与计算机软件著作权。"""

from __future__ import annotations

from pydantic import Field

from .common import (
    PATENT_ID,
    SOFTWARE_ID,
    Entry,
    IsoDate,
    Model,
    PersonOrExternal,
    ProjectRef,
    ShortText,
    person_refs,
    vocab,
)
from .ledger import UseRecord


class StatusStep(Model):
    """专利状态的一次变化。"""

    status: vocab("patent_status") = Field(description="状态：申请、受理、实审、授权、驳回、失效")
    date: IsoDate = Field(description="日期")


class Patent(Entry):
    """专利。申请号格式：年份4位 + 类型1位 + 流水号7位 + . + 校验位，如 202120123456.7。"""

    id: str = Field(pattern=PATENT_ID, description="专利条目编号，如 ZL-2021-003（与文件名一致）")
    title: ShortText = Field(description="专利名称")
    type: vocab("patent_type") = Field(description="专利类型：发明、实用新型、外观设计")
    application_no: str = Field(description="申请号，如 202120123456.7")
    filed: IsoDate = Field(description="申请日")
    status: vocab("patent_status") = Field(description="当前状态")
    history: list[StatusStep] = Field(default_factory=list, description="状态变化记录，按日期排列")
    granted: IsoDate | None = Field(None, description="授权公告日（已授权时）")
    grant_no: str | None = Field(None, description="专利号（已授权时），如 ZL202120123456.7")
    inventors: list[PersonOrExternal] = Field(min_length=1, description="发明人：本厂人员写工号")
    applicant: ShortText = Field(description="申请人（专利权人），通常为本公司")
    project: ProjectRef | None = Field(None, description="所属课题编号")
    uses: list[UseRecord] = Field(default_factory=list, description="推广应用、许可、转让记录")

    def refs(self):
        yield from person_refs("inventors", self.inventors)
        if self.project:
            yield ("project",), "project", self.project


class Software(Entry):
    """计算机软件著作权登记。"""

    id: str = Field(pattern=SOFTWARE_ID, description="软著条目编号，如 RZ-2021-001（与文件名一致）")
    title: ShortText = Field(description="软件名称（含版本号），如 输煤皮带跑偏智能诊断系统 V1.0")
    registration_no: str = Field(description="登记号，如 2021SR0123456")
    registered: IsoDate = Field(description="登记日期")
    owners: list[ShortText] = Field(min_length=1, description="著作权人（单位）")
    authors: list[PersonOrExternal] = Field(min_length=1, description="开发人员：本厂人员写工号")
    project: ProjectRef | None = Field(None, description="所属课题编号")
    uses: list[UseRecord] = Field(default_factory=list, description="推广应用、许可、转让记录")

    def refs(self):
        yield from person_refs("authors", self.authors)
        if self.project:
            yield ("project",), "project", self.project
