"""Per learner context, the memoised forced closures the solver works from.

A learner context is the skills a learner holds that some module teaches, and the
modules they completed: :class:`ForcedClosures` memoises, for one context, what taking
a module or needing a skill forces, each choice skill's reach, and what two reaches
share; :class:`LearnerContexts` keeps the contexts of one catalogue (capped by
:func:`context_limit`), and :func:`closures_for` finds one.
"""

from __future__ import annotations

from ..index import PlanningIndex

__all__ = [
    "ForcedClosures",
    "LearnerContexts",
    "closures_for",
    "context_limit",
    "WARM_FROM",
]

_EMPTY: frozenset = frozenset()
# From this many modules the shared context computes all its closures when first used
# (about 0.3 s and 17 MiB at 10k modules, once per load): below it, computing them as
# queries ask is cheaper than warming for a one-shot command.
WARM_FROM = 2_000
_HELD = (_EMPTY, _EMPTY, _EMPTY, _EMPTY)


class ForcedClosures:
    """Memoised forced closures of skills for one learner context.

    The context is the skills the learner holds that some module teaches, and the
    completed modules; entry skills (taught by no module) do not change a closure, only
    which of its entry skills are missing, so every learner who declares only entry
    skills shares one context (kept with the catalogue's index).

    :meth:`of` gives, per skill, ``(modules, entry skills, skills with a choice,
    skills taught)``: the modules every plan reaching it contains (its sole teacher,
    and theirs, down the requirements), the entry skills they need, the skills with
    several teachers they stop at, and what those modules teach. Unions of these are
    :func:`~.region.forced_core` for any set of goals. The search reads one more memo
    inline, ``flat_memo`` (:meth:`flat`, per module); like the closures, it depends on
    the catalogue and the context only, never on what a query minimizes.
    """

    __slots__ = (
        "ix",
        "held",
        "done",
        "base",
        "skill",
        "module",
        "_teachers",
        "_choices",
        "_lost",
        "_reach",
        "flat_memo",
    )

    def __init__(
        self,
        ix: PlanningIndex,
        held: frozenset[str],
        done: frozenset[int],
        base: ForcedClosures | None = None,
    ):
        self.ix, self.held, self.done = ix, held, done
        # a context holding a few taught skills reuses every closure of ``base`` (the
        # context holding none, with the same completions or none) that none of its
        # held skills touch: a completed module's skills are held, so a closure none of
        # them touch neither meets a completed module nor loses a teacher to one
        if (
            base is not None
            and base.done != done
            and (base.done or not all(held.issuperset(ix.teaches[m]) for m in done))
        ):
            base = None
        self.base = base if held else None
        self.skill: dict[str, tuple] = {}
        self.module: dict[int, tuple] = {}
        self._teachers: dict[str, tuple[int, ...]] = {}
        self._choices: frozenset[str] | None = None
        self._lost: frozenset[str] | None = None
        self._reach: dict[str, frozenset] = {}
        self.flat_memo: dict[int, tuple] = {}  # see flat()

    def reach(self, skill: str) -> frozenset:
        """Every module and entry skill that covering ``skill`` (a skill with a choice of
        teacher) could take, choices below included; two skills whose reaches share
        nothing beyond what is already chosen can be planned independently."""
        memo = self._reach
        got = memo.get(skill)
        if got is not None:
            return got
        base = self.base
        if base is not None:
            shared_modules, shared_reach = base.module.get, base._reach.get
        stack = [skill]
        while stack:
            s = stack[-1]
            if s in memo:
                stack.pop()
                continue
            ts = self.teachers(s)
            parts = [self.of_module(t) for t in ts]
            todo = [c for p in parts for c in p[2] if c not in memo and c != s]
            if todo:  # the catalogue is acyclic: these come first
                stack.extend(todo)
                continue
            if (
                base is not None
                and (not self.done or s not in self.held)  # then no teacher is done
                and all(p is shared_modules(t) for p, t in zip(parts, ts, strict=True))
                and all(memo[c] is shared_reach(c) for p in parts for c in p[2] if c != s)
            ):  # made of the shared context's parts: its reach, without the union
                memo[s] = base.reach(s)
                stack.pop()
                continue
            out = set()
            for p in parts:
                out |= p[0]
                out |= p[1]
                for c in p[2]:
                    if c != s:
                        out |= memo[c]
            got = frozenset(out)
            if base is not None:  # unchanged from the shared context: share it
                same = base.reach(s)
                if same == got:
                    got = same
            memo[s] = got
            stack.pop()
        return memo[skill]

    def known_reaches(self) -> dict[str, frozenset]:
        """The reaches computed so far (skill -> :meth:`reach`), none computed here."""
        return self._reach

    @property
    def choices(self) -> frozenset[str]:
        """Every skill with several teachers not completed (computed on first use)."""
        if self._choices is None and self.base is not None and not self.done:
            self._choices = self.base.choices
        if self._choices is None:
            lost = self.lost
            every = self.ix.memo(_Choices).skills
            self._choices = every - lost if lost else every
        return self._choices

    @property
    def lost(self) -> frozenset[str]:
        """The skills with several teachers that the completed modules leave with one
        or none (work in proportion to the completed modules)."""
        got = self._lost
        if got is None:
            ix, done = self.ix, self.done
            every = ix.memo(_Choices).skills
            got = self._lost = frozenset(
                s
                for m in done
                for s in ix.teaches[m]
                if s in every and sum(t not in done for t in ix.teachers[s]) <= 1
            )
        return got

    def _taught_choices(self, taught: frozenset[str]) -> frozenset[str]:
        """``taught & self.choices``, without building :attr:`choices` (every skill with
        a choice, less :attr:`lost`) for a context with modules done: the intersection
        walks ``taught``, the smaller set."""
        if self._choices is None and self.done:
            every, lost = self.ix.memo(_Choices).skills, self.lost
            if len(every) - len(lost) > len(taught):  # what ``&`` walks: ``taught``
                return frozenset([s for s in taught if s in every and s not in lost])
        return taught & self.choices

    def warm(self) -> ForcedClosures:
        """Compute every closure and reach now (the shared context does this once per
        catalogue, so no query pays for a skill it is the first to ask about)."""
        ix = self.ix
        for s in ix.teachers:
            self.of(s)
        for s in self.choices:
            for t in self.teachers(s):
                self.of_module(t)
            self.reach(s)
        return self

    def teachers(self, skill: str) -> tuple[int, ...]:
        """The modules teaching ``skill`` that are not completed."""
        got = self._teachers.get(skill)
        if got is None:
            got = self.ix.teachers.get(skill, ())
            if self.done:
                got = tuple(t for t in got if t not in self.done)
            self._teachers[skill] = got
        return got

    def of_module(self, t: int) -> tuple:
        """What taking module ``t`` forces, in the shape of :meth:`of` (``t`` included)."""
        got = self.module.get(t)
        if got is None and self.base is not None:
            got = self.base.of_module(t)
            if self.held.isdisjoint(got[3]) and self.held.isdisjoint(got[2]):
                self.module[t] = got
                return got
            got = None
        if got is None:
            own = self.ix.teaches[t]
            subs = [self.of(r) for r in self.ix.requires[t] if r not in own]
            got = (
                frozenset((t,)).union(*[x[0] for x in subs]),
                _EMPTY.union(*[x[1] for x in subs]),
                _EMPTY.union(*[x[2] for x in subs]),
                frozenset(own).union(*[x[3] for x in subs]),
            )
            self.module[t] = got
        return got

    def flat(self, t: int) -> tuple[tuple, tuple, tuple, tuple]:
        """:meth:`of_module` as tuples, for loops: ``(modules, entry skills, skills with
        a choice taught, skills with a choice needed)``, the skills sorted: the search
        meets them in the same order in every process (a set of strings iterates in an
        order that changes with Python's hash seed), so its work, and where a budget
        cuts it, are the same on every run."""
        got = self.flat_memo.get(t)
        if got is None:
            parts = self.of_module(t)
            base = self.base
            if base is not None and parts is base.of_module(t):
                # the shared context's closure (none of its skills held, so none lost
                # to a completion): the same tuples
                got = base.flat(t)
            else:
                mods, ents, choices, taught = parts
                got = (
                    tuple(mods),
                    tuple(sorted(ents)),
                    tuple(sorted(self._taught_choices(taught))),
                    tuple(sorted(choices)),
                )
            self.flat_memo[t] = got
        return got

    def of(self, skill: str) -> tuple:
        got = self.skill.get(skill)
        if got is not None:
            return got
        ix, held, done, memo, mods = self.ix, self.held, self.done, self.skill, self.module
        teachers, requires, teaches = ix.teachers, ix.requires, ix.teaches
        base = self.base
        stack = [skill]
        while stack:
            s = stack[-1]
            if s in memo:
                stack.pop()
                continue
            if s in held:
                memo[s] = _HELD
                stack.pop()
                continue
            if base is not None:
                # every skill a closure visits is taught by its modules, has a choice,
                # or is an entry skill: if none is held here, the closure is the same
                got = base.of(s)
                if held.isdisjoint(got[3]) and held.isdisjoint(got[2]):
                    memo[s] = got
                    stack.pop()
                    continue
            ts = teachers.get(s, ())
            if done:
                ts = tuple(t for t in ts if t not in done)
            if not ts:
                memo[s] = (_EMPTY, frozenset((s,)), _EMPTY, _EMPTY)
                stack.pop()
                continue
            if len(ts) > 1:
                memo[s] = (_EMPTY, _EMPTY, frozenset((s,)), _EMPTY)
                stack.pop()
                continue
            t = ts[0]
            own = teaches[t]
            reqs = [r for r in requires[t] if r not in own]
            todo = [r for r in reqs if r not in memo]
            if todo:
                stack.extend(todo)
                continue
            subs = [memo[r] for r in reqs]
            got = (
                frozenset((t,)).union(*[x[0] for x in subs]),
                _EMPTY.union(*[x[1] for x in subs]),
                _EMPTY.union(*[x[2] for x in subs]),
                frozenset(own).union(*[x[3] for x in subs]),
            )
            memo[s] = got
            mods[t] = got
            stack.pop()
        return memo[skill]

    def core(self, held, goals) -> tuple[frozenset[int], frozenset[str], frozenset[str], list]:
        """:func:`~.region.forced_core` from the memo: ``(core, missing, taught by the core, open
        skills)``; ``held`` is every skill the learner holds (entry skills included).

        The shared context reads its closures (all computed, on a large catalogue); a
        learner's own context walks the goals' closure once, taking whole the closures
        it has already, or shares with the shared context, and memoising none on the way
        (a first query then costs a walk of its closure, not a memo per skill)."""
        if self.base is not None or self.done:
            return self._walk(held, goals)
        return self._union(held, goals)

    def _union(self, held, goals) -> tuple[frozenset[int], frozenset[str], frozenset[str], list]:
        """:meth:`core` as the union of the goals' memoised closures."""
        memo, of = self.skill, self.of
        parts = [memo.get(g) or of(g) for g in goals if g not in held]
        if not parts:
            return _EMPTY, _EMPTY, _EMPTY, []
        if len(parts) == 1:
            core, entries, choices, taught = parts[0]
        else:
            cores, entry_sets, choice_sets, taught_sets = zip(*parts, strict=True)
            core = _EMPTY.union(*cores)
            entries = _EMPTY.union(*entry_sets)
            choices = _EMPTY.union(*choice_sets)
            taught = _EMPTY.union(*taught_sets)
        missing = entries - held if entries else _EMPTY
        open_ = sorted(choices - taught - held) if choices else []
        return core, missing, taught, open_

    def _walk(self, held, goals) -> tuple[frozenset[int], frozenset[str], frozenset[str], list]:
        """:meth:`core` by one walk down from ``goals``: the union of their closures,
        as :meth:`of` would give them, without memoising a closure per skill."""
        stack = [g for g in goals if g not in held]
        if not stack:
            return _EMPTY, _EMPTY, _EMPTY, []
        memo, base, mine = self.skill.get, self.base, self.held
        shared = base.skill.get if base is not None else None
        ix, done = self.ix, self.done
        teachers, requires, teaches = ix.teachers, ix.requires, ix.teaches
        core: set[int] = set()
        entries: set[str] = set()
        choices: set[str] = set()
        taught: set[str] = set()
        seen: set[str] = set()
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            if s in mine:  # held: its closure is empty
                continue
            got = memo(s)
            if got is None and shared is not None:
                got = shared(s) or base.of(s)  # type: ignore[union-attr]
                # unchanged here when none of the skills it visits is held (see of())
                if not (mine.isdisjoint(got[3]) and mine.isdisjoint(got[2])):
                    got = None
            if got is not None:
                if got[0]:
                    core.update(got[0])
                    taught.update(got[3])
                if got[1]:
                    entries.update(got[1])
                if got[2]:
                    choices.update(got[2])
                continue
            ts = self.teachers(s) if done else teachers.get(s, ())
            if not ts:
                entries.add(s)
            elif len(ts) > 1:
                choices.add(s)
            else:
                t = ts[0]
                core.add(t)
                own = teaches[t]
                taught.update(own)
                for r in requires[t]:
                    if r not in own and r not in held and r not in seen:
                        stack.append(r)
        missing = frozenset(entries.difference(held)) if entries else _EMPTY
        open_ = sorted(choices.difference(taught, held)) if choices else []
        return frozenset(core), missing, frozenset(taught), open_


class _Choices:
    """Per catalogue, every skill with several teachers (``ix.memo(_Choices)``): a
    learner with completed modules then costs work in proportion to those modules."""

    __slots__ = ("skills",)

    def __init__(self, ix: PlanningIndex):
        self.skills = frozenset(s for s, ts in ix.teachers.items() if len(ts) > 1)


def context_limit(ix: PlanningIndex) -> int:
    """How many learners :func:`closures_for` keeps contexts for: a context's memos grow
    with the catalogue (about 1.7 MiB after ranking every niche of 10,000 modules), so
    fewer on large catalogues: 512 up to 3,900 modules, 200 at 10,000, 20 at 100,000."""
    return max(16, min(512, 2_000_000 // max(1, len(ix.module_ids))))


class LearnerContexts:
    """Per catalogue, the :class:`ForcedClosures` of recent learners (kept as
    ``ix.memo(LearnerContexts)``; :func:`closures_for` reads it).

    Attributes
    ----------
    shared : ForcedClosures or None
        The context of every learner holding only entry skills, with nothing completed
        (built on first use, and never dropped).
    known : dict
        ``(held, done)`` -> its context, keyed by their context (``held`` reduced to the
        skills some module teaches) and, when found from a learner's own skills alone,
        by those too; at most about :func:`context_limit` entries (a context found from
        its key alone counts twice, as if its learner's key were kept too), then
        cleared but for the shared context.
    limit : int
        That cap, fixed by the catalogue's size.
    last : tuple or None
        ``(held, done, context)`` of the context found last: the planner finds a
        learner's context with their skills, then the solver asks for it with the same
        two sets, answered without hashing the learner's skills.
    """

    __slots__ = ("ix", "shared", "known", "limit", "last", "weight")

    def __init__(self, ix: PlanningIndex):
        self.ix = ix
        self.shared: ForcedClosures | None = None
        self.known: dict[tuple[frozenset[str], frozenset[int]], ForcedClosures] = {}
        self.limit = context_limit(ix)
        self.last: tuple[frozenset[str], frozenset[int], ForcedClosures] | None = None
        self.weight = 0  # entries of ``known``, plus one per context kept without its learner's

    def __len__(self) -> int:
        return len(self.known)

    def __contains__(self, key: object) -> bool:
        return key in self.known

    def shared_context(self) -> ForcedClosures:
        """The shared context (on a large catalogue, with every closure computed)."""
        if self.shared is None:
            self.shared = ForcedClosures(self.ix, _EMPTY, _EMPTY)
            if len(self.ix.module_ids) >= WARM_FROM:
                self.shared.warm()
            self.known[(_EMPTY, _EMPTY)] = self.shared
            self.weight += 1
        return self.shared

    def get(
        self, held: frozenset[str], done: frozenset[int], taught: frozenset[str] | None = None
    ) -> ForcedClosures:
        """The context of a learner holding ``held`` with ``done`` completed; ``taught``,
        when the caller has it, is ``held`` less the skills no module teaches (then
        ``held`` is never hashed)."""
        last = self.last
        if last is not None and last[0] is held and last[1] is done:
            return last[2]
        known = self.known
        if taught is None:
            got = known.get((held, done))
            if got is not None:
                return got
            taught = self.ix.taught & held
            mine = True  # the learner's own key is kept too
        else:
            mine = False
        context = (taught, done)
        found = known.get(context)
        if found is None:
            if taught:
                found = ForcedClosures(self.ix, taught, done, self.shared_context())
            elif done:  # completed modules teaching nothing held: no shared closures
                found = ForcedClosures(self.ix, taught, done)
            else:  # a learner holding only entry skills
                found = self.shared_context()
            if self.weight > self.limit:  # a long-running server: keep the shared one
                known.clear()
                if self.shared is not None:
                    known[(_EMPTY, _EMPTY)] = self.shared
                self.weight = len(known)
            known[context] = found
            self.weight += 1 if mine else 2
        if mine and len(held) != len(taught):  # else its key is the context's
            known[(held, done)] = found
            self.weight += 1
        self.last = (held, done, found)
        return found


def closures_for(
    ix: PlanningIndex,
    held: frozenset[str],
    done: frozenset[int],
    taught: frozenset[str] | None = None,
) -> ForcedClosures:
    """The (cached) :class:`ForcedClosures` of a learner holding ``held`` with ``done``
    (``taught``: ``held`` less the skills no module teaches, when known)."""
    return ix.memo(LearnerContexts).get(held, done, taught)
