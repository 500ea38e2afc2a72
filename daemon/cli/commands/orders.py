"""Commands that read orders and alerts: `status`, `show`, `alerts`, `ack`."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context
from daemon.cli.commands.ui import word
from parsers.extract import ORDER_ID
from store.domain.policy import acknowledgements, alert_key, alert_priority, is_open

if TYPE_CHECKING:
    from store.domain.model import AlertSpec
    from store.domain.timeline import Timeline


def current_alerts(ctx: Context) -> tuple[list[Timeline], list[dict[str, Any]]]:
    """Timelines and the alerts at --now (default: now), with acknowledgements from the store."""
    from daemon.service.pipeline import compute_alerts

    store = ctx.store()
    lines, specs = compute_alerts(store, ctx.config, ctx.now, ctx.as_of)
    acked = acknowledgements(store.alerts(active_only=False))
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
    lines, alerts = current_alerts(ctx)
    kinds = by_order([a for a in alerts if not a["acknowledged_at"]])
    shown = [t for t in lines if ctx.args.all or is_open(t, bool(kinds.get(t.order_id)))]
    shown.sort(key=lambda t: (not kinds.get(t.order_id), -t.last_event_at.timestamp()))
    if ctx.json:
        render.print_json([order_json(t, kinds.get(t.order_id, [])) for t in shown])
        return 0
    print_status_table(shown, kinds, ctx)
    unread = ctx.store().unread_count()
    if unread:
        print(word("unread mail", ctx.lang, n=unread))
    return 0


def _count_kinds(kinds: list[str]) -> str:
    from collections import Counter

    return " ".join(k if n == 1 else f"{k}×{n}" for k, n in Counter(kinds).items())


def print_status_table(shown: list[Timeline], kinds: dict[str | None, list[str]], ctx: Context) -> None:
    from store.domain.texts import KIND_LABELS, PAYMENT_LABELS, STATE_LABELS, label

    lang = ctx.lang
    rows = []
    for t in shown:
        seller = t.seller_name or t.seller or ""
        items = ", ".join(t.items)[:50]
        last = (f"{label(KIND_LABELS, t.last_event.event.kind, lang)} "
                f"{render.short_time(t.local(t.last_event_at))}")
        pay = label(PAYMENT_LABELS, t.payment_method, lang) if t.payment_method else ""
        rows.append((t.order_id, t.market or "", seller, items, label(STATE_LABELS, t.state, lang), last, pay,
                     _count_kinds(kinds.get(t.order_id, []))))
    title = word("Orders" if ctx.args.all else "Open orders", lang)
    columns = ("order", "market", "seller", "items", "state", "last event", "payment", "alerts")
    render.print_table(title, [word(c, lang) for c in columns], rows, empty=word("no open orders", lang))


SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}


def sort_alerts(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(alerts, key=lambda a: (*alert_priority(a["severity"], a["kind"]), a["raised_at"] or "",
                                         a["order_id"] or ""))


def _local(iso_value: str | None, ctx: Context) -> str:
    from datetime import datetime

    if not iso_value:
        return ""
    return render.short_time(datetime.fromisoformat(iso_value), ctx.now.tzinfo)


def print_alerts_table(alerts: list[dict[str, Any]], ctx: Context) -> None:
    """Alerts as blocks: what happened, the facts, then what to do — actions are sentences, not cells."""
    from store.domain.texts import SEVERITY_LABELS, label

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
        head = f"[{SEVERITY_STYLE.get(a['severity'], '')}]{severity:8}[/] {a['kind']}"
        if a["order_id"]:
            head += f"  {a['order_id']}"
        if a["deadline"]:
            head += f"  [dim]{word('deadline', lang)} {_local(a['deadline'], ctx)}[/dim]"
        if a["acknowledged_at"]:
            head += f"  [dim]{word('acknowledged', lang)}[/dim]"
        out.print(head)
        out.print(f"  [bold]{render.safe(a['title'])}[/bold]")
        if a["message"]:
            out.print(f"  {render.safe(a['message'])}")
        out.print(f"  [green]→[/green] {render.safe(a['action'])}")
        if len(same) > 1:
            out.print(f"  [dim]{word('more fakes', lang, n=len(same) - 1)}[/dim]")


def cmd_alerts(ctx: Context) -> int:
    _, alerts = current_alerts(ctx)
    if not ctx.args.all:
        alerts = [a for a in alerts if not a["acknowledged_at"]]
    alerts = sort_alerts(alerts)
    if ctx.json:
        render.print_json(alerts)
        return 0
    print_alerts_table(alerts, ctx)
    return 0


def _checked_order(order: str) -> str:
    order = order.strip()
    if not ORDER_ID.fullmatch(order):
        raise CliError(f"{order!r}: not an order number", "it looks like 250-1234567-1234567", exit_code=2)
    return order


def _not_stored(order: str) -> CliError:
    return CliError(f"{order}: no mail about this order in the store", "run `orders poll` or `orders import`")


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
    lines, alerts = current_alerts(ctx)
    line = next((t for t in lines if t.order_id == order), None)
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
    from store.domain.texts import AUTH_LABELS, KIND_LABELS, STATE_LABELS, label

    lang = ctx.lang
    out = render.console()
    out.print(f"[bold]{line.order_id}[/bold]  {line.market or ''}")
    facts = [("seller", line.seller_name or line.seller), ("items", ", ".join(line.items)),
             ("payment", line.payment_method),
             ("amount", f"{line.amount:g} {line.currency or ''}".strip() if line.amount is not None else None),
             ("carrier", " ".join(x for x in (line.carrier, line.tracking_number) if x))]
    out.print(f"  {word('state', lang)}: {label(STATE_LABELS, line.state, lang)}", markup=False)
    for name, value in facts:
        if value:
            out.print(f"  {word(name, lang)}: {render.strip_terminal(str(value))}", markup=False)
    rows = []
    for se in line.events:
        m = se.mail
        where = f"{m.account + ':' if m.account else ''}{m.folder or ''}{' (junk)' if m.in_junk else ''}"
        rows.append((render.short_time(line.local(se.at)), label(KIND_LABELS, se.event.kind, lang), m.subject[:60],
                     where, label(AUTH_LABELS, m.authenticity, lang)))
    render.print_table(word("Timeline", lang), [word(c, lang) for c in ("at", "event", "mail subject", "folder", "auth")],
                       rows)
    if mine:
        print_alerts_table(mine, ctx)
    return 0


def cmd_ack(ctx: Context) -> int:
    from daemon.service.pipeline import evaluate

    order, kind = ctx.args.order, ctx.args.kind
    store = ctx.store()
    evaluate(store, ctx.config, ctx.now)  # make sure the alert rows exist before acknowledging them
    count = store.ack(order, kind, now=ctx.now)
    if count == 0:
        what = f"{kind} alert" if kind else "active alert"
        raise CliError(f"{order}: no {what} to acknowledge", "see `orders alerts`")
    if ctx.json:
        render.print_json({"order_id": order, "kind": kind, "acknowledged": count})
    else:
        print(f"acknowledged {count} alert(s) for {order}")
    return 0
