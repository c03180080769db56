"""Taking an AiSEG2 SD card over: read it, match its circuits, import what the installer confirms.

The one way in for history from an AiSEG2: `hems-panel import aiseg2` and the Settings page
both run these two steps (the page on a worker thread), and the live mirror's backfill
goes through the same `Store.import_totals`. No Qt.

Matches the installer need not confirm: exact and probable ones. A doubtful match, or a
circuit with no match, is imported only once the installer names its circuit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from app.domain.aiseg2_card import CardHistory, card_files, parse_card, resolve_totals
from app.domain.circuit_matching import match_circuits
from app.domain.circuits import CircuitKind
from app.domain.import_report import ImportReport
from app.domain.imported_history import CircuitMatch, MatchConfidence, Resolution
from app.store import Store

Progress = Callable[[int, int], None]
CONFIRMED = frozenset({MatchConfidence.EXACT, MatchConfidence.PROBABLE})


@dataclass(frozen=True)
class CardPreview:
    """What a card holds and how its circuits match, before anything is written."""

    folder: Path
    card: CardHistory
    matches: tuple[CircuitMatch, ...]
    circuit_names: Mapping[str, str]  # measured branch and special circuits: key -> name

    @property
    def buckets(self) -> Mapping[Resolution, int]:
        """Values per resolution on the card (every series)."""
        counted = Counter(t.resolution for t in self.card.totals)
        return {r: counted[r] for r in Resolution}

    @property
    def refused(self) -> int:
        return sum(1 for p in self.card.problems if p.refused)

    @property
    def importable(self) -> bool:
        return bool(self.card.totals)


def read_card(store: Store, folder: Path, progress: Progress | None = None) -> CardPreview:
    """Parse every file of the card and match its circuits to the commissioned ones.

    OSError if the folder cannot be read (a card pulled out): the caller says so."""
    if not folder.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    card = parse_card(card_files(folder), store.calendar.tz, progress)
    circuits = [c for c in store.circuits() if c.kind is not CircuitKind.MAIN and c.measured]
    return CardPreview(folder, card, tuple(match_circuits(card.circuits, circuits)),
                       {c.key: c.name for c in circuits})


def mapping_of(matches: tuple[CircuitMatch, ...] | list[CircuitMatch],
               choices: Mapping[int, str | None]) -> dict[int, str]:
    """Slot -> circuit key to import: confirmed matches, changed by the installer's choices
    (slot -> circuit key, or None to leave that slot out)."""
    out = {m.source.number: m.circuit_key for m in matches
           if m.circuit_key is not None and m.confidence in CONFIRMED}
    for slot, key in choices.items():
        if key is None:
            out.pop(slot, None)
        else:
            out[slot] = key
    return out


def needs_choice(matches: tuple[CircuitMatch, ...] | list[CircuitMatch]) -> list[CircuitMatch]:
    """Matches the installer must confirm before their circuit is imported."""
    return [m for m in matches if m.confidence not in CONFIRMED]


def import_card(store: Store, preview: CardPreview, mapping: Mapping[int, str],
                progress: Progress | None = None) -> ImportReport:
    totals, dropped = resolve_totals(preview.card.totals, mapping)
    return replace(store.import_totals(totals, progress), circuits_dropped=dropped)
