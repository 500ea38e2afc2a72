"""Fixtures for the daemon tests: one private Dovecot per session (see tests/servers/dovecot.py)."""

from __future__ import annotations

import pytest

from tests.servers.dovecot import Dovecot


@pytest.fixture
def store(tmp_path):
    from store.repository import Store

    with Store.open(f"sqlite:///{tmp_path}/orders.db") as s:
        yield s


def make_account(server: Dovecot, user, security: str = "plain", **extra):
    """A validated ``Account`` for a harness user (through the real config loader)."""
    from daemon.config import config_from_mapping

    return config_from_mapping({"accounts": [server.account_table(user, security, **extra)]}).accounts[0]
