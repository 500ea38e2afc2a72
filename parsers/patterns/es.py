"""Spanish: amazon.es and amazon.com.mx. Format: ``parsers.patterns`` (module docstring).

Subjects as Amazon writes them in Spanish: ``Confirmación de pedido`` / ``Tu pedido de Amazon.es de «…»``,
``Enviado: «…»`` / ``Tu pedido … ha sido enviado``, ``En reparto hoy``, ``Retraso en la entrega``,
``Entregado: «…»``, ``Tu pedido … ha sido cancelado``, ``Tu solicitud de cancelación``, ``No se ha podido
cancelar``, ``Tu solicitud de devolución``, ``Hemos recibido tu devolución``, ``Reembolso de tu pedido``.
amazon.com.mx writes ``$1,249.00`` (pesos) and the same words (``paquete``, ``pedido``).
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_BEEN = r"(?:ha|han) (?:sido|quedado)|(?:fue|fueron|está|están)"

PHRASES = Phrases(
    language="es",
    subject={
        "ordered": (r"confirmación de(?:l)? pedido", r"\bpedido realizado\b", r"gracias por tu pedido",
                    r"^(?!.*(?:enviad|cancelad|entregad|reembols|devoluci|retraso|reparto)).*tu pedido de amazon\.\S+ (?:de|n\.º|#)"),
        "cancel_requested": (r"solicitud de cancelación",),
        "cancelled": (rf"(?:{_BEEN}) cancelad[oa]s?", r"\bcancelad[oa]s?\s*:", r"(?<!solicitud de )cancelación (?:del pedido|confirmada)",
                      r"artículos cancelados"),
        "shipped": (r"\benviad[oa]s?\s*:", rf"(?:{_BEEN}) enviad[oa]s?", r"(?:está|están) en camino", r"confirmación de envío"),
        "out_for_delivery": (r"en reparto", r"llega hoy", r"se entregará hoy"),
        "delivery_delayed": (r"retraso", r"nueva fecha de entrega", r"intento de entrega"),
        "delivered": (r"\bentregad[oa]s?\s*:", rf"(?:{_BEEN}) entregad[oa]s?", r"listo para recoger"),
        "delivery_refused": (r"entrega rechazada", r"paquete rechazado"),
        "return_requested": (r"solicitud de devolución", r"etiqueta de devolución", r"devolución (?:registrada|autorizada)"),
        "return_received": (r"(?:hemos )?recibido tu devolución", r"devolución recibida"),
        "refunded": (r"reembolso (?:de|del|para|emitido|realizado)\b", r"(?:ha sido|hemos) reembolsad[oa]"),
    },
    body={
        "ordered": (r"gracias por tu (?:pedido|compra)", r"tu pedido (?:ha sido|se ha) (?:realizado|confirmado)",
                    r"hemos recibido tu pedido"),
        "cancel_requested": (r"(?:enviado|trasladado|reenviado) tu solicitud de cancelación",
                             r"solicitud de cancelación (?:ha sido )?(?:enviada|trasladada)"),
        "cancelled": (rf"(?:{_BEEN}) cancelad[oa]s?", r"hemos cancelado", r"^artículos cancelados",
                      r"cancelación (?:ha sido )?(?:confirmada|completada)"),
        "shipped": (rf"(?:{_BEEN}) (?:ya )?enviad[oa]s?", r"(?:ya )?(?:ha|han) sido enviad[oa]s?", r"(?:está|están) en camino",
                    r"confirmación de envío"),
        "out_for_delivery": (r"(?:está|están) en reparto", r"se entregará hoy", r"repartidor está en camino"),
        "delivery_delayed": (r"(?:lleva|llevan|tiene|tienen) retraso", r"(?:está|están) retrasad[oa]s?",
                             r"nueva fecha de entrega", r"más tarde de lo previsto", r"intento de entrega"),
        "delivered": (rf"(?:{_BEEN}) entregad[oa]s?", r"se (?:dejó|entregó) en (?:tu|el|la|un|una)", r"listo para recoger"),
        "delivery_refused": (r"entrega (?:fue |ha sido )?rechazada", r"paquete (?:fue |ha sido )?rechazado"),
        "return_requested": (r"devolución (?:ha sido|fue) (?:registrada|autorizada|aprobada)", r"etiqueta de devolución",
                             r"^motivo de la devolución:"),
        "return_received": (r"(?:hemos )?recibido tu devolución", r"devolución (?:ha sido )?recibida"),
        "refunded": (r"hemos (?:emitido|procesado|realizado) (?:un|el|tu) reembolso", r"reembolso (?:ha sido )?(?:emitido|procesado)",
                     r"^importe del reembolso:", r"reembolso se abonará", r"(?:ha sido|hemos) reembolsad[oa]"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bcancel\w*", r"\banul\w*"), "refund": (r"\breembols\w*",)},
        before=(r"\bno\b", r"\bimposible\b", r"\bdemasiado tarde\b", r"\bya no\b"),
        after=(r"\brechazad[oa]\b", r"\bdenegad[oa]\b", r"\bno (?:es|fue|ha sido) posible\b", r"\bimposible\b",
               r"\bfallid[oa]\b"),
        mask=(r"\bsi no (?:has|realizaste|reconoces)\b", r"\bno respondas\b", r"\bno se te cobrará\b", r"\bno dudes\b"),
        hypothetical=(r"\bsi\b", r"\bcuando\b", r"\ben caso de\b", r"\bpodría\b", r"\bdeseas\b", r"\ben cuanto\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:y|pero|porque|así que)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-záéíñóúü]{3})(?![^\n]*://)(?!(?:número|entrega|fecha|cantidad|total|importe|vendido|"
             r"artículos|motivo|método|transportista|reembolso|hola|gracias))")
FIELDS = dict(
    amounts={
        "total": (r"total del pedido:?", r"importe total:?", r"^total:?"),
        "charged": (r"total del envío:?", r"total del pedido:?", r"^total:?"),
        "refund": (r"importe (?:total )?del reembolso:?", r"reembolso total:?", r"total reembolsado:?"),
    },
    payment=(r"^(?:método|forma) de pago:\s*(.+)", r"reembolso se abonará en:?\s*(.+)", r"abonará en tu (.+)"),
    payment_methods=(
        (r"cheque regalo|tarjeta regalo|saldo", "gift_card"),
        (r"oxxo|efectivo en tienda|7-eleven", "convenience_store"),
        (r"domiciliación|adeudo|sepa", "sepa_direct_debit"),
        (r"transferencia|cuenta bancaria|spei", "bank_transfer"),
        (r"contra ?reembolso|pago contra entrega", "cash_on_delivery"),
        (r"visa|master ?card|amex|american express|tarjeta de crédito|tarjeta de débito|tarjeta (?:que )?termina",
         "credit_card"),
    ),
    carrier=(
        r"^(?:transportista|empresa de transporte|mensajería):\s*(?P<carrier>.+)$",
        r"(?:entregad[oa]|enviad[oa]) (?:por|con) (?P<carrier>[A-Z][\w .-]{1,40}?)(?:[.,]| y |$)",
        r"número de seguimiento:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:entrega (?:estimada|prevista)|nueva fecha de entrega(?: estimada)?|fecha de entrega(?: estimada)?|"
              r"llegada estimada|entrega)(?: el)?:\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\n(?:cantidad|cant\.):\s*\d"),
    subject_items=(r"«\s*(.+?)\s*»", r"“(.+?)”", r"\"(.+?)\""),
    seller=(r"^vendido por:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*inicio del mensaje\s*-{3,}$", r"^-{3,}\s*fin del mensaje\s*-{3,}$"),
    note_skip=(r"^(?:hola|buenos días|buenas tardes|estimad[oa]|saludos|un saludo|atentamente)\b",),
    reason=(r"^motivo:\s*(.+)$",),
)

ES = market("amazon.es", "EUR", FIELDS, PHRASES, languages=("es",), decimal_comma=True)
MX = market("amazon.com.mx", "MXN", FIELDS, PHRASES, languages=("es",), decimal_comma=False)

MARKETS = (ES, MX)
