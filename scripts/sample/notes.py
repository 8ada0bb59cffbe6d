"""Progress logs of the sample projects: what a group leader would write down, when something happened.

A note says one thing the group did, in the project's own terms (its indicator, causes, measures,
equipment); a site is named only when it is one of the project's (a 供热公众号 project is not
tried out “在一级管网阀门井”), a unit only when the project is on that unit. The log follows the
work: a few notes before 立项, then survey, analysis, each measure, the check and the report; it
ends on the completion day (the appraisal, a patent or a paper may follow — they are added by the
caller), or at the reference date for work still under way, with gaps where work waited.

Every phrase has several wordings and each project draws from its own random stream (seeded by its
id), so rewording one project never moves another project's text.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from texts import PLACES, direction, interp, unit_of, value_text


def rng_for(*parts) -> random.Random:
    """A stream of its own for one piece of text (string seeds are stable across runs)."""
    return random.Random("qinchuang-sample|" + "|".join(str(p) for p in parts))


def fitting_places(t) -> list[str]:
    """The sub-base's sites that share a word with the project (none: the note names no site)."""
    text = t["title"] + "".join(t["keywords"])
    u = unit_of(t["title"])
    return [p for p in PLACES[t["base"]] if any(p[i:i + 2] in text for i in range(len(p) - 1))
            and not (re.search(r"#\d", p) and (not u or f"#{u}" not in p))]


# what a measure is, from its first verb: the steps a group goes through to carry it out
KINDS = [
    ("build", r"研制|开发|设计|制作|搭建|部署"),
    ("test", r"试验|测定|实测|标定|校验|测试|比对|检漏|检查"),
    ("paper", r"编制|制定|建立|修订|编写|签订|完善|推行|实行|明确|规范|固化|纳入"),
    ("train", r"培训|带教|比武|开设|举办|讲堂|题库"),
    ("fit", r"更换|改造|加装|增设|安装|封堵|治理|清洗|改接|扩径|布置|疏通|改为|改用|敷设|堆焊|校直|紧固"),
    ("tune", r"优化|调整|整定|增加|采用|分档|提高|降低|修正|统一|按"),
]


def measure_kind(m: str) -> str:
    for kind, rx in KINDS:
        if re.search(rx, m):
            return kind
    return "other"


def _steps(t, m: str, ctx: dict, r: random.Random) -> list[str]:
    """One or two notes for carrying out measure ``m``."""
    kind = measure_kind(m)
    lead, mentor, appr, window = ctx["leader"], ctx["mentor"], ctx["appr"], ctx["window"]
    site = ctx["site"]
    at = f"在{site}" if site else ""
    if kind == "build":
        soft = re.search(r"软件|系统|平台|程序|模型|台账|模板|表", m + t["title"])
        if soft:
            first = r.choice([f"完成“{m}”的需求调研，列出功能{r.randint(6, 15)}项，{mentor}审核。",
                              f"“{m}”第一版完成，{appr}负责测试并记录问题。"])
            fixes = ["界面布局", "数据导出格式", "权限设置", "统计口径"]
            second = r.choice([f"“{m}”试用{r.randint(2, 6)}周，改进了{r.choice(fixes)}。",
                               f"测试完成，{appr}编写使用说明，交{'班组' if ctx['tech'] else '各分基地'}试用。"])
        else:
            first = r.choice([f"完成“{m}”的方案和图纸，{mentor}组织会审，提出修改意见{r.randint(3, 9)}条。",
                              f"“{m}”的样机完成第一版，{appr}负责记录调试数据。",
                              f"{lead}带领组员完成“{m}”的选型比对，确定采用自制加外购件的方案。"])
            fixes = ["固定方式", "报警阈值", "密封结构", "供电方式"]
            second = r.choice([f"“{m}”{at}试用{r.randint(2, 6)}周，改进了{r.choice(fixes)}。",
                               f"样机调试完成，{appr}编写使用说明，交班组试用。"])
    elif kind == "test":
        first = r.choice([f"“{m}”试验方案经分场专工审核通过，办理{'工作票' if ctx['tech'] else '审批手续'}。",
                          f"{mentor}带{appr}做“{m}”，第一轮取得数据{r.randint(8, 40)}组。"])
        second = r.choice([f"试验数据整理完毕：与试验前相比，{ctx['ind']}有{r.choice(['明显', '一定'])}改善，结论报分基地。",
                           f"补做{r.randint(1, 3)}个工况的对比试验，排除负荷波动的影响。"])
    elif kind == "paper":
        first = r.choice([f"“{m}”初稿完成，发各班组征求意见，收到意见{r.randint(4, 15)}条。",
                          f"{lead}主持讨论“{m}”的具体条款，{appr}负责汇总修改。"])
        second = r.choice([f"“{m}”经{'分场' if ctx['tech'] else '部门'}审定后印发执行。",
                           "新制度（标准）执行满一个月，课题组检查执行记录，个别班组填写不规范已当面纠正。"])
    elif kind == "train":
        first = r.choice([f"按“{m}”组织第一期，参加{r.randint(8, 30)}人次。",
                          f"{mentor}讲授第一课，{appr}担任助教，课后布置实操练习。"])
        second = r.choice(["组织阶段考核，未通过的人员安排师傅补课。",
                           f"第{r.randint(2, 4)}期完成，学员反馈以现场实例讲解效果最好。"])
    elif kind in ("tune", "fit"):
        need_window = kind == "fit" and ctx["tech"]
        first = r.choice([f"“{m}”所需材料到货验收，办理工作票，向班组交底。",
                          f"{lead}与检修班组确定“{m}”的施工步骤和安全措施。"] if ctx["tech"] else [
                          f"“{m}”的实施方案经部门审定。", f"{lead}与相关班组确定“{m}”的实施步骤。"])
        if need_window and window:
            second = f"利用{window}完成“{m}”，{mentor}现场验收。"
        elif ctx["tech"]:
            second = r.choice([f"“{m}”完成后试运{r.randint(24, 72)} h，参数正常。",
                               f"完成“{m}”，{appr}按日记录相关参数。"])
        else:
            second = r.choice([f"“{m}”先在一个班组试行一个月，再全面推开。",
                               f"完成“{m}”，{lead}逐项检查落实情况。"])
    else:
        first = r.choice([f"开始实施“{m}”，{lead}明确责任人和完成时间。", f"“{m}”由{mentor}牵头，{appr}配合。",
                          f"讨论“{m}”的做法，{r.choice(['意见不一，先小范围试', '决定分两步实施', '决定按原方案实施'])}。"])
        second = r.choice([f"“{m}”完成。", f"“{m}”实施完毕，{appr}整理实施前后记录。", f"“{m}”落实，{lead}组织检查。"])
    return [first, second] if r.random() < 0.75 else [first]


# What holds work up depends on the month the note is dated (filled in once it is): 迎峰度夏 is
# June–September, the heating season and 迎峰度冬 November–March, 春检 spring, 秋检 autumn.
SEASON, OFFICE = "〈季节〉", "〈事务〉"
SEASON_REASONS = {6: ["迎峰度夏", "机组调峰"], 7: ["迎峰度夏", "缺陷处理"], 8: ["迎峰度夏", "缺陷处理"],
                  9: ["迎峰度夏", "秋检"], 10: ["秋检", "缺陷处理"], 11: ["秋检", "供热期", "迎峰度冬"],
                  12: ["迎峰度冬", "供热期"], 1: ["迎峰度冬", "供热期"], 2: ["迎峰度冬", "春节保电"],
                  3: ["供热期", "春检"], 4: ["春检", "机组调峰"], 5: ["春检", "缺陷处理"]}
OFFICE_REASONS = {1: ["年度总结", "人员轮训"], 2: ["春节假期", "人员轮训"], 6: ["年中检查", "月底结算"],
                  7: ["年中检查", "人员轮训"], 12: ["年终考核", "月底结算"]}


def _in_season(note: str, day: date, r: random.Random) -> str:
    note = note.replace(SEASON, r.choice(SEASON_REASONS[day.month]))
    return note.replace(OFFICE, r.choice(OFFICE_REASONS.get(day.month, ["人员轮训", "月底结算"])))


def _detail(s: str, phase: str, ctx: dict, r: random.Random) -> str:
    """Mostly a second sentence: who did the legwork, what held the work up, what was filed.

    Most notes carry one, drawn from a pool of its phase, so two groups that did the same step
    rarely wrote the same thing down about it."""
    if r.random() < 0.2:
        return s
    n = r.randint(2, 9)
    if phase == "pre":
        pool = [f"{ctx['appr']}协助整理材料。", f"附近{r.randint(6, 12)}个月的统计报表。", "分基地主任签字同意。",
                f"申报材料共{n + 6}页。", "附现场照片和缺陷记录。" if ctx["tech"] else "附相关台账摘录。",
                f"{ctx['mentor']}把关修改。", "材料报基地办公室。", f"准备用了{n}天。"]
    else:
        pool = [f"{ctx['appr']}负责记录。", "资料已存入课题台账。", f"用时{n}天。", f"{ctx['leader']}参加。",
                "照片和记录已上传课题群。", f"{ctx['mentor']}看过记录，签了字。"]
        if ctx["tech"]:
            pool += [f"因{SEASON}推迟了{n}天。", f"{ctx['mentor']}现场把关。", f"办理工作票{r.randint(1, 3)}张。",
                     "运行值班员配合操作。"]
        else:
            pool += [f"涉及{r.randint(2, 6)}个班组。", f"征求了{n}位班组长的意见。", f"因{OFFICE}推迟了一周。"]
    pool = [c for c in pool if not any(w in c and w in s for w in
                                       (ctx["appr"], ctx["leader"], ctx["mentor"], "工作票", "班组", "周", "照片", "记录"))]
    return s + r.choice(pool)


def plan(t, p, people) -> list[tuple[str, str]]:
    """The project's notes in working order, each with its phase."""
    r = rng_for("notes", p["id"])
    team = p["team"]
    name = lambda role: people[next(m["person"] for m in team if m["role"] == role)]["name"]  # noqa: E731
    u = unit_of(t["title"])
    tech = t["category"] == "技术"
    places = fitting_places(t)
    ctx = {"leader": name("组长"), "mentor": name("导师"), "appr": name("徒弟"), "ind": t["indicator"],
           "tech": tech, "site": places[0] if places else None,
           "window": (f"#{u}机组调停消缺窗口" if u else "机组调停消缺窗口") if tech else None}
    lead, mentor, appr, ind = ctx["leader"], ctx["mentor"], ctx["appr"], ctx["ind"]
    causes, measures, kw = t["causes"], t["measures"], t["keywords"]
    unit = "" if t["unit"] == "—" else t["unit"]
    verb = "降至" if direction(t) == "降低" else "达到"
    out: list[tuple[str, str]] = []

    out.append(("pre", r.choice([
        f"{lead}向分基地提交申报书，课题指标定为“{ind}”。",
        f"课题组提交申报书：近一年{ind}为{value_text(t, 'before')}，拟通过攻关{direction(t)}到{value_text(t, 'after')}。",
        f"分基地推荐“{t['title']}”申报基地课题，组长{lead}。"])))
    if r.random() < 0.5:
        out.append(("pre", r.choice([
            f"分基地初审，要求补充{ind}的原始统计数据。",
            (r.choice([f"初审意见：课题范围偏大，建议聚焦{kw[0]}，申报书已修改。",
                       f"分基地初审认为题目偏大，建议先只做{kw[0]}这一块，组长同意。",
                       f"初审时专工建议把范围收窄到{kw[0]}，申报书按此改写。"]) if len(t['title']) > 14 else
             r.choice(["初审意见：补充对标数据，申报书已修改。", "初审要求补充同类机组的对标数据。" if tech else
                       "初审要求补充兄弟单位的对比数据。", f"初审退回：现状数据只有{r.randint(2, 5)}个月，要求补足一年。"]))])))

    survey = [r.choice([
        f"课题启动会：{mentor}任导师，带徒弟{appr}负责现状调查。",
        f"召开第一次课题组会，分工到人，{appr}跟着{mentor}做数据收集。",
        f"课题组成立后第一次碰头，{lead}布置现状调查，{r.randint(2, 4)}周内完成。"])]
    survey.append(r.choice([
        f"现状调查：调阅近{r.randint(6, 24)}个月{'运行日志和缺陷单' if tech else '台账和统计报表'}，{ind}平均{value_text(t, 'before')}。",
        f"{appr}整理出{ind}的月度数据，" + r.choice(
            ["低负荷和季节交替时段偏差最大。", "夏季高温月份最差。", "机组启停多的月份最差。", f"{r.randint(2, 11)}月以后明显变差。"]
            if tech else ["个别月份偏差最大。", "年底几个月最集中。", f"{r.randint(2, 11)}月份最突出。", "各月差别不大，问题是普遍的。"]),
        f"现状调查完成，问题主要集中在“{causes[0]}”。"]))
    if places and tech and r.random() < 0.6:
        survey.append(("" if r.random() < 0.5 else f"{mentor}带{appr}") + f"到{places[0]}查看{kw[0]}现场情况，拍照记录。")
    out += [("survey", s) for s in survey]

    analysis = [r.choice([
        f"原因分析会，用{r.choice(['鱼骨图', '关联图', '系统图']) if tech else r.choice(['树图', '亲和图', '调查表'])}梳理末端因素{r.randint(6, 13)}条。",
        f"{lead}组织原因分析，{'请设备厂家技术人员参加' if tech and r.random() < 0.4 else '请相关班组长参加'}，列出可能原因{r.randint(6, 12)}条。"])]
    confirm = "、".join(f"“{c}”" for c in causes)
    analysis.append(r.choice([f"要因确认完成：{confirm}。", f"逐条现场验证后确认要因{len(causes)}条：{confirm}。",
                              f"要因确认：{'现场测试' if tech else '查阅记录'}表明“{causes[0]}”影响最大，另有{len(causes) - 1}条要因。",
                              f"{mentor}带{appr}逐条核对末端因素，排除{r.randint(3, 8)}条，余下“{causes[0]}”等{len(causes)}条为要因。"]))
    analysis.append(r.choice([f"对策表（{len(measures)}项）报分基地审核通过。",
                              f"制定对策{len(measures)}项，明确责任人和完成时间。",
                              f"对策讨论会：先做“{measures[0]}”，其余{len(measures) - 1}项随后跟进。",
                              f"{lead}把对策表发给{'分场专工' if tech else '部门负责人'}征求意见，按意见调整了实施顺序。"]))
    out += [("analysis", s) for s in analysis]

    for i, m in enumerate(measures):
        out += [("implement", s) for s in _steps(t, m, ctx, r)]
        if i == 0 and len(measures) > 1 and r.random() < 0.6:
            out.append(("implement", f"阶段检查：{ind}{verb}{interp(t, 0.4, r)}{unit}左右。"))
    if r.random() < 0.5:
        out.append(("implement", r.choice([f"在基地推进例会上汇报进度，{len(measures)}项对策已全部落实。",
                                           f"分基地检查课题进度，{len(measures)}项对策已落实，进入效果检查。"])))

    out.append(("check", r.choice([
        f"效果检查：连续{r.randint(3, 8)}周统计，{ind}稳定在{interp(t, 0.97, r)}{unit}左右。",
        f"{appr}统计对策实施后{r.randint(1, 3)}个月的数据，{ind}{verb}{interp(t, 0.97, r)}{unit}，目标值{value_text(t, 'after')}。"])))
    if r.random() < 0.6:
        out.append(("check", r.choice([
            f"巩固措施：{'修订' + kw[0] + '相关规程条款' if tech else '相关做法写入管理制度'}，报{'分场' if tech else '部门'}审批。",
            f"把有效做法纳入{'定期工作和点检标准' if tech else '部门工作标准'}。"])))
    out.append(("close", r.choice([
        f"成果报告初稿完成，{mentor}审核修改。",
        f"{appr}在{mentor}指导下写出成果报告初稿。",
        f"整理成果材料：{ind}前后对比、{len(measures)}项对策的实施记录和照片。",
        f"{lead}审定成果报告，{r.choice(['删去了与课题无关的内容', '要求附上原始数据'] + (['补充了效益计算过程'] if t['benefit'] != 'none' else []))}。"])))
    if r.random() < 0.4:
        out.append(("close", r.choice([f"课题组总结会，{appr}交流参加课题的体会。",
                                       f"总结会上{mentor}点评：{r.choice(['数据记录扎实', '现场调查还可以更细', '对策落实及时'])}。"])))
    return [(phase, _detail(s, phase, ctx, r)) for phase, s in out]


def progress_notes(t, p, people, end: date) -> list[dict]:
    """Dated notes from proposal to completion (or termination, or ``end`` for work under way)."""
    r = rng_for("dates", p["id"])
    steps = plan(t, p, people)
    if p.get("terminated"):  # the log stops the day the work was stopped
        end = p["terminated"] - timedelta(days=1)
    start = p["proposed"]
    approved = p.get("approved")
    completed = p.get("completed")
    pre = [s for ph, s in steps if ph == "pre"]
    work = [s for ph, s in steps if ph != "pre"]
    notes = []
    last = approved or end
    for i, s in enumerate(pre):
        day = start if i == 0 else start + timedelta(days=r.randint(3, max(3, (last - start).days - 1)))
        if day < last:
            notes.append({"date": day, "note": s})
    if not approved:
        return notes
    begin = p.get("started") or approved
    if p.get("started") is None:  # approved, not yet started: only the preparations
        return notes + [{"date": begin + timedelta(days=r.randint(10, 40)), "note": f"课题组细化实施方案，{'提报检修物资计划' if t['category'] == '技术' else '确定试点范围'}。"}][: 1 if begin + timedelta(days=40) < end else 0]
    finish = completed or (begin + timedelta(days=p.get("planned_days", 300)))
    span = max((finish - begin).days, len(work) + 1)
    # spread the steps over the work; a step comes a few days either side of its share of the time
    for i, s in enumerate(work):
        day = begin + timedelta(days=round(span * (i + 1) / (len(work) + 1)) + r.randint(-5, 5))
        if completed and day >= completed:
            day = completed - timedelta(days=len(work) - i)
        if day > end or day <= begin:
            continue
        notes.append({"date": day, "note": s})
    season = rng_for("season", p["id"])
    return [{"date": n["date"], "note": _in_season(n["note"], n["date"], season)} for n in notes]
