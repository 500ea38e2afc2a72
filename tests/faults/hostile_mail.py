"""Hostile mails too big to commit, built at test time (deterministic: same bytes every run).

Each builder returns a genuine-looking amazon.co.jp mail (receiving server's Authentication-Results
says pass) so that what survives the hostility can still be checked, not only "it did not crash".
"""

from __future__ import annotations

import base64
import random

ORDER_ATTACHMENT = "250-7200001-0000001"
ORDER_DEEP_HTML = "250-7200003-0000003"
ORDER_HUGE_HEADER = "250-7200004-0000004"

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
            + b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + order_text(ORDER_HUGE_HEADER).encode())


def order_mail(order_id: str, msgid: str, date: str = "Mon, 02 Nov 2026 01:00:00 +0000") -> bytes:
    """An ordinary, well-formed amazon.co.jp order confirmation."""
    head = _HEAD.format(msgid=msgid).replace("Mon, 02 Nov 2026 01:00:00 +0000", date)
    return (head + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + order_text(order_id).replace("\n", "\r\n")).encode()


# ---- attacker-controlled text in authentic mail --------------------------------------------------
# A marketplace seller writes the body (and picks the display name) of mail Amazon relays to the
# buyer: the mail is authentic, its text is not trustworthy. Terminal escapes and rich markup in it
# must reach the user's terminal as inert text.

ORDER_SELLER = "503-7200005-0000005"
TERMINAL_ESCAPES = ("\x1b]8;;http://evil.example/\x1b\\", "\x1b[2J", "\x1b[31m", "\x9b31m", "\x08\x08\x07")
MARKUP = "[link=http://evil.example/refund]返金手続き[/link]"


def seller_message_with_escapes(html: bool = False) -> bytes:
    """A seller's message (text/plain, or HTML only) full of terminal escapes and rich markup."""
    name = base64.b64encode(f"{MARKUP}木工房\x1b[31m".encode()).decode()
    body = (f"注文番号: {ORDER_SELLER}\n"
            f"商品: [bold]天然木[/bold] {TERMINAL_ESCAPES[0]}棚\x1b]8;;\x1b\\ 60cm{TERMINAL_ESCAPES[4]}\n\n"
            f"山田様\n\n{TERMINAL_ESCAPES[1]}\x1b[1;1H{TERMINAL_ESCAPES[2]}キャンセルは承れません。"
            f"{TERMINAL_ESCAPES[3]}こちら {MARKUP} から再手続きしてください。[/]\n")
    if html:
        body = "<html><body>" + body.replace("\n", "<br>\n") + "</body></html>\n"
    return (
        "Authentication-Results: mx.example.jp; dkim=pass header.d=marketplace.amazon.co.jp; "
        "spf=pass smtp.mailfrom=bounce@bounces.amazon.co.jp; dmarc=pass header.from=marketplace.amazon.co.jp\r\n"
        "Date: Mon, 16 Nov 2026 10:05:00 +0000\r\n"
        f"From: =?UTF-8?B?{name}?= <8z1nq0x7k3mf4aw@marketplace.amazon.co.jp>\r\n"
        "To: taro.yamada@example.jp\r\nMessage-ID: <h9-seller-escapes@us-west-2.amazonses.com>\r\n"
        "Subject: =?UTF-8?B?44Kt44Oj44Oz44K744Or44Gu44GU5L6d6aC844Gr44Gk44GE44Gm?=\r\n"  # キャンセルのご依頼について
        f"MIME-Version: 1.0\r\nContent-Type: text/{'html' if html else 'plain'}; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n" + body.replace("\n", "\r\n")
    ).encode()


def unrecognized_with_markup() -> bytes:
    """Authentic Amazon mail no template knows, its subject full of rich markup (one tag unbalanced)."""
    subject = base64.b64encode(f"[/] {MARKUP} [bold red]お知らせ".encode()).decode()
    return (_HEAD.format(msgid="h9-markup-subject").replace(
        "=?UTF-8?B?5rOo5paH5riI44G/OiDjgIzjg4bjgrnjg4jllYblk4HjgI0=?=", f"=?UTF-8?B?{subject}?=")
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\nAmazon.co.jp からのお知らせです。\r\n").encode()
