"""Store fixtures: every store test runs against SQLite and a throwaway PostgreSQL.

The PostgreSQL cluster starts once per session; each test gets its own empty schema in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from store.repository import Store
from tests.servers.postgres import PostgresServer, PostgresUnavailable, postgres_server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with ExitStack() as stack:
        try:
            server = stack.enter_context(postgres_server())
        except PostgresUnavailable as exc:
            pytest.skip(f"PostgreSQL store tests skipped: {exc}")
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'orders.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.fresh_url()
    yield url
    server.drop_schema(url)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened
