"""The daemon records malformed mail with its status and reason, and goes on.

The malformed corpus is APPENDed to a real Dovecot folder between two ordinary order mails and
synced by ``orders poll``: every Amazon-looking mail of the corpus is stored with the status its
golden file gives (``error`` with the error line, ``unrecognized``/``ignored``/``suspicious`` with
a reason), the order mail after them is parsed, and the folder's checkpoint reaches the last UID.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from parsers import parse_mail
from parsers.message import MailError, ParsedMail
from store.domain.model import MailSource
from store.repository import Store
from tests.faults.daemon_run import cli_env, run_cli, snapshot, write_config
from tests.faults.hostile_mail import order_mail
from tests.servers.dovecot import Dovecot

MALFORMED = Path(__file__).resolve().parents[2] / "fixtures" / "emails" / "malformed"
CORPUS = sorted(MALFORMED.glob("*.eml"))
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def golden_status(eml: Path) -> str:
    return json.loads(eml.with_name(eml.name + ".events.json").read_text(encoding="utf-8"))["status"]


def served_status(eml: Path) -> str:
    """The status of the mail as an IMAP server hands it out: Dovecot turns NUL bytes into 0x80
    (RFC 3501 forbids NUL outside BINARY), so such a mail is parsed from those bytes; and every mail
    has an INTERNALDATE, which dates a mail whose Date and Received headers are unreadable."""
    raw = eml.read_bytes()
    return parse_mail(raw.replace(b"\0", b"\x80"), fallback_date=NOW).status


def looks_like_amazon(raw: bytes) -> bool:
    """What the sync's server-side search picks (FROM/SUBJECT "amazon"); other mail is never fetched."""
    try:
        mail = ParsedMail.from_bytes(raw)
    except MailError:
        return False
    return "amazon" in f"{mail.from_addr} {mail.from_name} {mail.subject}".lower()


def check_reason(status: str, error: str | None, reason: str | None, label: str) -> None:
    if status == "error":
        assert error and "\n" not in error, f"{label}: an error mail must say why"
    elif status != "parsed":
        assert reason, f"{label}: a {status} mail must say why"


@pytest.mark.imap
def test_poll_stores_malformed_mail_with_reasons_and_goes_on(dovecot: Dovecot, tmp_path: Path) -> None:
    user = dovecot.add_user()
    first = order_mail("250-7300001-0000001", "h9-daemon-first")
    last = order_mail("250-7300002-0000002", "h9-daemon-last")
    dovecot.append(user, "INBOX", first)
    refused = []
    for eml in CORPUS:
        raw = eml.read_bytes()
        try:
            dovecot.append(user, "INBOX", raw)
        except Exception as exc:  # noqa: BLE001 - only the server's refusal of a 0-byte mail is expected
            refused.append(eml.name)
            assert not raw and "zero byte" in str(exc)
    dovecot.append(user, "INBOX", last)
    uidnext = dovecot.folder_status(user, "INBOX")[b"UIDNEXT"]

    db = tmp_path / "orders.db"
    config = write_config(tmp_path / "config.toml", dovecot, user, db)
    env = cli_env(tmp_path, user.password)
    done = run_cli(config, "poll", env=env)
    assert done.returncode == 0, done.stderr

    stored = snapshot(db)
    assert all(n == 1 for n in stored.mails.values())
    candidates = [eml for eml in CORPUS if looks_like_amazon(eml.read_bytes())]
    assert len(candidates) >= 18  # the corpus is mostly Amazon-looking on purpose
    for eml in candidates:
        key = f"mid:{ParsedMail.from_bytes(eml.read_bytes()).message_id}"
        assert key in stored.statuses, f"{eml.name} was not stored"
        status, error, reason = stored.statuses[key]
        assert status == served_status(eml), f"{eml.name}: stored as {status} ({error or reason})"
        check_reason(status, error, reason, eml.name)
    assert stored.statuses["mid:h9-daemon-last@us-west-2.amazonses.com"][0] == "parsed"
    assert ("250-7300002-0000002", "ordered") in {(o, k) for o, k, _ in stored.order_events}
    assert stored.checkpoints["INBOX"][1] == uidnext - 1
    assert refused in ([], ["empty.eml"])

    again = run_cli(config, "poll", "--json", env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["accounts"][0]["new_mails"] == 0
    assert snapshot(db) == stored


def test_store_records_every_status_with_its_reason(tmp_path: Path) -> None:
    """Mail an IMAP server would refuse or never match (empty, binary junk) too: each is stored
    once, with the parse's status, error and reason, and none of the unbelieved ones has events."""
    items = []
    for i, eml in enumerate(CORPUS, 1):
        raw = eml.read_bytes()
        items.append((raw, MailSource(path=str(eml), uid=i), parse_mail(raw)))
    with Store.open(f"sqlite:///{tmp_path / 'orders.db'}") as store:
        report = store.ingest(items, now=NOW)
        assert report.new_mails == len(CORPUS)
        by_path = {m.path: m for m in store.mails()}
        for _, source, result in items:
            mail = by_path[source.path]
            assert mail.ref.status == result.status == golden_status(Path(source.path))
            assert (mail.error, mail.reason) == (result.error, result.reason)
            check_reason(mail.ref.status, mail.error, mail.reason, Path(source.path).name)
        errors = store.mails(status="error")
        assert {Path(m.path).name for m in errors} >= {"empty.eml", "binary-garbage.eml", "amazon-garbage-date.eml"}
        believed = {e.event.order_id for events in store.order_events().values() for e in events}
        assert believed == {e.order_id for _, _, r in items if r.status == "parsed" for e in r.events}
