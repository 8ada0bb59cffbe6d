"""Text assembly for project bodies and appraisal conclusions, and the helpers the other text
modules share (figures, units, the sub-bases' sites). Progress logs are in notes.py, the shorter
papers in papers_short.py, benefit figures in benefits.py.

Every sentence is built from the topic's own facts (equipment, indicator, causes, measures,
figures), so two projects never share a body.
"""

from __future__ import annotations

import re

UNIT_DESC = {
    "1": "#1机组（200 MW）", "2": "#2机组（200 MW）", "3": "#3机组（320 MW）", "4": "#4机组（320 MW）",
}


def num(text: str) -> float | None:
    m = re.fullmatch(r"-?\d+(\.\d+)?", text)
    return float(text) if m else None


def fmt(x: float, like: str) -> str:
    decimals = len(like.split(".")[1]) if "." in like else 0
    return f"{x:.{decimals}f}"


def unit_of(title: str) -> str | None:
    m = re.search(r"#(\d)", title)
    return m.group(1) if m else None


def direction(t) -> str:
    b, a = num(t["before"]), num(t["after"])
    if b is None or a is None:
        return "控制"
    return "提高" if a > b else "降低"


def value_text(t, which: str) -> str:
    v = t[which]
    u = t["unit"]
    return v if u in ("—", "") else f"{v} {u}"


def interp(t, frac: float, rng) -> str:
    """A plausible intermediate value of the indicator at fraction ``frac`` of the work."""
    b, a = num(t["before"]), num(t["after"])
    if b is None or a is None:
        return t["after"]
    v = b + (a - b) * frac * rng.uniform(0.85, 1.05)
    like = t["before"] if "." in t["before"] else t["after"]
    return fmt(v, like)


def achieved(t, rng) -> str:
    b, a = num(t["before"]), num(t["after"])
    if b is None or a is None:
        return t["after"]
    like = t["after"] if "." in t["after"] else t["before"]
    v = a + (b - a) * rng.uniform(-0.08, 0.06)
    if a == 0:
        v = 0
    # a result beyond the target stays a possible figure: not below 0, not above 100 %
    v = max(v, a * 0.7) if a < b else min(v, a * 1.3, 100.0 if t["unit"] == "%" and b <= 100 else float("inf"))
    return fmt(v, like)


PLACES = {
    "FJD-01": ["锅炉零米", "炉膛42米层", "制粉系统平台", "空预器平台", "锅炉吹灰器平台"],
    "FJD-02": ["汽机房12.6米层", "凝汽器喉部", "循环水泵房", "给水泵房", "汽机润滑油站"],
    "FJD-03": ["6 kV配电室", "主变区域", "220 kV升压站", "继电器室", "直流室"],
    "FJD-04": ["电子间", "工程师站", "汽包平台", "DCS机柜间", "热工试验室"],
    "FJD-05": ["化学水处理车间", "凝结水精处理间", "循环水加药间", "水汽取样间", "煤化验室"],
    "FJD-06": ["输煤栈桥", "#3转运站", "斗轮机煤场", "翻车机房", "输煤程控室"],
    "FJD-07": ["检修车间", "焊接培训室", "机加工间", "汽机房检修场地", "金属试验室"],
    "FJD-08": ["集控室", "仿真机室", "#3机组就地", "值长站", "汽机房巡检路线"],
    "FJD-09": ["脱硫吸收塔区域", "SCR反应器平台", "电除尘顶部", "石膏脱水楼", "CEMS小室"],
    "FJD-10": ["热网首站", "热网加热器平台", "热网循环泵房", "一级管网阀门井", "供热调度室"],
    "FJD-11": ["检修作业现场", "有限空间作业点", "安全培训室", "外包队伍驻地", "应急物资库"],
    "FJD-12": ["电力交易室", "燃料验收现场", "经营分析会", "合同管理室", "预算编制会"],
    "FJD-13": ["职工培训中心", "职工书屋", "技能鉴定考场", "课题研讨室", "劳模工匠讲堂"],
}

def other_unit(u: str) -> str:
    return {"1": "2", "2": "1", "3": "4", "4": "3"}[u]


def _reach(t, got: str) -> str:
    g, a, b = num(got), num(t["after"]), num(t["before"])
    if g is None or a is None or b is None or g == a:
        return "达到"
    better = (g < a) if a < b else (g > a)
    return "达到并优于" if better else "基本达到"


def project_body(t, p, people, studio_name, rng) -> str:
    lead = people[next(m["person"] for m in p["team"] if m["role"] == "组长")]
    mentors = [people[m["person"]]["name"] for m in p["team"] if m["role"] == "导师"]
    apprentices = [people[m["person"]]["name"] for m in p["team"] if m["role"] == "徒弟"]
    u = unit_of(t["title"])
    unit_txt = UNIT_DESC.get(u, "全厂四台机组")
    ind, kw = t["indicator"], t["keywords"]
    dirw = direction(t)
    causes = t["causes"]
    months = rng.randint(6, 18)
    bg = []
    if t["category"] == "技术":
        bg.append(f"{ind}是{unit_txt}{('安全运行' if t['area'] == '安全生产' else '经济运行')}的一项重要指标。"
                  f"据近{months}个月统计，{ind}为 {value_text(t, 'before')}，"
                  f"{'明显偏离设计值和同类型机组先进水平' if dirw != '提高' else '与同类型机组先进水平相比仍有较大提升空间'}。")
    elif t["category"] == "管理":
        bg.append(f"{ind}是{('安全生产' if t['area'] == '安全生产' else '队伍建设' if t['area'] == '队伍建设' else '经营管理')}"
                  f"工作的重要考核指标。近{months}个月统计，该指标为 {value_text(t, 'before')}，"
                  f"{rng.choice(['与年度目标差距较大', '连续几个月没有改善', '在分场（部门）月度考核中多次扣分'])}。")
    else:
        bg.append(f"受电力市场交易规则变化和煤价高位运行影响，公司经营压力持续加大。{ind}近{months}个月为 "
                  f"{value_text(t, 'before')}，直接影响公司扭亏增盈目标的实现。")
    if t.get("variant_source"):
        bg.append(f"本课题借鉴#{other_unit(u)}机组{t['variant_source']}课题的做法，将其推广到{unit_txt}，"
                  f"并针对两台机组设备状况的差异重新开展现状调查。")
    bg.append(f"课题组初步调查认为，主要问题集中在：{causes[0]}；{'；'.join(causes[1:])}。")
    bg.append(f"为此，{lead['name']}牵头成立课题组，{'依托' + studio_name + '，' if studio_name else ''}"
              f"由{'、'.join(mentors)}担任导师、{'、'.join(apprentices)}作为徒弟结成师徒对子，"
              f"{'申报课题开展攻关' if p['status'] == '申报' else '立项开展攻关'}。")

    goal = [f"将{ind}由 {value_text(t, 'before')} {dirw}到 {value_text(t, 'after')}。"]
    extra_goal = {
        "技术": f"形成{kw[0]}相关的检修（运行）作业标准，并在同类设备上推广应用。",
        "管理": "形成可复制的管理制度和工作流程，纳入公司管理标准体系。",
        "经营": "建立可持续使用的测算工具和分析机制，为经营决策提供数据支撑。",
    }[t["category"]]
    goal.append(extra_goal)

    steps = []
    for i, m in enumerate(t["measures"], 1):
        if t["category"] == "技术":
            detail = rng.choice([
                f"针对“{causes[(i - 1) % len(causes)]}”，",
                "经方案比选和专家论证后，",
                "结合检修计划，",
            ])
        else:
            detail = rng.choice([
                f"针对“{causes[(i - 1) % len(causes)]}”，",
                "经分基地审定后，",
                "结合年度工作计划，",
                "先在试点班组试行，再全面推开：",
            ])
        steps.append(f"{i}. {detail}{m}。")
    steps.append(f"{len(steps) + 1}. 导师全程带教，徒弟参与每一项对策的实施和记录，做到“老带新、新促老”。")

    eff = []
    if p["status"] in ("完成", "鉴定"):
        got = t["got"]
        unit = "" if t["unit"] == "—" else " " + t["unit"]
        eff.append(f"对策全部实施后，经连续{rng.randint(1, 3)}个月跟踪统计，{ind}由 {value_text(t, 'before')} "
                   f"{'降至' if dirw == '降低' else '提高到' if dirw == '提高' else '改善为'} {got}{unit}，"
                   f"{_reach(t, got)}课题目标。")
        if p.get("benefit_data"):
            b = p["benefit_data"]
            eff.append(f"经济效益约 {b['amount']:g} 万元/年（{b['basis']}）。")
        outs = []
        if p["outcomes"].get("patents"):
            outs.append("申请专利 " + "、".join(p["outcomes"]["patents"]))
        if p["outcomes"].get("papers"):
            outs.append("撰写论文 " + "、".join(p["outcomes"]["papers"]))
        if p["outcomes"].get("software"):
            outs.append("取得软件著作权 " + "、".join(p["outcomes"]["software"]))
        if p.get("appraisal"):
            outs.append(f"通过{p['appraisal']['body']}组织的成果鉴定，结论为{p['appraisal']['level']}")
        if outs:
            eff.append("“一题三效”成果：" + "；".join(outs) + "。")
        eff.append(f"徒弟{'、'.join(apprentices)}通过课题全过程锻炼，"
                   f"{rng.choice(['已能独立承担同类缺陷处理', '在分场技术比武中取得好名次', '完成了技能等级晋升准备', '能够独立编写作业指导书'])}。")
    elif p["status"] == "申报":
        eff.append("课题已提交申报，待基地立项评审。预期成效将在立项后的实施过程中逐月公开。")
    elif p["status"] == "终止":
        eff.append(f"课题已于{p['terminated'].year}年{p['terminated'].month}月终止，原因见“延期、变更、终止”记录。"
                   f"终止前已完成现状调查和部分对策，相关数据和资料已归档，可供今后同类课题参考。")
    elif p["status"] == "立项":
        eff.append(f"课题已立项公示，正在做实施前的方案细化和物资准备，计划结合{'机组检修' if t['category'] == '技术' else '年度工作安排'}开始实施。")
    else:
        eff.append(f"课题正在实施中，阶段数据显示{ind}已{'降至' if dirw == '降低' else '达到'} "
                   f"{interp(t, 0.5, rng)}{'' if t['unit'] == '—' else ' ' + t['unit']}左右，各项对策按计划推进。")
    return ("## 背景\n\n" + "".join(bg) + "\n\n## 目标\n\n" + "".join(goal) + "\n\n## 措施\n\n" + "\n".join(steps)
            + "\n\n## 成效\n\n" + "".join(eff) + "\n")


def appraisal_conclusion(t, body: str, level: str, r) -> str:
    """What the appraising body wrote: its own way of opening and closing, the project's own findings.

    A province's association, the group's science department, a city's quality or management
    association (which appraise QC results as QC activities), an evaluation centre and the base's own
    committee each word a conclusion their way; a 研制 project is judged on its device, a management
    project on its rules, a problem-solving one on its causes and measures.
    """
    worse = "偏高" if direction(t) == "降低" else "偏低" if direction(t) == "提高" else "不稳定"
    unit = "" if t["unit"] == "—" else " " + t["unit"]
    before, got, ind = value_text(t, "before"), f"{t['got']}{unit}", t["indicator"]
    cause, measure, n = t["causes"][0], t["measures"][0], len(t["measures"])
    peers = "同类机组" if t["category"] == "技术" else "同类企业"
    if "集团" in body:
        opener = r.choice(["经审查，", "科技部组织专家函审，", "经专家组审查，"])
        closing = r.choice([f"成果在集团{peers}中具有推广价值，达到{level}水平。",
                            f"同意通过鉴定，成果达到{level}水平，建议在集团内推广。",
                            f"专家组一致认为该成果达到{level}水平。"])
    elif "评价服务中心" in body:
        opener = r.choice(["评价专家组审阅了课题报告和测试数据，认为：", "经评价，"])
        closing = r.choice([f"评价结论：{level}。", f"成果总体处于{level}水平，同意通过评价。"])
    elif body.startswith("河北省"):
        opener = r.choice(["鉴定委员会听取了课题组汇报，审阅了技术资料。", "鉴定委员会现场查看了实施效果。",
                           "经鉴定委员会质询和讨论认为："])
        closing = r.choice([f"鉴定委员会一致同意通过鉴定，成果达到{level}水平。",
                            f"成果在省内{peers}中具有示范作用，达到{level}水平。",
                            f"同意通过鉴定，成果达到{level}水平；建议进一步积累运行数据。"])
    elif body.startswith("秦皇岛市"):
        opener = r.choice(["该小组按PDCA程序开展活动，程序完整。", "经评审，小组活动程序规范。", "评审组现场核查了小组活动记录。"])
        closing = r.choice([f"评审组同意通过，成果达到{level}水平。", f"成果达到{level}水平，推荐参加市级优秀QC成果发布。",
                            f"统计方法运用得当，成果达到{level}水平。"])
    else:  # the base's own committee
        opener = r.choice(["评审委员会审阅了成果报告和原始记录。", "经基地评审委员会评审认为：", "评审委员会听取汇报后认为："])
        closing = r.choice([f"同意通过基地评审，成果达到{level}水平，可在其他分基地推广。",
                            f"评审结论：{level}；建议补充一个完整季节的运行数据后申报上级成果。",
                            f"成果达到{level}水平，同意通过。"])
    if re.search(r"研制|开发", t["title"]):
        middle = r.choice([f"研制的“{measure}”结构合理、运行可靠，{ind}由 {before} 改善为 {got}。",
                           f"课题组自主完成“{measure}”，投用后{ind}由 {before} 改善为 {got}，操作维护方便。"])
    elif t["category"] != "技术":
        middle = r.choice([f"课题组围绕{ind}{worse}，提出“{measure}”等{n}项管理措施并形成制度，{ind}由 {before} 变为 {got}。",
                           f"“{measure}”等做法已纳入日常管理，实施后{ind}由 {before} 变为 {got}，效果可持续。"])
    else:
        middle = r.choice([f"课题组查明“{cause}”是{ind}{worse}的主要原因，采取“{measure}”等{n}项措施，{ind}由 {before} 改善为 {got}。",
                           f"针对“{cause}”，课题组实施“{measure}”等对策，{ind}由 {before} 改善为 {got}，数据经现场复核。",
                           f"{ind}由 {before} 改善为 {got}，对策针对“{cause}”等要因，措施可操作。"])
    return opener + middle + closing
