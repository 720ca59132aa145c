"""The immutable catalogue: skills, modules and niches, each knowing where it was written.

A :class:`Catalogue` is what the loader returns once every file has been validated. It
holds immutable named tuples (skills, modules, niches) and a few precomputed indexes
(who teaches a skill, who requires it) that the planner's hot paths read; it never
changes after loading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "Location",
    "CurriculumInfo",
    "Skill",
    "Module",
    "Niche",
    "Role",
    "Catalogue",
    "MODULE_FORMATS",
]

MODULE_FORMATS = ("course", "reading", "project", "video", "mentoring", "workshop")


def _entity(cls):
    """Finish an entity class (a ``NamedTuple``): compared and hashed without its
    ``location`` (the same skill written on another line is the same skill), and
    pickled as ``tuple.__new__(cls, fields)``, which builds it in C: the compiled
    catalogue cache loads tens of thousands of them."""
    if "location" in cls._fields:
        cut = cls._fields.index("location")

        def __eq__(self, other):  # noqa: N807
            if type(other) is not type(self):
                return NotImplemented
            return self[:cut] == other[:cut]

        def __hash__(self):  # noqa: N807
            return hash(self[:cut])

        def __ne__(self, other):  # noqa: N807
            equal = __eq__(self, other)
            return equal if equal is NotImplemented else not equal

        cls.__eq__, cls.__ne__, cls.__hash__ = __eq__, __ne__, __hash__

    def __reduce__(self):  # noqa: N807
        return tuple.__new__, (type(self), tuple(self))

    cls.__reduce__ = __reduce__
    return cls


@_entity
class Location(NamedTuple):
    """A place in a curriculum file (1-based line and column)."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@_entity
class CurriculumInfo(NamedTuple):
    """The optional ``curriculum:`` metadata block of one file."""

    file: str
    title: str | None = None
    version: str | None = None
    license: str | None = None
    authors: tuple[str, ...] = ()


@_entity
class Skill(NamedTuple):
    """Something a learner can hold: declared, or granted by completing a module.

    ``aliases`` are other names of the skill and ``tools`` the technology (product)
    names it covers; both let :mod:`learnpath.matching` find the skill in a text.
    """

    id: str
    name: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    esco: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    location: Location | None = None


@_entity
class Module(NamedTuple):
    """A course (or reading, project...) that needs ``requires`` and grants ``teaches``."""

    id: str
    title: str
    teaches: tuple[str, ...]
    hours: float
    requires: tuple[str, ...] = ()
    cost: float = 0.0
    description: str | None = None
    provider: str | None = None
    url: str | None = None
    format: str | None = None
    checked: str | None = None
    location: Location | None = None


@_entity
class Niche(NamedTuple):
    """A target role: the skills a client expects and how exposed it is to automation.

    ``resilience_low``/``resilience_high`` bound ``resilience`` (the band the
    derivation gives) and ``automation_risk`` (0..1) is a separate measure of routine
    automation; each is None when the file does not give it.
    """

    id: str
    name: str
    requires: tuple[str, ...]
    resilience: float
    industry: str | None = None
    description: str | None = None
    rationale: str | None = None
    sources: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    resilience_low: float | None = None
    resilience_high: float | None = None
    automation_risk: float | None = None
    location: Location | None = None


@_entity
class Role(NamedTuple):
    """A preset of the skills typical of a kind of freelancer ("writer", "developer")."""

    id: str
    name: str
    skills: tuple[str, ...]
    description: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Catalogue:
    """Every skill, module and niche of a validated set of curriculum files.

    The mappings are keyed by id and must be treated as read-only.

    Examples
    --------
    >>> s = Skill("sql", "SQL")
    >>> m = Module("sql-101", "SQL basics", teaches=("sql",), hours=10)
    >>> cat = Catalogue.build([s], [m], [])
    >>> cat.teachers["sql"]
    ('sql-101',)
    >>> cat.entry_skills
    frozenset()
    """

    skills: Mapping[str, Skill]
    modules: Mapping[str, Module]
    niches: Mapping[str, Niche]
    curricula: tuple[CurriculumInfo, ...] = ()
    #: skill id -> ids of the modules that teach it (sorted)
    teachers: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: skill id -> ids of the modules that require it (sorted)
    required_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: role presets by id
    roles: Mapping[str, Role] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        skills: Iterable[Skill],
        modules: Iterable[Module],
        niches: Iterable[Niche],
        curricula: Iterable[CurriculumInfo] = (),
        roles: Iterable[Role] = (),
    ) -> Catalogue:
        """Assemble a catalogue and its indexes (no validation: see :mod:`learnpath.catalogue`)."""
        skill_map = {s.id: s for s in skills}
        module_map = {m.id: m for m in modules}
        teachers: dict[str, list[str]] = {}
        required_by: dict[str, list[str]] = {}
        for mid in sorted(module_map):
            module = module_map[mid]
            for sid in module.teaches:
                teachers.setdefault(sid, []).append(mid)
            for sid in module.requires:
                required_by.setdefault(sid, []).append(mid)
        return cls(
            skills=skill_map,
            modules=module_map,
            niches={n.id: n for n in niches},
            curricula=tuple(curricula),
            teachers={k: tuple(v) for k, v in teachers.items()},
            required_by={k: tuple(v) for k, v in required_by.items()},
            roles={r.id: r for r in roles},
        )

    @property
    def entry_skills(self) -> frozenset[str]:
        """Skills that no module teaches: a learner can only declare them."""
        return frozenset(s for s in self.skills if s not in self.teachers)

    def needed_skills(self, targets: Iterable[str]) -> set[str]:
        """``targets`` and every skill they need as a prerequisite on any route.

        Examples
        --------
        >>> cat = Catalogue.build([Skill("a", "A"), Skill("b", "B")],
        ...                       [Module("m", "M", teaches=("b",), requires=("a",), hours=1)], [])
        >>> sorted(cat.needed_skills(["b"]))
        ['a', 'b']
        """
        needed: set[str] = set()
        stack = list(targets)
        while stack:
            skill = stack.pop()
            if skill in needed:
                continue
            needed.add(skill)
            for mid in self.teachers.get(skill, ()):
                stack.extend(self.modules[mid].requires)
        return needed

    def kind_of(self, id_: str) -> str | None:
        """``"skill"``, ``"module"``, ``"niche"``, ``"role"`` or ``None`` for an unknown id."""
        if id_ in self.skills:
            return "skill"
        if id_ in self.modules:
            return "module"
        if id_ in self.niches:
            return "niche"
        if id_ in self.roles:
            return "role"
        return None

    def __len__(self) -> int:
        return len(self.skills) + len(self.modules) + len(self.niches)
