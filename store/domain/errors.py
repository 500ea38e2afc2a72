"""The one user-facing error type: what went wrong, what to do about it, and the exit code.

Every error meant for the user (config, store, IMAP, secrets, local mail paths, the command line)
derives from ``UserError``; the CLI boundary catches it by type and prints ``what — fix: …`` once.
It lives here, the lowest layer with errors for the user, so every layer above can import it cheaply.
"""

from __future__ import annotations


class UserError(Exception):
    """``str()`` is ``"what — fix: fix"`` (just ``what`` when the fix is already part of it)."""

    exit_code: int = 1

    def __init__(self, what: str, fix: str = "", *, exit_code: int | None = None) -> None:
        super().__init__(f"{what} — fix: {fix}" if fix else what)
        self.what = what
        self.fix = fix
        if exit_code is not None:
            self.exit_code = exit_code
