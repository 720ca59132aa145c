"""Helpers for the learner-store tests: a small catalogue and throwaway PostgreSQL databases.

Imported by ``conftest.py`` and by the store tests (also from worker processes, which
is why this is a plain module and not only fixtures).
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlparse

from learnpath.model import Catalogue, Module, Niche, Skill

POSTGRES_ENV = "LEARNPATH_TEST_POSTGRES_URL"
POSTGRES_SKIP_REASON = "LEARNPATH_TEST_POSTGRES_URL is not set"

#: Modules that only exist to be completed concurrently (each teaches its own skill).
FILLER_MODULES = tuple(f"extra-{i:02d}" for i in range(1, 25))


def demo_catalogue(without: tuple[str, ...] = ()) -> Catalogue:
    """A small content/data catalogue with alternatives, chains and an entry-skill gap.

    ``without`` drops modules, skills or niches by id (a curriculum that changed).
    """
    skills = [
        Skill("writing", "Writing"),
        Skill("english", "Written English"),
        Skill("prompting", "Prompting"),
        Skill("editing", "Editing"),
        Skill("strategy", "Content strategy"),
        Skill("seo", "Search optimisation"),
        Skill("sql", "SQL"),
        Skill("analytics", "Analytics"),
        Skill("fieldwork", "Field work"),
        *(Skill(f"{m}-skill", f"Filler {m}") for m in FILLER_MODULES),
    ]
    modules = [
        Module("prompt-101", "Prompting 101", ("prompting",), 6, ("writing",)),
        Module("prompt-pro", "Prompting pro", ("prompting",), 10, ("writing",), cost=200),
        Module("edit-201", "Editing", ("editing",), 8, ("writing", "english")),
        Module("strategy-301", "Strategy", ("strategy",), 12, ("prompting", "editing")),
        Module("seo-101", "SEO", ("seo",), 5),
        Module("sql-101", "SQL", ("sql",), 10),
        Module("analytics-201", "Analytics", ("analytics",), 8, ("sql",)),
        *(Module(m, f"Filler {m}", (f"{m}-skill",), 1) for m in FILLER_MODULES),
    ]
    niches = [
        Niche("content-strategist", "Content strategist", ("strategy", "seo"), 0.7),
        Niche("data-analyst", "Data analyst", ("analytics",), 0.6),
        Niche("field-researcher", "Field researcher", ("fieldwork", "analytics"), 0.8),
    ]
    drop = set(without)
    return Catalogue.build(
        [s for s in skills if s.id not in drop],
        [m for m in modules if m.id not in drop],
        [n for n in niches if n.id not in drop],
    )


class PostgresServer:
    """Throwaway databases on the server of ``$LEARNPATH_TEST_POSTGRES_URL``.

    Databases are created on demand (``learnpath_test_<random>``), emptied between tests
    and dropped by :meth:`drop_all` at the end of the session.
    """

    def __init__(self, url: str):
        self.url = url
        self.token = secrets.token_hex(4)
        self.databases: list[str] = []

    @classmethod
    def from_environment(cls) -> PostgresServer | None:
        url = os.environ.get(POSTGRES_ENV, "").strip()
        return cls(url) if url else None

    def _admin(self, database: str | None = None):
        import psycopg2

        parsed = urlparse(self.url)
        conn = psycopg2.connect(
            dbname=database or parsed.path.lstrip("/") or "postgres",
            user=parsed.username or "postgres",
            password=parsed.password,
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 5432,
        )
        conn.autocommit = True
        return conn

    def url_of(self, name: str) -> str:
        return urlparse(self.url)._replace(path=f"/{name}", query="").geturl()

    def database(self, index: int) -> str:
        """The URL of the ``index``-th throwaway database, empty (its schema recreated)."""
        while len(self.databases) <= index:
            name = f"learnpath_test_{self.token}_{len(self.databases)}"
            conn = self._admin()
            try:
                with conn.cursor() as cur:
                    cur.execute(f'CREATE DATABASE "{name}"')
            finally:
                conn.close()
            self.databases.append(name)
        name = self.databases[index]
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                # connections a test left open would hold locks on the tables
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
        finally:
            conn.close()
        conn = self._admin(name)
        try:
            with conn.cursor() as cur:
                cur.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
        finally:
            conn.close()
        return self.url_of(name)

    def drop_all(self) -> None:
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                for name in self.databases:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()
        self.databases.clear()


def clear_store(store) -> None:
    """Delete every learner (and so all their state) of ``store``: a fresh start per example."""
    for summary in store.list_learners():
        store.remove_learner(summary.name)


def mark_done_worker(url: str, learner: str, modules: list[str], barrier, results) -> None:
    """Process body: wait for the others, then mark ``modules`` done one call at a time."""
    from learnpath.store import ProgressStore

    with ProgressStore(url, demo_catalogue()) as store:
        store.list_learners()  # connect and check the schema before the race starts
        barrier.wait(timeout=60)
        outcome = {}
        for module in modules:
            outcome.update(store.mark_done(learner, [module]))
    results.put(outcome)


def write_curriculum(folder, catalogue: Catalogue | None = None):
    """Write ``catalogue`` (default: :func:`demo_catalogue`) as a curriculum file; return it."""
    import yaml

    cat = catalogue or demo_catalogue()
    data = {
        "skills": [{"id": s.id, "name": s.name} for s in cat.skills.values()],
        "modules": [
            {
                "id": m.id,
                "title": m.title,
                "teaches": list(m.teaches),
                **({"requires": list(m.requires)} if m.requires else {}),
                "hours": m.hours,
                "cost": m.cost,
            }
            for m in cat.modules.values()
        ],
        "niches": [
            {
                "id": n.id,
                "name": n.name,
                "requires": list(n.requires),
                "resilience": n.resilience,
                "rationale": "A test niche.",
            }
            for n in cat.niches.values()
        ],
    }
    path = folder / "demo.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
