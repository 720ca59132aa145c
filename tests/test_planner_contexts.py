"""A learner's context of closures: a first query's shortcuts give what the memos give.

A learner holding taught skills, or with modules done, gets a context of their own
(:class:`~learnpath.planning.solver.contexts.ForcedClosures`). Its forced core is found by
one walk of the goals' closure, and its reaches are the shared context's whenever they
are made of the same parts; both must give exactly what the memoised closures give, and
the learner's skills are checked the same way whatever path finds them.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from learnpath.catalogue.loader import load_catalogue
from learnpath.errors import UnknownIdError
from learnpath.planning import plan
from learnpath.planning.index import index_of
from learnpath.planning.planner import learner_state
from learnpath.planning.solver import closures_for
from learnpath.planning.solver.contexts import ForcedClosures
from learnpath.planning.solver.groups import (
    _groups_by_reach,
    _groups_by_walk,
    independent_groups,
)

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
from synthetic import write_catalogue  # noqa: E402


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic-2k")
    write_catalogue(2_500, folder, seed=5)  # past WARM_FROM: the shared context is warm
    return load_catalogue([folder], cache=False)


def new_learners(cat, count, seed):
    rng = random.Random(seed)
    entry = sorted(cat.entry_skills)
    taught = sorted(s for s in cat.skills if s not in cat.entry_skills)
    modules = sorted(cat.modules)
    for k in range(count):
        have = entry + rng.sample(taught, rng.randint(0, 40))
        done = rng.sample(modules, rng.randint(1, 3)) if k % 3 == 0 else []
        yield have, done


def test_a_first_query_walk_gives_the_memoised_core(catalogue):
    ix = index_of(catalogue)
    niches = sorted(catalogue.niches)
    rng = random.Random(1)
    for have, done in new_learners(catalogue, 40, 2):
        _, held, done_set = learner_state(catalogue, have, done)
        context = closures_for(ix, held, done_set)
        assert context is closures_for(ix, held, done_set)  # kept for the learner
        assert context.base is not None or not context.held  # shares the shared one
        # the same learner context built from scratch, its closures memoised skill by
        # skill: what the walk, the reaches and the search's tuples must match exactly
        alone = ForcedClosures(ix, context.held, done_set)
        for nid in rng.sample(niches, 5):
            goals = sorted(catalogue.niches[nid].requires)
            walked = context.core(held, goals)
            assert walked == alone._union(held, goals), nid
            for s in walked[3]:
                assert context.reach(s) == alone.reach(s), (nid, s)
                for t in context.teachers(s):
                    assert context.flat(t) == alone.flat(t), (nid, t)
                    assert context.of_module(t) == alone.of_module(t), (nid, t)
        assert context.choices == alone.choices


def test_a_new_learner_gets_the_plan_of_a_learner_asking_again(catalogue):
    niches = sorted(catalogue.niches)
    rng = random.Random(3)
    for have, done in new_learners(catalogue, 15, 4):
        nid = rng.choice(niches)
        first = plan(catalogue, have, [nid], done)
        again = plan(catalogue, list(reversed(have)), [nid], list(done))
        assert first == again


def test_skills_are_checked_on_every_path(catalogue):
    entry = sorted(catalogue.entry_skills)
    for have in (entry + ["no-such-skill"], [*entry[:3], " " + entry[3]]):
        for given in (have, tuple(have), iter(have)):
            if " " + entry[3] in have:  # a skill id with spaces around it is cleaned up
                _, held, _ = learner_state(catalogue, given, ())
                assert held == frozenset(entry[:4])
            else:
                with pytest.raises(UnknownIdError):
                    learner_state(catalogue, given, ())


def pairwise_groups(ctx, open_skills, core, core_missing, held) -> list[list[str]]:
    """The groups read literally: two open skills are linked when their reaches share
    something beyond the core, what is held and the core's missing skills; groups are
    the linked components, in the order of their first skill."""
    beyond = core | core_missing | held
    own = [ctx.reach(s) - beyond for s in open_skills]
    group = list(range(len(open_skills)))
    changed = True
    while changed:  # spread the smallest index along every link until nothing moves
        changed = False
        for i in range(len(open_skills)):
            for j in range(len(open_skills)):
                if own[i] & own[j] and group[j] > group[i]:
                    group[j], changed = group[i], True
    out: dict[int, list[str]] = {}
    for i, s in enumerate(open_skills):
        out.setdefault(group[i], []).append(s)
    return list(out.values())


def test_open_skills_group_as_their_shared_reaches_link_them(catalogue):
    ix = index_of(catalogue)
    niches = sorted(catalogue.niches)
    rng = random.Random(8)
    checked = fresh = missing = 0
    half = len(catalogue.entry_skills) // 2
    for k, (have, done) in enumerate(new_learners(catalogue, 40, seed=9)):
        if k % 2:  # half the entry skills missing: the core may need some of them
            have = have[half:]
        _, held, done_set = learner_state(catalogue, have, done)
        ctx = closures_for(ix, held, done_set)
        goals = sorted({s for n in rng.sample(niches, 4) for s in catalogue.niches[n].requires})
        core, core_missing, _, open_skills = ctx.core(held, [g for g in goals if g not in held])
        if len(open_skills) < 2:
            continue
        checked += 1
        missing += bool(core_missing)
        args = (ctx, list(open_skills), core, core_missing, held)
        fresh += not all(s in ctx.known_reaches() for s in open_skills)
        got = independent_groups(*args)  # a new learner's context: by one walk
        walked = _groups_by_walk(*args)
        expected = pairwise_groups(*args)  # which computes every reach
        assert got == walked == expected
        assert _groups_by_reach(ctx.known_reaches(), *args[1:]) == expected
        assert independent_groups(*args) == expected  # now from the reaches
    assert checked >= 20
    assert fresh >= 20  # the walk was what answered first
    assert missing >= 5
