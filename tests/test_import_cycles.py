"""No import cycles in generator/: every import counts, also those inside functions (a lazy
import hides a cycle from Python, not from the reader who has to change the code)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path) -> dict[str, Path]:
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``name`` (at ``path``) imports anywhere in its text."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[:len(base) - node.level + (1 if is_package else 0)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module
            for alias in node.names:  # "from package import module" imports the module
                found.add(f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin)
    return {m for m in found if m in known and m != name}


def graph(package: Path) -> dict[str, set[str]]:
    found = modules(package)
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a path."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


def test_generator_has_no_import_cycle():
    found = cycles(graph(PACKAGE))
    assert found == [], "import cycles:\n" + "\n".join(" ↔ ".join(g) for g in found)


def test_the_walk_sees_a_cycle_hidden_in_a_function(tmp_path):
    """The check itself: a cycle through a function-level and a relative import is found."""
    pkg = tmp_path / "generator"
    (pkg / "site").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "site" / "__init__.py").write_text("")
    (pkg / "site" / "render.py").write_text("from .verify import scan\n")
    (pkg / "site" / "verify.py").write_text("def f():\n    from generator.site import render\n")
    (pkg / "other.py").write_text("import generator.site.verify\n")
    assert cycles(graph(pkg)) == [["generator.site.render", "generator.site.verify"]]


@pytest.mark.parametrize("source, expected", [
    ("from . import sibling\n", {"generator.a.sibling"}),
    ("from .. import top\n", {"generator.top"}),
    ("from ..a import sibling\n", {"generator.a.sibling"}),
    ("import generator.top as t\n", {"generator.top"}),
])
def test_relative_and_absolute_imports_resolve(tmp_path, source, expected):
    pkg = tmp_path / "generator"
    (pkg / "a").mkdir(parents=True)
    for f in ("__init__.py", "top.py", "a/__init__.py", "a/sibling.py"):
        (pkg / f).write_text("")
    (pkg / "a" / "mod.py").write_text(source)
    assert graph(pkg)["generator.a.mod"] == expected
