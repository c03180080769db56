"""Circuits and devices: small ORM tables read and written with SQLModel sessions.

Imported lazily by `Store` on first use (SQLModel costs ~750 ms of imports,
and the panel does not need circuits or devices to paint its first frame).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from app.domain.circuits import CircuitKind, CircuitSpec

from .catalog import DeviceInfo
from .models import CircuitRow, DeviceRow

_KIND_ORDER = {CircuitKind.MAIN: 0, CircuitKind.SPECIAL: 1, CircuitKind.BRANCH: 2}


def save_circuits(session: Session, circuits: Sequence[CircuitSpec]) -> None:
    """Upsert by (kind, number); circuits not given are left as they are."""
    existing = {(r.kind, r.number): r for r in session.exec(select(CircuitRow))}
    for c in circuits:
        row = existing.get((c.kind.value, c.number))
        if row is None:
            row = CircuitRow(kind=c.kind.value, number=c.number, name=c.name,
                             measured=c.measured)
            existing[(c.kind.value, c.number)] = row
            session.add(row)
        else:
            row.name, row.measured = c.name, c.measured


def circuits(session: Session) -> list[CircuitSpec]:
    specs = [CircuitSpec(CircuitKind(r.kind), r.number, r.name, r.measured)
             for r in session.exec(select(CircuitRow))]
    return sorted(specs, key=lambda c: (_KIND_ORDER[c.kind], c.number))


def save_device(session: Session, class_code: int, instance: int, name: str,
                location: str) -> None:
    row = session.exec(select(DeviceRow).where(DeviceRow.class_code == class_code,
                                               DeviceRow.instance == instance)).first()
    if row is None:
        session.add(DeviceRow(class_code=class_code, instance=instance, name=name,
                              location=location))
    else:
        row.name, row.location = name, location


def devices(session: Session) -> list[DeviceInfo]:
    rows = session.exec(select(DeviceRow).order_by(DeviceRow.class_code, DeviceRow.instance))
    return [DeviceInfo(r.class_code, r.instance, r.name, r.location) for r in rows]
