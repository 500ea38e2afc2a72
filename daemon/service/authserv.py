"""Learn which authserv-id the receiving server writes, on an account's first sync.

The receiving server adds its ``Authentication-Results`` on top of every mail it accepts, whoever
sent it; a sender can only add headers further down. So the topmost header of recent mail from
several sender domains carries the same authserv-id exactly when the server adds one — that id is
pinned in the store. When none of that mail has the header (Dovecot alone, many home servers), or
the topmost ids disagree (they were written by the senders), the server adds none: ``""`` is pinned
and no Authentication-Results header is believed for the account (our own DKIM check still is).
Too little mail to tell: nothing is pinned and the next sync tries again. ``trusted_authserv_ids``
in the config overrides all this.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from email.parser import BytesHeaderParser
from typing import TYPE_CHECKING

from parsers.authenticity import parse_authentication_results

if TYPE_CHECKING:
    import imapclient

    from daemon.config import Account
    from store.repository import Store

log = logging.getLogger(__name__)

SAMPLE = 40  # recent mails looked at
MIN_MAILS = 3
MIN_DOMAINS = 2
_ADDR_DOMAIN = re.compile(r"@([A-Za-z0-9.-]+)")


def _org(domain: str) -> str:
    """A rough registrable domain (last two labels; three for co.jp-style names): enough to count senders."""
    labels = domain.lower().strip(".").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def learn(samples: Sequence[tuple[str, str | None]]) -> str | None:
    """``samples``: (From domain, topmost Authentication-Results value or None) of recent mail.
    The id to pin, "" when the server adds none, None when there is too little to tell."""
    usable = [(d, v) for d, v in samples if d]
    domains = {_org(d) for d, _ in usable}
    if len(usable) < MIN_MAILS or len(domains) < MIN_DOMAINS:
        return None
    ids: list[str | None] = []
    for _, value in usable:
        parsed = parse_authentication_results(value) if value else None
        ids.append(parsed.authserv_id if parsed else None)
    (top, count), = Counter(ids).most_common(1)
    if top is None or count < len(ids):
        # Some mail has no header from the server, or the ids differ: the senders wrote them.
        return ""
    if len({_org(d) for (d, _), i in zip(usable, ids, strict=True) if i == top}) < MIN_DOMAINS:
        return None
    return top


def sample(client: imapclient.IMAPClient, folder: str = "INBOX") -> list[tuple[str, str | None]]:
    """(From domain, topmost A-R) of the folder's most recent mails (headers only, read-only)."""
    selected = client.select_folder(folder, readonly=True)
    try:
        exists = int(selected.get(b"EXISTS", 0))
        if not exists:
            return []
        first = max(1, exists - SAMPLE + 1)
        use_uid, client.use_uid = client.use_uid, False  # the last SAMPLE by sequence number
        try:
            data = client.fetch(list(range(first, exists + 1)),
                                ["BODY.PEEK[HEADER.FIELDS (FROM AUTHENTICATION-RESULTS)]"])
        finally:
            client.use_uid = use_uid
    finally:
        if getattr(client._imap, "state", None) == "SELECTED":
            client.close_folder()
    out = []
    for item in data.values():
        raw = next((bytes(v) for k, v in item.items() if k.startswith(b"BODY[HEADER.FIELDS")), b"")
        headers = BytesHeaderParser().parsebytes(raw)  # compat32, the default: as sent
        m = _ADDR_DOMAIN.search(str(headers.get("From", "")))
        out.append((m.group(1) if m else "", str(headers.get("Authentication-Results")) if
                    headers.get("Authentication-Results") is not None else None))
    return out


def effective_ids(account: Account, store: Store) -> tuple[str, ...] | None:
    """The authserv-ids believed for ``account``: the config's, else the learned one ("" → none), else
    None (the topmost header's own id, until learning has enough mail)."""
    if account.trusted_authserv_ids is not None:
        return account.trusted_authserv_ids
    learned = store.authserv_id(account.name)
    if learned is None:
        return None
    return (learned,) if learned else ()


def learn_if_needed(client: imapclient.IMAPClient, account: Account, store: Store) -> None:
    """On a first sync (nothing pinned, no config override): sample, learn, pin."""
    if account.trusted_authserv_ids is not None or store.authserv_id(account.name) is not None:
        return
    found = learn(sample(client))
    if found is None:
        return
    store.pin_authserv_id(account.name, found)
    if found:
        log.info("%s: the server's authserv-id is %s (learned; pinned)", account.name, found)
    else:
        log.warning("%s: the server adds no Authentication-Results of its own; only our own DKIM check "
                    "can verify Amazon mail for this account", account.name)
