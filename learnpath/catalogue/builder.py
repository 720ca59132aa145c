"""Build a :class:`~learnpath.model.Catalogue` from read documents, remembering origins.

:class:`CatalogueBuilder` validates each item of each document (see :mod:`.schema`),
keeps the valid ones and remembers where every id was written (an :class:`Origin`), so
the cross-checks (:mod:`.checks`) can point at the exact line of a duplicate or a
broken reference.

Examples
--------
>>> from learnpath.catalogue.yamlsource import YamlDocument
>>> builder = CatalogueBuilder()
>>> builder.add(YamlDocument("a.yaml", {"skills": [{"id": "sql", "name": "SQL"}]}))
>>> sorted(builder.catalogue().skills)
['sql']
"""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern  # ids recur in many places: one string object each
from typing import TYPE_CHECKING, Any

from ..model import Catalogue, CurriculumInfo, Location, Module, Niche, Role, Skill
from .messages import report_errors, unknown_field

if TYPE_CHECKING:
    from .yamlsource import YamlDocument

__all__ = ["FIELD_NAMES", "Origin", "CatalogueBuilder"]

FIELD_NAMES = {
    "skills": ("id", "name", "description", "tags", "esco", "aliases", "tools"),
    "modules": (
        "id",
        "title",
        "teaches",
        "requires",
        "hours",
        "cost",
        "description",
        "provider",
        "url",
        "format",
        "checked",
    ),
    "niches": (
        "id",
        "name",
        "industry",
        "description",
        "requires",
        "resilience",
        "resilience_band",
        "automation_risk",
        "rationale",
        "sources",
        "occupations",
    ),
    "roles": ("id", "name", "description", "skills"),
}
TOP_LEVEL = ("curriculum", "skills", "modules", "niches", "roles")
META_FIELDS = ("title", "version", "license", "authors")


@dataclass
class Origin:
    """Where an entity was written: its document and its path inside it."""

    doc: YamlDocument
    section: str
    index: int

    def at(self, *path: Any, key: bool = False) -> tuple[int, int]:
        return self.doc.locate((self.section, self.index, *path), key=key)

    def location(self) -> Location:
        line, col = self.at()
        return Location(self.doc.path, line, col)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _band(band: Any) -> tuple[float | None, float | None]:
    return (None, None) if band is None else (float(band[0]), float(band[1]))


class CatalogueBuilder:
    """Collects valid entities from documents; remembers where each id was written."""

    def __init__(self) -> None:
        from .schema import SECTIONS, CurriculumMetaSchema

        self.schemas = {name: cls() for name, cls in SECTIONS.items()}
        self.meta_schema = CurriculumMetaSchema()
        self.skills: list[Skill] = []
        self.modules: list[Module] = []
        self.niches: list[Niche] = []
        self.roles: list[Role] = []
        self.infos: list[CurriculumInfo] = []
        #: every (id -> origins) written, valid or not, for duplicate and reference checks
        self.origins: dict[str, list[tuple[str, Origin]]] = {}

    def add(self, doc: YamlDocument) -> None:
        from .schema import band_problem, validate_item

        data = doc.data
        if not isinstance(data, dict):
            return
        for key in data:
            if key not in TOP_LEVEL:
                doc.error_at((key,), unknown_field(key, TOP_LEVEL, "top level"), key=True)
        meta = data.get("curriculum")
        if meta is not None:
            errors = validate_item(self.meta_schema, meta)
            report_errors(doc, ("curriculum",), errors, meta, META_FIELDS)
            if not errors:
                self.infos.append(
                    CurriculumInfo(
                        doc.path,
                        meta.get("title"),
                        meta.get("version"),
                        meta.get("license"),
                        tuple(meta.get("authors") or ()),
                    )
                )
        for section, schema in self.schemas.items():
            items = data.get(section)
            if items is None:
                continue
            if not isinstance(items, list):
                doc.error_at(
                    (section,),
                    f"`{section}` must be a list of mappings (each item starts with `- id: ...`)",
                )
                continue
            for index, item in enumerate(items):
                origin = Origin(doc, section, index)
                errors = validate_item(schema, item)
                if errors:
                    report_errors(doc, (section, index), errors, item, FIELD_NAMES[section])
                elif section == "niches" and (problem := band_problem(item)):
                    doc.error_at((section, index, "resilience_band"), problem)
                    errors = {"resilience_band": [problem]}
                id_ = item.get("id") if isinstance(item, dict) else None
                if isinstance(id_, str):
                    self.origins.setdefault(id_, []).append((section, origin))
                if not errors:
                    self._add_entity(section, item, origin)

    def _add_entity(self, section: str, item: dict, origin: Origin) -> None:
        location = origin.location()
        if section == "skills":
            self.skills.append(
                Skill(
                    intern(item["id"]),
                    item["name"],
                    item.get("description"),
                    tuple(item.get("tags") or ()),
                    tuple(item.get("esco") or ()),
                    tuple(item.get("aliases") or ()),
                    tuple(item.get("tools") or ()),
                    location,
                )
            )
        elif section == "modules":
            self.modules.append(
                Module(
                    intern(item["id"]),
                    item["title"],
                    tuple(map(intern, item["teaches"])),
                    float(item["hours"]),
                    tuple(map(intern, item.get("requires") or ())),
                    float(item.get("cost") or 0.0),
                    item.get("description"),
                    item.get("provider"),
                    item.get("url"),
                    item.get("format"),
                    item.get("checked"),
                    location,
                )
            )
        elif section == "roles":
            self.roles.append(
                Role(
                    intern(item["id"]),
                    item["name"],
                    tuple(map(intern, item["skills"])),
                    item.get("description"),
                    location,
                )
            )
        else:
            self.niches.append(
                Niche(
                    intern(item["id"]),
                    item["name"],
                    tuple(map(intern, item["requires"])),
                    float(item["resilience"]),
                    item.get("industry"),
                    item.get("description"),
                    item.get("rationale"),
                    tuple(item.get("sources") or ()),
                    tuple(item.get("occupations") or ()),
                    *_band(item.get("resilience_band")),
                    _number(item.get("automation_risk")),
                    location,
                )
            )

    def catalogue(self) -> Catalogue:
        # First definition wins on duplicates; the duplicate itself is reported by cross_check.
        def first(items):
            seen: dict[str, Any] = {}
            for item in items:
                seen.setdefault(item.id, item)
            return seen.values()

        return Catalogue.build(
            first(self.skills),
            first(self.modules),
            first(self.niches),
            self.infos,
            first(self.roles),
        )
