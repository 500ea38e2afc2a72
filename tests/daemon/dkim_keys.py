"""A throwaway DKIM key pair (openssl) and an injectable key lookup: tests sign mail, no DNS."""

from __future__ import annotations

import base64
import subprocess
from dataclasses import dataclass, field
from functools import cache

import dkim


@dataclass(frozen=True)
class TestKey:
    private_pem: bytes
    public_der: bytes

    @property
    def txt(self) -> bytes:
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(self.public_der)


@cache
def test_key(bits: int = 1024) -> TestKey:
    pem = subprocess.run(["openssl", "genrsa", "-traditional", str(bits)], capture_output=True, check=True,
                         timeout=60).stdout
    der = subprocess.run(["openssl", "rsa", "-pubout", "-outform", "DER"], input=pem, capture_output=True,
                         check=True, timeout=60).stdout
    return TestKey(pem, der)


@dataclass
class FakeKeys:
    """name → TXT record; names it does not hold are absent (like NXDOMAIN). Records every query."""

    records: dict[str, bytes] = field(default_factory=dict)
    queries: list[str] = field(default_factory=list)

    def __call__(self, name: str) -> bytes | None:
        self.queries.append(name)
        return self.records.get(name.rstrip(".") + ".")


def sign(raw: bytes, domain: str = "amazon.co.jp", selector: str = "test1", key: TestKey | None = None) -> bytes:
    key = key or test_key()
    signature = dkim.sign(raw, selector.encode(), domain.encode(), key.private_pem,
                          include_headers=[b"from", b"subject", b"date", b"message-id", b"to"])
    return signature + raw


def keys_for(domain: str = "amazon.co.jp", selector: str = "test1", key: TestKey | None = None) -> FakeKeys:
    return FakeKeys({f"{selector}._domainkey.{domain}.": (key or test_key()).txt})
