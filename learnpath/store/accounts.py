"""Web accounts over the learner store: password hashes, session versions, API tokens.

The store never sees a password: callers hash it (the web uses werkzeug's scrypt) and
hand over the hash. API tokens are random strings given to the learner once; only their
SHA-256 is stored, so a copy of the database lets no one in. Every query that reads or
changes a token names its owner, so one learner can never list or revoke another's.

>>> from learnpath.store import ProgressStore
>>> store = ProgressStore("sqlite:///:memory:")
>>> accounts = AccountStore(store)
>>> accounts.create("ana", "scrypt:hash").session_version
0
>>> token = accounts.create_token("ana", "laptop")
>>> accounts.learner_for_token(token).name
'ana'
>>> accounts.get("ANA").name        # names that differ only in case are one
'ana'
>>> accounts.revoke_token_value(token), accounts.learner_for_token(token)
(True, None)
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField

from .errors import InvalidLearnerDataError, LearnerNotFoundError, LimitError
from .faults import guarded
from .formats import check_email
from .limits import MAX_TOKENS
from .models import Completion, DeclaredSkill, Goal, Learner, PriorLearning, StoreModel, utcnow
from .names import check_name, name_key

__all__ = [
    "Account",
    "TokenInfo",
    "ApiToken",
    "AccountStore",
    "hash_token",
    "TOKEN_PREFIX",
    "MAX_TOKENS",
    "MAX_TOKEN_DAYS",
]

#: Every token starts with this, so a leaked one is easy to recognise (and to grep for).
TOKEN_PREFIX = "lp_"
TOKEN_NAME_LENGTH = 100
#: The longest expiry a token may be given, in days (about ten years).
MAX_TOKEN_DAYS = 3650


class ApiToken(StoreModel):
    """An API token of a learner: a label and the SHA-256 of the secret."""

    id = AutoField()
    learner = ForeignKeyField(Learner, on_delete="CASCADE", backref="tokens")
    name = CharField(max_length=TOKEN_NAME_LENGTH)
    token_hash = CharField(max_length=64, unique=True)
    created = DateTimeField(default=utcnow)
    last_used = DateTimeField(null=True)
    expires = DateTimeField(null=True)

    class Meta:
        table_name = "api_token"


@dataclass(frozen=True, slots=True)
class Account:
    """What logging in needs to know about a learner."""

    id: int
    name: str
    password_hash: str | None
    session_version: int
    email: str | None = None


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listed to its owner (never the secret)."""

    id: int
    name: str
    created: dt.datetime
    last_used: dt.datetime | None
    expires: dt.datetime | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "created": _iso(self.created),
            "last_used": _iso(self.last_used),
            "expires": _iso(self.expires),
        }


def hash_token(token: str) -> str:
    """The SHA-256 (hex) of a token: what the database keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccountStore:
    """Accounts of the learners of one :class:`~learnpath.store.ProgressStore`."""

    def __init__(self, store):
        self.store = store
        self.db = store.db

    def _q(self, query):
        return query.bind(self.db)

    def _account(self, where) -> Account | None:
        row = self._q(
            Learner.select(
                Learner.id,
                Learner.name,
                Learner.password_hash,
                Learner.session_version,
                Learner.email,
            )
            .where(where)
            .tuples()
        ).first()
        return Account(*row) if row else None

    def _written(self, where) -> Account:
        """The account just written in this transaction (so it exists)."""
        account = self._account(where)
        if account is None:  # never: the row was written in the same transaction
            raise LearnerNotFoundError(str(where))
        return account

    @guarded()
    def get(self, name: str) -> Account | None:
        """The account of learner ``name``, or None. A name that differs only in case,
        width or spacing from a learner's finds that learner (their key is the same)."""
        with self.store._session():
            account = self._account(Learner.name == name)
            if account is None:
                account = self._account(Learner.name_key == name_key(name))
            return account

    @guarded()
    def get_by_id(self, learner_id: int) -> Account | None:
        with self.store._session():
            return self._account(Learner.id == learner_id)

    @guarded(idempotent=False)
    def create(self, name: str, password_hash: str, email: str | None = None) -> Account:
        """A new learner with a password hash.

        Raises
        ------
        LearnerExistsError
            When the name is taken, or one with the same key (``Alice`` for ``alice``).
        """
        check_name(name)
        email = check_email(email)
        if not password_hash:
            raise InvalidLearnerDataError("an account needs a password hash")
        with self.store._session():
            with self.store._transaction():
                self.store._insert_learner(
                    name, email=email, password_hash=password_hash, created=utcnow()
                )
            return self._written(Learner.name == name)

    @guarded()
    def set_password_hash(self, name: str, password_hash: str) -> Account:
        """Change the password: every session ends and every API token is revoked."""
        with self.store._session(), self.store._transaction():
            lid = self._id(name)
            self._q(
                Learner.update(
                    password_hash=password_hash, session_version=Learner.session_version + 1
                ).where(Learner.id == lid)
            ).execute()
            self._q(ApiToken.delete().where(ApiToken.learner == lid)).execute()
            return self._written(Learner.id == lid)

    @guarded()
    def end_sessions(self, name: str, tokens: bool = True) -> Account:
        """Bump the session version: every session of the learner ends; with ``tokens``
        (the default) every API token of theirs is revoked too, in the same transaction."""
        with self.store._session(), self.store._transaction():
            lid = self._id(name)
            self._q(
                Learner.update(session_version=Learner.session_version + 1).where(Learner.id == lid)
            ).execute()
            if tokens:
                self._q(ApiToken.delete().where(ApiToken.learner == lid)).execute()
            return self._written(Learner.id == lid)

    @guarded()
    def delete(self, name: str) -> None:
        """Delete the learner, their tokens and all their progress (nobody else's)."""
        with self.store._session(), self.store._transaction():
            lid = self._id(name)
            self._q(ApiToken.delete().where(ApiToken.learner == lid)).execute()
        self.store.remove_learner(name)

    @guarded()
    def record(self, name: str) -> dict:
        """What the database keeps about learner ``name`` beyond their learner file
        (:meth:`ProgressStore.export_learner`): when each skill, goal, completion and module
        already known was recorded, and their API tokens (names and dates). Secrets are
        never part of it: the password hash and the token hashes stay in the database.
        """

        def when(value) -> str | None:
            return _as_datetime(value).isoformat() if value is not None else None

        with self.store._session():
            lid = self._id(name)
            skills = self._q(
                DeclaredSkill.select(DeclaredSkill.skill_id, DeclaredSkill.added)
                .where(DeclaredSkill.learner == lid)
                .order_by(DeclaredSkill.id)
                .tuples()
            )
            goals = self._q(
                Goal.select(Goal.niche_id, Goal.added)
                .where(Goal.learner == lid)
                .order_by(Goal.id)
                .tuples()
            )
            done = self._q(
                Completion.select(Completion.module_id, Completion.recorded)
                .where(Completion.learner == lid)
                .order_by(Completion.id)
                .tuples()
            )
            known = self._q(
                PriorLearning.select(PriorLearning.module_id, PriorLearning.recorded)
                .where(PriorLearning.learner == lid)
                .order_by(PriorLearning.id)
                .tuples()
            )
            return {
                "recorded": {
                    "skills": {sid: when(t) for sid, t in skills},
                    "goals": {nid: when(t) for nid, t in goals},
                    "completions": {mid: when(t) for mid, t in done},
                    "prior_learning": {mid: when(t) for mid, t in known},
                },
                "api_tokens": [
                    {k: v for k, v in t.to_dict().items() if k != "id"}
                    for t in self.list_tokens(name)
                ],
            }

    def _id(self, name: str) -> int:
        row = self._q(Learner.select(Learner.id).where(Learner.name == name).tuples()).first()
        if row is None:
            raise LearnerNotFoundError(name)
        return row[0]

    # ------------------------------------------------------------------ tokens

    @guarded(idempotent=False)
    def create_token(self, name: str, label: str, expires_in_days: int | None = None) -> str:
        """A new API token for learner ``name``; the secret is returned only this once.

        Parameters
        ----------
        expires_in_days : int, optional
            The token stops working this many days from now (1 to ``MAX_TOKEN_DAYS``);
            without it, it works until revoked.

        Raises
        ------
        LimitError
            When the learner has ``MAX_TOKENS`` live tokens already (expired ones are
            removed first and do not count).
        """
        label = (label or "").strip() or "token"
        if len(label) > TOKEN_NAME_LENGTH:
            raise InvalidLearnerDataError(
                f"a token name has at most {TOKEN_NAME_LENGTH} characters"
            )
        expires = None
        if expires_in_days is not None:
            if isinstance(expires_in_days, bool) or not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
                raise InvalidLearnerDataError(f"a token expires in 1 to {MAX_TOKEN_DAYS} days")
            expires = utcnow() + dt.timedelta(days=int(expires_in_days))
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        with self.store._session(), self.store._transaction():
            lid = self._id(name)
            self.store._lock_learner(lid)  # the count and the insert are one step
            self._q(
                ApiToken.delete().where((ApiToken.learner == lid) & (ApiToken.expires <= now))
            ).execute()
            count = self._q(ApiToken.select().where(ApiToken.learner == lid)).count()
            if count >= MAX_TOKENS:
                raise LimitError(
                    "tokens",
                    MAX_TOKENS,
                    f"at most {MAX_TOKENS} API tokens per learner: revoke one first",
                )
            self._q(
                ApiToken.insert(
                    learner=lid,
                    name=label,
                    token_hash=hash_token(token),
                    created=now,
                    expires=expires,
                )
            ).execute()
        return token

    @guarded()
    def list_tokens(self, name: str) -> list[TokenInfo]:
        """The learner's tokens, oldest first (expired ones included, until removed)."""
        with self.store._session():
            lid = self._id(name)
            rows = self._q(
                ApiToken.select(
                    ApiToken.id,
                    ApiToken.name,
                    ApiToken.created,
                    ApiToken.last_used,
                    ApiToken.expires,
                )
                .where(ApiToken.learner == lid)
                .order_by(ApiToken.id)
                .tuples()
            )
            return [TokenInfo(*row) for row in rows]

    @guarded()
    def revoke_token(self, name: str, token_id: int) -> bool:
        """Revoke one of the learner's own tokens; False when they have no such token."""
        with self.store._session(), self.store._transaction():
            lid = self._id(name)
            deleted = self._q(
                ApiToken.delete().where((ApiToken.learner == lid) & (ApiToken.id == token_id))
            ).execute()
        return deleted > 0

    @guarded()
    def revoke_token_value(self, token: str) -> bool:
        """Revoke the token whose secret this is; False when it is not a live token."""
        with self.store._session(), self.store._transaction():
            deleted = self._q(
                ApiToken.delete().where(ApiToken.token_hash == hash_token(token))
            ).execute()
        return deleted > 0

    @guarded()
    def token_expiry(self, token: str) -> str | None:
        """When the token whose secret this is stops working (ISO, UTC), or None."""
        with self.store._session():
            row = self._q(
                ApiToken.select(ApiToken.expires)
                .where(ApiToken.token_hash == hash_token(token))
                .tuples()
            ).first()
        return _iso(row[0]) if row else None

    @guarded()
    def learner_for_token(self, token: str) -> Account | None:
        """The account a live (unexpired) token belongs to, or None.

        ``last_used`` is updated at most once a minute per token, and only when no other
        writer holds the database: a read never waits for a write.
        """
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        digest = hash_token(token)
        with self.store._session():
            row = self._q(
                ApiToken.select(ApiToken.id, ApiToken.learner, ApiToken.last_used, ApiToken.expires)
                .where(ApiToken.token_hash == digest)
                .tuples()
            ).first()
            if row is None:
                return None
            token_id, lid, last_used, expires = row
            now = utcnow()
            if expires is not None and _as_datetime(expires) <= now:
                return None
            if last_used is None or (now - _as_datetime(last_used)).total_seconds() > 60:
                self.store._try_write(
                    lambda: self._q(
                        ApiToken.update(last_used=now).where(ApiToken.id == token_id)
                    ).execute()
                )
            return self._account(Learner.id == lid)


def _iso(value) -> str | None:
    return _as_datetime(value).isoformat() if value is not None else None


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
