"""Commands that read orders and alerts: `status`, `show`, `alerts`, `ack`."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context
from daemon.cli.commands.ui import Msg, word
from parsers.extract import ORDER_ID
from store.domain.policy import alert_key, alert_priority, is_open

if TYPE_CHECKING:
    from store.domain.model import AlertSpec
    from store.domain.timeline import Timeline
    from store.states import OrderSummary


def current_alerts(ctx: Context, order_ids: list[str] | None = None,
                   open_only: bool = False) -> tuple[list[Timeline] | list[OrderSummary], list[dict[str, Any]]]:
    """The orders and the alerts at --now (default: now), with acknowledgements from the store.

    Without --now they come from the stored order states (``incremental.current``: only the orders
    whose alerts may have changed are evaluated); with it, every timeline is cut at that moment.
    ``order_ids`` narrows both to those orders; ``open_only`` leaves out settled orders with no
    stored alert (their alerts are evaluated all the same when they are due).
    """
    from daemon.service.pipeline import rule_settings

    store = ctx.store()
    lines: list[Any]
    if ctx.as_of is not None:
        from daemon.service.pipeline import compute_alerts

        lines, specs = compute_alerts(store, ctx.config, ctx.now, ctx.as_of)
        if order_ids is not None:
            lines = [t for t in lines if t.order_id in order_ids]
            specs = [s for s in specs if s.order_id in order_ids]
    else:
        from daemon.service.incremental import current

        lines, specs = current(store, rule_settings(ctx.config), ctx.now, order_ids=order_ids,
                               open_only=open_only)
    acked = store.acknowledgements()
    return lines, [alert_json(s, ctx.lang, acked.get(alert_key(s.kind, s.order_id, s.subject_key))) for s in specs]


def alert_json(spec: AlertSpec, lang: str, acknowledged_at: Any = None) -> dict[str, Any]:
    """One alert as `orders alerts --json` prints it (a contract: extend, don't rename)."""
    pick = lambda d: d.get(lang) or d.get("en") or ""  # noqa: E731
    return {
        "order_id": spec.order_id,
        "kind": spec.kind,
        "severity": spec.severity,
        "raised_at": render.iso(spec.raised_at),
        "deadline": render.iso(spec.deadline),
        "title": pick(spec.title),
        "message": pick(spec.message),
        "action": pick(spec.action),
        "acknowledged_at": render.iso(acknowledged_at),
        "subject_key": spec.subject_key,
        "facts": spec.facts,
    }


def order_json(line: Timeline, alert_kinds: list[str]) -> dict[str, Any]:
    data = line.to_dict()
    data["order_id"] = line.order_id
    data["state"] = line.state
    data["alerts"] = alert_kinds
    return data


def by_order(alerts: list[dict[str, Any]]) -> dict[str | None, list[str]]:
    grouped: dict[str | None, list[str]] = defaultdict(list)
    for a in alerts:
        grouped[a["order_id"]].append(a["kind"])
    return grouped


def cmd_status(ctx: Context) -> int:
    lines, alerts = current_alerts(ctx, open_only=not ctx.args.all)
    kinds = by_order([a for a in alerts if not a["acknowledged_at"]])
    shown = [t for t in lines if ctx.args.all or is_open(t, bool(kinds.get(t.order_id)))]
    shown.sort(key=lambda t: (not kinds.get(t.order_id), -t.last_event_at.timestamp()))
    if ctx.json:
        full = _full_timelines(ctx, shown)
        render.print_json([order_json(full[t.order_id], kinds.get(t.order_id, [])) for t in shown])
        return 0
    print_status_table(shown, kinds, ctx)
    unread = ctx.store().unread_count()
    if unread:
        print(word("unread mail", ctx.lang, n=unread))
    return 0


def _full_timelines(ctx: Context, lines: list[Any]) -> dict[str, Timeline]:
    """The timelines (with events) of ``lines``, loaded only when they are stored summaries."""
    from daemon.service.pipeline import timelines
    from store.domain.timeline import Timeline

    if all(isinstance(t, Timeline) for t in lines):
        return {t.order_id: t for t in lines}
    return {t.order_id: t for t in timelines(ctx.store(), ctx.as_of, order_ids=[t.order_id for t in lines])}


SELLER_LABELS: dict[str | None, dict[str, str]] = {
    "amazon": {"ja": "Amazon", "en": "Amazon"}, "marketplace": {"ja": "マーケットプレイス", "en": "marketplace"}}


def _count_kinds(kinds: list[str], lang: str = "en") -> str:
    from collections import Counter

    from store.domain.texts import ALERT_LABELS, label

    shown = (lambda k: k) if lang == "en" else (lambda k: label(ALERT_LABELS, k, lang))
    return " ".join(shown(k) if n == 1 else f"{shown(k)}×{n}" for k, n in Counter(kinds).items())


def print_status_table(shown: list[Timeline] | list[OrderSummary], kinds: dict[str | None, list[str]],
                       ctx: Context) -> None:
    from store.domain.texts import KIND_LABELS, PAYMENT_LABELS, STATE_LABELS, label

    lang = ctx.lang
    rows = []
    for t in shown:
        seller = t.seller_name or t.seller or ""
        items = render.items_cell(t.items, word("more items", lang))
        last = f"{label(KIND_LABELS, t.last_event_kind, lang)} {render.short_time(t.last_event_at, ctx.zone)}"
        pay = label(PAYMENT_LABELS, t.payment_method, lang) if t.payment_method else ""
        rows.append((t.order_id, t.market or "", seller, items, label(STATE_LABELS, t.state, lang), last, pay,
                     _count_kinds(kinds.get(t.order_id, []), lang)))
    title = word("Orders" if ctx.args.all else "Open orders", lang)
    render.print_table(title, [render.Col(word(name, lang), prio, floor) for name, prio, floor in STATUS_COLUMNS],
                       rows, empty=word("no open orders", lang))


# (column, priority — lower stays longer, 0 never goes —, narrowest cut or None: never cut)
STATUS_COLUMNS = (("order", 0, None), ("market", 7, None), ("seller", 5, 10), ("items", 3, 16), ("state", 1, 12),
                  ("last event", 4, None), ("payment", 6, None), ("alerts", 2, None))
TIMELINE_COLUMNS = (("at", 0, None), ("event", 1, 10), ("mail subject", 2, 16), ("folder", 4, 8),
                    ("auth", 3, 8))


SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}


def sort_alerts(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(alerts, key=lambda a: (*alert_priority(a["severity"], a["kind"]), a["raised_at"] or "",
                                         a["order_id"] or ""))


def _local(iso_value: str | None, ctx: Context) -> str:
    from datetime import datetime

    if not iso_value:
        return ""
    from store.domain.texts import fmt_time

    return fmt_time(datetime.fromisoformat(iso_value), ctx.zone, ctx.lang)


def print_alerts_table(alerts: list[dict[str, Any]], ctx: Context) -> None:
    """Alerts as blocks: what happened, the facts, then what to do — actions are sentences, not cells."""
    from store.domain.texts import ALERT_LABELS, SEVERITY_LABELS, label

    lang = ctx.lang
    out = render.console()
    if not alerts:
        out.print(word("no active alerts", lang))
        return
    out.print(f"[bold]{word('Alerts', lang)}[/bold] ({len(alerts)})")
    # Several fake mails naming one order: the newest in full, the rest counted.
    phishing: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for a in alerts:
        if a["kind"] == "phishing":
            phishing[a["order_id"]].append(a)
    for a in sort_alerts(alerts):
        same = phishing.get(a["order_id"], []) if a["kind"] == "phishing" else []
        if same and a is not max(same, key=lambda x: x["raised_at"] or ""):
            continue
        severity = a["severity"].upper() if lang == "en" else label(SEVERITY_LABELS, a["severity"], lang)
        kind = a["kind"] if lang == "en" else label(ALERT_LABELS, a["kind"], lang)
        head = f"[{SEVERITY_STYLE.get(a['severity'], '')}]{severity:8}[/] {kind}"
        if a["order_id"]:
            head += f"  {a['order_id']}"
        if a["deadline"]:
            head += f"  [dim]{word('deadline', lang)} {_local(a['deadline'], ctx)}[/dim]"
        if a["acknowledged_at"]:
            head += f"  [dim]{word('acknowledged', lang)}[/dim]"
        out.print(head)
        out.print(render.indented(a["title"], style="bold"))
        if a["message"]:
            out.print(render.indented(a["message"]))
        out.print(render.indented(a["action"], bullet="→ ", bullet_style="green"))
        if len(same) > 1:
            out.print(render.indented(word("more fakes", lang, n=len(same) - 1), style="dim"))


def cmd_alerts(ctx: Context) -> int:
    _, alerts = current_alerts(ctx, open_only=True)
    if not ctx.args.all:
        alerts = [a for a in alerts if not a["acknowledged_at"]]
    alerts = sort_alerts(alerts)
    if ctx.json:
        render.print_json(alerts)
        return 0
    print_alerts_table(alerts, ctx)
    return 0


# Dashes a copy from a web page or an IME may produce instead of "-".
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−ｰー－"), "-")


def _checked_order(order: str) -> str:
    """The order number as typed, full-width digits and odd dashes made plain (２５０－… → 250-…)."""
    import unicodedata

    order = unicodedata.normalize("NFKC", order).translate(_DASHES).strip().upper()
    if not ORDER_ID.fullmatch(order):
        raise CliError(Msg("not an order", order=order), Msg("not an order fix"), exit_code=2)
    return order


def _not_stored(order: str) -> CliError:
    return CliError(Msg("order not stored", order=order), Msg("order not stored fix"))


def find_timeline(ctx: Context, order: str) -> Timeline:
    """One order's timeline (no rules evaluated: for drafts)."""
    from daemon.service.pipeline import timelines

    order = _checked_order(order)
    found = timelines(ctx.store(), ctx.as_of, order_ids=[order])
    if not found:
        raise _not_stored(order)
    return found[0]


def order_with_alerts(ctx: Context, order: str) -> tuple[Timeline, list[dict[str, Any]]]:
    """One order's timeline and its alerts, from a single evaluation of the rules."""
    order = _checked_order(order)
    lines, alerts = current_alerts(ctx, order_ids=[order])
    line = _full_timelines(ctx, list(lines)).get(order)
    if line is None:
        raise _not_stored(order)
    return line, [a for a in alerts if a["order_id"] == order]


def cmd_show(ctx: Context) -> int:
    line, mine = order_with_alerts(ctx, ctx.args.order)
    if ctx.json:
        data = order_json(line, [a["kind"] for a in mine])
        data["alert_details"] = mine
        render.print_json(data)
        return 0
    from store.domain.texts import (
        AUTH_LABELS,
        CARRIER_LABELS,
        KIND_LABELS,
        PAYMENT_LABELS,
        STATE_LABELS,
        fmt_amount,
        label,
    )

    lang = ctx.lang
    out = render.console()
    out.print(f"[bold]{line.order_id}[/bold]  {line.market or ''}")
    seller = line.seller_name or (label(SELLER_LABELS, line.seller, lang) if line.seller else None)
    carrier = label(CARRIER_LABELS, line.carrier, lang) if line.carrier else None
    facts = [("seller", seller), ("items", ", ".join(line.items)),
             ("payment", label(PAYMENT_LABELS, line.payment_method, lang) if line.payment_method else None),
             ("amount", fmt_amount(line.amount, line.currency, lang) if line.amount is not None else None),
             ("carrier", " ".join(x for x in (carrier, line.tracking_number) if x))]
    out.print(f"  {word('state', lang)}: {label(STATE_LABELS, line.state, lang)}", markup=False)
    for name, value in facts:
        if value:
            out.print(f"  {word(name, lang)}: {render.strip_terminal(str(value))}", markup=False)
    rows = []
    for se in line.events:
        m = se.mail
        junk = f" ({word('junk', lang)})" if m.in_junk else ""
        where = f"{m.account + ':' if m.account else ''}{m.folder or ''}{junk}"
        rows.append((render.short_time(se.at, ctx.zone), label(KIND_LABELS, se.event.kind, lang), m.subject,
                     where, label(AUTH_LABELS, m.authenticity, lang)))
    render.print_table(word("Timeline", lang),
                       [render.Col(word(name, lang), prio, floor) for name, prio, floor in TIMELINE_COLUMNS], rows)
    if mine:
        print_alerts_table(mine, ctx)
    return 0


def cmd_ack(ctx: Context) -> int:
    from daemon.service.pipeline import evaluate
    from store.domain.rules import ALERT_KINDS

    order, kind = ctx.args.order, ctx.args.kind
    if order in ALERT_KINDS and kind is None:
        order, kind = None, order  # `orders ack phishing`: the alerts that name no order
    elif order.strip() in ("", "-"):
        order = None
    else:
        order = _checked_order(order)
    if kind is not None and kind not in ALERT_KINDS:
        raise CliError(Msg("not a kind", kind=kind), Msg("use one of", keys=", ".join(ALERT_KINDS)), exit_code=2)
    store = ctx.store()
    evaluate(store, ctx.config, ctx.now)  # make sure the alert rows exist before acknowledging them
    count = store.ack(order, kind, now=ctx.now)
    target = order or word("no order", ctx.lang)
    if count == 0:
        raise CliError(Msg("nothing to ack", target=target, kind=kind or ""), Msg("nothing to ack fix"))
    if ctx.json:
        render.print_json({"order_id": order, "kind": kind, "acknowledged": count})
    else:
        print(word("acked", ctx.lang, n=count, what=kind or "", target=target))
    return 0
