"""The rules' answer at ``now`` from the stored order states, re-evaluating only what is due.

Same answers as evaluating every timeline (``pipeline.compute_alerts``; a property test compares
them), at the cost of the orders whose facts changed or whose next change has come:

- ``current`` (read commands: `status`, `alerts`, `show`, no writes): stored alerts for the orders
  not due, the rules run in memory for the due ones, phishing evaluated from the suspicious mail;
- ``evaluate_due`` (`poll`, `watch`, `import`, `ack`): the same, then the answers saved and the
  alerts table reconciled for exactly what was evaluated — and when nothing is due (no new mail,
  no passed deadline, same settings) no rules work at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.domain.model import AlertSpec, UnreadMail
    from store.domain.rules import RuleSettings
    from store.domain.timeline import Timeline
    from store.repository import Store
    from store.states import Evaluation, OrderSummary


@dataclass(frozen=True, slots=True)
class CycleWork:
    """What one ``evaluate_due`` did (for logs and tests)."""

    orders_evaluated: int
    phishing_evaluated: bool
    everything: bool

    @property
    def idle(self) -> bool:
        return not self.orders_evaluated and not self.phishing_evaluated


def _timelines(store: Store, order_ids: Iterable[str] | None) -> dict[str, Timeline]:
    from store.domain.timeline import build

    ids = None if order_ids is None else list(order_ids)
    if ids == []:
        return {}
    return {oid: build(oid, evs) for oid, evs in store.order_events(order_ids=ids).items()}


def _junk_unread(unread: Sequence[UnreadMail], now: datetime) -> dict[str, list[UnreadMail]]:
    from store.domain.rules import junk_unread_by_order, visible_unread

    return junk_unread_by_order(visible_unread(unread, now))


# Orders whose timelines are in memory at once: the first evaluation after a first sync covers every
# order, and holding all their events would make memory grow with history (10,000 orders: +20 MB).
CHUNK_ORDERS = 1000


def _evaluate_orders(store: Store, order_ids: Sequence[str] | None, now: datetime, settings: RuleSettings,
                     unread: Sequence[UnreadMail]) -> list[Evaluation]:
    from store.domain.changes import next_change
    from store.domain.rules import order_alerts
    from store.states import Evaluation

    versions = store.order_versions(order_ids)  # before the events: a later ingest makes the save a no-op
    junk = _junk_unread(unread, now)
    ids = sorted(versions)
    out: list[Evaluation] = []
    for i in range(0, len(ids), CHUNK_ORDERS):
        lines = _timelines(store, ids[i:i + CHUNK_ORDERS])
        out += [Evaluation(oid, versions[oid], order_alerts(tl, now, settings, junk.get(oid, ())),
                           next_change(tl, now, settings))
                for oid, tl in lines.items()]
    return out


def _global(store: Store, now: datetime, settings: RuleSettings,
            unread: Sequence[UnreadMail]) -> tuple[list[AlertSpec], datetime | None]:
    """The alerts about mail rather than one order's events: ``phishing`` and ``unread_amazon_mail``, and
    the moment they (or ``mail_in_spam`` through unread junk mail) may next change."""
    from store.domain.changes import mail_next_change
    from store.domain.rules import phishing_alerts, unread_alerts

    suspicious = store.suspicious_mails()
    if not suspicious and not unread:
        return [], None
    named = {o for sm in suspicious for o in sm.order_ids} | {o for um in unread for o in um.order_ids}
    lines = list(_timelines(store, named).values())
    specs = phishing_alerts(suspicious, lines, now, settings) + unread_alerts(unread, lines, now, settings)
    return specs, mail_next_change(suspicious, unread, lines, now, settings)


def current(store: Store, settings: RuleSettings, now: datetime, *, order_ids: Iterable[str] | None = None,
            open_only: bool = False) -> tuple[list[OrderSummary], list[AlertSpec]]:
    """The stored orders (the named ones; with ``open_only`` only those not settled, alerted or due)
    and every alert that holds at ``now`` for them (all phishing alerts when ``order_ids`` is None)."""
    from store.domain.changes import settings_key
    from store.domain.rules import order_alerts, unique_sorted

    wanted = None if order_ids is None else set(order_ids)
    everything = store.rules_meta().settings_key != settings_key(settings)
    unread = store.unread_mails()
    junk = _junk_unread(unread, now)  # orders named by unread junk mail: evaluated every time
    summaries = store.order_summaries(wanted, open_at=None if everything or not open_only else now)
    if open_only and junk and not everything:
        have = {s.order_id for s in summaries}
        summaries += store.order_summaries([o for o in junk if o not in have and (wanted is None or o in wanted)])
    due = {s.order_id for s in summaries if everything or s.due(now) or s.order_id in junk}
    fresh = {oid: order_alerts(tl, now, settings, junk.get(oid, ())) for oid, tl in _timelines(store, due).items()}
    specs = [spec for s in summaries for spec in (fresh.get(s.order_id, []) if s.order_id in due else s.alerts)]
    mail_specs, _ = _global(store, now, settings, unread)
    specs += [p for p in mail_specs if wanted is None or p.order_id in wanted]
    return summaries, unique_sorted(specs)


def evaluate_due(store: Store, settings: RuleSettings, now: datetime) -> CycleWork:
    """Run the rules for what is due at ``now``, save the answers and reconcile their alerts."""
    from store.domain.changes import settings_key

    key = settings_key(settings)
    meta = store.rules_meta()
    everything = meta.settings_key != key
    due = None if everything else store.due_orders(now)
    went_back = meta.evaluated_at is not None and meta.evaluated_at > now
    # The alerts about mail (phishing, unread Amazon mail, unread junk mail's mail_in_spam) are due when
    # mail arrived or changed (the generation), when a moment of theirs passed, or with any order.
    mail_due = (everything or bool(due) or went_back or meta.phishing_dirty
                or (meta.phishing_next_change_at is not None and meta.phishing_next_change_at <= now))
    if not mail_due:
        return CycleWork(0, False, False)
    unread = store.unread_mails() if store.unread_count() else []
    if due is not None and unread:  # the orders that unread junk mail names: their mail_in_spam
        known = store.order_versions(_junk_unread(unread, now))
        due = sorted(set(due) | set(known))
    evaluations = _evaluate_orders(store, due, now, settings, unread)
    phishing, phishing_next = _global(store, now, settings, unread)
    store.save_evaluation(evaluations, phishing, now=now, settings_key=key, phishing_next_change_at=phishing_next,
                          phishing_generation=meta.phishing_generation, everything=everything)
    return CycleWork(len(evaluations), True, everything)

