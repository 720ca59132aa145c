"""The documented ways in run as written: the README's second tour block and the
``Example:`` lines of `match`, `roles`, `assess`, `skip` and `unskip` (pipes from
``echo`` and ``yes`` included), in a real shell, in a fresh home, after the learner
of the first tour block exists."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from learnpath.cli import load_commands, main

README = Path(__file__).resolve().parents[1] / "README.md"
LEARNPATH = Path(sys.executable).parent / "learnpath"

pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or not LEARNPATH.exists(),
    reason="needs bash and the installed learnpath command",
)


def start_block() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Using the command line", 1)[1]
    block = re.findall(r"```bash\n(.*?)```", section.split("\n## ", 1)[0], re.S)[1]
    return [re.split(r"\s+#\s", line)[0].strip() for line in block.splitlines() if line.strip()]


def examples(*names: str) -> list[str]:
    load_commands()
    lines = []
    for name in names:
        text = main.commands[name].help or ""
        after = text.split("Example:", 1)[1]
        lines += [line.strip() for line in after.split("\n\n", 1)[0].splitlines() if line.strip()]
    return [line for line in lines if "learnpath" in line]


@pytest.fixture
def shell(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LEARNPATH_"))}
    env.update(
        HOME=str(tmp_path),
        PATH=f"{LEARNPATH.parent}{os.pathsep}{env.get('PATH', '')}",
        LEARNPATH_DATABASE_URL=f"sqlite:///{tmp_path / 'docs.db'}",
        COLUMNS="100",
    )
    if "LEARNPATH_CACHE_DIR" in os.environ:
        env["LEARNPATH_CACHE_DIR"] = os.environ["LEARNPATH_CACHE_DIR"]
    posting = Path(__file__).resolve().parent / "benchmarks" / "match_two_page_posting.txt"
    shutil.copy(posting, tmp_path / "posting.txt")  # what `learnpath match` examples read
    runner = CliRunner(env={"LEARNPATH_DATABASE_URL": env["LEARNPATH_DATABASE_URL"]})
    for args in (
        ["learner", "add", "maya"],
        ["skills", "add", "computer-literacy", "written-english"],
        ["goals", "add", "ai-content-strategist"],
    ):
        assert runner.invoke(main, args).exit_code == 0

    def run(line: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "-c", line],  # the status of the last command: learnpath's
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )

    return run


def test_the_readme_block_and_the_help_examples_run(shell):
    lines = start_block() + examples("match", "roles", "assess", "skip", "unskip")
    assert len(lines) >= 14
    for line in lines:
        result = shell(line)
        assert result.returncode == 0, f"$ {line}\n{result.stdout[-1500:]}\n{result.stderr}"
        assert result.stdout.strip() or result.stderr.strip(), line
