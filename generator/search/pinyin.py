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


def pinyin_tokens(tokenizer: Tokenizer, d: Document) -> tuple[set[str], set[str]]:
    """(the pinyin of a person's, studio's or sub-base's own name and its initials; the pinyin of
    the dictionary words and of every two characters of the title and keywords, so that
    “tuoliu feishui” finds 脱硫废水 and “ningqiqi” 凝汽器)."""
    own: set[str] = set()
    if d.kind in NAMED:
        for run in CJK_WORD.findall(tokenizer.prepare(d.title)):
            full, initials = _pinyin(run)
            own.update((full, initials) if len(run) > 1 else (full,))
    words: set[str] = set()
    text = tokenizer.prepare(d.title + " " + " ".join(d.keywords))
    for word in tokenizer.dictionary_words(text):
        words.add(_pinyin(word)[0])
    for run in CJK_WORD.findall(text):
        words.update(_pinyin(run[i:i + 2])[0] for i in range(len(run) - 1))
    own.discard("")
    words.discard("")
    return own, words - own
