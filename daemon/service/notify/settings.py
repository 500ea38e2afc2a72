"""The ``[notify]`` configuration table, checked and turned into :class:`NotifySettings`.

::

    [notify]
    desktop = true                  # desktop notifications (D-Bus on Linux, notify-py elsewhere)
    lang = "ja"                     # default: the top-level `lang`, else "en"
    remind_every = "24h"            # "0" / "off" / false: never remind
    quiet_hours = "22:00-07:00"     # local time; critical alerts still go through
    apprise = ["ntfy://ntfy.sh/my-topic"]

    [[notify.command]]
    name = "log"                    # optional; channel "command:log" (default: argv[0]'s file name)
    argv = ["/usr/local/bin/on-alert", "--json"]
    timeout = "10s"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import PurePath
from typing import Any

from daemon.service.notify.base import FALLBACK_LANG
from store.domain import durations
from store.domain.checker import Checker, problem_line
from store.domain.errors import UserError
from store.domain.langs import LANGS
from store.domain.messages import Msg, localize

DEFAULT_REMIND_EVERY = timedelta(hours=24)
DEFAULT_COMMAND_TIMEOUT = timedelta(seconds=10)
KNOWN_KEYS = ("desktop", "lang", "remind_every", "quiet_hours", "apprise", "command", "opener")
DEFAULT_OPENER = ("xdg-open",)
COMMAND_KEYS = ("name", "argv", "timeout")

_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_OFF = {"0", "off", "never", "none", "false"}


class NotifyConfigError(UserError, ValueError):
    """``[notify]`` is wrong; ``problems`` lists every "key: problem — fix" line."""

    exit_code = 2

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))

    def text(self, lang: str) -> str:
        return "; ".join(str(localize(p, lang)) for p in self.problems)


def parse_duration(value: str | int | float) -> timedelta:
    """``"24h"``, ``"1h30m"``, ``"10s"``, ``"500ms"``, ``"2d"``; a bare number is seconds (the one grammar)."""
    try:
        return durations.parse_duration(value, positive=False)
    except ValueError:
        raise ValueError(Msg("not a duration such as", value=repr(value))) from None


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """``"22:00-07:00"`` → (22:00, 07:00); a window may cross midnight."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", str(value))
    if not m:
        raise ValueError(Msg("not a range", value=repr(value)))
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
        raise ValueError(Msg("hour out of range", value=repr(value)))
    start, end = time(h1, m1), time(h2, m2)
    if start == end:
        raise ValueError(Msg("same start end", value=repr(value)))
    return start, end


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str  # the channel name is "command:" + name
    argv: tuple[str, ...]
    timeout: timedelta = DEFAULT_COMMAND_TIMEOUT


@dataclass(frozen=True, slots=True)
class NotifySettings:
    desktop: bool = True
    lang: str = FALLBACK_LANG
    remind_every: timedelta | None = DEFAULT_REMIND_EVERY  # None: no reminders
    quiet_hours: tuple[time, time] | None = None
    apprise: tuple[str, ...] = ()
    commands: tuple[CommandSpec, ...] = field(default_factory=tuple)
    # What notification actions open pages and files with (the URL or path is appended).
    opener: tuple[str, ...] = DEFAULT_OPENER

    @classmethod
    def from_mapping(cls, notify: Mapping[str, Any] | None, *, default_lang: str | None = None) -> NotifySettings:
        """Settings from the ``[notify]`` table; raises :class:`NotifyConfigError` listing every problem."""
        settings, problems = _parse(dict(notify or {}), default_lang)
        if problems:
            raise NotifyConfigError(problems)
        return settings


def settings_from_config(notify: Mapping[str, Any] | NotifySettings | None, lang: str | None = None) -> NotifySettings:
    """What the pipeline calls: ``[notify]`` plus the top-level ``lang`` as the default language."""
    if isinstance(notify, NotifySettings):
        return notify
    return NotifySettings.from_mapping(notify, default_lang=lang)


def validate_notify(notify: Mapping[str, Any] | None) -> list[str]:
    """Every problem in ``[notify]`` as "key: problem — fix" lines (empty when it is fine)."""
    return _parse(dict(notify or {}), None)[1]


def _parse(raw: dict[str, Any], default_lang: str | None) -> tuple[NotifySettings, list[str]]:
    problems: list[str] = []
    c = Checker(raw, "notify.", problems, KNOWN_KEYS)

    desktop = raw.get("desktop", True)
    if not isinstance(desktop, bool):
        c.problem("desktop", Msg("must be bool"), Msg("write eg", example="desktop = true"))
        desktop = True

    lang = raw.get("lang") or default_lang or FALLBACK_LANG
    if lang not in LANGS:
        if "lang" in raw:
            c.problem("lang", Msg("not one of", value=lang, values=", ".join(LANGS)), Msg("use one of", keys=", ".join(LANGS)))
        lang = FALLBACK_LANG

    remind_every: timedelta | None = DEFAULT_REMIND_EVERY
    if "remind_every" in raw:
        value = raw["remind_every"]
        if value is False or str(value).strip().lower() in _OFF:
            remind_every = None
        else:
            try:
                remind_every = parse_duration(value)
                if remind_every <= timedelta(0):
                    raise ValueError("must be positive")
            except ValueError as exc:
                c.problem("remind_every", exc.args[0], Msg("write eg", example='"24h", "off"'))
                remind_every = DEFAULT_REMIND_EVERY

    quiet: tuple[time, time] | None = None
    if raw.get("quiet_hours"):
        try:
            quiet = parse_quiet_hours(raw["quiet_hours"])
        except ValueError as exc:
            c.problem("quiet_hours", exc.args[0], Msg("write eg", example='"22:00-07:00"'))

    apprise_urls = raw.get("apprise", [])
    if isinstance(apprise_urls, str):
        apprise_urls = [apprise_urls]
    if not isinstance(apprise_urls, list | tuple) or not all(isinstance(u, str) and u for u in apprise_urls):
        # Never echo the value: apprise URLs carry tokens and passwords.
        c.problem("apprise", Msg("must be url list"), Msg("write eg", example='apprise = ["ntfy://…"]'))
        apprise_urls = []

    commands = _parse_commands(raw.get("command", []), problems)
    opener = raw.get("opener", list(DEFAULT_OPENER))
    if not isinstance(opener, list | tuple) or not opener or not all(isinstance(a, str) and a for a in opener):
        problems.append(problem_line("notify.opener", Msg("must be string list"), Msg("write eg", example='opener = ["xdg-open"]')))
        opener = DEFAULT_OPENER
    settings = NotifySettings(desktop=desktop, lang=lang, remind_every=remind_every, quiet_hours=quiet,
                              apprise=tuple(apprise_urls), commands=commands, opener=tuple(opener))
    return settings, problems


def _parse_commands(raw: Any, problems: list[str]) -> tuple[CommandSpec, ...]:
    if isinstance(raw, Mapping):  # a single [notify.command] table instead of [[notify.command]]
        raw = [raw]
    if not isinstance(raw, list | tuple):
        problems.append(problem_line("notify.command", Msg("must be table list"),
                                     Msg("write eg", example="[[notify.command]] argv = [...]")))
        return ()
    specs: list[CommandSpec] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        where = f"notify.command[{i}]"
        if not isinstance(entry, Mapping):
            problems.append(problem_line(where, Msg("not a table"), Msg("write eg", example="[[notify.command]] argv = [...]")))
            continue
        c = Checker(entry, f"{where}.", problems, COMMAND_KEYS)
        argv = entry.get("argv")
        if not isinstance(argv, list | tuple) or not argv or not all(isinstance(a, str) for a in argv) or not argv[0]:
            c.problem("argv", Msg("must be string list"), Msg("write eg", example='argv = ["/path/to/program"]'))
            continue
        timeout = DEFAULT_COMMAND_TIMEOUT
        if "timeout" in entry:
            try:
                timeout = parse_duration(entry["timeout"])
                if timeout <= timedelta(0):
                    raise ValueError("must be positive")
            except ValueError as exc:
                c.problem("timeout", exc.args[0], Msg("write eg", example='"10s"'))
        name = entry.get("name")
        if name is None:
            # Derived names must be stable across restarts: the stored delivery state is keyed by them.
            base = "".join(c if _NAME.fullmatch(c) else "_" for c in PurePath(argv[0]).name) or "command"
            name, n = base, 2
            while name in seen:
                name, n = f"{base}-{n}", n + 1
        elif not isinstance(name, str) or not _NAME.fullmatch(name):
            c.problem("name", Msg("bad name chars"), Msg("write eg", example='name = "phone"'))
            continue
        elif name in seen:
            c.problem("name", Msg("used twice", name=name), Msg("own command name"))
            continue
        seen.add(name)
        specs.append(CommandSpec(name=name, argv=tuple(argv), timeout=timeout))
    return tuple(specs)
