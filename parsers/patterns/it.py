"""Italian: amazon.it. Format: ``parsers.patterns`` (module docstring).

Subjects as Amazon.it writes them: ``Ordinato: «…»`` / ``Il tuo ordine Amazon.it di «…»``,
``Spedito: «…»`` / ``Il tuo ordine … è stato spedito``, ``In consegna oggi``, ``Ritardo nella consegna``,
``Consegnato: «…»`` / ``Consegna effettuata``, ``Il tuo ordine … è stato cancellato`` (or ``annullato``),
``La tua richiesta di cancellazione``, ``Cancellazione non riuscita``, ``La tua richiesta di reso``,
``Abbiamo ricevuto il tuo reso``, ``Rimborso per il tuo ordine …``.
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_BEEN = r"(?:è|sono) (?:già |stato |stata |stati |state )*"
_CANCEL = r"(?:cancellat|annullat)[oaie]"

PHRASES = Phrases(
    language="it",
    subject={
        "ordered": (r"\bordinato\s*:", r"conferma (?:d['’]ordine|dell['’]ordine)", r"grazie per il tuo ordine",
                    r"^(?!.*(?:spedit|cancellat|annullat|consegn|rimbors|reso|ritardo)).*il tuo ordine amazon\.\S+ (?:di|n\.|#)"),
        "cancel_requested": (r"richiesta di (?:cancellazione|annullamento)",),
        "cancelled": (rf"{_BEEN}{_CANCEL}", rf"\b{_CANCEL}\s*:", r"(?:cancellazione|annullamento) (?:dell['’]ordine|confermat)",
                      rf"articoli {_CANCEL}"),
        "shipped": (r"\bspedit[oaie]\s*:", rf"{_BEEN}spedit[oaie]", r"(?:è|sono) in viaggio", r"conferma di spedizione"),
        "out_for_delivery": (r"in consegna oggi", r"(?:è|sono) in consegna", r"arriva oggi"),
        "delivery_delayed": (r"ritardo", r"nuova data di consegna", r"tentativo di consegna"),
        "delivered": (r"(?<!in )\bconsegnat[oaie]\s*:", rf"{_BEEN}consegnat[oaie]", r"consegna effettuata",
                      r"pronto per il ritiro"),
        "delivery_refused": (r"consegna rifiutata", r"pacco rifiutato"),
        "return_requested": (r"richiesta di reso", r"etichetta di reso", r"reso (?:registrato|autorizzato)"),
        "return_received": (r"(?:abbiamo )?ricevuto il tuo reso", r"reso (?:è stato )?ricevuto"),
        "refunded": (r"rimborso (?:per|del|dell['’]|emesso|effettuato)", r"(?:è stato|abbiamo) rimborsat[oa]"),
    },
    body={
        "ordered": (r"grazie per il tuo ordine", r"il tuo ordine (?:è stato )?(?:effettuato|confermato|ricevuto)",
                    r"abbiamo ricevuto il tuo ordine"),
        "cancel_requested": (r"(?:inoltrato|inviato) la tua richiesta di (?:cancellazione|annullamento)",
                             r"richiesta di (?:cancellazione|annullamento) (?:è stata )?(?:inoltrata|inviata)"),
        "cancelled": (rf"{_BEEN}{_CANCEL}", rf"abbiamo {_CANCEL}", rf"^articoli {_CANCEL}",
                      r"(?:cancellazione|annullamento) (?:è stat[oa] )?(?:confermat|completat)[oa]"),
        "shipped": (rf"{_BEEN}spedit[oaie]", r"(?:è|sono) in viaggio", r"conferma di spedizione"),
        "out_for_delivery": (r"(?:è|sono) in consegna oggi", r"verrà consegnat[oa] oggi", r"corriere è in arrivo"),
        "delivery_delayed": (r"(?:è|sono) in ritardo", r"nuova data di consegna", r"più tardi del previsto",
                             r"tentativo di consegna"),
        "delivered": (rf"{_BEEN}consegnat[oaie]", r"(?:è|sono) stat[oaie] lasciat[oaie] (?:nella|nel|presso|davanti|al|alla)",
                      r"consegna effettuata", r"pronto per il ritiro"),
        "delivery_refused": (r"consegna (?:è stata )?rifiutata", r"pacco (?:è stato )?rifiutato"),
        "return_requested": (r"reso è stato (?:registrato|autorizzato|creato)", r"etichetta di reso", r"^motivo del reso:"),
        "return_received": (r"(?:abbiamo )?ricevuto il tuo reso", r"reso (?:è stato )?ricevuto"),
        "refunded": (r"abbiamo (?:emesso|effettuato|elaborato) (?:un|il) rimborso", r"rimborso (?:è stato )?(?:emesso|effettuato)",
                     r"^importo del rimborso:", r"rimborso sarà accreditato", r"(?:è stato|abbiamo) rimborsat[oa]"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bcancell\w*", r"\bannull\w*"), "refund": (r"\brimbors\w*",)},
        before=(r"\bnon\b", r"\bimpossibile\b", r"\btroppo tardi\b", r"\bnon più\b"),
        after=(r"\bnon (?:riuscit|possibil|andat)[oae]\b", r"\brifiutat[oa]\b", r"\bnon è (?:più )?possibile\b",
               r"\bimpossibile\b", r"\bfallit[oa]\b", r"\bnegat[oa]\b"),
        mask=(r"\bse non hai\b", r"\bnon rispondere\b", r"\bnon ti verrà addebitato\b", r"\bnon esitare\b"),
        hypothetical=(r"\bse\b", r"\bqualora\b", r"\bquando\b", r"\bnel caso\b", r"\bpotrebbe\b", r"\bdesideri\b",
                      r"\bnon appena\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:e|ma|perché|quindi)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-zàèéìòù]{3})(?![^\n]*://)(?!(?:numero|consegna|data|quantità|totale|importo|venduto|"
             r"articoli|motivo|metodo|corriere|rimborso|ciao|grazie))")
FIELDS = dict(
    amounts={
        "total": (r"totale (?:dell['’])?ordine:?", r"importo totale:?", r"^totale:?"),
        "charged": (r"totale (?:della )?spedizione:?", r"totale (?:dell['’])?ordine:?", r"^totale:?"),
        "refund": (r"importo (?:totale )?del rimborso:?", r"totale rimborso:?", r"rimborso totale:?"),
    },
    payment=(r"^metodo di pagamento:\s*(.+)", r"rimborso sarà accreditato su:?\s*(.+)", r"accreditato sul(?:la)? tu[oa] (.+)"),
    payment_methods=(
        (r"buono regalo|carta regalo|saldo", "gift_card"),
        (r"addebito diretto|sepa", "sepa_direct_debit"),
        (r"bonifico|conto bancario", "bank_transfer"),
        (r"contrassegno", "cash_on_delivery"),
        (r"visa|master ?card|amex|american express|carta di credito|carta di debito|carta che termina|postepay",
         "credit_card"),
    ),
    carrier=(
        r"^(?:corriere|spedizioniere|vettore):\s*(?P<carrier>.+)$",
        r"(?:consegnat[oa]|spedit[oa]|affidat[oa]) (?:da|con|a) (?P<carrier>[A-Z][\w .-]{1,40}?)(?:[.,]| e |$)",
        r"numero di (?:tracciabilità|tracciamento|spedizione):?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:consegna prevista|nuova data di consegna(?: prevista)?|data di consegna(?: prevista)?|"
              r"arrivo previsto|consegna)(?: il)?:\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\n(?:quantità|qtà):\s*\d"),
    subject_items=(r"«\s*(.+?)\s*»", r"“(.+?)”", r"\"(.+?)\""),
    seller=(r"^venduto da:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*inizio del messaggio\s*-{3,}$", r"^-{3,}\s*fine del messaggio\s*-{3,}$"),
    note_skip=(r"^(?:ciao|salve|buongiorno|gentile|cordiali saluti|distinti saluti)\b",),
    reason=(r"^motivo:\s*(.+)$",),
)

IT = market("amazon.it", "EUR", FIELDS, PHRASES, languages=("it",), decimal_comma=True)

MARKETS = (IT,)
