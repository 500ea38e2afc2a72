"""What any Python program using our libraries pays, measured in the same run as our commands.

The issue's goals compare `orders` with these, not with `orders --version`: importing SQLAlchemy
alone is most of a command's start-up on this machine, and a process that opens the store must pay
it. A command's cost above its floor is what the project's own code adds.

- ``status``: ``python -c "import sqlalchemy.orm"``;
- ``poll``: that, plus ``import imapclient`` and one LOGIN / STATUS / LOGOUT with ``imaplib``
  against the same server (the password comes through the environment, never argv).
"""

from __future__ import annotations

import sys

STATUS_FLOOR = [sys.executable, "-c", "import sqlalchemy.orm"]

_POLL_FLOOR = """
import os, imaplib
import sqlalchemy.orm, imapclient
c = imaplib.IMAP4(os.environ["FLOOR_IMAP_HOST"], int(os.environ["FLOOR_IMAP_PORT"]))
c.login(os.environ["FLOOR_IMAP_USER"], os.environ["FLOOR_IMAP_PASSWORD"])
c.status("INBOX", "(UIDNEXT UIDVALIDITY)")
c.logout()
"""


def poll_floor(host: str, port: int, user: str, password: str) -> tuple[list[str], dict[str, str]]:
    """The poll floor's argv and the environment it needs."""
    env = {"FLOOR_IMAP_HOST": host, "FLOOR_IMAP_PORT": str(port), "FLOOR_IMAP_USER": user,
           "FLOOR_IMAP_PASSWORD": password}
    return [sys.executable, "-c", _POLL_FLOOR], env


_SYNC_FLOOR = """
import os, imaplib, time
import sqlalchemy.orm, imapclient
c = imaplib.IMAP4(os.environ["FLOOR_IMAP_HOST"], int(os.environ["FLOOR_IMAP_PORT"]))
c.login(os.environ["FLOOR_IMAP_USER"], os.environ["FLOOR_IMAP_PASSWORD"])
fetched = 0
for folder in os.environ["FLOOR_FOLDERS"].split(","):
    c.select(folder, readonly=True)
    typ, data = c.uid("SEARCH", None, "UID", "1:*", "SINCE", os.environ["FLOOR_SINCE"],
                      "OR", "OR", "FROM", "amazon", "SUBJECT", "amazon", "FROM", "amzn")
    uids = data[0].split()
    for i in range(0, len(uids), 100):
        typ, got = c.uid("FETCH", b",".join(uids[i:i + 100]).decode(), "(BODY.PEEK[])")
        fetched += sum(1 for part in got if isinstance(part, tuple))
    c.close()
c.logout()
print(fetched)
"""


def first_sync_floor(host: str, port: int, user: str, password: str, folders: list[str],
                     since: str) -> tuple[list[str], dict[str, str]]:
    """The first sync's floor: the same imports, then the same SEARCH and a FETCH of every candidate
    (batches of 100) over imaplib — the server's and the wire's share, with no parsing or storing."""
    argv, env = poll_floor(host, port, user, password)
    return [argv[0], "-c", _SYNC_FLOOR], {**env, "FLOOR_FOLDERS": ",".join(folders), "FLOOR_SINCE": since}
