"""Is this mail really Amazon's? Authentication-Results (RFC 8601) and Amazon-imitation checks.

Only the topmost Authentication-Results header counts — the one the receiving server added; a
sender can write any A-R header into its mail, and those sit lower — and only when its
authserv-id is trusted (per account; default: the topmost header's own id).

``amazonses.com`` is not an Amazon domain here: anybody sending through Amazon SES (phishers
included) gets a passing ``d=amazonses.com`` signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsers.normalize import normalize
from parsers.vocab import Authenticity

if TYPE_CHECKING:  # the header checks need no body parsing: an idle poll must not import bs4
    from parsers.message import ParsedMail

AMAZON_DOMAINS: frozenset[str] = frozenset({
    "amazon.co.jp", "amazon.com", "amazon.co.uk", "amazon.ca", "amazon.de", "amazon.fr", "amazon.it",
    "amazon.es", "amazon.com.au", "amazon.in", "amazon.com.mx", "amazon.com.br", "amazon.nl",
    "amazon.se", "amazon.pl", "amazon.sg", "amazon.ae", "amazon.sa", "amazon.com.tr", "amazon.com.be",
    "amazon.eg", "amazon.co.za", "amazon.ie",
    # Amazon Pay JP writes from amazonpay.amazon.co.jp, a subdomain: covered by amazon.co.jp.
})


def amazon_org_domain(domain: str | None) -> str | None:
    """The Amazon registrable domain ``domain`` is (or is a subdomain of), else None.
    Lookalikes (amazon.co.jp.example.cn, amazon-co-jp.xyz, amaz0n.com) are not Amazon."""
    if not domain:
        return None
    d = domain.strip().strip("<>[]@").rstrip(".").lower()
    while d:
        if d in AMAZON_DOMAINS:
            return d
        _, dot, d = d.partition(".")
        if not dot:
            return None
    return None


def is_amazon_domain(d: str | None) -> bool:
    return amazon_org_domain(d) is not None


# --- RFC 8601 parsing ---------------------------------------------------------------------
@dataclass(frozen=True)
class ResInfo:
    method: str                  # dkim, spf, dmarc, arc, ...
    result: str                  # pass, fail, none, ...
    props: dict[str, str] = field(default_factory=dict)  # "header.d" -> "amazon.co.jp"


@dataclass(frozen=True)
class AuthResults:
    authserv_id: str
    results: tuple[ResInfo, ...]


_INNER_COMMENT = re.compile(r"\([^()]*\)")
_PAIR = re.compile(r'([A-Za-z0-9][A-Za-z0-9._/-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";]+)')


def _without_comments(value: str) -> str:
    """Drop (nested, escaped) comments; quoted strings are kept as they are."""
    if "(" not in value:
        return value
    if '"' not in value and "\\" not in value:  # common case: peel innermost comments with a regex
        for _ in range(8):
            value, n = _INNER_COMMENT.subn(" ", value)
            if not n:
                return value.split("(", 1)[0]  # an unclosed comment runs to the end
    out: list[str] = []
    depth = 0
    quoted = escaped = False
    for ch in value:
        if depth:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if not depth:
                    out.append(" ")
            continue
        if quoted:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == "(":
            depth = 1
        else:
            out.append(ch)
            quoted = ch == '"'
    return "".join(out)


def _split_statements(value: str) -> list[str]:
    """Split on ';' outside quoted strings."""
    parts, buf, quoted, escaped = [], [], False, False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return re.sub(r"\\(.)", r"\1", v[1:-1])
    return v


def parse_authentication_results(value: str) -> AuthResults | None:
    """Parse one Authentication-Results value; None when it has no authserv-id."""
    statements = _split_statements(_without_comments(value[:8000]))
    head = statements[0].split()
    if not head or "=" in head[0]:
        return None
    results = []
    for statement in statements[1:]:
        pairs = _PAIR.findall(statement)
        if not pairs:
            continue
        method, result = pairs[0]
        props: dict[str, str] = {}
        for key, val in pairs[1:]:
            props.setdefault(key.lower(), _unquote(val))
        results.append(ResInfo(method.split("/")[0].lower(), _unquote(result).lower(), props))
    return AuthResults(head[0].lower().rstrip(";"), tuple(results))


def topmost_results(mail: ParsedMail, trusted_authserv_ids: Iterable[str] | None = None) -> AuthResults | None:
    """The topmost A-R header, parsed, when its authserv-id is trusted; else None."""
    value = mail.header("Authentication-Results")
    if value is None:
        return None
    parsed = parse_authentication_results(value)
    if parsed is None:
        return None
    if trusted_authserv_ids is not None:
        trusted = {t.strip().lower() for t in trusted_authserv_ids}
        if parsed.authserv_id not in trusted:
            return None
    return parsed


def _dkim_domain(r: ResInfo) -> str:
    d = r.props.get("header.d") or r.props.get("header.i", "").rpartition("@")[2]
    return d.lower()


def _verdict(mail: ParsedMail, ar: AuthResults) -> tuple[Authenticity, str]:
    return verdict_for_domain(mail.from_domain, ar)


def verdict_for_domain(from_domain: str | None, ar: AuthResults) -> tuple[Authenticity, str]:
    """What a (trusted) A-R header says about mail whose From domain is ``from_domain``."""
    from_org = amazon_org_domain(from_domain)
    dkim = [r for r in ar.results if r.method == "dkim"]
    dmarc = [r for r in ar.results if r.method == "dmarc"]
    spf = [r for r in ar.results if r.method == "spf"]
    for r in dmarc:
        if r.result == "fail":
            return "fail", f"dmarc=fail for {r.props.get('header.from', from_domain or '?')}"
    for r in dkim:
        if r.result == "pass" and from_org and amazon_org_domain(_dkim_domain(r)) == from_org:
            return "pass", f"dkim=pass d={_dkim_domain(r)}"
    for r in dmarc:
        if r.result == "pass" and from_org and amazon_org_domain(r.props.get("header.from")) == from_org:
            return "pass", f"dmarc=pass header.from={r.props['header.from']}"
    for r in dkim:
        if r.result in ("fail", "permerror"):
            return "fail", f"dkim={r.result} d={_dkim_domain(r) or '?'}"
    for r in spf:
        if r.result == "fail":
            return "fail", f"spf=fail for {r.props.get('smtp.mailfrom', '?')}"
    return "unknown", "no aligned Amazon DKIM/DMARC pass"


def authenticity(mail: ParsedMail, trusted_authserv_ids: Iterable[str] | None = None) -> Authenticity:
    """pass: DKIM pass aligned with the Amazon From domain, or DMARC pass for it; fail: DMARC/DKIM
    fail (or SPF fail without an aligned DKIM pass); unknown: no trusted A-R header, or neither."""
    ar = topmost_results(mail, trusted_authserv_ids)
    return _verdict(mail, ar)[0] if ar else "unknown"


# --- claims of being Amazon -----------------------------------------------------------------
# Cyrillic/Greek letters that look Latin, folded before looking for the brand in names/subjects.
_CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ѕ": "s", "м": "m",
    "ո": "n", "α": "a", "ο": "o", "ν": "v", "ζ": "z", "ɑ": "a", "ᴢ": "z", "ᴍ": "m", "ｍ": "m",
})
# "amazon", also spelt a.m.a.z.o.n, amaz0n, arnazon; アマゾン. Not inside a longer Latin word.
_BRAND = re.compile(r"(?<![a-z])a[\W_]?(?:m|rn)[\W_]?a[\W_]?z[\W_]?[o0][\W_]?n(?!as\b)|アマゾン")
# Subjects of other shops name Amazon as a product or payment ("Amazonギフト券プレゼント",
# "Amazon Payでのお支払い", "Amazonで購入"): such mentions alone do not claim to be Amazon.
_THIRD_PARTY_MENTION = re.compile(
    r"(?:amazon|アマゾン)\s?(?:ギフト|gift|pay(?![a-z])|ペイ|で(?:も)?(?:購入|買|販売|発売|予約|取扱|取り扱)|店|限定|ランキング|出品)"
)
# The body counts only where Amazon speaks as the sender. A newsletter of another shop saying
# "Amazonでも販売中" or "Amazon Payが使えます" is not a claim, so it is not flagged as phishing.
_SENDER_VOICE = re.compile(
    # The lookahead lists every branch's first character: other positions are skipped at once.
    "(?=[aアおあ貴ydt©])(?:" + "|".join((
        r"amazon[\w.]*\s?を?ご利用(?:いただき|頂き|ありがとう)",
        r"(?:amazon|アマゾン)[\w.]*\s?カスタマー\s?サービス",
        r"amazon[\w.]*\s?customer\s?service",
        r"(?:お客様|あなた|貴方)の\s?amazon[\w.]*\s?アカウント",
        r"amazon[\w.]*\s?アカウント(?:が|は|を)?(?:停止|ロック|一時|制限|無効|保留|凍結)",
        r"\byour amazon(?:\.[a-z.]+)?(?: prime)? (?:account|order|membership|password)",
        r"\bdear amazon (?:customer|member|user)",
        r"thank you for shopping (?:at|with) amazon",
        r"amazon\.[a-z.]+\s?でのご注文",
        r"amazon[\w.]*\s?からのお知らせ",
        r"amazon(?:\.[a-z.]+)?\s?(?:security|セキュリティ)\s?(?:team|チーム|センター|center)",
        r"(?:the )?amazon(?:\.[a-z.]+)? team\b",
        r"©\s?(?:\d{4}(?:\s?-\s?\d{4})?)?\s?amazon",
        r"amazon\.com,? inc\.",
    )) + ")"
)
_SIGN_OFF = re.compile(r"(?:amazon|アマゾン)(?:\.[a-z]{2,3}(?:\.[a-z]{2})?)?(?: ?(?:チーム|team))?")


def _speaks_as_amazon(body: str) -> bool:
    """_SENDER_VOICE near a brand mention. Searching only around mentions keeps a 30 KB body at
    microseconds (the alternation has no common prefix); the first and last 25 mentions are
    enough — a mail speaks as Amazon in its greeting or its footer — and bound a body made of
    brand names."""
    for brand in ("amazon", "アマゾン"):
        for at in _mentions(body, brand, 25):
            if _SENDER_VOICE.search(body, max(0, at - 48), at + 96):
                return True
    return False


def _mentions(body: str, brand: str, limit: int) -> set[int]:
    found: set[int] = set()
    at = body.find(brand)
    while at >= 0 and len(found) < limit:
        found.add(at)
        at = body.find(brand, at + len(brand))
    at, last = len(body), 0
    while last < limit and (at := body.rfind(brand, 0, at)) >= 0:
        found.add(at)
        last += 1
    return found


def _brand_in(text: str) -> bool:
    return bool(_BRAND.search(normalize(text).casefold().translate(_CONFUSABLES)))


def _claim(mail: ParsedMail) -> str | None:
    """Where the mail claims to be Amazon (display name / subject / body), or None."""
    if _brand_in(mail.from_name):
        return "display name"
    subject = normalize(mail.subject).casefold().translate(_CONFUSABLES)
    if _BRAND.search(_THIRD_PARTY_MENTION.sub(" ", subject)):
        return "subject"
    body = mail.norm_body.casefold()
    if _speaks_as_amazon(body):
        return "body"
    tail = [line for line in body[-2000:].split("\n") if line][-8:]
    if any(_SIGN_OFF.fullmatch(line) for line in tail):
        return "body"
    return None


def claims_amazon(mail: ParsedMail) -> bool:
    """The mail presents itself as Amazon: display name or subject names the brand (lookalike
    spellings and full-width, bidi and zero-width tricks included), or the body speaks as Amazon."""
    return _claim(mail) is not None


# --- the From header's shape ---------------------------------------------------------------------
def from_shape_problem(mail: ParsedMail) -> str | None:
    """Why the From header(s) do not name exactly one mailbox, or None. Several From headers,
    group syntax or several addresses let a reader and a verifier see different senders — a
    forger's trick when one of them is Amazon's."""
    values = mail.header_all("From")
    if len(values) > 1:
        return f"{len(values)} From headers"
    if not values:
        return None
    value = _without_comments(values[0])
    unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', '""', value)
    if re.search(r":[^;]*;", unquoted) and ":" in unquoted.split("<", 1)[0]:
        return "group syntax in From"
    addresses = re.findall(r"[^\s<>,;:\"]+@[^\s<>,;:\"]+", unquoted)
    if len(addresses) > 1:
        return f"{len(addresses)} addresses in From"
    return None


def _amazon_in_from(mail: ParsedMail) -> bool:
    return any(is_amazon_domain(addr.rpartition("@")[2].rstrip(">"))
               for value in mail.header_all("From")
               for addr in re.findall(r"[^\s<>,;:\"]+@[^\s<>,;:\"]+", value))


def _dmarc_sees_other_from(mail: ParsedMail, ar: AuthResults | None) -> str | None:
    """The receiving server judged a different From domain than we read: a parser differential."""
    if ar is None or not mail.from_domain:
        return None
    for r in ar.results:
        seen = (r.props.get("header.from") or "").strip().lower() if r.method == "dmarc" else ""
        if seen and amazon_org_domain(seen) != amazon_org_domain(mail.from_domain) and \
                seen != mail.from_domain.lower():
            return f"the receiving server read the From domain as {seen}, not {mail.from_domain}"
    return None


def assess(mail: ParsedMail, trusted_authserv_ids: Iterable[str] | None = None,
           verdict: tuple[Authenticity, str] | None = None) -> tuple[Authenticity, bool, str | None]:
    """(authenticity, suspicious, one-line reason). Suspicious: claims to be Amazon without an
    Amazon From domain, a From header that is not exactly one mailbox while Amazon is named in it,
    or Amazon-looking mail whose authentication fails.

    ``verdict`` — (authenticity, detail) decided outside (our own DKIM check, or the verdict stored
    at first sight) — replaces what the Authentication-Results header says."""
    ar = topmost_results(mail, trusted_authserv_ids)
    if verdict is not None:
        auth, detail = verdict
    else:
        auth, detail = _verdict(mail, ar) if ar else ("unknown", "")
    amazon_from = is_amazon_domain(mail.from_domain)
    where = _claim(mail)
    if (amazon_from or _amazon_in_from(mail)) and (shape := from_shape_problem(mail)):
        return auth, True, f"the From header names Amazon but is not one mailbox ({shape})"
    if amazon_from and (differs := _dmarc_sees_other_from(mail, ar)):
        return auth, True, differs
    if auth == "fail" and (amazon_from or where):
        if verdict is not None:
            return auth, True, f"authentication failed: {detail}"
        return auth, True, f"authentication failed at {ar.authserv_id if ar else '?'}: {detail}"
    if where and not amazon_from:
        sender = mail.from_domain or mail.from_addr or "no address"
        return auth, True, f"{where} claims to be Amazon but the From domain is {sender}"
    return auth, False, None
