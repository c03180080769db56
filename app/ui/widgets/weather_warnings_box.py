"""The JMA warnings in force, most dangerous first: 特別警報 on the danger colour, 警報 in
it, 注意報 on the warning colour; each with the time it was issued."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.domain.weather import WarningLevel, WeatherWarning
from app.ui.notice_texts import warning_name
from app.ui.weather_texts import issued_text

_ORDER = (WarningLevel.EMERGENCY, WarningLevel.WARNING, WarningLevel.ADVISORY)


class WeatherWarningsBox(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WeatherWarnings")
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        self.labels: list[QLabel] = []
        self.hide()

    def show_warnings(self, warnings: Sequence[WeatherWarning], today: date, zone: tzinfo,
                      lang: str) -> None:
        """The active warnings (lifted ones are not shown), grouped by level."""
        for label in self.labels:
            self._rows.removeWidget(label)
            label.deleteLater()
        self.labels = []
        active = [w for w in warnings if w.active]
        for level in _ORDER:
            items = sorted((w for w in active if w.level is level),
                           key=lambda w: w.issued, reverse=True)
            if not items:
                continue
            text = QCoreApplication.translate("WeatherWarningsBox", "{name} ({issued})")
            label = QLabel("  ·  ".join(
                text.format(name=warning_name(w.kind, w.level),
                            issued=issued_text(w, today, zone, lang)) for w in items), self)
            label.setWordWrap(True)
            label.setProperty("warning", level.value)
            self._rows.addWidget(label)
            self.labels.append(label)
        self.setVisible(bool(self.labels))

    def texts(self) -> list[tuple[str, str]]:
        """(level, text) of each row, most dangerous first (for tests and accessibility)."""
        return [(str(label.property("warning")), label.text()) for label in self.labels]
