"""A throttle whose counts live in the database, so every server process shares them.

Each **bucket** counts attempts of one kind for one key (a learner name and an
address, an address...) and answers with a **progressive delay**: the first ``free``
attempts go through at once; after that each attempt must wait ``base`` seconds, then
twice as long, and so on, up to ``cap``; a bucket left alone for ``forget`` seconds
starts again from zero. Refused attempts are not counted, so waiting out a delay is
never made longer by trying.

:meth:`Throttle.attempt` checks and counts in one transaction (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: the bucket rows locked in key order), so the count is exact
whatever the number of processes and threads: two workers cannot both let the fifth
guess through. Keys are stored only as keyed hashes (HMAC-SHA256 with the site's
secret), never a name or an address in clear, and rows are removed once forgotten.

Examples
--------
>>> from learnpath.store import ProgressStore
>>> store = ProgressStore("sqlite:///:memory:")
>>> clock = [1000.0]
>>> throttle = Throttle(store, b"secret", clock=lambda: clock[0])
>>> rule = Rule("login", free=2, base=1.0, cap=8.0, forget=60.0)
>>> [throttle.attempt([(rule, "ana|192.0.2.1")]).allowed for _ in range(3)]
[True, True, False]
>>> throttle.attempt([(rule, "ana|192.0.2.1")]).retry_after
1
>>> clock[0] += 1.0
>>> ticket = throttle.attempt([(rule, "ana|192.0.2.1")])
>>> ticket.allowed, throttle.attempt([(rule, "ana|192.0.2.1")]).retry_after
(True, 2)
>>> throttle.forgive(ticket)           # it was the right password after all
>>> throttle.attempt([(rule, "ana|192.0.2.1")]).allowed
True
>>> store.close()
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .database import is_postgresql
from .faults import run_guarded
from .models import Throttle as ThrottleRow

__all__ = ["Rule", "Ticket", "Throttle", "network"]


@dataclass(frozen=True)
class Rule:
    """How one kind of bucket throttles: ``free`` attempts, then ``base`` seconds of
    delay doubling with each further attempt up to ``cap``; forgotten after ``forget``
    seconds without an attempt."""

    kind: str
    free: int
    base: float = 1.0
    cap: float = 900.0
    forget: float = 3600.0

    def delay(self, hits: int) -> float:
        """Seconds to wait after ``hits`` counted attempts.

        Examples
        --------
        >>> [Rule("x", free=3, base=1, cap=5).delay(n) for n in range(1, 8)]
        [0.0, 0.0, 1.0, 2.0, 4.0, 5.0, 5.0]
        """
        if hits < self.free:
            return 0.0
        return float(min(self.cap, self.base * 2.0 ** min(hits - self.free, 60)))

    def most_per(self, seconds: float) -> int:
        """The most attempts one bucket lets through in ``seconds`` from a fresh start
        (what the README documents).

        Examples
        --------
        >>> Rule("x", free=5, base=1, cap=900).most_per(3600)
        17
        """
        hits, spent = 0, 0.0
        while True:
            wait = self.delay(hits) if hits else 0.0
            if spent + wait > seconds:
                return hits
            spent += wait
            hits += 1


@dataclass
class Ticket:
    """What :meth:`Throttle.attempt` decided: ``allowed``, or wait ``retry_after`` s."""

    allowed: bool
    retry_after: int = 0
    counted: list[tuple[Rule, str]] = field(default_factory=list)


def network(address: str | None) -> str:
    """The address that counts for throttling: an IPv4 address as it is, an IPv6 one by
    its /64 network (one host is usually given a whole /64).

    Examples
    --------
    >>> network("192.0.2.7"), network("2001:db8:1:2:3:4:5:6"), network("::ffff:192.0.2.7")
    ('192.0.2.7', '2001:db8:1:2::/64', '192.0.2.7')
    """
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "?")[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class Throttle:
    """Progressive delays per bucket, counted in the store's database.

    Parameters
    ----------
    store : ProgressStore
        Whose database holds the counts (table ``throttle``, schema version 5).
    secret : bytes
        Keys the hashes of bucket keys (the web passes its secret key).
    clock : callable, optional
        Seconds since the epoch (default :func:`time.time`); tests pass their own.
    keep : float
        Rows untouched for this long are deleted (now and then, by an attempt); no
        rule may ``forget`` later than this.
    """

    def __init__(
        self,
        store,
        secret: bytes,
        clock: Callable[[], float] | None = None,
        keep: float = 86400.0,
    ):
        self.store = store
        self.db = store.db
        self._secret = secret
        self._clock = clock or time.time
        self.keep = keep

    def _digest(self, rule: Rule, key: str) -> str:
        message = f"{rule.kind}\x00{key}".encode("utf-8", "surrogatepass")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def attempt(
        self,
        buckets: Sequence[tuple[Rule, str]],
        also_check: Sequence[tuple[Rule, str]] = (),
    ) -> Ticket:
        """Let an attempt through and count it in every bucket, or refuse it (counting
        nothing) when any bucket, or any of ``also_check`` (checked, never counted), asks
        to wait. One transaction."""
        start_ms = int(self._clock() * 1000)
        keyed = sorted((self._digest(rule, key), rule, key) for rule, key in buckets)
        checked = sorted((self._digest(rule, key), rule, key) for rule, key in also_check)

        def work() -> Ticket:
            with self.store._session(), self.store._transaction():
                rows = self._lock(sorted({k for k, _, _ in keyed + checked}), start_ms)
                now_ms = int(self._clock() * 1000)  # after waiting for the locks
                wait_ms = 0
                for digest, rule, _ in keyed + checked:
                    hits, last, until = rows.get(digest, (0, now_ms, 0))
                    if now_ms - last <= rule.forget * 1000 and until > now_ms:
                        wait_ms = max(wait_ms, until - now_ms)
                if wait_ms:
                    return Ticket(False, max(1, math.ceil(wait_ms / 1000)))
                for digest, rule, _ in keyed:
                    hits, last, _ = rows.get(digest, (0, now_ms, 0))
                    if now_ms - last > rule.forget * 1000:
                        hits = 0
                    hits += 1
                    delay = rule.delay(hits)
                    until = now_ms + int(delay * 1000) if delay else 0
                    self._write(digest, hits, now_ms, until, digest in rows)
                if random.random() < 0.01:  # now and then, drop what is forgotten
                    self._sweep(now_ms)
            return Ticket(True, 0, [(rule, key) for _, rule, key in keyed])

        return run_guarded(self.db, work, idempotent=False)

    def forgive(self, ticket: Ticket, kinds: Sequence[str] | None = None) -> None:
        """Take back what ``ticket`` counted (say, the password was right): the buckets of
        ``kinds`` (default: all of the ticket's) lose that attempt."""
        if not ticket.allowed or not ticket.counted:
            return
        chosen = [(r, k) for r, k in ticket.counted if kinds is None or r.kind in kinds]
        digests = sorted(self._digest(rule, key) for rule, key in chosen)

        def work() -> None:
            with self.store._session(), self.store._transaction():
                rows = self._lock(digests)
                for digest in digests:
                    if digest not in rows:
                        continue
                    hits, last, _ = rows[digest]
                    # the attempt was not an attack: no delay is pending after it
                    self._write(digest, max(0, hits - 1), last, 0, True)

        run_guarded(self.db, work)

    def clear(self, rule: Rule, key: str) -> None:
        """Forget one bucket (a successful log-in clears its name-and-address bucket)."""
        digest = self._digest(rule, key)

        def work() -> None:
            with self.store._session(), self.store._transaction():
                self.store._q(ThrottleRow.delete().where(ThrottleRow.key == digest)).execute()

        run_guarded(self.db, work)

    def _lock(self, digests, now_ms: int | None = None) -> dict[str, tuple[int, int, int]]:
        """The rows of ``digests`` (sorted), locked until the transaction ends.

        On PostgreSQL a missing row is first inserted empty (when ``now_ms`` is given):
        a row lock needs a row, and two first attempts must not both see none.
        """
        q = self.store._q
        out = {}
        for digest in digests:
            if now_ms is not None and is_postgresql(self.db):
                q(
                    ThrottleRow.insert(
                        key=digest, hits=0, last_ms=now_ms, blocked_until_ms=0
                    ).on_conflict_ignore()
                ).execute()
            query = ThrottleRow.select(
                ThrottleRow.hits, ThrottleRow.last_ms, ThrottleRow.blocked_until_ms
            ).where(ThrottleRow.key == digest)
            if is_postgresql(self.db):
                query = query.for_update()
            row = q(query.tuples()).first()
            if row is not None:
                out[digest] = (int(row[0]), int(row[1]), int(row[2]))
        return out

    def _write(self, digest: str, hits: int, last: int, until: int, exists: bool) -> None:
        q = self.store._q
        if exists:
            q(
                ThrottleRow.update(hits=hits, last_ms=last, blocked_until_ms=until).where(
                    ThrottleRow.key == digest
                )
            ).execute()
            return
        # a first attempt that raced another's: the other inserted first; add to it
        inserted = q(
            ThrottleRow.insert(key=digest, hits=hits, last_ms=last, blocked_until_ms=until)
            .on_conflict_ignore()
            .as_rowcount()
        ).execute()
        if not inserted:
            q(
                ThrottleRow.update(
                    hits=ThrottleRow.hits + 1, last_ms=last, blocked_until_ms=until
                ).where(ThrottleRow.key == digest)
            ).execute()

    def _sweep(self, now_ms: int) -> None:
        cutoff = now_ms - int(self.keep * 1000)
        self.store._q(ThrottleRow.delete().where(ThrottleRow.last_ms < cutoff)).execute()
