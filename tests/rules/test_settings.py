"""RuleSettings: defaults from the seed, `[rules]` validation that names the key and the fix."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store.domain.rules import ALERT_KINDS, RuleSettings, RuleSettingsError


def test_defaults() -> None:
    s = RuleSettings()
    assert (s.seller_reply_hours, s.cancel_confirm_hours, s.mail_alert_days) == (48, 24, 90)
    assert dict(s.refund_days) == {"credit_card": 7, "gift_card": 1, "points": 1, "convenience_store": 8,
                                   "atm": 8, "net_banking": 8, "e_money": 8, "cash_on_delivery": 8,
                                   "carrier_billing": 8, "other": 8, "unknown": 8, "bank_transfer": 14,
                                   "sepa_direct_debit": 14, "invoice": 14, "boleto": 14, "upi": 7, "pix": 5}
    assert s.enabled == frozenset(ALERT_KINDS)
    assert s.refund_window(None) == s.refund_window("unknown") == timedelta(days=8)
    assert s.refund_window("gift_card") == timedelta(days=1)
    assert RuleSettings.from_mapping(None) == RuleSettings.from_mapping({}) == s


def test_from_mapping_values() -> None:
    s = RuleSettings.from_mapping({"seller_reply_hours": "2d", "cancel_confirm_hours": 12.5,
                                   "mail_alert_days": "30", "refund_days": {"credit_card": 10, "points": "36h"},
                                   "disabled": ["mail_in_spam"]})
    assert s.seller_reply_hours == 48 and s.cancel_confirm_hours == 12.5 and s.mail_alert_days == 30
    assert s.refund_window("credit_card") == timedelta(days=10)
    assert s.refund_window("points") == timedelta(hours=36)
    assert s.refund_window("atm") == timedelta(days=8)  # untouched methods keep their default
    assert "mail_in_spam" not in s.enabled and "phishing" in s.enabled
    with pytest.raises(TypeError):
        s.refund_days["atm"] = 1  # type: ignore[index]  # read-only


def test_market_windows_where_markets_differ() -> None:
    s = RuleSettings()
    assert s.refund_window("credit_card", "amazon.com.br") == timedelta(days=60)
    assert s.refund_window("credit_card", "amazon.de") == timedelta(days=7)     # no override: the method's
    assert s.refund_window("sepa_direct_debit", "amazon.de") == timedelta(days=14)
    assert s.refund_window("upi", "amazon.in") == timedelta(days=7)
    assert s.refund_window("pix", "amazon.com.br") == timedelta(days=5)
    assert s.refund_window(None, "amazon.com.br") == timedelta(days=8)          # unknown keeps its own window
    assert s.refund_window("mystery", "amazon.in") == timedelta(days=8)
    custom = RuleSettings.from_mapping({"market_refund_days": {"amazon.in": {"upi": 3}, "amazon.de": {"invoice": "20d"}}})
    assert custom.refund_window("upi", "amazon.in") == timedelta(days=3)
    assert custom.refund_window("credit_card", "amazon.in") == timedelta(days=7)  # the market default stays
    assert custom.refund_window("invoice", "amazon.de") == timedelta(days=20)
    assert custom.refund_window("credit_card", "amazon.com.br") == timedelta(days=60)


@pytest.mark.parametrize(("mapping", "key", "fix"), [
    ({"market_refund_days": {"amazon.xx": {"upi": 3}}}, "rules.market_refund_days.amazon.xx", "unknown market"),
    ({"market_refund_days": {"amazon.in": {"cash": 3}}}, "rules.market_refund_days.amazon.in.cash",
     "unknown payment method"),
    ({"market_refund_days": {"amazon.in": {"upi": -1}}}, "rules.market_refund_days.amazon.in.upi", "upi = 7"),
    ({"market_refund_days": 5}, "rules.market_refund_days", "amazon.in"),
    ({"seller_reply_hours": "soon"}, "rules.seller_reply_hours", "seller_reply_hours = 48"),
    ({"seller_reply_hours": 0}, "rules.seller_reply_hours", "positive number of hours"),
    ({"cancel_confirm_hours": True}, "rules.cancel_confirm_hours", "cancel_confirm_hours = 24"),
    ({"mail_alert_days": -1}, "rules.mail_alert_days", "mail_alert_days = 90"),
    ({"refund_days": 7}, "rules.refund_days", "[rules.refund_days] credit_card = 7"),
    ({"refund_days": {"paypal": 3}}, "rules.refund_days.paypal", "use one of credit_card"),
    ({"refund_days": {"gift_card": "x"}}, "rules.refund_days.gift_card", "gift_card = 1"),
    ({"enabled": "phishing"}, "rules.enabled", 'enabled = ["mail_in_spam"]'),
    ({"disabled": ["spam"]}, "rules.disabled", "use one of shipped_after_cancel"),
    ({"seller_hours": 48}, "rules.seller_hours", "remove it (did you mean 'seller_reply_hours'?)"),
])
def test_invalid_values_name_key_and_fix(mapping: dict, key: str, fix: str) -> None:
    with pytest.raises(ValueError) as err:
        RuleSettings.from_mapping(mapping)
    assert str(err.value).startswith(key + ":")
    assert fix in str(err.value)


def test_every_problem_is_listed() -> None:
    with pytest.raises(RuleSettingsError) as err:
        RuleSettings.from_mapping({"seller_reply_hours": "x", "refund_days": {"paypal": 1}, "bogus": 1})
    assert [p.split(":")[0] for p in err.value.problems] == [
        "rules.seller_reply_hours", "rules.refund_days.paypal", "rules.bogus"]
