"""The dependency rules of DESIGN.md, enforced: ui → core ← connectors; sandbox independent."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "attendee_relay"


def imported_modules(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize("layer", ["core", "connectors", "sandbox"])
def test_no_qt_outside_ui(layer: str) -> None:
    offenders = {
        f
        for f, names in imported_modules(layer).items()
        if any(n.startswith(("PySide6", "shiboken6")) for n in names)
    }
    assert offenders == set()


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        (
            "core",
            (
                "attendee_relay.connectors",
                "attendee_relay.ui",
                "attendee_relay.sandbox",
                "attendee_relay.context",
                "attendee_relay.commands",
            ),
        ),
        ("connectors", ("attendee_relay.ui", "attendee_relay.sandbox", "attendee_relay.commands")),
        (
            "sandbox",
            (
                "attendee_relay.connectors",
                "attendee_relay.ui",
                "attendee_relay.core",
                "attendee_relay.commands",
            ),
        ),
    ],
)
def test_dependencies_point_one_way(layer: str, forbidden: tuple[str, ...]) -> None:
    offenders = {
        f: sorted(n for n in names if n.startswith(forbidden))
        for f, names in imported_modules(layer).items()
    }
    assert {f: n for f, n in offenders.items() if n} == {}
