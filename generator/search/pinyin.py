"""Pinyin tokens, added at build time so a query typed without an input method still finds
names and terms: people, studios and sub-bases by the full pinyin of their name and its initials
(qindesheng, qds), every entry by the pinyin of the words of its title and keywords
(ningqiqi, duancha). The browser needs no conversion: a pinyin query is an ASCII word.

Characters are read one by one with pypinyin's character table (each character's first, most
common reading, tone marks removed) rather than pypinyin's phrase conversion: loading and
running the phrase dictionary took 2 s for the 767 sample entries, the table 0.05 s.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import cache, lru_cache
from itertools import repeat
from pathlib import Path

from .documents import Document
from .tokenize import CJK_WORD, RUN_CACHE, Tokenizer

NAMED = ("person", "studio", "base")


@cache
def _readings() -> dict[str, str]:
    """pypinyin's character table (pinyin_dict.json: code point → readings), read from the
    installed package without importing it: ``import pypinyin`` also loads its phrase dictionary
    (2.5 MB of JSON: 0.14 s of CPU on every build), which this module does not use."""
    spec = importlib.util.find_spec("pypinyin")  # a top-level package: found, not imported
    data = Path(spec.submodule_search_locations[0]) / "pinyin_dict.json"
    return {chr(int(k)): v for k, v in json.loads(data.read_text(encoding="utf-8")).items()}


@lru_cache(maxsize=65536)
def _syllable(ch: str) -> str:
    reading = _readings().get(ch, "").split(",")[0]
    plain = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in plain if c.isascii())


@lru_cache(maxsize=65536)
def _pinyin(word: str) -> tuple[str, str]:
    syllables = [s for s in map(_syllable, word) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


class PinyinTokens:
    """`tokens` for one index build. The pinyin pieces of a run are memoized (as the
    tokenizer's tokens of a run are, and for the same reason: titles and keywords repeat their
    terms, so a run seen before costs a look-up instead of a Python loop over its pieces);
    the cache lives as long as the index build that made this object."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        self._pieces = lru_cache(maxsize=RUN_CACHE)(self._run_pieces)

    def tokens(self, d: Document, title: str, keywords: str) -> tuple[set[str], set[str], set[str]]:
        """(a person's, studio's or sub-base's whole name in pinyin and as initials, as exact tokens
        (“=qindesheng”: the name typed whole ranks its own page first); pinyin of the title: of
        those names, of the title's dictionary words and of every two and three characters of it; the same of
        the keywords, without the three-character pieces), so that “tuoliu feishui” finds 脱硫废水,
        “ningqiqi” 凝汽器 and “guanjian chuangxin gongzuoshi” 关健创新工作室. ``title`` and
        ``keywords`` (joined by spaces) are the document's, already through `Tokenizer.prepare`."""
        own: set[str] = set()
        exact: set[str] = set()
        if d.kind in NAMED:
            for run in CJK_WORD.findall(title):
                full, initials = _pinyin(run)
                own.update((full, initials) if len(run) > 1 else (full,))
            full, initials = _pinyin("".join(CJK_WORD.findall(title)))
            exact = {"=" + full, "=" + initials} - {"="}
        own |= self._words(title, (2, 3))
        words = self._words(keywords, (2,))
        own.discard("")
        words.discard("")
        return exact, own, words - own

    def _words(self, prepared: str, sizes: tuple[int, ...]) -> set[str]:
        """Pinyin of the dictionary words and of the pieces of these sizes of each CJK run (words
        are CJK only, so a text's dictionary words are those of its runs)."""
        return set().union(*map(self._pieces, CJK_WORD.findall(prepared), repeat(sizes)))

    def _run_pieces(self, run: str, sizes: tuple[int, ...]) -> frozenset[str]:
        out = {_pinyin(w)[0] for w in self.tokenizer.dictionary_words(run)}
        for size in sizes:
            out.update(_pinyin(run[i:i + size])[0] for i in range(len(run) - size + 1))
        return frozenset(out)
