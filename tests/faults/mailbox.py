"""A big, realistic mailbox for the crash trials: fixture mail copied with new order numbers among
thousands of ordinary mails. Deterministic: the same bytes on every run.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
ORDER_ID = re.compile(rb"\b(\d{3})-(\d{7})-(\d{7})\b")
MESSAGE_ID = re.compile(rb"^(Message-ID:[ \t]*<)", re.I | re.M)


def fixture_mails() -> list[Path]:
    """Every fixture mail except the malformed corpus (those have a test of their own)."""
    return sorted(p for p in FIXTURES.rglob("*.eml") if p.relative_to(FIXTURES).parts[0] != "malformed")


def rewrite(raw: bytes, copy: int) -> bytes:
    """Copy number ``copy`` of a mail: every plain-text order number and the Message-ID made unique."""
    def new_order(m: re.Match[bytes]) -> bytes:
        middle = (int(m.group(2)) + 1_000_003 * copy) % 10**7
        return b"%s-%07d-%s" % (m.group(1), middle, m.group(3))

    raw = ORDER_ID.sub(new_order, raw)
    if MESSAGE_ID.search(raw):
        return MESSAGE_ID.sub(rb"\1c%d." % copy, raw, count=1)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return b"Message-ID: <c%d.%s@faults.example>\r\n" % (copy, digest.encode()) + raw


def filler(n: int, rng: random.Random) -> bytes:
    """An ordinary non-Amazon mail (newsletters, friends, other shops, some Japanese)."""
    senders = ["news@shop.example", "friend@example.org", "noreply@bank.example", "info@rakuten.example",
               "club@yodobashi.example", "team@github.example", "mama@example.jp"]
    subjects = ["Weekly digest", "Dinner on Friday?", "Your statement is ready", "秋のセールのお知らせ",
                "ポイント還元キャンペーン", "Re: photos", "Build passed"]
    body = " ".join(rng.choice(["lorem", "ipsum", "dolor", "sit", "amet", "セール", "ポイント", "本日"])
                    for _ in range(rng.randint(40, 300)))
    day = 1 + n % 28
    return (f"From: <{rng.choice(senders)}>\r\nTo: taro.yamada@example.jp\r\n"
            f"Subject: {rng.choice(subjects)} #{n}\r\nDate: Tue, {day:02d} Sep 2026 10:{n % 60:02d}:00 +0900\r\n"
            f"Message-ID: <filler-{n}@faults.example>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n").encode()


def big_mailbox(total: int = 3000, copies: int = 3, seed: int = 20261120) -> tuple[list[bytes], list[bytes]]:
    """(INBOX mails, Junk mails): ``copies`` rewritten copies of every fixture (phishing and spam
    fixtures to Junk), the rest of ``total`` ordinary mail, shuffled."""
    rng = random.Random(seed)
    inbox: list[bytes] = []
    junk: list[bytes] = []
    for path in fixture_mails():
        raw = path.read_bytes()
        to_junk = any(part in ("phishing", "spam") for part in path.relative_to(FIXTURES).parts)
        for copy in range(1, copies + 1):
            (junk if to_junk else inbox).append(rewrite(raw, copy))
    inbox += [filler(n, rng) for n in range(max(0, total - len(inbox) - len(junk)))]
    rng.shuffle(inbox)
    rng.shuffle(junk)
    return inbox, junk
