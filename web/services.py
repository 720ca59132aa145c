"""What every request shares: the catalogue, the progress store, accounts, cached plans.

The catalogue is loaded once when the app starts. Plans and niche rankings depend only
on their inputs and the catalogue, so the last few thousand are kept, keyed by
:func:`learnpath.learner.query_key` (the planner is exact, hence deterministic: a
cached answer is the answer). A stored learner's plan and progress are
:mod:`learnpath.learner`'s use cases with this app's catalogue, store and plan cache.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, has_request_context, request

from learnpath import learner
from learnpath.learner import (
    GoalProgress,
    LearnerComparison,
    LearnerPlan,
    LearnerProgress,
    LearnerView,
    NicheList,
    query_key,
)
from learnpath.model import Catalogue
from learnpath.planning.bounded import PlanLimits
from learnpath.store import ProgressStore
from learnpath.store.accounts import AccountStore
from learnpath.store.throttle import Throttle, network

from .errors import ApiError

__all__ = ["Services", "services", "BrowsingIndex", "PlanningBudget"]


class _LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        """The value of ``key``, made by ``make()`` and kept when not there."""
        value = self.find(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def find(self, key):
        """The value of ``key``, or None."""
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        """Keep ``value`` for ``key`` (the least recently used goes past ``size``)."""
        with self._lock:
            self._data[key] = value
            if len(self._data) > self.size:
                self._data.popitem(last=False)


class PlanningBudget:
    """Seconds of planning each client address may spend, as a leaky bucket.

    A plan or ranking that is not in the cache costs the time it took; answers from the
    cache cost nothing. An address starts with ``seconds`` to spend and gets ``rate``
    seconds back per second; an address that has spent everything gets 429 with a
    ``Retry-After`` until it has one second again. Kept per server process (planning is
    a process's CPU), for at most ``addresses`` addresses (the least recent go first).

    Examples
    --------
    >>> budget = PlanningBudget(seconds=2.0, rate=0.5, clock=lambda: 100.0)
    >>> budget.wait("192.0.2.1"), budget.charge("192.0.2.1", 2.5), budget.wait("192.0.2.1")
    (0, None, 3)
    """

    def __init__(self, seconds: float, rate: float, addresses: int = 10_000, clock=time.monotonic):
        self.seconds = float(seconds)
        self.rate = float(rate)
        self.addresses = addresses
        self._clock = clock
        self._left: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, address: str, now: float) -> float:
        left, at = self._left.get(address, (self.seconds, now))
        return min(self.seconds, left + (now - at) * self.rate)

    def wait(self, address: str) -> int:
        """Seconds ``address`` must wait before planning again (0: go ahead)."""
        with self._lock:
            level = self._level(address, self._clock())
        if level > 0 or self.rate <= 0:
            return 0 if level > 0 else 60
        return max(1, int((1.0 - level) / self.rate + 0.999))

    def charge(self, address: str, spent: float) -> None:
        """``address`` spent ``spent`` seconds planning."""
        with self._lock:
            now = self._clock()
            self._left[address] = (self._level(address, now) - spent, now)
            self._left.move_to_end(address)
            while len(self._left) > self.addresses:
                self._left.popitem(last=False)


@dataclass
class BrowsingIndex:
    """What browsing needs beyond the catalogue: fields, which niches a module or skill serves."""

    catalogue: Catalogue
    field_of: dict[str, str] = field(default_factory=dict)  # skill id -> field title
    fields: list[str] = field(default_factory=list)
    needed_by_niche: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, cat: Catalogue) -> BrowsingIndex:
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
        needed = {nid: frozenset(cat.needed_skills(n.requires)) for nid, n in cat.niches.items()}
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


class Services:
    """The catalogue, the store and the caches of one app.

    When the curriculum files change on disk (checked at most every
    ``CATALOGUE_CHECK_SECONDS``, before a request), the catalogue is reloaded. A change
    that breaks the catalogue is refused: the last good catalogue goes on serving, the
    errors are logged and ``/health`` reports them until the files are fixed.
    """

    def __init__(self, catalogue: Catalogue, store: ProgressStore, config, paths=()):
        self.store = store
        self.accounts = AccountStore(store)
        secret = config.get("SECRET_KEY") or "learnpath"
        self.throttle = Throttle(store, str(secret).encode())
        self.time_limit = float(config.get("PLAN_TIME_LIMIT", 2.0))
        self.min_free_disk_mb = float(config.get("MIN_FREE_DISK_MB", 64.0))
        self.budget = PlanningBudget(
            float(config.get("PLAN_BUDGET_SECONDS", 10.0)),
            float(config.get("PLAN_BUDGET_RATE", 0.1)),
        )
        self._cache_size = int(config.get("PLAN_CACHE_SIZE", 2048))
        self.paths = list(paths)
        check = config.get("CATALOGUE_CHECK_SECONDS", 2.0)
        self.check_every = None if check is None or float(check) < 0 else float(check)
        self.catalogue_error: str | None = None
        self.loaded_at = time.time()
        self._reload_lock = threading.Lock()
        self._checked = time.monotonic()
        self._stamp = _stamp(self.paths)
        self._install(catalogue)

    def _install(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.index = BrowsingIndex.build(catalogue)
        self.store.catalogue = catalogue
        self._plans = _LRU(self._cache_size)
        self._ranks = _LRU(self._cache_size)
        self._plan_json = _LRU(self._cache_size)
        self._comparisons = _LRU(self._cache_size)
        self._answers = _LRU(self._cache_size)

    @classmethod
    def from_config(cls, config) -> Services:
        from learnpath.catalogue.loader import load_catalogue
        from learnpath.config import curricula_paths, default_database_url

        paths = curricula_paths(config.get("CURRICULA") or None)
        catalogue = load_catalogue(paths)
        url = config.get("DATABASE_URL") or default_database_url()
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        store = ProgressStore(
            url,
            catalogue,
            busy_timeout=float(config.get("DATABASE_BUSY_TIMEOUT", 2.0)),
            write_slots=config.get("WRITE_SLOTS"),
        )
        return cls(catalogue, store, config, paths)

    def maybe_reload(self, logger=None) -> bool:
        """Reload the catalogue if its files changed; True when a new one is in place."""
        if self.check_every is None or not self.paths:
            return False
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return False
        if not self._reload_lock.acquire(blocking=False):
            return False  # another thread is on it; this request uses the current one
        try:
            self._checked = now
            stamp = _stamp(self.paths)
            if stamp == self._stamp:
                return False
            self._stamp = stamp
            from learnpath.catalogue.loader import load_catalogue
            from learnpath.catalogue.problems import CurriculumError

            try:
                catalogue = load_catalogue(self.paths)
            except CurriculumError as exc:
                self.catalogue_error = str(exc)
                if logger is not None:
                    logger.error(
                        "curriculum change refused, still serving the last good catalogue: %s", exc
                    )
                return False
            self._install(catalogue)
            self.catalogue_error = None
            self.loaded_at = time.time()
            if logger is not None:
                logger.info("curriculum reloaded: %d modules", len(catalogue.modules))
            return True
        finally:
            self._reload_lock.release()

    def public_catalogue_error(self) -> str | None:
        """The refused curriculum change's errors with file names relative to their
        curriculum folder: what an anonymous ``/health`` may show (no server path)."""
        if not self.catalogue_error:
            return None
        text = self.catalogue_error
        for root in self.paths:
            folder = Path(root) if Path(root).is_dir() else Path(root).parent
            for form in {str(folder.resolve()), str(folder), str(folder.absolute())}:
                text = text.replace(form.rstrip("/") + "/", "")
        return text

    def readiness(self, logger=None) -> tuple[bool, dict]:
        """``(ready, checks)``: the database takes a write (one row, rolled back), a
        catalogue is served, and the database's disk has ``MIN_FREE_DISK_MB`` free.
        Each check is ``"ok"`` or a word saying what is wrong (details go to the log)."""
        import shutil

        from learnpath.store.faults import StoreBusyError, StoreFaultError, StoreFullError

        checks: dict[str, str] = {}
        try:
            self.store.probe()
            checks["database"] = "ok"
        except StoreBusyError:
            checks["database"] = "busy"
        except StoreFullError:
            checks["database"] = "full"
        except StoreFaultError as exc:
            checks["database"] = "unavailable"
            if logger is not None:
                logger.error("readiness: the database: %s", getattr(exc, "detail", exc))
        except Exception as exc:  # noqa: BLE001 - reported as not ready, and logged
            checks["database"] = "error"
            if logger is not None:
                logger.error("readiness: the database: %s", exc)
        checks["catalogue"] = "ok" if self.catalogue.modules or self.catalogue.skills else "empty"
        if self.catalogue_error and checks["catalogue"] == "ok":
            checks["catalogue"] = "degraded"  # the last good catalogue serves: still ready
        folder = self.store.database_folder()
        if folder is not None:
            try:
                free_mb = shutil.disk_usage(folder).free / 2**20
                checks["disk"] = "ok" if free_mb >= self.min_free_disk_mb else "low"
            except OSError:
                checks["disk"] = "error"
        ready = (
            checks["database"] == "ok"
            and checks["catalogue"] in ("ok", "degraded")
            and checks.get("disk", "ok") == "ok"
        )
        return ready, checks

    def _budgeted(self, make):
        """``make`` charged to the client's planning budget (429 when it is spent)."""
        if not has_request_context():
            return make
        address = network(request.remote_addr)

        def run():
            wait = self.budget.wait(address)
            if wait:
                raise ApiError(
                    429,
                    f"Too much planning from your address: try again in {wait} seconds.",
                    headers={"Retry-After": str(wait)},
                )
            started = time.monotonic()
            try:
                return make()
            finally:
                self.budget.charge(address, time.monotonic() - started)

        return run

    def plan(self, have, targets, done=(), minimize: str | PlanLimits = "hours"):
        """``learnpath.planning.plan`` with the same arguments (``minimize`` a measure or
        :class:`~learnpath.planning.bounded.PlanLimits`), remembered; at most
        ``PLAN_TIME_LIMIT`` seconds each (then the best plan found, ``optimal: false``),
        charged to the client's planning budget when not in the cache."""
        return self._plan(have, targets, done, minimize, budgeted=True)

    def _learner_planner(self, have, targets, done, minimize):
        """The planner of a stored learner's own plan and progress: bounded by their
        goals (at most ``MAX_GOALS``), so not charged to the address's budget."""
        return self._plan(have, targets, done, minimize, budgeted=False)

    def _plan(self, have, targets, done, minimize: str | PlanLimits, budgeted: bool):
        from learnpath.planning.bounded import plan_within

        key = query_key(have, targets, done, _measure(minimize))
        charge = self._budgeted if budgeted else (lambda make: make)
        return self._plans.get(
            key,
            charge(
                lambda: plan_within(
                    self.catalogue,
                    list(have),
                    list(targets),
                    list(done),
                    minimize,
                    time_limit=self.time_limit,
                )
            ),
        )

    def plan_json(self, have, targets, done=(), minimize: str | PlanLimits = "hours") -> bytes:
        """The plan's JSON (``learnpath path --json``), serialised once per distinct query."""
        key = query_key(have, targets, done, _measure(minimize))

        def make() -> bytes:
            data = self.plan(have, targets, done, minimize).to_dict(self.catalogue)
            return json.dumps(data, separators=(",", ":")).encode() + b"\n"

        return self._plan_json.get(key, make)

    def answered(self, key: Hashable) -> bytes | None:
        """The body of the answer kept for a request as sent (``key``: the path, the raw
        query string and the day), or None. Answers are forgotten with the catalogue
        they came from. A repeated query is answered without being parsed, which for a
        learner holding a thousand skills was most of the request's time."""
        return self._answers.find(key)

    def keep_answer(self, key: Hashable, body: bytes) -> None:
        """Keep the body of a successful answer for :meth:`answered`."""
        self._answers.put(key, body)

    def rank(self, have, done=(), sort: str = "fit"):
        """``learnpath.planning.rank_niches`` with the same arguments, remembered."""
        from learnpath.planning import rank_niches

        key = query_key(have, (), done, sort)
        return self._ranks.get(
            key,
            self._budgeted(
                lambda: rank_niches(
                    self.catalogue,
                    have=list(have),
                    done=list(done),
                    sort=sort,
                    time_limit=self.time_limit,
                )
            ),
        )

    def niches(self, view: LearnerView, sort: str = "fit", now: str | None = None) -> NicheList:
        """:func:`learnpath.learner.niches` (the niche list of every view), through the
        ranking cache."""
        return learner.niches(self.catalogue, view, sort, now, ranker=self.rank)

    def compare(self, view: LearnerView, niches, now: str | None = None) -> LearnerComparison:
        """:func:`learnpath.learner.compare`, remembered per query and charged to the
        client's planning budget when not in the cache."""
        key = (*query_key(view.have, niches, view.done, "compare"), now or view.now)
        return self._comparisons.get(
            key,
            self._budgeted(
                lambda: learner.compare(
                    self.catalogue, view, list(niches), now, time_limit=self.time_limit
                )
            ),
        )

    def match(self, text: str):
        """:func:`learnpath.learner.match`: the skills a posting asks for (not cached:
        a posting is rarely sent twice, and matching one takes milliseconds), charged to
        the client's planning budget like an anonymous plan."""
        return self._budgeted(lambda: learner.match(self.catalogue, text))()

    # ------------------------------------------------------------------ a stored learner

    def learner_view(self, name: str | None) -> LearnerView:
        """:func:`learnpath.learner.view` over this app's catalogue and store."""
        return learner.view(self.catalogue, self.store, name)

    def learner_plan(self, name: str | None, minimize: str | PlanLimits = "hours") -> LearnerPlan:
        """:func:`learnpath.learner.plan` (what ``learnpath plan`` shows), through the
        plan cache."""
        return learner.plan(
            self.catalogue, self.store, name, minimize, planner=self._learner_planner
        )

    def goal_progress(self, view: LearnerView) -> tuple[GoalProgress, ...]:
        """:func:`learnpath.learner.goal_progress` of a view, through the plan cache."""
        return learner.goal_progress(self.catalogue, view, planner=self._learner_planner)

    def learner_progress(self, name: str | None) -> LearnerProgress:
        """:func:`learnpath.learner.progress` (``learnpath progress``), through the cache."""
        return learner.progress(self.catalogue, self.store, name, planner=self._learner_planner)

    def learner_status(self, name: str | None, today) -> learner.LearnerStatus:
        """:func:`learnpath.learner.status` (``learnpath status``) on ``today``."""
        return learner.status(self.catalogue, self.store, name, today)

    def learner_diff(self, name: str | None, today) -> learner.PlanDiff:
        """:func:`learnpath.learner.plan_diff` (``learnpath plan --diff``), through the
        plan cache."""
        return learner.plan_diff(
            self.catalogue, self.store, name, today, planner=self._learner_planner
        )


def _measure(minimize: str | PlanLimits):
    """What a cached plan depends on besides the learner and targets."""
    return minimize.key() if isinstance(minimize, PlanLimits) else minimize


def _stamp(paths) -> tuple:
    """What the curriculum files look like on disk: names, sizes, modification times."""
    from learnpath.catalogue.loader import collect_files

    files, missing = collect_files(paths)
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return (tuple(out), tuple(str(p) for p in missing))


def services() -> Services:
    """The services of the current app."""
    return current_app.extensions["learnpath"]
