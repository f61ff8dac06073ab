"""Functions short enough to read at once: every function of the package is measured, its
length with ``ast`` (from ``def`` to its last line) and its cyclomatic complexity with radon
(McCabe 1976; radon's ranks: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+). None may be over
60 lines or ranked worse than C, except those in ``ALLOWED``, each with its reason or the branch
splitting it; an allowed function that no longer exceeds must leave the list.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

import astrolabe_fab

ROOT = Path(astrolabe_fab.__file__).parent
MAX_LINES = 60
WORST_RANK = "C"

#: "module:qualified.name" -> why it may still exceed (only the areas being split elsewhere).
ALLOWED: dict[str, str] = {}


def _name(path: Path, qualname: str) -> str:
    module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
    return f"{module}:{qualname}"


def _lengths(path: Path) -> dict[str, int]:
    """Qualified name -> lines from ``def`` to the end, for every function and method."""
    out: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                assert child.end_lineno is not None
                out[name] = child.end_lineno - child.lineno + 1
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return out


def _complexities(path: Path) -> dict[str, int]:
    """Qualified name -> cyclomatic complexity, for functions, methods and closures."""
    out: dict[str, int] = {}

    def add(block: object, prefix: str) -> None:
        name = f"{prefix}{block.name}"  # type: ignore[attr-defined]
        out[name] = block.complexity  # type: ignore[attr-defined]
        for inner in getattr(block, "closures", []):
            add(inner, f"{name}.")
        for method in getattr(block, "methods", []):
            add(method, f"{name}.")

    for block in cc_visit(path.read_text(encoding="utf-8")):
        if getattr(block, "is_method", False):
            continue  # reached through its class
        add(block, "")
    return out


@cache
def offenders() -> dict[str, str]:
    """Every function over the limits -> what is over."""
    out: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        lengths, ranks = _lengths(path), _complexities(path)
        for qualname in sorted(set(lengths) | set(ranks)):
            why = []
            if lengths.get(qualname, 0) > MAX_LINES:
                why.append(f"{lengths[qualname]} lines")
            cc = ranks.get(qualname, 1)
            if cc_rank(cc) > WORST_RANK:
                why.append(f"complexity {cc} ({cc_rank(cc)})")
            if why:
                out[_name(path, qualname)] = ", ".join(why)
    return out


def test_the_measures_see_long_and_complex_functions() -> None:
    """A checker that measures nothing would pass: it must see a long branchy function."""
    body = "\n".join(f"    if x == {k}:\n        x += {k}" for k in range(35))
    source = f"def f(x):\n{body}\n    return x\n"
    tree = ast.parse(source)
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef) and node.end_lineno == 72
    assert cc_rank(cc_visit(source)[0].complexity) == "E"


def test_no_function_is_too_long_or_too_complex() -> None:
    unexplained = {k: v for k, v in offenders().items() if k not in ALLOWED}
    assert not unexplained, unexplained


def test_the_allowlist_holds_only_functions_still_over() -> None:
    stale = sorted(set(ALLOWED) - set(offenders()))
    assert not stale, f"no longer over the limits, remove from ALLOWED: {stale}"
