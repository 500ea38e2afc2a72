"""A recording ``org.freedesktop.Notifications`` service (jeepney), run as a subprocess in tests.

    with notification_server(address, record_file) as server:   # owns the name on that bus
        ...send notifications...
        server.calls()   # [{"app_name", "replaces_id", "app_icon", "summary", "body", "actions",
                         #   "hints": {"urgency": ["y", 2]}, "expire_timeout"}, ...]

It answers GetServerInformation, GetCapabilities (``--caps``, default "body body-markup icon-static")
and CloseNotification, and appends every Notify call as one JSON line *before* replying, so a client
that got its reply can read its call at once. ``python notifications_service.py ADDRESS RECORD_FILE``.

A test "clicks" a button with ``server.invoke(id, action_key)``: the non-standard method
``InvokeAction(u, s)`` makes the service emit ``ActionInvoked(id, key)`` as a real server does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

NAME = "org.freedesktop.Notifications"
DEFAULT_CAPS = ("body", "body-markup", "icon-static")


def serve(address: str, record: Path, caps: list[str]) -> None:
    from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    if conn.send_and_get_reply(message_bus.RequestName(NAME, 4)).body[0] != 1:  # 4: do not queue
        sys.exit(f"{NAME} is already owned on {address}")
    print("ready", flush=True)
    next_id = 1
    with open(record, "a", encoding="utf-8") as out:
        while True:
            msg = conn.receive()
            if msg.header.message_type != MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            if member == "Notify":
                app, replaces, icon, summary, body, actions, hints, timeout = msg.body
                call = {"id": next_id, "app_name": app, "replaces_id": replaces, "app_icon": icon, "summary": summary,
                        "body": body, "actions": list(actions), "expire_timeout": timeout,
                        "hints": {k: [sig, val] for k, (sig, val) in hints.items()}}
                out.write(json.dumps(call, ensure_ascii=False, default=repr) + "\n")
                out.flush()
                conn.send(new_method_return(msg, "u", (next_id,)))
                next_id += 1
            elif member == "GetCapabilities":
                conn.send(new_method_return(msg, "as", (caps,)))
            elif member == "GetServerInformation":
                conn.send(new_method_return(msg, "ssss", ("recorder", "orders-tests", "1.0", "1.2")))
            elif member == "InvokeAction":
                nid, key = msg.body
                emitter = DBusAddress("/org/freedesktop/Notifications", interface=NAME)
                conn.send(new_signal(emitter, "ActionInvoked", "us", (nid, key)))
                conn.send(new_method_return(msg))
            elif member == "CloseNotification":
                conn.send(new_method_return(msg))
            else:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (str(member),)))


class RecordingServer:
    def __init__(self, record: Path, proc: subprocess.Popen, address: str) -> None:
        self.record = record
        self.proc = proc
        self.address = address

    def invoke(self, notification_id: int, key: str) -> None:
        """Click action ``key`` of notification ``notification_id`` (the server emits ActionInvoked)."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        target = DBusAddress("/org/freedesktop/Notifications", bus_name=NAME, interface=NAME)
        with open_dbus_connection(bus=self.address) as conn:
            conn.send_and_get_reply(new_method_call(target, "InvokeAction", "us", (notification_id, key)),
                                    timeout=10)

    def calls(self) -> list[dict]:
        if not self.record.exists():
            return []
        text = self.record.read_text(encoding="utf-8")
        complete = text[: text.rfind("\n") + 1]  # a line still being written is not read
        return [json.loads(line) for line in complete.splitlines() if line]

    def clear(self) -> None:
        self.record.write_text("", encoding="utf-8")


@contextlib.contextmanager
def notification_server(address: str, record: Path, caps: tuple[str, ...] = DEFAULT_CAPS) -> Iterator[RecordingServer]:
    """Run the service on the bus at ``address`` until the block ends."""
    from tests.servers.dbus import _read_line, stop_process

    record.touch()
    proc = subprocess.Popen([sys.executable, __file__, address, str(record), "--caps", " ".join(caps)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        if _read_line(proc, 30.0) != "ready":  # an interpreter importing jeepney: slow under load
            proc.kill()
            raise RuntimeError(f"notification service did not start: {proc.communicate()[1].decode()[-500:]}")
        yield RecordingServer(record, proc, address)
    finally:
        stop_process(proc)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("address")
    parser.add_argument("record", type=Path)
    parser.add_argument("--caps", default=" ".join(DEFAULT_CAPS))
    args = parser.parse_args()
    serve(args.address, args.record, args.caps.split())
