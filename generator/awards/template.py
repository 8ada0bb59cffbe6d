"""`qinchuang new scoresheet`: the sheet of the newest selection, one line per nominee and one
blank per criterion of its category, so an expert only types numbers (and deletes the lines of
the entries they must not score)."""

from __future__ import annotations

from pathlib import Path

from generator.config import SiteConfig
from generator.errors import UsageError
from generator.loading.source import read_source

BLANK = "【待填写】"


def scoresheet_values(root: Path, config: SiteConfig, selection: str | None = None,
                      year: int | None = None) -> dict:
    """The sheet's prefilled fields: of ``selection`` if given, else of the newest selection of
    ``year`` (else of the newest selection of all)."""
    folder = root / "content" / "selections"
    files = sorted(folder.glob("*/PX-*.yml")) if folder.is_dir() else []
    rules = config.rules.selection
    if selection is not None:
        files = [p for p in files if p.stem == selection]
        if not files:
            raise UsageError(f"没有评选 {selection}（content/selections/<年>/{selection}.yml）")
    elif year is not None:
        files = [p for p in files if p.parent.name == str(year)]  # none: a blank sheet of that year
    for path in reversed(files):
        data = read_source(path, path.relative_to(root).as_posix(), None).data
        if not isinstance(data, dict) or not rules or data.get("category") not in rules.categories:
            continue
        criteria = rules.categories[data["category"]].criteria
        nominees = [n for n in data.get("nominees") or [] if isinstance(n, str)]
        return {"selection": data.get("id", BLANK), "year": data.get("year", BLANK),
                "scores": {n: {c: BLANK for c in criteria} for n in nominees}}
    if selection is not None:
        raise UsageError(f"评选 {selection} 的类别在 site_config/rules.yml 的 selection.categories 中没有评分规则")
    return {}
