"""奖励与荣誉：厂内年度创新奖（有奖金）和外部荣誉、补助资金。"""

from __future__ import annotations

from pydantic import Field

from .common import ANY_ID, AWARD_ID, Entry, IsoDate, ShortText, Text, Year, ref, vocab

Recipient = ref("any", ANY_ID)


class Award(Entry):
    """一项奖励或荣誉。"""

    id: str = Field(pattern=AWARD_ID, description="奖励编号，如 JL-2021-004（与文件名一致）")
    name: ShortText = Field(description="奖项名称，如 2021年度秦电职工创新成果奖")
    level: vocab("award_level") = Field(description="级别：厂级、市级、省部级、集团、国家级")
    grade: vocab("award_grade") = Field(description="等级：一等奖、二等奖、三等奖、优秀奖、命名、补助")
    category: vocab("award_category") = Field(description="类别：创新项目、科技论文、创新工作室、个人、补助资金")
    year: Year = Field(description="年度")
    date: IsoDate | None = Field(None, description="颁发日期")
    granted_by: ShortText = Field(description="颁发单位")
    amount: int | None = Field(None, ge=0, le=10_000_000, description="奖金或补助金额（元）",
                               json_schema_extra={"x-unit": "元"})
    recipients: list[Recipient] = Field(min_length=1, description="获奖对象：课题、论文、工作室或人员的编号")
    note: Text | None = Field(None, description="说明")

    def refs(self):
        for i, target in enumerate(self.recipients):
            yield ("recipients", i), "any", target
