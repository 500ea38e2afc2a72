"""Run the real `orders` CLI in a subprocess against a test Dovecot, and read its SQLite store back.

The store is read with plain ``sqlite3`` (read-only URI), independent of the ``Store`` class under
test: mails by Message-ID, events as ``(order_id, kind, at)``, folder checkpoints.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.servers.dovecot import Dovecot, MailUser

REPO = Path(__file__).resolve().parents[2]
PASSWORD_ENV = "ORDERS_FAULTS_PASSWORD"


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{a}"' for a in items) + "]"


def write_config(path: Path, server: Dovecot, user: MailUser, db: Path, *, password_source: str = "env",
                 password_command: list[str] | None = None, notify_command: list[str] | None = None) -> Path:
    """A config for ``user`` on ``server`` (plain IMAP on loopback), storing into SQLite file ``db``.

    ``password_source``: "env" (``PASSWORD_ENV``, see ``cli_env``), "command" (``password_command``)
    or "config" (the password written into the file). ``notify_command``: a command channel's argv.
    """
    if password_source == "env":
        secret = f'password_env = "{PASSWORD_ENV}"'
    elif password_source == "command":
        secret = f"password_command = {_toml_list(password_command or [])}"
    else:
        secret = f'password = "{user.password}"'
    path.write_text(f"""
[[accounts]]
name = "main"
host = "127.0.0.1"
port = {server.imap_port}
security = "plain"
username = "{user.name}"
{secret}
since = "3650d"
timeout = "20s"
trusted_authserv_ids = ["mx.example.jp"]

[store]
url = "sqlite:///{db}"

[notify]
desktop = false
""" + (f'[[notify.command]]\nname = "hook"\nargv = {_toml_list(notify_command)}\n' if notify_command else ""),
                    encoding="utf-8")
    path.chmod(0o600)
    return path


def cli_env(home: Path, password: str | None = None) -> dict[str, str]:
    """The environment of a CLI run: private XDG dirs, no desktop bus, the password when given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "ORDERS_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"), LANG="C.UTF-8",
               PYTHONPATH=str(REPO))
    if password is not None:
        env[PASSWORD_ENV] = password
    return env


def cli_argv(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "daemon.cli", "--config", str(config), *args]


def run_cli(config: Path, *args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cli_argv(config, *args), env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


@dataclass(frozen=True)
class StoreSnapshot:
    """What a SQLite store holds, in comparable form. A mail's key is its dedupe key
    (``mid:<Message-ID>`` or ``sha256:…``)."""

    mails: Counter[str]  # key → rows (must be 1 each)
    events: Counter[tuple[str, str, str, str]]  # (key, order_id, kind, at)
    locations: frozenset[tuple[str, int, str]]  # (folder, uid, key): every sighting
    statuses: dict[str, tuple[str, str | None, str | None]]  # key → (status, error, reason)
    checkpoints: dict[str, tuple[int, int]]  # folder → (uidvalidity, last_uid)

    @classmethod
    def empty(cls) -> StoreSnapshot:
        return cls(Counter(), Counter(), frozenset(), {}, {})

    @property
    def order_events(self) -> Counter[tuple[str, str, str]]:
        """Events as (order_id, kind, at), a multiset: a duplicate counts twice."""
        out: Counter[tuple[str, str, str]] = Counter()
        for (_, o, k, a), n in self.events.items():
            out[(o, k, a)] += n
        return out

    def events_of(self, key: str) -> Counter[tuple[str, str, str, str]]:
        return Counter({e: n for e, n in self.events.items() if e[0] == key})


def snapshot(db: Path) -> StoreSnapshot:
    """Read ``db`` (an empty snapshot when the file has no schema yet)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "mails" not in tables:
            return StoreSnapshot.empty()
        mails = conn.execute("SELECT dedupe_key, status, error, reason FROM mails").fetchall()
        events = conn.execute("SELECT m.dedupe_key, e.order_id, e.kind, e.at FROM events e "
                              "JOIN mails m ON m.id = e.mail_id").fetchall()
        locations = conn.execute("SELECT l.folder, l.uid, m.dedupe_key FROM mail_locations l "
                                 "JOIN mails m ON m.id = l.mail_id WHERE l.uid IS NOT NULL").fetchall()
        folders = conn.execute("SELECT name, uidvalidity, last_uid FROM folders WHERE uidvalidity IS NOT NULL")
        return StoreSnapshot(
            mails=Counter(r[0] for r in mails),
            events=Counter((key, o, k, str(a)) for key, o, k, a in events),
            locations=frozenset((f, int(u), key) for f, u, key in locations),
            statuses={r[0]: (r[1], r[2], r[3]) for r in mails},
            checkpoints={name: (v, last or 0) for name, v, last in folders},
        )
