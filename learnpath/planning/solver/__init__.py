"""The exact solver: the cheapest set of modules that reaches a set of skills.

The face of the planner's search (:func:`solve`, :func:`solve_rest`, :class:`Solution`);
the planner above it orders and explains what the solver chooses.

Rooms: :mod:`.region` (the forced core, pruning), :mod:`.contexts` (the memoised
closures of each learner context, and the groups of skills solved apart),
:mod:`.search` (branch and bound in Python), :mod:`.keys` (the integer keys it adds
up), :mod:`.limited` (the same search within cost and hours
limits), :mod:`._highs` (a 0/1 integer program on HiGHS, loaded only for hard cases),
:mod:`.heuristics` (greedy seed and quick bound, for fallbacks), :mod:`.solve` (the
dispatch between them: groups of open skills apart, the search first, HiGHS past its
work budget).

Examples
--------
>>> from learnpath.model import Catalogue, Module, Skill
>>> from learnpath.planning.index import index_of
>>> from learnpath.planning.solver import solve
>>> cat = Catalogue.build(
...     [Skill("sql", "SQL")],
...     [Module("long", "Long SQL", ("sql",), 20), Module("short", "Short SQL", ("sql",), 5)], [])
>>> ix = index_of(cat)
>>> sorted(ix.module_ids[i] for i in solve(ix, frozenset(), frozenset(), ["sql"]).modules)
['short']
"""

from .contexts import closures_for, context_limit
from .objective import MEASURES, Objective
from .region import Solution
from .solve import DEFAULT_TIME_LIMIT, solve, solve_rest

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "MEASURES",
    "Objective",
    "Solution",
    "closures_for",
    "context_limit",
    "solve",
    "solve_rest",
]
