"""Developer helper: ``python -m store.migrations revision -m "what changed"``.

Builds a scratch SQLite database at the current head, autogenerates the next revision from the
difference with ``store/schema.py`` and prints its path. Review it (SQLite and PostgreSQL), then
bump ``HEAD`` in ``store/migrations/__init__.py``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from sqlalchemy import create_engine

from store.migrations import HEAD, alembic_config, upgrade


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m store.migrations")
    sub = parser.add_subparsers(dest="command", required=True)
    rev = sub.add_parser("revision", help="autogenerate the next revision from store/schema.py")
    rev.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)

    from alembic import command

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        with engine.begin() as conn:
            upgrade(conn)
            script = command.revision(
                alembic_config(conn), message=args.message, autogenerate=True, rev_id=f"{int(HEAD) + 1:04d}"
            )
        engine.dispose()
    scripts = script if isinstance(script, list) else [script]
    for s in scripts:
        if s is not None:
            print(s.path)


if __name__ == "__main__":
    main()
