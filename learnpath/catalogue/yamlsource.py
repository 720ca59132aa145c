"""Read one curriculum file safely into plain Python data, remembering where each part was.

PyYAML composes the file into a node tree (LibYAML's C parser when it is installed,
the pure-Python one otherwise); this module turns the nodes into dicts, lists and
scalars itself, so that it can refuse what a curriculum never needs and a hostile file
could abuse:

- files over a size limit, bytes that are not UTF-8, more than one document;
- aliases (``*name``), which could expand a small file into a huge one;
- nesting deeper than a limit; tags other than YAML's plain scalar ones;
- the same key twice in one mapping (YAML silently keeps the last one).

The node tree is kept so that a later validation error can be placed at the exact line
and column of the value it concerns (:meth:`YamlDocument.locate`).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..config import DEFAULT_MAX_FILE_SIZE
from .problems import Problem

__all__ = ["YamlDocument", "read_yaml", "REFUSED", "DEFAULT_MAX_FILE_SIZE", "DEFAULT_MAX_DEPTH"]


class _Refused:
    """Stands in for a value that was refused (and reported) while reading."""

    def __repr__(self) -> str:
        return "<refused>"


#: The value of anything refused while reading; validators stay silent about it.
REFUSED = _Refused()

DEFAULT_MAX_DEPTH = 32

try:  # LibYAML's C parser is many times faster; fall back to pure Python without it.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_T + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP, _TIMESTAMP = _T + "seq", _T + "map", _T + "timestamp"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlDocument:
    """The data of one file, its node tree, and the problems found while reading it."""

    path: str
    data: Any = None
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    #: the file, to compose again after :meth:`release` if a place is asked for
    source: Path | None = None

    def release(self) -> None:
        """Drop the node tree and the data to keep memory low while other files load;
        :meth:`locate` composes the file again if it is still asked for a place."""
        self.root = None
        self.data = None

    def error(self, node_or_mark: Any, message: str, severity: str = "error") -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.path, line, col, severity, message))  # type: ignore[arg-type]

    def error_at(self, path: tuple[Any, ...], message: str, key: bool = False) -> None:
        """Record an error at the value (or, with ``key=True``, the key) at ``path``."""
        line, col = self.locate(path, key=key)
        self.problems.append(Problem(self.path, line, col, "error", message))

    def locate(self, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value at ``path`` (keys and list indexes).

        With ``key=True`` the position of the last key itself. Stops at the deepest
        node that exists, so a missing field points at the mapping that lacks it.
        """
        source = self.source
        if self.root is None and source is not None:
            self.source = None
            with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError):
                self.root = yaml.compose(source.read_bytes().decode("utf-8-sig"), Loader=_Loader)
        node, key_node = self.root, None
        for step in path:
            child = None
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == step:
                        key_node, child = k, v
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                key_node, child = None, node.value[step]
            if child is None:
                break
            node = child
        target = key_node if key and key_node is not None else node
        if target is None:
            return 1, 1
        return target.start_mark.line + 1, target.start_mark.column + 1


def read_yaml(
    path: str | Path,
    *,
    display_name: str | None = None,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> YamlDocument:
    """Read ``path`` into a :class:`YamlDocument`; never raises for bad content.

    Examples
    --------
    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    >>> _ = f.write("skills:\\n  - {id: a, name: A}\\n  - {id: a, name: B, name: C}\\n")
    >>> f.close()
    >>> doc = read_yaml(f.name, display_name="x.yaml")
    >>> doc.data["skills"][0]
    {'id': 'a', 'name': 'A'}
    >>> print(doc.problems[0])
    x.yaml:3:22: error: duplicate key `name` (first at line 3); YAML would silently keep ...
    >>> os.unlink(f.name)
    """
    name = display_name or str(path)
    doc = YamlDocument(name, source=Path(path))
    try:
        size = Path(path).stat().st_size
        if size > max_size:
            doc.problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    f"file is {size:,} bytes, over the limit of "
                    f"{max_size:,}; split it into several files",
                )
            )
            return doc
        raw = Path(path).read_bytes()
    except OSError as exc:
        doc.problems.append(Problem(name, 1, 1, "error", f"cannot read file: {exc.strerror}"))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(
                name,
                line,
                col,
                "error",
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        )
        return doc
    alias = _first_alias(text) if "&" in text else None  # no anchor, no alias
    if alias is not None:
        doc.error(
            alias,
            "YAML aliases (`*name`) are not allowed in curricula; write the content out instead",
        )
        return doc
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(s for s in (exc.context, exc.problem) if s)
        doc.error(mark, f"YAML syntax: {detail}")
        return doc
    except yaml.YAMLError as exc:  # e.g. a reader error on control characters
        doc.problems.append(Problem(name, 1, 1, "error", f"YAML syntax: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(Problem(name, 1, 1, "error", "YAML nesting is too deep"))
        return doc
    doc.root = root
    if root is None:
        doc.data = {}
        return doc
    if not isinstance(root, MappingNode):
        doc.error(
            root,
            "a curriculum file must be a mapping with `skills`, `modules` "
            "and/or `niches` at the top level",
        )
        return doc
    doc.data = _Builder(doc, max_depth).build(root)
    return doc


def _first_alias(text: str) -> Any:
    """The mark of the first alias in ``text``, or ``None``; stops at the first one, so
    an alias bomb is refused before anything is expanded."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
    except yaml.YAMLError:
        return None  # composing reports the syntax error with its place
    return None


class _Builder:
    """Turns a node tree into plain data, recording problems instead of raising."""

    def __init__(self, doc: YamlDocument, max_depth: int):
        self.doc = doc
        self.max_depth = max_depth
        self.seen: set[int] = set()

    def build(self, node: Node, depth: int = 0) -> Any:
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth >= self.max_depth:
            self.doc.error(node, f"nesting deeper than {self.max_depth} levels")
            return REFUSED
        if id(node) in self.seen:
            self.doc.error(
                node,
                "YAML aliases (`*name`) are not allowed in curricula; "
                "write the content out instead",
            )
            return REFUSED
        self.seen.add(id(node))
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                return self.bad_tag(node)
            return [self.build(item, depth + 1) for item in node.value]
        if node.tag != _MAP:
            return self.bad_tag(node)
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _T + "merge":
                self.doc.error(
                    key_node, "keys must be plain words (no `<<` merges or complex keys)"
                )
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                self.doc.error(
                    key_node,
                    f"duplicate key `{key}` (first at line "
                    f"{first_line[key]}); YAML would silently keep the last value",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, depth + 1)
        return out

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _INT:
            return _constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            number = _constructor.construct_yaml_float(node)
            if math.isnan(number) or math.isinf(number):
                return value  # keep it a string: a validator will say it's no number
            return number
        if tag == _BOOL:
            return _constructor.construct_yaml_bool(node)
        if tag == _NULL:
            return None
        if tag == _TIMESTAMP:
            return value  # dates stay text; fields that want dates parse them
        return self.bad_tag(node)

    def bad_tag(self, node: Node) -> _Refused:
        self.doc.error(
            node,
            f"YAML tag `{node.tag}` is not allowed; curricula use plain "
            "strings, numbers, lists and mappings",
        )
        return REFUSED
