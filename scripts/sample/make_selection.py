"""The sample's 2022 selection and 公示: nominations and three experts' score sheets that reproduce the
award ledger already in content/awards/ (the union keeps only the results; the sheets are
reconstructed so that `qinchuang awards 2022` can be demonstrated end to end).

make_sample.py runs this last; alone: python scripts/sample/make_selection.py (adds to content/).
Deterministic (fixed seed). Each nominee gets a target score from its place in the ledger
(grade, then award id); each expert's criteria scatter around it with weights summing the
scatter to zero, so rounding to 0.1 cannot reorder nominees 0.12 apart. Experts skip (回避)
the nominees of their own sub-base and those they worked on.
"""

from __future__ import annotations

import random
from pathlib import Path

from generator.config import load_config
from generator.validation import validate
from generator.validation.selection import conflict

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2022
SELECTIONS = [  # id, name, category, experts, extra nominees (not awarded)
    ("PX-2022-001", "2022年度秦电职工创新成果奖", "创新项目", ["QD10013", "QD10159", "QD10222"], 4),
    ("PX-2022-002", "2022年度秦电优秀科技论文奖", "科技论文", ["QD10014", "QD10015", "QD10195"], 3),
]


def main() -> None:
    generate(ROOT / "content")


def generate(content: Path) -> None:
    """Add the selections, score sheets and notices to the sample in ``content`` (make_sample.py
    calls this last, so a regenerated sample is the committed one)."""
    kb = validate(content.parent, config=load_config(ROOT)).kb
    rules = kb.config.rules.selection
    rnd = random.Random(20221210)
    folder = content / "selections" / str(YEAR)
    sheets_folder = content / "scores" / str(YEAR)
    folder.mkdir(parents=True, exist_ok=True)
    sheets_folder.mkdir(parents=True, exist_ok=True)
    sheet_no = 0
    for sel_id, name, category, experts, extra in SELECTIONS:
        rule = rules.categories[category]
        order = [g.grade for g in rule.grades]
        awards = [a for a in kb.awards if a.name == name and a.year == YEAR and a.category == category]
        awards.sort(key=lambda a: (order.index(a.grade), a.id))
        ranked = [a.recipients[0] for a in awards]
        pool = kb.projects if rule.kind == "project" else kb.papers
        others = [e.id for e in pool if e.id not in ranked and e.year == YEAR
                  and getattr(e, "status", "完成") in ("完成", "鉴定")]
        ranked += others[:extra]
        nominees = sorted(ranked)
        date = awards[0].date
        lines = [f"id: {sel_id}", f"name: {name}", f"year: {YEAR}", f"category: {category}",
                 f"granted_by: {awards[0].granted_by}", f"date: '{date}'", "experts:"]
        lines += [f"- {e}" for e in experts] + ["nominees:"] + [f"- {n}" for n in nominees]
        (folder / f"{sel_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        criteria = list(rule.criteria.items())
        for expert in experts:
            sheet_no += 1
            out = [f"id: PF-{YEAR}-{sheet_no:03d}", f"selection: {sel_id}", f"year: {YEAR}",
                   f"expert: {expert}", f"date: '{YEAR}-12-{8 + sheet_no:02d}'", "scores:"]
            for nominee in nominees:
                if conflict(kb, expert, nominee):
                    out.append(f"  # {nominee}：回避（{conflict(kb, expert, nominee)}）")
                    continue
                target = 9.4 - 0.12 * ranked.index(nominee)
                raw = [rnd.uniform(-0.4, 0.4) for _ in criteria]
                shift = sum(w * d for (_, w), d in zip(criteria, raw, strict=True))
                scatter = [d - shift for d in raw]  # weighted sum of the scatter is zero
                marks = ", ".join(f"{c}: {min(10.0, round(target + d, 1)):g}"
                                  for (c, _), d in zip(criteria, scatter, strict=True))
                out.append(f"  {nominee}: {{{marks}}}")
            (sheets_folder / f"PF-{YEAR}-{sheet_no:03d}.yml").write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{sel_id}：提名 {len(nominees)} 项，台账中获奖 {len(awards)} 项，专家 {len(experts)} 人")
    notices(kb, content)


def notices(kb, content: Path) -> None:
    """Two 公示 of 2022: the first 立项 batch (approved February–March) and the award results."""
    folder = content / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    batch = sorted(p.id for p in kb.projects if p.approved and p.approved.year == YEAR and p.approved.month <= 3)
    common = ["contact: QD10001", "place: 工会办公室（办公楼 305 室）", "issuer: 秦皇岛发电有限责任公司工会"]
    (folder / "GS-2022-001.yml").write_text("\n".join([
        "id: GS-2022-001", "title: 2022年第一批创新课题立项公示", f"year: {YEAR}", "type: 立项",
        "posted: '2022-03-10'", "until: '2022-03-16'", "projects:", *[f"- {p}" for p in batch], *common,
        "note: 经分基地推荐、基地评审组审核，以下课题拟于 2022 年第一批立项，现予公示。"]) + "\n", encoding="utf-8")
    (folder / "GS-2022-002.yml").write_text("\n".join([
        "id: GS-2022-002", "title: 2022年度职工创新成果奖和优秀科技论文奖评选结果公示", f"year: {YEAR}",
        "type: 评奖", "posted: '2022-12-19'", "until: '2022-12-25'", "selections:",
        *[f"- {sel_id}" for sel_id, *_ in SELECTIONS], *common,
        "note: 经专家评审（三位专家按创新性、实用性、经济效益、推广价值等评分，本分基地和本人参与的成果回避），"
        "基地评审组审定，拟授予以下成果 2022 年度奖励，现予公示。"]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
