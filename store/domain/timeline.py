"""An order's timeline: its events folded into a state and the facts the rules and commands need.

Pure (no I/O, no clock). ``build`` takes the ``SourcedEvent``s the store returns for one order;
``build_all`` groups a mixed list by order.

Folding decisions (documented here because the rules and the CLI depend on them):

- Events are sorted by ``at``; ties are broken by the vocabulary's kind order (``ordered`` before
  ``cancel_requested`` before ``shipped`` …), then by mail id, so the fold is deterministic.
- The state only moves forward through these levels: ordered → cancel_requested / cancelled /
  cancel_rejected → shipped → out_for_delivery → delivered / delivery_refused → return_requested →
  return_received. Within one level the later event wins (a cancel request re-sent after a rejection
  shows as ``cancel_requested`` again). An event of a lower level never regresses the state (a late
  "cancel requested" after the shipment, an out-of-order delivery notice).
- ``seller_message`` and ``delivery_delayed`` never change the state.
- ``refunded`` sets the state but not the level: a refund of a cancelled order followed by a shipment
  (the refunded order shipped anyway) shows ``shipped``, which is what the user must act on.
- Scalar fields take the latest non-empty value (a later shipment mail updates the carrier and an
  estimated delivery), except: ``amount``/``currency`` come from ``ordered`` events when there are any and
  never from ``refunded`` events (those sum into ``refund_total``); ``seller`` is ``marketplace`` when any
  event says so (only a marketplace order produces that signal; Amazon's own notices may omit it).
- ``shipped_at`` is the first evidence that the parcel left: a shipment, out-for-delivery or delivery
  notice (a missing "shipped" mail is covered by the later notices).
- Items are the union in order of appearance; a name truncated with "…"/"..." merges into the full
  name it abbreviates.
- The market's zone: every market renders in its own zone (amazon.co.jp in JST, amazon.de in
  Europe/Berlin with summer time…) because Amazon dates its mail in +0000; an unknown market renders in
  each event's own offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from parsers.vocab import EVENT_KINDS, MARKET_TIMEZONES
from store.domain.model import MailRef, SourcedEvent

OrderState = Literal[
    "ordered",
    "cancel_requested",
    "cancelled",
    "cancel_rejected",
    "shipped",
    "out_for_delivery",
    "delivered",
    "delivery_refused",
    "return_requested",
    "return_received",
    "refunded",
]

JST = timezone(timedelta(hours=9), "JST")
# Each market's mail speaks of its own zone (parsers.vocab.MARKET_TIMEZONES, daylight saving included).
MARKET_ZONES: dict[str, tzinfo] = {market: JST if market == "amazon.co.jp" else ZoneInfo(name)
                                   for market, name in MARKET_TIMEZONES.items()}

_KIND_RANK = {kind: i for i, kind in enumerate(EVENT_KINDS)}
_LEVEL: dict[str, int] = {
    "ordered": 0,
    "cancel_requested": 1,
    "cancelled": 1,
    "cancel_rejected": 1,
    "shipped": 2,
    "out_for_delivery": 3,
    "delivered": 4,
    "delivery_refused": 4,
    "return_requested": 5,
    "return_received": 6,
}
# Evidence that the parcel left: the first of these is the shipment time (a missing "shipped" mail
# is covered by the delivery notices).
SHIPMENT_KINDS = frozenset({"shipped", "out_for_delivery", "delivered"})
_ELLIPSES = ("…", "...", "‥")


def require_aware(dt: datetime, name: str) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got {dt.isoformat()}) — pass an offset, e.g. +09:00")


def sort_key(se: SourcedEvent) -> tuple[datetime, int, int]:
    return (se.at, _KIND_RANK.get(se.event.kind, len(_KIND_RANK)), se.mail.mail_id)


@lru_cache(maxsize=8192)  # merge_items compares every pair: don't strip the same name twice
def _item_stem(name: str) -> str:
    stem = name.strip()
    for e in _ELLIPSES:
        if stem.endswith(e):
            return stem[: -len(e)].rstrip()
    return stem


def merge_items(names: Iterable[str]) -> tuple[str, ...]:
    """Union in order; a truncated name and the full one it abbreviates count once (the fuller kept)."""
    out: list[str] = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        stem, cut = _item_stem(name), _item_stem(name) != name
        for i, kept in enumerate(out):
            kept_stem = _item_stem(kept)
            kept_cut = kept_stem != kept
            if stem == kept_stem:
                if kept_cut and not cut:
                    out[i] = name
                break
            if cut and kept_stem.startswith(stem):
                break  # the new name abbreviates one already kept
            if kept_cut and stem.startswith(kept_stem):
                out[i] = name  # the kept name abbreviated this one
                break
        else:
            out.append(name)
    return tuple(out)


def items_overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two item lists may name the same item; unknown (empty) lists are assumed to overlap."""
    if not a or not b:
        return True
    return any(_item_stem(x).startswith(_item_stem(y)) or _item_stem(y).startswith(_item_stem(x))
               for x in a for y in b)


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """One order's facts as folded from its mail: what a ``Timeline`` and a stored order state
    (``store.states``) share. The one list of these fields; the store's columns follow it."""

    order_id: str
    state: OrderState
    market: str | None
    seller: str | None
    seller_name: str | None
    payment_method: str | None
    amount: float | None
    currency: str | None
    items: tuple[str, ...]
    carrier: str | None
    tracking_number: str | None
    estimated_delivery: str | None
    first_event_at: datetime
    last_event_at: datetime

    @property
    def zone(self) -> tzinfo | None:
        """The zone to show times in; None means each time's own offset."""
        return MARKET_ZONES.get(self.market or "")

    def local(self, dt: datetime) -> datetime:
        zone = self.zone
        return dt.astimezone(zone) if zone is not None else dt


ORDER_FACTS = tuple(f.name for f in fields(OrderFacts))


@dataclass(frozen=True, slots=True)
class Timeline(OrderFacts):
    """One order as its (believed) mail tells it, as of ``as_of`` when given."""

    ordered_at: datetime | None
    cancel_requested_at: datetime | None  # the first request
    cancelled_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    refunded_at: datetime | None  # the latest refund
    refund_total: float | None
    events: tuple[SourcedEvent, ...]
    in_junk_mails: tuple[MailRef, ...]  # the sources found in a junk folder, each mail once
    as_of: datetime | None = None

    @property
    def last_event(self) -> SourcedEvent:
        return self.events[-1]

    @property
    def last_event_kind(self) -> str:
        return self.events[-1].event.kind

    @property
    def last_event_local(self) -> datetime:
        """The last event's time with the offset its mail gave (``local`` turns it to the market's zone)."""
        return self.events[-1].at

    def of_kind(self, *kinds: str) -> tuple[SourcedEvent, ...]:
        return tuple(se for se in self.events if se.event.kind in kinds)

    def first(self, *kinds: str) -> SourcedEvent | None:
        return next((se for se in self.events if se.event.kind in kinds), None)

    def last(self, *kinds: str) -> SourcedEvent | None:
        return next((se for se in reversed(self.events) if se.event.kind in kinds), None)

    def until(self, as_of: datetime) -> Timeline:
        """The same order as it stood at ``as_of`` (raises ValueError when nothing had happened yet)."""
        return build(self.order_id, self.events, as_of=as_of)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: datetimes as ISO-8601 strings with their offsets."""
        def iso(dt: datetime | None) -> str | None:
            return dt.isoformat() if dt is not None else None

        last = self.last_event
        return {
            "order_id": self.order_id,
            "state": self.state,
            "market": self.market,
            "seller": self.seller,
            "seller_name": self.seller_name,
            "payment_method": self.payment_method,
            "amount": self.amount,
            "currency": self.currency,
            "items": list(self.items),
            "carrier": self.carrier,
            "tracking_number": self.tracking_number,
            "estimated_delivery": self.estimated_delivery,
            "ordered_at": iso(self.ordered_at),
            "cancel_requested_at": iso(self.cancel_requested_at),
            "cancelled_at": iso(self.cancelled_at),
            "shipped_at": iso(self.shipped_at),
            "delivered_at": iso(self.delivered_at),
            "refunded_at": iso(self.refunded_at),
            "refund_total": self.refund_total,
            "first_event_at": iso(self.first_event_at),
            "last_event_at": iso(self.last_event_at),
            "last_event": {"kind": last.event.kind, "at": iso(last.at)},
            "as_of": iso(self.as_of),
            "events": [_sourced_dict(se) for se in self.events],
            "in_junk_mails": [mail_dict(m) for m in self.in_junk_mails],
        }


def mail_dict(m: MailRef) -> dict[str, Any]:
    return {
        "mail_id": m.mail_id,
        "message_id": m.message_id,
        "account": m.account,
        "folder": m.folder,
        "in_junk": m.in_junk,
        "date": m.date.isoformat() if m.date is not None else None,
        "subject": m.subject,
        "from_addr": m.from_addr,
        "authenticity": m.authenticity,
        "status": m.status,
    }


def _sourced_dict(se: SourcedEvent) -> dict[str, Any]:
    d = se.event.to_dict()
    d["at"] = se.at.isoformat()
    d["source"] = mail_dict(se.mail)
    return d


def _fold_state(events: Sequence[SourcedEvent]) -> OrderState:
    state: OrderState = "ordered"
    level = 0
    for se in events:
        kind = se.event.kind
        if kind == "refunded":
            state = "refunded"
        elif kind in _LEVEL and _LEVEL[kind] >= level:
            state = kind  # type: ignore[assignment]  # every _LEVEL key is an OrderState
            level = _LEVEL[kind]
    return state


def _latest(events: Sequence[SourcedEvent], field: str) -> Any:
    for se in reversed(events):
        value = getattr(se.event, field)
        if value not in (None, ""):
            return value
    return None


def build(order_id: str, events: Iterable[SourcedEvent], as_of: datetime | None = None) -> Timeline:
    """Fold one order's events (those of other orders are ignored) into its timeline.

    Only events with ``at <= as_of`` count when ``as_of`` is given. Raises ValueError when no event of
    the order is left (the order did not exist yet at ``as_of``).
    """
    if as_of is not None:
        require_aware(as_of, "as_of")
    evs = sorted(
        (se for se in events if se.event.order_id == order_id and (as_of is None or se.at <= as_of)),
        key=sort_key,
    )
    if not evs:
        when = f" up to {as_of.isoformat()}" if as_of is not None else ""
        raise ValueError(f"order {order_id}: no events{when}")

    def first_at(kind: str) -> datetime | None:
        return next((se.at for se in evs if se.event.kind == kind), None)

    refunds = [se for se in evs if se.event.kind == "refunded"]
    refund_amounts = [se.event.amount for se in refunds if se.event.amount is not None]
    ordered = [se for se in evs if se.event.kind == "ordered"]
    priced = ordered or [se for se in evs if se.event.kind != "refunded"]
    amount_src = next((se.event for se in reversed(priced) if se.event.amount is not None), None)
    sellers = {se.event.seller for se in evs}
    junk: dict[int, MailRef] = {}
    for se in evs:
        if se.mail.in_junk:
            junk.setdefault(se.mail.mail_id, se.mail)

    return Timeline(
        order_id=order_id,
        state=_fold_state(evs),
        market=next((se.event.market for se in evs if se.event.market), None),
        seller="marketplace" if "marketplace" in sellers else ("amazon" if "amazon" in sellers else None),
        seller_name=_latest(evs, "seller_name"),
        payment_method=_latest(evs, "payment_method"),
        amount=amount_src.amount if amount_src else None,
        currency=(amount_src.currency if amount_src and amount_src.currency else _latest(priced, "currency")),
        items=merge_items(item for se in evs for item in se.event.items),
        carrier=_latest(evs, "carrier"),
        tracking_number=_latest(evs, "tracking_number"),
        estimated_delivery=_latest(evs, "estimated_delivery"),
        ordered_at=first_at("ordered"),
        cancel_requested_at=first_at("cancel_requested"),
        cancelled_at=first_at("cancelled"),
        shipped_at=next((se.at for se in evs if se.event.kind in SHIPMENT_KINDS), None),
        delivered_at=first_at("delivered"),
        refunded_at=refunds[-1].at if refunds else None,
        refund_total=round(sum(refund_amounts), 2) if refund_amounts else None,
        first_event_at=evs[0].at,
        last_event_at=evs[-1].at,
        events=tuple(evs),
        in_junk_mails=tuple(junk.values()),
        as_of=as_of,
    )


def build_all(events: Iterable[SourcedEvent], as_of: datetime | None = None) -> list[Timeline]:
    """Timelines of every order named by ``events`` (orders with no event up to ``as_of`` are left out)."""
    if as_of is not None:
        require_aware(as_of, "as_of")
    by_order: dict[str, list[SourcedEvent]] = {}
    for se in events:
        if as_of is None or se.at <= as_of:
            by_order.setdefault(se.event.order_id, []).append(se)
    return [build(order_id, evs, as_of=as_of) for order_id, evs in sorted(by_order.items())]
