"""Starting from where the learner is: a posting's skills, a role's, a placement check's,
and "I already know this".

:func:`match` reads a job posting, a brief or a CV (:mod:`learnpath.matching`);
:func:`plan_from_text` plans exactly to the skills it asks for; :func:`role_skills`
gives a role preset's skills; :func:`placement` sets up the placement check
(:mod:`learnpath.placement`) from a learner's skills; :func:`mark_known` and
:func:`unmark_known` record and undo prior learning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from learnpath import roles
from learnpath.errors import LearnpathError
from learnpath.matching import TextMatch, match_text
from learnpath.model import Catalogue
from learnpath.placement import Placement
from learnpath.planning import Plan
from learnpath.planning.bounded import PlanLimits, plan_within
from learnpath.roles import UnknownRoleError
from learnpath.store import ProgressStore

from .cases import Planner, view

__all__ = [
    "TextPlan",
    "NothingAskedError",
    "UnknownRoleError",
    "match",
    "plan_from_text",
    "role_skills",
    "placement",
    "declare_skills",
    "mark_known",
    "unmark_known",
]


class NothingAskedError(LearnpathError):
    """The text asks for no skill of the catalogue: there is nothing to plan for.

    ``match`` is what was read (its ``unmatched`` phrases say what the text asks for).
    """

    def __init__(self, found: TextMatch):
        self.match = found
        phrases = "; ".join(found.unmatched[:5])
        hint = f" (it asks for: {phrases})" if phrases else ""
        super().__init__(
            "the text asks for no skill of the catalogue, so there is nothing to plan" + hint
        )


@dataclass(frozen=True)
class TextPlan:
    """A plan to exactly the skills a text asks for, and what the learner already covers."""

    match: TextMatch
    plan: Plan
    covered: tuple[str, ...]

    @property
    def asked(self) -> tuple[str, ...]:
        """Ids of the skills the text asks for (the plan's targets)."""
        return tuple(s.id for s in self.match.asked)

    def summary(self) -> str:
        """ "you already cover 6 of the 9 skills this posting asks for"."""
        n = len(self.asked)
        return (
            f"you already cover {len(self.covered)} of the {n} skill{'s' * (n != 1)} "
            "this posting asks for"
        )


def match(catalogue: Catalogue, text: str) -> TextMatch:
    """The skills ``text`` asks for (see :func:`learnpath.matching.match_text`).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Skill
    >>> cat = Catalogue.build([Skill("sql", "SQL", aliases=("PostgreSQL",))], [], [])
    >>> [s.id for s in match(cat, "Strong PostgreSQL").skills]
    ['sql']
    """
    return match_text(catalogue, text)


def _held(catalogue: Catalogue, have: Sequence[str], done: Sequence[str]) -> frozenset[str]:
    held = set(have)
    for m in done:
        if m in catalogue.modules:
            held.update(catalogue.modules[m].teaches)
    return frozenset(held)


def plan_from_text(
    catalogue: Catalogue,
    text: str,
    have: Sequence[str] = (),
    done: Sequence[str] = (),
    minimize: str | PlanLimits = "hours",
    *,
    extra_targets: Sequence[str] = (),
    time_limit: float | None = None,
    planner: Planner | None = None,
) -> TextPlan:
    """The optimal plan from ``have`` and ``done`` to exactly the skills ``text`` asks for
    (and ``extra_targets``), with the skills of those already held.

    Raises
    ------
    NothingAskedError
        When the text asks for no skill of the catalogue (and no extra target is given).
    LimitError
        When no plan keeps the limits ``minimize`` gives.
    UnknownIdError, TextError
        For unknown ids in ``have``/``done``, or a text that cannot be read.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> cat = Catalogue.build([Skill("sql", "SQL"), Skill("bi", "Power BI dashboards",
    ...     tools=("Power BI",))], [Module("m", "BI", ("bi",), 8, ("sql",)),
    ...     Module("s", "SQL", ("sql",), 5)], [])
    >>> tp = plan_from_text(cat, "Analyst: SQL and Power BI required", have=["sql"])
    >>> tp.summary(), [m.id for m in tp.plan.modules]
    ('you already cover 1 of the 2 skills this posting asks for', ['m'])
    """
    found = match_text(catalogue, text)
    targets = list(dict.fromkeys([*(s.id for s in found.asked), *extra_targets]))
    if not targets:
        raise NothingAskedError(found)
    if planner is not None:
        result = planner(list(have), targets, list(done), minimize)
    else:
        limit = {} if time_limit is None else {"time_limit": time_limit}
        result = plan_within(catalogue, list(have), targets, list(done), minimize, **limit)
    return TextPlan(found, result, found.covered(_held(catalogue, have, done)))


def role_skills(catalogue: Catalogue, role: str) -> tuple[str, ...]:
    """The skills of role preset ``role`` (its id, or its name in any case): see
    :func:`learnpath.roles.role_skills`.

    Raises
    ------
    UnknownRoleError
        When the catalogue has no such role (listing those it has).
    """
    return roles.role_skills(catalogue, role)


def placement(
    catalogue: Catalogue,
    store: ProgressStore | None = None,
    learner: str | None = None,
    target: str | None = None,
    have: Iterable[str] = (),
) -> Placement:
    """The placement check for ``target`` (a niche, or every skill), starting from the
    skills in ``have`` and, when ``store`` is given, those the stored learner holds."""
    known = set(have)
    if store is not None:
        known |= view(catalogue, store, learner).held
    return Placement.of(catalogue, target, known)


def declare_skills(store: ProgressStore, learner: str | None, skills: Iterable[str]) -> dict:
    """Add ``skills`` to the learner's declared skills (what a confirmed placement check
    or a confirmed match records); map each id to whether it is new."""
    wanted = list(dict.fromkeys(skills))
    return store.add_skills(learner, wanted) if wanted else {}


def mark_known(store: ProgressStore, learner: str | None, modules: Iterable[str]) -> dict:
    """ "I already know this": record ``modules`` as prior learning (their skills count as
    held, they are not completions); map each id to whether it is new.

    Raises
    ------
    UnknownIdError
        When a module is not in the catalogue (nothing is recorded).

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Niche, Skill
    >>> from learnpath.learner import plan
    >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
    ...     [Module("ma", "A", ("a",), 3), Module("mb", "B", ("b",), 5, ("a",))],
    ...     [Niche("n", "N", ("b",), 0.5)])
    >>> store = ProgressStore("sqlite:///:memory:", cat)
    >>> _ = store.add_learner("ana"), store.add_goals("ana", ["n"])
    >>> mark_known(store, "ana", ["ma"])
    {'ma': True}
    >>> [m.id for m in plan(cat, store, "ana").plan.modules]
    ['mb']
    >>> unmark_known(store, "ana", ["ma"])
    {'ma': True}
    >>> [m.id for m in plan(cat, store, "ana").plan.modules]
    ['ma', 'mb']
    >>> store.close()
    """
    return store.add_prior_learning(learner, modules)


def unmark_known(store: ProgressStore, learner: str | None, modules: Iterable[str]) -> dict:
    """Undo :func:`mark_known`; map each id to whether it had been recorded."""
    return store.remove_prior_learning(learner, modules)
