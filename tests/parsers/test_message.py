"""ParsedMail.from_bytes: headers, addresses, dates and bodies in every charset (parsers/message.py)."""

from __future__ import annotations

import base64
import dataclasses
import quopri
from datetime import UTC, datetime, timedelta, timezone

import pytest

from parsers.message import MailError, ParsedMail

JST = timezone(timedelta(hours=9))
BASE_HEADERS = [
    ("From", "Amazon.co.jp <auto-confirm@amazon.co.jp>"),
    ("To", "me@example.jp"),
    ("Subject", "=?UTF-8?B?QW1hem9uLmNvLmpwIOOBlOazqOaWh+OBrueiuuiqjQ==?="),
    ("Date", "Mon, 02 Nov 2026 00:15:00 +0000"),
    ("Message-ID", "<0100019abc-1@email.amazonses.com>"),
    ("MIME-Version", "1.0"),
]


def part(body: bytes, ctype: str = "text/plain; charset=utf-8", cte: str | None = None,
         extra: tuple[str, ...] = ()) -> bytes:
    head = [f"Content-Type: {ctype}", *extra]
    if cte:
        head.append(f"Content-Transfer-Encoding: {cte}")
    return "\r\n".join(head).encode() + b"\r\n\r\n" + body


def mail(body_part: bytes, headers: list[tuple[str, str]] | None = None, raw_headers: bytes = b"") -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in (BASE_HEADERS if headers is None else headers)).encode()
    return head + raw_headers + body_part


def multipart(parts: list[bytes], subtype: str = "alternative", boundary: str = "b1") -> bytes:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + p + b"\r\n" for p in parts)
    return part(b"preamble\r\n" + body + b"--" + boundary.encode() + b"--\r\n",
                f'multipart/{subtype}; boundary="{boundary}"')


def qp(text: str, charset: str = "utf-8") -> bytes:
    return quopri.encodestring(text.encode(charset).replace(b"\n", b"\r\n"))


def b64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


# --- interface ------------------------------------------------------------------------------
def test_fields_of_the_contract() -> None:
    names = [f.name for f in dataclasses.fields(ParsedMail)]
    assert names == ["message_id", "subject", "from_name", "from_addr", "from_domain", "reply_to", "to_addrs",
                     "date", "headers", "text", "html", "html_text", "defects", "raw_size"]
    m = ParsedMail.from_bytes(mail(part(b"hello")))
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.subject = "x"  # type: ignore[misc]


def test_typical_amazon_mail() -> None:
    html = "<table><tr><td>注文番号</td><td>250-1111111-1111111</td></tr></table>"
    raw = mail(multipart([
        part(qp("注文済み\n注文番号 250-1111111-1111111\n"), cte="quoted-printable"),
        part(b64(html.encode()), "text/html; charset=UTF-8", "base64"),
    ]))
    m = ParsedMail.from_bytes(raw)
    assert m.message_id == "0100019abc-1@email.amazonses.com"
    assert m.subject == "Amazon.co.jp ご注文の確認"
    assert (m.from_name, m.from_addr, m.from_domain) == ("Amazon.co.jp", "auto-confirm@amazon.co.jp", "amazon.co.jp")
    assert m.to_addrs == ("me@example.jp",)
    assert m.reply_to is None
    assert m.date == datetime(2026, 11, 2, 0, 15, tzinfo=UTC)
    assert m.text == "注文済み\n注文番号 250-1111111-1111111\n"
    assert m.html == html
    assert m.html_text == "注文番号\t250-1111111-1111111"
    assert m.body == m.text
    assert m.norm_body == "注文済み\n注文番号 250-1111111-1111111\n\n注文番号 250-1111111-1111111"
    assert m.norm_subject == "Amazon.co.jp ご注文の確認"
    assert m.raw_size == len(raw)
    assert m.defects == ()


def test_headers_in_order_with_duplicates_and_lookup() -> None:
    raw = mail(part(b"x"), raw_headers=(
        b"Authentication-Results: mx.example.jp; dkim=pass header.d=amazon.co.jp\r\n"
        b"authentication-results: forged.example; dkim=pass\r\n"
        b"X-Note: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n"))
    m = ParsedMail.from_bytes(raw)
    assert [name for name, _ in m.headers][-5:] == [
        "MIME-Version", "Authentication-Results", "authentication-results", "X-Note", "Content-Type"]
    assert m.header("AUTHENTICATION-RESULTS") == "mx.example.jp; dkim=pass header.d=amazon.co.jp"
    assert m.header_all("authentication-results") == [
        "mx.example.jp; dkim=pass header.d=amazon.co.jp", "forged.example; dkim=pass"]
    assert m.header("x-note") == "テスト"
    assert m.header("x-missing") is None and m.header_all("x-missing") == []


def test_folded_mixed_encoded_subject() -> None:
    subject = ("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n =?UTF-8?B?44CM5ZWG5ZOB44CN?=\r\n"
               "\t=?shift_jis?Q?=82=CC=8A=6D=94=46?= (2)")
    m = ParsedMail.from_bytes(mail(part(b"x"), [("From", "a@b.example"), ("Subject", subject)]))
    assert m.subject == "テスト「商品」の確認 (2)"


@pytest.mark.parametrize(("value", "name", "addr"), [
    ('"Amazon.co.jp" <Auto-Confirm@Amazon.CO.JP>', "Amazon.co.jp", "auto-confirm@amazon.co.jp"),
    (f"=?ISO-2022-JP?B?{base64.b64encode('さくら雑貨店'.encode('iso2022_jp')).decode()}?= "
     "<x1@marketplace.amazon.co.jp>", "さくら雑貨店", "x1@marketplace.amazon.co.jp"),
    ("=?UTF-8?Q?Amazon_=E3=82=AB=E3=82=B9=E3=82=BF=E3=83=9E=E3=83=BC?= <cs@amazon.co.jp>", "Amazon カスタマー",
     "cs@amazon.co.jp"),
    ("shipment-tracking@amazon.com", "", "shipment-tracking@amazon.com"),
    ("Amazon.co.jp", "Amazon.co.jp", ""),  # no address at all: the name is still seen
    # Ambiguous: no address is guessed; the whole value stays visible as the name.
    ("Amazon <a@evil.example> <b@amazon.co.jp>", "Amazon <a@evil.example> <b@amazon.co.jp>", ""),
])
def test_from_header_forms(value: str, name: str, addr: str) -> None:
    m = ParsedMail.from_bytes(mail(part(b"x"), [("From", value), ("Subject", "s")]))
    assert (m.from_name, m.from_addr) == (name, addr)
    assert m.from_domain == addr.rpartition("@")[2]


def test_raw_8bit_shift_jis_from_name_and_subject() -> None:
    raw = (b"From: " + "アマゾン".encode("cp932") + b" <x@evil.example>\r\n"
           b"Subject: " + "ご注文の確認①".encode("cp932") + b"\r\n" + part(b"x"))
    m = ParsedMail.from_bytes(raw)
    assert (m.from_name, m.from_addr, m.subject) == ("アマゾン", "x@evil.example", "ご注文の確認①")


def test_reply_to_to_and_message_id_forms() -> None:
    m = ParsedMail.from_bytes(mail(part(b"x"), [
        ("From", "a@b.example"), ("Reply-To", "Help <Help@Evil.Example>"),
        ("To", "A <One@x.example>, two@y.example"), ("Message-ID", "  <abc@host>  (comment)")]))
    assert m.reply_to == "help@evil.example"
    assert m.to_addrs == ("one@x.example", "two@y.example")
    assert m.message_id == "abc@host"
    bare = ParsedMail.from_bytes(mail(part(b"x"), [("From", "a@b.example"), ("Message-ID", "bare-id")]))
    assert bare.message_id == "bare-id"
    assert ParsedMail.from_bytes(mail(part(b"x"), [("From", "a@b.example")])).message_id is None


@pytest.mark.parametrize(("value", "expected"), [
    ("Mon, 02 Nov 2026 09:15:00 +0900", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("2 Nov 2026 00:15:00 GMT", datetime(2026, 11, 2, 0, 15, tzinfo=UTC)),
    ("Mon, 02 Nov 2026 00:15:00", datetime(2026, 11, 2, 0, 15, tzinfo=UTC)),  # naive → UTC
    ("Mon, 02 Nov 2026 00:15:00 -0000", datetime(2026, 11, 2, 0, 15, tzinfo=UTC)),
    ("2026-11-02T09:15:00+09:00", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("Mon, 02 Nov 2026 09:15:00 +0900 (JST)", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("Mon, 02 Nov 2026 09:15:00 JST", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),  # the stdlib says +0000
    ("Mon, 02 Nov 2026 09:15:00 +09:00", datetime(2026, 11, 2, 9, 15, tzinfo=JST)),
    ("Mon, 02 Nov 2026 01:15:00 PST", datetime(2026, 11, 2, 1, 15, tzinfo=timezone(timedelta(hours=-8)))),
    ("Tue, 31 Feb 2026 09:15:00 +0900", None),
    ("yesterday", None),
])
def test_date_forms(value: str, expected: datetime | None) -> None:
    m = ParsedMail.from_bytes(mail(part(b"x"), [("From", "a@b.example"), ("Date", value)]))
    assert m.date == expected
    if expected is not None:
        assert m.date.utcoffset() == expected.utcoffset()
    else:
        assert "Date: unparseable" in m.defects


# --- bodies in every charset ------------------------------------------------------------------
NEC_BODY = "販売: ①㈱さくら雑貨店\n注文番号： 250-1111111-1111111\n"


def iso2022jp_nec(text: str) -> bytes:
    """ISO-2022-JP with ① and ㈱ written as NEC row-13 JIS codes, as CP50220 does."""
    head, tail = text.split("①㈱")
    return head.encode("iso2022_jp") + b"\x1b$B\x2d\x21\x2d\x6a\x1b(B" + tail.encode("iso2022_jp")


@pytest.mark.parametrize(("ctype", "cte", "encoded"), [
    ("text/plain; charset=ISO-2022-JP", "7bit", iso2022jp_nec(NEC_BODY).replace(b"\n", b"\r\n")),
    ("text/plain; charset=iso-2022-jp", "base64", b64(iso2022jp_nec(NEC_BODY))),
    ("text/plain; charset=Shift_JIS", "8bit", NEC_BODY.encode("cp932").replace(b"\n", b"\r\n")),
    ("text/plain; charset=shift_jis", "quoted-printable", qp(NEC_BODY, "cp932")),
    ("text/plain; charset=EUC-JP", "8bit", NEC_BODY.encode("cp932").decode("cp932").encode("euc_jis_2004")),
    ("text/plain; charset=utf-8", "base64", b64(NEC_BODY.encode())),
    ("text/plain", "8bit", NEC_BODY.encode()),  # no charset, 8-bit UTF-8
    ("text/plain; charset=us-ascii", "8bit", NEC_BODY.encode("cp932")),  # lying label
])
def test_text_bodies(ctype: str, cte: str, encoded: bytes) -> None:
    m = ParsedMail.from_bytes(mail(part(encoded, ctype, cte)))
    assert m.text.replace("\r", "").rstrip("\n") == NEC_BODY.rstrip("\n")
    assert "250-1111111-1111111" in m.norm_body
    assert "(株)" in m.norm_body  # NFKC of ㈱


def test_html_bodies_in_japanese_charsets() -> None:
    html = "<p>配達済み：</p><table><tr><td>注文番号</td><td>２５０-1111111-1111111</td></tr></table>"
    for charset, data in (("ISO-2022-JP", html.encode("iso2022_jp")), ("Shift_JIS", html.encode("cp932"))):
        m = ParsedMail.from_bytes(mail(part(data, f"text/html; charset={charset}")))
        assert m.text == ""
        assert m.html == html
        assert m.body == m.html_text == "配達済み：\n注文番号\t２５０-1111111-1111111"
        assert m.norm_body == "配達済み:\n注文番号 250-1111111-1111111"


def test_html_charset_from_meta_when_mime_has_none() -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-jp"></head><body>発送済み</body>'
    m = ParsedMail.from_bytes(mail(part(html.encode("euc_jp"), "text/html")))
    assert m.html_text == "発送済み"


def test_body_prefers_text_with_words_else_html_text() -> None:
    raw = mail(multipart([part(b" \r\n\r\n"), part(b"<p>Shipped</p><p>113-5555555-5555555</p>", "text/html")]))
    m = ParsedMail.from_bytes(raw)
    assert m.body == "Shipped\n113-5555555-5555555"
    assert m.norm_body == "Shipped\n113-5555555-5555555"


def test_attachments_and_attached_mails_are_not_body() -> None:
    attached_mail = b"From: x@y.example\r\nSubject: inner\r\n\r\ninner body 999-9999999-9999999\r\n"
    raw = mail(multipart([
        part(b"outer text"),
        part(b"file text", "text/plain; name=notes.txt", extra=('Content-Disposition: attachment; filename="notes.txt"',)),
        part(b64(b"%PDF-1.4 binary"), "application/pdf", "base64"),
        part(attached_mail, "message/rfc822"),
    ], "mixed"))
    m = ParsedMail.from_bytes(raw)
    assert m.text == "outer text"
    assert "999-9999999-9999999" not in m.norm_body


def test_several_text_parts_are_joined_in_order() -> None:
    raw = mail(multipart([part(b"first"), multipart([part(b"second"), part(b"<b>third</b>", "text/html")],
                                                  boundary="b2")], "mixed"))
    m = ParsedMail.from_bytes(raw)
    assert m.text == "first\nsecond"
    assert m.html_text == "third"


def test_not_a_mail_is_mail_error() -> None:
    for bad in (b"", b"   \r\n", b"\x89PNG\r\n\x1a\n" + bytes(range(256))):
        with pytest.raises(MailError):
            ParsedMail.from_bytes(bad)
    with pytest.raises(MailError):
        ParsedMail.from_bytes("From: a@b.example\r\n\r\nx")  # type: ignore[arg-type]


def test_no_terminal_control_characters_survive() -> None:
    body = "商品: \x1b]8;;http://evil.example/\x1b\\棚\x1b]8;;\x1b\\ 60cm\x1b[2J\x9b31m\x07\n"
    html = "<p>&#27;[31m棚\x1b[2J</p>"
    raw = mail(multipart([part(body.encode()), part(html.encode(), "text/html; charset=utf-8")]))
    m = ParsedMail.from_bytes(raw)
    assert m.text == "商品: 棚 60cm\n"
    assert "\x1b" not in m.html and m.html_text == "[31m棚"


def test_several_from_headers_are_a_defect() -> None:
    m = ParsedMail.from_bytes(mail(part(b"x"), [("From", "a@evil.example"), ("From", "b@amazon.co.jp")]))
    assert m.from_addr == "a@evil.example"
    assert "several From headers: the first is used" in m.defects


def test_bom_and_junk_before_headers_are_skipped() -> None:
    m = ParsedMail.from_bytes(b"\xef\xbb\xbf" + mail(part(b"x")))
    assert m.from_addr == "auto-confirm@amazon.co.jp" and m.defects == ()
    m = ParsedMail.from_bytes(b"garbage line\r\n" + mail(part(b"x")))
    assert m.from_addr == "auto-confirm@amazon.co.jp"
    assert any("junk before the headers" in d for d in m.defects)
