"""The script and style of the 投稿 form (see form.py), kept apart so each file stays readable.

Input-method safety: the script never listens to key or input events and never rewrites what
is being typed; it reads the fields only when a button is clicked, so a Chinese IME composition
is never interrupted. No external requests: everything runs in the page.
"""

STYLE = """
.qc-form{max-width:48rem}
.qc-form fieldset{border:1px solid #ccc;border-radius:4px;margin:.8rem 0;padding:.4rem .8rem}
.qc-form .qc-field{margin:.5rem 0}
.qc-form label{display:block;font-weight:600}
.qc-form label .qc-req{color:#c00}
.qc-form small{display:block;color:#666}
.qc-form input,.qc-form select,.qc-form textarea{width:100%;box-sizing:border-box;font:inherit;padding:.2rem}
.qc-form textarea{min-height:4rem}
.qc-form textarea.qc-body{min-height:14rem;font-family:monospace}
.qc-form .qc-row{display:flex;gap:.5rem;align-items:flex-end;border-top:1px dashed #ddd;padding:.3rem 0}
.qc-form .qc-row .qc-field{flex:1;margin:0}
.qc-form button{margin:.3rem .3rem .3rem 0;padding:.3rem .8rem}
.qc-form .qc-errors{color:#b00}
.qc-form .qc-ok{color:#070}
.qc-form pre.qc-output{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;max-height:30rem;overflow:auto}
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
  function person(line, pattern) {
    if (new RegExp(pattern).test(line)) { return line; }
    var m = line.match(/^([^，,、（(]+)[，,、（(]\s*(.+?)[）)]?$/);
    return m ? {name: m[1].trim(), org: m[2].trim()} : {name: line};
  }
  function read(el) {
    var w = el.getAttribute("data-widget");
    if (w === "object") { var o = readScope(el); return Object.keys(o).length ? o : undefined; }
    if (w === "rows") {
      var rows = Array.prototype.filter.call(el.children, function (c) { return c.classList.contains("qc-row"); })
        .map(readScope).filter(function (r) { return Object.keys(r).length; });
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
  function readScope(scope) {
    var obj = {};
    owned(scope).forEach(function (el) {
      var v = read(el);
      if (v !== undefined && el.getAttribute("data-widget") !== "body") { obj[el.getAttribute("data-path")] = v; }
    });
    return obj;
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
                       message: "缺少必填项“" + (label(sub) || k) + "”（" + (path ? path + "." : "") + k + "）"});
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
      if (node.maximum !== undefined && value > node.maximum) { return err("不能大于 " + node.maximum); }
      return;
    }
    if (t === "string") {
      if (typeof value !== "string") { return err("应为文字"); }
      if (node.minLength && chars(value) < node.minLength) { return err("不能为空"); }
      if (node.maxLength && chars(value) > node.maxLength) { return err("太长（最多 " + node.maxLength + " 个字）"); }
      if (node.format === "date" && !isDate(value)) { return err("应为存在的日期，写成 YYYY-MM-DD"); }
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
    var data = readScope(form);
    var errors = [];
    check(data, schema, "", errors);
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
  function show() {
    last = build();
    var list = out.querySelector(".qc-errors");
    list.textContent = "";
    last.errors.forEach(function (e) { var li = document.createElement("li"); li.textContent = e.message; list.appendChild(li); });
    out.querySelector(".qc-status").textContent = last.errors.length
      ? "还有 " + last.errors.length + " 处需要修改（见下）。修改后再点“检查并生成文件”。"
      : "检查通过。请把下面的内容保存为 " + last.path + "，然后发起合并请求。";
    out.querySelector(".qc-status").className = "qc-status " + (last.errors.length ? "qc-errors" : "qc-ok");
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
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  root.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-action]");
    if (!b) { return; }
    var act = b.getAttribute("data-action");
    if (act === "check") { show(); }
    else if (act === "add-row") { addRow(b.closest("fieldset")); }
    else if (act === "remove-row") { b.closest(".qc-row").remove(); }
    else if (last && !last.errors.length) {
      if (act === "download") { download(); } else if (act === "copy") { copy(""); } else if (act === "host") { host(); }
    }
  });
  root.qinchuangBuild = build;  // for tests and for other page scripts
})();
"""
