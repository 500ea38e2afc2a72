"""Real Amazon mails (public, MIT, from the "Mail and Packages" integration) that the team did not write.

They live outside the repository in ``../shared/real-world/`` and are never copied in; this test skips
when that folder is absent. What each mail must give was read off the mail by hand: its kind and the
order number it is about. Several were hand-edited by their authors (placeholder order numbers, a
second number left in a link), so a mail may name more orders than the one checked here; what is
checked is that the right one is recognised, with the right kind, and nothing is called forged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from parsers import parse_mail

# Beside the checkout (../shared), or beside its parent when the checkout is a worktree in a folder.
_ROOT = Path(__file__).resolve().parents[2]
REAL_WORLD = next((p for p in (_ROOT.parent / "shared" / "real-world", _ROOT.parent.parent / "shared" / "real-world")
                   if p.is_dir()), _ROOT.parent / "shared" / "real-world")
MAILS = REAL_WORLD / "amazon-mail-and-packages"


@dataclass(frozen=True)
class Expect:
    kind: str
    order_id: str
    market: str = "amazon.com"
    options: dict[str, list[str]] = field(default_factory=dict)


# file name -> what a reader of the mail sees in it.
EXPECTED: dict[str, Expect] = {
    "amazon_shipped.eml": Expect("shipped", "123-1234567-1234567"),
    "amazon_shipped_alt_2.eml": Expect("shipped", "113-9999999-8459426"),
    "amazon_arriving_today2.eml": Expect("shipped", "111-7634359-8390444"),
    "amazon_shipped_details.eml": Expect("shipped", "702-4925201-8953856", market="amazon.ca"),
    "amazon_uk_shipped.eml": Expect("shipped", "123-4567890-1234567", market="amazon.co.uk"),
    "amazon_delivered.eml": Expect("delivered", "123-1234567-1234567"),
    "amazon_uk_delivered.eml": Expect("delivered", "205-2169302-5352337", market="amazon.co.uk"),
    "amazon_hub_notice_2.eml": Expect("delivered", "111-4396615-4512227"),
    "amazon_exception.eml": Expect("delivery_delayed", "123-1234567-1234567"),
    "amazon_otp.eml": Expect("out_for_delivery", "123-4567890-1234567"),
    # An Apple Mail forward of an order confirmation: believed only from a trusted forwarder.
    "amazon_fwd.eml": Expect("ordered", "123-1234567-1234567",
                             options={"trusted_forwarders": ["testuser@email.com"]}),
}
# Shipped mails without a Date header: the template must still claim them and find the order.
UNDATED: dict[str, Expect] = {
    "amazon_arriving_today.eml": Expect("shipped", "111-7634359-8390444"),
}

pytestmark = pytest.mark.skipif(not MAILS.is_dir(), reason=f"{MAILS} is absent (optional real-world mails)")


def _read(name: str) -> bytes:
    path = MAILS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {MAILS}")
    return path.read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_mail_is_recognised_with_its_order(name: str) -> None:
    want = EXPECTED[name]
    result = parse_mail(_read(name), **want.options)

    assert result.status == "parsed", f"{name}: {result.status} ({result.reason or result.error})"
    assert not result.suspicious
    found = {(e.kind, e.order_id, e.market) for e in result.events}
    assert (want.kind, want.order_id, want.market) in found, f"{name}: got {sorted(found)}"
    for event in result.events:
        assert event.at, f"{name}: event without a time"


@pytest.mark.parametrize("name", sorted(UNDATED))
def test_undated_real_mail_is_still_claimed_by_the_right_template(name: str) -> None:
    want = UNDATED[name]
    result = parse_mail(_read(name))

    assert result.parser == f"{want.market}:{want.kind}"
    assert want.order_id in result.order_ids
    assert not result.suspicious


def test_untrusted_forward_of_a_real_mail_is_reported_not_believed() -> None:
    result = parse_mail(_read("amazon_fwd.eml"))

    assert result.status == "ignored"
    assert result.events == ()
    assert "123-1234567-1234567" in result.order_ids


def test_every_mail_in_the_folder_has_an_expectation() -> None:
    """A mail added to the folder must get an expectation here rather than go untested."""
    covered = set(EXPECTED) | set(UNDATED)
    present = {p.name for p in MAILS.glob("*.eml")}
    assert present <= covered, f"no expectation for {sorted(present - covered)}"
