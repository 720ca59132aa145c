"""How much one learner may keep: the limits every write and import is checked against.

Each limit is checked in the same transaction as the write (with the learner's row
locked on PostgreSQL), so concurrent requests cannot together go past it.

=====================  =======  ======================================================
limit                  value    why
=====================  =======  ======================================================
``MAX_GOALS``          20       each goal adds a solve to every plan and progress page
``MAX_SKILLS``         1000     declared skills (a national taxonomy has thousands)
``MAX_COMPLETIONS``    10000    completed modules
``MAX_UNKNOWN_IDS``    100      ids an import or seed may bring that the catalogue does
                                not have (kept as stale ids, never planned)
``MAX_TOKENS``         50       API tokens (see :mod:`learnpath.store.accounts`)
=====================  =======  ======================================================

>>> MAX_GOALS
20
"""

from __future__ import annotations

__all__ = ["MAX_GOALS", "MAX_SKILLS", "MAX_COMPLETIONS", "MAX_UNKNOWN_IDS", "MAX_TOKENS"]

MAX_GOALS = 20
MAX_SKILLS = 1000
MAX_COMPLETIONS = 10_000
MAX_UNKNOWN_IDS = 100
MAX_TOKENS = 50
