import io
import logging
import os

from daemon.service import logsetup
from daemon.service.logsetup import register_secret, setup_logging, syslog_priority


def _journal_env_for(path) -> dict[str, str]:
    st = os.stat(path)
    return {"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"}


def test_priorities_match_sd_daemon():
    assert [syslog_priority(lvl) for lvl in (10, 20, 30, 40, 50)] == [7, 6, 4, 3, 2]
    assert syslog_priority(25) == 4  # a custom level between INFO and WARNING counts as WARNING


def test_journal_format_when_journal_stream_names_our_stderr(tmp_path, restore_root_logging):
    path = tmp_path / "stderr"
    with open(path, "w") as stream:
        setup_logging(logging.DEBUG, stream=stream, environ=_journal_env_for(path))
        log = logging.getLogger("orders.test")
        log.debug("dbg")
        log.info("started")
        log.warning("slow server")
        log.error("lost connection")
    lines = path.read_text().splitlines()
    assert lines == [
        "<7>orders.test: dbg",
        "<6>orders.test: started",
        "<4>orders.test: slow server",
        "<3>orders.test: lost connection",
    ]


def test_traceback_lines_all_carry_the_priority(tmp_path, restore_root_logging):
    path = tmp_path / "stderr"
    with open(path, "w") as stream:
        setup_logging(stream=stream, environ=_journal_env_for(path))
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logging.getLogger("orders").exception("cycle failed")
    lines = path.read_text().splitlines()
    assert len(lines) > 3
    assert all(line.startswith("<3>") for line in lines)
    assert lines[-1] == "<3>RuntimeError: boom"


def test_timestamps_when_journal_stream_is_someone_elses(tmp_path, restore_root_logging):
    # Inherited JOURNAL_STREAM but our stderr was redirected to a file: not the journal.
    other = tmp_path / "other"
    other.write_text("")
    path = tmp_path / "stderr"
    with open(path, "w") as stream:
        setup_logging(stream=stream, environ=_journal_env_for(other))
        logging.getLogger("orders").info("hello")
    line = path.read_text().strip()
    assert not line.startswith("<")
    assert line[:4].isdigit() and " INFO " in line and line.endswith("orders: hello")


def test_under_systemd_without_tty_uses_prefixes(tmp_path, restore_root_logging):
    path = tmp_path / "stderr"
    with open(path, "w") as stream:
        setup_logging(stream=stream, environ={"INVOCATION_ID": "abc123"})
        logging.getLogger("orders").warning("w")
    assert path.read_text() == "<4>orders: w\n"


def test_plain_terminal_or_pipe_gets_timestamps(restore_root_logging):
    buf = io.StringIO()  # no fileno: never the journal
    setup_logging(stream=buf, environ={"INVOCATION_ID": "x"})
    logging.getLogger("orders").info("hi")
    assert buf.getvalue()[:2] == "20"


def test_secrets_never_written(restore_root_logging):
    buf = io.StringIO()
    setup_logging(logging.DEBUG, stream=buf, journal=True)
    marker = "S3cret-Marker-Pw!"
    register_secret(marker)
    register_secret(b"tok\\en'with\"quotes")
    log = logging.getLogger("orders.secret")
    log.debug("login with %s", marker)
    log.info("args %r", {"password": marker})
    log.info("bytes %r", b"tok\\en'with\"quotes")
    try:
        raise ValueError(f"auth failed for {marker}")
    except ValueError:
        log.exception("oops")
    out = buf.getvalue()
    assert marker not in out
    assert "tok\\\\en" not in out and "tok\\en" not in out
    assert out.count(logsetup.REDACTED) >= 4


def test_short_values_are_not_treated_as_secrets(restore_root_logging):
    buf = io.StringIO()
    setup_logging(stream=buf, journal=True)
    register_secret("ab")
    logging.getLogger("orders").info("about abc")
    assert "about abc" in buf.getvalue()


def test_setup_twice_keeps_one_handler(restore_root_logging):
    before = len(logging.getLogger().handlers)
    setup_logging(stream=io.StringIO(), journal=True)
    setup_logging(stream=io.StringIO(), journal=False)
    assert len(logging.getLogger().handlers) == before + 1


def test_imapclient_debug_is_silenced_at_info(restore_root_logging):
    setup_logging(logging.INFO, stream=io.StringIO(), journal=True)
    assert logging.getLogger("imapclient").getEffectiveLevel() == logging.WARNING
    setup_logging(logging.DEBUG, stream=io.StringIO(), journal=True)
    assert logging.getLogger("imapclient").getEffectiveLevel() == logging.DEBUG


def test_configure_levels_from_verbosity(restore_root_logging):
    from daemon.service.logsetup import configure, level_for_verbosity

    assert level_for_verbosity(0) == logging.WARNING
    assert level_for_verbosity(1) == logging.INFO
    assert level_for_verbosity(2) == logging.DEBUG
    assert level_for_verbosity(0, default=logging.INFO) == logging.INFO
    configure(2)
    assert logging.getLogger().level == logging.DEBUG
