"""What every part of the store shares: the engine and its error wrapping, time checks, chunking."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine

from store import db
from store.db import StoreError

CHUNK = 500  # bound on IN (...) lists and on rows per INSERT statement
MAX_INDEXED_BYTES = 1000  # longest text written to an indexed column from a mail
P = ParamSpec("P")
T = TypeVar("T")


class StoreBase:
    """The engine and how errors name it; the concern classes of ``Store`` build on this."""

    def __init__(self, engine: Engine, where: str, secret: str | None = None, path: Path | None = None) -> None:
        self.engine = engine
        self.where = where  # how errors name this store (no password)
        self._secret = secret
        self._path = path


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
    return value


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _guarded(action: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Public methods raise StoreError (one line) instead of driver / OS errors."""

    def decorate(method: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(method)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return method(*args, **kwargs)
            except StoreError:
                raise
            except Exception as exc:
                if not db.is_database_error(exc):
                    raise
                store: StoreBase = args[0]  # type: ignore[assignment]
                raise db.error_from(exc, store.where, action, store._secret, store._path) from exc

        return wrapper

    return decorate


def _dialect_insert(conn: Connection, table: Any) -> Any:
    # Imported on use: the PostgreSQL dialect costs ~35 ms of every start-up on SQLite.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
