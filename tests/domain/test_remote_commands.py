"""Remote commands as the panel's Sets, and their outcomes (app/domain/remote_commands.py)."""

from __future__ import annotations

from app.domain.device_command import CommandOutcome, CommandResult, DeviceCommand
from app.domain.events import Cause, OperationEvent
from app.domain.remote_commands import (
    RemoteDevice,
    RemoteRun,
    device_command,
    outcome_of,
    remote_devices,
    runs_from_json,
    runs_to_json,
    wire_value,
)

LIGHT, AIRCON, BATTERY = "10.0.0.8/029001", "10.0.0.8/013001", "10.0.0.5/027D01"


def test_devices_are_known_by_their_object_not_their_address():
    found = {"10.0.0.9/029001": "", LIGHT: "居間", AIRCON: "", BATTERY: "蓄電池",
             "10.0.0.8/026B01": "給湯器"}  # the water heater takes no remote command
    assert [(d.id, d.key, d.name) for d in remote_devices(found)] == [
        ("027D01", BATTERY, "蓄電池"), ("013001", AIRCON, ""), ("029001", LIGHT, "居間"),
        ("029001-2", "10.0.0.9/029001", "")]
    assert remote_devices(found)[1].to_json() == {
        "id": "013001", "class": "0x0130", "name": "", "actions": ["power", "temperature"]}


def test_each_action_is_the_set_of_its_property_with_cause_remote():
    devices = {d.key: d for d in remote_devices({LIGHT: "", AIRCON: "", BATTERY: ""})}

    def command(device, action, value):
        return device_command(devices[device], action, value)

    assert command(LIGHT, "power", "on") == DeviceCommand(LIGHT, 0x80, "on", Cause.REMOTE)
    assert command(AIRCON, "power", "off") == DeviceCommand(AIRCON, 0x80, "off", Cause.REMOTE)
    assert command(AIRCON, "temperature", 26) == DeviceCommand(AIRCON, 0xB3, 26, Cause.REMOTE)
    assert command(BATTERY, "battery_mode", "charging") == DeviceCommand(
        BATTERY, 0xDA, "charging", Cause.REMOTE)
    # What the class does not take, or a value out of range, is no Set at all.
    for device, action, value in ((LIGHT, "temperature", 26), (AIRCON, "temperature", 31),
                                  (AIRCON, "temperature", "26"), (BATTERY, "power", "on"),
                                  (BATTERY, "battery_mode", "test")):
        assert command(device, action, value) is None, (device, action, value)


def test_done_only_when_the_value_read_back_is_the_one_asked_for():
    asked = DeviceCommand(AIRCON, 0xB3, 26, Cause.REMOTE)

    def result(outcome, after):
        return CommandResult(asked, outcome, 100.0, 28, after)

    assert outcome_of(result(CommandOutcome.ACCEPTED, 26)) == "done"
    assert outcome_of(result(CommandOutcome.ACCEPTED, 27)) == "refused"
    assert outcome_of(result(CommandOutcome.REFUSED, 28)) == "refused"
    assert outcome_of(result(CommandOutcome.UNREACHABLE, None)) == "unreachable"
    event = result(CommandOutcome.ACCEPTED, 26).event()
    assert isinstance(event, OperationEvent) and event.cause is Cause.REMOTE


def test_what_the_panel_reports_and_keeps():
    assert RemoteDevice("013001", AIRCON, 0x0130, "リビング").to_json() == {
        "id": "013001", "class": "0x0130", "name": "リビング",
        "actions": ["power", "temperature"]}
    assert [wire_value(v) for v in (None, 26, "on", True, 2.5)] == [None, 26, "on", "True",
                                                                    "2.5"]
    runs = tuple(RemoteRun(str(i), 100.0 + i, LIGHT, "", "power", "on", "done", "off", "on")
                 for i in range(12))
    assert runs_from_json(runs_to_json(runs)) == runs[-10:]
    assert runs_from_json("not json") == runs_from_json('[{"id": 1}]') == ()
