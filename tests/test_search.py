"""成果检索: configuration checks, tokenizer, index files, and the browser half in real Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from browser import Page, serve
from conftest import KB_SMALL, REPO, make_root
from generator.errors import ConfigError
from generator.search import asset_files, build_search
from generator.search.config import load_search_config
from generator.search.tokenize import Synonyms, Tokenizer, trie_regex
from generator.validation import validate


def url_of(kind: str, entry_id: str) -> str:
    return f"{kind}/{entry_id}.html"


# --- configuration ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("synonyms:\n  - [汽轮机]\nweights: {title: 8, keywords: 4, text: 1}\n", "search.yml:2: 同义词组至少要有两个词"),
    ("synonyms:\n  - [汽轮机, 汽机]\n  - [汽机, 透平]\nweights: {title: 8, keywords: 4, text: 1}\n",
     "search.yml:3: “汽机”已出现在第 2 行"),
    ("synonyms:\n  - [FGD, ｆｇｄ]\nweights: {title: 8, keywords: 4, text: 1}\n", "search.yml:2: 同一组里有重复"),
    ("synonyms:\n  - [脱硫, '']\nweights: {title: 8, keywords: 4, text: 1}\n", "search.yml:2: 同义词不能为空"),
    ("synonym:\n  - [汽轮机, 汽机]\nweights: {title: 8, keywords: 4, text: 1}\n", "search.yml:1: 配置项 synonym 有误"),
    ("terms: [泵]\nweights: {title: 8, keywords: 4, text: 1}\n", "search.yml:1: 词典词至少两个字"),
    ("weights: {title: 0, keywords: 4, text: 1}\n", "search.yml:1: 配置项 weights.title 有误"),
])
def test_misconfiguration_fails_with_file_and_line(tmp_path, text, message):
    root = tmp_path / "kb"
    (root / "site_config").mkdir(parents=True)
    (root / "site_config" / "search.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_search_config(root)
    assert message in str(err.value)


def test_repository_search_config_is_valid():
    config = load_search_config(REPO)
    assert ["汽轮机", "汽机"] in config.synonyms


# --- tokenizer -------------------------------------------------------------------------------

SYN = Synonyms([["汽轮机", "汽机"], ["1号机组", "#1机组", "1号机"], ["脱硫", "FGD"], ["脱硝", "SCR脱硝", "SCR"]])


@pytest.mark.parametrize("text, prepared", [
    ("＃1机组汽机轴封", "1号机组汽轮机轴封"),  # full-width folded, both synonyms rewritten
    ("FGD系统", "脱硫系统"),
    ("xfgd 与 fgdx", "xfgd 与 fgdx"),  # ASCII variants only as whole words
    ("SCR脱硝装置", "脱硝装置"),  # the longest form wins
    ("11号机", "11号机"),
    ("1号机组", "1号机组"),  # a standard form is not rewritten again
])
def test_synonyms(text, prepared):
    assert Tokenizer([], SYN).prepare(text) == prepared


def test_dictionary_words_are_kept_whole_and_longest_first():
    t = Tokenizer(["关健创新工作室", "关健", "王志刚", "汽动给水泵", "给水泵"], SYN)
    tokens = t.tokens("关健创新工作室王志刚检修汽动给水泵")
    assert tokens[-3:] == ["关健创新工作室", "王志刚", "汽动给水泵"]
    assert "健创" in tokens  # bigrams as well: any phrase can be found


def test_trie_regex_prefers_longer_words():
    assert trie_regex(["ab", "abcd", "b"]).findall("abcdabcab") == ["abcd", "ab", "ab"]


# --- index files -----------------------------------------------------------------------------

def test_index_is_deterministic_and_complete():
    kb = validate(KB_SMALL).kb
    files, stats = build_search(kb, url_of)
    again, _ = build_search(kb, url_of)
    assert files == again
    manifest = json.loads(files["search/manifest.json"])
    texts = [t for n in range(0, stats.documents, manifest["textBlock"])
             for t in json.loads(files[f"search/t/{n // manifest['textBlock']}.json"])]
    assert manifest["documents"] == stats.documents == len(texts)
    assert {f["name"] for f in manifest["facets"]} == {"type", "year", "base", "status", "level", "discipline", "award"}
    titles = [row[0] for n in range(0, stats.documents, manifest["block"])
              for row in json.loads(files[f"search/m/{n // manifest['block']}.json"])]
    assert "关健创新工作室" in titles and "低负荷工况下再热器管壁超温原因分析及对策" in titles


# --- the browser half ------------------------------------------------------------------------

HOST = ('<!doctype html><html lang="zh"><meta charset="utf-8"><title>检索</title>'
        '<link rel="stylesheet" href="assets/search/search.css">'
        '<script id="__config" type="application/json">{"base": "."}</script>'
        '<div class="md-header__inner"><div class="md-header__title">秦创</div></div>'
        '<div id="qc-search"></div><script src="assets/search/search.js"></script></html>')


def publish_search(root: Path, out: Path) -> None:
    """The index and assets of ``root`` in ``out``, with a bare host page (the portal's own page
    is tested in tests/test_site_*)."""
    kb = validate(root).kb
    files, _ = build_search(kb, url_of)
    for rel, data in {**files, **asset_files()}.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (out / "search.html").write_text(HOST, encoding="utf-8")
    (out / "favicon.ico").write_bytes(b"")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("search-site")
    publish_search(KB_SMALL, out)
    return out


def run_query(browser, base: str, query: str, filters: str = "") -> tuple[list[str], Page]:
    page = Page(browser.new_page())
    page.page.goto(f"{base}search.html?q={quote(query)}{filters}")
    page.page.wait_for_selector("#qc-search[data-state=done]", timeout=10_000)
    titles = [a.inner_text() for a in page.page.query_selector_all(".qc-hit > a")]
    return titles, page


def test_tokenizer_parity_python_and_browser(small_site, browser):
    """The same strings give the same tokens in Python (index time) and JavaScript (query time)."""
    kb = validate(KB_SMALL).kb
    config = load_search_config(REPO)
    files, _ = build_search(kb, url_of)
    words = json.loads(files["search/dict.json"])["words"]
    samples = [e.title for e in kb.projects + kb.papers] + [kb.body(p.id) for p in kb.papers] + [
        "＃1机组汽机轴封", "FGD系统与SCRUB、xfgd", "ＳＣＲ脱硝装置 0.05mm", "关健创新工作室王志刚", "泵", "",
        "全角（括号）与　空格", "1号机房和11号机", "鍋爐再熱器 汽輪機軸封", "KT-2021-001 的专利 ZL202120123456.2",
        "课题编号kt2021-1，软著 2021SR1234567"]
    prefixes = json.loads(files["search/dict.json"])["prefixes"]
    python = [Tokenizer(words, Synonyms(config.synonyms), prefixes).tokens(s) for s in samples]
    with serve(small_site) as base:
        page = browser.new_page()
        page.goto(base + "search.html")
        page.wait_for_function("window.QCSearch && QCSearch.page")  # the 繁体 table comes with dict.json
        js = page.evaluate(
            "([words, groups, samples, prefixes]) => { const t = new QCSearch.Tokenizer(words, new QCSearch.Synonyms(groups), prefixes);"
            " return samples.map(s => t.tokens(s)); }", [words, config.synonyms, samples, prefixes])
    assert js == python


def test_shard_function_is_the_same(small_site, browser):
    from generator.search.index import shard_of

    tokens = ["汽轮", "关健创新工作室", "0.05", "mm", "泵"]
    with serve(small_site) as base:
        page = browser.new_page()
        page.goto(base + "search.html")
        js = page.evaluate("(ts) => ts.map(t => QCSearch.crc32(t) % 1024)", tokens)
    assert js == [shard_of(t, 1024) for t in tokens]


@pytest.mark.parametrize("query, expected", [
    ("再热器", "低负荷工况下再热器管壁超温原因分析及对策"),
    ("关健", "关健创新工作室"),
    ("汽机", "汽机润滑油系统滤网在线切换装置研制"),  # the title says 汽机
    ("汽轮机 润滑油", "汽机润滑油系统滤网在线切换装置研制"),  # a synonym finds it too
    ("超温 配风", "低负荷工况下再热器管壁超温原因分析及对策"),  # words from the body
    ("王志刚", "王志刚"),
    ("ZL-2021-001", "一种锅炉再热器烟温偏差调节装置"),
])
def test_queries_find_their_entries(small_site, browser, query, expected):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, query)
    assert expected in titles[:10], titles
    assert page.errors == [] and page.external_requests() == []


def test_facets_narrow_and_combine(small_site, browser):
    with serve(small_site) as base:
        everything, _ = run_query(browser, base, "锅炉")
        papers, page = run_query(browser, base, "锅炉", "&type=论文")
        both, _ = run_query(browser, base, "锅炉", "&type=论文&type=专利")
        none, _ = run_query(browser, base, "锅炉", "&type=论文&year=2022")
        assert len(papers) < len(everything) and set(papers) <= set(everything)
        assert set(papers) < set(both) <= set(everything)
        assert none == []
        # clicking a facet narrows the list in place
        page.page.goto(f"{base}search.html?q={quote('锅炉')}")
        page.page.wait_for_selector("#qc-search[data-state=done]")
        page.page.check("input[name=type][value=专利]")
        page.page.wait_for_function("document.querySelectorAll('.qc-hit').length === 1")
        assert "type=%E4%B8%93%E5%88%A9" in page.page.url
        assert page.errors == []


def test_works_from_a_sub_path_and_highlights(small_site, browser):
    with serve(small_site, prefix="/innovation/") as base:
        titles, page = run_query(browser, base, "超温")
        marks = [m.inner_text() for m in page.page.query_selector_all(".qc-excerpt mark")]
        links = [a.get_attribute("href") for a in page.page.query_selector_all(".qc-hit > a")]
        header = page.page.get_attribute(".qc-header-search", "action")
    assert titles and "超温" in marks
    assert all(not link.startswith("/") for link in links)  # relative: works under /innovation/
    assert header == "./search.html"
    assert all("/innovation/" in u for u in page.requests if "search/" in u)


def test_contributor_text_is_escaped_in_results(tmp_path, browser):
    root = make_root(tmp_path)
    path = root / "content/projects/2022/KT-2022-001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n滤网 `<img src=x onerror=alert(1)>` 压差\n", encoding="utf-8")
    out = tmp_path / "site"
    publish_search(root, out)
    with serve(out) as base:
        titles, page = run_query(browser, base, "滤网 压差")
        alerts = []
        page.page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        excerpt = page.page.inner_html(".qc-excerpt")
    assert titles and "<img" not in excerpt and "&lt;img" in excerpt and alerts == []


def test_assets_are_packaged():
    names = set(asset_files())
    assert names == {"assets/search/search.js", "assets/search/search.css"}


# --- the portal: the sample knowledge base, built for real, searched in Chromium ------------

@pytest.fixture(scope="module")
def portal(tmp_path_factory, sample_root):
    from generator.site.build import Progress, build_site

    tmp = tmp_path_factory.mktemp("portal")
    build_site(sample_root, out=tmp / "site", build_dir=tmp / "build", progress=Progress(enabled=False))
    return tmp / "site"


# (query, the entry it must find in the top 10): names, studios, equipment terms, synonyms,
# full-width input, a phrase from deep inside a paper body, numbers.
RECALL = [
    ("关健", "people/QD10001.html"),
    ("关健创新工作室", "studios/GZS-01.html"),
    ("秦德胜劳模创新工作室", "studios/GZS-02.html"),
    ("常家乐", "people/QD10157.html"),
    ("梁卫东", "people/QD10124.html"),
    ("凝汽器端差", "papers/LW-2021-004.html"),
    ("脱硫吸收塔 pH", "papers/LW-2021-012.html"),
    ("FGD 浆液", "papers/LW-2021-012.html"),  # FGD → 脱硫
    ("汽机 高压调门", "projects/KT-2021-011.html"),  # the title says 汽轮机
    ("1号机组 主变", "projects/KT-2022-051.html"),  # the text says #1机组
    ("＃2炉暖风器", "projects/KT-2022-037.html"),  # full-width ＃
    ("输煤皮带 纠偏", "papers/LW-2021-011.html"),
    ("碳刷温度", "patents/ZL-2021-006.html"),
    ("颗粒比表面积", "papers/LW-2021-012.html"),  # a phrase from the body of a paper
    ("DCS 历史数据", "software/RZ-2022-002.html"),
    ("课题研讨室", "facilities/SS-01.html"),
    ("要因确认", "experience/JY-2021-002.html"),
    ("202122586704.X", "patents/ZL-2021-001.html"),
    ("QC小组活动方法培训", "events/2021.html"),  # an activity: found on its year's page
    ("三个工作室获市级命名", "bulletins/2021-06.html"),  # an editor's note of a monthly bulletin
]


def hrefs(page) -> list[str]:
    return [a.get_attribute("href").removeprefix("./") for a in page.query_selector_all(".qc-hit > a")]


def test_recall_on_the_sample_knowledge_base(portal, browser):
    missed = []
    with serve(portal) as base:
        page = Page(browser.new_page())
        for query, expected in RECALL:
            page.page.goto(f"{base}search.html?q={quote(query)}")
            page.page.wait_for_selector("#qc-search[data-state=done]", timeout=10_000)
            if expected not in hrefs(page.page)[:10]:
                missed.append((query, expected, hrefs(page.page)[:10]))
        assert page.errors == [] and page.external_requests() == []
    assert missed == []


def test_names_rank_their_own_page_first(portal, browser):
    with serve(portal) as base:
        page = browser.new_page()
        for query, expected in RECALL[:5]:
            page.goto(f"{base}search.html?q={quote(query)}")
            page.wait_for_selector("#qc-search[data-state=done]")
            assert hrefs(page)[0] == expected, query


def test_header_box_on_every_page_leads_to_results(portal, browser):
    with serve(portal, prefix="/innovation/") as base:
        page = Page(browser.new_page())
        page.page.goto(base + "projects/KT-2021-011.html")
        page.page.fill(".qc-header-search input", "凝汽器端差")
        page.page.press(".qc-header-search input", "Enter")
        page.page.wait_for_selector("#qc-search[data-state=done]")
        assert page.page.url.startswith(base + "search.html?q=")
        assert "papers/LW-2021-004.html" in hrefs(page.page)
        page.page.click(".qc-hit > a >> nth=0")
        page.page.wait_for_load_state()
        assert page.page.url.startswith(base) and page.errors == [] and page.external_requests() == []


def test_facets_on_the_sample(portal, browser):
    with serve(portal) as base:
        page = browser.new_page()
        page.goto(f"{base}search.html?q={quote('锅炉')}&type={quote('论文')}&year=2021")
        page.wait_for_selector("#qc-search[data-state=done]")
        infos = [li.inner_text() for li in page.query_selector_all(".qc-hit")]
        assert infos and all(text.startswith("论文") and "2021" in text for text in infos)
        counts = {el.get_attribute("value"): el for el in page.query_selector_all("input[name=discipline]")}
        assert "锅炉" in counts  # the discipline facet offers what the results contain


def test_broken_search_config_fails_the_build_and_keeps_the_site(tmp_path):
    root = make_root(tmp_path)
    (root / "site_config").unlink()
    shutil.copytree(REPO / "site_config", root / "site_config")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("上一版网站", encoding="utf-8")
    path = root / "site_config" / "search.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - [脱硫, FGD]", "  - [脱硫, FGD]\n  - [汽机, 透平]"),
                    encoding="utf-8")
    from conftest import run_cli

    code, _, err = run_cli("--root", str(root), "build", "--out", str(out), "--quiet", "--no-pdf")
    assert code == 2 and "site_config/search.yml:" in err and "汽机" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "上一版网站"


# --- what employees type: mechanisms on the small knowledge base ---------------------------
# (the recall figures over the sample come from bench/search_recall.py, not from the suite)

IDENTIFIER_FORMS = [  # (as people write it, the entry it names)
    ("202120123456.2", "一种锅炉再热器烟温偏差调节装置"),
    ("2021201234562", "一种锅炉再热器烟温偏差调节装置"),  # no dot before the check digit
    ("CN202120123456.2", "一种锅炉再热器烟温偏差调节装置"),
    ("ZL202120123456.2", "一种锅炉再热器烟温偏差调节装置"),  # the grant number
    ("zl 2021 2012 3456.2", "一种锅炉再热器烟温偏差调节装置"),
    ("202120123456", "一种锅炉再热器烟温偏差调节装置"),  # without the check digit
    ("2021SR1234567", "锅炉受热面超温预警系统 V1.0"),
    ("2021 sr 1234567", "锅炉受热面超温预警系统 V1.0"),
    ("1234567", "锅炉受热面超温预警系统 V1.0"),  # the serial alone
    ("KT2021-001", "降低1号炉低温再热器管壁超温次数"),
    ("kt 2021 1", "降低1号炉低温再热器管壁超温次数"),
    ("ZL-2021-001", "一种锅炉再热器烟温偏差调节装置"),
    ("zl2021-01", "一种锅炉再热器烟温偏差调节装置"),
    ("GZS01", "关健创新工作室"),
    ("ＦＪＤ－０２", "汽机分场分基地"),  # full width
]


def test_identifier_forms_tokenize_alike_in_python_and_browser(small_site, browser):
    """Every form of a number gives the one canonical token, the same in Python and JavaScript."""
    from generator.search.tokenize import id_prefixes

    prefixes = id_prefixes(["KT-2021-001", "ZL-2021-001", "GZS-01", "FJD-02", "QD10001"])
    forms = [q for q, _ in IDENTIFIER_FORMS] + ["日期 2021-09-15", "ZL-2021-001 2022 专利", "SCR 2022", "V1.0 200MW"]
    python = [Tokenizer([], Synonyms([]), prefixes).tokens(f) for f in forms]
    with serve(small_site) as base:
        page = browser.new_page()
        page.goto(base + "search.html")
        page.wait_for_function("window.QCSearch && QCSearch.page")
        js = page.evaluate("([forms, prefixes]) => { const t = new QCSearch.Tokenizer([], new QCSearch.Synonyms([]), prefixes);"
                           " return forms.map(f => t.tokens(f)); }", [forms, prefixes])
    assert js == python
    patent = {tuple(t) for t, (_, title) in zip(python, IDENTIFIER_FORMS, strict=False) if title.startswith("一种") and t[0][1:].isdigit()}
    assert patent == {("#202120123456",)}  # all patent-number forms are one token
    assert python[forms.index("kt 2021 1")] == python[forms.index("KT2021-001")] == ["#kt-2021-1"]
    assert python[forms.index("SCR 2022")] == ["scr", "2022"]  # not a prefix of this knowledge base
    assert python[forms.index("日期 2021-09-15")][-3:] == ["2021", "09", "15"]  # a date is not an id


@pytest.mark.parametrize("query, expected", IDENTIFIER_FORMS)
def test_identifiers_find_their_entry_in_every_form(small_site, browser, query, expected):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, query)
    assert titles[:1] == [expected], titles
    assert page.errors == []


def test_traditional_characters_fold_to_simplified():
    from generator.search.tokenize import fold_pairs, normalize

    assert normalize("鍋爐吹灰器 汽輪機軸封 脫硫廢水 熱網加熱器洩漏") == "锅炉吹灰器 汽轮机轴封 脱硫废水 热网加热器泄漏"
    assert normalize("锅炉 DCS ＃1") == "锅炉 dcs #1"  # simplified text and ASCII unchanged
    pairs = fold_pairs()
    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    assert len(table) > 2500 and not set(table.values()) & set(table)  # folding once is enough


def test_traditional_query_in_the_browser(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "低負荷工況 再熱器管壁超溫")
        js = page.page.evaluate("s => QCSearch.normalize(s)", "鍋爐吹灰器 汽輪機軸封")
    from generator.search.tokenize import normalize

    assert titles[:1] == ["低负荷工况下再热器管壁超温原因分析及对策"]
    assert js == normalize("鍋爐吹灰器 汽輪機軸封")


def note(page) -> str:
    return page.page.inner_text(".qc-note")


@pytest.mark.parametrize("query, first_type", [
    ("再热器 专利", "专利"), ("再热器 论文", "论文"), ("再热器 课题", "课题"), ("锅炉 软著", "软著"),
    ("关健 工作室", "工作室"),
])
def test_a_type_word_ranks_that_type_first(small_site, browser, query, first_type):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, query)
        types = [t.inner_text() for t in page.page.query_selector_all(".qc-hit .qc-type")]
    assert types and types[0] == first_type, (titles, types)
    assert first_type in note(page)  # the page says what the word did


def test_year_and_sub_base_words_rank_their_entries_first(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "汽机 2022 课题")
        infos = [li.inner_text() for li in page.page.query_selector_all(".qc-hit")]
        assert titles[0] == "汽机润滑油系统滤网在线切换装置研制"
        assert "2022" in infos[0] and "汽机分场分基地" in infos[0]
        titles, page = run_query(browser, base, "锅炉分场 2021 论文")  # no text term: the facets select
        assert titles[:1] == ["低负荷工况下再热器管壁超温原因分析及对策"], titles
        titles, page = run_query(browser, base, "2022年 汽机专业 滤网")  # 年, 专业: not terms
        assert titles[:1] == ["汽机润滑油系统滤网在线切换装置研制"], titles
        assert "2022" in note(page) and "年" not in note(page).replace("年度", "")


def test_a_word_that_matches_nothing_is_dropped_and_named(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "润滑油滤网 冬天")
        assert titles[:1] == ["汽机润滑油系统滤网在线切换装置研制"]
        assert "冬天" in note(page)
        titles, page = run_query(browser, base, "再热器管壁超温是什么原因")  # question wording ignored
        assert "低负荷工况下再热器管壁超温原因分析及对策" in titles[:3]


def test_one_wrong_character_is_corrected(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "低温再热气")  # 器 typed as 气
        assert "降低1号炉低温再热器管壁超温次数" in titles[:3], titles
        assert "低温再热器" in note(page)


def test_pinyin_of_names_and_terms(small_site, browser):
    with serve(small_site) as base:
        for query, expected in [("guanjian", "关健"), ("wangzhigang", "王志刚"), ("wzg", "王志刚"),
                                ("guanjian chuangxin gongzuoshi", "关健创新工作室")]:
            titles, _ = run_query(browser, base, query)
            assert titles[:1] == [expected], (query, titles)


def test_a_patent_is_found_by_its_projects_title_and_shows_it(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "管壁超温次数 专利")
        excerpt = page.page.inner_text(".qc-hit >> nth=0")
    assert titles[0] == "一种锅炉再热器烟温偏差调节装置"
    assert "降低1号炉低温再热器管壁超温次数" in excerpt  # the excerpt names its project


def test_browse_by_facets_without_a_query(small_site, browser):
    with serve(small_site) as base:
        page = Page(browser.new_page())
        page.page.goto(base + "search.html")
        page.page.wait_for_selector("#qc-search[data-state=idle]")
        assert page.page.query_selector_all(".qc-hit") == []
        page.page.check("input[name=type][value=专利]")
        page.page.wait_for_selector("#qc-search[data-state=done]")
        types = {t.inner_text() for t in page.page.query_selector_all(".qc-hit .qc-type")}
        assert types == {"专利"} and "type=" in page.page.url and page.errors == []


def test_show_more_only_when_there_is_more(small_site, browser):
    with serve(small_site) as base:
        page = Page(browser.new_page())
        page.page.goto(base + "search.html?q=" + quote("再热器"))
        page.page.add_style_tag(content=".md-button { display: inline-block; }")  # as Material styles it
        page.page.wait_for_selector("#qc-search[data-state=done]")
        assert 0 < len(page.page.query_selector_all(".qc-hit")) < 10
        assert not page.page.is_visible(".qc-more")


def test_an_empty_result_suggests_what_to_try(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "核电站")
        text = note(page)
    assert titles == [] and "减少词语" in text and "拼音" in text


def test_synonyms_the_content_defines_in_brackets():
    from generator.search.glossary import mined_synonyms

    texts = ["提高自动发电控制（AGC）调节速率", "按美国传热学会（HEI）标准", "NOx（氮氧化物）排放", "SO2（二氧化硫）与 SO2（硫化物）"]
    words = {"自动发电控制", "氮氧化物", "二氧化硫", "硫化物"}
    assert sorted(mined_synonyms(texts, words, taken={"脱硫"})) == [["氮氧化物", "nox"], ["自动发电控制", "agc"]]


def test_mined_synonym_finds_both_forms(tmp_path, browser):
    root = make_root(tmp_path)
    path = root / "content/projects/2022/KT-2022-001.md"
    text = path.read_text(encoding="utf-8").replace("status: 实施\n", "status: 实施\nkeywords: [滤网堵塞预警]\n", 1)
    path.write_text(text + "\n采用滤网堵塞预警（FBW）逻辑，提前切换。\n", encoding="utf-8")
    other = root / "content/projects/2021/KT-2021-001.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n投运 FBW 后效果明显。\n", encoding="utf-8")
    out = tmp_path / "site"
    publish_search(root, out)
    with serve(out) as base:
        titles, _ = run_query(browser, base, "滤网堵塞预警")
    assert "降低1号炉低温再热器管壁超温次数" in titles  # it only says FBW


def test_abbreviations_and_ignore_words_are_checked(tmp_path):
    root = tmp_path / "kb"
    (root / "site_config").mkdir(parents=True)
    (root / "site_config" / "search.yml").write_text(
        "abbreviations:\n  - [凝结水泵]\nweights: {title: 8, keywords: 4, text: 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="search.yml:2: 简称组要写成"):
        load_search_config(root)


# --- the tester's findings on #16 ----------------------------------------------------------

@pytest.fixture(scope="module")
def loose_site(tmp_path_factory):
    """The small knowledge base with a registration number whose serial starts with 0 and a
    formula in a project's body."""
    tmp = tmp_path_factory.mktemp("loose")
    root = make_root(tmp)
    soft = root / "content/software/RZ-2021-001.yml"
    soft.write_text(soft.read_text(encoding="utf-8").replace("2021SR1234567", "2021SR0962096"), encoding="utf-8")
    project = root / "content/projects/2022/KT-2022-001.md"
    project.write_text(project.read_text(encoding="utf-8") + "\n滤网压差按 $$N = \\frac{x}{b}$$ 与 $k_1$ 计算。\n",
                       encoding="utf-8")
    out = tmp / "site"
    publish_search(root, out)
    return out


@pytest.mark.parametrize("query", ["2021SR0962096", "2021SR962096", "2021 sr 962096", "SR962096", "sr0962096",
                                   "962096", "0962096"])
def test_registration_serials_match_with_or_without_leading_zeros(loose_site, browser, query):
    with serve(loose_site) as base:
        titles, page = run_query(browser, base, query)
    assert titles[:1] == ["锅炉受热面超温预警系统 V1.0"], (query, titles)


def test_an_unknown_identifier_is_named_as_typed_not_as_a_token(loose_site, browser):
    with serve(loose_site) as base:
        titles, page = run_query(browser, base, "2023SR0000001 再热器")
        text = note(page)
    assert titles and "已忽略" in text and "2023SR0000001" in text and "#" not in text, text
    assert "没有结果、" not in text  # other words found results


def test_a_staff_number_without_its_prefix_finds_the_person(small_site, browser):
    with serve(small_site) as base:
        titles, _ = run_query(browser, base, "10001")
        prefixed, _ = run_query(browser, base, "QD 10001")
    assert titles[:1] == ["关健"] and prefixed[:1] == ["关健"], (titles, prefixed)


def test_excerpts_show_no_tex(loose_site, browser):
    with serve(loose_site) as base:
        titles, page = run_query(browser, base, "滤网压差")
        excerpt = page.page.inner_text(".qc-hit >> nth=0")
    assert titles[:1] == ["汽机润滑油系统滤网在线切换装置研制"], titles
    assert "滤网压差按" in excerpt and "$" not in excerpt and "frac" not in excerpt and "k_1" not in excerpt, excerpt


def test_time_shown_after_show_more_is_that_actions(small_site, browser):
    with serve(small_site) as base:
        page = Page(browser.new_page())
        page.page.goto(base + "search.html?q=" + quote("锅炉"))
        page.page.wait_for_selector("#qc-search[data-state=done]")
        page.page.evaluate("() => { const p = QCSearch.page; p.started = performance.now() - 60000; }")
        page.page.evaluate("() => QCSearch.page.root.querySelector('.qc-more').hidden = false")
        page.page.click(".qc-more")
        page.page.wait_for_function("!/用时 [0-9]{5,} /.test(document.querySelector('.qc-status').textContent)"
                                    " && /用时/.test(document.querySelector('.qc-status').textContent)", timeout=5000)


@pytest.mark.parametrize("query, expected", [("wang zhi gang", "王志刚"), ("Wang Zhigang", "王志刚"), ("guan jian", "关健")])
def test_pinyin_with_spaces_between_syllables(small_site, browser, query, expected):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, query)
        text = note(page)
    assert titles[:1] == [expected], (query, titles)
    assert "忽略" not in text, text


def test_a_typo_into_another_real_word_is_corrected(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "关键创新工作室")  # 关键 is a word; the studio is 关健
        text = note(page)
    assert titles[:1] == ["关健创新工作室"], titles
    assert "关健创新工作室" in text


def test_correction_changes_only_a_character_that_matches_nothing(small_site, browser):
    """低压加热面: 热面 occurs in the text, so 面 is not a typo for 低压加热器's 器 (the tester's
    火箭发动机 → 火箭发电机: 发动, 动机 matched)."""
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "低压加热面")
        text = note(page)
    assert "低压加热器" not in text, text


@pytest.mark.parametrize("query", ["再热器量子隧穿纠缠", '"><svg onload=alert(2)>'])
def test_results_matching_less_than_half_the_query_are_labelled_partial(small_site, browser, query):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, query)
        status = page.page.inner_text(".qc-status")
    assert not titles or "部分匹配" in status, (titles, status)


def test_a_full_match_is_not_labelled_partial(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "低温再热器")
        status = page.page.inner_text(".qc-status")
    assert titles and "部分匹配" not in status, status


def test_a_type_word_puts_its_type_before_full_matches_of_others(small_site, browser):
    with serve(small_site) as base:
        titles, page = run_query(browser, base, "再热器 配风 专利")  # the patent has no 配风; the paper has both
        types = [t.inner_text() for t in page.page.query_selector_all(".qc-hit .qc-type")]
    assert types[:1] == ["专利"], (titles, types)


@pytest.fixture(scope="module")
def compound_base_site(tmp_path_factory):
    """The small knowledge base with the 汽机 sub-base renamed 环保脱硫分场分基地 (脱硫 is a dictionary word)."""
    tmp = tmp_path_factory.mktemp("compound")
    root = make_root(tmp)
    base = root / "content/bases/FJD-02.yml"
    base.write_text(base.read_text(encoding="utf-8").replace("汽机分场分基地", "环保脱硫分场分基地"), encoding="utf-8")
    out = tmp / "site"
    publish_search(root, out)
    return out


@pytest.mark.parametrize("query", ["脱硫 滤网", "环保 滤网", "环保脱硫 滤网"])
def test_parts_of_a_compound_sub_base_name_select_it(compound_base_site, browser, query):
    with serve(compound_base_site) as base:
        titles, page = run_query(browser, base, query)
        text = note(page)
    assert "环保脱硫分场分基地" in text, (query, text)
    assert titles[:1] == ["汽机润滑油系统滤网在线切换装置研制"], titles
