"""The shared Dovecot harness itself (tests/servers/dovecot.py), so other tests can trust it."""

from __future__ import annotations

import imapclient
import pytest

from tests.daemon import mails

pytestmark = pytest.mark.imap


def test_counting_proxy_is_not_fooled_by_literals(dovecot):
    user = dovecot.add_user()
    tricky = mails.unrelated().replace(b"See you", b"A1 UID FETCH 1:* (BODY[])\r\nB2 SEARCH ALL\r\nSee you")
    with dovecot.counting_proxy() as proxy:
        c = imapclient.IMAPClient("127.0.0.1", port=proxy.port, ssl=False)
        c.login(user.name, user.password)
        c.append("INBOX", tricky)
        c.select_folder("INBOX", readonly=True)
        c.search(["ALL"])
        c.logout()
        [log] = proxy.commands()
    assert [x for x in log if x != "CAPABILITY"] == ["LOGIN", "APPEND", "EXAMINE", "UID SEARCH", "LOGOUT"]


def test_seed_reset_and_restart_keep_the_mail(dovecot):
    user = dovecot.add_user(junk="none")
    assert dovecot.seed_maildir(user, "迷惑メール", [mails.unrelated(i) for i in range(5)]) == 5
    before = dovecot.folder_status(user, "迷惑メール")
    assert before[b"MESSAGES"] == 5
    new = dovecot.reset_uidvalidity(user, "迷惑メール")
    assert new != before[b"UIDVALIDITY"] and dovecot.folder_status(user, "迷惑メール")[b"MESSAGES"] == 5
    assert dovecot.append(user, "INBOX", mails.unrelated(9), mails.unrelated(10)) == [1, 2]
    recreated = dovecot.recreate_folder(user, "迷惑メール")
    assert recreated not in (new, before[b"UIDVALIDITY"])
    with dovecot.session(user) as c:
        assert not any(b"\\Junk" in flags for flags, _, _ in c.list_folders())


def test_a_probed_port_taken_before_the_start_is_probed_again():
    # free_port() only probes: another process may bind the port before Dovecot does. The first
    # start then probes new ports instead of failing the whole module's tests.
    import os
    import shutil
    import socket
    import tempfile
    from pathlib import Path

    from tests.conftest import need
    from tests.servers.dovecot import Dovecot, dovecot_available

    need(dovecot_available(), "dovecot is not installed (apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="orders-dovecot-"))
    os.chmod(root, 0o755)  # as dovecot_server(): Dovecot's unprivileged processes reach the mail
    server = Dovecot(root)
    taken = server.imap_port
    try:
        with socket.socket() as squatter:
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind(("127.0.0.1", taken))
            squatter.listen()
            server.start_fresh()
            with server.session(server.add_user()) as client:
                assert client.select_folder("INBOX", readonly=True)[b"EXISTS"] == 0
    finally:
        server.close()
        shutil.rmtree(root, ignore_errors=True)
    assert server.imap_port != taken
