"""Which mail provider serves an address, and how to reach it over IMAP (bundled data, no network).

The facts live in ``providers.toml`` beside this module (each entry cites the provider's own help
page); this module only loads and looks them up.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

SECRETS = ("app-password", "password", "oauth2", "bridge-password", "imap-password")


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    domains: tuple[str, ...] = ()
    imap: bool = True
    host: str | None = None
    port: int = 993
    security: str = "tls"
    username: str = "address"  # "address": the e-mail address is the login; "ask": a separate ID
    secret: str = "password"
    secret_url: str | None = None
    help_url: str | None = None
    junk: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def junk_folder(self, lang: str) -> str | None:
        """The junk folder's name as the provider shows it in ``lang`` (English when unknown)."""
        return self.junk.get(lang) or self.junk.get("*") or self.junk.get("en")

    def junk_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.junk.values()))

    def note(self, lang: str) -> str:
        return self.notes.get(lang) or self.notes.get("en", "")

    @property
    def oauth2(self) -> bool:
        return self.secret == "oauth2"


def _provider(raw: dict[str, Any], pid: str | None = None) -> Provider:
    secret = raw.get("secret", "password")
    if secret not in SECRETS:
        raise ValueError(f"providers.toml: {pid or raw.get('id')}: unknown secret {secret!r}")
    return Provider(
        id=pid or raw["id"], name=raw.get("name", pid or raw["id"]),
        domains=tuple(d.lower() for d in raw.get("domains", ())), imap=bool(raw.get("imap", True)),
        host=raw.get("host"), port=int(raw.get("port", 993)), security=raw.get("security", "tls"),
        username=raw.get("username", "address"), secret=secret, secret_url=raw.get("secret_url"),
        help_url=raw.get("help_url"), junk=dict(raw.get("junk", {})),
        notes={k[5:]: v for k, v in raw.items() if k.startswith("note_")})


@cache
def _load() -> tuple[tuple[Provider, ...], Provider]:
    text = resources.files("daemon.cli").joinpath("providers.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    providers = tuple(_provider(p) for p in doc["provider"])
    self_hosted = _provider({**doc["self_hosted"], "name": "self-hosted"}, "self-hosted")
    return providers, self_hosted


def all_providers() -> tuple[Provider, ...]:
    return _load()[0]


def by_id(pid: str) -> Provider | None:
    if pid == "self-hosted":
        return self_hosted()
    return next((p for p in all_providers() if p.id == pid), None)


def self_hosted(host: str | None = None) -> Provider:
    base = _load()[1]
    return dataclasses.replace(base, host=host)


def domain_of(address: str) -> str:
    """The domain part of an address, lower case, IDNA-normalised; ValueError when it has none."""
    local, sep, domain = address.strip().rpartition("@")
    if not sep or not local or not domain or "." not in domain or any(c.isspace() for c in address.strip()):
        raise ValueError(f"{address!r} is not an e-mail address")
    domain = domain.rstrip(".").lower()
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def for_address(address: str) -> Provider | None:
    """The provider serving ``address`` (its domain or a parent domain), or None when unknown."""
    domain = domain_of(address)
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        for p in all_providers():
            if candidate in p.domains:
                return p
    return None
