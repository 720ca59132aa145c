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
