"""Names a device and says where it is; common places are one tap away."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.domain.devices import DeviceEntry
from app.ui.device_classes import device_class_name
from app.ui.dialogs.sheet_dialog import SheetDialog

MAX_LENGTH = 40


def place_names() -> tuple[str, ...]:
    translate = QCoreApplication.translate
    return (translate("DeviceNameDialog", "Living room"), translate("DeviceNameDialog", "Kitchen"),
            translate("DeviceNameDialog", "Washroom"), translate("DeviceNameDialog", "Bedroom"),
            translate("DeviceNameDialog", "Outdoors"), translate("DeviceNameDialog", "Roof"),
            translate("DeviceNameDialog", "Garage"), translate("DeviceNameDialog", "Hallway"))


class DeviceNameDialog(SheetDialog):
    saved = Signal(str, str)  # name, location

    def __init__(self, device: DeviceEntry, parent: QWidget) -> None:
        super().__init__(parent)
        self.device = device
        self.name_caption = QLabel(self)
        self.location_caption = QLabel(self)
        self.name_field = self._field("DeviceNameField", device.name)
        self.location_field = self._field("DeviceLocationField", device.location)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.name_caption, 0, 0)
        grid.addWidget(self.name_field, 0, 1)
        grid.addWidget(self.location_caption, 1, 0)
        grid.addWidget(self.location_field, 1, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        places = QGridLayout()
        places.setSpacing(8)
        self.place_buttons: list[QPushButton] = []
        for index in range(len(place_names())):
            button = QPushButton(self)
            button.setObjectName("CompactControl")  # four to a row within 800 px
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, b=button: self.location_field.setText(b.text()))
            places.addWidget(button, index // 4, index % 4)
            self.place_buttons.append(button)
        self.body.addLayout(places)
        self.body.addStretch(1)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("DeviceNameSave")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.save)
        self.body.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def _field(self, name: str, text: str) -> QLineEdit:
        field = QLineEdit(text, self)
        field.setObjectName(name)
        field.setMaxLength(MAX_LENGTH)
        field.returnPressed.connect(self.save)
        return field

    def save(self) -> None:
        self.saved.emit(self.name_field.text().strip(), self.location_field.text().strip())
        self.accept()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.title_label.setText(device_class_name(self.device.class_code))
        self.message_label.setText(translate(
            "DeviceNameDialog", "Give the device a name you recognise and say where it is."))
        self.cancel_button.setText(translate("DeviceNameDialog", "Cancel"))
        self.name_caption.setText(translate("DeviceNameDialog", "Name"))
        self.location_caption.setText(translate("DeviceNameDialog", "Place"))
        for button, place in zip(self.place_buttons, place_names(), strict=True):
            button.setText(place)
        self.save_button.setText(translate("DeviceNameDialog", "Save"))
