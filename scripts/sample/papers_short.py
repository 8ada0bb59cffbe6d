"""The 23 shorter papers: written the way each kind of work is written up, not one outline filled in.

A device the group built is described by its structure and trial; a QC project by its survey, causes
and measures; a study by its mechanism and tests; a management or business project by what was done
and what it changed. Each family has its own sections and several wordings per sentence, and the
closing says what is left to do for this project (another unit, another season, a cause not yet
removed), so no two papers end alike.
"""

from __future__ import annotations

import random

from notes import measure_kind
from texts import UNIT_DESC, direction, interp, other_unit, unit_of, value_text


def _fam(t) -> str:
    if t["category"] == "经营":
        return "business"
    if t["category"] == "管理":
        return "management"
    if t["qc_type"] == "创新型":
        return "device"
    if t["qc_type"] == "课题研究型":
        return "study"
    return "qc"


def _numbered(sections: list[tuple[str, list[str]]], start: int) -> list[str]:
    lines = []
    for i, (head, paras) in enumerate(sections, start):
        lines += [f"## {i} {head}", ""]
        for p in paras:
            lines += [p, ""]
    return lines


def _table(t, got: str, r: random.Random) -> list[str]:
    unit = "" if t["unit"] == "—" else t["unit"]
    caption = r.choice(["表1 改进前后指标对比", "表1 实施前后主要指标", "表1 效果对比"])
    return [caption, "\n".join(["| 项目 | 实施前 | 实施后 | 目标值 |", "| --- | --- | --- | --- |",
                                f"| {t['indicator']}（{unit or '—'}） | {t['before']} | {got} | {t['after']} |"])]


def _causes(t, r: random.Random) -> list[str]:
    """Each cause with how the group made sure of it (a measurement, the records, a trial)."""
    tech = t["category"] == "技术"
    ways = ([f"现场实测{r.randint(6, 30)}组数据，偏差超出允许范围。", f"查阅缺陷记录，近一年同类缺陷{r.randint(3, 14)}次。",
             f"做对比试验，消除该因素后{t['indicator']}改善约{r.randint(20, 55)}%。", "与设备厂家技术人员共同检查，确认其影响。",
             f"解体检查{r.randint(2, 5)}台（处），情况与分析一致。"] if tech else
            [f"抽查台账{r.randint(20, 60)}份，{r.randint(6, 18)}份存在该问题。", f"访谈职工{r.randint(12, 40)}人，多数人提到这一点。",
             "对照现行制度逐条核对，该环节没有明确的责任人和时限。", f"统计近{r.randint(6, 12)}个月的记录，该问题反复出现。"])
    picked = r.sample(ways, len(t["causes"]))
    return [f"（{i}）{c}。{w}" for i, (c, w) in enumerate(zip(t["causes"], picked, strict=False), 1)]


def _measures(t, r: random.Random) -> list[str]:
    """Each measure with how it was carried out, in the terms of what kind of work it is."""
    out = []
    for i, m in enumerate(t["measures"], 1):
        kind = measure_kind(m)
        hows = {
            "build": [f"从设计到定型用了约{r.randint(2, 5)}个月，材料费约 {r.uniform(0.3, 2.5):.1f} 万元，主要部件由检修分场加工。",
                      "先做了一台样机在现场试用，根据使用意见改了一版才定型。"],
            "fit": [f"利用机组检修窗口实施，工期{r.randint(2, 9)}天，费用在检修费用中列支。",
                    "施工前编制了技术方案和安全措施，完工后由分场专工验收。"],
            "tune": ["先在一个负荷段试投，确认无不良影响后再推广到全负荷段。",
                     f"调整后跟踪{r.randint(2, 6)}周，参数稳定后固化。"],
            "paper": [f"初稿征求了{r.randint(3, 8)}个班组的意见，修改{r.randint(5, 20)}处后印发。",
                      "执行中每月检查一次，发现问题随时修订。"],
            "test": [f"试验共做了{r.randint(3, 6)}个工况，每个工况稳定 2 h 后记录。", "试验方案经分场专工审核，试验期间有专人监护。"],
            "train": [f"共组织{r.randint(3, 8)}期，参加{r.randint(30, 120)}人次，每期结束有考核。", "由师傅带着徒弟在现场讲，比在教室讲效果好。"],
        }
        how = hows.get(kind, ["实施时明确了责任人和完成时间，由组长逐项检查落实。", "这项措施需要几个班组配合，协调花的时间比实施本身还多。"])
        if t["category"] != "技术":  # an accounting rule or a procedure is not tried on a load range
            how = {"build": ["先用上一年的数据试算，与财务核对无误后正式使用。", "表格（工具）先试用一个月，改了两版后定稿。"],
                   "paper": hows["paper"], "train": hows["train"]}.get(kind, [
                "由牵头部门起草，相关部门会签后执行。", "先在一个班组（一个月份）试行，核对结果后再推开。",
                "执行中每月检查一次，发现问题随时修订。"])
        out.append(f"（{i}）{m}。{r.choice(how)}")
    return out


def _data(t, r: random.Random) -> str:
    if t["category"] != "技术":
        return r.choice([f"文中数据取自{'结算单和财务报表' if t['category'] == '经营' else '台账和统计报表'}，实施前后各取连续{r.randint(3, 6)}个月。",
                         "对比时剔除了政策调整和一次性因素的影响，只比较口径相同的月份。"])
    source = ("DCS历史数据" if t["category"] == "技术" and t["base"] in ("FJD-01", "FJD-02", "FJD-04", "FJD-08")
              else "化验记录和在线仪表数据" if t["base"] in ("FJD-05", "FJD-09") else "现场记录和统计台账")
    return r.choice([f"文中数据取自{source}，实施前后各取连续{r.randint(2, 4)}个月，剔除了机组启停和异常工况。",
                     f"数据来源为{source}。为避免季节影响，对比时尽量选取负荷和环境条件相近的时段。"])


def _team(r: random.Random) -> str:
    return r.choice(["课题组由师傅和徒弟组成，现场数据多由徒弟采集，师傅负责把关和分析。",
                     "攻关过程中师傅带徒弟一起做，徒弟从记录数据做起，后来能独立完成一项对策。",
                     "课题组成员来自不同班组，每周碰头一次，遇到难题请分场专工参加。"])


def _stakes(t, r: random.Random) -> str:
    """Why the indicator matters to this plant, by what the project is about."""
    ind = t["indicator"]
    if t["category"] == "技术" and t["area"] == "安全生产":
        return r.choice([f"{ind}偏离正常范围，轻则增加缺陷处理工作量，重则可能导致设备损坏、机组降负荷甚至非计划停运。",
                         "这一问题此前多次造成临时消缺，检修人员疲于应付，设备的安全裕度也在降低。"])
    if t["category"] == "技术":
        return r.choice([f"机组长期低负荷运行，{ind}对供电煤耗和厂用电率的影响比满负荷时更大，在企业亏损的形势下尤其值得算这笔账。",
                         f"{ind}每改善一点，都直接体现在燃料、电量或药剂的消耗上；公司扭亏增盈，正需要这样一点一滴的节约。"])
    if t["category"] == "管理":
        return r.choice([f"{ind}反映的是管理是否落到实处，指标差的背后往往是职责不清、流程不顺。",
                         f"这项指标不直接产生经济效益，但它关系到{'作业安全' if t['area'] == '安全生产' else '队伍素质和工作质量'}，是基础中的基础。"])
    return r.choice([f"{ind}直接关系到公司的收入和成本，在电价和煤价都不由企业决定的情况下，这是少数可以自己争取的部分。",
                     "这类课题不动设备，靠的是把账算细、把规则用足，见效快但要持续跟踪。"])


def _lesson(t, r: random.Random) -> str:
    tech = t["category"] == "技术"
    first = r.choice(["回头看，现状调查花的时间最多，也最值得。", "课题开始时对原因的判断和最后确认的要因并不完全一致。",
                      "对策实施中遇到的最大困难不是技术，而是协调检修窗口和各班组的时间。" if tech else
                      "最大的困难不在方法本身，而在让各部门按同一个口径填报数据。",
                      "数据是这次攻关的基础：没有连续、可靠的记录，就无法判断措施是否有效。"])
    second = r.choice([f"“{t['causes'][0]}”一开始并没有被当作主要原因，是在逐条验证中才发现的。",
                       "几项措施相互配合才见效，单独实施其中一项效果并不明显。",
                       "部分措施需要停机才能实施，因此课题周期比计划长了一些。" if tech else
                       "部分做法要等新的考核周期才能执行，因此课题周期比计划长了一些。",
                       "青年员工在课题中承担了大量数据采集工作，也在这个过程中熟悉了设备和系统。" if tech else
                       "青年员工在课题中承担了大量数据整理工作，也在这个过程中熟悉了业务流程。"])
    return first + second


def _benefit(benefit: dict | None, r: random.Random) -> str:
    if not benefit:
        return r.choice(["本课题的效果主要体现在管理质量上，没有折算经济效益。",
                         "课题未计算经济效益：其作用在于减少风险和提高工作质量，难以可靠地折算成金额。"])
    return r.choice([f"经财务核定，年经济效益约 {benefit['amount']:g} 万元（{benefit['basis']}）。",
                     f"经济效益按以下方法计算：{benefit['basis']}，合计约 {benefit['amount']:g} 万元/年。"])


def _closing(t, r: random.Random) -> str:
    u = unit_of(t["title"])
    causes = t["causes"]
    options = []
    if u and not t.get("variant_of"):
        options.append(f"#{other_unit(u)}机组的同类设备情况相近，计划在下次检修中参照实施。")
    if t.get("variant_source"):
        options.append(f"本课题借鉴了{t['variant_source']}的做法，两台机组设备状况不同，照搬并不可行，现状调查必须重新做。")
    m = t["measures"]
    options += [f"“{causes[-1]}”目前只是得到控制，彻底解决还要结合设备改造。",
                f"效果检查期只有{r.randint(2, 5)}个月，{t['indicator']}能否长期保持，还需要继续跟踪。",
                f"几项措施中，“{m[-1]}”投入最少、见效最快，这也提醒我们现状调查不能走过场。",
                f"“{m[0]}”的做法已交给{r.choice(['相关班组', '点检人员', '运行各值'])}日常执行，课题组每季度抽查一次。",
                f"不足之处是{t['indicator']}的数据还要靠人工统计，下一步打算接入生产实时系统自动统计。"]
    return r.choice(options)


def body(t, benefit: dict | None, got: str, seed: str) -> str:
    r = random.Random("qinchuang-sample|paper|" + seed)
    ind, kw, causes, measures = t["indicator"], t["keywords"], t["causes"], t["measures"]
    u = unit_of(t["title"])
    unit_txt = UNIT_DESC.get(u, "公司四台抽汽凝汽式机组")
    unit = "" if t["unit"] == "—" else t["unit"]
    dirw = direction(t)
    moved = "降至" if dirw == "降低" else "提高到" if dirw == "提高" else "改善为"
    before, after = value_text(t, "before"), value_text(t, "after")
    fam = _fam(t)
    result = f"{ind}由 {before} {moved} {got}{unit}"
    if fam == "device":
        intro = (f"{kw[0]}是{unit_txt}日常维护的重点。过去{causes[0]}，{causes[1]}，"
                 f"现场人员只能凭经验处理，{ind}长期在 {before} 左右。为此，课题组自行研制了专用装置。")
        sections = [
            ("问题的提出", [intro, _stakes(t, r), f"设计时确定了三条要求：能解决“{causes[0]}”；现场安装和拆卸不需要动火；"
                                f"班组人员不经专门培训就能使用。"]),
            ("装置的结构与工作原理", [f"装置的核心是“{measures[0]}”。" + r.choice([
                "整体采用模块化结构，关键部件选用标准件，损坏后可在现场更换。",
                "样机先后改了两版：第一版在现场固定不牢，第二版改为磁吸加卡箍的双重固定。"]),
                f"配套工作有两项：{measures[1]}；{measures[2] if len(measures) > 2 else '编制使用说明'}。", *_measures(t, r)[1:]]),
            ("现场应用", [r.choice([f"装置于试用期间在现场连续运行，{ind}逐步{moved} {interp(t, 0.6, r)}{unit}左右。",
                                    f"试用初期发现的问题主要是{r.choice(['供电不稳', '数据偶有丢包', '操作步骤偏多'])}，改进后运行正常。"]),
                          *_table(t, got, r)]),
            ("效果与经济性", [f"应用后{result}。" + _benefit(benefit, r), _data(t, r)]),
            ("结语", [_lesson(t, r), _team(r), f"自制装置的好处是贴合现场、维护方便。{_closing(t, r)}"]),
        ]
    elif fam == "study":
        sections = [
            ("引言", [f"{unit_txt}的{ind}长期为 {before}，与设计值和同类机组相比都有差距。"
                       f"以往的处理多针对“{causes[0]}”，效果不能持久。本文从机理入手，通过试验找出主要影响因素。", _stakes(t, r)]),
            ("影响因素分析", [f"从机理上看，影响{ind}的因素有三方面：{causes[0]}；{causes[1]}；{causes[2] if len(causes) > 2 else '运行方式'}。"
                             + r.choice(["其中前两项可以通过运行调整改变，后一项需要结合检修处理。",
                                         "这几项因素相互影响，单独调整某一项往往效果有限。"]), *_causes(t, r)]),
            ("试验方案与结果", [f"试验分{r.randint(2, 4)}个工况进行，每个工况稳定 {r.randint(2, 4)} h 后记录数据。" +
                              f"主要做法：{measures[0]}；{measures[1]}。",
                              *_measures(t, r), _data(t, r),
                              f"试验表明，{ind}对“{causes[0]}”最为敏感：{r.choice(['该因素调整后指标改善约一半', '单独消除该因素即可使指标明显好转'])}。",
                              *_table(t, got, r)]),
            ("应用效果", [f"按试验结论修改运行方式后，{result}。" + _benefit(benefit, r)]),
            ("讨论", [_lesson(t, r)]),
            ("结论", [f"{ind}的改善首先取决于“{causes[0]}”，运行调整要和检修消缺配合。", _team(r) + _closing(t, r)]),
        ]
    elif fam == "management":
        area = {"安全生产": "安全管理", "队伍建设": "队伍建设", "经营管理": "经营管理"}[t["area"]]
        sections = [
            ("引言", [f"{ind}是{area}的一项基础指标，公司近年为 {before}，与年度目标 {after} 有明显差距。"
                       + r.choice(["问题不在制度多少，而在执行是否到位。", "原因既有制度上的缺口，也有执行上的走样。"]), _stakes(t, r)]),
            ("存在的问题", [f"课题组{r.choice(['走访了相关班组', '对近一年的台账逐项核对', '发放调查表并回收'])}，"
                             "归纳出主要问题：", *_causes(t, r)]),
            ("主要做法", _measures(t, r) + [
                r.choice(["各项做法先在一个班组试行，修改后再推开。", "做法确定后写入部门工作标准，明确检查人和检查周期。"])]),
            ("实施效果", [f"实施后，{result}。", *_table(t, got, r), _benefit(benefit, r), _data(t, r)]),
            ("体会", [r.choice(["管理课题的难点在于坚持：措施一旦放松，指标很快就会回到原来的水平。",
                                "让一线人员参与制定规则，规则才容易执行。"]) + _lesson(t, r), _team(r) + _closing(t, r)]),
        ]
    elif fam == "business":
        sections = [
            ("引言", [f"受电力市场规则变化和煤价高位影响，公司经营压力大。{ind}近一年为 {before}，"
                       f"是扭亏增盈中可以由本部门直接改进的一项。", _stakes(t, r)]),
            ("问题分析", ["对近一年的结算和统计数据分析后认为，原因有以下几方面：", *_causes(t, r)]),
            ("改进措施", _measures(t, r)),
            ("效果与效益", [f"{result}。", *_table(t, got, r), _benefit(benefit, r)]
             + (["效益测算只计本课题可以说明的部分，市场价格和政策变化的影响已经剔除。"] if benefit else []) + [_data(t, r)]),
            ("结语", [_lesson(t, r), _team(r), _closing(t, r)]),
        ]
    else:
        first = r.choice([
            f"{unit_txt}投运多年，{kw[0]}{r.choice(['设备老化', '运行条件变化大', '检修窗口少'])}，{ind}长期在 {before} 左右，目标值为 {after}。",
            f"近一年统计，{unit_txt}的{ind}平均为 {before}，高于（低于）目标值 {after}，{'低负荷时段' if t['area'] != '队伍建设' else '部分班组'}尤其明显。".replace(
                "高于（低于）", "高于" if dirw == "降低" else "低于")])
        h = [r.choice(x) for x in (["现状", "问题的提出", "课题背景"], ["原因分析", "原因分析与要因确认", "要因确认"],
                                    ["对策与实施", "主要措施", "改进措施"], ["效果检查", "实施效果", "效果"],
                                    ["巩固措施和下一步", "结语", "结论与建议"])]
        sections = [
            (h[0], [first, _stakes(t, r), "课题组采用QC方法开展攻关，本文介绍现状调查、要因确认和对策实施的过程。"]),
            (h[1], [f"用{r.choice(['鱼骨图', '关联图', '系统图'])}从人、机、料、法、环、测分析，"
                           f"经现场验证确认要因{len(causes)}条："] + _causes(t, r)),
            (h[2], _measures(t, r)),
            (h[3], [f"对策实施后，{result}。", *_table(t, got, r), _benefit(benefit, r), _data(t, r)]),
            (h[4], [_lesson(t, r), _team(r), r.choice([f"有效做法已写入{kw[0]}相关规程。", "有效做法已纳入定期工作。"]) + _closing(t, r)]),
        ]
    return "\n".join(_numbered(sections, r.choice([0, 1]) if fam == "qc" else 1)).strip() + "\n"
