"""Fixtures for the daemon-loop tests: one private Dovecot per test module (H6's harness)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.dovecot import Dovecot, dovecot_available, dovecot_server


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    if not dovecot_available():
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    with dovecot_server() as server:
        yield server


@pytest.fixture
def restartable_dovecot() -> Iterator[Dovecot]:
    """A server of its own, for tests that stop and start it."""
    if not dovecot_available():
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    with dovecot_server() as server:
        yield server
