"""設置設定: which board channel measures which circuit, and what the home is.

Reached from Settings, and shown first while no circuit is set up. Each row is
one channel of the distribution board with its live power, so the installer can
switch something on and see which channel moves; tapping the circuit names it
(from a list of the usual names), the second button sets its place on the board
(特1–8, 分1–35) and the third marks a clamp fitted backwards. Above the rows, the
home's facts the rules need: what measures the grid, whether the solar power is
all sold (全量買取), and the EV charger's own solar charging; then the PV array the
solar forecast needs: its rating (kW, on the keypad), tilt and facing, summed up
at the top ("太陽光：5.5kW・30°・南"). Nothing is stored until "Save"; a problem is
shown above the button.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.circuits import MAX_BRANCH, MAX_SPECIAL, CircuitKind, CircuitRole, CircuitSpec
from app.domain.commissioning import (
    COMMON_CIRCUIT_NAMES,
    PV_CAPACITY_KW,
    PV_FACINGS_DEG,
    PV_TILT_UNKNOWN_DEG,
    PV_TILTS_DEG,
    ROLE_OF_NAME,
    GridMeter,
    HomeFacts,
    SetupSnapshot,
    check_circuits,
    next_free_circuit,
)
from app.services.services import Services
from app.ui.circuit_names import circuit_name
from app.ui.dialogs.choice_dialog import ChoiceDialog
from app.ui.dialogs.number_dialog import NumberDialog, NumberRange
from app.ui.dialogs.password_guard import ask_password_then
from app.ui.dialogs.text_entry_dialog import TextEntryDialog
from app.ui.formatting import format_power, format_rating_kw
from app.ui.pages.base_page import Page
from app.ui.widgets.editor_row import action_button
from app.ui.widgets.touch import kinetic_scroll

translate = QCoreApplication.translate
UNASSIGNED = ""  # the name choice that takes a channel off its circuit
TYPE_A_NAME = "\0type"  # the name choice that opens the on-screen keyboard
TILT_UNKNOWN = "unknown"  # the tilt choice "don't know" (taken as PV_TILT_UNKNOWN_DEG)
CAPACITY = NumberRange(*PV_CAPACITY_KW, decimals=2)  # kW as on the nameplate: 4.95


class ChannelRow(QWidget):
    """One board channel: its number and live power, then its circuit's three buttons."""

    def __init__(self, channel: int, page: CommissioningPage) -> None:
        super().__init__()
        self.channel = channel
        self.caption = QLabel(self)
        self.power = QLabel(self)
        self.power.setMinimumWidth(90)
        self.name_button = action_button("", lambda: page.ask_name(channel))
        self.place_button = action_button("", lambda: page.ask_place(channel))
        self.sign_button = action_button("", lambda: page.flip_sign(channel))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.power)
        layout.addWidget(self.name_button, 1)
        layout.addWidget(self.place_button)
        layout.addWidget(self.sign_button)


class CommissioningPage(Page):
    page_id = "commissioning"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.snapshot: SetupSnapshot | None = None
        self.circuits: list[CircuitSpec] | None = None  # the setup being edited
        self.facts = HomeFacts()
        self.dirty = False
        self._grid_chosen = False  # the installer picked the grid meter: no more proposals
        self.dialog: ChoiceDialog | NumberDialog | TextEntryDialog | None = None
        self.rows: dict[int, ChannelRow] = {}
        self.summary = QLabel(wordWrap=True)
        self.grid_button = action_button("", self.ask_grid_meter)
        self.feed_in_button = action_button("", self.ask_feed_in)
        self.ev_button = action_button("", self.ask_ev_solar)
        self.pv_capacity_button = action_button("", self.ask_pv_capacity)
        self.pv_tilt_button = action_button("", self.ask_pv_tilt)
        self.pv_facing_button = action_button("", self.ask_pv_facing)
        # Devices are named and placed on their own page: one place for it, reached here too.
        self.devices_button = action_button(
            "", lambda: self.open_page.emit("devices", None))
        # The facts scroll with the channels: at 800×480 the rows get the height.
        facts = QGridLayout()
        facts.setSpacing(6)
        for index, button in enumerate((self.grid_button, self.feed_in_button,
                                        self.ev_button, self.pv_capacity_button,
                                        self.pv_tilt_button, self.pv_facing_button)):
            facts.addWidget(button, index // 3, index % 3)
        for column in range(3):
            facts.setColumnStretch(column, 1)
        content = QWidget()
        self._column = QVBoxLayout(content)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)
        self._column.addLayout(facts)
        self._column.addStretch(1)
        self.status = QLabel(wordWrap=True)
        self.status.setProperty("kind", "muted")
        self.save_button = action_button("", lambda: ask_password_then(
            self, services.access, self.save), enabled=False, name="PrimaryAction")
        top = QHBoxLayout()  # what the board is, and Save beside it: the rows get the height
        top.addWidget(self.summary, 1)
        top.addWidget(self.devices_button)
        top.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        outer.setSpacing(6)
        outer.addLayout(top)
        self.scroll = kinetic_scroll(content, self)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.status)
        services.commissioning.snapshot_changed.connect(self.show_snapshot)
        services.commissioning.saved.connect(self._saved)
        services.commissioning.error.connect(self._failed)
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.services.commissioning.set_active(True, self)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.services.commissioning.set_active(False, self)

    # --- data ----------------------------------------------------------------------------
    def show_snapshot(self, snapshot: SetupSnapshot) -> None:
        self.snapshot = snapshot
        if self.circuits is None or not self.dirty:  # the installer's edits are kept
            self.circuits = list(snapshot.circuits)
            self.facts = snapshot.proposed_facts()
        elif not self._grid_chosen:  # the proposal follows the devices as they are found
            self.facts = replace(self.facts, grid_meter=snapshot.proposed_facts().grid_meter)
        board = snapshot.board
        count = board.channel_count if board else 0
        channels = range(1, max(count, *(c.channel or 0 for c in self.circuits), 0) + 1)
        for channel in channels:
            if channel not in self.rows:
                row = ChannelRow(channel, self)
                self._column.insertWidget(self._column.count() - 1, row)
                self.rows[channel] = row
        self.retranslate()

    def circuit_on(self, channel: int) -> CircuitSpec | None:
        return next((c for c in self.circuits or () if c.channel == channel), None)

    def _edit(self, channel: int, circuit: CircuitSpec | None) -> None:
        """Put ``circuit`` on ``channel`` (None: take the channel's circuit off)."""
        old = self.circuit_on(channel)
        circuits = [c for c in self.circuits or () if c is not old]
        if circuit is not None:
            circuits = [c for c in circuits if c.key != circuit.key]
            circuits.append(circuit)
        if not any(c.kind is CircuitKind.MAIN for c in circuits) and circuits:
            circuits[:0] = [CircuitSpec(CircuitKind.MAIN, 1, "主幹 L1"),
                            CircuitSpec(CircuitKind.MAIN, 2, "主幹 L2")]
        self.circuits = circuits
        self.dirty = True
        self.retranslate()

    # --- the installer's choices ---------------------------------------------------------
    def ask_name(self, channel: int) -> None:
        ja = self.language == "ja"
        options = [(UNASSIGNED, translate("CommissioningPage", "Not used")),
                   (TYPE_A_NAME, translate("CommissioningPage", "Type a name…"))]
        options += [(name_ja, name_ja if ja else name_en) for name_ja, name_en in
                    COMMON_CIRCUIT_NAMES]
        current = self.circuit_on(channel)
        if current is not None and current.name not in {o[0] for o in options}:
            options.insert(1, (current.name, current.name))
        self._choose(translate("CommissioningPage", "Channel {n}: what does it feed?").format(
            n=channel), options, current.name if current else UNASSIGNED,
            lambda name: self._named(channel, name))

    def _named(self, channel: int, name: str) -> None:
        current = self.circuit_on(channel)
        if name == TYPE_A_NAME:
            self._type_name(channel, current.name if current else "")
            return
        if name == UNASSIGNED:
            self._edit(channel, None)
            return
        role = ROLE_OF_NAME.get(name)
        if current is None:
            kind = CircuitKind.SPECIAL if role in (CircuitRole.WATER_HEATER,
                                                   CircuitRole.EV_CHARGER) else CircuitKind.BRANCH
            free = (next_free_circuit(self.circuits or (), kind)
                    or next_free_circuit(self.circuits or (), CircuitKind.BRANCH))
            if free is None:
                self.status.setVisible(True)
                self.status.setText(translate("CommissioningPage", "Every circuit number is "
                                                                   "taken."))
                return
            current = replace(free, channel=channel)
        self._edit(channel, replace(current, name=name, role=role or current.role))

    def _type_name(self, channel: int, current: str) -> None:
        self.dialog = TextEntryDialog(
            self, title=translate("CommissioningPage", "Channel {n}: its name").format(
                n=channel),
            message=translate("CommissioningPage", "e.g. 洋室4, 物置"),
            current=current, kana=True, max_length=20,
            check=lambda text: text or None,
            error=translate("CommissioningPage", "Type a name first."))
        self.dialog.entered.connect(lambda name: self._named(channel, name))
        self.dialog.present()

    def ask_place(self, channel: int) -> None:
        current = self.circuit_on(channel)
        if current is None:
            return
        taken = {c.key for c in self.circuits or () if c is not current}
        options = [(spec, _place(spec)) for spec in _places() if spec.key not in taken]
        self._choose(translate("CommissioningPage", "Channel {n}: which circuit on the "
                                                    "board?").format(n=channel),
                     options, next((s for s, _ in options if s.key == current.key), None),
                     lambda spec: self._edit(channel, replace(
                         current, kind=spec.kind, number=spec.number)))

    def flip_sign(self, channel: int) -> None:
        current = self.circuit_on(channel)
        if current is not None:
            self._edit(channel, replace(current, reversed=not current.reversed))

    def ask_grid_meter(self) -> None:
        self._choose(translate("CommissioningPage", "What measures the power bought and sold?"),
                     [(GridMeter.SMART_METER, _grid_text(GridMeter.SMART_METER)),
                      (GridMeter.BOARD_MAIN, _grid_text(GridMeter.BOARD_MAIN))],
                     self.facts.grid_meter,
                     self._grid_picked)

    def _grid_picked(self, grid: GridMeter) -> None:
        self._grid_chosen = True
        self._set_facts(replace(self.facts, grid_meter=grid))

    def ask_feed_in(self) -> None:
        self._choose(translate("CommissioningPage", "How is the solar power sold?"),
                     [(False, translate("CommissioningPage", "Surplus only (余剰買取)")),
                      (True, translate("CommissioningPage", "All of it (全量買取)"))],
                     self.facts.pv_full_feed_in,
                     lambda full: self._set_facts(replace(self.facts, pv_full_feed_in=full)))

    def ask_ev_solar(self) -> None:
        self._choose(translate("CommissioningPage", "Is the EV charger's own solar charging "
                                                    "on?"),
                     [(True, translate("CommissioningPage", "On")),
                      (False, translate("CommissioningPage", "Off"))],
                     self.facts.ev_solar_charging,
                     lambda on: self._set_facts(replace(self.facts, ev_solar_charging=on)))

    def ask_pv_capacity(self) -> None:
        current = self.facts.pv_capacity_w
        self.dialog = NumberDialog(
            self, title=translate("CommissioningPage", "Solar: the power conditioner's rating"),
            message=translate("CommissioningPage", "The rated output on the power "
                                                   "conditioner's nameplate, in kW (e.g. 5.5). "
                                                   "The solar forecast is made for it."),
            unit="kW", allowed=CAPACITY,
            current=None if current is None else current / 1000,
            clear_text=translate("CommissioningPage", "Don't know (learn it from the "
                                                      "generation)"))
        self.dialog.entered.connect(lambda kw: self._set_facts(
            replace(self.facts, pv_capacity_w=round(kw * 1000, 1))))
        self.dialog.cleared.connect(lambda: self._set_facts(
            replace(self.facts, pv_capacity_w=None)))
        self.dialog.present()

    def ask_pv_tilt(self) -> None:
        options: list[tuple[object, str]] = [(tilt, _degrees(tilt)) for tilt in PV_TILTS_DEG]
        options.append((TILT_UNKNOWN, translate("CommissioningPage", "Don't know ({tilt})")
                        .format(tilt=_degrees(PV_TILT_UNKNOWN_DEG))))
        self._choose(translate("CommissioningPage", "How steep are the solar panels?"),
                     options, self.facts.pv_tilt_deg,
                     lambda tilt: self._set_facts(replace(
                         self.facts, pv_tilt_deg=PV_TILT_UNKNOWN_DEG if tilt == TILT_UNKNOWN
                         else tilt)),
                     translate("CommissioningPage", "A flat roof is 0°; most pitched roofs "
                                                    "are 20–30°."))

    def ask_pv_facing(self) -> None:
        self._choose(translate("CommissioningPage", "Which way do the solar panels face?"),
                     [(azimuth, _facing_text(azimuth)) for azimuth in PV_FACINGS_DEG],
                     self.facts.pv_azimuth_deg,
                     lambda azimuth: self._set_facts(replace(self.facts,
                                                             pv_azimuth_deg=azimuth)))

    def _set_facts(self, facts: HomeFacts) -> None:
        self.facts, self.dirty = facts, True
        self.retranslate()

    def _choose(self, title: str, options, current, then, message: str = "") -> None:
        self.dialog = ChoiceDialog(title, options, current, self, message)
        self.dialog.chosen.connect(then)
        self.dialog.present()

    def save(self) -> None:
        board = self.snapshot.board if self.snapshot else None
        self.save_button.setEnabled(False)
        self.status.setVisible(True)
        self.status.setText(translate("CommissioningPage", "Saving…"))
        self.services.commissioning.save(self.circuits or (), self.facts,
                                         board.channel_count if board else None)

    def _saved(self, ok: bool) -> None:
        self.status.setVisible(True)
        if ok:
            self.dirty = False
            self.status.setText(translate("CommissioningPage", "Saved. The panel records the "
                                                               "assigned channels from now on."))
        self.save_button.setEnabled(self.dirty)

    def _failed(self, message: str) -> None:
        self.status.setVisible(True)
        self.status.setText(translate("CommissioningPage", "Not saved: {reason}").format(
            reason=message))

    # --- text ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        snapshot = self.snapshot
        board = snapshot.board if snapshot else None
        if snapshot is None:
            self.summary.setText(translate("CommissioningPage", "Looking for devices…"))
        elif board is None:
            self.summary.setText(translate(
                "CommissioningPage", "Devices found: {found}. No distribution board answers "
                                     "yet: the panel keeps looking.").format(
                found=snapshot.devices_found))
        else:
            self.summary.setText(self._board_text(snapshot))
        if snapshot is not None:  # the array, as the installer answered it so far
            self.summary.setText(self.summary.text() + "\n" + pv_summary(self.facts,
                                                                          self.language))
        self.grid_button.setText(_grid_text(self.facts.grid_meter))
        full = self.facts.pv_full_feed_in
        self.feed_in_button.setText(
            translate("CommissioningPage", "Solar: not answered") if full is None else
            translate("CommissioningPage", "Solar: all sold") if full else
            translate("CommissioningPage", "Solar: surplus sold"))
        ev = self.facts.ev_solar_charging
        self.ev_button.setText(
            translate("CommissioningPage", "EV solar charging: not answered") if ev is None
            else translate("CommissioningPage", "EV solar charging: on") if ev else
            translate("CommissioningPage", "EV solar charging: off"))
        facts, lang = self.facts, self.language
        self.pv_capacity_button.setText(
            translate("CommissioningPage", "Solar rating: not answered")
            if facts.pv_capacity_w is None else
            translate("CommissioningPage", "Solar rating: {kw}").format(
                kw=format_rating_kw(facts.pv_capacity_w, lang)))
        self.pv_tilt_button.setText(translate("CommissioningPage", "Panel tilt: {tilt}")
                                    .format(tilt=_degrees(facts.pv_tilt_deg)))
        self.pv_facing_button.setText(translate("CommissioningPage", "Panels face: {facing}")
                                      .format(facing=_facing_text(facts.pv_azimuth_deg)))
        for channel, row in self.rows.items():
            self._show_row(row, board.watts(channel) if board else None)
        problems = check_circuits(self.circuits or (), board.channel_count if board else None)
        self.status.setVisible(bool(self.status.text()) or bool(problems))
        if problems:
            where = next((_place(c) for c in self.circuits or ()
                          if c.key == problems[0].where), problems[0].where)
            self.status.setText(_problem_text(problems[0].code, where))
        self.save_button.setText(translate("CommissioningPage", "Save"))
        self.devices_button.setText(translate("CommissioningPage", "Device names"))
        self.save_button.setEnabled(self.dirty and not problems)

    def _board_text(self, snapshot: SetupSnapshot) -> str:
        """What the board is, and anything wrong with it, in the installer's words."""
        board = snapshot.board
        assert board is not None
        assigned = sum(1 for c in self.circuits or () if c.channel is not None)
        if board.channel_count == 0:
            return translate("CommissioningPage", "The distribution board answers but reports "
                                                  "no measured channel.")
        lines = [translate("CommissioningPage", "Distribution board: {count} channels, "
                                                "{assigned} set up. Switch something on to "
                                                "see which channel moves; tap a channel to "
                                                "name it.").format(
            count=board.channel_count, assigned=assigned)]
        if not board.answering:
            lines.insert(0, translate("CommissioningPage", "The distribution board stopped "
                                                           "answering: no live values. Your "
                                                           "settings are kept."))
        elif board.missing:
            lines.append(translate("CommissioningPage", "Channels not read this time: "
                                                        "{channels}.").format(
                channels=", ".join(str(n) for n in board.missing[:8])
                + ("…" if len(board.missing) > 8 else "")))
        if len(snapshot.boards) > 1:
            lines.append(translate("CommissioningPage", "{count} distribution boards answer; "
                                                        "only the first can be set up here.")
                         .format(count=len(snapshot.boards)))
        return " ".join(lines)

    def _show_row(self, row: ChannelRow, watts: float | None) -> None:
        circuit = self.circuit_on(row.channel)
        row.caption.setText(translate("CommissioningPage", "Ch {n}").format(n=row.channel))
        row.power.setText(format_power(watts, self.language))
        row.name_button.setText(translate("CommissioningPage", "Not used") if circuit is None
                                else circuit_name(circuit.name, self.language))
        row.place_button.setVisible(circuit is not None)
        row.sign_button.setVisible(circuit is not None)
        if circuit is not None:
            row.place_button.setText(_place(circuit))
            row.sign_button.setText(translate("CommissioningPage", "Reversed") if circuit.reversed
                                    else translate("CommissioningPage", "Normal"))


def _places() -> list[CircuitSpec]:
    return ([CircuitSpec(CircuitKind.SPECIAL, n, "") for n in range(1, MAX_SPECIAL + 1)]
            + [CircuitSpec(CircuitKind.BRANCH, n, "") for n in range(1, MAX_BRANCH + 1)])


def _place(circuit: CircuitSpec) -> str:
    if circuit.kind is CircuitKind.SPECIAL:
        return translate("CommissioningPage", "Ext {n}").format(n=circuit.number)
    return translate("CommissioningPage", "Branch {n}").format(n=circuit.number)


def pv_summary(facts: HomeFacts, lang: str) -> str:
    """The array in one line: "太陽光：5.5kW・30°・南"."""
    return translate("CommissioningPage", "Solar: {kw} · {tilt} · {facing}").format(
        kw=_capacity_text(facts, lang), tilt=_degrees(facts.pv_tilt_deg),
        facing=_facing_text(facts.pv_azimuth_deg))


def _capacity_text(facts: HomeFacts, lang: str) -> str:
    if facts.pv_capacity_w is None:
        return translate("CommissioningPage", "rating not answered")
    return format_rating_kw(facts.pv_capacity_w, lang)


def _degrees(value: float) -> str:
    return f"{value:g}°"


def _facing_text(azimuth: float) -> str:
    """The compass point of an azimuth (clockwise from north) if it is one of the 16,
    else its degrees (an array entered elsewhere: a backup, the demo's own)."""
    names = {
        0.0: translate("CommissioningPage", "North"),
        22.5: translate("CommissioningPage", "North-northeast"),
        45.0: translate("CommissioningPage", "Northeast"),
        67.5: translate("CommissioningPage", "East-northeast"),
        90.0: translate("CommissioningPage", "East"),
        112.5: translate("CommissioningPage", "East-southeast"),
        135.0: translate("CommissioningPage", "Southeast"),
        157.5: translate("CommissioningPage", "South-southeast"),
        180.0: translate("CommissioningPage", "South"),
        202.5: translate("CommissioningPage", "South-southwest"),
        225.0: translate("CommissioningPage", "Southwest"),
        247.5: translate("CommissioningPage", "West-southwest"),
        270.0: translate("CommissioningPage", "West"),
        292.5: translate("CommissioningPage", "West-northwest"),
        315.0: translate("CommissioningPage", "Northwest"),
        337.5: translate("CommissioningPage", "North-northwest"),
    }
    return names.get(azimuth % 360.0, _degrees(azimuth))


def _grid_text(grid: GridMeter) -> str:
    if grid is GridMeter.SMART_METER:
        return translate("CommissioningPage", "Grid: smart meter")
    return translate("CommissioningPage", "Grid: the board's main line")


def _problem_text(code: str, where: str) -> str:
    texts = {
        "duplicate_channel": translate("CommissioningPage",
                                       "Two circuits are on one channel ({where})."),
        "channel_out_of_range": translate("CommissioningPage",
                                          "{where} is on a channel the board does not have."),
        "duplicate_circuit": translate("CommissioningPage", "{where} is used twice."),
        "empty_name": translate("CommissioningPage", "{where} has no name."),
        "main_on_channel": translate("CommissioningPage", "A main line is on a channel."),
    }
    return texts.get(code, code).format(where=where)
