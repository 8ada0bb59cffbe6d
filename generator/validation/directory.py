"""Who is who, for messages: every entry's id, name and 分基地, read from the files as written.

Built before the schema stage from the raw data of every file, including files that fail their
own checks (their id then comes from the file name), so that

* a reference to a file that is broken counts as present: it is reported once, in that file;
* a suggested id always comes with the entry's name (and a person's 分基地), so a contributor can
  check it is the one they meant instead of accepting a stranger with a similar number;
* a name typed where an id belongs resolves to the id(s) carrying that name.

difflib's ratio ranks candidates; the id space is small (hundreds of entries), so no index.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from generator.kb import YEAR_KEYED
from generator.models import KINDS

LABELS = {name: kind.label for name, kind in KINDS.items()} | {"any": "条目"}
NAME_FIELDS = ("name", "title")
SHOWN = 3  # suggestions for a mistyped id
LISTED = 8  # valid values listed when nothing is close


@dataclass(frozen=True)
class Known:
    id: str
    kind: str
    name: str
    base: str  # 分基地 id, "" when the entry has none


@dataclass
class Directory:
    entries: dict[str, Known] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # ids of files that failed a check
    files: dict[str, str] = field(default_factory=dict)  # id of a broken file → its path

    def add(self, kind: str, stem: str, data) -> None:
        if kind in YEAR_KEYED:
            return
        data = data if isinstance(data, dict) else {}
        entry_id = data.get("id") if isinstance(data.get("id"), str) else stem
        name = next((data[k] for k in NAME_FIELDS if isinstance(data.get(k), str)), "")
        base = data.get("base") if isinstance(data.get("base"), str) else (entry_id if kind == "base" else "")
        for key in {entry_id, stem}:
            self.entries.setdefault(key, Known(key, kind, name.strip(), base))

    def mark_broken(self, kind: str, stem: str, data, rel: str) -> None:
        if kind in YEAR_KEYED:
            return
        ids = {stem} | ({data["id"]} if isinstance(data, dict) and isinstance(data.get("id"), str) else set())
        self.broken |= ids
        self.files.update(dict.fromkeys(ids, rel))

    def blocking(self, kb) -> dict[str, int]:
        """Broken file → how many entries refer to it: fix these first, their referrers wait on them."""
        referrers: dict[str, set[str]] = {}
        for kind, entry in kb.iter_entries():
            for _loc, _kind, target in entry.refs():
                if target in self.broken and target not in kb.kind_of:
                    referrers.setdefault(self.files[target], set()).add(f"{kind}/{entry.id}")
        return {rel: len(who) for rel, who in sorted(referrers.items())}

    def of_kind(self, kind: str) -> list[Known]:
        return sorted((k for k in self.entries.values() if kind == "any" or k.kind == kind), key=lambda k: k.id)

    def describe(self, k: Known) -> str:
        """QD10003 李晓雨（锅炉分场分基地）: what a contributor needs to recognise an entry."""
        text = f"{k.id} {k.name}".strip()
        if k.kind == "person" and k.base:
            base = self.entries.get(k.base)
            text += f"（{base.name if base and base.name else k.base}）"
        return text

    def named(self, kind: str, name: str) -> list[Known]:
        name = name.strip()
        return [k for k in self.of_kind(kind) if name and k.name == name]

    def closest(self, kind: str, typed: str, near_base: str = "", n: int = SHOWN) -> list[Known]:
        """Entries whose id (or name) looks like ``typed``; the referrer's own 分基地 first on ties."""
        def score(k: Known) -> float:
            s = max(difflib.SequenceMatcher(None, typed, k.id).ratio(),
                    difflib.SequenceMatcher(None, typed, k.name).ratio() if k.name else 0.0)
            if near_base and k.base == near_base:  # people mostly name colleagues of their own 分基地
                s += 0.1
            if sorted(typed) == sorted(k.id):  # two digits swapped
                s += 0.05
            return s

        scored = sorted(((score(k), k.id, k) for k in self.of_kind(kind)), key=lambda t: (-t[0], t[1]))
        if not scored or scored[0][0] < 0.6:
            return []
        best = scored[0][0]  # a clear winner is shown alone; near-equals are shown side by side
        return [k for s, _id, k in scored if s >= best - 0.05][:n]

    def choices(self, kind: str, near_base: str = "") -> str:
        """The valid values a contributor may type, with names; the referrer's 分基地 first."""
        pool = self.of_kind(kind)
        pool.sort(key=lambda k: (not (near_base and k.base == near_base), k.id))
        shown = "、".join(self.describe(k) for k in pool[:LISTED])
        more = f" 等 {len(pool)} 个（完整列表见门户）" if len(pool) > LISTED else ""
        return f"可填的{LABELS[kind]}编号：{shown}{more}" if pool else f"知识库里还没有{LABELS[kind]}，请先添加"

    def suggest(self, kind: str, typed: str, near_base: str = "") -> str:
        """The hint for an id that does not exist: the entries with that name, or the closest ids."""
        same_name = self.named(kind, typed)
        if same_name:
            return self.name_hint(kind, typed, same_name)
        close = self.closest(kind, typed, near_base)
        if close:
            return "是不是 " + " 或 ".join(self.describe(k) for k in close) + "？请核对名称后填写编号"
        return f"没有相近的编号。{self.choices(kind, near_base)}；新的{LABELS[kind]}请先用 qinchuang new 添加"

    def name_hint(self, kind: str, typed: str, same_name: list[Known]) -> str:
        label = "工号" if kind == "person" else "编号"
        if len(same_name) == 1:
            return f"这里要填{label}：{typed} 的{label}是 {same_name[0].id}" + self._where(same_name[0])
        return f"这里要填{label}。名为“{typed}”的有 {len(same_name)} 个：" + "、".join(
            self.describe(k) for k in same_name) + "，请选对应的那个"

    def _where(self, k: Known) -> str:
        described = self.describe(k)
        return described[len(f"{k.id} {k.name}".strip()):]


def build_directory(sources) -> Directory:
    directory = Directory()
    for src in sources:
        if src.kind is not None:
            directory.add(src.kind.name, src.stem, src.data)
    return directory
