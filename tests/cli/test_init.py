"""`orders init` and `orders config example`: the provider table, the file written, nothing asked with --yes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from daemon.cli.commands.setup import example_text, keyring_command
from daemon.cli.providers import all_providers, for_address
from daemon.config import load_config

ROOT = Path(__file__).resolve().parents[2]

# address → (provider id, host, port, security, login is the address, secret kind)
EXPECTED = {
    "someone@gmail.com": ("gmail", "imap.gmail.com", 993, "tls", True, "app-password"),
    "a@googlemail.com": ("gmail", "imap.gmail.com", 993, "tls", True, "app-password"),
    "taro@outlook.jp": ("outlook", "outlook.office365.com", 993, "tls", True, "oauth2"),
    "b@hotmail.co.jp": ("outlook", "outlook.office365.com", 993, "tls", True, "oauth2"),
    "c@live.com": ("outlook", "outlook.office365.com", 993, "tls", True, "oauth2"),
    "d@icloud.com": ("icloud", "imap.mail.me.com", 993, "tls", True, "app-password"),
    "e@me.com": ("icloud", "imap.mail.me.com", 993, "tls", True, "app-password"),
    "f@yahoo.co.jp": ("yahoo-japan", "imap.mail.yahoo.co.jp", 993, "tls", False, "password"),
    "g@yahoo.com": ("yahoo", "imap.mail.yahoo.com", 993, "tls", True, "app-password"),
    "h@docomo.ne.jp": ("docomo", "imap.spmode.ne.jp", 993, "tls", False, "imap-password"),
    "i@i.softbank.jp": ("softbank", "imap.softbank.jp", 993, "tls", False, "password"),
    "j@gmx.de": ("gmx", "imap.gmx.net", 993, "tls", True, "password"),
    "k@gmx.com": ("gmx-com", "imap.gmx.com", 993, "tls", True, "password"),
    "l@fastmail.com": ("fastmail", "imap.fastmail.com", 993, "tls", True, "app-password"),
    "m@proton.me": ("proton", "127.0.0.1", 1143, "starttls", True, "bridge-password"),
    "n@pm.me": ("proton", "127.0.0.1", 1143, "starttls", True, "bridge-password"),
}
NO_IMAP = {"o@au.com": "au", "p@ezweb.ne.jp": "au", "q@softbank.ne.jp": "softbank-mms",
           "r@ymobile.ne.jp": "softbank-mms", "s@rakumail.jp": "rakuten"}


def run(args: list[str], home: Path, *, lang: str = "en_US.UTF-8", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run orders with stdin an already-closed pipe (end of file at once)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "DBUS_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "cfg"), XDG_DATA_HOME=str(home / "data"),
               LANG=lang, XDG_RUNTIME_DIR=str(home / "run"))
    return subprocess.run([sys.executable, "-m", "daemon.cli", *args], input="", capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=timeout)


@pytest.mark.parametrize("address", sorted(EXPECTED))
def test_provider_table(address):
    pid, host, port, security, login_is_address, secret = EXPECTED[address]
    p = for_address(address)
    assert p is not None and p.id == pid
    assert (p.host, p.port, p.security, p.secret) == (host, port, security, secret)
    assert (p.username == "address") is login_is_address
    assert p.imap and p.help_url and p.help_url.startswith("https://")
    assert p.note("en") and p.note("ja")
    assert p.junk_folder("en") and p.junk_folder("ja")


@pytest.mark.parametrize("address", sorted(NO_IMAP))
def test_providers_without_imap_say_what_to_do(address):
    p = for_address(address)
    assert p is not None and p.id == NO_IMAP[address] and not p.imap
    assert "forward" in p.note("en").lower() or "imap" in p.note("en").lower()
    assert "転送" in p.note("ja") or "IMAP" in p.note("ja")


def test_every_listed_provider_is_tested_and_cites_its_help_page():
    tested = {v[0] for v in EXPECTED.values()} | set(NO_IMAP.values())
    assert {p.id for p in all_providers()} == tested
    text = (ROOT / "daemon" / "cli" / "providers.toml").read_text(encoding="utf-8")
    for p in all_providers():
        assert p.help_url in text


def test_gmail_junk_folder_by_language():
    p = for_address("x@gmail.com")
    assert p.junk_folder("ja") == "[Gmail]/迷惑メール"
    assert p.junk_folder("en") == "[Gmail]/Spam"


def test_unknown_and_subdomain():
    assert for_address("me@example.org") is None
    assert for_address("me@Mail.Yahoo.co.JP").id == "yahoo-japan"


def test_init_gmail_yes_with_stdin_closed(tmp_path):
    proc = run(["init", "--email", "someone@gmail.com", "--yes"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "cfg" / "orders" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    account = doc["accounts"][0]
    assert (account["host"], account["port"], account["security"]) == ("imap.gmail.com", 993, "tls")
    assert account["username"] == "someone@gmail.com"
    assert account["password_command"] == keyring_command("someone@gmail.com")
    assert "password" not in account
    assert "junk_folder" in path.read_text(encoding="utf-8")  # the hint, in the user's language
    assert "keyring set orders someone@gmail.com" in proc.stdout
    assert "systemctl --user enable --now orders" in proc.stdout
    assert f"cp {ROOT / 'systemd' / 'orders.service'} ~/.config/systemd/user/" in proc.stdout
    assert "?" not in proc.stdout.split("Wrote")[0]  # nothing was asked
    load_config(path)
    doctor = run(["doctor", "--json"], tmp_path)
    assert '"check": "config"' in doctor.stdout and "not valid TOML" not in doctor.stdout


def test_init_never_overwrites_without_force(tmp_path):
    assert run(["init", "--email", "a@gmail.com", "--yes"], tmp_path).returncode == 0
    path = tmp_path / "cfg" / "orders" / "config.toml"
    before = path.read_text(encoding="utf-8")
    proc = run(["init", "--email", "b@fastmail.com", "--yes"], tmp_path)
    assert proc.returncode == 1 and "--force" in proc.stderr
    assert path.read_text(encoding="utf-8") == before
    proc = run(["init", "--email", "b@fastmail.com", "--yes", "--force"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "imap.fastmail.com" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_init_outlook_is_oauth2(tmp_path):
    proc = run(["init", "--email", "taro@outlook.jp", "--yes"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    account = load_config(tmp_path / "cfg" / "orders" / "config.toml").accounts[0]
    assert account.auth == "xoauth2" and account.oauth2_token_command[0] == "oama"
    assert "OAuth2" in proc.stdout


def test_init_env_secret_in_japanese(tmp_path):
    proc = run(["init", "--email", "h@docomo.ne.jp", "--yes", "--secret", "env", "--username", "did123"],
               tmp_path, lang="ja_JP.UTF-8")
    assert proc.returncode == 0, proc.stderr
    account = load_config(tmp_path / "cfg" / "orders" / "config.toml").accounts[0]
    assert (account.host, account.username, account.password_env) == ("imap.spmode.ne.jp", "did123", "ORDERS_PASSWORD_H")
    assert "IMAP専用パスワード" in proc.stdout and "環境変数" in proc.stdout


def test_init_provider_without_imap_refuses_with_advice(tmp_path):
    proc = run(["init", "--email", "s@rakumail.jp", "--yes"], tmp_path)
    assert proc.returncode == 2
    assert "no IMAP" in proc.stderr and "forward" in proc.stderr.lower()
    assert not (tmp_path / "cfg" / "orders" / "config.toml").exists()


def test_init_unknown_domain_needs_a_host(tmp_path):
    proc = run(["init", "--email", "me@example.org", "--yes"], tmp_path)
    assert proc.returncode == 2 and "--host" in proc.stderr
    proc = run(["init", "--email", "me@example.org", "--yes", "--host", "mail.example.org", "--secret", "command"],
               tmp_path)
    assert proc.returncode == 0, proc.stderr
    account = load_config(tmp_path / "cfg" / "orders" / "config.toml").accounts[0]
    assert (account.host, account.port, account.security) == ("mail.example.org", 993, "tls")
    assert account.password_command == ("pass", "show", "mail/me@example.org")
    proc = run(["init", "--email", "me@example.org", "--yes", "--force", "--host", "mail.example.org",
                "--security", "starttls", "--secret", "env"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    account = load_config(tmp_path / "cfg" / "orders" / "config.toml").accounts[0]
    assert (account.port, account.security, account.password_env) == (143, "starttls", "ORDERS_PASSWORD_ME")


def test_init_without_a_terminal_or_address_says_how(tmp_path):
    proc = run(["init"], tmp_path)
    assert proc.returncode == 2 and "--email" in proc.stderr


def test_config_example_prints_the_shipped_file(tmp_path):
    proc = run(["config", "example"], tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == (ROOT / "config.example.toml").read_text(encoding="utf-8") == example_text()
    tomllib.loads(proc.stdout)


def test_example_is_in_the_wheel_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"share/orderwatch" = ["config.example.toml"]' in text


def test_init_asks_on_a_terminal(tmp_path):
    """Typed answers on a real pseudo-terminal: the address, then the secret store (a password command)."""
    import pty
    import select
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "DBUS_"))}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"),
               LANG="en_US.UTF-8", XDG_RUNTIME_DIR=str(tmp_path / "run"))
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "daemon.cli", "init"], stdin=slave, stdout=slave, stderr=slave,
                            cwd=ROOT, env=env, start_new_session=True)
    os.close(slave)
    seen = b""

    def expect(text: bytes, timeout: float = 60) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while text not in seen:
            assert time.monotonic() < deadline, f"no {text!r} in {seen!r}"
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break

    expect(b"E-mail address:")
    os.write(master, b"me@fastmail.com\n")
    expect(b"Keep the password in")
    os.write(master, b"2\n")
    expect(b"Command printing the password")
    os.write(master, b"pass show mail/fastmail\n")
    expect(b"enable --now orders")
    proc.wait(60)
    os.close(master)
    account = load_config(tmp_path / "cfg" / "orders" / "config.toml").accounts[0]
    assert (account.host, account.username) == ("imap.fastmail.com", "me@fastmail.com")
    assert account.password_command == ("pass", "show", "mail/fastmail")
