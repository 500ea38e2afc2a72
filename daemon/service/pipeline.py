"""The back half of the data flow: stored events → timelines → rules → stored alerts → channels.

`orders poll` runs sync then `run_cycle`; `orders watch` runs `run_cycle` after each pickup and
on the rules interval. Read commands use ``incremental.current`` (stored order states, no writes),
or `compute_alerts` with `--now` (every timeline cut at that moment), so they can look at any
moment without disturbing the stored delivery state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daemon.config import Config
    from store.domain.model import AlertRecord, AlertSpec
    from store.domain.rules import RuleSettings
    from store.domain.timeline import Timeline
    from store.repository import Store


log = logging.getLogger(__name__)


def rule_settings(config: Config) -> RuleSettings:
    from store.domain.rules import RuleSettings

    return RuleSettings.from_mapping(dict(config.rules))


def timelines(store: Store, as_of: datetime | None = None,
              order_ids: list[str] | None = None) -> list[Timeline]:
    from store.domain.timeline import build

    grouped = store.order_events(as_of=as_of, order_ids=order_ids)
    return [build(order_id, events, as_of=as_of) for order_id, events in grouped.items()]


def compute_alerts(store: Store, config: Config, now: datetime,
                   as_of: datetime | None = None) -> tuple[list[Timeline], list[AlertSpec]]:
    """Timelines and the alerts they imply at ``now`` (events up to ``as_of`` when given)."""
    from store.domain.rules import evaluate as evaluate_rules

    lines = timelines(store, as_of)
    specs = evaluate_rules(lines, store.suspicious_mails(as_of=as_of), now, rule_settings(config),
                           unread=store.unread_mails(as_of=as_of))
    return lines, specs


def bring_up_to_date(store: Store, config: Config, now: datetime) -> None:
    """Bring the stored alerts to ``now``.

    Only what is due is evaluated (``daemon.service.incremental``): with no new mail, no passed
    deadline and the same settings, nothing is — the rules' answer is the stored one.
    """
    from daemon.service.incremental import evaluate_due

    evaluate_due(store, rule_settings(config), now)


def evaluate(store: Store, config: Config, now: datetime) -> list[AlertRecord]:
    """Bring the stored alerts to ``now`` and return the active ones."""
    bring_up_to_date(store, config, now)
    return store.alerts(active_only=True)


@dataclass(frozen=True)
class CycleReport:
    active_alerts: int  # active and not acknowledged: what `orders alerts` lists
    sent: int
    failed: int
    failures: tuple[str, ...]
    acknowledged: int = 0  # active but acknowledged (shown by `orders alerts --all`)
    unread_mails: int = 0  # stored Amazon mail no parser understood (`orders unrecognized`)


def deliver(store: Store, config: Config, now: datetime) -> CycleReport:
    """Send what is due of the stored active alerts, recording each send.

    Only the alerts that may be due are read (``Store.alerts_to_deliver``): with nothing new, a
    cycle reads two counts, not every active alert.
    """
    pending, acked = store.alert_counts()
    if not pending + acked:  # nothing to send or remind of: no channel needs setting up
        return CycleReport(0, 0, 0, ())
    from daemon.config import effective_lang
    from daemon.service.notify import build_channels, settings_from_config
    from daemon.service.notify import deliver as deliver_alerts

    settings = settings_from_config(config.notify, lang=effective_lang(config.lang))
    channels = build_channels(config.notify)
    remind_before = None if settings.remind_every is None else now - settings.remind_every
    records = store.alerts_to_deliver([c.name for c in channels], remind_before)
    report = deliver_alerts(records, channels, now, settings, store.record_delivery)
    return CycleReport(pending, report.sent, report.failed, tuple(report.failures), acked)


def evaluate_only(store: Store, config: Config, now: datetime) -> CycleReport:
    """Rules without delivery: for a process that does not hold the "deliver" lease."""
    bring_up_to_date(store, config, now)
    pending, acked = store.alert_counts()
    return CycleReport(pending, 0, 0, (), acked)


def run_cycle(store: Store, config: Config, now: datetime) -> CycleReport:
    """Rules then delivery: what follows every sync, and the periodic rules job."""
    from dataclasses import replace

    bring_up_to_date(store, config, now)
    report = deliver(store, config, now)
    return replace(report, unread_mails=store.unread_count())


def reparse_store(store: Store, config: Config, now: datetime) -> dict[str, Any]:
    """Re-derive events from stored raw mail with today's parsers (template drift heals history).

    Each batch is parsed and replaced in one transaction; a mail keeps its identity and locations.
    Authenticity is the verdict stored when the mail was first seen (a DKIM key rotated since
    cannot change it); strictness is the mail's account's, else the strictest configured.
    """
    from collections import Counter

    from parsers import parse_mail

    by_account = {a.name: a for a in config.accounts}
    every_forwarder = sorted({f for a in by_account.values() for f in a.trusted_forwarders})
    any_strict = any(a.strict_authentication for a in by_account.values())
    counts: Counter[str] = Counter()
    unreadable: list[tuple[int, str]] = []
    for batch in store.raw_batches(unreadable=unreadable):
        pairs = []
        verdicts = store.stored_verdicts([mail_id for mail_id, _, _ in batch])
        for mail_id, raw, source in batch:
            acct = by_account.get(source.account or "")
            stored = verdicts.get(mail_id)
            result = parse_mail(
                raw,
                trusted_forwarders=acct.trusted_forwarders if acct else every_forwarder,
                trusted_authserv_ids=acct.trusted_authserv_ids if acct else None,
                strict_authentication=acct.strict_authentication if acct else any_strict,
                verdict=(stored[0], f"verdict stored at first sight ({stored[1]})") if stored else None,
            )
            counts["mails"] += 1
            counts[result.status] += 1
            pairs.append((mail_id, result))
        counts["events"] += store.replace_parses(pairs, now) if pairs else 0
    store.rebuild_order_states()  # every order folded again with today's events; the rules run next
    for mail_id, why in unreadable:  # named and skipped; its events stay as they were
        log.warning("reparse: mail %s skipped: %s", mail_id, why)
    counts["unreadable"] = len(unreadable)
    result: dict[str, Any] = dict(counts)
    result["unreadable_mail_ids"] = [mail_id for mail_id, _ in unreadable]
    return result
