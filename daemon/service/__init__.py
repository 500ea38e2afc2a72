"""The service: IMAP sync, IDLE, the watch loop, scheduling and backoff, notification channels, logging."""
