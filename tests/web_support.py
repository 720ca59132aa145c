"""Helpers of the web, security and reliability tests: the app factory, forms filled as a
browser does (CSRF token included), API tokens, and a real ``learnpath serve`` process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURRICULA = HERE / "web" / "curricula"
SEEDS = HERE / "web" / "seeds"
REPO = HERE.parent
ARTIFACTS = REPO / "test-artifacts"
PASSWORD = "correct horse battery"


_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def submit(client, page: str, action: str, data: dict | None = None, **kwargs):
    """GET ``page``, then POST ``data`` to ``action`` with the page's CSRF token."""
    html = client.get(page).get_data(as_text=True)
    form = {"csrf_token": csrf_from(html), **(data or {})}
    return client.post(action, data=form, **kwargs)


def register(client, name: str, password: str = PASSWORD):
    return submit(
        client,
        "/register",
        "/register",
        {"name": name, "password": password, "confirm": password},
    )


def login(client, name: str, password: str = PASSWORD, next_: str = ""):
    return submit(client, "/login", "/login", {"name": name, "password": password, "next": next_})


def api_token(client, name: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/tokens", json={"name": name, "password": password})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# ---------------------------------------------------------------------- a real server


class LiveServer:
    """``learnpath serve`` in a subprocess, on a free loopback port it picks itself."""

    def __init__(self, tmp: Path, extra_env: dict | None = None, curricula: Path | None = None):
        self.tmp = tmp
        env = dict(os.environ)
        env.update(
            {
                "LEARNPATH_INSTANCE_PATH": str(tmp / "instance"),
                "LEARNPATH_DEMO_LOGIN": "0",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("LEARNPATH_SECRET_KEY", None)
        env.update(extra_env or {})
        self.db_url = f"sqlite:///{tmp / 'server.db'}"
        command = [
            sys.executable,
            "-m",
            "learnpath",
            "--curricula",
            str(curricula or CURRICULA),
            "--db",
            self.db_url,
            "serve",
            "--port",
            "0",
            "--threads",
            "4",
        ]
        self.log = open(tmp / "server.err", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self.log, env=env, cwd=tmp
        )
        self.url = self._wait_for_address(timeout=60)

    def _wait_for_address(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        line = self.proc.stdout.readline().decode()
        match = re.search(r"(http://[^\s]+/)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"learnpath serve did not start: {line!r} {self.errors()}")
        url = match.group(1)
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "health", timeout=2) as r:
                    if r.status == 200:
                        return url
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("learnpath serve did not answer in time")

    def errors(self) -> str:
        return (self.tmp / "server.err").read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def make_app(tmp_path: Path, **overrides):
    """The web tests' app (test catalogue, fresh SQLite file, cheap scrypt)."""
    config = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
        "CURRICULA": [str(CURRICULA)],
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SEEDS": str(SEEDS),
        "DEMO_LOGIN": True,
        "OPEN_REGISTRATION": True,
        "PASSWORD_METHOD": "scrypt:1024:8:1",
    }
    config.update(overrides)
    from learnpath.web import create_app

    return create_app(config)
