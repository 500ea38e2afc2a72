"""Order and event queries: the timelines' events, order ids, suspicious mail."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, and_, case, cast, false, or_, select, type_coerce

from parsers.events import Event
from store.base import StoreBase, _aware, _chunks, _guarded
from store.domain.model import MailRef, SourcedEvent, SuspiciousMail, UnreadMail
from store.schema import events, mails


class OrderQueries(StoreBase):
    # ---- orders --------------------------------------------------------------------------------

    @_guarded("reading order events")
    def order_events(
        self, as_of: datetime | None = None, order_ids: Iterable[str] | None = None
    ) -> dict[str, list[SourcedEvent]]:
        # The hot path of `orders status`: raw column values (no per-row type processing), one
        # MailRef per mail, Events built straight from their columns.
        m, e = mails.c, events.c
        query = (select(e.mail_id, m.message_id, m.account, m.folder, m.in_junk, type_coerce(m.date, Text),
                        m.subject, m.from_addr, m.authenticity, m.status, *_EVENT_SELECT)
                 .join(mails, m.id == e.mail_id)
                 .where(_believed())
                 .order_by(e.at, e.mail_id, e.seq))
        if as_of is not None:
            query = query.where(events.c.at <= _aware(as_of, "as_of"))
        wanted = None if order_ids is None else sorted(set(order_ids))
        parts = [query] if wanted is None else [query.where(events.c.order_id.in_(c)) for c in _chunks(wanted)]
        with _paused_gc():
            with self.engine.begin() as conn:
                rows = [row for part in parts for row in conn.execute(part).all()]
            return self._group_events(rows)

    @staticmethod
    def _group_events(rows: Sequence[Any]) -> dict[str, list[SourcedEvent]]:
        refs: dict[int, MailRef] = {}
        out: dict[str, list[SourcedEvent]] = {}
        for row in rows:
            mail_id = row[0]
            ref = refs.get(mail_id)
            if ref is None:
                ref = refs[mail_id] = MailRef(mail_id, row[1], row[2], row[3], bool(row[4]), _utc_value(row[5]),
                                              row[6], row[7], row[8], row[9])
            event = _event_from_row(row[10:])
            out.setdefault(event.order_id, []).append(SourcedEvent(event, datetime.fromisoformat(event.at), ref))
        return out

    @_guarded("listing orders")
    def order_ids(self, as_of: datetime | None = None) -> list[str]:
        query = (select(events.c.order_id).distinct().join(mails, mails.c.id == events.c.mail_id)
                 .where(_believed()))
        if as_of is not None:
            query = query.where(events.c.at <= _aware(as_of, "as_of"))
        with self.engine.begin() as conn:
            return sorted(conn.execute(query).scalars())

    @_guarded("listing suspicious mail")
    def suspicious_mails(self, as_of: datetime | None = None) -> list[SuspiciousMail]:
        # When the mail arrived: its Date, unless that is later than when we first saw it (a forged
        # future Date must not hide a phishing mail from an as_of evaluation).
        m = mails.c
        seen = case((and_(m.date.is_not(None), m.date < m.first_seen_at), m.date), else_=m.first_seen_at)
        query = (select(mails.c.order_ids, mails.c.reason, *_MAILREF_COLUMNS)
                 .where(or_(mails.c.suspicious.is_(True), mails.c.status == "suspicious"))
                 .order_by(seen, mails.c.id))
        if as_of is not None:
            query = query.where(seen <= _aware(as_of, "as_of"))
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
        return [SuspiciousMail(mail=_mail_ref(r), order_ids=tuple(r.order_ids or ()), reason=r.reason) for r in rows]


    @_guarded("listing unread Amazon mail")
    def unread_mails(self, as_of: datetime | None = None) -> list[UnreadMail]:
        """Amazon mail that names orders and that no parser could classify (``unrecognized``)."""
        m = mails.c
        seen = case((and_(m.date.is_not(None), m.date < m.first_seen_at), m.date), else_=m.first_seen_at)
        query = (select(m.order_ids, m.reason, *_MAILREF_COLUMNS)
                 .where(and_(m.status == "unrecognized", _believed()))
                 .order_by(seen, m.id))
        if as_of is not None:
            query = query.where(seen <= _aware(as_of, "as_of"))
        with self.engine.begin() as conn:
            rows = conn.execute(query).all()
        return [UnreadMail(mail=_mail_ref(r), order_ids=tuple(r.order_ids or ()), reason=r.reason)
                for r in rows if r.order_ids]

    @_guarded("counting unread Amazon mail")
    def unread_count(self) -> int:
        """How many stored Amazon mails no parser could classify (for poll, watch and status)."""
        from sqlalchemy import func

        query = select(func.count()).select_from(mails).where(and_(mails.c.status == "unrecognized", _believed()))
        with self.engine.begin() as conn:
            return int(conn.execute(query).scalar_one())


_MAILREF_COLUMNS = (
    mails.c.id.label("ref_id"), mails.c.message_id, mails.c.account, mails.c.folder, mails.c.in_junk, mails.c.date,
    mails.c.subject, mails.c.from_addr, mails.c.authenticity, mails.c.status,
)


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Building tens of thousands of acyclic objects: the cyclic GC's passes cost ~20% and find nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _utc_value(value: str | datetime | None) -> datetime | None:
    """A UTCDateTime column read without its type processing (SQLite: text; PostgreSQL: datetime)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_EVENT_SELECT = (
    events.c.kind, events.c.order_id, events.c.at_local, events.c.market, events.c.seller, events.c.seller_name,
    events.c.payment_method, events.c.amount, events.c.currency, events.c.carrier, events.c.tracking_number,
    # JSON as text on both backends: one raw_decode beats psycopg's per-value json loader.
    cast(events.c["items"], Text), events.c.estimated_delivery, events.c.note, cast(events.c.extra, Text),
)


_decode_json = json.JSONDecoder().raw_decode  # json.loads minus its whitespace handling: we wrote the text


def _json_value(value: Any) -> Any:
    """A JSON column read without type processing (SQLite: text; PostgreSQL: already decoded)."""
    return _decode_json(value)[0] if isinstance(value, str) else value


def _event_from_row(row: Sequence[Any]) -> Event:
    (kind, order_id, at_local, market, seller, seller_name, payment_method, amount, currency, carrier,
     tracking_number, items, estimated_delivery, note, extra) = row
    event = Event(kind=kind, order_id=order_id, at=at_local, market=market, seller=seller, seller_name=seller_name,
                  payment_method=payment_method, amount=amount, currency=currency, carrier=carrier,
                  tracking_number=tracking_number, items=tuple(_json_value(items) or ()),
                  estimated_delivery=estimated_delivery, note=note)
    extra = _json_value(extra)
    if extra:  # fields of a newer Event; ones this Event does not know are dropped
        event = replace(event, **{k: v for k, v in extra.items() if k in Event.__dataclass_fields__})
    return event


def _believed() -> Any:
    """Mails whose events may shape a timeline."""
    return and_(mails.c.suspicious == false(), mails.c.status != "suspicious")


def _mail_ref(row: Any) -> MailRef:
    return MailRef(mail_id=row.ref_id, message_id=row.message_id, account=row.account, folder=row.folder,
                   in_junk=row.in_junk, date=row.date, subject=row.subject, from_addr=row.from_addr,
                   authenticity=row.authenticity, status=row.status)
