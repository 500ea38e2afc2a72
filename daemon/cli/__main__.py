"""`python -m daemon.cli` — the same entry point as the `orders` script."""

import sys

from daemon.cli import main

sys.exit(main())
