"""Pinyin tokens, added at build time so a query typed without an input method still finds
names and terms: people, studios and sub-bases by the full pinyin of their name and its initials
(qindesheng, qds), every entry by the pinyin of the words of its title and keywords
(ningqiqi, duancha). The browser needs no conversion: a pinyin query is an ASCII word.

Characters are read one by one with pypinyin's character table (each character's first, most
common reading, tone marks removed) rather than pypinyin's phrase conversion: loading and
running the phrase dictionary took 2 s for the 767 sample entries, the table 0.05 s.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from .documents import Document
from .tokenize import CJK_WORD, Tokenizer

NAMED = ("person", "studio", "base")


@cache
def _readings() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


@lru_cache(maxsize=65536)
def _syllable(ch: str) -> str:
    reading = _readings().get(ord(ch), "").split(",")[0]
    plain = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in plain if c.isascii())


@lru_cache(maxsize=65536)
def _pinyin(word: str) -> tuple[str, str]:
    syllables = [s for s in map(_syllable, word) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def pinyin_tokens(tokenizer: Tokenizer, d: Document, title: str, keywords: str
                  ) -> tuple[set[str], set[str], set[str]]:
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
    own |= _words(tokenizer, title, (2, 3))
    words = _words(tokenizer, keywords, (2,))
    own.discard("")
    words.discard("")
    return exact, own, words - own


def _words(tokenizer: Tokenizer, prepared: str, sizes: tuple[int, ...]) -> set[str]:
    out = {_pinyin(w)[0] for w in tokenizer.dictionary_words(prepared)}
    for run in CJK_WORD.findall(prepared):
        for size in sizes:
            out.update(_pinyin(run[i:i + size])[0] for i in range(len(run) - size + 1))
    return out
