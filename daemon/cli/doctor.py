"""`orders doctor`: is everything in place? Config, store, each account, its folders, notifications.

Every check reports ok or the problem with its fix; nothing secret is printed (passwords and
tokens are never read into the report, store URLs are shown without their password).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from daemon.cli import render
from daemon.cli.commands.ui import Msg, localize, word
from store.domain.errors import UserError

if TYPE_CHECKING:
    from daemon.cli.commands.base import Context
    from daemon.config import Account
    from store.repository import Store


@dataclass
class Check:
    name: str  # a ``Msg``: English in --json, the user's language in the table
    ok: bool
    detail: object  # a ``Msg``, a ``UserError`` or plain text (server folder names)
    data: dict[str, Any] = field(default_factory=dict)


def redact_url(url: str | None) -> str:
    """postgresql+psycopg://user:secret@host/db → postgresql+psycopg://user:***@host/db"""
    if not url:
        return Msg("default store")
    return re.sub(r"(://[^/:@]+):[^@/]*@", r"\1:***@", url)


def _integrity(url: str | None) -> Check:
    from store.db import describe, parse_url, quick_check

    problems = quick_check(url)
    name = Msg("check integrity")
    if problems is None:
        return Check(name, True, Msg("integrity not sqlite"))
    if not problems:
        return Check(name, True, Msg("integrity ok"))
    where = describe(parse_url(url))
    return Check(name, False, Msg("integrity damaged", problems="; ".join(problems[:3]), where=where),
                 {"problems": problems})


def _authserv_check(client: Any, account: Account, store: Store | None) -> Check:
    """Which Authentication-Results are believed for ``account``, and what that means."""
    from daemon.service.authserv import learn, sample

    label = Msg("check account auth", account=account.name)
    pinned = store.authserv_id(account.name) if store is not None else None
    try:
        seen = learn(sample(client))
    except Exception as exc:  # noqa: BLE001 - a refused sample is reported, the rest goes on
        return Check(label, False, Msg("auth sample failed", detail=str(exc)))
    data = {"authserv_id_config": list(account.trusted_authserv_ids or []) or None, "authserv_id_pinned": pinned,
            "authserv_id_seen": seen}
    if account.trusted_authserv_ids is not None:
        ids = ", ".join(account.trusted_authserv_ids)
        if seen == "":
            # Said plainly, not failed: an Authentication-Results pass still needs a real Amazon
            # signature in the mail, so a forger's own header gains nothing.
            return Check(label, True, Msg("auth trusted unseen", ids=ids, none=Msg("auth none")), data)
        if seen and seen not in account.trusted_authserv_ids:
            return Check(label, False, Msg("auth trusted other", ids=ids, seen=seen), data)
        return Check(label, True, Msg("auth trusted", ids=ids), data)
    if pinned:
        return Check(label, True, Msg("auth pinned", pinned=pinned), data)
    if pinned == "" or seen == "":
        return Check(label, True, Msg("auth none first"), data)
    return Check(label, True, Msg("auth not learned"), data)


def _account_checks(account: Account, today: date, store: Store | None = None) -> list[Check]:
    from daemon.service.imap.connect import ImapError, connect, tls_details
    from daemon.service.imap.fetch import search_candidates
    from daemon.service.imap.folders import folders_to_sync

    label = Msg("check account", account=account.name)
    try:
        client = connect(account)
    except ImapError as exc:
        return [Check(label, False, exc)]
    checks: list[Check] = []
    try:
        tls = tls_details(client)
        caps = sorted(c.decode() if isinstance(c, bytes) else str(c) for c in client.capabilities())
        security = Msg("tls details", **tls) if tls else Msg("no tls")
        checks.append(Check(label, True, Msg("login ok", where=f"{account.host}:{account.port}", security=security),
                            {"tls": tls, "capabilities": caps, "idle": "IDLE" in caps}))
        listing = client.list_folders()
        names = [n.decode() if isinstance(n, bytes) else str(n) for _, _, n in listing]
        checks.append(Check(Msg("check server folders", account=account.name), True, ", ".join(names),
                            {"folders": names}))
        checks.append(_authserv_check(client, account, store))
        specs = folders_to_sync(client, account)
        if account.spam and not any(s.junk for s in specs):
            checks.append(Check(Msg("check junk folder", account=account.name), False, Msg("no junk folder")))
        since = today - account.since
        for spec in specs:
            name = Msg("check junk" if spec.junk else "check folder", account=account.name, folder=spec.name)
            try:
                info = client.select_folder(spec.name, readonly=True)
                uidnext = int(info.get(b"UIDNEXT", 0)) or 1 << 31
                found = search_candidates(client, 1, uidnext, since=since,
                                          trusted_forwarders=account.trusted_forwarders)
                total = int(info.get(b"EXISTS", 0))
                checks.append(Check(name, True, Msg("folder counts", total=total, found=len(found), since=since),
                                    {"messages": total, "candidates": len(found), "junk": spec.junk}))
            except Exception as exc:  # noqa: BLE001 - one folder's problem is reported, the rest go on
                key = "junk_folder" if spec.junk and account.junk_folder else "folders"
                checks.append(Check(name, False, Msg("what fix", what=Msg("folder unreadable", detail=str(exc)),
                                                     fix=Msg("folder unreadable fix", key=key))))
    finally:
        with contextlib.suppress(Exception):  # the report is complete; a failed goodbye changes nothing
            client.logout()
    return checks


def run_doctor(ctx: Context, *, connect: bool = True) -> int:
    """Every check; ``connect=False`` leaves out logging in to the accounts (no secret stored yet)."""
    from daemon.config import ConfigError

    checks: list[Check] = []
    name = Msg("check config")
    try:
        config = ctx.config
    except ConfigError as exc:
        checks.append(Check(name, False, exc))
        return _report(ctx, checks)
    if config.path is None or not config.path.exists():
        checks.append(Check(name, False, Msg("no config file", path=config.path)))
    elif not config.accounts:
        checks.append(Check(name, False, Msg("config no accounts", path=config.path)))
    else:
        checks.append(Check(name, True, Msg("config ok", path=config.path, n=len(config.accounts))))
    for warning in config.warnings:
        checks.append(Check(Msg("check config warning"), False, warning))
    store = None
    try:
        store = ctx.store()
        checks.append(Check(Msg("check store"), True, Msg("store ok", url=redact_url(config.store_url),
                                                           n=len(store.order_ids()))))
    except Exception as exc:  # noqa: BLE001 - StoreError is already a sentence
        checks.append(Check(Msg("check store"), False, exc if isinstance(exc, UserError) else str(exc)))
    checks.append(_integrity(config.store_url))
    today = ctx.now.date()
    for account in config.accounts if connect else ():
        checks.extend(_account_checks(account, today, store))
    checks.extend(_notify_checks(config, ctx.lang))
    return _report(ctx, checks)


def _notify_checks(config: Any, lang: str) -> list[Check]:
    """Each channel checked without notifying anyone (`orders notify --test` sends real ones)."""
    import os
    import shutil

    from daemon.service.notify import NotifyConfigError, settings_from_config
    from daemon.service.notify.desktop import server_info

    try:
        settings = settings_from_config(config.notify or {}, lang=lang)
    except NotifyConfigError as exc:
        return [Check(Msg("check notify"), False, exc)]
    checks: list[Check] = []
    if settings.desktop:
        info = server_info()
        if info.channel_down:
            # Headless (SSH, a server): not a fault — alerts wait for the desktop, other channels still go.
            checks.append(Check(Msg("check notify desktop"), True, Msg("desktop down", detail=info.detail)))
        else:
            checks.append(Check(Msg("check notify desktop"), info.ok, info.detail))
    for spec in settings.commands:
        program = spec.argv[0]
        found = shutil.which(program) or (program if os.access(os.path.expanduser(program), os.X_OK) else None)
        checks.append(Check(Msg("check notify command", name=spec.name), bool(found),
                            Msg("executable", path=found) if found else Msg("not executable", program=program)))
    if settings.apprise:
        try:
            import apprise  # noqa: F401
            checks.append(Check(Msg("check notify apprise"), True, Msg("apprise urls", n=len(settings.apprise))))
        except ImportError:
            checks.append(Check(Msg("check notify apprise"), False, Msg("no apprise")))
    if not checks:
        checks.append(Check(Msg("check notify"), False, Msg("no channel")))
    return checks


def _report(ctx: Context, checks: list[Check]) -> int:
    if ctx.json:
        render.print_json([{"check": str(c.name), "ok": c.ok, "detail": str(c.detail), **c.data} for c in checks])
    else:

        lang = ctx.safe_lang()
        columns = (render.Col(word("check", lang), 0, 16), render.Col("", 0, None),
                   render.Col(word("detail", lang), 0, 30, wrap=True))
        render.print_table("orders doctor", columns,
                           ((str(localize(c.name, lang)), word("ok" if c.ok else "PROBLEM", lang),
                             str(localize(c.detail, lang))) for c in checks))
    return 0 if all(c.ok for c in checks) else 1
