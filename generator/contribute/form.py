"""The 投稿 page: a plain HTML form that writes a knowledge-base file in the browser.

`form_html(config, kind)` returns a self-contained HTML fragment (no blank lines, so Markdown
keeps it as one raw HTML block) for the portal to embed in a Markdown page. The fields are
generated from the same exported JSON Schema the validator's models produce, and the schema
itself is embedded, so the browser checks exactly what `validate` checks at the schema level
(references, rules and duplicates are checked by CI after the merge request is opened).
No external requests, no keyboard interception (see form_js.py).
"""

from __future__ import annotations

import json
from datetime import date
from html import escape

from generator.config import SiteConfig
from generator.errors import UsageError
from generator.issues import CATALOGUE
from generator.kb import KnowledgeBase
from generator.loading.text import INVISIBLE
from generator.models import KINDS
from generator.models.proposals import DECISIONS
from generator.scaffold import BODIES, next_id
from generator.schema_export import alternatives, entry_schema, resolve
from generator.validation.safety import TEXT_MARKUP
from generator.validation.schema import PATTERN_EXAMPLES

# The validator's messages the browser reports itself, in the validator's words.
BROWSER_CODES = ("schema-missing", "date-order", "status-dates", "outcome-missing", "invisible-char", "ref-unknown",
                 "ref-name", "date-invalid", "schema-value", "html-in-text", "decision-date", "decision-reason",
                 "decision-project", "decision-bonus", "decision-implemented")

FORM_KINDS = ("project", "paper", "suggestion", "wuxiao")
SKIP = {"attachments"}  # files cannot be attached through the form: added in the merge request
ROWS = {"team": [{"role": "组长"}, {"role": "导师"}, {"role": "徒弟"}]}  # starting rows
SPLIT_MAX = 30  # lists of short items (ids, keywords) may also be separated by 、 or ，
DATE_MIN, DATE_MAX = "1990-01-01", "2100-12-31"  # the models' plausible years
PICKED = ("person", "base", "studio", "project", "paper", "patent", "software", "award")


def pickers(kb: KnowledgeBase | None) -> dict[str, list[list[str]]]:
    """kind → [id, name, 分基地 name] of every entry a form may refer to, for the pickers and for
    the browser's check that an id exists. Built from the knowledge base at build time."""
    if kb is None:
        return {}
    bases = {b.id: b.name for b in kb.bases}
    out: dict[str, list[list[str]]] = {}
    for kind in PICKED:
        for entry in kb.entries.get(kind, {}).values():
            name = getattr(entry, "name", None) or getattr(entry, "title", None) or ""
            base = entry.id if kind == "base" else getattr(entry, "base", None) or ""
            out.setdefault(kind, []).append([entry.id, name, bases.get(base, "") if kind != "base" else ""])
    return {k: sorted(v) for k, v in out.items()}


def _referred(node) -> set[str]:
    """The kinds a form's schema refers to (x-ref anywhere in it): only their lists are embedded."""
    if isinstance(node, dict):
        found = {node["x-ref"]} if isinstance(node.get("x-ref"), str) else set()
        return found.union(*(_referred(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_referred(v) for v in node))
    return set()


def _datalists(form: str, lists: dict[str, list[list[str]]]) -> str:
    """The pickers' lists, also the browser's record of which ids exist (read by the script)."""
    options = []
    for kind, rows in lists.items():
        items = "".join(f'<option value="{escape(i)}" label="{escape(n)}{"（" + escape(b) + "）" if b else ""}"'
                        f' data-name="{escape(n)}" data-base="{escape(b)}">' for i, n, b in rows)
        options.append(f'<datalist id="qc-list-{form}-{kind}">{items}</datalist>')
    return "".join(options)




def _label(desc: str, name: str) -> str:
    for sep in "，（：,(":
        desc = desc.split(sep)[0]
    return desc or name


def _attrs(**values) -> str:
    return "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in values.items() if v is not None)


def _wrap(name: str, desc: str, required: bool, control: str, help_text: str = "") -> str:
    """Label in Chinese; the file's field name only as a tooltip, for those who edit files too."""
    star = '<span class="qc-req" title="必填">*</span>' if required else ""
    small = f"<small>{escape(help_text)}</small>" if help_text and help_text != _label(desc, name) else ""
    return (f'<div class="qc-field"><label title="文件中的字段名：{escape(name)}">{escape(_label(desc, name))}{star}'
            f"{control}</label>{small}</div>")


def _control(schema: dict, name: str, prop: dict, required: bool, value=None) -> str:
    """One input for a scalar or a list of scalars; '' when the field needs a group (object/rows)."""
    real, _ = alternatives(schema, prop)
    node = real[0] if real else {}
    desc = prop.get("description") or node.get("description", "")
    req = " required" if required else ""
    if "enum" in node:
        opts = f'<option value="">{"（请选择）" if required else "（不填）"}</option>'  # a group stays empty until chosen
        opts += "".join(f'<option{" selected" if v == value else ""}>{escape(v)}</option>' for v in node["enum"])
        return _wrap(name, desc, required, f'<select data-path="{name}" data-widget="text"{req}>{opts}</select>', desc)
    kind = node.get("type")
    val = _attrs(value=value) if value is not None else ""
    if kind == "string" and node.get("format") == "date":  # min/max: the widget cannot make a year 0235
        return _wrap(name, desc, required, f'<input type="date" data-path="{name}" data-widget="text"'
                     f' min="{DATE_MIN}" max="{DATE_MAX}"{val}{req}>', desc)
    if kind == "string":
        if "x-ref" in node:  # a picker: type a name or an id, choose from the list
            help_text = desc + "。输入姓名、名称或编号，从列表中选择"
            return _wrap(name, desc, required, f'<input type="text" data-path="{name}" data-widget="text"'
                         f' data-ref="{escape(node["x-ref"])}" list="qc-list-{{form}}-{escape(node["x-ref"])}"'
                         f"{val}{req}>", help_text)
        if "maxLength" in node or "pattern" in node:
            return _wrap(name, desc, required, f'<input type="text" data-path="{name}" data-widget="text"'
                         f'{_attrs(maxlength=node.get("maxLength"))}{val}{req}>', desc)
        text = escape(str(value)).replace(chr(10), "&#10;") if value is not None else ""
        return _wrap(name, desc, required, f'<textarea data-path="{name}" data-widget="text"{req}>{text}</textarea>', desc)
    if kind in ("integer", "number"):
        step = "1" if kind == "integer" else "any"
        return _wrap(name, desc, required, f'<input type="number" step="{step}" data-path="{name}" '
                     f'data-widget="{kind}"{_attrs(min=node.get("minimum"), max=node.get("maximum"))}{val}{req}>', desc)
    if kind == "array":
        items, _ = alternatives(schema, resolve(schema, node.get("items", {})))
        objects = [i for i in items if i.get("type") == "object"]
        strings = [i for i in items if i.get("type") == "string"]
        if objects and strings and objects[0].get("title") == "ExternalPerson":
            hint = desc + "。每行一位：本厂人员写工号（如 QD10234），厂外人员写“姓名，单位”"
            return _wrap(name, desc, required, f'<textarea data-path="{name}" data-widget="people" data-ref="person"'
                         f'{_attrs(data_pattern=strings[0].get("pattern", "^$"))}{req}></textarea>', hint)
        if strings:
            split = "1" if strings[0].get("maxLength", 999) <= SPLIT_MAX or "x-ref" in strings[0] else "0"
            hint = desc + ("。每行一项，也可以用顿号“、”分隔" if split == "1" else "。每行一项")
            return _wrap(name, desc, required, f'<textarea data-path="{name}" data-widget="lines" data-split="{split}"'
                         f'{_attrs(data_ref=strings[0].get("x-ref"))}{req}></textarea>', hint)
    return ""


def _group(schema: dict, name: str, prop: dict, required: bool) -> str:
    """A fieldset: an optional group of fields (appraisal), or repeatable rows (team)."""
    real, _ = alternatives(schema, prop)
    node = real[0]
    desc = prop.get("description") or node.get("description", "")
    star = '<span class="qc-req">*</span>' if required else ""
    legend = (f'<legend title="文件中的字段名：{escape(name)}">{escape(_label(desc, name))}{star}</legend>'
              f"<small>{escape(desc)}</small>")
    if node.get("type") == "object":
        inner = _fields(schema, node)
        return f'<fieldset data-path="{name}" data-widget="object" data-scope="1">{legend}{inner}</fieldset>'
    item = resolve(schema, node["items"])
    row = _row(schema, item, {})
    starts = ROWS.get(name) or [{}] * max(1, node.get("minItems", 0))
    rows = "".join(_row(schema, item, values) for values in starts)
    return (f'<fieldset data-path="{name}" data-widget="rows">{legend}{rows}<template>{row}</template>'
            f'<button type="button" class="md-button" data-action="add-row">添加一行</button></fieldset>')


def _row(schema: dict, item: dict, values: dict) -> str:
    cells = "".join(_control(schema, k, p, k in item.get("required", []), values.get(k))
                    for k, p in item["properties"].items())
    return (f'<div class="qc-row" data-scope="1">{cells}'
            f'<button type="button" class="md-button" data-action="remove-row" title="删除这一行">删除</button></div>')


def _needs_group(schema: dict, prop: dict) -> bool:
    real, _ = alternatives(schema, prop)
    if not real:
        return False
    node = real[0]
    if node.get("type") == "object" and "properties" in node:
        return True
    if node.get("type") == "array":
        items, _ = alternatives(schema, resolve(schema, node.get("items", {})))
        return len(items) == 1 and items[0].get("type") == "object"
    return False


def _fields(schema: dict, node: dict, values: dict | None = None) -> str:
    values = values or {}
    required = set(node.get("required", []))
    parts = []
    for name, prop in node.get("properties", {}).items():
        if name in SKIP:
            continue
        real, nullable = alternatives(schema, prop)
        need = name in required and not nullable
        if _needs_group(schema, prop):
            parts.append(_group(schema, name, prop, need))
        else:
            parts.append(_control(schema, name, prop, need, values.get(name)))
    return "".join(parts)


def _json_script(cls: str, data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    for ch in "\u2028\u2029\x85":  # line breaks to str.splitlines (which joins the fragment): escaped
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return f'<script type="application/json" class="{cls}">{text}</script>'


def form_html(config: SiteConfig, kind: str, new_file_url: str | None = None,
              suggested_id: str | None = None, today: date | None = None, kb: KnowledgeBase | None = None) -> str:
    """The 投稿 form for ``kind`` (project, paper, suggestion or wuxiao) as one HTML fragment.

    ``new_file_url`` is the git host's “new file” address with placeholders {dir}, {filename},
    {path} and {content} (URL-encoded where needed). Gitea/Forgejo and GitHub fill in name and
    content: ``https://git.example/union/kb/_new/main/{dir}?filename={filename}&value={content}``
    (GitHub: ``…/new/main/{dir}?filename=…&value=…``); GitLab ignores such parameters, so there
    point it at the folder (``https://git.example/union/kb/-/new/main/{dir}``) and the contributor
    pastes the copied text. Without it there is no “open on the git host” button.
    ``suggested_id`` defaults to the next free id in the knowledge base at build time.
    """
    from .form_js import SCRIPT, STYLE

    if kind not in FORM_KINDS:
        raise UsageError(f"投稿表单只支持：{'、'.join(FORM_KINDS)}")
    today = today or date.today()
    k = KINDS[kind]
    schema = entry_schema(kind, config)
    entry_id = suggested_id or next_id(config.root, k, today.year)
    fields = _fields(schema, schema, {"id": entry_id, "year": today.year})
    body = ""
    if k.ext == ".md":
        template = BODIES.get(kind, "{p}\n").format(p="")
        body = (f'<div class="qc-field"><label>正文（Markdown）<textarea class="qc-body" data-path="body" '
                f'data-widget="body">{escape(template).replace(chr(10), "&#10;")}</textarea></label>'
                f"<small>在各小标题下填写内容；标题用 ##，不要写 HTML 标签。</small></div>")
    rules = config.rules
    lists = {kind: rows for kind, rows in pickers(kb).items() if kind in _referred(schema)}
    meta = {"folder": k.folder, "ext": k.ext, "by_year": k.by_year, "year": today.year, "today": today.isoformat(),
            "new_file_url": new_file_url or "", "examples": PATTERN_EXAMPLES, "lists": sorted(lists),
            "messages": {c: [CATALOGUE[c].template, CATALOGUE[c].hint] for c in BROWSER_CODES},
            "invisible": INVISIBLE.pattern, "text_markup": TEXT_MARKUP.pattern, "status_requires": rules.status_requires,
            "status_forbids": rules.status_forbids, "completed": list(rules.completed_statuses),
            "decisions": list(DECISIONS) if kind in ("suggestion", "wuxiao") else None}
    host = ('<button type="button" class="md-button" data-action="host" disabled>到代码托管网站新建文件</button>'
            if new_file_url else "")
    result = ('<div class="qc-result" hidden><p class="qc-status" role="status"></p><ul class="qc-error-list"></ul>'
              '<p>文件位置：<code class="qc-path"></code></p><pre class="qc-output"></pre>'
              '<button type="button" class="md-button md-button--primary" data-action="download" disabled>下载文件</button>'
              f'<button type="button" class="md-button" data-action="copy" disabled>复制内容</button>{host}'
              '<span class="qc-copied" aria-live="polite"></span></div>')
    fields = fields.replace("{form}", kind)
    html = (f'<div class="qc-form" data-kind="{kind}"><style>{STYLE}</style>'
            f'{_json_script("qc-schema", schema)}{_json_script("qc-meta", meta)}'
            f'<form data-scope="1" novalidate autocomplete="off"><p>带 <span class="qc-req">*</span> 的为必填项。'
            f"编号已预填为下一个可用编号，如与他人冲突，校验会提示改号。</p>{fields}{body}{_datalists(kind, lists)}"
            f'<button type="button" class="md-button md-button--primary" data-action="check">检查并生成文件</button>'
            '<button type="button" class="md-button" data-action="clear" title="删除本浏览器中保存的草稿">清空</button>'
            f"</form>{result}"
            f"<script>{SCRIPT}</script></div>")
    return "\n".join(line for line in html.splitlines() if line.strip())
