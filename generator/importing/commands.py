"""`qinchuang import paper|ledger`: read the source, plan the files, then write and report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import UsageError
from generator.models import KINDS
from generator.scaffold import next_id
from generator.validation import validate

from . import paper as paper_reader
from .names import from_kb
from .result import Plan, Produced, apply, front_matter

PLACEHOLDER = "【待填写】"


def import_paper(root: Path, source: Path, *, year: int | None, project: str | None, discipline: str | None,
                 dry_run: bool, update: bool) -> tuple[str, int]:
    result = validate(root)
    kb, config = result.kb, result.kb.config
    names = from_kb(kb)
    work = paper_reader.scratch()
    try:
        paper = paper_reader.read_paper(source, names, config.settings.plant, work)
        plan = Plan()
        f = paper.fields
        proj = kb.entry("project", project) if project else None
        if project and proj is None:
            raise UsageError(f"课题 {project} 不存在：请写 content/projects/ 中已有的课题编号")
        year = year or (proj.year if proj else None)
        if year is None:
            year = dt.date.today().year
            plan.notes.append((source.name, f"没有给出 --year，年度按今年（{year}）填写"))
        same = next((p for p in kb.papers if p.title == f.get("title")), None)
        if same and not update:
            raise UsageError(f"知识库中已有同题论文 {same.id}（{same.title}）：若要用这份文件更新它，加 --update")
        paper_id = same.id if same else next_id(root, KINDS["paper"], year)
        if same:
            year = same.year
        people = {p.id: p for p in kb.people}
        base = proj.base if proj else next((people[a].base for a in f.get("authors", [])
                                             if isinstance(a, str) and a in people), None)
        if base is None:
            base = PLACEHOLDER
            paper.unresolved.append((None, "不能确定所属分基地（没有课题，作者中也没有本厂人员）：请在生成的文件中填写 base"))
        disc = discipline or _discipline(kb, base, config)
        if disc is None:
            disc = PLACEHOLDER
            paper.unresolved.append((None, "不能确定专业：请在生成的文件中填写 discipline（或导入时加 --discipline 锅炉）"))
        elif not discipline:
            plan.notes.append((source.name, f"专业按分基地取“{disc}”，如不对请改 discipline"))
        fields = {"id": paper_id, "title": f.get("title", PLACEHOLDER), "authors": f.get("authors") or [PLACEHOLDER],
                  "base": base}
        if proj:
            fields["project"] = proj.id
        fields |= {"year": year, "abstract": f.get("abstract", PLACEHOLDER),
                   "keywords": f.get("keywords") or [PLACEHOLDER], "discipline": disc}
        if f.get("references"):
            fields["references"] = f["references"]
        yaml_text, at = front_matter(fields)
        folder = f"content/papers/{year}"
        body = paper.body.replace(paper_reader.FOLDER + "/", paper_id + "/")
        text = "---\n" + yaml_text + "---\n\n" + body
        offset = yaml_text.count("\n") + 3  # --- + front matter + --- + blank line
        item = Produced(f"{folder}/{paper_id}.md", text.encode("utf-8"), source.name, id=paper_id)
        item.field_places = {k: str(p) for k, p in paper.field_places.items() if p is not None}
        item.line_places = {line + offset: str(p) for line, p in paper.body_places.items()}
        item.line_places |= {at[k] + 1: item.field_places[k] for k in at if k in item.field_places}
        plan.files.append(item)
        for src, name in paper.images:
            plan.files.append(Produced(f"{folder}/{paper_id}/{name}", src.read_bytes(), f"{source.name} 中的{Path(name).stem}"))
        plan.notes += [(str(p) if p else source.name, what) for p, what in paper.notes]
        plan.to_fix += [(str(p) if p else source.name, what) for p, what in paper.unresolved]
        return apply(root, plan, dry_run=dry_run, update=update)
    finally:
        paper_reader.cleanup(work)


def _discipline(kb, base_id: str, config) -> str | None:
    base = kb.entry("base", base_id)
    if base is None:
        return None
    allowed = config.vocab.get("discipline", [])
    return next((d for d in allowed if d in base.name or d in base.union), None)
