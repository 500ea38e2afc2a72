"""Genuine (test-key signed) and forged versions of the fixture story mails, for IMAP attack tests."""

from __future__ import annotations

import re
from pathlib import Path

from tests.daemon.dkim_keys import sign

JP = Path(__file__).resolve().parents[2] / "fixtures" / "emails" / "jp"
_DROP = re.compile(rb"^(?:Authentication-Results|DKIM-Signature|Received|Return-Path):.*\r?\n(?:[ \t].*\r?\n)*",
                   re.I | re.M)


def _bare(name: str) -> bytes:
    """The fixture without its transport headers (Authentication-Results, DKIM-Signature, Received)."""
    raw = (JP / name).read_bytes()
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    return _DROP.sub(b"", head + b"\n").rstrip(b"\r\n") + sep + body


def genuine(name: str) -> bytes:
    """The fixture as Amazon would send it: signed (test key, d=amazon.co.jp)."""
    return sign(_bare(name))


def forged(name: str, *, order: tuple[str, str] | None = None, message_id: str, head: bytes = b"",
           from_: bytes | None = None) -> bytes:
    """The fixture unsigned, for another order, with a new Message-ID; ``head`` prepended (an
    attacker's own Authentication-Results); ``from_`` replaces the From line(s)."""
    raw = _bare(name)
    if order is not None:
        raw = raw.replace(order[0].encode(), order[1].encode())
    raw = re.sub(rb"^Message-ID:.*$", b"Message-ID: <" + message_id.encode() + b">", raw, count=1,
                 flags=re.M | re.I)
    if from_ is not None:
        raw = re.sub(rb"^From:.*$", from_.replace(b"\\", b"\\\\"), raw, count=1, flags=re.M | re.I)
    return head + raw
