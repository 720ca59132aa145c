"""The text to match, checked: UTF-8, at most 100 KB, with at least one word.

Examples
--------
>>> decode_text("Need a copywriter".encode())
'Need a copywriter'
>>> decode_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
Traceback (most recent call last):
...
learnpath.matching.source.TextError: this is not text (it has NUL bytes: a binary file?): \
give a job posting, a client brief or a CV as plain UTF-8 text
"""

from __future__ import annotations

import re

from ..errors import LearnpathError

__all__ = ["MAX_TEXT_BYTES", "TextError", "decode_text", "check_text"]

#: Longest text read: 100 KB, some 15,000 words (a long CV is a tenth of that).
MAX_TEXT_BYTES = 100_000

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]")
_HOW = "give a job posting, a client brief or a CV as plain UTF-8 text"


class TextError(LearnpathError):
    """The text cannot be matched: empty, too large, or not text at all."""


def _too_large(size: int) -> TextError:
    return TextError(
        f"the text is {size:,} bytes; at most {MAX_TEXT_BYTES:,} (100 KB, about 15,000 "
        "words) are read: keep the part that describes the work"
    )


def decode_text(data: bytes) -> str:
    """``data`` as text, or :class:`TextError` when it is too large or not UTF-8 text."""
    if len(data) > MAX_TEXT_BYTES:
        raise _too_large(len(data))
    if b"\x00" in data:
        raise TextError(f"this is not text (it has NUL bytes: a binary file?): {_HOW}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextError(
            f"this is not UTF-8 text (byte {exc.start + 1} cannot be read): {_HOW}; "
            "save it as UTF-8 first"
        ) from exc
    return check_text(text)


def check_text(text: str) -> str:
    """``text`` if it can be matched, else :class:`TextError` (empty, too large, binary).

    Examples
    --------
    >>> check_text("  ")
    Traceback (most recent call last):
    ...
    learnpath.matching.source.TextError: the text is empty: give a job posting, a client \
brief or a CV as plain UTF-8 text
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise _too_large(size)
    if "\x00" in text:
        raise TextError(f"this is not text (it has NUL bytes: a binary file?): {_HOW}")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise TextError(f"this is not text (it is full of control characters): {_HOW}")
    if not text.strip():
        raise TextError(f"the text is empty: {_HOW}")
    if not _WORD.search(text):
        raise TextError(f"the text has no words, only punctuation or symbols: {_HOW}")
    return text
