"""Trouble rules: order timelines (and suspicious mail) at a given ``now`` → the alerts that hold now.

Pure and deterministic: ``now`` is passed in, nothing is read from the clock or the store. An alert
that no longer holds is simply not returned (the store resolves it); each (kind, order, subject_key)
appears at most once. Thresholds live in ``RuleSettings`` (config ``[rules]``).

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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, get_args

from parsers.vocab import MARKETS, PAYMENT_METHODS
from store.domain import texts
from store.domain.checker import problem_line, unknown_key
from store.domain.durations import UNIT_SECONDS, parse_duration
from store.domain.errors import UserError
from store.domain.model import AlertKind, AlertSpec, SuspiciousMail, UnreadMail
from store.domain.situations import (
    ACTIONABLE_KINDS,
    pending_cancel_request,
    refund_expectation,
    shipped_anyway,
)
from store.domain.texts import t, t_date, t_label, t_order, t_time
from store.domain.timeline import Timeline, require_aware

ALERT_KINDS: tuple[str, ...] = get_args(AlertKind)
PAYMENT_KEYS: tuple[str, ...] = (*PAYMENT_METHODS, "unknown")
DEFAULT_REFUND_DAYS: Mapping[str, float] = MappingProxyType({
    "credit_card": 7, "gift_card": 1, "points": 1, "convenience_store": 8, "atm": 8, "net_banking": 8,
    "e_money": 8, "cash_on_delivery": 8, "carrier_billing": 8, "other": 8, "unknown": 8,
    # Refunds to a bank account (transfer, SEPA direct debit, a paid invoice, a Boleto paid in cash):
    # Amazon's "Refund timelines" help pages (amazon.de/.fr/.it/.es/.com.br: Returns & Refunds > Refunds)
    # give up to 10 business days for bank accounts ≈ 14 calendar days. UPI and Pix refund to the
    # payer's account within a few business days (amazon.in "Refund timelines": 2–4 business days).
    "bank_transfer": 14, "sepa_direct_debit": 14, "invoice": 14, "boleto": 14, "upi": 7, "pix": 5,
})
# Where a market's own help pages differ from the defaults above (market -> method -> days; the days
# are the upper end rounded up to calendar days). Sources, each market's "Refund timelines" help page:
# - amazon.com.br: a card refund may show on the next two card statements (≈ 60 days); Boleto is
#   refunded by deposit to a bank account within 10 business days;
# - amazon.in: Amazon Pay balance within 2 hours; cards, UPI and net banking 2–4 business days after the
#   refund is issued, Pay on Delivery refunds to a bank account (via NEFT/IMPS) 2–4 business days;
# - amazon.com.mx: card refunds up to 30 days depending on the bank (Reembolsos: plazos);
# - amazon.com.tr: card refunds reach the card statement within 14 days depending on the bank.
DEFAULT_MARKET_REFUND_DAYS: Mapping[str, Mapping[str, float]] = MappingProxyType({
    "amazon.com.br": MappingProxyType({"credit_card": 60, "boleto": 14}),
    "amazon.in": MappingProxyType({"gift_card": 1, "credit_card": 7, "upi": 7, "net_banking": 7,
                                   "cash_on_delivery": 7}),
    "amazon.com.mx": MappingProxyType({"credit_card": 30}),
    "amazon.com.tr": MappingProxyType({"credit_card": 14}),
})
RULE_KEYS = ("seller_reply_hours", "cancel_confirm_hours", "mail_alert_days", "refund_days", "market_refund_days", "enabled", "disabled")


class RuleSettingsError(UserError, ValueError):
    """Invalid ``[rules]`` values; ``problems`` holds one "key: problem — fix" line each."""

    exit_code = 2

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _duration(value: Any, unit: str) -> float | None:
    """A positive amount in ``unit`` ("h" or "d") from a number or a duration such as "48h", "2d", "90m"."""
    try:
        return parse_duration(value, unit) / timedelta(seconds=UNIT_SECONDS[unit])
    except ValueError:
        return None


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds of the rules (config ``[rules]``); defaults from the seed article."""

    seller_reply_hours: float = 48
    cancel_confirm_hours: float = 24
    # Days a refund may take, per payment method ("unknown" when no mail named the method).
    refund_days: Mapping[str, float] = field(default_factory=lambda: DEFAULT_REFUND_DAYS)
    # Per market, the methods whose window differs there (config ``[rules.market_refund_days."amazon.in"]``).
    market_refund_days: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: DEFAULT_MARKET_REFUND_DAYS)
    # mail_in_spam and phishing cover mail dated within this many days before now.
    mail_alert_days: float = 90
    enabled: frozenset[str] = frozenset(ALERT_KINDS)

    def __post_init__(self) -> None:
        # Missing methods fall back to the defaults; the mapping is read-only like the rest.
        object.__setattr__(self, "refund_days", MappingProxyType({**DEFAULT_REFUND_DAYS, **self.refund_days}))
        markets = {m: dict(t) for m, t in DEFAULT_MARKET_REFUND_DAYS.items()}
        for market, table in self.market_refund_days.items():
            markets.setdefault(market, {}).update(table)
        object.__setattr__(self, "market_refund_days",
                           MappingProxyType({m: MappingProxyType(t) for m, t in markets.items()}))
        object.__setattr__(self, "enabled", frozenset(self.enabled))

    def refund_window(self, payment_method: str | None, market: str | None = None) -> timedelta:
        """The method's window in ``market`` (its own default when the market doesn't differ); a method
        no mail named is ``unknown`` and keeps that window."""
        key = payment_method if payment_method in self.refund_days else "unknown"
        days = self.market_refund_days.get(market or "", {}).get(key, self.refund_days[key])
        return timedelta(days=days)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from the config's ``[rules]`` table; raises RuleSettingsError listing every problem.

        Keys: ``seller_reply_hours``, ``cancel_confirm_hours`` (hours: a number or "48h"/"2d"),
        ``mail_alert_days`` (days), ``[rules.refund_days]`` (payment method → days), ``enabled``
        (list of alert kinds to run; default all) and ``disabled`` (kinds to skip).
        """
        data = dict(data or {})
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key, unit, example in (("seller_reply_hours", "h", "48"), ("cancel_confirm_hours", "h", "24"),
                                   ("mail_alert_days", "d", "90")):
            if key in data:
                amount = _duration(data.pop(key), unit)
                if amount is None:
                    word = "hours" if unit == "h" else "days"
                    problems.append(problem_line(f"rules.{key}", f"must be a positive number of {word}", f"e.g. {key} = {example}"))
                else:
                    values[key] = amount
        if "refund_days" in data:
            table = data.pop("refund_days")
            if not isinstance(table, Mapping):
                problems.append(problem_line("rules.refund_days", "must be a table of payment method = days",
                                             "e.g. [rules.refund_days] credit_card = 7"))
            else:
                days: dict[str, float] = {}
                for method, raw in table.items():
                    amount = _duration(raw, "d")
                    if method not in PAYMENT_KEYS:
                        problems.append(unknown_key(f"rules.refund_days.{method}", method, PAYMENT_KEYS,
                                                    "unknown payment method"))
                    elif amount is None:
                        problems.append(problem_line(f"rules.refund_days.{method}", "must be a positive number of days",
                                                     f"e.g. {method} = {DEFAULT_REFUND_DAYS[method]:g}"))
                    else:
                        days[method] = amount
                values["refund_days"] = days
        if "market_refund_days" in data:
            table = data.pop("market_refund_days")
            example = '[rules.market_refund_days."amazon.in"] upi = 7'
            if not isinstance(table, Mapping) or not all(isinstance(v, Mapping) for v in table.values()):
                problems.append(problem_line("rules.market_refund_days",
                                             "must be tables of payment method = days per market", f"e.g. {example}"))
            else:
                markets: dict[str, dict[str, float]] = {}
                for market, methods in table.items():
                    if market not in MARKETS:
                        problems.append(unknown_key(f"rules.market_refund_days.{market}", market, MARKETS,
                                                    "unknown market"))
                        continue
                    for method, raw in methods.items():
                        amount = _duration(raw, "d")
                        where = f"rules.market_refund_days.{market}.{method}"
                        if method not in PAYMENT_KEYS:
                            problems.append(unknown_key(where, method, PAYMENT_KEYS, "unknown payment method"))
                        elif amount is None:
                            problems.append(problem_line(where, "must be a positive number of days", f"e.g. {method} = 7"))
                        else:
                            markets.setdefault(market, {})[method] = amount
                values["market_refund_days"] = markets
        enabled = set(ALERT_KINDS)
        for key in ("enabled", "disabled"):
            if key not in data:
                continue
            kinds = data.pop(key)
            if isinstance(kinds, str) or not isinstance(kinds, Iterable):
                problems.append(problem_line(f"rules.{key}", "must be a list of alert kinds",
                                             f'e.g. {key} = ["mail_in_spam"]'))
                continue
            kinds = list(kinds)
            unknown = [k for k in kinds if k not in ALERT_KINDS]
            if unknown:
                problems.append(problem_line(f"rules.{key}", f"unknown alert kind {', '.join(map(str, unknown))}",
                                             "use one of " + ", ".join(ALERT_KINDS)))
            enabled = enabled & set(kinds) if key == "enabled" else enabled - set(kinds)
        values["enabled"] = frozenset(enabled)
        for key in sorted(data):
            problems.append(unknown_key(f"rules.{key}", key, RULE_KEYS))
        if problems:
            raise RuleSettingsError(problems)
        return cls(**values)


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
              "cancel_time": t_time(cancel.at, zone), "ship_time": t_time(shipment.at, zone),
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
              "request_time": t_time(request.at, tl.zone), "seller": seller}
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
              "since": t_time(exp.since, tl.zone), "deadline": t_date(exp.deadline, tl.zone),
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
              "mail_time": t_time(when[latest.mail_id], tl.zone)}
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
                  "mail_time": t_time(mail.date, zone) if mail.date else t("日時不明", "date unknown",
                                                                           **texts.word("date_unknown")),
                  "reason": t(f"（判定理由: {reason}）" if reason else "", f" Reason: {reason}." if reason else "",
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
                  "mail_time": t_time(mail.date, tl.zone),
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
    current: list[Timeline] = []
    for tl in (timelines.values() if isinstance(timelines, Mapping) else timelines):
        if tl.last_event_at > now:
            if tl.first_event_at > now:
                continue
            tl = tl.until(now)
        current.append(tl)
    unread = [um for um in unread if um.mail.date is None or um.mail.date <= now]
    junk_unread: dict[str, list[UnreadMail]] = {}
    for um in unread:
        if um.mail.in_junk:
            for order_id in dict.fromkeys(um.order_ids):
                junk_unread.setdefault(order_id, []).append(um)
    alerts: list[AlertSpec] = []
    for tl in current:
        for kind, rule in ORDER_RULES:
            if kind not in settings.enabled:
                continue
            spec = (_mail_in_spam(tl, now, settings, junk_unread.get(tl.order_id, ())) if kind == "mail_in_spam"
                    else rule(tl, now, settings))
            if spec is not None:
                alerts.append(spec)
    if "unread_amazon_mail" in settings.enabled:
        alerts += _unread_amazon_mail(unread, {tl.order_id: tl for tl in current}, now, settings)
    if "phishing" in settings.enabled:
        alerts += _phishing(suspicious, {tl.order_id for tl in current},
                            {tl.order_id: tl.zone for tl in current}, now, settings)
    unique: dict[tuple[str, str | None, str | None], AlertSpec] = {}
    for spec in alerts:
        unique.setdefault((spec.kind, spec.order_id, spec.subject_key), spec)
    rank = {k: i for i, k in enumerate(ALERT_KINDS)}
    return sorted(unique.values(), key=lambda a: (a.raised_at, rank[a.kind], a.order_id or "", a.subject_key or ""))
