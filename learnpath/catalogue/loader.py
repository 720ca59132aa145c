"""Load curriculum files into a validated :class:`~learnpath.model.Catalogue`.

Every problem of every file is collected in one pass and reported at its file, line
and column; nothing is raised for bad content until the end, where
:func:`load_catalogue` raises a single :class:`~learnpath.catalogue.problems.CurriculumError`.

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
from typing import TYPE_CHECKING

from ..config import DEFAULT_MAX_FILE_SIZE
from ..formatting import count
from ..model import Catalogue
from .builder import CatalogueBuilder
from .problems import CurriculumError, Problem, sort_problems

if TYPE_CHECKING:
    pass

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
            f"{count(len(cat.skills), 'skill')}, {count(len(cat.modules), 'module')}, "
            f"{count(len(cat.niches), 'niche')}"
            + (f", {count(len(cat.roles), 'role')}" if cat.roles else "")
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
    from .checks import cross_check
    from .yamlsource import read_yaml

    files, problems = collect_files(paths)
    names = _display_names(files)
    report = CheckReport(files=names)
    builder = CatalogueBuilder()
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
    from the compiled cache (see :mod:`learnpath.catalogue.cache`) unless ``cache=False``.
    """
    from . import cache as compiled

    if paths is None:
        from ..config import curricula_paths

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
