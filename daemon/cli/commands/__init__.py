"""One module per group of `orders` commands; each `cmd_*` takes a Context and returns an exit code."""
