"""The search index as static files, fetched in small pieces by the browser.

    search/manifest.json   sizes, shard count, facet values (small)
    search/dict.json       dictionary words and synonym groups for the query tokenizer
    search/facets.json     one code string per facet: character i is document i's value
    search/s/<n>.json      postings of the tokens whose hash falls in shard n
    search/m/<n>.json      title, link, type, year, sub-base of documents in block n
    search/t/<n>.json      the first part of the text of documents in text block n, for excerpts

A first query loads the manifest, dictionary and facets once, then only the shards of its
tokens and the blocks and texts of the results it shows. Shards are sized (~12 KB) from the
index so the transfer stays small at any knowledge-base size.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import add, mul, sub

from .config import SearchConfig
from .documents import FACET_LABELS, FACETS, GRADE_ORDER, TYPES, Document
from .glossary import TYPE_WORDS, base_aliases, mined_synonyms
from .pinyin import PinyinTokens
from .tokenize import CJK_WORD, Synonyms, Tokenizer, fold_pairs, id_prefixes, normalize

BLOCK = 32  # documents per metadata block
TEXT_CHARS = 900  # characters of text kept per document for excerpts
TEXT_BLOCK = 4  # documents per excerpt file: few files to write, little to fetch for ten results
SHARD_BYTES = 12_000
COMMON = 0.05  # a word in more than this share of documents is too common to name a sub-base
# Facet codes: one (or, past 61 values, two) characters of this alphabet per document; "0" = none.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def shard_of(token: str, shards: int) -> int:
    """Same function in search.js: CRC-32 of the UTF-8 bytes, modulo the shard count."""
    return zlib.crc32(token.encode("utf-8")) % shards


@dataclass
class IndexStats:
    documents: int
    tokens: int
    postings: int
    shards: int
    files: int
    bytes: int


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def build_index(docs: list[Document], dictionary: list[str], config: SearchConfig
                ) -> tuple[dict[str, bytes], IndexStats]:
    curated = {normalize(t) for g in config.synonyms for t in g}
    mined = mined_synonyms((t for d in docs for t in (d.text, d.related, *d.keywords)),
                           {normalize(t) for t in dictionary}, curated)
    groups = [*config.synonyms, *mined]
    synonyms = Synonyms(groups)
    tokenizer = Tokenizer(dictionary, synonyms, id_prefixes(d.id for d in docs))
    pinyin = PinyinTokens(tokenizer)
    w = config.weights
    # related text repeats (a project's is in each of its patents; the sample's 1,016 are 164
    # distinct): each distinct one tokenized once, for this build
    related_tokens = lru_cache(maxsize=None)(lambda text: dict.fromkeys(tokenizer.tokens(text), 1))
    postings: dict[str, list[int]] = defaultdict(list)  # token → [doc, weight, doc, weight …]
    for i, d in enumerate(docs):
        # the order of a document's tokens is of no consequence: shards are written sorted
        counts = Counter(tokenizer.tokens(d.text))  # weight: w.text × the count, at most 3
        weights = dict(zip(counts, map(mul, repeat(w.text), map(min, counts.values(), repeat(3))), strict=True))
        title, keywords = tokenizer.prepare(d.title), tokenizer.prepare(" ".join(d.keywords))  # once each
        _add(weights, Counter(tokenizer.prepared_tokens(title) + _unigrams(title)), w.title)
        _add(weights, {exact_token(title): 5}, w.title)  # a name searched as it is: first
        _add(weights, Counter(tokenizer.prepared_tokens(keywords) + _unigrams(keywords)), w.keywords)
        _add(weights, related_tokens(d.related), w.related)
        exact, own, words = pinyin.tokens(d, title, keywords)
        _add(weights, dict.fromkeys(exact, 5), w.title)
        _add(weights, dict.fromkeys(own, 1), w.title)
        _add(weights, dict.fromkeys(words, 1), w.keywords)
        # postings[token] += (i, weight) for each token, as C loops (1.7 million at 10k entries)
        deque(map(list.extend, map(postings.__getitem__, weights), zip(repeat(i), weights.values())), maxlen=0)
    files: dict[str, bytes] = {}
    total = sum(len(p) for p in postings.values()) * 3  # rough bytes of the encoded postings
    shards = 1
    while total / shards > SHARD_BYTES and shards < 1 << 14:
        shards *= 2
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for token, flat in postings.items():
        numbers = flat[0::2]
        encoded = flat[:]  # document numbers as gaps (shorter JSON), each beside its weight
        encoded[2::2] = map(sub, numbers[1:], numbers[:-1])
        buckets[shard_of(token, shards)][token] = encoded
    for n, bucket in enumerate(buckets):
        files[f"search/s/{n}.json"] = _dump(bucket)
    for start in range(0, len(docs), BLOCK):
        block = [[d.title, d.url, d.facets["type"], d.facets["year"], d.facets["base"]]
                 for d in docs[start:start + BLOCK]]
        files[f"search/m/{start // BLOCK}.json"] = _dump(block)
    for start in range(0, len(docs), TEXT_BLOCK):
        files[f"search/t/{start // TEXT_BLOCK}.json"] = _dump([(d.text or d.related)[:TEXT_CHARS]
                                                                for d in docs[start:start + TEXT_BLOCK]])
    values = {f: sorted({d.facets[f] for d in docs if d.facets[f]}, key=_facet_order(f)) for f in FACETS}
    codes, widths = {}, {}
    for f in FACETS:
        number = {v: i + 1 for i, v in enumerate(values[f])}
        widths[f] = 1 if len(values[f]) < len(ALPHABET) else 2
        codes[f] = "".join(_code(number.get(d.facets[f], 0), widths[f]) for d in docs)
    files["search/facets.json"] = _dump({"alphabet": ALPHABET, "codes": codes, "widths": widths})
    files["search/dict.json"] = _dump({
        "words": sorted(tokenizer.words), "synonyms": [list(g) for g in groups], "fold": fold_pairs(),
        "prefixes": tokenizer.prefixes, "abbreviations": [list(g) for g in config.abbreviations],
        "ignore": list(config.ignore),
        "facetWords": {"type": {tokenizer.prepare(k): v for k, v in TYPE_WORDS.items() if v in values["type"]},
                       "base": {tokenizer.prepare(k): v for k, v in
                                base_aliases((d.title for d in docs if d.kind == "base"),
                                                    tokenizer.words | set(synonyms.table.values()),
                                                    {t for t, p in postings.items() if len(p) // 2 > COMMON * len(docs)}
                                                    ).items()}},
    })
    files["search/manifest.json"] = _dump({
        "version": 1, "documents": len(docs), "shards": shards, "block": BLOCK, "textBlock": TEXT_BLOCK,
        "facets": [{"name": f, "label": FACET_LABELS[f], "values": values[f]} for f in FACETS],
    })
    stats = IndexStats(documents=len(docs), tokens=len(postings), postings=sum(len(p) for p in postings.values()) // 2,
                       shards=shards, files=len(files), bytes=sum(len(b) for b in files.values()))
    return files, stats


def _add(weights: dict[str, int], counts: dict[str, int], factor: int) -> None:
    """weights[t] += factor × n for each t, n of ``counts``, as C loops (map and zip: a Python
    loop here was most of the index's own time, for 1.7 million postings at 10k entries)."""
    weights.update(zip(counts, map(add, map(weights.get, counts, repeat(0)), map(mul, counts.values(), repeat(factor))), strict=True))


def exact_token(prepared_title: str) -> str:
    """The whole title (through `Tokenizer.prepare`) as one token: search.js looks the whole
    query up the same way."""
    return "=" + prepared_title.strip()


def _code(number: int, width: int) -> str:
    if width == 1:
        return ALPHABET[number]
    return ALPHABET[number // len(ALPHABET)] + ALPHABET[number % len(ALPHABET)]


def _unigrams(prepared: str) -> list[str]:
    """Single characters of titles and keywords (prepared), so a one-character query (“泵”)
    finds them."""
    return [ch for run in CJK_WORD.findall(prepared) for ch in run]


def _facet_order(name: str):
    """Years newest first; types, grades and levels in their natural order; the rest by name."""
    if name == "year":
        return lambda v: -int(v)
    known = {"type": list(TYPES.values()), "award": GRADE_ORDER,
             "level": ["全国", "国家级", "省级", "省部级", "集团公司级", "集团", "市级", "厂级"]}.get(name)
    if known:
        return lambda v: (known.index(v) if v in known else len(known), v)
    return lambda v: v
