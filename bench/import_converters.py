"""Which converter keeps more of a real paper: pandoc (what `import paper` uses) or mammoth.

    python bench/import_converters.py [--repeat 5]

Makes the test suite's realistic paper (tests/office_files.py: two-level headings, a table with
a merged header, a picture with its caption, an OMML equation, two footnotes, a 参考文献 list),
converts it with pandoc → Markdown (through the importer), mammoth → Markdown and mammoth →
HTML, and prints for each what survived and the median conversion time.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from generator.importing import paper  # noqa: E402
from generator.importing.names import Names  # noqa: E402
from office_files import paper_docx  # noqa: E402


def two_levels(md: str, html: str) -> bool:
    """"2.1" is a heading one level below "1 设备概况", whatever level the converter starts at."""
    levels = {m[2].replace("\\", "").strip(): len(m[1]) for m in re.finditer(r"^(#+)\s+(.+)$", md, re.M)}
    levels |= {m[2].strip(): int(m[1]) for m in re.finditer(r"<h(\d)>([^<]+)</h\d>", html)}
    return "2.1 冷却管结垢" in levels and levels["2.1 冷却管结垢"] == levels.get("1 设备概况", 0) + 1


CHECKS = {
    "二级标题": two_levels,
    "表格": lambda md, html: bool(re.search(r"^\|\s*额定负荷", md, re.M) or "<td>额定负荷" in html.replace("<p>", "")),
    "合并表头": lambda md, html: "端差/℃ 治理前" in md or bool(re.search(r'colspan="2"', html)),
    "图片": lambda md, html: bool(re.search(r"!\[[^\]]*\]\(", md) or re.search(r"<img [^>]*src=", html)),
    "公式": lambda md, html: "\\frac" in md or "<math" in html,
    "脚注": lambda md, html: all(t in md + html for t in ("双背压凝汽器低压侧", "软垢主要成分")),
    "参考文献": lambda md, html: "凝汽器端差偏大的原因及对策" in md + html,
}


def via_pandoc(docx: Path) -> tuple[str, str]:
    work = paper.scratch()
    try:
        found = paper.read_paper(docx, Names(), "秦皇岛发电有限责任公司", work)
        refs = "\n".join(str(r) for r in found.fields.get("references", []))
        return found.body + "\n" + refs, ""
    finally:
        paper.cleanup(work)


def via_mammoth_markdown(docx: Path) -> tuple[str, str]:
    import mammoth

    with docx.open("rb") as f:
        return mammoth.convert_to_markdown(f).value, ""


def via_mammoth_html(docx: Path) -> tuple[str, str]:
    import mammoth

    with docx.open("rb") as f:
        return "", mammoth.convert_to_html(f).value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docx = paper_docx(Path(tempfile.mkdtemp()) / "论文.docx")
    rows = []
    for name, convert in (("pandoc 3.9 → Markdown（导入用）", via_pandoc),
                          ("mammoth 1.13 → Markdown", via_mammoth_markdown),
                          ("mammoth 1.13 → HTML", via_mammoth_html)):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            md, html = convert(docx)
            times.append(time.perf_counter() - started)
        kept = [label for label, check in CHECKS.items() if check(md, html)]
        rows.append((name, kept, statistics.median(times)))
    print(f"{'转换器':<30} {'保留':>4}  {'中位用时':>8}  缺少")
    for name, kept, seconds in rows:
        lost = [label for label in CHECKS if label not in kept]
        print(f"{name:<30} {len(kept)}/{len(CHECKS)}  {seconds * 1000:7.0f} ms  {'、'.join(lost) or '—'}")


if __name__ == "__main__":
    main()
