"""How learnpath writes hours and money, for people and for JSON: one rule everywhere.

Figures are rounded to 6 decimals (float noise such as ``0.1 + 0.2`` goes away) and
whole numbers lose their ``.0``; for people, thousands are grouped with commas. The
CLI, the web pages, their drawings and the JSON all use these three functions, so a
plan shows the same figures wherever it is read.

Examples
--------
>>> number(12.0), number(0.1 + 0.2), number(7.25)
(12, 0.3, 7.25)
>>> hours(12.5), money(1180), money(0)
('12.5 h', '$1,180', '$0')
"""

from __future__ import annotations

__all__ = ["number", "hours", "money", "count"]


def number(x: float, digits: int = 6) -> int | float:
    """``x`` rounded to ``digits`` decimals; an int when it is whole (for JSON and text).

    Examples
    --------
    >>> number(12.0), number(1 / 3), number(55.5555, digits=2)
    (12, 0.333333, 55.56)
    >>> f"{number(6.0)} of {number(6 + 1.5)}"
    '6 of 7.5'
    """
    r = round(float(x), digits)
    return int(r) if r.is_integer() else r


def hours(x: float) -> str:
    """A number of hours for people: ``"12.5 h"``.

    Examples
    --------
    >>> hours(12.0), hours(0.1 + 0.2), hours(1234.5)
    ('12 h', '0.3 h', '1,234.5 h')
    """
    return f"{number(x):,} h"


def money(x: float) -> str:
    """An amount in US dollars for people: ``"$1,180"``, ``"$49.99"``.

    Examples
    --------
    >>> money(1180.0), money(49.99), money(0), money(18770)
    ('$1,180', '$49.99', '$0', '$18,770')
    """
    return f"${number(x):,}"


def count(n: int, word: str, plural: str | None = None) -> str:
    """``n`` things in words: ``"1 module"``, ``"4 modules"``, ``"1,200 skills"``.

    Examples
    --------
    >>> count(1, "module"), count(4, "module"), count(0, "niche"), count(2, "day")
    ('1 module', '4 modules', '0 niches', '2 days')
    >>> count(3, "learner", "learners")
    '3 learners'
    """
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"
