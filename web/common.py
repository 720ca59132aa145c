"""What the site's blueprints share: the pages, the accounts and the API import these
(and :mod:`.services`, :mod:`.credentials`, :mod:`.errors`), never one another."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NoReturn
from urllib.parse import parse_qsl

from flask import Request, current_app
from flask.json.provider import DefaultJSONProvider
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from marshmallow import missing
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.utils import cached_property

from learnpath import safejson
from learnpath.errors import LearnpathError, UnknownIdError, closest

from .errors import ApiError
from .services import services

__all__ = [
    "csrf",
    "current_name",
    "demo_learners",
    "demo_seeds",
    "not_found",
    "url_id_not_found",
    "attachment",
    "SafeJSONProvider",
    "SafeParser",
    "LearnpathRequest",
]

#: CSRF protection of every page form (the API is exempt: it takes only bearer tokens).
csrf = CSRFProtect()


def current_name() -> str | None:
    """The logged-in learner's name, or None."""
    return current_user.name if current_user.is_authenticated else None


@lru_cache(maxsize=4)
def _seed_names(folder: str) -> tuple[str, ...]:
    from learnpath.store.formats import read_seed_files

    try:
        return tuple(s.name for _, batch in read_seed_files(folder) for s in batch)
    except (LearnpathError, OSError):
        return ()


def demo_seeds() -> Path:
    """The seed file or folder of the demo learners (``SEEDS``, else the bundled one)."""
    from learnpath.config import bundled_seeds

    return Path(current_app.config.get("SEEDS") or bundled_seeds())


def demo_learners() -> list[str]:
    """Seeded demo learners that exist and have no password (when demo log-in is on)."""
    if not current_app.config.get("DEMO_LOGIN"):
        return []
    folder = demo_seeds()
    if not folder.exists():
        return []
    accounts = services().accounts
    out = []
    for name in _seed_names(str(folder)):
        account = accounts.get(name)
        if account is not None and account.password_hash is None:
            out.append(name)
    return out


def url_id_not_found(error: UnknownIdError) -> ApiError:
    """The 404 for an unknown id that came in the URL (in a form or a body it is a 422)."""
    return ApiError(404, str(error), {"kind": error.kind, "unknown": error.unknown})


def not_found(kind: str, bad: str, pool: Iterable[str]) -> NoReturn:
    """Answer 404 for the ``kind`` id ``bad`` in the URL, with the closest ids of ``pool``."""
    raise url_id_not_found(UnknownIdError(kind, {bad: closest(bad, pool)}))


def attachment(filename: str) -> str:
    """A ``Content-Disposition`` value that downloads as ``filename``, whatever its
    letters: an ASCII ``filename`` for old clients and the exact name as RFC 5987's
    ``filename*`` (RFC 6266). Waitress sends headers as Latin-1, so no other character
    may be in a header.

    Examples
    --------
    >>> print(attachment("Ира.json"))
    attachment; filename=".json"; filename*=UTF-8''%D0%98%D1%80%D0%B0.json
    >>> attachment("plan.ics")
    'attachment; filename="plan.ics"'
    """
    from urllib.parse import quote

    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else ""
        for c in unicodedata.normalize("NFKD", filename)
    )
    ascii_name = ascii_name or "download"
    if ascii_name == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


class LearnpathRequest(Request):
    """Flask's request, with the query string parsed faster when it holds long id lists.

    A learner may send a thousand skills as ``have=a%2Cb%2C...``: unquoting every ``%2C``
    one escape at a time took most of such a request. The escaped commas are decoded
    first, which is exactly what unquoting does with them (a comma separates nothing in
    a query string and forms no escape), so what is left unquotes at once.

    >>> from werkzeug.test import EnvironBuilder
    >>> env = EnvironBuilder(query_string="have=a%2Cb%2c%C3%A9&t=x+y").get_environ()
    >>> LearnpathRequest(env).args.to_dict()
    {'have': 'a,b,é', 't': 'x y'}
    """

    @cached_property
    def args(self):
        query = self.query_string.decode().replace("%2C", ",").replace("%2c", ",")
        pairs = parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote")
        return self.parameter_storage_class(pairs)


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, read with :func:`learnpath.safejson.loads` (depth and number limits):
    ``request.get_json()`` of a hostile body is a 400, never a 500."""

    sort_keys = False

    def loads(self, s, **kwargs):
        return safejson.loads(s)


class SafeParser(FlaskParser):
    """flask-smorest's request parser, reading JSON bodies with the same limits."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return missing
        return safejson.loads(req.get_data(cache=True))
