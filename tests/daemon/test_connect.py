"""Connecting to a real Dovecot: TLS, STARTTLS, plain, certificates, secrets, XOAUTH2."""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import sys
import threading

import pytest

from daemon.service.imap import ImapError, connect, tls_details
from tests.daemon.conftest import make_account
from tests.servers.dovecot import free_port

pytestmark = pytest.mark.imap


def _logged_in(client) -> bool:
    try:
        return client.noop()[0].startswith(b"NOOP completed") or True
    finally:
        client.logout()


@pytest.mark.parametrize("security", ["tls", "starttls", "plain"])
def test_each_security_mode_logs_in(dovecot, security):
    user = dovecot.add_user()
    client = connect(make_account(dovecot, user, security))
    try:
        details = tls_details(client)
        if security == "plain":
            assert details is None
        else:
            assert details["version"] in ("TLSv1.2", "TLSv1.3")
            assert "localhost" in details["subject"]
            assert "orders test CA" in details["issuer"]
        assert client.folder_status("INBOX", ["MESSAGES"])[b"MESSAGES"] == 0
    finally:
        client.logout()


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_untrusted_certificate_is_a_clear_error(dovecot, security):
    user = dovecot.add_user()
    account = make_account(dovecot, user, security, ca_file=str(dovecot.other_ca_file))
    with pytest.raises(ImapError) as info:
        connect(account)
    err = info.value
    assert "not trusted" in err.what and "ca_file" in err.fix
    assert err.retryable is False
    assert user.password not in str(err)


def test_system_trust_store_rejects_the_private_ca(dovecot):
    user = dovecot.add_user()
    account = make_account(dovecot, user, "tls", ca_file=None)
    with pytest.raises(ImapError, match="not trusted"):
        connect(account)


def test_tls_verify_false_connects_and_is_warned(dovecot, caplog):
    from daemon.config import config_from_mapping

    user = dovecot.add_user()
    table = dovecot.account_table(user, "tls", ca_file=None, tls_verify=False)
    with caplog.at_level(logging.WARNING):
        config = config_from_mapping({"accounts": [table]})
    assert any("tls_verify" in w and "NOT checked" in w for w in config.warnings)
    assert "tls_verify" in caplog.text
    _logged_in(connect(config.accounts[0]))


def test_tls_port_given_to_starttls_mode_and_back(dovecot):
    user = dovecot.add_user()
    with pytest.raises(ImapError, match="does not speak TLS"):
        connect(make_account(dovecot, user, "tls", port=dovecot.imap_port))


def test_wrong_password_is_refused_without_the_secret(dovecot, caplog):
    user = dovecot.add_user()
    wrong = "Wr0ng-marker-password-4711"
    with caplog.at_level(logging.DEBUG), pytest.raises(ImapError) as info:
        connect(make_account(dovecot, user, "plain", password=wrong))
    assert "refused" in info.value.what and user.name in info.value.what
    assert info.value.retryable is False
    assert wrong not in str(info.value) and wrong not in repr(info.value.__dict__)
    assert wrong not in caplog.text


def test_refused_port(dovecot):
    user = dovecot.add_user()
    with pytest.raises(ImapError, match="refused") as info:
        connect(make_account(dovecot, user, "plain", port=free_port()))
    assert info.value.retryable is True


def test_password_command_and_env(dovecot, monkeypatch, tmp_path):
    user = dovecot.add_user()
    script = tmp_path / "secret.py"
    script.write_text(f"print({user.password!r}); print('second line ignored')\n")
    _logged_in(connect(make_account(dovecot, user, "starttls", password_command=[sys.executable, str(script)])))

    monkeypatch.setenv("ORDERS_TEST_PW", user.password)
    _logged_in(connect(make_account(dovecot, user, "tls", password_env="ORDERS_TEST_PW")))

    monkeypatch.delenv("ORDERS_TEST_PW")
    with pytest.raises(ImapError, match="ORDERS_TEST_PW is not set"):
        connect(make_account(dovecot, user, "tls", password_env="ORDERS_TEST_PW"))


def test_failing_password_command(dovecot, tmp_path):
    user = dovecot.add_user()
    with pytest.raises(ImapError, match="exited with status 3: vault is locked") as info:
        connect(make_account(dovecot, user, "plain", password_command=[
            sys.executable, "-c", "import sys; print('partial'); sys.stderr.write('vault is locked\\n'); sys.exit(3)"]))
    assert "partial" not in str(info.value)
    with pytest.raises(ImapError, match="not found"):
        connect(make_account(dovecot, user, "plain", password_command=[str(tmp_path / "no-such-program")]))


def test_xoauth2_against_dovecot_oauth2_passdb(dovecot, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    user = dovecot.add_user()
    token = "ya29.test-token-" + user.password
    dovecot.add_oauth_token(user, token)
    before = dovecot.introspection_requests
    account = make_account(dovecot, user, "tls", auth="xoauth2",
                           oauth2_token_command=[sys.executable, "-c", f"print({token!r})"])
    _logged_in(connect(account))
    assert dovecot.introspection_requests > before  # Dovecot really asked the introspection server

    bad = make_account(dovecot, user, "tls", auth="xoauth2",
                       oauth2_token_command=[sys.executable, "-c", "print('expired-token-123456')"])
    with pytest.raises(ImapError, match="XOAUTH2 token") as info:
        connect(bad)
    assert "expired-token-123456" not in str(info.value)
    assert token not in caplog.text and "expired-token-123456" not in caplog.text


def test_starttls_never_falls_back_to_plain(tmp_path):
    """A server that does not offer STARTTLS gets no password: the connection is refused first."""
    from daemon.config import config_from_mapping

    received: list[bytes] = []
    listener = socket.create_server(("127.0.0.1", 0))

    def fake_server() -> None:
        for _ in range(2):  # the greeting probe (it may reset the connection), then the session
            conn, _ = listener.accept()
            with conn, contextlib.suppress(OSError):
                conn.sendall(b"* OK fake IMAP ready\r\n")
                for line in conn.makefile("rb"):
                    received.append(line)
                    tag, _, rest = line.partition(b" ")
                    if rest.upper().startswith(b"CAPABILITY"):
                        conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n")
                    else:
                        conn.sendall(b"* BYE\r\n" + tag + b" OK bye\r\n")
                        break

    thread = threading.Thread(target=fake_server, daemon=True)
    thread.start()
    account = config_from_mapping({"accounts": [{
        "name": "x", "host": "127.0.0.1", "port": listener.getsockname()[1], "security": "starttls",
        "username": "u", "password": "never-sent-pw", "timeout": "5s"}]}).accounts[0]
    with pytest.raises(ImapError, match="does not offer STARTTLS") as info:
        connect(account)
    thread.join(5)
    listener.close()
    assert info.value.retryable is False
    assert not any(b"LOGIN" in line or b"never-sent-pw" in line for line in received)


def test_starttls_against_an_implicit_tls_port_fails_fast(dovecot):
    """Port 993 given with security = "starttls": the server waits for a TLS handshake and says nothing;
    connect says so well before the 60 s timeout, naming the fix."""
    import time

    user = dovecot.add_user()
    account = make_account(dovecot, user, "starttls", port=dovecot.imaps_port, timeout="60s")
    started = time.monotonic()
    with pytest.raises(ImapError, match="implicit TLS") as info:
        connect(account)
    assert time.monotonic() - started < account.timeout
    assert 'security = "tls"' in info.value.fix and info.value.retryable is False


def test_ssl_context_respects_ca_file_and_verify(dovecot):
    from daemon.service.imap import ssl_context

    user = dovecot.add_user()
    ctx = ssl_context(make_account(dovecot, user, "tls"))
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname

