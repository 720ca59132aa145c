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
        "for pkg_name in ('learnpath', 'learnpath.planning', 'learnpath.store'):\n"
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
