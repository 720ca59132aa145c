"""Real ``learnpath serve`` processes for the reliability tests and the load script.

A plain module (not fixtures) so that ``tests/load/run_load.py`` can use it outside
pytest. Every server listens on 127.0.0.1 on a port it picks itself; every wait is
bounded in time.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEB_CURRICULA = HERE / "web" / "curricula"
PASSWORD = "correct horse battery"


def write_catalogue(folder: Path, fillers: int = 0) -> Path:
    """The web tests' small catalogue copied into ``folder``, plus ``fillers`` independent
    one-hour modules ``fill-0000``... (each teaches its own skill), for many distinct
    completion writes."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in WEB_CURRICULA.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    if fillers:
        lines = ["curriculum:", "  title: Filler", "skills:"]
        lines += [f"  - {{id: fill-skill-{i:04d}, name: Filler skill {i}}}" for i in range(fillers)]
        lines += ["modules:"]
        lines += [
            f"  - {{id: fill-{i:04d}, title: Filler {i}, teaches: [fill-skill-{i:04d}], hours: 1}}"
            for i in range(fillers)
        ]
        (folder / "filler.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def filler_modules(n: int) -> list[str]:
    return [f"fill-{i:04d}" for i in range(n)]


def create_learners(db_url: str, curricula: Path, names: list[str]) -> None:
    """Accounts with :data:`PASSWORD` (hashed at a cost tests afford), made before the
    servers start, as an administrator would."""
    from werkzeug.security import generate_password_hash

    from learnpath.catalogue.loader import load_catalogue
    from learnpath.store import ProgressStore
    from learnpath.store.accounts import AccountStore

    digest = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    with ProgressStore(db_url, load_catalogue([curricula])) as store:
        accounts = AccountStore(store)
        for name in names:
            accounts.create(name, digest)


class Server:
    """``learnpath serve`` in a subprocess; its stderr goes to ``log`` (a file)."""

    def __init__(
        self,
        tmp: Path,
        db_url: str,
        curricula: Path,
        *,
        threads: int = 4,
        env: dict | None = None,
        name: str = "server",
        start_timeout: float = 60.0,
    ):
        self.tmp = Path(tmp)
        self.db_url = db_url
        self.curricula = curricula
        self.threads = threads
        self.log = self.tmp / f"{name}.log"
        self.env = dict(os.environ)
        self.env.update(
            {
                "LEARNPATH_INSTANCE_PATH": str(self.tmp / "instance"),
                "LEARNPATH_DEMO_LOGIN": "0",
                "LEARNPATH_CACHE": "0",
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.env.pop("LEARNPATH_SECRET_KEY", None)
        self.env.update(env or {})
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.port = 0
        self.start(start_timeout)

    def start(self, timeout: float = 60.0) -> None:
        command = [
            sys.executable,
            "-m",
            "learnpath",
            "--curricula",
            str(self.curricula),
            "--db",
            self.db_url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--threads",
            str(self.threads),
        ]
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=err, env=self.env, cwd=self.tmp
            )
        deadline = time.monotonic() + timeout
        line = self.proc.stdout.readline().decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.kill()
            raise RuntimeError(f"learnpath serve did not start: {line!r} {self.errors()}")
        self.port = int(match.group(1))
        self.url = match.group(0)
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"learnpath serve did not answer in time: {self.errors()}")

    def errors(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def kill(self) -> None:
        """``kill -9``: no clean-up, no flush, as a crash or the OOM killer would."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self._close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self._close()

    def _close(self) -> None:
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()


class Client:
    """One keep-alive HTTP connection to one server (or, for a round-robin over
    several, one per server), JSON in and out. Every call has a timeout."""

    def __init__(self, urls: list[str] | str, timeout: float = 30.0, source: str | None = None):
        urls = [urls] if isinstance(urls, str) else list(urls)
        self.hosts = [re.match(r"http://([^/]+)/", u).group(1) for u in urls]
        self.timeout = timeout
        self.source = source  # a loopback address to send from (127.0.0.2...): another client
        self.conns: list[http.client.HTTPConnection | None] = [None] * len(self.hosts)
        self.turn = 0
        self.token: str | None = None
        self.headers: http.client.HTTPMessage | None = None  # of the last answer

    def _conn(self, i: int) -> http.client.HTTPConnection:
        if self.conns[i] is None:
            host, port = self.hosts[i].rsplit(":", 1)
            source = (self.source, 0) if self.source else None
            self.conns[i] = http.client.HTTPConnection(
                host, int(port), timeout=self.timeout, source_address=source
            )
        return self.conns[i]

    def request(self, method: str, path: str, body=None, headers: dict | None = None):
        """``(status, parsed JSON or raw bytes)``; the next server of the round-robin."""
        i = self.turn % len(self.hosts)
        self.turn += 1
        head = {"Accept": "application/json", **(headers or {})}
        if self.token:
            head["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            head["Content-Type"] = "application/json"
        for attempt in (1, 2):
            conn = self._conn(i)
            try:
                conn.request(method, path, body=data, headers=head)
                response = conn.getresponse()
                raw = response.read()
                self.headers = response.headers
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a keep-alive connection the server closed while idle: reconnect once.
                # Nothing was answered; the request may still have been handled, so only
                # idempotent requests (reads, completion writes) are safe to send here
                conn.close()
                self.conns[i] = None
                if attempt == 2:
                    raise
        if response.getheader("Content-Type", "").startswith("application/json"):
            return response.status, json.loads(raw or b"null")
        return response.status, raw

    def log_in(self, name: str, password: str = PASSWORD) -> str:
        status, body = self.request("POST", "/api/v1/tokens", {"name": name, "password": password})
        if status != 201:
            raise RuntimeError(f"no token for {name}: {status} {body}")
        self.token = body["token"]
        return self.token

    def close(self) -> None:
        for c in self.conns:
            if c is not None:
                c.close()
        self.conns = [None] * len(self.hosts)


def completions_in(db_url: str) -> dict[str, list[str]]:
    """Every completion row in the database, per learner name (duplicates kept)."""
    from learnpath.store.database import open_database

    db = open_database(db_url)
    with db.connection_context():
        rows = db.execute_sql(
            "SELECT l.name, c.module_id FROM completion c JOIN learner l ON l.id = c.learner_id"
        ).fetchall()
    db.close()
    out: dict[str, list[str]] = {}
    for name, module in rows:
        out.setdefault(name, []).append(module)
    return out


class Browser:
    """A browser's part, over one connection: cookies kept, forms sent with the page's
    CSRF token, redirects not followed (their ``Location`` is what tests look at)."""

    _CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')

    def __init__(self, url: str, source: str | None = None, timeout: float = 30.0):
        host, port = re.match(r"http://([^/:]+):(\d+)/", url).groups()
        self.host, self.port, self.source, self.timeout = host, int(port), source, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """``(status, headers, body text)``."""
        source = (self.source, 0) if self.source else None
        conn = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout, source_address=source
        )
        try:
            head = dict(headers or {})
            if self.cookies:
                head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=head)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, text
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def submit(self, page: str, action: str, fields: dict, files: dict | None = None):
        """GET ``page`` for its CSRF token, then POST ``fields`` (and ``files``:
        name -> (filename, bytes)) to ``action``."""
        from urllib.parse import urlencode

        _, _, html = self.get(page)
        match = self._CSRF.search(html)
        assert match, f"{page} has no CSRF token"
        data = {"csrf_token": match.group(1), **fields}
        if not files:
            body = urlencode(data, doseq=True).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = "learnpath-test-boundary"
            parts = []
            for k, v in data.items():
                head = f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                parts.append(f"{head}{v}\r\n".encode())
            for k, (filename, content) in files.items():
                parts.append(
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                        f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            kind = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", action, body, {"Content-Type": kind})

    def register(self, name: str, password: str = PASSWORD):
        return self.submit(
            "/register", "/register", {"name": name, "password": password, "confirm": password}
        )
