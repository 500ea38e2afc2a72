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

from parsers.patterns import Ignore, Market, Template

# Money as the English templates write it: "$1,234.56", "£35.99", "CDN$ 67.77", "79.99 CAD".
_MONEY = r"(?:(?:cdn\$|ca\$|us\$|[$£€])\s?\d[\d,]*(?:\.\d\d)?|\d[\d,]*(?:\.\d\d)?\s?(?:usd|cad|gbp|eur))"
# A line that can be an item name: it has a word, and is none of the labels that sit next to items.
_NOT_ITEM = (r"(?=[^\n]*[a-z]{3})(?![^\n]*://)(?!(?:placed on|arriving|track|view|see |ship|return|quantity|qty|order|total|"
             r"sold by|items?\b|an amazon driver|\d+ items?$))")


def _templates(dom: str, shipped_subject: str) -> tuple[Template, ...]:
    """The templates the English markets share; ``dom`` is the regex-escaped sender domain."""
    return (
        Template("ordered", "ordered", rf"(?:auto-confirm|digital-no-reply)@{dom}",
                 # "Your Amazon.com order #… has shipped / has been canceled" belong to other kinds.
                 subject=r"^(?:(?:your )?amazon\.\S+ order (?:#|of)|ordered:|order confirmation)"
                         r"(?!.*(?:shipped|dispatched|cancell?(?:ed|ation)|delivered|refund))",
                 amount="total"),
        Template("shipped", "shipped", rf"(?:shipment-tracking|ship-confirm|auto-confirm)@{dom}",
                 subject=rf"{shipped_subject}|^(?:shipped|dispatched):|your package was (?:shipped|dispatched)",
                 amount="charged"),
        Template("out-for-delivery", "out_for_delivery", rf"(?:shipment-tracking|order-update)@{dom}",
                 subject=r"^(?:out for delivery|arriving today)"),
        Template("delivery-delayed", "delivery_delayed", rf"(?:shipment-tracking|order-update)@{dom}",
                 subject=r"^(?:delivery update|delayed|running late|delivery attempt)"),
        Template("delivered", "delivered", rf"(?:shipment-tracking|order-update|thehub|amazonlockers)@{dom}",
                 subject=r"^delivered:|has arrived|has been delivered|ready for pickup"),
        Template("cancel-requested", "cancel_requested", rf"(?:marketplace-messages|auto-confirm)@{dom}",
                 subject=r"cancell?ation request .*(?:sent to the seller|received)", seller="marketplace"),
        Template("cancel-rejected", "cancel_rejected", rf"(?:marketplace-messages|auto-confirm|cs-reply)@{dom}",
                 subject=r"cancell?ation request (?:declined|denied|not completed|could not)|unable to cancel"
                         r"|couldn['’]t cancel",
                 seller="marketplace", note="reason"),
        Template("cancelled", "cancelled", rf"(?:auto-confirm|order-update|cs-reply)@{dom}",
                 subject=r"^(?:successful |partial item\(s\) )?cancell?ation (?:of|from)|has been cancell?ed",
                 amount="total"),
        Template("return-requested", "return_requested", rf"return@{dom}",
                 subject=r"return (?:request|authori[sz]ation|label)"),
        Template("return-received", "return_received", rf"return@{dom}",
                 subject=r"return (?:received|has been received)|we(?:['’]ve| have) received your return"
                         r"|your return of .+ has been received"),
        Template("refunded", "refunded", rf"(?:return|payments-messages)@{dom}",
                 subject=r"^(?:your refund for|refund on order|refund (?:issued|processed|confirmation))",
                 amount="refund"),
        Template("seller-message", "seller_message", rf".+@(?:m\.)?marketplace\.{dom}",
                 seller="marketplace", note="message"),
    )


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
        (r"gift card|gift certificate|promotional", "gift_card"),
        (r"\bpoints\b", "points"),
        (r"visa|master ?card|amex|american express|discover|credit|debit|card ending", "credit_card"),
        (r"cash on delivery|\bcod\b", "cash_on_delivery"),
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
        r"^we['’]ve (?:issued|processed) your refund for (?!the )([^\n]{2,300}?)\.?$",
    ),
    subject_items=(r'"(.+?)"', r"“(.+?)”", r"^your refund for (.+)$"),
    seller=(
        rf"^sold by:?\s*([^\n]{{2,200}}?)(?:\s+{_MONEY})?$",
        r"request to cancel [^\n]{0,200}? to ([^\n:]{2,100}):$",
        r"^we['’]re sorry\. ([^\n]{2,100}?) (?:was|is) unable to cancel",
    ),
    amazon_seller=(r"amazon(?:\.com|\.co\.uk|\.ca|\.com\.ca)?(?: services| eu| export sales)?"
                   r"(?:,? (?:llc|inc\.?|ulc|s\.? ?[aà]\.? ?r\.? ?l\.?))?"),
    message=(r"^-{3,}\s*(?:begin )?message:?\s*-{3,}$", r"^-{3,}\s*end (?:of )?message\s*-{3,}$"),
    note_skip=(r"^(?:thank you|thanks) for (?:your order|shopping|reaching out|contacting)",),
    reason=(r"^reason:\s*(.+)$",),
)


def _ignore(dom: str) -> tuple[Ignore, ...]:
    return (
        Ignore(rf"store-news@{dom}", "Amazon promotion (no order events)"),
        Ignore(rf"account-update@{dom}", "Amazon account notice (no order events)"),
        # A delivery one-time password ("Arriving today: A one-time password is required…") is an
        # out-for-delivery notice, not an account notice.
        Ignore(rf".+@{dom}", "Amazon one-time password (no order events)",
               subject=r"^(?!arriving|out for delivery).*(?:one[- ]time password|verification code|sign-in attempt)"),
        Ignore(rf"(?:customer-reviews-messages|vfe-campaign-response)@{dom}", "Amazon review request (no order events)"),
    )


US = Market(market="amazon.com", domains=("amazon.com",), currency="USD", utc_offset=-5,
            templates=_templates(r"amazon\.com", r"has shipped"), ignore=_ignore(r"amazon\.com"), **_COMMON)
UK = Market(market="amazon.co.uk", domains=("amazon.co.uk",), currency="GBP", utc_offset=0, day_first=True,
            templates=_templates(r"amazon\.co\.uk", r"has (?:been )?dispatched|has shipped"),
            ignore=_ignore(r"amazon\.co\.uk"), **_COMMON)
CA = Market(market="amazon.ca", domains=("amazon.ca",), currency="CAD", utc_offset=-5,
            templates=_templates(r"amazon\.ca", r"has shipped"), ignore=_ignore(r"amazon\.ca"), **_COMMON)

MARKETS: tuple[Market, ...] = (US, UK, CA)
