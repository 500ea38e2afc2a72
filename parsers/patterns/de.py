"""German: amazon.de. Format: ``parsers.patterns`` (module docstring); shared parts: ``shared``.

Subjects as Amazon.de writes them: ``Bestellt: „…“`` / ``Ihre Amazon.de Bestellung von „…“``,
``Versandt: „…“`` / ``… wurde versandt``, ``Wird heute zugestellt: …``, ``Lieferung verzögert sich``,
``Zugestellt: „…“``, ``Ihre Bestellung … wurde storniert``, ``Ihre Stornierungsanfrage …``,
``Stornierung nicht möglich``, ``Ihre Rücksendung …``, ``Erstattung für Ihre Bestellung …``.
Amazon.de writes to "Sie"; sellers and newer templates to "du": both forms are listed.
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_PAST = r"(?:wurde|wurden|ist|sind|wurde soeben|wurde heute|wurde bereits|ist bereits)"
_YOUR = r"(?:ihre?[mnrs]?|deine?[mnrs]?)"

PHRASES = Phrases(
    language="de",
    subject={
        "ordered": (r"\bbestellt\s*:", r"bestellbestätigung",
                    r"^(?!.*(?:versandt|storniert|zugestellt|erstattung|rücksendung|verzöger|verspät)).*"
                    r"amazon\.\S+[ -]bestellung (?:von|#|nr)", r"danke für (?:ihre|deine) bestellung"),
        "cancel_requested": (r"stornierungsanfrage", r"anfrage zur stornierung"),
        "cancelled": (rf"{_PAST} storniert", r"\bstorniert\s*:", r"stornierung (?:ihrer|deiner|der|von|des) ",
                      r"stornierungsbestätigung", r"artikel storniert"),
        "shipped": (r"\bversandt\s*:", rf"{_PAST} (?:versandt|verschickt|unterwegs)", r"versandbestätigung",
                    r"(?:ist|sind) unterwegs"),
        "out_for_delivery": (r"wird heute zugestellt", r"heute in zustellung", r"\bin zustellung\b", r"kommt heute"),
        "delivery_delayed": (r"verzöger", r"verspät", r"neues lieferdatum", r"zustellversuch"),
        "delivered": (r"(?<!heute )zugestellt\s*:", rf"{_PAST} zugestellt", rf"{_PAST} geliefert", r"abholbereit"),
        "delivery_refused": (r"annahme verweigert", r"zustellung verweigert"),
        "return_requested": (r"rücksendeetikett", r"rücksendung (?:für|zu|angemeldet|erstellt|genehmigt)",
                             r"rücksendung wurde (?:angemeldet|erstellt|genehmigt)"),
        "return_received": (r"rücksendung (?:ist )?(?:bei uns )?eingegangen", r"rücksendung erhalten",
                            r"(?:haben|hat) (?:ihre|deine) rücksendung erhalten"),
        "refunded": (r"(?:rück)?erstattung (?:für|zu|von|über)\b", r"erstattung veranlasst",
                     r"(?:wurde|wurden) erstattet", r"gutschrift (?:für|veranlasst)"),
    },
    body={
        "ordered": (r"(?:vielen )?dank für (?:ihre|deine) bestellung", rf"{_YOUR} bestellung (?:wurde|ist) "
                    r"(?:aufgegeben|eingegangen|bestätigt)", r"wir haben (?:ihre|deine) bestellung erhalten",
                    r"bestellbestätigung"),
        "cancel_requested": (r"stornierungsanfrage (?:an den verkäufer )?(?:weitergeleitet|gesendet|übermittelt)",
                             r"(?:haben|hat) (?:ihre|deine) stornierungsanfrage .{0,60}(?:weitergeleitet|gesendet|übermittelt|erhalten)",
                             r"anfrage zur stornierung .{0,40}(?:weitergeleitet|gesendet)"),
        "cancelled": (rf"{_PAST} (?:erfolgreich )?storniert", r"\bhaben (?:wir )?[^.\n]{0,80}\bstorniert\b",
                      r"^stornierte artikel", r"stornierung (?:wurde )?(?:bestätigt|abgeschlossen|durchgeführt)"),
        "shipped": (rf"{_PAST} (?:versandt|verschickt)", r"(?:ist|sind) (?:jetzt )?unterwegs", r"versandbestätigung"),
        "out_for_delivery": (r"(?:ist|sind) heute in zustellung", r"wird heute zugestellt", r"(?:ist|sind) in zustellung",
                             r"zusteller(?:in)? ist unterwegs"),
        "delivery_delayed": (r"(?:verspätet|verzögert) sich", r"(?:hat|ist) sich .{0,30}(?:verzögert|verspätet)",
                             r"(?:neues|aktualisiertes) (?:voraussichtliches )?lieferdatum", r"später als (?:erwartet|geplant)",
                             r"zustellversuch"),
        "delivered": (rf"{_PAST} zugestellt", r"(?:wurde|wurden) (?:in|an|bei|vor|im) [^\n.]{0,40}(?:gelegt|abgegeben|hinterlegt)",
                      r"(?:ist|liegt) (?:zur abholung )?abholbereit", r"^zugestellt an:"),
        "delivery_refused": (r"annahme (?:wurde )?verweigert", r"zustellung (?:wurde )?verweigert"),
        "return_requested": (r"rücksendung wurde (?:angemeldet|erstellt|genehmigt|registriert)", r"rücksendeetikett",
                             r"^rücksendegrund:"),
        "return_received": (r"(?:haben|hat) (?:ihre|deine) rücksendung .{0,60}erhalten",
                            r"rücksendung (?:ist )?(?:bei uns )?eingegangen", r"rücksendung wurde (?:geprüft|erhalten)"),
        "refunded": (r"(?:rück)?erstattung .{0,60}veranlasst", r"(?:haben|wurde|wurden) .{0,60}\berstattet\b",
                     r"^erstattungsbetrag:", r"erstattung erfolgt auf", r"gutschrift .{0,40}veranlasst"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bstorn\w*", r"\bannull\w*"), "refund": (r"\b(?:rück)?erstatt\w*",)},
        before=(r"\bnicht\b", r"\bkeine?\b", r"\bzu spät\b", r"\bunmöglich\b"),
        after=(r"\bnicht (?:mehr )?(?:möglich|durchgeführt|erfolgreich|bearbeitet|angenommen|genehmigt)\b",
               r"\babgelehnt\b", r"\bfehlgeschlagen\b"),
        mask=(r"\bfalls (?:sie|du) (?:dies |das )?nicht\b", r"\bantworten (?:sie|du) nicht\b",
              r"\bnicht (?:belastet|berechnet)\b", r"\bkeine (?:kosten|gebühren)\b"),
        hypothetical=(r"\bfalls\b", r"\bwenn\b", r"\bsobald\b", r"\bob\b", r"\bsofern\b", r"\bkönnte\b",
                      r"\bmöchten\b", r"\bwie (?:sie|du) .{0,20}können\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:und|aber|weil|denn|sodass)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

# "Gesamtsumme: 23,99 €", "Erstattungsbetrag: EUR 23,99": the amount is the money after the label.
_NOT_ITEM = (r"(?=[^\n]*[a-zäöüß]{3})(?![^\n]*://)(?!(?:bestell|voraussichtlich|zustellung|lieferung|versand|sendung|"
             r"menge|anzahl|gesamt|summe|verkauft|stornierte|grund|zahlungsart|erstattung|rücksend|hallo|vielen dank))")
FIELDS = dict(
    amounts={
        "total": (r"gesamtsumme(?: der bestellung)?:?", r"bestellsumme:?", r"gesamtbetrag(?: der bestellung)?:?",
                  r"^summe:?"),
        "charged": (r"gesamtbetrag der sendung:?", r"gesamtbetrag:?", r"gesamtsumme:?", r"^summe:?"),
        "refund": (r"erstattungsbetrag:?", r"erstattungssumme:?", r"gesamterstattung:?"),
    },
    payment=(r"^zahlungsart:\s*(.+)", r"^bezahlt mit:?\s*(.+)", r"erstattung erfolgt auf:?\s*(.+)",
             r"gutgeschrieben auf:?\s*(.+)"),
    payment_methods=(
        (r"geschenkgutschein|gutschein|guthaben|geschenkkarte", "gift_card"),
        (r"lastschrift|bankeinzug|sepa", "sepa_direct_debit"),
        (r"rechnung|monatsabrechnung", "invoice"),
        (r"überweisung|vorkasse|bankkonto", "bank_transfer"),
        (r"nachnahme", "cash_on_delivery"),
        (r"visa|master ?card|amex|american express|kreditkarte|debitkarte|karte endend|girocard", "credit_card"),
    ),
    carrier=(
        r"^(?:versanddienstleister|zusteller|versandunternehmen|transportunternehmen):\s*(?P<carrier>.+)$",
        r"(?:wird|werden|wurde) (?:von|mit|durch) (?P<carrier>[A-Z][\w .-]{1,40}?) (?:zugestellt|geliefert|versandt)",
        r"sendungsnummer(?: lautet)?:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:voraussichtliche (?:lieferung|zustellung)|neues (?:voraussichtliches )?lieferdatum|zustellung|"
              r"lieferung|lieferdatum)(?: am| bis)?:\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\n(?:menge|anzahl):\s*\d"),
    subject_items=(r"„(.+?)[“”]", r"\"(.+?)\"", r"»(.+?)«"),
    seller=(r"^verkauft von:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*beginn der nachricht\s*-{3,}$", r"^-{3,}\s*ende der nachricht\s*-{3,}$"),
    note_skip=(r"^(?:hallo|guten tag|sehr geehrte\w*|liebe\w*|mit freundlichen grüßen|viele grüße)\b",),
    reason=(r"^grund:\s*(.+)$",),
)

DE = market("amazon.de", "EUR", FIELDS, PHRASES, languages=("de",), decimal_comma=True)

MARKETS = (DE,)
