"""Database faults as errors a caller can act on: busy, unreachable, full.

The drivers report a held SQLite lock, a lost PostgreSQL connection and a full disk as
the same ``OperationalError`` as a bug in a query. :func:`classify` tells them apart, and
:func:`guarded` runs one store call so that:

- a **busy** database (SQLite: another writer holds the lock past the busy timeout;
  PostgreSQL: a lock timeout, a deadlock or a serialisation failure) is tried once more,
  then raises :class:`StoreBusyError`;
- a **lost** connection (a PostgreSQL restart, a terminated backend, a server that does
  not answer) drops the dead connections and is tried once more *when the call is
  idempotent* (every learner write is: repeating it once it happened changes nothing),
  then raises :class:`StoreUnavailableError`;
- a **full** disk raises :class:`StoreFullError` at once.

The web answers the first two with 503 and ``Retry-After``, the third with 507. A
caller told "busy" or "unavailable" does not know whether a write happened; sending it
again is safe, since the store's writes are idempotent.

Examples
--------
>>> import sqlite3
>>> classify(sqlite3.OperationalError("database is locked"))
'busy'
>>> classify(sqlite3.OperationalError("database or disk is full"))
'full'
>>> classify(sqlite3.OperationalError("no such table: x")) is None
True
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from typing import Literal, TypeVar

from peewee import DatabaseError, InterfaceError, OperationalError

from .errors import StoreError

__all__ = [
    "RETRY_AFTER",
    "StoreFaultError",
    "StoreBusyError",
    "StoreUnavailableError",
    "StoreFullError",
    "classify",
    "guarded",
    "run_guarded",
    "WriteGate",
]

#: Seconds a client is told to wait (``Retry-After``) after a busy or lost database.
RETRY_AFTER = 2

Fault = Literal["busy", "lost", "full"]
T = TypeVar("T")

_BUSY_TEXT = ("database is locked", "database table is locked", "database is busy")
_FULL_TEXT = ("database or disk is full", "no space left on device", "disk full")
_LOST_TEXT = (
    "server closed the connection",
    "connection already closed",
    "could not connect to server",
    "connection to server",
    "terminating connection",
    "the database system is",
    "ssl connection has been closed",
    "connection has been closed",
    "cursor already closed",
    "does not accept connections",
    "is not currently accepting connections",
    "lost synchronization",
    "no connection to the server",
)
#: PostgreSQL error codes (SQLSTATE) by fault.
_PG_FULL = {"53100"}  # disk_full
_PG_BUSY = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock, timeout
_PG_LOST_CLASSES = ("08",)  # connection exceptions
_PG_LOST = {"57P01", "57P02", "57P03", "55000"}  # admin/crash shutdown, cannot connect now


class StoreFaultError(StoreError):
    """The database could not do what was asked, through no fault of the request."""

    retry_after: int | None = RETRY_AFTER


class StoreBusyError(StoreFaultError):
    """Another writer holds the database for longer than the busy timeout."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__("the database is busy with other writes: try again in a moment")


class StoreUnavailableError(StoreFaultError):
    """The database cannot be reached (restarting, gone, or not answering)."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__("the database cannot be reached just now: try again in a moment")


class StoreFullError(StoreFaultError):
    """The disk that holds the database is full: nothing more can be written."""

    retry_after = None

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(
            "the server's disk is full, so nothing can be saved just now; "
            "what was saved before is safe"
        )


def classify(exc: BaseException) -> Fault | None:
    """``"busy"``, ``"lost"`` or ``"full"`` for a database fault, None for anything else
    (a bug, a constraint, a missing table: not for retrying).

    The error a fault caused first counts: SQLite rolls a transaction back itself when
    the disk is full, and the driver's own rollback then fails with "no transaction is
    active", in the context of the real error.
    """
    current: BaseException | None = exc
    for _ in range(10):
        if current is None:
            return None
        fault = _classify_one(current)
        if fault is not None:
            return fault
        current = current.__context__ or current.__cause__
    return None


def _classify_one(exc: BaseException) -> Fault | None:
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "pgcode", None)
    if code:
        if code in _PG_FULL:
            return "full"
        if code in _PG_BUSY:
            return "busy"
        if code in _PG_LOST or code.startswith(_PG_LOST_CLASSES):
            return "lost"
        return None
    text = str(orig).lower()
    if any(t in text for t in _FULL_TEXT):
        return "full"
    if any(t in text for t in _BUSY_TEXT):
        return "busy"
    if any(t in text for t in _LOST_TEXT):
        return "lost"
    if type(orig).__name__ == "InterfaceError" or isinstance(exc, InterfaceError):
        return "lost"  # psycopg2's "connection already closed" and kin
    return None


_depth = threading.local()


def _recover(db, fault: Fault) -> None:
    """After a lost connection: drop this thread's connection and the idle pooled ones
    (a server restart kills them all), so the retry connects afresh."""
    if fault != "lost":
        return
    # the connection is dead: closing it may fail too
    with contextlib.suppress(Exception):
        if hasattr(db, "manual_close"):
            db.manual_close()
        elif not db.is_closed():
            db.close()
    if hasattr(db, "close_idle"):
        with contextlib.suppress(Exception):
            db.close_idle()


def run_guarded(db, work: Callable[[], T], idempotent: bool = True) -> T:
    """Run ``work`` (one store call) with the fault handling of the module notes.

    Nested calls (a store method calling another) are guarded once, at the outside.
    """
    if getattr(_depth, "n", 0):
        return work()
    for attempt in (1, 2):
        _depth.n = 1
        try:
            return work()
        except (OperationalError, InterfaceError, DatabaseError) as exc:
            fault = classify(exc)
            if fault is None:
                raise
            _recover(db, fault)
            if fault == "full":
                raise StoreFullError(str(exc)) from exc
            retry = attempt == 1 and (fault == "busy" or idempotent)
            if retry:
                continue
            error = StoreBusyError if fault == "busy" else StoreUnavailableError
            raise error(str(exc)) from exc
        finally:
            _depth.n = 0
    raise AssertionError("unreachable")  # pragma: no cover


def guarded(idempotent: bool = True):
    """Decorate a store method (of an object with a ``db``, or a ``store`` that has one)
    so that it runs under :func:`run_guarded`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            db = self.db
            return run_guarded(db, lambda: method(self, *args, **kwargs), idempotent)

        return wrapper

    return decorate


class WriteGate:
    """Writers of one process, one at a time, and no more than ``slots`` stuck waiting.

    SQLite takes one writer at a time anyway; queueing them on a lock here wakes the next
    one the moment the last commits (SQLite's own busy wait sleeps in steps). And a
    server's threads are kept for readers: while the writer whose turn it is has waited
    more than ``stuck`` seconds for the database to let its transaction begin (another
    process holds the write lock), or a writer was just refused for that reason, at
    most ``slots`` writers wait and any further write is refused at once with
    :class:`StoreBusyError` instead of taking one more thread, so reads and ``/health``
    always find a thread free. While transactions begin at once, a further writer just
    waits for a slot, however slow the machine. Nobody waits more than ``wait`` seconds
    for their turn. The store calls :meth:`begun` once its transaction has begun.

    Examples
    --------
    >>> gate = WriteGate(slots=1, wait=0.1, stuck=0.0)
    >>> with gate():
    ...     with gate():
    ...         pass
    Traceback (most recent call last):
    learnpath.store.faults.StoreBusyError: the database is busy with other writes: ...
    """

    def __init__(self, slots: int, wait: float, stuck: float = 0.2):
        self.slots = max(1, int(slots))
        self.wait = float(wait)
        self.stuck = float(stuck)
        self._turn = threading.Lock()
        self._room = threading.Condition()
        self._inside = 0
        self._turn_since: float | None = None
        self._begun = False
        self._stuck_until = 0.0

    def _enter(self, blocking: bool) -> None:
        import time

        deadline = time.monotonic() + (self.wait if blocking else 0.0)
        with self._room:
            while self._inside >= self.slots:
                now = time.monotonic()
                since = self._turn_since
                held = since is not None and not self._begun and now - since >= self.stuck
                stuck = now < self._stuck_until or held
                if stuck or now >= deadline:
                    raise StoreBusyError("every write slot of this process is taken")
                self._room.wait(timeout=min(0.05, deadline - now))
            self._inside += 1

    def begun(self) -> None:
        """The transaction of the writer whose turn it is has begun: it is not stuck."""
        self._begun = True

    def _leave(self) -> None:
        with self._room:
            self._inside -= 1
            self._room.notify()

    @contextlib.contextmanager
    def __call__(self, blocking: bool = True) -> Iterator[None]:
        import time

        self._enter(blocking)
        try:
            if not self._turn.acquire(timeout=self.wait if blocking else 0):
                raise StoreBusyError("no turn to write within the busy timeout")
            self._begun = False
            self._turn_since = time.monotonic()
            try:
                yield
            except Exception as exc:
                if classify(exc) == "busy":  # held elsewhere: refuse extras for a while
                    self._stuck_until = time.monotonic() + self.wait
                raise
            finally:
                self._turn_since = None
                self._turn.release()
        finally:
            self._leave()
