"""Open a logged-in IMAP connection for an account: TLS, STARTTLS or plain; password or XOAUTH2.

``connect(account)`` returns an ``imapclient.IMAPClient`` after LOGIN/AUTHENTICATE, with CONDSTORE
enabled when the server offers it (it must be enabled before any SELECT/EXAMINE). Every failure is an
``ImapError`` whose ``what`` and ``fix`` say what happened and what to do — never the secret.

TLS is verified by default (system trust store, or ``ca_file``); ``tls_verify = false`` turns that
off and is warned about at load time. STARTTLS never falls back to plain text.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
import ssl
from typing import TYPE_CHECKING

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from daemon.service.imap.guard import LimitExceeded, Limits, install
from daemon.service.secrets import SecretError, account_secret
from store.domain.errors import UserError
from store.domain.messages import Msg

if TYPE_CHECKING:
    from daemon.config import Account

log = logging.getLogger(__name__)


class ImapError(UserError):
    """A failure talking to an account's server. ``str()`` is "what — fix: …"; no secret inside."""

    def __init__(self, what: str, fix: str, *, retryable: bool = True) -> None:
        super().__init__(what, fix)
        # False when retrying cannot help (wrong password, bad certificate, bad config).
        self.retryable = retryable


def ssl_context(account: Account) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(account.ca_file) if account.ca_file else None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if not account.tls_verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _where(account: Account) -> str:
    return f"{account.host}:{account.port}"


def _tls_error(account: Account, exc: ssl.SSLError) -> ImapError:
    where = _where(account)
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or exc.reason or "verification failed"
        if "hostname" in str(reason).lower() or "Hostname" in str(exc):
            return ImapError(Msg("tls hostname", where=where, reason=reason), Msg("tls hostname fix"), retryable=False)
        fix = Msg("tls untrusted fix") if not account.ca_file else Msg("tls untrusted ca fix", ca=account.ca_file)
        return ImapError(Msg("tls untrusted", where=where, reason=reason), fix, retryable=False)
    if "WRONG_VERSION_NUMBER" in str(exc) or "wrong version number" in str(exc):
        return ImapError(Msg("no tls here", where=where), Msg("no tls here fix"), retryable=False)
    return ImapError(Msg("tls failed", where=where, reason=exc.reason or exc), Msg("tls failed fix"))


def _network_error(account: Account, exc: OSError) -> ImapError:
    where = _where(account)
    if isinstance(exc, socket.gaierror):
        return ImapError(Msg("dns failed", host=account.host, detail=exc.strerror), Msg("dns failed fix"))
    if isinstance(exc, ConnectionRefusedError):
        return ImapError(Msg("refused", where=where), Msg("refused fix"))
    if isinstance(exc, TimeoutError | socket.timeout):
        return ImapError(Msg("no answer", where=where, seconds=account.timeout), Msg("no answer fix"))
    return ImapError(Msg("unreachable", where=where, detail=exc.strerror or exc), Msg("unreachable fix"))


GREETING_TIMEOUT = 10.0  # seconds an IMAP server has to say "* OK" before STARTTLS is given up on


def _expect_greeting(account: Account) -> None:
    """Before STARTTLS: a server that says nothing is waiting for a TLS handshake (implicit TLS,
    usually port 993) — say that at once instead of timing out on it after ``account.timeout``."""
    wait = min(GREETING_TIMEOUT, account.timeout)
    with socket.create_connection((account.host, account.port), timeout=account.timeout) as sock:
        sock.settimeout(wait)
        try:
            first = sock.recv(1)
        except TimeoutError:
            raise ImapError(Msg("no greeting", where=_where(account), seconds=wait), Msg("no greeting fix"),
                            retryable=False) from None
    if first == b"\x16":  # a TLS record: the server started a handshake itself
        raise ImapError(Msg("implicit tls", where=_where(account)), Msg("implicit tls fix"), retryable=False)


class _GuardedClient(imapclient.IMAPClient):
    """An IMAPClient whose connection is bounded from the greeting on (``daemon.service.imap.guard``)."""

    def __init__(self, *args: object, limits: Limits, **kwargs: object) -> None:
        self._orders_limits = limits
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        install(self, limits)

    def _create_IMAP4(self) -> imaplib.IMAP4:  # noqa: N802 - imapclient's name
        from imapclient import imap4, tls

        base = tls.IMAP4_TLS if self.ssl else imap4.IMAP4WithTimeout
        limit = self._orders_limits.max_literal

        class Bounded(base):  # type: ignore[valid-type,misc]
            def read(self, size: int) -> bytes:  # the greeting is read before install() runs
                if size > limit:
                    raise LimitExceeded(f"the server announced a {size}-byte literal in its greeting")
                return super().read(size)

        timeout = getattr(self._timeout, "connect", None)
        if self.ssl:
            return Bounded(self.host, self.port, self.ssl_context, timeout)
        return Bounded(self.host, self.port, timeout)


def _open(account: Account) -> imapclient.IMAPClient:
    if account.security == "starttls":
        _expect_greeting(account)
    ctx = ssl_context(account) if account.security != "plain" else None
    client = _GuardedClient(account.host, port=account.port, ssl=account.security == "tls",
                            ssl_context=ctx, timeout=account.timeout,
                            limits=Limits.for_message_size(account.max_message_size))
    if account.security == "starttls":
        if not client.has_capability("STARTTLS"):
            _close(client)
            raise ImapError(Msg("no starttls", where=_where(account)), Msg("no starttls fix"), retryable=False)
        client.starttls(ctx)
    return client


def _close(client: imapclient.IMAPClient) -> None:
    with contextlib.suppress(Exception):  # closing a broken socket may fail in many ways
        client.shutdown()


def _login(client: imapclient.IMAPClient, account: Account) -> None:
    secret = account_secret(account)
    if account.auth == "xoauth2":
        client.oauth2_login(account.username, secret.reveal())
    else:
        client.login(account.username, secret.reveal())


def connect(account: Account) -> imapclient.IMAPClient:
    """A logged-in client for ``account`` (CONDSTORE enabled when offered). Raises ImapError."""
    try:
        client = _open(account)
    except ImapError:
        raise
    except ssl.SSLError as exc:
        raise _tls_error(account, exc) from None
    except OSError as exc:
        raise _network_error(account, exc) from None
    except (IMAPClientError, imaplib.IMAP4.error) as exc:
        raise ImapError(Msg("answered unexpectedly", where=_where(account), detail=_short(exc)),
                        Msg("answered unexpectedly fix")) from None
    try:
        _login(client, account)
    except SecretError as exc:
        _close(client)
        raise ImapError(exc.what, exc.fix, retryable=False) from None
    except LoginError as exc:
        _close(client)
        oauth = account.auth == "xoauth2"
        raise ImapError(Msg("login refused", where=_where(account), user=account.username, detail=_short(exc),
                            what=Msg("xoauth2 token" if oauth else "secret password")),
                        Msg("login refused oauth fix" if oauth else "login refused fix"), retryable=False) from None
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
        _close(client)
        raise ImapError(Msg("lost in login", where=_where(account), detail=_short(exc)),
                        Msg("lost in login fix")) from None
    try:
        if client.has_capability("CONDSTORE"):
            client.enable("CONDSTORE")
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
        _close(client)
        raise ImapError(Msg("lost after login", where=_where(account), detail=_short(exc)), Msg("try again")) from None
    return client


def tls_details(client: imapclient.IMAPClient) -> dict[str, str] | None:
    """TLS version, cipher and peer certificate subject/issuer/expiry (for ``orders doctor``)."""
    sock = client.socket()
    if not isinstance(sock, ssl.SSLSocket):
        return None
    cert = sock.getpeercert() or {}

    def name(field: str) -> str:
        return ", ".join("=".join(pair) for rdn in cert.get(field, ()) for pair in rdn)

    cipher = sock.cipher()
    return {"version": sock.version() or "", "cipher": cipher[0] if cipher else "",
            "subject": name("subject"), "issuer": name("issuer"), "not_after": str(cert.get("notAfter", ""))}


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\r", " ").replace("\n", " ").strip()
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text[:200] or type(exc).__name__
