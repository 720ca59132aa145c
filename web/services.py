"""What every request shares: the catalogue, the progress store, accounts, cached plans.

The catalogue is loaded once when the app starts. Plans and niche rankings for
anonymous queries depend only on their inputs and the catalogue, so the last few
thousand are kept (the planner is exact, hence deterministic: a cached answer is the
answer).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from learnpath.model import Catalogue
from learnpath.store import ProgressStore
from learnpath.store.accounts import AccountStore

__all__ = ["Services", "services", "CatalogueIndex"]


class _LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()
        with self._lock:
            self._data[key] = value
            if len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


@dataclass
class CatalogueIndex:
    """Look-ups the pages need that the catalogue does not keep: fields, what serves what."""

    catalogue: Catalogue
    field_of: dict[str, str] = field(default_factory=dict)  # skill id -> field title
    fields: list[str] = field(default_factory=list)
    needed_by_niche: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, cat: Catalogue) -> CatalogueIndex:
        titles = {}
        for info in cat.curricula:
            titles[info.file] = info.title or Path(info.file).stem
        field_of = {}
        for sid, skill in cat.skills.items():
            file = skill.location.file if skill.location else None
            if file is not None and file in titles:
                field_of[sid] = titles[file]
            elif file is not None:
                field_of[sid] = Path(file).stem.replace("-", " ").capitalize()
            else:
                field_of[sid] = skill.tags[0] if skill.tags else "Other"
        order = list(dict.fromkeys(titles.values()))
        order += sorted(set(field_of.values()) - set(order))
        needed = {nid: frozenset(_needed_skills(cat, n.requires)) for nid, n in cat.niches.items()}
        return cls(cat, field_of, [f for f in order if f in set(field_of.values())], needed)

    def skills_by_field(self, only: Iterable[str] | None = None) -> list[tuple[str, list]]:
        """``[(field, [Skill...])]`` in catalogue order, skills by name."""
        keep = None if only is None else set(only)
        groups: dict[str, list] = {f: [] for f in self.fields}
        for sid, skill in self.catalogue.skills.items():
            if keep is None or sid in keep:
                groups[self.field_of[sid]].append(skill)
        return [
            (f, sorted(skills, key=lambda s: s.name.lower()))
            for f, skills in groups.items()
            if skills
        ]

    def niches_served_by(self, module_id: str) -> list[str]:
        """Niches that need (directly or as a prerequisite) a skill the module teaches."""
        teaches = set(self.catalogue.modules[module_id].teaches)
        return sorted(n for n, needed in self.needed_by_niche.items() if teaches & needed)

    def niches_needing(self, skill_id: str) -> list[str]:
        return sorted(n for n, needed in self.needed_by_niche.items() if skill_id in needed)


def _needed_skills(cat: Catalogue, targets: Iterable[str]) -> set[str]:
    needed: set[str] = set()
    stack = list(targets)
    while stack:
        skill = stack.pop()
        if skill in needed:
            continue
        needed.add(skill)
        for mid in cat.teachers.get(skill, ()):
            stack.extend(cat.modules[mid].requires)
    return needed


class Services:
    """The catalogue, the store and the caches of one app."""

    def __init__(self, catalogue: Catalogue, store: ProgressStore, config):
        self.catalogue = catalogue
        self.index = CatalogueIndex.build(catalogue)
        self.store = store
        self.accounts = AccountStore(store)
        self.time_limit = float(config.get("PLAN_TIME_LIMIT", 5.0))
        self._plans = _LRU(int(config.get("PLAN_CACHE_SIZE", 2048)))
        self._ranks = _LRU(int(config.get("PLAN_CACHE_SIZE", 2048)))
        self._plan_json = _LRU(int(config.get("PLAN_CACHE_SIZE", 2048)))

    @classmethod
    def from_config(cls, config) -> Services:
        from learnpath.config import curricula_paths, default_database_url
        from learnpath.loader import load_catalogue

        catalogue = load_catalogue(curricula_paths(config.get("CURRICULA") or None))
        url = config.get("DATABASE_URL") or default_database_url()
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        return cls(catalogue, ProgressStore(url, catalogue), config)

    def plan(self, have, targets, done=(), minimize: str = "hours"):
        """``learnpath.planning.plan`` with the same arguments, remembered."""
        from learnpath.planning import plan

        key = (_key(have), tuple(targets), _key(done), minimize)
        return self._plans.get(
            key,
            lambda: plan(
                self.catalogue,
                have=list(have),
                targets=list(targets),
                done=list(done),
                minimize=minimize,
                time_limit=self.time_limit,
            ),
        )

    def plan_json(self, have, targets, done=(), minimize: str = "hours") -> bytes:
        """The plan's JSON (``learnpath path --json``), serialised once per distinct query."""
        key = (_key(have), tuple(targets), _key(done), minimize)

        def make() -> bytes:
            data = self.plan(have, targets, done, minimize).to_dict()
            return json.dumps(data, separators=(",", ":")).encode() + b"\n"

        return self._plan_json.get(key, make)

    def rank(self, have, done=(), sort: str = "pareto"):
        """``learnpath.planning.rank_niches`` with the same arguments, remembered."""
        from learnpath.planning import rank_niches

        key = (_key(have), _key(done), sort)
        return self._ranks.get(
            key,
            lambda: rank_niches(
                self.catalogue,
                have=list(have),
                done=list(done),
                sort=sort,
                time_limit=self.time_limit,
            ),
        )


def _key(ids) -> tuple[str, ...]:
    return tuple(sorted(set(ids or ())))


def services() -> Services:
    """The services of the current app."""
    return current_app.extensions["learnpath"]
