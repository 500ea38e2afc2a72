"""Files only the user may read (configs holding account details, timelines, drafts, evidence)."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: str | bytes, *, replace: bool = True) -> Path:
    """Write ``path`` created with mode 0600 from the start (never readable by others, not even for a
    moment); an existing file keeps no looser mode. ``replace=False``: FileExistsError if it exists."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data.encode("utf-8") if isinstance(data, str) else data)
    finally:
        os.close(fd)
    return path
