"""Template parsers for Amazon mail, driven by the tables in ``parsers.patterns``.

Each ``Template`` of each ``Market`` becomes one ``TemplateParser`` (``name``, ``identify``,
``extract``). Identification is cheap and ordered: market domain, sender, subject, then body markers.
Extraction cuts the mail into one block per order it names and reads every field from the tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from parsers import extract as ex
from parsers.dates import local_date
from parsers.events import Event
from parsers.kinds import clean_subject
from parsers.message import ParsedMail
from parsers.normalize import normalize
from parsers.patterns import Market, Template
from parsers.vocab import MARKET_TIMEZONES

_FLAGS = re.IGNORECASE | re.MULTILINE
# Seller messages come through per-buyer aliases at these subdomains; the display name is the seller.
RELAY_DOMAIN = re.compile(r"^(?:m\.)?marketplace\.")
# NFKC turns "…" into "..."; names keep the ellipsis as written, so it is shielded while normalising.
_ELLIPSIS_GUARD = "\ue000"
_PARENTHESES = re.compile(r"\(([^()]+)\)")
_SALUTATION = re.compile(r"(?:様|さま|御中|殿)\s*[,、:]?$|^(?:dear|hello|hi|hey)\b", re.IGNORECASE)


def _compile(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, _FLAGS) for p in patterns)


def in_domains(domain: str, domains: Sequence[str]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in domains)


def keep_ellipsis_normalize(text: str) -> str:
    return normalize(text.replace("…", _ELLIPSIS_GUARD)).replace(_ELLIPSIS_GUARD, "…")


def display_text(mail: ParsedMail) -> str:
    """The body fields are read from (``mail.body``: one part, so an order's block is cut once),
    normalised with ``…`` kept. HTML table cells become lines: a label and its value cell then read
    like the text template's "label / value" lines, and a neighbouring cell never joins a value."""
    body = mail.body
    if body and body == mail.html_text:
        body = body.replace("\t", "\n")
    return keep_ellipsis_normalize(body)


class CompiledMarket:
    """A ``Market`` with its regexes compiled once."""

    def __init__(self, market: Market) -> None:
        self.table = market
        self.amounts = {role: _compile(labels) for role, labels in market.amounts.items()}
        self.payment = _compile(market.payment)
        self.payment_methods = tuple((re.compile(p, _FLAGS), m) for p, m in market.payment_methods)
        self.carrier = _compile(market.carrier)
        self.delivery = _compile(market.delivery)
        self.items = _compile(market.items)
        self.subject_items = _compile(market.subject_items)
        self.seller = _compile(market.seller)
        self.amazon_seller = re.compile(market.amazon_seller, re.IGNORECASE)
        self.message = None if market.message is None else _compile(market.message)
        self.note_skip = _compile(market.note_skip) + (_SALUTATION,)
        self.reason = _compile(market.reason)
        self.ignore = tuple((re.compile(i.sender, re.IGNORECASE),
                             None if i.subject is None else re.compile(i.subject, _FLAGS), i)
                            for i in market.ignore)

    def owns(self, mail: ParsedMail) -> bool:
        return in_domains(mail.from_domain, self.table.domains)

    def subject(self, mail: ParsedMail) -> str:
        """The normalised subject without spam-filter tags and bracketed market names."""
        cache = mail.__dict__.setdefault("_clean_subjects", {})
        found = cache.get(self.table.market)
        if found is None:
            found = cache[self.table.market] = clean_subject(mail.norm_subject, self.table.subject_tags)
        return found

    def ignore_reason(self, mail: ParsedMail) -> str | None:
        for sender, subject, rule in self.ignore:
            if sender.fullmatch(mail.from_addr) and (subject is None or subject.search(self.subject(mail))):
                return rule.reason
        return None

    def local_date(self, mail: ParsedMail) -> date | None:
        if mail.date is None:
            return None
        return local_date(mail.date, MARKET_TIMEZONES.get(self.table.market))


@dataclass(frozen=True)
class _Block:
    order_id: str
    text: str


class TemplateParser:
    """One table template as a parser: ``name``, ``identify(mail)``, ``extract(mail)``."""

    def __init__(self, market: CompiledMarket, template: Template) -> None:
        self.market = market
        self.template = template
        self.name = f"{market.table.market}:{template.name}"
        self._sender = re.compile(template.sender, re.IGNORECASE)
        self._subject = None if template.subject is None else re.compile(template.subject, _FLAGS)
        self._body = _compile(template.body)
        self._not_body = _compile(template.not_body)

    def __repr__(self) -> str:
        return f"TemplateParser({self.name!r})"

    def identify(self, mail: ParsedMail) -> bool:
        if not self.market.owns(mail) or not self._sender.fullmatch(mail.from_addr):
            return False
        if self._subject is not None and not self._subject.search(self.market.subject(mail)):
            return False
        body = mail.norm_body
        return all(p.search(body) for p in self._body) and not any(p.search(body) for p in self._not_body)

    def extract(self, mail: ParsedMail) -> list[Event]:
        if mail.date is None:
            return []
        doc = display_text(mail)
        subject = keep_ellipsis_normalize(mail.subject)
        return [self._event(mail, doc, subject, block) for block in _blocks(doc, subject, mail.html)]

    def _event(self, mail: ParsedMail, doc: str, subject: str, block: _Block) -> Event:
        m, t = self.market, self.template
        text = block.text
        amount = currency = None
        if t.amount is not None:
            money = ex.money_after(m.amounts.get(t.amount, ()), text, m.table.currency,
                                   decimal_comma=m.table.decimal_comma)
            if money is not None:
                amount, currency = money
        seller, seller_name = self._seller(mail, text)
        carrier, tracking = self._carrier(text)
        if carrier is None and tracking is None and text is not doc:
            carrier, tracking = self._carrier(doc)
        return Event(
            kind=t.kind,
            order_id=block.order_id,
            at=mail.date.isoformat() if mail.date else "",
            market=m.table.market,
            seller=seller,
            seller_name=seller_name,
            payment_method=self._payment(text) or (self._payment(doc) if text is not doc else None),
            amount=amount,
            currency=currency,
            carrier=carrier,
            tracking_number=tracking,
            items=self._items(text, subject),
            estimated_delivery=self._delivery(mail, text),
            note=self._note(doc, text),
        )

    # --- fields ----------------------------------------------------------------------------

    def _seller(self, mail: ParsedMail, text: str) -> tuple[str | None, str | None]:
        if RELAY_DOMAIN.match(mail.from_domain):
            name = ex.clean_name(normalize(mail.from_name)) if mail.from_name else None
            return "marketplace", name or None
        for pattern in self.market.seller:
            found = pattern.search(text)
            if found:
                name = ex.clean_name(found.group(1))
                if name:
                    is_amazon = self.market.amazon_seller.fullmatch(name) is not None
                    return ("amazon" if is_amazon else "marketplace"), name
        if self.template.seller is None and mail.from_addr.startswith("marketplace-messages@"):
            return "marketplace", None  # Amazon writes from this address only about marketplace orders
        return self.template.seller, None

    def _payment(self, text: str) -> str | None:
        for pattern in self.market.payment:
            for found in pattern.finditer(text):
                description = found.group(1)
                # "コンビニ・ATM・…払い(ATM)", "携帯決済(ドコモ払い)": the bracket names the precise method.
                for part in (*_PARENTHESES.findall(description), description):
                    for method_re, method in self.market.payment_methods:
                        if method_re.search(part):
                            return method
        return None

    def _carrier(self, text: str) -> tuple[str | None, str | None]:
        carrier = tracking = None
        for pattern in self.market.carrier:
            found = pattern.search(text)
            if not found:
                continue
            groups = found.groupdict()
            if carrier is None and groups.get("carrier"):
                carrier = ex.normalize_carrier(groups["carrier"])
            if tracking is None and groups.get("tracking"):
                tracking = ex.clean_tracking(groups["tracking"])
        return carrier, tracking

    def _items(self, text: str, subject: str) -> tuple[str, ...]:
        found: list[tuple[int, str]] = []
        for pattern in self.market.items:
            found.extend((mt.start(), ex.clean_name(mt.group(1))) for mt in pattern.finditer(text))
        if not found:
            for pattern in self.market.subject_items:
                found.extend((mt.start(), ex.clean_name(mt.group(1))) for mt in pattern.finditer(subject))
        return ex.dedupe(name for _, name in sorted(found))

    def _delivery(self, mail: ParsedMail, text: str) -> str | None:
        base = self.market.local_date(mail)
        if base is None:
            return None
        for pattern in self.market.delivery:
            for found in pattern.finditer(text):
                resolved = ex.resolve_date(found.group(1), base, day_first=self.market.table.day_first,
                                           languages=self.market.table.languages)
                if resolved is not None:
                    return resolved.isoformat()
        return None

    def _note(self, doc: str, text: str) -> str | None:
        if self.template.note == "reason":
            for pattern in self.market.reason:
                found = pattern.search(text) or pattern.search(doc)
                if found and found.group(1).strip():
                    return found.group(1).strip()[:200]
            return None
        if self.template.note == "message":
            body = doc
            if self.market.message is not None:
                start, end = self.market.message
                opened = start.search(doc)
                if opened:
                    closed = end.search(doc, opened.end())
                    body = doc[opened.end():closed.start() if closed else len(doc)]
            return ex.first_line(body, self.market.note_skip)
        return None


def _blocks(doc: str, subject: str, html: str) -> list[_Block]:
    """One block of text per order: the whole mail for one order, else the text that follows each
    mention of an order up to the next mention of another one. A summary naming every order at the
    top ("注文番号: A, B") then adds nothing wrong: each order's fields are those after its own
    heading, never its neighbour's (the split-order confirmations of amazon.co.jp and .co.uk)."""
    ids = ex.order_ids(doc + "\n" + subject, html)
    mentions = ex.order_mentions(doc)
    if len({oid for oid, _ in mentions}) <= 1:
        return [_Block(oid, doc) for oid in ids]
    parts: dict[str, list[str]] = {}
    for i, (oid, pos) in enumerate(mentions):
        end = mentions[i + 1][1] if i + 1 < len(mentions) else len(doc)
        parts.setdefault(oid, []).append(doc[pos:end])
    return [_Block(oid, "".join(parts[oid]) if oid in parts else doc) for oid in ids]


@dataclass(frozen=True)
class MarketParsers:
    """The parsers and ignore rules of one market; ``by_kind`` extracts a kind stage 1 decided."""

    market: CompiledMarket
    parsers: tuple[TemplateParser, ...]
    by_kind: dict[str, TemplateParser]


# The field profile of a kind when no template of the market names it.
_AMOUNT_ROLE = {"ordered": "total", "cancelled": "total", "cancel_requested": "total", "shipped": "charged",
                "refunded": "refund"}


def _kind_template(table: Market, kind: str) -> Template:
    """The fields of ``kind`` as the market's first template of that kind reads them (the same
    event whichever stage recognised the mail), identified by phrase evidence, not by subject."""
    model = next((t for t in table.templates if t.kind == kind), None)
    if model is not None:
        # No default seller: a template's default comes from its subject ("sent to the seller"),
        # which phrase evidence does not have; the relay sender says "marketplace" by itself.
        return Template(f"{model.name}~phrases", kind, r".+", amount=model.amount, note=model.note)
    return Template(f"{kind}~phrases", kind, r".+", amount=_AMOUNT_ROLE.get(kind),  # type: ignore[arg-type]
                    note="reason" if kind == "cancel_rejected" else None)


def market_parsers(table: Market) -> MarketParsers:
    from parsers.vocab import EVENT_KINDS

    compiled = CompiledMarket(table)
    by_kind = {kind: TemplateParser(compiled, _kind_template(table, kind)) for kind in EVENT_KINDS
               if kind != "seller_message"}
    return MarketParsers(compiled, tuple(TemplateParser(compiled, t) for t in table.templates), by_kind)

