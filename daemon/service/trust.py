"""Is a mail that claims an Amazon From domain really Amazon's? Decided once, at first sight.

Our own DKIM check (dkimpy) comes first: a signature whose ``d=`` is the From's Amazon domain (or a
subdomain of it) that verifies → ``pass``; one whose key we fetched but that does not verify →
``fail``. Keys come through the system resolver (dnspython) with a short timeout and a cache, so a
slow resolver costs one timeout per selector, not one per mail.

When our check cannot conclude (no key in DNS any more — Amazon rotates keys and a first sync reads
a year back —, a resolver timeout, or mail reduced to its text parts), the receiving server's
``Authentication-Results`` is read, and only from an authserv-id we trust (config, else the id
learned on the first sync, else the topmost header). Its ``pass`` is believed only when the mail
really carries an Amazon signature the server could have checked: a forger's own header claiming
``dkim=pass`` on an unsigned mail counts for nothing.

The verdict is stored with the mail with its source — ``dkim-local``, ``authentication-results`` or
``none`` — and ``orders reparse`` keeps it (a key rotated since cannot turn genuine mail into a forgery).
Mail whose From is not Amazon's is not checked here at all: the parser decides (cheap hot path).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32

from parsers.authenticity import amazon_org_domain, parse_authentication_results, verdict_for_domain

log = logging.getLogger(__name__)

Source = str  # "dkim-local" | "authentication-results" | "none" (a contract: stored, shown, JSON)
SOURCES = ("dkim-local", "authentication-results", "none")
KeyLookup = Callable[[str], bytes | None]  # "sel._domainkey.example.com." → TXT record, None when absent


class KeyUnavailable(Exception):
    """The resolver could not answer (timeout, no resolver): the check is inconclusive."""


@dataclass(frozen=True, slots=True)
class Verdict:
    authenticity: str  # pass | fail | unknown
    source: Source
    detail: str

    def for_parser(self) -> tuple[str, str]:
        return self.authenticity, self.detail


class DnsKeys:
    """TXT lookups through dnspython with a timeout; answers (and absences) cached for ``ttl`` s."""

    def __init__(self, timeout: float = 3.0, ttl: float = 3600.0, miss_ttl: float = 300.0) -> None:
        self.timeout, self.ttl, self.miss_ttl = timeout, ttl, miss_ttl
        self._cache: dict[str, tuple[float, bytes | None]] = {}
        self._lock = threading.Lock()

    def __call__(self, name: str) -> bytes | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] > now:
            return hit[1]
        value, ttl = self._resolve(name)
        with self._lock:
            self._cache[name] = (now + ttl, value)
        return value

    def _resolve(self, name: str) -> tuple[bytes | None, float]:
        import dns.exception
        import dns.resolver

        try:
            answer = dns.resolver.resolve(name, "TXT", lifetime=self.timeout, raise_on_no_answer=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoNameservers):
            return None, self.miss_ttl
        except (dns.exception.Timeout, dns.resolver.NoResolverConfiguration, OSError) as exc:
            # Remember the failure briefly too: a dead resolver must not cost a timeout per mail.
            log.debug("DKIM key %s: resolver unavailable (%s)", name, exc)
            self._cache[name] = (time.monotonic() + min(self.miss_ttl, 60.0), None)
            raise KeyUnavailable(str(exc)) from None
        except dns.exception.DNSException:
            return None, self.miss_ttl
        for rrset in answer.response.answer:
            for item in rrset:
                strings = getattr(item, "strings", None)
                if strings:
                    return b"".join(strings), self.ttl
        return None, self.miss_ttl


_DEFAULT_KEYS: DnsKeys | None = None


def default_keys() -> DnsKeys:
    global _DEFAULT_KEYS
    if _DEFAULT_KEYS is None:
        _DEFAULT_KEYS = DnsKeys()
    return _DEFAULT_KEYS


_TAG_D = re.compile(rb"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.I)
_ADDR = re.compile(r"[^\s<>,;:\"]+@([^\s<>,;:\"]+)")


def _from_domain(headers: list[tuple[str, str]]) -> str | None:
    froms = [v for k, v in headers if k.lower() == "from"]
    if len(froms) != 1:
        return None  # several From headers: the parser calls that suspicious
    found = _ADDR.findall(re.sub(r"\([^()]*\)", " ", str(froms[0])))
    return found[0].rstrip(">").lower() if len(found) == 1 else None


def _signature_domains(raw_headers: list[tuple[bytes, bytes]]) -> list[tuple[int, str]]:
    out = []
    for i, (_, value) in enumerate(h for h in raw_headers if h[0].lower() == b"dkim-signature"):
        m = _TAG_D.search(re.sub(rb"\s+", b"", value))
        if m:
            out.append((i, m.group(1).decode("ascii", "replace").lower()))
    return out


_HEADER_END = re.compile(rb"(?:\A|\n)\r?\n")  # the empty line dkimpy ends the header block at


def _header_block(raw: bytes) -> bytes:
    """``raw`` up to and with its first empty line: all that a header parser reads (given the whole
    mail, both parsers here would first split the body into lines: a third of a verdict's time)."""
    end = _HEADER_END.search(raw)
    return raw[:end.end()] if end else raw


def _raw_headers(raw: bytes) -> list[tuple[bytes, bytes]]:
    """(name, value) of the header block as bytes, the way dkimpy sees it."""
    import dkim

    try:
        headers, _ = dkim.rfc822_parse(_header_block(raw))
    except Exception:  # noqa: BLE001 - a header block dkimpy cannot read is unsigned for us
        return []
    return headers


def check_dkim(raw: bytes, from_org: str, keys: KeyLookup, *, partial: bool = False,
               signatures: list[tuple[int, str]] | None = None) -> Verdict | None:
    """Our own DKIM verdict for signatures aligned with ``from_org``; None when it cannot conclude
    (no aligned signature is ``unknown``/``none``, handled by the caller). ``signatures``: the
    mail's ``_signature_domains``, when the caller has them already."""
    import dkim

    if signatures is None:
        signatures = _signature_domains(_raw_headers(raw))
    aligned = [(i, d) for i, d in signatures if amazon_org_domain(d) == from_org]
    if not aligned or partial:
        return None
    quiet = logging.getLogger("orders.dkim")  # dkimpy logs every missing key as an error: we judge them
    quiet.setLevel(logging.CRITICAL + 1)
    quiet.propagate = False
    failures = []
    for idx, domain in aligned:
        fetched: list[bool] = []

        def lookup(name: bytes | str, timeout: float = 5, _fetched: list[bool] = fetched) -> bytes | None:
            text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
            try:
                value = keys(text)
            except KeyUnavailable as exc:
                raise dkim.DnsTimeoutError(str(exc)) from None
            _fetched.append(value is not None)
            return value

        try:
            ok = dkim.DKIM(raw, logger=quiet, minkey=1024).verify(idx=idx, dnsfunc=lookup)
        except dkim.DKIMException as exc:
            ok, why = False, str(exc)
        else:
            why = "signature does not verify"
        if ok:
            return Verdict("pass", "dkim-local", f"dkim=pass d={domain} (checked here)")
        if fetched and fetched[-1]:
            failures.append(f"dkim=fail d={domain} ({why[:120]})")
    if failures:
        return Verdict("fail", "dkim-local", failures[0])
    return None  # keys gone or resolver down: not a verdict


def verdict(raw: bytes, *, trusted_authserv_ids: Iterable[str] | None = None, keys: KeyLookup | None = None,
            partial: bool = False) -> Verdict | None:
    """The verdict for a mail whose single From address is in an Amazon domain; None for any other
    mail (the parser reads it as before). ``trusted_authserv_ids``: None = the topmost header's id;
    empty = no Authentication-Results is believed (the server adds none)."""
    try:
        parsed = BytesHeaderParser(policy=compat32).parsebytes(_header_block(raw[:256 * 1024]))
    except Exception:  # noqa: BLE001 - the parser records unreadable mail
        return None
    headers = [(k, str(v)) for k, v in parsed.items()]
    from_domain = _from_domain(headers)
    from_org = amazon_org_domain(from_domain)
    if from_org is None:
        return None
    signatures = _signature_domains(_raw_headers(raw))
    local = check_dkim(raw, from_org, keys or default_keys(), partial=partial, signatures=signatures)
    if local is not None:
        return local
    signed = any(amazon_org_domain(d) == from_org for _, d in signatures)
    ar_values = [v for k, v in headers if k.lower() == "authentication-results"]
    ar = parse_authentication_results(ar_values[0]) if ar_values else None
    if ar is not None and trusted_authserv_ids is not None and \
            ar.authserv_id not in {t.strip().lower() for t in trusted_authserv_ids}:
        ar = None
    if ar is None:
        return Verdict("unknown", "none", "no Amazon DKIM signature verified and no trusted Authentication-Results")
    auth, detail = verdict_for_domain(from_domain, ar)
    if auth == "pass" and not signed:
        return Verdict("unknown", "none", f"{ar.authserv_id} claims {detail}, but the mail carries no Amazon "
                                          "DKIM signature (a forged Authentication-Results header)")
    if auth == "unknown":
        return Verdict("unknown", "none", detail)
    return Verdict(auth, "authentication-results", f"{detail} at {ar.authserv_id}")


def source_of(result_authenticity: str, decided: Verdict | None) -> Source:
    """The source to store for a mail the parser judged without our verdict."""
    if decided is not None:
        return decided.source
    return "authentication-results" if result_authenticity in ("pass", "fail") else "none"
