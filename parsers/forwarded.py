"""The original inside a forwarded mail: Gmail, Apple Mail, Outlook (and Thunderbird) styles.

Whether a forward is believed is parse_mail's decision (trusted forwarders); this module only
rebuilds what the forward block shows. The result has no Authentication-Results header: a
forwarded original's signatures cannot be checked.
"""

from __future__ import annotations

import re
from datetime import UTC

from parsers.dates import parse_loose_date
from parsers.message import ParsedMail, _Defects, _first_mailbox, _plain_addresses
from parsers.normalize import strip_invisible

_MARKER = re.compile(
    r"^[> \t]*(?:"
    r"-{3,}\s*(?:forwarded\s+message|original\s+message|転送されたメッセージ|元のメッセージ)\s*-{3,}"
    r"|begin\s+forwarded\s+message\s*:|転送されたメッセージ\s*[:：]|_{16,}"
    r")[ \t]*$",
    re.I | re.M,
)
# Outlook also forwards with no marker line: a From:/Sent: pair opens the block.
_OUTLOOK_BLOCK = re.compile(r"^[> \t]*(?:from|差出人)\s*[:：].*\n[> \t]*(?:sent|送信日時)\s*[:：]", re.I | re.M)
_PREFILTER = ("orward", "Original", "転送", "元のメッセージ", "____", "Sent:", "送信日時", "ORWARD")
_KEYS = {
    "from": "From", "差出人": "From", "送信者": "From", "送信元": "From", "von": "From", "de": "From",
    "date": "Date", "sent": "Date", "日付": "Date", "送信日時": "Date", "日時": "Date",
    "subject": "Subject", "件名": "Subject", "to": "To", "宛先": "To", "宛て先": "To", "cc": "Cc",
    "reply-to": "Reply-To",
}
_FIELD = re.compile(r"^\s*([A-Za-z-]+|[一-龥ぁ-んァ-ヶ]+)\s*[:：]\s?(.*)$")
_QUOTE_PREFIX = re.compile(r"(?:> ?)*")
_BARE_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MAX_DEPTH = 3


def unwrap_forwarded(mail: ParsedMail) -> ParsedMail | None:
    """The quoted original of a forwarded mail (From/Date/Subject/To and body from the forward
    block), or None when ``mail`` is not a forward. Nested forwards give the innermost original."""
    inner = _unwrap_once(mail)
    depth = 1
    while inner is not None and depth < _MAX_DEPTH:
        deeper = _unwrap_once(inner)
        if deeper is None:
            break
        inner, depth = deeper, depth + 1
    return inner


def _unwrap_once(mail: ParsedMail) -> ParsedMail | None:
    for source in (mail.text, mail.html_text):
        if source and any(p in source for p in _PREFILTER):
            found = _from_text(source.replace("\r\n", "\n"), mail)
            if found is not None:
                return found
    return None


def _from_text(text: str, outer: ParsedMail) -> ParsedMail | None:
    starts = [(m.end() + 1, m.group()) for m in _MARKER.finditer(text)]
    starts += [(m.start(), "") for m in _OUTLOOK_BLOCK.finditer(text)]
    for start, marker in sorted(starts):
        depth = len(marker) - len(marker.lstrip("> \t").lstrip()) if marker else 0
        quote_depth = marker[:depth].count(">") if marker else 0
        parsed = _block(text[start:].split("\n"), quote_depth, outer)
        if parsed is not None:
            return parsed
    return None


def _unquote(line: str, depth: int) -> str:
    for _ in range(depth):
        line = line[1:].removeprefix(" ") if line.startswith(">") else line
    return line


def _block(lines: list[str], quote_depth: int, outer: ParsedMail) -> ParsedMail | None:
    fields: dict[str, str] = {}
    i, last = 0, ""
    while i < len(lines) and not strip_invisible(lines[i]).strip(" \t>\xa0"):
        i += 1  # Apple Mail leaves a blank line after its marker (&nbsp; in an HTML rendering)
    if i < len(lines) and quote_depth == 0:
        # The block may be quoted while its marker is not.
        quote_depth = _QUOTE_PREFIX.match(lines[i]).group().count(">")
    while i < len(lines):
        line = strip_invisible(_unquote(lines[i], quote_depth))
        m = _FIELD.match(line)
        key = _KEYS.get(m.group(1).lower()) if m else None
        if key:
            fields.setdefault(key, m.group(2).strip())
            last = key
        elif last and line[:1] in (" ", "\t") and line.strip():
            fields[last] += " " + line.strip()  # a wrapped header line
        else:
            break
        i += 1
    if "From" not in fields or len(fields) < 2:
        return None
    body = [_unquote(line, quote_depth) for line in lines[i:]]
    nonblank = [line for line in body if line.strip()]
    if nonblank and all(line.startswith(">") for line in nonblank):
        body = [_unquote(line, 1) for line in body]
    return _original(fields, "\n".join(body).strip("\n"), outer)


def _original(fields: dict[str, str], body: str, outer: ParsedMail) -> ParsedMail:
    defects = _Defects()
    from_value = re.sub(r"\[mailto:([^\]\s]+)\]", r"<\1>", fields["From"])
    name, addr = _first_mailbox(from_value, defects, "From")
    if not addr:
        # Clients also print "Name address" without brackets; take it only when unambiguous.
        found = _BARE_ADDRESS.findall(from_value)
        addr = found[0].lower() if len(found) == 1 else ""
        name = from_value.replace(found[0], "").strip(" <>\"'") if addr else from_value
    outer_tz = outer.date.tzinfo if outer.date else UTC
    headers = tuple((k, fields[k]) for k in ("From", "Date", "Subject", "To", "Cc") if k in fields)
    return ParsedMail(
        message_id=None,
        subject=fields.get("Subject", ""),
        from_name=name.strip(' "'),
        from_addr=addr,
        from_domain=addr.rpartition("@")[2] if "@" in addr else "",
        reply_to=None,
        to_addrs=_plain_addresses(fields.get("To")),
        date=parse_loose_date(fields.get("Date", ""), outer_tz),
        headers=headers,
        text=body,
        html="",
        html_text="",
        defects=tuple(defects.items),
        raw_size=outer.raw_size,
    )
