"""`orders watch` as systemd runs it: a subprocess (`python -m daemon.cli watch`) and its signals."""

from __future__ import annotations

import signal
import time

import pytest

from tests.watch.conftest import PHISHING, AlertSink, WatchProcess, fresh_mail, new_user, write_config

pytestmark = pytest.mark.imap


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_daemon_cleanly(dovecot, tmp_path, sig):
    user = new_user(dovecot)
    config = write_config(tmp_path / "config.toml", server=dovecot, users=[user], store=tmp_path / "orders.db")
    proc = WatchProcess(config, tmp_path / "stderr.log")
    try:
        proc.wait_log(f"{user.name}: IDLE on INBOX, Junk")
    finally:
        rc, seconds = proc.finish(sig)
    print(f"\n{signal.Signals(sig).name}: exited {rc} in {seconds:.2f} s")
    assert rc == 0, proc.log()
    assert seconds < 5.0
    assert "stopped in" in proc.log()


def test_journald_format_and_sighup_reload(dovecot, tmp_path):
    first, second = new_user(dovecot), new_user(dovecot)
    store = tmp_path / "orders.db"
    sink = AlertSink(tmp_path / "alerts.jsonl")
    path = write_config(tmp_path / "config.toml", server=dovecot, users=[first], store=store, sink=sink)
    proc = WatchProcess(path, tmp_path / "journal.log", journal=True)
    try:
        proc.wait_log(f"{first.name}: IDLE on INBOX, Junk")
        write_config(path, server=dovecot, users=[first, second], store=store, sink=sink, poll="30m")
        proc.send(signal.SIGHUP)
        proc.wait_log("config reloaded")
        proc.wait_log(f"{second.name}: IDLE on INBOX, Junk")
        assert "poll every 1800 s" in proc.log()
        # The account the reload added is watched: its new mail is stored and alerted.
        time.sleep(0.3)
        dovecot.append(second, "Junk", fresh_mail(PHISHING, message_id="hup@test.example"))
        assert sink.wait_for(1, 10), proc.log()

        path.write_text(path.read_text().replace('poll_interval = "30m"', 'poll_interval = "whenever"'))
        proc.send(signal.SIGHUP)
        proc.wait_log("reload failed, keeping the previous config")
        assert "schedule.poll_interval" in proc.log()
        time.sleep(0.5)
        assert proc.proc.poll() is None, "a bad config on reload killed the daemon"
    finally:
        rc, _ = proc.finish()
    assert rc == 0
    lines = [line for line in proc.log().splitlines() if line]
    # journald: every line carries a syslog priority and no timestamp of its own.
    assert lines and all(line[:3] in {"<2>", "<3>", "<4>", "<6>", "<7>"} for line in lines), lines
    assert any(line.startswith("<3>orders.watch: reload failed") for line in lines)
    assert not any(line[3:7].isdigit() for line in lines)


def test_passwords_never_reach_the_log_or_the_store(restartable_dovecot, tmp_path):
    # A server of its own: the refused logins earn 127.0.0.1 an auth penalty that would slow others.
    dovecot = restartable_dovecot
    good = new_user(dovecot, password="Marker-Good-7f3a9c")
    bad = new_user(dovecot)
    wrong = "Marker-Wrong-51e2d8"
    store = tmp_path / "orders.db"
    sink = AlertSink(tmp_path / "alerts.jsonl")
    path = write_config(tmp_path / "config.toml", server=dovecot, users=[good, bad], store=store, sink=sink,
                        passwords={bad.name: wrong})
    proc = WatchProcess(path, tmp_path / "stderr.log", verbosity="-vv")  # DEBUG: imapclient logs too
    try:
        proc.wait_log(f"{good.name}: IDLE on INBOX, Junk")
        proc.wait_log(f"login to 127.0.0.1:{dovecot.imap_port} as '{bad.name}' refused")
        dovecot.append(good, "INBOX", fresh_mail(PHISHING, message_id="secret@test.example"))
        assert sink.wait_for(1, 10), proc.log()
    finally:
        rc, _ = proc.finish()
    assert rc == 0
    log = proc.log()
    assert "LOGIN" in log or "login" in log  # the DEBUG log did cover the logins
    files = [tmp_path / "stderr.log", tmp_path / "alerts.jsonl", *tmp_path.glob("orders.db*")]
    for secret in (good.password, wrong):
        for f in files:
            assert secret.encode() not in f.read_bytes(), f"{secret} found in {f.name}"
