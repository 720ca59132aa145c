"""Checks across files: duplicate ids, references, cycles, and authoring warnings.

Per-item checks (fields, types, ranges) happen in :mod:`learnpath.catalogue.loader` with the
marshmallow schemas; this module checks how the items fit together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import closest
from ..model import Catalogue, Location
from .problems import Problem

if TYPE_CHECKING:
    from .builder import Origin

__all__ = ["cross_check", "topological_order"]

Origins = dict[str, list[tuple[str, "Origin"]]]
_KIND = {"skills": "skill", "modules": "module", "niches": "niche", "roles": "role"}


def cross_check(catalogue: Catalogue, origins: Origins, *, lint: bool = True) -> list[Problem]:
    """Every problem of how the catalogue's items refer to each other.

    ``origins`` maps each id to every place it was defined (valid or not), so that an
    item that failed its own checks does not cause a cascade of unknown references.
    """
    problems = list(_duplicates(origins))
    problems.extend(_references(catalogue, origins))
    problems.extend(_resource_dates(catalogue, origins, dt.date.today()))
    naming = list(_names_and_aliases(catalogue, origins, lint=lint))
    problems.extend(p for p in naming if p.is_error)
    if topological_order(catalogue) is None:
        problems.extend(_cycles(catalogue, origins))
    elif lint and not any(p.is_error for p in problems):
        problems.extend(p for p in naming if not p.is_error)  # warnings: only once valid
        problems.extend(_warnings(catalogue, origins))
    return problems


def _problem(
    origin: Origin, path: tuple, severity: str, message: str, key: bool = False
) -> Problem:
    line, col = origin.at(*path, key=key)
    return Problem(origin.doc.path, line, col, severity, message)  # type: ignore[arg-type]


def _resource_dates(catalogue: Catalogue, origins: Origins, today: dt.date) -> Iterator[Problem]:
    """A module with a ``url`` is a real resource and says when it was confirmed
    (``checked: YYYY-MM``, not in the future); one without a url is generic and has none."""
    this_month = f"{today.year:04d}-{today.month:02d}"
    for module in catalogue.modules.values():
        if module.url and not module.checked:
            yield _problem(
                _origin_of(origins, module.id, "modules"),
                ("url",),
                "error",
                f"module `{module.id}` has a `url` but no `checked`: add `checked: "
                f"{this_month}` (the month you confirmed the page, its title, hours and price)",
            )
        elif module.checked and not module.url:
            yield _problem(
                _origin_of(origins, module.id, "modules"),
                ("checked",),
                "error",
                f"module `{module.id}` has `checked` but no `url`: `checked` dates a real "
                "resource's page; remove it from a generic module, or add the confirmed url",
            )
        elif module.checked and module.checked > this_month:
            yield _problem(
                _origin_of(origins, module.id, "modules"),
                ("checked",),
                "error",
                f"module `{module.id}` is `checked: {module.checked}`, a month in the future "
                f"(this month is {this_month}): write the month the page was confirmed",
            )


def _names_and_aliases(
    catalogue: Catalogue, origins: Origins, *, lint: bool = True
) -> Iterator[Problem]:
    """Every name, alias and tool names one skill only, as the matcher compares them
    (case, punctuation and word endings aside: "Copy-editing" is "copy editing").

    Without ``lint`` (loading, not checking), a catalogue without aliases or tools is
    not looked at: skills named alike are only a warning.
    """
    from ..matching.phrases import has_word, name_keys
    from ..matching.text import phrase_key

    if not lint and not any(s.aliases or s.tools for s in catalogue.skills.values()):
        return

    def place(sid: str) -> str:
        location = catalogue.skills[sid].location
        return f" ({location.file}:{location.line})" if location else ""

    named: dict[tuple[str, ...], str] = {}  # key -> skill whose name it is
    for skill in catalogue.skills.values():
        for key in name_keys(skill):
            other = named.setdefault(key, skill.id)
            if other != skill.id and lint:
                yield _problem(
                    _origin_of(origins, skill.id, "skills"),
                    ("name",),
                    "warning",
                    f"skill `{skill.id}` is named like skill `{other}`{place(other)}: a "
                    "posting naming them cannot tell them apart; make one name more specific",
                )
    aliased: dict[tuple[str, ...], tuple[str, str]] = {}  # key -> (skill, field)
    for skill in catalogue.skills.values():
        origin = _origin_of(origins, skill.id, "skills")
        own = set(name_keys(skill))
        mine: set[tuple[str, ...]] = set()
        for field in ("aliases", "tools"):
            word = "alias" if field == "aliases" else "tool"
            for index, alias in enumerate(getattr(skill, field)):
                key = phrase_key(alias)
                where = f"{word} `{alias}` of skill `{skill.id}`"
                if not has_word(key):
                    message = f"{where} has no word a text could be matched on; remove it"
                    yield _problem(origin, (field, index), "error", message)
                elif key in own:
                    message = f"{where} repeats the skill's name; remove it"
                    yield _problem(origin, (field, index), "warning", message)
                elif key in mine:
                    message = f"{where} is listed twice for this skill; remove one"
                    yield _problem(origin, (field, index), "warning", message)
                elif key in named and named[key] != skill.id:
                    other = named[key]
                    yield _problem(
                        origin,
                        (field, index),
                        "error",
                        f"{where} is the name of skill `{other}`{place(other)}: a text "
                        f"saying it means `{other}`; remove the {word}",
                    )
                elif key in aliased and aliased[key][0] != skill.id:
                    other, other_field = aliased[key]
                    yield _problem(
                        origin,
                        (field, index),
                        "error",
                        f"{where} is also in the `{other_field}` of skill `{other}`"
                        f"{place(other)}: an alias or tool names one skill only; keep it on "
                        "the skill a posting saying it asks for, remove it from the other",
                    )
                else:
                    aliased[key] = (skill.id, field)
                mine.add(key)


def _duplicates(origins: Origins) -> Iterator[Problem]:
    for id_, places in origins.items():
        if len(places) < 2:
            continue
        first_kind, first = places[0]
        line, _ = first.at()
        for _kind, origin in places[1:]:
            yield _problem(
                origin,
                ("id",),
                "error",
                f"duplicate id `{id_}`: already defined as a {_KIND[first_kind]} at "
                f"{first.doc.path}:{line} (ids must be unique across skills, modules and niches)",
            )


def _references(catalogue: Catalogue, origins: Origins) -> Iterator[Problem]:
    skill_ids = [i for i, places in origins.items() if places[0][0] == "skills"]
    for section, items, fields in (
        ("modules", catalogue.modules, ("teaches", "requires")),
        ("niches", catalogue.niches, ("requires",)),
        ("roles", catalogue.roles, ("skills",)),
    ):
        for item in items.values():
            origin = _origin_of(origins, item.id, section)
            for field in fields:
                seen: set[str] = set()
                for index, ref in enumerate(getattr(item, field)):
                    where = f"`{field}` of {_KIND[section]} `{item.id}`"
                    if ref in seen:
                        yield _problem(
                            origin, (field, index), "warning", f"`{ref}` is listed twice in {where}"
                        )
                        continue
                    seen.add(ref)
                    message = _bad_reference(catalogue, origins, skill_ids, ref, where)
                    if message:
                        yield _problem(origin, (field, index), "error", message)
    for module in catalogue.modules.values():
        for index, ref in enumerate(module.teaches):
            if ref in module.requires:
                yield _problem(
                    _origin_of(origins, module.id, "modules"),
                    ("teaches", index),
                    "error",
                    f"module `{module.id}` both requires and teaches `{ref}`: it would teach "
                    "nothing a learner could not already have; remove it from one list",
                )


def _bad_reference(catalogue, origins, skill_ids, ref: str, where: str) -> str | None:
    places = origins.get(ref)
    if places:
        kind = places[0][0]
        if kind == "skills":
            return None
        if kind == "modules" and ref in catalogue.modules:
            taught = ", ".join(f"`{s}`" for s in catalogue.modules[ref].teaches)
            return (
                f"{where} names module `{ref}`, but only skills can be listed here; "
                f"use the skill(s) it teaches: {taught}"
            )
        return f"{where} names {_KIND[kind]} `{ref}`, but only skills can be listed here"
    near = closest(ref, skill_ids, n=1)
    hint = f"; did you mean `{near[0]}`?" if near else ""
    return f"unknown skill `{ref}` in {where}{hint}"


def _origin_of(origins: Origins, id_: str, section: str) -> Origin:
    return next(o for kind, o in origins[id_] if kind == section)


def topological_order(catalogue: Catalogue) -> list[str] | None:
    """Skill and module ids with every prerequisite before what needs it, or ``None``
    when the skill/module graph has a cycle. Plain Python (Kahn's algorithm), so it
    is cheap enough to run on every load.
    """
    indegree: dict[str, int] = {}
    for module in catalogue.modules.values():
        indegree[module.id] = sum(1 for s in module.requires if s in catalogue.skills)
        for s in module.teaches:
            if s in catalogue.skills:
                indegree[s] = indegree.get(s, 0) + 1
    ready = sorted((s for s in catalogue.skills if indegree.get(s, 0) == 0), reverse=True)
    ready += sorted(
        (m for m, d in indegree.items() if d == 0 and m in catalogue.modules), reverse=True
    )
    order: list[str] = []
    while ready:
        node = ready.pop()
        order.append(node)
        if node in catalogue.modules:
            successors = catalogue.modules[node].teaches
        else:
            successors = catalogue.required_by.get(node, ())
        for nxt in successors:
            if nxt not in indegree:
                continue
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    total = len(catalogue.skills) + len(catalogue.modules)
    return order if len(order) == total else None


def _place(location: Location | None) -> tuple[str, int]:
    return (location.file, location.line) if location is not None else ("", 0)


def _cycles(catalogue: Catalogue, origins: Origins) -> Iterator[Problem]:
    from .graph import find_cycles, to_networkx

    graph = to_networkx(catalogue)
    for cycle in find_cycles(graph):
        if len(cycle) == 2:  # requires and teaches the same skill: reported already
            continue
        modules = [n for n in cycle if n in catalogue.modules]
        anchor = min(modules, key=lambda m: _place(catalogue.modules[m].location))
        chain = " -> ".join(f"`{n}`" for n in [*cycle, cycle[0]])
        yield _problem(
            _origin_of(origins, anchor, "modules"),
            ("requires",),
            "error",
            f"prerequisite cycle: {chain} (each module requires a skill that a later one "
            "on the cycle teaches); remove one of these `requires`",
            key=True,
        )


def _warnings(catalogue: Catalogue, origins: Origins) -> Iterator[Problem]:
    used = {s for m in catalogue.modules.values() for s in m.requires}
    used.update(s for n in catalogue.niches.values() for s in n.requires)
    for skill in catalogue.skills.values():
        if skill.id not in used:
            yield _problem(
                _origin_of(origins, skill.id, "skills"),
                ("id",),
                "warning",
                f"skill `{skill.id}` is not required by any module or niche",
            )
    entry = catalogue.entry_skills
    for niche in catalogue.niches.values():
        for index, ref in enumerate(niche.requires):
            if ref in entry:
                yield _problem(
                    _origin_of(origins, niche.id, "niches"),
                    ("requires", index),
                    "warning",
                    f"niche `{niche.id}` requires entry skill `{ref}`, which no module "
                    "teaches: learners who lack it get no plan for it",
                )
    yield from _redundant_prerequisites(catalogue, origins)


def _redundant_prerequisites(catalogue: Catalogue, origins: Origins) -> Iterator[Problem]:
    """A module requiring both ``a`` and ``b`` where every way to learn ``b`` needs ``a``.

    ``needs[s]`` is the set (as an int bitmask) of skills that every route to ``s``
    passes through: the intersection over its teachers of what they require and
    what those requirements need in turn.
    """
    order = topological_order(catalogue)
    assert order is not None
    bit = {s: 1 << i for i, s in enumerate(sorted(catalogue.skills))}
    needs: dict[str, int] = {}
    for node in order:
        if node not in catalogue.skills:
            continue
        teachers = catalogue.teachers.get(node, ())
        acc = -1 if teachers else 0
        for mid in teachers:
            module_needs = 0
            for r in catalogue.modules[mid].requires:
                module_needs |= bit[r] | needs[r]
            acc &= module_needs
        needs[node] = acc
    for module in catalogue.modules.values():
        if len(module.requires) < 2:
            continue
        for index, a in enumerate(module.requires):
            implied_by = [b for b in module.requires if b != a and needs[b] & bit[a]]
            if implied_by:
                yield _problem(
                    _origin_of(origins, module.id, "modules"),
                    ("requires", index),
                    "warning",
                    f"module `{module.id}` requires `{a}`, which `{implied_by[0]}` already "
                    "needs on every route; the prerequisite is redundant",
                )
