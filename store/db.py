"""Engines for the store: the URL, SQLite file safety and pragmas, PostgreSQL, one-line errors.

URLs: ``None`` → SQLite at ``platformdirs.user_data_dir("orders")/orders.db``; a plain path → SQLite
there; ``sqlite:///PATH`` (``~`` expanded) and ``sqlite://`` (in memory); ``postgresql+psycopg://…``
(``postgresql://`` and ``postgres://`` are taken to mean psycopg 3).

SQLite: the directories this module creates are 0700 (the default data dir always is), the file is
created 0600 (SQLite gives its -wal/-shm files the same mode) and tightened to 0600 when looser;
WAL journal, ``synchronous=NORMAL`` (a crash of the process loses no committed transaction),
foreign keys on, a busy timeout so a reader and a writer in two processes wait instead of failing.
Write transactions start with ``BEGIN IMMEDIATE`` (on PostgreSQL: a transaction-level advisory
lock), so concurrent writers are serialised before they read what they will change.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import StaticPool

from store.domain.errors import UserError
from store.domain.messages import Msg, os_reason

APP_NAME = "orders"
DB_FILENAME = "orders.db"
BUSY_TIMEOUT_S = 10
PG_CONNECT_TIMEOUT_S = 10
# Execution option that marks a write transaction (see the module docstring).
WRITE = "orders_write"
# pg_advisory_xact_lock key shared by every writer of one database ("orders" in ASCII).
PG_WRITE_LOCK = 0x6F7264657273


class StoreError(UserError):
    """A store failure as one line: what failed, where, what to do. The cause is chained."""


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / DB_FILENAME


def parse_url(url: str | None) -> URL:
    if url is None:
        return URL.create("sqlite", database=str(default_path()))
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser()))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # Never echo the URL: it may hold a password.
        raise StoreError(Msg("store url bad"), Msg("store url fix", example="postgresql+psycopg://USER@HOST/DB")) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            parsed = parsed.set(database=str(Path(parsed.database).expanduser()))
    elif backend != "postgresql":
        raise StoreError(Msg("store backend", backend=backend), Msg("store url fix", example="postgresql+psycopg://…"))
    return parsed


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL (None for other backends and in-memory databases)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).absolute()


def describe(url: URL) -> str:
    """How errors name the store: the file, or the URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    if url.get_backend_name() == "sqlite":
        return "in-memory SQLite"
    return url.render_as_string(hide_password=True)


def prepare_sqlite_file(path: Path, *, private_dir: bool) -> None:
    """Create the directories (0700) and the database file (0600) before SQLite opens it."""
    parent = path.parent
    try:
        missing = [p for p in (parent, *parent.parents) if not p.exists()]
        for directory in reversed(missing):
            try:
                directory.mkdir(mode=0o700)
            except FileExistsError:  # another process got there first
                continue
            directory.chmod(0o700)  # mkdir's mode is filtered by the umask
        if private_dir and not missing and stat.S_IMODE(parent.stat().st_mode) != 0o700:
            parent.chmod(0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        except FileExistsError:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)
    except OSError as exc:
        raise error_from(exc, str(path), "opening", path=path) from exc


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def make_engine(url: URL) -> Engine:
    """An engine with this module's SQLite pragmas or PostgreSQL settings (no connection yet)."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(
        url, connect_args=connect_args, pool_pre_ping=True, json_serializer=json_dumps, json_deserializer=json.loads
    )


def _sqlite_engine(url: URL) -> Engine:
    memory = sqlite_file(url) is None
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        # One shared connection keeps an in-memory database alive between transactions.
        poolclass=StaticPool if memory else None,
        json_serializer=json_dumps,
        json_deserializer=json.loads,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module's heuristics.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not memory:
                _enable_wal(cursor)
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _enable_wal(cursor: Any) -> None:
    """Switch a new database to WAL (a persistent setting).

    Switching takes an exclusive lock and SQLite answers "database is locked" at once, without the
    busy handler, when another process is switching too: retry for as long as the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the database's write lock from its first statement."""
    with engine.execution_options(**{WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
        yield conn


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def is_database_error(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError | OSError):
        return True
    module = type(exc).__module__
    return module.startswith(("sqlite3", "psycopg"))


def error_from(
    exc: BaseException, where: str, action: str, secret: str | None = None, path: Path | None = None
) -> StoreError:
    """Turn a driver or OS error into a StoreError that says what to do.

    ``path`` (the SQLite file) lets "unable to open" be told apart: a read-only directory or file
    system shows up that way when SQLite needs its -wal/-shm files.
    """
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    detail = _first_line(orig)
    if secret:
        detail = detail.replace(secret, "***")
    low = detail.lower()
    code = getattr(orig, "errno", None)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    # An OS error (the store's directory cannot be made or read) is said in the user's language.
    os_error = isinstance(orig, OSError) and bool(orig.strerror)
    if os_error:
        detail = Msg("os error", path=orig.filename or where, why=os_reason(orig))
    if "disk is full" in low or code == errno.ENOSPC or sqlstate == "53100" or "no space left" in low:
        return StoreError(Msg("store full", where=where, action=action), Msg("store full fix"))
    read_only = path is not None and "unable to open" in low and not os.access(path.parent, os.W_OK)
    if read_only or "readonly" in low or "read-only" in low or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(Msg("store read only", where=where, detail=detail), Msg("store read only fix"))
    if os_error:
        return StoreError(Msg("store cannot open", where=where, detail=detail), Msg("store cannot open fix"))
    if "database is locked" in low:
        return StoreError(Msg("store locked", where=where, seconds=BUSY_TIMEOUT_S, action=action), Msg("try again"))
    if "unable to open database file" in low:
        return StoreError(Msg("store cannot open", where=where, detail=detail), Msg("store cannot open fix"))
    if "not a database" in low or "malformed" in low:
        return StoreError(Msg("store not ours", where=where, detail=detail), Msg("store not ours fix"))
    if sqlstate.startswith("08") or ("connection" in low and type(orig).__module__.startswith("psycopg")):
        return StoreError(Msg("pg unreachable", where=where, detail=detail), Msg("pg unreachable fix"))
    if sqlstate == "28P01" or "authentication failed" in low:
        return StoreError(Msg("pg login", where=where, detail=detail), Msg("pg login fix"))
    return StoreError(Msg("store failed", where=where, action=action, detail=detail))


def quick_check(url: str | None) -> list[str] | None:
    """SQLite's ``PRAGMA quick_check`` on the store file, read-only: [] when sound, the findings
    otherwise, None for PostgreSQL or a store not created yet. Never raises."""
    import sqlite3

    path = sqlite_file(parse_url(url))
    if path is None or not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.Error as exc:
        return [f"cannot be read ({exc})"]
    return [] if rows == ["ok"] else rows
