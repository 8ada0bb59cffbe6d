"""Measure how templated the sample knowledge base reads, as an editor of the union office would notice.

    .venv/bin/python scripts/sample/audit.py [content]              # the figures
    .venv/bin/python scripts/sample/audit.py content --compare OLD   # ids, titles, people, links kept?

It reads the files themselves (YAML and Markdown, not the generator's models), so it measures any
knowledge base the same way. The figures:

- 公司公司: the plant's name doubled, in how many files and how many times in the printed 2021 book;
- papers: the largest group sharing one outline (the sequence of numbered section headings), the
  papers carrying 300+ characters of sentences that recur in three or more papers, the largest group
  sharing one closing sentence, and slot-filled phrases that read wrong;
- progress notes: how many, how many are one skeleton shared by ten or more projects (names, numbers
  and the project's own words masked), notes logged after completion (the validator's
  progress-after-end), notes naming a site or a unit that is not the project's, notes giving a
  seasonal reason (迎峰度夏, 春检 …) in a month outside its season;
- appraisals by whom and at what level, the largest group sharing one closing sentence, bodies
  rating outside their remit (a 河北省 body's 市内领先);
- money benefits per year and how many state their method; methods leaving a template's “（或…）”,
  savings filed as 增收, the most projects sharing one wording (a clause without figures);
  papers published; statuses (延期 / 终止 …).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from texts import PLACES  # noqa: E402  (the sites the sample's notes may name)

DOUBLED = "公司公司"
BAD_SLOTS = [r"对[^，。]{2,10}的安全和经济运行构成威胁", r"的(运行可靠性|经济性)问题日益突出"]
SKELETON_SHARED = 10
LEVEL_WORDS = r"国际领先|国际先进|国内领先|国内先进|省内领先|省内先进|市内领先|市内先进|行业领先|行业先进"
# 迎峰度夏 is June–September, 迎峰度冬 and the heating season November–March, 春检 March–May, 秋检 September–November
SEASONS = {"迎峰度夏": {6, 7, 8, 9}, "迎峰度冬": {11, 12, 1, 2}, "供热期": {11, 12, 1, 2, 3},
           "春检": {3, 4, 5}, "秋检": {9, 10, 11}}


def entries(root: Path) -> list[tuple[Path, dict, str]]:
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yml", ".md") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        body = ""
        if path.suffix == ".md":
            if not text.startswith("---\n"):
                continue
            head, _, body = text[4:].partition("\n---\n")
            text = head
        data = yaml.safe_load(text)
        if isinstance(data, dict) and "id" in data:
            out.append((path, data, body))
    return out


def sentences(text: str) -> list[str]:
    text = re.sub(r"\[[\d,\-–]+\]", "", text)
    return [s.strip() for s in re.split(r"[。！？\n]", text) if s.strip()]


def cjk(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))


def mask_digits(s: str) -> str:
    return re.sub(r"\d+(\.\d+)?", "0", s)


def paper_figures(papers: list[tuple[Path, dict, str]]) -> dict:
    outlines = Counter()
    closing = Counter()
    sent_papers: dict[str, set] = defaultdict(set)
    for _, p, body in papers:
        heads = tuple(re.sub(r"^[\d.\s]+", "", h) for h in re.findall(r"^## (.+)$", body, flags=re.M))
        outlines[heads] += 1
        text = [s for s in sentences(re.sub(r"^[#|!].*$", "", body, flags=re.M)) if cjk(s) >= 12]
        if text:
            closing[mask_digits(text[-1])] += 1
        for s in set(mask_digits(x) for x in text):
            sent_papers[s].add(p["id"])
    shared_chars = Counter()
    for s, ids in sent_papers.items():
        if len(ids) >= 3:
            for i in ids:
                shared_chars[i] += cjk(s)
    slots = sum(len(re.findall(rx, body)) for _, _, body in papers for rx in BAD_SLOTS)
    return {"论文篇数": len(papers),
            "共用同一提纲的最大篇数": max(outlines.values(), default=0),
            "含300字以上“三篇以上共有句子”的论文": sum(1 for n in shared_chars.values() if n >= 300),
            "共用同一结尾句的最大篇数": max(closing.values(), default=0),
            "读不通的填空句": slots}


def site_words() -> set[str]:
    return {p for places in PLACES.values() for p in places}


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def skeleton(note: str, project: dict, names: list[str]) -> str:
    """The note with the project's own words (title, keywords, anything quoted), names and numbers masked."""
    for w in sorted([project["title"], *project.get("keywords", [])], key=len, reverse=True):
        note = note.replace(w, "X")
    for q in re.findall(r"“([^”]+)”", note):
        note = note.replace(q, "X")
    for nm in names:
        note = note.replace(nm, "人")
    return mask_digits(note)


def note_figures(projects: list[tuple[Path, dict, str]], people: dict[str, str]) -> dict:
    sites = sorted(site_words(), key=len, reverse=True)
    skeleton_projects: dict[str, set] = defaultdict(set)
    total = after = misfit_site = misfit_unit = 0
    projects_after = set()
    names = sorted(people.values(), key=len, reverse=True)
    for _, p, body in projects:
        unit = re.search(r"#(\d)", p["title"])
        completed = str(p.get("completed") or "")
        for n in p.get("progress", []):
            total += 1
            note, day = n["note"], str(n["date"])
            skeleton_projects[skeleton(note, p, names)].add(p["id"])
            if completed and day > completed:
                after += 1
                projects_after.add(p["id"])
            for s in sites:
                if s in note:
                    if s not in body and not bigrams(s) & bigrams(p["title"] + "".join(p.get("keywords", []))):
                        misfit_site += 1
                    break
            units = set(re.findall(r"#(\d)机", note))
            own_units = set(re.findall(r"#(\d)机", body)) | ({unit.group(1)} if unit else set())
            if units - own_units and not re.search(r"推广|借鉴", note):
                misfit_unit += 1
    shared = {sk for sk, ids in skeleton_projects.items() if len(ids) >= SKELETON_SHARED}
    templated = 0
    for _, p, _ in projects:
        for n in p.get("progress", []):
            templated += skeleton(n["note"], p, names) in shared
    return {"进展记录条数": total, f"套用同一句式（≥{SKELETON_SHARED}个课题）的记录": templated,
            "完成后仍记进展的记录": after, "完成后仍记进展的课题": len(projects_after),
            "提到别处场所的记录": misfit_site, "提到别的机组的记录": misfit_unit}


def level_fits_body(body: str, level: str) -> bool:
    """A province's body does not rate a result against one city, a city's body not against the country."""
    if body.startswith("河北省"):
        return not level.startswith("市内")
    if re.match(r"[^省]{2,4}市", body):
        return level.startswith("市内")
    return True


def appraisal_figures(projects: list[dict]) -> dict:
    closings = Counter()
    misfit = 0
    for p in projects:
        a = p.get("appraisal")
        if not a:
            continue
        text = [s for s in sentences(str(a.get("conclusion") or "")) if cjk(s) >= 6]
        if text:
            closings[re.sub(LEVEL_WORDS, "L", mask_digits(text[-1]))] += 1
        misfit += not level_fits_body(str(a.get("body", "")), str(a.get("level", "")))
    return {"共用同一结论结尾的最大鉴定数": max(closings.values(), default=0), "鉴定单位与水平不相称": misfit}


def season_misfits(projects: list[dict]) -> int:
    """Notes giving a seasonal reason in a month outside its season."""
    bad = 0
    for p in projects:
        for n in p.get("progress", []):
            month = int(str(n["date"])[5:7])
            bad += any(w in n["note"] and month not in months for w, months in SEASONS.items())
    return bad


def benefit_text_figures(projects: list[dict]) -> dict:
    """Money methods: a template's alternative left unfilled, a saving filed as 增收, one wording in many projects."""
    unfilled = wrong_type = 0
    clause_projects: dict[str, set] = defaultdict(set)
    for p in projects:
        for one in p.get("benefits", []):
            method = str(one.get("method") or "")
            unfilled += "（或" in method
            wrong_type += one.get("type") == "增收" and "节约" in method
            for c in re.split(r"[，；：。（）]", method):
                if cjk(c) >= 8 and not re.search(r"\d", c):
                    clause_projects[c.strip()].add(p["id"])
    return {"效益方法中未选定的“（或…）”": unfilled, "写作增收的节约": wrong_type,
            "效益方法中共用同一说法的最多课题": max((len(v) for v in clause_projects.values()), default=0)}


def other_figures(items: list[tuple[Path, dict, str]]) -> dict:
    projects = [p for _, p, _ in items if str(p["id"]).startswith("KT-")]
    appraisals = [p["appraisal"] for p in projects if p.get("appraisal")]
    own = [a for a in appraisals if "基地" in a["body"] or "公司" in a["body"] and "集团" not in a["body"]]
    estimate_year: Counter = Counter()  # the group's own figure (万元/年), by year of completion
    confirmed_year: Counter = Counter()  # ledger records confirmed by 财务 / 技术部门, by period (万元)
    money = with_method = 0
    for p in projects:
        b = p.get("benefit")
        if b and b.get("amount"):
            money += 1
            with_method += bool(b.get("basis"))
            estimate_year[str(p.get("completed", ""))[:4]] += b["amount"]
        for one in p.get("benefits", []):
            if one.get("type") == "非经济":
                continue
            money += 1
            with_method += bool(one.get("method"))
            if one.get("confirmed_by"):
                wan = one["amount"] / 10000 if one.get("unit") == "元" else one["amount"]
                confirmed_year[str(one["period"]["start"])[:4]] += wan
    papers = [p for _, p, _ in items if str(p["id"]).startswith("LW-")]
    return {"鉴定": len(appraisals), "其中基地或本公司自评": len(own),
            "评为省内领先": sum(1 for a in appraisals if a.get("level") == "省内领先"),
            "鉴定单位": dict(Counter(a["body"] for a in appraisals).most_common()),
            "有金额的效益": money, "其中写明计算方法": with_method,
            "课题组自报效益合计（万元/年，按完成年份）": {y: round(v, 1) for y, v in sorted(estimate_year.items())},
            "已核实效益合计（万元，按所属年度）": {y: round(v, 1) for y, v in sorted(confirmed_year.items())},
            "已发表论文": sum(1 for p in papers if p.get("published")),
            "课题状态": dict(Counter(p["status"] for p in projects).most_common())}


def doubled(root: Path, items) -> dict:
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".yml", ".md")
             and DOUBLED in p.read_text(encoding="utf-8")]
    book = root / "anthology" / "2021.yml"
    printed = 0
    if book.exists():
        sel = yaml.safe_load(book.read_text(encoding="utf-8"))
        ids = {i for s in sel.get("sections", []) for i in s.get("papers", [])}
        printed = str(sel).count(DOUBLED) + sum(
            (path.read_text(encoding="utf-8")).count(DOUBLED) for path, p, _ in items if p["id"] in ids)
    return {"含“公司公司”的文件": len(files), "2021年论文集中的“公司公司”": printed}


LINK_KEYS = ("id", "title", "name", "team", "authors", "inventors", "owners", "recipients", "project",
             "outcomes", "awards", "members", "leader", "base", "studio", "head", "sections", "board")


def compare(new: list, old: list) -> list[str]:
    """What the rewrite must not change: every old entry's id, title, people and links."""
    now = {(path.parent.name, path.name): p for path, p, _ in new}
    problems = []
    for path, p, _ in old:
        q = now.get((path.parent.name, path.name))
        if q is None:
            problems.append(f"{p['id']}: 不见了")
            continue
        for k in LINK_KEYS:
            if p.get(k) != q.get(k):
                problems.append(f"{p['id']}: {k} 变了")
    return problems


def audit(root: Path) -> dict:
    items = entries(root)
    people = {str(p["id"]): p["name"] for _, p, _ in items if "name" in p and str(p["id"]).startswith("QD")}
    papers = [x for x in items if str(x[1]["id"]).startswith("LW-")]
    projects = [x for x in items if str(x[1]["id"]).startswith("KT-")]
    kt = [p for _, p, _ in projects]
    return (doubled(root, items) | paper_figures(papers) | note_figures(projects, people)
            | {"季节原因与月份不符的记录": season_misfits(kt)} | appraisal_figures(kt) | benefit_text_figures(kt)
            | other_figures(items))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content", nargs="?", default="content")
    ap.add_argument("--compare", help="与这份旧样例比较编号、标题、人员和关联")
    args = ap.parse_args()
    root = Path(args.content)
    for k, v in audit(root).items():
        print(f"{k}: {v}")
    if args.compare:
        problems = compare(entries(root), entries(Path(args.compare)))
        print(f"与 {args.compare} 相比改变的编号、标题、人员或关联：{len(problems)}")
        for line in problems[:40]:
            print("  " + line)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
