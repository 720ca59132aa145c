"""Curriculum files to a validated :class:`~learnpath.model.Catalogue`.

Reading (:mod:`.yamlsource`), per-item validation (:mod:`.schema`, reworded by
:mod:`.messages`), building with origins (:mod:`.builder`), cross-checks
(:mod:`.checks`), the compiled cache (:mod:`.cache`), the networkx view and its
exports (:mod:`.graph`), and located problems (:mod:`.problems`). :mod:`.loader` ties
them together.

Names load on first use, so importing this package costs a command's start-up nothing.

Examples
--------
>>> from learnpath.catalogue import load_catalogue
>>> catalogue = load_catalogue()            # the bundled curricula
>>> len(catalogue.niches) > 0
True
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CheckReport": "loader",
    "check_paths": "loader",
    "collect_files": "loader",
    "load_catalogue": "loader",
    "json_schema": "schema",
    "Problem": "problems",
    "CurriculumError": "problems",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
