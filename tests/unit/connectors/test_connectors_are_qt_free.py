"""Connectors stay Qt-free (STYLE: Qt lives in ui/ only)."""

from __future__ import annotations

import ast
from pathlib import Path

import attendee_relay.connectors

CONNECTORS = Path(attendee_relay.connectors.__file__).parent


def test_no_connector_module_imports_qt() -> None:
    offenders = []
    for path in sorted(CONNECTORS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0].startswith(("PySide", "PyQt", "shiboken"))
            ]
    assert offenders == []
