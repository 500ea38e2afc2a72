"""Portuguese (Brazil): amazon.com.br. Format: ``parsers.patterns`` (module docstring).

Subjects as Amazon.com.br writes them: ``Pedido confirmado: "…"`` / ``Seu pedido Amazon.com.br de "…"``,
``Enviado: "…"`` / ``… foi enviado``, ``Saiu para entrega``, ``Atraso na entrega``, ``Entregue: "…"``,
``Seu pedido … foi cancelado``, ``Sua solicitação de cancelamento``, ``Não foi possível cancelar``,
``Sua solicitação de devolução``, ``Recebemos a sua devolução``, ``Reembolso do seu pedido …``.
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_BEEN = r"(?:foi|foram|está|estão|já foi|já foram)"

PHRASES = Phrases(
    language="pt",
    subject={
        "ordered": (r"pedido (?:confirmado|realizado)\b", r"confirmação (?:do|de) pedido", r"obrigad[oa] pelo seu pedido",
                    r"^(?!.*(?:enviad|cancelad|entreg|reembols|devolu|atraso)).*seu pedido amazon\.\S+ (?:de|n[ºo°]|#)"),
        "cancel_requested": (r"solicitação de cancelamento",),
        "cancelled": (rf"{_BEEN} cancelad[oa]s?", r"\bcancelad[oa]s?\s*:", r"(?<!solicitação de )cancelamento (?:do pedido|confirmado)",
                      r"itens cancelados"),
        "shipped": (r"\benviad[oa]s?\s*:", rf"{_BEEN} enviad[oa]s?", r"(?:está|estão) a caminho", r"confirmação de envio"),
        "out_for_delivery": (r"saiu para entrega", r"chega hoje", r"será entregue hoje"),
        "delivery_delayed": (r"atras", r"nova data de entrega", r"tentativa de entrega"),
        "delivered": (r"\bentregues?\s*:", rf"{_BEEN} entregues?", r"pronto para retirada"),
        "delivery_refused": (r"entrega recusada", r"pacote recusado"),
        "return_requested": (r"solicitação de devolução", r"etiqueta de devolução", r"devolução (?:registrada|autorizada)"),
        "return_received": (r"recebemos a sua devolução", r"devolução recebida"),
        "refunded": (r"reembolso (?:do|de|para|emitido|processado)\b", r"(?:foi|foram) reembolsad[oa]s?"),
    },
    body={
        "ordered": (r"obrigad[oa] pelo seu pedido", r"seu pedido (?:foi )?(?:realizado|confirmado|recebido)"),
        "cancel_requested": (r"encaminhamos (?:a )?sua solicitação de cancelamento",
                             r"solicitação de cancelamento (?:foi )?(?:encaminhada|enviada)"),
        "cancelled": (rf"{_BEEN} cancelad[oa]s?", r"cancelamos", r"^itens cancelados",
                      r"cancelamento (?:foi )?(?:confirmado|concluído)"),
        "shipped": (rf"{_BEEN} enviad[oa]s?", r"(?:está|estão) a caminho", r"confirmação de envio"),
        "out_for_delivery": (r"saiu para entrega", r"será entregue hoje", r"entregador está a caminho"),
        "delivery_delayed": (r"(?:está|estão) atrasad[oa]s?", r"nova data de entrega", r"mais tarde do que o previsto",
                             r"tentativa de entrega"),
        "delivered": (rf"{_BEEN} entregues?", r"foi (?:recebid[oa]|deixad[oa]) (?:na|no|em|com)", r"pronto para retirada"),
        "delivery_refused": (r"entrega (?:foi )?recusada", r"pacote (?:foi )?recusado"),
        "return_requested": (r"devolução foi (?:registrada|autorizada|aprovada)", r"etiqueta de devolução",
                             r"^motivo da devolução:"),
        "return_received": (r"recebemos a sua devolução", r"devolução (?:foi )?recebida"),
        "refunded": (r"processamos (?:um|o|seu) reembolso", r"reembolso (?:foi )?(?:emitido|processado)",
                     r"^valor do reembolso:", r"reembolso será creditado", r"(?:foi|foram) reembolsad[oa]s?"),
    },
    negation=Negation(
        verbs={"cancel": (r"\bcancel\w*",), "refund": (r"\breembols\w*",)},
        before=(r"\bnão\b", r"\bimpossível\b", r"\btarde demais\b"),
        after=(r"\brecusad[oa]\b", r"\bnegad[oa]\b", r"\bnão (?:foi |é )?possível\b", r"\bimpossível\b"),
        mask=(r"\bse você não\b", r"\bnão responda\b", r"\bnão será cobrad[oa]\b", r"\bnão hesite\b"),
        hypothetical=(r"\bse\b", r"\bquando\b", r"\bcaso\b", r"\bpoderá\b", r"\bpode\b", r"\bassim que\b", r"\bdeseja\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:e|mas|porque|então)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-záâãçéêíóôõú]{3})(?![^\n]*://)(?!(?:número|entrega|data|quantidade|total|valor|vendido|"
             r"itens|motivo|forma|transportadora|código|reembolso|olá|obrigad))")
FIELDS = dict(
    amounts={
        "total": (r"total do pedido:?", r"valor total:?", r"^total:?"),
        "charged": (r"total da remessa:?", r"total do pedido:?", r"^total:?"),
        "refund": (r"valor (?:total )?do reembolso:?", r"reembolso total:?"),
    },
    payment=(r"^(?:forma|método|meio) de pagamento:\s*(.+)", r"reembolso será creditado (?:em|no|na):?\s*(.+)"),
    payment_methods=(
        (r"vale[- ]presente|cartão[- ]presente|saldo", "gift_card"),
        (r"\bboleto\b", "boleto"),
        (r"\bpix\b", "pix"),
        (r"transferência|conta bancária", "bank_transfer"),
        (r"visa|master ?card|elo|amex|american express|hipercard|cartão de crédito|cartão de débito|cartão final",
         "credit_card"),
    ),
    carrier=(
        r"^(?:transportadora|enviado por|entregue por):\s*(?P<carrier>.+)$",
        r"código de rastreamento:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:entrega prevista|nova data de entrega(?: prevista)?|data de entrega(?: prevista)?|previsão de entrega|"
              r"entrega)(?: em)?:\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\n(?:quantidade|qtd\.?):\s*\d"),
    subject_items=(r"\"(.+?)\"", r"“(.+?)”", r"«\s*(.+?)\s*»"),
    seller=(r"^vendido (?:e entregue )?por:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*início da mensagem\s*-{3,}$", r"^-{3,}\s*fim da mensagem\s*-{3,}$"),
    note_skip=(r"^(?:olá|oi|prezad[oa]|bom dia|boa tarde|atenciosamente|abraços)\b",),
    reason=(r"^motivo:\s*(.+)$",),
)

BR = market("amazon.com.br", "BRL", FIELDS, PHRASES, languages=("pt",), decimal_comma=True)

MARKETS = (BR,)
