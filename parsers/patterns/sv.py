"""Swedish: amazon.se. Format: ``parsers.patterns`` (module docstring).

Subjects as Amazon.se writes them: ``Beställd: ”…”``, ``Skickad: ”…”`` / ``… har skickats``, ``Levereras i dag``,
``Försenad leverans``, ``Levererad: ”…”``, ``Din beställning … har avbrutits``, ``Din begäran om att avbryta``,
``Beställningen kunde inte avbrytas``, ``Din returbegäran``, ``Vi har tagit emot din retur``,
``Återbetalning för din beställning …``.
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_HAS = r"(?:har|hade) (?:nu |redan )?"

PHRASES = Phrases(
    language="sv",
    subject={
        "ordered": (r"\bbeställd\s*:", r"orderbekräftelse", r"tack för din beställning",
                    r"^(?!.*(?:skickat|avbrut|levererat|återbetal|retur|försen)).*din amazon\.\S+[ -]beställning (?:av|#|nr)"),
        "cancel_requested": (r"begäran om att avbryta", r"avbeställningsbegäran"),
        "cancelled": (rf"{_HAS}(?:avbrutits|annullerats)", r"\bavbruten\s*:", r"avbokning bekräftad"),
        "shipped": (r"\bskickad\s*:", rf"{_HAS}skickats", r"(?:är|har) på väg", r"leveransbekräftelse"),
        "out_for_delivery": (r"levereras i dag", r"ute för leverans", r"kommer i dag"),
        "delivery_delayed": (r"försen", r"nytt leveransdatum", r"leveransförsök"),
        "delivered": (r"(?<!levereras )\blevererad\s*:", rf"{_HAS}levererats", r"redo att hämtas"),
        "delivery_refused": (r"leverans(?:en)? (?:nekad|vägrad)",),
        "return_requested": (r"returbegäran", r"returetikett", r"retur (?:registrerad|godkänd)"),
        "return_received": (r"(?:tagit emot|mottagit) din retur", r"retur(?:en)? (?:har )?mottagits"),
        "refunded": (r"återbetalning (?:för|av|genomförd)\b", rf"{_HAS}återbetalats"),
    },
    body={
        "ordered": (r"tack för din beställning", r"din beställning (?:har )?(?:lagts|tagits emot|bekräftats)"),
        "cancel_requested": (r"skickat din begäran om att avbryta", r"begäran om att avbryta .{0,60}(?:skickats|vidarebefordrats)"),
        "cancelled": (rf"{_HAS}(?:avbrutits|annullerats)", r"har (?:vi )?avbrutit", r"^avbrutna varor",
                      r"avbokningen (?:har )?bekräftats"),
        "shipped": (rf"{_HAS}skickats", r"(?:är|är nu) på väg", r"leveransbekräftelse"),
        "out_for_delivery": (r"(?:är|är nu) ute för leverans", r"levereras i dag", r"budet är på väg"),
        "delivery_delayed": (r"(?:är|har blivit) försenad?t?", r"nytt (?:beräknat )?leveransdatum", r"senare än (?:väntat|beräknat)",
                             r"leveransförsök"),
        "delivered": (rf"{_HAS}levererats", r"(?:lämnades|lämnats|placerades) (?:i|vid|hos|på) ", r"redo att hämtas"),
        "delivery_refused": (r"leveransen (?:har )?(?:nekats|vägrats)",),
        "return_requested": (r"retur har registrerats", r"returetikett", r"^anledning till retur:"),
        "return_received": (r"(?:tagit emot|mottagit) din retur", r"returen har mottagits"),
        "refunded": (r"(?:genomfört|utfört|gjort) en återbetalning", r"återbetalningen har (?:genomförts|gjorts)",
                     r"^återbetalt belopp:", r"återbetalningen görs till", rf"{_HAS}återbetalats"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bavbr\w*", r"\bannuller\w*", r"\bavbok\w*"), "refund": (r"\båterbetal\w*",)},
        before=(r"\binte\b", r"\bej\b", r"\bför sent\b", r"\bomöjligt\b"),
        after=(r"\bnekad\w*", r"\bavslag\w*", r"\binte möjlig\w*", r"\bmisslyckad\w*"),
        mask=(r"\bom du inte\b", r"\bsvara inte\b", r"\binte debiteras\b", r"\btveka inte\b"),
        hypothetical=(r"\bom\b", r"\bnär\b", r"\bifall\b", r"\bså snart\b", r"\bkan komma att\b", r"\bvill\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:och|men|eftersom|så)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-zåäö]{3})(?![^\n]*://)(?!(?:beställning|beräknad|leverans|antal|ordersumma|summa|säljs|"
             r"avbrutna|anledning|betalningsmetod|transportör|spårning|återbetal|hej|tack))")
FIELDS = dict(
    amounts={
        "total": (r"ordersumma:?", r"totalt:?", r"^summa:?"),
        "charged": (r"summa för försändelsen:?", r"ordersumma:?", r"totalt:?"),
        "refund": (r"återbetalt belopp:?", r"återbetalningsbelopp:?"),
    },
    payment=(r"^betal(?:ningsmetod|sätt):\s*(.+)", r"återbetalningen görs till:?\s*(.+)"),
    payment_methods=(
        (r"presentkort|saldo", "gift_card"),
        (r"faktura|klarna", "invoice"),
        (r"swish", "e_money"),
        (r"banköverföring|bankkonto", "bank_transfer"),
        (r"visa|master ?card|amex|american express|kreditkort|betalkort|kort som slutar", "credit_card"),
    ),
    carrier=(
        r"^(?:transportör|fraktbolag|leverantör):\s*(?P<carrier>.+)$",
        r"(?:levereras|skickas) (?:med|av) (?P<carrier>[A-Z][\w .-]{1,40}?)(?:[.,]| och |$)",
        r"spårningsnummer:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:beräknad leverans|nytt beräknat leveransdatum|nytt leveransdatum|leveransdatum|leverans)"
              r":\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\nantal:\s*\d"),
    subject_items=(r"”(.+?)”", r"“(.+?)”", r"\"(.+?)\"", r"»(.+?)«"),
    seller=(r"^säljs av:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*meddelandets början\s*-{3,}$", r"^-{3,}\s*meddelandets slut\s*-{3,}$"),
    note_skip=(r"^(?:hej|hejsan|god dag|med vänliga hälsningar|vänliga hälsningar|mvh)\b",),
    reason=(r"^anledning:\s*(.+)$",),
)

SE = market("amazon.se", "SEK", FIELDS, PHRASES, languages=("sv",), decimal_comma=True)

MARKETS = (SE,)
