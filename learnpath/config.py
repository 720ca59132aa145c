"""Every setting and its default: the bundled curricula, the database, the cache, the site.

This is the one place that reads ``LEARNPATH_*`` environment variables (:data:`VARIABLES`
lists them all) and the user config file (``config.toml`` in the user config folder,
which remembers the current learner of each database); the CLI and the web app ask
here. Nothing here opens a connection.

Examples
--------
>>> flag("yes"), flag("0"), flag(None, default=True)
(True, False, True)
>>> web_settings({"LEARNPATH_DEMO_LOGIN": "0", "LEARNPATH_MAX_CONTENT_LENGTH": "2048"})
{'DEMO_LOGIN': False, 'MAX_CONTENT_LENGTH': 2048}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path

__all__ = [
    "VARIABLES",
    "ENV_CURRICULA",
    "ENV_DATABASE_URL",
    "ENV_LEARNER",
    "DEFAULT_MAX_FILE_SIZE",
    "bundled_curricula",
    "bundled_seeds",
    "cache_enabled",
    "catalogue_cache_dir",
    "curricula_paths",
    "default_database_url",
    "current_learner",
    "default_learner",
    "flag",
    "set_current_learner",
    "user_config_file",
    "user_cache_dir",
    "web_settings",
]

ENV_CURRICULA = "LEARNPATH_CURRICULA"
ENV_DATABASE_URL = "LEARNPATH_DATABASE_URL"
ENV_LEARNER = "LEARNPATH_LEARNER"
ENV_CONFIG = "LEARNPATH_CONFIG"
APP_NAME = "learnpath"

#: Every environment variable learnpath reads, with its default (the README's table).
VARIABLES: dict[str, str] = {
    ENV_DATABASE_URL: "SQLite in the user data folder",
    ENV_CURRICULA: "the bundled catalogue (paths separated by os.pathsep)",
    ENV_LEARNER: "the current learner (learnpath learner use), else the only one",
    ENV_CONFIG: "config.toml in the user config folder",
    "LEARNPATH_CACHE": "1 (compiled-catalogue cache on)",
    "LEARNPATH_CACHE_DIR": "the user cache folder",
    "LEARNPATH_SECRET_KEY": "generated once into the instance folder",
    "LEARNPATH_INSTANCE_PATH": "Flask's instance folder",
    "LEARNPATH_OPEN_REGISTRATION": "1",
    "LEARNPATH_DEMO_LOGIN": "1",
    "LEARNPATH_SECURE_COOKIES": "0",
    "LEARNPATH_BEHIND_PROXY": "0",
    "LEARNPATH_MAX_CONTENT_LENGTH": "1048576",
    "LEARNPATH_CATALOGUE_CHECK_SECONDS": "2",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

#: Curriculum files larger than this are refused (a guard against hostile input).
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024


def _package_folder(package: str, fallback: str) -> Path:
    # the package's folder, found without importing it (nor importlib.resources, which
    # costs a command's start-up several milliseconds)
    try:
        spec = find_spec(package)
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    # running from a checkout that was never installed
    return Path(__file__).resolve().parent.parent / fallback


def bundled_curricula() -> Path:
    """The folder of the catalogue that ships with learnpath."""
    return _package_folder("learnpath.curricula", "curricula")


def bundled_seeds() -> Path:
    """The folder of the demo learners that ship with learnpath."""
    return _package_folder("learnpath.seeds", "seeds")


def curricula_paths(paths: list[str] | tuple[str, ...] | None = None) -> list[Path]:
    """The curriculum paths to load: ``paths`` if given, else ``$LEARNPATH_CURRICULA``
    (``os.pathsep``-separated), else the bundled folder."""
    if paths:
        return [Path(p) for p in paths]
    env = _env(ENV_CURRICULA)
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return [bundled_curricula()]


def _env(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The variable's value, stripped ("" when unset)."""
    return (os.environ if environ is None else environ).get(name, "").strip()


def flag(value: object, default: bool = False) -> bool:
    """``"1"``/``"yes"``/``True`` -> True, ``"0"``/``"off"``/``False`` -> False.

    Raises
    ------
    ValueError
        For a value that is neither.
    """
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def default_learner() -> str | None:
    """``$LEARNPATH_LEARNER``, or None (then the only learner there is)."""
    return _env(ENV_LEARNER) or None


def user_config_file() -> Path:
    """``$LEARNPATH_CONFIG``, else ``config.toml`` in the user config folder
    (``~/.config/learnpath/`` on Linux)."""
    env = _env(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


_CURRENT = "current_learner"


def _read_user_config() -> dict:
    import tomllib

    try:
        with open(user_config_file(), "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # no file yet, or one edited by hand into nonsense: no settings
    return data if isinstance(data, dict) else {}


def current_learner(database_url: str) -> str | None:
    """The learner that ``learnpath learner add`` or ``learner use`` last made current
    for ``database_url`` (each database remembers its own), or None."""
    table = _read_user_config().get(_CURRENT)
    name = table.get(database_url) if isinstance(table, dict) else None
    return name if isinstance(name, str) and name else None


def set_current_learner(database_url: str, name: str | None) -> Path:
    """Remember ``name`` as the current learner of ``database_url`` (None forgets it);
    returns the config file written.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ[ENV_CONFIG] = os.path.join(tempfile.mkdtemp(), "config.toml")
    >>> _ = set_current_learner("sqlite:///a.db", "maya")
    >>> current_learner("sqlite:///a.db"), current_learner("sqlite:///b.db")
    ('maya', None)
    >>> _ = set_current_learner("sqlite:///a.db", None); current_learner("sqlite:///a.db")
    >>> del os.environ[ENV_CONFIG]
    """
    import json

    data = _read_user_config()
    table = data.get(_CURRENT)
    table = dict(table) if isinstance(table, dict) else {}
    if name:
        table[database_url] = name
    else:
        table.pop(database_url, None)
    path = user_config_file()
    # TOML basic strings accept JSON's escapes, so json.dumps quotes keys and values
    lines = [
        "# learnpath user settings: `learnpath learner use NAME` changes them.",
        "",
        f"[{_CURRENT}]",
        *(f"{json.dumps(url)} = {json.dumps(who)}" for url, who in sorted(table.items())),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def cache_enabled() -> bool:
    """Whether compiled catalogues are cached (``LEARNPATH_CACHE=0`` turns it off)."""
    return _env("LEARNPATH_CACHE").lower() not in ("0", "false", "no", "off")


def catalogue_cache_dir() -> Path:
    """``$LEARNPATH_CACHE_DIR``, else ``catalogues/`` in the user cache folder."""
    env = _env("LEARNPATH_CACHE_DIR")
    return Path(env) if env else user_cache_dir() / "catalogues"


def web_settings(environ: Mapping[str, str] | None = None) -> dict:
    """The web app's settings that the environment gives (only those that are set)."""
    out: dict = {}
    if _env(ENV_DATABASE_URL, environ):
        out["DATABASE_URL"] = _env(ENV_DATABASE_URL, environ)
    if _env(ENV_CURRICULA, environ):
        out["CURRICULA"] = [p for p in _env(ENV_CURRICULA, environ).split(os.pathsep) if p]
    if _env("LEARNPATH_SECRET_KEY", environ):
        out["SECRET_KEY"] = _env("LEARNPATH_SECRET_KEY", environ)
    if _env("LEARNPATH_INSTANCE_PATH", environ):
        out["INSTANCE_PATH"] = _env("LEARNPATH_INSTANCE_PATH", environ)
    env = os.environ if environ is None else environ
    for key in ("OPEN_REGISTRATION", "DEMO_LOGIN", "SECURE_COOKIES", "BEHIND_PROXY"):
        if f"LEARNPATH_{key}" in env:
            out[key] = flag(env[f"LEARNPATH_{key}"])
    if _env("LEARNPATH_CATALOGUE_CHECK_SECONDS", environ):
        out["CATALOGUE_CHECK_SECONDS"] = float(_env("LEARNPATH_CATALOGUE_CHECK_SECONDS", environ))
    if _env("LEARNPATH_MAX_CONTENT_LENGTH", environ):
        out["MAX_CONTENT_LENGTH"] = int(_env("LEARNPATH_MAX_CONTENT_LENGTH", environ))
    return out


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    """``$LEARNPATH_DATABASE_URL``, else a SQLite file in the user data folder."""
    env = _env(ENV_DATABASE_URL)
    if env:
        return env
    return f"sqlite:///{user_data_dir() / 'learnpath.db'}"
