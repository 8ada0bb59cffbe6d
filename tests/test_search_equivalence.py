"""The search index's fast paths give exactly what the plain algorithm gives.

Each fast path (generator/search: normalize, the tokenizer's per-run memo, the pinyin memo,
the mined-synonym hints, the rewritten Markdown patterns) is compared here with the plain
definition it replaces, written out in the test, on random strings drawn from the characters
where the two could differ: full-width forms next to combining marks, composing jamo and
half-width kana, compatibility ideographs, 繁体 inside and beyond the BMP, brackets,
identifiers, blanks and Markdown. search.js tokenizes queries by the plain definition, so a
difference here would be a query that no longer finds its entry.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from generator.search.documents import _MD, plain
from generator.search.glossary import _ABBR_TERM, _ABBR_TERM_HINT, _TERM_ABBR, _TERM_ABBR_HINT
from generator.search.pinyin import PinyinTokens, _pinyin
from generator.search.tokenize import CJK_WORD, RUN, Synonyms, Tokenizer, fold_pairs, normalize

WORDS = ["给水泵", "汽动给水泵", "凝汽器", "脱硫", "关健创新工作室", "王志刚", "自动发电控制"]
# characters where a shortcut could go wrong, and ordinary ones around them
PIECES = [
    "给", "水", "泵", "汽", "动", "凝", "器", "脱", "硫", "王", "志", "刚", "控", "制",  # CJK
    "鍋", "爐", "輪", "機", "\U0002a6a5", "\U00020000",  # 繁体 (one beyond the BMP), an astral CJK character
    "Ａ", "ｇ", "Ｚ", "１", "９", "，", "（", "）", "＃", "．", "\u3000",  # full-width forms, ideographic space
    "\u0301", "\u0308", "\u1100", "\u1161", "ｶ", "ﾞ", "\uf900", "ﬁ", "Ⅻ", "İ", "Σ",  # combine, compose, fold
    "a", "B", "c", "s", "r", "k", "t", "0", "1", "2", "7", ".", "-", " ", "\t", "\n", "(", ")", "$", "|", "*",
    "KT-2021-013", "CN 2021 1012 3456.7", "2021SR0962096", "QD10240", "给水泵", "凝汽器", "AGC",
]


def _samples(n: int, seed: int, longest: int = 24, pieces: list[str] = PIECES) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, longest))) for _ in range(n)]


def _plain_normalize(text: str) -> str:
    pairs = fold_pairs()
    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFKC", text).lower())


def test_normalize_is_nfkc_lower_case_and_the_fold_table():
    for text in _samples(5000, 1) + ["Ａ\u0301", "ｶﾞ", "\u1100\u1161", "ＡＢＣ\u3000鍋爐", "\U0002a6a5"]:
        assert normalize(text) == _plain_normalize(text), repr(text)


def _plain_tokens(tokenizer: Tokenizer, text: str) -> list[str]:
    out, prepared = tokenizer.identifier_tokens(tokenizer.prepare(text))
    for run in RUN.findall(prepared):
        if run[0] < "\u3400" or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out + [w for w in tokenizer.trie.findall(prepared) if len(w) > 2]


@pytest.mark.parametrize("cache", [1 << 14, 2])  # 2: runs evicted and computed again
def test_tokens_are_the_plain_algorithms_in_the_same_order(monkeypatch, cache):
    monkeypatch.setattr("generator.search.tokenize.RUN_CACHE", cache)
    tokenizer = Tokenizer(WORDS, Synonyms([["汽轮机", "汽机"], ["FGD", "脱硫"]]), ["kt", "qd"])
    for text in _samples(3000, 2, longest=60) + ["给水泵给水泵给水泵", "凝汽器，凝汽器（AGC）"]:
        assert tokenizer.tokens(text) == _plain_tokens(tokenizer, text), repr(text)


def test_pinyin_of_a_text_is_that_of_its_words_and_pieces():
    tokenizer = Tokenizer(WORDS, Synonyms([]))
    pinyin = PinyinTokens(tokenizer)
    for text in _samples(2000, 3, longest=40):
        prepared = tokenizer.prepare(text)
        for sizes in ((2, 3), (2,)):
            plain = {_pinyin(w)[0] for w in tokenizer.dictionary_words(prepared)}
            for run in CJK_WORD.findall(prepared):
                for size in sizes:
                    plain.update(_pinyin(run[i:i + size])[0] for i in range(len(run) - size + 1))
            assert pinyin._words(prepared, sizes) == plain, repr(text)


def test_a_text_skipped_by_the_mined_synonym_hints_has_no_pair():
    brackets = ["给", "水", "泵", "凝汽", "器", "（", "(", "）", ")", "A", "g", "C", "1", "_", " ", "，", "Ａ",
                "（AG", "(H", "C）", "1)", "给水（", "控制)", "AG（", "h1(", "（给水", "(凝汽", "器）"]
    texts = _samples(10000, 4, longest=30) + _samples(20000, 6, longest=16, pieces=brackets)
    texts += ["自动发电控制（AGC）", "AGC（自动发电控制）", "按美国传热学会(HEI)"]
    for text in texts:
        assert not _TERM_ABBR.search(text) or _TERM_ABBR_HINT.search(text), repr(text)
        assert not _ABBR_TERM.search(text) or _ABBR_TERM_HINT.search(text), repr(text)
    # the samples do reach the patterns
    assert sum(bool(_TERM_ABBR.search(t)) for t in texts) > 100 and sum(bool(_ABBR_TERM.search(t)) for t in texts) > 100


# the patterns documents._MD had before they were rewritten to be faster
_PLAIN_MD = {r"\$(?<![\\$]\$)(?=\S)[^$\n]+?(?<=\S)\$": r"(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)\$",
             r"[ \t](?:(?<=\t)|[ \t])[ \t]*": r"[ \t]+", r"\n\n+": r"\n{2,}"}


def test_markdown_to_plain_text_is_the_plain_patterns():
    assert set(_PLAIN_MD) <= {p.pattern for p, _ in _MD}
    plain_md = [(re.compile(_PLAIN_MD.get(p.pattern, p.pattern), p.flags), r) for p, r in _MD]
    extra = ["$x$", "\\$x$", "$$x$$", "a $b$ c", "| a | b |\n|---|---|", "# 标题\n\n\n正文  \t 尾", "[链接](u)"]
    for text in _samples(5000, 5, longest=40) + extra:
        expected = text
        for pattern, repl in plain_md:
            expected = pattern.sub(repl, expected)
        assert plain(text) == expected.strip(), repr(text)
