"""Which circuits used most in a period, and each one's share of the house's consumption.

Pure: the query sums the store's rollups and hands the energies in (see
`app.services.history_query.build_ranking`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.circuits import CircuitSpec
from app.domain.periods import Period


@dataclass(frozen=True)
class CircuitEnergy:
    key: str  # circuit key, e.g. "br3"
    name: str
    kwh: float | None  # None: no data in the period
    share: float | None  # of the house's consumption; None without consumption data


@dataclass(frozen=True)
class Ranking:
    """Circuits by energy, largest first; circuits without data last, in board order.

    ``unmeasured_kwh`` is consumption not seen by any listed circuit (unmeasured
    circuits, standby of the board); it can be slightly negative when the
    separately sampled meters disagree, and is kept so, so that shares add up to 1.
    """

    period: Period
    anchor: date
    circuits: tuple[CircuitEnergy, ...]
    consumption_kwh: float | None
    unmeasured_kwh: float | None

    @property
    def unmeasured_share(self) -> float | None:
        if self.unmeasured_kwh is None or not self.consumption_kwh:
            return None
        return self.unmeasured_kwh / self.consumption_kwh


def rank_circuits(period: Period, anchor: date,
                  energies: Sequence[tuple[CircuitSpec, float | None]],
                  consumption_kwh: float | None) -> Ranking:
    def share(kwh: float | None) -> float | None:
        return None if kwh is None or not consumption_kwh else kwh / consumption_kwh

    rows = [CircuitEnergy(spec.key, spec.name, kwh, share(kwh)) for spec, kwh in energies]
    with_data = sorted((r for r in rows if r.kwh is not None),
                       key=lambda r: r.kwh or 0.0, reverse=True)  # stable: board order on ties
    without = [r for r in rows if r.kwh is None]
    unmeasured = None
    if consumption_kwh is not None:
        unmeasured = consumption_kwh - sum(r.kwh or 0.0 for r in with_data)
    return Ranking(period, anchor, tuple(with_data + without), consumption_kwh, unmeasured)
