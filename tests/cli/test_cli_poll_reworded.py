"""Issue 10's measurement, over real IMAP: the demo's trouble stories with their Amazon mails reworded
(tags, generic subjects, synonyms, junk) still raise every alert after `orders poll`, and an Amazon mail
nobody can read, in Junk, about an order awaiting a seller's answer, is both `mail_in_spam` and a
warning `unread_amazon_mail`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_cli_poll import DEMO_NOW, FIXTURES, run
from tests.cli.test_reworded_stories import reworded
from tests.parsers.variants import rebuild
from tests.servers.dovecot import Dovecot
from tests.watch.conftest import new_user

UNREADABLE = """山田 太郎 様

注文番号 503-2222222-2222222 について、出品者からの連絡事項があります。
詳しくは注文履歴をご覧ください。
"""


@pytest.mark.imap
def test_reworded_stories_over_imap(dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = new_user(dovecot)
    for rel in ("jp/story1-250-1111111-ordered.eml", "jp/story2-503-2222222-ordered.eml",
                "jp/story3-249-3333333-ordered-iso2022jp.eml"):
        dovecot.append(user, "INBOX", (FIXTURES / rel).read_bytes())
    dovecot.append(user, "INBOX", reworded("jp/story1-250-1111111-cancel-requested.eml",
                                           "【Amazon.co.jp】ご注文についてのお知らせ"))
    dovecot.append(user, user.junk_folder, reworded("jp/story1-250-1111111-shipped.eml",
                                                    "***SPAM*** Amazon.co.jpからのお知らせ",
                                                    (("発送しました", "出荷いたしました"),)))
    dovecot.append(user, "INBOX", reworded("jp/story2-503-2222222-cancel-requested.eml",
                                           "[Amazon.co.jp] ご注文に関するご案内"))
    dovecot.append(user, "INBOX", reworded("jp/story3-249-3333333-cancelled.eml", "ご注文に関するお知らせ"))
    template = re.sub(rb"(?m)^Message-ID: <[^>]+>", b"Message-ID: <unreadable-503-2222222@amazonses.com>",
                      (FIXTURES / "jp/story2-503-2222222-cancel-requested.eml").read_bytes())
    dovecot.append(user, user.junk_folder, rebuild(template, "【迷惑メール】Amazon.co.jpからのお知らせ", UNREADABLE, None))
    config = tmp_path / "config.toml"
    config.write_text(
        f'lang = "en"\n[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n[notify]\ndesktop = false\n'
        f'[[accounts]]\nname = "home"\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\nsecurity = "plain"\n'
        f'username = "{user.name}"\npassword = "{user.password}"\nsince = "3650d"\n', encoding="utf-8")
    config.chmod(0o600)

    code, out, err = run(capsys, "--config", str(config), "poll")
    assert code == 0, err
    assert "1 Amazon mail(s) not understood — `orders unrecognized` lists them" in out

    code, out, err = run(capsys, "--config", str(config), "alerts", "--json", "--now", DEMO_NOW)
    assert code == 0, err
    alerts = {(a["order_id"], a["kind"]): a for a in json.loads(out)}
    assert ("250-1111111-1111111", "shipped_after_cancel") in alerts
    assert ("250-1111111-1111111", "mail_in_spam") in alerts
    assert ("503-2222222-2222222", "seller_no_reply") in alerts
    assert ("249-3333333-3333333", "refund_overdue") in alerts
    assert alerts[("503-2222222-2222222", "mail_in_spam")]["severity"] == "warning"
    unread = alerts[("503-2222222-2222222", "unread_amazon_mail")]
    assert unread["severity"] == "warning"
    assert unread["message"].startswith("Amazon wrote about order 503-2222222-2222222")
