"""Parse Amazon order mail into typed events. Pure: no I/O, no clock."""
