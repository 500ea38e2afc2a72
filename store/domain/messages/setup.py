"""What `orders init` asks and says, and the names of the secret each provider needs."""

from __future__ import annotations

SETUP: dict[str, dict[str, str]] = {
    "init provider": {"en": "Provider: {name}", "ja": "プロバイダー: {name}"},
    "init no_imap": {"en": "{name} offers no IMAP access, so orders cannot read it.",
                "ja": "{name} は IMAP で読めないため、orders からは読めません。"},
    "init unknown": {"en": "{domain} is not in the bundled provider list; give its IMAP server.",
                "ja": "{domain} は同梱のプロバイダー一覧にありません。IMAP サーバーを入力してください。"},
    "init ask_email": {"en": "E-mail address: ", "ja": "メールアドレス: "},
    "init ask_host": {"en": "IMAP server host name: ", "ja": "IMAP サーバーのホスト名: "},
    "init ask_user": {"en": "Login name (user ID) [{default}]: ", "ja": "ユーザー名（ID） [{default}]: "},
    "init ask_store": {"en": "Keep the password in (1) the desktop keyring, (2) a password command, (3) an "
                        "environment variable [1]: ",
                  "ja": "パスワードの保存先: (1) デスクトップのキーリング (2) パスワードコマンド (3) 環境変数 [1]: "},
    "init ask_secret": {"en": "{what} (not shown; empty to store it later): ",
                   "ja": "{what}（表示されません。空なら後で保存）: "},
    "init ask_command": {"en": "Command printing the password [{default}]: ",
                    "ja": "パスワードを出力するコマンド [{default}]: "},
    "init written": {"en": "Wrote {path} (mode 0600).", "ja": "{path} を書き込みました（モード 0600）。"},
    "init exists": {"en": "{path} already exists — nothing written", "ja": "{path} は既にあります。書き込みませんでした"},
    "init exists_fix": {"en": "add --force to replace it", "ja": "置き換えるには --force を付けてください"},
    "init stored": {"en": "The password is in the desktop keyring (service \"orders\", user {user}).",
               "ja": "パスワードをデスクトップのキーリングに保存しました（サービス \"orders\"、ユーザー {user}）。"},
    "init todo_keyring": {"en": "Store the {what} in the keyring: {cmd}",
                     "ja": "{what}をキーリングに保存してください: {cmd}"},
    "init todo_env": {"en": "Set {var} to the {what} in the service's environment (systemctl --user edit orders → "
                       "Environment={var}=…).",
                 "ja": "サービスの環境変数 {var} に{what}を設定してください（systemctl --user edit orders → "
                       "Environment={var}=…）。"},
    "init todo_command": {"en": "Make sure {cmd} prints the {what}.", "ja": "{cmd} が{what}を出力するようにしてください。"},
    "init todo_oauth": {"en": "OAuth2: authorise the token helper once ({cmd}); orders runs it for each login. See {url}",
                   "ja": "OAuth2: トークン取得ツールを一度認可してください（{cmd}）。orders はログインのたびに実行します。{url}"},
    "init get_it": {"en": "Get it here: {url}", "ja": "取得先: {url}"},
    "init help": {"en": "Provider's help: {url}", "ja": "プロバイダーのヘルプ: {url}"},
    "init check_ok": {"en": "The config is valid.", "ja": "設定は正しい形式です。"},
    "init doctor_later": {"en": "Once the password is stored, check the connection: orders doctor",
                     "ja": "パスワードを保存したら接続を確認してください: orders doctor"},
    "init next": {"en": "Next: start the service —\n  mkdir -p ~/.config/systemd/user && cp {unit} "
                   "~/.config/systemd/user/\n  systemctl --user daemon-reload && systemctl --user enable --now orders",
             "ja": "次に、サービスを起動してください —\n  mkdir -p ~/.config/systemd/user && cp {unit} "
                   "~/.config/systemd/user/\n  systemctl --user daemon-reload && systemctl --user enable --now orders"},
    "secret app-password": {"en": "app password", "ja": "アプリパスワード"},
    "secret password": {"en": "password", "ja": "パスワード"},
    "secret imap-password": {"en": "IMAP-only password", "ja": "IMAP専用パスワード"},
    "secret bridge-password": {"en": "Bridge password", "ja": "Bridge のパスワード"},
    "secret oauth2": {"en": "OAuth2 token", "ja": "OAuth2 トークン"},
}
