"""The table format for Amazon mail patterns: one ``Market`` per marketplace, data only.

A template change must be a one-line edit in a table (``ja.py`` for amazon.co.jp, ``en.py`` for the
English markets). The engines that read these tables are ``parsers.kinds`` (stage 1: what kind of
mail is this) and ``parsers.amazon`` (stage 2: the fields of each order block); the generic field
extractors are ``parsers.extract``.

Adding a market or a language (a pure data module)
--------------------------------------------------
1. A new language: write a ``Phrases`` table (see below) in ``parsers/patterns/<lang>.py``; a new
   market in a known language reuses that language's ``Phrases`` (``en.PHRASES`` serves amazon.com,
   .co.uk, .ca, …).
2. A new market: a ``Market(...)`` in that module with its sender ``domains``, ``currency``,
   ``day_first``/``decimal_comma``/``languages`` (how it writes dates and numbers; its time zone is
   ``parsers.vocab.MARKET_TIMEZONES``), field regexes (``amounts``, ``payment``, ``payment_methods``, ``carrier``,
   ``delivery``, ``items``, ``seller``…), ``phrases=`` the language table and ``subject_tags`` (the
   bracketed names the market puts in front of subjects, e.g. ``【Amazon.co.jp】``). ``templates`` may
   be empty: the phrase evidence classifies the mail; templates are only the fast exact path.
   ``parsers.patterns.shared.market(...)`` builds one from a language module's ``PHRASES`` and
   ``FIELDS`` (``de.py``, ``fr.py``…); a market that writes in several languages joins their tables with
   ``shared.merge_phrases``/``merge_fields`` (``multi.py``: amazon.com.be, amazon.ca, amazon.ae, amazon.sa).
3. List the module's ``MARKETS`` in ``parsers.registry.MARKET_MODULES``; add fixtures and goldens.

A minimal module (``parsers/patterns/de.py``; names and regexes are illustrative)::

    PHRASES = Phrases(
        language="de",
        subject={"shipped": (r"versandt",), "cancelled": (r"storniert",)},
        body={"shipped": (r"wurde(?:n)? versandt",), "cancelled": (r"wurde(?:n)? storniert",)},
        negation=Negation(verbs={"cancel": (r"stornier\\w*",), "refund": (r"erstatt\\w*",)},
                          before=(r"\\bnicht\\b", r"\\bkeine?\\b"), hypothetical=(r"\\bfalls\\b", r"\\bwenn\\b"),
                          clause_end=r"\\.(?=\\s|$)|[!?;,\\n]", sentence_end=r"\\.(?=\\s|$)|[!?\\n]"),
    )
    DE = Market(market="amazon.de", domains=("amazon.de",), currency="EUR", utc_offset=1, day_first=True,
                templates=(), phrases=PHRASES, subject_tags=(r"\\[\\s*amazon\\.de\\s*\\]",),
                amounts={"total": (r"gesamtsumme:?",), "refund": (r"erstattungsbetrag:?",)},
                payment=(r"zahlungsart:?\\s*(.+)",), payment_methods=((r"visa|mastercard", "credit_card"),))
    MARKETS = (DE,)

Stage 1: the kind, from phrase evidence (``Phrases``)
------------------------------------------------------
* ``Phrases.subject[kind]`` / ``Phrases.body[kind]``: regexes that state that event *happened* (past
  or present-perfect forms, every politeness level and inflection: ``発送(?:いたし|致し|し)ました``,
  "has been dispatched"). Never nouns that boilerplate also uses (a help link saying "cancel items"),
  never future/conditional forms. Each distinct phrase found counts once: 3 in the subject, 1 in the
  body; a template match counts 3 for its kind.
* Negation is a rule, not a phrase list: ``Phrases.negation`` names the verb stems of the events that
  can be refused (``verbs["cancel"]``, ``verbs["refund"]``) and the negative forms that attach to a verb
  (``after`` it in Japanese: ``できません``, ``いたしかねます``, ``不可``; ``before`` it in English:
  "unable to", "could not be", and ``after`` it: "declined"); ``refusal`` forms reach to the end of
  the verb's sentence (``キャンセルのご依頼につきましては、…のため、お受けいたしかねます``). A negated
  cancel verb is evidence for ``cancel_rejected`` and removes the cancel evidence of its clause; a negated refund verb makes the
  mail ``unrecognized`` ("refund declined") instead of ``refunded``. ``mask`` removes polite phrases
  that only look negative (``申し訳ございませんが``).
* Hypothetical mentions never count: a phrase or verb in a sentence with a conditional marker before
  it (``場合``, "if", "may") or in its own clause after it (``できない場合``) is skipped.
* Every phrase needs some literal text ("発送", "deliver"): the engine skips a phrase whose literals are
  not in the mail before running its regex (``parsers.kinds.required_literals``; a test checks each).
* Later events supersede earlier ones (``parsers.kinds.SUPERSEDES``: delivered over shipped, refunded
  over return_received…); the kind with the most evidence wins when it has at least twice the next
  one's, else the mail stays ``unrecognized`` and says which kinds were too close.

How a table is read
-------------------
* Every regex is compiled with ``re.IGNORECASE | re.MULTILINE``: ``^``/``$`` are line anchors.
* Patterns see *normalised* text (``parsers.normalize``: NFKC, so full-width digits/colons/spaces are
  ASCII, ``￥`` is ``¥``, ``～`` is ``~``; bidi controls removed; lines stripped; ``\\n`` line ends).
  The one exception: extraction keeps ``…`` (U+2026) as written instead of NFKC's ``...``.
* Fields are read from one body (``ParsedMail.body``: the text part, else the HTML's text). In an
  HTML-only mail every table cell becomes its own line, so "label | value" cells read like the text
  templates' "label / value" lines: write label patterns that accept the value on the next line.
* A mail belongs to a market when its From domain is one of ``Market.domains`` or a subdomain.
* ``Template``: identifies one kind of mail. It matches when ``sender`` full-matches the From address
  (lower-case), ``subject`` (if set) is found in the subject, every ``body`` regex is found in the body
  and no ``not_body`` regex is. Identification is sender + subject + body markers together.
  Two templates matching one mail is an error (``tests/parsers/test_registry.py``), so make close
  templates exclusive with ``not_body``/``subject``.
* ``Ignore``: Amazon mail that carries no order events (promotions, Amazon Pay, one-time passwords,
  review requests). ``sender`` full-matches the address, ``subject`` (if set) is searched; ``reason`` is
  shown to the user.
* Field regexes (``Market.payment``, ``carrier``, ``delivery``, ``items``, ``seller``, ``reason``)
  capture with group 1 or the named groups documented on each field; the first match wins (table order,
  then position in the mail).

Conventions for expected values (``fixtures/emails/**/X.eml.events.json`` follow them)
--------------------------------------------------------------------------------------
* One event per order the mail names (``order_id`` ``NNN-NNNNNNN-NNNNNNN`` or ``D01-…``; also found
  inside URLs as ``orderId=…``). A mail naming several orders is cut into one block per order; fields
  are read from the order's block, payment method falls back to the whole mail.
* ``at`` = the mail's Date as ``datetime.isoformat()`` (offset kept as sent, usually ``+00:00``);
  ``market`` from the sender domain (``marketplace.amazon.co.jp`` → ``amazon.co.jp``).
* ``seller`` = ``"amazon"`` when sold/shipped by Amazon (``販売: Amazon.co.jp``, "Sold by Amazon.com"),
  ``"marketplace"`` when a third-party seller is named or the mail comes through the marketplace relay,
  else the template's default (null when the mail doesn't say).
* ``seller_name`` = the seller as written (NFKC), null when absent; for relayed seller messages the
  From display name.
* ``amount`` = order total for ordered/cancelled, charged amount for shipped, refund total for
  refunded (``Template.amount`` picks the label set); ``currency`` ISO 4217 from the symbol/code,
  a bare ``$`` takes ``Market.currency``. Numbers are floats (``1010.0``).
* ``payment_method`` from the payment description (``お支払い方法: …``, "Paid by Visa", a refund's
  destination) classified by ``Market.payment_methods``; null when the mail doesn't say.
* ``carrier`` normalised (``yamato``, ``sagawa``, ``japan_post``, ``amazon``, ``ups``, ``usps``, …,
  ``other`` for a named carrier we don't know); ``tracking_number`` upper-case without spaces/hyphens.
* ``items`` = item names as written (NFKC), in mail order, without duplicates, quotes stripped; a
  trailing ``…``/``...`` of a truncated name is kept.
* ``estimated_delivery`` = ISO date (first day of a range), resolved against the mail's date in the
  market's time zone (``parsers.vocab.MARKET_TIMEZONES``, daylight saving included); null when absent.
* ``note`` = for ``seller_message`` the first meaningful line of the seller's text (salutations and
  ``Market.note_skip`` lines skipped, ≤ 200 chars), for ``cancel_rejected`` the reason, else null.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from parsers.vocab import EventKind, PaymentMethod, Seller

AmountRole = Literal["total", "charged", "refund"]
NoteSource = Literal["message", "reason"]


@dataclass(frozen=True, slots=True)
class Template:
    """One mail template of one kind. ``name`` is unique within its market."""

    name: str
    kind: EventKind
    sender: str                      # regex, full match on the From address
    subject: str | None = None       # regex, searched in the normalised subject
    body: tuple[str, ...] = ()       # regexes that must all be found in the normalised body
    not_body: tuple[str, ...] = ()   # regexes that must not be found
    amount: AmountRole | None = None # which ``Market.amounts`` label set gives the amount
    seller: Seller | None = None     # default seller when the mail names none
    note: NoteSource | None = None   # where ``Event.note`` comes from


@dataclass(frozen=True, slots=True)
class Ignore:
    """Amazon mail without order events; reported as ``ignored`` with ``reason``."""

    sender: str                      # regex, full match on the From address
    reason: str
    subject: str | None = None       # regex, searched in the normalised subject


@dataclass(frozen=True, slots=True)
class Negation:
    """How one language negates a verb (the refusal rule of ``parsers.kinds``)."""

    verbs: dict[str, tuple[str, ...]]     # "cancel" / "refund" -> regexes of the verb stem
    after: tuple[str, ...] = ()           # negative forms following the verb in its clause
    before: tuple[str, ...] = ()          # negative forms preceding the verb in its clause
    refusal: tuple[str, ...] = ()         # refusals that negate it anywhere later in its sentence
    mask: tuple[str, ...] = ()            # polite phrases that look negative and are not
    hypothetical: tuple[str, ...] = ()    # conditional / possibility markers ("if", 場合)
    clause_end: str = r"\.(?=\s|$)|[!?;,\n]"   # regex: where a clause ends ("Amazon.com" is not one)
    sentence_end: str = r"\.(?=\s|$)|[!?\n]"    # regex: where a sentence ends


@dataclass(frozen=True, slots=True)
class Phrases:
    """One language's evidence for what kind of mail this is (stage 1)."""

    language: str                                    # "ja", "en", …
    subject: dict[EventKind, tuple[str, ...]]        # searched in the subject (tags stripped)
    body: dict[EventKind, tuple[str, ...]]           # searched in the body text
    negation: Negation
    window: int = 40                                 # characters a negation may lie from its verb


@dataclass(frozen=True, slots=True)
class Market:
    """Everything the engine needs to read one marketplace's mail."""

    market: str                                  # "amazon.co.jp"
    domains: tuple[str, ...]                     # sender domains; subdomains belong too
    currency: str                                # ISO 4217 for bare "$" / plain numbers
    templates: tuple[Template, ...]
    ignore: tuple[Ignore, ...] = ()
    day_first: bool = False                      # "05/11/2026" is 5 Nov (UK) rather than May 11
    decimal_comma: bool = False                  # "1.234" is 1234 (de, fr…) rather than 1.234
    languages: tuple[str, ...] = ("en",)         # the languages of its dates (``parsers.dates``)
    # role -> label regexes; the amount is the first money value after the label (same or next line)
    amounts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    payment: tuple[str, ...] = ()                # group 1 = payment description
    payment_methods: tuple[tuple[str, PaymentMethod], ...] = ()  # regex on description -> method
    carrier: tuple[str, ...] = ()                # named groups (?P<carrier>…) and/or (?P<tracking>…)
    delivery: tuple[str, ...] = ()               # group 1 = phrase holding the estimated date
    items: tuple[str, ...] = ()                  # group 1 = an item name (in the body)
    subject_items: tuple[str, ...] = ()          # group 1 = an item name in the subject (fallback)
    seller: tuple[str, ...] = ()                 # group 1 = a seller name
    amazon_seller: str = r"amazon"               # full match on a seller name = sold by Amazon
    message: tuple[str, str] | None = None       # (start, end) regexes around a relayed message
    note_skip: tuple[str, ...] = ()              # lines that are not the message's point
    reason: tuple[str, ...] = ()                 # group 1 = why a cancel was rejected
    phrases: Phrases | None = None               # stage-1 evidence (the market's language)
    subject_tags: tuple[str, ...] = ()           # regexes of tags put in front of subjects
