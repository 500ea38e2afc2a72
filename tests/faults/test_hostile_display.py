"""Text from mail reaches the user's terminal inert.

A marketplace seller writes the body and display name of mail that Amazon relays (authentic, yet
attacker-controlled), and any Amazon-looking mail controls its own subject. Terminal control
sequences (an OSC 8 hyperlink, clear-screen, colours, C1 CSI) must not survive parsing, and the CLI
must print rich markup such as ``[link=…]`` literally instead of interpreting it (or crashing on an
unbalanced ``[/]``) — and must not print escapes that an older parser left in the store either.
"""

from __future__ import annotations

import re
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_mail
from parsers.events import Event, ParseResult
from store.domain.model import MailSource
from store.repository import Store
from tests.faults import hostile_mail
from tests.faults.daemon_run import cli_env, run_cli

# C0 controls except TAB and LF, DEL, and C1 controls (U+0080-U+009F: U+009B is a CSI of its own).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NOW = "2026-11-20T12:00:00+09:00"


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for v in value for s in strings(v)]
    if hasattr(value, "__dataclass_fields__"):
        return strings(astuple(value))
    return []


BUILDERS = {
    "seller message, text": hostile_mail.seller_message_with_escapes,
    "seller message, HTML only": lambda: hostile_mail.seller_message_with_escapes(html=True),
    "unrecognized, markup subject": hostile_mail.unrecognized_with_markup,
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_parsed_text_carries_no_control_characters(name: str) -> None:
    result = parse_mail(BUILDERS[name]())
    assert result.status in ("parsed", "unrecognized")
    leaked = [s for s in strings(result) if CONTROL.search(s)]
    assert not leaked, f"control characters in parsed fields: {leaked!r}"


@pytest.mark.parametrize("html", [False, True])
def test_words_around_escapes_survive(html: bool) -> None:
    [event] = parse_mail(hostile_mail.seller_message_with_escapes(html)).events
    assert event.order_id == hostile_mail.ORDER_SELLER and event.kind == "seller_message"
    assert "天然木" in event.items[0] and "60cm" in event.items[0]


def inert_output_problems(config: Path, env: dict[str, str], commands: list[list[str]],
                          literal_in: tuple[str, ...] = ()) -> list[str]:
    """Run each command; say every failure, every control character printed, and every command of
    ``literal_in`` that did not print ``MARKUP`` as it is (all of them, so one run shows everything)."""
    problems = []
    for command in commands:
        done = run_cli(config, "--now", NOW, *command, env=env, timeout=60)
        name = f"orders {command[0]}"
        if done.returncode != 0:
            problems.append(f"{name} failed: {done.stderr.strip()[-300:]}")
        leaked = sorted(set(CONTROL.findall(done.stdout + done.stderr)))
        if leaked:
            problems.append(f"{name} wrote control characters {leaked!r} to the terminal")
        if command[0] in literal_in and hostile_mail.MARKUP not in done.stdout:
            problems.append(f"{name} did not print {hostile_mail.MARKUP!r} literally")
    return problems


def store_config(tmp_path: Path, db: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{db}"\n[notify]\ndesktop = false\n')
    return config


def test_cli_prints_mail_text_inert(tmp_path: Path) -> None:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    (mail_dir / "seller.eml").write_bytes(hostile_mail.seller_message_with_escapes())
    (mail_dir / "notice.eml").write_bytes(hostile_mail.unrecognized_with_markup())
    config = store_config(tmp_path, tmp_path / "orders.db")
    commands = [["import", str(mail_dir)], ["show", hostile_mail.ORDER_SELLER], ["status"], ["alerts"],
                ["unrecognized"]]
    problems = inert_output_problems(config, cli_env(tmp_path), commands, literal_in=("show", "unrecognized"))
    assert not problems, "\n".join(problems)


def test_cli_output_is_inert_for_text_already_in_the_store(tmp_path: Path) -> None:
    """A store written before the parser cleaned text (or by a future bug) holds raw escapes in item
    and seller names: the CLI is the last line of defence and must not pass them on."""
    order = "250-7800001-0000001"
    esc = hostile_mail.TERMINAL_ESCAPES
    dirty = {"items": (f"棚 {esc[0]}60cm{esc[1]}",), "seller_name": f"木工房{esc[2]}", "seller": "marketplace",
             "note": f"{esc[3]}発送しました{esc[4]}"}
    # Ordered, cancel requested, shipped anyway: an alert whose texts name the item and the seller.
    steps = [("ordered", "2026-11-01T10:00:00+09:00"), ("cancel_requested", "2026-11-01T11:00:00+09:00"),
             ("shipped", "2026-11-02T09:00:00+09:00")]
    items = []
    for n, (kind, at) in enumerate(steps):
        event = Event(kind=kind, order_id=order, at=at, market="amazon.co.jp", **dirty)  # type: ignore[arg-type]
        result = ParseResult(message_id=f"h9-dirty-{n}@x", subject=f"{kind} {esc[0]}", date=at,
                             from_addr="auto-confirm@amazon.co.jp", from_name="Amazon.co.jp", authenticity="pass",
                             suspicious=False, status="parsed", events=(event,), order_ids=(order,),
                             parser="older", parser_version="0")
        items.append((b"Subject: x\r\n\r\nx\r\n", MailSource(path=f"/old/{n}.eml"), result))
    db = tmp_path / "orders.db"
    with Store.open(f"sqlite:///{db}") as store:
        store.ingest(items, now=datetime(2026, 11, 3, tzinfo=UTC))
    commands = [["show", order], ["status"], ["alerts"], ["draft", order, "--to", "seller"]]
    problems = inert_output_problems(store_config(tmp_path, db), cli_env(tmp_path), commands)
    assert not problems, "\n".join(problems)
