"""Run in a subprocess by the desktop tests: send alerts through one backend choice of notify-py.

notify-py decides at import whether to shell out to notify-send, so each PATH needs a fresh process.
stdin: JSON {"mode": "channel" | "raw_notifypy", "alerts": [{"kind", "id", "lang", "title"?, "severity"?}]}.
stdout: JSON {"notify_send": what notify-py found on PATH, "results": [[ok, detail, channel_down], ...]}.
"""

from __future__ import annotations

import json
import sys

from tests.notify.records import JST, make_record


def main() -> None:
    request = json.load(sys.stdin)
    from notifypy.os_notifiers import linux  # the import that picks notify-py's Linux backend

    results = []
    if request["mode"] == "channel":
        from daemon.service.notify.desktop import DesktopChannel

        channel = DesktopChannel()
        for a in request["alerts"]:
            changes = {k: a[k] for k in ("severity",) if k in a}
            record = make_record(a["kind"], alert_id=a["id"], **changes)
            if "title" in a:
                record = make_record(a["kind"], alert_id=a["id"], title={"ja": a["title"], "en": a["title"]})
            r = channel.send(record, a["lang"], tz=JST)
            results.append([r.ok, r.detail, r.channel_down])
    else:  # notify-py exactly as shipped, to show what the channel works around
        from notifypy import Notify

        for a in request["alerts"]:
            n = Notify(default_notification_title=a["title"], default_notification_message="body",
                       default_notification_application_name="orders", default_notification_urgency="critical")
            results.append([n.send(block=True), "", False])
    print(json.dumps({"notify_send": linux.NOTIFY, "results": results}))


if __name__ == "__main__":
    main()
