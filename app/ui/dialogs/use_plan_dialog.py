"""Confirms a new rate plan, asking the contract it is charged by (amperes or kVA)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QWidget

from app.domain.tariff import PerAmpereBasic, PerKvaBasic, RatePlan
from app.ui.dialogs.sheet_dialog import SheetDialog

KVA_CHOICES = (4.0, 6.0, 8.0, 10.0, 12.0)  # common low-voltage contracts


class UsePlanDialog(SheetDialog):
    chosen = Signal(object, object)  # amperes (int | None), kVA (float | None)

    def __init__(self, plan: RatePlan, lang: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.plan = plan
        self.lang = lang
        basic = plan.versions[-1].basic
        self.choices: list[tuple[int | None, float | None, str]] = []
        if isinstance(basic, PerAmpereBasic):
            self.choices = [(a, None, f"{a}A") for a, _ in basic.yen]
        elif isinstance(basic, PerKvaBasic):
            self.choices = [(None, k, f"{k:g}kVA") for k in KVA_CHOICES]
        self.group = QButtonGroup(self)
        grid = QGridLayout()
        grid.setSpacing(8)
        for index, (_, _, text) in enumerate(self.choices):
            button = QPushButton(text, self)
            button.setObjectName("CompactControl")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.group.addButton(button, index)
            grid.addWidget(button, index // 4, index % 4)
        self.group.idClicked.connect(lambda _: self._update())
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.use_button = QPushButton(self)
        self.use_button.setObjectName("UsePlanConfirm")
        self.use_button.setProperty("kind", "primary")
        self.use_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.use_button.clicked.connect(self.confirm)
        self.body.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        # A per-ampere or per-kVA plan needs the contract before it can be used.
        self.use_button.setEnabled(not self.choices or self.group.checkedId() >= 0)

    def confirm(self) -> None:
        index = self.group.checkedId()
        amperes, kva = (self.choices[index][:2] if index >= 0 else (None, None))
        self.chosen.emit(amperes, kva)
        self.accept()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        name = self.plan.name.ja if self.lang == "ja" else self.plan.name.en
        company = self.plan.company.ja if self.lang == "ja" else self.plan.company.en
        self.title_label.setText(translate("UsePlanDialog", "Use {plan}?").format(
            plan=f"{company} {name}"))
        self.message_label.setText(
            translate("UsePlanDialog", "Choose your contract as it is on your bill. Costs "
                                       "are then worked out with this plan.")
            if self.choices else
            translate("UsePlanDialog", "Costs are then worked out with this plan."))
        self.cancel_button.setText(translate("UsePlanDialog", "Cancel"))
        self.use_button.setText(translate("UsePlanDialog", "Use this plan"))
