"""Hostile mails too big to commit, built at test time (deterministic: same bytes every run).

Each builder returns a genuine-looking amazon.co.jp mail (receiving server's Authentication-Results
says pass) so that what survives the hostility can still be checked, not only "it did not crash".
"""

from __future__ import annotations

import base64
import random

ORDER_ATTACHMENT = "250-7200001-0000001"
ORDER_DEEP_HTML = "250-7200003-0000003"

_HEAD = (
    "Authentication-Results: mx.example.jp; dkim=pass header.d=amazon.co.jp; "
    "spf=pass smtp.mailfrom=bounce@bounces.amazon.co.jp; dmarc=pass header.from=amazon.co.jp\r\n"
    "Date: Mon, 02 Nov 2026 01:00:00 +0000\r\n"
    "From: \"Amazon.co.jp\" <auto-confirm@amazon.co.jp>\r\n"
    "To: taro.yamada@example.jp\r\n"
    "Message-ID: <{msgid}@us-west-2.amazonses.com>\r\n"
    "Subject: =?UTF-8?B?5rOo5paH5riI44G/OiDjgIzjg4bjgrnjg4jllYblk4HjgI0=?=\r\n"  # 注文済み: 「テスト商品」
    "MIME-Version: 1.0\r\n"
)


def order_text(order_id: str) -> str:
    return (f"注文済み\n\n注文番号\n{order_id}\n\n* テスト商品\n数量: 1\n1,000 JPY\n販売: Amazon.co.jp\n\n"
            "合計\n1,000 JPY\n\nお支払い方法: クレジットカード (Visa 末尾 1234)\n")


def big_attachment(size: int = 25 * 2**20) -> bytes:
    """An order mail whose text part is followed by a ``size``-byte base64 attachment."""
    noise = random.Random(25).randbytes(size * 3 // 4)
    encoded = base64.encodebytes(noise)  # 76-character lines, as mailers write them
    text = base64.encodebytes(order_text(ORDER_ATTACHMENT).encode())
    return (
        _HEAD.format(msgid="h9-big-attachment").encode()
        + b'Content-Type: multipart/mixed; boundary="big"\r\n\r\n'
        + b"--big\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + text
        + b"--big\r\nContent-Type: application/octet-stream; name=\"scan.bin\"\r\n"
          b"Content-Disposition: attachment; filename=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + encoded
        + b"--big--\r\n"
    )


def nested_multiparts(depth: int = 1000) -> bytes:
    """``depth`` multipart/mixed containers, each inside the previous one, the order text innermost."""
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (i, i)
                       for i in range(depth))
    inner = ("Content-Type: text/plain; charset=UTF-8\r\n\r\n" + order_text("250-7200002-0000002")).encode()
    closing = b"".join(b"\r\n--n%d--\r\n" % i for i in reversed(range(depth)))
    return _HEAD.format(msgid="h9-nested-multiparts").encode() + opening + inner + closing


def nested_html(depth: int = 100_000) -> bytes:
    """An HTML-only order mail whose order table sits inside ``depth`` nested tags."""
    tags = ("div", "span", "table", "b", "font")
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth)))
    rows = "".join(f"<p>{line}</p>" for line in order_text(ORDER_DEEP_HTML).splitlines())
    html = f"<html><body>{opening}{rows}{closing}</body></html>"
    return (_HEAD.format(msgid="h9-nested-html") + "Content-Type: text/html; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + html).encode()


def huge_header_line(size: int = 5 * 2**20) -> bytes:
    """A ``size``-byte header on one line (no folding) between the real headers and the body."""
    return (_HEAD.format(msgid="h9-huge-header").encode()
            + b"X-Spam-Report: " + b"a" * size + b"\r\n"
            + b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + order_text("250-7200004-0000004").encode())


def order_mail(order_id: str, msgid: str, date: str = "Mon, 02 Nov 2026 01:00:00 +0000") -> bytes:
    """An ordinary, well-formed amazon.co.jp order confirmation."""
    head = _HEAD.format(msgid=msgid).replace("Mon, 02 Nov 2026 01:00:00 +0000", date)
    return (head + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + order_text(order_id).replace("\n", "\r\n")).encode()
