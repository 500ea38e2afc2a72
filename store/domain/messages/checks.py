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
    # `orders doctor`: check names (the --json "check" values stay these English names)
    "check config": {"en": "config", "ja": "設定"},
    "check config warning": {"en": "config warning", "ja": "設定の警告"},
    "check store": {"en": "store", "ja": "保存データ"},
    "check integrity": {"en": "store integrity", "ja": "保存データの整合性"},
    "check account": {"en": "account {account}", "ja": "アカウント {account}"},
    "check account auth": {"en": "account {account} authentication", "ja": "アカウント {account} の送信元認証"},
    "check server folders": {"en": "account {account} server folders", "ja": "アカウント {account} のサーバーのフォルダ"},
    "check junk folder": {"en": "account {account} junk folder", "ja": "アカウント {account} の迷惑メールフォルダ"},
    "check folder": {"en": "account {account} folder {folder}", "ja": "アカウント {account} のフォルダ {folder}"},
    "check junk": {"en": "account {account} folder {folder} (junk)",
                   "ja": "アカウント {account} のフォルダ {folder}（迷惑メール）"},
    "check notify": {"en": "notify", "ja": "通知"},
    "check notify desktop": {"en": "notify desktop", "ja": "デスクトップ通知"},
    "check notify command": {"en": "notify command:{name}", "ja": "通知コマンド {name}"},
    "check notify apprise": {"en": "notify apprise", "ja": "apprise による通知"},
    # `orders doctor`: details
    "default store": {"en": "(default SQLite in the XDG data dir)", "ja": "（XDG データディレクトリの既定の SQLite）"},
    "integrity not sqlite": {"en": "not a SQLite file (PostgreSQL checks its own), or not created yet",
                             "ja": "SQLite ファイルではないか（PostgreSQL は自身で検査します）、まだ作られていません"},
    "integrity ok": {"en": "SQLite quick_check: ok", "ja": "SQLite の quick_check: 問題なし"},
    "integrity damaged": {
        "en": "SQLite quick_check found damage ({problems}) — fix: stop `orders watch`, keep a copy of {where}, then "
              "`sqlite3 {where} .recover | sqlite3 recovered.db` and point [store] url at recovered.db (or restore a "
              "backup); `orders reparse` then skips any mail it still cannot read. Nothing else is lost for good: "
              "removing the store and running `orders poll` reads the mailbox again (as far back as `since`).",
        "ja": "SQLite の quick_check で破損が見つかりました（{problems}）— 対処: `orders watch` を止め、{where} の控えを"
              "取ってから `sqlite3 {where} .recover | sqlite3 recovered.db` を実行し、[store] の url を recovered.db に"
              "向けてください（またはバックアップから戻してください）。その後 `orders reparse` はまだ読めないメールを"
              "飛ばします。それ以外は失われません: 保存データを消して `orders poll` を実行すれば、メールボックスを"
              "（`since` の範囲まで）読み直します。"},
    "auth sample failed": {"en": "could not sample recent mail ({detail}) — check the INBOX",
                           "ja": "最近のメールを調べられませんでした（{detail}）— INBOX を確認してください"},
    "auth none": {"en": "the server adds no Authentication-Results of its own: orders' own DKIM check is the only proof "
                        "that mail is Amazon's; Amazon mail it cannot verify (a key no longer published, a DNS failure) "
                        "counts as unverified — it can raise alerts, never silence them",
                  "ja": "このサーバーは自分の Authentication-Results を付けません。メールが Amazon からのものだと示すのは "
                        "orders 自身の DKIM 検証だけです。検証できない Amazon のメール（公開されなくなった鍵、DNS の障害）は"
                        "未確認として扱い、アラートを出すことはあっても消すことはありません"},
    "auth none first": {"en": "The server adds no Authentication-Results of its own: orders' own DKIM check is the only "
                              "proof that mail is Amazon's; Amazon mail it cannot verify (a key no longer published, a "
                              "DNS failure) counts as unverified — it can raise alerts, never silence them",
                        "ja": "このサーバーは自分の Authentication-Results を付けません。メールが Amazon からのものだと"
                              "示すのは orders 自身の DKIM 検証だけです。検証できない Amazon のメール（公開されなくなった"
                              "鍵、DNS の障害）は未確認として扱い、アラートを出すことはあっても消すことはありません"},
    "auth trusted": {"en": "trusting Authentication-Results from {ids} (config)",
                     "ja": "{ids} の Authentication-Results を信頼しています（設定）"},
    "auth trusted unseen": {
        "en": "trusting Authentication-Results from {ids} (config), but recent mail does not carry it: {none}. Unless "
              "mail reaches this mailbox through a server that writes it, remove trusted_authserv_ids (a forger can "
              "write that id into his own mail)",
        "ja": "{ids} の Authentication-Results を信頼する設定ですが、最近のメールには付いていません: {none}。その"
              "ヘッダーを書くサーバーを経由してメールが届くのでなければ、trusted_authserv_ids を削除してください"
              "（偽装者は自分のメールにその ID を書けます）"},
    "auth trusted other": {"en": "trusting Authentication-Results from {ids} (config), but recent mail carries {seen} — "
                                 'fix: trusted_authserv_ids = ["{seen}"]',
                           "ja": "{ids} の Authentication-Results を信頼する設定ですが、最近のメールには {seen} が"
                                 '付いています — 対処: trusted_authserv_ids = ["{seen}"]'},
    "auth pinned": {"en": "the server's authserv-id is {pinned} (learned on the first sync, pinned)",
                    "ja": "サーバーの authserv-id は {pinned} です（最初の同期で覚えて固定しました）"},
    "auth not learned": {"en": "not learned yet (too little recent mail from several senders); meanwhile the topmost "
                               "Authentication-Results is read, and our own DKIM check comes first",
                         "ja": "まだ覚えていません（複数の送信元からの最近のメールが少なすぎます）。それまでは一番上の "
                               "Authentication-Results を読み、orders 自身の DKIM 検証を優先します"},
    "tls details": {"en": "{version} {cipher}; certificate {subject} issued by {issuer}, valid until {not_after}",
                    "ja": "{version} {cipher}、証明書 {subject}（発行者 {issuer}、有効期限 {not_after}）"},
    "no tls": {"en": "no TLS (plain connection)", "ja": "TLS なし（暗号化されていない接続）"},
    "login ok": {"en": "{where} login ok; {security}", "ja": "{where} にログインできました。{security}"},
    "no junk folder": {"en": 'no junk folder found — set junk_folder = "NAME" for this account, or spam = false to watch '
                             "the inbox only",
                       "ja": '迷惑メールフォルダが見つかりません — このアカウントに junk_folder = "フォルダ名" を設定するか、'
                             "受信箱だけを見るなら spam = false にしてください"},
    "folder counts": {"en": "{total} messages, {found} Amazon candidates since {since}",
                      "ja": "メール {total} 通、{since} 以降の Amazon のメール候補 {found} 通"},
    "folder unreadable": {"en": "cannot read it ({detail})", "ja": "読み取れません（{detail}）"},
    "folder unreadable fix": {"en": "check the folder name in `{key}` against the server's folders listed above",
                              "ja": "`{key}` のフォルダ名を、上に表示したサーバーのフォルダと見比べてください"},
    "no config file": {"en": "no config file at {path} — fix: run `orders init` (or copy `orders config example` there)",
                       "ja": "{path} に設定ファイルがありません — 対処: `orders init` を実行してください（`orders config "
                             "example` の内容を写しても構いません）"},
    "config no accounts": {"en": "{path}: no [[accounts]] — fix: add one (`orders init --force` writes one for your "
                                 "address)",
                           "ja": "{path}: [[accounts]] がありません — 対処: 追加してください（`orders init --force` で"
                                 "あなたのアドレス用に書き込めます）"},
    "config ok": {"en": "{path}; {n} account(s)", "ja": "{path}、アカウント {n} 件"},
    "store ok": {"en": "{url} opened, schema up to date, {n} orders",
                 "ja": "{url} を開きました。スキーマは最新、注文 {n} 件"},
    "desktop down": {"en": "{detail}: desktop alerts wait until a desktop session is back (the command and apprise "
                           "channels still send)",
                     "ja": "{detail}: デスクトップのセッションが戻るまでデスクトップ通知は保留します（コマンドと apprise の"
                           "通知はそのまま送ります）"},
    "executable": {"en": "{path} is executable", "ja": "{path} は実行できます"},
    "not executable": {"en": "{program} not found or not executable — fix: give its full path in argv",
                       "ja": "{program} が見つからないか実行できません — 対処: argv にフルパスで書いてください"},
    "apprise urls": {"en": "{n} URL(s) configured (not sent)", "ja": "URL {n} 件を設定済み（送信はしていません）"},
    "no apprise": {"en": "apprise is not installed — fix: install orderwatch[apprise]",
                   "ja": "apprise がインストールされていません — 対処: orderwatch[apprise] をインストールしてください"},
    "no channel": {"en": "no channel configured — fix: set [notify] desktop = true, apprise or [[notify.command]]",
                   "ja": "通知の送り先が設定されていません — 対処: [notify] に desktop = true、apprise、"
                         "[[notify.command]] のどれかを設定してください"},
    # the desktop's notification server
    "no bus": {"en": "no D-Bus session bus here", "ja": "D-Bus のセッションバスがありません"},
    "no notify server": {"en": "no notification server on the session bus", "ja": "セッションバスに通知サーバーがありません"},
    "notify server refused": {"en": "notification server refused: {name}", "ja": "通知サーバーに拒否されました: {name}"},
    "bus unreachable": {"en": "session bus unreachable ({name})", "ja": "セッションバスに接続できません（{name}）"},
    "with buttons": {"en": "with buttons", "ja": "ボタン付き"},
    "without buttons": {"en": "without buttons (no actions capability)", "ja": "ボタンなし（actions 機能がありません）"},
    "notify server": {"en": "{name} {version} ({vendor}) is listening; notifications {actions}",
                      "ja": "{name} {version}（{vendor}）が動いています。通知は{actions}"},
    "no channel name": {"en": "(none)", "ja": "（なし）"},
    "no channel test": {"en": "no channel configured: set [notify] desktop = true, apprise or [[notify.command]]",
                        "ja": "通知の送り先が設定されていません: [notify] に desktop = true、apprise、[[notify.command]] の"
                              "どれかを設定してください"},
    # the progress bars of a first sync (`orders poll` in a terminal)
    "progress": {"en": "{account}: {folder} ({phase})", "ja": "{account}: {folder}（{phase}）"},
    "phase connect": {"en": "connect", "ja": "接続中"},
    "phase search": {"en": "search", "ja": "検索中"},
    "phase fetch": {"en": "fetch", "ja": "取得中"},
    "phase done": {"en": "done", "ja": "完了"},
    # what a channel answers (`orders notify --test`)
    "shown": {"en": "shown", "ja": "表示しました"},
    "shown id": {"en": "shown (notification id {id})", "ja": "表示しました（通知 ID {id}）"},
    "cannot start": {"en": "cannot start {program!r}: {detail}", "ja": "{program} を起動できません: {detail}"},
    "command timed out": {"en": "timed out after {seconds:g} s (killed)", "ja": "{seconds:g} 秒で時間切れになりました（停止しました）"},
    "killed by signal": {"en": "killed by signal {signal}", "ja": "シグナル {signal} で停止しました"},
    "exit status": {"en": "exit status {status}", "ja": "終了コード {status}"},
    "with last line": {"en": "{how}: {last}", "ja": "{how}: {last}"},
    "exit ok": {"en": "exit status 0 in {seconds:.2f} s", "ja": "{seconds:.2f} 秒で正常に終了しました"},
    "apprise invalid": {"en": "apprise URL {urls} not understood by apprise", "ja": "apprise が URL {urls} を理解できません"},
    "apprise none": {"en": "no apprise URLs configured", "ja": "apprise の URL が設定されていません"},
    "apprise sent": {"en": "sent to {n} URL{s}", "ja": "{n} 件の URL に送信しました"},
    "apprise partial": {"en": "apprise could not deliver to every URL ({n} configured; see the log)",
                        "ja": "apprise で一部の URL に届けられませんでした（設定 {n} 件。ログを確認してください）"},
}
