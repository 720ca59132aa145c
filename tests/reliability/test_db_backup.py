"""``learnpath db backup FILE``: a consistent copy taken while writers go on writing.

Writers mark modules done as fast as they can (threads, one store each, as server
threads would); the backup starts in the middle. Restoring the copy must give back
every completion committed before the backup began, and nothing that was never
committed. On PostgreSQL the same through ``pg_dump``/``pg_restore``.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time

import pytest
from click.testing import CliRunner
from store_support import FILLER_MODULES, POSTGRES_SKIP_REASON, demo_catalogue

from learnpath.cli import main
from learnpath.store import ProgressStore
from learnpath.store.backup import BackupError, backup

LEARNERS = [f"learner{i}" for i in range(4)]
CATALOGUE = demo_catalogue()


def _completions(url: str) -> set[tuple[str, str]]:
    with ProgressStore(url, CATALOGUE) as store:
        return {(n, c.module) for n in LEARNERS for c in store.state(n).completions}


def _write_during(url: str, take_backup) -> tuple[set, set, object]:
    """Writers run; ``take_backup()`` is called once some writes are in. Returns
    (committed before the backup began, every commit, the backup's result)."""
    with ProgressStore(url, CATALOGUE) as store:
        for name in LEARNERS:
            store.add_learner(name)
    committed: list[tuple[str, str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer(names):
        try:
            with ProgressStore(url, CATALOGUE) as store:
                for module in FILLER_MODULES:
                    for name in names:
                        if stop.is_set():
                            return
                        store.mark_done(name, [module])
                        with lock:  # returned: committed
                            committed.append((name, module))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(LEARNERS[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(committed) < 20 and time.monotonic() < deadline:
        time.sleep(0.005)
    with lock:
        before = set(committed)
    result = take_backup()
    for t in threads:
        t.join(timeout=60)
    stop.set()
    assert not errors, errors
    return before, set(committed), result


def test_a_sqlite_backup_during_writes_restores_every_completion(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    copy = tmp_path / "backups" / "copy.db"
    args = ["--db", url, "db", "backup", str(copy), "--json"]
    before, everything, result = _write_during(url, lambda: CliRunner().invoke(main, args))
    assert result.exit_code == 0, result.output
    assert len(everything) == len(LEARNERS) * len(FILLER_MODULES)  # the writers went on
    restored = _completions(f"sqlite:///{copy}")
    assert before <= restored, "a completion committed before the backup is missing"
    assert restored <= everything, "the copy holds something never committed"
    # the copy is one self-contained file (no -wal beside it) that opens as a database
    assert not copy.with_name(copy.name + "-wal").exists()
    assert not list(copy.parent.glob(".*partial"))


def test_backup_refuses_to_overwrite_and_explains(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    with ProgressStore(url, CATALOGUE) as store:
        store.add_learner("ana")
    target = tmp_path / "copy.db"
    target.write_text("precious")
    result = CliRunner().invoke(main, ["--db", url, "db", "backup", str(target)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert target.read_text() == "precious"
    result = CliRunner().invoke(main, ["--db", url, "db", "backup", str(target), "--force"])
    assert result.exit_code == 0 and "1 learner" in result.output
    missing = f"sqlite:///{tmp_path / 'nothing-here.db'}"
    with pytest.raises(BackupError, match="no database"):
        backup(missing, tmp_path / "x.db")


def test_postgresql_without_pg_dump_prints_instructions(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on this PATH
    url = "postgresql://learnpath:s3cret@127.0.0.1:5432/learnpath"
    result = CliRunner().invoke(main, ["--db", url, "db", "backup", str(tmp_path / "x.dump")])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output and "pg_restore" in result.output
    assert "s3cret" not in result.output


def test_a_postgresql_backup_during_writes_restores_every_completion(_postgres_server, tmp_path):
    if _postgres_server is None:
        pytest.skip(POSTGRES_SKIP_REASON)
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not installed")
    n = len(_postgres_server.databases)
    url, restored_url = _postgres_server.database(n), _postgres_server.database(n + 1)
    dump = tmp_path / "learnpath.dump"
    before, everything, result = _write_during(url, lambda: backup(url, dump))
    assert result.kind == "postgresql" and dump.stat().st_size > 0
    from urllib.parse import urlparse

    target = urlparse(restored_url)
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "-h",
            target.hostname,
            "-p",
            str(target.port or 5432),
            "-U",
            target.username or "postgres",
            "-d",
            target.path.lstrip("/"),
            str(dump),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    restored = _completions(restored_url)
    assert before <= restored and restored <= everything
