"""The options of a plan's measure and limits, shared by ``path``, ``plan`` and
``schedule``: ``--minimize``, ``--rate``, ``--max-cost``, ``--max-hours``, ``--by``
(with ``--hours-per-week``), read into one
:class:`~learnpath.planning.bounded.PlanLimits` by :func:`plan_limits`."""

from __future__ import annotations

from datetime import date

import click

__all__ = ["limit_options", "plan_limits"]

_minimize = click.option(
    "--minimize",
    type=click.Choice(["hours", "cost", "value"]),
    default=None,
    help="What the plan keeps smallest: hours (default), cost, or value: hours x --rate "
    "+ fees (ties: hours after cost or value, cost after hours, then ids).",
)

#: A budget, an hours limit, a rate or a date: the names of :class:`PlanLimits`' fields.
_LIMIT_NAMES = ("minimize", "rate", "max_cost", "max_hours", "by", "hours_per_week")


def limit_options(pace: bool = True):
    """The options of a plan's measure and limits: ``--minimize``, ``--rate``,
    ``--max-cost``, ``--max-hours``, ``--by`` (and ``--hours-per-week`` when ``pace``:
    a command that has its own leaves it out). :func:`plan_limits` reads them."""
    # the largest amounts are PlanLimits' to check (not imported here: `learnpath skills`
    # and the other learner commands load no planner)
    amount = click.FloatRange(min=0)
    options = [
        _minimize,
        click.option(
            "--rate",
            type=amount,
            default=None,
            metavar="USD_PER_HOUR",
            help="What an hour of your time is worth, in USD (needed by --minimize value).",
        ),
        click.option(
            "--max-cost",
            type=amount,
            default=None,
            metavar="USD",
            help="Only plans whose fees total at most USD.",
        ),
        click.option(
            "--max-hours",
            type=amount,
            default=None,
            metavar="H",
            help="Only plans of at most H hours.",
        ),
        click.option(
            "--by",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            default=None,
            metavar="DATE",
            help="Only plans you finish by DATE (YYYY-MM-DD) at --hours-per-week.",
        ),
    ]
    if pace:
        options.append(
            click.option(
                "--hours-per-week",
                type=click.FloatRange(0, 168, min_open=True),  # hours in a week
                default=None,
                metavar="W",
                help="Study hours per week, for --by.",
            )
        )

    def decorate(fn):
        for option in reversed(options):
            fn = option(fn)
        return fn

    return decorate


def plan_limits(opts: dict, start: date | None = None, default=None):
    """The :class:`~learnpath.planning.bounded.PlanLimits` of :func:`limit_options`'
    values, taken out of ``opts`` (a command's keyword arguments); ``default`` fills in
    what is not given (a learner's stored preference)."""
    from learnpath.planning.bounded import PlanLimits

    given = {name: opts.pop(name, None) for name in _LIMIT_NAMES}
    if (
        given["minimize"] == "value"
        and given["rate"] is None
        and (default is None or default.rate is None)
    ):
        raise click.UsageError(
            "--minimize value needs --rate USD_PER_HOUR: what an hour of your time is worth"
        )
    if given["by"] is not None:
        if given["hours_per_week"] is None:
            raise click.UsageError("--by DATE needs --hours-per-week W")
        given["by"] = given["by"].date()
        given["start"] = start
    return PlanLimits.given(given, default)
