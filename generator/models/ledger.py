"""What a result brings and where it is used: the 经济效益 ledger and 推广应用 records.

Shared by projects, patents and software (and by any kind that records a benefit): one
definition of a benefit and of a use, so the ledger page, the validator and the exports read
the same fields. Plausibility (units, periods, shares of the plant's size) is judged by
generator/validation/ledger.py against site_config/rules.yml, not here: a model only says what
may be written, so an implausible figure gets one clear message instead of a schema error.
"""

from __future__ import annotations

from pydantic import Field

from .common import IsoDate, Model, ShortText, Text, vocab


class Period(Model):
    """效益所属期间（起止日期，含首尾；一条记录只记一个年度内的效益，跨年请分两条）。"""

    start: IsoDate = Field(description="起始日期，如 2022-01-01")
    end: IsoDate = Field(description="截止日期，如 2022-12-31")


class Metric(Model):
    """折算前的实物指标（可选），如 年节约标煤 420 吨。"""

    name: ShortText = Field(description="指标名称，如 节约标煤、减少非停次数")
    value: float = Field(description="数值")
    unit: ShortText = Field(description="单位，如 吨、次、小时")


class BenefitRecord(Model):
    """经济效益台账的一条记录：一类效益在一个期间内的金额（或非经济效益的实物量）。"""

    type: vocab("benefit_type") = Field(description="效益类别：节约、增收、减损、非经济")
    amount: float = Field(description="金额或数量（只写数字）")
    unit: ShortText = Field(description="单位：金额写 元 或 万元；非经济效益写实物单位，如 次、吨、小时")
    period: Period | None = Field(None, description="所属期间：start 起始日期、end 截止日期（同一年度内）")
    method: Text | None = Field(None, description="测算方法（金额必填）：数量 × 单价 = 金额，写出每个数及其来源")
    metric: Metric | None = Field(None, description="由哪个实物指标折算而来（可选）")
    evidence: ShortText | None = Field(None, description="证明材料：附件文件名（放在与编号同名的目录中）")
    confirmed_by: vocab("benefit_confirmer") | None = Field(
        None, description="核实部门：财务、技术部门；未核实的不计入门户的效益合计")
    confirmed: IsoDate | None = Field(None, description="核实日期（可选）")


class UseRecord(Model):
    """推广应用记录：成果在哪里用、从何时起、谁确认；许可或转让也记在这里。"""

    kind: vocab("use_kind") = Field(description="应用方式：推广应用、许可、转让")
    where: list[ShortText] = Field(min_length=1, description="应用单位（部门、机组或外单位），如 燃料分场、秦皇岛热电公司")
    since: IsoDate = Field(description="开始应用日期")
    confirmed_by: ShortText | None = Field(None, description="确认单位或部门，如 生产技术部")
    evidence: ShortText | None = Field(None, description="应用证明：附件文件名（放在与编号同名的目录中）")
    party: ShortText | None = Field(None, description="被许可方或受让方（许可、转让时必填）")
    contract: ShortText | None = Field(None, description="合同编号（许可、转让时可填）")
    note: Text | None = Field(None, description="说明，如 应用效果")


def evidence_refs(entry):
    """(field path, file name) of every evidence file an entry's records name."""
    for field in ("benefits", "uses"):
        for i, record in enumerate(getattr(entry, field, None) or []):
            if record.evidence:
                yield (field, i, "evidence"), record.evidence
