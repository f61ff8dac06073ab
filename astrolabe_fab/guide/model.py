"""The guide as text: sections of paragraphs, numbered steps and tables of readings.

Writers add no words: the PDF pages (``paper.guide_pages``) and ``guide.md`` (``markdown``) show
the same sections in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A heading, its paragraphs, numbered steps, a table (first row: the header) and closing
    paragraphs."""

    title: str
    paragraphs: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    table: tuple[tuple[str, str], ...] = ()
    closing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    title: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]

    def markdown(self) -> str:
        """The guide as Markdown (``guide.md``)."""
        out = [f"# {self.title}", "", *_paras(self.intro)]
        for s in self.sections:
            out += [f"## {s.title}", "", *_paras(s.paragraphs)]
            if s.steps:
                out += [f"{k}. {step}" for k, step in enumerate(s.steps, start=1)] + [""]
            if s.table:
                head, *rows = s.table
                out += [f"| {head[0]} | {head[1]} |", "|---|---|"]
                out += [f"| {a} | {b} |" for a, b in rows] + [""]
            out += _paras(s.closing)
        return "\n".join(out).rstrip() + "\n"


def _paras(items: tuple[str, ...]) -> list[str]:
    return [line for p in items for line in (p, "")]
