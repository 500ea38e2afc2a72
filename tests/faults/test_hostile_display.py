"""Text from mail reaches the user's terminal inert.

A marketplace seller writes the body and display name of mail that Amazon relays (authentic, yet
attacker-controlled), and any Amazon-looking mail controls its own subject. Terminal control
sequences (an OSC 8 hyperlink, clear-screen, colours, C1 CSI) must not survive parsing, and the CLI
must print rich markup such as ``[link=…]`` literally instead of interpreting it (or crashing on an
unbalanced ``[/]``).
"""

from __future__ import annotations

import re
from dataclasses import astuple
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_mail
from tests.faults import hostile_mail
from tests.faults.daemon_run import cli_env, run_cli

# C0 controls except TAB and LF, DEL, and C1 controls (U+0080-U+009F: U+009B is a CSI of its own).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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


def test_cli_prints_mail_text_inert(tmp_path: Path) -> None:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    (mail_dir / "seller.eml").write_bytes(hostile_mail.seller_message_with_escapes())
    (mail_dir / "notice.eml").write_bytes(hostile_mail.unrecognized_with_markup())
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n[notify]\ndesktop = false\n')
    env = cli_env(tmp_path)
    problems = []  # every command is checked, so one run shows everything that is wrong
    for command in (["import", str(mail_dir)], ["show", hostile_mail.ORDER_SELLER], ["status"], ["alerts"],
                    ["unrecognized"]):
        done = run_cli(config, "--now", "2026-11-20T12:00:00+09:00", *command, env=env, timeout=60)
        name = f"orders {command[0]}"
        if done.returncode != 0:
            problems.append(f"{name} failed: {done.stderr.strip()[-300:]}")
        leaked = sorted(set(CONTROL.findall(done.stdout + done.stderr)))
        if leaked:
            problems.append(f"{name} wrote control characters {leaked!r} to the terminal")
        # Markup is shown as the text it is, not turned into a link or a style.
        if command[0] in ("show", "unrecognized") and hostile_mail.MARKUP not in done.stdout:
            problems.append(f"{name} did not print {hostile_mail.MARKUP!r} literally")
    assert not problems, "\n".join(problems)
