"""Alerts: reconciling the rules' alerts with the stored ones, acknowledgements, deliveries."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, case, delete, exists, func, insert, or_, select, update

from store import db
from store.base import StoreBase, _aware, _chunks, _dialect_insert, _guarded
from store.db import StoreError
from store.domain.model import SEVERITY_RANK, AlertRecord, AlertSpec, Delivery
from store.domain.policy import alert_key
from store.schema import alert_deliveries, alerts


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    new: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    resolved: tuple[int, ...] = ()
    reopened: tuple[int, ...] = ()
    unchanged: int = 0


class AlertStore(StoreBase):
    # ---- alerts --------------------------------------------------------------------------------

    @_guarded("updating alerts")
    def reconcile_alerts(self, specs: Sequence[AlertSpec], now: datetime) -> ReconcileReport:
        _aware(now, "now")
        with db.write_transaction(self.engine) as conn:
            return reconcile(conn, specs, now)

    @_guarded("reading acknowledgements")
    def acknowledgements(self) -> dict[tuple[str, str, str], datetime]:
        """When each stored alert was acknowledged, by identity (``policy.alert_key``): a freshly
        evaluated alert takes it over. Reads the acknowledged rows only."""
        a = alerts.c
        with self.engine.begin() as conn:
            rows = conn.execute(select(a.kind, a.order_id, a.subject_key, a.acknowledged_at)
                                .where(a.acknowledged_at.is_not(None)))
            return {alert_key(r.kind, r.order_id or None, r.subject_key or None): r.acknowledged_at for r in rows}


    @_guarded("reading alerts")
    def alerts(self, active_only: bool = True, order_id: str | None = None) -> list[AlertRecord]:
        query = select(alerts)
        if active_only:
            query = query.where(alerts.c.resolved_at.is_(None))
        if order_id is not None:
            query = query.where(alerts.c.order_id == order_id)
        return self._records(query)

    @_guarded("counting alerts")
    def alert_counts(self) -> tuple[int, int]:
        """(active and not acknowledged, active and acknowledged) — without reading the alerts."""
        a = alerts.c
        query = (select(func.count(a.id).filter(a.acknowledged_at.is_(None)),
                        func.count(a.id).filter(a.acknowledged_at.is_not(None)))
                 .where(a.resolved_at.is_(None)))
        with self.engine.begin() as conn:
            pending, acknowledged = conn.execute(query).one()
        return int(pending), int(acknowledged)

    @_guarded("reading alerts to deliver")
    def alerts_to_deliver(self, channels: Sequence[str], remind_sent_before: datetime | None) -> list[AlertRecord]:
        """The active alerts that may be due on one of ``channels`` — a superset of what
        ``notify.policy.due`` sends, read without loading every active alert: never sent there (and not
        acknowledged), sent there at a lower severity, or (not acknowledged) last sent there before
        ``remind_sent_before`` (None: no reminders). A poll with nothing new reads none."""
        if not channels:
            return []
        a, d = alerts.c, alert_deliveries.c
        rank = SEVERITY_RANK
        sent = select(d.alert_id).where(d.alert_id == a.id, d.channel.in_(list(channels)))
        maybe = [
            and_(a.acknowledged_at.is_(None),
                 or_(*(~exists().where(d.alert_id == a.id, d.channel == channel) for channel in channels))),
            exists(sent.where(case(rank, value=d.severity, else_=-1) < case(rank, value=a.severity, else_=len(rank)))),
        ]
        if remind_sent_before is not None:
            maybe.append(and_(a.acknowledged_at.is_(None),
                              exists(sent.where(d.last_sent_at <= _aware(remind_sent_before, "remind_sent_before")))))
        return self._records(select(alerts).where(a.resolved_at.is_(None), or_(*maybe)))

    def _records(self, query: Any) -> list[AlertRecord]:
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
            deliveries: dict[int, list[Delivery]] = {}
            ids = [r.id for r in rows]
            d = alert_deliveries.c
            for chunk in _chunks(ids):
                for r in conn.execute(select(alert_deliveries).where(d.alert_id.in_(chunk)).order_by(d.channel)):
                    deliveries.setdefault(r.alert_id, []).append(Delivery(r.channel, r.last_sent_at, r.severity))
        records = [_alert_record(r, deliveries.get(r.id, ())) for r in rows]
        records.sort(key=lambda rec: (rec.resolved_at is not None, -SEVERITY_RANK[rec.severity], rec.raised_at, rec.id))
        return records

    @_guarded("acknowledging alerts")
    def ack(self, order_id: str | None, kind: str | None = None, *, now: datetime) -> int:
        _aware(now, "now")
        a = alerts.c
        stmt = update(alerts).where(a.order_id == (order_id or ""), a.resolved_at.is_(None), a.acknowledged_at.is_(None))
        if kind is not None:
            stmt = stmt.where(a.kind == kind)
        with db.write_transaction(self.engine) as conn:
            return conn.execute(stmt.values(acknowledged_at=now, updated_at=now)).rowcount

    @_guarded("recording a notification")
    def record_delivery(self, alert_id: int, channel: str, now: datetime, severity: str) -> None:
        _aware(now, "now")
        with db.write_transaction(self.engine) as conn:
            if conn.execute(update(alerts).where(alerts.c.id == alert_id).values(last_notified_at=now)).rowcount == 0:
                raise StoreError(f"the store {self.where} holds no alert with id {alert_id}")
            stmt = _dialect_insert(conn, alert_deliveries).values(
                alert_id=alert_id, channel=channel, last_sent_at=now, severity=severity)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["alert_id", "channel"], set_={"last_sent_at": now, "severity": severity}))


def reconcile(conn: Connection, specs: Sequence[AlertSpec], now: datetime,
              order_ids: Collection[str] | None = None) -> ReconcileReport:
    """``Store.reconcile_alerts`` on an open transaction. With ``order_ids``, only the stored alerts
    of those orders (every kind but ``MAIL_KINDS``) and the ``MAIL_KINDS`` alerts are compared with
    ``specs``: the others were not re-evaluated and stay as they are."""
    wanted: dict[tuple[str, str, str], dict[str, Any]] = {}
    for spec in specs:
        key = (spec.kind, spec.order_id or "", spec.subject_key or "")
        if key in wanted and SEVERITY_RANK[wanted[key]["severity"]] >= SEVERITY_RANK[spec.severity]:
            continue
        wanted[key] = _spec_values(spec)
    new: list[int] = []
    updated: list[int] = []
    resolved: list[int] = []
    reopened: list[int] = []
    unchanged = 0
    a = alerts.c
    existing = {(r.kind, r.order_id, r.subject_key): r
                for r in _scoped_rows(conn, order_ids, {key[1] for key in wanted})}
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            new_id = conn.execute(insert(alerts).values(
                kind=key[0], order_id=key[1], subject_key=key[2], first_seen_at=now, updated_at=now, **values
            ).returning(a.id)).scalar_one()
            new.append(new_id)
        elif row.resolved_at is not None:
            conn.execute(update(alerts).where(a.id == row.id).values(
                resolved_at=None, acknowledged_at=None, last_notified_at=None, first_seen_at=now,
                updated_at=now, **values))
            conn.execute(delete(alert_deliveries).where(alert_deliveries.c.alert_id == row.id))
            reopened.append(row.id)
        elif any(getattr(row, name) != value for name, value in values.items()):
            conn.execute(update(alerts).where(a.id == row.id).values(updated_at=now, **values))
            updated.append(row.id)
        else:
            unchanged += 1
    gone = [r.id for key, r in existing.items() if r.resolved_at is None and key not in wanted]
    for chunk in _chunks(gone):
        conn.execute(update(alerts).where(a.id.in_(chunk)).values(resolved_at=now, updated_at=now))
    resolved.extend(gone)
    return ReconcileReport(tuple(new), tuple(updated), tuple(resolved), tuple(reopened), unchanged)


# Alerts about a mail rather than one order's events: evaluated together, apart from the orders.
MAIL_KINDS = ("phishing", "unread_amazon_mail")


def _scoped_rows(conn: Connection, order_ids: Collection[str] | None, wanted_orders: Collection[str]) -> list[Any]:
    a = alerts.c
    if order_ids is None:
        # Every active alert, and of the resolved ones (history) only those of orders raised again
        # (reopened, not inserted): a full evaluation does not read every alert ever raised.
        rows = conn.execute(select(alerts).where(a.resolved_at.is_(None))).all()
        return rows + [r for chunk in _chunks(sorted(wanted_orders))
                       for r in conn.execute(select(alerts).where(a.resolved_at.is_not(None), a.order_id.in_(chunk)))]
    rows = [r for chunk in _chunks(sorted(set(order_ids)))
            for r in conn.execute(select(alerts).where(a.order_id.in_(chunk), a.kind.not_in(MAIL_KINDS)))]
    return rows + conn.execute(select(alerts).where(a.kind.in_(MAIL_KINDS))).all()


def _spec_values(spec: AlertSpec) -> dict[str, Any]:
    """The columns an AlertSpec sets, JSON values as they will read back (for change detection)."""

    def roundtrip(value: Any) -> Any:
        return json.loads(db.json_dumps(value))

    return dict(
        severity=spec.severity, raised_at=_aware(spec.raised_at, "raised_at").astimezone(UTC),
        deadline=None if spec.deadline is None else _aware(spec.deadline, "deadline").astimezone(UTC),
        title=roundtrip(spec.title), message=roundtrip(spec.message), action=roundtrip(spec.action),
        facts=roundtrip(spec.facts),
    )


def _alert_record(row: Any, deliveries: Iterable[Delivery]) -> AlertRecord:
    return AlertRecord(
        id=row.id, kind=row.kind, order_id=row.order_id or None, subject_key=row.subject_key or None,
        severity=row.severity, raised_at=row.raised_at, deadline=row.deadline, title=row.title,
        message=row.message, action=row.action, facts=row.facts, first_seen_at=row.first_seen_at,
        last_notified_at=row.last_notified_at, acknowledged_at=row.acknowledged_at, resolved_at=row.resolved_at,
        deliveries=tuple(deliveries),
    )
