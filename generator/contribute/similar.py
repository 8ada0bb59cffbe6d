"""查重: projects whose title or text is close to another project's, in any year.

Chinese needs no word segmentation here: a text is compared as a set of character n-grams
(bigrams for titles, trigrams for the longer text), scored by Jaccard similarity. An inverted
index over the n-grams finds the candidates, so a query costs a few posting lists, not a scan;
n-grams that occur in very many projects (“装置”, “优化”) are left out of the candidate search
but still count in the exact score.

Before comparison a title is said the one way (`PlantLanguage`): unit forms (#1炉, 1号炉, 一号炉),
the synonym groups of site_config/search.yml (the search's own table, so 查重 and search agree),
and verbs the plant uses interchangeably (降低/减少, 提高/提升).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.errors import QinchuangError
from generator.kb import KnowledgeBase
from generator.search.config import load_search_config
from generator.search.tokenize import Synonyms

DEFAULT_THRESHOLD = 0.5
SUSPECT_SHARE = 0.7  # scores from 70 % of the threshold up are listed as 疑似 for the reviewer
CANDIDATES = 30  # exact scores are computed for this many best candidates per project
_KEEP = re.compile(r"[0-9a-z\u3400-\u9fff]+")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|`[^`]*`|\$[^$]*\$")


# 一号炉 / #1炉 / ＃1 炉 → 1号炉: numbered units said one way before the synonyms apply.
_NUMERALS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}
_UNIT_WORDS = "炉|机组|机|号"
_HASH_UNIT = re.compile(rf"#\s*([0-9]+)\s*(?:号)?\s*({_UNIT_WORDS})")
_CN_UNIT = re.compile(rf"([一二三四五六七八九])号\s*({_UNIT_WORDS})")
VERBS = {"减少": "降低", "减小": "降低", "提升": "提高", "研发": "研制"}
_VERBS = re.compile("|".join(VERBS))


class PlantLanguage:
    """Rewrites a text into one way of saying it: unit numbers, search synonyms, verb pairs."""

    def __init__(self, synonyms: Synonyms | None = None):
        self.synonyms = synonyms or Synonyms([])

    @classmethod
    def of(cls, kb: KnowledgeBase) -> PlantLanguage:
        try:
            return cls(Synonyms(load_search_config(kb.config.root).synonyms))
        except (QinchuangError, OSError):  # no or broken search.yml: `build` reports it; compare without
            return cls()

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text).lower()
        text = _HASH_UNIT.sub(lambda m: f"{m.group(1)}号{'' if m.group(2) == '号' else m.group(2)}", text)
        text = _CN_UNIT.sub(lambda m: f"{_NUMERALS[m.group(1)]}号{m.group(2)}", text)
        text = self.synonyms.apply(text)
        return _VERBS.sub(lambda m: VERBS[m.group()], text)


def normalise(text: str) -> str:
    """Lower-case letters, digits and Chinese characters only: punctuation and spaces are noise."""
    return "".join(_KEEP.findall(_MARKUP.sub(r"\1", text.lower())))


def shingles(text: str, n: int, language: PlantLanguage | None = None) -> frozenset[str]:
    text = normalise(language(text) if language else text)
    if len(text) <= n:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i:i + n] for i in range(len(text) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


@dataclass(frozen=True)
class Match:
    id: str  # the project checked
    other: str  # the similar project
    score: float  # max of the two below, 0…1
    title_score: float
    text_score: float
    other_title: str
    other_year: int

    @property
    def aspect(self) -> str:
        return "题目" if self.title_score >= self.text_score else "内容"


class Index:
    """Title bigrams and text trigrams of every project, with inverted indexes over both."""

    def __init__(self, kb: KnowledgeBase):
        language = PlantLanguage.of(kb)
        self.projects = {p.id: p for p in kb.projects}
        self.titles: dict[str, frozenset] = {}
        self.texts: dict[str, frozenset] = {}
        self._title_postings: dict[str, list[str]] = defaultdict(list)
        self._text_postings: dict[str, list[str]] = defaultdict(list)
        for pid, p in self.projects.items():
            body = kb.body(pid) if pid in kb.sources else ""
            self.titles[pid] = shingles(p.title, 2, language)
            self.texts[pid] = shingles(" ".join([p.title, *p.keywords, body]), 3, language)
            for g in self.titles[pid]:
                self._title_postings[g].append(pid)
            for g in self.texts[pid]:
                self._text_postings[g].append(pid)
        self.max_df = max(20, len(self.projects) // 50)  # above this an n-gram is too common to search by

    def _candidates(self, pid: str) -> list[str]:
        counts: Counter[str] = Counter()
        for grams, postings in ((self.titles[pid], self._title_postings), (self.texts[pid], self._text_postings)):
            for g in grams:
                posting = postings[g]
                if len(posting) <= self.max_df:
                    counts.update(posting)
        counts.pop(pid, None)
        return [other for other, _ in counts.most_common(CANDIDATES)]

    def matches(self, pid: str, threshold: float) -> list[Match]:
        out = []
        for other in self._candidates(pid):
            t = jaccard(self.titles[pid], self.titles[other])
            x = jaccard(self.texts[pid], self.texts[other])
            if max(t, x) >= threshold:
                o = self.projects[other]
                out.append(Match(pid, other, round(max(t, x), 2), round(t, 2), round(x, 2), o.title, o.year))
        return sorted(out, key=lambda m: (-m.score, m.other))


def similar_projects(kb: KnowledgeBase, ids: list[str] | None = None,
                     threshold: float = DEFAULT_THRESHOLD) -> dict[str, list[Match]]:
    """For each project id (all projects when ``ids`` is None): the projects that look like it.

    Only ids of projects in the knowledge base are checked; the result lists only ids that have
    at least one match, best first.
    """
    index = Index(kb)
    wanted = sorted(index.projects) if ids is None else [i for i in ids if i in index.projects]
    result = {}
    for pid in wanted:
        found = index.matches(pid, threshold)
        if found:
            result[pid] = found
    return result


def render(result: dict[str, list[Match]], kb: KnowledgeBase) -> str:
    """Plain text for the terminal (and the Markdown summary): one block per project."""
    lines = []
    for pid, found in result.items():
        p = kb.get(pid)
        lines.append(f"{pid}《{p.title}》可能与以下课题重复：")
        for m in found:
            lines.append(f"  - {m.other}《{m.other_title}》（{m.other_year} 年）相似度 {m.score:.2f}"
                         f"（题目 {m.title_score:.2f}，内容 {m.text_score:.2f}）")
    return "\n".join(lines) + ("\n" if lines else "")
