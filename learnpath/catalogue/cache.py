"""A compiled-catalogue cache, so that unchanged curricula load in milliseconds.

A validated :class:`~learnpath.model.Catalogue` is pickled into the user cache folder
under a key made of learnpath's version and the content hash of every curriculum file.
Any change to any file gives a new key. A cache entry carries a checksum of its own
bytes: one that is truncated, corrupt or written by another version is ignored and
rebuilt, never trusted.

The cache folder is ``$LEARNPATH_CACHE_DIR`` if set, else the platform's user cache
folder; ``LEARNPATH_CACHE=0`` turns caching off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..model import Catalogue

__all__ = ["catalogue_key", "cache_dir", "read_cached", "write_cached", "caching_enabled"]

_MAGIC = b"LPCAT1\n"
_FORMAT = "4"  # bump when the pickled classes change shape


def caching_enabled() -> bool:
    """Whether compiled catalogues are cached (see :func:`learnpath.config.cache_enabled`)."""
    from ..config import cache_enabled

    return cache_enabled()


def cache_dir() -> Path:
    """The cache folder (see :func:`learnpath.config.catalogue_cache_dir`)."""
    from ..config import catalogue_cache_dir

    return catalogue_cache_dir()


def catalogue_key(files: Sequence[Path], display_names: Sequence[str], options: str = "") -> str:
    """A hex digest that changes whenever any file's name or content changes.

    Display names are part of the key because catalogue locations mention them.
    """
    from .. import __version__

    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}\0{options}\0".encode())
    for path, name in zip(files, display_names, strict=True):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_cached(key: str) -> Catalogue | None:
    """The catalogue stored under ``key``, or ``None`` if absent, stale or damaged."""
    path = cache_dir() / f"{key}.pickle"
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header_len = len(_MAGIC) + 32
    if len(blob) < header_len or not blob.startswith(_MAGIC):
        return None
    checksum, payload = blob[len(_MAGIC) : header_len], blob[header_len:]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        catalogue = pickle.loads(payload)  # noqa: S301 - our own file, checksummed
    except Exception:  # a damaged or foreign entry: rebuild instead
        return None
    finally:
        if was_enabled:
            gc.enable()
    return catalogue if isinstance(catalogue, Catalogue) else None


def write_cached(key: str, catalogue: Catalogue) -> None:
    """Store ``catalogue`` under ``key`` atomically; a failure to write is not an error."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(catalogue, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + hashlib.sha256(payload).digest() + payload
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, folder / f"{key}.pickle")
    except OSError:
        return
