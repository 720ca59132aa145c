"""The README's command tour works as written (datasette-style: docs that tests keep honest)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from learnpath.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def tour_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using the command line", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = []
    for line in block.splitlines():
        line = re.split(r"\s+#\s", line)[0]  # drop the comment
        line = re.split(r"\s[|>]\s", line)[0]  # drop pipes and redirections
        if line.startswith("learnpath "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_the_tour_is_found():
    assert len(tour_commands()) >= 10


def test_every_tour_command_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'tour.db'}")
    monkeypatch.delenv("LEARNPATH_LEARNER", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in tour_commands():
        result = runner.invoke(main, args)
        assert result.exit_code == 0, f"learnpath {' '.join(args)}\n{result.output}"
    assert (tmp_path / "plan.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert '"name": "maya"' in (tmp_path / "maya.json").read_text()
