"""The issue-10 stories end to end: the demo's trouble stories with their Amazon mails reworded — a
bracketed or spam-tagged subject, a generic subject that leaves the meaning to the body, a synonym for
the usual verb — still give every alert (`orders import` into a real SQLite store, then `alerts`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from daemon.cli import main
from parsers.message import ParsedMail
from tests.parsers.variants import rebuild

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
DEMO_NOW = "2026-11-20T12:00:00+09:00"


def reworded(rel: str, subject: str, swaps: tuple[tuple[str, str], ...] = ()) -> bytes:
    raw = (FIXTURES / rel).read_bytes()
    mail = ParsedMail.from_bytes(raw)
    text, html = mail.text, mail.html
    for old, new in swaps:
        text, html = re.sub(old, new, text), re.sub(old, new, html)
    return rebuild(raw, subject, text or None, html or None)


def test_reworded_stories_keep_their_alerts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox, junk = tmp_path / "mail" / "inbox", tmp_path / "mail" / "spam"
    inbox.mkdir(parents=True)
    junk.mkdir()
    for rel in ("jp/story1-250-1111111-ordered.eml", "jp/story2-503-2222222-ordered.eml",
                "jp/story3-249-3333333-ordered-iso2022jp.eml"):
        (inbox / Path(rel).name).write_bytes((FIXTURES / rel).read_bytes())
    # 1: the cancel acknowledgement under a bracketed, generic subject.
    (inbox / "s1-cancel.eml").write_bytes(reworded(
        "jp/story1-250-1111111-cancel-requested.eml", "【Amazon.co.jp】ご注文についてのお知らせ"))
    # 1: the shipment, in junk, with a spam tag and another verb for "shipped".
    (junk / "s1-shipped.eml").write_bytes(reworded(
        "jp/story1-250-1111111-shipped.eml", "[SPAM] Amazon.co.jpからのお知らせ",
        (("発送しました", "出荷いたしました"), ("発送済み", "出荷済み"))))
    # 2: the request forwarded to the marketplace seller, generic subject.
    (inbox / "s2-cancel.eml").write_bytes(reworded(
        "jp/story2-503-2222222-cancel-requested.eml", "ご注文に関するご案内（注文番号 503-2222222-2222222）"))
    # 3: the cancellation as a notice.
    (inbox / "s3-cancelled.eml").write_bytes(reworded(
        "jp/story3-249-3333333-cancelled.eml", "ご注文に関するお知らせ"))
    # 5 (US): the return received, generic subject.
    (inbox / "s5-return.eml").write_bytes(reworded(
        "us/return-received-story5-refund-pending.eml", "A message about your order 112-7777777-7777777"))

    config = tmp_path / "config.toml"
    config.write_text(f'lang = "en"\n[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n', encoding="utf-8")
    assert main(["--config", str(config), "import", str(tmp_path / "mail")]) == 0
    capsys.readouterr()
    assert main(["--config", str(config), "alerts", "--json", "--now", DEMO_NOW]) == 0
    kinds = {(a["order_id"], a["kind"]) for a in json.loads(capsys.readouterr().out)}
    assert ("250-1111111-1111111", "shipped_after_cancel") in kinds
    assert ("250-1111111-1111111", "mail_in_spam") in kinds
    assert ("503-2222222-2222222", "seller_no_reply") in kinds
    assert ("249-3333333-3333333", "refund_overdue") in kinds
    assert ("112-7777777-7777777", "refund_overdue") in kinds
    assert not any(kind == "unread_amazon_mail" for _, kind in kinds)


def test_unrecognized_lists_each_mail_with_its_orders_and_reason(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'lang = "en"\n[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n', encoding="utf-8")
    assert main(["--config", str(config), "import", str(FIXTURES / "jp" / "unrecognized")]) == 0
    capsys.readouterr()
    assert main(["--config", str(config), "unrecognized", "--json"]) == 0
    listed = {m["subject"]: m for m in json.loads(capsys.readouterr().out)}
    too_close = listed["ご注文に関するお知らせ"]
    assert too_close["order_ids"] == ["250-8100045-4410045"]
    assert "kinds too close to call (cancelled 1, refunded 1)" in too_close["reason"]
    assert listed["Amazon.co.jp カスタマーサービスからのご連絡"]["reason"].endswith("no order number")
    assert main(["--config", str(config), "unrecognized"]) == 0
    assert "no kind evidence" in capsys.readouterr().out
