"""One editable line of a touch editor: what it is, its controls, and its problem under it.

The plan editor lists bands, tiers and charges as rows. Controls are big enough
for a finger (steps of ◀ ▶, a value button that opens a keypad); a problem with
the row's value is said right under it, in words, while the user edits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TARGET = 48  # px at 800×480: the smallest thing a finger is asked to hit


class TouchButton(QPushButton):
    """A button at least a finger wide and high, and never narrower than its text.

    An explicit minimum width (setMinimumWidth) would win over the text's width, and a
    squeezed button clips its centred text at both ends ("3.61 yen/kWh" for 43.61).
    """

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(QSize(TARGET, TARGET))

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(TARGET, TARGET))


def step_button(text: str, handler: Callable[[], None], enabled: bool = True,
                name: str = "") -> QPushButton:
    """A square ◀/▶ step; ``name`` says what it does to a screen reader (and a test)."""
    button = TouchButton(text)
    button.setObjectName("GraphStep")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAccessibleName(name or text)
    button.setEnabled(enabled)
    button.clicked.connect(lambda _checked=False: handler())  # not checked into a default
    return button


def action_button(text: str, handler: Callable[[], None], enabled: bool = True,
                  name: str = "CompactControl") -> QPushButton:
    button = TouchButton(text)  # a one-character "✕" is a finger wide too
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
