"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests.

    with postgres_server() as server:
        server.url                  # postgresql+psycopg://postgres@127.0.0.1:PORT/orders_test
        url = server.fresh_url()    # the same database, a new empty schema first on search_path

``initdb`` into a temporary directory (as the ``postgres`` user when run as root: PostgreSQL
refuses root), ``pg_ctl start`` on a random loopback port with a private unix-socket directory and
``fsync=off``, one database created; on exit the cluster is stopped and the directory deleted.
Installs nothing (``.ci/run`` installs postgresql when missing): raises ``PostgresUnavailable``
when ``initdb`` cannot be found, which fixtures turn into a skip with that reason.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.servers.dovecot import free_port

HOST = "127.0.0.1"
DATABASE = "orders_test"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL binaries or the user to run them as are missing."""


def find_bindir() -> Path:
    """The directory holding initdb and pg_ctl (PATH first, then Debian's versioned dirs)."""
    on_path = shutil.which("initdb")
    if on_path and Path(on_path).with_name("pg_ctl").exists():
        return Path(on_path).resolve().parent
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if debian:
        return Path(debian[-1]).parent
    raise PostgresUnavailable("initdb not found (install the postgresql package; .ci/run does)")


@dataclass
class PostgresServer:
    root: Path
    port: int
    database: str = DATABASE
    _schemas: Iterator[int] = field(default_factory=itertools.count)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@{HOST}:{self.port}/{self.database}"

    def connect(self, dbname: str | None = None) -> Any:
        import psycopg

        return psycopg.connect(host=HOST, port=self.port, user="postgres", dbname=dbname or self.database,
                               autocommit=True)

    def fresh_url(self) -> str:
        """A new empty schema in the test database; the URL puts it first on the search_path."""
        name = f"t{os.getpid()}_{next(self._schemas)}"
        with self.connect() as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url}?options=-csearch_path%3D{name}"

    def drop_schema(self, url: str) -> None:
        name = url.rsplit("%3D", 1)[-1]
        with self.connect() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _runner() -> dict[str, Any]:
    """subprocess arguments that run PostgreSQL binaries as a non-root user."""
    if os.geteuid() != 0:
        return {}
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("running as root and there is no 'postgres' user to run initdb as") from None
    return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}


def _run(args: list[str], cwd: Path, **kwargs: Any) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    runner = _runner()
    root = Path(tempfile.mkdtemp(prefix="orders-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    started = False
    try:
        sock.mkdir()
        if runner:
            for path in (root, sock):
                os.chown(path, runner["user"], runner["group"])
        _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8", "--no-sync"], cwd=root, **runner)
        for attempt in range(3):  # the free port may be taken between probing and binding
            port = free_port()
            options = (f"-c listen_addresses={HOST} -p {port} -c unix_socket_directories={sock} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off")
            try:
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options,
                      "start"], cwd=root, **runner)
                started = True
                break
            except RuntimeError as exc:
                if attempt == 2:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"PostgreSQL did not start: {exc}\n{tail}") from exc
        server = PostgresServer(root, port)
        with server.connect("postgres") as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        yield server
    finally:
        if started:
            subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           cwd=root, capture_output=True, timeout=60, **runner)
        shutil.rmtree(root, ignore_errors=True)
