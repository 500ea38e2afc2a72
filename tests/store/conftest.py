"""Store fixtures: every store test runs against SQLite and a throwaway PostgreSQL.

- ``store_url``: an empty database (a fresh SQLite path, or a new PostgreSQL schema) — for tests of
  opening and migrating.
- ``store``: an open, migrated, empty Store. Migrating once per session and copying (SQLite) or
  truncating (PostgreSQL) keeps the suite fast.

The PostgreSQL cluster starts once per session.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from store.repository import Store
from store.schema import metadata
from tests.servers.postgres import PostgresServer


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'orders.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.fresh_url()
    yield url
    server.drop_schema(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "orders.db"
    Store.open(str(path)).close()
    return path


@pytest.fixture(scope="session")
def postgres_shared_url(postgres: PostgresServer) -> str:
    url = postgres.fresh_url()
    Store.open(url).close()
    return url


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if backend == "sqlite":
        path = tmp_path / "data" / "orders.db"
        path.parent.mkdir(mode=0o700)
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        path.chmod(0o600)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_shared_url")
        with Store.open(url) as cleaner, cleaner.engine.begin() as conn:
            tables = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    with Store.open(url) as opened:
        yield opened
