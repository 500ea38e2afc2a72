"""Errors the user sees: what went wrong and the fix (``UserError(Msg(...), Msg(...))``)."""

from __future__ import annotations

ERRORS: dict[str, dict[str, str]] = {
    "what fix": {"en": "{what} — fix: {fix}", "ja": "{what} — 対処: {fix}"},
    "error line": {"en": "orders: error: {text}", "ja": "orders: エラー: {text}"},
    "unexpected": {"en": "{name}: {detail} (run with -v for the traceback)",
                   "ja": "予期しないエラー {name}: {detail}（-v を付けると詳細を表示します）"},
    "unexpected sync fix": {"en": "run with -vv and report the traceback (it holds no password)",
                            "ja": "-vv を付けて実行し、表示された詳細を報告してください（パスワードは含まれません）"},
    "os error": {"en": "{path}: {why}", "ja": "{path}: {why}"},
    "errno ENOENT": {"en": "No such file or directory", "ja": "ファイルまたはディレクトリがありません"},
    "errno EACCES": {"en": "Permission denied", "ja": "アクセス権がありません"},
    "errno EISDIR": {"en": "Is a directory", "ja": "ディレクトリです"},
    "errno ENOTDIR": {"en": "Not a directory", "ja": "ディレクトリではありません"},
    "errno ENOSPC": {"en": "No space left on device", "ja": "ディスクの空きがありません"},
    # the command line
    "bad now": {"en": "--now {value!r}: not an ISO-8601 time", "ja": "--now {value}: ISO 8601 形式の日時ではありません"},
    "bad now fix": {"en": "e.g. 2026-11-20T12:00:00+09:00", "ja": "例: 2026-11-20T12:00:00+09:00"},
    # IMAP: connection, TLS, login, folders
    "no such folder": {"en": "the folder does not exist on the server ({detail})",
                       "ja": "このフォルダはサーバーにありません（{detail}）"},
    "no such folder fix": {"en": "fix the name in {key} (orders doctor lists the server's folders)",
                           "ja": "{key} の名前を直してください（サーバーにあるフォルダは orders doctor で一覧できます）"},
    "folder refused": {"en": "the server refused ({detail})", "ja": "サーバーに拒否されました（{detail}）"},
    "folder refused fix": {"en": "check the folder name and the server's logs",
                           "ja": "フォルダ名とサーバーのログを確認してください"},
    "store failed in sync": {"en": "the store failed, nothing was half-written: {error}",
                             "ja": "保存に失敗しました（書きかけのデータは残っていません）: {error}"},
    "cut off": {"en": "{where} was cut off: {why}", "ja": "{where} との接続が切られました: {why}"},
    "cut off fix": {"en": "nothing half-written; it is retried at the next poll — if it persists, check the server "
                          "(or raise max_message_size)",
                    "ja": "書きかけのデータは残っていません。次の取得で再試行します。続く場合はサーバーを確認してください"
                          "（または max_message_size を大きくしてください）"},
    "sync timeout": {"en": "{where} did not finish within sync_timeout ({seconds:.0f} s)",
                     "ja": "{where} の同期が sync_timeout（{seconds:.0f} 秒）以内に終わりませんでした"},
    "sync timeout fix": {"en": "nothing half-written; it is retried at the next poll — check the server if it persists",
                         "ja": "書きかけのデータは残っていません。次の取得で再試行します。続く場合はサーバーを確認してください"},
    "connection lost": {"en": "connection to {where} lost ({detail})", "ja": "{where} との接続が切れました（{detail}）"},
    "connection lost fix": {"en": "it will be retried on the next poll; check the network if it persists",
                            "ja": "次の取得で再試行します。続く場合はネットワークを確認してください"},
    "server unexpected": {"en": "the server answered unexpectedly ({detail})",
                          "ja": "サーバーから想定外の応答がありました（{detail}）"},
    "server unexpected fix": {"en": "check the server's logs; report a bug if it persists",
                              "ja": "サーバーのログを確認してください。続く場合は不具合として報告してください"},
    "no accounts": {"en": "no [[accounts]] in the config", "ja": "設定に [[accounts]] がありません"},
    "no accounts fix": {"en": "run `orders init` (or copy `orders config example` to {path}) and fill in an account",
                        "ja": "`orders init` を実行するか、`orders config example` の内容を {path} に写してアカウントを"
                              "記入してください"},
    "watch now": {"en": "watch runs on the real clock: --now would send notifications and record reminders for a "
                        "moment that is not now",
                  "ja": "watch は実際の時刻で動きます。--now を付けると、今ではない時点の通知を送り、リマインダーを記録して"
                        "しまいます"},
    "watch now fix": {"en": "use `orders alerts --now T` or `orders poll --now T` to see what would be raised",
                      "ja": "その時点のアラートは `orders alerts --now T` か `orders poll --now T` で確認できます"},
    # the config file (``store.domain.checker`` and ``daemon.config``)
    "config problem": {"en": "{key}: {what} — fix: {fix}", "ja": "{key}: {what} — 対処: {fix}"},
    "config problems": {"en": "{n} problems in the config:", "ja": "設定に {n} 件の問題があります:"},
    "config not found": {"en": "{path}: not found", "ja": "{path}: 見つかりません"},
    "config not found fix": {"en": "run `orders init` (or copy `orders config example` there), or pass the right "
                                   "--config",
                             "ja": "`orders init` を実行するか（`orders config example` の内容を写しても構いません）、"
                                   "正しい --config を指定してください"},
    "unknown key": {"en": "unknown key", "ja": "不明なキーです"},
    "did you mean": {"en": "remove it (did you mean {key!r}?)", "ja": "削除してください（{key} の間違いではありませんか？）"},
    "use one of": {"en": "remove it or use one of {keys}", "ja": "削除するか、次のどれかを使ってください: {keys}"},
    "a secret": {"en": "a secret", "ja": "秘密の値"},
    "wrong type": {"en": "{shown} is a {got}, expected {expected}", "ja": "{shown} は{got}です。{expected}で書いてください"},
    "toml boolean": {"en": "boolean", "ja": "真偽値"},
    "toml integer": {"en": "integer", "ja": "整数"},
    "toml number": {"en": "number", "ja": "数値"},
    "toml string": {"en": "string", "ja": "文字列"},
    "toml list": {"en": "list", "ja": "リスト"},
    "toml table": {"en": "table", "ja": "テーブル"},
    "either": {"en": "{a} or {b}", "ja": "{a}または{b}"},
    "give a string": {"en": "give a quoted string", "ja": "引用符で囲んだ文字列で書いてください"},
    "give a boolean": {"en": "write true or false (no quotes)", "ja": "true か false で書いてください（引用符なし）"},
    "give strings": {"en": 'give a list of strings, e.g. ["a", "b"]', "ja": '文字列のリストで書いてください（例: ["a", "b"]）'},
    "not strings": {"en": "holds something that is not a non-empty string", "ja": "空でない文字列以外のものが含まれています"},
    "is empty": {"en": "is empty", "ja": "空です"},
    "missing": {"en": "missing", "ja": "ありません"},
    "set it": {"en": "set {example}", "ja": "{example} のように設定してください"},
    "list a folder": {"en": 'list at least one folder, e.g. ["INBOX"]', "ja": 'フォルダを1つ以上書いてください（例: ["INBOX"]）'},
    "no password given": {"en": "no password given", "ja": "パスワードの指定がありません"},
    "set a password source": {"en": 'set password_command (e.g. ["pass", "show", "mail"]), password_env or password',
                              "ja": 'password_command（例: ["pass", "show", "mail"]）、password_env、password のどれかを'
                                    "設定してください"},
}
