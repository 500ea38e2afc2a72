"""Store failures are one line, say what to do, and never show a password."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import text

from store import db
from store.repository import Store, StoreError
from tests.servers.postgres import PostgresServer

SECRET = "s3cret-marker-9f2c"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_unreachable_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql+psycopg://orders:{SECRET}@127.0.0.1:{closed_port()}/orders"
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert message.startswith("cannot reach PostgreSQL at postgresql+psycopg://orders:***@127.0.0.1:")
    assert "server running" in message and "\n" not in message
    assert SECRET not in message and SECRET not in repr(caught.value)


def test_url_forms() -> None:
    assert db.parse_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    assert db.parse_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert db.parse_url("/var/lib/orders.db").database == "/var/lib/orders.db"
    assert db.sqlite_file(db.parse_url("sqlite://")) is None
    assert db.describe(db.parse_url(f"postgresql+psycopg://u:{SECRET}@h:5433/d")) == "postgresql+psycopg://u:***@h:5433/d"


@pytest.mark.parametrize("url", [f"postgresql://u:{SECRET}@host:port/db", "://nothing"])
def test_bad_url_is_not_echoed(url: str) -> None:
    with pytest.raises(StoreError, match="not a database URL") as caught:
        Store.open(url)
    assert SECRET not in str(caught.value)


def test_unsupported_backend() -> None:
    with pytest.raises(StoreError, match="unsupported store backend 'mysql'"):
        Store.open("mysql://u@h/d")


def test_database_from_a_newer_orders(store_url: str) -> None:
    with Store.open(store_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="schema revision 9999, newer than this version of orders knows"):
        Store.open(store_url)


@pytest.mark.postgres
def test_postgresql_database_missing(postgres: PostgresServer) -> None:
    url = postgres.url.rsplit("/", 1)[0] + "/no_such_db"
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    assert "no_such_db" in str(caught.value) and "\n" not in str(caught.value)
