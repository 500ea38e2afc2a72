"""Alerts: reconciling the rules' alerts with the stored ones, acknowledgements, deliveries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from store import db
from store.base import StoreBase, _aware, _chunks, _dialect_insert, _guarded
from store.db import StoreError
from store.domain.model import SEVERITY_RANK, AlertRecord, AlertSpec, Delivery
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
        with db.write_transaction(self.engine) as conn:
            existing = {(r.kind, r.order_id, r.subject_key): r for r in conn.execute(select(alerts))}
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

    @_guarded("reading alerts")
    def alerts(self, active_only: bool = True, order_id: str | None = None) -> list[AlertRecord]:
        query = select(alerts)
        if active_only:
            query = query.where(alerts.c.resolved_at.is_(None))
        if order_id is not None:
            query = query.where(alerts.c.order_id == order_id)
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
