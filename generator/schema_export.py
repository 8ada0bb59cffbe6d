"""JSON Schema of every entry type, with the vocabularies of site_config/ filled in as enums.

Editors (VS Code YAML extension) read these to show field help on hover and complete values;
the browser form of the portal reads them to check required fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.models import KINDS


def entry_schema(kind_name: str, config: SiteConfig) -> dict:
    kind = KINDS[kind_name]
    schema = kind.model.model_json_schema()
    _fill_vocab(schema, config.vocab)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{kind.label}（content/{kind.folder}/{'<年份>/' if kind.by_year else ''}<编号>{kind.ext}）"
    return schema


def _fill_vocab(node: Any, vocab: dict[str, list[str]]) -> None:
    if isinstance(node, dict):
        name = node.get("x-vocab")
        if name is not None and name in vocab:
            node["enum"] = list(vocab[name])
        for value in node.values():
            _fill_vocab(value, vocab)
    elif isinstance(node, list):
        for value in node:
            _fill_vocab(value, vocab)


def resolve(schema: dict, node: dict) -> dict:
    """Follow a ``$ref`` to its definition."""
    ref = node.get("$ref")
    return schema["$defs"][ref.split("/")[-1]] if ref else node


def alternatives(schema: dict, node: dict) -> tuple[list[dict], bool]:
    """The non-null alternatives of a node (resolved), and whether null — may be left empty — is one."""
    options = node.get("anyOf") or [node]
    real = [resolve(schema, o) for o in options if o.get("type") != "null"]
    return real, len(real) < len(options)


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export_schemas(config: SiteConfig, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in KINDS:
        path = folder / f"{name}.schema.json"
        text = render(entry_schema(name, config))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


VSCODE_SETTINGS = Path(".vscode") / "settings.json"
_SCHEMAS_BLOCK = re.compile(r'( *)"yaml\.schemas": \{.*?\n\1\}', re.S)


def vscode_schemas() -> dict[str, list[str]]:
    """Which schema the editor's YAML extension applies to which files: every .yml kind (front
    matter of .md files is not read by the extension)."""
    return {f"./site_config/schema/{k.name}.schema.json":
            [f"content/{k.folder}/*/*.yml" if k.by_year else f"content/{k.folder}/*.yml"]
            for k in KINDS.values() if k.ext == ".yml"}


def update_vscode(root: Path) -> bool:
    """Rewrite the ``yaml.schemas`` block of .vscode/settings.json (the file keeps its comments);
    whether the file changed. A repository without the file is left alone."""
    path = root / VSCODE_SETTINGS
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    match = _SCHEMAS_BLOCK.search(text)
    if match is None:
        return False
    indent = match.group(1)
    body = json.dumps({"yaml.schemas": vscode_schemas()}, ensure_ascii=False, indent=2)[1:-1].strip("\n")
    block = "\n".join(indent + line[2:] if line.startswith("  ") else line for line in body.splitlines())
    new = text[:match.start()] + block + text[match.end():]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
