"""Migrations: shipped in the package, run on open, match schema.py, keep old data."""

from __future__ import annotations

import subprocess
import sys
import threading
import zlib
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Double,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from store import db, migrations
from store.repository import Store
from store.schema import metadata
from tests.store.factories import NOW, event, item


def engine_for(url: str):
    parsed = db.parse_url(url)
    path = db.sqlite_file(parsed)
    if path is not None:
        db.prepare_sqlite_file(path, private_dir=False)
    return db.make_engine(parsed)


def test_head_is_the_last_revision_and_history_is_linear() -> None:
    revisions = migrations.known_revisions()
    assert revisions[0] == "0001" and revisions[-1] == migrations.HEAD
    assert len(revisions) == len(set(revisions))


def test_migrated_schema_matches_schema_py(store_url: str) -> None:
    Store.open(store_url).close()
    engine = engine_for(store_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    assert diff == []


def test_open_is_idempotent_and_stamp_is_respected(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.ingest([item("m@x", event("ordered", "1", "2026-11-01T10:00:00+09:00"))], now=NOW)
    engine = engine_for(store_url)
    with db.write_transaction(engine) as conn:
        migrations.stamp(conn, "head")  # stamping what is already there changes nothing
        migrations.upgrade(conn)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [migrations.HEAD]
    engine.dispose()
    with Store.open(store_url) as store:
        assert list(store.order_events()) == ["1"]


def test_downgrade_to_nothing_and_back(store_url: str) -> None:
    Store.open(store_url).close()
    engine = engine_for(store_url)
    with db.write_transaction(engine) as conn:
        from alembic import command

        command.downgrade(migrations.alembic_config(conn), "base")
    with engine.connect() as conn:
        assert migrations.current_revision(conn) is None
        assert not conn.dialect.has_table(conn, "mails")
    engine.dispose()
    with Store.open(store_url) as store:
        assert store.order_events() == {}


# Revision 0001's tables as they were: rows are written with these definitions, not schema.py, so
# this test keeps checking an upgrade from revision 1 after schema.py has moved on.
_rev1 = MetaData()
_mails_rev1 = Table(
    "mails", _rev1, Column("id", Integer, primary_key=True), Column("dedupe_key", String), Column("message_id", Text),
    Column("content_hash", String), Column("account", String), Column("folder", String), Column("uid", Integer),
    Column("uidvalidity", Integer), Column("path", Text), Column("date", DateTime(timezone=True)),
    Column("from_addr", Text), Column("from_name", Text), Column("subject", Text), Column("authenticity", String),
    Column("suspicious", Boolean), Column("status", String), Column("reason", Text), Column("error", Text),
    Column("parser", String), Column("parser_version", String), Column("order_ids", JSON), Column("markets", JSON),
    Column("forwarded_by", Text), Column("in_junk", Boolean), Column("raw", LargeBinary), Column("raw_size", Integer),
    Column("first_seen_at", DateTime(timezone=True)), Column("parsed_at", DateTime(timezone=True)),
)
_events_rev1 = Table(
    "events", _rev1, Column("id", Integer, primary_key=True), Column("mail_id", Integer), Column("seq", Integer),
    Column("order_id", Text), Column("kind", Text), Column("at", DateTime(timezone=True)), Column("at_local", Text),
    Column("market", Text), Column("payment_method", Text), Column("amount", Double), Column("items", JSON),
)
_alerts_rev1 = Table(
    "alerts", _rev1, Column("id", Integer, primary_key=True), Column("kind", String), Column("order_id", String),
    Column("subject_key", String), Column("severity", String), Column("raised_at", DateTime(timezone=True)),
    Column("deadline", DateTime(timezone=True)), Column("title", JSON), Column("message", JSON),
    Column("action", JSON), Column("facts", JSON), Column("first_seen_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True)),
)


def _utc(dt: datetime, dialect: str) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None) if dialect == "sqlite" else dt


def test_data_written_at_revision_1_survives_upgrade_to_head(store_url: str) -> None:
    raw = b"Message-ID: <old@amazon.co.jp>\r\nSubject: old\r\n\r\nbody\r\n"
    engine = engine_for(store_url)
    with db.write_transaction(engine) as conn:
        migrations.upgrade(conn, "0001")
        d = conn.dialect.name
        mail_id = conn.execute(_mails_rev1.insert().values(
            dedupe_key="mid:old@amazon.co.jp", message_id="old@amazon.co.jp", content_hash="0" * 64,
            account="main", folder="INBOX", uid=5, uidvalidity=7, date=_utc(NOW, d), from_addr="a@amazon.co.jp",
            from_name="Amazon", subject="old", authenticity="pass", suspicious=False, status="parsed",
            parser="jp_order", parser_version="1", order_ids=["250-1"], markets=["amazon.co.jp"], in_junk=True,
            raw=zlib.compress(raw), raw_size=len(raw), first_seen_at=_utc(NOW, d), parsed_at=_utc(NOW, d))).inserted_primary_key[0]
        conn.execute(_events_rev1.insert().values(
            mail_id=mail_id, seq=0, order_id="250-1", kind="ordered", at=_utc(NOW, d), at_local=NOW.isoformat(),
            market="amazon.co.jp", payment_method="gift_card", amount=1980.0, items=["本"]))
        conn.execute(_alerts_rev1.insert().values(
            kind="mail_in_spam", order_id="250-1", subject_key="", severity="info", raised_at=_utc(NOW, d),
            title={"ja": "迷惑メール", "en": "In spam"}, message={"ja": "", "en": ""}, action={"ja": "", "en": ""},
            facts={}, first_seen_at=_utc(NOW, d), updated_at=_utc(NOW, d)))
    engine.dispose()

    with Store.open(store_url) as store:  # upgrades to head
        [sourced] = store.order_events()["250-1"]
        assert (sourced.event.kind, sourced.at, sourced.mail.in_junk) == ("ordered", NOW, True)
        assert (sourced.event.payment_method, sourced.event.amount, sourced.event.items) == ("gift_card", 1980.0, ("本",))
        assert store.raw_mail(mail_id) == raw
        # 0002: the verdict judged from the header before it is marked so; no authserv-id learned yet.
        assert store.stored_verdicts([mail_id]) == {mail_id: ("pass", "authentication-results")}
        assert store.authserv_id("main") is None
        [alert] = store.alerts()
        assert (alert.kind, alert.order_id, alert.subject_key, alert.title["ja"]) == (
            "mail_in_spam", "250-1", None, "迷惑メール")
        # New rows continue after the old ones.
        report = store.ingest([item("new@x", event("shipped", "250-1", "2026-11-21T10:00:00+09:00"))], now=NOW)
        assert report.new_mail_ids[0] > mail_id
        assert [s.event.kind for s in store.order_events()["250-1"]] == ["ordered", "shipped"]
    engine = engine_for(store_url)
    with engine.connect() as conn:
        assert migrations.current_revision(conn) == migrations.HEAD
    engine.dispose()


def test_two_processes_opening_a_fresh_store_at_once(store_url: str) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            Store.open(store_url).close()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    engine = engine_for(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def test_reading_an_up_to_date_store_does_not_import_alembic(tmp_path) -> None:
    url = str(tmp_path / "orders.db")
    Store.open(url).close()
    code = (
        "import sys\nfrom store.repository import Store\n"
        "assert not {'alembic', 'psycopg', 'platformdirs'} & set(sys.modules), 'import'\n"
        f"Store.open({url!r}).order_events()\n"
        "assert 'alembic' not in sys.modules, 'open'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
