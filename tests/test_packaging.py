"""The wheel installs on its own and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from this checkout."""
    pytest.importorskip("build", reason="the `build` package is needed to build the wheel")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("learnpath-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the built wheel installed in it.

    Its dependencies come from this test environment (a path file), so the test needs
    no network; learnpath itself comes only from the wheel.
    """
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNPATH_")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)


def test_wheel_contains_the_mapped_packages_and_data(installed, tmp_path):
    result = run(
        installed,
        str(installed / "bin" / "python"),
        "-c",
        "import learnpath, learnpath.cli, learnpath.web, learnpath.config as c;"
        "print(learnpath.__file__); print(c.bundled_curricula()); print(c.bundled_seeds())",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    module_file, curricula, seeds = result.stdout.split()
    assert module_file.startswith(str(installed)), "learnpath must come from the wheel"
    assert curricula.startswith(str(installed)) and list(Path(curricula).glob("*.yaml"))
    assert seeds.startswith(str(installed))


def _source_packages() -> dict[str, Path]:
    """Every package of the checkout, by the name it installs as."""
    roots = {"learnpath": REPO / "learnpath", "learnpath.cli": REPO / "cli"}
    roots["learnpath.web"] = REPO / "web"
    out = {}
    for name, root in roots.items():
        for init in root.rglob("__init__.py"):
            parts = init.parent.relative_to(root).parts
            out[".".join((name, *parts))] = init
    return out


def test_wheel_holds_every_package_of_the_checkout(wheel):
    # an unlisted subpackage works in an editable install and silently vanishes here
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = _source_packages()
    assert {"learnpath.catalogue", "learnpath.planning.solver"} <= set(packages)
    lost = [p for p in packages if p.replace(".", "/") + "/__init__.py" not in names]
    assert not lost, f"packages missing from the wheel (list them in pyproject.toml): {lost}"
    assert "learnpath/py.typed" in names, "the wheel must say the core is typed (PEP 561)"


def test_installed_command_runs_outside_the_checkout(installed, tmp_path):
    help_ = run(installed, "learnpath", "--help", cwd=tmp_path)
    assert help_.returncode == 0, help_.stderr
    assert "curricula" in help_.stdout
    check = run(installed, "learnpath", "curricula", "check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert " 0 errors" in check.stderr
    as_module = run(
        installed, str(installed / "bin" / "python"), "-m", "learnpath", "--version", cwd=tmp_path
    )
    assert as_module.returncode == 0 and "0.1.0" in as_module.stdout


def test_installed_package_ships_the_occupation_exposure_table(installed, tmp_path):
    result = run(
        installed,
        str(installed / "bin" / "python"),
        "-c",
        "import learnpath.config as c, learnpath.exposure as x;"
        "print(c.bundled_curricula()); e = x.occupation_exposure('27-3042');"
        "print(e.title, e.resilience_low <= e.resilience <= e.resilience_high)",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    folder, answer = result.stdout.splitlines()
    assert folder.startswith(str(installed))
    assert (Path(folder) / "exposure" / "NOTICE.md").is_file()
    assert answer == "Technical Writers True"
