"""Mixin for widgets whose texts follow the runtime language."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class RetranslateMixin:
    """Calls ``retranslate()`` when Qt announces a language change.

    Put it first among the bases: ``class Footer(RetranslateMixin, QFrame)``.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
