"""Checking passwords: hashing, verifying in constant work, throttling failed log-ins.

Passwords are hashed with werkzeug's scrypt; the store only ever sees the hash. A wrong
password and an unknown name get the same answer, after the same scrypt work.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache

from flask import current_app, request
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import ApiError
from .services import services

__all__ = [
    "PASSWORD_METHOD",
    "hash_password",
    "password_matches",
    "LoginThrottle",
    "throttle",
    "check_login",
]

#: werkzeug's scrypt (N=2**15, r=8, p=1). ``PASSWORD_METHOD`` in the app config may name
#: other scrypt parameters, e.g. ``scrypt:16384:8:1``.
PASSWORD_METHOD = "scrypt"


def _method() -> str:
    try:
        return current_app.config.get("PASSWORD_METHOD") or PASSWORD_METHOD
    except RuntimeError:  # outside an app (scripts, tests seeding a database)
        return PASSWORD_METHOD


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` (the store keeps only this)."""
    return generate_password_hash(password, method=_method())


@lru_cache(maxsize=8)
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a password", method=method)


def password_matches(account, password: str) -> bool:
    """Whether ``password`` is the account's. Unknown or password-less accounts are
    checked against a dummy hash, so a wrong name takes as long as a wrong password."""
    stored = account.password_hash if account is not None else None
    ok = check_password_hash(stored or _dummy_hash(_method()), password)
    return ok and stored is not None


class LoginThrottle:
    """Failed log-ins per learner name and per client address, over a sliding window.

    After ``per_name`` failures for one name (or ``per_address`` from one address) in
    ``window`` seconds, further attempts are refused with 429 and a Retry-After, even
    with the right password, until the oldest failure leaves the window. A success
    clears the name's count. Counts live in the process (one per server worker).
    """

    def __init__(self, per_name: int = 10, per_address: int = 50, window: float = 900.0):
        self.limits = {"name": per_name, "address": per_address}
        self.window = window
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, ()) if now - t < self.window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def retry_after(self, name: str, address: str) -> int:
        """Seconds to wait before trying again (0: go ahead)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for kind, value in (("name", name.lower()), ("address", address)):
                times = self._recent((kind, value), now)
                if len(times) >= self.limits[kind]:
                    wait = max(wait, self.window - (now - times[-self.limits[kind]]))
        return int(wait) + 1 if wait else 0

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (("name", name.lower()), ("address", address)):
                self._failures.setdefault(key, []).append(now)
            if len(self._failures) > 100_000:  # bounded memory under a flood
                self._failures.clear()

    def failed_address(self, address: str) -> None:
        """A failure that counts against the address only (a taken name at registration)."""
        now = time.monotonic()
        with self._lock:
            self._failures.setdefault(("address", address), []).append(now)
            if len(self._failures) > 100_000:
                self._failures.clear()

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("name", name.lower()), None)


def throttle() -> LoginThrottle:
    app = current_app._get_current_object()
    if "learnpath_throttle" not in app.extensions:
        app.extensions["learnpath_throttle"] = LoginThrottle(
            app.config.get("LOGIN_FAILURES_PER_NAME", 10),
            app.config.get("LOGIN_FAILURES_PER_ADDRESS", 50),
            app.config.get("LOGIN_FAILURE_WINDOW", 900.0),
        )
    return app.extensions["learnpath_throttle"]


def check_login(name: str, password: str):
    """The account if ``password`` is right; None if wrong; raises 429 when throttled."""
    address = request.remote_addr or "?"
    wait = throttle().retry_after(name, address)
    if wait:
        raise ApiError(
            429,
            f"Too many failed log-ins: try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    account = services().accounts.get(name)
    if password_matches(account, password):
        throttle().succeeded(name)
        return account
    throttle().failed(name, address)
    return None
