"""`orders demo`: the bundled sample mail in a throwaway store, shown at a moment with trouble.

No network and no user config: the store is a temporary SQLite file removed afterwards.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import tzinfo
from pathlib import Path

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context
from daemon.cli.commands.ui import Msg, word

DEMO_NOW = "2026-11-20T12:00:00+09:00"
# The markets' own stories (fixtures/emails/<folder>/) happen in December 2026; they are shown at noon
# of this day in the market's zone, when their refunds are overdue. The first markets keep DEMO_NOW.
MARKET_DEMO_DAY = "2026-12-24T12:00:00"
FIRST_MARKETS = ("amazon.co.jp", "amazon.com", "amazon.co.uk")


def market_folder(market: str) -> str:
    """The fixtures folder of a market: its country code (amazon.com.be → be), amazon.com → us."""
    return "us" if market == "amazon.com" else market.rsplit(".", 1)[-1]


def demo_zone(market: str | None) -> tzinfo:
    """The zone the demo shows its story in: that of the market's people (Tokyo for the first story)."""
    from zoneinfo import ZoneInfo

    from parsers.vocab import MARKET_TIMEZONES

    if not market or market in FIRST_MARKETS:
        return ZoneInfo("Asia/Tokyo")
    return ZoneInfo(MARKET_TIMEZONES[market])


def market_moment(market: str) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from parsers.vocab import MARKET_TIMEZONES

    if market in FIRST_MARKETS:
        return DEMO_NOW
    return datetime.fromisoformat(MARKET_DEMO_DAY).replace(tzinfo=ZoneInfo(MARKET_TIMEZONES[market])).isoformat()


def bundled_mail_dir() -> Path:
    """fixtures/emails in a checkout (editable install), else the copy a wheel installs under share/."""
    here = Path(__file__).resolve()
    candidates = [here.parents[3] / "fixtures" / "emails",
                  Path(sys.prefix) / "share" / "orderwatch" / "fixtures" / "emails"]
    for path in candidates:
        if path.is_dir():
            return path
    raise CliError(Msg("demo missing"), Msg("reinstall"))


def cmd_demo(ctx: Context) -> int:
    from daemon.cli.commands.mail import ingest_local
    from daemon.cli.commands.orders import (
        by_order,
        current_alerts,
        print_alerts_table,
        print_status_table,
        sort_alerts,
    )
    from parsers.vocab import MARKETS

    mail_dir = bundled_mail_dir()
    now = DEMO_NOW
    market = getattr(ctx.args, "market", None)
    if market:
        market = market.strip().lower().removeprefix("www.")
        if market not in MARKETS:
            raise CliError(Msg("demo bad market", market=market), Msg("use one of", keys=", ".join(MARKETS)))
        mail_dir = mail_dir / market_folder(market)
        now = market_moment(market)
    if not getattr(ctx.args, "now", None):
        ctx.set_now(now)
        ctx.set_zone(demo_zone(market))
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
