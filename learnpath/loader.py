"""Load curriculum files into a validated :class:`~learnpath.model.Catalogue`.

Every problem of every file is collected in one pass and reported at its file, line
and column; nothing is raised for bad content until the end, where
:func:`load_catalogue` raises a single :class:`~learnpath.problems.CurriculumError`.

Examples
--------
>>> from learnpath.config import bundled_curricula
>>> catalogue = load_catalogue([bundled_curricula()])   # doctest: +SKIP
>>> report = check_paths(["my-curricula/"])               # doctest: +SKIP
>>> for problem in report.problems: print(problem)        # doctest: +SKIP
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern  # ids recur in many places: one string object each
from typing import TYPE_CHECKING, Any

from .config import DEFAULT_MAX_FILE_SIZE
from .errors import closest
from .model import Catalogue, CurriculumInfo, Location, Module, Niche, Skill
from .problems import CurriculumError, Problem, sort_problems

if TYPE_CHECKING:
    from .yamlsource import YamlDocument

__all__ = ["CheckReport", "check_paths", "collect_files", "load_catalogue"]

Progress = Callable[[int, int, str], None]


@dataclass
class CheckReport:
    """What checking a set of curriculum files found."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    catalogue: Catalogue | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: ``3 files, 210 skills, 305 modules, 31 niches: 0 errors, 2 warnings``."""
        cat = self.catalogue
        counts = (
            f"{len(cat.skills)} skills, {len(cat.modules)} modules, {len(cat.niches)} niches"
            if cat is not None
            else "no catalogue"
        )
        n_err, n_warn = len(self.errors), len(self.warnings)
        return (
            f"{len(self.files)} file{'s' * (len(self.files) != 1)}, {counts}: "
            f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"
        )


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Every ``*.yaml``/``*.yml`` file under the given folders, plus the files named.

    Files are returned in a stable order (sorted within each folder) without repeats.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "error", "no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, problems


def _display_names(files: Sequence[Path]) -> list[str]:
    """Paths as a person would type them: relative to the working folder when inside it."""
    cwd = Path.cwd()
    names = []
    for f in files:
        try:
            names.append(str(f.relative_to(cwd)))
        except ValueError:
            names.append(str(f))
    return names


def check_paths(
    paths: Iterable[str | Path],
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    lint: bool = True,
    progress: Progress | None = None,
) -> CheckReport:
    """Read, validate and cross-check every curriculum file under ``paths``.

    Parameters
    ----------
    paths : iterable of str or Path
        Folders (searched recursively for ``*.yaml``/``*.yml``) and files.
    max_file_size : int
        Files larger than this many bytes are refused.
    lint : bool
        Also report warnings (unused skills, redundant prerequisites...), which cost
        extra time on large catalogues.
    progress : callable, optional
        Called as ``progress(done, total, file)`` after each file.

    Returns
    -------
    CheckReport
        The files read, every problem sorted by file and line, and the catalogue
        (``None`` only when no file could be read at all).
    """
    from .validate import cross_check
    from .yamlsource import read_yaml

    files, problems = collect_files(paths)
    names = _display_names(files)
    report = CheckReport(files=names)
    builder = _CatalogueBuilder()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # allocation-heavy and cycle-free: the collector would only slow it down
    try:
        for done, (path, name) in enumerate(zip(files, names, strict=True), start=1):
            doc = read_yaml(path, display_name=name, max_size=max_file_size)
            builder.add(doc)
            doc.release()  # one file's nodes at a time: places are found again if needed
            problems.extend(doc.problems)
            if progress is not None:
                progress(done, len(files), name)
        catalogue = builder.catalogue()
        # warnings about structure only make sense once every item is valid
        lint = lint and not any(p.is_error for p in problems)
        problems.extend(cross_check(catalogue, builder.origins, lint=lint))
    finally:
        if gc_was_enabled:
            gc.enable()
    if not files and not problems:
        problems.append(Problem(".", 1, 1, "error", "no curriculum files (*.yaml, *.yml) found"))
    report.problems = sort_problems(problems)
    report.catalogue = catalogue
    return report


def load_catalogue(
    paths: Iterable[str | Path] | None = None,
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    progress: Progress | None = None,
    cache: bool | None = None,
) -> Catalogue:
    """Load a validated catalogue, or raise :class:`CurriculumError` listing every error.

    With ``paths=None`` the configured curricula are used (``$LEARNPATH_CURRICULA``,
    else the bundled catalogue). Warnings do not stop loading. Unchanged files load
    from the compiled cache (see :mod:`learnpath.cache`) unless ``cache=False``.
    """
    from . import cache as compiled

    if paths is None:
        from .config import curricula_paths

        paths = curricula_paths()
    paths = list(paths)
    use_cache = compiled.caching_enabled() if cache is None else cache
    key = None
    if use_cache:
        files, missing = collect_files(paths)
        if files and not missing:
            key = compiled.catalogue_key(files, _display_names(files), str(max_file_size))
            cached = compiled.read_cached(key)
            if cached is not None:
                return cached
    report = check_paths(paths, max_file_size=max_file_size, lint=False, progress=progress)
    if not report.ok or report.catalogue is None:
        raise CurriculumError(report.problems)
    if key is not None:
        compiled.write_cached(key, report.catalogue)
    return report.catalogue


# ------------------------------------------------------------------ building

_FIELD_NAMES = {
    "skills": ("id", "name", "description", "tags"),
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
    ),
    "niches": (
        "id",
        "name",
        "industry",
        "description",
        "requires",
        "resilience",
        "rationale",
        "sources",
        "occupations",
    ),
}
_TOP_LEVEL = ("curriculum", "skills", "modules", "niches")
_META_FIELDS = ("title", "version", "license", "authors")


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


class _CatalogueBuilder:
    """Collects valid entities from documents; remembers where each id was written."""

    def __init__(self) -> None:
        from .schema import SECTIONS, CurriculumMetaSchema

        self.schemas = {name: cls() for name, cls in SECTIONS.items()}
        self.meta_schema = CurriculumMetaSchema()
        self.skills: list[Skill] = []
        self.modules: list[Module] = []
        self.niches: list[Niche] = []
        self.infos: list[CurriculumInfo] = []
        #: every (id -> origins) written, valid or not, for duplicate and reference checks
        self.origins: dict[str, list[tuple[str, Origin]]] = {}

    def add(self, doc: YamlDocument) -> None:
        from .schema import validate_item

        data = doc.data
        if not isinstance(data, dict):
            return
        for key in data:
            if key not in _TOP_LEVEL:
                doc.error_at((key,), _unknown_field(key, _TOP_LEVEL, "top level"), key=True)
        meta = data.get("curriculum")
        if meta is not None:
            errors = validate_item(self.meta_schema, meta)
            _report(doc, ("curriculum",), errors, meta, _META_FIELDS)
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
                    _report(doc, (section, index), errors, item, _FIELD_NAMES[section])
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
            first(self.skills), first(self.modules), first(self.niches), self.infos
        )


# ------------------------------------------------------------ error messages


def _unknown_field(name: Any, valid: Sequence[str], where: str) -> str:
    near = closest(str(name), valid, n=1)
    hint = f"; did you mean `{near[0]}`?" if near else f"; valid fields: {', '.join(valid)}"
    return f"unknown field `{name}` in {where}{hint}"


_SINGULAR = {"skills": "skill", "modules": "module", "niches": "niche", "curriculum": "curriculum"}


def _report(doc: YamlDocument, base: tuple, errors: dict, item: Any, valid: Sequence[str]) -> None:
    """Turn marshmallow's error dict for one item into located problems."""
    from .yamlsource import REFUSED

    where = _SINGULAR.get(base[0], base[0])
    if item is REFUSED:
        return
    if "_schema" in errors:
        doc.error_at(
            base,
            f"each {where} must be a mapping of fields (`id: ...`, ...), not {_describe(item)}",
        )
        return
    ident = f" `{item['id']}`" if isinstance(item, dict) and isinstance(item.get("id"), str) else ""
    for name, messages in errors.items():
        value = item.get(name) if isinstance(item, dict) else None
        if value is REFUSED:
            continue
        if messages == ["Unknown field."]:
            doc.error_at((*base, name), _unknown_field(name, valid, f"{where}{ident}"), key=True)
            continue
        if isinstance(messages, dict):  # errors inside a list: {index: [messages]}
            for index, inner in messages.items():
                element = value[index] if isinstance(value, list) and index < len(value) else None
                if element is REFUSED:
                    continue
                for message in inner:
                    doc.error_at(
                        (*base, name, index),
                        f"{where}{ident}: `{name}` item: {_explain(message, element)}",
                    )
            continue
        if messages == ["Missing data for required field."]:
            doc.error_at(base, f"{where}{ident}: missing required field `{name}`")
            continue
        for message in messages:
            doc.error_at((*base, name), f"{where}{ident}: `{name}` {_explain(message, value)}")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _explain(message: str, value: Any) -> str:
    """marshmallow's message, reworded for curriculum authors, with a fix where we know one."""
    if message == "Field may not be null.":
        return "is empty; give it a value or remove the line"
    if message == "Not a valid string.":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f'must be text, got {_describe(value)}; quote it: "{value}"'
        return f"must be text, got {_describe(value)}"
    if message == "Not a valid list.":
        if isinstance(value, str):
            return f"must be a list, got {_describe(value)}; write [{value}]"
        return f"must be a list, got {_describe(value)}"
    if message == "Not a valid number.":
        hint = ""
        if isinstance(value, str):
            try:
                float(value)
                hint = f"; remove the quotes: {value}"
            except ValueError:
                pass
        return f"must be a number, got {_describe(value)}{hint}"
    if message == "Not a valid URL.":
        return f"must be an http(s) URL, got {_describe(value)}"
    if message == "malformed id":
        return f"malformed id {value!r}: {_id_rule()}{_id_suggestion(value)}"
    if message.startswith("must"):
        got = f" (got {value})" if isinstance(value, int | float) else ""
        return message + got
    return message[0].lower() + message[1:].rstrip(".")


def _id_rule() -> str:
    return "use lowercase letters, digits, `_`, `.` and `-`, starting with a letter or digit"


def _id_suggestion(value: Any) -> str:
    import re

    if not isinstance(value, str):
        return ""
    fixed = re.sub(r"[^a-z0-9_.-]+", "-", value.strip().lower()).strip("-_.")
    return f"; try `{fixed}`" if fixed and fixed != value else ""
