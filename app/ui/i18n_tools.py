"""Update and check the Qt Linguist catalogues: ``python -m app.ui.i18n_tools update|check``.

``update`` runs pyside6-lupdate over every Python module under app/ (any module
may call QCoreApplication.translate) into translations/hems_ja.ts, then
pyside6-lrelease into hems_ja.qm. ``check`` changes nothing: it runs lupdate on
a temporary copy and reports messages missing from the catalogue, unfinished or
empty Japanese entries, entries no longer in the code, placeholders that differ
and a committed .qm that is out of date. tests/test_translations.py runs it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from app.ui.i18n import TRANSLATIONS_DIR

ROOT = TRANSLATIONS_DIR.parent
SOURCE_DIR = ROOT / "app"
LANGUAGES = ("ja",)
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%n|%L?\d")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    state: str  # "" (finished), "unfinished", "obsolete" or "vanished"

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment

    @property
    def active(self) -> bool:
        return self.state not in ("obsolete", "vanished")


def _tool(name: str) -> str:
    beside_python = Path(sys.executable).with_name(name)
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found (install PySide6-Essentials)")
    return found


def ts_path(language: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"hems_{language}.ts"


def source_files() -> list[str]:
    """Every module under app/ (lupdate's directory scan skips .py files)."""
    return sorted(str(path.relative_to(ROOT)) for path in SOURCE_DIR.rglob("*.py")
                  if "__pycache__" not in path.parts)


def run_lupdate(ts_file: Path) -> None:
    # No locations: line numbers would churn the .ts on every edit by anyone.
    subprocess.run([_tool("pyside6-lupdate"), *source_files(), "-locations", "none",
                    "-no-obsolete", "-silent", "-ts", str(ts_file)],
                   check=True, cwd=ROOT)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
                   check=True, cwd=ROOT)


def read_ts(ts_file: Path) -> list[Message]:
    messages = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            messages.append(Message(
                context=name,
                source=message.findtext("source") or "",
                comment=message.findtext("comment") or "",
                translation=(translation.text or "") if translation is not None else "",
                state=(translation.get("type") or "") if translation is not None else ""))
    return messages


def find_problems(language: str = "ja") -> list[str]:
    """Everything wrong with one language's catalogue, as readable lines."""
    committed_ts = ts_path(language)
    committed_qm = committed_ts.with_suffix(".qm")
    if not committed_ts.exists():
        return [f"{committed_ts} is missing; run: python -m app.ui.i18n_tools update"]
    problems: list[str] = []
    committed = {m.key: m for m in read_ts(committed_ts)}
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp) / committed_ts.name
        shutil.copy(committed_ts, scratch)
        run_lupdate(scratch)
        in_code = {m.key for m in read_ts(scratch) if m.active}
        fresh_qm = Path(temp) / committed_qm.name
        run_lrelease(committed_ts, fresh_qm)
        if not committed_qm.exists() or committed_qm.read_bytes() != fresh_qm.read_bytes():
            problems.append(f"{committed_qm.name} is out of date with {committed_ts.name}; "
                            "run: python -m app.ui.i18n_tools update")
    for key in sorted(in_code):
        message = committed.get(key)
        where = f"[{key[0]}] {key[1]!r}"
        if message is None:
            problems.append(f"missing from {committed_ts.name}: {where}")
        elif not message.active:
            problems.append(f"marked {message.state} but used in the code: {where}")
        elif message.state == "unfinished" or not message.translation.strip():
            problems.append(f"unfinished or empty translation: {where}")
        elif sorted(_PLACEHOLDER.findall(message.source)) != sorted(
                _PLACEHOLDER.findall(message.translation)):
            problems.append(f"placeholders differ in translation of {where}")
    for key, message in sorted(committed.items()):
        if message.active and key not in in_code:
            problems.append(f"no longer in the code (run update): [{key[0]}] {key[1]!r}")
    return problems


def update() -> None:
    for language in LANGUAGES:
        ts_file = ts_path(language)
        run_lupdate(ts_file)
        run_lrelease(ts_file, ts_file.with_suffix(".qm"))
        unfinished = [m for m in read_ts(ts_file) if m.active and m.state == "unfinished"]
        print(f"{ts_file.relative_to(ROOT)}: {len(unfinished)} unfinished")
        for message in unfinished:
            print(f"  [{message.context}] {message.source}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Update or check the translations.")
    parser.add_argument("command", choices=("update", "check"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
        return 0
    problems = [line for language in LANGUAGES for line in find_problems(language)]
    for line in problems:
        print(line)
    print("translations OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
