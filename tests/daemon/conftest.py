"""Fixtures for the daemon tests: one private Dovecot per session (see tests/servers/dovecot.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.dovecot import Dovecot, dovecot_available, dovecot_server


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if not dovecot_available():
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    with dovecot_server() as server:
        yield server
