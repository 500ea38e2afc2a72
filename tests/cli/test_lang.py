"""Which language alerts and drafts use: --lang, then the config's `lang`, then the locale."""

from __future__ import annotations

import pytest

from daemon.config import effective_lang


@pytest.mark.parametrize(("configured", "env", "expected"), [
    ("ja", {"LANG": "en_US.UTF-8"}, "ja"),
    ("en", {"LANG": "ja_JP.UTF-8"}, "en"),
    ("auto", {"LANG": "ja_JP.UTF-8"}, "ja"),
    ("auto", {"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
    ("auto", {}, "en"),
    (None, {"LC_MESSAGES": "ja_JP.eucJP"}, "ja"),
])
def test_effective_lang(monkeypatch: pytest.MonkeyPatch, configured: str | None, env: dict[str, str],
                        expected: str) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert effective_lang(configured) == expected
