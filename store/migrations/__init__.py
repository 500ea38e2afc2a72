"""Alembic migrations shipped inside the package and run on ``Store.open`` (no alembic.ini).

Adding a revision: change ``store/schema.py``, then from the repository root run
``python -m store.migrations revision -m "what changed"`` (autogenerates against a scratch SQLite
database at head), check the generated file, and set ``HEAD`` below to its revision id.
``tests/store/test_migrations.py`` fails when ``HEAD``, the revisions and schema.py disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

# The newest revision: lets ``Store.open`` skip importing alembic when nothing is to be done.
HEAD = "0004"
VERSION_TABLE = "alembic_version"
LOCATION = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(LOCATION))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    """The database's revision, or None for an empty database (cheap: no alembic import)."""
    if not connection.dialect.has_table(connection, VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def create_fresh(connection: Connection) -> bool:
    """An empty database gets the head schema straight from ``store.schema`` and is stamped HEAD,
    without importing alembic (~0.35 s of a first sync). False when the database holds any table:
    then only the revisions may change it. The test suite checks that both ways give one schema."""
    from sqlalchemy import inspect

    if inspect(connection).get_table_names():
        return False
    from store import states
    from store.schema import metadata

    metadata.create_all(connection)
    connection.execute(text(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL, "
                            f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"))
    connection.execute(text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:head)"), {"head": HEAD})
    states.rebuild(connection)  # the rules_state row
    return True


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate inside the caller's transaction, which the caller commits."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def stamp(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.stamp(alembic_config(connection), revision)


def known_revisions() -> list[str]:
    """Every revision id, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
