"""成果检索: a Chinese full-text index with facets, built from the knowledge base as static files.

Why our own index and not Material's search or Pagefind (figures in the README, from
bench/search_bench.py and bench/pagefind_baseline.py): Material writes one JSON file that the
browser loads whole (~5 MB for 1,000 pages here) and cannot take a dictionary; Pagefind cannot
take a domain dictionary or synonyms, and indexed the same 9,496 documents in 8.6 s against
2.7 s here. This index is built from the typed knowledge base (no HTML parsing), tokenizes
identically in Python and JavaScript, and is fetched in ~12 KB shards.

It stays because it finds more of what employees type (bench/search_recall.py, the sample, 163
queries written before the changes of #16): recall@10 1.00 / MRR 0.91 against Pagefind's
0.54 / 0.38, ahead in every category; Pagefind has no counterpart for identifier forms, type /
year / sub-base words, 繁体, pinyin or typo correction. What each module does:
tokenize (the shared algorithm), documents (what is searchable), glossary (facet words, mined
synonyms), pinyin, index (the files), config (search.yml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.kb import KnowledgeBase

from .config import load_search_config
from .documents import dictionary_terms, documents
from .index import IndexStats, build_index

ASSETS = Path(__file__).resolve().parent / "assets"
SEARCH_PAGE = "search.md"


def build_search(kb: KnowledgeBase, url_of: Callable[[str, str], str]) -> tuple[dict[str, bytes], IndexStats]:
    """Index files (paths relative to the site root) for every searchable entry.

    ``url_of(kind, id)`` is the entry page's URL relative to the site root. Raises ConfigError
    when site_config/search.yml is wrong: a misconfigured search must fail the build.
    """
    config = load_search_config(kb.config.root)
    docs = documents(kb, url_of)
    return build_index(docs, dictionary_terms(kb, config.terms), config)


def asset_files() -> dict[str, bytes]:
    """The browser code and style, to be served at assets/search/ and listed in mkdocs.yml."""
    return {f"assets/search/{p.name}": p.read_bytes() for p in sorted(ASSETS.iterdir())}


def search_page() -> str:
    """The 成果检索 page (Markdown with the container the script fills in)."""
    return (
        "---\ntitle: 成果检索\nhide:\n  - toc\n---\n\n# 成果检索\n\n"
        "立项前先查一查：有没有人做过同样的设备、同样的问题，在哪个分基地，结果如何。"
        "可按类型、年度、分基地、状态、级别、专业和获奖情况筛选，多个条件同时生效。\n\n"
        '<div id="qc-search"><noscript>成果检索需要启用浏览器脚本；也可以按 <a href="index.html">栏目</a> 浏览。</noscript></div>\n'
    )
