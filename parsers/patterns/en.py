"""Patterns for the English-language markets: amazon.com, amazon.co.uk, amazon.ca.

Format and conventions: ``parsers.patterns`` (module docstring). One line per template. Text is
NFKC-normalised and every line stripped before matching; curly apostrophes stay curly (``['’]``).

Template generations covered (subjects):
- ordered: ``Your Amazon.com order #…`` (classic), ``Your Amazon.com order of "…"``, ``Ordered: "…"``
  (2022+ card layout), digital ``Amazon.com order of …`` from ``digital-no-reply@`` (``D01-`` ids).
- shipped: ``Your Amazon.com order #… has shipped``, ``… has been dispatched`` (UK),
  ``Your Amazon.com order of "…" and 1 more item has shipped!``, ``Shipped: Now arriving …``,
  ``Shipped: "…"``, ``Your package was shipped!``.
- delivery: ``Out for delivery: …`` / ``Arriving today: …``, ``Delivery update: …`` (late),
  ``Delivered: Your Amazon.com order #…``, ``Delivered: 2 items | Order # …``, ``Delivered: "…"``,
  ``Your Amazon order has arrived!``, locker ``ready for pickup``.
- cancellation: ``Successful cancellation of …``, ``Partial item(s) cancellation …``,
  ``"…" has been canceled from your Amazon.com order #…``; marketplace requests and refusals from
  ``marketplace-messages@``.
- returns/refunds: ``return@`` (request, received, ``Your refund for …``), ``payments-messages@``
  (``Refund on order …``).
"""

from __future__ import annotations

import re

from parsers.patterns import Ignore, Market, Negation, Phrases, Template
from parsers.patterns.shared import AMAZON_SELLER

# Money as the English templates write it: "$1,234.56", "£35.99", "CDN$ 67.77", "79.99 CAD".
_MONEY = r"(?:(?:cdn\$|ca\$|us\$|[$£€])\s?\d[\d,]*(?:\.\d\d)?|\d[\d,]*(?:\.\d\d)?\s?(?:usd|cad|gbp|eur))"
# A line that can be an item name: it has a word, and is none of the labels that sit next to items.
_NOT_ITEM = (r"(?=[^\n]*[a-z]{3})(?![^\n]*://)(?!(?:placed on|arriving|track|view|see |ship|return|quantity|qty|order|total|"
             r"sold by|items?\b|an amazon driver|\d+ items?$|(?:hello|hi|dear) [^\n]{1,40},$))")


def _templates(dom: str, shipped_subject: str) -> tuple[Template, ...]:
    """The templates the English markets share; ``dom`` is the regex-escaped sender domain."""
    return (
        Template("ordered", "ordered", rf"(?:auto-confirm|digital-no-reply)@{dom}",
                 # "Your Amazon.com order #… has shipped / has been canceled" belong to other kinds.
                 # The lookahead is about the whole subject; the phrase itself is searched anywhere.
                 subject=r"^(?!.*(?:shipped|dispatched|cancell?(?:ed|ation)|delivered|refund|arriv))"
                         r".*?(?:(?:your )?amazon\.\S+ order (?:#|of)|ordered\s*:|order confirmation)",
                 amount="total"),
        Template("shipped", "shipped", rf"(?:shipment-tracking|ship-confirm|auto-confirm)@{dom}",
                 subject=rf"{shipped_subject}|\b(?:shipped|dispatched)\s*:|your package was (?:shipped|dispatched)",
                 amount="charged"),
        Template("out-for-delivery", "out_for_delivery", rf"(?:shipment-tracking|order-update)@{dom}",
                 subject=r"^(?!.*\b(?:shipped|dispatched)\b).*?(?:out for delivery|arriving today)"),
        Template("delivery-delayed", "delivery_delayed", rf"(?:shipment-tracking|order-update)@{dom}",
                 subject=r"\b(?:delivery update|delayed|running late|delivery attempt)\b"),
        Template("delivered", "delivered", rf"(?:shipment-tracking|order-update|thehub|amazonlockers)@{dom}",
                 subject=r"\bdelivered\s*:|has arrived|has been delivered|ready for pickup"),
        Template("cancel-requested", "cancel_requested", rf"(?:marketplace-messages|auto-confirm)@{dom}",
                 subject=r"cancell?ation request .*(?:sent to the seller|received)", seller="marketplace"),
        Template("cancel-rejected", "cancel_rejected", rf"(?:marketplace-messages|auto-confirm|cs-reply)@{dom}",
                 subject=r"cancell?ation request (?:declined|denied|not completed|could not)|unable to cancel"
                         r"|couldn['’]t cancel",
                 seller="marketplace", note="reason"),
        Template("cancelled", "cancelled", rf"(?:auto-confirm|order-update|cs-reply)@{dom}",
                 subject=r"(?:successful |partial item\(s\) )?cancell?ation (?:of|from)|has been cancell?ed",
                 amount="total"),
        Template("return-requested", "return_requested", rf"return@{dom}",
                 subject=r"return (?:request|authori[sz]ation|label)"),
        Template("return-received", "return_received", rf"return@{dom}",
                 subject=r"return (?:received|has been received)|we(?:['’]ve| have) received your return"
                         r"|your return of .+ has been received"),
        Template("refunded", "refunded", rf"(?:return|payments-messages)@{dom}",
                 subject=r"(?:your refund for|refund on order|refund (?:issued|processed|confirmation))",
                 amount="refund"),
        Template("seller-message", "seller_message", rf".+@(?:m\.)?marketplace\.{dom}",
                 seller="marketplace", note="message"),
    )


# --- stage 1: phrase evidence for the kind (see parsers.patterns, "Stage 1") ---------------------------
_CANCELLED = r"cancell?ed"
_HAS = r"(?:has|have|had) (?:now )?(?:been )?|(?:was|were|is|are) (?:now )?|we(?:['’]ve| have)? (?:now )?"
_SHIPPED = r"(?:shipped|dispatched|sent out|posted|handed (?:over )?to (?:the )?(?:carrier|courier))"
_SPOT = (r"(?:mailbox|mail ?box|mail ?room|letter ?box|letterbox|post ?box|parcel (?:box|locker)|porch|front door|back door|door|doorstep|"
         r"safe place|garage|reception|front desk|concierge|building manager|neighbou?r|resident|household member|locker|"
         r"pick-?up (?:point|location)|access point|counter|side door|patio|lobby)")

PHRASES = Phrases(
    language="en",
    subject={
        "ordered": (r"\bordered\s*:", r"order confirmation",
                    r"^(?!.*\b(?:shipped|dispatched|cancell?ed|cancell?ation|delivered|refund\w*|arriv\w*|delivery)\b)"
                    r".*?\byour amazon\.\S+ order (?:#|of)", r"thank you for your order",
                    r"your order (?:has been )?(?:placed|confirmed)"),
        "cancel_requested": (r"cancell?ation request .{0,60}(?:sent|received|submitted|forwarded)", r"request to cancel .{0,80}(?:sent|received)",
                             r"cancell?ation (?:is )?(?:pending|in progress|requested)"),
        "cancelled": (r"(?:successful|partial item\(s\)|item) cancell?ation", rf"(?:{_HAS}){_CANCELLED}", r"cancell?ation (?:of|from) ",
                      rf"\b{_CANCELLED}\s*:", r"cancell?ation (?:confirmed|complete)"),
        "shipped": (rf"(?:{_HAS}){_SHIPPED}", r"\b(?:shipped|dispatched)\s*:", r"(?:is|are) on (?:its|their|the) way"),
        "out_for_delivery": (r"out for delivery", r"arriving today", r"(?:will be|being) delivered today"),
        "delivery_delayed": (r"delivery update", r"delayed", r"running late", r"delivery attempt", r"(?:new|updated) delivery (?:date|estimate)"),
        "delivered": (r"\bdelivered\s*:", r"(?:has|have) arrived", r"(?:has|have) been delivered", r"(?:was|were) delivered",
                      r"ready for pick-?up", r"available for pick-?up"),
        "delivery_refused": (r"(?:delivery|package|parcel) (?:was )?refused", r"refused (?:delivery|package|parcel)"),
        "return_requested": (r"return (?:request|authori[sz]ation|label)", r"your return (?:is|has been) (?:approved|authori[sz]ed|started)",
                             r"return (?:started|approved)"),
        "return_received": (r"return (?:received|has been received|was received)", r"we(?:['’]ve| have) received your return",
                             r"your return of .+ (?:has been|was) received", r"return (?:processed|inspected)"),
        "refunded": (r"your refund for", r"refund on order", r"refund (?:issued|processed|confirmation|complete)",
                     rf"(?:{_HAS})(?:issued|processed|sent) (?:a |your )?refund", rf"(?:{_HAS})refunded"),
    },
    body={
        "ordered": (r"thank(?:s| you) for (?:your order|ordering)", r"your order (?:has been|was|is) (?:placed|received|confirmed)",
                    r"we(?:['’]ve| have) received your order", r"order (?:placed|confirmed)", r"we['’]ll (?:send|let you know|email).{0,60}(?:ship|dispatch)"),
        "cancel_requested": (r"cancell?ation request .{0,60}(?:sent|received|submitted|forwarded)", r"(?:received|got) your (?:request to cancel|cancell?ation request)",
                             r"request to cancel .{0,120}(?:has been|was|is being) (?:sent|forwarded|submitted)",
                             r"we(?:['’]ve| have) (?:asked|contacted|notified|informed) the seller .{0,60}cancel",
                             r"we(?:['’]re| are) (?:attempting|trying|working) to cancel", r"(?:cancell?ation is pending|pending cancell?ation)",
                             r"(?:sent|forwarded) your (?:cancell?ation )?request (?:to cancel )?.{0,40}to the seller",
                             r"(?:sent|forwarded|passed on) your request to cancel",
                             r"(?:we(?:['’]re| are) )?processing your (?:cancell?ation request|request to cancel)"),
        "cancelled": (rf"(?:{_HAS})(?:successfully )?{_CANCELLED}", r"successful(?:ly)? cancell?(?:ed|ation)",
                      r"cancell?ation (?:is |has been |was )?(?:complete|completed|confirmed|successful|processed)", rf"^{_CANCELLED} items?\b",
                      r"we(?:['’]ve| have)? (?:successfully )?cancell?ed"),
        "shipped": (rf"(?:{_HAS}){_SHIPPED}", r"(?:is|are) on (?:its|their|the) way", r"(?:package|parcel|order|item)s? (?:has |have )?(?:left|departed) (?:our|the) (?:facility|warehouse|fulfil+ment center)",
                    r"tracking (?:number|id) (?:is|:)", r"\bshipping confirmation\b", r"^shipped (?:with|by|via)\b", r"^on the way\s*:",
                    r"^shipment total\s*:", r"\bdispatch confirmation\b"),
        "out_for_delivery": (r"(?:is|are|was) (?:now )?out for delivery", r"(?:is|are|will be) arriving today", r"(?:is|are) (?:on|in) the (?:delivery )?(?:vehicle|van|truck)",
                             r"driver is on (?:the|their|his|her) way", r"(?:will be|being) delivered today"),
        "delivery_delayed": (r"(?:delivery|package|parcel|order|shipment) (?:is|was|has been|is now) (?:delayed|running late)", r"running late",
                             r"later than (?:expected|originally|we promised)", r"(?:new|updated|revised) (?:delivery|arrival) (?:date|estimate)",
                             r"(?:now|newly) expected", r"delivery (?:was )?attempted", r"(?:has been|was) rescheduled", r"we (?:tried|attempted) to deliver", r"missed (?:the )?delivery"),
        "delivered": (r"(?:has|have) been delivered", r"(?:was|were) delivered", r"(?:has|have) arrived",
                      rf"(?<!be )(?<!will )(?:left|placed|put|handed|delivered) (?:it |your (?:package|parcel) )?(?:in|at|with|on|to|inside|behind|by) (?:your|the|a|an) {_SPOT}",
                      r"ready for pick-?up", r"available for (?:pick-?up|collection)", r"we delivered",
                      r"ready (?:to collect|for collection)",
                      r"(?<!be )(?<!will )handed (?:directly |personally )?to (?:a |the |your )?(?:resident|neighbou?r|receptionist|you)"),
        "delivery_refused": (r"(?:delivery|package|parcel) (?:was )?refused", r"refused (?:the )?(?:delivery|package|parcel)",
                             r"returned to (?:the )?sender because .{0,40}refused"),
        "return_requested": (r"(?:return request|return authori[sz]ation)(?: \w+){0,3} (?:received|approved|confirmed|created)",
                             r"(?:return (?:shipping )?label|qr code)(?: \w+){0,4} (?:is attached|is ready|below|has been issued|has been created)",
                             r"your return (?:is|has been) (?:approved|authori[sz]ed|started)", r"we(?:['’]ve| have) received your return request",
                             r"(?:here is|here['’]s|print) your return (?:shipping )?label",
                             r"drop off your return\b"),
        "return_received": (r"(?:we(?:['’]ve| have)|has been|was) received (?:your )?(?:return|returned item)", r"return (?:has been |was )received",
                            r"(?:received|processed|inspected) your return", r"your return (?:of .{1,80} )?(?:has been|was) (?:received|processed|inspected)",
                            r"returned items? (?:has |have )?(?:arrived|was received|were received)",
                            r"received the (?:following )?items?(?:\(s\))? (?:you returned|you sent back)",
                            r"(?:your )?return (?:has |have )?arrived", r"we got your return"),
        "refunded": (r"(?:we(?:['’]ve| have)|has been|was|were) (?:issued|processed) (?:a |your )?refund",
                     r"refund (?:of|for) (?:(?!\. )[^\n]){1,80}? (?:has been|was|is) (?:issued|processed|complete|completed|credited)", r"refund (?:has been|was) (?:issued|processed|credited|completed|sent)",
                     r"(?:will be|has been|was) credited to", r"(?:issued|processed) (?:a |your )?refund", r"(?:has|have) been refunded",
                     r"we(?:['’]ve| have) refunded", r"refund (?:total|subtotal)"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bcancel\w*",), "refund": (r"\brefund\w*",)},
        before=(r"\b(?:not|never|unable|cannot|too late|no longer|fail(?:ed)?|ineligible)\b", r"n['’]t\b"),
        after=(r"\b(?:declined|denied|rejected|refused|unsuccessful|failed|not (?:be |been )?(?:possible|approved|completed|accepted|processed))\b",),
        refusal=(r"\b(?:unable|not able) to (?:accept|process|complete|honou?r|fulfil+|approve)\b",
                 r"\bcould(?:n['’]t| not) (?:accept|process|complete|honou?r|approve)\b", r"\btoo late\b",
                 r"\b(?:was|has been|were|is) (?:declined|denied|rejected|refused)\b"),
        mask=(r"\bwe(?:['’]re| are) sorry\b", r"\bif you (?:did not|didn['’]t|do not|don['’]t) (?:request|make|place|recogni[sz]e)\b",
              r"\bdo not reply\b", r"\bplease don['’]t reply\b", r"\b(?:won['’]t|will not|can['’]t|cannot) be charged\b",
              r"\bnot be charged\b", r"\bno (?:further )?action (?:is )?(?:needed|required)\b"),
        hypothetical=(r"\bif\b", r"\bunless\b", r"\bin case\b", r"(?-i:\bmay\b)", r"\bmight\b", r"\bwhether\b", r"\bonce\b", r"\bwhen\b", r"\bas soon as\b",
                      r"\bwant to\b", r"\bwould like to\b", r"\bhow to\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:and|but|so|because|since)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)
SUBJECT_TAGS = (r"\[\s*amazon(?:\.\w+){0,2}\s*\]", r"【\s*amazon(?:\.\w+){0,2}\s*】")

_COMMON = dict(
    amounts={
        "total": (r"order total:?", r"grand total:?", r"^total:?"),
        "charged": (r"shipment total:?", r"order total:?", r"^total:?", r"paid by [^:\n]*:"),
        "refund": (r"total refund:?", r"refund total:?", r"refund subtotal:?",
                   r"^(?=[^\n]{1,30} will be (?:credited|refunded))"),
    },
    payment=(
        r"paid by ([^:\n]+)",
        r"payment method:?\s*(.+)",
        r"refund method:?\s*(.+)",
        r"(?:credited|refunded|issued) to your (.+)",
        r"refund (?:on|to) your (.+)",
    ),
    payment_methods=(
        # Amazon's own cards first: "Amazon Store Card", "AmazonPLCC ending in 1234" (the store card's
        # private-label credit card), "Amazon Visa", "Prime Visa", "Amazon Mastercard" are credit.
        (r"amazon ?plcc|\bplcc\b|store card|prime (?:visa|store card)|amazon (?:visa|mastercard|rewards)|synchrony", "credit_card"),
        (r"gift card|gift certificate|promotional|gift balance|amazon pay balance", "gift_card"),
        (r"\bupi\b", "upi"),
        (r"net ?banking", "net_banking"),
        (r"\bpoints\b|shop with points", "points"),
        (r"bank account|checking account|\bach\b|direct debit|bank transfer", "net_banking"),
        (r"visa|master ?card|amex|american express|discover|jcb|diners|maestro|credit|debit|card ending|"
         r"ending in \d{2,4}|\bcard\b", "credit_card"),
        (r"cash on delivery|\bcod\b|pay on delivery", "cash_on_delivery"),
        (r"paypal|affirm|klarna|zip\b|amazon pay", "other"),
    ),
    carrier=(
        r"(?:sent|shipped|delivered) (?:by|with|via) (?P<carrier>[A-Z][\w .]{1,40}?)(?:[.,]| and |$)",
        r"^carrier:\s*(?P<carrier>.+)$",
        # Tracking numbers are upper-case; case-sensitive so a following word never joins them.
        r"tracking (?:number|id)(?: is)?:?\s*(?-i:(?P<tracking>[A-Z0-9]{2,}(?: [A-Z0-9]+\b)*))",
    ),
    delivery=(r"(?:arriving|will arrive|estimated delivery(?: date)?(?: is)?|guaranteed delivery(?: date)?|"
              r"expected delivery|delivery estimate|now expected|now arriving)[:\s]+(?=(.{3,60}))",),
    items=(
        r"^\*\s+(.+)$",
        rf"^{_NOT_ITEM}([^\n]{{4,}})\n(?:quantity|qty):\s*\d",
        rf"^{_NOT_ITEM}((?!by:|condition:)[^\n]{{4,}})\n(?:(?:by|condition):[^\n]*\n)*sold by\b",
        r"^on the way:\n(?!\d+ items?$)(.+)$",
        r"^item:\s*(.+)$",
        rf"^(?:canceled|cancelled) items\b.*\n([^\n]{{2,300}}?)(?:\s+\d+\s+{_MONEY})?$",
        rf"^order #\s*[\dD]\d\d-\d{{7}}-\d{{7}}\n{_NOT_ITEM}([^\n]{{12,}})$",
        r"^we(?:['’]ve| have) (?:issued|processed) your refund for (?!the )([^\n]{2,300}?)\.?$",
    ),
    subject_items=(r'"(.+?)"', r"“(.+?)”", r"^your refund for (.+)$"),
    seller=(
        rf"^sold by:?\s*([^\n]{{2,200}}?)(?:\s+{_MONEY})?$",
        r"request to cancel [^\n]{0,200}? to ([^\n:]{2,100}):$",
        r"^we['’]re sorry\. ([^\n]{2,100}?) (?:was|is) (?:unable|not able) to cancel",
    ),
    amazon_seller=(r"amazon(?:\.com|\.co\.uk|\.ca|\.com\.ca)?(?: services| eu| export sales)?"
                   r"(?:,? (?:llc|inc\.?|ulc|s\.? ?[aà]\.? ?r\.? ?l\.?))?"),
    message=(r"^-{3,}\s*(?:begin )?message:?\s*-{3,}$", r"^-{3,}\s*end (?:of )?message\s*-{3,}$"),
    note_skip=(r"^(?:thank you|thanks) for (?:your order|shopping|reaching out|contacting)",),
    reason=(r"^reason:\s*(.+)$",
            r"^(.*\b(?:unable to cancel|not able to cancel|could(?:n['’]t| not) (?:be )?cancel\w*|too late to cancel|"
            r"(?:was|were|has been) (?:declined|denied|rejected))\b.*)$"),
    phrases=PHRASES,
    subject_tags=SUBJECT_TAGS,
)


def _ignore(dom: str) -> tuple[Ignore, ...]:
    return (
        Ignore(rf"store-news@{dom}", "Amazon promotion (no order events)"),
        Ignore(rf"account-update@{dom}", "Amazon account notice (no order events)"),
        # A delivery one-time password ("Arriving today: A one-time password is required…") is an
        # out-for-delivery notice, not an account notice.
        Ignore(rf".+@{dom}", "Amazon one-time password (no order events)",
               subject=r"^(?!.*(?:arriving|out for delivery)).*(?:one[- ]time password|verification code|sign-in attempt)"),
        Ignore(rf"(?:customer-reviews-messages|vfe-campaign-response)@{dom}", "Amazon review request (no order events)"),
    )


US = Market(market="amazon.com", domains=("amazon.com",), currency="USD",
            templates=_templates(r"amazon\.com", r"has shipped"), ignore=_ignore(r"amazon\.com"), **_COMMON)
UK = Market(market="amazon.co.uk", domains=("amazon.co.uk",), currency="GBP", day_first=True,
            templates=_templates(r"amazon\.co\.uk", r"has (?:been )?dispatched|has shipped"),
            ignore=_ignore(r"amazon\.co\.uk"), **_COMMON)
CA = Market(market="amazon.ca", domains=("amazon.ca",), currency="CAD",
            templates=_templates(r"amazon\.ca", r"has shipped"), ignore=_ignore(r"amazon\.ca"), **_COMMON)


def english_market(name: str, currency: str, shipped_subject: str = r"has (?:been )?dispatched|has shipped") -> Market:
    """An English-language marketplace read like amazon.co.uk (day-first dates, "dispatched")."""
    dom = re.escape(name)
    fields = {**_COMMON, "amazon_seller": AMAZON_SELLER}
    return Market(market=name, domains=(name,), currency=currency, day_first=True,
                  templates=_templates(dom, shipped_subject), ignore=_ignore(dom), **fields)


IE = english_market("amazon.ie", "EUR")
IN = english_market("amazon.in", "INR", r"has (?:been )?(?:dispatched|shipped)")
AU = english_market("amazon.com.au", "AUD", r"has (?:been )?(?:dispatched|shipped)")
SG = english_market("amazon.sg", "SGD", r"has (?:been )?(?:dispatched|shipped)")

# amazon.ca also reads French: its table is ``multi.CA`` (this one is its English base).
MARKETS: tuple[Market, ...] = (US, UK, IE, IN, AU, SG)
