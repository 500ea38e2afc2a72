"""The one table of terminal messages: complete in Japanese, consistent placeholders, and a ``Msg`` that
reads as English yet renders in any language after crossing a process boundary."""

from __future__ import annotations

import pickle
from string import Formatter

from store.domain.errors import UserError
from store.domain.messages import MESSAGES, Msg, localize, word


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_message_has_english_and_japanese_with_the_same_placeholders() -> None:
    for key, entry in MESSAGES.items():
        assert entry.get("en") and entry.get("ja"), key
        english = _names(entry["en"])
        for lang, template in entry.items():
            # A language may leave a value out or use its own form of one (``keys_ja``), never invent one.
            extra = {n for n in _names(template) - english if not n.endswith(f"_{lang}")}
            assert not extra, (key, lang, extra)


def test_japanese_messages_are_written_in_japanese() -> None:
    # Only pure layouts of values may read the same in both languages.
    same = {key for key, entry in MESSAGES.items() if entry["ja"] == entry["en"]}
    assert same == {"sync account", "os error", "with last line"}


def test_msg_is_english_text_and_renders_in_japanese() -> None:
    inner = Msg("no such folder", detail="NONEXISTENT")
    msg = Msg("in folder", folder="Spam", text=inner)
    assert msg == "folder 'Spam': the folder does not exist on the server (NONEXISTENT)"
    assert msg.text("ja") == "フォルダ「Spam」: このフォルダはサーバーにありません（NONEXISTENT）"
    assert pickle.loads(pickle.dumps(msg)).text("ja") == msg.text("ja")
    assert msg.text("de") == str(msg)  # a language without the entry: English
    assert localize(12, "ja") == 12 and word("list sep", "ja") == "、"


def test_user_error_in_the_users_language() -> None:
    err = UserError(Msg("order not stored", order="250-1"), Msg("order not stored fix"))
    assert str(err) == "250-1: no mail about this order in the store — fix: run `orders poll` or `orders import`"
    assert err.text("ja") == ("250-1: この注文についてのメールは保存されていません — 対処: `orders poll` か "
                              "`orders import` でメールを取り込んでください")
    assert UserError("plain text only").text("ja") == "plain text only"  # written as a plain string: as it is
