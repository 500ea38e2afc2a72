"""Benchmark mailboxes: realistic filler mail plus Amazon fixture mail with varied order numbers.

``inbox_messages(n)`` yields ``n`` raw mails for INBOX: 99 % filler (3–60 KB, plain or
text+HTML, about one in seven with a PDF/JPEG/ZIP attachment), and 1 % Amazon mail (every 100th,
from ``fixtures/emails/{jp,us}``). ``junk_messages(n)`` is spam filler plus the junk-folder and
phishing fixtures. Everything is deterministic: the same ``n`` gives the same bytes.

Amazon copies get new order numbers (same prefix, ``PPP-kkkkkkk-xxxxxxx`` where ``k`` is the copy
number) and a new Message-ID (the store dedupes by it). The numbers are rewritten inside encoded
words and base64/quoted-printable bodies too (decode → replace → re-encode), and copy ``k`` of every
fixture of one story gets the same new number, so stories stay stories. ``AmazonPool`` checks each
variant once with ``parse_mail`` and drops a fixture whose copy no longer parses like the original.
"""

from __future__ import annotations

import base64
import json
import quopri
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from email.generator import BytesGenerator
from email.header import Header, decode_header, make_header
from email.message import Message
from email.policy import compat32
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "emails"
AMAZON_GROUPS = ("jp", "us")
JUNK_FIXTURES = ("jp/spam", "phishing")
AMAZON_EVERY = 100  # 1 % of INBOX
AMAZON_OFFSET = 37

ORDER_RE = re.compile(rb"\b([0-9D]\d{2})-(\d{7})-(\d{7})\b")
MESSAGE_ID_RE = re.compile(rb"(?im)^Message-ID:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*")

# Word list for filler text: no "amazon"/"amzn", so filler never becomes a search candidate.
_WORD_TEXT = (
    "meeting project update schedule report invoice team review budget quarter design draft customer "
    "release notes agenda minutes travel booking hotel flight receipt newsletter weekly digest photos "
    "family weekend dinner garden school concert tickets library renewal insurance policy account "
    "statement bank transfer payroll holiday calendar reminder follow up question answer thanks regards "
    "proposal contract signature deadline server backup storage network printer office lunch coffee "
    "the a of to and in for on with at by from about this that will be is are was were have has please "
    "could would should next last today tomorrow morning afternoon evening week month year plan idea"
)
_WORDS = _WORD_TEXT.split()
_SENDERS = (
    ("Hanako Suzuki", "hanako@example.jp"), ("Team Calendar", "calendar@corp.example.com"),
    ("Tokyo Gas", "info@mail.tokyo-gas.example.jp"), ("GitHub", "noreply@github.example.com"),
    ("Rakuten Ichiba", "order@rakuten.example.co.jp"), ("Yodobashi", "info@yodobashi.example.com"),
    ("Bank of Example", "notice@bank.example.jp"), ("Newsletter", "news@weekly.example.org"),
    ("Jiro Tanaka", "jiro.tanaka@example.net"), ("School Office", "office@school.example.ed.jp"),
    ("Mercari", "no-reply@mercari.example.jp"), ("Travel Desk", "booking@travel.example.com"),
)
_SPAM_SENDERS = (
    ("Lucky Winner", "prize@win-now.example.xyz"), ("Pharmacy", "sales@cheap-pills.example.top"),
    ("Crypto Desk", "profit@coin-boost.example.icu"), ("Dating", "hello@meet-singles.example.cn"),
)
_ATTACHMENTS = (("application/pdf", "report.pdf"), ("image/jpeg", "photo.jpg"), ("application/zip", "files.zip"))


class _Filler:
    """Pre-built text and base64 blocks sliced per mail: generating 100k mails stays fast."""

    def __init__(self, seed: int = 20261126) -> None:
        rng = random.Random(seed)
        lines = []
        for _ in range(6000):
            words = rng.choices(_WORDS, k=rng.randint(6, 14))
            lines.append(" ".join(words).capitalize() + ".")
        self.text = "\r\n".join(lines).encode()  # ~0.5 MB of prose, CRLF like mail on the wire
        blob = rng.randbytes(96 * 1024)
        self.b64 = base64.encodebytes(blob).replace(b"\n", b"\r\n")  # 76-column lines

    def text_slice(self, rng: random.Random, size: int) -> bytes:
        start = rng.randrange(0, len(self.text) - size - 1)
        start = self.text.index(b"\r\n", start) + 2
        return self.text[start:start + size]

    def b64_slice(self, rng: random.Random, size: int) -> bytes:
        lines = max(1, size // 78)
        start = rng.randrange(0, len(self.b64) // 78 - lines) * 78
        return self.b64[start:start + lines * 78]


_FILLER: _Filler | None = None


def _filler() -> _Filler:
    global _FILLER
    if _FILLER is None:
        _FILLER = _Filler()
    return _FILLER


def _date(rng: random.Random) -> str:
    day = rng.randint(1, 28)
    month = rng.choice(("Sep", "Oct", "Nov"))
    return f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri')[day % 5]}, {day:02d} {month} 2026 " \
           f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} +0900"


def filler_mail(index: int, *, spam: bool = False) -> bytes:
    """One non-Amazon mail, 3–60 KB; about one in seven carries an attachment (20–60 KB in all)."""
    rng = random.Random(index * 7919 + (1 if spam else 0))
    f = _filler()
    name, addr = rng.choice(_SPAM_SENDERS if spam else _SENDERS)
    subject = " ".join(rng.choices(_WORDS, k=rng.randint(3, 8))).capitalize()
    attach = rng.random() < 0.15
    # Log-uniform sizes: most mail is small, a long tail is large.
    total = int(rng.uniform(20_000, 60_000)) if attach else int(3_000 * (25 / 3) ** rng.random())
    head = (f"Return-Path: <{addr}>\r\nReceived: from mx.{addr.split('@')[1]} by mx.example.jp with ESMTPS;"
            f" {_date(rng)}\r\nDate: {_date(rng)}\r\nFrom: {name} <{addr}>\r\nTo: taro.yamada@example.jp\r\n"
            f"Subject: {'[SPAM] ' if spam else ''}{subject}\r\n"
            f"Message-ID: <bench-{'spam' if spam else 'mail'}-{index}@{addr.split('@')[1]}>\r\n"
            "MIME-Version: 1.0\r\n").encode()
    boundary = f"----=_bench_{index}".encode()
    parts: list[bytes] = []
    budget = total - len(head) - 100  # part headers and boundaries
    text_size = rng.randint(1_500, 12_000) if attach else budget
    html = not attach and rng.random() < 0.5
    if html:
        text_size //= 2
    text = f.text_slice(rng, text_size)
    parts.append(b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + text)
    if html:
        body = b"<html><body><p>" + f.text_slice(rng, text_size).replace(b"\r\n", b"</p>\r\n<p>") + \
            b"</p></body></html>"
        parts.append(b"Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + body)
    if attach:
        ctype, fname = rng.choice(_ATTACHMENTS)
        data = f.b64_slice(rng, total - len(head) - len(text) - 400)
        parts.append(f"Content-Type: {ctype}; name=\"{fname}\"\r\nContent-Disposition: attachment; "
                     f"filename=\"{fname}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n".encode() + data)
    if len(parts) == 1:
        return head + parts[0] + b"\r\n"
    kind = b"alternative" if html else b"mixed"
    out = [head, b"Content-Type: multipart/" + kind + b"; boundary=\"" + boundary + b"\"\r\n\r\n"]
    for part in parts:
        out += [b"--", boundary, b"\r\n", part, b"\r\n"]
    out += [b"--", boundary, b"--\r\n"]
    return b"".join(out)


# -- Amazon fixture variants -------------------------------------------------------------------

def new_order_id(original: bytes, copy: int) -> bytes:
    """Copy ``copy`` of order ``original``: same market prefix, same length, unique per (original, copy)."""
    prefix = original[:3]
    tail = zlib.crc32(original) % 10_000_000
    return b"%s-%07d-%07d" % (prefix, copy % 10_000_000, tail)


def _replace_ids(data: bytes, copy: int) -> bytes:
    return ORDER_RE.sub(lambda m: new_order_id(m.group(0), copy), data)


def _rewrite_header(msg: Message, name: str, value: str, copy: int) -> None:
    if "=?" in value:
        decoded = str(make_header(decode_header(value)))
        new = _replace_ids(decoded.encode("utf-8"), copy).decode("utf-8")
        if new != decoded:
            msg.replace_header(name, Header(new, "utf-8", header_name=name).encode())
    elif ORDER_RE.search(value.encode("utf-8", "surrogateescape")):
        new = _replace_ids(value.encode("utf-8", "surrogateescape"), copy).decode("utf-8", "surrogateescape")
        msg.replace_header(name, new)


def _rewrite_part(part: Message, copy: int) -> None:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not ORDER_RE.search(payload):
        return
    new = _replace_ids(payload, copy)
    cte = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
    if cte == "base64":
        encoded = base64.encodebytes(new).decode("ascii")
    elif cte == "quoted-printable":
        encoded = quopri.encodestring(new).decode("ascii")
    else:
        encoded = new.decode("ascii", "surrogateescape")
    part.set_payload(encoded)


def amazon_variant(raw: bytes, copy: int, message_id: str) -> bytes:
    """``raw`` with every order number replaced for ``copy`` and the given Message-ID."""
    msg = message_from_bytes(raw, policy=compat32)
    for name, value in list(msg.items()):
        if name.lower() not in ("message-id", "x-original-messageid"):
            _rewrite_header(msg, name, str(value), copy)
    for part in msg.walk():
        if not part.is_multipart() and part.get_content_maintype() == "text":
            _rewrite_part(part, copy)
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, maxheaderlen=0).flatten(msg, linesep="\r\n")
    data = out.getvalue()
    header = b"Message-ID: <" + message_id.encode() + b">"
    data, n = MESSAGE_ID_RE.subn(header, data, count=1)
    if not n:
        data = header + b"\r\n" + data
    return data


@dataclass(frozen=True)
class Fixture:
    name: str  # "jp/story1-….eml"
    raw: bytes
    status: str


def load_fixtures(groups: tuple[str, ...]) -> list[Fixture]:
    found = []
    for group in groups:
        for path in sorted((FIXTURES / group).glob("*.eml")):
            expected = json.loads(path.with_name(path.name + ".events.json").read_text(encoding="utf-8"))
            if expected.get("options"):  # needs a trusted forwarder or similar: not a plain mailbox mail
                continue
            found.append(Fixture(f"{group}/{path.name}", path.read_bytes(), expected["status"]))
    return found


class AmazonPool:
    """The fixtures whose variants parse like the originals (checked once, on copy 1)."""

    def __init__(self, groups: tuple[str, ...] = AMAZON_GROUPS) -> None:
        from parsers import parse_mail

        self.fixtures: list[Fixture] = []
        self.dropped: list[str] = []
        for fx in load_fixtures(groups):
            original = parse_mail(fx.raw)
            variant = parse_mail(amazon_variant(fx.raw, 1, "check@bench.example"))
            expected_ids = {new_order_id(o.encode(), 1).decode() for o in original.order_ids}
            if variant.status == original.status and set(variant.order_ids) == expected_ids \
                    and len(variant.events) == len(original.events):
                self.fixtures.append(fx)
            else:
                self.dropped.append(fx.name)
        if not self.fixtures:
            raise RuntimeError(f"no usable Amazon fixtures under {groups}")

    def mail(self, n: int, tag: str) -> bytes:
        """The ``n``-th Amazon mail: fixture ``n mod P``, copy ``n div P`` (so stories line up)."""
        fx = self.fixtures[n % len(self.fixtures)]
        copy = n // len(self.fixtures) + 1
        return amazon_variant(fx.raw, copy, f"bench-{tag}-{n}@amazon.bench.example")


def is_amazon_slot(index: int) -> bool:
    return index % AMAZON_EVERY == AMAZON_OFFSET


def amazon_count(n: int) -> int:
    return sum(1 for i in range(AMAZON_OFFSET, n, AMAZON_EVERY))


def inbox_messages(n: int, pool: AmazonPool, tag: str = "inbox") -> Iterator[bytes]:
    amazon = 0
    for i in range(n):
        if is_amazon_slot(i):
            yield pool.mail(amazon, tag)
            amazon += 1
        else:
            yield filler_mail(i)


def junk_count(n: int) -> int:
    return max(20, n // 100)


def junk_messages(n: int, junk_pool: AmazonPool, tag: str = "junk") -> Iterator[bytes]:
    """Spam filler for a mailbox of ``n``, with the junk/phishing fixtures spread through it."""
    count = junk_count(n)
    every = max(1, count // len(junk_pool.fixtures))
    k = 0
    for i in range(count):
        if i % every == every // 2 and k < len(junk_pool.fixtures):
            yield junk_pool.mail(k, tag)
            k += 1
        else:
            yield filler_mail(i, spam=True)


def watch_pair(sample: int) -> tuple[bytes, bytes, str]:
    """(cancel request, shipment) of one new JP order: together they raise ``shipped_after_cancel``."""
    cancel = (FIXTURES / "jp" / "story1-250-1111111-cancel-requested.eml").read_bytes()
    shipped = (FIXTURES / "jp" / "story1-250-1111111-shipped.eml").read_bytes()
    copy = 9_000_000 + sample
    order = new_order_id(b"250-1111111-1111111", copy).decode()
    return (amazon_variant(cancel, copy, f"watch-cancel-{sample}@amazon.bench.example"),
            amazon_variant(shipped, copy, f"watch-shipped-{sample}@amazon.bench.example"), order)
