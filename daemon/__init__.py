"""The daemon: configuration, IMAP sync, scheduling, alert delivery and the `orders` CLI."""
