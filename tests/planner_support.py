"""Shared by the planner tests: random small catalogues and an exact oracle by brute force.

The oracle enumerates every subset of the modules not completed, keeps the *closed*
ones (every goal and every requirement held, taught inside, or an entry skill nobody
teaches, which the plan then lists as missing) and ranks them as the planner's
contract says: fewest missing entry skills, then the minimized measure, then the
tie-break measure (cost after hours; hours after cost or value), then the earliest ids
(the smallest sum of positions in id order, plus one each). It shares no code with the
planner.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import NamedTuple

from hypothesis import strategies as st

from learnpath.model import Catalogue, Module, Niche, Skill

TOL = 1e-7


@st.composite
def catalogues(draw, max_modules: int = 9, max_skills: int = 7):
    """Acyclic by construction: a module only requires skills numbered below all it teaches."""
    n_skills = draw(st.integers(2, max_skills))
    skills = [Skill(f"s{k}", f"Skill {k}") for k in range(n_skills)]
    modules = []
    for k in range(draw(st.integers(1, max_modules))):
        lowest = draw(st.integers(1, n_skills - 1))
        teaches = draw(
            st.lists(st.integers(lowest, n_skills - 1), min_size=1, max_size=3, unique=True)
        )
        requires = draw(st.lists(st.integers(0, lowest - 1), max_size=2, unique=True))
        modules.append(
            Module(
                f"m{k}",
                f"Module {k}",
                teaches=tuple(f"s{t}" for t in sorted(teaches)),
                requires=tuple(f"s{r}" for r in sorted(requires)),
                hours=draw(st.integers(1, 12)),
                cost=draw(st.sampled_from([0, 0, 10, 25, 40])),
            )
        )
    skill_ids = [s.id for s in skills]
    niches = [
        Niche(
            f"n{k}",
            f"Niche {k}",
            tuple(sorted(set(draw(st.lists(st.sampled_from(skill_ids), min_size=1, max_size=3))))),
            resilience=draw(st.sampled_from([0.2, 0.5, 0.8])),
        )
        for k in range(draw(st.integers(1, 3)))
    ]
    return Catalogue.build(skills, modules, niches)


@st.composite
def choice_catalogues(draw, max_skills: int = 6):
    """Every skill but the first has 1 to 3 teachers (at most 9 modules), a fast course
    being a dear one: the shape where limits change the plan."""
    n_skills = draw(st.integers(2, max_skills))
    skills = [Skill(f"s{k}", f"Skill {k}") for k in range(n_skills)]
    modules: list[Module] = []
    for k in range(1, n_skills):
        for _ in range(draw(st.sampled_from([1, 2, 2, 3]))):
            if len(modules) == 9:
                break
            hours = draw(st.integers(1, 12))
            requires = draw(st.lists(st.integers(0, k - 1), max_size=2, unique=True))
            also = draw(st.lists(st.integers(k + 1, n_skills), max_size=1))  # a bundle
            teaches = [k] + [t for t in also if t < n_skills]
            modules.append(
                Module(
                    f"m{len(modules)}",
                    f"Module {len(modules)}",
                    teaches=tuple(f"s{t}" for t in teaches),
                    requires=tuple(f"s{r}" for r in sorted(requires)),
                    hours=hours,
                    cost=10 * (12 - hours) + draw(st.sampled_from([0, 5, 15])),
                )
            )
    upper = [s.id for s in skills[n_skills // 2 :]]
    niches = [
        Niche(
            "n0",
            "Niche 0",
            tuple(sorted(set(draw(st.lists(st.sampled_from(upper), min_size=1, max_size=3))))),
            0.5,
        )
    ]
    return Catalogue.build(skills, modules, niches)


@st.composite
def problems(draw, max_modules: int = 9, tradeoff: bool = False):
    """(catalogue, have, targets, done): up to 3 targets, 2 skills held, 2 modules done;
    ``tradeoff``: on :func:`choice_catalogues`, targets above the first skill."""
    cat = draw(choice_catalogues() if tradeoff else catalogues(max_modules))
    skill_ids = sorted(cat.skills, key=lambda s: int(s[1:]))
    aims = skill_ids[1:] if tradeoff else skill_ids
    targets = draw(
        st.lists(st.sampled_from(aims + sorted(cat.niches)), min_size=1, max_size=3, unique=True)
    )
    have = draw(st.lists(st.sampled_from(skill_ids), max_size=2, unique=True))
    done = draw(st.lists(st.sampled_from(sorted(cat.modules)), max_size=2, unique=True))
    return cat, have, targets, done


def goal_skills(cat, targets) -> set[str]:
    return {s for t in targets for s in (cat.niches[t].requires if t in cat.niches else (t,))}


def held_skills(cat, have, done) -> set[str]:
    return set(have) | {s for m in done for s in cat.modules[m].teaches}


class Candidate(NamedTuple):
    """One closed set of modules, with its totals."""

    modules: tuple[str, ...]
    missing: int
    hours: float
    cost: float
    ids: int  # sum of (position in id order + 1)

    def measure(self, name: str, rate: float = 0.0) -> float:
        if name == "value":
            return self.hours * rate + self.cost
        return self.hours if name == "hours" else self.cost


def closed_sets(cat, have, targets, done) -> list[Candidate]:
    """Every closed set of modules not in ``done`` (see the module docstring)."""
    held = held_skills(cat, have, done)
    goals = goal_skills(cat, targets)
    order = sorted(cat.modules)
    position = {m: k for k, m in enumerate(order)}
    candidates = [m for m in order if m not in done]
    teachable = {s for m in candidates for s in cat.modules[m].teaches}
    out = []
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            mods = [cat.modules[m] for m in subset]
            have_now = held | {s for m in mods for s in m.teaches}
            wanted = goals | {r for m in mods for r in m.requires}
            lacking = wanted - have_now
            if lacking & teachable:
                continue  # needs a skill a module would teach: not closed
            out.append(
                Candidate(
                    subset,
                    len(lacking),
                    math.fsum(m.hours for m in mods),
                    math.fsum(m.cost or 0 for m in mods),
                    sum(position[m] + 1 for m in subset),
                )
            )
    return out


def within(c: Candidate, max_cost=None, max_hours=None) -> bool:
    return (max_cost is None or c.cost <= max_cost + TOL) and (
        max_hours is None or c.hours <= max_hours + TOL
    )


def best(sets, minimize="hours", rate=0.0, max_cost=None, max_hours=None, missing_first=True):
    """The planner's answer by enumeration, or ``None`` when no set keeps the limits."""
    second = "cost" if minimize == "hours" else "hours"

    def key(c: Candidate):
        primary = round(c.measure(minimize, rate), 6)
        rest = (round(c.measure(second), 6), c.ids)
        return (c.missing, primary, *rest) if missing_first else (primary, c.missing, *rest)

    kept = [c for c in sets if within(c, max_cost, max_hours)]
    return min(kept, key=key) if kept else None


def highs_optimum(
    cat, have, targets, done=(), minimize="hours", rate=0.0, max_cost=None, max_hours=None
):
    """(missing entry skills, least measure) of any plan, by an exact 0/1 program on HiGHS
    with its default options, or ``None`` when no plan keeps the limits.

    Independent of the planner's own model: one column per module not done and per
    entry skill (taught by no such module) the learner lacks, every module of the
    catalogue (no pruning), one objective with a missing skill outweighing every module.
    """
    import highspy
    import numpy as np

    held = held_skills(cat, have, done)
    goals = sorted(goal_skills(cat, targets) - held)
    mods = [m for m in sorted(cat.modules) if m not in done]
    teachers: dict[str, list[int]] = {}
    for k, m in enumerate(mods):
        for s in cat.modules[m].teaches:
            teachers.setdefault(s, []).append(k)
    wanted = set(goals) | {r for m in mods for r in cat.modules[m].requires}
    entries = sorted(s for s in wanted - held if s not in teachers)
    col = {e: len(mods) + k for k, e in enumerate(entries)}
    n = len(mods) + len(entries)

    def providers(s):
        return teachers.get(s, []) + ([col[s]] if s in col else [])

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    facts = [(cat.modules[m].hours, cat.modules[m].cost or 0.0) for m in mods]
    measure = [Candidate((), 0, hrs, usd, 0).measure(minimize, rate) for hrs, usd in facts]
    big = 1.0 + math.fsum(measure)
    for k in range(n):
        h.addVar(0.0, 1.0)
        h.changeColIntegrality(k, highspy.HighsVarType.kInteger)
        h.changeColCost(k, measure[k] if k < len(mods) else big)
    inf = highspy.kHighsInf
    for g in goals:
        cols = providers(g)
        h.addRow(1.0, inf, len(cols), np.array(cols, dtype=np.int32), np.ones(len(cols)))
    for k, m in enumerate(mods):
        for r in set(cat.modules[m].requires) - held:
            cols = [c for c in providers(r) if c != k]
            if len(cols) < len(providers(r)):
                continue  # teaches its own requirement
            idx = np.array(cols + [k], dtype=np.int32)
            h.addRow(0.0, inf, len(idx), idx, np.array([1.0] * len(cols) + [-1.0]))
    for limit, name in ((max_cost, "cost"), (max_hours, "hours")):
        if limit is not None:
            w = [float(getattr(cat.modules[m], name) or 0.0) for m in mods]
            nz = [k for k in range(len(mods)) if w[k]]
            idx, val = np.array(nz, dtype=np.int32), np.array([w[k] for k in nz])
            h.addRow(-inf, limit + TOL * max(1.0, limit), len(nz), idx, val)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kSolveError:  # once more, without presolve
        h.setOptionValue("presolve", "off")
        h.run()
        status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    assert status == highspy.HighsModelStatus.kOptimal, status
    x = np.array(h.getSolution().col_value) > 0.5
    missing = int(x[len(mods) :].sum())
    total = math.fsum(measure[k] for k in range(len(mods)) if x[k])
    return missing, total
