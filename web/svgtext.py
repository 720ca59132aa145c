"""Text in our SVG drawings: escaping, a width estimate, and wrapping into lines.

Browsers lay out SVG text without wrapping it, so the drawings wrap it themselves from
an estimate of each character's width. The estimate is deliberately generous (about
DejaVu Sans, the widest of the common sans-serif fonts), so text measured here never
spills out of the box drawn for it.
"""

from __future__ import annotations

from html import escape

__all__ = ["esc", "text_width", "wrap_lines", "shorten"]

_NARROW = set("ijlI.,:;'!|()[]{} ftr-")
_WIDE = set("mwMW@%")
_CAPITAL = set("ABCDEFGHJKLNOPQRSTUVXYZ&0123456789")


def esc(text) -> str:
    """``text`` escaped for SVG markup and attributes."""
    return escape(str(text), quote=True)


def text_width(text: str, size: float = 12.0, bold: bool = False) -> float:
    """An upper estimate of ``text``'s width in pixels at font size ``size``.

    Examples
    --------
    >>> text_width("Hi") < text_width("HI") < text_width("MM")
    True
    """
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.36
        elif ch in _WIDE:
            em += 0.95
        elif ch in _CAPITAL:
            em += 0.72
        else:
            em += 0.62
    return em * size * (1.08 if bold else 1.0)


def shorten(text: str, width: float, size: float = 12.0, bold: bool = False) -> str:
    """``text``, cut with an ellipsis so that it fits ``width``.

    Examples
    --------
    >>> shorten("Spreadsheet basics", 1000), shorten("Spreadsheet basics", 60)
    ('Spreadsheet basics', 'Spread…')
    """
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap_lines(
    text: str, width: float, size: float = 12.0, max_lines: int = 2, bold: bool = False
) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines that fit ``width``; the
    last line ends with an ellipsis when the text does not fit.

    Examples
    --------
    >>> wrap_lines("Self-study: business writing essentials", 150)
    ['Self-study: business', 'writing essentials']
    >>> wrap_lines("Self-study: business writing essentials", 90)
    ['Self-study:', 'business writing…']
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for k, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if text_width(trial, size, bold) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:  # the last line takes the rest, shortened
            current = " ".join(words[k:])
            break
    lines.append(current)
    lines = [shorten(line, width, size, bold) for line in lines]
    return lines[:max_lines]
