"""A private Dovecot IMAP server on 127.0.0.1 for tests (shared by the daemon and watch tests).

    with dovecot_server() as server:
        user = server.add_user(junk="special")          # fresh user: INBOX + Junk (\\Junk)
        server.append(user, "INBOX", raw_bytes)
        with server.counting_proxy() as proxy:          # plain IMAP via a recording proxy
            ...connect to 127.0.0.1:proxy.port...
            proxy.commands()                            # [["CAPABILITY", "LOGIN", "STATUS", ...], ...]

Users are added while the server runs (the passwd-file is re-read), so each test makes its own and
never sees another test's mail. Junk layouts per user (``junk=``):

- ``"special"``: ``Junk`` with SPECIAL-USE ``\\Junk``;
- ``"gmail"``: ``[Gmail]/Spam`` with ``\\Junk`` (the namespace mailbox renamed by a userdb field);
- ``"none"``: no ``\\Junk`` at all (the special-use mailbox is renamed to an unused name and not
  auto-created) — create a folder such as ``迷惑メール`` or ``Spam`` for name-based detection.

TLS: a private CA (``server.ca_file``) signs a certificate for ``localhost`` and ``127.0.0.1``.
``imap_port`` serves plain and STARTTLS, ``imaps_port`` implicit TLS. XOAUTH2/OAUTHBEARER are checked
against a loopback token-introspection HTTP server; ``add_oauth_token(user, token)`` makes a token valid.

Requires the ``dovecot`` binary (Debian ``dovecot-imapd``) and ``openssl``. Run as root, users are
uid/gid 65534; otherwise every process and mailbox runs as the current user.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import imapclient
from imapclient.imap_utf7 import encode as utf7_encode

FIXTURE_AUTHSERV_ID = "mx.example.jp"  # the receiving server the fixture mail was written for
HOST = "127.0.0.1"
JUNK_LAYOUTS = ("special", "gmail", "none")


def dovecot_available() -> bool:
    return shutil.which("dovecot") is not None and shutil.which("openssl") is not None


def free_port() -> int:
    """A port nothing listens on now. Another process may take it before the caller binds it: a
    server started on it retries with new ports (``Dovecot.start_fresh``, ``postgres_server``)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class MailUser:
    name: str
    password: str
    junk: str  # one of JUNK_LAYOUTS
    maildir: Path

    @property
    def junk_folder(self) -> str | None:
        """The folder the server flags ``\\Junk`` (None for the ``none`` layout)."""
        return {"special": "Junk", "gmail": "[Gmail]/Spam"}.get(self.junk)


_CONFIG = """\
instance_name = {instance}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = {host}
protocols = imap
ssl = yes
ssl_cert = <{root}/tls/server.pem
ssl_key = <{root}/tls/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
first_valid_uid = 1
first_valid_gid = 1
{service_users}
mail_location = maildir:~/Maildir:LAYOUT=fs
mail_fsync = never
mail_max_userip_connections = 500
# Indexing a million-message mailbox (the bench's scale check) needs more than the 256 MB default:
# the imap process dies "Out of memory" at vsz_limit=256 MB.
default_vsz_limit = 2G
passdb {{
  driver = passwd-file
  args = {root}/users/%u
  mechanisms = plain login
}}
passdb {{
  driver = oauth2
  args = {root}/oauth2.conf.ext
  mechanisms = xoauth2 oauthbearer
}}
userdb {{
  driver = passwd-file
  args = {root}/users/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Junk {{
    special_use = \\Junk
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {host}
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {imaps_port}
    ssl = yes
  }}
}}
service imap {{
  process_limit = 500
}}
# No auth penalty (a delay of up to 15 s per IP after failed logins): tests fail logins on purpose.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""

_OAUTH2 = """\
introspection_mode = post
introspection_url = http://{host}:{port}/introspect
username_attribute = username
active_attribute = active
active_value = true
"""


def _make_tls(tls: Path) -> None:
    """A private CA and a server certificate for localhost / 127.0.0.1 signed by it."""
    tls.mkdir()

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=tls, check=True, capture_output=True)

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")  # EC keys: generated in ms, not s
    openssl("req", "-x509", *ec, "-nodes", "-days", "30", "-subj", "/CN=orders test CA",
            "-keyout", "ca.key", "-out", "ca.pem")
    openssl("req", *ec, "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr")
    (tls / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                 "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                                 "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "30", "-out", "server.pem", "-extfile", "san.ext")
    # A second, unrelated self-signed CA: "a certificate we were not told to trust".
    openssl("req", "-x509", *ec, "-nodes", "-days", "30", "-subj", "/CN=other CA",
            "-keyout", "other-ca.key", "-out", "other-ca.pem")


class _Introspection(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.requests = 0
        super().__init__((HOST, 0), _IntrospectionHandler)


class _IntrospectionHandler(BaseHTTPRequestHandler):
    server: _Introspection

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        token = (form.get("token") or [""])[0]
        self.server.requests += 1
        user = self.server.tokens.get(token)
        body = json.dumps({"active": "true", "username": user} if user else {"active": "false"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class Dovecot:
    """One Dovecot instance in ``root``; see the module docstring. Use ``dovecot_server()``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.host = HOST
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.ca_file = root / "tls" / "ca.pem"
        self.other_ca_file = root / "tls" / "other-ca.pem"
        self.config_file = root / "dovecot.conf"
        self.users_dir = root / "users"
        self.mail_root = root / "mail"
        self._users: dict[str, MailUser] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        if os.geteuid() == 0:
            self.uid = self.gid = 65534
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
        self._introspection = _Introspection()
        threading.Thread(target=self._introspection.serve_forever, daemon=True).start()
        self._setup()

    # -- lifecycle -------------------------------------------------------------------------
    def _service_users(self) -> str:
        if os.geteuid() != 0:
            me = pwd.getpwuid(os.getuid()).pw_name
            return f"default_internal_user = {me}\ndefault_login_user = {me}"
        lines = []
        try:
            pwd.getpwnam("dovecot")
        except KeyError:
            lines.append("default_internal_user = root")
        try:
            pwd.getpwnam("dovenull")
        except KeyError:
            lines.append("default_login_user = nobody")
        return "\n".join(lines)

    def _setup(self) -> None:
        for d in ("run", "state"):
            (self.root / d).mkdir()
        self.mail_root.mkdir()
        os.chown(self.mail_root, self.uid, self.gid)
        _make_tls(self.root / "tls")
        self.users_dir.mkdir()
        (self.root / "oauth2.conf.ext").write_text(
            _OAUTH2.format(host=HOST, port=self._introspection.server_address[1]))
        self._write_config()

    def _write_config(self) -> None:
        self.config_file.write_text(_CONFIG.format(
            instance=f"orders-test-{os.getpid()}-{self.imap_port}", root=self.root, host=HOST,
            imap_port=self.imap_port, imaps_port=self.imaps_port, service_users=self._service_users()))

    @property
    def _pid_file(self) -> Path:
        return self.root / "run" / "master.pid"

    def start(self) -> None:
        # Output to a file, not a pipe: the daemonized master keeps inherited pipes open forever.
        with open(self.root / "dovecot.start.log", "ab") as out:
            subprocess.run(["dovecot", "-c", str(self.config_file)], check=True, stdin=subprocess.DEVNULL,
                           stdout=out, stderr=out)
        deadline = time.monotonic() + 30  # generous: a loaded 2-core machine starts it slowly
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.imap_port), 2) as s:
                if s.recv(100).startswith(b"* OK"):
                    return
            time.sleep(0.02)
        raise RuntimeError(f"dovecot did not start; log:\n{self.log()}")

    def start_fresh(self, attempts: int = 3) -> None:
        """The first start: when another process took a probed port meanwhile, probe new ones."""
        for attempt in range(attempts):
            try:
                self.start()
                return
            except subprocess.CalledProcessError:
                start_log = (self.root / "dovecot.start.log").read_text(errors="replace")
                if attempt == attempts - 1 or "Address already in use" not in start_log + self.log():
                    raise
            self.imap_port, self.imaps_port = free_port(), free_port()
            self._write_config()

    def stop(self) -> None:
        """SIGTERM the master and wait until it and its listeners are gone."""
        try:
            pid = int(self._pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._pid_file.unlink(missing_ok=True)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self._introspection.shutdown()
        self._introspection.server_close()

    def log(self) -> str:
        try:
            return (self.root / "dovecot.log").read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # -- users -----------------------------------------------------------------------------
    def add_user(self, name: str | None = None, password: str | None = None, junk: str = "special") -> MailUser:
        if junk not in JUNK_LAYOUTS:
            raise ValueError(f"junk must be one of {JUNK_LAYOUTS}")
        with self._lock:
            n = next(self._counter)
            name = name or f"user{n}"
            password = password or f"pw-{n}-{os.urandom(4).hex()}"
            if name in self._users or ":" in name or ":" in password:
                raise ValueError(f"bad or duplicate user {name!r}")
            home = self.mail_root / name
            extra = {
                "special": "",
                "gmail": "userdb_namespace/inbox/mailbox/Junk/name=[Gmail]/Spam",
                "none": "userdb_namespace/inbox/mailbox/Junk/name=.no-special-junk "
                        "userdb_namespace/inbox/mailbox/Junk/auto=no",
            }[junk]
            line = f"{name}:{{PLAIN}}{password}:{self.uid}:{self.gid}::{home}::{extra}\n"
            # One passwd-file per user: Dovecot re-checks a known file at most once a second, but a
            # path it has never opened is read at once — a user added now can log in now.
            (self.users_dir / name).write_text(line)
            user = MailUser(name, password, junk, home / "Maildir")
            self._users[name] = user
            return user

    def add_oauth_token(self, user: MailUser | str, token: str) -> None:
        """Make ``token`` a valid XOAUTH2/OAUTHBEARER bearer token for ``user``."""
        self._introspection.tokens[token] = user if isinstance(user, str) else user.name

    def account_table(self, user: MailUser, security: str = "plain", **extra: object) -> dict[str, object]:
        """An ``[[accounts]]`` table for ``user`` (feed it to ``daemon.config.config_from_mapping``).

        ``security``: "plain" or "starttls" use ``imap_port``, "tls" ``imaps_port``; both trust
        ``ca_file``. ``extra`` keys override (e.g. ``port=proxy.port``, ``password_env="X"``).
        """
        table: dict[str, object] = {
            "name": user.name, "host": "localhost" if security != "plain" else HOST,
            "port": self.imaps_port if security == "tls" else self.imap_port, "security": security,
            "username": user.name, "password": user.password, "timeout": "10s",
            # The fixtures' Authentication-Results stand for the receiving server mx.example.jp
            # (Dovecot itself adds none; see the README's threat model).
            "trusted_authserv_ids": [FIXTURE_AUTHSERV_ID],
        }
        if security != "plain":
            table["ca_file"] = str(self.ca_file)
        for secret_key in ("password_command", "password_env", "oauth2_token_command"):
            if secret_key in extra:
                table.pop("password", None)
        table.update(extra)
        return {k: v for k, v in table.items() if v is not None}

    @property
    def introspection_requests(self) -> int:
        return self._introspection.requests

    # -- IMAP helpers ----------------------------------------------------------------------
    def client(self, user: MailUser, *, port: int | None = None, timeout: float = 10) -> imapclient.IMAPClient:
        """A logged-in plain-IMAP client (test setup; not the code under test)."""
        c = imapclient.IMAPClient(HOST, port=port or self.imap_port, ssl=False, timeout=timeout)
        c.login(user.name, user.password)
        return c

    @contextlib.contextmanager
    def session(self, user: MailUser, *, timeout: float = 10) -> Iterator[imapclient.IMAPClient]:
        c = self.client(user, timeout=timeout)
        try:
            yield c
        finally:
            with contextlib.suppress(Exception):
                c.logout()

    def create_folder(self, user: MailUser, folder: str) -> None:
        with self.session(user) as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)

    def append(self, user: MailUser, folder: str, *messages: bytes) -> list[int]:
        """APPEND (MULTIAPPEND when several) and return the new UIDs (UIDPLUS)."""
        with self.session(user) as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            uids: list[int] = []
            for chunk in _chunks(list(messages), 500):
                resp = c.append(folder, chunk[0]) if len(chunk) == 1 else c.multiappend(folder, chunk)
                uids.extend(_appenduids(resp))
            return uids

    def folder_path(self, user: MailUser, folder: str) -> Path:
        if folder.upper() == "INBOX":
            return user.maildir
        return user.maildir / utf7_encode(folder).decode("ascii")

    def seed_maildir(self, user: MailUser, folder: str, messages: Iterable[bytes]) -> int:
        """Write messages straight into the Maildir (fast seeding); Dovecot assigns UIDs on next access.

        The folder is created over IMAP first so Dovecot knows it. Returns how many were written.
        """
        self.create_folder(user, folder)
        path = self.folder_path(user, folder)
        tmp, new = path / "tmp", path / "new"
        for d in (path, tmp, new, path / "cur"):  # auto-created folders have no directory until used
            if not d.exists():
                d.mkdir(mode=0o700)
                os.chown(d, self.uid, self.gid)
        stamp = int(time.time())
        count = 0
        for count, raw in enumerate(messages, 1):
            name = f"{stamp}.M{count}P{os.getpid()}.orders-test"
            with open(tmp / name, "wb") as f:
                f.write(raw)
            os.chown(tmp / name, self.uid, self.gid)
            os.rename(tmp / name, new / name)
        return count

    def folder_status(self, user: MailUser, folder: str) -> dict[bytes, int]:
        with self.session(user) as c:
            return c.folder_status(folder, ["MESSAGES", "UIDNEXT", "UIDVALIDITY"])

    def reset_uidvalidity(self, user: MailUser, folder: str) -> int:
        """Give ``folder`` a new UIDVALIDITY, keeping its mail (what a server rebuild does)."""
        old = self.folder_status(user, folder)[b"UIDVALIDITY"]
        new = old + 1000
        self._doveadm("mailbox", "update", "-u", user.name, "--uid-validity", str(new), folder)
        return new

    def recreate_folder(self, user: MailUser, folder: str) -> int:
        """DELETE and CREATE ``folder`` (not INBOX) with the same mail: a new UIDVALIDITY. Returns it."""
        if folder.upper() == "INBOX":
            raise ValueError("INBOX cannot be deleted; use reset_uidvalidity")
        with self.session(user) as c:
            c.select_folder(folder, readonly=True)
            uids = c.search("ALL")
            raws = [d[b"BODY[]"] for _, d in sorted(c.fetch(uids, ["BODY.PEEK[]"]).items())] if uids else []
            c.unselect_folder()
            c.delete_folder(folder)
            c.create_folder(folder)
        if raws:
            self.append(user, folder, *raws)
        return self.folder_status(user, folder)[b"UIDVALIDITY"]

    def _doveadm(self, *args: str) -> str:
        r = subprocess.run(["doveadm", "-c", str(self.config_file), *args], capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"doveadm {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout

    @contextlib.contextmanager
    def counting_proxy(self) -> Iterator[CommandProxy]:
        """A loopback TCP proxy to the plain IMAP port that records every client command."""
        proxy = CommandProxy(HOST, self.imap_port)
        try:
            yield proxy
        finally:
            proxy.close()


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _appenduids(resp: bytes) -> list[int]:
    # b"[APPENDUID 1700000000 5:7] Append completed."
    text = resp.decode() if isinstance(resp, bytes) else str(resp)
    if "APPENDUID" not in text:
        return []
    uidset = text.split("APPENDUID", 1)[1].split("]", 1)[0].split()[1]
    uids: list[int] = []
    for part in uidset.split(","):
        lo, _, hi = part.partition(":")
        uids.extend(range(int(lo), int(hi or lo) + 1))
    return uids


class CommandProxy:
    """Forwards loopback connections to Dovecot and records each client command per connection.

    ``commands()`` gives, per connection in accept order, the command names (``"UID SEARCH"``,
    ``"UID FETCH"``, ``"STATUS"``…). ``drop_all()`` cuts every live connection (a network failure).
    Plain IMAP only: STARTTLS would hide the commands, so it is refused here.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._listener = socket.create_server((HOST, 0))
        self.port = self._listener.getsockname()[1]
        self._conns: list[tuple[socket.socket, socket.socket]] = []
        self._logs: list[list[str]] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def commands(self) -> list[list[str]]:
        with self._lock:
            return [list(log) for log in self._logs]

    def all_commands(self) -> list[str]:
        return [c for log in self.commands() for c in log]

    def reset(self) -> None:
        with self._lock:
            for log in self._logs:
                log.clear()

    def drop_all(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for a, b in conns:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()
        self.drop_all()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self._target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            log: list[str] = []
            with self._lock:
                self._conns.append((client, upstream))
                self._logs.append(log)
            threading.Thread(target=self._pump_commands, args=(client, upstream, log), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _pump_commands(self, src: socket.socket, dst: socket.socket, log: list[str]) -> None:
        buf = b""
        literal = 0  # bytes of a literal still to pass through unparsed
        in_idle = in_auth = False
        try:
            while data := src.recv(65536):
                buf += data
                while True:
                    if literal:
                        take = min(literal, len(buf))
                        buf, literal = buf[take:], literal - take
                        if literal:
                            break
                        continue
                    line, sep, rest = buf.partition(b"\r\n")
                    if not sep:
                        break
                    buf = rest
                    if in_idle or in_auth:  # DONE / SASL continuation lines are not commands
                        in_idle = in_auth = False
                        continue
                    name = _command_name(line)
                    if name and not line.startswith(b" "):
                        with self._lock:
                            log.append(name)
                        in_idle = name == "IDLE"
                        in_auth = name == "AUTHENTICATE" and len(line.split()) == 3
                    literal = _literal_size(line)
                # Forward only once the commands are logged: the server's reply (and so the
                # client's return) can never come before the log holds what caused it.
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def _command_name(line: bytes) -> str | None:
    parts = line.split(None, 3)
    if len(parts) < 2:
        return None
    name = parts[1].decode("ascii", "replace").upper()
    if name == "UID" and len(parts) > 2:
        name += " " + parts[2].decode("ascii", "replace").upper()
    return name


def _literal_size(line: bytes) -> int:
    if line.endswith(b"}") and b"{" in line:
        size = line[line.rindex(b"{") + 1:-1].rstrip(b"+")
        if size.isdigit():
            return int(size)
    return 0


@contextlib.contextmanager
def dovecot_server() -> Iterator[Dovecot]:
    """Start a private Dovecot in a temp dir; stop it and remove the dir afterwards."""
    root = Path(tempfile.mkdtemp(prefix="orders-dovecot-"))
    os.chmod(root, 0o755)  # Dovecot's unprivileged processes must reach the mail and sockets
    server = None
    try:
        server = Dovecot(root)
        server.start_fresh()
        yield server
    finally:
        if server is not None:
            server.close()
        shutil.rmtree(root, ignore_errors=True)


def ssl_context_for(server: Dovecot) -> ssl.SSLContext:
    """A client context trusting the test CA (for tests that talk TLS without the daemon code)."""
    return ssl.create_default_context(cafile=str(server.ca_file))
