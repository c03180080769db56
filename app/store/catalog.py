"""Settings, circuits, devices and series: small ORM tables read and written with SQLModel."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.series import SeriesKind, SeriesSpec

from .models import CircuitRow, DeviceInfo, DeviceRow, SeriesRow, SettingRow

_KIND_ORDER = {CircuitKind.MAIN: 0, CircuitKind.SPECIAL: 1, CircuitKind.BRANCH: 2}


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value


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


def define_series(session: Session, specs: Sequence[SeriesSpec]) -> None:
    """Add series not yet known. A known key keeps its id; its kind and unit must match."""
    existing = {r.key: r for r in session.exec(select(SeriesRow))}
    for spec in specs:
        row = existing.get(spec.key)
        if row is None:
            row = SeriesRow(key=spec.key, kind=spec.kind.value, unit=spec.unit)
            existing[spec.key] = row
            session.add(row)
        elif (row.kind, row.unit) != (spec.kind.value, spec.unit):
            # Changing the kind would silently change what stored rollups mean.
            raise ValueError(f"series {spec.key!r} is already defined as {row.kind} in "
                             f"{row.unit}, not {spec.kind.value} in {spec.unit}")


def series(session: Session) -> list[tuple[int, SeriesSpec]]:
    rows = session.exec(select(SeriesRow).order_by(SeriesRow.id))
    return [(r.id or 0, SeriesSpec(r.key, SeriesKind(r.kind), r.unit)) for r in rows]
