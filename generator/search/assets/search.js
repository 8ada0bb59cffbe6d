/* 成果检索：the browser half of generator/search. No libraries, no external requests.
 * The tokenizer below is the same algorithm as generator/search/tokenize.py (a test compares
 * both on the same strings); the index files are described in generator/search/index.py. */
(function () {
  "use strict";

  var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?/g;
  var PAGE = 10;

  var FOLD = {};  // 繁体 → 简体, from dict.json (OpenCC's tables, see tokenize.fold_pairs)
  function setFold(pairs) {
    var chars = Array.from(pairs || "");
    FOLD = {};
    for (var i = 0; i + 1 < chars.length; i += 2) FOLD[chars[i]] = chars[i + 1];
  }
  function normalize(text) {
    return Array.from(text.normalize("NFKC").toLowerCase(), function (ch) { return FOLD[ch] || ch; }).join("");
  }
  function isAsciiAlnum(ch) { return /^[a-z0-9]$/i.test(ch); }

  // Identifiers (tokenize.py PATENT_NO, SOFTWARE_NO, ENTRY_ID): one canonical "#" token each.
  var PATENT_NO = /(?<![a-z0-9])(?:cn|zl)?[ .]?([0-9]{4}) ?([0-9]{4}) ?([0-9]{4})(?: ?\.? ?[0-9x])?(?![a-z0-9])/g;
  var SOFTWARE_NO = /(?<![a-z0-9])(?:(20[0-9]{2}) ?)?sr ?([0-9]{5,7})(?![0-9])/g;
  var STAFF_DIGITS = 4;
  function entryIdPattern(prefixes) {
    var alternatives = prefixes.map(function (p) {
      p = p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return p + "(?<![a-z0-9]" + p + ")";
    }).join("|");
    return new RegExp("(" + alternatives + ")[ -]?(?:(20[0-9]{2})[ -]?([0-9]{1,4})|([0-9]{1,8}))(?![a-z0-9])", "g");
  }

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

  function Tokenizer(words, synonyms, prefixes) {
    this.synonyms = synonyms;
    this.prefixes = prefixes || [];
    this.entryId = this.prefixes.length ? entryIdPattern(this.prefixes) : null;
    this.byLength = {};
    this.words = {}; this.starts = {}; this.maxLen = 2;
    var self = this;
    words.forEach(function (w) {  // dict.json holds words already prepared by the indexer
      self.words[w] = true; self.starts[w.substr(0, 2)] = true;
      if (w.length > self.maxLen) self.maxLen = w.length;
      (self.byLength[w.length] = self.byLength[w.length] || []).push(w);
    });
  }
  Tokenizer.prototype.prepare = function (text) { return this.synonyms.apply(normalize(text)); };
  /* ``shown`` (optional, query side only): each token's identifier as the user typed it. */
  Tokenizer.prototype.identifierTokens = function (prepared, shown) {
    var found = [];
    function as(m) { if (shown) found.forEach(function (t) { if (!shown[t]) shown[t] = m.trim().toUpperCase(); }); return " "; }
    prepared = prepared.replace(PATENT_NO, function (m, a, b, c) { found.push("#" + a + b + c); return as(m); });
    prepared = prepared.replace(SOFTWARE_NO, function (m, year, serial) {
      var short = String(parseInt(serial, 10)), padded = ("0000000" + serial).slice(-Math.max(7, serial.length));
      if (year) found.push("#" + year + "sr" + short);
      found.push(short); if (padded !== short) found.push(padded);
      return as(m);
    });
    if (this.entryId) {
      prepared = prepared.replace(this.entryId, function (m, prefix, year, number, alone) {
        found.push(year ? "#" + prefix + "-" + parseInt(year, 10) + "-" + parseInt(number, 10) : "#" + prefix + "-" + parseInt(alone, 10));
        if (!year && String(parseInt(alone, 10)).length >= STAFF_DIGITS) found.push(String(parseInt(alone, 10)));
        return as(m);
      });
    }
    return [found, prepared];
  };
  Tokenizer.prototype.tokens = function (text) {
    var split = this.identifierTokens(this.prepare(text)), out = split[0], prepared = split[1], m;
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
      if (this.starts[run.substr(i, 2)]) {
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
  function wordPattern(words) {
    var list = words.slice().sort(function (a, b) { return b.length - a.length || (a < b ? -1 : 1); });
    if (!list.length) return null;
    return new RegExp(list.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
  }
  Index.prototype.ready = function () {
    var self = this;
    if (!this.loading) {
      this.loading = Promise.all([this.get("manifest.json"), this.get("dict.json"), this.get("facets.json")])
        .then(function (parts) {
          var dict = parts[1];
          self.manifest = parts[0];
          setFold(dict.fold);  // before anything normalizes
          self.tokenizer = new Tokenizer(dict.words, new Synonyms(dict.synonyms), dict.prefixes);
          self.synonymGroups = dict.synonyms.map(function (g) { return g.map(normalize); });
          self.abbreviations = new Synonyms(dict.abbreviations || []);
          self.abbreviationGroups = (dict.abbreviations || []).map(function (g) { return g.map(normalize); });
          self.ignore = new Synonyms((dict.ignore || []).length ? [[" "].concat(dict.ignore)] : []);
          self.facetWords = dict.facetWords || { type: {}, base: {} };
          self.typePattern = wordPattern(Object.keys(self.facetWords.type));
          self.basePattern = wordPattern(Object.keys(self.facetWords.base));
          self.decodeFacets(parts[2]);
          return self;
        });
    }
    return this.loading;
  };
  /* Each facet decoded once into an array of value numbers (0 = none): filtering and counting
   * then cost one array read per document, so a facet click is as fast as a query. */
  Index.prototype.decodeFacets = function (f) {
    var self = this, n = this.manifest.documents;
    this.facetCodes = {}; this.facetValues = {};
    this.manifest.facets.forEach(function (facet) {
      var width = f.widths[facet.name], codes = f.codes[facet.name], out = new Uint16Array(n);
      for (var d = 0; d < n; d++) {
        var code = 0;
        for (var k = 0; k < width; k++) code = code * f.alphabet.length + f.alphabet.indexOf(codes[d * width + k]);
        out[d] = code;
      }
      self.facetCodes[facet.name] = out;
      self.facetValues[facet.name] = facet.values;
    });
  };
  Index.prototype.facetValue = function (name, doc) {
    var code = this.facetCodes[name][doc];
    return code ? this.facetValues[name][code - 1] : "";
  };
  Index.prototype.postings = function (token) {
    var shard = crc32(token) % this.manifest.shards;
    return this.get("s/" + shard + ".json").then(function (bucket) {
      var flat = Object.prototype.hasOwnProperty.call(bucket, token) ? bucket[token] : [], map = {}, doc = 0;
      for (var i = 0; i < flat.length; i += 2) { doc += flat[i]; map[doc] = flat[i + 1]; }
      return map;
    });
  };

  /* ---- what a query asks for --------------------------------------------------------- */
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }
  var YEAR = /(?<![0-9a-z.#-])((?:19|20)[0-9]{2})(?![0-9a-z.])(?:年度|年)?/g;

  /* The query → its terms. Shop-floor abbreviations are expanded (凝泵 → 凝结水泵), question and
   * role words dropped, identifiers made canonical; words naming a type (专利) or a year select
   * a facet, a sub-base's name (热控) selects its facet and also stays a term that the base's
   * entries satisfy. Each remaining chunk of text is a term; its bigrams must all match. */
  function analyse(index, query) {
    var t = index.tokenizer, fw = index.facetWords;
    var prepared = t.prepare(index.ignore.apply(index.abbreviations.apply(normalize(query))));
    var shown = {}, split = t.identifierTokens(prepared, shown), facets = { type: [], year: [], base: [] }, terms = [];
    prepared = split[1].replace(YEAR, function (m, y) { facets.year.push(y); return " "; });
    if (index.typePattern) prepared = prepared.replace(index.typePattern, function (w) { facets.type.push(fw.type[w]); return " "; });
    if (index.basePattern) {
      prepared = prepared.replace(index.basePattern, function (w) {
        facets.base.push(fw.base[w]); terms.push({ text: w, base: fw.base[w] }); return " ";
      });
    }
    split[0].forEach(function (id) { terms.push({ text: id, id: true, shown: shown[id] || id }); });
    prepared.split(/\s+/).filter(Boolean).forEach(function (chunk) { terms.push({ text: chunk }); });
    terms.forEach(function (term) {
      var tokens = term.id ? [term.text] : t.tokens(term.text);
      term.required = unique(tokens.filter(function (x) { return !(x.length > 2 && t.words[x]); }));
      term.optional = unique(tokens.filter(function (x) { return x.length > 2 && t.words[x]; }));
    });
    Object.keys(facets).forEach(function (k) { facets[k] = unique(facets[k]); });
    return { terms: terms, facets: facets, exact: "=" + t.prepare(query).trim() };
  }

  /* One wrong character: the dictionary word of the same length that differs from a piece of
   * the chunk in one place, where that place is in a bigram that matched nothing. */
  function correct(index, chunk, dead) {
    var byLength = index.tokenizer.byLength;
    for (var length = Math.min(chunk.length, index.tokenizer.maxLen); length >= 3; length--) {
      var words = byLength[length] || [];
      for (var i = 0; i + length <= chunk.length; i++) {
        var piece = chunk.substr(i, length);
        if (!dead.some(function (d) { return piece.indexOf(d) >= 0; })) continue;
        for (var w = 0; w < words.length; w++) {
          var word = words[w], diff = 0, at = -1;
          for (var k = 0; k < length && diff < 2; k++) if (word[k] !== piece[k]) { diff++; at = i + k; }
          // only a character in a bigram that matched nothing: 发动机 in 火箭发动机 is no typo of 发电机
          if (diff === 1 && (dead.indexOf(chunk.substr(at - 1, 2)) >= 0 || dead.indexOf(chunk.substr(at, 2)) >= 0)) {
            return chunk.substr(0, i) + word + chunk.substr(i + length);
          }
        }
      }
    }
    return null;
  }

  /* ---- matching and ranking ----------------------------------------------------------- */
  var FACET_GROUPS = ["type", "year", "base"];

  /* Pinyin typed with spaces between syllables (qin de sheng, Qin Desheng) is looked up joined
   * first, as the index holds it (qindesheng); when nothing has the joined form, the words. */
  var SPACED_LETTERS = /^[a-z]+(?:\s+[a-z]+)+$/;
  function search(index, query, noCorrection) {
    var letters = normalize(query).trim();
    if (SPACED_LETTERS.test(letters)) {
      var joined = letters.replace(/\s+/g, "");
      return index.postings(joined).then(function (list) {
        return Object.keys(list).length ? match(index, joined, noCorrection) : match(index, query, noCorrection);
      });
    }
    return match(index, query, noCorrection);
  }

  function match(index, query, noCorrection) {
    var plan = analyse(index, query), n = index.manifest.documents;
    var all = [];
    plan.terms.forEach(function (term) { all = all.concat(term.required, term.optional); });
    all.push(plan.exact);
    all = unique(all);
    return Promise.all(all.map(function (t) { return index.postings(t); })).then(function (lists) {
      var postings = {}, size = {};
      all.forEach(function (t, k) { postings[t] = lists[k]; size[t] = Object.keys(lists[k]).length; });
      function idf(t) { return Math.log(1 + n / (size[t] || 1)); }
      var dropped = [], deadBigrams = [], required = [];
      plan.terms.forEach(function (term) {
        var alive = term.required.filter(function (t) { return size[t] || term.base; });
        if (!alive.length && !term.base) dropped.push(term.shown || term.text);  // never an internal "#" token
        else deadBigrams = deadBigrams.concat(term.required.filter(function (t) { return alive.indexOf(t) < 0 && t.length === 2 && t >= "\u3400"; }));
        alive.forEach(function (t) {
          if (!required.some(function (r) { return r.token === t; })) required.push({ token: t, base: term.base });
        });
      });
      var hasIds = plan.terms.some(function (term) { return term.id; });
      if (!noCorrection && !hasIds && (deadBigrams.length || dropped.length)) {
        var fixed = plan.terms.map(function (term) {
          var dead = term.required.filter(function (t) { return !size[t]; });
          return dead.length && !term.id ? correct(index, term.text, dead) || term.text : term.text;
        });
        var corrected = fixed.join(" "), facetWords = plan.facets.type.concat(plan.facets.year).join(" ");
        if (corrected === plan.terms.map(function (term) { return term.text; }).join(" ")) {
          // a typo into a word that is itself a type or sub-base word (关键创新工作室: 工作室 was taken
          // out as a type word, so no term holds the whole studio name): the query as typed
          var whole = index.tokenizer.prepare(normalize(query)).trim(), alsoDead = [];
          plan.terms.forEach(function (term) { alsoDead = alsoDead.concat(term.required.filter(function (t) { return !size[t]; })); });
          var fixedWhole = correct(index, whole, alsoDead);
          if (fixedWhole) { corrected = fixedWhole; facetWords = ""; }
        }
        if (corrected !== plan.terms.map(function (term) { return term.text; }).join(" ")) {
          return search(index, corrected + " " + facetWords, true).then(function (better) {
            if (!better.full) return finish();
            better.corrected = corrected;
            return better;
          });
        }
      }
      return finish();

      function finish() {
        var scores = {}, matched = {}, baseCode = index.facetCodes.base;
        required.forEach(function (r) {
          var list = postings[r.token], w = idf(r.token), code = r.base ? index.facetValues.base.indexOf(r.base) + 1 : -1;
          Object.keys(list).forEach(function (d) {
            scores[d] = (scores[d] || 0) + w * list[d]; matched[d] = (matched[d] || 0) + 1;
          });
          if (code > 0) {  // the sub-base's own entries satisfy its name
            for (var d = 0; d < n; d++) {
              if (baseCode[d] === code && !(d in list)) { scores[d] = (scores[d] || 0) + w; matched[d] = (matched[d] || 0) + 1; }
            }
          }
        });
        var groups = FACET_GROUPS.filter(function (g) { return plan.facets[g].length; });
        function satisfied(d) {
          return groups.filter(function (g) { return plan.facets[g].indexOf(index.facetValue(g, d)) >= 0; });
        }
        function tier(d) {  // a type word is a request; a sub-base's name may also just be a word (锅炉)
          return satisfied(d).reduce(function (sum, g) { return sum + (g === "type" ? 2 : 1); }, 0);
        }
        var need = required.length, docs;
        if (need) {
          var full = Object.keys(matched).filter(function (d) { return matched[d] === need; });
          var least = Math.max(1, Math.ceil(need * 0.6));
          docs = full.length >= PAGE ? full : Object.keys(matched).filter(function (d) { return matched[d] >= least; });
        } else if (groups.length) {  // only facet words: browse what they select
          docs = [];
          for (var d = 0; d < n; d++) if (satisfied(d).length === groups.length) docs.push(String(d));
        } else {
          docs = [];
        }
        var extra = [plan.exact];
        plan.terms.forEach(function (term) { extra = extra.concat(term.optional); });
        unique(extra).forEach(function (t) {
          var list = postings[t], w = idf(t);
          docs.forEach(function (d) { if (list[d]) scores[d] = (scores[d] || 0) + 2 * w * list[d]; });
        });
        // every piece the query asked for, found or not: a hit matching fewer than half is shown
        // as a partial match even when it has all the pieces that exist (量子计算机 → 计算)
        var asked = [];
        plan.terms.forEach(function (term) { asked = asked.concat(term.required); });
        asked = unique(asked).length;
        var hits = docs.map(function (d) {
          var doc = Number(d), m = matched[d] || 0;
          return { doc: doc, score: scores[d] || 0, matched: m, full: m === need, weak: m * 2 < asked, tier: tier(doc) };
        });
        // a type word is a request: entries of that type first, full matches or not (环保 专利)
        hits.forEach(function (h) { h.typed = plan.facets.type.length && plan.facets.type.indexOf(index.facetValue("type", h.doc)) >= 0 ? 1 : 0; });
        hits.sort(function (a, b) {
          return (b.typed - a.typed) || (b.full - a.full) || (b.tier - a.tier) || (b.matched - a.matched) || (b.score - a.score) || (a.doc - b.doc);
        });
        var fullCount = hits.filter(function (h) { return h.full; }).length;
        return { hits: hits, full: fullCount, partial: fullCount < hits.length, dropped: unique(dropped), facets: plan.facets,
                 tokens: all };
      }
    });
  }

  /* Closest dictionary words to a query that found nothing: those sharing most of its bigrams. */
  function suggestions(index, query) {
    var prepared = index.tokenizer.prepare(query), grams = [];
    (prepared.match(CJK_RUN) || []).forEach(function (r) { for (var i = 0; i < r.length - 1; i++) grams.push(r.substr(i, 2)); });
    if (!grams.length) return [];
    var scored = [];
    Object.keys(index.tokenizer.words).forEach(function (w) {
      var shared = grams.filter(function (g) { return w.indexOf(g) >= 0; }).length;
      if (shared) scored.push([shared, -Math.abs(w.length - prepared.length), w]);
    });
    scored.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? -1 : 1); });
    return scored.slice(0, 5).map(function (x) { return x[2]; });
  }

  function filterHits(index, hits, selected, except) {
    var names = Object.keys(selected).filter(function (name) { return name !== except && selected[name].length; });
    if (!names.length) return hits;
    var wanted = names.map(function (name) {
      var values = index.facetValues[name], codes = {};
      selected[name].forEach(function (v) { var i = values.indexOf(v); if (i >= 0) codes[i + 1] = true; });
      return [index.facetCodes[name], codes];
    });
    return hits.filter(function (h) {
      return wanted.every(function (w) { return w[1][w[0][h.doc]]; });
    });
  }

  function facetCounts(index, hits, selected) {
    return index.manifest.facets.map(function (facet) {
      var counts = new Uint32Array(facet.values.length + 1), codes = index.facetCodes[facet.name];
      filterHits(index, hits, selected, facet.name).forEach(function (h) { counts[codes[h.doc]] += 1; });
      return { name: facet.name, label: facet.label, values: facet.values
        .map(function (v, i) { return { value: v, count: counts[i + 1] }; })
        .filter(function (v) { return v.count; }) };
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
    var prepared = index.tokenizer.prepare(index.abbreviations.apply(normalize(query)));
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
    // Material's configuration, looked up as the <script> element it is: no contributor markup
    // can produce a script, so an element with a forged id="__config" earlier never matches.
    var config = document.querySelector('script#__config[type="application/json"]');
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* not a Material page */ }
    if (typeof base !== "string" || /^\s*([a-z][a-z0-9+.-]*:|[\\/]{2})/i.test(base)) base = ".";  // a path, never a URL
    return base.replace(/\/$/, "") + "/";
  }

  var WIDE = "(min-width: 60em)";

  function SearchPage(root, index) {
    this.root = root; this.index = index; this.selected = {}; this.shown = PAGE; this.seq = 0;
    var params = new URLSearchParams(location.search);
    var self = this;
    index.manifest.facets.forEach(function (f) { self.selected[f.name] = params.getAll(f.name); });
    root.innerHTML =
      '<form class="qc-search-form" role="search"><input type="search" name="q" class="qc-search-input" ' +
      'placeholder="输入设备、课题、人名、工作室、专利号……" autocomplete="off" aria-label="检索"></form>' +
      '<div class="qc-search-layout"><details class="qc-filter"><summary>筛选</summary>' +
      '<aside class="qc-facets" aria-label="筛选"></aside></details>' +
      '<section><p class="qc-status" aria-live="polite"></p><p class="qc-note"></p><ol class="qc-results"></ol>' +
      '<button type="button" class="md-button qc-more" hidden>显示更多</button></section></div>';
    this.input = root.querySelector(".qc-search-input");
    this.input.value = params.get("q") || "";
    var filter = root.querySelector(".qc-filter");
    if (!window.matchMedia || window.matchMedia(WIDE).matches) filter.open = true;  // a phone: results first
    var composing = false, timer = null;
    function later() { clearTimeout(timer); timer = setTimeout(function () { self.run(true); }, 120); }
    this.input.addEventListener("compositionstart", function () { composing = true; });
    this.input.addEventListener("compositionend", function () { composing = false; later(); });
    this.input.addEventListener("input", function (e) { if (!composing && !e.isComposing) later(); });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault(); clearTimeout(timer); self.run(true);
    });
    root.querySelector(".qc-more").addEventListener("click", function () {
      self.shown += PAGE; self.started = performance.now(); self.render();  // 用时: this action's, not since the query
    });
    root.querySelector(".qc-facets").addEventListener("change", function (e) {
      var box = e.target;
      if (!box.name) return;
      var list = self.selected[box.name];
      if (box.checked) list.push(box.value); else list.splice(list.indexOf(box.value), 1);
      self.shown = PAGE; self.started = performance.now();
      if (!self.query) self.browse(); else self.render();
      self.remember();
    });
    this.run(false);
  }
  SearchPage.prototype.remember = function () {
    var params = new URLSearchParams();
    if (this.input.value) params.set("q", this.input.value);
    var selected = this.selected;
    Object.keys(selected).forEach(function (k) { selected[k].forEach(function (v) { params.append(k, v); }); });
    history.replaceState(null, "", "?" + params.toString());
  };
  SearchPage.prototype.anySelected = function () {
    var selected = this.selected;
    return Object.keys(selected).some(function (k) { return selected[k].length; });
  };
  /* No query: every entry, narrowed by the chosen facets (browsing). */
  SearchPage.prototype.browse = function () {
    var n = this.index.manifest.documents, hits = [];
    for (var d = 0; d < n; d++) hits.push({ doc: d, full: true });
    this.result = { hits: hits, full: n, browse: true, dropped: [], facets: { type: [], year: [], base: [] } };
    this.terms = { whole: [], pieces: [] };
    this.render();
  };
  SearchPage.prototype.run = function (remember) {
    var self = this, query = this.input.value.trim(), seq = ++this.seq, started = performance.now();
    if (remember) this.remember();
    this.query = query; this.started = started; this.shown = PAGE;
    if (!query) { this.browse(); return; }
    search(this.index, query).then(function (result) {
      if (seq !== self.seq) return;
      self.result = result;
      self.terms = highlightTerms(self.index, result.corrected || query);
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
  /* A term as the user wrote it, where an abbreviation was expanded (冬季 ← 冬天). */
  SearchPage.prototype.typed = function (term) {
    var query = normalize(this.query);
    this.index.abbreviationGroups.forEach(function (group) {
      if (term.indexOf(group[0]) < 0 || query.indexOf(group[0]) >= 0) return;
      var written = group.filter(function (f) { return query.indexOf(f) >= 0; })[0];
      if (written) term = term.replace(group[0], written);
    });
    return term;
  };
  /* What the engine did with the query, so nobody wonders why a word had no effect. */
  SearchPage.prototype.noteText = function (result, shown) {
    var notes = [];
    if (result.corrected) notes.push("已按“" + result.corrected + "”检索");
    if (result.dropped.length) {  // the words found nothing; the rest of the query may have
      notes.push((shown ? "已忽略（没有结果的词）：" : "没有结果、已忽略的词：") + result.dropped.map(this.typed, this).join("、"));
    }
    var f = result.facets, named = [].concat(f.type, f.year, f.base);
    if (named.length) notes.push("优先显示：" + named.join("、"));
    if (!shown && !result.browse) {
      var close = suggestions(this.index, this.query);
      notes.push("可以试试：减少词语，或换个说法；繁体字、拼音（如 qindesheng）也能检索" +
        (close.length ? "；相近的词：" + close.join("、") : ""));
    }
    return notes.join("。");
  };
  SearchPage.prototype.render = function () {
    var self = this, index = this.index, result = this.result;
    if (!result) return;
    var browsing = result.browse && !this.anySelected();
    var hits = browsing ? [] : filterHits(index, result.hits, this.selected, null);
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
      var partial = !result.browse && hits.length > 0 && hits.some(function (h) { return !h.full || h.weak; });
      self.status(browsing ? "输入关键词检索，或在“筛选”中选择条件浏览全部 " + result.hits.length + " 项。"
        : hits.length ? "找到 " + hits.length + " 项" + (partial ? "（含部分匹配）" : "") + "，用时 " + ms + " 毫秒"
        : "没有找到与“" + self.query + "”相关的成果。");
      self.root.querySelector(".qc-note").textContent = result.browse ? "" : self.noteText(result, hits.length);
      self.root.querySelector(".qc-more").hidden = hits.length <= self.shown;
      self.root.setAttribute("data-state", browsing ? "idle" : "done");  // "done": results of a search or a filter
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

  var api = { normalize: normalize, setFold: setFold, Synonyms: Synonyms, Tokenizer: Tokenizer, crc32: crc32,
              Index: Index, search: search };
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
