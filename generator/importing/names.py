"""Names and codes in a cell → ids. Never a silent guess: a name that fits two entries, or none,
comes back unresolved with the candidates, and the caller reports it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ID_IN_TEXT = re.compile(r"[A-Z]{2,3}-\d{4}-\d{3}|[A-Z]{2,3}-\d{2}|[A-Z]{1,3}\d{4,}")
ID_ONLY = re.compile(ID_IN_TEXT.pattern)
DECORATION = re.compile(r"[（(][^）)]*[）)]|[\s*＊]+|\d+(,\d+)*$")
KIND_LABEL = {"person": "人员", "base": "分基地", "studio": "创新工作室", "project": "课题",
              "paper": "论文", "patent": "专利", "software": "软件著作权", "award": "奖励"}


@dataclass
class Resolved:
    value: str  # the id, or the text as given when unresolved
    ok: bool
    problem: str = ""
    note: str = ""  # how a name that was not written exactly was still resolved
    candidates: list[str] = field(default_factory=list)  # the ids an ambiguous name fits


@dataclass
class Names:
    """Per kind: id → label shown in reports, and name → ids."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    by_name: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    base_of: dict[str, str] = field(default_factory=dict)  # person id → sub-base id

    def add(self, kind: str, entry_id: str, names: list[str], label: str) -> None:
        self.labels.setdefault(kind, {})[entry_id] = label
        index = self.by_name.setdefault(kind, {})
        for name in {n for n in names if n}:
            ids = index.setdefault(name, [])
            if entry_id not in ids:
                ids.append(entry_id)

    def resolve(self, kind: str, raw: str) -> Resolved:
        if kind == "any" and ID_ONLY.fullmatch(raw):
            return Resolved(raw, True)
        if kind == "any":  # an award's recipient: whichever kind has that code or name
            hits = [r for k in self.labels if (r := self.resolve(k, raw)).ok]
            if len(hits) == 1:
                return hits[0]
            return Resolved(raw, False, f"“{raw}”" + ("对应不止一个条目，请写编号" if hits else "不是已有的课题、论文、工作室或人员（写编号或全称）"))
        labels, index = self.labels.get(kind, {}), self.by_name.get(kind, {})
        what = KIND_LABEL.get(kind, kind)
        found = [i for i in ID_IN_TEXT.findall(raw) if i in labels]
        if len(found) == 1:  # "关健（QD10001）", "QD10001 关健" or the bare code
            return Resolved(found[0], True)
        if ID_ONLY.fullmatch(raw):  # a code not (yet) in the knowledge base: the validator checks it
            return Resolved(raw, True)
        ids = index.get(raw) or index.get(DECORATION.sub("", raw)) or []
        if len(ids) == 1:
            return Resolved(ids[0], True)
        if not ids and kind == "base":  # "锅炉分场运行一班": the sub-base whose name it starts with
            starts = {i for name, found in index.items() if len(name) >= 3 and raw.startswith(name) for i in found}
            if len(starts) == 1:
                (only,) = starts
                return Resolved(only, True, note=f"“{raw}”按开头取分基地 {only}（{labels[only]}）")
        if ids:
            options = "、".join(f"{i}（{labels[i]}）" for i in ids)
            return Resolved(raw, False, f"{what}“{raw}”对应 {len(ids)} 个：{options}，请改成其中一个的编号",
                            candidates=list(ids))
        return Resolved(raw, False, f"没有名为“{raw}”的{what}" + HINTS.get(kind, ""))


HINTS = {
    "person": "：本厂职工请先建人员条目（qinchuang new person 或导入人员名单），再写工号；厂外人员写 {name: 姓名, org: 单位}",
    "base": "：请写分基地编号（如 FJD-01）或 content/bases/ 中的分基地名称",
    "studio": "：请写工作室编号（如 GZS-01）或工作室全称",
}


def from_kb(kb) -> Names:
    names = Names()
    bases = {b.id: b for b in kb.bases}
    for b in kb.bases:
        short = b.name.removesuffix("分基地")
        names.add("base", b.id, [b.id, b.name, b.union, short, b.union.removesuffix("分工会")], b.name)
    for p in kb.people:
        base = bases.get(p.base)
        names.add("person", p.id, [p.id, p.name], f"{p.name}，{base.name if base else p.base}")
        names.base_of[p.id] = p.base
    for s in kb.studios:
        names.add("studio", s.id, [s.id, s.name], s.name)
    for kind, entries in (("project", kb.projects), ("paper", kb.papers), ("patent", kb.patents),
                          ("software", kb.software), ("award", kb.awards)):
        for e in entries:
            title = getattr(e, "title", None) or getattr(e, "name", "")
            names.add(kind, e.id, [e.id, title], title)
    return names
