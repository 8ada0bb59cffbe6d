"""Query vocabulary derived from the knowledge base: synonyms the content defines itself
(“自动发电控制（AGC）”), and the words that name a facet (a type, a sub-base) rather than text.

search.js uses the facet words to rank entries of the named type, year or sub-base first (a
boost, not a filter: “供热” is a sub-base and a word of many titles, and a filter would hide
the rest); the mined synonyms join the curated groups of site_config/search.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .documents import SEARCHED
from .tokenize import CJK, normalize

# Words that name a type of entry → the type facet's value (the registry's Search.type and words).
TYPE_WORDS = {word: k.search.type for k in SEARCHED for word in (k.search.type, *k.search.words)}

# “自动发电控制（AGC）”, “AGC（自动发电控制）”: a CJK term and a Latin abbreviation in brackets.
_TERM_ABBR = re.compile(f"([{CJK}]{{2,12}})[(（]([A-Za-z][A-Za-z0-9]{{1,7}})[)）]")
_ABBR_TERM = re.compile(f"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{{1,7}})[(（]([{CJK}]{{2,12}})[)）]")
# What each of the two needs, found 8× faster (a bracket is a literal to skip to; the patterns
# above try a CJK run at every character): most texts have neither, and skip the full pattern.
_TERM_ABBR_HINT = re.compile("[(（][A-Za-z][A-Za-z0-9]{1,7}[)）]")
_ABBR_TERM_HINT = re.compile(f"[A-Za-z0-9][(（][{CJK}]{{2}}")


def base_aliases(names: Iterable[str], words: Iterable[str] = (), common: Iterable[str] = ()) -> dict[str, str]:
    """What people call a sub-base → its name: 热控分场分基地 → 热控分场, 热控 (and itself); and the
    meaningful parts of a compound name: 环保脱硫分场分基地 → 脱硫 (a dictionary word, ``words``,
    normalized) and 环保 (what is left beside it, unless it is ``common``: 设备 of 设备检修 is in too
    many entries to mean the sub-base). A part two sub-bases share, or a type word, names neither."""
    out: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    vocabulary = {w for w in words if 2 <= len(w)}
    for name in names:
        short = re.sub("分基地$", "", name)
        core = re.sub("(分场|部)$", "", short)
        for alias in {name, short, core, re.sub("分场$", "", short)}:
            if len(alias) >= 2:
                out.setdefault(normalize(alias), name)
        for part in _parts(normalize(core), vocabulary, set(common)):
            parts.setdefault(part, set()).add(name)
    for part, owners in parts.items():
        if len(owners) == 1 and part not in TYPE_WORDS:
            out.setdefault(part, next(iter(owners)))
    return out


def _parts(core: str, vocabulary: set[str], common: set[str]) -> list[str]:
    """The dictionary words inside ``core`` (longest first, left to right) and, when there are
    any, the pieces of two or more characters between them."""
    found, rest, i = [], [], 0
    piece = ""
    while i < len(core):
        word = next((core[i:j] for j in range(len(core), i + 1, -1) if core[i:j] in vocabulary and core[i:j] != core), None)
        if word:
            found.append(word)
            rest.append(piece)
            piece, i = "", i + len(word)
        else:
            piece, i = piece + core[i], i + 1
    rest.append(piece)
    return found + [p for p in rest if len(p) >= 2 and p not in common] if found else []


def mined_synonyms(texts: Iterable[str], words: set[str], taken: set[str]) -> list[list[str]]:
    """Term–abbreviation pairs the content writes in brackets, as synonym groups [term, abbr].

    Where a CJK term starts is unknown (“系统中按美国传热学会（HEI）”), so the term is the longest
    ending of the run before the bracket that is a dictionary word (``words``, normalized);
    pairs already in a curated group, and abbreviations written with two different terms, are
    left out."""
    pairs: dict[str, set[str]] = {}

    def add(abbr: str, run: str, endings: bool) -> None:
        run = normalize(run)
        cuts = [run[i:] for i in range(len(run) - 1)] if endings else [run[:i] for i in range(len(run), 1, -1)]
        term = next((c for c in cuts if c in words), None)
        if term:
            pairs.setdefault(normalize(abbr), set()).add(term)

    for text in dict.fromkeys(texts):  # each text once (a project's is in each of its patents)
        if _TERM_ABBR_HINT.search(text):
            for run, abbr in _TERM_ABBR.findall(text):
                add(abbr, run, endings=True)
        if _ABBR_TERM_HINT.search(text):
            for abbr, run in _ABBR_TERM.findall(text):
                add(abbr, run, endings=False)
    groups = []
    for abbr, terms in sorted(pairs.items()):
        term = next(iter(terms))
        if len(terms) == 1 and term not in taken and abbr not in taken:
            groups.append([term, abbr])
            taken.update((term, abbr))
    return groups
