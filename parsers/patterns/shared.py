"""What every marketplace table shares, and how a market in several languages joins its tables. Data.

A language module (``de.py``, ``fr.py``…) holds one ``Phrases`` table (stage 1) and ``FIELDS``, the
field regexes of ``Market`` in that language (stage 2). ``market(...)`` makes a marketplace of one or
more languages from them: amazon.com.be reads French and Dutch, amazon.ca English and French.
"""

from __future__ import annotations

import re
from typing import Any

from parsers.patterns import Ignore, Market, Negation, Phrases, Template

# Amazon's own selling entities as mails name them ("Amazon EU S.à r.l.", "Amazon Seller Services Pvt.
# Ltd.", "Amazon Servicos de Varejo do Brasil Ltda.", "Amazon.com.tr Perakende Hizmetleri…").
AMAZON_SELLER = (r"amazon(?:\.[a-z]{2,3}(?:\.[a-z]{2})?)?"
                 r"(?: (?:eu|italia|transport|spain|france|seller services|commercial services|asia-pacific resources|export sales|retail|logistics|perakende hizmetleri"
                 r"|servi[cç]os de varejo do brasil|m[eé]xico|australia|india|ae|sg|sa|de|fr|it|es|nl|pl|se|tr|ca))*"
                 r"(?:,? (?:s\.? ?[aà]\.? ?r\.? ?l\.?|sarl|llc|inc\.?|ulc|gmbh|ltd\.?|limited|pvt\.? ?ltd\.?"
                 r"|private limited|sp\. z o\.o\.|ab|b\.?v\.?|s\.?l\.?u?\.?|s\.?r\.?l\.?|ltda\.?|fze|pty\.? ltd\.?"
                 r"|s\. de r\.? ?l\.? de c\.? ?v\.?|limited şirketi|ltd\. şti\.?))?")

# Subject tags: "[Amazon.de]", "【Amazon.fr】", "Amazon.it:" put in front by mailers and filters.
SUBJECT_TAGS = (r"\[\s*amazon(?:\.\w+){0,2}\s*\]", r"【\s*amazon(?:\.\w+){0,2}\s*】", r"^amazon(?:\.\w+){1,2}\s*:")


def relay_template(dom: str) -> Template:
    """A seller's message through the marketplace relay: known by its sender, in every market."""
    return Template("seller-message", "seller_message", rf".+@(?:m\.)?marketplace\.{dom}",
                    seller="marketplace", note="message")


def ignores(dom: str) -> tuple[Ignore, ...]:
    return (
        Ignore(rf"store-news@{dom}", "Amazon promotion (no order events)"),
        Ignore(rf"account-update@{dom}", "Amazon account notice (no order events)"),
        Ignore(rf"(?:customer-reviews-messages|vfe-campaign-response)@{dom}", "Amazon review request (no order events)"),
    )


def _join(a: str, b: str) -> str:
    return f"(?:{a})|(?:{b})"


def merge_phrases(*tables: Phrases) -> Phrases:
    """One table reading every language of ``tables`` (a market that writes in several)."""
    first, *rest = tables
    subject = {k: tuple(v) for k, v in first.subject.items()}
    body = {k: tuple(v) for k, v in first.body.items()}
    neg = first.negation
    verbs = {k: tuple(v) for k, v in neg.verbs.items()}
    after, before, mask, hypo = neg.after, neg.before, neg.mask, neg.hypothetical
    clause_end, sentence_end = neg.clause_end, neg.sentence_end
    for table in rest:
        for kind, phrases in table.subject.items():
            subject[kind] = subject.get(kind, ()) + tuple(phrases)
        for kind, phrases in table.body.items():
            body[kind] = body.get(kind, ()) + tuple(phrases)
        n = table.negation
        for family, stems in n.verbs.items():
            verbs[family] = verbs.get(family, ()) + tuple(stems)
        after, before, mask, hypo = after + n.after, before + n.before, mask + n.mask, hypo + n.hypothetical
        clause_end, sentence_end = _join(clause_end, n.clause_end), _join(sentence_end, n.sentence_end)
    return Phrases(
        language="+".join(t.language for t in tables), subject=subject, body=body,  # type: ignore[arg-type]
        negation=Negation(verbs=verbs, after=after, before=before, mask=mask, hypothetical=hypo,
                          clause_end=clause_end, sentence_end=sentence_end),
        window=max(t.window for t in tables))


def merge_fields(*fields: dict[str, Any]) -> dict[str, Any]:
    """The field regexes of several languages: lists joined (first language first)."""
    out: dict[str, Any] = {}
    for table in fields:
        for key, value in table.items():
            if key not in out:
                out[key] = dict(value) if isinstance(value, dict) else value
            elif isinstance(value, dict):
                for role, labels in value.items():
                    out[key][role] = tuple(out[key].get(role, ())) + tuple(labels)
            elif isinstance(value, tuple) and key == "message":
                out[key] = (_join(out[key][0], value[0]), _join(out[key][1], value[1]))
            elif isinstance(value, tuple):
                out[key] = tuple(out[key]) + value
            elif isinstance(value, str):
                out[key] = _join(out[key], value)
    return out


def market(name: str, currency: str, fields: dict[str, Any], phrases: Phrases, *,
           languages: tuple[str, ...], decimal_comma: bool, day_first: bool = True,
           domains: tuple[str, ...] | None = None) -> Market:
    """A marketplace read by phrase evidence: the relay template, the ignore rules, the language
    tables. ``name`` is its domain ("amazon.de")."""
    dom = re.escape(name)
    return Market(market=name, domains=domains or (name,), currency=currency,
                  templates=(relay_template(dom),), ignore=ignores(dom), day_first=day_first,
                  decimal_comma=decimal_comma, languages=languages, phrases=phrases,
                  subject_tags=SUBJECT_TAGS, amazon_seller=AMAZON_SELLER, **fields)
