"""French: amazon.fr (and the French side of amazon.com.be and amazon.ca, see ``multi``).

Format: ``parsers.patterns`` (module docstring). Subjects as Amazon writes them in French:
``Commandé : « … »`` / ``Votre commande Amazon.fr de « … »``, ``Expédié : « … »`` / ``… a été expédiée``,
``En cours de livraison``, ``Retard de livraison``, ``Livré : « … »``, ``Votre commande … a été annulée``,
``Votre demande d'annulation …``, ``Annulation impossible``, ``Votre demande de retour``,
``Nous avons reçu votre retour``, ``Remboursement de votre commande …``. Normalised text has no
space before a colon ("Numéro de commande : X" reads "Numéro de commande: X").
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_BEEN = r"(?:a|ont) (?:déjà |bien )?été|est|sont"

PHRASES = Phrases(
    language="fr",
    subject={
        "ordered": (r"\bcommandée?s?\s*:", r"confirmation de (?:votre )?commande", r"merci pour votre commande",
                    r"^(?!.*(?:expédi|annul|livr|rembours|retour|retard)).*votre commande amazon\.\S+ (?:de|n°|#)"),
        "cancel_requested": (r"demande d['’]annulation",),
        "cancelled": (rf"(?:{_BEEN}) annulée?s?", r"\bannulée?s?\s*:", r"annulation (?:de|confirmée)",
                      r"articles? annulés?"),
        "shipped": (r"\bexpédiée?s?\s*:", rf"(?:{_BEEN}) expédiée?s?", r"(?:est|sont) en route",
                    r"confirmation d['’]expédition"),
        "out_for_delivery": (r"en cours de livraison", r"livraison aujourd['’]hui", r"arrive aujourd['’]hui"),
        "delivery_delayed": (r"\bretard", r"nouvelle date de livraison", r"tentative de livraison"),
        "delivered": (r"\blivrée?s?\s*:", rf"(?:{_BEEN}) livrée?s?", r"disponible pour (?:le )?retrait"),
        "delivery_refused": (r"livraison refusée", r"colis refusé"),
        "return_requested": (r"demande de retour", r"étiquette de retour", r"retour (?:enregistré|autorisé|approuvé)"),
        "return_received": (r"(?:avons|a) (?:bien )?reçu votre retour", r"retour (?:a été )?reçu"),
        "refunded": (r"remboursement (?:de|pour|effectué|émis)\b", r"(?:a été|avons) remboursée?s?", r"\bremboursée?\s*:"),
    },
    body={
        "ordered": (r"merci pour votre commande", r"votre commande (?:a été|est) (?:passée|confirmée|enregistrée)",
                    r"nous avons (?:bien )?reçu votre commande"),
        "cancel_requested": (r"(?:transmis|envoyé) votre demande d['’]annulation",
                             r"demande d['’]annulation (?:a été )?(?:transmise|envoyée)"),
        "cancelled": (rf"(?:{_BEEN}) annulée?s?", r"(?:nous )?avons annulé", r"^articles? annulés?",
                      r"annulation (?:a été )?(?:confirmée|effectuée)"),
        "shipped": (rf"(?:{_BEEN}) expédiée?s?", r"(?:est|sont) en route", r"confirmation d['’]expédition"),
        "out_for_delivery": (r"(?:est|sont) en cours de livraison", r"sera livrée? aujourd['’]hui",
                             r"livreur est en route"),
        "delivery_delayed": (r"(?:a|ont) pris du retard", r"(?:est|sont) en retard", r"nouvelle date de livraison",
                             r"plus tard que prévu", r"tentative de livraison"),
        "delivered": (r"(?:a|ont) été livrée?s?", r"(?:a|ont) été déposée?s? (?:dans|devant|chez|à|au|en)",
                      r"disponible pour (?:le )?retrait"),
        "delivery_refused": (r"livraison (?:a été )?refusée", r"colis (?:a été )?refusé"),
        "return_requested": (r"retour a été (?:enregistré|autorisé|approuvé|créé)", r"étiquette de retour",
                             r"^raison du retour:"),
        "return_received": (r"(?:avons|a) (?:bien )?reçu votre retour", r"retour (?:a été )?(?:reçu|réceptionné)"),
        "refunded": (r"(?:avons|a) (?:effectué|émis|traité) (?:un|votre|le) remboursement",
                     r"remboursement (?:a été )?(?:effectué|émis)", r"^montant du remboursement:",
                     r"remboursement sera crédité", r"(?:a été|avons) remboursée?s?"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bannul\w*",), "refund": (r"\brembours\w*",)},
        before=(r"\bn['’]", r"\bne\b", r"\bpas\b", r"\bimpossible\b", r"\bplus possible\b", r"\btrop tard\b"),
        after=(r"\bimpossible\b", r"\brefusée?s?\b", r"\brejetée?s?\b", r"\bn['’](?:a|ont|est) pas\b",
               r"\bn['’]est plus possible\b", r"\béchouée?\b"),
        mask=(r"\bsi vous n['’]avez pas\b", r"\bne (?:pas )?répondez pas\b", r"\bmerci de ne pas répondre\b",
              r"\bne sera pas débitée?\b", r"\bn['’]hésitez pas\b"),
        hypothetical=(r"\bsi\b", r"\bs['’]il\b", r"\bdès que\b", r"\blorsque\b", r"\bquand\b", r"\bpourrait\b",
                      r"\bsouhaitez\b", r"\ben cas de\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:et|mais|car|donc)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-zàâçéèêëîïôûùüÿœ]{3})(?![^\n]*://)(?!(?:numéro|livraison|date|quantité|montant|total|vendu|"
             r"articles? annulés|motif|raison|mode de paiement|transporteur|remboursement|bonjour|merci))")
FIELDS = dict(
    amounts={
        "total": (r"montant total(?: de la commande)?:?", r"total de la commande:?", r"^total:?"),
        "charged": (r"montant de l['’]envoi:?", r"montant total:?", r"^total:?"),
        "refund": (r"montant (?:total )?du remboursement:?", r"remboursement total:?"),
    },
    payment=(r"^(?:mode|moyen) de paiement:\s*(.+)", r"remboursement sera crédité sur:?\s*(.+)",
             r"crédité sur votre (.+)"),
    payment_methods=(
        (r"chèque[- ]cadeau|carte[- ]cadeau|solde|bon d['’]achat", "gift_card"),
        (r"prélèvement|sepa", "sepa_direct_debit"),
        (r"virement|compte bancaire", "bank_transfer"),
        (r"contre[- ]remboursement", "cash_on_delivery"),
        (r"visa|master ?card|amex|american express|carte bancaire|carte de crédit|\bcb\b|carte se terminant",
         "credit_card"),
        (r"paiement en \d ?x|cofidis", "other"),
    ),
    carrier=(
        r"^(?:transporteur|livreur|expédié avec):\s*(?P<carrier>.+)$",
        r"(?:livrée?s?|expédiée?s?|acheminée?s?) (?:par|avec) (?P<carrier>[A-Z][\w .-]{1,40}?)(?:[.,]| et |$)",
        r"numéro de suivi:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:livraison prévue|nouvelle date de livraison(?: prévue)?|date de livraison(?: prévue)?|"
              r"arrivée prévue|livraison)(?: le)?:\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\n(?:quantité|qté):\s*\d"),
    subject_items=(r"«\s*(.+?)\s*»", r"“(.+?)”", r"\"(.+?)\""),
    seller=(r"^vendu par:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*début du message\s*-{3,}$", r"^-{3,}\s*fin du message\s*-{3,}$"),
    note_skip=(r"^(?:bonjour|bonsoir|madame|monsieur|cordialement|bien à vous)\b",),
    reason=(r"^(?:motif|raison):\s*(.+)$",),
)

FR = market("amazon.fr", "EUR", FIELDS, PHRASES, languages=("fr",), decimal_comma=True)

MARKETS = (FR,)
