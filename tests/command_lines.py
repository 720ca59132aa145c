"""Run documented ``learnpath ...`` command lines as a newcomer would, in a fresh home.

Two sources of lines, both found rather than listed, so commands added later are
checked without touching this file:

- :func:`readme_tour`: every line starting with ``learnpath `` in the bash blocks of
  the README's "Using the command line" section, in order;
- :func:`help_examples`: every line starting with ``learnpath `` in the ``Example:``
  paragraph of every command's ``--help`` (the whole command tree of the CLI).

A :class:`Sandbox` is a fresh home folder (``HOME``, no ``XDG_*``, no ``LEARNPATH_*``
but the test session's catalogue cache), so the default database, the user config and
every file a line writes land inside it. :meth:`Sandbox.run` takes one shell line:
``&&`` chains, ``> FILE`` redirections and ``| PROGRAM`` pipes are honoured (a pipe into
a program that is not installed, such as Graphviz's ``dot``, is cut off and the
output checked to be non-empty instead); ``learnpath`` runs in-process through Click's
runner, ``learnpath ... serve`` as a real server that must answer ``/health``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import click
from click.testing import CliRunner

from learnpath.cli import load_commands, main

README = Path(__file__).resolve().parents[1] / "README.md"

#: Global options that take a value (skipped when finding the command of a line).
_GLOBAL_WITH_VALUE = {"--curricula", "--db", "--learner"}


def readme_tour(readme: Path = README) -> list[str]:
    """The ``learnpath ...`` lines of the README's command-line tour, comments dropped."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## Using the command line", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", section, re.S):
        lines += [_strip_comment(line) for line in block.splitlines()]
    return [line for line in lines if line.startswith("learnpath ")]


def help_examples() -> dict[tuple[str, ...], list[str]]:
    """Command path (``("learner", "add")``) -> the ``learnpath`` lines of its Example."""
    load_commands()
    out: dict[tuple[str, ...], list[str]] = {}

    def visit(command: click.Command, path: tuple[str, ...]) -> None:
        out[path] = examples_of(command.help or "")
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                visit(command.commands[name], (*path, name))

    visit(main, ())
    return out


def examples_of(help_text: str) -> list[str]:
    """The ``learnpath`` lines of the paragraph after ``Example:`` (comments dropped)."""
    lines, inside = [], False
    for raw in help_text.splitlines():
        line = raw.strip()
        if line.startswith("Example"):
            inside = True
            continue
        if inside and not line:
            break
        if inside and line.startswith("learnpath "):
            lines.append(_strip_comment(line))
    return lines


def _strip_comment(line: str) -> str:
    return re.split(r"\s+#\s", line.rstrip(), maxsplit=1)[0].rstrip()


@dataclass
class Outcome:
    """What one line did: its exit status and what it printed."""

    line: str
    status: int
    stdout: str
    stderr: str
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        notes = "".join(f"\n({n})" for n in self.notes)
        return (
            f"$ {self.line}\nexit {self.status}{notes}\n--- stdout\n{self.stdout[-2000:]}"
            f"\n--- stderr\n{self.stderr[-2000:]}"
        )


class Sandbox:
    """A fresh home folder to run documented lines in (``work`` is the current folder)."""

    def __init__(self, home: Path):
        self.home = home
        self.work = home / "work"
        self.work.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LEARNPATH_"))}
        env["HOME"] = str(home)
        if "LEARNPATH_CACHE_DIR" in os.environ:  # the compiled catalogue is not state
            env["LEARNPATH_CACHE_DIR"] = os.environ["LEARNPATH_CACHE_DIR"]
        env["COLUMNS"] = "100"
        self.env = env

    def copy(self, home: Path) -> Sandbox:
        """A new sandbox at ``home`` holding everything this one holds (the user config
        remembers the current learner of a database by its path: moved along)."""
        shutil.copytree(self.home, home, symlinks=True)
        for config in home.glob(".config/learnpath/*.toml"):
            text = config.read_text(encoding="utf-8")
            config.write_text(text.replace(str(self.home), str(home)), encoding="utf-8")
        return Sandbox(home)

    # ------------------------------------------------------------------ running

    def run(self, line: str) -> Outcome:
        """Run one documented line; the outcome of its last part (or the first failure)."""
        outcome = Outcome(line, 0, "", "")
        for part in re.split(r"\s&&\s", line):
            outcome = self._run_part(part.strip(), line)
            if outcome.status != 0:
                break
        return outcome

    def _run_part(self, part: str, line: str) -> Outcome:
        stages = [s.strip() for s in re.split(r"\s\|\s", part)]
        first, redirect = _redirection(stages[0])
        args = shlex.split(first)
        assert args[0] == "learnpath", f"not a learnpath line: {part}"
        notes: list[str] = []
        if _command_of(args[1:]) == "serve":
            return self._serve(args[1:], line)
        status, out, err = self._learnpath(args[1:])
        data = out
        for stage in stages[1:]:
            stage, redirect = _redirection(stage)
            program = shlex.split(stage)[0]
            if shutil.which(program) is None:
                notes.append(f"{program} is not installed: the pipe into it was not run")
                if not data.strip():
                    status, err = 1, err + f"\nnothing was piped into {program}"
                data, redirect = "", None
                break
            done = subprocess.run(
                stage,
                shell=True,
                input=data,
                capture_output=True,
                text=True,
                cwd=self.work,
                env=self.env,
                timeout=60,
            )
            status = status or done.returncode
            data, err = done.stdout, err + done.stderr
        if redirect is not None:
            (self.work / redirect).write_text(data, encoding="utf-8")
            data = ""
        return Outcome(line, status, data, err, notes)

    def _learnpath(self, args: list[str]) -> tuple[int, str, str]:
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        os.environ.clear()
        os.environ.update(self.env)
        os.chdir(self.work)
        try:
            result = CliRunner().invoke(main, args, catch_exceptions=True)
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        err = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            import traceback

            err += "".join(traceback.format_exception(result.exception))
            return 1, result.stdout, err
        return result.exit_code, result.stdout, err

    def _serve(self, args: list[str], line: str) -> Outcome:
        """``learnpath ... serve``: start it (on a free port), ask ``/health``, stop it."""
        if "--port" in args:
            args[args.index("--port") + 1] = "0"
        else:
            args += ["--port", "0"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "learnpath", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.work,
            env=self.env,
            text=True,
        )
        try:
            first = proc.stdout.readline()
            match = re.search(r"(http://\S+/)", first)
            if not match:
                proc.kill()
                return Outcome(line, 1, first, proc.stderr.read())
            url = match.group(1).replace("0.0.0.0", "127.0.0.1")
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(url + "health", timeout=5) as response:
                        body = response.read().decode()
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            return Outcome(line, 0, first + body, "")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()


def _redirection(stage: str) -> tuple[str, str | None]:
    """``"cmd > file"`` -> ``("cmd", "file")``."""
    match = re.match(r"^(.*?)\s>\s*(\S+)$", stage)
    return (match.group(1), match.group(2)) if match else (stage, None)


def _command_of(args: list[str]) -> str | None:
    """The command name of ``learnpath`` arguments, past the global options."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None
