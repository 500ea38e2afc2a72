"""Stored order states: each order's timeline folded, and the rules' last answer for it.

Why: `orders status` must not fold every event of every order on each call, and a poll that
brought nothing must not re-run every rule. So the fold is stored (``order_states``), refreshed in
the transaction that changes an order's events (``refresh``: ingest, reparse), and the rules'
answer is stored beside it with the moment it can next change (``store.domain.changes``).

A row is *due* — its stored alerts may be stale — when its facts changed since the rules last ran
(``evaluated_at`` NULL), when ``next_change_at`` has passed, when it was evaluated at a later
moment than the one asked about, or when the rule settings changed (``rules_state.settings_key``).
Callers re-evaluate exactly the due orders (``daemon.service.pipeline``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Text, delete, insert, or_, select, true, type_coerce, update

from store import db
from store.alerts import ReconcileReport, reconcile
from store.base import StoreBase, _aware, _chunks, _guarded
from store.domain.changes import spec_from_json, spec_to_json
from store.domain.model import AlertSpec
from store.domain.policy import SETTLED_STATES
from store.domain.timeline import ORDER_FACTS, OrderFacts, Timeline, build
from store.queries import _json_value, _utc_value, load_order_events
from store.schema import events, order_states, rules_state


@dataclass(frozen=True, slots=True)
class OrderSummary(OrderFacts):
    """One order as stored: what `orders status` shows, without its events."""

    version: int
    last_event_kind: str
    last_event_local: datetime  # with the offset its mail gave
    event_count: int
    alerts: tuple[AlertSpec, ...]
    evaluated_at: datetime | None
    next_change_at: datetime | None

    def due(self, now: datetime) -> bool:
        """Whether the stored alerts may not be the rules' answer at ``now`` (settings aside)."""
        return (self.evaluated_at is None or self.evaluated_at > now
                or (self.next_change_at is not None and self.next_change_at <= now))


@dataclass(frozen=True, slots=True)
class RulesMeta:
    settings_key: str | None
    phishing_generation: int
    phishing_evaluated: int
    phishing_next_change_at: datetime | None
    evaluated_at: datetime | None

    @property
    def phishing_dirty(self) -> bool:
        return self.phishing_generation != self.phishing_evaluated


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The rules' answer for one order at ``evaluated_at``, computed from facts of ``version``."""

    order_id: str
    version: int
    alerts: Sequence[AlertSpec]
    next_change_at: datetime | None


def state_row(tl: Timeline) -> dict[str, Any]:
    """The order_states columns of a timeline's facts (the rules' columns reset: not evaluated)."""
    last = tl.last_event
    return dict(
        {name: getattr(tl, name) for name in ORDER_FACTS}, items=list(tl.items) or None,
        last_event_kind=last.event.kind, last_event_local=last.at.isoformat(), event_count=len(tl.events),
        alerts=None, alert_count=0, open=tl.state not in SETTLED_STATES, evaluated_at=None, next_change_at=None,
    )


def refresh(conn: Connection, order_ids: Iterable[str], columns: Collection[str] | None = None) -> int:
    """Fold the named orders again from their believed events, in the caller's transaction.

    An order left without events loses its row. Every refreshed row is due for the rules. Returns
    the number of rows written.
    """
    ids = sorted(set(order_ids))
    written = 0
    for chunk in _chunks(ids):
        versions = dict(conn.execute(select(order_states.c.order_id, order_states.c.version)
                                     .where(order_states.c.order_id.in_(chunk))).all())
        grouped = load_order_events(conn, None, chunk)
        conn.execute(delete(order_states).where(order_states.c.order_id.in_(chunk)))
        rows = []
        for order_id, sourced in grouped.items():
            row = dict(state_row(build(order_id, sourced)), version=versions.get(order_id, 0) + 1)
            rows.append({k: v for k, v in row.items() if columns is None or k in columns})
        if rows:
            conn.execute(insert(order_states), rows)
        if set(versions) - set(grouped):
            # An order lost all its events (reparse): its alerts must be resolved by a full evaluation.
            conn.execute(update(rules_state).values(settings_key=None))
        written += len(rows)
    return written


def rebuild(conn: Connection, columns: Collection[str] | None = None) -> int:
    """Every order's row from scratch, and nothing evaluated (`orders reparse`, the migration)."""
    conn.execute(delete(order_states))
    conn.execute(delete(rules_state))
    conn.execute(insert(rules_state).values(id=1, settings_key=None, phishing_generation=1, phishing_evaluated=0))
    ids = sorted(conn.execute(select(events.c.order_id).distinct()).scalars())
    return refresh(conn, ids, columns)


def mark_phishing_dirty(conn: Connection) -> None:
    """Suspicious or unread mail arrived or changed: the alerts about mail need the rules."""
    r = rules_state.c
    conn.execute(update(rules_state).where(r.id == 1).values(phishing_generation=r.phishing_generation + 1))


def orders_of_mails(conn: Connection, mail_ids: Sequence[int]) -> set[str]:
    """The orders whose events come from these mails."""
    out: set[str] = set()
    for chunk in _chunks(list(mail_ids)):
        out.update(conn.execute(select(events.c.order_id).distinct().where(events.c.mail_id.in_(chunk))).scalars())
    return out


def _summary(row: Any) -> OrderSummary:
    r = row._mapping
    facts = {name: r[name] for name in ORDER_FACTS}
    facts.update(items=tuple(_json_value(r["items"]) or ()), first_event_at=_utc_value(r["first_event_at"]),
                 last_event_at=_utc_value(r["last_event_at"]))
    return OrderSummary(
        **facts, version=r["version"], last_event_kind=r["last_event_kind"],
        last_event_local=datetime.fromisoformat(r["last_event_local"]), event_count=r["event_count"],
        alerts=tuple(spec_from_json(a) for a in _json_value(r["alerts"]) or ()),
        evaluated_at=_utc_value(r["evaluated_at"]), next_change_at=_utc_value(r["next_change_at"]))


# Read raw (as text), decoded above: no per-row type processing on the status path.
_RAW_COLUMNS = ("first_event_at", "last_event_at", "evaluated_at", "next_change_at", "items", "alerts")


def _due_clause(now: datetime) -> Any:
    c = order_states.c
    return or_(c.evaluated_at.is_(None), c.next_change_at <= now, c.evaluated_at > now)


class StateStore(StoreBase):
    """Reading the order states, and saving the rules' answers (see the module docstring)."""

    def _summaries(self, query: Any) -> list[OrderSummary]:
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
        return [_summary(r) for r in rows]

    @_guarded("reading order states")
    def order_summaries(self, order_ids: Iterable[str] | None = None, *, open_at: datetime | None = None,
                        ) -> list[OrderSummary]:
        """Stored orders (all, or the named ones). With ``open_at``: only those that may need the user at
        that moment — not settled, with stored alerts, or due for the rules."""
        c = order_states.c
        query = select(*(type_coerce(col, Text).label(col.name) if col.name in _RAW_COLUMNS else col
                         for col in order_states.c))
        if open_at is not None:
            # Every term is indexed: SQLite reads the open and due rows only, not every order.
            query = query.where(or_(c.open == true(), _due_clause(_aware(open_at, "open_at"))))
        if order_ids is None:
            return self._summaries(query)
        return [s for chunk in _chunks(sorted(set(order_ids)))
                for s in self._summaries(query.where(c.order_id.in_(chunk)))]

    @_guarded("reading order versions")
    def order_versions(self, order_ids: Iterable[str] | None = None) -> dict[str, int]:
        """order_id → version of its stored facts (every stored order, or the named ones)."""
        c = order_states.c
        query = select(c.order_id, c.version)
        parts = [query] if order_ids is None else [query.where(c.order_id.in_(chunk))
                                                   for chunk in _chunks(sorted(set(order_ids)))]
        with self.engine.begin() as conn:
            return {r[0]: r[1] for part in parts for r in conn.execute(part)}

    @_guarded("listing due orders")
    def due_orders(self, now: datetime) -> list[str]:
        """Orders whose stored alerts may not hold at ``now`` (settings aside)."""
        query = select(order_states.c.order_id).where(_due_clause(_aware(now, "now")))
        with self.engine.begin() as conn:
            return list(conn.execute(query).scalars())

    @_guarded("reading the rules state")
    def rules_meta(self) -> RulesMeta:
        with self.engine.begin() as conn:
            row = conn.execute(select(rules_state).where(rules_state.c.id == 1)).first()
        if row is None:
            return RulesMeta(None, 1, 0, None, None)
        return RulesMeta(row.settings_key, row.phishing_generation, row.phishing_evaluated,
                         row.phishing_next_change_at, row.evaluated_at)

    @_guarded("rebuilding order states")
    def rebuild_order_states(self) -> int:
        with db.write_transaction(self.engine) as conn:
            return rebuild(conn)

    @_guarded("saving the rules' answers")
    def save_evaluation(self, evaluations: Sequence[Evaluation], phishing: Sequence[AlertSpec], *,
                        now: datetime, settings_key: str, phishing_next_change_at: datetime | None = None,
                        phishing_generation: int = 0, everything: bool = False) -> ReconcileReport:
        """Store the answers and reconcile the alerts of exactly what was evaluated, in one transaction.

        ``phishing``: the alerts about mail (phishing, unread Amazon mail), computed from the mail of
        ``phishing_generation`` (``rules_meta()`` read before). An
        answer computed from facts older than the stored ones (an ingest came in between) is not
        saved: the order stays due. ``everything``: every order was evaluated (stored alerts of orders not in
        ``evaluations`` no longer exist and are resolved).
        """
        _aware(now, "now")
        c = order_states.c
        specs: list[AlertSpec] = []
        with db.write_transaction(self.engine) as conn:
            for ev in evaluations:
                conn.execute(update(order_states).where(c.order_id == ev.order_id, c.version == ev.version).values(
                    alerts=[spec_to_json(s) for s in ev.alerts] or None, alert_count=len(ev.alerts),
                    open=true() if ev.alerts else c.state.not_in(sorted(SETTLED_STATES)),
                    evaluated_at=now, next_change_at=ev.next_change_at))
                specs.extend(ev.alerts)
            specs.extend(phishing)
            scope = None if everything else [ev.order_id for ev in evaluations]
            report = reconcile(conn, specs, now, order_ids=scope)
            values: dict[str, Any] = dict(settings_key=settings_key, evaluated_at=now,
                                          phishing_evaluated=phishing_generation,
                                          phishing_next_change_at=phishing_next_change_at)
            if conn.execute(update(rules_state).where(rules_state.c.id == 1).values(**values)).rowcount == 0:
                conn.execute(insert(rules_state).values(id=1, phishing_generation=1, **values))
        return report
