"""pandoc (the pinned pypandoc_binary wheel ships it) reads the .docx — headings, lists, tables,
images, footnotes, and Word equations (OMML → TeX) — into its JSON AST; this module holds the
few AST operations the paper importer needs and the conversion back to Markdown.

Why pandoc and not mammoth: measured by bench/import_converters.py on a realistic paper,
mammoth drops Word equations and produces no Markdown tables (see the README).
"""

from __future__ import annotations

import json
import re

from generator.errors import UsageError

# The portal and the anthology read Python-Markdown with tables, footnotes and arithmatex ($…$);
# raw HTML is off so that nothing pandoc cannot express in Markdown becomes markup.
WRITER = "markdown_strict-raw_html+pipe_tables+footnotes+tex_math_dollars"
MARK = "<!--qc-block-{}-->"
MARK_LINE = re.compile(r"^<!--qc-block-(\d+)-->$")
# a numeric citation mark pandoc escaped (\[1\], \[1,2\], \[1-3\]): the author's citation, kept as written
# (never before "(" — that would make it a link — nor as "[1]:" at a line's start, a link definition)
CITATION = re.compile(r"\\\[(\d+(?:\s*[,，、\-–—~]\s*\d+)*)\\\](?!\()")


def _pandoc():
    import pypandoc

    return pypandoc


def read_docx(path, media_dir) -> dict:
    try:
        text = _pandoc().convert_file(str(path), "json", format="docx",
                                      extra_args=[f"--extract-media={media_dir}"])
    except (RuntimeError, OSError) as exc:
        raise UsageError(f"Word 文件 {path.name} 无法转换（{str(exc).strip()[:200]}）：请用 Word 打开后"
                         f"“另存为”一个新的 .docx 再导入") from None
    return json.loads(text)


def to_markdown(doc: dict, blocks: list) -> tuple[str, dict[int, int]]:
    """Markdown of ``blocks``, and for each output line the index of the block it came from."""
    marked = []
    for i, block in enumerate(blocks):
        marked += [{"t": "RawBlock", "c": ["markdown", MARK.format(i)]}, block]
    ast = {"pandoc-api-version": doc["pandoc-api-version"], "meta": {}, "blocks": marked}
    text = _pandoc().convert_text(json.dumps(ast), WRITER, format="json", extra_args=["--wrap=none"])
    lines, origin, current = [], {}, 0
    for line in text.replace("\r\n", "\n").split("\n"):
        m = MARK_LINE.match(line.strip())
        if m:
            current = int(m[1])
            continue
        if not line.strip() and (not lines or not lines[-1].strip()):
            continue  # one blank line between blocks, none at the start: the line numbers stay true
        lines.append(_citations(line))
        origin[len(lines)] = current
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n", origin


def _citations(line: str) -> str:
    def keep(m: re.Match) -> str:
        at_start = not line[:m.start()].strip()
        return m[0] if at_start and line[m.end():m.end() + 1] == ":" else f"[{m[1]}]"

    return CITATION.sub(keep, line)


def stringify(node) -> str:
    """Plain text of inlines or blocks (footnotes left out)."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    t, c = node.get("t"), node.get("c")
    if t == "Str":
        return c
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t in ("Math",):
        return c[1]
    if t in ("Code",):
        return c[1]
    if t == "Note":
        return ""
    if t in ("Link", "Image"):
        return stringify(c[1])
    if t in ("Span", "Div"):
        return stringify(c[1])
    if t in ("Quoted",):
        return "“" + stringify(c[1]) + "”"
    if t in ("Cite",):
        return stringify(c[1])
    if t in ("Para", "Plain", "Emph", "Strong", "Underline", "Strikeout", "Superscript",
             "Subscript", "SmallCaps"):
        return stringify(c)
    if t == "Header":
        return stringify(c[2])
    if t == "Figure":
        return stringify(c[1][1])
    if t == "Table":
        return "表格：" + " ".join(stringify(cell[4]) for row in c[3][1] for cell in row[1])
    if t in ("BulletList",):
        return " ".join(stringify(item) for item in c)
    if t in ("OrderedList",):
        return " ".join(stringify(item) for item in c[1])
    return ""


def all_strong(inlines: list) -> bool:
    """Every visible word of the paragraph is bold (how offices mark a heading without styles)."""
    seen = False
    for node in inlines:
        if node.get("t") in ("Space", "SoftBreak"):
            continue
        if node.get("t") != "Strong":
            return False
        seen = True
    return seen


def _cell_inlines(cell) -> list:
    out: list = []
    for block in cell[4]:
        if out:
            out.append({"t": "Space"})
        if block["t"] in ("Para", "Plain"):
            out += block["c"]
        else:
            out.append({"t": "Str", "c": stringify(block)})
    return out


def _grid(rows) -> tuple[list[list], bool]:
    """Rows of cells with row/col spans → a rectangular grid, spanned positions filled with the
    spanning cell's content; True when anything was spanned."""
    grid: list[list] = []
    spanned = False
    pending: dict[tuple[int, int], list] = {}
    for r, row in enumerate(rows):
        line: list = []
        col = 0
        for cell in row[1]:
            while (r, col) in pending:
                line.append(pending.pop((r, col)))
                col += 1
            inl, rs, cs = _cell_inlines(cell), cell[2], cell[3]
            spanned |= rs > 1 or cs > 1
            for dc in range(cs):
                line.append(inl)
                for dr in range(1, rs):
                    pending[(r + dr, col + dc)] = inl
            col += cs
        while (r, col) in pending:
            line.append(pending.pop((r, col)))
            col += 1
        grid.append(line)
    return grid, spanned


def _cell(inlines) -> list:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": inlines}]]


def _row(cells) -> list:
    return [["", [], []], [_cell(c) for c in cells]]


def flatten_table(block: dict) -> tuple[dict, list[str]]:
    """A table Markdown can hold: one header row (a multi-row or merged header becomes
    "组 子" labels), merged body cells repeated in each row they span. Returns notes on what changed."""
    attr, caption, colspecs, head, bodies, foot = block["c"]
    width = len(colspecs)
    head_grid, head_spanned = _grid(head[1])
    body_rows = [row for body in bodies for row in body[2] + body[3]] + foot[1]
    body_grid, body_spanned = _grid(body_rows)
    notes = []
    if not head_grid and body_grid:  # Word tables often mark no header row: the first row is one,
        first = body_rows[0][1]  # and the row below too when the first has merged cells
        n = 2 if len(body_grid) > 2 and any(cell[2] > 1 or cell[3] > 1 for cell in first) else 1
        head_grid, body_grid = body_grid[:n], body_grid[n:]
        head_spanned = n > 1
    labels = []
    for c in range(width):
        parts: list[str] = []
        inl: list = []
        for row in head_grid:
            cell = row[c] if c < len(row) else []
            text = stringify(cell).strip()
            if text and text not in parts:
                parts.append(text)
                inl = inl + ([{"t": "Space"}] if inl else []) + cell
        labels.append(inl)
    if head_spanned or len(head_grid) > 1:
        notes.append("表头有合并单元格或多行，已合并为一行：" + "｜".join(stringify(x) for x in labels))
    if body_spanned:
        notes.append("表格正文有合并单元格，已在所跨的每一行重复填写，请核对")
    pad = lambda row: (row + [[]] * width)[:width]  # noqa: E731
    new = {"t": "Table", "c": [attr, caption, [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * width,
                                [["", [], []], [_row(labels)]],
                                [[["", [], []], 0, [], [_row(pad(r)) for r in body_grid]]],
                                [["", [], []], []]]}
    return new, notes
