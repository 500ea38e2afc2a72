"""The original inside forwarded mail (parsers/forwarded.py): Gmail, Apple Mail, Outlook styles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from parsers.authenticity import authenticity
from parsers.dates import parse_loose_date
from parsers.forwarded import unwrap_forwarded
from parsers.message import ParsedMail

JST = timezone(timedelta(hours=9))
EST = timezone(timedelta(hours=-5))
ORDER_BODY = "Amazon.co.jpをご利用いただき、ありがとうございます。\n注文番号： 250-1111111-1111111"


def forward(body: str, ctype: str = "text/plain", date: str = "Mon, 02 Nov 2026 12:00:00 +0900",
            subject: str = "Fwd: Amazon.co.jp ご注文の確認") -> ParsedMail:
    raw = ("Authentication-Results: mx.example.jp; dkim=pass header.d=example.jp\r\n"
           f"From: Me <me@example.jp>\r\nTo: other@example.jp\r\nSubject: {subject}\r\nDate: {date}\r\n"
           f"Content-Type: {ctype}; charset=utf-8\r\n\r\n{body}")
    return ParsedMail.from_bytes(raw.replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode())


def assert_original(inner: ParsedMail | None, date: datetime, subject: str = "Amazon.co.jp ご注文の確認",
                    addr: str = "auto-confirm@amazon.co.jp") -> ParsedMail:
    assert inner is not None
    assert (inner.from_name, inner.from_addr, inner.from_domain) == ("Amazon.co.jp", addr, addr.split("@")[1])
    assert inner.subject == subject
    assert inner.date == date and inner.date.utcoffset() == date.utcoffset()
    assert "250-1111111-1111111" in inner.norm_body
    # Nothing of the forwarder's authentication can vouch for the original.
    assert inner.header("Authentication-Results") is None
    assert authenticity(inner) == "unknown"
    assert inner.html == inner.html_text == "" and inner.message_id is None
    return inner


def test_gmail() -> None:
    mail = forward(f"""見てください

---------- Forwarded message ---------
From: Amazon.co.jp <auto-confirm@amazon.co.jp>
Date: Mon, Nov 2, 2026 at 9:15 AM
Subject: Amazon.co.jp ご注文の確認
To: <me@example.jp>


{ORDER_BODY}
""")
    inner = assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 9, 15, tzinfo=JST))  # zone: outer's
    assert inner.text == ORDER_BODY
    assert inner.to_addrs == ("me@example.jp",)
    assert dict(inner.headers) == {"From": "Amazon.co.jp <auto-confirm@amazon.co.jp>",
                                   "Date": "Mon, Nov 2, 2026 at 9:15 AM", "Subject": "Amazon.co.jp ご注文の確認",
                                   "To": "<me@example.jp>"}


def test_gmail_japanese() -> None:
    mail = forward(f"""---------- 転送されたメッセージ ---------
送信者： Amazon.co.jp <auto-confirm@amazon.co.jp>
Date: 2026年11月2日(月) 9:15
Subject: Amazon.co.jp ご注文の確認
To: <me@example.jp>

{ORDER_BODY}
""")
    assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 9, 15, tzinfo=JST))


def test_apple_mail() -> None:
    mail = forward(f"""Sent from my iPhone

Begin forwarded message:

From: "Amazon.co.jp" <auto-confirm@amazon.co.jp>
Subject: Amazon.co.jp ご注文の確認
Date: November 2, 2026 at 9:15:00 AM GMT+9
To: me@example.jp

{ORDER_BODY}
""", date="Mon, 02 Nov 2026 03:00:00 +0000")
    assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 9, 15, tzinfo=JST))


def test_apple_mail_japanese_and_quoted() -> None:
    quoted = "\n".join("> " + line if line else ">" for line in ORDER_BODY.split("\n"))
    mail = forward(f"""転送されたメッセージ:

> 差出人: Amazon.co.jp <auto-confirm@amazon.co.jp>
> 件名: Amazon.co.jp ご注文の確認
> 日付: 2026年11月2日 9:15:00 JST
> 宛先: me@example.jp
>
{quoted}
""")
    inner = assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 9, 15, tzinfo=JST))
    assert inner.text == ORDER_BODY  # quote markers removed


def test_outlook_original_message() -> None:
    mail = forward(f"""FYI

-----Original Message-----
From: Amazon.co.jp [mailto:auto-confirm@amazon.co.jp]
Sent: Monday, November 2, 2026 9:15 PM
To: me@example.jp
Subject: Amazon.co.jp ご注文の確認

{ORDER_BODY}
""", date="Tue, 03 Nov 2026 09:00:00 -0500")
    assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 21, 15, tzinfo=EST))


def test_outlook_html_only_without_marker() -> None:
    html = ("<div>FYI</div><hr><div><b>From:</b> Amazon.co.jp &lt;shipment-tracking@amazon.co.jp&gt;<br>"
            "<b>Sent:</b> Monday, November 2, 2026 9:15 AM<br><b>To:</b> me@example.jp<br>"
            "<b>Subject:</b> 発送済み: 「商品」</div>"
            "<table><tr><td>注文番号</td><td>250-1111111-1111111</td></tr></table>")
    inner = assert_original(unwrap_forwarded(forward(html, "text/html")), datetime(2026, 11, 2, 9, 15, tzinfo=JST),
                            subject="発送済み: 「商品」", addr="shipment-tracking@amazon.co.jp")
    assert inner.text == "注文番号\t250-1111111-1111111"


def test_outlook_japanese_without_marker() -> None:
    mail = forward(f"""ご確認ください。

差出人: Amazon.co.jp <auto-confirm@amazon.co.jp>
送信日時: 2026年11月2日 9:15
宛先: me@example.jp
件名: Amazon.co.jp ご注文の確認

{ORDER_BODY}
""", subject="FW: Amazon.co.jp ご注文の確認")
    assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 9, 15, tzinfo=JST))


def test_thunderbird_and_nested_forwards_give_the_innermost_original() -> None:
    mail = forward(f"""-------- Forwarded Message --------
Subject: 	Fwd: Amazon.co.jp ご注文の確認
Date: 	Mon, 2 Nov 2026 11:00:00 +0900
From: 	Me <me@example.jp>
To: 	other@example.jp

---------- Forwarded message ---------
From: Amazon.co.jp <auto-confirm@amazon.co.jp>
Date: Mon, 2 Nov 2026 09:15:00 +0900
Subject: Amazon.co.jp ご注文の確認
To: <me@example.jp>

{ORDER_BODY}
""")
    assert_original(unwrap_forwarded(mail), datetime(2026, 11, 2, 9, 15, tzinfo=JST))


def test_from_lines_without_brackets() -> None:
    block = "---------- Forwarded message ---------\nFrom: {}\nDate: Mon, Nov 2, 2026 at 9:15 AM\nSubject: s\n\nbody\n"
    inner = unwrap_forwarded(forward(block.format("Amazon.co.jp auto-confirm@amazon.co.jp")))
    assert inner is not None and (inner.from_name, inner.from_addr) == ("Amazon.co.jp", "auto-confirm@amazon.co.jp")
    ambiguous = unwrap_forwarded(forward(block.format("x b@amazon.co.jp a@evil.example")))
    assert ambiguous is not None and ambiguous.from_addr == ""


def test_not_a_forward() -> None:
    plain = forward(ORDER_BODY + "\nPlease forward this message to your family.", subject="ご注文の確認")
    assert unwrap_forwarded(plain) is None
    no_from = forward("---------- Forwarded message ---------\nJust text, no header block\n")
    assert unwrap_forwarded(no_from) is None
    reply_quote = forward("Thanks!\n\nOn Mon, Nov 2, 2026 at 9:15 AM Amazon <a@amazon.co.jp> wrote:\n> hi\n")
    assert unwrap_forwarded(reply_quote) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Mon, Nov 2, 2026 at 9:15 AM", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("Thu, Nov 12, 2026 at 12:05 PM", datetime(2026, 11, 12, 12, 5, tzinfo=JST)),
    ("November 2, 2026 at 9:15:00 AM GMT+9", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("November 2, 2026 at 12:15:00 AM PST", datetime(2026, 11, 2, 0, 15, tzinfo=timezone(timedelta(hours=-8)))),
    ("Nov 2, 2026, at 9:15 AM GMT-05:00", datetime(2026, 11, 2, 9, 15, tzinfo=EST)),
    ("2026年11月2日(月) 9:15", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("2026年11月2日(月) 午後9:15", datetime(2026, 11, 2, 21, 15, tzinfo=JST)),
    ("２０２６年１１月２日（月） ９：１５", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("Monday, November 2, 2026 9:15 PM", datetime(2026, 11, 2, 21, 15, tzinfo=JST)),
    ("Mon, 2 Nov 2026 at 09:15", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("2 November 2026 at 09:15:00 BST", datetime(2026, 11, 2, 9, 15, tzinfo=timezone(timedelta(hours=1)))),
    ("Mon, 2 Nov 2026 00:15:00 +0000", datetime(2026, 11, 2, 0, 15, tzinfo=UTC)),
    ("2026/11/02 9:15", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("not a date", None),
    ("2026/13/45 9:15", None),
])
def test_client_date_formats(text: str, expected: datetime | None) -> None:
    parsed = parse_loose_date(text, JST)
    assert parsed == expected
    if expected is not None:
        assert parsed.utcoffset() == expected.utcoffset()


def test_date_without_zone_and_without_outer_date_is_utc() -> None:
    assert parse_loose_date("Mon, Nov 2, 2026 at 9:15 AM") == datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
