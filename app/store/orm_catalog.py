"""Circuits and devices: small ORM tables read and written with SQLModel sessions.

Imported lazily by `Store` on first use (SQLModel costs ~750 ms of imports,
and the panel does not need circuits or devices to paint its first frame).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from app.domain.circuits import CircuitKind, CircuitRole, CircuitSpec

from .catalog import DeviceInfo
from .models import CircuitRow, DeviceRow

_KIND_ORDER = {CircuitKind.MAIN: 0, CircuitKind.SPECIAL: 1, CircuitKind.BRANCH: 2}


def save_circuits(session: Session, circuits: Sequence[CircuitSpec],
                  replace: bool = False) -> None:
    """Upsert by (kind, number); circuits not given are left as they are, or deleted
    with ``replace`` (a commissioning saves the whole board)."""
    existing = {(r.kind, r.number): r for r in session.exec(select(CircuitRow))}
    given = set()
    for c in circuits:
        given.add((c.kind.value, c.number))
        row = existing.get((c.kind.value, c.number))
        if row is None:
            row = CircuitRow(kind=c.kind.value, number=c.number, name=c.name)
            existing[(c.kind.value, c.number)] = row
            session.add(row)
        row.name, row.measured, row.channel = c.name, c.measured, c.channel
        row.role = None if c.role is None else c.role.value
        row.reversed = c.reversed
    if replace:
        for key, row in existing.items():
            if key not in given:
                session.delete(row)


def circuits(session: Session) -> list[CircuitSpec]:
    specs = [CircuitSpec(CircuitKind(r.kind), r.number, r.name, r.measured, r.channel,
                         _role(r.role), r.reversed)
             for r in session.exec(select(CircuitRow))]
    return sorted(specs, key=lambda c: (_KIND_ORDER[c.kind], c.number))


def _role(value: str | None) -> CircuitRole | None:
    try:
        return None if value is None else CircuitRole(value)
    except ValueError:  # a role of a newer version: no role rather than a failure
        return None


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
