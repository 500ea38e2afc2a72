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

if TYPE_CHECKING:
    from daemon.cli.commands.base import Context
    from daemon.config import Account
    from store.repository import Store


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)


def redact_url(url: str | None) -> str:
    """postgresql+psycopg://user:secret@host/db → postgresql+psycopg://user:***@host/db"""
    if not url:
        return "(default SQLite in the XDG data dir)"
    return re.sub(r"(://[^/:@]+):[^@/]*@", r"\1:***@", url)


def _integrity(url: str | None) -> Check:
    from store.db import describe, parse_url, quick_check

    problems = quick_check(url)
    if problems is None:
        return Check("store integrity", True, "not a SQLite file (PostgreSQL checks its own), or not created yet")
    if not problems:
        return Check("store integrity", True, "SQLite quick_check: ok")
    where = describe(parse_url(url))
    return Check("store integrity", False,
                 f"SQLite quick_check found damage ({'; '.join(problems[:3])}) — fix: stop `orders watch`, keep a "
                 f"copy of {where}, then `sqlite3 {where} .recover | sqlite3 recovered.db` and point [store] url "
                 "at recovered.db (or restore a backup); `orders reparse` then skips any mail it still cannot "
                 "read. Nothing else is lost for good: removing the store and running `orders poll` reads the "
                 "mailbox again (as far back as `since`).", {"problems": problems})


def _authserv_check(client: Any, account: Account, store: Store | None) -> Check:
    """Which Authentication-Results are believed for ``account``, and what that means."""
    from daemon.service.authserv import learn, sample

    label = f"account {account.name} authentication"
    pinned = store.authserv_id(account.name) if store is not None else None
    try:
        seen = learn(sample(client))
    except Exception as exc:  # noqa: BLE001 - a refused sample is reported, the rest goes on
        return Check(label, False, f"could not sample recent mail ({exc}) — check the INBOX")
    data = {"authserv_id_config": list(account.trusted_authserv_ids or []) or None, "authserv_id_pinned": pinned,
            "authserv_id_seen": seen}
    none_text = ("the server adds no Authentication-Results of its own: orders' own DKIM check is the only "
                 "proof that mail is Amazon's; Amazon mail it cannot verify (a key no longer published, "
                 "a DNS failure) counts as unverified — it can raise alerts, never silence them")
    if account.trusted_authserv_ids is not None:
        detail = f"trusting Authentication-Results from {', '.join(account.trusted_authserv_ids)} (config)"
        if seen == "":
            # Said plainly, not failed: an Authentication-Results pass still needs a real Amazon
            # signature in the mail, so a forger's own header gains nothing.
            return Check(label, True, f"{detail}, but recent mail does not carry it: {none_text}. Unless "
                                      "mail reaches this mailbox through a server that writes it, remove "
                                      "trusted_authserv_ids (a forger can write that id into his own mail)", data)
        if seen and seen not in account.trusted_authserv_ids:
            return Check(label, False, f"{detail}, but recent mail carries {seen} — fix: "
                                       f'trusted_authserv_ids = ["{seen}"]', data)
        return Check(label, True, detail, data)
    if pinned:
        return Check(label, True, f"the server's authserv-id is {pinned} (learned on the first sync, pinned)", data)
    if pinned == "" or seen == "":
        return Check(label, True, none_text[0].upper() + none_text[1:], data)
    return Check(label, True, "not learned yet (too little recent mail from several senders); meanwhile the "
                              "topmost Authentication-Results is read, and our own DKIM check comes first", data)


def _account_checks(account: Account, today: date, store: Store | None = None) -> list[Check]:
    from daemon.service.imap.connect import ImapError, connect, tls_details
    from daemon.service.imap.fetch import search_candidates
    from daemon.service.imap.folders import folders_to_sync

    label = f"account {account.name}"
    try:
        client = connect(account)
    except ImapError as exc:
        return [Check(label, False, str(exc))]
    checks: list[Check] = []
    try:
        tls = tls_details(client)
        caps = sorted(c.decode() if isinstance(c, bytes) else str(c) for c in client.capabilities())
        security = (f"{tls['version']} {tls['cipher']}; certificate {tls['subject']} issued by {tls['issuer']}, "
                    f"valid until {tls['not_after']}") if tls else "no TLS (plain connection)"
        checks.append(Check(label, True, f"{account.host}:{account.port} login ok; {security}",
                            {"tls": tls, "capabilities": caps, "idle": "IDLE" in caps}))
        listing = client.list_folders()
        names = [n.decode() if isinstance(n, bytes) else str(n) for _, _, n in listing]
        checks.append(Check(f"{label} server folders", True, ", ".join(names), {"folders": names}))
        checks.append(_authserv_check(client, account, store))
        specs = folders_to_sync(client, account)
        if account.spam and not any(s.junk for s in specs):
            checks.append(Check(f"{label} junk folder", False,
                                "no junk folder found — set junk_folder = \"NAME\" for this account, "
                                "or spam = false to watch the inbox only"))
        since = today - account.since
        for spec in specs:
            name = f"{label} folder {spec.name}" + (" (junk)" if spec.junk else "")
            try:
                info = client.select_folder(spec.name, readonly=True)
                uidnext = int(info.get(b"UIDNEXT", 0)) or 1 << 31
                found = search_candidates(client, 1, uidnext, since=since,
                                          trusted_forwarders=account.trusted_forwarders)
                total = int(info.get(b"EXISTS", 0))
                checks.append(Check(name, True, f"{total} messages, {len(found)} Amazon candidates since {since}",
                                    {"messages": total, "candidates": len(found), "junk": spec.junk}))
            except Exception as exc:  # noqa: BLE001 - one folder's problem is reported, the rest go on
                key = "junk_folder" if spec.junk and account.junk_folder else "folders"
                checks.append(Check(name, False, f"cannot read it ({exc}) — fix: check the folder name in `{key}` "
                                                 f"against the server's folders listed above"))
    finally:
        with contextlib.suppress(Exception):  # the report is complete; a failed goodbye changes nothing
            client.logout()
    return checks


def run_doctor(ctx: Context, *, connect: bool = True) -> int:
    """Every check; ``connect=False`` leaves out logging in to the accounts (no secret stored yet)."""
    from daemon.config import ConfigError

    checks: list[Check] = []
    try:
        config = ctx.config
    except ConfigError as exc:
        checks.append(Check("config", False, str(exc)))
        return _report(ctx, checks)
    if config.path is None or not config.path.exists():
        checks.append(Check("config", False, f"no config file at {config.path} — fix: run `orders init` (or copy "
                                             "`orders config example` there)"))
    elif not config.accounts:
        checks.append(Check("config", False, f"{config.path}: no [[accounts]] — fix: add one (`orders init --force` "
                                             "writes one for your address)"))
    else:
        checks.append(Check("config", True, f"{config.path}; {len(config.accounts)} account(s)"))
    for warning in config.warnings:
        checks.append(Check("config warning", False, warning))
    store = None
    try:
        store = ctx.store()
        checks.append(Check("store", True, f"{redact_url(config.store_url)} opened, schema up to date, "
                                           f"{len(store.order_ids())} orders"))
    except Exception as exc:  # noqa: BLE001 - StoreError is already a sentence
        checks.append(Check("store", False, str(exc)))
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
        return [Check("notify", False, str(exc))]
    checks: list[Check] = []
    if settings.desktop:
        info = server_info()
        if info.channel_down:
            # Headless (SSH, a server): not a fault — alerts wait for the desktop, other channels still go.
            checks.append(Check("notify desktop", True, f"{info.detail}: desktop alerts wait until a desktop "
                                                        "session is back (the command and apprise channels still send)"))
        else:
            checks.append(Check("notify desktop", info.ok, info.detail))
    for spec in settings.commands:
        program = spec.argv[0]
        found = shutil.which(program) or (program if os.access(os.path.expanduser(program), os.X_OK) else None)
        checks.append(Check(f"notify command:{spec.name}", bool(found),
                            f"{found} is executable" if found else
                            f"{program} not found or not executable — fix: give its full path in argv"))
    if settings.apprise:
        try:
            import apprise  # noqa: F401
            checks.append(Check("notify apprise", True, f"{len(settings.apprise)} URL(s) configured (not sent)"))
        except ImportError:
            checks.append(Check("notify apprise", False, "apprise is not installed — fix: install orderwatch[apprise]"))
    if not checks:
        checks.append(Check("notify", False, "no channel configured — fix: set [notify] desktop = true, apprise "
                                             "or [[notify.command]]"))
    return checks


def _report(ctx: Context, checks: list[Check]) -> int:
    if ctx.json:
        render.print_json([{"check": c.name, "ok": c.ok, "detail": c.detail, **c.data} for c in checks])
    else:
        from daemon.cli.commands.ui import word

        lang = ctx.safe_lang()
        columns = (render.Col(word("check", lang), 0, 16), render.Col("", 0, None),
                   render.Col(word("detail", lang), 0, 30, wrap=True))
        render.print_table("orders doctor", columns,
                           ((c.name, word("ok" if c.ok else "PROBLEM", lang), c.detail) for c in checks))
    return 0 if all(c.ok for c in checks) else 1
