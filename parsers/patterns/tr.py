"""Turkish: amazon.com.tr. Format: ``parsers.patterns`` (module docstring).

Subjects as Amazon.com.tr writes them: ``Sipariş verildi: "…"``, ``Kargoya verildi: "…"``, ``Bugün teslim
edilecek``, ``Teslimat gecikmesi``, ``Teslim edildi: "…"``, ``… numaralı siparişiniz iptal edildi``,
``… iptal talebiniz``, ``Sipariş iptal edilemedi``, ``… iade talebiniz``, ``İadenizi teslim aldık``,
``… para iadesi``. "İade" alone is a return of goods; a refund is a "para iadesi" / "geri ödeme".
Turkish negates inside the verb (``iptal edilemedi``): the negative forms follow the verb. A capital
"İ" does not match "i" case-insensitively, so words that start sentences spell it out (``[iİ]ptal``).
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

PHRASES = Phrases(
    language="tr",
    subject={
        "ordered": (r"sipariş(?:iniz)? (?:verildi|alındı|onaylandı)\b", r"sipariş onayı", r"siparişiniz için teşekkür"),
        "cancel_requested": (r"[iİ]ptal talebi",),
        "cancelled": (r"[iİ]ptal edildi\b", r"\b[iİ]ptal edilen ürünler"),
        "shipped": (r"kargoya verildi\b", r"gönderildi\b", r"yola çıktı\b"),
        "out_for_delivery": (r"bugün teslim edilecek", r"dağıtımda", r"bugün geliyor"),
        "delivery_delayed": (r"gecik", r"yeni teslimat tarihi", r"teslimat denemesi"),
        "delivered": (r"teslim edildi\b", r"teslim alınmaya hazır"),
        "delivery_refused": (r"teslimat reddedildi", r"paket reddedildi"),
        "return_requested": (r"[iİ]ade talebi", r"[iİ]ade etiketi", r"[iİ]ade (?:kaydı|onaylandı)"),
        "return_received": (r"[iİ]adenizi (?:teslim )?aldık", r"[iİ]ade(?:niz)? (?:teslim )?alındı\b"),
        "refunded": (r"para [iİ]adesi", r"geri ödeme"),
    },
    body={
        "ordered": (r"siparişiniz için teşekkür", r"siparişiniz (?:alındı|onaylandı)\b"),
        "cancel_requested": (r"[iİ]ptal talebinizi (?:satıcıya )?ilettik", r"[iİ]ptal talebiniz (?:satıcıya )?iletildi\b"),
        "cancelled": (r"[iİ]ptal edildi\b", r"[iİ]ptal ettik\b", r"^[iİ]ptal edilen ürünler"),
        "shipped": (r"kargoya verildi\b", r"gönderildi\b", r"(?:yolda|yola çıktı)\b"),
        "out_for_delivery": (r"bugün dağıtımda", r"bugün teslim edilecek", r"kurye yolda"),
        "delivery_delayed": (r"gecikti\b", r"gecikme", r"yeni (?:tahmini )?teslimat tarihi", r"teslimat denemesi"),
        "delivered": (r"teslim edildi\b", r"(?:kapınıza|posta kutunuza|komşunuza) bırakıldı\b", r"teslim alınmaya hazır"),
        "delivery_refused": (r"teslimat reddedildi", r"paket reddedildi"),
        "return_requested": (r"[iİ]ade talebiniz (?:kaydedildi|onaylandı)\b", r"[iİ]ade etiketi", r"^[iİ]ade nedeni:"),
        "return_received": (r"[iİ]adenizi (?:teslim )?aldık\b", r"[iİ]ade(?:niz)? (?:teslim )?alındı\b"),
        "refunded": (r"para [iİ]adesi (?:yaptık|yapıldı|gerçekleştirildi)\b", r"para [iİ]adeniz gerçekleştirildi\b",
                     r"^[iİ]ade tutarı:", r"geri ödeme (?:yapıldı|gerçekleştirildi)\b"),
    },
    negation=Negation(
        verbs={"cancel": (r"\b[iİ]ptal\b",), "refund": (r"\bpara [iİ]ade\w*", r"\bgeri öde\w*")},
        after=(r"\b(?:edilemedi|edemedi|edemiyoruz|edilemez|edemedik|yapılamadı|yapılamaz)\b", r"\breddedildi\b",
               r"\bmümkün (?:değil|olmadı)\b"),
        mask=(r"\byanıtlamayın\b", r"\bücret alınmayacak\w*"),
        hypothetical=(r"\beğer\b", r"\bdurumunda\b", r"\bhalinde\b", r"\w+(?:dığında|diğinde|duğunda|düğünde)\b",
                      r"\bise\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:ve|ama|fakat|çünkü)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-zçğıöşü]{3})(?![^\n]*://)(?!(?:sipariş|tahmini|teslimat|adet|toplam|satıcı|[iİ]ptal edilen|"
             r"neden|ödeme|kargo|takip|[iİ]ade|merhaba|teşekkür))")
FIELDS = dict(
    amounts={
        "total": (r"sipariş toplamı:?", r"toplam tutar:?", r"^toplam:?"),
        "charged": (r"gönderi toplamı:?", r"sipariş toplamı:?", r"^toplam:?"),
        "refund": (r"[iİ]ade tutarı:?", r"geri ödeme tutarı:?"),
    },
    payment=(r"^ödeme (?:yöntemi|şekli):\s*(.+)", r"[iİ]ade yapılan ödeme yöntemi:?\s*(.+)"),
    payment_methods=(
        (r"hediye çeki|hediye kartı|bakiye", "gift_card"),
        (r"kapıda ödeme", "cash_on_delivery"),
        (r"havale|eft|banka hesabı", "bank_transfer"),
        (r"visa|master ?card|troy|amex|kredi kartı|banka kartı|ile biten kart", "credit_card"),
    ),
    carrier=(
        r"^(?:kargo firması|kargo şirketi|taşıyıcı):\s*(?P<carrier>.+)$",
        r"takip numarası:?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:tahmini teslimat(?: tarihi)?|yeni tahmini teslimat tarihi|yeni teslimat tarihi|teslimat tarihi|teslimat)"
              r":\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\nadet:\s*\d"),
    subject_items=(r"\"(.+?)\"", r"“(.+?)”"),
    seller=(r"^satıcı:\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*mesaj başlangıcı\s*-{3,}$", r"^-{3,}\s*mesaj sonu\s*-{3,}$"),
    note_skip=(r"^(?:merhaba|sayın|iyi günler|saygılarımızla|saygılarımla)\b",),
    reason=(r"^neden:\s*(.+)$",),
)

TR = market("amazon.com.tr", "TRY", FIELDS, PHRASES, languages=("tr",), decimal_comma=True)

MARKETS = (TR,)
