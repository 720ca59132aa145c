"""Seeded catalogues of several shapes, new learners and an exact HiGHS reference.

Shapes (each built as a :class:`~learnpath.model.Catalogue` directly, no YAML):

- ``topics``: topics of 40 skills in 8 layers, a module requiring 1-4 skills of the two
  layers below in its topic and, one time in six, a skill of another topic; a share
  ``choice`` of the skills (10, 30 or 50 %) gets 1-3 alternative teachers;
- ``bundles``: the same topics with 75 % of skills having a choice, and bundle modules
  teaching 3-8 skills of one topic at once (one per 4 skills);
- ``deep``: no topics, 40 global layers: a module requires 1-2 skills of the two
  layers below, near its own place in them, so a target reaches far down; a share
  ``choice`` (40 or 70 %) of the skills gets 1-2 alternative teachers; its niches
  need 3-6 skills (5-12 in the other shapes).

Queries (:func:`queries`): a new learner every time (the entry skills plus a random share
of the skills on the way to the target, a third of them with 1-3 completed modules on
the way), 1, 3 or 5 niches at once.

:func:`highs_reference` is what someone would write without learnpath: the modules that
can matter (backward reachability over plain dicts), one 0/1 column each and one per
missing entry skill, a missing skill outweighing every module, solved by HiGHS with its
default options and a zero gap; it is timed build and solve.
"""

from __future__ import annotations

import random

from learnpath.model import Catalogue, Module, Niche, Skill

__all__ = ["SHAPES", "catalogue", "queries", "highs_reference", "Query"]

TOPIC = 40
LAYERS = 8
HOURS = [2, 3, 4, 6, 8, 10, 12, 16, 20, 30, 40]
COSTS = [0, 0, 0, 20, 49, 99, 300]

#: name -> (generator, its keyword arguments)
SHAPES = {
    "topics 10%": ("topics", {"choice": 0.10}),
    "topics 30%": ("topics", {"choice": 0.30}),
    "topics 50%": ("topics", {"choice": 0.50}),
    "bundles 75%": ("bundles", {"choice": 0.75}),
    "deep 40%": ("deep", {"choice": 0.40}),
    "deep 70%": ("deep", {"choice": 0.70}),
}


def _module(rng, k: int, teaches, requires, scale: int = 1) -> Module:
    return Module(
        f"m{k}",
        f"Module {k}",
        tuple(f"s{i}" for i in teaches),
        rng.choice(HOURS) * scale,
        tuple(f"s{r}" for r in sorted(set(requires))),
        cost=rng.choice(COSTS) * scale,
    )


def _topics(n_modules: int, choice: float, seed: int, bundle: bool) -> Catalogue:
    rng = random.Random(seed)
    per_layer = TOPIC // LAYERS
    # skills so the courses, alternatives and bundles come to about n_modules
    per_skill = 1 + choice * 2 + (0.25 if bundle else 0.0)
    n_topics = max(2, round(n_modules / per_skill / (TOPIC * (LAYERS - 1) / LAYERS)))
    n_skills = n_topics * TOPIC

    def requirements(i: int) -> list[int]:
        topic, layer = divmod(i, TOPIC)[0], (i % TOPIC) // per_layer
        picks = []
        for _ in range(rng.randint(1, 4)):
            below = rng.randint(max(0, layer - 2), layer - 1)
            picks.append(topic * TOPIC + below * per_layer + rng.randrange(per_layer))
        if rng.random() < 1 / 6:
            other = rng.randrange(n_topics)
            picks.append(other * TOPIC + rng.randint(0, layer - 1) * per_layer + rng.randrange(5))
        return picks

    mods: list[Module] = []
    for i in range(n_skills):
        if (i % TOPIC) // per_layer == 0:
            continue  # entry skills
        for _ in range(1 + (rng.randint(1, 3) if rng.random() < choice else 0)):
            mods.append(_module(rng, len(mods), [i], requirements(i)))
        if bundle and rng.random() < 0.25:
            topic, layer = divmod(i, TOPIC)[0], (i % TOPIC) // per_layer
            lo = topic * TOPIC + max(1, layer - 1) * per_layer
            hi = topic * TOPIC + min(LAYERS, layer + 2) * per_layer
            taught = sorted(rng.sample(range(lo, hi), min(hi - lo, rng.randint(3, 8))))
            low = min(taught)
            mods.append(_module(rng, len(mods), taught, requirements(low), 2))
    return _finish(rng, n_skills, mods, lambda i: (i % TOPIC) // per_layer >= LAYERS // 2)


def _deep(n_modules: int, choice: float, seed: int, layers: int = 40) -> Catalogue:
    rng = random.Random(seed)
    n_skills = max(layers * 5, round(n_modules / (1 + choice * 1.5)))
    per = n_skills // layers
    n_skills = per * layers
    mods: list[Module] = []
    for i in range(per, n_skills):
        layer = i // per
        for _ in range(1 + (rng.randint(1, 2) if rng.random() < choice else 0)):
            pos = i % per  # near its own place in the layers below: deep, not wide
            req = [
                rng.randint(max(0, layer - 2), layer - 1) * per + (pos + rng.randint(-3, 3)) % per
                for _ in range(rng.randint(1, 2))
            ]
            mods.append(_module(rng, len(mods), [i], req))
    return _finish(rng, n_skills, mods, lambda i: i // per >= layers * 3 // 4, (3, 6))


def _finish(rng, n_skills: int, mods: list[Module], upper, size=(5, 12)) -> Catalogue:
    skills = [Skill(f"s{i}", f"Skill {i}") for i in range(n_skills)]
    taught = sorted({int(s[1:]) for m in mods for s in m.teaches if upper(int(s[1:]))})
    niches = []
    for k in range(200):
        start = rng.randrange(len(taught))
        pool = taught[start : start + 120] or taught
        picked = sorted(rng.sample(pool, min(len(pool), rng.randint(*size))))
        niches.append(
            Niche(f"n{k}", f"Niche {k}", tuple(f"s{i}" for i in picked), round(rng.random(), 2))
        )
    return Catalogue.build(skills, mods, niches)


def catalogue(shape: str, n_modules: int, seed: int = 0, layers: int = 40) -> Catalogue:
    """The catalogue of ``shape`` (a key of :data:`SHAPES`) of about ``n_modules``
    (``layers``: of the deep shape)."""
    kind, kwargs = SHAPES[shape]
    if kind == "deep":
        return _deep(n_modules, kwargs["choice"], seed, layers)
    return _topics(n_modules, kwargs["choice"], seed, bundle=kind == "bundles")


class Query:
    """One query: a new learner's skills and completed modules, and the niches."""

    __slots__ = ("have", "done", "targets")

    def __init__(self, have: list[str], done: list[str], targets: list[str]):
        self.have, self.done, self.targets = have, done, targets


def _closure(cat: Catalogue, goals) -> tuple[list[str], list[str]]:
    """The skills and modules on the way to ``goals`` (every teacher, all the way down)."""
    skills, mods = set(), set()
    stack = list(goals)
    teachers = cat.teachers
    while stack:
        s = stack.pop()
        if s in skills:
            continue
        skills.add(s)
        for m in teachers.get(s, ()):
            if m not in mods:
                mods.add(m)
                stack.extend(cat.modules[m].requires)
    return sorted(skills), sorted(mods)


def queries(cat: Catalogue, count: int, targets: int, seed: int = 0) -> list[Query]:
    """``count`` queries of ``targets`` niches each, every one from a new learner."""
    rng = random.Random(seed)
    entry = sorted(cat.entry_skills)
    niches = sorted(cat.niches)
    out = []
    for _ in range(count):
        picked = rng.sample(niches, targets)
        goals = [s for n in picked for s in cat.niches[n].requires]
        way, mods = _closure(cat, goals)
        share = rng.random() * 0.5
        have = sorted(set(entry) | set(rng.sample(way, int(len(way) * share))))
        done = rng.sample(mods, min(len(mods), rng.randint(1, 3))) if rng.random() < 1 / 3 else []
        out.append(Query(have, sorted(done), picked))
    return out


def highs_reference(cat: Catalogue, query: Query, seconds: float = 30.0) -> tuple[bool, float]:
    """(proved, least hours) of ``query`` by a plain 0/1 program on HiGHS (see above),
    stopped after ``seconds`` (then not proved)."""
    import highspy
    import numpy as np

    done = set(query.done)
    held = set(query.have) | {s for m in done for s in cat.modules[m].teaches}
    goals = sorted({s for n in query.targets for s in cat.niches[n].requires} - held)
    teachers = cat.teachers
    col: dict[str, int] = {}
    cols: list[str] = []
    provider: dict[str, list[int]] = {}
    stack = list(goals)
    while stack:  # backward reachability: the modules that can matter
        s = stack.pop()
        if s in provider:
            continue
        ts = [m for m in teachers.get(s, ()) if m not in done]
        here = []
        for m in ts:
            k = col.get(m)
            if k is None:
                k = col[m] = len(cols)
                cols.append(m)
                stack.extend(r for r in cat.modules[m].requires if r not in held)
            here.append(k)
        if not ts:  # an entry skill the learner lacks: declared missing
            here.append(len(cols))
            cols.append("!" + s)
        provider[s] = here
    hours = [0.0 if c[0] == "!" else float(cat.modules[c].hours) for c in cols]
    big = 1.0 + sum(hours)
    cost = np.array([big if c[0] == "!" else h for c, h in zip(cols, hours, strict=True)])
    starts, index, value, lower = [0], [], [], []
    for g in goals:
        index += provider[g]
        value += [1.0] * len(provider[g])
        starts.append(len(index))
        lower.append(1.0)
    for k, m in enumerate(cols):
        if m[0] == "!":
            continue
        for r in set(cat.modules[m].requires) - held:
            p = provider[r]
            if k in p:
                continue
            index += p + [k]
            value += [1.0] * len(p) + [-1.0]
            starts.append(len(index))
            lower.append(0.0)
    n = len(cols)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", seconds)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(lower)
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_ = np.array(lower)
    lp.row_upper_ = np.full(len(lower), highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, len(lower)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    h.run()
    proved = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    x = h.getSolution().col_value
    return proved, sum(hours[k] for k in range(n) if x[k] > 0.5)
