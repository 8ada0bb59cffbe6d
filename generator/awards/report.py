"""`qinchuang awards <year>`: the ranking of each selection of the year, checked against the
award entries; with ``write`` the missing award entries are written (grades that contradict the
ranking are never overwritten: a person decides)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, UsageError
from generator.kb import KnowledgeBase
from generator.models import KINDS, Selection
from generator.scaffold import next_id
from generator.validation import validate

from .ranking import Ranked, compare, ledger, missing_sheets, rank, sheets_of, undecided_ties

# errors this command exists to resolve or to show: it runs despite them (and --write stays safe)
_SHOWN_HERE = {"award-missing", "score-missing", "selection-invalid"}


@dataclass
class AwardsReport:
    text: str
    consistent: bool
    written: list[str]


def awards_report(root: Path, year: int, write: bool = False) -> AwardsReport:
    result = validate(root)
    blocking = [i for i in result.report.issues if i.severity == "error"
                and not (i.code in _SHOWN_HERE and (i.code != "selection-invalid" or "同分" in i.message))]
    if blocking:
        raise ContentError(f"知识库有 {len(blocking)} 个错误（评分表、回避、名额等都在其中）："
                           "请先运行 qinchuang validate 并修正", report=result.report)
    kb = result.kb
    selections = [s for s in kb.selections if s.year == year]
    if not selections:
        raise UsageError(f"{year} 年没有评选：请在 content/selections/{year}/ 中添加评选文件（qinchuang new selection）")
    lines: list[str] = []
    consistent, written, total = True, [], 0
    for selection in selections:
        ranking = rank(kb, selection)
        lines += _table(kb, selection, ranking)
        absent = missing_sheets(kb, selection)
        if absent:
            names = "、".join(f"{e}（{p.name}）" if (p := kb.entry("person", e)) else e for e in absent)
            lines.append(f"  ! 尚缺 {names} 的评分表：以上排名是暂定的，不与奖励台账核对，也不写入奖励"
                         f"（评分表放在 content/scores/{year}/，qinchuang new scoresheet --selection {selection.id}）")
            lines.append("")
            consistent = False
            continue
        ties = undecided_ties(selection, ranking)
        for group in ties:
            grades = "与".join(dict.fromkeys(r.grade or "不获奖" for r in group))
            lines.append(f"  ! {' 与 '.join(r.nominee for r in group)} 同分（{group[0].score:.3f}），名次跨{grades}："
                         "请评审组决定先后，写入评选的 tiebreak 并在 note 中记录（此前不写入奖励）")
        consistent &= not ties
        differences = compare(kb, selection, ranking)
        missing = [d for d in differences if d.recorded is None]
        if write and missing and not ties:
            for d in missing:
                written.append(_write_award(root, kb, selection, next(r for r in ranking if r.nominee == d.nominee)))
            differences = [d for d in differences if d.recorded is not None]
        how = "评审组决定同分先后后再加 --write 写入" if ties else "加 --write 写入"
        for d in differences:
            if d.recorded is None:
                lines.append(f"  ✗ {d.nominee} 按排名应获{d.expected}，奖励台账中没有（{how}）")
            elif d.expected is None:
                lines.append(f"  ✗ {d.award} 给 {d.nominee} 记了{d.recorded}，但按排名它不获奖")
            else:
                lines.append(f"  ✗ {d.award} 给 {d.nominee} 记了{d.recorded}，按排名应为{d.expected}")
        consistent &= not differences
        awarded = sum(r.amount or 0 for r in ranking)
        total += awarded
        status = "与奖励台账一致" if not differences else f"与奖励台账有 {len(differences)} 处不一致"
        if ties:
            status += f"；{sum(len(g) for g in ties)} 项同分待定"
        lines.append(f"  获奖 {sum(1 for r in ranking if r.grade)} 项，奖金 {awarded:,} 元；{status}")
        lines.append("")
    for rel in written:
        lines.append(f"已写入 {rel}")
    lines.append(f"{year} 年评奖：{len(selections)} 次评选，奖金合计 {total:,} 元（{total / 10000:g} 万元）；"
                 + ("全部与奖励台账一致" if consistent else "有不一致之处，见上"))
    return AwardsReport("\n".join(lines) + "\n", consistent, written)


def _table(kb: KnowledgeBase, selection: Selection, ranking: list[Ranked]) -> list[str]:
    rules = kb.config.rules.selection
    sheets = sheets_of(kb, selection)
    trim = f"，{rules.trim_at} 人及以上去掉最高最低分" if rules else ""
    out = [f"{selection.id} {selection.name}（{selection.category}）：提名 {len(selection.nominees)} 项，"
           f"评审专家 {len(selection.experts)} 人，评分表 {len(sheets)} 张（加权平均{trim}）",
           f"{'名次':>4}  {'编号':<12}{'得分':>7}  {'评分人数':<4}  {'等级':<4}  {'奖金':>6}  题目"]
    for r in ranking:
        entry = kb.get(r.nominee)
        title = getattr(entry, "title", "") if entry else ""
        score = f"{r.score:.3f}" if r.score is not None else "—"
        amount = f"{r.amount:,}" if r.amount is not None and not r.tied else ""
        grade = "同分待定" if r.tied else (r.grade or "—")
        out.append(f"{r.rank:>6}  {r.nominee:<14}{score:>7}  {r.sheets:^8}  {grade:\u3000<3}  {amount:>8}  {title}")
    return out


def _write_award(root: Path, kb: KnowledgeBase, selection: Selection, r: Ranked) -> str:
    kind = KINDS["award"]
    award_id = next_id(root, kind, selection.year)
    existing = ledger(kb, selection)
    level = existing[0].level if existing else kb.config.rules.plant_award_levels[0]
    fields = {"id": award_id, "name": selection.name, "level": level, "grade": r.grade,
              "category": selection.category, "year": str(selection.year),
              "date": str(selection.date) if selection.date else None,
              "granted_by": selection.granted_by, "amount": str(r.amount)}
    # json.dumps gives a YAML double-quoted scalar: a name with ':' or '#' stays text
    text = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items() if v is not None)
    text += f"recipients:\n- {r.nominee}\nnote: {json.dumps(f'由评选 {selection.id} 的排名生成', ensure_ascii=False)}\n"
    path = root / "content" / kind.folder / f"{award_id}.yml"
    path.write_text(text, encoding="utf-8")
    return path.relative_to(root).as_posix()
