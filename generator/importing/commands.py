"""`qinchuang import paper|ledger`: read the source, plan the files, then write and report."""

from __future__ import annotations

import datetime as dt
import re
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
                 dry_run: bool, update: bool, base: str | None = None) -> tuple[str, int]:
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
        same = existing(result, "paper").get(f.get("title"))
        if same and not update:
            raise UsageError(f"知识库中已有同题论文 {same[0]}（{same[2]}）：若要用这份文件更新它，加 --update")
        paper_id = same[0] if same else next_id(root, KINDS["paper"], year)
        if same:
            year = same[1] or year
        people = {p.id: p for p in kb.people}
        if base:
            given = names.resolve("base", base)
            if not given.ok or kb.entry("base", given.value) is None:
                raise UsageError(f"--base {base}：{given.problem or '没有这个分基地'}")
            base = given.value
        from_units = sorted({b for _, _, b, _ in paper.unit_bases})
        if not base and not proj and len(from_units) == 1:  # the paper's 单位 line names the sub-base
            base = from_units[0]
            unit = next(u for _, u, _, _ in paper.unit_bases)
            plan.notes.append((source.name, f"分基地按论文的单位“{unit}”取 {base}"))
        for author, unit, unit_base, place in paper.unit_bases:
            if isinstance(author, str) and author in people and people[author].base != unit_base:
                paper.unresolved.append((place, f"作者 {author}（{people[author].name}）的单位写的是“{unit}”（{unit_base}），"
                                                f"人员条目中他的分基地是 {people[author].base}：请核对论文的单位或"
                                                f"content/people/{author}.yml，并确认论文的 base"))
        base = base or (proj.base if proj else None) or next((people[a].base for a in f.get("authors", [])
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
        in_order = sorted(paper.notes, key=lambda note: note[0].n if note[0] else 0)
        plan.notes += [(str(p) if p else source.name, what) for p, what in in_order]
        plan.to_fix += [(str(p) if p else source.name, what) for p, what in paper.unresolved]
        return apply(root, plan, dry_run=dry_run, update=update)
    finally:
        paper_reader.cleanup(work)


def existing(result, kind: str) -> dict[str, tuple[str, int | None, str]]:
    """title or name → (id, year folder, file) of every entry file of ``kind`` that could be read,
    valid or not: re-importing after a failed first import must find what that import wrote."""
    out = {}
    for src in result.sources:
        if src.kind is None or src.kind.name != kind or not isinstance(src.data, dict):
            continue
        title = src.data.get("title") or src.data.get("name")
        folder = Path(src.rel).parent.name
        if isinstance(title, str):
            out.setdefault(title, (src.stem, int(folder) if folder.isdigit() else None, src.rel))
    return out


def _discipline(kb, base_id: str, config) -> str | None:
    base = kb.entry("base", base_id)
    if base is None:
        return None
    allowed = config.vocab.get("discipline", [])
    return next((d for d in allowed if d in base.name or d in base.union), None)


KIND_ORDER = ["base", "person", "studio", "project", "paper", "patent", "software", "award", "event", "facility"]


def import_ledger(root: Path, source: Path, *, kind: str | None, mapping: str | None, sheet: str | None,
                  dry_run: bool, update: bool) -> tuple[str, int]:
    from . import ledger

    if kind and kind not in KINDS:
        raise UsageError(f"不认识的条目类型“{kind}”。可用类型：{'、'.join(KINDS)}")
    chosen = ledger.choose(root, kind, mapping)
    wb = ledger.open_workbook(source)
    result = validate(root)
    kb = result.kb
    names = from_kb(kb)
    plan = Plan()
    taken: set[str] = set()
    used_sheets = 0
    chosen.sort(key=lambda m: KIND_ORDER.index(m.kind) if m.kind in KIND_ORDER else len(KIND_ORDER))
    for m in chosen:
        sheets = ledger.sheets_for(wb, m, sheet)
        if not sheets and (kind or mapping) and len(chosen) == 1:
            found = ledger.best_sheet(wb, m)  # the office named its sheet its own way
            sheets = [found] if found is not None else []
        for ws in sheets:
            used_sheets += 1
            _sheet(root, source, ws, m, existing(result, m.kind), names, plan, taken, update)
    if not used_sheets:
        known = "、".join(sorted({s for m in chosen for s in m.sheets}))
        raise UsageError(f"{source.name} 中没有认识的工作表（有：{'、'.join(wb.sheetnames)}；列对应表认识：{known}）："
                         f"请加 --kind 类型（如 --kind project），或用 --sheet 指定工作表")
    return apply(root, plan, dry_run=dry_run, update=update)


def _sheet(root, source, ws, m, titles: dict, names, plan: Plan, taken: set[str], update: bool = False) -> None:
    from . import ledger

    where = ledger.source_name(source, ws)
    rows, unused, missing = ledger.read_rows(ws, m)
    if not rows and missing and len(missing) == len(m.columns):
        plan.to_fix.append((where, f"找不到表头（应有 {'、'.join(c.header for c in m.columns[:4])} 等列）：请核对列标题，"
                                   f"或修改 site_config/import/{m.name}.yml"))
        return
    hidden = [h for h in unused if ledger.personal(h)]
    if hidden:
        plan.notes.append((where, f"未导入的列：{'、'.join(hidden)}（个人信息不进知识库）"))
    others = [h for h in unused if not ledger.personal(h)]
    if others:
        plan.notes.append((where, f"列对应表 {m.name} 中没有这些列，未导入：{'、'.join(others)}（需要时在 site_config/import/{m.name}.yml 中添加）"))
    spec = KINDS[m.kind]
    has_year = "year" in spec.model.model_fields
    made: list[dict] = []
    derived_year = ""
    for row in rows:
        place = f"{where} 第 {row.number} 行"
        conv = ledger.convert(row, m, names, place)
        plan.to_fix += conv.to_fix
        plan.notes += conv.notes
        data = conv.data
        title = data.get("title") or data.get("name")
        entry_id = data.get("id")
        if not entry_id and m.kind != "person" and title in titles:
            entry_id = titles[title][0]
            plan.notes.append((place, f"知识库中已有同名条目 {entry_id}，按它的编号导入"))
        year = _year(data, m)
        if has_year and "year" not in data and m.year_from in data and year is not None:
            data["year"] = year
            derived_year = next(c.header for c in m.columns if c.field == m.year_from and c.header in row.cells)
        if year is None and entry_id and (found := re.search(r"-(\d{4})-", str(entry_id))):
            year = int(found[1])  # the id's own year (an existing entry, or an id the sheet gives)
        if year is None and "{year" in spec.id_format:
            dated = next((c.header for c in m.columns if m.year_from and c.field == m.year_from), "")
            plan.to_fix.append((place, "没有年度" + (f"，也没有「{dated}」" if dated else "") + "，这一行未导入（编号中的"
                                       "年份要按年度编排）：请在表格中加上“年度”列" + (f"或填写「{dated}」" if dated else "")
                                       + "后重新导入，不要在生成的文件中手改 year"))
            continue
        if year is None:
            year = dt.date.today().year
        if not entry_id:
            if "{n" not in spec.id_format or spec.id_format.startswith("QD"):
                plan.to_fix.append((place, "没有编号（如工号），这一行未导入：请在表格中填写后重新导入"))
                continue
            entry_id = _next_id(root, spec, year, taken)
        entry_id = str(entry_id)
        if entry_id in taken:
            plan.to_fix.append((place, f"编号 {entry_id} 在表格中出现了不止一次，这一行未导入"))
            continue
        taken.add(entry_id)
        made.append(data)
        body = data.pop("body", "")
        fields = {"id": entry_id} | {k: v for k, v in data.items() if k != "id"}
        folder = f"content/{spec.folder}/" + (f"{fields.get('year', year)}/" if spec.by_year else "")
        rel = folder + entry_id + spec.ext
        if title in titles and titles[title][0] == entry_id:
            rel = titles[title][2]
        changes: list[str] = []
        if update and (root / rel).is_file():  # --update merges: only what the sheet's columns give changes
            fields, body, changes = _merge(root / rel, rel, fields, body, m, row)
        text, at = front_matter(fields)
        offset = 0
        if spec.ext == ".md":
            text = "---\n" + text + "---\n\n" + (str(body).strip() + "\n" if body else "")
            offset = 1
        item = Produced(rel, text.encode("utf-8"), place, dict(conv.places), id=entry_id, changes=changes)
        item.line_places = {line + offset: conv.places[k] for k, line in at.items() if k in conv.places}
        plan.files.append(item)
        label = title or entry_id
        if m.kind == "person":  # as from_kb labels people: with their sub-base, for the duplicate-name hints
            base = fields.get("base")
            if isinstance(base, str):
                label = f"{label}，{names.labels.get('base', {}).get(base, base)}"
                names.base_of[entry_id] = base
        names.add(m.kind, entry_id, [entry_id, title or ""], label)
    if derived_year:
        plan.notes.append((where, f"表中没有年度列，年度取自「{derived_year}」列的年份"))
    if made:
        _missing_columns(where, m, spec, made, plan)


def _merge(path: Path, rel: str, fields: dict, body, m, row) -> tuple[dict, str, list[str]]:
    """The existing entry with only the fields the row's mapped columns give replaced; the team
    is replaced only for the roles the sheet has columns for; the Markdown body is kept unless
    the row has one. Returns (fields, body, “字段：旧值 → 新值” lines)."""
    from generator.loading.source import read_source

    src = read_source(path, rel, None)
    if not isinstance(src.data, dict):
        return fields, body, []
    old = _natural(src.data)
    merged = dict(old)
    changes: list[str] = []
    for key, value in fields.items():
        if key == "team" and isinstance(old.get("team"), list):
            roles = {c.role for c in m.columns if c.field == "team" and c.role and c.header in row.cells}
            value = [t for t in old["team"] if not (isinstance(t, dict) and t.get("role") in roles)] + list(value)
        elif isinstance(value, dict) and isinstance(old.get(key), dict):
            value = old[key] | value
        merged[key] = value
    for key in merged:
        before, after = old.get(key), merged[key]
        if _plain(before) != _plain(after):
            changes.append(f"{key}：{_show(before)} → {_show(after)}")
    text_body = src.body if isinstance(src.body, str) else ""
    if body and str(body).strip() != text_body.strip():
        changes.append("正文：按表格中的内容替换")
    elif not body:
        body = text_body
    return merged, body, changes


def _natural(value):
    """The loader reads every scalar as text: numbers and dates back to what YAML wrote, so a
    kept field is written unquoted, as it was."""
    import yaml

    if isinstance(value, dict):
        return {k: _natural(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_natural(v) for v in value]
    if isinstance(value, str) and value[:1].isdigit():
        try:
            loaded = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
        if isinstance(loaded, int | float | dt.date) and not isinstance(loaded, bool):
            return loaded
    return value


def _plain(value):
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _show(value) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, list) and all(isinstance(t, dict) and "person" in t for t in value):
        return "、".join(f"{t.get('person')}（{t.get('role', '')}）" for t in value) or "（无）"
    text = str(value) if isinstance(value, str | int | float | dt.date) else _plain(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _missing_columns(where: str, m, spec, made: list[dict], plan: Plan) -> None:
    """A required field that no row has: one line for the sheet instead of one per row."""
    for name, info in spec.model.model_fields.items():
        if info.is_required() and name != "id" and all(name not in data for data in made):
            header = next((c.header for c in m.columns if c.field.split(".")[0] == name), "")
            column = f"「{header}」列" if header else f"对应字段 {name} 的列"
            plan.to_fix.append((where, f"表中没有{column}：{info.description}是必填项，每一行都缺；请在表格中加上"
                                       f"这一列后加 --update 重新导入，或在生成的文件中逐个填写 {name}"))


def _year(data: dict, m) -> int | None:
    year = data.get("year")
    if isinstance(year, int):
        return year
    date = data.get(m.year_from) if m.year_from else None
    if isinstance(date, str) and date[:4].isdigit():
        return int(date[:4])
    return None


def _next_id(root: Path, spec, year: int, taken: set[str]) -> str:
    candidate = next_id(root, spec, year)
    prefix, digits = candidate.rstrip("0123456789"), candidate[len(candidate.rstrip("0123456789")):]
    n = int(digits)
    while candidate in taken:
        n += 1
        candidate = f"{prefix}{n:0{len(digits)}d}"
    return candidate
