"""Polish: amazon.pl. Format: ``parsers.patterns`` (module docstring).

Subjects as Amazon.pl writes them: ``Zamówiono: „…”`` / ``Potwierdzenie zamówienia``, ``Wysłano: „…”`` /
``… zostało wysłane``, ``Dostawa dzisiaj``, ``Opóźnienie dostawy``, ``Dostarczono: „…”``,
``Twoje zamówienie … zostało anulowane``, ``Twoja prośba o anulowanie``, ``Nie udało się anulować``,
``Twoja prośba o zwrot``, ``Otrzymaliśmy Twój zwrot``, ``Zwrot środków za zamówienie …``. "Zwrot" alone is
a return of goods; a refund is a "zwrot środków/pieniędzy".
"""

from __future__ import annotations

from parsers.patterns import Negation, Phrases
from parsers.patterns.shared import market

_BEEN = r"(?:został[oaiy]?|zostały|jest|są) (?:już )?"

PHRASES = Phrases(
    language="pl",
    subject={
        "ordered": (r"\bzamówiono\s*:", r"\bzamówion[eao]\s*:", r"potwierdzenie zamówienia", r"dziękujemy za (?:złożenie )?zamówieni",
                    r"^(?!.*(?:wysłan|anulowan|dostarcz|zwrot|opóźn)).*twoje zamówienie amazon\.\S+ (?:na|nr|#)"),
        "cancel_requested": (r"prośb[aęy] o anulowanie", r"wniosek o anulowanie"),
        "cancelled": (rf"{_BEEN}anulowan[aeyo]", r"\banulowano\s*:", r"anulowanie zamówienia (?:potwierdzone|zakończone)"),
        "shipped": (r"\bwysłano\s*:", r"\bwysłan[eao]\s*:", rf"{_BEEN}wysłan[aeyo]", r"(?:jest|są) w drodze", r"potwierdzenie wysyłki"),
        "out_for_delivery": (r"dostawa dzisiaj", r"w doręczeniu", r"doręczymy dzisiaj",
                             r"(?:przekazan[aoe]|wydan[aoe]) do doręczenia"),
        "delivery_delayed": (r"opóźni", r"nowa data dostawy", r"próba (?:doręczenia|dostarczenia)"),
        "delivered": (r"\bdostarczono\s*:", r"\bdostarczon[eao]\s*:", rf"{_BEEN}dostarczon[aeyo]", r"gotow[aey] do odbioru"),
        "delivery_refused": (r"odmowa przyjęcia", r"przesyłka odrzucona"),
        "return_requested": (r"prośb[aęy] o zwrot(?! środków| pieniędzy)", r"etykiet[aęy] zwrotn", r"zwrot (?:zarejestrowany|zatwierdzony)"),
        "return_received": (r"otrzymaliśmy (?:twój )?zwrot(?! środków)", r"zwrot (?:został )?przyjęty"),
        "refunded": (r"zwrot (?:środków|pieniędzy|należności)", r"(?:zwróciliśmy|zwrócono) (?:środki|pieniądze)"),
    },
    body={
        "ordered": (r"dziękujemy za (?:złożenie )?zamówieni", r"(?:twoje )?zamówienie (?:zostało )?(?:złożone|przyjęte|potwierdzone)"),
        "cancel_requested": (r"przekazaliśmy (?:twoją )?prośbę o anulowanie", r"prośba o anulowanie (?:została )?(?:przekazana|wysłana)"),
        "cancelled": (rf"{_BEEN}anulowan[aeyo]", r"anulowaliśmy", r"^anulowane produkty",
                      r"anulowanie (?:zostało )?(?:potwierdzone|zakończone)"),
        "shipped": (rf"{_BEEN}wysłan[aeyo]", r"(?:jest|są) w drodze", r"potwierdzenie wysyłki"),
        "out_for_delivery": (r"(?:jest|są) (?:dziś |dzisiaj )?w doręczeniu", r"kurier (?:jest w drodze|doręczy dziś)",
                             r"(?:została |zostało )?(?:przekazan[aoe]|wydan[aoe]) do doręczenia"),
        "delivery_delayed": (r"(?:jest|są) opóźnion[aey]", r"nowa (?:przewidywana )?data dostawy", r"później niż (?:planowano|oczekiwano)",
                             r"próba (?:doręczenia|dostarczenia)"),
        "delivered": (rf"{_BEEN}dostarczon[aeyo]", r"(?:została|zostało) (?:po)?zostawion[aeo] (?:w|na|przy|u)",
                      r"gotow[aey] do odbioru"),
        "delivery_refused": (r"odmow[aęy] przyjęcia", r"przesyłka (?:została )?odrzucona"),
        "return_requested": (r"zwrot (?:został )?(?:zarejestrowany|zatwierdzony)", r"etykiet[aęy] zwrotn", r"^powód zwrotu:"),
        "return_received": (r"otrzymaliśmy (?:twój )?zwrot(?! środków)", r"zwrot (?:został )?przyjęty"),
        "refunded": (r"(?:zrealizowaliśmy|zleciliśmy|dokonaliśmy) zwrot(?:u)? (?:środków|pieniędzy)",
                     r"zwrot (?:środków|pieniędzy) (?:został )?(?:zrealizowany|zlecony)", r"^kwota zwrotu:",
                     r"środki zostaną zwrócone na"),
    },
    negation=Negation(
        verbs={"cancel": (r"\banul\w*",), "refund": (r"\bzwrot (?:środków|pieniędzy)", r"\bzwróc\w* (?:środki|pieniądze)")},
        before=(r"\bnie\b", r"\bza późno\b", r"\bniemożliwe\b"),
        after=(r"\bodrzucon\w*", r"\bnie (?:jest |było )?możliwe\b", r"\bnieudan\w*", r"\bnie powiodł\w*"),
        mask=(r"\bjeśli nie\b", r"\bnie odpowiadaj\b", r"\bnie zostaniesz obciążony\b", r"\bnie wahaj się\b"),
        hypothetical=(r"\bjeśli\b", r"\bjeżeli\b", r"\bgdy\b", r"\bkiedy\b", r"\bczy\b", r"\bw przypadku\b", r"\bmoże\b"),
        clause_end=r"\.(?=\s|$)|[!?;,\n]|\b(?:i|ale|ponieważ|więc)\b",
        sentence_end=r"\.(?=\s|$)|[!?\n]",
    ),
)

_NOT_ITEM = (r"(?=[^\n]*[a-ząćęłńóśźż]{3})(?![^\n]*://)(?!(?:numer|przewidywana|dostawa|ilość|suma|kwota|sprzedawca|"
             r"anulowane|powód|metoda|przewoźnik|zwrot|dzień dobry|dziękujemy))")
FIELDS = dict(
    amounts={
        "total": (r"suma zamówienia:?", r"łączna kwota:?", r"^razem:?", r"^suma:?"),
        "charged": (r"suma przesyłki:?", r"suma zamówienia:?", r"^razem:?"),
        "refund": (r"kwota zwrotu:?", r"zwrócona kwota:?"),
    },
    payment=(r"^(?:metoda|forma|sposób) płatności:\s*(.+)", r"środki zostaną zwrócone na:?\s*(.+)"),
    payment_methods=(
        (r"karta podarunkowa|bon podarunkowy|saldo", "gift_card"),
        (r"blik|przelewy24|szybki przelew|pay ?by ?link", "net_banking"),
        (r"przelew|rachunek bankowy", "bank_transfer"),
        (r"za pobraniem|płatność przy odbiorze", "cash_on_delivery"),
        (r"visa|master ?card|amex|american express|karta kredytowa|karta debetowa|karta zakończona|\bkarta\b", "credit_card"),
    ),
    carrier=(
        r"^(?:przewoźnik|kurier|firma kurierska):\s*(?P<carrier>.+)$",
        r"(?:dostarczy|doręczy) (?P<carrier>[A-Z][\w .-]{1,40}?)(?:[.,]| i |$)",
        r"numer (?:przesyłki|śledzenia):?\s*(?-i:(?P<tracking>[A-Z0-9]{6,}))",
    ),
    delivery=(r"(?:przewidywana (?:data )?dostawy|nowa przewidywana data dostawy|nowa data dostawy|data dostawy|dostawa)"
              r":\s*(?=(.{3,60}))",),
    items=(r"^\*\s+(.+)$", rf"^{_NOT_ITEM}([^\n]{{4,}})\nilość:\s*\d"),
    subject_items=(r"„(.+?)[”\"]", r"“(.+?)”", r"\"(.+?)\""),
    seller=(r"^(?:sprzedawca|sprzedawane przez):\s*([^\n]{2,200})$",),
    message=(r"^-{3,}\s*początek wiadomości\s*-{3,}$", r"^-{3,}\s*koniec wiadomości\s*-{3,}$"),
    note_skip=(r"^(?:dzień dobry|witam|witaj|szanown\w+|pozdrawiam|z poważaniem)\b",),
    reason=(r"^powód:\s*(.+)$",),
)

PL = market("amazon.pl", "PLN", FIELDS, PHRASES, languages=("pl",), decimal_comma=True)

MARKETS = (PL,)
