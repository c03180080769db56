"""Translated names of ECHONET Lite device classes, for the devices page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def device_class_name(class_code: int) -> str:
    translate = QCoreApplication.translate
    names = {
        0x0287: translate("DeviceClass", "Distribution board"),
        0x0288: translate("DeviceClass", "Smart meter"),
        0x0279: translate("DeviceClass", "Solar power"),
        0x027D: translate("DeviceClass", "Storage battery"),
        0x027C: translate("DeviceClass", "Fuel cell"),
        0x027E: translate("DeviceClass", "EV charger (V2H)"),
        0x0282: translate("DeviceClass", "Gas meter"),
        0x0281: translate("DeviceClass", "Water meter"),
        0x0130: translate("DeviceClass", "Air conditioner"),
        0x026B: translate("DeviceClass", "Water heater"),
        0x0272: translate("DeviceClass", "Gas water heater"),
        0x0290: translate("DeviceClass", "Lighting"),
    }
    return names.get(class_code) or translate("DeviceClass", "Device {code}").format(
        code=f"0x{class_code:04X}")
