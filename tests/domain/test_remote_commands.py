"""Remote commands as the panel's Sets, and their outcomes (app/domain/remote_commands.py)."""

from __future__ import annotations

from app.domain.device_command import CommandOutcome, CommandResult, DeviceCommand
from app.domain.events import Cause, OperationEvent
from app.domain.remote_commands import (
    RemoteDevice,
    RemoteOrder,
    RemoteRun,
    device_command,
    outcome_of,
    runs_from_json,
    runs_to_json,
    wire_value,
)

LIGHT, AIRCON, BATTERY = "10.0.0.8/029001", "10.0.0.8/013001", "10.0.0.5/027D01"


def test_each_action_is_the_set_of_its_property_with_cause_remote():
    def command(device, action, value):
        return device_command(RemoteOrder("x", device, action, value))

    assert command(LIGHT, "power", "on") == DeviceCommand(LIGHT, 0x80, "on", Cause.REMOTE)
    assert command(AIRCON, "power", "off") == DeviceCommand(AIRCON, 0x80, "off", Cause.REMOTE)
    assert command(AIRCON, "temperature", 26) == DeviceCommand(AIRCON, 0xB3, 26, Cause.REMOTE)
    assert command(BATTERY, "battery_mode", "charging") == DeviceCommand(
        BATTERY, 0xDA, "charging", Cause.REMOTE)
    # What the class does not take, or a value out of range, is no Set at all.
    for device, action, value in ((LIGHT, "temperature", 26), (AIRCON, "temperature", 31),
                                  (AIRCON, "temperature", "26"), (BATTERY, "power", "on"),
                                  (BATTERY, "battery_mode", "test"), ("10.0.0.9/026B01",
                                                                      "power", "on")):
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
    assert RemoteDevice(AIRCON, 0x0130, "リビング").to_json() == {
        "id": AIRCON, "class": "0x0130", "name": "リビング", "actions": ["power", "temperature"]}
    assert [wire_value(v) for v in (None, 26, "on", True, 2.5)] == [None, 26, "on", "True",
                                                                    "2.5"]
    runs = tuple(RemoteRun(str(i), 100.0 + i, LIGHT, "", "power", "on", "done", "off", "on")
                 for i in range(12))
    assert runs_from_json(runs_to_json(runs)) == runs[-10:]
    assert runs_from_json("not json") == runs_from_json('[{"id": 1}]') == ()
