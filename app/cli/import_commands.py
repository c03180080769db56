"""`hems-panel import aiseg2 DIR`: take an AiSEG2 SD card's history over.

Progress goes to stderr, the report to stdout. Exit status: 0 imported (or nothing new),
1 when the card holds nothing to import or some of it was refused (the rest is imported,
and every refused file and line is named), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import TextIO

from app.cli import DEFAULT_TIMEZONE
from app.services.aiseg2_import import (
    CardPreview,
    import_card,
    mapping_of,
    needs_choice,
    read_card,
)
from app.store import open_store


class _Progress:
    """'label n/total' on stderr, rewritten in place on a terminal."""

    def __init__(self, label: str, err: TextIO) -> None:
        self._label, self._err = label, err
        self._tty = err.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self._tty:
            self._err.write(f"\r{self._label} {done}/{total} files")
            if done >= total:
                self._err.write("\n")
        elif done >= total or done % 25 == 0:
            self._err.write(f"{self._label} {done}/{total} files\n")
        self._err.flush()


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (full-width characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


def _matches_table(preview: CardPreview, mapping: dict[int, str], out: TextIO) -> None:
    print(f"{_pad('AiSEG2 circuit', 34)} -> {_pad('panel circuit', 28)} (confidence)", file=out)
    for m in preview.matches:
        key = mapping.get(m.source.number)
        target = f"{key} {preview.circuit_names.get(key, '')}" if key else "(not imported)"
        print(f"{m.source.number:>3} {_pad(m.source.name, 30)} -> {_pad(target, 28)} "
              f"({m.confidence.value})", file=out)
    for m in needs_choice(preview.matches):
        if m.source.number not in mapping and m.circuit_key is not None:
            print(f"confirm slot {m.source.number} ({m.source.name}) with --map "
                  f"{m.source.number}={m.circuit_key}", file=out)


def cmd_import(args: argparse.Namespace, out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    # A dry run only reads: it must not even migrate or create the database.
    store = open_store(args.data_dir, DEFAULT_TIMEZONE, read_only=args.dry_run)
    try:
        try:
            preview = read_card(store, args.folder, _Progress("reading", err))
        except OSError as exc:
            print(f"hems-panel: cannot read {args.folder}: {exc.strerror or exc}", file=err)
            return 1
        known = set(preview.circuit_names)
        unknown = sorted({k for k in args.map.values() if k is not None} - known)
        if unknown:
            print(f"hems-panel: --map names circuits this panel does not have: "
                  f"{', '.join(unknown)} (it has {', '.join(sorted(known)) or 'none'})", file=err)
            return 2
        slots = {m.source.number for m in preview.matches}
        strange = sorted(set(args.map) - slots)
        if strange:
            print(f"hems-panel: --map names circuits the card does not have: "
                  f"{', '.join(map(str, strange))} (it has {', '.join(map(str, sorted(slots)))})",
                  file=err)
            return 2
        mapping = mapping_of(preview.matches, args.map)
        for problem in preview.card.problems:
            print(("refused: " if problem.refused else "note: ") + problem.describe(), file=out)
        counts = preview.buckets
        print(f"{len(preview.card.files)} history files: " + ", ".join(
            f"{n:,} {r.value} values" for r, n in counts.items()), file=out)
        _matches_table(preview, mapping, out)
        if not preview.importable:
            print("nothing to import: no AiSEG2 history files found", file=err)
            return 1
        if args.dry_run:
            print("dry run: nothing written", file=out)
            return 1 if preview.refused else 0
        report = import_card(store, preview, mapping, _Progress("importing", err))
        for line in report.lines():
            print(line, file=out)
    finally:
        store.close()
    return 1 if preview.refused else 0
