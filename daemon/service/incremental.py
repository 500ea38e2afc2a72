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
    from store.domain.model import AlertSpec
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


def _evaluate_orders(store: Store, order_ids: Sequence[str] | None, now: datetime,
                     settings: RuleSettings) -> list[Evaluation]:
    from store.domain.changes import next_change
    from store.domain.rules import order_alerts
    from store.states import Evaluation

    versions = store.order_versions(order_ids)  # before the events: a later ingest makes the save a no-op
    lines = _timelines(store, versions)
    return [Evaluation(oid, versions[oid], order_alerts(tl, now, settings), next_change(tl, now, settings))
            for oid, tl in lines.items() if oid in versions]


def _phishing(store: Store, now: datetime, settings: RuleSettings) -> tuple[list[AlertSpec], datetime | None]:
    from store.domain.changes import phishing_next_change
    from store.domain.rules import phishing_alerts

    suspicious = store.suspicious_mails()
    if not suspicious:
        return [], None
    quoted = list(_timelines(store, {o for sm in suspicious for o in sm.order_ids}).values())
    return phishing_alerts(suspicious, quoted, now, settings), phishing_next_change(suspicious, quoted, now, settings)


def current(store: Store, settings: RuleSettings, now: datetime, *, order_ids: Iterable[str] | None = None,
            open_only: bool = False) -> tuple[list[OrderSummary], list[AlertSpec]]:
    """The stored orders (the named ones; with ``open_only`` only those not settled, alerted or due)
    and every alert that holds at ``now`` for them (all phishing alerts when ``order_ids`` is None)."""
    from store.domain.changes import settings_key
    from store.domain.rules import order_alerts, unique_sorted

    wanted = None if order_ids is None else set(order_ids)
    everything = store.rules_meta().settings_key != settings_key(settings)
    summaries = store.order_summaries(wanted, open_at=None if everything or not open_only else now)
    due = [s.order_id for s in summaries if everything or s.due(now)]
    fresh = {oid: order_alerts(tl, now, settings) for oid, tl in _timelines(store, due).items()}
    specs = [spec for s in summaries for spec in (fresh.get(s.order_id, []) if s.order_id in due else s.alerts)]
    phishing, _ = _phishing(store, now, settings)
    specs += [p for p in phishing if wanted is None or p.order_id in wanted]
    return summaries, unique_sorted(specs)


def evaluate_due(store: Store, settings: RuleSettings, now: datetime) -> CycleWork:
    """Run the rules for what is due at ``now``, save the answers and reconcile their alerts."""
    from store.domain.changes import settings_key

    key = settings_key(settings)
    meta = store.rules_meta()
    everything = meta.settings_key != key
    due = None if everything else store.due_orders(now)
    went_back = meta.evaluated_at is not None and meta.evaluated_at > now
    phishing_due = (everything or bool(due) or went_back or meta.phishing_dirty
                    or (meta.phishing_next_change_at is not None and meta.phishing_next_change_at <= now))
    if not due and not phishing_due:
        return CycleWork(0, False, False)
    evaluations = _evaluate_orders(store, due, now, settings)
    phishing: list[AlertSpec] | None = None
    phishing_next = None
    if phishing_due:
        phishing, phishing_next = _phishing(store, now, settings)
    store.save_evaluation(evaluations, phishing, now=now, settings_key=key, phishing_next_change_at=phishing_next,
                          phishing_generation=meta.phishing_generation, everything=everything)
    return CycleWork(len(evaluations), phishing is not None, everything)

