"""Checking passwords: hashing, verifying in constant work, throttling failed log-ins and
registrations (counts kept in the database, shared by every server process).

Passwords are hashed with werkzeug's scrypt; the store only ever sees the hash. A wrong
password and an unknown name get the same answer, after the same scrypt work.
"""

from __future__ import annotations

from functools import lru_cache

from flask import current_app, request
from werkzeug.security import check_password_hash, generate_password_hash

from learnpath.store.names import name_key
from learnpath.store.throttle import Rule, network

from .errors import ApiError
from .services import services

__all__ = [
    "PASSWORD_METHOD",
    "hash_password",
    "password_matches",
    "rules",
    "client_network",
    "check_login",
    "check_registration",
    "count_probe",
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


def rules() -> dict[str, Rule]:
    """The throttle's rules, from the app's settings (see the README, "Reliability").

    ``login``: per learner name (folded) and address; ``login-address``: per address,
    over every name (and every taken name tried at registration); ``register``: new
    accounts per address. Each lets its free attempts through, then waits
    ``THROTTLE_BASE_SECONDS``, doubling up to ``THROTTLE_MAX_SECONDS``; forgotten after
    ``LOGIN_FAILURE_WINDOW`` seconds without an attempt.
    """
    app = current_app._get_current_object()
    cached = app.extensions.get("learnpath_rules")
    if cached is None:
        c = app.config
        timing = {
            "base": float(c.get("THROTTLE_BASE_SECONDS", 1.0)),
            "cap": float(c.get("THROTTLE_MAX_SECONDS", 900.0)),
            "forget": float(c.get("LOGIN_FAILURE_WINDOW", 3600.0)),
        }
        cached = app.extensions["learnpath_rules"] = {
            "login": Rule("login", int(c.get("LOGIN_FAILURES_PER_NAME", 10)), **timing),
            "login-address": Rule(
                "login-address", int(c.get("LOGIN_FAILURES_PER_ADDRESS", 50)), **timing
            ),
            "register": Rule("register", int(c.get("REGISTRATIONS_PER_ADDRESS", 5)), **timing),
        }
    return cached


def client_network() -> str:
    """The client's address as the throttles count it (an IPv6 client by its /64)."""
    return network(request.remote_addr)


def _refuse(ticket, what: str) -> None:
    if not ticket.allowed:
        raise ApiError(
            429,
            f"Too many {what}: try again in {ticket.retry_after} seconds.",
            headers={"Retry-After": str(ticket.retry_after)},
        )


def check_login(name: str, password: str):
    """The account if ``password`` is right; None if wrong; raises 429 when throttled.

    Every attempt is counted before the password is checked, in the database that all
    server processes share, per name and address and per address: a guesser waits
    longer and longer, and so do only they. The same name from an address that has
    not been failing is not held up; a right password clears that name-and-address
    count and takes back the attempt from the address's.
    """
    r = rules()
    net = client_network()
    pair = f"{name_key(name)}|{net}"
    throttle = services().throttle
    ticket = throttle.attempt([(r["login"], pair), (r["login-address"], net)])
    _refuse(ticket, "failed log-ins")
    account = services().accounts.get(name)
    if password_matches(account, password):
        throttle.clear(r["login"], pair)
        throttle.forgive(ticket, ["login-address"])
        return account
    return None


def check_registration() -> None:
    """Count a registration against the client's address; 429 when there have been
    too many (or the address has been failing log-ins or probing for names)."""
    r = rules()
    net = client_network()
    ticket = services().throttle.attempt(
        [(r["register"], net)], also_check=[(r["login-address"], net)]
    )
    _refuse(ticket, "attempts from your address")


def count_probe() -> None:
    """A taken name tried at registration: it counts against the address like a
    failed log-in (probing for names is as slow as guessing passwords)."""
    r = rules()
    services().throttle.attempt([(r["login-address"], client_network())])
