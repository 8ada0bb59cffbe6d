"""Text assembly for projects, progress logs and the shorter papers.

Every sentence is built from the topic's own facts (equipment, indicator, causes, measures,
figures), so two projects never share a body.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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

TOOLS = {
    "技术": ["鱼骨图", "关联图", "排列图", "系统图", "PDPC法", "5W1H对策表"],
    "管理": ["排列图", "调查表", "树图", "矩阵图", "亲和图", "流程图"],
    "经营": ["趋势图", "对比分析表", "排列图", "敏感性分析表", "矩阵数据分析"],
}


def place_list(t) -> list[str]:
    """The sub-base's places, those matching the topic first (so 主变 work happens at 主变区域)."""
    text = t["title"] + "".join(t["keywords"])
    places = PLACES[t["base"]]
    match = [p for p in places if any(p[i:i + 2] in text for i in range(len(p) - 1))]
    return match + [p for p in places if p not in match] if match else places


def _month_dates(start: date, end: date, rng, per_month=(2, 4)) -> list[date]:
    dates = []
    cur = start
    while cur <= end:
        month_end = (date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1) - timedelta(days=1))
        lo, hi = cur, min(month_end, end)
        span = (hi - lo).days
        k = rng.randint(*per_month) if span >= 10 else (1 if span >= 2 else 0)
        picks = sorted({lo + timedelta(days=rng.randint(0, span)) for _ in range(k)}) if span >= 0 else []
        dates += picks
        cur = month_end + timedelta(days=1)
    return dates


def progress_notes(t, p, people, rng, end: date) -> list[dict]:
    """Dated notes from proposal to completion (or to the end of 2022), several a month.

    Each phase of a QC project (申报、现状调查、原因分析、对策实施、效果检查、总结) has its notes in
    working order; a phase that lasts longer than its notes falls back to tracking notes.
    """
    start = p["proposed"]
    stop = p.get("completed") or end
    if p.get("appraisal"):
        stop = p["appraisal"]["date"]
    dates = sorted(set([start] + _month_dates(start, stop, rng)))
    team = p["team"]
    leader = people[next(m["person"] for m in team if m["role"] == "组长")]["name"]
    mentor = people[next(m["person"] for m in team if m["role"] == "导师")]["name"]
    appr = people[next(m["person"] for m in team if m["role"] == "徒弟")]["name"]
    kw = t["keywords"]
    places = place_list(t)
    ind = t["indicator"]
    unit = "" if t["unit"] == "—" else t["unit"]
    causes, measures = t["causes"], t["measures"]
    tools = TOOLS[t["category"]]
    u = unit_of(t["title"]) or rng.choice("1234")
    other = {"1": "2", "2": "1", "3": "4", "4": "3"}[u]
    completed = p.get("completed")
    begin = p.get("approved") or start
    if completed:
        finish = completed
    else:
        planned = (p.get("started") or begin) + timedelta(days=330)
        finish = max(planned, end + timedelta(days=60))
    life = max((finish - begin).days, 1)
    verb = "降至" if direction(t) == "降低" else "达到"
    plural = len(measures)

    pre = [
        f"课题组向分基地提交申报书，拟以“{ind}”为课题指标，组长{leader}负责总体方案。",
        f"分基地组织专业人员对申报书进行初审，建议补充近一年{ind}的原始统计数据。",
        f"补充{places[0]}现场调查资料后重新提交申报书，等待基地立项评审。",
        f"基地立项评审会上课题组汇报选题理由，评审组提出将{kw[0]}相关缺陷记录一并纳入分析。",
    ]
    survey = [
        f"召开课题启动会，明确分工：{mentor}任导师，与徒弟{appr}结成师徒对子，负责现场数据采集。",
        f"调阅近{rng.randint(6, 24)}个月运行日志和缺陷单，统计{ind}平均为{value_text(t, 'before')}，与同类型机组先进值差距明显。",
        f"课题组到{places[min(rng.randrange(len(places)), rng.randrange(len(places)))]}实地查看{kw[0]}运行状况，记录问题点{rng.randint(5, 19)}处并拍照存档。",
        f"{appr}在导师{mentor}指导下完成{kw[-1]}相关图纸和台账的收集整理。",
        f"用{tools[0]}整理现状调查数据，确认“{causes[0]}”类问题占比约{rng.randint(38, 72)}%。",
    ]
    analysis = [
        f"召开原因分析会，运用{tools[1 % len(tools)]}从人、机、料、法、环、测六方面梳理出末端因素{rng.randint(7, 14)}条。",
        f"导师{mentor}带领{appr}到{places[min(rng.randrange(len(places)), rng.randrange(len(places)))]}做专项测试，取得对比数据{rng.randint(12, 60)}组。",
    ]
    for c in causes:
        analysis.append(f"要因确认：经现场测试和记录核查，确认“{c}”为要因。")
    analysis += [
        f"对照{kw[0]}设计参数和检修记录，排除非要因{rng.randint(3, 7)}条。",
        f"按5W1H原则制定对策表{plural}项，明确责任人和完成时间，报分基地审核。",
    ]
    implement = []
    for i, m in enumerate(measures):
        if t["category"] == "技术":
            implement += [
                f"“{m}”相关材料和备件到货，组织班组进行技术交底和安全交底。",
                f"对策实施：{m}，现场工作完成约{rng.randint(30, 60)}%。",
                f"利用#{u}机组调停（消缺）窗口完成“{m}”，{leader}现场把关质量。",
            ]
        else:
            implement += [
                f"“{m}”的实施方案经分基地审定，组织相关班组和人员宣贯。",
                f"对策实施：{m}，已完成约{rng.randint(30, 60)}%。",
                f"“{m}”在{places[(i + 2) % len(places)]}试行，{leader}跟踪落实情况并收集意见。",
            ]
        if i == 0:
            implement += [f"{appr}独立完成该项对策的现场记录，导师{mentor}验收签字。",
                          f"阶段检查：{ind}{verb}{interp(t, 0.4, rng)}{unit}左右，对策初见成效。"]
        if i == 1 or (plural == 1 and i == 0):
            implement.append(f"基地推进例会上汇报课题进度，已完成对策{i + 1}项，剩余对策按计划推进。")
    implement.append(f"阶段检查：{ind}{verb}{interp(t, 0.8, rng)}{unit}左右。")
    check = [
        f"效果检查：连续{rng.randint(2, 6)}周统计，{ind}稳定在{interp(t, 0.97, rng)}{unit}左右。",
        f"对照目标值{value_text(t, 'after')}进行效果验证，课题目标基本实现。",
        f"将有效措施固化：修订{kw[0]}相关检修规程或运行规程条款{rng.randint(2, 6)}条，报分场审批。",
        f"{appr}整理对策实施前后对比数据，在导师指导下编写效果检查报告。",
        f"巩固期跟踪：{ind}未出现反弹，课题组开始整理成果材料。",
    ]
    close = [
        "完成课题成果报告初稿，按“一题三效”要求整理鉴定、专利或论文材料。",
        f"成果报告经导师{mentor}审核修改，提交分基地评审。",
        f"课题组召开总结会，{appr}交流参加课题的体会，下一步将在#{other}机组同类设备上推广。",
    ]
    phases = {"pre": pre, "survey": survey, "analysis": analysis, "implement": implement, "check": check, "close": close}
    pointer = {k: 0 for k in phases}
    notes = []
    seen = set()
    for day in dates:
        if not p.get("approved") or day < p["approved"]:
            phase = "pre"
        else:
            frac = (day - begin).days / life
            phase = ("survey" if frac < 0.1 else "analysis" if frac < 0.27 else "implement" if frac < 0.72
                     else "check" if (completed is None or frac < 0.9) else "close")
        seq = phases[phase]
        if pointer[phase] < len(seq):
            note = seq[pointer[phase]]
            pointer[phase] += 1
        else:
            note = rng.choice([
                f"跟踪记录：{kw[rng.randrange(len(kw))]}运行正常，本周采集{ind}数据{rng.randint(10, 40)}组。",
                f"{appr}按周汇总{ind}数据，{rng.choice(['未见异常', '个别数据波动已查明原因', '趋势平稳'])}。",
                f"课题组例行碰头会，{leader}通报本月进展，布置下月{rng.choice(['数据采集', '现场检查', '资料整理', '对策完善'])}工作。",
                f"导师{mentor}到{places[min(rng.randrange(len(places)), rng.randrange(len(places)))]}检查课题实施情况，指导{appr}{rng.choice(['规范填写记录', '分析数据趋势', '编写作业指导书', '核对图纸'])}。",
            ])
            if note in seen:
                continue
        seen.add(note)
        notes.append({"date": day, "note": note})
    return notes


def benefit(t, rng) -> dict | None:
    kind = t["benefit"]
    kw = "".join(t["keywords"])
    if kind == "none":
        return None
    if kind == "coal":
        tons = rng.randint(180, 1600)
        price = rng.choice([880, 905, 930, 960, 1010, 1050])
        return {"amount": round(tons * price / 1e4, 1),
                "basis": f"按{t['indicator']}改善量折算供电煤耗，年节约标煤约 {tons} 吨 × 标煤单价 {price} 元/吨"}
    if kind == "power":
        mwh = rng.randint(40, 520) * 10
        return {"amount": round(mwh * 0.3644 / 10, 1),
                "basis": f"年节约厂用电约 {mwh / 10:g} 万kWh × 燃煤基准上网电价 0.3644 元/kWh"}
    if kind == "water":
        tons = rng.randint(3, 40)
        price = rng.choice([4.2, 5.6, 6.8])
        return {"amount": round(tons * price, 1),
                "basis": f"年减少取水及排污约 {tons} 万吨 × 综合水价 {price} 元/吨（含水资源税和排污费）"}
    if kind == "repair":
        a = rng.randint(8, 65)
        return {"amount": float(a),
                "basis": f"年减少外委检修费 {a * 6 // 10} 万元、备品备件费 {a - a * 6 // 10} 万元，按近三年同类缺陷处理费用平均值测算"}
    if kind == "fuel":
        if "石灰石" in kw:
            tons = rng.randint(9000, 18000)
            return {"amount": round(tons * 185 / 1e4, 1), "basis": f"年节约石灰石粉约 {tons} 吨 × 185 元/吨"}
        if "脱硝" in kw or "氨" in kw:
            tons = rng.randint(300, 900)
            return {"amount": round(tons * 2450 / 1e4, 1), "basis": f"年节约尿素约 {tons} 吨 × 2450 元/吨"}
        if t["unit"] in ("元/t",):
            delta = abs(num(t["before"]) - num(t["after"]))
            wt = rng.choice([46, 52, 58])
            return {"amount": round(delta * wt * 0.3, 1),
                    "basis": f"标煤单价下降 {delta:g} 元/吨 × 年入炉标煤约 {wt} 万吨，按 30% 的可归因比例计"}
        if "点火" in kw or "启动" in kw or "节油" in kw:
            tons = rng.randint(60, 240)
            return {"amount": round(tons * 7200 / 1e4, 1), "basis": f"年节约燃油约 {tons} 吨 × 7200 元/吨"}
        b, a = num(t["before"]), num(t["after"])
        q = rng.randint(180, 230)
        if t["unit"] == "kJ/kg":
            price = rng.choice([930, 960, 1010])
            tce = (b - a) / 29271 * q * 1e4 * 0.2
            return {"amount": round(tce * price / 1e4, 1),
                    "basis": f"热值差降低 {b - a:g} kJ/kg × 年入厂煤约 {q} 万吨 ÷ 29271 kJ/kg，按 20% 可归因比例折合标煤约 "
                             f"{tce:.0f} 吨 × 标煤单价 {price} 元/吨"}
        if t["unit"] == "%":
            price = rng.choice([820, 860, 905])
            amount = (b - a) / 100 * q * 1e4 * price / 1e4
            return {"amount": round(amount, 1),
                    "basis": f"亏吨率下降 {b - a:.2f} 个百分点 × 年入厂煤约 {q} 万吨 × 到厂煤价 {price} 元/吨"}
        if t["unit"] == "次":
            tons = rng.randint(800, 2600)
            return {"amount": round(tons * 950 / 1e4, 1),
                    "basis": f"年减少煤场自燃造成的热值损失和存煤损耗，折合标煤约 {tons} 吨 × 950 元/吨"}
        x, y = rng.randint(20, 90), rng.randint(10, 40)
        return {"amount": float(x + y),
                "basis": f"年减少火车滞车费约 {x} 万元、减少上煤加班和设备磨损约 {y} 万元，按2022年燃料结算台账测算"}
    a = rng.randint(20, 420)
    return {"amount": float(a),
            "basis": f"按2022年实际结算数据测算：{t['indicator']}由 {value_text(t, 'before')} 改善至 {value_text(t, 'after')}，年增收节支约 {a} 万元"}


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
        bg.append(f"{unit_txt}的{kw[0]}是影响{('机组安全运行' if t['area'] == '安全生产' else '机组经济性')}的重要环节。"
                  f"据近{months}个月统计，{ind}为 {value_text(t, 'before')}，"
                  f"{'明显偏离设计值和同类型机组先进水平' if dirw != '提高' else '与同类型机组先进水平相比仍有较大提升空间'}。")
    elif t["category"] == "管理":
        bg.append(f"{ind}是{('安全生产' if t['area'] == '安全生产' else '队伍建设' if t['area'] == '队伍建设' else '经营管理')}"
                  f"工作的重要考核指标。近{months}个月统计，该指标为 {value_text(t, 'before')}，"
                  f"在公司同业对标中处于靠后位置。")
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
                f"在{PLACES[t['base']][(i + 1) % 5]}，",
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
        if p.get("benefit"):
            eff.append(f"经济效益约 {p['benefit']['amount']:g} 万元/年（{p['benefit']['basis']}）。")
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
    elif p["status"] == "立项":
        eff.append(f"课题已立项公示，正在做实施前的方案细化和物资准备，计划结合{'机组检修' if t['category'] == '技术' else '年度工作安排'}开始实施。")
    else:
        eff.append(f"课题正在实施中，阶段数据显示{ind}已{'降至' if dirw == '降低' else '达到'} "
                   f"{interp(t, 0.5, rng)}{'' if t['unit'] == '—' else ' ' + t['unit']}左右，各项对策按计划推进。")
    return ("## 背景\n\n" + "".join(bg) + "\n\n## 目标\n\n" + "".join(goal) + "\n\n## 措施\n\n" + "\n".join(steps)
            + "\n\n## 成效\n\n" + "".join(eff) + "\n")


def appraisal_conclusion(t, level: str) -> str:
    return (f"该成果针对{t['keywords'][0]}存在的{t['causes'][0]}等问题，采取{t['measures'][0]}等措施，"
            f"{t['indicator']}改善明显，技术资料齐全，数据真实可靠，总体达到{level}水平，同意通过鉴定。")


SHORT_TITLES = [
    "{prefix}{indicator}偏{hl}原因分析及对策",
    "{title}的实践",
    "基于QC方法的{title}",
    "浅析{title}",
    "{title}的探索与应用",
]


def short_paper_title(t, rng) -> str:
    dirw = direction(t)
    u = unit_of(t["title"])
    prefix = f"#{u}机组" if u and f"#{u}" not in t["indicator"] else ""
    pattern = rng.choice(SHORT_TITLES)
    return pattern.format(indicator=t["indicator"], hl="高" if dirw == "降低" else "低", prefix=prefix,
                          title=t["title"])[:60]


def short_paper_body(t, p, got: str, rng) -> str:
    ind, kw = t["indicator"], t["keywords"]
    u = unit_of(t["title"])
    unit_txt = UNIT_DESC.get(u, "公司四台抽汽凝汽式机组")
    unit = "" if t["unit"] == "—" else t["unit"]
    dirw = direction(t)
    lines = ["## 0 引言", "",
             f"秦皇岛发电有限责任公司{unit_txt}承担冀北电网调峰和秦皇岛市区供热任务。近年来机组负荷率偏低、"
             f"启停调峰频繁，{kw[0]}的{'运行可靠性' if t['area'] == '安全生产' else '经济性'}问题日益突出。"
             f"本文结合创新课题“{t['title']}”的实施过程，分析{ind}偏离目标值的原因，介绍所采取的改进措施及效果，"
             f"供同类型机组参考。", "",
             "## 1 存在的问题", "",
             f"课题组对近一年的运行数据、缺陷记录和检修台账进行了统计。{ind}平均为 {t['before']}{unit}，"
             f"目标值为 {t['after']}{unit}。从分层统计结果看，问题主要表现为{t['causes'][0]}，"
             f"且在低负荷和季节交替时段尤为明显，对{kw[1] if len(kw) > 1 else kw[0]}的安全和经济运行构成威胁。", "",
             "## 2 原因分析", ""]
    why = rng.sample([
        "现场测试数据与设计值偏差超过允许范围，确认为要因。",
        "查阅检修记录发现该问题反复出现，确认为要因。",
        "经对比试验，改变该因素后指标变化明显，确认为要因。",
        "与设备厂家技术人员共同分析，认为该因素影响较大，确认为要因。",
        "统计其出现频次占问题总数的比例最高，确认为要因。",
    ], len(t["causes"]))
    for i, c in enumerate(t["causes"], 1):
        lines += [f"（{i}）{c}。" + why[i - 1], ""]
    lines += ["## 3 改进措施", ""]
    how = rng.sample([
        f"实施中严格执行工作票和作业标准卡，由导师现场把关，徒弟负责数据记录。实施后对{kw[0]}进行了专项检查，未发现异常。",
        f"该项措施利用机组调停机会完成，工期{rng.randint(2, 9)}天，所需费用在分场检修费用中列支。",
        f"措施实施前编制了技术方案并经分场专工审核，实施后对相关参数跟踪{rng.randint(2, 8)}周，效果稳定。",
        "为保证措施长期有效，同步修订了运行（检修）规程相应条款，并纳入定期工作。",
        f"实施过程中课题组先在一处试点，确认效果后再全面推开，前后用时约{rng.randint(3, 8)}周。",
    ], len(t["measures"]))
    for i, m in enumerate(t["measures"], 1):
        lines.append(f"### 3.{i} {m}")
        lines.append("")
        lines.append(how[i - 1])
        lines.append("")
    lines += ["## 4 效果", "",
              "改进前后主要指标对比见表1。", "",
              "表1 改进前后指标对比", "",
              "| 项目 | 改进前 | 改进后 | 目标值 |", "| --- | --- | --- | --- |",
              f"| {ind}（{unit or '—'}） | {t['before']} | {got} | {t['after']} |", ""]
    if p.get("benefit"):
        lines.append(f"经测算（{p['benefit']['basis']}），年经济效益约 {p['benefit']['amount']:g} 万元。")
        lines.append("")
    lines += ["## 5 结论", "",
              f"通过对{kw[0]}问题的系统分析和针对性改进，{ind}{'降至' if dirw == '降低' else '提高到'} {got}{unit}，"
              f"达到预期目标。实践表明，以QC方法为主线、以师带徒为组织形式开展课题攻关，既解决了生产难题，"
              f"也锻炼了青年员工。下一步将把成熟做法推广到其他机组同类设备。", ""]
    return "\n".join(lines)
