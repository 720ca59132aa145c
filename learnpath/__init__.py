"""learnpath: the shortest way from the skills you have to work AI is unlikely to take.

The core library. Load a catalogue of skills, modules and niches from curriculum
files, then plan, rank and schedule over it::

    >>> import learnpath
    >>> catalogue = learnpath.load_catalogue()          # the bundled curricula
    >>> len(catalogue.niches) > 0
    True

Names are imported on first use, so ``import learnpath`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Catalogue": "learnpath.model",
    "Skill": "learnpath.model",
    "Module": "learnpath.model",
    "Niche": "learnpath.model",
    "LearnpathError": "learnpath.errors",
    "UnknownIdError": "learnpath.errors",
    "CurriculumError": "learnpath.catalogue.problems",
    "Problem": "learnpath.catalogue.problems",
    "load_catalogue": "learnpath.catalogue.loader",
    "check_paths": "learnpath.catalogue.loader",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'learnpath' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
