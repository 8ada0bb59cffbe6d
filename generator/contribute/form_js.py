"""The script and style of the 投稿 form (see form.py), kept apart so each file stays readable.

Input-method safety: the script never listens to key or input events and never rewrites what
is being typed; it reads the fields only when a button is clicked, so a Chinese IME composition
is never interrupted. No external requests: everything runs in the page.
"""

# Hints are #555 at full opacity (Material dims <small> to .75): 7:1 on white, they are read, not
# decoration (axe color-contrast). No CSS comments:
# the page check refuses comments and escapes in <style>.
STYLE = """
.qc-form{max-width:48rem}
.qc-form fieldset{border:1px solid var(--md-default-fg-color--lighter,#bbb);border-radius:.2rem;margin:.8rem 0;padding:.4rem .8rem}
.qc-form legend{font-weight:700;padding:0 .3rem}
.qc-form .qc-field{margin:.6rem 0}
.qc-form label{display:block;font-weight:600}
.qc-form .qc-req{color:var(--md-accent-fg-color,#c00)}
.qc-form small{display:block;color:#555;opacity:1;font-size:.75em}
.qc-form input,.qc-form select,.qc-form textarea{display:block;width:100%;box-sizing:border-box;font:inherit;font-weight:400;
  margin-top:.2rem;padding:.4rem .5rem;color:var(--md-default-fg-color,#222);background:var(--md-default-bg-color,#fff);
  border:1px solid var(--md-default-fg-color--lighter,#999);border-radius:.2rem}
.qc-form input:focus,.qc-form select:focus,.qc-form textarea:focus{outline:2px solid var(--md-primary-fg-color,#1565c0);outline-offset:0}
.qc-form [aria-invalid=true]{border:2px solid #c62828;background:#fff6f6}
.qc-form .qc-msg{display:block;color:#c62828;font-size:.8em;font-weight:600;margin-top:.2rem}
.qc-form textarea{min-height:4rem}
.qc-form textarea.qc-body{min-height:14rem;font-family:monospace}
.qc-form .qc-row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;border-top:1px dashed var(--md-default-fg-color--lightest,#ddd);padding:.3rem 0}
.qc-form .qc-row .qc-field{flex:1 1 9rem;margin:0}
.qc-form .md-button{margin:.3rem .3rem .3rem 0;padding:.3em 1em;cursor:pointer;font:inherit;font-weight:600}
.qc-form .md-button[disabled]{opacity:.45;cursor:not-allowed}
.qc-form .qc-error-list{color:#c62828}
.qc-form .qc-bad{color:#c62828;font-weight:700}
.qc-form .qc-ok{color:#2e7d32;font-weight:700}
.qc-form pre.qc-output{white-space:pre-wrap;background:var(--md-code-bg-color,#f6f6f6);padding:.6rem;max-height:30rem;overflow:auto}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var root = document.currentScript.parentNode;
  var schema = JSON.parse(root.querySelector("script.qc-schema").textContent);
  var meta = JSON.parse(root.querySelector("script.qc-meta").textContent);
  var form = root.querySelector("form");
  var out = root.querySelector(".qc-result");
  var last = null;

  function resolve(node) {
    if (node && node.$ref) { return schema.$defs[node.$ref.split("/").pop()]; }
    return node || {};
  }
  function scopeOf(el) { return el.parentNode.closest("[data-scope]"); }
  function owned(scope) {
    return Array.prototype.filter.call(scope.querySelectorAll("[data-path]"),
      function (el) { return scopeOf(el) === scope; });
  }
  function lines(text, split) {
    var parts = text.split(/\r?\n/);
    if (split) { parts = [].concat.apply([], parts.map(function (p) { return p.split(/[、，,；;]/); })); }
    return parts.map(function (s) { return s.trim(); }).filter(function (s) { return s; });
  }
  function person(line, pattern) {  // 工号, or “姓名，单位” of an external author; a bare name is resolved by refs()
    if (new RegExp(pattern).test(line)) { return line; }
    var m = line.match(/^([^，,、（(]+)[，,、（(]\s*(.+?)[）)]?$/);
    return m ? {name: m[1].trim(), org: m[2].trim()} : line;
  }
  var where = {};  // field path (team[1].person) → its element, for errors at the field
  function read(el, path) {
    var w = el.getAttribute("data-widget");
    where[path] = el;
    if (w === "object") { var o = readScope(el, path + "."); return Object.keys(o).length ? o : undefined; }
    if (w === "rows") {
      var rows = Array.prototype.filter.call(el.children, function (c) { return c.classList.contains("qc-row"); })
        .map(function (row, i) { return readScope(row, path + "[" + i + "]."); })
        .filter(function (r) { return Object.keys(r).length; });
      return rows.length ? rows : undefined;
    }
    var v = (el.value || "").trim();
    if (w === "body") { return el.value; }
    if (!v) { return undefined; }
    if (w === "integer") { return /^-?\d+$/.test(v) ? parseInt(v, 10) : v; }
    if (w === "number") { return isFinite(Number(v)) ? Number(v) : v; }
    if (w === "lines") { var l = lines(el.value, el.getAttribute("data-split") === "1"); return l.length ? l : undefined; }
    if (w === "people") {
      var pattern = el.getAttribute("data-pattern");
      var p = lines(el.value, false).map(function (s) { return person(s, pattern); });
      return p.length ? p : undefined;
    }
    return v;
  }
  function readScope(scope, prefix) {
    var obj = {};
    owned(scope).forEach(function (el) {
      var v = read(el, (prefix || "") + el.getAttribute("data-path"));
      if (v !== undefined && el.getAttribute("data-widget") !== "body") { obj[el.getAttribute("data-path")] = v; }
    });
    return obj;
  }

  // --- the validator's own messages (issues.py), filled in here ------------------------------
  function fmt(code, params) {
    var m = meta.messages[code];
    var fill = function (t) { return t.replace(/\{(\w+)\}/g, function (all, k) { return params[k] !== undefined ? params[k] : all; }); };
    return fill(m[0]) + (m[1] ? "。提示：" + fill(m[1]) : "");
  }
  var lists = {};  // kind → [id, name, 分基地] read from the pickers' datalists (built with the site)
  meta.lists.forEach(function (kind) {
    var dl = root.querySelector("#qc-list-" + root.getAttribute("data-kind") + "-" + kind);
    lists[kind] = dl ? Array.prototype.map.call(dl.options, function (o) {
      return [o.value, o.getAttribute("data-name"), o.getAttribute("data-base")];
    }) : [];
  });
  // --- made in this browser: ids generated this session and the drafts of the other forms ------
  var KIND = root.getAttribute("data-kind"), DRAFT = "qinchuang-draft-" + KIND, MADE = "qinchuang-made";
  function store(area) { try { return window[area]; } catch (e) { return null; } }
  function readJSON(area, key) { var s = store(area); try { return JSON.parse((s && s.getItem(key)) || "null"); } catch (e) { return null; } }
  function writeJSON(area, key, v) { var s = store(area); try { if (s) { s.setItem(key, JSON.stringify(v)); } } catch (e) { /* full */ } }
  function madeHere(kind) {  // [id, title, "本次生成"] of entries of ``kind`` generated in this browser
    var rows = (readJSON("sessionStorage", MADE) || []).filter(function (m) { return m.kind === kind; });
    var draft = kind !== KIND && readJSON("localStorage", "qinchuang-draft-" + kind);
    if (draft && draft.id) { rows.push({id: draft.id, title: draft.title || ""}); }
    return rows.map(function (m) { return [m.id, m.title, ""]; });
  }
  var notes = [];  // ids known only from this browser: their files must come in the same merge request
  function known(kind) { return lists[kind] ? lists[kind].concat(madeHere(kind)) : null; }
  function onlyHere(kind, v) {
    return !(lists[kind] || []).some(function (r) { return r[0] === v; }) && madeHere(kind).some(function (r) { return r[0] === v; });
  }
  function describe(row) { return row[0] + " " + row[1] + (row[2] ? "（" + row[2] + "）" : ""); }
  function byName(kind, name) { return (known(kind) || []).filter(function (r) { return r[1] === name; }); }
  function closest(kind, typed) {
    function grams(t) { var g = {}; for (var i = 0; i < t.length - 1; i++) { g[t.substr(i, 2)] = 1; } return g; }
    function dice(a, b) {
      var ga = grams(a), gb = grams(b), n = 0, na = Object.keys(ga).length, nb = Object.keys(gb).length;
      Object.keys(ga).forEach(function (k) { if (gb[k]) { n++; } });
      return na + nb ? 2 * n / (na + nb) : 0;
    }
    return (known(kind) || []).map(function (r) { return [Math.max(dice(typed, r[0]), dice(typed, r[1])), r]; })
      .filter(function (p) { return p[0] >= 0.5; }).sort(function (a, b) { return b[0] - a[0]; })
      .slice(0, 3).map(function (p) { return p[1]; });
  }
  function isId(kind, v) { return (known(kind) || []).some(function (r) { return r[0] === v; }); }
  // A name typed where an id belongs becomes the id when exactly one entry has it (read on the
  // button click only, never while typing); several or none: the validator's ref-name message.
  function resolveName(kind, v, pattern, path, errors, external) {
    if (!known(kind) || new RegExp(pattern).test(v) || !/[\u4e00-\u9fff]/.test(v)) { return v; }
    var same = byName(kind, v), label = kind === "person" ? "工号" : "编号";
    if (same.length === 1) { return same[0][0]; }
    var hint = same.length ? "名为“" + v + "”的有 " + same.length + " 个：" + same.map(describe).join("、") + "，请选对应的那个"
      : "知识库里没有名为“" + v + "”的" + kindLabel(kind) + "。" + (external
        ? "本厂人员写工号；厂外作者写成“" + v + "，所在单位”"
        : "可填的" + kindLabel(kind) + "编号：" + known(kind).slice(0, 8).map(describe).join("、")
          + (known(kind).length > 8 ? " 等（输入时从列表中选择）" : ""));
    errors.push({path: path, message: fmt("ref-name", {field: path, kind: kindLabel(kind), id_label: label, value: v})
      + "。提示：" + hint});
    return v;
  }
  function kindLabel(kind) { return {person: "人员", base: "分基地", studio: "创新工作室", project: "创新课题", paper: "论文",
    patent: "专利", software: "软件著作权", award: "奖励"}[kind] || "条目"; }
  function refs(data, errors) {
    Object.keys(where).forEach(function (path) {
      var el = where[path], kind = el.getAttribute("data-ref");
      if (!kind || !known(kind)) { return; }
      var value = valueAt(data, path);
      if (value === undefined) { return; }
      var list = Array.isArray(value) ? value : [value];
      var pattern = el.getAttribute("data-pattern") || schemaPattern(kind);
      list.forEach(function (v, i) {
        var at = Array.isArray(value) ? path + "[" + i + "]" : path;
        if (typeof v !== "string") { return; }
        var fixed = resolveName(kind, v, pattern, at, errors, el.getAttribute("data-widget") === "people");
        if (fixed !== v) {
          if (Array.isArray(value)) { value[i] = fixed; } else { setAt(data, path, fixed); }
          if (!Array.isArray(value) && el.tagName === "INPUT") { el.value = fixed; }
          return;
        }
        if (onlyHere(kind, v)) {
          notes.push(v + " 是在本浏览器中新生成的" + kindLabel(kind) + "：它的文件必须放在同一个合并请求中提交");
        }
        if (new RegExp(pattern).test(v) && !isId(kind, v)) {
          var close = closest(kind, v);
          errors.push({path: at, message: fmt("ref-unknown", {field: at, kind: kindLabel(kind), ref: v,
            suggest: close.length ? "是不是 " + close.map(describe).join(" 或 ") + "？" : "请先添加该" + kindLabel(kind) + "，或检查编号是否写错"})});
        }
      });
      if (Array.isArray(value) && el.getAttribute("data-widget") !== "rows") {  // show the ids the file will hold
        el.value = value.map(function (v) { return typeof v === "string" ? v : v.name + "，" + v.org; }).join("\n");
      }
    });
  }
  function schemaPattern(kind) { return {person: "^[A-Z]{1,4}[0-9]{3,8}$"}[kind] || "^[A-Z]{2,3}-[0-9]{2,4}(-[0-9]{3,4})?$"; }
  function segments(path) { return path.replace(/\[(\d+)\]/g, ".$1").split(".").filter(function (p) { return p; }); }
  function valueAt(data, path) {
    return segments(path).reduce(function (v, k) { return v === undefined || v === null ? undefined : v[k]; }, data);
  }
  function setAt(data, path, value) {
    var parts = segments(path), last = parts.pop();
    var obj = parts.reduce(function (v, k) { return v[k]; }, data);
    obj[last] = value;
  }

  // --- the validator's rules the browser can check (rules.py) ---------------------------------
  var DATE_LABELS = {proposed: "申报日期", approved: "立项日期", started: "实施日期", completed: "完成日期",
                     terminated: "终止日期", appraisal: "鉴定信息"};
  function lifecycle(data, errors) {
    if (meta.folder !== "projects" || !data.status) { return; }
    var has = function (k) { return data[k] !== undefined; };
    var missing = (meta.status_requires[data.status] || []).filter(function (k) { return !has(k); })
      .map(function (k) { return DATE_LABELS[k] + "（" + k + "）"; });
    var outcomes = data.outcomes || {};
    var noOutcome = meta.completed.indexOf(data.status) >= 0 && !(data.appraisal || (outcomes.patents || []).length
      || (outcomes.papers || []).length);
    if (missing.length) {
      var detail = "缺少" + missing.join("、") + (noOutcome ? "；还没有“一题三效”成果（在 appraisal 填写鉴定信息，或在 outcomes 中登记专利、论文编号）" : "");
      errors.push({path: "status", message: fmt("status-dates", {status: data.status, detail: detail})});
    } else if (noOutcome) {
      errors.push({path: "status", message: fmt("outcome-missing", {})});
    }
    (meta.status_forbids[data.status] || []).forEach(function (k) {
      if (has(k)) {
        errors.push({path: k === "appraisal" ? "appraisal.date" : k, message: fmt("status-dates", {status: data.status,
          detail: "不应已有" + DATE_LABELS[k] + "（" + k + "），请更新状态或删除该字段"})});
      }
    });
    var chain = [["proposed", data.proposed], ["approved", data.approved], ["started", data.started],
                 ["completed", data.completed], ["appraisal", data.appraisal && data.appraisal.date]]
      .filter(function (p) { return typeof p[1] === "string" && isDate(p[1]); });
    for (var i = 1; i < chain.length; i++) {
      if (chain[i][1] < chain[i - 1][1]) {
        var b = chain[i][0], a = chain[i - 1][0];
        errors.push({path: b === "appraisal" ? "appraisal.date" : b, message: fmt("date-order",
          {detail: DATE_LABELS[b] + " " + chain[i][1] + " 早于" + DATE_LABELS[a] + " " + chain[i - 1][1]})});
      }
    }
  }
  // 合理化建议 / “五小”: what a decision requires (validation/proposals.py)
  function decision(data, errors) {
    if (meta.decisions === null || !data.decision) { return; }
    var d = data.decision, pending = meta.decisions[0], rejected = meta.decisions[2], toProject = meta.decisions[3];
    var notAdopted = d === pending || d === rejected;
    if (d !== pending && data.decided === undefined) {
      errors.push({path: "decided", message: fmt("decision-date", {detail: "评审结论是“" + d + "”，但没有评审日期（decided）"})});
    } else if (d === pending && data.decided !== undefined) {
      errors.push({path: "decided", message: fmt("decision-date", {detail: "还在评审（待评审），却写了评审日期 " + data.decided})});
    }
    if (d === rejected && !data.reason) { errors.push({path: "reason", message: fmt("decision-reason", {})}); }
    if (d === toProject && !data.project) {
      errors.push({path: "project", message: fmt("decision-project", {detail: "评审结论是“转为课题”，但没有写课题编号（project）"})});
    } else if (d !== toProject && data.project) {
      errors.push({path: "project", message: fmt("decision-project",
        {detail: "写了课题编号 " + data.project + "，但评审结论是“" + d + "”：转为课题的才写 project"})});
    }
    if (notAdopted && data.bonus) { errors.push({path: "bonus", message: fmt("decision-bonus", {decision: d, bonus: data.bonus})}); }
    if (notAdopted && data.implementation) {
      errors.push({path: "implementation.date", message: fmt("decision-implemented", {decision: d})});
    }
    if (data.decided && data.date && isDate(data.decided) && isDate(data.date) && data.decided < data.date) {
      errors.push({path: "decided", message: fmt("date-order", {detail: "评审日期 " + data.decided + " 早于提出日期 " + data.date})});
    }
  }
  function dates(data, errors) {
    Object.keys(where).forEach(function (path) {
      var el = where[path];
      if (el.type !== "date" || !el.value) { return; }
      var y = parseInt(el.value.slice(0, 4), 10);
      if (y < 1990 || y > 2100) {
        errors.push({path: path, message: fmt("date-invalid", {field: path, value: el.value,
          detail: "年份 " + y + " 不合理，请写成 YYYY-MM-DD，如 2022-03-05"})});
      } else if (el.value > meta.today) {
        errors.push({path: path, message: "字段“" + path + "”的日期 " + el.value + " 晚于今天。提示：只登记已经发生的事；核对年份是否写错"});
      }
    });
  }
  function invisible(errors) {
    var pattern = new RegExp(meta.invisible);
    Object.keys(where).forEach(function (path) {
      var el = where[path], text = el.value || "";
      var m = pattern.exec(text);
      if (m) {
        var hex = m[0].charCodeAt(0).toString(16).toUpperCase();
        errors.push({path: path, message: fmt("invisible-char", {col: m.index + 1, char: "U+" + ("0000" + hex).slice(-4),
          name: "不可见字符"})});
      }
    });
  }

  // --- a small JSON Schema check: the subset the exported schemas use -------------------
  function label(node) { return (node.description || node.title || "").split(/[，（：,(]/)[0]; }
  function chars(s) { return Array.from(s).length; }
  function isDate(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) { return false; }
    var d = new Date(s + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === s;
  }
  function check(value, node, path, errors) {
    node = resolve(node);
    if (node.anyOf) {
      var options = node.anyOf.map(resolve).filter(function (o) { return o.type !== "null"; });
      var best = null;
      for (var i = 0; i < options.length; i++) {
        var errs = [];
        check(value, Object.assign({description: node.description}, options[i]), path, errs);
        if (!errs.length) { return; }
        if (!best || errs.length < best.length) { best = errs; }
      }
      Array.prototype.push.apply(errors, best || []);
      return;
    }
    var name = label(node) || path;
    function err(msg) { errors.push({path: path, message: "“" + name + "”（" + path + "）" + msg}); }
    if (node.enum && node.enum.indexOf(value) < 0) { return err("应为以下之一：" + node.enum.join("、")); }
    var t = node.type;
    if (t === "object") {
      if (typeof value !== "object" || Array.isArray(value)) { return err("应为一组字段"); }
      (node.required || []).forEach(function (k) {
        if (value[k] === undefined) {
          var sub = resolve((node.properties || {})[k]);
          errors.push({path: path ? path + "." + k : k,
                       message: fmt("schema-missing", {field: (path ? path + "." : "") + k, desc: sub.description || label(sub) || k})});
        }
      });
      Object.keys(value).forEach(function (k) {
        var sub = (node.properties || {})[k];
        if (!sub) { errors.push({path: k, message: "不认识的字段 " + k}); return; }
        check(value[k], sub, path ? path + "." + k : k, errors);
      });
      return;
    }
    if (t === "array") {
      if (!Array.isArray(value)) { return err("应为列表"); }
      if (node.minItems && value.length < node.minItems) { return err("至少需要 " + node.minItems + " 项"); }
      value.forEach(function (item, i) { check(item, node.items || {}, path + "[" + i + "]", errors); });
      return;
    }
    if (t === "integer" && !(typeof value === "number" && Math.floor(value) === value)) { return err("应为整数"); }
    if (t === "number" && typeof value !== "number") { return err("应为数字"); }
    if (t === "integer" || t === "number") {
      if (node.minimum !== undefined && value < node.minimum) { return err("不能小于 " + node.minimum); }
      if (node.maximum !== undefined && value > node.maximum) {  // the validator's words: unit, 元 → 万元
        var unit = node["x-unit"] || "", hint = unit ? "。提示：这里的单位是" + unit : "";
        if (unit.indexOf("万元") === 0) {
          var wan = String(Math.round(value / 10000 * 10000) / 10000);
          hint += "。如果写的是元：" + value + " 元 = " + wan + " 万元，请填 " + wan;
        }
        errors.push({path: path, message: fmt("schema-value", {field: path, detail: "不能大于 " + node.maximum
          + (unit ? " " + unit : "")}) + hint});
        return;
      }
      return;
    }
    if (t === "string") {
      if (typeof value !== "string") { return err("应为文字"); }
      if (node.minLength && chars(value) < node.minLength) { return err("不能为空"); }
      if (node.maxLength && chars(value) > node.maxLength) { return err("太长（最多 " + node.maxLength + " 个字）"); }
      if (node.format === "date" && !isDate(value)) { return err("应为存在的日期，写成 YYYY-MM-DD"); }
      if (!node.format && !node.pattern && path.indexOf("preface") !== 0 && new RegExp(meta.text_markup).test(value)) {
        var found = Array.from(new Set(value.split("").filter(function (c) { return "<>&;".indexOf(c) >= 0; })));
        errors.push({path: path, message: fmt("html-in-text", {field: path, chars: found.sort().join("")})});
        return;
      }
      if (node.pattern && !new RegExp(node.pattern).test(value)) {
        var example = meta.examples[node["x-ref"]] || node.description || node.pattern;
        return err("格式不对：" + example);
      }
    }
  }

  // --- YAML in the layout of the knowledge-base files ----------------------------------------
  function scalar(v) {
    if (typeof v === "number") { return String(v); }
    return /^[\p{L}\p{N}\p{M}_【】-]+$/u.test(v) && v.charAt(0) !== "-" ? v : JSON.stringify(v);
  }
  function yaml(obj, indent) {
    var pad = new Array(indent + 1).join(" "), out = [];
    Object.keys(obj).forEach(function (k) {
      var v = obj[k];
      if (Array.isArray(v)) {
        out.push(pad + k + ":");
        v.forEach(function (item) {
          if (item !== null && typeof item === "object") {
            var sub = yaml(item, indent + 4);
            sub[0] = pad + "  - " + sub[0].replace(/^\s+/, "");
            out = out.concat(sub);
          } else { out.push(pad + "  - " + scalar(item)); }
        });
      } else if (v !== null && typeof v === "object") {
        out.push(pad + k + ":");
        out = out.concat(yaml(v, indent + 2));
      } else { out.push(pad + k + ": " + scalar(v)); }
    });
    return out;
  }
  function build() {
    where = {};
    var data = readScope(form, "");
    var errors = [];
    notes = [];
    refs(data, errors);  // first: a name resolved to its id is then checked as the id
    check(data, schema, "", errors);
    dates(data, errors);  // before the order of dates: an impossible year is the cause to name
    lifecycle(data, errors);
    decision(data, errors);
    invisible(errors);
    var seen = {};  // one message per field, as the validator gives
    errors = errors.filter(function (e) { var k = e.path; if (seen[k]) { return false; } seen[k] = 1; return true; });
    var year = data.year !== undefined ? data.year : meta.year;
    if (typeof data.id === "string" && /-(\d{4})-/.test(data.id) && data.id.match(/-(\d{4})-/)[1] !== String(year)) {
      errors.push({path: "id", message: "编号中的年份与“年度”不一致"});
    }
    var text = yaml(data, 0).join("\n") + "\n";
    var bodyEl = form.querySelector("[data-widget=body]");
    if (meta.ext === ".md") {
      var body = bodyEl ? bodyEl.value.replace(/\r\n/g, "\n").replace(/\s+$/, "") : "";
      text = "---\n" + text + "---\n\n" + body + "\n";
    }
    var dir = "content/" + meta.folder + (meta.by_year ? "/" + year : "");
    var filename = (data.id || "新条目") + meta.ext;
    return {data: data, errors: errors, text: text, dir: dir, filename: filename, path: dir + "/" + filename};
  }
  function fieldOf(path) {  // keywords[2] → the keywords box; team[1].person → that row's input
    for (var p = path; p; p = p.replace(/(\[\d+\]|\.[^.\[]+|^[^.\[]+)$/, "")) {
      if (where[p]) { return where[p]; }
    }
    return null;
  }
  function mark(errors) {
    root.querySelectorAll(".qc-msg").forEach(function (m) { m.remove(); });
    root.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid"); el.removeAttribute("aria-describedby");
    });
    errors.forEach(function (e, n) {
      var el = fieldOf(e.path);
      if (!el) { return; }
      var msg = document.createElement("span");
      msg.className = "qc-msg";
      msg.id = "qc-msg-" + meta.folder + "-" + n;
      msg.textContent = e.message;
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean).concat([msg.id]);
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", ids.join(" "));
      var holder = el.matches("fieldset") ? el.querySelector("legend") : el.closest("label") || el;
      holder.insertAdjacentElement("afterend", msg);
    });
    var first = errors.length && fieldOf(errors[0].path);
    if (first && first.focus) { first.focus(); }
  }
  function show() {
    last = build();
    var list = out.querySelector(".qc-error-list");
    list.textContent = "";
    last.errors.forEach(function (e) { var li = document.createElement("li"); li.textContent = e.message; list.appendChild(li); });
    mark(last.errors);
    out.querySelector(".qc-status").textContent = last.errors.length
      ? "还有 " + last.errors.length + " 处需要修改（已在各字段旁标出，下方也有列表）。修改后再点“检查并生成文件”。"
      : "检查通过。请把下面的内容保存为 " + last.path + "，然后发起合并请求。" + (notes.length ? "注意：" + notes.join("；") + "。" : "");
    if (!last.errors.length && typeof last.data.id === "string") {  // later forms in this session may refer to it
      var made = (readJSON("sessionStorage", MADE) || []).filter(function (m) { return m.id !== last.data.id; });
      made.push({kind: KIND, id: last.data.id, title: last.data.title || last.data.name || ""});
      writeJSON("sessionStorage", MADE, made);
    }
    out.querySelector(".qc-status").className = "qc-status " + (last.errors.length ? "qc-bad" : "qc-ok");
    out.querySelector(".qc-path").textContent = last.path;
    out.querySelector("pre.qc-output").textContent = last.text;
    out.hidden = false;
    out.querySelectorAll("[data-action=download],[data-action=copy],[data-action=host]").forEach(function (b) {
      b.disabled = last.errors.length > 0;
    });
  }
  function download() {
    var blob = new Blob([last.text], {type: "text/plain;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = last.filename;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function copy(message) {
    var done = function () { out.querySelector(".qc-copied").textContent = message || "已复制。"; };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(last.text).then(done, fallback); }
    else { fallback(); }
    function fallback() {
      var t = document.createElement("textarea");
      t.value = last.text; document.body.appendChild(t); t.select();
      try { document.execCommand("copy"); done(); } catch (e) { out.querySelector(".qc-copied").textContent = "请手工选中上面的内容复制。"; }
      t.remove();
    }
  }
  function host() {
    var enc = encodeURIComponent;
    var url = meta.new_file_url.replace(/\{dir\}/g, last.dir).replace(/\{filename\}/g, enc(last.filename))
      .replace(/\{path\}/g, last.path);
    var full = url.replace(/\{content\}/g, enc(last.text));
    if (full.length > 7000) {  // web servers refuse very long addresses (HTTP 414): paste instead
      full = url.replace(/\{content\}/g, "");
      copy("内容较长，已复制到剪贴板：请在打开的页面中粘贴。");
    }
    window.open(full, "_blank", "noopener");
  }
  function addRow(fieldset) {
    var tpl = fieldset.querySelector("template");
    fieldset.insertBefore(tpl.content.cloneNode(true), tpl);
  }
  // --- the draft: everything typed, kept in localStorage (one per form), restored on load ------
  function controls() { return Array.prototype.slice.call(form.querySelectorAll("input, select, textarea")); }
  function rowSets() { return Array.prototype.filter.call(form.querySelectorAll("fieldset"), function (f) {
    return Array.prototype.some.call(f.children, function (c) { return c.tagName === "TEMPLATE"; }); }); }
  function rowsOf(f) { return Array.prototype.filter.call(f.children, function (c) { return c.classList.contains("qc-row"); }); }
  function saveDraft() {
    var val = function (k) { var el = form.querySelector("[data-path=" + k + "]"); return el ? el.value.trim() : ""; };
    writeJSON("localStorage", DRAFT, {rows: rowSets().map(function (f) { return rowsOf(f).length; }),
      values: controls().map(function (el) { return el.value; }), id: val("id"), title: val("title") || val("name")});
  }
  function restoreDraft() {
    var draft = readJSON("localStorage", DRAFT);
    if (!draft || !Array.isArray(draft.values)) { return; }
    (draft.rows || []).forEach(function (n, i) {  // sets nested in rows appear as their rows are made
      var f = rowSets()[i];
      if (!f) { return; }
      while (rowsOf(f).length < n) { addRow(f); }
      while (rowsOf(f).length > n) { rowsOf(f).pop().remove(); }
    });
    controls().forEach(function (el, i) { if (draft.values[i] !== undefined) { el.value = draft.values[i]; } });
  }
  function clearDraft() {
    var s = store("localStorage");
    cleared = true;
    try { if (s) { s.removeItem(DRAFT); } } catch (e) { /* unavailable */ }
    window.location.reload();
  }
  restoreDraft();
  var cleared = false;  // no key or typing listeners (IME safety): saved on change, and when the page goes
  form.addEventListener("change", function () { if (!cleared) { saveDraft(); } });
  window.addEventListener("pagehide", function () { if (!cleared) { saveDraft(); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  root.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-action]");
    if (!b) { return; }
    var act = b.getAttribute("data-action");
    if (act === "check") { show(); }
    else if (act === "add-row") { addRow(b.closest("fieldset")); saveDraft(); }
    else if (act === "remove-row") { b.closest(".qc-row").remove(); saveDraft(); }
    else if (act === "clear") { clearDraft(); }
    else if (last && !last.errors.length) {
      if (act === "download") { download(); } else if (act === "copy") { copy(""); } else if (act === "host") { host(); }
    }
  });
  root.qinchuangBuild = build;  // for tests and for other page scripts
})();
"""
