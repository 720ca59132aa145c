"""The niche chart in SVG: resilience to AI (up) against hours to ready (right).

The Pareto front is marked, joined, and labelled; every dot links to its niche and has
its facts as a ``<title>`` tooltip. Labels are placed where they overlap no other label,
no dot and no edge of the plot, else over other dots but never over the front's (a
label that fits nowhere is left out: its dot keeps the tooltip, and the table beside
the chart names every niche). The chart is drawn for
wide and for narrow screens; the stylesheet shows the one that fits.
"""

from __future__ import annotations

import math

from learnpath.formatting import hours, number

from .svgtext import esc, shorten, text_width

__all__ = ["niche_chart", "LAYOUTS"]

#: (name, width, height, label font size, longest label in pixels)
LAYOUTS = (("wide", 720, 420, 12.0, 200.0), ("narrow", 360, 320, 11.0, 120.0))

Box = tuple[float, float, float, float]  # x, y, width, height


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = max(span, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def niche_chart(
    ranks, url_for_niche=lambda nid: f"/niches/{nid}", skill_names=lambda ids: ", ".join(ids)
) -> str:
    """The chart of ``ranks`` (:class:`learnpath.planning.NicheRank`), in every layout.

    A niche needing entry skills no module teaches is drawn hollow: its hours assume the
    learner gets those elsewhere (``skill_names`` words them). A vertical bar through each
    dot is its resilience band.
    """
    ranks = list(ranks)
    return "\n".join(_chart(ranks, url_for_niche, skill_names, *layout) for layout in LAYOUTS)


def _band(r) -> tuple[float, float]:
    """A rank's resilience band (its score alone when the catalogue gives none)."""
    low = r.resilience if r.resilience_low is None else r.resilience_low
    high = r.resilience if r.resilience_high is None else r.resilience_high
    return low, high


def _band_text(r) -> str:
    low, high = _band(r)
    return f"{r.resilience:.2f}" + (f" (band {low:.2f}-{high:.2f})" if high > low else "")


def _chart(ranks, url_for_niche, skill_names, name, width, height, font, longest) -> str:
    small = name == "narrow"
    left, right, top, bottom = (44 if small else 64), 14, 16, (46 if small else 56)
    pw, ph = width - left - right, height - top - bottom
    max_hours = max([r.hours_to_ready for r in ranks] + [1.0])
    step = _nice_step(max_hours, 4 if small else 5)
    x_max = step * math.ceil(max_hours / step)
    # resilience up to the next tenth above the most resilient niche: room to tell them apart
    y_max = min(1.0, math.ceil(max([_band(r)[1] for r in ranks] + [0.05]) * 10 + 0.5) / 10)
    y_step = 0.1 if y_max <= 0.6 else 0.2

    def x(h: float) -> float:
        return left + pw * (h / x_max)

    def y(res: float) -> float:
        return top + ph * (1.0 - res / y_max)

    ident = f"chart-{name}"
    front = sorted((r for r in ranks if r.pareto), key=lambda r: (r.hours_to_ready, r.resilience))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart for-{name}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">',
        f'<title id="{ident}-title">Niches: resilience to AI against hours to ready</title>',
        f'<desc id="{ident}-desc">{len(ranks)} niches. {len(front)} are on the Pareto front '
        "(no other niche is both more resilient and quicker): "
        + esc(", ".join(f"{r.name} ({hours(r.hours_to_ready)}, {_band_text(r)})" for r in front))
        + ".</desc>",
        f'<rect class="plot" x="{left}" y="{top}" width="{pw}" height="{ph}"/>',
    ]
    tick = 0.0
    while tick <= x_max + 1e-9:
        px = x(tick)
        parts.append(f'<line class="grid" x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{top + ph}"/>')
        parts.append(
            f'<text class="tick" x="{px:.1f}" y="{top + ph + 16}" text-anchor="middle">'
            f"{number(tick)}</text>"
        )
        tick += step
    for k in range(round(y_max / y_step) + 1):
        res = k * y_step
        py = y(res)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{py:.1f}" x2="{left + pw}" y2="{py:.1f}"/>'
        )
        parts.append(
            f'<text class="tick" x="{left - 6}" y="{py + 4:.1f}" text-anchor="end">{res:.1f}</text>'
        )
    parts.append(
        f'<text class="axis-label" x="{left + pw / 2:.1f}" y="{height - 10}" '
        'text-anchor="middle">hours to ready</text>'
    )
    parts.append(
        f'<text class="axis-label" x="12" y="{top + ph / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + ph / 2:.1f})">resilience to AI</text>'
    )
    line = [r for r in front if not r.missing]  # hours of blocked niches are not comparable
    if len(line) > 1:  # the front as a staircase: more resilience costs more hours
        points = []
        for a, b in zip(line, line[1:], strict=False):
            points.append(f"{x(a.hours_to_ready):.1f},{y(a.resilience):.1f}")
            points.append(f"{x(b.hours_to_ready):.1f},{y(a.resilience):.1f}")
        points.append(f"{x(line[-1].hours_to_ready):.1f},{y(line[-1].resilience):.1f}")
        parts.append(f'<polyline class="front" points="{" ".join(points)}"/>')
    for r in ranks:  # the bands first, under every dot
        low, high = _band(r)
        if high > low:
            bx = x(r.hours_to_ready)
            parts.append(
                f'<line class="band" x1="{bx:.1f}" y1="{y(high):.1f}" '
                f'x2="{bx:.1f}" y2="{y(low):.1f}"/>'
            )
    dots: list[Box] = []
    front_dots: list[Box] = []
    for r in sorted(ranks, key=lambda r: r.pareto):
        cls = "point pareto" if r.pareto else "point"
        if r.missing:
            cls += " blocked"
        label = (
            f"{r.name}: resilience {_band_text(r)}, {hours(r.hours_to_ready)} to ready"
            + (f", needs {skill_names(r.missing)} first" if r.missing else "")
            + (" (Pareto front)" if r.pareto else "")
        )
        cx, cy = x(r.hours_to_ready), y(r.resilience)
        radius = 7 if r.pareto else 5
        dots.append((cx - radius, cy - radius, 2 * radius, 2 * radius))
        if r.pareto:
            front_dots.append(dots[-1])
        parts.append(
            f'<a href="{esc(url_for_niche(r.id))}" aria-label="{esc(label)}">'
            f'<circle class="{cls}" cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}">'
            f"<title>{esc(label)}</title></circle></a>"
        )
    plot = (left, top, pw, ph)
    placed: list[Box] = []
    # the front from the quickest: the niches a reader compares first get the best spots
    for r in front:
        text = shorten(r.name, longest, font, bold=True)
        cx, cy = x(r.hours_to_ready), y(r.resilience)
        # clear of every dot if it can be, else over other niches' dots but not the front's
        spot = _free_spot(cx, cy, text, font, plot, placed, dots) or _free_spot(
            cx, cy, text, font, plot, placed, front_dots
        )
        if spot is None:
            continue
        sx, sy, anchor, box, far = spot
        placed.append(box)
        if far:  # a label set apart from its dot: a thin line says whose it is
            lx = min(max(x(r.hours_to_ready), box[0]), box[0] + box[2])
            ly = min(max(y(r.resilience), box[1]), box[1] + box[3])
            parts.append(
                f'<line class="leader" x1="{x(r.hours_to_ready):.1f}" '
                f'y1="{y(r.resilience):.1f}" x2="{lx:.1f}" y2="{ly:.1f}"/>'
            )
        parts.append(
            f'<text class="point-label" x="{sx:.1f}" y="{sy:.1f}" text-anchor="{anchor}">'
            f"{esc(text)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _free_spot(cx, cy, text, font, plot: Box, placed: list[Box], dots: list[Box]):
    """The first position around the dot at (cx, cy) where ``text`` overlaps nothing:
    ``(x, y, anchor, box, far)`` (``far``: set apart, it needs a leader line), or None."""
    w, h = text_width(text, font, bold=True), font * 1.25
    px, py, pw, ph = plot
    for dist in (10.0, 22.0, 38.0, 56.0):
        for dx, dy, anchor in (
            (dist, -4.0, "start"),
            (dist, font + 2, "start"),
            (-dist, -4.0, "end"),
            (-dist, font + 2, "end"),
            (0.0, -dist, "middle"),
            (0.0, dist + font, "middle"),
            (dist, -dist, "start"),
            (-dist, dist + font, "end"),
        ):
            sx, sy = cx + dx, cy + dy
            bx = {"start": sx, "end": sx - w, "middle": sx - w / 2}[anchor]
            box = (bx - 1, sy - font, w + 2, h)
            inside = px <= box[0] and box[0] + box[2] <= px + pw and py <= box[1]
            inside = inside and box[1] + box[3] <= py + ph
            if (
                inside
                and not any(_overlap(box, other) for other in placed)
                and not any(_overlap(box, dot) for dot in dots)
            ):
                return sx, sy, anchor, box, dist > 10
    return None


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
