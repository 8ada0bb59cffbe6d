"""The sample's 合理化建议 and “五小” results, at the scale of a plant of 1,180 staff.

About 250 suggestions and 30 “五小” results in two years (≈ 0.1 a head a year: a plant that has
just started to collect them, not one with a quota per person). Most are small and local; about
six in ten are adopted, three in ten are not — each with the reviewer's reason, fed back to the
proposer — a few become projects (the project's ``origin`` names the suggestion, and the proposer
is in its group), and those handed in during the last weeks of 2022 still wait for review. An
adopted one is carried out some weeks later; a bonus of 100–500 元 (“五小” 200–1,000 元) is paid.

The ideas are in proposals_data.py; each proposal draws from its own random stream.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from notes import rng_for
from proposals_data import REJECT, SUGGESTIONS, WUXIAO

START, END = date(2021, 1, 11), date(2022, 12, 30)
LAST_REVIEW = date(2022, 11, 25)  # handed in after this: still 待评审 on the reference date
TO_PROJECT = 8  # suggestions that became projects


def _lines(block: str) -> list[list[str]]:
    return [[f.strip() for f in line.split("|")] for line in block.strip().splitlines()]


def _unit(text: str, u: str) -> str:
    return text.replace("{u}号", f"{u}号").replace("{u}", f"#{u}")


def _where(title: str, u: str) -> str:
    """What a unit-less problem text is about: “#2机：”, “3号皮带机：” (the idea recurs per unit)."""
    m = re.search(r"\{u\}(号机|号[^\s，。]{3}|炉|机组|机)", title)
    return _unit("{u}" + (m.group(1) if m else "机组"), u) + "："


def _workday(x: date) -> date:
    while x.weekday() >= 5:
        x += timedelta(days=1)
    return x


def _proposers(people: dict, pool: list[str], day: date, r) -> list[str]:
    """One front-line employee (now and then two) of the sub-base who had joined by then."""
    cands = [p for p in pool if people[p]["joined"] <= day.year and people[p]["tier"] != "senior"] or pool
    return r.sample(cands, 2 if r.random() < 0.25 and len(cands) > 1 else 1)


def _benefit(spec: str) -> dict | None:
    if spec == "-":
        return None
    amount, basis = spec.split(";", 1)
    return {"amount": float(amount), "basis": basis}


def _done(r, made: bool = False) -> str:
    if made:  # a “五小” result is a thing made or a way of working: how many, who uses it
        return r.choice([f"制作{r.randint(2, 8)}件，配发班组使用。", "已在现场使用，班组反映方便、省力。",
                         "经分场验收后推广到同类设备。"])
    return r.choice(["已按建议实施，运行正常。", "已实施，班组验收合格。", "已列入定期工作并执行。", "已在现场实施，效果良好。"])


def _review(item: dict, category: str, r, adopt: float, made: bool = False) -> None:
    """Decision, its date and reason, the implementation and the bonus."""
    decided = _workday(item["date"] + timedelta(days=r.randint(8, 30)))
    if item["date"] > LAST_REVIEW or decided > END:
        item["decision"] = "待评审"
        return
    item["decided"] = decided
    if r.random() < adopt:
        item["decision"] = "采纳"
        done = _workday(decided + timedelta(days=r.randint(10, 75)))
        if done <= END:
            item["implementation"] = {"date": done, "note": _done(r, made), "benefit": item.pop("benefit", None)}
        impl = item.get("implementation")
        item["bonus"] = 500 if impl and impl["benefit"] else r.choice([100, 200, 200, 300])
    else:
        item["decision"] = "不采纳"
        item["reason"] = r.choice(REJECT.get(category, REJECT["其他"]))
    item.pop("benefit", None)


def suggestions(people: dict, by_base: dict[str, list[str]]) -> list[dict]:
    out = []
    for base, block in SUGGESTIONS.items():
        for n, (category, title, problem, proposal, keywords, benefit) in enumerate(_lines(block)):
            units = ["1", "2", "3", "4"] if "{u}" in title else [None]
            r = rng_for("suggestion-days", base, n)
            first = START + timedelta(days=int(560 * r.random() ** 0.7))  # more each year, as the base took hold
            for k, u in enumerate(r.sample(units, len(units))):
                day = _workday(first + timedelta(days=k * r.randint(60, 150)))
                if day > END:
                    break
                rr = rng_for("suggestion", base, n, u)
                item = {"base": base, "date": day, "category": category,
                        "title": _unit(title, u) if u else title,
                        "problem": (_unit(problem, u) if "{u}" in problem else _where(title, u) + problem) if u else problem,
                        "proposal": _unit(proposal, u) if u else proposal, "keywords": keywords.split(","),
                        "benefit": _benefit(benefit), "proposers": _proposers(people, by_base[base], day, rr)}
                _review(item, category, rr, adopt=0.6)
                out.append(item)
    return out


def converted(projects: list[dict], people: dict) -> list[dict]:
    """Suggestions that became projects: a group member's idea, weeks before the project's 申报."""
    cands = [t for t in projects if t["year"] == 2022 and t.get("approved") and t["category"] == "技术"
             and not t.get("variant_of")]
    r = rng_for("converted")
    out = []
    for t in sorted(r.sample(cands, TO_PROJECT), key=lambda t: t["id"]):
        member = next(m["person"] for m in t["team"] if m["role"] in ("成员", "徒弟"))
        day = _workday(t["proposed"] - timedelta(days=r.randint(30, 80)))
        decided = _workday(day + timedelta(days=r.randint(8, 20)))
        if decided >= t["proposed"]:
            decided = t["proposed"] - timedelta(days=3)
        out.append({"base": t["base"], "date": day, "category": "技术改进", "title": f"建议立项攻关：{t['title']}",
                    "problem": f"近一年{t['indicator']}为 {t['before']}{'' if t['unit'] == '—' else ' ' + t['unit']}，"
                               f"主要问题是{t['causes'][0]}。",
                    "proposal": f"建议{t['measures'][0]}；问题涉及面较大，建议作为创新课题立项攻关。",
                    "keywords": t["keywords"][:2], "proposers": [member], "decision": "转为课题", "decided": decided,
                    "reason": "问题涉及多项对策，需要课题组系统攻关，转为创新课题。", "project": t["id"], "bonus": 200,
                    "topic": t})
    return out


def wuxiao(people: dict, by_base: dict[str, list[str]]) -> list[dict]:
    out = []
    for base, block in WUXIAO.items():
        for n, (category, title, problem, proposal, keywords) in enumerate(_lines(block)):
            r = rng_for("wuxiao", base, n)
            day = _workday(START + timedelta(days=30 + int(680 * r.random() ** 0.6)))
            item = {"base": base, "date": day, "category": category, "title": title, "problem": problem,
                    "proposal": proposal, "keywords": keywords.split(","), "proposers": _proposers(people, by_base[base], day, r)}
            _review(item, "其他", r, adopt=0.85, made=True)
            if item["decision"] == "采纳":
                item["bonus"] = r.choice([200, 300, 500, 800, 1000])
            out.append(item)
    return out


def number(items: list[dict], prefix: str) -> None:
    for year in (2021, 2022):
        mine = sorted((x for x in items if x["date"].year == year), key=lambda x: (x["date"], x["title"]))
        for i, x in enumerate(mine, 1):
            x["id"] = f"{prefix}-{year}-{i:03d}"
            x["year"] = year


def emit(ctx: dict, write) -> None:
    people, by_base = ctx["people"].items, ctx["people"].by_base
    sugg = suggestions(people, by_base) + converted(ctx["projects"], people)
    number(sugg, "HL")
    for s in sugg:
        if "topic" in s:
            s.pop("topic")["origin"] = s["id"]
    five = wuxiao(people, by_base)
    number(five, "WX")
    keys = ("id", "year", "title", "proposers", "base", "date", "category", "problem", "proposal", "keywords",
            "decision", "decided", "reason", "project", "implementation", "bonus")
    for folder, items in (("suggestions", sugg), ("wuxiao", five)):
        for x in items:
            write(ctx["out"], f"{folder}/{x['year']}/{x['id']}.yml", ctx["clean"]({k: x.get(k) for k in keys}))
