"""The planned-against-done chart of a commitment in SVG: hours per week, as bars.

Each week of the commitment has two bars side by side: the hours planned in it (light)
and the hours done in it (the actual hours of the modules completed that week, dark).
One layout, 360 px wide, fits a 390 px phone and scales up in its box; the table
next to it on the page gives the same figures as text.
"""

from __future__ import annotations

import math

from learnpath.formatting import number

from .svgtext import esc

__all__ = ["week_chart"]

WIDTH, HEIGHT = 360, 190


def _step(top: float) -> float:
    raw = max(top, 1e-9) / 4
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def week_chart(weeks) -> str:
    """The chart of ``weeks`` (:class:`learnpath.learner.WeekHours`); empty text when
    there is no week to draw.

    Examples
    --------
    >>> import datetime as dt
    >>> from learnpath.learner import WeekHours
    >>> svg = week_chart([WeekHours(dt.date(2026, 9, 7), 6.0, 8.0)])
    >>> svg.startswith("<svg") and 'class="bar done"' in svg and "width=\\"360\\"" in svg
    True
    >>> week_chart([])
    ''
    """
    weeks = list(weeks)
    if not weeks:
        return ""
    left, right, top, bottom = 36, 8, 12, 40
    pw, ph = WIDTH - left - right, HEIGHT - top - bottom
    peak = max([max(w.planned, w.done) for w in weeks] + [1.0])
    step = _step(peak)
    y_max = step * math.ceil(peak / step - 1e-9)
    slot = pw / len(weeks)
    bar = max(1.0, min(14.0, slot * 0.4))

    def y(h: float) -> float:
        return top + ph * (1 - h / y_max)

    planned = sum(w.planned for w in weeks)
    done = sum(w.done for w in weeks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="week-chart" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        'aria-labelledby="week-chart-title week-chart-desc">',
        '<title id="week-chart-title">Hours planned and done per week</title>',
        f'<desc id="week-chart-desc">{len(weeks)} weeks from {weeks[0].first.isoformat()}: '
        f"{number(planned, 1)} h planned, {number(done, 1)} h done.</desc>",
        f'<rect class="plot" x="{left}" y="{top}" width="{pw}" height="{ph}"/>',
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        ty = y(tick)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{ty:.1f}" x2="{left + pw}" y2="{ty:.1f}"/>'
        )
        parts.append(
            f'<text class="tick" x="{left - 4}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{number(tick, 1)}</text>"
        )
        tick += step
    every = max(1, math.ceil(len(weeks) / 6))  # at most six date labels
    for k, w in enumerate(weeks):
        cx = left + slot * (k + 0.5)
        for cls, h, dx in (("planned", w.planned, -bar), ("done", w.done, 0.0)):
            if h <= 0:
                continue
            parts.append(
                f'<rect class="bar {cls}" x="{cx + dx:.1f}" y="{y(h):.1f}" width="{bar:.1f}" '
                f'height="{top + ph - y(h):.1f}"><title>Week of {w.first.isoformat()}: '
                f"{number(h, 1)} h {esc(cls)}</title></rect>"
            )
        if k % every == 0:
            parts.append(
                f'<text class="tick" x="{cx:.1f}" y="{top + ph + 14}" text-anchor="middle">'
                f"{w.first.strftime('%d %b')}</text>"
            )
    ly = HEIGHT - 8
    parts += [
        f'<rect class="bar planned" x="{left}" y="{ly - 9}" width="10" height="10"/>',
        f'<text class="tick" x="{left + 14}" y="{ly}">planned</text>',
        f'<rect class="bar done" x="{left + 80}" y="{ly - 9}" width="10" height="10"/>',
        f'<text class="tick" x="{left + 94}" y="{ly}">done</text>',
        f'<text class="tick" x="{WIDTH - right}" y="{ly}" text-anchor="end">hours a week</text>',
        "</svg>",
    ]
    return "\n".join(parts)
