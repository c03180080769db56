"""An AiSEG2 SD card (a folder, or the `rireki` zip it writes) -> its whole history.

Reads the files, parses each (`aiseg2_csv`), names the circuits as the newest file does, and
turns circuit-slot values into the commissioned circuits' series once matched.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from app.domain.aiseg2_csv import (
    SOURCE_PREFIX,
    ImportProblem,
    ParsedFile,
    ProblemKind,
    parse_file,
    period_date,
)
from app.domain.imported_history import ImportedTotal, SourceCircuit
from app.domain.series import circuit_series

Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass(frozen=True)
class CardHistory:
    circuits: tuple[SourceCircuit, ...]  # by slot number, named as in the newest file
    totals: list[ImportedTotal]  # circuit values under aiseg2_csv.source_series_key(slot)
    problems: list[ImportProblem]
    files: tuple[str, ...]  # every history file with totals, oldest first


def card_files(directory: Path) -> Iterator[tuple[str, bytes | None]]:
    """(base name, bytes) of every CSV under `directory` and of the CSVs inside its zips;
    None for a zip that cannot be read."""
    for path in sorted(directory.rglob("*")):
        suffix = path.suffix.lower()
        if suffix == ".csv" and path.is_file():
            yield path.name, path.read_bytes()
        elif suffix == ".zip" and path.is_file():
            try:
                with zipfile.ZipFile(path) as archive:
                    for member in sorted(archive.namelist()):
                        name = PurePosixPath(member).name
                        if name.lower().endswith(".csv"):
                            yield name, archive.read(member)
            except (zipfile.BadZipFile, OSError):
                yield path.name, None  # reported as unreadable


def parse_card(files: Iterable[tuple[str, bytes | None]], zone: ZoneInfo,
               progress: Progress | None = None) -> CardHistory:
    files = list(files)
    parsed: list[ParsedFile] = []
    for i, (name, data) in enumerate(files, start=1):
        parsed.append(parse_file(name, data, zone))
        if progress is not None:
            progress(i, len(files))
    useful = sorted((p for p in parsed if p.resolution is not None),
                    key=lambda p: (period_date(p.resolution, p.period), p.name))
    names: dict[int, str] = {}
    for p in useful:  # oldest first: the newest file's name wins
        names.update((c.number, c.name) for c in p.circuits)
    problems: list[ImportProblem] = []
    seen_columns: set[tuple[ProblemKind, str]] = set()
    for p in parsed:
        for problem in p.problems:
            if problem.kind in (ProblemKind.SKIPPED_COLUMN, ProblemKind.UNKNOWN_COLUMN):
                if (problem.kind, problem.detail) in seen_columns:
                    continue  # every file has the same columns: say it once
                seen_columns.add((problem.kind, problem.detail))
            problems.append(problem)
    return CardHistory(
        circuits=tuple(SourceCircuit(n, names[n]) for n in sorted(names)),
        totals=[t for p in useful for t in p.totals],
        problems=problems,
        files=tuple(p.name for p in useful),
    )


def resolve_totals(totals: list[ImportedTotal], mapping: Mapping[int, str]
                   ) -> tuple[list[ImportedTotal], int]:
    """Circuit-slot totals under their circuit's series; (totals, values of unmapped slots)."""
    series = {slot: circuit_series(key).key for slot, key in mapping.items()}
    out: list[ImportedTotal] = []
    dropped = 0
    for t in totals:
        if not t.series_key.startswith(SOURCE_PREFIX):
            out.append(t)
            continue
        key = series.get(int(t.series_key[len(SOURCE_PREFIX):]))
        if key is None:
            dropped += 1
        else:
            out.append(ImportedTotal(key, t.resolution, t.start, t.value, t.origin))
    return out, dropped
