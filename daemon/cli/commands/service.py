"""Commands that talk to servers: `poll`, `watch`, `doctor`, `notify --test`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context, parse_now
from daemon.cli.commands.ui import Msg, word

if TYPE_CHECKING:
    from daemon.config import Config
    from daemon.service.pipeline import CycleReport


def _config_with_accounts(ctx: Context) -> Config:
    """The checked config, refusing one without accounts: `poll` and `watch` would have nothing to do."""
    config = ctx.config
    if not config.accounts:
        raise CliError(Msg("no accounts"), Msg("no accounts fix", path=config.path or "config.toml"), exit_code=2)
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

        progress = RichProgress(ctx.lang)
    try:
        # Mail is fetched and stored as of the real clock; --now only changes what is evaluated.
        results = sync_all(mine, store, now=parse_now(None), progress=progress, log_failures=False)
    finally:
        if progress:
            progress.close()
        for held in leases.values():
            if held is not None:
                held.release()
    deliver = None if ctx.as_of is not None else store.try_lease("deliver")
    try:
        if ctx.as_of is not None:
            cycle = _evaluate_only(ctx)
        else:
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
            "acknowledged_alerts": cycle.acknowledged,
            "notifications_sent": cycle.sent,
            "notifications_failed": cycle.failed,
            "evaluated_only": ctx.as_of is not None,
            "unrecognized_mails": cycle.unread_mails,
        })
    else:
        lang = ctx.lang
        for r in results:
            print(r.summary(lang))
        for name in skipped:
            print(word("poll skipped", lang, name=name))
        from store.domain.texts import fmt_time

        failed = word("failed n", lang, n=cycle.failed) if cycle.failed else ""
        acked = word("acked apart", lang, n=cycle.acknowledged) if cycle.acknowledged else ""
        if ctx.as_of is not None:
            print(word("poll now", lang, n=cycle.active_alerts, when=fmt_time(ctx.now, ctx.zone, lang), acked=acked))
        else:
            left = "" if deliver else word("left to watch", lang)
            print(word("poll done", lang, n=cycle.active_alerts, acked=acked, sent=cycle.sent, failed=failed) + left)
        if cycle.unread_mails:
            print(word("unread mail", ctx.lang, n=cycle.unread_mails))
    for r in failures:
        print(word("error line", ctx.safe_lang(), text=r.failure_line(ctx.safe_lang())), file=sys.stderr)
    return 1 if failures else 0


def _evaluate_only(ctx: Context) -> CycleReport:
    """`poll --now T`: the alerts at T, computed but neither stored nor delivered."""
    from daemon.service.pipeline import CycleReport, compute_alerts

    store = ctx.store()
    _, specs = compute_alerts(store, ctx.config, ctx.now, ctx.as_of)
    acked = {(a.order_id, a.kind) for a in store.alerts(active_only=True) if a.acknowledged_at is not None}
    n_acked = sum(1 for s in specs if (s.order_id or "", s.kind) in acked)
    return CycleReport(len(specs) - n_acked, 0, 0, (), n_acked, unread_mails=store.unread_count())


def cmd_watch(ctx: Context) -> int:
    import logging

    from daemon.service.logsetup import configure
    from daemon.service.watch import run_watch

    if getattr(ctx.args, "now", None):
        raise CliError(Msg("watch now"), Msg("watch now fix"), exit_code=2)
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
            print(word("notify sent" if r.ok else "notify failed", ctx.lang, channel=r.channel, detail=r.detail))
    return 0 if results and all(r.ok for r in results) else 1
