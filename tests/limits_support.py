"""A catalogue where speed costs money (``tests/limits/trade-offs.yaml``) and the exact
answer to any limit on it, by trying every set of modules."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

TRADE_OFFS = Path(__file__).resolve().parent / "limits"

#: module -> (hours, cost, teaches, requires), as in the YAML
MODULES = {
    "sql-course": (10, 20, "sql", None),
    "sql-fast": (4, 90, "sql", None),
    "dash": (6, 10, "dashboards", "sql"),
    "dash-pro": (3, 200, "dashboards", "sql"),
}


def best(minimize="hours", rate=None, max_cost=None, max_hours=None):
    """(hours, cost) of the best plan to niche ``analyst`` keeping the limits, or None."""
    plans = []
    for k in range(1, len(MODULES) + 1):
        for chosen in combinations(MODULES, k):
            taught = {MODULES[m][2] for m in chosen}
            if "dashboards" not in taught or not all(
                MODULES[m][3] is None or MODULES[m][3] in taught for m in chosen
            ):
                continue
            hours = sum(MODULES[m][0] for m in chosen)
            cost = sum(MODULES[m][1] for m in chosen)
            if (max_cost is None or cost <= max_cost) and (max_hours is None or hours <= max_hours):
                plans.append((hours, cost))

    def measure(p):
        hours, cost = p
        if minimize == "hours":
            return (hours, cost)
        if minimize == "cost":
            return (cost, hours)
        return (hours * rate + cost, hours)

    return min(plans, key=measure) if plans else None
