"""A database that exists for one benchmark or load-test run only, then is dropped."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dj_database_url

if TYPE_CHECKING:
    import psycopg


class ThrowawayDatabase:
    """``bench_<random>`` on the PostgreSQL server of ``database_url``, or a SQLite file in ``workdir``.

    Only the maintenance database ``postgres`` is connected to for CREATE and DROP: the database
    named in ``database_url`` is never opened, so its data cannot be touched.
    """

    def __init__(self, *, database_url: str, workdir: Path, prefix: str = "bench") -> None:
        self.name = f"{prefix}_{secrets.token_hex(6)}"
        self.workdir = workdir
        self.config = dj_database_url.parse(database_url)
        self.postgres = self.config["ENGINE"].endswith("postgresql")
        self.created = False

    def describe(self) -> str:
        if self.postgres:
            return f"{self.name} on {self.config.get('HOST') or 'localhost'}:{self.config.get('PORT') or 5432}"
        return str(self.sqlite_path)

    def _admin_connection(self) -> psycopg.Connection[Any]:
        import psycopg

        return psycopg.connect(
            dbname="postgres",
            user=self.config.get("USER") or None,
            password=self.config.get("PASSWORD") or None,
            host=self.config.get("HOST") or None,
            port=self.config.get("PORT") or None,
            autocommit=True,
        )

    @property
    def sqlite_path(self) -> Path:
        return self.workdir / self.name / "bench.sqlite3"

    def create(self, *, template: ThrowawayDatabase | None = None) -> str:
        """Create it (a copy of ``template``, a migrated and otherwise empty database, if given) and
        return its DATABASE_URL. A template must have no open connection while it is copied."""
        if not self.postgres:
            (self.workdir / self.name).mkdir(parents=True)
            if template is not None:
                shutil.copyfile(template.sqlite_path, self.sqlite_path)
            self.created = True
            return f"sqlite:///{self.sqlite_path}"
        with self._admin_connection() as admin:
            copy = f' TEMPLATE "{template.name}"' if template is not None else ""
            admin.execute(f'CREATE DATABASE "{self.name}"{copy}')
        self.created = True
        config = self.config
        credentials = config.get("USER") or "postgres"
        if config.get("PASSWORD"):
            credentials += f":{config['PASSWORD']}"
        host = config.get("HOST") or "127.0.0.1"
        return f"postgres://{credentials}@{host}:{config.get('PORT') or 5432}/{self.name}"

    def drop(self) -> None:
        if not self.created:
            return
        if self.postgres:
            with self._admin_connection() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.created = False
