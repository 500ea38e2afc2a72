"""Japanese throughout: every command, and its main error paths, under `--lang ja` print no English.

Runs the real commands on a real store fed by a real Dovecot (poll), local files (import) and a fresh
XDG home (init), then looks for English words in everything printed. What may stay in Latin letters is
listed in ``ALLOWED`` with the reason; any other English word is a string that was left untranslated.
"""

from __future__ import annotations

import email
import email.header
import json
import re
from pathlib import Path

import pytest

from daemon.cli import main
from store.domain.rule_settings import PAYMENT_KEYS, RULE_KEYS
from tests.servers.dovecot import Dovecot, free_port
from tests.watch.conftest import new_user

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
NOW = "2026-11-20T12:00:00+09:00"
INBOX = ["jp/story1-250-1111111-ordered.eml", "jp/story1-250-1111111-cancel-requested.eml",
         "jp/story1-250-1111111-shipped.eml", "jp/story2-503-2222222-ordered.eml",
         "jp/story2-503-2222222-cancel-requested.eml", "jp/story3-249-3333333-ordered-iso2022jp.eml",
         "jp/story3-249-3333333-cancelled.eml", "jp/unrecognized/address-change-accepted.eml"]
JUNK = ["jp/spam/story5-250-6666666-shipped-in-junk.eml", "jp/spam/suspicious-forged-from-dmarc-fail.eml"]

# Latin-letter words a Japanese user legitimately sees, and why.
ALLOWED = {
    # product, brand, protocol and format names (Japanese apps write them so)
    "orders", "Amazon", "amazon", "co", "jp", "IMAP", "TLS", "TLSv", "STARTTLS", "SQLite", "PostgreSQL", "DKIM",
    "XOAUTH2", "OAuth2", "dmarc", "dkim", "spf", "D-Bus", "JST", "UTC", "EST", "PST", "CET", "GMT", "au", "TOML", "zip", "md", "html", "eml", "mbox", "Maildir", "ATM",
    "Gmail", "Google", "systemd", "URL", "CN", "ECDHE", "RSA", "AES", "GCM", "SHA", "CHACHA20", "POLY1305",
    "localhost", "ok",
    # folder names as the server spells them (the user finds them by these names)
    "INBOX", "Junk", "Spam",
    # config key names and values the user types into config.toml
    "accounts", "host", "port", "security", "username", "password", "password_command", "password_env",
    "folders", "junk_folder", "spam", "since", "lang", "store", "url", "notify", "desktop", "true", "false",
    "tls", "starttls", "plain", "trusted_authserv_ids", "oauth2_token_command", "auth", "hots", "keyring",
    "timezone", "name", "ja", "command", "argv", "apprise",
    # names of formats, headers and tools that are written so in Japanese text too
    "Markdown", "JSON", "ISO", "Authentication-Results", "authserv-id", "quick_check", "XDG", "ID",
    # the usage line's placeholders (argparse metavars: part of the command's syntax, like its options)
    "PATH", "ORDER", "ISO-8", "TEXT", "COMMAND", "KIND",
    # commands, options and argument values the user types
    "init", "doctor", "poll", "watch", "status", "show", "alerts", "ack", "draft", "evidence", "import",
    "reparse", "unrecognized", "config", "example", "demo", "parse", "test", "json", "now", "to",
    "support", "seller", "out", "force", "email", "yes", "wide", "all", "enable", "user", "daemon-reload",
    "systemctl", "phishing", "shipped_after_cancel", "seller_no_reply", "refund_overdue", "cancel_unconfirmed",
    "mail_in_spam", "unread_amazon_mail", "cp", "mkdir", "oama", "set", "xoauth2", "-m",
}
# The servers' own replies, quoted verbatim so the user can look them up (Dovecot's wording).
SERVER_REPLIES = re.compile(r"\[AUTHENTICATIONFAILED\] Authentication failed\.|(?:status|select) failed: Mailbox "
                            r"doesn't exist:[^）]*")


def english_words(text: str, extra: set[str] = frozenset()) -> list[str]:
    """The Latin-letter words in ``text`` that are neither allowed nor part of a path, URL, address or
    `code span` (what the user types is shown as typed)."""
    text = SERVER_REPLIES.sub(" ", text)
    text = re.sub(r"[A-Za-z]+…", " ", text)                     # a word cut to fit its column
    text = re.sub(r"`[^`\n]*`", " ", text)                      # commands to type
    text = re.sub(r"(?<!\w)--[a-z][\w-]*", " ", text)            # options to type
    text = re.sub(r"\b[a-z]+=\S+", " ", text)                   # authentication results as written (dmarc=fail)
    text = re.sub(r"\d{4}-\d\d-\d\dT[\d:+-]+", " ", text)        # ISO 8601 examples
    text = re.sub(r"https?://\S+", " ", text)                   # links
    text = re.sub(r"[\w.+-]+@[\w.-]+", " ", text)               # addresses
    text = re.sub(r"\S*/\S*", " ", text)                        # paths, folder hierarchies
    text = re.sub(r"\b[\w-]+(?:\.[\w-]+)+\b", " ", text)         # host names (mx.example.jp)
    text = re.sub(r"\S+\.(?:toml|zip|db|eml|service|md|html)\b", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'_-]*[A-Za-z0-9]|[A-Za-z]", text)
    return [w for w in words if w not in ALLOWED and w not in extra and len(w) > 1]


def _decoded(value: object) -> str:
    if value is None:
        return ""
    try:
        return str(email.header.make_header(email.header.decode_header(str(value))))
    except (ValueError, LookupError, UnicodeError):
        return str(value)


def mail_words(paths: list[Path]) -> set[str]:
    """Words the user's own mail holds (item names, sellers, subjects, senders): shown as written."""
    words: set[str] = set()
    for path in paths:
        for eml in sorted(path.rglob("*.eml")) if path.is_dir() else [path]:
            msg = email.message_from_bytes(eml.read_bytes())  # compat32: hostile fixtures have broken headers
            texts = [_decoded(msg.get(name)) for name in ("Subject", "From")]
            expected = eml.with_name(eml.name + ".events.json")
            if expected.exists():  # only what the mail says: item names, seller names, notes
                for event in json.loads(expected.read_text(encoding="utf-8")).get("events", []):
                    texts += [*event.get("items", []), event.get("seller_name") or "", event.get("note") or ""]
            words.update(w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'_-]*[A-Za-z0-9]|[A-Za-z]", text))
    return words


def _config(tmp_path: Path, dovecot: Dovecot, user, *, password: str | None = None, extra: str = "") -> Path:
    path = tmp_path / f"config-{abs(hash((password, extra)))}.toml"
    path.write_text(
        f'lang = "ja"\ntimezone = "Asia/Tokyo"\n[store]\nurl = "sqlite:///{tmp_path / "orders.db"}"\n'
        f'[notify]\ndesktop = false\n'
        f'[[accounts]]\nname = "home"\nhost = "127.0.0.1"\nport = {dovecot.imap_port}\nsecurity = "plain"\n'
        f'username = "{user.name}"\npassword = "{password or user.password}"\nsince = "3650d"\n'
        f'trusted_authserv_ids = ["mx.example.jp"]\n{extra}', encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.mark.imap
def test_every_command_speaks_japanese(dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # --lang ja must win over an English locale
    monkeypatch.chdir(tmp_path)  # a bare relative store path (url = "orders.db") lands here, not in the checkout
    user = new_user(dovecot)
    for rel in INBOX:
        dovecot.append(user, "INBOX", (FIXTURES / rel).read_bytes())
    for rel in JUNK:
        dovecot.append(user, user.junk_folder, (FIXTURES / rel).read_bytes())
    config = _config(tmp_path, dovecot, user)  # lang = "ja" in the file: no --lang needed
    c = ["--config", str(config)]
    english = tmp_path / "english.toml"  # lang = "en" in the file: --lang ja wins
    english.write_text(config.read_text(encoding="utf-8").replace('lang = "ja"', 'lang = "en"'), encoding="utf-8")
    english.chmod(0o600)
    evidence = tmp_path / "証拠.zip"
    bad_key = tmp_path / "bad-key.toml"
    bad_key.write_text(config.read_text(encoding="utf-8").replace('host = "127', 'hots = "127'), encoding="utf-8")
    bad_key.chmod(0o600)
    bad_toml = tmp_path / "bad-syntax.toml"
    bad_toml.write_text('[[accounts]\nhost = "x"\n', encoding="utf-8")
    bad_toml.chmod(0o600)
    wrong_password = _config(tmp_path, dovecot, user, password="not-the-password-x9")
    bad_folder = _config(tmp_path, dovecot, user, extra='folders = ["INBOX", "存在しないフォルダ"]\n')
    text = config.read_text(encoding="utf-8")
    starttls_on_tls = tmp_path / "starttls-on-993.toml"  # STARTTLS asked of an implicit-TLS port
    starttls_on_tls.write_text(text.replace('host = "127.0.0.1"', 'host = "localhost"')
                               .replace(f"port = {dovecot.imap_port}", f"port = {dovecot.imaps_port}")
                               .replace('security = "plain"', f'security = "starttls"\nca_file = "{dovecot.ca_file}"'),
                               encoding="utf-8")
    starttls_on_tls.chmod(0o600)
    no_helper = tmp_path / "no-helper.toml"  # the password command does not exist
    no_helper.write_text(text.replace(f'password = "{user.password}"', 'password_command = ["/nonexistent/pass-helper"]'),
                         encoding="utf-8")
    no_helper.chmod(0o600)
    store_url = f'url = "sqlite:///{tmp_path / "orders.db"}"'
    no_store_dir = tmp_path / "no-store-dir.toml"  # the store's directory cannot be created
    no_store_dir.write_text(text.replace(store_url, 'url = "sqlite:////proc/no-such-dir/orders.db"'), encoding="utf-8")
    no_store_dir.chmod(0o600)
    not_a_url = tmp_path / "not-a-url.toml"
    not_a_url.write_text(text.replace(store_url, 'url = "orders.db"'), encoding="utf-8")
    not_a_url.chmod(0o600)
    bad_sections = tmp_path / "bad-sections.toml"  # [notify] and [rules] wrong in every way they are checked
    bad_sections.write_text('lang = "ja"\n[notify]\ndesktop = "yes"\nquiet_hours = "22-7"\nremind_every = "soon"\n'
                            'apprise = "ntfy://x"\n[[notify.command]]\nargv = "notify-me"\nname = "a b"\n'
                            '[rules]\nrefund_days = {paypal = 3}\ndisabled = ["spam"]\nseller_reply_hours = -1\n'
                            'market_refund_days = 3\n[schedule]\npoll_interval = "soon"\n', encoding="utf-8")
    bad_sections.chmod(0o600)
    hooks = tmp_path / "hooks.toml"  # notification commands: one that works, one that fails
    hooks.write_text(text.replace("desktop = false\n", 'desktop = false\n[[notify.command]]\nargv = ["/bin/true"]\n'
                                  '[[notify.command]]\nargv = ["/bin/false"]\n'), encoding="utf-8")
    hooks.chmod(0o600)
    refused = tmp_path / "refused.toml"  # nothing listens on the port
    refused.write_text(text.replace(f"port = {dovecot.imap_port}", f"port = {free_port()}"), encoding="utf-8")
    refused.chmod(0o600)

    imported = [FIXTURES / "jp" / "delivery-refused.eml", FIXTURES / "negative"]
    runs: list[tuple[list[str], int | None]] = [
        # (arguments, expected exit code; None: whatever the command decides)
        (["poll"], 0),
        (["poll"], 0),  # the second poll: nothing new
        (["poll", "--now", NOW], 0),
        (["import", *map(str, imported)], 0),
        (["status", "--now", NOW], 0),
        (["status", "--all", "--now", NOW], 0),
        (["--lang", "ja", "--config", str(english), "status", "--now", NOW], 0),
        (["show", "250-1111111-1111111", "--now", NOW], 0),
        (["show", "249-3333333-3333333", "--now", NOW], 0),
        (["alerts", "--now", NOW], 0),
        (["--lang", "ja", "--config", str(english), "alerts", "--now", NOW], 0),
        (["draft", "503-2222222-2222222", "--now", NOW], 0),
        (["draft", "249-3333333-3333333", "--to", "support", "--now", NOW], 0),
        (["draft", "250-1111111-1111111", "--to", "support", "--now", NOW], 0),
        (["evidence", "249-3333333-3333333", "--out", str(evidence), "--now", NOW], 0),
        (["ack", "250-6666666-6666666", "--now", NOW], 0),
        (["alerts", "--all", "--now", NOW], 0),
        (["unrecognized"], 0),
        (["reparse"], 0),
        (["doctor"], None),
        (["--lang", "ja", "--config", str(english), "doctor"], None),
        (["notify", "--test"], None),
        (["--config", str(hooks), "notify", "--test"], 1),
        (["--config", str(hooks), "doctor"], None),
        (["--lang", "ja", "demo"], 0),
        # error paths
        (["evidence", "249-3333333-3333333", "--out", str(evidence), "--now", NOW], 1),  # exists
        (["evidence", "249-3333333-3333333", "--out", str(tmp_path), "--now", NOW], 2),  # a directory
        (["show", "999-9999999-9999999"], 1),          # unknown order
        (["show", "not-an-order"], 2),                 # not an order number
        (["draft", "999-9999999-9999999"], 1),
        (["ack", "999-9999999-9999999"], 1),
        (["ack", "250-1111111-1111111", "bogus"], 2),  # not an alert kind
        (["ack", "phishing"], 1),                      # no alert without an order here
        (["--now", NOW, "watch"], 2),                  # watch refuses --now
        (["import", "--account", "nobody", str(imported[0])], 2),
        (["import", str(tmp_path / "nowhere.eml")], 2),
        (["status", "--now", "yesterday"], 2),
        (["--lang", "ja", "show"], 2),                 # argparse: a required argument missing
        (["draft", "250-1111111-1111111", "--to", "nobody"], 2),  # argparse: not a choice (lang from the config)
        (["status", "--bogus"], 2),                    # argparse: unknown option
        (["--lang", "ja", "--config", str(tmp_path / "missing.toml"), "status"], 2),
        (["--lang", "ja", "--config", str(bad_toml), "status"], 2),
        (["--config", str(bad_key), "status"], 2),
        (["--config", str(bad_sections), "status"], 2),    # the file's own lang = "ja", though it is broken
        (["--config", str(wrong_password), "poll"], 1),
        (["--config", str(wrong_password), "doctor"], 1),
        (["--config", str(bad_folder), "poll"], 1),
        (["--config", str(bad_folder), "doctor"], 1),
        (["--config", str(starttls_on_tls), "poll"], 1),
        (["--config", str(refused), "doctor"], 1),
        (["--config", str(no_helper), "poll"], 1),
        (["--config", str(no_store_dir), "status"], None),
        (["--config", str(not_a_url), "status"], None),
        (["--lang", "ja", "init", "--email", "someone@example.invalid", "--yes"], 2),  # unknown provider, no host
        (["--lang", "ja", "init", "--email", "someone@au.com", "--yes"], 2),  # a provider without IMAP
        (["--lang", "ja", "init", "--email", "someone@gmail.com", "--yes"], 0),
        (["--lang", "ja", "init", "--email", "someone@gmail.com", "--yes"], 1),  # exists
    ]
    # What the user typed or named (the account "home", a bad order number, a bad --now) and the mail's own words.
    typed = {user.name, "home", "NOT-AN-ORDER", "yesterday", "bogus", "nobody", "paypal", "soon"}
    typed |= mail_words([FIXTURES])  # the demo shows them all
    typed |= set(PAYMENT_KEYS) | set(RULE_KEYS)  # the [rules] keys a problem names: typed as they are
    leaks: dict[str, list[str]] = {}
    outputs: list[str] = []
    for i, (args, expected) in enumerate(runs):
        argv = args if args[0] in ("--lang", "--config") else [*c, *args]
        capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        out, err = capsys.readouterr()
        shown = f"#{i} " + " ".join(args)
        assert expected is None or code == expected, f"{shown}: exit {code}\n{out}\n{err}"
        assert out.strip() or err.strip(), f"{shown}: printed nothing"
        found = english_words(out + "\n" + err, typed)
        if found:
            leaks[shown] = sorted(set(found))
            outputs.append(f"== {shown}\n{out}\n{err}")
    _arrows_keep_their_text(capsys, monkeypatch, c)
    assert not leaks, ("English left under --lang ja:\n" + "\n".join(f"  {k}: {v}" for k, v in leaks.items())
                       + "\n\n" + "\n".join(outputs))


def _arrows_keep_their_text(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                            c: list[str]) -> None:
    """In a 60-column terminal every Japanese action wraps under its "→", never leaving it alone."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "60")
    capsys.readouterr()
    assert main([*c, "alerts", "--now", NOW]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(cell_len(line) <= 60 for line in lines), [line for line in lines if cell_len(line) > 60]
    arrows = [i for i, line in enumerate(lines) if line.lstrip().startswith("→")]
    assert len(arrows) >= 5
    wrapped = 0
    for i in arrows:
        assert lines[i].startswith("  → ") and lines[i][4] != " ", lines[i]
        j = i + 1
        while j < len(lines) and lines[j].startswith("    "):
            assert lines[j][4] != " ", lines[j]  # continuation lines line up under the text
            j += 1
        wrapped += j > i + 1
    assert wrapped >= 5  # the actions are long: they did wrap


def test_first_sync_progress_in_japanese() -> None:
    from daemon.cli.progress import RichProgress
    from daemon.service.sync_results import SyncProgress

    progress = RichProgress("ja")
    try:
        progress(SyncProgress("home", "INBOX", "fetch", 3, 10))
        (task,) = progress._progress.tasks
        assert task.description == "home: INBOX（取得中）" and task.completed == 3
    finally:
        progress.close()
