"""A Hypothesis state machine: the store behaves like a plain in-memory model."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from store_support import clear_store, demo_catalogue

from learnpath.store import ProgressStore

CATALOGUE = demo_catalogue()
SKILLS = sorted(CATALOGUE.skills)[:8]
NICHES = sorted(CATALOGUE.niches)
MODULES = sorted(CATALOGUE.modules)[:10]
LEARNERS = ("ana", "bo")
DATES = st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
some = st.lists


class StoreMachine(RuleBasedStateMachine):
    """Rules change the store and a dict model alike; invariants compare them."""

    store: ProgressStore

    @initialize()
    def start(self):
        clear_store(self.store)
        self.model = {}
        for name in LEARNERS:
            self.store.add_learner(name)
            self.model[name] = {"skills": set(), "goals": [], "done": {}}

    @rule(who=st.sampled_from(LEARNERS), ids=some(st.sampled_from(SKILLS), min_size=1))
    def add_skills(self, who, ids):
        result = self.store.add_skills(who, ids)
        held = self.model[who]["skills"]
        assert result == {i: i not in held for i in dict.fromkeys(ids)}
        held.update(ids)

    @rule(who=st.sampled_from(LEARNERS), ids=some(st.sampled_from(SKILLS), min_size=1))
    def remove_skills(self, who, ids):
        result = self.store.remove_skills(who, ids)
        held = self.model[who]["skills"]
        assert result == {i: i in held for i in dict.fromkeys(ids)}
        held.difference_update(ids)

    @rule(who=st.sampled_from(LEARNERS), ids=some(st.sampled_from(NICHES), min_size=1))
    def add_goals(self, who, ids):
        result = self.store.add_goals(who, ids)
        goals = self.model[who]["goals"]
        assert result == {i: i not in goals for i in dict.fromkeys(ids)}
        goals.extend(i for i in dict.fromkeys(ids) if i not in goals)

    @rule(who=st.sampled_from(LEARNERS), ids=some(st.sampled_from(NICHES), min_size=1))
    def remove_goals(self, who, ids):
        result = self.store.remove_goals(who, ids)
        goals = self.model[who]["goals"]
        assert result == {i: i in goals for i in dict.fromkeys(ids)}
        goals[:] = [g for g in goals if g not in ids]

    @rule(
        who=st.sampled_from(LEARNERS),
        ids=some(st.sampled_from(MODULES), min_size=1),
        on=DATES,
        note=st.none() | st.sampled_from(["", "evenings", "with a mentor"]),
    )
    def done(self, who, ids, on, note):
        result = self.store.mark_done(who, ids, on=on, note=note)
        done = self.model[who]["done"]
        assert result == {i: i not in done for i in dict.fromkeys(ids)}
        for i in ids:
            done.setdefault(i, (on, note))

    @rule(who=st.sampled_from(LEARNERS), ids=some(st.sampled_from(MODULES), min_size=1))
    def undone(self, who, ids):
        result = self.store.mark_undone(who, ids)
        done = self.model[who]["done"]
        assert result == {i: i in done for i in dict.fromkeys(ids)}
        for i in ids:
            done.pop(i, None)

    @invariant()
    def same_state(self):
        for name in LEARNERS:
            want = self.model[name]
            state = self.store.state(name)
            assert state.skills == tuple(sorted(want["skills"]))
            assert state.goals == tuple(want["goals"])
            got = {c.module: (c.on, c.note) for c in state.completions}
            assert got == want["done"]
            assert [c.module for c in state.completions] == sorted(
                got, key=lambda m: (got[m][0], m)
            )
        assert {s.name: s.completions for s in self.store.list_learners()} == {
            n: len(self.model[n]["done"]) for n in LEARNERS
        }


@pytest.fixture
def machine_store(database_url):
    with ProgressStore(database_url, CATALOGUE) as store:
        yield store


def test_store_matches_an_in_memory_model(machine_store):
    StoreMachine.store = machine_store
    run_state_machine_as_test(
        StoreMachine,
        settings=settings(max_examples=15, stateful_step_count=20, deadline=None),
    )
