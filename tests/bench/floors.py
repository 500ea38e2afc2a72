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
