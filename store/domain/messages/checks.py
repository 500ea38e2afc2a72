"""What `orders doctor` and a sync report: each check's name and detail, each folder's summary."""

from __future__ import annotations

CHECKS: dict[str, dict[str, str]] = {
    # the sync's report (`orders poll`, `orders watch` start-up)
    "in account": {"en": "account {account}: {text}", "ja": "アカウント {account}: {text}"},
    "in folder": {"en": "folder {folder!r}: {text}", "ja": "フォルダ「{folder}」: {text}"},
    "junk folder label": {"en": "{folder} (junk)", "ja": "{folder}（迷惑メール）"},
    "sync account": {"en": "{account}: {folders}", "ja": "{account}: {folders}"},
    "sync account failed": {"en": "{account}: FAILED", "ja": "{account}: 失敗"},
    "sync folder failed": {"en": "{folder}: FAILED", "ja": "{folder}: 失敗"},
    "sync folder new": {"en": "{folder}: {n} new mail{s}", "ja": "{folder}: 新着 {n} 通"},
    "sync folder rescanned": {"en": "{folder}: {n} new mail{s}, rescanned",
                              "ja": "{folder}: 新着 {n} 通（最初から読み直しました）"},
    "sync no folders": {"en": "{account}: no folders", "ja": "{account}: 対象のフォルダがありません"},
    "list sep": {"en": "; ", "ja": "、"},
    "poll skipped": {"en": "{name}: skipped — another orders process (a running `orders watch`) is syncing it",
                     "ja": "{name}: 省略しました — 別の orders（実行中の `orders watch`）が同期しています"},
    "left to watch": {"en": " (notifications are left to the running orders watch)",
                      "ja": "（通知は実行中の orders watch に任せます）"},
    "notify sent": {"en": "{channel}: sent — {detail}", "ja": "{channel}: 送信しました — {detail}"},
    "notify failed": {"en": "{channel}: FAILED — {detail}", "ja": "{channel}: 失敗 — {detail}"},
}
