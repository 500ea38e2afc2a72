"""Trouble rules: order timelines (and suspicious mail) at a given ``now`` → the alerts that hold now.

Pure and deterministic: ``now`` is passed in, nothing is read from the clock or the store. An alert
that no longer holds is simply not returned (the store resolves it); each (kind, order, subject_key)
appears at most once. Thresholds live in ``RuleSettings`` (config ``[rules]``, ``rule_settings.py``).

Decisions (the "why" of each rule):

- Every threshold is inclusive: at exactly ``request + 48 h`` the seller has had their 48 hours, so
  ``seller_no_reply`` holds; a refund due "by" a moment is overdue from that moment on.
- A cancel request is *pending* when no answer (seller message, cancellation, rejection, shipment,
  refusal or refund) came after it; with several requests the clock runs from the first one not
  followed by an answer (a request re-sent after an answer restarts it).
- ``shipped_after_cancel``: a shipment (shipped / out-for-delivery / delivered notice) that comes after
  a cancel request or a cancellation. A partial cancellation whose items and the shipment's items are
  known and disjoint is not one. Critical; warning when the request had been declined before the parcel
  left (the user knew, but must still refuse or return it). It resolves once the parcel was refused,
  received back or refunded: from then on ``refund_overdue`` follows the money.
- ``seller_no_reply`` is for marketplace orders; ``cancel_unconfirmed`` for Amazon-sold orders and for
  orders whose seller no mail named (most of those are Amazon's; 24 h warns earlier than 48 h).
- ``refund_overdue`` — when is a refund expected (from the moment in brackets)?
  * return received (its time) — any payment method;
  * delivery refused (its time) — except cash on delivery: nothing was paid at a refused door;
  * cancellation (its time) of a paid order: gift card, points and the prepaid methods (convenience
    store, ATM, net banking, e-money) are paid at order time; a digital order (``D01-…``) is charged
    at purchase; credit card, carrier billing, other and unknown methods are charged when the parcel
    ships, so their cancellation expects a refund only when a shipment came first — otherwise nothing
    was ever charged and an alert could never clear. Cash on delivery is paid at the door: a
    cancellation never expects a refund. A prepaid order is assumed paid: the events do not tell an
    order Amazon cancelled for non-payment (nothing to refund) from a paid one.
  A refund counts when it came after the parcel left (for returns and refusals) or at any time (for
  cancellations); with several unmet expectations the earliest is reported. Amounts are not compared
  (partial refunds are common and mails often omit them). The window is the payment method's.
- ``mail_in_spam``: only mail whose authenticity *passed* — the alert sends the user to read a mail in
  their junk folder, so it must never vouch for an unverified one. One alert per order; warning when a
  junk mail carried news the user acts on (seller message, cancellation result, shipment), else info.
  Junk mail that names the order but could not be read (``UnreadMail``) counts too — the user must go
  and read it either way — and makes it a warning, since nobody knows what it says.
  Mail older than ``mail_alert_days`` is history, not news (a first sync reads a year back).
- Unverified mail (authenticity not ``pass``) can raise, never silence: every rule runs on the order
  as its authenticated mail alone tells it, and those alerts always hold — a forged refund,
  cancellation, seller reply or delivery cannot clear them. An alert that only the full timeline
  (unverified mail included) implies is still raised, marked unverified in its text and facts, and
  is at most a warning: a forged shipment cannot cry wolf at critical urgency.
- ``unread_amazon_mail``: the safety net. One alert per genuine Amazon mail (authenticity not failed)
  that names one of the user's orders and that no parser could classify, dated within
  ``mail_alert_days``. Info; warning when the order has a pending cancel request or an expected refund
  (the mail may be the answer). It names the first of the user's orders the mail quotes. When a parser
  update classifies the mail (``orders reparse``), the mail is no longer unread and the alert resolves.
- ``phishing``: one alert per suspicious mail dated up to ``now`` and within ``mail_alert_days``
  (undated mail always counts, raised at ``now``). The order it names is the first of the user's real
  orders it quotes, else the first it quotes, else none; critical when it quotes a real order. The
  timelines are never touched by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from store.domain import reasons, texts
from store.domain.model import AlertSpec, SuspiciousMail, UnreadMail
from store.domain.rule_settings import (
    ALERT_KINDS,
    DEFAULT_MARKET_REFUND_DAYS,
    DEFAULT_REFUND_DAYS,
    PAYMENT_KEYS,
    RuleSettings,
    RuleSettingsError,
)
from store.domain.situations import (
    ACTIONABLE_KINDS,
    pending_cancel_request,
    refund_expectation,
    shipped_anyway,
)
from store.domain.texts import t, t_date, t_label, t_order, t_time
from store.domain.timeline import Timeline, build, require_aware

# The settings live in rule_settings.py; they are part of this module's interface too.
__all__ = ["ALERT_KINDS", "DEFAULT_MARKET_REFUND_DAYS", "DEFAULT_REFUND_DAYS", "ORDER_RULES", "PAYMENT_KEYS",
           "RuleSettings", "RuleSettingsError", "evaluate"]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _hours_text(hours: float) -> str:
    return f"{hours:g}"


def _base_facts(tl: Timeline) -> dict[str, Any]:
    return {"order_id": tl.order_id, "market": tl.market, "state": tl.state, "seller": tl.seller,
            "seller_name": tl.seller_name, "payment_method": tl.payment_method, "items": list(tl.items)}


def _spec(kind: str, tl: Timeline | None, severity: str, raised_at: datetime, deadline: datetime | None,
          values: Mapping[str, Any], facts: dict[str, Any], *, order_id: str | None = None,
          subject_key: str | None = None, **variants: str) -> AlertSpec:
    title, message, action = texts.render(kind, values, **variants)
    return AlertSpec(kind=kind, order_id=tl.order_id if tl is not None else order_id,  # type: ignore[arg-type]
                     severity=severity, raised_at=raised_at, deadline=deadline,  # type: ignore[arg-type]
                     title=title, message=message, action=action, facts=facts, subject_key=subject_key)


def _shipped_after_cancel(tl: Timeline, now: datetime, s: RuleSettings) -> AlertSpec | None:
    found = shipped_anyway(tl)
    if found is None:
        return None
    shipment, cancels = found
    before = tl.events[:tl.events.index(shipment)]
    phase = [se for se in before if se.event.kind in ("cancel_requested", "cancelled", "cancel_rejected")]
    requests = [se for se in cancels if se.event.kind == "cancel_requested"]
    cancelled = [se for se in cancels if se.event.kind == "cancelled"]
    if phase and phase[-1].event.kind == "cancel_rejected":
        variant, cancel = "rejected", (requests[-1] if requests else cancels[-1])
    elif cancelled:
        variant, cancel = "cancelled", cancelled[0]
    else:
        variant, cancel = "requested", cancels[0]
    delivered = tl.first("delivered") is not None
    zone = tl.zone
    carrier, tracking = shipment.event.carrier or tl.carrier, shipment.event.tracking_number or tl.tracking_number
    parts_ja = [f"配送業者: {texts.label(texts.CARRIER_LABELS, carrier, 'ja')}"] if carrier else []
    parts_en = [f"carrier {texts.label(texts.CARRIER_LABELS, carrier, 'en')}"] if carrier else []
    parts_more: dict[str, list[str]] = {lang: [] for lang in texts.LANGS[2:]}
    for lang, parts in parts_more.items():
        if carrier:
            parts.append(texts.word("carrier", carrier=texts.label(texts.CARRIER_LABELS, carrier, lang))[lang])
        if tracking:
            parts.append(texts.word("tracking", tracking=tracking)[lang])
    if tracking:
        parts_ja.append(f"追跡番号: {tracking}")
        parts_en.append(f"tracking number {tracking}")
    values = {"order_id": tl.order_id, "order": t_order(tl.order_id, tl.items),
              "cancel_time": t_time(cancel.at, now.tzinfo, zone), "ship_time": t_time(shipment.at, now.tzinfo, zone),
              "tracking": t("、".join(parts_ja) + "。" if parts_ja else "",
                            " " + _sentence(", ".join(parts_en)) if parts_en else "",
                            **{lang: " " + _sentence(", ".join(p)) if p else "" for lang, p in parts_more.items()})}
    facts = {**_base_facts(tl), "variant": variant, "cancel_kind": cancel.event.kind,
             "cancel_at": cancel.at.isoformat(), "shipment_kind": shipment.event.kind,
             "shipped_at": shipment.at.isoformat(), "carrier": carrier, "tracking_number": tracking,
             "delivered": delivered, "mail_ids": [cancel.mail.mail_id, shipment.mail.mail_id]}
    return _spec("shipped_after_cancel", tl, "warning" if variant == "rejected" else "critical", shipment.at,
                 None, values, facts, message=variant, action="delivered" if delivered else "")


def _unanswered(kind: str, tl: Timeline, now: datetime, hours: float) -> AlertSpec | None:
    request = pending_cancel_request(tl)
    if request is None:
        return None
    due = request.at + timedelta(hours=hours)
    if now < due:
        return None
    seller = t(f"出品者「{tl.seller_name}」" if tl.seller_name else "出品者",
               f'the seller "{tl.seller_name}"' if tl.seller_name else "the seller",
               **(texts.word("seller_named", name=tl.seller_name) if tl.seller_name else texts.word("seller")))
    values = {"order_id": tl.order_id, "order": t_order(tl.order_id, tl.items), "hours": _hours_text(hours),
              "request_time": t_time(request.at, now.tzinfo, tl.zone), "seller": seller}
    facts = {**_base_facts(tl), "cancel_requested_at": request.at.isoformat(), "hours": hours,
             "mail_ids": [request.mail.mail_id]}
    return _spec(kind, tl, "warning", due, due, values, facts)


def _seller_no_reply(tl: Timeline, now: datetime, s: RuleSettings) -> AlertSpec | None:
    if tl.seller != "marketplace":
        return None
    return _unanswered("seller_no_reply", tl, now, s.seller_reply_hours)


def _cancel_unconfirmed(tl: Timeline, now: datetime, s: RuleSettings) -> AlertSpec | None:
    if tl.seller == "marketplace":
        return None
    return _unanswered("cancel_unconfirmed", tl, now, s.cancel_confirm_hours)


def _refund_overdue(tl: Timeline, now: datetime, s: RuleSettings) -> AlertSpec | None:
    exp = refund_expectation(tl, s)
    if exp is None or now < exp.deadline:
        return None
    values = {"order_id": tl.order_id, "order": t_order(tl.order_id, tl.items),
              "since": t_time(exp.since, now.tzinfo, tl.zone), "deadline": t_date(exp.deadline, now.tzinfo),
              "payment": t_label(texts.PAYMENT_LABELS, tl.payment_method),
              "refund_place": lambda lang: texts.refund_place(tl.payment_method, lang)}
    facts = {**_base_facts(tl), "reason": exp.reason, "expected_since": exp.since.isoformat(),
             "deadline": exp.deadline.isoformat(),
             "window_days": s.refund_window(tl.payment_method, tl.market).total_seconds() / 86400,
             "amount": tl.amount, "currency": tl.currency, "refund_total": tl.refund_total}
    return _spec("refund_overdue", tl, "warning", exp.deadline, exp.deadline, values, facts, message=exp.reason)


def _recent(at: datetime, now: datetime, s: RuleSettings) -> bool:
    return at <= now and now - at < timedelta(days=s.mail_alert_days)


def _mail_in_spam(tl: Timeline, now: datetime, s: RuleSettings,
                  unread: Sequence[UnreadMail] = ()) -> AlertSpec | None:
    when: dict[int, datetime] = {}  # each mail's Date, else its first event's time
    kinds: dict[int, set[str]] = {}
    for se in tl.events:
        when.setdefault(se.mail.mail_id, se.mail.date or se.at)
        kinds.setdefault(se.mail.mail_id, set()).add(se.event.kind)
    junk = list(tl.in_junk_mails)
    for um in unread:  # read or not, a genuine mail about the order sits in junk
        if um.mail.in_junk and um.mail.date is not None and um.mail.mail_id not in when:
            when[um.mail.mail_id] = um.mail.date
            kinds[um.mail.mail_id] = {"unrecognized"}
            junk.append(um.mail)
    mails = sorted((m for m in junk if m.authenticity == "pass" and _recent(when[m.mail_id], now, s)),
                   key=lambda m: (when[m.mail_id], m.mail_id))
    if not mails:
        return None
    latest = mails[-1]
    count = len(mails)
    values = {"order_id": tl.order_id, "order": t_order(tl.order_id, tl.items),
              "count": t(f"{count}通", "A genuine Amazon email" if count == 1 else f"{count} genuine Amazon emails",
                         **(texts.word("one_mail") if count == 1 else texts.word("mails", n=count))),
              "folder": latest.folder or t("迷惑メール", "Junk", **texts.word("junk")), "subject": latest.subject,
              "mail_time": t_time(when[latest.mail_id], now.tzinfo, tl.zone)}
    facts = {**_base_facts(tl), "mails": [
        {"mail_id": m.mail_id, "message_id": m.message_id, "folder": m.folder, "subject": m.subject,
         "date": when[m.mail_id].isoformat(), "kinds": sorted(kinds[m.mail_id])} for m in mails]}
    actionable = any(kinds[m.mail_id] & (ACTIONABLE_KINDS | {"unrecognized"}) for m in mails)
    return _spec("mail_in_spam", tl, "warning" if actionable else "info", when[mails[0].mail_id], None, values,
                 facts)


def _phishing(suspicious: Iterable[SuspiciousMail], known: set[str], zones: Mapping[str, Any],
              now: datetime, s: RuleSettings) -> list[AlertSpec]:
    out: list[AlertSpec] = []
    for sm in suspicious:
        mail = sm.mail
        if mail.date is not None and not _recent(mail.date, now, s):
            continue
        real = [o for o in sm.order_ids if o in known]
        order_id = real[0] if real else (sm.order_ids[0] if sm.order_ids else None)
        variant = "real" if real else ("other" if order_id else "")
        zone = zones.get(order_id) if order_id else None
        reason = sm.reason
        values = {"order_id": order_id or "", "subject": mail.subject or t("件名なし", "no subject", **texts.word("no_subject")),
                  "sender": mail.from_addr or t("不明", "an unknown sender", **texts.word("unknown_sender")),
                  "mail_time": t_time(mail.date, now.tzinfo, zone) if mail.date else t("日時不明", "date unknown",
                                                                           **texts.word("date_unknown")),
                  "reason": t(f"（判定理由: {reasons.phishing_reason(reason, 'ja')}）" if reason else "", f" Reason: {reason}." if reason else "",
                              **(texts.word("reason", reason=reason) if reason else dict.fromkeys(texts.LANGS[2:], "")))}
        facts = {"order_ids": list(sm.order_ids), "real_order_ids": real, "mail_id": mail.mail_id,
                 "message_id": mail.message_id, "from_addr": mail.from_addr, "subject": mail.subject,
                 "folder": mail.folder, "in_junk": mail.in_junk, "authenticity": mail.authenticity,
                 "date": mail.date.isoformat() if mail.date else None, "reason": reason}
        out.append(_spec("phishing", None, "critical" if real else "warning", mail.date or now, None, values,
                         facts, order_id=order_id, subject_key=mail.message_id or f"mail:{mail.mail_id}",
                         title=variant, message=variant))
    return out


def _unread_amazon_mail(unread: Iterable[UnreadMail], lines: Mapping[str, Timeline], now: datetime,
                        s: RuleSettings) -> list[AlertSpec]:
    out: list[AlertSpec] = []
    for um in unread:
        mail = um.mail
        if mail.authenticity == "fail" or mail.date is None or not _recent(mail.date, now, s):
            continue
        known = [o for o in um.order_ids if o in lines]
        if not known:
            continue  # Amazon mail about someone else's order (or none) is `orders unrecognized`'s business
        tl = lines[known[0]]
        pending = pending_cancel_request(tl) is not None
        refund = refund_expectation(tl, s) is not None
        why = t("この注文にはキャンセル依頼の返事がまだありません。このメールが返事かもしれません。" if pending else
                "この注文は返金待ちです。このメールが返金の連絡かもしれません。",
                "The order has a cancel request awaiting an answer; this may be it." if pending else
                "The order is waiting for a refund; this may be about it.",
                **texts.word("pending" if pending else "refund_pending"))
        values = {"order_id": tl.order_id, "order": t_order(tl.order_id, tl.items),
                  "subject": mail.subject or t("件名なし", "no subject", **texts.word("no_subject")),
                  "mail_time": t_time(mail.date, now.tzinfo, tl.zone),
                  "folder": mail.folder or t("受信トレイ", "Inbox", **texts.word("inbox")), "pending": why}
        facts = {**_base_facts(tl), "mail_id": mail.mail_id, "message_id": mail.message_id, "subject": mail.subject,
                 "folder": mail.folder, "in_junk": mail.in_junk, "date": mail.date.isoformat(),
                 "order_ids": list(um.order_ids), "reason": um.reason, "cancel_pending": pending,
                 "refund_expected": refund}
        out.append(_spec("unread_amazon_mail", tl, "warning" if pending or refund else "info", mail.date, None,
                         values, facts, subject_key=mail.message_id or f"mail:{mail.mail_id}",
                         message="pending" if pending or refund else ""))
    return out


ORDER_RULES: tuple[tuple[str, Callable[[Timeline, datetime, RuleSettings], AlertSpec | None]], ...] = (
    ("shipped_after_cancel", _shipped_after_cancel),
    ("seller_no_reply", _seller_no_reply),
    ("cancel_unconfirmed", _cancel_unconfirmed),
    ("refund_overdue", _refund_overdue),
    ("mail_in_spam", _mail_in_spam),
)


def _rule_alerts(tl: Timeline, now: datetime, s: RuleSettings,
                 junk_unread: Sequence[UnreadMail] = ()) -> dict[str, AlertSpec]:
    found: dict[str, AlertSpec] = {}
    for kind, rule in ORDER_RULES:
        if kind not in s.enabled:
            continue
        spec = _mail_in_spam(tl, now, s, junk_unread) if kind == "mail_in_spam" else rule(tl, now, s)
        if spec is not None:
            found[kind] = spec
    return found


def verified_only(tl: Timeline) -> Timeline | None:
    """The order as only its authenticated (``pass``) mail tells it; None when no such mail."""
    kept = [se for se in tl.events if se.mail.authenticity == "pass"]
    if len(kept) == len(tl.events):
        return tl
    return build(tl.order_id, kept, as_of=tl.as_of) if kept else None


def _order_alerts(tl: Timeline, now: datetime, s: RuleSettings,
                  junk_unread: Sequence[UnreadMail] = ()) -> list[AlertSpec]:
    """Unverified mail can raise, never silence: the alerts of the verified-only timeline always
    hold (an unverified refund, cancellation, reply or delivery cannot clear them); an alert that
    only the unverified mail implies is kept, marked unverified, and at most a warning."""
    full = _rule_alerts(tl, now, s, junk_unread)
    verified_tl = verified_only(tl)
    if verified_tl is tl:
        return list(full.values())
    verified = _rule_alerts(verified_tl, now, s, junk_unread) if verified_tl is not None else {}
    out = list(verified.values())
    for kind, spec in full.items():
        if kind not in verified:
            out.append(_unverified(spec, tl))
    return out


def _unverified(spec: AlertSpec, tl: Timeline) -> AlertSpec:
    unverified_ids = sorted({se.mail.mail_id for se in tl.events if se.mail.authenticity != "pass"})
    notes = texts.UNVERIFIED_NOTE
    message = {lang: f"{text} {notes.get(lang, notes['en'])}".strip() for lang, text in spec.message.items()}
    severity = "warning" if spec.severity == "critical" else spec.severity
    facts = {**spec.facts, "unverified": True, "unverified_mail_ids": unverified_ids}
    return replace(spec, severity=severity, message=message, facts=facts)
def current_timeline(tl: Timeline, now: datetime) -> Timeline | None:
    """The order as it stood at ``now``: None before its first event, cut back when it has later ones."""
    if tl.last_event_at > now:
        if tl.first_event_at > now:
            return None
        return tl.until(now)
    return tl


def visible_unread(unread: Iterable[UnreadMail], now: datetime) -> list[UnreadMail]:
    """The unread mail that had arrived by ``now`` (undated mail always)."""
    return [um for um in unread if um.mail.date is None or um.mail.date <= now]


def junk_unread_by_order(unread: Iterable[UnreadMail]) -> dict[str, list[UnreadMail]]:
    """order_id → the unread mail in junk that names it (input of ``mail_in_spam``)."""
    out: dict[str, list[UnreadMail]] = {}
    for um in unread:
        if um.mail.in_junk:
            for order_id in dict.fromkeys(um.order_ids):
                out.setdefault(order_id, []).append(um)
    return out


def order_alerts(tl: Timeline, now: datetime, settings: RuleSettings,
                 junk_unread: Sequence[UnreadMail] = ()) -> list[AlertSpec]:
    """The alerts of one order (every rule but ``phishing`` and ``unread_amazon_mail``) at ``now``; ``tl``
    is cut back to ``now``; ``junk_unread``: the visible unread junk mail naming the order."""
    current = current_timeline(tl, now)
    return [] if current is None else _order_alerts(current, now, settings, junk_unread)


def unread_alerts(unread: Iterable[UnreadMail], lines: Iterable[Timeline], now: datetime,
                  settings: RuleSettings) -> list[AlertSpec]:
    """The ``unread_amazon_mail`` alerts at ``now``; ``lines`` holds (at least) the orders the mail names."""
    if "unread_amazon_mail" not in settings.enabled:
        return []
    current = {c.order_id: c for tl in lines if (c := current_timeline(tl, now)) is not None}
    return _unread_amazon_mail(visible_unread(unread, now), current, now, settings)


def phishing_alerts(suspicious: Iterable[SuspiciousMail], quoted: Iterable[Timeline], now: datetime,
                    settings: RuleSettings) -> list[AlertSpec]:
    """The ``phishing`` alerts at ``now``; ``quoted`` holds (at least) the timelines of the orders they quote."""
    if "phishing" not in settings.enabled:
        return []
    current = [c for tl in quoted if (c := current_timeline(tl, now)) is not None]
    return _phishing(suspicious, {tl.order_id for tl in current}, {tl.order_id: tl.zone for tl in current}, now,
                     settings)


def unique_sorted(alerts: Iterable[AlertSpec]) -> list[AlertSpec]:
    """One alert per (kind, order, subject_key) — the first wins — sorted as ``evaluate`` returns them."""
    unique: dict[tuple[str, str | None, str | None], AlertSpec] = {}
    for spec in alerts:
        unique.setdefault((spec.kind, spec.order_id, spec.subject_key), spec)
    rank = {k: i for i, k in enumerate(ALERT_KINDS)}
    return sorted(unique.values(), key=lambda a: (a.raised_at, rank[a.kind], a.order_id or "", a.subject_key or ""))


def evaluate(timelines: Iterable[Timeline] | Mapping[str, Timeline], suspicious: Iterable[SuspiciousMail],
             now: datetime, settings: RuleSettings | None = None,
             unread: Iterable[UnreadMail] = ()) -> list[AlertSpec]:
    """Every alert that holds at ``now``, sorted by (raised_at, kind, order, subject_key).

    ``unread`` is the Amazon mail naming orders that no parser could classify (the safety net).

    Timelines holding events after ``now`` are cut back to ``now`` first, so passing full timelines
    with an earlier ``now`` replays the past correctly.
    """
    require_aware(now, "now")
    settings = settings or RuleSettings()
    lines = list(timelines.values() if isinstance(timelines, Mapping) else timelines)
    visible = visible_unread(unread, now)
    junk = junk_unread_by_order(visible)
    alerts = [spec for tl in lines for spec in order_alerts(tl, now, settings, junk.get(tl.order_id, ()))]
    alerts += unread_alerts(visible, lines, now, settings)
    return unique_sorted(alerts + phishing_alerts(suspicious, lines, now, settings))
