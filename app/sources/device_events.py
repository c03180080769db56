"""Turns polled device status (0x80 on/off, 0x88 fault, 0x89 fault code) into events.

Polling sees states, not actions: a change between two readings is an
`OperationEvent` with cause "device" (the panel did not do it: the device
itself, or its own remote control). The first reading after start-up is a
baseline, not a change; a fault already present then is still recorded (the
store keeps one open error per device and code), and a device found without a
fault closes errors left open while the panel was off.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.events import Cause, DeviceEvent, ErrorEvent, OperationEvent, Recovery
from app.domain.fault_codes import MakerTable, describe

STATUS_EPCS = (0x80, 0x88, 0x89)  # polled in the slow lane of every device the panel reads


@dataclass
class _Known:
    status: str | None = None  # 0x80 decoded ("on"/"off")
    fault: bool | None = None
    code: int | None = None


def raw_code(edt: bytes | None) -> int | None:
    """0x89 as its raw number (kept even when outside the standard's range)."""
    return None if not edt else int.from_bytes(edt, "big")


class DeviceEventDetector:
    """Per device, the last status seen; `observe` returns what changed since."""

    def __init__(self, makers: MakerTable | None = None) -> None:
        self._known: dict[str, _Known] = {}
        self._makers = makers

    def observe(self, device: str, class_code: int, at: float, status: str | None,
                fault: str | None, fault_edt: bytes | None,
                maker: int | None = None) -> list[DeviceEvent]:
        """One reading round of a device: `status`/`fault` decoded, None = not in this round."""
        known = self._known.setdefault(device, _Known())
        out: list[DeviceEvent] = []
        if status is not None:
            if known.status is not None and status != known.status:
                out.append(OperationEvent(at, device, 0x80, known.status, status, Cause.DEVICE))
            known.status = status
        if fault in ("fault", "no_fault"):
            faulty = fault == "fault"
            code = raw_code(fault_edt) if faulty else None
            if faulty and (known.fault is not True or code != known.code):
                if known.fault is True:  # a new code replaces the old fault
                    out.append(Recovery(at, device))
                meaning = describe(code, maker, class_code, self._makers)
                out.append(ErrorEvent(at, device, code, meaning.fault_class.value, maker))
            elif not faulty and known.fault is not False:
                out.append(Recovery(at, device))  # also closes errors left from before
            known.fault, known.code = faulty, code
        return out
