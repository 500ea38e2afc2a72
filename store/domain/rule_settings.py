"""The rules' thresholds: config ``[rules]`` read key by key into ``RuleSettings``. Pure.

Defaults from the seed article and the markets' own refund help pages (cited beside each table).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Any, get_args

from parsers.vocab import MARKETS, PAYMENT_METHODS
from store.domain.checker import problem_line, unknown_key
from store.domain.durations import UNIT_SECONDS, parse_duration
from store.domain.errors import UserError
from store.domain.messages import Msg
from store.domain.model import AlertKind

ALERT_KINDS: tuple[str, ...] = get_args(AlertKind)
PAYMENT_KEYS: tuple[str, ...] = (*PAYMENT_METHODS, "unknown")
DEFAULT_REFUND_DAYS: Mapping[str, float] = MappingProxyType({
    "credit_card": 7, "gift_card": 1, "points": 1, "convenience_store": 8, "atm": 8, "net_banking": 8,
    "e_money": 8, "cash_on_delivery": 8, "carrier_billing": 8, "other": 8, "unknown": 8,
    # Refunds to a bank account (transfer, SEPA direct debit, a paid invoice, a Boleto paid in cash):
    # Amazon's "Refund timelines" help pages (amazon.de/.fr/.it/.es/.com.br: Returns & Refunds > Refunds)
    # give up to 10 business days for bank accounts ≈ 14 calendar days. UPI and Pix refund to the
    # payer's account within a few business days (amazon.in "Refund timelines": 2–4 business days).
    "bank_transfer": 14, "sepa_direct_debit": 14, "invoice": 14, "boleto": 14, "upi": 7, "pix": 5,
})
# Where a market's own help pages differ from the defaults above (market -> method -> days; the days
# are the upper end rounded up to calendar days). Sources, each market's "Refund timelines" help page:
# - amazon.com.br: a card refund may show on the next two card statements (≈ 60 days); Boleto is
#   refunded by deposit to a bank account within 10 business days;
# - amazon.in: Amazon Pay balance within 2 hours; cards, UPI and net banking 2–4 business days after the
#   refund is issued, Pay on Delivery refunds to a bank account (via NEFT/IMPS) 2–4 business days;
# - amazon.com.mx: card refunds up to 30 days depending on the bank (Reembolsos: plazos);
# - amazon.com.tr: card refunds reach the card statement within 14 days depending on the bank.
DEFAULT_MARKET_REFUND_DAYS: Mapping[str, Mapping[str, float]] = MappingProxyType({
    "amazon.com.br": MappingProxyType({"credit_card": 60, "boleto": 14}),
    "amazon.in": MappingProxyType({"gift_card": 1, "credit_card": 7, "upi": 7, "net_banking": 7,
                                   "cash_on_delivery": 7}),
    "amazon.com.mx": MappingProxyType({"credit_card": 30}),
    "amazon.com.tr": MappingProxyType({"credit_card": 14}),
})
RULE_KEYS = ("seller_reply_hours", "cancel_confirm_hours", "mail_alert_days", "refund_days", "market_refund_days", "enabled", "disabled")


class RuleSettingsError(UserError, ValueError):
    """Invalid ``[rules]`` values; ``problems`` holds one "key: problem — fix" line each."""

    exit_code = 2

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _duration(value: Any, unit: str) -> float | None:
    """A positive amount in ``unit`` ("h" or "d") from a number or a duration such as "48h", "2d", "90m"."""
    try:
        return parse_duration(value, unit) / timedelta(seconds=UNIT_SECONDS[unit])
    except ValueError:
        return None


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds of the rules (config ``[rules]``); defaults from the seed article."""

    seller_reply_hours: float = 48
    cancel_confirm_hours: float = 24
    # Days a refund may take, per payment method ("unknown" when no mail named the method).
    refund_days: Mapping[str, float] = field(default_factory=lambda: DEFAULT_REFUND_DAYS)
    # Per market, the methods whose window differs there (config ``[rules.market_refund_days."amazon.in"]``).
    market_refund_days: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: DEFAULT_MARKET_REFUND_DAYS)
    # mail_in_spam and phishing cover mail dated within this many days before now.
    mail_alert_days: float = 90
    enabled: frozenset[str] = frozenset(ALERT_KINDS)

    def __post_init__(self) -> None:
        # Missing methods fall back to the defaults; the mapping is read-only like the rest.
        object.__setattr__(self, "refund_days", MappingProxyType({**DEFAULT_REFUND_DAYS, **self.refund_days}))
        markets = {m: dict(t) for m, t in DEFAULT_MARKET_REFUND_DAYS.items()}
        for market, table in self.market_refund_days.items():
            markets.setdefault(market, {}).update(table)
        object.__setattr__(self, "market_refund_days",
                           MappingProxyType({m: MappingProxyType(t) for m, t in markets.items()}))
        object.__setattr__(self, "enabled", frozenset(self.enabled))

    def refund_window(self, payment_method: str | None, market: str | None = None) -> timedelta:
        """The method's window in ``market`` (its own default when the market doesn't differ); a method
        no mail named is ``unknown`` and keeps that window."""
        key = payment_method if payment_method in self.refund_days else "unknown"
        days = self.market_refund_days.get(market or "", {}).get(key, self.refund_days[key])
        return timedelta(days=days)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from the config's ``[rules]`` table; raises RuleSettingsError listing every problem.

        Keys: ``seller_reply_hours``, ``cancel_confirm_hours`` (hours: a number or "48h"/"2d"),
        ``mail_alert_days`` (days), ``[rules.refund_days]`` (payment method → days), ``enabled``
        (list of alert kinds to run; default all) and ``disabled`` (kinds to skip).
        """
        data = dict(data or {})
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key, unit, example in (("seller_reply_hours", "h", "48"), ("cancel_confirm_hours", "h", "24"),
                                   ("mail_alert_days", "d", "90")):
            if key in data:
                amount = _duration(data.pop(key), unit)
                if amount is None:
                    what = Msg("positive hours" if unit == "h" else "positive days")
                    problems.append(problem_line(f"rules.{key}", what, Msg("write eg", example=f"{key} = {example}")))
                else:
                    values[key] = amount
        if "refund_days" in data:
            table = data.pop("refund_days")
            if not isinstance(table, Mapping):
                problems.append(problem_line("rules.refund_days", Msg("refund days table"),
                                             Msg("write eg", example="[rules.refund_days] credit_card = 7")))
            else:
                days: dict[str, float] = {}
                for method, raw in table.items():
                    amount = _duration(raw, "d")
                    if method not in PAYMENT_KEYS:
                        problems.append(unknown_key(f"rules.refund_days.{method}", method, PAYMENT_KEYS,
                                                    Msg("unknown payment method")))
                    elif amount is None:
                        problems.append(problem_line(f"rules.refund_days.{method}", Msg("positive days"),
                                                     Msg("write eg", example=f"{method} = {DEFAULT_REFUND_DAYS[method]:g}")))
                    else:
                        days[method] = amount
                values["refund_days"] = days
        if "market_refund_days" in data:
            table = data.pop("market_refund_days")
            example = '[rules.market_refund_days."amazon.in"] upi = 7'
            if not isinstance(table, Mapping) or not all(isinstance(v, Mapping) for v in table.values()):
                problems.append(problem_line("rules.market_refund_days", Msg("market refund days table"),
                                             Msg("write eg", example=example)))
            else:
                markets: dict[str, dict[str, float]] = {}
                for market, methods in table.items():
                    if market not in MARKETS:
                        problems.append(unknown_key(f"rules.market_refund_days.{market}", market, MARKETS,
                                                    Msg("unknown market")))
                        continue
                    for method, raw in methods.items():
                        amount = _duration(raw, "d")
                        where = f"rules.market_refund_days.{market}.{method}"
                        if method not in PAYMENT_KEYS:
                            problems.append(unknown_key(where, method, PAYMENT_KEYS, Msg("unknown payment method")))
                        elif amount is None:
                            problems.append(problem_line(where, Msg("positive days"), Msg("write eg", example=f"{method} = 7")))
                        else:
                            markets.setdefault(market, {})[method] = amount
                values["market_refund_days"] = markets
        enabled = set(ALERT_KINDS)
        for key in ("enabled", "disabled"):
            if key not in data:
                continue
            kinds = data.pop(key)
            if isinstance(kinds, str) or not isinstance(kinds, Iterable):
                problems.append(problem_line(f"rules.{key}", Msg("kinds list"),
                                             Msg("write eg", example=f'{key} = ["mail_in_spam"]')))
                continue
            kinds = list(kinds)
            unknown = [k for k in kinds if k not in ALERT_KINDS]
            if unknown:
                problems.append(problem_line(f"rules.{key}", Msg("unknown kind", kinds=", ".join(map(str, unknown))),
                                             Msg("use one of", keys=", ".join(ALERT_KINDS))))
            enabled = enabled & set(kinds) if key == "enabled" else enabled - set(kinds)
        values["enabled"] = frozenset(enabled)
        for key in sorted(data):
            problems.append(unknown_key(f"rules.{key}", key, RULE_KEYS))
        if problems:
            raise RuleSettingsError(problems)
        return cls(**values)
