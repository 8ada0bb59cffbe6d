"""Stage 3b — a paper's reference list against its text (GB/T 7714 顺序编码制).

A listed reference is cited in the body as [1], [2-4] or [1, 3]; a paper that cites none of its
references is a warning (the reader cannot tell which statement rests on which source), and so
is a structured reference missing a field its type needs (the printed entry would have a gap).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.models import Paper

CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)  # "[1]" in code is not a citation


def check_citations(kb: KnowledgeBase) -> Iterator[Issue]:
    for paper in kb.papers:
        if not isinstance(paper, Paper) or not paper.references:
            continue
        # here, not at the top: the anthology (Markdown, its book) is loaded only when a paper with
        # references is checked, not by every `validate --only` of a person or a project
        from generator.anthology.body import CITATION
        from generator.anthology.references import FIELD_NAMES, missing_fields

        src = kb.sources[paper.id]
        for i, ref in enumerate(paper.references):
            if isinstance(ref, str):
                continue
            for name in missing_fields(ref):
                yield issue("ref-field-missing", src.rel, src.line(("references", i)), f"references[{i}]",
                            type=ref.type, missing=FIELD_NAMES[name], key=name)
        if not CITATION.search(CODE.sub("", kb.body(paper.id))):
            yield issue("ref-not-cited", src.rel, src.line(("references",)), "references",
                        count=len(paper.references))
