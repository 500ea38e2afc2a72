"""Arabic: the Arabic mail of amazon.ae and amazon.sa (both also write English: see ``multi``).

Format: ``parsers.patterns`` (module docstring). Subjects as Amazon writes them in Arabic: ``تأكيد الطلب``,
``تم شحن طلبك``, ``طلبك خارج للتوصيل اليوم``, ``تأخر توصيل الطلب``, ``تم توصيل طلبك``, ``تم إلغاء طلبك``,
``تعذر إلغاء الطلب``, ``طلب الإرجاع``, ``لقد استلمنا المرتجع``, ``استرداد المبلغ``. Order numbers, amounts
and dates keep Western digits in Amazon's Arabic mail.
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases

_CANCEL = r"(?:إلغاء|الغاء)"

PHRASES = Phrases(
    language="ar",
    subject={
        "ordered": (r"تأكيد (?:ال)?طلب", r"شكرا?ً? لطلبك", r"تم (?:تقديم|استلام|تأكيد) (?:ال)?طلب"),
        "cancel_requested": (rf"طلب {_CANCEL}",),
        "cancelled": (rf"تم {_CANCEL}", rf"{_CANCEL} (?:ال)?طلب (?:ناجح|مؤكد)"),
        "shipped": (r"تم شحن", r"في الطريق إليك"),
        "out_for_delivery": (r"خارج(?:ة)? للتوصيل", r"سيتم التوصيل اليوم"),
        "delivery_delayed": (r"تأخر", r"موعد (?:ال)?تسليم (?:ال)?جديد"),
        "delivered": (r"تم (?:ال)?توصيل", r"تم (?:ال)?تسليم"),
        "delivery_refused": (r"رفض (?:ال)?استلام",),
        "return_requested": (r"طلب (?:ال)?إرجاع", r"ملصق (?:ال)?إرجاع"),
        "return_received": (r"استلمنا (?:ال)?(?:مرتجع|منتج المرتجع)", r"تم استلام (?:ال)?مرتجع"),
        "refunded": (r"استرداد (?:ال)?مبلغ", r"تم رد (?:ال)?مبلغ"),
    },
    body={
        "ordered": (r"شكرا?ً? لطلبك", r"تم (?:تقديم|استلام|تأكيد) طلبك"),
        "cancel_requested": (rf"أرسلنا طلب {_CANCEL}", rf"تم إرسال طلب {_CANCEL}"),
        "cancelled": (rf"(?:قمنا ب|تم ){_CANCEL}", r"^المنتجات الملغاة"),
        "shipped": (r"تم شحن", r"في الطريق إليك"),
        "out_for_delivery": (r"خارج(?:ة)? للتوصيل", r"سيتم توصيل(?:ها|ه)? اليوم"),
        "delivery_delayed": (r"تأخر (?:توصيل|تسليم)", r"موعد (?:ال)?تسليم (?:ال)?جديد"),
        "delivered": (r"تم (?:ال)?توصيل", r"تم تسليمها? (?:إلى|في|عند)"),
        "delivery_refused": (r"رفض (?:ال)?استلام",),
        "return_requested": (r"تم تسجيل (?:ال)?إرجاع", r"ملصق (?:ال)?إرجاع"),
        "return_received": (r"استلمنا (?:ال)?(?:مرتجع|منتج المرتجع)", r"تم استلام (?:ال)?مرتجع"),
        "refunded": (r"قمنا برد (?:ال)?مبلغ", r"^مبلغ (?:ال)?استرداد:", r"سيتم رد (?:ال)?مبلغ إلى", r"تم رد (?:ال)?مبلغ"),
    },
    negation=Negation(
        verbs={"cancel": (_CANCEL,), "refund": (r"استرداد", r"رد (?:ال)?مبلغ")},
        before=(r"(?<!\w)لم(?!\w)", r"(?<!\w)لا(?!\w)", r"(?<!\w)لن(?!\w)", r"تعذر", r"غير ممكن"),
        after=(r"مرفوض", r"غير ممكن", r"(?<!\w)تعذر"),
        mask=(r"لا ترد على", r"لا تتردد"),
        hypothetical=(r"(?<!\w)إذا(?!\w)", r"(?<!\w)عندما(?!\w)", r"في حال", r"(?<!\w)لو(?!\w)"),
        clause_end=r"\.(?=\s|$)|[!?؟;؛,،\n]|(?<!\w)(?:و|لكن)(?=\s)",
        sentence_end=r"\.(?=\s|$)|[!?؟\n]",
    ),
)

FIELDS = dict(
    amounts={
        "total": (r"إجمالي (?:ال)?طلب:?", r"المجموع:?"),
        "charged": (r"إجمالي (?:ال)?شحنة:?", r"إجمالي (?:ال)?طلب:?"),
        "refund": (r"مبلغ (?:ال)?استرداد:?",),
    },
    payment=(r"^طريقة (?:ال)?دفع:\s*(.+)", r"سيتم رد (?:ال)?مبلغ إلى:?\s*(.+)"),
    payment_methods=(
        (r"الدفع عند (?:ال)?استلام", "cash_on_delivery"),
        (r"رصيد|بطاقة هدايا|قسيمة", "gift_card"),
        (r"بطاقة (?:ائتمان|الائتمان|خصم)|فيزا|ماستركارد|مدى", "credit_card"),
    ),
    carrier=(r"^شركة (?:ال)?شحن:\s*(?P<carrier>.+)$", r"رقم (?:ال)?تتبع:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))"),
    delivery=(r"(?:موعد (?:ال)?تسليم (?:ال)?متوقع|موعد (?:ال)?تسليم (?:ال)?جديد|موعد (?:ال)?تسليم)"
              r":\s*(?=(.{3,60}))",),
    items=(r"^(?=[^\n]*\w{3})(?![^\n]*://)(?!(?:رقم|موعد|الكمية|إجمالي|البائع|طريقة|شركة|مبلغ|مرحبا))([^\n]{4,})\nالكمية:\s*\d",),
    subject_items=(r"\"(.+?)\"", r"«\s*(.+?)\s*»"),
    seller=(r"^البائع:?\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*بداية الرسالة\s*-{3,}$", r"^-{3,}\s*نهاية الرسالة\s*-{3,}$"),
    note_skip=(r"^(?:مرحبا|السلام عليكم|مع التحية|تحياتي)",),
    reason=(r"^السبب:\s*(.+)$",),
)

# Arabic is only written by markets that also write English: their tables are in ``multi``.
MARKETS = ()
