"""`orders demo`: the bundled sample mail in a throwaway store, shown at a moment with trouble.

No network and no user config: the store is a temporary SQLite file removed afterwards.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context
from daemon.cli.commands.ui import word

DEMO_NOW = "2026-11-20T12:00:00+09:00"


def bundled_mail_dir() -> Path:
    """fixtures/emails in a checkout (editable install), else the copy a wheel installs under share/."""
    here = Path(__file__).resolve()
    candidates = [here.parents[3] / "fixtures" / "emails",
                  Path(sys.prefix) / "share" / "orderwatch" / "fixtures" / "emails"]
    for path in candidates:
        if path.is_dir():
            return path
    raise CliError("the bundled sample mail is missing", "reinstall orderwatch from a checkout")


def cmd_demo(ctx: Context) -> int:
    from daemon.cli.commands.mail import ingest_local
    from daemon.cli.commands.orders import (
        by_order,
        current_alerts,
        print_alerts_table,
        print_status_table,
        sort_alerts,
    )

    mail_dir = bundled_mail_dir()
    if not getattr(ctx.args, "now", None):
        ctx.set_now(DEMO_NOW)
    with tempfile.TemporaryDirectory(prefix="orders-demo-") as tmp:
        cfg_path = Path(tmp) / "demo.toml"
        cfg_path.write_text(f'[store]\nurl = "sqlite:///{Path(tmp) / "demo.db"}"\n', encoding="utf-8")
        ctx.args.config = str(cfg_path)
        totals = ingest_local(ctx.store(), ctx, [str(mail_dir)])
        lines, alerts = current_alerts(ctx)
        ctx.close()
    alerts = sort_alerts(alerts)
    if ctx.json:
        render.print_json(alerts)
        return 0
    from store.domain.texts import fmt_time

    counts = {k: totals.get(k, 0) for k in ("mails", "parsed", "suspicious", "ignored", "unrecognized")}
    print(word("demo head", ctx.lang, dir=mail_dir, when=fmt_time(ctx.now, ctx.zone, ctx.lang), **counts) + "\n")
    kinds = by_order(alerts)
    open_lines = [t for t in lines if kinds.get(t.order_id)]
    open_lines.sort(key=lambda t: t.order_id)
    ctx.args.all = False
    print_status_table(open_lines, kinds, ctx)
    print()
    print_alerts_table(alerts, ctx)
    print("\n" + word("demo tail", ctx.lang))
    return 0
