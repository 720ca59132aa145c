"""The core stays free of web and CLI frameworks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "learnpath"


def printed_by(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (so no test's imports leak in)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_imports_neither_flask_nor_click():
    modules = sorted(
        "learnpath." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "banned = ('flask', 'click', 'werkzeug')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in banned)\n"
        "print(','.join(bad))\n"
    )
    bad = printed_by(code)
    assert bad == "", f"the core pulled in: {bad}"


def test_public_names_are_not_shadowed_by_submodules():
    """Importing a submodule sets it as an attribute of its package: no public name of
    a package may share a submodule's name, or it would depend on import order."""
    code = (
        "import importlib, pkgutil, types\n"
        "bad = []\n"
        "packages = ('learnpath', 'learnpath.learner', 'learnpath.planning', 'learnpath.store')\n"
        "for pkg_name in packages:\n"
        "    pkg = importlib.import_module(pkg_name)\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg_name}.{info.name}')\n"
        "    for name in getattr(pkg, '__all__', ()):\n"
        "        if isinstance(getattr(pkg, name), types.ModuleType):\n"
        "            bad.append(f'{pkg_name}.{name}')\n"
        "print(','.join(bad))\n"
    )
    bad = printed_by(code)
    assert bad == "", f"shadowed by a submodule: {bad}"


def imports_of(path: Path) -> set[str]:
    """Every module a file of the core imports, at the top or inside a function."""
    import ast

    package = "learnpath." + ".".join(path.relative_to(CORE).parent.parts)
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rstrip(".").split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
    return out


def test_the_store_imports_no_planner():
    """The store keeps learner state only: what it means for planning is learnpath.learner's.
    Neither at import (a fresh interpreter) nor lazily (any import statement in the code)."""
    up = ("learnpath.planning", "learnpath.learner")
    code = (
        "import importlib, pkgutil, sys\n"
        "import learnpath.store as store\n"
        "for info in pkgutil.iter_modules(store.__path__):\n"
        "    importlib.import_module(f'learnpath.store.{info.name}')\n"
        f"print(','.join(sorted(m for m in sys.modules if m.startswith({up!r}))))\n"
    )
    loaded = printed_by(code)
    assert loaded == "", f"importing learnpath.store loaded: {loaded}"
    lazy = sorted(
        f"{path.name}: {module}"
        for path in (CORE / "store").glob("*.py")
        for module in imports_of(path)
        if module.startswith(up)
    )
    assert lazy == [], lazy


WEB = CORE.parent / "web"
BLUEPRINTS = ("pages", "api", "auth")


def test_web_blueprints_share_helpers_without_importing_one_another():
    """pages, api and auth share what they need through web/common.py, services.py,
    credentials.py and errors.py: none imports another, or a private name of anything."""
    import ast

    bad = []
    for name in BLUEPRINTS:
        tree = ast.parse((WEB / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or node.level != 1:
                continue
            names = [a.name for a in node.names]
            if node.module in BLUEPRINTS or (node.module is None and set(names) - {"svg"}):
                bad.append(f"{name}.py: from .{node.module or ''} import {', '.join(names)}")
            bad += [f"{name}.py: {n} from .{node.module}" for n in names if n.startswith("_")]
    assert bad == [], bad


# ---------------------------------------------------------------- layers of the core

REPO = CORE.parent
#: Packages of the core's middle floor: side by side, none imports another.
SIDE_BY_SIDE = ("learnpath.catalogue", "learnpath.planning", "learnpath.store")
#: The floor below them (and below everything else): plain data, errors and settings.
BOTTOM = ("learnpath.model", "learnpath.errors", "learnpath.config")


def _module_name(path: Path, root: Path, package: str) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((package, *parts))


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every module of ``known`` that ``path`` (module ``name``) imports, at module level
    or inside a function (a lazy import is a dependency all the same)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [source] + [f"{source}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def core_graph():
    """The import graph of ``learnpath/`` (module -> modules it imports)."""
    import networkx as nx

    files = {_module_name(p, CORE, "learnpath"): p for p in CORE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in files.items():
        graph.add_node(name)
        for target in _imports(path, name, set(files)):
            graph.add_edge(name, target)
    return graph


def _in(module: str, packages) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_core_has_no_import_cycle():
    import networkx as nx

    graph = core_graph()
    # a package's face importing its own rooms is how packages work, not a cycle
    faces = [(a, b) for a, b in graph.edges if b.startswith(a + ".")]
    graph.remove_edges_from(faces)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles in learnpath/: {cycles}"


def test_catalogue_planning_and_store_stand_side_by_side():
    bad = [
        f"{a} -> {b}"
        for a, b in core_graph().edges
        for pkg in SIDE_BY_SIDE
        if _in(a, [pkg]) and _in(b, [p for p in SIDE_BY_SIDE if p != pkg])
    ]
    assert not bad, "catalogue, planning and store must not import each other: " + ", ".join(bad)


def test_the_bottom_floor_imports_nothing_above_it():
    bad = [
        f"{a} -> {b}"
        for a, b in core_graph().edges
        if _in(a, BOTTOM) and not _in(b, BOTTOM) and b != "learnpath"
    ]
    assert not bad, "model, errors and config must stay at the bottom: " + ", ".join(bad)


def test_only_the_learner_use_cases_and_adapters_combine_the_middle_floor():
    graph = core_graph()
    users = {a for a, b in graph.edges if _in(b, SIDE_BY_SIDE) and not _in(a, SIDE_BY_SIDE)}
    allowed = {"learnpath", "learnpath.learner"} | {
        m for m in users if m.startswith("learnpath.learner.")
    }
    assert users <= allowed, (
        f"reach catalogue/planning/store only through learnpath.learner: {sorted(users - allowed)}"
    )


def test_environment_variables_are_read_in_config_only():
    import ast

    allowed = {CORE / "config.py", CORE / "store" / "backup.py"}  # backup passes env to pg_dump
    bad = []
    for folder in (CORE, REPO / "cli", REPO / "web"):
        for path in folder.rglob("*.py"):
            if path in allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                    bad.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not bad, f"read LEARNPATH_* settings through learnpath.config: {bad}"
