"""Names a device and says where it is, by touch on the kiosk, by keyboard on a desktop.

On the kiosk (no keyboard) the household taps a field, then picks from lists of
common names (one per kind of device, its own kind first) and places, or types on
the Japanese on-screen keyboard. A picked place can start the name ("リビングの"),
so "リビングのエアコン" is three taps. On a desktop the fields take a physical
keyboard and the common places are one tap away.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.domain.devices import DeviceEntry
from app.ui.device_classes import device_class_name
from app.ui.dialogs.sheet_dialog import SheetDialog
from app.ui.widgets.kana_keyboard import KanaKeyboard
from app.ui.widgets.styled import restyle
from app.ui.widgets.touch import kinetic_scroll

MAX_LENGTH = 40
CHOICE_COLUMNS = 4


def place_names() -> tuple[str, ...]:
    translate = QCoreApplication.translate
    return (translate("DeviceNameDialog", "Living room"),
            translate("DeviceNameDialog", "Dining room"),
            translate("DeviceNameDialog", "Kitchen"),
            translate("DeviceNameDialog", "Bedroom"),
            translate("DeviceNameDialog", "Children's room"),
            translate("DeviceNameDialog", "Japanese-style room"),
            translate("DeviceNameDialog", "Washroom"),
            translate("DeviceNameDialog", "Bathroom"),
            translate("DeviceNameDialog", "Entrance"),
            translate("DeviceNameDialog", "Hallway"),
            translate("DeviceNameDialog", "Ground floor"),
            translate("DeviceNameDialog", "Upstairs"),
            translate("DeviceNameDialog", "Outdoors"),
            translate("DeviceNameDialog", "Roof"),
            translate("DeviceNameDialog", "Garage"),
            translate("DeviceNameDialog", "Parking space"))


def device_names(class_code: int) -> tuple[str, ...]:
    """Common names for devices, one per kind (the device's own kind first), then a few more."""
    translate = QCoreApplication.translate
    by_class = (
        (0x0130, translate("DeviceNameDialog", "Air conditioner")),
        (0x026B, translate("DeviceNameDialog", "EcoCute")),
        (0x027D, translate("DeviceNameDialog", "Storage battery")),
        (0x0279, translate("DeviceNameDialog", "Solar power")),
        (0x0287, translate("DeviceNameDialog", "Distribution board")),
        (0x0288, translate("DeviceNameDialog", "Smart meter")),
        (0x027E, translate("DeviceNameDialog", "EV charger")),
        (0x027C, translate("DeviceNameDialog", "ENE-FARM")),
        (0x0282, translate("DeviceNameDialog", "Gas meter")),
        (0x0281, translate("DeviceNameDialog", "Water meter")),
        (0x0290, translate("DeviceNameDialog", "Lighting")),
        (0x026B, translate("DeviceNameDialog", "Water heater")),
    )
    own = [name for code, name in by_class if code == class_code]
    others = [name for code, name in by_class if code != class_code]
    more = [translate("DeviceNameDialog", "Floor heating"),
            translate("DeviceNameDialog", "Refrigerator"),
            translate("DeviceNameDialog", "Washing machine"),
            translate("DeviceNameDialog", "Television")]
    return tuple(own + others + more)


def place_prefix(place: str) -> str:
    """How a name starts with its place: 'リビングの' ('Living room ' in English)."""
    return QCoreApplication.translate(
        "DeviceNameDialog", "{place} ", "a device's name that starts with its place").format(
        place=place)


class DeviceNameDialog(SheetDialog):
    saved = Signal(str, str)  # name, location

    def __init__(self, device: DeviceEntry, parent: QWidget) -> None:
        super().__init__(parent)
        self.device = device
        self.name_caption = QLabel(self)
        self.location_caption = QLabel(self)
        self.name_field = self._field("DeviceNameField", device.name)
        self.location_field = self._field("DeviceLocationField", device.location)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("DeviceNameSave")
        self.save_button.setProperty("kind", "primary")
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.save)
        self.place_buttons: list[QPushButton] = []
        self.name_buttons: list[QPushButton] = []
        self.prefix_button: QPushButton | None = None
        self.keyboard: KanaKeyboard | None = None
        self.target = self.name_field
        if self._kiosk:
            self._build_touch()
        else:
            self._build_desktop()
        self.retranslate()

    # -- layouts -----------------------------------------------------------------------------
    def _build_desktop(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.name_caption, 0, 0)
        grid.addWidget(self.name_field, 0, 1)
        grid.addWidget(self.location_caption, 1, 0)
        grid.addWidget(self.location_field, 1, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.body.addWidget(self._choices(self.place_buttons, len(place_names()),
                                          self._pick_place, scroll=False))
        self.body.addStretch(1)
        self.body.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)

    def _build_touch(self) -> None:
        """Title row: [choices | keyboard], Save, Cancel; the two fields; lists or keyboard."""
        self.message_label.setVisible(False)  # 480 px: the captions say what to enter
        self.choices_tab = self._tab(0)
        self.keyboard_tab = self._tab(1)
        title_row = self.body.itemAt(0).layout()
        title_row.setSpacing(8)
        cancel = title_row.indexOf(self.cancel_button)
        for offset, widget in enumerate((self.choices_tab, self.keyboard_tab, self.save_button)):
            title_row.insertWidget(cancel + offset, widget)
        fields = QHBoxLayout()
        fields.setSpacing(8)
        for caption, field in ((self.name_caption, self.name_field),
                               (self.location_caption, self.location_field)):
            fields.addWidget(caption)
            fields.addWidget(field, 1)
            field.installEventFilter(self)
        self.body.addLayout(fields)
        self.prefix_button = self._choice_button(self._pick_prefix)
        self.name_choices = self._choices(self.name_buttons, len(device_names(0)),
                                          self._pick_name, first=self.prefix_button)
        self.place_choices = self._choices(self.place_buttons, len(place_names()),
                                           self._pick_place)
        self.lists = QStackedWidget(self)
        self.lists.addWidget(self.name_choices)
        self.lists.addWidget(self.place_choices)
        self.keyboard = KanaKeyboard(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.lists)
        self.pages.addWidget(self.keyboard)
        self.body.addWidget(self.pages, 1)
        self.location_field.textChanged.connect(self._show_prefix)
        self.select(self.name_field)
        self.show_page(0)

    def _tab(self, page: int) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName("CompactControl")
        button.setCheckable(True)
        button.setMinimumWidth(96)  # "候補" alone would be narrower than a finger
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.show_page(page))
        return button

    def _choice_button(self, handler) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName("CompactControl")  # four to a row within 800 px
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False, b=button: handler(b.text()))
        return button

    def _choices(self, buttons: list[QPushButton], count: int, handler, *,
                 first: QPushButton | None = None, scroll: bool = True) -> QWidget:
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        start = 0
        if first is not None:
            grid.addWidget(first, 0, 0, 1, 2)
            start = CHOICE_COLUMNS
        for index in range(count):
            button = self._choice_button(handler)
            grid.addWidget(button, (start + index) // CHOICE_COLUMNS,
                           (start + index) % CHOICE_COLUMNS)
            buttons.append(button)
        for column in range(CHOICE_COLUMNS):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(grid.rowCount(), 1)
        return kinetic_scroll(content, self) if scroll else content

    def _field(self, name: str, text: str) -> QLineEdit:
        field = QLineEdit(text, self)
        field.setObjectName(name)
        field.setMaxLength(MAX_LENGTH)
        field.returnPressed.connect(self.save)
        return field

    # -- touch -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn) and \
                watched in (self.name_field, self.location_field):
            self.select(watched)
        return super().eventFilter(watched, event)

    def select(self, field: QLineEdit) -> None:
        """Type into ``field``; the lists offer names or places to match."""
        self.target = field
        if self.keyboard is None:
            return
        self.keyboard.set_target(field)
        self.lists.setCurrentIndex(0 if field is self.name_field else 1)
        for caption, own in ((self.name_caption, self.name_field),
                             (self.location_caption, self.location_field)):
            restyle(caption, "kind", "heading" if own is field else "muted")
        if not field.hasFocus():
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_page(self, page: int) -> None:
        """0: the lists of names and places, 1: the keyboard."""
        self.pages.setCurrentIndex(page)
        self.choices_tab.setChecked(page == 0)
        self.keyboard_tab.setChecked(page == 1)

    def _pick_place(self, place: str) -> None:
        self.location_field.setText(place)

    def _pick_prefix(self, prefix: str) -> None:
        self.name_field.setText(prefix)
        self.select(self.name_field)

    def _pick_name(self, name: str) -> None:
        text = self.name_field.text()
        prefix = self.prefix_button.text() if self.prefix_button is not None else ""
        started = bool(prefix) and text == prefix  # "リビングの" waits for its device
        self.name_field.setText(text + name if started else name)

    def _show_prefix(self) -> None:
        if self.prefix_button is not None:
            place = self.location_field.text().strip()
            self.prefix_button.setText(place_prefix(place) if place else "")
            self.prefix_button.setVisible(bool(place))

    # -- the answer --------------------------------------------------------------------------
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
        if self.name_buttons:  # the kiosk's lists
            for button, name in zip(self.name_buttons, device_names(self.device.class_code),
                                    strict=True):
                button.setText(name)
        self.save_button.setText(translate("DeviceNameDialog", "Save"))
        if self.keyboard is not None:
            self.choices_tab.setText(translate("DeviceNameDialog", "Choices"))
            self.keyboard_tab.setText(translate("DeviceNameDialog", "Keyboard"))
            self._show_prefix()
