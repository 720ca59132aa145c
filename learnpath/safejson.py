"""JSON from strangers: parsed with limits on nesting and on the size of numbers.

Python's :func:`json.loads` accepts a document nested 20,000 deep (and fails with a
``RecursionError`` half-way down), an integer of 5,000 digits (and fails with a
``ValueError`` about int conversion) and ``NaN``. :func:`loads` refuses each of those with
one :class:`JsonInputError` that says what is wrong, so a web request or an import
file gets a readable 400 and never a 500.

Examples
--------
>>> loads('{"skills": ["sql"], "n": 3}')
{'skills': ['sql'], 'n': 3}
>>> loads("[" * 40 + "]" * 40)
Traceback (most recent call last):
learnpath.safejson.JsonInputError: the JSON is nested more than 32 levels deep
>>> loads('{"n": ' + "9" * 60 + "}")
Traceback (most recent call last):
learnpath.safejson.JsonInputError: the JSON has a number longer than 40 characters
>>> loads('{"n": NaN}')
Traceback (most recent call last):
learnpath.safejson.JsonInputError: the JSON has NaN, which is not a number JSON allows
"""

from __future__ import annotations

import json

from .errors import LearnpathError

__all__ = ["MAX_DEPTH", "MAX_NUMBER_LENGTH", "JsonInputError", "loads", "depth"]

#: Deepest nesting of arrays and objects accepted (learnpath's own files need 4).
MAX_DEPTH = 32
#: Longest number accepted, in characters (a float's 17 digits and an exponent fit).
MAX_NUMBER_LENGTH = 40


class JsonInputError(LearnpathError, ValueError):
    """A JSON document that is malformed, too deep or holds an unreasonable number."""


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER_LENGTH:
            raise JsonInputError(
                f"the JSON has a number longer than {MAX_NUMBER_LENGTH} characters"
            )
        value = kind(text)
        if kind is float and value in (float("inf"), float("-inf")):
            raise JsonInputError(f"the JSON has a number too large to hold: {text}")
        return value

    return parse


def _constant(name: str):
    raise JsonInputError(f"the JSON has {name}, which is not a number JSON allows")


def depth(value, limit: int = MAX_DEPTH) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0), counted without
    recursion; stops counting past ``limit``.

    Examples
    --------
    >>> depth({"a": [1, {"b": []}]}), depth(7)
    (4, 0)
    """
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def loads(text: str | bytes, max_depth: int = MAX_DEPTH):
    """Parse ``text`` as JSON within the limits of the module notes.

    Raises
    ------
    JsonInputError
        For text that is not JSON (with where), not UTF-8, nested deeper than
        ``max_depth``, or holding a number longer than :data:`MAX_NUMBER_LENGTH`
        characters, an infinite one, ``NaN`` or ``Infinity``.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonInputError("the JSON is not UTF-8 text") from exc
    try:
        value = json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_constant,
        )
    except RecursionError:
        raise JsonInputError(f"the JSON is nested more than {max_depth} levels deep") from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"the JSON is not valid: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if depth(value, max_depth) > max_depth:
        raise JsonInputError(f"the JSON is nested more than {max_depth} levels deep")
    return value
