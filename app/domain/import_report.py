"""What an import of another HEMS's history did: buckets imported, skipped and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.imported_history import Resolution


class SkipReason(StrEnum):
    MEASURED = "measured"  # the panel measured (part of) this bucket itself: measured data kept
    ALREADY_IMPORTED = "already_imported"  # the same bucket came in by an earlier import
    FINER_DATA = "finer_data"  # imported 30-minute (or daily) data already gives this total
    DIFFERS = "differs"  # imported finer data add up to more than this total: finer kept
    UNKNOWN_SERIES = "unknown_series"  # no such series on this panel
    NOT_ENERGY = "not_energy"  # a level series (%): a total means nothing


EXAMPLES = 3  # origins kept per skip reason, to name in the report


@dataclass(frozen=True)
class ImportReport:
    imported: Mapping[Resolution, int]  # buckets written, per resolution
    skipped: Mapping[SkipReason, int]
    examples: Mapping[SkipReason, tuple[str, ...]]  # a few origins ("file:line") per reason
    files: int  # files committed (each in its own transaction)
    first_day: str | None = None  # ISO date of the oldest bucket imported
    last_day: str | None = None
    circuits_dropped: int = field(default=0)  # values of circuits left unmatched

    @property
    def imported_total(self) -> int:
        return sum(self.imported.values())

    @property
    def already_imported(self) -> bool:
        """Nothing new: everything was there from an earlier import (the same card twice)."""
        others = {r: n for r, n in self.skipped.items() if r is not SkipReason.ALREADY_IMPORTED}
        return (self.imported_total == 0 and self.skipped.get(SkipReason.ALREADY_IMPORTED, 0) > 0
                and not any(n for r, n in others.items() if r is not SkipReason.MEASURED))

    def lines(self) -> list[str]:
        """The report in English, for the command line."""
        out = [f"imported {self.imported.get(r, 0):,} {r.value} buckets" for r in Resolution]
        if self.first_day:
            out.append(f"imported days from {self.first_day} to {self.last_day}")
        for reason, n in self.skipped.items():
            where = ", ".join(self.examples.get(reason, ()))
            out.append(f"skipped {n:,} buckets: {reason.value}" + (f" (e.g. {where})" if where
                                                                    else ""))
        if self.circuits_dropped:
            out.append(f"not imported: {self.circuits_dropped:,} values of unmatched circuits")
        if self.already_imported:
            out.append("already imported: nothing changed")
        return out
