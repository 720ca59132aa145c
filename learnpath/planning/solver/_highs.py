"""The exact step of :func:`learnpath.planning.solver.solve.solve`: a 0/1 program on HiGHS.

Columns: ``x_m`` (take module m) for every candidate module, then ``y_e`` (assume the
missing entry skill e) for every unheld entry skill reached. Rows:

- per goal g:                         sum(x_m : m teaches g) + y_g >= 1
- per candidate m, unheld requirement r: sum(x_m' : m' teaches r) + y_r - x_m >= 0
- per limit (what ``max_cost`` / ``max_hours`` leave beyond the forced core):
  sum(cost_m x_m) <= room, sum(hours_m x_m) <= room

Objective levels (:class:`~.objective.Objective`), most significant first: fewest
missing entry skills (``sum(y)``), the measure (hours, cost or value), the tie-break
measure, the sum of module numbers plus one (numbers follow id order, so among equal
plans the one with the earliest ids wins), as in :mod:`.search`. For the least of a
measure, the measure comes first and ``sum(y)`` second. In their decimal units the
levels are integers, and consecutive levels fold into one integer objective while
that is exact (:func:`_folded`), with bounds on each level in the best plan taken from
a valid plan (:func:`_caps`): one HiGHS run on most regions, two where the measures do
not fold. What does not fold is solved next with the optimum so far fixed as a row,
except the ids: they never get a run of their own, which on a large region took one to
four times the first run. Where they do not fold, plans equal in missing skills and
both measures go to HiGHS's own choice, which is deterministic (the same model, built
from sorted columns, gives the same plan on every run and machine), and the plan is
still proved optimal in every other level.
HiGHS runs with a zero relative gap: ``optimal`` is a proof, not "within 0.01%"; each
run has a budget of branch-and-bound nodes (:data:`NODE_BUDGET`), the seconds being a
safety net, and a run that fails is never taken as a proof.
This module imports :mod:`highspy` (and so numpy): import it only when needed.
"""

from __future__ import annotations

import math
import time
from typing import Any

import highspy
import numpy as np

from ..index import PlanningIndex
from .objective import LIMIT_TOLERANCE, Objective
from .region import Region, Solution

__all__ = ["solve_region"]

_INF = highspy.kHighsInf


def _seconds_left(deadline: float) -> float:
    """Seconds left before ``deadline`` (a ``time.monotonic()`` value), at least 0.01."""
    return max(0.01, deadline - time.monotonic())


#: the integer program's work budget: branch-and-bound nodes per solve (the seconds
#: limit is only a safety net, so an answer cut by its budget is the same on every run)
NODE_BUDGET = 20_000


def _new_highs(nodes: int = NODE_BUDGET):
    """A silent HiGHS instance (the public wrapper prints a banner to stdout).

    No ``threads`` option: HiGHS keeps one task scheduler per process, and asking for a
    thread count other than the one it was first started with makes ``run()`` fail
    when any other HiGHS user ran first (a notebook, another library). HiGHS's
    branch and bound is deterministic whatever the thread count.
    """
    raw: Any
    try:
        from highspy._core import _Highs as raw
    except ImportError:  # pragma: no cover - older or newer highspy layout
        raw = highspy.Highs
    h = raw()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_max_nodes", max(1, int(nodes)))
    h.setOptionValue("mip_rel_gap", 0.0)  # "optimal" means optimal, not within 0.01%
    h.setOptionValue("mip_abs_gap", 1e-7)
    return h


def solve_region(
    ix: PlanningIndex,
    held,
    reg: Region,
    minimize: str | Objective,
    time_limit: float,
    tie_break: bool | str,
    seed: Solution | None,
    room: dict[str, float] | None = None,
    nodes: int = NODE_BUDGET,
) -> Solution:
    """Solve ``reg`` exactly (see the module docstring).

    ``room`` bounds the region's total ``"cost"`` and/or ``"hours"`` (what the limits
    leave beyond the forced core), one row each. ``seed`` is a valid plan kept when
    HiGHS finds none within its budget (it must keep the room). When no plan fits the
    room, the solution says ``feasible=False`` (``optimal`` when that is proved).
    ``nodes`` is the work budget of each HiGHS run (branch-and-bound nodes); the time
    limit is a safety net. When HiGHS fails to run at all, the seed is returned with
    ``optimal=False`` and the reason: never a plan marked as found by exact means.
    """
    objective = Objective.of(minimize)
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

    h = _new_highs(nodes)
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
    for name, allowed in (room or {}).items():  # the limits: one linear row each
        per_module = np.array([ix.weights(name)[m] for m in mods] + [0.0] * len(entries))
        nz = np.flatnonzero(per_module)
        if len(nz):
            top = allowed + LIMIT_TOLERANCE * max(1.0, abs(allowed))
            h.addRow(-_INF, top, len(nz), nz.astype(np.int32), per_module[nz])

    w2 = ix.weights(objective.second)
    nm, ne = len(mods), len(entries)
    measure = np.array(objective.weights(ix, mods) + [0.0] * ne)
    declares = np.array([0.0] * nm + [1.0] * ne)
    levels = _levels(objective, measure, declares, mods, w2, ne, tie_break)
    incumbent = None
    if seed is not None:
        incumbent = np.zeros(ncol)
        for m in seed.modules:
            incumbent[col_of[m]] = 1.0
        for e in seed.missing:
            incumbent[ent_col[e]] = 1.0
    stages = None
    if levels is not None:
        caps, excluded = _caps(levels, incumbent)
        if len(excluded):  # no best plan takes them: out of every run
            h.changeColsBounds(
                len(excluded), excluded, np.zeros(len(excluded)), np.zeros(len(excluded))
            )
        stages = _folded(levels, ncol, caps)
    if stages is not None and "primary" not in (stages[0].weights or {}):
        stages = None  # missing skills and the measure do not fold exactly: in floats
    big = 0.0
    if stages is None:  # a measure in no decimal unit: one stage per level, in floats
        if objective.missing_first:
            # one missing entry skill outweighs every module of the region
            big = 1.0 + float(measure.sum()) if ne else 0.0
            stages = [_Stage(measure + big * declares, None)]
        else:  # the least of the measure, then fewest missing entry skills
            stages = [_Stage(measure, None)]
            if ne:
                stages.append(_Stage(declares, None))
        if tie_break:
            stages.append(_Stage(np.array([w2[m] for m in mods] + [0.0] * ne), None))

    optimal = False
    lower_bound = 0.0
    reason = ""
    all_cols = np.arange(ncol, dtype=np.int32)
    for number, stage in enumerate(stages):
        c = stage.costs
        h.changeColsCost(ncol, all_cols, c)
        h.setOptionValue("time_limit", _seconds_left(deadline))
        # No objective_bound from the seed either: HiGHS takes it as a value to beat,
        # and with an integer objective then calls the model infeasible when the seed
        # is already the optimum.
        # No h.setSolution(seed) here: with presolve on, HiGHS 1.16 then sometimes
        # returns the seed as "optimal" when a better plan exists. The seed only stands
        # in when HiGHS finds nothing within its budget.
        run_status = h.run()
        status = h.getModelStatus()
        if number and (run_status == highspy.HighsStatus.kError or status in _REDO):
            # HiGHS 1.16's presolve can call a tie-break model (a new objective, the
            # last optimum fixed as a row) infeasible although the last plan keeps
            # every row: that claim is false, so the run is redone without presolve
            # (presolve stays on otherwise: without it a tie-break run of a large
            # region takes several times the first run)
            h.setOptionValue("presolve", "off")
            h.setOptionValue("time_limit", _seconds_left(deadline))
            run_status = h.run()
            status = h.getModelStatus()
            h.setOptionValue("presolve", "choose")
        if run_status == highspy.HighsStatus.kError or status in _FAILED:
            # HiGHS did not solve: nothing it says is a proof (the seed stands in)
            reason = f"the integer program failed ({status.name})"
            break
        info = h.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            if number:  # the last stage's plan keeps every row: never trusted, kept
                break
            # only the limits can do this
            return Solution(frozenset(), frozenset(), True, math.inf, False)
        proved = status == highspy.HighsModelStatus.kOptimal
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            incumbent = (np.array(h.getSolution().col_value) > 0.5).astype(float)
        if not proved:
            reason = _cut_reason(status)
        if incumbent is None:  # out of budget before any plan within the limits
            return Solution(frozenset(), frozenset(), False, 0.0, False, reason)
        if number == 0:
            k = float(declares @ incumbent)
            best = float(measure @ incumbent)
            optimal = proved
            if proved:
                lower_bound = best
            else:
                bound = stage.primary_bound(float(info.mip_dual_bound), k, big, objective)
                lower_bound = max(0.0, min(best, bound)) if math.isfinite(bound) else 0.0
        if not proved:
            break
        # fix this stage's optimum and go on to the next one
        if stage.weights is not None:  # integers: the optimum exactly, half a unit spare
            _fix(h, c, float(c @ incumbent), 0.5)
        elif number == 0 and objective.missing_first:
            if ne:
                _fix(h, declares, k)
            _fix(h, measure, best)
        else:
            _fix(h, c, float(c @ incumbent))
    if incumbent is None:  # HiGHS failed and no seed: no plan
        return Solution(frozenset(), frozenset(), False, 0.0, False, reason)
    chosen = frozenset(mods[k] for k in range(len(mods)) if incumbent[k] > 0.5)
    missing = frozenset(e for e in entries if incumbent[ent_col[e]] > 0.5)
    return Solution(chosen, missing, optimal, lower_bound, True, "" if optimal else reason)


_FAILED = (
    highspy.HighsModelStatus.kNotset,
    highspy.HighsModelStatus.kLoadError,
    highspy.HighsModelStatus.kModelError,
    highspy.HighsModelStatus.kPresolveError,
    highspy.HighsModelStatus.kSolveError,
    highspy.HighsModelStatus.kPostsolveError,
    highspy.HighsModelStatus.kMemoryLimit,
)


_STATUS = highspy.HighsModelStatus
#: what a tie-break run may not answer (the last stage's plan keeps every row): redone
_REDO = (*_FAILED, _STATUS.kInfeasible)


def _cut_reason(status) -> str:
    """Why a HiGHS run that did not fail stopped before proving the optimum."""
    if status == highspy.HighsModelStatus.kTimeLimit:
        return "the time limit ran out"
    if status in (_STATUS.kSolutionLimit, _STATUS.kIterationLimit):
        return "the work budget ran out"
    return f"the integer program stopped ({status.name})"


def _fix(h, c: np.ndarray, best: float, tol: float | None = None) -> None:
    """Add the row ``c @ x <= best`` (plus a tolerance) so later stages keep this optimum."""
    nz = np.flatnonzero(c)
    if len(nz):
        if tol is None:
            tol = 1e-7 * max(1.0, abs(best)) + 1e-9
        h.addRow(-_INF, best + tol, len(nz), nz.astype(np.int32), c[nz])


#: a folded objective's integers add up to less than this (see :func:`_folded`)
FOLD_TOTAL = 2**31


class _Stage:
    """One HiGHS run's objective: ``costs`` per column; ``weights``, for a folded
    objective, maps each level folded in to its integer weight (and unit), or None."""

    __slots__ = ("costs", "weights")

    def __init__(self, costs: np.ndarray, weights: dict[str, tuple[int, int]] | None):
        self.costs, self.weights = costs, weights

    def primary_bound(self, dual: float, k: float, big: float, objective: Objective) -> float:
        """A lower bound on the measure from HiGHS's dual bound ``dual`` on this stage
        (a plan with ``k`` missing entry skills, as the incumbent)."""
        if self.weights is None:
            return dual - big * k
        if not math.isfinite(dual):
            return 0.0
        weight, unit = self.weights["primary"]
        if objective.missing_first and "declares" in self.weights:
            dual -= k * self.weights["declares"][0]
        return math.floor(dual / weight + 1e-9) / unit


def _integers(values) -> tuple[list[int], int] | None:
    """``values`` (>= 0) as integers in their decimal unit (a power of ten up to a
    millionth) and that power, or None when no such unit holds them exactly.

    >>> _integers([2.5, 4.0])
    ([25, 40], 10)
    >>> _integers([1 / 3]) is None
    True
    """
    array = np.asarray(values, dtype=float)
    for digits in range(7):
        unit = 10**digits
        scaled = array * unit
        ints = np.rint(scaled)  # to the nearest, halves to even, as round() does
        if np.all(np.abs(scaled - ints) <= 1e-9 * np.maximum(1.0, ints)):
            return [int(i) for i in ints], unit
    return None


def _levels(objective, measure, declares, mods, w2, ne, tie_break):
    """The objective's levels, most significant first, as integer vectors per column
    with their unit: ``(name, ints, unit)``; None when a measure has no decimal unit."""
    nm = len(mods)
    primary = _integers(measure[:nm])
    if primary is None:
        return None
    out = []
    decl = ("declares", [0] * nm + [1] * ne, 1)
    prim = ("primary", primary[0] + [0] * ne, primary[1])
    if objective.missing_first:
        out += [decl, prim] if ne else [prim]
    else:
        out += [prim, decl] if ne else [prim]
    if tie_break:
        second = _integers([w2[m] for m in mods])
        if second is None:  # pragma: no cover - hours and cost are decimal
            return None
        out.append(("secondary", second[0] + [0] * ne, second[1]))
        if tie_break != "measures":
            out.append(("ids", [m + 1 for m in mods] + [0] * ne, 1))
    return out


def _caps(levels, seed: np.ndarray | None) -> tuple[dict[str, int], np.ndarray]:
    """Per level, a bound on its value in the best plan; and the columns no best plan
    takes.

    Without a seed (a valid plan), a level's bound is its sum over every column. With
    one, the best plan ``x*`` (the order's least) keeps, level by level:

    - the first level at most the seed's value, and so does each next level while the
      seed's levels before it are all 0 (nothing is below 0, so ``x*`` ties there);
    - any other level at most the fractional knapsack bound of its weights within
      such a bounded level (when every column weighing on it weighs on that one too);
    - no column whose weight on a bounded level exceeds that bound (those are
      excluded: fixed at 0 in every run).

    Examples
    --------
    >>> levels = [("primary", [4, 6, 1], 1), ("secondary", [9, 0, 5], 1)]
    >>> caps, excluded = _caps(levels, np.array([1.0, 0.0, 1.0]))
    >>> caps, excluded.tolist()
    ({'primary': 5, 'secondary': 14}, [1])
    """
    caps = {name: sum(ints) for name, ints, _ in levels}
    if seed is None:
        return caps, np.zeros(0, dtype=np.int32)
    taken = np.flatnonzero(seed > 0.5)
    budgets = []
    for name, ints, _ in levels:  # the seed bounds a prefix of the levels
        value = sum(ints[j] for j in taken)
        caps[name] = min(caps[name], value)
        budgets.append((name, ints))
        if value:
            break
    excluded: set[int] = set()
    for name, ints in budgets:
        excluded.update(j for j, v in enumerate(ints) if v > caps[name])
    for name, ints, _ in levels:
        for budget, weights in budgets:
            if budget != name:
                caps[name] = min(caps[name], _knapsack(ints, weights, caps[budget], excluded))
    return caps, np.array(sorted(excluded), dtype=np.int32)


def _knapsack(values: list[int], weights: list[int], room: int, excluded: set[int]) -> int:
    """An upper bound on ``sum(values[j] x_j)`` over 0/1 ``x`` with ``sum(weights[j]
    x_j) <= room`` (the fractional knapsack's optimum, rounded down); the sum of
    ``values`` when some column of positive value weighs nothing.

    >>> _knapsack([10, 3, 8], [2, 1, 4], 4, set())
    15
    """
    items = [
        (v, w)
        for j, (v, w) in enumerate(zip(values, weights, strict=True))
        if v and j not in excluded
    ]
    if any(w == 0 for _, w in items):
        return sum(v for v, _ in items)
    total = 0.0
    for v, w in sorted(items, key=lambda item: item[0] / item[1], reverse=True):
        if w <= room:
            total += v
            room -= w
        else:
            total += v * room / w
            break
    return math.floor(total + 1e-9)


def _folded(levels, ncol: int, caps: dict[str, int] | None = None) -> list[_Stage]:
    """The levels folded into as few HiGHS runs as exactness allows.

    Consecutive levels fold into one integer objective ``sum_l level_l * W_l``, where
    ``W_l`` is the product of ``1 + cap_l'`` over the levels l' after l in the fold,
    ``cap_l'`` a bound on level l' in the best plan (:func:`_caps`; by default its sum
    over every column): the best plan's lower levels sum to less than one unit of the
    level above, so a plan worse at some level is worse folded, and the least folded
    value is the order's least. A fold stops growing when the best plan's folded value
    could reach :data:`FOLD_TOTAL` (2**31): every value HiGHS compares against it (its
    incumbents and the bounds of nodes that could hold it) is then an integer below
    2**31, exact in a double with 22 bits to spare, so a rounding error of any sum
    HiGHS forms (at most 2**31 * 2**-52 = 4.8e-7 per operation) stays below its 1e-6
    feasibility tolerance and far below the one unit that separates two plans; HiGHS
    then treats the objective as integral and proves the optimum to the unit, as it
    does for any integer objective of that size. What does not fold is solved in the
    next run, with the optimum so far fixed as a row.
    """
    if caps is None:
        caps = {name: sum(ints) for name, ints, _ in levels}
    stages: list[_Stage] = []
    group: list[tuple[str, list[int], int]] = []

    def close():
        if not group:
            return
        weights, costs, w = {}, [0] * ncol, 1
        for name, ints, unit in reversed(group):
            weights[name] = (w, unit)
            for j, v in enumerate(ints):
                if v:
                    costs[j] += v * w
            w *= caps[name] + 1
        stages.append(_Stage(np.array(costs, dtype=float), weights))

    for level in levels:
        trial = [*group, level]
        w = 1
        for name, _, _ in reversed(trial):  # the best plan's value stays below w
            w *= caps[name] + 1
        exact = w <= FOLD_TOTAL
        if group and not exact:
            if level[0] == "ids":  # never a run of its own (see the module docstring)
                break
            close()
            group = [level]
        else:
            group = trial
    close()
    return stages
