"""The example knowledge base of the contributor guide: complete, valid entries to copy from,
and two broken projects whose validation report the guide shows. The guide is generated from
these, so every example in it has really been validated."""

from __future__ import annotations

from datetime import date

TODAY = date(2022, 12, 31)  # the examples are validated as of this day: the guide stays byte-stable

BASE = """\
id: FJD-01
name: 锅炉分场分基地
union: 锅炉分场分工会
feature: 以锅炉燃烧调整和受热面防磨防爆为特色。
head: QD10001
founded: 2021-01-08
"""

PEOPLE = {
    "QD10001": "关健", "QD10002": "李海涛", "QD10003": "张晓宁", "QD10004": "王磊",
}

PROJECT = """\
---
id: KT-2022-001
title: 一次风机入口消音器防堵改造
year: 2022
base: FJD-01
category: 技术
area: 安全生产
qc_type: 问题解决型
status: 完成
keywords: [一次风机, 消音器, 防堵]
team:
  - person: QD10002
    role: 组长
  - person: QD10001
    role: 导师
  - person: QD10003
    role: 徒弟
  - person: QD10004
    role: 成员
proposed: 2022-02-10
approved: 2022-03-01
started: 2022-03-10
completed: 2022-09-30
progress:
  - date: 2022-05-16
    note: 完成消音器结构改进方案，分场审核通过。
  - date: 2022-09-30
    note: 两台一次风机改造完成，入口压差恢复正常。
outcomes:
  patents: [ZL-2022-001]
  papers: [LW-2022-001]
planned_end: 2022-10-31
benefits:
  - type: 节约
    amount: 6.2
    unit: 万元
    period: {start: 2022-10-01, end: 2022-12-31}
    method: 四季度少停机清理 2 次（运行日志）× 每次检修及少发电损失 3.1 万元（检修结算单）= 6.2 万元
    confirmed_by: 财务
    confirmed: 2022-12-31
uses:
  - kind: 推广应用
    where: [2号炉一次风机]
    since: 2022-11-15
    confirmed_by: 设备部
---

## 背景

一次风机入口消音器积灰堵塞，入口压差升高，风机出力下降。

## 目标

消除消音器堵塞，入口压差不超过 0.8 kPa。

## 措施

改进消音片间距与导流结构，加装压缩空气吹扫管。

## 成效

改造后连续运行 6 个月未发生堵塞。
"""

PAPER = """\
---
id: LW-2022-001
title: 一次风机入口消音器积灰原因分析及防堵改造
authors:
  - QD10002
  - QD10003
  - name: 刘明
    org: 华北电力大学
base: FJD-01
project: KT-2022-001
year: 2022
abstract: 分析了一次风机入口消音器积灰堵塞的原因，提出改进消音片间距和加装吹扫管的改造方案，改造后入口压差下降 60%。
keywords: [一次风机, 消音器, 积灰, 防堵改造]
discipline: 锅炉
references:
  - type: J
    authors: [张三, 李四]
    title: 电站风机消音器堵塞分析
    container: 热力发电
    year: 2019
    volume: "48"
    issue: "3"
    pages: 12-16
---

## 1 引言

一次风机入口消音器积灰是影响风机出力的常见问题[1]。
"""

PATENT = """\
id: ZL-2022-001
title: 一种带在线吹扫功能的风机入口消音器
type: 实用新型
application_no: {application_no}
filed: 2022-08-15
status: 受理
history:
  - status: 受理
    date: 2022-08-22
inventors: [QD10002, QD10001]
applicant: 秦皇岛发电有限责任公司
project: KT-2022-001
"""

# Two projects with typical mistakes: a value outside the list and a date that does not exist
# (found by the schema stage); an unknown team member and no 师带徒 pair (references, rules).
BROKEN = {
    "KT-2022-002": """\
---
id: KT-2022-002
title: 磨煤机分离器挡板卡涩治理
year: 2022
base: FJD-01
category: 技改
area: 安全生产
status: 立项
team:
  - person: QD10004
    role: 组长
proposed: 2022-02-30
approved: 2022-03-01
---

## 背景

分离器挡板经常卡涩。
""",
    "KT-2022-003": """\
---
id: KT-2022-003
title: 锅炉吹灰程控优化
year: 2022
base: FJD-01
category: 技术
area: 安全生产
status: 立项
team:
  - person: QD10003
    role: 组长
  - person: QD10099
    role: 成员
proposed: 2022-04-02
approved: 2022-04-20
progress:
  - date: 2022-11-20
    note: 完成吹灰程序逻辑修改，待停炉时下装。
---

## 背景

吹灰程控顺序不合理。
""",
}


SUGGESTION = """\
id: HL-2022-001
year: 2022
title: 磨煤机出口温度测点加装防磨套管
proposers: [QD10003, QD10004]
base: FJD-01
date: 2022-03-08
category: 设备检修
problem: |
  磨煤机出口温度测点套管磨损快，平均三个月更换一次，更换期间测点失灵。
proposal: |
  在测点套管外加装耐磨陶瓷防磨套，迎风面加一块导流板。
keywords: [磨煤机, 测点, 防磨]
decision: 采纳
decided: 2022-03-25
implementation:
  date: 2022-04-20
  note: 已在 1、2 号炉四台磨煤机实施，运行半年未再更换套管。
  benefit:
    amount: 1.2
    basis: 年少更换套管 16 次 × 750 元/次
bonus: 200
"""

WUXIAO = """\
id: WX-2022-001
year: 2022
title: 一种阀门手轮加力扳手
proposers: [QD10002]
base: FJD-01
date: 2022-03-28
category: 小革新
problem: 大口径阀门手轮锈死时，巡检人员用管子套手轮加力，容易打滑伤手。
proposal: 制作卡爪式加力扳手，卡住手轮轮辐后加力，不打滑。
decision: 不采纳
decided: 2022-04-12
reason: 卡爪用铸铁件，加力时易断裂伤人；请改用锻钢件后重新申报。
"""


def files() -> dict[str, str]:
    """Relative path → text of every file of the example knowledge base."""
    from generator.validation.identifiers import patent_check_digit

    number = "202220765432"
    out = {"content/bases/FJD-01.yml": BASE}
    for pid, name in PEOPLE.items():
        out[f"content/people/{pid}.yml"] = f"id: {pid}\nname: {name}\nbase: FJD-01\n"
    out["content/projects/2022/KT-2022-001.md"] = PROJECT
    out["content/papers/2022/LW-2022-001.md"] = PAPER
    out["content/patents/ZL-2022-001.yml"] = PATENT.format(
        application_no=f"{number}.{patent_check_digit(number)}")
    out["content/suggestions/2022/HL-2022-001.yml"] = SUGGESTION
    out["content/wuxiao/2022/WX-2022-001.yml"] = WUXIAO
    for pid, text in BROKEN.items():
        out[f"content/projects/2022/{pid}.md"] = text
    return out
