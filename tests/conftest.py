"""Suite-wide fixtures: the throwaway PostgreSQL cluster (started once, only when a test asks)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.servers.postgres import PostgresServer, PostgresUnavailable, postgres_server

# CI sets this: a real server that can't start is a failure there, not a skip.
REQUIRE_SERVERS = os.environ.get("ORDERS_REQUIRE_SERVERS") == "1"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with ExitStack() as stack:
        try:
            server = stack.enter_context(postgres_server())
        except PostgresUnavailable as exc:
            if REQUIRE_SERVERS:
                raise
            pytest.skip(f"PostgreSQL tests skipped: {exc}")
        yield server
