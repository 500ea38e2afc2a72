"""Commands that talk to servers: `poll`, `watch`, `doctor`, `notify --test`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context

if TYPE_CHECKING:
    from daemon.config import Config


def _config_with_accounts(ctx: Context) -> Config:
    """The checked config, refusing one without accounts: `poll` and `watch` would have nothing to do."""
    config = ctx.config
    if not config.accounts:
        raise CliError("no [[accounts]] in the config", "copy config.example.toml to "
                       f"{config.path or 'your config file'} and fill in an account", exit_code=2)
    return config


def cmd_poll(ctx: Context) -> int:
    from dataclasses import replace

    from daemon.service.pipeline import evaluate_only, run_cycle
    from daemon.service.sync import sync_all

    config = _config_with_accounts(ctx)
    store = ctx.store()
    # An account a running `orders watch` holds is its to sync; its alerts are its to announce.
    leases = {a.name: store.try_lease(f"account:{a.name}") for a in config.accounts}
    skipped = [name for name, held in leases.items() if held is None]
    mine = replace(config, accounts=tuple(a for a in config.accounts if leases[a.name] is not None))
    progress = None
    if sys.stderr.isatty() and not ctx.json:
        from daemon.cli.progress import RichProgress

        progress = RichProgress()
    try:
        results = sync_all(mine, store, now=ctx.now, progress=progress, log_failures=False)
    finally:
        if progress:
            progress.close()
        for held in leases.values():
            if held is not None:
                held.release()
    deliver = store.try_lease("deliver")
    try:
        cycle = run_cycle(store, config, ctx.now) if deliver else evaluate_only(store, config, ctx.now)
    finally:
        if deliver:
            deliver.release()
    failures = [r for r in results if not r.ok]
    if ctx.json:
        render.print_json({
            "accounts": [r.to_dict() for r in results],
            "skipped_accounts": skipped,
            "active_alerts": cycle.active_alerts,
            "notifications_sent": cycle.sent,
            "notifications_failed": cycle.failed,
            "unrecognized_mails": cycle.unread_mails,
        })
    else:
        for r in results:
            print(r.summary())
        for name in skipped:
            print(f"{name}: skipped — another orders process (a running `orders watch`) is syncing it")
        failed = f", {cycle.failed} failed" if cycle.failed else ""
        left = "" if deliver else " (notifications are left to the running orders watch)"
        print(f"{cycle.active_alerts} active alerts; {cycle.sent} notifications sent{failed}{left}")
        if cycle.unread_mails:
            from daemon.cli.commands.ui import word

            print(word("unread mail", ctx.lang, n=cycle.unread_mails))
    for r in failures:
        print(f"orders: error: {r.failure_line()}", file=sys.stderr)
    return 1 if failures else 0


def cmd_watch(ctx: Context) -> int:
    import logging

    from daemon.service.logsetup import configure
    from daemon.service.watch import run_watch

    # A daemon's journal should show connects, reconnects and pickups without -v.
    configure(ctx.verbose, default=logging.INFO)
    _config_with_accounts(ctx)  # validate first: a bad config is one clear line, not a restart loop
    return int(run_watch(ctx.args.config) or 0)


def cmd_doctor(ctx: Context) -> int:
    from daemon.cli.doctor import run_doctor

    return run_doctor(ctx)


def cmd_notify(ctx: Context) -> int:
    from daemon.service.notify import send_test

    results = send_test(ctx.config.notify, lang=ctx.lang)
    if ctx.json:
        render.print_json([{"channel": r.channel, "ok": r.ok, "detail": r.detail} for r in results])
    else:
        for r in results:
            print(f"{r.channel}: {'sent' if r.ok else 'FAILED'} — {r.detail}")
    return 0 if results and all(r.ok for r in results) else 1
