"""What every command shares: the run context, time and language, and one-line errors."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, Any

from store.domain.errors import UserError
from store.domain.messages import Msg, os_reason, word

if TYPE_CHECKING:
    from daemon.config import Config
    from store.repository import Store


class CliError(UserError):
    """A bad command line or a request the store cannot answer: which input, what is wrong, what to do."""


def parse_now(value: str | None) -> datetime:
    """`--now` as an aware datetime (naive means local time); the real clock when absent."""
    if not value:
        return datetime.now(UTC).astimezone()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(Msg("bad now", value=value), Msg("bad now fix"), exit_code=2) from None
    return dt if dt.tzinfo else dt.astimezone()


@dataclass
class Context:
    args: argparse.Namespace
    _store: Store | None = field(default=None, init=False)

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def verbose(self) -> int:
        return int(getattr(self.args, "verbose", 0) or 0)

    @cached_property
    def zone(self) -> tzinfo:
        """The one zone every time is shown in: the config's `timezone`, else the system's."""
        from daemon.config import ConfigError, zone_info

        try:
            return zone_info(self.config.timezone)
        except ConfigError:  # the command reports the config itself; times meanwhile in the system's zone
            return zone_info(None)

    @cached_property
    def now(self) -> datetime:
        """--now or the clock, in the user's zone (the rules show times in the zone of their now)."""
        return parse_now(getattr(self.args, "now", None)).astimezone(self.zone)

    @cached_property
    def as_of(self) -> datetime | None:
        """The cut-off for events: only with an explicit --now."""
        return self.now if getattr(self.args, "now", None) else None

    def set_now(self, value: str) -> None:
        """Evaluate as of ``value`` from here on (what `--now` would have done)."""
        self.args.now = value
        for cached in ("now", "as_of"):
            self.__dict__.pop(cached, None)

    def set_zone(self, zone: tzinfo) -> None:
        """Show times in ``zone`` from here on (the demo shows a market's story as a user there sees it)."""
        self.__dict__["zone"] = zone
        for cached in ("now", "as_of"):
            self.__dict__.pop(cached, None)

    def set_config_path(self, path: str) -> None:
        """Read the config from ``path`` from here on (what `--config` would have done)."""
        self.args.config = path
        for cached in ("config", "lang", "zone", "now", "as_of"):
            self.__dict__.pop(cached, None)

    @cached_property
    def config(self) -> Config:
        from daemon.config import load_config
        from daemon.service.logsetup import register_secret

        path = getattr(self.args, "config", None)
        config = load_config(path)  # it logs its own warnings (group-readable password, tls_verify off)
        for account in config.accounts:  # a password written in the config is never printed back
            if account.password is not None:
                register_secret(account.password.reveal())
        return config

    @cached_property
    def lang(self) -> str:
        from daemon.config import effective_lang

        return effective_lang(getattr(self.args, "lang", None) or self.config.lang)

    def safe_lang(self) -> str:
        """``lang`` even when the config cannot be read (its error is then reported in --lang, else
        the locale's language)."""
        from daemon.config import effective_lang

        try:
            return self.lang
        except Exception as exc:  # noqa: BLE001 - the config's own error is reported by the caller
            return effective_lang(getattr(self.args, "lang", None) or getattr(exc, "lang", None))

    def store(self) -> Store:
        if self._store is None:
            from store.repository import Store

            self._store = Store.open(self.config.store_url)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _friendly(exc: BaseException, lang: str) -> tuple[str, int] | None:
    """Known errors become one line in the user's language; None for unexpected ones."""
    if isinstance(exc, UserError):
        return exc.text(lang), exc.exit_code
    if isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError):
        return str(Msg("os error", path=exc.filename, why=os_reason(exc)).text(lang)), 1
    return None


def run_command(args: argparse.Namespace, module: str, func: str) -> int:
    from daemon.service.logsetup import redacted_output

    with redacted_output():
        return _run_command(args, module, func)


def _run_command(args: argparse.Namespace, module: str, func: str) -> int:
    from daemon.service.logsetup import configure

    ctx = Context(args)
    configure(ctx.verbose)
    from daemon.cli import render

    render.WIDE = bool(getattr(args, "wide", False))
    try:
        parse_now(getattr(args, "now", None))  # a bad --now is reported before any work starts
        handler: Any = getattr(importlib.import_module(module), func)
        return int(handler(ctx) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `orders status | head`: quietly stop writing.
        sys.stderr.close()
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place errors become sentences
        lang = ctx.safe_lang()
        friendly = _friendly(exc, lang)
        if ctx.verbose:
            traceback.print_exc()
        if friendly:
            print(word("error line", lang, text=friendly[0]), file=sys.stderr)
            return friendly[1]
        print(word("error line", lang, text=word("unexpected", lang, name=type(exc).__name__, detail=str(exc))),
              file=sys.stderr)
        return 1
    finally:
        ctx.close()
