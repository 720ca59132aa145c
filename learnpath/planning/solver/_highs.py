"""The exact step of :func:`learnpath.planning.solver.solve.solve`: a 0/1 program on HiGHS.

Columns: ``x_m`` (take module m) for every candidate module, then ``y_e`` (assume the
missing entry skill e) for every unheld entry skill reached. Rows:

- per goal g:                         sum(x_m : m teaches g) + y_g >= 1
- per candidate m, unheld requirement r: sum(x_m' : m' teaches r) + y_r - x_m >= 0

Objectives, solved one after the other with the optimum of each fixed as a row:
hours (or cost) plus a weight on ``sum(y)`` larger than all the hours of the region
(fewest missing entry skills first, then least hours), then the other measure, then
the sum of module numbers plus one (numbers follow id order, so among equal plans the
one with the earliest ids wins), as in :mod:`.search`.
HiGHS runs with a zero relative gap: ``optimal`` is a proof, not "within 0.01%".
This module imports :mod:`highspy` (and so numpy): import it only when needed.
"""

from __future__ import annotations

import math
import time
from typing import Any

import highspy
import numpy as np

from ..index import PlanningIndex
from .region import Region, Solution

__all__ = ["solve_region"]

_INF = highspy.kHighsInf


def _seconds_left(deadline: float) -> float:
    """Seconds left before ``deadline`` (a ``time.monotonic()`` value), at least 0.01."""
    return max(0.01, deadline - time.monotonic())


def _new_highs():
    """A silent HiGHS instance (the public wrapper prints a banner to stdout)."""
    raw: Any
    try:
        from highspy._core import _Highs as raw
    except ImportError:  # pragma: no cover - older or newer highspy layout
        raw = highspy.Highs
    h = raw()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.0)  # "optimal" means optimal, not within 0.01%
    h.setOptionValue("mip_abs_gap", 1e-7)
    return h


def solve_region(
    ix: PlanningIndex,
    held,
    reg: Region,
    minimize: str,
    time_limit: float,
    tie_break: bool,
    seed: Solution,
) -> Solution:
    """Solve ``reg`` exactly (see the module docstring); ``seed`` is a valid fallback."""
    deadline = time.monotonic() + time_limit
    mods = list(reg.modules)
    col_of = {m: k for k, m in enumerate(mods)}
    entries = reg.entries
    ent_col = {e: len(mods) + k for k, e in enumerate(entries)}
    ncol = len(mods) + len(entries)

    starts, index, value, lower = [0], [], [], []

    def provider_cols(s: str) -> list[int]:
        cols = [col_of[t] for t in reg.skills[s]]
        if s in ent_col:
            cols.append(ent_col[s])
        return cols

    for g in reg.goals:
        cols = provider_cols(g)
        index.extend(cols)
        value.extend([1.0] * len(cols))
        starts.append(len(index))
        lower.append(1.0)
    for m in mods:
        for r in dict.fromkeys(ix.requires[m]):
            if r not in reg.skills:  # held
                continue
            cols = provider_cols(r)
            if col_of[m] in cols:  # a module teaching its own requirement: no constraint
                continue
            index.extend(cols + [col_of[m]])
            value.extend([1.0] * len(cols) + [-1.0])
            starts.append(len(index))
            lower.append(0.0)

    h = _new_highs()
    lp = highspy.HighsLp()
    lp.num_col_ = ncol
    lp.num_row_ = len(lower)
    lp.col_cost_ = np.zeros(ncol)
    lp.col_lower_ = np.zeros(ncol)
    lp.col_upper_ = np.ones(ncol)
    lp.row_lower_ = np.array(lower, dtype=float)
    lp.row_upper_ = np.full(len(lower), _INF)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.a_matrix_.num_col_ = ncol
    lp.a_matrix_.num_row_ = len(lower)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * ncol
    h.passModel(lp)

    w = ix.weights(minimize)
    w2 = ix.weights("cost" if minimize == "hours" else "hours")
    nm, ne = len(mods), len(entries)
    # one missing entry skill outweighs every module of the region
    big = 1.0 + math.fsum(w[m] for m in mods) if ne else 0.0
    measure = np.array([w[m] for m in mods] + [0.0] * ne)
    declares = np.array([0.0] * nm + [1.0] * ne)
    stages: list[tuple[str, np.ndarray]] = [("primary", measure + big * declares)]
    if tie_break:
        stages.append(("secondary", np.array([w2[m] for m in mods] + [0.0] * ne)))
        stages.append(("ids", np.array([float(m + 1) for m in mods] + [0.0] * ne)))

    incumbent = np.zeros(ncol)
    for m in seed.modules:
        incumbent[col_of[m]] = 1.0
    for e in seed.missing:
        incumbent[ent_col[e]] = 1.0

    optimal = False
    lower_bound = 0.0
    all_cols = np.arange(ncol, dtype=np.int32)
    for name, c in stages:
        h.changeColsCost(ncol, all_cols, c)
        h.setOptionValue("time_limit", _seconds_left(deadline))
        # No h.setSolution(seed) here: with presolve on, HiGHS 1.16 then sometimes
        # returns the seed as "optimal" when a better plan exists. The seed only stands
        # in when HiGHS finds nothing within the time limit.
        h.run()
        info = h.getInfo()
        proved = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            incumbent = (np.array(h.getSolution().col_value) > 0.5).astype(float)
        if name == "primary":
            k = float(declares @ incumbent)
            best = float(measure @ incumbent)
            optimal = proved
            bound = float(info.mip_dual_bound) - big * k
            lower_bound = best if proved else max(0.0, min(best, bound))
            if not math.isfinite(lower_bound):
                lower_bound = 0.0
        if not proved:
            break
        # fix this stage's optimum and go on to the next one
        if name == "primary":
            if ne:
                _fix(h, declares, k)
            _fix(h, measure, best)
        else:
            _fix(h, c, float(c @ incumbent))
    chosen = frozenset(mods[k] for k in range(len(mods)) if incumbent[k] > 0.5)
    missing = frozenset(e for e in entries if incumbent[ent_col[e]] > 0.5)
    return Solution(chosen, missing, optimal, lower_bound)


def _fix(h, c: np.ndarray, best: float) -> None:
    """Add the row ``c @ x <= best`` (plus a tolerance) so later stages keep this optimum."""
    nz = np.flatnonzero(c)
    if len(nz):
        tol = 1e-7 * max(1.0, abs(best)) + 1e-9
        h.addRow(-_INF, best + tol, len(nz), nz.astype(np.int32), c[nz])
