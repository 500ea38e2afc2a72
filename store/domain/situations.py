"""Situations of an order, decided once: the rules, the drafts and the CLI all ask here.

- a *pending cancel request*: a request no answer (seller message, cancellation, rejection, shipment,
  refusal or refund) came after;
- a *shipment after cancel*: a shipment notice after a cancel request or cancellation of the same
  items; *shipped anyway* while no refusal, return or refund has followed it;
- a *refund expected by …*: see ``refund_expectation`` (the payment method decides when money moved).

Pure: everything comes from the ``Timeline``; ``RuleSettings`` only gives the refund windows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from store.domain.model import SourcedEvent
from store.domain.timeline import SHIPMENT_KINDS, Timeline, items_overlap

if TYPE_CHECKING:
    from store.domain.rule_settings import RuleSettings

PAID_AT_ORDER = frozenset({"gift_card", "points", "convenience_store", "atm", "net_banking", "e_money",
                           "bank_transfer", "upi", "boleto", "pix"})
# Answers to a cancel request: anything after it that shows someone acted on the order (a refund
# after the request means the cancellation went through even if its own mail is missing).
CANCEL_ANSWERS = frozenset({"seller_message", "cancelled", "cancel_rejected", "delivery_refused", "refunded",
                            *SHIPMENT_KINDS})
# Junk mail carrying news the user acts on makes mail_in_spam a warning rather than info.
ACTIONABLE_KINDS = frozenset({"seller_message", "cancelled", "cancel_rejected", "shipped", "out_for_delivery"})
RESOLVES_SHIPMENT = frozenset({"delivery_refused", "return_received", "refunded"})


@dataclass(frozen=True, slots=True)
class RefundExpectation:
    """Why and since when a refund is owed, and by when it should have arrived."""

    reason: str  # "cancelled" | "returned" | "refused"
    since: datetime
    deadline: datetime
    counted_from: datetime  # a refund at or after this moment meets the expectation


def _shipped_before(tl: Timeline, at: datetime) -> bool:
    return any(se.at <= at for se in tl.of_kind(*SHIPMENT_KINDS))


def _charged_before_cancel(tl: Timeline, cancelled_at: datetime) -> bool:
    method = tl.payment_method
    if method == "cash_on_delivery":
        return False
    if method in PAID_AT_ORDER or tl.order_id.upper().startswith("D"):
        return True
    return _shipped_before(tl, cancelled_at)


def refund_expectation(tl: Timeline, settings: RuleSettings) -> RefundExpectation | None:
    """The earliest refund this order is owed and has not got (None when none is owed or all arrived)."""
    window = settings.refund_window(tl.payment_method, tl.market)
    left_at = tl.shipped_at or tl.first_event_at
    candidates: list[RefundExpectation] = []
    if (received := tl.first("return_received")) is not None:
        candidates.append(RefundExpectation("returned", received.at, received.at + window, left_at))
    refused = tl.first("delivery_refused")
    if refused is not None and tl.payment_method != "cash_on_delivery":
        candidates.append(RefundExpectation("refused", refused.at, refused.at + window, left_at))
    cancelled = tl.first("cancelled")
    if cancelled is not None and _charged_before_cancel(tl, cancelled.at):
        candidates.append(RefundExpectation("cancelled", cancelled.at, cancelled.at + window, tl.first_event_at))
    refunds = [se.at for se in tl.of_kind("refunded")]
    unmet = [c for c in candidates if not any(at >= c.counted_from for at in refunds)]
    return min(unmet, key=lambda c: (c.since, c.reason)) if unmet else None


def pending_cancel_request(tl: Timeline, answers: Iterable[str] = CANCEL_ANSWERS) -> SourcedEvent | None:
    """The first cancel request not followed by any answer, or None."""
    answer_kinds = frozenset(answers)
    last_answer = max((i for i, se in enumerate(tl.events) if se.event.kind in answer_kinds), default=-1)
    return next((se for se in tl.events[last_answer + 1:] if se.event.kind == "cancel_requested"), None)


def shipment_after_cancel(tl: Timeline) -> tuple[SourcedEvent, list[SourcedEvent]] | None:
    """The first shipment notice after a cancel request/cancellation of the same items, with those cancels."""
    for i, se in enumerate(tl.events):
        if se.event.kind not in SHIPMENT_KINDS:
            continue
        prior = [c for c in tl.events[:i] if c.event.kind in ("cancel_requested", "cancelled")
                 and items_overlap(c.event.items, se.event.items)]
        if prior:
            return se, prior
    return None


def shipped_anyway(tl: Timeline) -> tuple[SourcedEvent, list[SourcedEvent]] | None:
    """A shipment after cancel that nothing has resolved yet (no refusal, return received or refund after it)."""
    found = shipment_after_cancel(tl)
    if found is None:
        return None
    later = tl.events[tl.events.index(found[0]) + 1:]
    return None if any(se.event.kind in RESOLVES_SHIPMENT for se in later) else found
