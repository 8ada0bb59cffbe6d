"""Chinese-aware tokens, computed the same way at index time (here) and at query time (the same
algorithm in assets/search.js; a browser test compares the two on the same strings).

    text → normalize (NFKC, lower case) → synonyms to their standard form
         → runs of CJK characters and of ASCII letters/digits
         → CJK run: every character bigram (a one-character run: the character)
                    + every domain-dictionary word found by forward maximum matching
         → ASCII run: the word

Bigrams give recall for any phrase (a query matches when the document has all its bigrams);
dictionary words (names, studios, equipment terms) rank documents that contain the whole
term above documents that only contain its characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(f"[{CJK}]+|[a-z0-9]+(?:\\.[0-9]+)?")
CJK_WORD = re.compile(f"[{CJK}]+")
MAX_WORD = 12


def normalize(text: str) -> str:
    """Full-width → half-width, compatibility forms folded, lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class Synonyms:
    """Rewrite every variant to its group's standard form, longest match first, left to right.

    Standard forms match themselves, so a variant inside a longer standard form is left alone
    (“引风机” is not rewritten by a rule for “引风”). ASCII variants match whole words only.
    """

    def __init__(self, groups: Iterable[Iterable[str]]):
        self.table: dict[str, str] = {}
        for group in groups:
            forms = [normalize(t) for t in group]
            for form in forms:
                self.table[form] = forms[0]
        self._pattern: re.Pattern | None = None

    def apply(self, text: str) -> str:
        if not self.table:
            return text
        return self.pattern.sub(lambda m: self.table[m.group()], text)

    @property
    def pattern(self) -> re.Pattern:
        """All forms as one trie-shaped regex: at each position the longest form wins (children
        before the end of a shorter form), so this is the same leftmost-longest scan as the loop
        in search.js. ASCII edges must not touch other ASCII letters or digits."""
        if self._pattern is None:
            self._pattern = trie_regex(self.table, ascii_bounded=True)
        return self._pattern


class Tokenizer:
    def __init__(self, dictionary: Iterable[str], synonyms: Synonyms):
        self.synonyms = synonyms
        prepared = (synonyms.apply(normalize(t)) for t in dictionary)
        self.words = {w for w in prepared if 2 <= len(w) <= MAX_WORD and CJK_WORD.fullmatch(w)}
        self.trie = trie_regex(self.words)

    def prepare(self, text: str) -> str:
        return self.synonyms.apply(normalize(text))

    def tokens(self, text: str) -> list[str]:
        """All tokens of ``text``: per run its bigrams (or the ASCII word, or the single
        character), then the dictionary words of the whole text."""
        prepared = self.prepare(text)
        out: list[str] = []
        for run in RUN.findall(prepared):
            if run[0] < "\u3400" or len(run) == 1:
                out.append(run)
            else:
                out.extend(map(str.__add__, run[:-1], run[1:]))
        out.extend(self.dictionary_words(prepared))
        return out

    def dictionary_words(self, prepared: str) -> list[str]:
        """Forward maximum matching: at each position the longest dictionary word, if any; after a
        word, go on after it. Words are CJK only, so no match crosses a run's edge."""
        return [w for w in self.trie.findall(prepared) if len(w) > 2]  # two characters: a bigram already


def trie_regex(words: Iterable[str], ascii_bounded: bool = False) -> re.Pattern:
    """One regex for a word list, shaped like a trie so each position is tried once per branch;
    longer words are preferred because longer branches come before the end of a shorter word.
    With ``ascii_bounded``, a word starting (ending) with an ASCII letter or digit must not be
    preceded (followed) by one."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict, last: str) -> str:
        branches = [re.escape(ch) + build(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append("(?![a-z0-9])" if ascii_bounded and _is_ascii_alnum(last) else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    roots = []
    for ch, child in sorted(trie.items()):
        # the guard comes after the first character, so every branch starts with a literal and
        # re can skip ahead to the next possible first character (10× faster on long texts)
        guard = f"(?<![a-z0-9]{re.escape(ch)})" if ascii_bounded and _is_ascii_alnum(ch) else ""
        roots.append(re.escape(ch) + guard + build(child, ch))
    return re.compile("|".join(roots)) if roots else re.compile(r"(?!x)x")
