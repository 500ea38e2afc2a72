"""A small misbehaving IMAP server on 127.0.0.1, bounded in time (every test stops it).

It speaks just enough IMAP for ``orders`` to log in, list INBOX, STATUS/EXAMINE it, search and
fetch one mail — and misbehaves at one chosen point:

- ``tarpit``: from the chosen command on, answers ``* OK still thinking`` every ``interval`` s
  (inside any per-read timeout) and never completes the command;
- ``flood``: answers the chosen command with untagged lines as fast as the socket takes them;
- ``big_literal``: answers ``FETCH BODY[]`` with a literal of ``literal_size`` bytes (while
  RFC822.SIZE said 30 KB), streaming zeros;
- ``echo_login``: refuses LOGIN quoting the password back (``NO wrong password "…"``).

``sent`` counts the bytes it pushed (tests check the client cut it off early).
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

MAIL = (b"From: Amazon.co.jp <auto-confirm@amazon.co.jp>\r\nSubject: x\r\n"
        b"Date: Mon, 02 Nov 2026 00:00:00 +0000\r\nMessage-ID: <h1@amazon.co.jp>\r\n\r\nhello\r\n")


@dataclass
class Behaviour:
    mode: str = "tarpit"  # tarpit | flood | big_literal
    trigger: str = "LIST"  # the command (UID skipped) where it starts; "FETCH BODY" = FETCH BODY.PEEK[]
    interval: float = 5.0
    literal_size: int = 8 * 1024**3
    max_seconds: float = 120.0  # the server's own bound on any one misbehaviour
    sent: int = 0
    connections: int = 0
    stopped: threading.Event = field(default_factory=threading.Event)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.server.behaviour.sent += len(data)

    def handle(self) -> None:
        b = self.server.behaviour
        b.connections += 1
        self.request.settimeout(b.max_seconds)
        self.send(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE] hostile test server ready\r\n")
        with contextlib.suppress(OSError):
            while not b.stopped.is_set():
                line = self.rfile.readline(65536)
                if not line:
                    return
                parts = line.decode("ascii", "replace").split()
                if len(parts) < 2:
                    continue
                text = line.decode("ascii", "replace")
                tag, words = parts[0], [w.upper() for w in parts[1:]]
                command = words[1] if words[0] == "UID" and len(words) > 1 else words[0]
                whole_body = command == "FETCH" and "BODY.PEEK[]" in text.upper()
                if b.mode == "echo_login" and command == "LOGIN":
                    # A server that quotes the credentials back in its refusal.
                    self.send(tag.encode() + b' NO [AUTHENTICATIONFAILED] wrong password "' +
                              " ".join(parts[3:]).strip('"').encode() + b'" for ' + parts[2].encode() + b"\r\n")
                    continue
                if command == b.trigger or (b.trigger == "FETCH BODY" and whole_body):
                    self.misbehave(tag)
                    return
                self.answer(tag, command, text)

    def answer(self, tag: str, command: str, line: str) -> None:
        t = tag.encode()
        if command == "LOGOUT":
            self.send(b"* BYE bye\r\n" + t + b" OK done\r\n")
        elif command == "CAPABILITY":
            self.send(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE\r\n" + t + b" OK done\r\n")
        elif command == "LIST":
            self.send(b'* LIST (\\HasNoChildren) "/" INBOX\r\n' + t + b" OK done\r\n")
        elif command == "STATUS":
            self.send(b'* STATUS INBOX (UIDNEXT 2 UIDVALIDITY 7)\r\n' + t + b" OK done\r\n")
        elif command in ("SELECT", "EXAMINE"):
            self.send(b"* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n" + t +
                      b" OK [READ-ONLY] done\r\n")
        elif command == "SEARCH":
            self.send(b"* SEARCH 1\r\n" + t + b" OK done\r\n")
        elif command == "FETCH" and "RFC822.SIZE" in line.upper():
            self.send(b"* 1 FETCH (UID 1 RFC822.SIZE 30000)\r\n" + t + b" OK done\r\n")
        elif command == "FETCH":
            head = b"From: x@example.org\r\n\r\n"
            self.send(b"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM AUTHENTICATION-RESULTS)] {%d}\r\n" % len(head)
                      + head + b")\r\n" + t + b" OK done\r\n")
        else:
            self.send(t + b" OK done\r\n")

    def misbehave(self, tag: str) -> None:
        b = self.server.behaviour
        until = time.monotonic() + b.max_seconds
        if b.mode == "tarpit":
            while time.monotonic() < until and not b.stopped.wait(b.interval):
                self.send(b"* OK still thinking\r\n")
        elif b.mode == "flood":
            line = b"* OK " + b"flood " * 10 + b"\r\n"
            chunk = line * 2000
            while time.monotonic() < until and not b.stopped.is_set():
                self.send(chunk)
        elif b.mode == "big_literal":
            self.send(b"* 1 FETCH (UID 1 BODY[] {%d}\r\n" % b.literal_size)
            chunk = b"\0" * 65536
            left = b.literal_size
            while left > 0 and time.monotonic() < until and not b.stopped.is_set():
                self.send(chunk[:left])
                left -= len(chunk)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    behaviour: Behaviour


@contextlib.contextmanager
def hostile_imap(behaviour: Behaviour) -> Iterator[tuple[int, Behaviour]]:
    """Run the server on 127.0.0.1 (a free port) until the block ends; yields (port, behaviour)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.behaviour = behaviour
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], behaviour
    finally:
        behaviour.stopped.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def account_table(port: int, name: str = "hostile", **extra: object) -> dict[str, object]:
    table: dict[str, object] = {"name": name, "host": "127.0.0.1", "port": port, "security": "plain",
                                "username": "u", "password": "hostile-pw", "timeout": "10s",
                                "sync_timeout": "15s", "spam": False}
    table.update(extra)
    return table
