"""Role presets: the skills typical of a kind of freelancer ("I am a writer").

Examples
--------
>>> from learnpath.model import Catalogue, Role, Skill
>>> cat = Catalogue.build([Skill("sql", "SQL")], [], [],
...                       roles=[Role("analyst", "Data analyst", ("sql",))])
>>> role_skills(cat, "analyst"), role_skills(cat, "DATA ANALYST")
(('sql',), ('sql',))
>>> role_skills(cat, "analyts")
Traceback (most recent call last):
...
learnpath.roles.UnknownRoleError: unknown role `analyts` (did you mean `analyst`?); \
the roles are: analyst
"""

from __future__ import annotations

from .errors import UnknownIdError, closest
from .model import Catalogue, Role

__all__ = ["UnknownRoleError", "find_role", "role_skills"]


class UnknownRoleError(UnknownIdError):
    """No role preset of that id or name; the message lists the roles there are."""

    def __init__(self, role: str, catalogue: Catalogue):
        super().__init__("role", {role: closest(role, catalogue.roles)})
        roles = ", ".join(sorted(catalogue.roles)) or "none (the catalogue has no roles)"
        self.args = (f"{self.args[0]}; the roles are: {roles}",)


def find_role(catalogue: Catalogue, role: str) -> Role:
    """The role preset ``role`` names: its id, or its name in any case.

    Raises
    ------
    UnknownRoleError
        When the catalogue has no such role (listing those it has).
    """
    found = catalogue.roles.get(role)
    if found is None:
        wanted = role.strip().casefold()
        found = next((r for r in catalogue.roles.values() if r.name.casefold() == wanted), None)
    if found is None:
        raise UnknownRoleError(role, catalogue)
    return found


def role_skills(catalogue: Catalogue, role: str) -> tuple[str, ...]:
    """The skills of role preset ``role`` (see :func:`find_role`)."""
    return find_role(catalogue, role).skills
