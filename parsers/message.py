"""The parsed-mail object: built once from raw bytes, everything decoded, never parsed again.

Structure comes from the stdlib parser (compat32: ~20x faster than ``policy=default``); the
From and Reply-To mailboxes — the identity a mail claims — from mail-parser's structural address
recovery (it refuses ambiguous forms like ``Amazon <a@evil> <b@amazon.co.jp>`` instead of
guessing); header words and bodies from ``parsers.charsets`` (mail-parser's own body decoding
hands back ISO-2022-JP undecoded and decodes Shift_JIS as shift_jis, not cp932, and its full
parse would decode every attachment). Only text/plain and text/html parts are ever decoded.

Hostile input is bounded before any work: at most ``MAX_PARSE_BYTES`` of a mail are parsed, at
most ``MAX_TEXT_PART`` of each text part decoded, and a mail with more than
``MAX_MULTIPARTS`` multipart containers is refused (``MailError``): the stdlib parser's cost grows
with nesting depth times size and it recurses once per level.
"""

from __future__ import annotations

import binascii
import email
import email.message
import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from mailparser.utils import get_addresses

from parsers.charsets import (
    decode_base64,
    decode_bytes,
    decode_header_value,
    header_bytes,
    strip_controls,
)
from parsers.dates import parse_header_date
from parsers.htmltext import MAX_HTML_CHARS, html_to_text, sniff_charset
from parsers.normalize import normalize

MAX_PARSE_BYTES = 4 * 1024 * 1024
MAX_TEXT_PART = 1024 * 1024
MAX_MULTIPARTS = 100
MAX_DEPTH = 30
MAX_PARTS = 300
MAX_HEADERS = 500
MAX_DEFECTS = 50

_MULTIPART_TYPE = re.compile(rb"content-type\s*:\s*multipart/", re.I)
_HAS_WORDS = re.compile(r"\w\w")
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:[ \t]", re.M)
_MSGID = re.compile(r"<([^<>\s]+)>")
_ADDR = re.compile(r"[^\s<>,;:@]+@[^\s<>,;:@]+")


class MailError(Exception):
    """Hopeless input (not a mail, or a structure nobody can read); parse_mail reports it."""


@dataclass(frozen=True)
class ParsedMail:
    message_id: str | None
    subject: str
    from_name: str
    from_addr: str
    from_domain: str
    reply_to: str | None
    to_addrs: tuple[str, ...]
    date: datetime | None
    headers: tuple[tuple[str, str], ...] = field(repr=False)
    text: str = field(repr=False)
    html: str = field(repr=False)
    html_text: str = field(repr=False)
    defects: tuple[str, ...]
    raw_size: int

    @cached_property
    def body(self) -> str:
        """The text part when it has words, else the text of the HTML part."""
        return self.text if _HAS_WORDS.search(self.text) else self.html_text

    @cached_property
    def norm_subject(self) -> str:
        return normalize(self.subject)

    @cached_property
    def norm_body(self) -> str:
        """normalize() of the text and the HTML's text together (either may hold the facts)."""
        if _HAS_WORDS.search(self.text) and self.html_text:
            return normalize(self.text + "\n" + self.html_text)
        return normalize(self.body)

    @cached_property
    def _header_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name, value in self.headers:
            index.setdefault(name.lower(), []).append(value)
        return index

    def header(self, name: str) -> str | None:
        """The first (topmost) occurrence of a header, decoded; None when absent."""
        values = self._header_index.get(name.lower())
        return values[0] if values else None

    def header_all(self, name: str) -> list[str]:
        """Every occurrence of a header, top-down, decoded."""
        return list(self._header_index.get(name.lower(), ()))

    @classmethod
    def from_bytes(cls, raw: bytes) -> ParsedMail:
        """Parse a raw RFC 5322 message. Raises only ``MailError``."""
        if isinstance(raw, bytearray | memoryview):
            raw = bytes(raw)
        if not isinstance(raw, bytes):
            raise MailError(f"mail must be bytes, not {type(raw).__name__}")
        try:
            return _build(raw)
        except MailError:
            raise
        except RecursionError as exc:
            raise MailError("MIME structure nested too deeply to parse") from exc
        except Exception as exc:  # the stdlib parser on junk; never let it escape
            raise MailError(f"unparseable mail: {type(exc).__name__}") from exc


class _Defects:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, text: str) -> None:
        if text not in self.items and len(self.items) < MAX_DEFECTS:
            self.items.append(text)


def _build(raw: bytes) -> ParsedMail:
    if not raw.strip():
        raise MailError("empty mail")
    defects = _Defects()
    data = raw
    if len(data) > MAX_PARSE_BYTES:
        data = data[:MAX_PARSE_BYTES]
        defects.add(f"mail of {len(raw)} bytes: only the first {MAX_PARSE_BYTES} parsed")
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM from an editor
        data = data[3:]
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
        defects.add("NUL bytes removed")
    if data.lower().count(b"multipart/") > MAX_MULTIPARTS:  # cheap upper bound first
        containers = len(_MULTIPART_TYPE.findall(data))
        if containers > MAX_MULTIPARTS:
            raise MailError(f"{containers} multipart containers (limit {MAX_MULTIPARTS})")
    msg = email.message_from_bytes(data)
    raw_headers = list(msg.raw_items())  # raw strings: items() turns 8-bit values into Header objects
    if not raw_headers:
        # A BOM or a stray line before the headers makes the stdlib read everything as body.
        first = _HEADER_LINE.search(data, 0, 4096)
        if first is None or first.start() == 0:
            raise MailError("no header found")
        msg = email.message_from_bytes(data[first.start():])
        raw_headers = list(msg.raw_items())
        defects.add(f"{first.start()} bytes of junk before the headers skipped")
    if len(raw_headers) > MAX_HEADERS:
        defects.add(f"{len(raw_headers)} headers: only the first {MAX_HEADERS} kept")
        raw_headers = raw_headers[:MAX_HEADERS]
    headers = tuple((decode_header_value(name), decode_header_value(value)) for name, value in raw_headers)
    first_raw: dict[str, str] = {}
    for name, value in raw_headers:
        key = name.lower()
        if key in first_raw and key in ("from", "subject", "date", "message-id"):
            defects.add(f"several {name} headers: the first is used")  # a forgery sign worth seeing
        first_raw.setdefault(key, value)

    from_name, from_addr = _first_mailbox(first_raw.get("from"), defects, "From")
    if not from_addr and not from_name:
        from_name = decode_header_value(first_raw.get("from", ""))
    reply_to = _first_mailbox(first_raw.get("reply-to"), defects, "Reply-To")[1] or None
    to_addrs = _plain_addresses(first_raw.get("to"))
    msgid = decode_header_value(first_raw.get("message-id", ""))
    m = _MSGID.search(msgid)
    message_id = (m.group(1) if m else msgid.strip("<> \t")) or None

    text, html = _bodies(msg, defects)
    if len(html) > MAX_HTML_CHARS:
        defects.add(f"HTML of {len(html)} characters: only the first {MAX_HTML_CHARS} turned into text")
    return ParsedMail(
        message_id=message_id,
        subject=decode_header_value(first_raw.get("subject", "")),
        from_name=from_name,
        from_addr=from_addr,
        from_domain=from_addr.rpartition("@")[2].strip("[]. ") if "@" in from_addr else "",
        reply_to=reply_to,
        to_addrs=to_addrs,
        date=_parse_date(first_raw.get("date"), defects),
        headers=headers,
        text=text,
        html=html,
        html_text=html_to_text(html),
        defects=tuple(defects.items),
        raw_size=len(raw),
    )


def _mailboxes(value: str | None, defects: _Defects, label: str) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; ambiguous or broken items are dropped."""
    if not value:
        return []
    value = value[:4000]
    if not value.isascii():  # 8-bit names: decode first, mail-parser refuses raw octets
        value = decode_bytes(header_bytes(value), None)
    found: list[dict] = []
    try:
        pairs = get_addresses(value, defects=found)
    except Exception:
        pairs = []
        found.append({"reason": "unparseable"})
    for item in found:
        defects.add(f"{label}: {item.get('reason', 'invalid address')}")
    return [(decode_header_value(name), addr.strip().lower()) for name, addr in pairs if addr and "@" in addr]


def _plain_addresses(value: str | None) -> tuple[str, ...]:
    """Recipient addresses (not an identity claim: the stdlib's parser is enough and faster)."""
    if not value:
        return ()
    value = decode_header_value(value[:4000])
    if '"' not in value and "(" not in value:  # no quoted names or comments: a regex will do
        return tuple(a.lower() for a in _ADDR.findall(value))
    return tuple(addr.strip().lower() for _, addr in email.utils.getaddresses([value]) if "@" in addr)


def _first_mailbox(value: str | None, defects: _Defects, label: str) -> tuple[str, str]:
    boxes = _mailboxes(value, defects, label)
    return boxes[0] if boxes else ("", "")


def received_date(mail: ParsedMail) -> datetime | None:
    """The newest timestamp of the mail's ``Received:`` headers (after their last ``;``), or None."""
    newest: datetime | None = None
    for value in mail.header_all("received")[:50]:
        stamp = value.rpartition(";")[2].strip()
        if not stamp:
            continue
        when = _parse_date(stamp, _Defects())
        if when is not None and (newest is None or when > newest):
            newest = when
    return newest


def _parse_date(value: str | None, defects: _Defects) -> datetime | None:
    if not value:
        return None
    parsed = parse_header_date(decode_header_value(value))
    if parsed is None:
        defects.add("Date: unparseable")
    return parsed


def _bodies(msg: email.message.Message, defects: _Defects) -> tuple[str, str]:
    """Decoded text/plain and text/html of the mail, in order; attachments and attached
    messages are skipped without decoding."""
    texts: list[str] = []
    htmls: list[str] = []
    stack: list[tuple[email.message.Message, int]] = [(msg, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            defects.add(f"more than {MAX_PARTS} MIME parts: the rest skipped")
            break
        for defect in part.defects:
            defects.add(type(defect).__name__)
        # _payload, not get_payload(): for 8-bit text that one decodes with the declared charset
        # and "replace" (lossy, and wrong for Shift_JIS/lying labels); we decode ourselves.
        payload = part._payload
        maintype = part.get_content_maintype()
        if isinstance(payload, list):
            if maintype == "message":
                continue  # an attached mail is not this mail's text (nor are its defects ours)
            if depth >= MAX_DEPTH:
                defects.add(f"MIME nesting deeper than {MAX_DEPTH}: inner parts skipped")
                continue
            stack.extend((p, depth + 1) for p in reversed(payload) if isinstance(p, email.message.Message))
            continue
        ctype = part.get_content_type()
        if maintype == "multipart":
            # Boundary never found: the whole body is one blob; keep it readable as text.
            defects.add("multipart without its boundary: body read as text")
            ctype = "text/plain"
        if ctype not in ("text/plain", "text/html"):
            continue
        disposition = str(part.get("content-disposition", "")).lower()
        if "attachment" in disposition:
            continue
        try:
            decoded = _decode_part(part, payload, ctype, defects)
        except Exception as exc:  # one broken part must not lose the others
            defects.add(f"{ctype} part undecodable: {type(exc).__name__}")
            continue
        (htmls if ctype == "text/html" else texts).append(decoded)
    return "\n".join(t for t in texts if t), "\n".join(h for h in htmls if h)


def _decode_part(part: email.message.Message, payload: object, ctype: str, defects: _Defects) -> str:
    if not isinstance(payload, str):
        return ""
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    limit = MAX_TEXT_PART * 4 // 3 + 4096 if cte == "base64" else MAX_TEXT_PART
    if len(payload) > limit:
        payload = payload[:limit]
        defects.add(f"{ctype} part larger than {MAX_TEXT_PART} bytes: truncated")
    data = header_bytes(payload)
    if cte == "base64":
        data = decode_base64(data)
    elif cte == "quoted-printable":
        data = binascii.a2b_qp(data)
    charset = part.get_content_charset()
    if ctype == "text/html" and not charset:
        charset = sniff_charset(data)
    text = decode_bytes(data, charset)
    # Markup is not shown as such (html_text is cleaned on its own), so only terminal escapes are
    # removed from it, and only when present: a full scan of a big HTML part costs more than all that.
    if ctype == "text/plain" or "\x1b" in text or "\x9b" in text:
        text = strip_controls(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff")
