"""Small canned Amazon-like mails for the sync tests (built here, independent of fixtures/)."""

from __future__ import annotations

import itertools

_ids = itertools.count(1)
AR_PASS = ("Authentication-Results: mx.example.net; dkim=pass header.d=amazon.com; "
           "spf=pass smtp.mailfrom=bounces.amazon.com; dmarc=pass header.from=amazon.com\r\n")


def _mail(frm: str, subject: str, body: str, *, message_id: str | None, date: str, auth: bool) -> bytes:
    mid = message_id or f"m{next(_ids)}.{id(body) & 0xffff}@test.example"
    head = AR_PASS if auth else ""
    head += (f"From: {frm}\r\nTo: me@example.net\r\nSubject: {subject}\r\nDate: {date}\r\n"
             f"Message-ID: <{mid}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
    return (head + body.replace("\n", "\r\n")).encode()


def shipped(order: str, *, message_id: str | None = None, date: str = "Tue, 03 Nov 2026 10:00:00 +0000",
            padding: int = 0) -> bytes:
    body = (f"Hello,\nYour package has shipped.\nOrder #{order}\nShipped with UPS. "
            f"Your tracking number is 1Z999AA10123456784.\nOrder Total: $25.99\n")
    body += "".join(f"Line {i} of a long footer that pads this mail out.\n" for i in range(padding))
    return _mail('"Amazon.com" <shipment-tracking@amazon.com>', f"Your Amazon.com order #{order} has shipped",
                 body, message_id=message_id, date=date, auth=True)


def cancelled(order: str, *, message_id: str | None = None, date: str = "Mon, 02 Nov 2026 09:00:00 +0000") -> bytes:
    body = f"Hello,\nWe've successfully cancelled the item(s) below from your order {order}.\nCanceled Items\nWidget\n"
    return _mail('"Amazon.com" <auto-confirm@amazon.com>',
                 f'Successful cancellation of "Widget" from your Amazon.com order #{order}', body,
                 message_id=message_id, date=date, auth=True)


def phishing(order: str, *, message_id: str | None = None) -> bytes:
    body = f"Your account is on hold. Order {order} was cancelled. Verify at http://amaz0n-secure.xyz/\n"
    return _mail('"Amazon.com" <support@amaz0n-secure.xyz>', f"Your Amazon account is suspended {order}", body,
                 message_id=message_id, date="Wed, 04 Nov 2026 08:00:00 +0000", auth=False)


def unrelated(n: int = 0, *, message_id: str | None = None) -> bytes:
    return _mail('"A friend" <friend@example.org>', f"Dinner on Friday? ({n})", "See you at eight.\n",
                 message_id=message_id, date="Tue, 03 Nov 2026 12:00:00 +0000", auth=False)


def forwarded_by(forwarder: str, order: str, *, message_id: str | None = None) -> bytes:
    body = (f"---------- Forwarded message ---------\nFrom: Amazon.com <shipment-tracking@amazon.com>\n"
            f"Date: Tue, Nov 3, 2026 at 10:00 AM\nSubject: Your Amazon.com order #{order} has shipped\n"
            f"To: <me@example.net>\n\nYour package has shipped.\nOrder #{order}\n")
    return _mail(f"<{forwarder}>", "Fwd: package", body, message_id=message_id,
                 date="Tue, 03 Nov 2026 11:00:00 +0000", auth=False)


def with_attachment(order: str, attachment_bytes: int, *, message_id: str | None = None) -> bytes:
    """A shipped mail with a big base64 attachment (for the size-limit path)."""
    import base64

    mid = message_id or f"big{next(_ids)}@test.example"
    blob = base64.encodebytes(b"\x00\x01PDF" * (attachment_bytes // 5)).replace(b"\n", b"\r\n")
    text = (f"Your package has shipped.\r\nOrder #{order}\r\nShipped with UPS. Your tracking number is "
            f"1Z999AA10123456784.\r\n").encode()
    return (AR_PASS.encode() +
            b'From: "Amazon.com" <shipment-tracking@amazon.com>\r\nTo: me@example.net\r\n' +
            f"Subject: Your Amazon.com order #{order} has shipped\r\n".encode() +
            b"Date: Tue, 03 Nov 2026 10:00:00 +0000\r\n" + f"Message-ID: <{mid}>\r\n".encode() +
            b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\n'
            b"--XX\r\nContent-Type: multipart/alternative; boundary=\"YY\"\r\n\r\n"
            b"--YY\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text +
            b"--YY\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>" + text.replace(b"\r\n", b"<br>") +
            b"</p>\r\n--YY--\r\n"
            b"--XX\r\nContent-Type: application/pdf; name=invoice.pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=invoice.pdf\r\n\r\n" + blob + b"--XX--\r\n")
