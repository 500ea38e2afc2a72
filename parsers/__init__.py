"""Parse Amazon order mail into typed events. Pure: no I/O, no clock.

``parse_mail(raw)`` is the one entry point; it never raises. The heavy modules (mail decoding, the
registry) are imported on first use so that importing ``parsers.vocab``/``parsers.events`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from parsers.events import Event, ParseResult

if TYPE_CHECKING:
    from parsers.message import ParsedMail

# Bump on every template or extraction change: the store records it and re-derives older mails.
PARSER_VERSION = "2026.12.2"  # every marketplace (issue 15): mail before it is re-derived

__all__ = ["PARSER_VERSION", "Event", "ParseResult", "parse_mail"]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _result(mail: ParsedMail | None, **fields: object) -> ParseResult:
    base: dict[str, object] = {
        "message_id": None, "subject": "", "date": None, "from_addr": "", "from_name": "",
        "authenticity": "unknown", "suspicious": False, "parser_version": PARSER_VERSION,
    }
    if mail is not None:
        base.update(
            message_id=mail.message_id, subject=mail.subject,
            date=mail.date.isoformat() if mail.date else None,
            from_addr=mail.from_addr, from_name=mail.from_name,
        )
    base.update(fields)
    return ParseResult(**base)  # type: ignore[arg-type]


def parse_mail(
    raw: bytes,
    *,
    trusted_forwarders: Iterable[str] = (),
    trusted_authserv_ids: Iterable[str] | None = None,
    strict_authentication: bool = False,
    verdict: tuple[str, str] | None = None,
    fallback_date: datetime | None = None,
) -> ParseResult:
    """Parse one raw mail. Never raises: hopeless input gives ``status="error"`` with a one-line reason.

    A mail without a usable ``Date:`` is dated by its newest ``Received:`` timestamp, else by
    ``fallback_date`` (the IMAP INTERNALDATE, or a local file's modification time: the caller's I/O).

    Statuses: ``parsed`` (events), ``suspicious`` (imitates Amazon or fails authentication: no
    events, ``order_ids`` named), ``ignored`` (not Amazon, an Amazon mail without order events, a
    forward by an untrusted address, or not authenticated under ``strict_authentication``),
    ``unrecognized`` (Amazon sender naming an order whose kind could not be told, with the reason:
    no order number, no kind evidence, kinds too close, refund declined), ``error``.

    ``verdict`` — (authenticity, detail) decided by the caller (its own DKIM check, or the verdict
    stored when the mail was first seen) — replaces the Authentication-Results reading.
    """
    from parsers.message import MailError, ParsedMail

    try:
        mail = ParsedMail.from_bytes(raw)
    except MailError as exc:
        return _result(None, status="error", error=_one_line(exc))
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        return _result(None, status="error", error=_one_line(exc))
    try:
        return _parse(mail, trusted_forwarders, trusted_authserv_ids, strict_authentication, verdict, fallback_date)
    except Exception as exc:  # noqa: BLE001
        return _result(mail, status="error", error=_one_line(exc))


def _ids_in(mail: ParsedMail) -> tuple[str, ...]:
    from parsers.extract import order_ids

    return tuple(order_ids(mail.norm_body + "\n" + mail.norm_subject, mail.html))


def _forward(mail: ParsedMail, trusted_forwarders: Iterable[str],
             auth_ids: list[str] | None) -> ParsedMail | ParseResult | None:
    """For a forward of Amazon(-looking) mail: the original to parse when the forwarder is trusted,
    else the final result (ignored / suspicious). None when ``mail`` is not such a forward."""
    from parsers.authenticity import assess, claims_amazon, is_amazon_domain
    from parsers.forwarded import unwrap_forwarded

    if is_amazon_domain(mail.from_domain):
        return None
    inner = unwrap_forwarded(mail)
    if inner is None or not (is_amazon_domain(inner.from_domain) or claims_amazon(inner)):
        return None
    if mail.from_addr.lower() not in {a.strip().lower() for a in trusted_forwarders}:
        authenticity, _, _ = assess(mail, auth_ids)
        return _result(mail, status="ignored", authenticity=authenticity, order_ids=_ids_in(inner),
                       reason=f"forwarded by untrusted address {mail.from_addr or '(none)'}"
                              " (trust it with --trust-forwarder)")
    if not is_amazon_domain(inner.from_domain):
        return _result(mail, status="suspicious", suspicious=True, order_ids=_ids_in(inner),
                       forwarded_by=mail.from_addr,
                       reason=f"forwarded mail claims to be Amazon but is from {inner.from_domain or '(none)'}")
    return inner


def _dated(mail: ParsedMail, fallback: datetime | None) -> ParsedMail:
    """``mail`` with a date: its own, else the newest Received: stamp, else ``fallback``."""
    from dataclasses import replace

    from parsers.message import received_date

    if mail.date is not None:
        return mail
    when = received_date(mail) or fallback
    if when is not None and when.tzinfo is None:
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    return mail if when is None else replace(mail, date=when)


def _parse(mail: ParsedMail, trusted_forwarders: Iterable[str],
           trusted_authserv_ids: Iterable[str] | None, strict: bool,
           verdict: tuple[str, str] | None = None, fallback_date: datetime | None = None) -> ParseResult:
    from parsers import extract, kinds, registry
    from parsers.authenticity import assess, is_amazon_domain

    # A lone string is one address/id, not a sequence of characters.
    if isinstance(trusted_forwarders, str):
        trusted_forwarders = (trusted_forwarders,)
    if isinstance(trusted_authserv_ids, str):
        trusted_authserv_ids = (trusted_authserv_ids,)
    auth_ids = None if trusted_authserv_ids is None else list(trusted_authserv_ids)

    forwarded = _forward(mail, trusted_forwarders, auth_ids)
    if isinstance(forwarded, ParseResult):
        return forwarded
    if forwarded is None:
        target, forwarded_by = mail, None
        authenticity, suspicious, why = assess(mail, auth_ids, verdict)  # type: ignore[arg-type]
    else:
        # The original's signatures cannot be checked after forwarding: trust rests on the forwarder.
        target, forwarded_by = forwarded, mail.from_addr
        authenticity, suspicious, why = "unknown", False, None
    common: dict[str, object] = {"authenticity": authenticity, "forwarded_by": forwarded_by}

    if suspicious:
        return _result(mail, status="suspicious", suspicious=True, order_ids=_ids_in(target),
                       reason=why, **common)
    if not is_amazon_domain(target.from_domain):
        return _result(mail, status="ignored", reason=f"not from Amazon ({target.from_domain or 'no sender'})",
                       **common)
    ignored = registry.ignore_reason(target)
    if ignored is not None:
        return _result(mail, status="ignored", reason=ignored, **common)
    if strict and authenticity != "pass":
        return _result(mail, status="ignored", order_ids=_ids_in(target),
                       reason=f"authenticity is {authenticity} and strict_authentication is on", **common)

    matched = registry.identify(target)
    if len(matched) > 1:
        names = ", ".join(p.name for p in matched)
        return _result(mail, status="error", order_ids=_ids_in(target),
                       error=f"ambiguous: {len(matched)} parsers match ({names})", **common)
    template = matched[0] if matched else None
    ids = _ids_in(target)
    sender = f"Amazon mail from {target.from_addr}"
    if not ids and extract.AMAZON_PAY_ID.search(target.norm_body):
        return _result(mail, status="ignored", reason="Amazon Pay payment (P03- id), not an Amazon order", **common)
    if not ids:
        return _result(mail, status="unrecognized", parser=template.name if template else None,
                       reason=f"{sender}: no order number", **common)
    # Stage 1: the kind. A relayed seller message is one by its sender; everything else by evidence.
    if template is not None and template.template.kind == "seller_message":
        parser = template
    else:
        market = registry.market_of(target)
        if market is None:
            return _result(mail, status="unrecognized", order_ids=ids,
                           reason=f"{sender}: no table for this Amazon market", **common)
        decision = kinds.classify(market.market.subject(target), target.norm_body, market.market.table.phrases,
                                  template.template.kind if template else None)
        if decision.kind is None:
            return _result(mail, status="unrecognized", order_ids=ids, reason=f"{sender}: {decision.reason}",
                           **common)
        parser = template if template is not None and template.template.kind == decision.kind \
            else market.by_kind[decision.kind]
    # Stage 2: the fields of each order block.
    target = _dated(target, fallback_date)
    if target.date is None:
        return _result(mail, status="error", parser=parser.name, order_ids=ids,
                       error="the mail has no usable Date or Received header", **common)
    events = tuple(parser.extract(target))
    if not events:
        return _result(mail, status="unrecognized", parser=parser.name, order_ids=ids,
                       reason=f"{sender}: {parser.name} found no order number", **common)
    result = _result(mail, status="parsed", parser=parser.name, events=events,
                     order_ids=tuple(dict.fromkeys(e.order_id for e in events)),
                     markets=tuple(dict.fromkeys(e.market for e in events)), **common)
    if mail.date is None:
        from dataclasses import replace

        result = replace(result, date=target.date.isoformat())
    return result
