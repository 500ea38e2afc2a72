"""Suite-wide fixtures: the real servers, each started once per session and only when a test asks.

PostgreSQL (tests/servers/postgres.py) and Dovecot (tests/servers/dovecot.py). With
ORDERS_REQUIRE_SERVERS=1 (CI) a server that cannot start fails the tests instead of skipping them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.servers.dovecot import Dovecot, dovecot_available, dovecot_server
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


def need(available: bool, what: str) -> None:
    """Skip (or, in CI, fail) when a real part the test needs is not installed."""
    if available:
        return
    if REQUIRE_SERVERS:
        pytest.fail(f"{what} is required here (ORDERS_REQUIRE_SERVERS=1)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    need(dovecot_available(), "dovecot is not installed (apt-get install dovecot-imapd)")
    with dovecot_server() as server:
        yield server


@pytest.fixture(autouse=True)
def restore_root_logging() -> Iterator[None]:
    """A command run in-process (``main([...])``) installs its log handler on the root logger, writing
    to that test's captured stderr; left there, it writes to a closed stream in every later test."""
    from daemon.service.logsetup import _HANDLER_MARK

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):  # ours only: pytest's capturing handlers come and go by phase
        if handler not in handlers and getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def no_dns_for_dkim_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests never ask the network for DKIM keys: every key is absent (as for a rotated
    selector) unless a test injects its own (tests/daemon/dkim_keys.py). Keeps them hermetic and fast
    wherever the resolver is slow or missing."""
    import daemon.service.trust as trust
    from tests.daemon.dkim_keys import FakeKeys

    monkeypatch.setattr(trust, "_DEFAULT_KEYS", FakeKeys())
