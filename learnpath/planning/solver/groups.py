"""Open skills that can be planned apart: groups whose reaches share nothing beyond
the forced core.

A skill's reach is what covering it could take: every module not completed below it,
through any teacher, and the entry skills they need, down to what is held. Two open
skills whose reaches share only the core (and what is held or already missing) have
independent best plans, so the solver searches each group on its own and unites them.
"""

from __future__ import annotations

__all__ = ["independent_groups"]


def independent_groups(closures, open_skills, core, core_missing, held) -> list[list[str]]:
    """Open skills in groups whose reaches share nothing beyond the core, what is held
    and the missing skills the core needs: each group is searched on its own.

    A skill's reach (:meth:`ForcedClosures.reach`) is what covering it could take:
    every module not completed below it, through any teacher, and the entry skills they
    need, down to what is held. When the context has every open skill's reach already
    (the shared context computes them once per catalogue), each skill's reach joins the
    groups it meets; otherwise one walk of the skills' region finds the same groups
    without building a reach (work in proportion to the region, once). Groups come in
    the order of their first skill, each in the order given.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solver.contexts import closures_for
    >>> cat = Catalogue.build([Skill(s, s) for s in "abcd"], [
    ...     Module("ab", "AB", ("a", "b"), 1), Module("a2", "A", ("a",), 2),
    ...     Module("b2", "B", ("b",), 2), Module("c1", "C", ("c",), 1),
    ...     Module("c2", "C", ("c",), 2)], [])
    >>> ctx = closures_for(index_of(cat), frozenset(), frozenset())
    >>> independent_groups(ctx, ["a", "b", "c"], frozenset(), frozenset(), frozenset())
    [['a', 'b'], ['c']]
    """
    if len(open_skills) < 2:
        return [list(open_skills)]
    known = closures.known_reaches()
    if all(s in known for s in open_skills):
        return _groups_by_reach(known, open_skills, core, core_missing, held)
    return _groups_by_walk(closures, open_skills, core, core_missing, held)


def _groups_by_reach(known, open_skills, core, core_missing, held) -> list[list[str]]:
    """:func:`independent_groups` from the skills' reaches ``known``: a skill's reach
    (less the core, what is held and missing) joins every group it meets."""
    members: list[list[str]] = []  # per group, in the order of its first skill
    spans: list[frozenset | set] = []  # per group, what its skills' reaches take
    for s in open_skills:
        own = known[s] - core
        if core_missing:
            own = own - core_missing
        if held:
            own = own - held  # entry skills held: every plan has them for free
        hits = [k for k, span in enumerate(spans) if not span.isdisjoint(own)]
        if not hits:
            members.append([s])
            spans.append(own)
            continue
        first = hits[0]
        if len(hits) == 1:
            members[first].append(s)
            spans[first] = spans[first] | own
            continue
        joined = [x for k in hits for x in members[k]]
        joined.append(s)
        order = {x: i for i, x in enumerate(open_skills)}
        members[first] = sorted(joined, key=order.__getitem__)
        spans[first] = own.union(*[spans[k] for k in hits])
        for k in reversed(hits[1:]):
            del members[k], spans[k]
    return members


def _groups_by_walk(closures, open_skills, core, core_missing, held) -> list[list[str]]:
    """:func:`independent_groups` by one walk from each open skill in turn: a module or
    skill an earlier walk met joins the two groups if it, or anything below it, is
    none of the core, what is held and missing (:func:`_live`), and is not walked
    again."""
    root = list(range(len(open_skills)))  # union-find over the open skills

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = k = root[root[k]]
        return k

    teachers = closures.teachers
    requires, teaches = closures.ix.requires, closures.ix.teaches
    first: dict[str | int, int] = {}  # skill or module -> the walk that met it first
    alive: dict[str | int, bool] = {}  # see _live, memoised
    for k, s in enumerate(open_skills):
        stack: list = [s]
        while stack:
            x = stack.pop()
            j = first.get(x)
            if j is not None:  # met before: by this walk (nothing to do) or another
                if j != k:
                    a, b = find(j), find(k)
                    if a != b and _live(x, closures, core, core_missing, held, alive):
                        root[max(a, b)] = min(a, b)
                continue
            first[x] = k
            if x.__class__ is int:
                own = teaches[x]
                stack.extend([r for r in requires[x] if r not in own and r not in held])
            else:
                stack.extend(teachers(x))
    groups: dict[int, list[str]] = {}
    for i, s in enumerate(open_skills):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _live(x, closures, core, core_missing, held, alive: dict) -> bool:
    """Whether a walk through ``x`` (a module or a skill) takes something outside the
    core, what is held and the missing skills the core needs: a module not in the core,
    or an entry skill (no teacher) not missing, at or below ``x`` (memoised in
    ``alive``; the few nodes that are not are inside the core)."""
    got = alive.get(x)
    if got is not None:
        return got
    teachers = closures.teachers
    requires, teaches = closures.ix.requires, closures.ix.teaches
    stack = [x]
    while stack:
        y = stack[-1]
        if y in alive:
            stack.pop()
            continue
        if y.__class__ is int:
            if y not in core:
                alive[y] = True
                stack.pop()
                continue
            own = teaches[y]
            below = [r for r in requires[y] if r not in own and r not in held]
        else:
            below = teachers(y)
            if not below:
                alive[y] = y not in core_missing
                stack.pop()
                continue
        pending = [z for z in below if z not in alive]
        if pending:
            stack.extend(pending)
            continue
        alive[y] = any([alive[z] for z in below])
        stack.pop()
    return alive[x]
