"""One editable line of a touch editor: what it is, its controls, and its problem under it.

The plan editor lists bands, tiers and charges as rows. Controls are big enough
for a finger (steps of ◀ ▶, a value button that opens a keypad); a problem with
the row's value is said right under it, in words, while the user edits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TARGET = 48  # px at 800×480: the smallest thing a finger is asked to hit


def step_button(text: str, handler: Callable[[], None], enabled: bool = True) -> QPushButton:
    """A square ◀/▶ step."""
    button = QPushButton(text)
    button.setObjectName("GraphStep")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumSize(TARGET, TARGET)
    button.setEnabled(enabled)
    button.clicked.connect(lambda _checked=False: handler())  # not checked into a default
    return button


def action_button(text: str, handler: Callable[[], None], enabled: bool = True,
                  name: str = "CompactControl") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(TARGET)
    button.setEnabled(enabled)
    button.clicked.connect(lambda _checked=False: handler())  # not checked into a default
    return button


class EditorRow(QFrame):
    def __init__(self, caption: str, controls: list[QWidget], problem: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorRow")
        self.caption = QLabel(caption)
        self.caption.setMinimumWidth(90)
        self.controls = controls
        self.problem = QLabel(problem, wordWrap=True)
        self.problem.setProperty("kind", "error")
        self.problem.setVisible(bool(problem))
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        line.addWidget(self.caption, 1)
        for control in controls:
            line.addWidget(control)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 2, 0, 2)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.problem)
