"""Only app/ui and the composition root import QtWidgets (import-linter cannot say this)."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
ALLOWED = {APP / "main.py"}


def _imports_qtwidgets(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any("QtWidgets" in a.name for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module and (
                "QtWidgets" in node.module
                or (node.module == "PySide6" and any(a.name == "QtWidgets" for a in node.names))):
            return True
    return False


def test_only_ui_imports_qtwidgets() -> None:
    offenders = [str(p.relative_to(APP.parent)) for p in APP.rglob("*.py")
                 if APP / "ui" not in p.parents and p not in ALLOWED and _imports_qtwidgets(p)]
    assert offenders == []


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6 import QtWidgets\n")
    assert _imports_qtwidgets(sample)
    sample.write_text("from PySide6.QtCore import QObject\n")
    assert not _imports_qtwidgets(sample)
