"""Fabrication: cut hygiene, path order, kerf, sheet nesting and job figures (issue 5)."""

from .prepare import prepare_for_cutting, prepare_part, sheet_parts

__all__ = ["prepare_for_cutting", "prepare_part", "sheet_parts"]
