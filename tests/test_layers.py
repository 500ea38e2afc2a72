"""The import graph flows one way (ARCHITECTURE.md): no package imports one above it.

Layers, lowest first — each may import only its own layer and those below:

0. ``parsers``        raw mail → events (pure)
1. ``store.domain``   timelines, situations, rules, texts, drafts, policy (pure)
2. ``store``          persistence: engine, schema, migrations, the Store by concern
3. ``daemon.config``, ``daemon.service``   config, sync, IMAP, IDLE, watch, notify channels
4. ``daemon.cli``     the command-line front

Every import counts, lazy ones inside functions and ``TYPE_CHECKING`` ones included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("parsers", "store", "daemon")
LAYERS = (("parsers",), ("store.domain",), ("store",), ("daemon.config", "daemon.service", "daemon"),
          ("daemon.cli",))


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer): the longest matching prefix wins
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    return None if best is None else best[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from store.domain import texts" imports store.domain.texts
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    assert sources()
    assert all(layer_of(module_name(p)) is not None for p in sources())


@pytest.mark.parametrize(("module", "layer"), [
    ("parsers.extract", 0), ("store.domain.rules", 1), ("store.repository", 2), ("store.migrations.env", 2),
    ("daemon.config", 3), ("daemon.service.watch", 3), ("daemon.cli.commands.orders", 4),
])
def test_layer_of(module: str, layer: int) -> None:
    assert layer_of(module) == layer


def test_no_import_runs_upward() -> None:
    upward = []
    for path in sources():
        here = module_name(path)
        mine = layer_of(here)
        for line, target in imports(path):
            theirs = layer_of(target)
            if theirs is not None and mine is not None and theirs > mine:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {here} (layer {mine}) imports {target} "
                              f"(layer {theirs})")
    assert not upward, "\n".join(upward)
