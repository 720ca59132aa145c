"""The branch and bound of :mod:`.search` within limits on cost and/or hours.

When the best plan breaks a limit (``max_cost``, ``max_hours``), the same depth-first
search answers with the limits taken into account, so most limited queries never load
HiGHS. The search carries the *use* of what it has chosen beyond the forced core (its
cost, its hours, or both) next to its key sum, and leaves a subtree when that use plus
a lower bound on what covering the open skills still uses exceeds the room the limits
leave beyond the core. The bound has the shape of the search's own: per open skill,
the least use of its teachers' closures beyond what is chosen, added up over open
skills whose possible additions are pairwise disjoint. The objective's bound prunes as
before, and plans are compared by the same packed keys, so the plan is the one the
integer program with the limits as rows gives.

Two things change against the search without limits: a plan only counts when it keeps
the limits, and the groups of open skills whose reaches share nothing are no longer
independent (the limits tie them together). A group whose best way without the limits
also uses the least is settled apart (swapping it into any plan keeps the limits and
does not lower the plan's rank); the other groups are searched as one. A search that
ends without a plan proves that no plan keeps the limits.

Use is counted in integer millionths, like the keys. With both limits, a module's use
packs its cost above its hours in one integer (hours in the low bits, which no sum of
distinct items overflows), so sums stay single additions; the limits are checked per
part. When some weight is not a whole number of millionths, the room gets a slack of
half a millionth per module, so rounding never turns a plan within the limits away;
the caller checks the plan found against the limits in floats.
"""

from __future__ import annotations

import math
import time

from ..index import PlanningIndex
from .contexts import ForcedClosures
from .keys import _SCALE, WeightKeys, _bits
from .objective import LIMIT_TOLERANCE, Objective
from .region import Solution
from .search import ForcedSearch, _OutOfBudget

__all__ = ["NONE_FITS", "LimitedSearch", "search_within"]

#: what a search proving that no plan keeps the limits answers
NONE_FITS = Solution(frozenset(), frozenset(), True, math.inf, False)


class LimitedSearch(ForcedSearch):
    """One exact search beyond a forced core within the objective's limits.

    Attributes (beyond :class:`~.search.ForcedSearch`'s)
    ------------------------------------------------------
    room : int
        What the limits leave beyond the core, in the packing of a use.
    base : int
        With both limits, the factor packing cost above hours (else 0).
    module_use : list of int
        Per module, its use (packed with both limits).
    item_use : list of int
        Per item number, its use (0 for a missing entry skill), filled as items are met.
    uses : dict
        Item mask -> the sum of its items' uses.
    """

    __slots__ = ("room", "room_hours", "base", "module_use", "item_use", "uses")

    def __init__(
        self,
        ix: PlanningIndex,
        closures: ForcedClosures,
        held: frozenset[str],
        forced: tuple,
        objective: Objective,
        tie_break: bool = True,
        node_budget: int = 10_000,
        seconds: float = math.inf,
    ):
        super().__init__(ix, closures, held, forced, objective, tie_break, node_budget, seconds)
        self.item_use: list[int] = []
        self.uses: dict[int, int] = {}
        keys = ix.memo(WeightKeys)
        max_cost, max_hours = objective.max_cost, objective.max_hours
        self.base = self.room_hours = 0
        if max_cost is None:  # hours only (a search is only built with a limit)
            self.module_use = keys.weights("hours")
            self.room = _room(ix, self.core, "hours", max_hours or 0.0)
            return
        self.room = _room(ix, self.core, "cost", max_cost)
        if max_hours is None:
            self.module_use = keys.weights("cost")
        else:
            self.base, self.module_use = keys.cost_and_hours()
            self.room_hours = _room(ix, self.core, "hours", max_hours)

    # -- use -------------------------------------------------------------------------

    def fits(self, use: int) -> bool:
        """Whether a use keeps the room (each limit's part, with both)."""
        if not self.base:
            return use <= self.room
        cost, hours = divmod(use, self.base)
        return cost <= self.room and hours <= self.room_hours

    def use_sum(self, mask: int) -> int:
        """The sum of the uses of the items in ``mask`` (memoised)."""
        v = self.uses.get(mask)
        if v is None:
            per, items = self.item_use, self.items
            for k in range(len(per), len(items)):
                x = items[k]
                per.append(self.module_use[x] if isinstance(x, int) else 0)
            v = self.uses[mask] = sum(per[k] for k in _bits(mask))
        return v

    def least_use(self, uses: list[int]) -> int:
        """The least of ``uses``, per limit with both (a packed lower bound)."""
        if not self.base:
            return min(uses)
        base = self.base
        return min(u // base for u in uses) * base + min(u % base for u in uses)

    # -- the search ------------------------------------------------------------------

    def run(self) -> Solution | None:
        """The best plan within the limits (core included), proved optimal;
        :data:`NONE_FITS` when none keeps them; ``None`` past the budget."""
        try:
            fixed, needed = self.settle_groups()
            self.best, self.best_chosen = math.inf, -1
            self.seen.clear()
            self.descend_within(fixed, 0, self.use_sum(fixed), 0, needed)
        except (_OutOfBudget, RecursionError):
            return None
        if self.best_chosen < 0:
            return NONE_FITS
        return self.solution(self.best_chosen)

    def settle_groups(self) -> tuple[int, int]:
        """The groups of open skills (:meth:`~.search.ForcedSearch.groups`) whose best
        way without the limits also uses the least, settled apart: any plan may swap
        its part in such a group for that way, keeping the limits and its rank. Returns
        (the items of those ways, the open skills of the other groups, searched as one:
        the limits tie them together)."""
        groups = self.groups()
        if len(groups) < 2:
            return 0, groups[0] if groups else 0
        fixed = needed = 0
        for group in groups:
            taken = self.search_group(group)
            _, _, counted, apart = self.bound(group, -1)
            least, _ = self.use_bound(counted or apart or [], -1)
            if taken >= 0 and self.use_sum(taken) <= least:
                fixed |= taken
            else:
                needed |= group
        return fixed, needed

    def tick(self) -> None:
        """Count a node entered; past the work budget (or the seconds), stop."""
        nodes = self.nodes = self.nodes + 1
        if nodes > self.node_budget:
            raise _OutOfBudget
        if nodes >= self.clock:
            self.clock = nodes + 4096
            if time.monotonic() > self.deadline:
                raise _OutOfBudget

    def descend_within(self, chosen: int, cost: int, use: int, covered: int, needed: int) -> None:
        """:meth:`~.search.ForcedSearch.descend` with the use ``use`` of ``chosen``: a
        subtree whose use bound breaks the room is left, a plan counts only within it."""
        self.tick()
        open_ = needed & ~covered
        if not open_:
            if cost < self.best and self.fits(use):
                self.best, self.best_chosen = cost, chosen
            return
        got = self.bounds_within(open_, chosen, cost, use)
        if got is None:
            return
        lb, pick, counted, apart, use_counted = got
        if apart is not None and self.settle_within(chosen, cost, use, covered, needed, apart):
            return
        free = ~chosen
        opts = []
        for t in self.skill_teachers[pick]:
            add = self.forces[t] & free
            opts.append((self.sums[add], t, add))
        opts.sort()
        for c, t, add in opts:
            nxt = chosen | add
            if nxt in self.seen:
                continue
            self.seen.add(nxt)
            if cost + c >= self.best or not self.child_fits(use, add, use_counted):
                continue
            if counted and self.best != math.inf:  # the child's bound, as the search's
                child = cost + c
                for low, foot, *_ in counted:
                    if not foot & add:
                        child += low
                if child >= self.best:
                    continue
            cov, need = self.links.get(t) or self.links_of(t)
            cov |= covered
            need |= needed
            u = use + self.use_sum(add)
            if need & ~cov:
                self.descend_within(nxt, cost + c, u, cov, need)
            else:  # every needed skill is covered: a plan within the room
                self.best, self.best_chosen = cost + c, nxt
            if self.best <= cost + lb:  # the bound is reached: nothing here does better
                return

    def bounds_within(self, open_: int, chosen: int, cost: int, use: int) -> tuple | None:
        """The bounds of a node (taken ``chosen``, key sum ``cost``, use ``use``, open
        skills ``open_``): ``None`` when no plan below beats the best or keeps the room;
        else ``(bound on the key, the skill to branch on, counted, apart, use rows)``
        (see :meth:`~.search.ForcedSearch.bound` and :meth:`use_bound`). The skill to
        branch on is the one with the fewest teachers that keep the room, if fewer
        than the search's own pick has teachers."""
        lb, pick, counted, apart = self.bound(open_, ~chosen)
        if cost + lb >= self.best:
            return None
        entries = counted or apart or []
        use_lb, rows = self.use_bound(entries, ~chosen)
        if not self.fits(use + use_lb):
            return None
        viable = self.viable_bound(entries, ~chosen, use + use_lb, rows)
        if viable is None or cost + viable[0] >= self.best:
            return None
        tight, fewest, few = viable
        if few < len(self.skill_teachers[pick]):  # branch where the room leaves least choice
            pick = fewest
        return max(lb, tight), pick, counted, apart, rows

    def use_bound(self, entries: list, free: int) -> tuple[int, list]:
        """A lower bound on the use still needed, from the bound's ``entries`` (per open
        skill ``(cheapest add, union of its teachers' adds, bit, cheapest teacher)``,
        their unions pairwise disjoint): per skill the least use of its teachers' adds
        beyond the items taken (all but ``free``), summed. Returns the bound and the
        ``(least use, union)`` pair of each skill."""
        rows = []
        teachers, forces, use_sum = self.skill_teachers, self.forces, self.use_sum
        total = 0
        for _, foot, bit, _ in entries:
            low = self.least_use(
                [use_sum(forces[t] & free) for t in teachers[bit.bit_length() - 1]]
            )
            total += low
            rows.append((low, foot))
        return total, rows

    def viable_bound(self, entries: list, free: int, reach: int, rows: list) -> tuple | None:
        """The key bound of the skills ``entries`` (disjoint unions) counting, per skill,
        only the teachers whose add keeps the room next to the least use of the others
        (``reach``, what :meth:`use_bound` gave plus the use so far, and its ``rows``).

        Returns ``(bound, the skill with the fewest such teachers, their number)``, or
        ``None`` when some skill has none (no plan below keeps the room)."""
        teachers, forces, use_sum, sums = self.skill_teachers, self.forces, self.use_sum, self.sums
        total = 0
        fewest, few = -1, math.inf
        for (_, _, bit, _), (low_use, _) in zip(entries, rows, strict=True):
            rest = reach - low_use
            low = -1
            viable = 0
            k = bit.bit_length() - 1
            for t in teachers[k]:
                add = forces[t] & free
                if self.fits(rest + use_sum(add)):
                    viable += 1
                    c = sums[add]
                    if low < 0 or c < low:
                        low = c
            if low < 0:
                return None
            total += low
            if viable < few:
                fewest, few = k, viable
        return total, fewest, few

    def child_fits(self, use: int, add: int, use_counted: list) -> bool:
        """Whether the child taking ``add`` may still keep the room: its use, plus the
        least use of each counted skill whose teachers' adds miss ``add`` (still open,
        its adds unchanged), keeps it."""
        child = use + self.use_sum(add)
        for low, foot in use_counted:
            if not foot & add:
                child += low
        return self.fits(child)

    def settle_within(
        self, chosen: int, cost: int, use: int, covered: int, needed: int, apart: list
    ) -> bool:
        """:meth:`~.search.ForcedSearch.settle` when that plan also keeps the room."""
        free = ~chosen
        add = 0
        for entry in apart:
            add |= self.forces[entry[3]] & free
        if not self.fits(use + self.use_sum(add)):
            return False
        return self.settle(chosen, covered, needed, cost + self.key_sum(add), apart)


def _room(ix: PlanningIndex, core: frozenset[int], measure: str, limit: float) -> int:
    """What ``limit`` on ``measure`` leaves beyond the core, in integer millionths (with
    the limits' tolerance, and a rounding slack when a weight is not whole millionths)."""
    weights = ix.weights(measure)
    left = limit + LIMIT_TOLERANCE * max(1.0, limit) - math.fsum([weights[m] for m in core])
    room = math.floor(left * _SCALE + 1e-3)
    if not ix.memo(WeightKeys).exact(measure):
        room += len(weights) // 2 + 1
    return room


def search_within(
    ix: PlanningIndex,
    closures: ForcedClosures,
    held: frozenset[str],
    forced: tuple,
    objective: Objective,
    tie_break: bool = True,
    node_budget: int = 10_000,
    seconds: float = math.inf,
) -> Solution | None:
    """The best plan beyond a forced core within ``objective``'s limits, proved optimal,
    :data:`NONE_FITS` when no plan keeps them, or ``None`` past ``node_budget`` units
    of work or ``seconds`` (see :func:`~.search.search_forced` for the arguments).
    The plan's limits are checked in integer millionths: check it in floats too.

    Examples
    --------
    >>> from learnpath.model import Catalogue, Module, Skill
    >>> from learnpath.planning.index import index_of
    >>> from learnpath.planning.solver.contexts import closures_for
    >>> cat = Catalogue.build([Skill(s, s) for s in "ab"], [
    ...     Module("big", "Big", ("a", "b"), 5, cost=90), Module("ma", "A", ("a",), 3),
    ...     Module("mb", "B", ("b",), 3, cost=10)], [])
    >>> ix = index_of(cat)
    >>> ctx = closures_for(ix, frozenset(), frozenset())
    >>> forced = ctx.core(frozenset(), ["a", "b"])
    >>> sol = search_within(ix, ctx, frozenset(), forced, Objective("hours", max_cost=50))
    >>> sorted(ix.module_ids[m] for m in sol.modules), sol.optimal
    (['ma', 'mb'], True)
    >>> search_within(ix, ctx, frozenset(), forced, Objective("hours", max_cost=5)).feasible
    False
    """
    search = LimitedSearch(ix, closures, held, forced, objective, tie_break, node_budget, seconds)
    return search.run()
