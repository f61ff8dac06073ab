"""The package's layering (ARCHITECTURE.md), checked on its import graph.

Every module of ``astrolabe_fab`` is parsed with ``ast`` and every import it makes (at the top or
inside a function, absolute or relative) is resolved to the package's own module it names.
Rules:

- no cycle between packages: the units are the subpackages (``parts``, ``writers`` ...) and the
  top-level modules (``design``, ``build`` ...);
- writers translate: a module of ``writers/`` imports, of the package, only the scene and its
  primitives, the page model of the paper documents, the error type, the shared writer helpers
  (numbers, palette, style, atomic files) and the modules of its own format (``pdf_draw`` and
  ``pdf_file`` belong to ``pdf``). So no writer imports another writer, ``design``, ``text`` (its
  layout decisions) or ``fabrication``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import astrolabe_fab

ROOT = Path(astrolabe_fab.__file__).parent
PKG = "astrolabe_fab"


@cache
def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (``__init__`` names its package)."""
    out: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = [PKG, *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _resolve(name: str) -> str | None:
    """The package module that ``name`` (a module or a name inside one) refers to."""
    known = modules()
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _imported(module: str, path: Path) -> Iterator[str]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            names = [f"{stem}.{alias.name}" for alias in node.names] or [stem]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None and target != module:
                yield target


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module -> the package modules it imports."""
    return {m: frozenset(_imported(m, p)) for m, p in modules().items()}


def unit(module: str) -> str:
    """The package a module belongs to, or the module itself at the top level."""
    parts = module.split(".")
    if len(parts) == 1:
        return module
    sub = ROOT / parts[1]
    return ".".join(parts[:2]) if sub.is_dir() else module


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def unit_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module, targets in graph().items():
        for target in targets:
            a, b = unit(module), unit(target)
            if a != b and a != PKG and b != PKG:
                edges.setdefault(a, set()).add(b)
    return edges


def _why(a: str, b: str) -> list[str]:
    return sorted(
        f"{m} -> {t}"
        for m, t_all in graph().items()
        for t in t_all
        if unit(m) == a and unit(t) == b
    )


def test_the_graph_sees_the_package() -> None:
    """The parser finds modules and imports (a checker that sees nothing cannot fail)."""
    g = graph()
    assert len(g) > 50
    assert "astrolabe_fab.geometry.primitives" in g["astrolabe_fab.scene"]
    assert "astrolabe_fab.design" in g["astrolabe_fab.parts.plate"]  # relative, two levels
    assert "astrolabe_fab.reduce.solve" in g["astrolabe_fab.reduce.pipeline"]  # absolute


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}}) == []


def test_no_cycle_between_packages() -> None:
    edges = unit_edges()
    cycles = _cycles(edges)
    details = {
        " -> ".join(c): [line for a in c for b in c if b in edges.get(a, ()) for line in _why(a, b)]
        for c in cycles
    }
    assert not cycles, details


def test_no_cycle_between_modules() -> None:
    edges = {m: set(t) for m, t in graph().items()}
    assert not _cycles(edges)


WRITERS = f"{PKG}.writers"
#: Writer helpers every writer may use: they decide nothing about what is drawn.
WRITER_HELPERS = frozenset(f"{WRITERS}.{m}" for m in ("numbers", "palette", "style", "files"))
#: What a writer may import from the rest of the package: the scene it translates, the page
#: model of paper documents, the error type.
WRITER_INPUTS = frozenset(
    {f"{PKG}.scene", f"{PKG}.errors", f"{PKG}.paper.page", f"{PKG}.geometry.primitives"}
)


def _format(module: str) -> str:
    """The format a writer module belongs to: ``pdf_draw`` -> ``pdf``."""
    return module.rpartition(".")[2].split("_")[0]


def test_writers_only_translate() -> None:
    offences = []
    for module, targets in graph().items():
        if not module.startswith(f"{WRITERS}.") or module in WRITER_HELPERS:
            continue
        for target in sorted(targets):
            own_format = target.startswith(f"{WRITERS}.") and _format(target) == _format(module)
            if target in WRITER_HELPERS or target in WRITER_INPUTS or own_format:
                continue
            offences.append(f"{module} imports {target}")
    assert not offences, offences


def test_writer_helpers_import_no_writer() -> None:
    for helper in WRITER_HELPERS & set(graph()):
        outside = {t for t in graph()[helper] if t not in WRITER_HELPERS | WRITER_INPUTS}
        assert not outside, (helper, outside)
