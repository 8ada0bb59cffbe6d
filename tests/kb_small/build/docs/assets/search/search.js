/* 成果检索：the browser half of generator/search. No libraries, no external requests.
 * The tokenizer below is the same algorithm as generator/search/tokenize.py (a test compares
 * both on the same strings); the index files are described in generator/search/index.py. */
(function () {
  "use strict";

  var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?/g;
  var PAGE = 10;

  function normalize(text) { return text.normalize("NFKC").toLowerCase(); }
  function isAsciiAlnum(ch) { return /^[a-z0-9]$/i.test(ch); }

  function Synonyms(groups) {
    var table = {}, lengths = {}, first = {};
    groups.forEach(function (group) {
      var forms = group.map(normalize);
      forms.forEach(function (f) { table[f] = forms[0]; lengths[f.length] = true; first[f[0]] = true; });
    });
    this.table = table;
    this.first = first;
    this.lengths = Object.keys(lengths).map(Number).sort(function (a, b) { return b - a; });
  }
  Synonyms.prototype.bounded = function (text, i, length) {
    var a = text[i], z = text[i + length - 1];
    if (!isAsciiAlnum(a) && !isAsciiAlnum(z)) return true;
    var before = i > 0 ? text[i - 1] : "", after = i + length < text.length ? text[i + length] : "";
    return !(isAsciiAlnum(a) && before && isAsciiAlnum(before)) && !(isAsciiAlnum(z) && after && isAsciiAlnum(after));
  };
  Synonyms.prototype.apply = function (text) {
    var out = [], i = 0, n = text.length;
    outer: while (i < n) {
      if (this.first[text[i]]) {
        for (var k = 0; k < this.lengths.length; k++) {
          var length = this.lengths[k], piece = text.substr(i, length);
          if (piece.length === length && Object.prototype.hasOwnProperty.call(this.table, piece) &&
              this.bounded(text, i, length)) {
            out.push(this.table[piece]); i += length; continue outer;
          }
        }
      }
      out.push(text[i]); i += 1;
    }
    return out.join("");
  };

  function Tokenizer(words, synonyms) {
    this.synonyms = synonyms;
    this.words = {}; this.prefixes = {}; this.maxLen = 2;
    var self = this;
    words.forEach(function (w) {  // dict.json holds words already prepared by the indexer
      self.words[w] = true; self.prefixes[w.substr(0, 2)] = true;
      if (w.length > self.maxLen) self.maxLen = w.length;
    });
  }
  Tokenizer.prototype.prepare = function (text) { return this.synonyms.apply(normalize(text)); };
  Tokenizer.prototype.tokens = function (text) {
    var out = [], prepared = this.prepare(text), m;
    CJK_RUN.lastIndex = 0;
    while ((m = CJK_RUN.exec(prepared)) !== null) {
      var run = m[0];
      if (run[0] < "\u3400" || run.length === 1) { out.push(run); continue; }
      for (var i = 0; i < run.length - 1; i++) out.push(run.substr(i, 2));
    }
    return out.concat(this.dictionaryWords(prepared));
  };
  Tokenizer.prototype.dictionaryWords = function (run) {
    var found = [], i = 0, n = run.length;
    while (i < n - 1) {
      var matched = 0;
      if (this.prefixes[run.substr(i, 2)]) {
        for (var length = Math.min(this.maxLen, n - i); length > 1; length--) {
          var piece = run.substr(i, length);
          if (this.words[piece]) { if (length > 2) found.push(piece); matched = length; break; }
        }
      }
      i += matched || 1;
    }
    return found;
  };

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();
  function crc32(text) {
    var bytes = new TextEncoder().encode(text), crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  /* ---- the index: fetched in pieces, each piece once ---------------------------------- */
  function Index(root) {
    this.root = root; this.cache = {};
  }
  Index.prototype.get = function (path) {
    if (!this.cache[path]) {
      this.cache[path] = fetch(this.root + path).then(function (r) {
        if (!r.ok) throw new Error(path + " " + r.status);
        return r.json();
      });
    }
    return this.cache[path];
  };
  Index.prototype.ready = function () {
    var self = this;
    if (!this.loading) {
      this.loading = Promise.all([this.get("manifest.json"), this.get("dict.json"), this.get("facets.json")])
        .then(function (parts) {
          self.manifest = parts[0]; self.facets = parts[2];
          self.tokenizer = new Tokenizer(parts[1].words, new Synonyms(parts[1].synonyms));
          self.synonymGroups = parts[1].synonyms.map(function (g) { return g.map(normalize); });
          return self;
        });
    }
    return this.loading;
  };
  Index.prototype.postings = function (token) {
    var shard = crc32(token) % this.manifest.shards;
    return this.get("s/" + shard + ".json").then(function (bucket) {
      var flat = bucket[token] || [], map = {}, doc = 0;
      for (var i = 0; i < flat.length; i += 2) { doc += flat[i]; map[doc] = flat[i + 1]; }
      return map;
    });
  };
  Index.prototype.facetValue = function (name, doc) {
    var f = this.facets, width = f.widths[name], code = 0;
    for (var k = 0; k < width; k++) code = code * f.alphabet.length + f.alphabet.indexOf(f.codes[name][doc * width + k]);
    if (!code) return "";
    var facet = this.manifest.facets.filter(function (f) { return f.name === name; })[0];
    return facet.values[code - 1];
  };

  /* ---- matching and ranking ----------------------------------------------------------- */
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  function search(index, query) {
    var tokens = unique(index.tokenizer.tokens(query));
    var required = tokens.filter(function (t) { return !(t.length > 2 && index.tokenizer.words[t]); });
    if (!tokens.length) return Promise.resolve({ tokens: tokens, hits: [] });
    tokens.push("=" + index.tokenizer.prepare(query).trim());  // the exact title (index.py exact_token)
    return Promise.all(tokens.map(function (t) { return index.postings(t); })).then(function (lists) {
      var n = index.manifest.documents, scores = {}, matched = {};
      tokens.forEach(function (t, k) {
        var list = lists[k], docs = Object.keys(list), idf = Math.log(1 + n / (docs.length || 1));
        var isRequired = required.indexOf(t) >= 0;
        docs.forEach(function (d) {
          scores[d] = (scores[d] || 0) + idf * list[d] * (isRequired ? 1 : 2);
          if (isRequired) matched[d] = (matched[d] || 0) + 1;
        });
      });
      var need = required.length;
      var full = Object.keys(matched).filter(function (d) { return matched[d] === need; });
      var docs = full.length ? full : Object.keys(matched).filter(function (d) { return matched[d] >= Math.ceil(need * 0.6); });
      var hits = docs.map(function (d) { return { doc: Number(d), score: scores[d], matched: matched[d] }; });
      hits.sort(function (a, b) { return b.matched - a.matched || b.score - a.score || a.doc - b.doc; });
      return { tokens: tokens, hits: hits, partial: !full.length && hits.length > 0 };
    });
  }

  function filterHits(index, hits, selected, except) {
    return hits.filter(function (h) {
      return Object.keys(selected).every(function (name) {
        if (name === except || !selected[name].length) return true;
        return selected[name].indexOf(index.facetValue(name, h.doc)) >= 0;
      });
    });
  }

  function facetCounts(index, hits, selected) {
    return index.manifest.facets.map(function (facet) {
      var counts = {};
      filterHits(index, hits, selected, facet.name).forEach(function (h) {
        var v = index.facetValue(facet.name, h.doc);
        if (v) counts[v] = (counts[v] || 0) + 1;
      });
      return { name: facet.name, label: facet.label, values: facet.values.filter(function (v) { return counts[v]; })
        .map(function (v) { return { value: v, count: counts[v] }; }) };
    });
  }

  /* ---- display ------------------------------------------------------------------------- */
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* What to mark in excerpts: the query's own words and their synonyms first; the
   * two-character pieces only when no whole word occurs in the text. */
  function highlightTerms(index, query) {
    var whole = (normalize(query).match(CJK_RUN) || []).slice();
    var prepared = index.tokenizer.prepare(query);
    (prepared.match(CJK_RUN) || []).forEach(function (r) { whole.push(r); });
    index.synonymGroups.forEach(function (group) {
      if (group.some(function (f) { return prepared.indexOf(f) >= 0; })) Array.prototype.push.apply(whole, group);
    });
    var pieces = [];
    (prepared.match(CJK_RUN) || []).forEach(function (r) {
      for (var i = 0; i < r.length - 1; i++) pieces.push(r.substr(i, 2));
    });
    function order(list) {
      list = unique(list.filter(Boolean));
      list.sort(function (a, b) { return b.length - a.length; });
      return list;
    }
    return { whole: order(whole), pieces: order(pieces) };
  }

  function excerpt(text, terms) {
    var lower = normalize(text);
    var useWhole = terms.whole.some(function (t) { return lower.indexOf(t) >= 0; });
    var list = useWhole ? terms.whole : terms.pieces, at = -1;
    for (var i = 0; i < list.length && at < 0; i++) at = lower.indexOf(list[i]);
    var start = Math.max(0, at - 40), snippet = text.substr(at < 0 ? 0 : start, 120);
    var lowSnippet = normalize(snippet), marks = [];
    list.forEach(function (t) {
      var from = 0, k;
      while ((k = lowSnippet.indexOf(t, from)) >= 0) { marks.push([k, k + t.length]); from = k + t.length; }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    marks.forEach(function (m) {
      var last = merged[merged.length - 1];
      if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]); else merged.push(m.slice());
    });
    var html = "", pos = 0;
    merged.forEach(function (m) {
      html += esc(snippet.slice(pos, m[0])) + "<mark>" + esc(snippet.slice(m[0], m[1])) + "</mark>";
      pos = m[1];
    });
    html += esc(snippet.slice(pos));
    return (start > 0 && at >= 0 ? "…" : "") + html + ((at < 0 ? 0 : start) + 120 < text.length ? "…" : "");
  }

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* not a Material page */ }
    return base.replace(/\/$/, "") + "/";
  }

  function SearchPage(root, index) {
    this.root = root; this.index = index; this.selected = {}; this.shown = PAGE; this.seq = 0;
    var params = new URLSearchParams(location.search);
    var self = this;
    index.manifest.facets.forEach(function (f) { self.selected[f.name] = params.getAll(f.name); });
    root.innerHTML =
      '<form class="qc-search-form" role="search"><input type="search" name="q" class="qc-search-input" ' +
      'placeholder="输入设备、课题、人名、工作室……" autocomplete="off" aria-label="检索"></form>' +
      '<div class="qc-search-layout"><aside class="qc-facets" aria-label="筛选"></aside>' +
      '<section><p class="qc-status" aria-live="polite"></p><ol class="qc-results"></ol>' +
      '<button type="button" class="md-button qc-more" hidden>显示更多</button></section></div>';
    this.input = root.querySelector(".qc-search-input");
    this.input.value = params.get("q") || "";
    var composing = false, timer = null;
    function later() { clearTimeout(timer); timer = setTimeout(function () { self.run(true); }, 120); }
    this.input.addEventListener("compositionstart", function () { composing = true; });
    this.input.addEventListener("compositionend", function () { composing = false; later(); });
    this.input.addEventListener("input", function (e) { if (!composing && !e.isComposing) later(); });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault(); clearTimeout(timer); self.run(true);
    });
    root.querySelector(".qc-more").addEventListener("click", function () { self.shown += PAGE; self.render(); });
    root.querySelector(".qc-facets").addEventListener("change", function (e) {
      var box = e.target;
      if (!box.name) return;
      var list = self.selected[box.name];
      if (box.checked) list.push(box.value); else list.splice(list.indexOf(box.value), 1);
      self.shown = PAGE; self.render(); self.remember();
    });
    if (this.input.value) this.run(false);
  }
  SearchPage.prototype.remember = function () {
    var params = new URLSearchParams();
    if (this.input.value) params.set("q", this.input.value);
    var selected = this.selected;
    Object.keys(selected).forEach(function (k) { selected[k].forEach(function (v) { params.append(k, v); }); });
    history.replaceState(null, "", "?" + params.toString());
  };
  SearchPage.prototype.run = function (remember) {
    var self = this, query = this.input.value.trim(), seq = ++this.seq, started = performance.now();
    if (remember) this.remember();
    if (!query) { this.result = null; this.root.querySelector(".qc-results").innerHTML = ""; this.status(""); this.facetsHtml([]); return; }
    search(this.index, query).then(function (result) {
      if (seq !== self.seq) return;
      self.result = result; self.query = query; self.started = started; self.shown = PAGE;
      self.terms = highlightTerms(self.index, query);
      self.render();
    }).catch(function (err) { self.status("检索出错：" + err.message); });
  };
  SearchPage.prototype.status = function (text) { this.root.querySelector(".qc-status").textContent = text; };
  SearchPage.prototype.facetsHtml = function (facets) {
    var selected = this.selected;
    this.root.querySelector(".qc-facets").innerHTML = facets.filter(function (f) { return f.values.length; })
      .map(function (f) {
        return '<fieldset class="qc-facet" data-facet="' + esc(f.name) + '"><legend>' + esc(f.label) + "</legend>" +
          f.values.map(function (v) {
            var on = selected[f.name].indexOf(v.value) >= 0 ? " checked" : "";
            return '<label><input type="checkbox" name="' + esc(f.name) + '" value="' + esc(v.value) + '"' + on +
              "> " + esc(v.value) + ' <span class="qc-count">' + v.count + "</span></label>";
          }).join("") + "</fieldset>";
      }).join("");
  };
  SearchPage.prototype.render = function () {
    var self = this, index = this.index, result = this.result;
    if (!result) return;
    var hits = filterHits(index, result.hits, this.selected, null);
    this.facetsHtml(facetCounts(index, result.hits, this.selected));
    var page = hits.slice(0, this.shown), seq = this.seq;
    var blocks = unique(page.map(function (h) { return Math.floor(h.doc / index.manifest.block); }));
    Promise.all([
      Promise.all(blocks.map(function (b) { return index.get("m/" + b + ".json"); })),
      Promise.all(page.map(function (h) {
        var tb = index.manifest.textBlock;
        return index.get("t/" + Math.floor(h.doc / tb) + ".json").then(function (texts) { return texts[h.doc % tb]; });
      })),
    ]).then(function (parts) {
      if (seq !== self.seq) return;
      var meta = {};
      blocks.forEach(function (b, k) { meta[b] = parts[0][k]; });
      var base = siteBase();
      self.root.querySelector(".qc-results").innerHTML = page.map(function (h, k) {
        var m = meta[Math.floor(h.doc / index.manifest.block)][h.doc % index.manifest.block];
        var info = [m[3], m[4]].filter(Boolean).map(esc).join(" · ");
        return '<li class="qc-hit"><span class="qc-type">' + esc(m[2]) + '</span> <a href="' + esc(base + m[1]) + '">' +
          esc(m[0]) + "</a>" + (info ? ' <span class="qc-info">' + info + "</span>" : "") +
          '<p class="qc-excerpt">' + excerpt(parts[1][k], self.terms) + "</p></li>";
      }).join("");
      var ms = Math.round(performance.now() - self.started);
      self.status(hits.length ? "找到 " + hits.length + " 项" + (result.partial ? "（部分匹配）" : "") + "，用时 " + ms + " 毫秒"
        : "没有找到与“" + self.query + "”相关的成果。");
      self.root.querySelector(".qc-more").hidden = hits.length <= self.shown;
      self.root.setAttribute("data-state", "done");
    }).catch(function (err) { self.status("检索出错：" + err.message); });
  };

  function headerBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".qc-header-search")) return;
    var form = document.createElement("form");
    form.className = "qc-header-search";
    form.setAttribute("role", "search");
    form.action = siteBase() + "search.html";
    form.innerHTML = '<input type="search" name="q" placeholder="搜索成果" aria-label="搜索成果">';
    var title = header.querySelector(".md-header__title");
    header.insertBefore(form, title ? title.nextSibling : null);
  }

  var api = { normalize: normalize, Synonyms: Synonyms, Tokenizer: Tokenizer, crc32: crc32, Index: Index, search: search };
  window.QCSearch = api;

  function start() {
    headerBox();
    var root = document.getElementById("qc-search");
    if (!root) return;
    var index = new Index(siteBase() + "search/");
    api.index = index;
    index.ready().then(function (ready) { api.page = new SearchPage(root, ready); })
      .catch(function (err) { root.textContent = "检索索引加载失败：" + err.message; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
