"""Messages the user sends (to the seller, to Amazon customer service) and the evidence timeline.

Pure: everything comes from the ``Timeline``. The seller message follows the seed's form (注文番号,
商品名, 理由, a polite request to cancel if not yet shipped) and adapts to what already happened
(a re-sent request, a parcel shipped anyway, delivered). The support message gives the order number,
the request time, what happened (the timeline) and what the user asks for.

Decision: without a ``reason`` the cancel request's own note is used, else a neutral "ordered by
mistake" (the seed's example), so the draft is ready to send; ``reason`` overrides both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from store.domain import texts
from store.domain.draft_texts import DRAFT_WORDS
from store.domain.model import SourcedEvent
from store.domain.rule_settings import RuleSettings
from store.domain.situations import (
    RefundExpectation,
    pending_cancel_request,
    refund_expectation,
    shipped_anyway,
)
from store.domain.texts import fmt_amount, fmt_time, label
from store.domain.timeline import Timeline

_NOTE_MAX = 80


def _check(to: str, lang: str) -> None:
    if to not in ("seller", "support"):
        raise ValueError(f"draft recipient {to!r}: use 'seller' or 'support'")
    if lang not in texts.LANGS:
        raise ValueError(f"draft language {lang!r}: use one of {', '.join(texts.LANGS)}")


def _items(tl: Timeline, lang: str) -> str:
    if lang == "ja":
        return "".join(f"「{i}」" for i in tl.items) if tl.items else "（商品名不明）"
    w = DRAFT_WORDS[lang]
    return w["item_sep"].join(w["quote"].format(item=i) for i in tl.items) if tl.items else w["no_item"]


def _reason(tl: Timeline, reason: str | None) -> str | None:
    """The reason the user gave (--reason, or the note of their cancel request); none is invented."""
    if reason:
        return reason
    request = tl.first("cancel_requested")
    if request is not None and request.event.note:
        return request.event.note
    return None


class _Shown:
    """A timeline plus the zone its times are shown in (the user's); everything else is the timeline's."""

    def __init__(self, tl: Timeline, zone: tzinfo | None) -> None:
        self._tl = tl
        self.display_zone = zone

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tl, name)


def _shown(tl: Timeline, zone: tzinfo | None) -> Timeline:
    return tl if zone is None else _Shown(tl, zone)  # type: ignore[return-value]


def _when(tl: Timeline, dt: datetime, lang: str) -> str:
    """In the user's zone (given to draft/timeline_markdown), else the market's; the market's in brackets."""
    return fmt_time(dt, getattr(tl, "display_zone", None) or tl.zone, lang, tl.zone)


@dataclass(frozen=True, slots=True)
class _Situation:
    """What happened, in the terms the drafts need (found with the same helpers the rules use)."""

    shipped_anyway: bool  # shipped after a cancel request and not yet refused/returned/refunded
    refund: RefundExpectation | None  # a refund owed and not received (whatever the window)
    pending: SourcedEvent | None  # a cancel request nobody answered
    request: SourcedEvent | None  # the first cancel request
    shipped: bool
    delivered: bool

    @classmethod
    def of(cls, tl: Timeline) -> _Situation:
        return cls(shipped_anyway=shipped_anyway(tl) is not None, refund=refund_expectation(tl, RuleSettings()),
                   pending=pending_cancel_request(tl), request=tl.first("cancel_requested"),
                   shipped=tl.shipped_at is not None, delivered=tl.delivered_at is not None)


def _seller_ja(tl: Timeline, sit: _Situation, reason: str | None) -> str:
    head = f"{tl.seller_name} ご担当者様" if tl.seller_name else "ご担当者様"
    if sit.shipped:
        if sit.request is not None and tl.shipped_at is not None and sit.request.at <= tl.shipped_at:
            intro = (f"{_when(tl, sit.request.at, 'ja')}にキャンセルをお願いしておりましたが、"
                     f"{_when(tl, tl.shipped_at, 'ja')}に発送のご連絡をいただきました。")
        else:
            intro = "下記の注文は発送済みと伺いましたが、キャンセル（返品）をお願いしたくご連絡いたしました。"
        ask = ("商品は未開封のまま返品いたしますので、返品の手順と返金についてご案内をお願いいたします。"
               if sit.delivered else
               "商品は配達時に受け取りを辞退（受取拒否）いたしますので、返送を確認されましたら返金のお手続きをお願いいたします。")
    else:
        if sit.pending is not None:
            intro = (f"{_when(tl, sit.pending.at, 'ja')}に下記注文のキャンセルをお願いしましたが、"
                     "まだご返信をいただけていないため、改めてご連絡いたしました。")
        else:
            intro = "下記の注文をキャンセルしたく、ご連絡いたしました。"
        ask = ("まだ発送前でしたら、キャンセルのお手続きをお願いいたします。"
               "すでに発送済みの場合は、お手数ですがその旨をお知らせください。")
    lines = [head, "", "いつもお世話になっております。", intro, "", f"注文番号：{tl.order_id}",
             f"商品名：{_items(tl, 'ja')}"]
    if tl.ordered_at:
        lines.append(f"注文日時：{_when(tl, tl.ordered_at, 'ja')}")
    if sit.request is not None:
        lines.append(f"キャンセル依頼日時：{_when(tl, sit.request.at, 'ja')}")
    lines += [*([f"理由：{reason}"] if reason else []), "", ask, "", "よろしくお願いいたします。"]
    return "\n".join(lines)


def _seller_western(tl: Timeline, sit: _Situation, reason: str | None, lang: str) -> str:
    w = DRAFT_WORDS[lang]
    head = w["hello_named"].format(name=tl.seller_name) if tl.seller_name else w["hello"]
    if sit.shipped:
        if sit.request is not None and tl.shipped_at is not None and sit.request.at <= tl.shipped_at:
            intro = w["intro_shipped_after"].format(when=_when(tl, sit.request.at, lang),
                                                    shipped=_when(tl, tl.shipped_at, lang))
        else:
            intro = w["intro_shipped"]
        ask = w["ask_return"] if sit.delivered else w["ask_refuse"]
    else:
        intro = (w["intro_pending"].format(when=_when(tl, sit.pending.at, lang)) if sit.pending is not None
                 else w["intro_cancel"])
        ask = w["ask_cancel"]
    lines = [head, "", intro, "", f"{w['order_number']}: {tl.order_id}", f"{w['item']}: {_items(tl, lang)}"]
    if tl.ordered_at:
        lines.append(f"{w['ordered']}: {_when(tl, tl.ordered_at, lang)}")
    if sit.request is not None:
        lines.append(f"{w['cancel_requested']}: {_when(tl, sit.request.at, lang)}")
    lines += [*([f"{w['reason']}: {reason}"] if reason else []), "", ask, "", w["thanks"]]
    return "\n".join(lines)


def _event_detail(se: SourcedEvent, lang: str) -> str:
    e = se.event
    bits: list[str] = []
    if e.carrier:
        bits.append(label(texts.CARRIER_LABELS, e.carrier, lang))
    if e.tracking_number:
        bits.append(("追跡番号 " if lang == "ja" else DRAFT_WORDS[lang]["tracking"]) + e.tracking_number)
    if e.kind == "refunded" and e.amount is not None:
        bits.append(fmt_amount(e.amount, e.currency, lang))
    if e.note:
        note = " ".join(e.note.split())
        bits.append(note if len(note) <= _NOTE_MAX else note[: _NOTE_MAX - 1] + "…")
    return ("、" if lang == "ja" else ", ").join(bits)


def _history(tl: Timeline, lang: str) -> list[str]:
    lines = []
    for se in tl.events:
        detail = _event_detail(se, lang)
        what = label(texts.KIND_LABELS, se.event.kind, lang)
        if detail:
            what += f"（{detail}）" if lang == "ja" else f" ({detail})"
        lines.append(f"{'・' if lang == 'ja' else '- '}{_when(tl, se.at, lang)} {what}")
    return lines


_REFUND_WHY_JA = {"cancelled": "キャンセル", "returned": "返品の受領", "refused": "受取拒否"}


def _support_ask(tl: Timeline, sit: _Situation, lang: str) -> str:
    if lang != "ja":
        return _support_ask_western(tl, sit, DRAFT_WORDS[lang], lang)
    ja = True
    if sit.shipped_anyway:
        if sit.delivered:
            return ("キャンセルを依頼したにもかかわらず発送・配達されたため、返品と返金の手続きをお願いいたします。" if ja else
                    "It was shipped and delivered although I had asked to cancel. Please arrange the return and refund.")
        return ("キャンセルを依頼したにもかかわらず発送されたため、受取拒否いたします。返送後の返金をお願いいたします。" if ja else
                "It was shipped although I had asked to cancel. I will refuse the parcel; please refund the order "
                "once it is returned.")
    if sit.refund is not None:
        exp = sit.refund
        why_ja, why_en = _REFUND_WHY_JA[exp.reason], DRAFT_WORDS["en"][f"why_{exp.reason}"]
        when = _when(tl, exp.since, lang)
        return (f"{when}に{why_ja}となりましたが、まだ返金が確認できません。返金状況を確認のうえ、お手続きをお願いいたします。"
                if ja else
                f"The order {why_en} on {when}, but I have not received the refund. Please check and process it.")
    if sit.pending is not None:
        when = _when(tl, sit.pending.at, lang)
        if tl.seller == "marketplace":
            return (f"{when}に出品者へキャンセルを依頼しましたが、返信がありません。キャンセルのお手続き、"
                    "または出品者への確認をお願いいたします。" if ja else
                    f"I asked the seller to cancel on {when} and got no answer. Please cancel the order or "
                    "contact the seller.")
        return (f"{when}にキャンセルを依頼しましたが、「キャンセル手続き中」のまま変わりません。状況を確認のうえ、"
                "キャンセルのお手続きをお願いいたします。" if ja else
                f"I asked to cancel on {when}, but the cancellation is still pending. Please check and cancel "
                "the order.")
    return "この注文の現在の状況を確認していただけますでしょうか。" if ja else "Could you please check this order's status?"


def _support_ask_western(tl: Timeline, sit: _Situation, w: dict[str, str], lang: str) -> str:
    if sit.shipped_anyway:
        return w["ask_delivered_anyway"] if sit.delivered else w["ask_shipped_anyway"]
    if sit.refund is not None:
        return w["ask_refund"].format(why=w[f"why_{sit.refund.reason}"], when=_when(tl, sit.refund.since, lang))
    if sit.pending is not None:
        key = "ask_seller_silent" if tl.seller == "marketplace" else "ask_pending"
        return w[key].format(when=_when(tl, sit.pending.at, lang))
    return w["ask_status"]


def _support(tl: Timeline, sit: _Situation, lang: str, reason: str | None) -> str:
    ja = lang == "ja"
    w = DRAFT_WORDS["en" if ja else lang]
    sep = "：" if ja else ": "
    seller = "Amazon" if tl.seller == "amazon" else ("不明" if ja else w["unknown"])
    if tl.seller == "marketplace":
        name = tl.seller_name or ("出品者" if ja else w["a_seller"])
        seller = f"{name}（マーケットプレイス）" if ja else w["marketplace"].format(name=name)
    payment = label(texts.PAYMENT_LABELS, tl.payment_method, lang)
    if tl.amount is not None:
        amount = fmt_amount(tl.amount, tl.currency, lang)
        payment += f"（{amount}）" if ja else f" ({amount})"
    fields = [("注文番号", "order_number", tl.order_id), ("商品名", "item", _items(tl, lang)),
              ("販売元", "sold_by", seller)]
    if tl.ordered_at:
        fields.append(("注文日時", "ordered", _when(tl, tl.ordered_at, lang)))
    fields.append(("お支払い方法", "payment", payment))
    if sit.request is not None:
        fields.append(("キャンセル依頼日時", "cancel_requested", _when(tl, sit.request.at, lang)))
    if (why := _reason(tl, reason)) is not None:
        fields.append(("キャンセル理由", "reason", why))
    body = [f"{ja_label if ja else w[key]}{sep}{value}" for ja_label, key, value in fields]
    if ja:
        return "\n".join(["Amazonカスタマーサービス ご担当者様", "", f"注文番号 {tl.order_id} について、ご相談させてください。",
                          "", *body, "", "これまでの経緯：", *_history(tl, lang), "", "お願い：",
                          _support_ask(tl, sit, lang), "", "関連するメールは保存してあります。必要でしたらお送りします。",
                          "よろしくお願いいたします。"])
    return "\n".join([w["support_hello"], "", w["support_intro"].format(order_id=tl.order_id), "", *body,
                      "", w["what_happened"], *_history(tl, lang), "", w["my_request"], _support_ask(tl, sit, lang), "",
                      w["kept"], "", w["thanks"]])


def draft(timeline: Timeline, to: str = "seller", lang: str = "ja", reason: str | None = None,
          zone: tzinfo | None = None) -> str:
    """The message to send about this order, filled with its facts, times in ``zone`` (default: the
    market's). Raises ValueError on a bad to/lang."""
    _check(to, lang)
    timeline = _shown(timeline, zone)
    sit = _Situation.of(timeline)
    # Amazon sold it: there is no seller to write to, Amazon's customer service is the addressee.
    if to == "support" or timeline.seller == "amazon":
        return _support(timeline, sit, lang, reason) + "\n"
    if lang == "ja":
        return _seller_ja(timeline, sit, _reason(timeline, reason)) + "\n"
    return _seller_western(timeline, sit, _reason(timeline, reason), lang) + "\n"


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|") or "—"


def timeline_markdown(timeline: Timeline, lang: str = "ja", zone: tzinfo | None = None,
                      alerts: Sequence[Mapping[str, Any]] = ()) -> str:
    """The order's timeline as Markdown for an evidence archive: facts, the alerts with their deadlines,
    then every event with its source (times in ``zone``, default the market's). ``alerts`` are as
    `orders alerts --json` gives them (title, message, action, deadline)."""
    _check("seller", lang)
    tl, ja = _shown(timeline, zone), lang == "ja"
    w = DRAFT_WORDS["en" if ja else lang]
    sep = "：" if ja else ": "
    sold_by = {"amazon": "Amazon", "marketplace": "マーケットプレイス" if ja else w["marketplace_word"]}
    facts = [("状態", "state", label(texts.STATE_LABELS, tl.state, lang)),
             ("マーケット", "market", tl.market or "—"),
             ("販売元", "sold_by", tl.seller_name or sold_by.get(tl.seller or "", "不明" if ja else w["unknown"])),
             ("お支払い方法", "payment", label(texts.PAYMENT_LABELS, tl.payment_method, lang)),
             ("商品", "items", _items(tl, lang))]
    if tl.amount is not None:
        facts.append(("金額", "amount", fmt_amount(tl.amount, tl.currency, lang)))
    if tl.refund_total is not None:
        facts.append(("返金額", "refunded", fmt_amount(tl.refund_total, tl.currency, lang)))
    if tl.carrier or tl.tracking_number:
        facts.append(("配送", "carrier", " ".join(x for x in (label(texts.CARRIER_LABELS, tl.carrier, lang)
                                                             if tl.carrier else "", tl.tracking_number or "") if x)))
    if tl.as_of is not None:
        facts.append(("基準日時", "as_of", _when(tl, tl.as_of, lang)))
    head = f"# 注文 {tl.order_id} のタイムライン" if ja else w["heading"].format(order_id=tl.order_id)
    columns = ["日時", "出来事", "詳細", "件名", "フォルダ", "認証", "Message-ID"] if ja else w["columns"].split("|")
    rows = []
    for se in tl.events:
        folder = se.mail.folder or "—"
        if se.mail.in_junk:
            folder += "（迷惑メール）" if ja else w["junk"]
        auth = f"{label(texts.AUTH_LABELS, se.mail.authenticity, lang)} ({se.mail.authenticity})"
        cells = [_when(tl, se.at, lang), label(texts.KIND_LABELS, se.event.kind, lang), _event_detail(se, lang),
                 se.mail.subject, folder, auth, f"<{se.mail.message_id}>" if se.mail.message_id else ""]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    alert_lines: list[str] = []
    for a in alerts:
        deadline = a.get("deadline")
        if isinstance(deadline, str):
            deadline = datetime.fromisoformat(deadline)
        due = f" — {'期限' if ja else 'deadline'}{sep}{_when(tl, deadline, lang)}" if deadline else ""
        alert_lines.append(f"- **{_cell(a.get('title') or a.get('kind', ''))}**{due}")
        for key in ("message", "action"):
            if a.get(key):
                alert_lines.append(f"  {'→ ' if key == 'action' else ''}{_cell(a[key])}")
    if alert_lines:
        alert_lines = ["## アラート" if ja else "## Alerts", "", *alert_lines, ""]
    return "\n".join([head, "", *(f"- {j if ja else w[key]}{sep}{v}" for j, key, v in facts), "", *alert_lines,
                      "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns), *rows]) + "\n"
