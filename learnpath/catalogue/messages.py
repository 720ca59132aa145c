"""Problem messages for curriculum authors: marshmallow's errors reworded, with a fix.

Examples
--------
>>> unknown_field("requries", ["requires", "teaches"], "module `m`")
'unknown field `requries` in module `m`; did you mean `requires`?'
>>> print(explain("Not a valid list.", "sql"))
must be a list, got the text 'sql'; write [sql]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import closest

if TYPE_CHECKING:
    from .yamlsource import YamlDocument

__all__ = ["unknown_field", "report_errors", "describe", "explain"]


def unknown_field(name: Any, valid: Sequence[str], where: str) -> str:
    near = closest(str(name), valid, n=1)
    hint = f"; did you mean `{near[0]}`?" if near else f"; valid fields: {', '.join(valid)}"
    return f"unknown field `{name}` in {where}{hint}"


_SINGULAR = {
    "skills": "skill",
    "modules": "module",
    "niches": "niche",
    "roles": "role",
    "curriculum": "curriculum",
}


def report_errors(
    doc: YamlDocument, base: tuple, errors: dict, item: Any, valid: Sequence[str]
) -> None:
    """Turn marshmallow's error dict for one item into located problems."""
    from .yamlsource import REFUSED

    where = _SINGULAR.get(base[0], base[0])
    if item is REFUSED:
        return
    if "_schema" in errors:
        doc.error_at(
            base,
            f"each {where} must be a mapping of fields (`id: ...`, ...), not {describe(item)}",
        )
        return
    ident = f" `{item['id']}`" if isinstance(item, dict) and isinstance(item.get("id"), str) else ""
    for name, messages in errors.items():
        value = item.get(name) if isinstance(item, dict) else None
        if value is REFUSED:
            continue
        if messages == ["Unknown field."]:
            doc.error_at((*base, name), unknown_field(name, valid, f"{where}{ident}"), key=True)
            continue
        if isinstance(messages, dict):  # errors inside a list: {index: [messages]}
            for index, inner in messages.items():
                element = value[index] if isinstance(value, list) and index < len(value) else None
                if element is REFUSED:
                    continue
                for message in inner:
                    doc.error_at(
                        (*base, name, index),
                        f"{where}{ident}: `{name}` item: {explain(message, element)}",
                    )
            continue
        if messages == ["Missing data for required field."]:
            doc.error_at(base, f"{where}{ident}: missing required field `{name}`")
            continue
        for message in messages:
            doc.error_at((*base, name), f"{where}{ident}: `{name}` {explain(message, value)}")


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def explain(message: str, value: Any) -> str:
    """marshmallow's message, reworded for curriculum authors, with a fix where we know one."""
    if message == "Field may not be null.":
        return "is empty; give it a value or remove the line"
    if message == "Not a valid string.":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f'must be text, got {describe(value)}; quote it: "{value}"'
        return f"must be text, got {describe(value)}"
    if message == "Not a valid list.":
        if isinstance(value, str):
            return f"must be a list, got {describe(value)}; write [{value}]"
        return f"must be a list, got {describe(value)}"
    if message == "Not a valid number.":
        hint = ""
        if isinstance(value, str):
            try:
                float(value)
                hint = f"; remove the quotes: {value}"
            except ValueError:
                pass
        return f"must be a number, got {describe(value)}{hint}"
    if message == "Not a valid URL.":
        return f"must be an http(s) URL, got {describe(value)}"
    if message == "malformed id":
        return f"malformed id {value!r}: {_id_rule()}{_id_suggestion(value)}"
    if message.startswith("must"):
        got = f" (got {value})" if isinstance(value, int | float) else ""
        return message + got
    return message[0].lower() + message[1:].rstrip(".")


def _id_rule() -> str:
    return "use lowercase letters, digits, `_`, `.` and `-`, starting with a letter or digit"


def _id_suggestion(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    fixed = re.sub(r"[^a-z0-9_.-]+", "-", value.strip().lower()).strip("-_.")
    return f"; try `{fixed}`" if fixed and fixed != value else ""
