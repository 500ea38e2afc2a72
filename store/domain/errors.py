"""The one user-facing error type: what went wrong, what to do about it, and the exit code.

Every error meant for the user (config, store, IMAP, secrets, local mail paths, the command line)
derives from ``UserError``; the CLI boundary catches it by type and prints ``text(lang)`` once:
``what — fix: …`` in the user's language (``what``/``fix`` are ``store.domain.messages.Msg`` where
the raiser wrote one; ``str()`` stays English for logs and ``--json``).
It lives here, the lowest layer with errors for the user, so every layer above can import it cheaply.
"""

from __future__ import annotations

from store.domain.messages import localize, word


class UserError(Exception):
    """``str()`` is ``"what — fix: fix"`` (just ``what`` when the fix is already part of it)."""

    exit_code: int = 1

    def __init__(self, what: str, fix: str = "", *, exit_code: int | None = None) -> None:
        super().__init__(f"{what} — fix: {fix}" if fix else what)
        self.what = what
        self.fix = fix
        if exit_code is not None:
            self.exit_code = exit_code

    def text(self, lang: str) -> str:
        """The error in ``lang`` (the parts written as plain strings stay as they are)."""
        return word("what fix", lang, what=localize(self.what, lang), fix=localize(self.fix, lang)) if self.fix \
            else str(localize(self.what, lang))
