"""Dutch: amazon.nl (and the Dutch side of amazon.com.be, see ``multi``). Format: ``parsers.patterns``.

Subjects as Amazon.nl writes them: ``Besteld: '…'`` / ``Je Amazon.nl-bestelling van '…'``, ``Verzonden: '…'``,
``Wordt vandaag bezorgd``, ``Vertraging in de bezorging``, ``Bezorgd: '…'``, ``Je bestelling … is geannuleerd``,
``Je annuleringsverzoek``, ``Annuleren niet gelukt``, ``Je retourverzoek``, ``We hebben je retour ontvangen``,
``Terugbetaling voor je bestelling …``. Amazon.nl writes to "je"; "u" forms are listed too.
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_IS = r"(?:is|zijn|werd|werden) (?:al |nu |zojuist )?"

PHRASES = Phrases(
    language="nl",
    subject={
        "ordered": (r"\bbesteld\s*:", r"bestelbevestiging", r"bedankt voor (?:je|uw) bestelling",
                    r"^(?!.*(?:verzonden|geannuleerd|bezorgd|terugbetal|retour|vertraging)).*amazon\.\S+[ -]bestelling (?:van|#|nr)"),
        "cancel_requested": (r"annuleringsverzoek", r"verzoek (?:tot|om) annulering"),
        "cancelled": (rf"{_IS}geannuleerd", r"\bgeannuleerd\s*:", r"annulering van (?:je|uw|de) bestelling", r"artikelen geannuleerd"),
        "shipped": (r"\bverzonden\s*:", rf"{_IS}verzonden", r"(?:is|zijn) onderweg", r"verzendbevestiging"),
        "out_for_delivery": (r"wordt vandaag bezorgd", r"vandaag bezorgd", r"onderweg naar (?:je|u) toe"),
        "delivery_delayed": (r"vertraging", r"vertraagd", r"nieuwe bezorgdatum", r"bezorgpoging"),
        "delivered": (r"(?<!vandaag )\bbezorgd\s*:", rf"{_IS}(?:bezorgd|afgeleverd)", r"klaar om op te halen"),
        "delivery_refused": (r"(?:bezorging|pakket) geweigerd",),
        "return_requested": (r"retourverzoek", r"retourlabel", r"retour (?:geregistreerd|aangemeld)"),
        "return_received": (r"(?:hebben|heeft) (?:je|uw) retour ontvangen", r"retour (?:is )?ontvangen"),
        "refunded": (r"terugbetaling (?:voor|van|uitgevoerd)\b", r"(?:is|werd|hebben) terugbetaald"),
    },
    body={
        "ordered": (r"bedankt voor (?:je|uw) bestelling", r"(?:je|uw) bestelling is (?:geplaatst|ontvangen|bevestigd)",
                    r"we hebben (?:je|uw) bestelling ontvangen"),
        "cancel_requested": (r"annuleringsverzoek (?:doorgestuurd|verzonden|gestuurd)",
                             r"(?:hebben|heeft) (?:je|uw) annuleringsverzoek .{0,60}(?:doorgestuurd|verzonden|gestuurd)"),
        "cancelled": (rf"{_IS}geannuleerd", r"hebben (?:we )?[^.\n]{0,80}\bgeannuleerd\b", r"^geannuleerde artikelen",
                      r"annulering is (?:bevestigd|voltooid)"),
        "shipped": (rf"{_IS}verzonden", r"(?:is|zijn) onderweg", r"verzendbevestiging"),
        "out_for_delivery": (r"wordt vandaag bezorgd", r"(?:is|zijn) vandaag onderweg", r"bezorger is onderweg"),
        "delivery_delayed": (r"(?:is|zijn) vertraagd", r"(?:heeft|hebben) vertraging", r"nieuwe (?:verwachte )?bezorgdatum",
                             r"later dan verwacht", r"bezorgpoging"),
        "delivered": (rf"{_IS}(?:bezorgd|afgeleverd)", r"(?:is|werd) (?:in|bij|aan|op) [^\n.]{0,40}(?:achtergelaten|afgegeven|bezorgd)",
                      r"klaar om op te halen"),
        "delivery_refused": (r"(?:bezorging|pakket) (?:is |werd )?geweigerd",),
        "return_requested": (r"retour is (?:geregistreerd|aangemeld|goedgekeurd)", r"retourlabel", r"^reden van retour:"),
        "return_received": (r"(?:hebben|heeft) (?:je|uw) retour .{0,60}ontvangen", r"retour is ontvangen"),
        "refunded": (r"terugbetaling .{0,60}uitgevoerd", r"(?:is|werd|hebben) .{0,40}\bterugbetaald\b",
                     r"^terugbetalingsbedrag:", r"terugbetaling wordt gestort"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bannul\w*", r"\bgeannuleerd\b"), "refund": (r"\bterugbeta\w*", r"\bterugbetaald\b")},
        before=(r"\bniet\b", r"\bgeen\b", r"\bte laat\b"),
        after=(r"\bniet (?:gelukt|mogelijk|geaccepteerd|goedgekeurd|uitgevoerd)\b", r"\bafgewezen\b", r"\bgeweigerd\b",
               r"\bmislukt\b"),
        mask=(r"\bals (?:je|u) (?:dit )?niet\b", r"\bniet beantwoorden\b", r"\bgeen kosten\b", r"\bniet in rekening\b"),
        hypothetical=(r"\bals\b", r"\bindien\b", r"\bzodra\b", r"\bof\b", r"\bwanneer\b", r"\bzou\b", r"\bwil(?:t)?\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:en|maar|omdat|want)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-zé]{3})(?![^\n]*://)(?!(?:bestel|verwacht|bezorg|aantal|totaal|verkocht|geannuleerde|reden|"
             r"betaalmethode|vervoerder|tracking|terugbetal|hallo|bedankt))")
FIELDS = dict(
    amounts={
        "total": (r"totaal (?:van de )?bestelling:?", r"totaalbedrag:?", r"^totaal:?"),
        "charged": (r"totaal (?:van de )?zending:?", r"totaal (?:van de )?bestelling:?", r"^totaal:?"),
        "refund": (r"terugbetalingsbedrag:?", r"terugbetaald bedrag:?", r"totale terugbetaling:?"),
    },
    payment=(r"^betaal(?:methode|wijze):\s*(.+)", r"terugbetaling wordt gestort op:?\s*(.+)"),
    payment_methods=(
        (r"cadeaubon|cadeaukaart|tegoed", "gift_card"),
        (r"ideal", "net_banking"),
        (r"incasso|sepa", "sepa_direct_debit"),
        (r"overschrijving|bankrekening", "bank_transfer"),
        (r"rembours", "cash_on_delivery"),
        (r"visa|master ?card|amex|american express|creditcard|debitcard|bancontact|kaart eindigend", "credit_card"),
    ),
    carrier=(
        r"^(?:vervoerder|bezorger|pakketdienst):\s*(?P<carrier>.+)$",
        r"(?:bezorgd|verzonden) (?:door|met|via) (?P<carrier>[A-Z][\w .-]{1,40}?)(?:[.,]| en |$)",
        r"(?:trackingnummer|track-and-trace-code|zendingsnummer):?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:verwachte bezorging|nieuwe verwachte bezorgdatum|nieuwe bezorgdatum|bezorgdatum|bezorging)"
              r"(?: op)?:\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\naantal:\s*\d"),
    subject_items=(r"'(.+?)'", r"‘(.+?)’", r"“(.+?)”", r"\"(.+?)\""),
    seller=(r"^verkocht door:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*begin van (?:het )?bericht\s*-{3,}$", r"^-{3,}\s*einde van (?:het )?bericht\s*-{3,}$"),
    note_skip=(r"^(?:hallo|beste|geachte|goedendag|met vriendelijke groet|groeten)\b",),
    reason=(r"^reden:\s*(.+)$",),
)

NL = market("amazon.nl", "EUR", FIELDS, PHRASES, languages=("nl",), decimal_comma=True)

MARKETS = (NL,)
