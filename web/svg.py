"""Our own SVG drawings: the niche chart (:mod:`.chart`) and the plan drawing
(:mod:`.pathdraw`), each laid out for wide and narrow screens, and the planned-against-
done chart of a commitment (:mod:`.weekchart`, one layout that fits a phone).

They carry no ``style`` attributes (the site's Content-Security-Policy forbids inline
styles): presentation comes from classes that ``static/site.css`` styles. Every drawing
has a ``<title>`` and ``<desc>``, and the page next to it shows the same facts as text.
"""

from __future__ import annotations

from .chart import niche_chart
from .pathdraw import path_drawing
from .weekchart import week_chart

__all__ = ["niche_chart", "path_drawing", "week_chart"]
