"""What an ECHONET Lite fault description (EPC 0x89) means, and the makers' own codes.

The super class gives 0x89 as a 2-byte code, 0x0000-0x03E8 standard:
  0x0000            no fault
  0x0001-0x0009     recoverable by the user (power cycle, reset, refit, refill, clean, battery)
  0x000A-0x006D     repair needed, by class: abnormal event / safety device (10-19),
                    switch (20-29), sensor (30-59), component such as a motor or valve
                    (60-89), control board (90-109)
  0x006E-0x03E8     reserved by the standard: shown as an unknown standard code
Anything above 0x03E8 is the maker's: looked up in the maker table
(`resources/fault_codes/makers.json`, format in its README) by the 0x8A maker
code, else shown as unknown *with its raw code*. No input ever raises here:
a strange code from a device is something to show, not a crash.
Texts are ids (`category`) the UI translates; maker entries carry ja/en texts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.resource_files import resource_path

MAKERS_FILE = resource_path("fault_codes", "makers.json")
STANDARD_MAX = 0x03E8


class FaultClass(StrEnum):
    NONE = "none"
    USER = "user_recoverable"  # the household can clear it (the notice says how)
    REPAIR = "repair"  # call the installer / the maker's service
    UNKNOWN = "unknown"  # reserved or unlisted code: shown with its raw value


# (first, last, class, category id)
_STANDARD: tuple[tuple[int, int, FaultClass, str], ...] = (
    (0x0001, 0x0001, FaultClass.USER, "power_cycle"),
    (0x0002, 0x0002, FaultClass.USER, "press_reset"),
    (0x0003, 0x0003, FaultClass.USER, "refit_part"),
    (0x0004, 0x0004, FaultClass.USER, "refill"),  # fuel, water, air...
    (0x0005, 0x0005, FaultClass.USER, "clean"),  # a filter...
    (0x0006, 0x0006, FaultClass.USER, "replace_battery"),
    (0x0007, 0x0009, FaultClass.USER, "user_other"),  # reserved user-recoverable codes
    (0x000A, 0x0013, FaultClass.REPAIR, "safety_device"),
    (0x0014, 0x001D, FaultClass.REPAIR, "switch"),
    (0x001E, 0x003B, FaultClass.REPAIR, "sensor"),
    (0x003C, 0x0059, FaultClass.REPAIR, "component"),
    (0x005A, 0x006D, FaultClass.REPAIR, "control_board"),
)


@dataclass(frozen=True, slots=True)
class FaultMeaning:
    code: int | None  # the raw code, always kept
    fault_class: FaultClass
    category: str  # id the UI translates ("sensor", "maker", "unknown", ...)
    text: dict[str, str] = field(default_factory=dict)  # maker texts by language

    def label(self, language: str = "ja") -> str | None:
        """The maker's text in `language` (falls back to the other one), else None."""
        return self.text.get(language) or next(iter(self.text.values()), None)

    @property
    def raw(self) -> str:
        return "—" if self.code is None else f"0x{self.code:04X}"


class MakerTableError(ValueError):
    """The maker table file is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class MakerTable:
    # (maker code, class code or None for any class, fault code) -> meaning
    entries: dict[tuple[int, int | None, int], FaultMeaning] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def find(self, maker: int, class_code: int | None, code: int) -> FaultMeaning | None:
        return (self.entries.get((maker, class_code, code))
                or self.entries.get((maker, None, code)))


def _hex(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value, 16) if value.lower().startswith("0x") else int(value)
        except ValueError:
            pass
    raise MakerTableError(f"{where}: expected a number like \"0x0401\", got {value!r}")


def parse_maker_table(data: Any) -> MakerTable:
    if not isinstance(data, dict) or not isinstance(data.get("makers"), list):
        raise MakerTableError("the table must be an object with a \"makers\" list")
    entries: dict[tuple[int, int | None, int], FaultMeaning] = {}
    names: dict[int, str] = {}
    for i, maker in enumerate(data["makers"]):
        where = f"makers[{i}]"
        if not isinstance(maker, dict):
            raise MakerTableError(f"{where}: expected an object")
        code = _hex(maker.get("maker"), f"{where}.maker")
        names[code] = str(maker.get("name", ""))
        for j, entry in enumerate(maker.get("codes", [])):
            at = f"{where}.codes[{j}]"
            if not isinstance(entry, dict):
                raise MakerTableError(f"{at}: expected an object")
            fault = _hex(entry.get("code"), f"{at}.code")
            cls = entry.get("class_code")
            class_code = None if cls is None else _hex(cls, f"{at}.class_code")
            try:
                fault_class = FaultClass(entry.get("fault_class", "repair"))
            except ValueError:
                raise MakerTableError(f"{at}.fault_class: one of "
                                      f"{[c.value for c in FaultClass]}") from None
            text = {k: v for k in ("ja", "en") if isinstance(v := entry.get(k), str) and v}
            if not text:
                raise MakerTableError(f"{at}: needs a \"ja\" or \"en\" text")
            entries[(code, class_code, fault)] = FaultMeaning(fault, fault_class, "maker", text)
    return MakerTable(entries, names)


def load_maker_table(path: Path = MAKERS_FILE) -> MakerTable:
    """The maker table; a missing file is an empty table, a malformed one raises."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return MakerTable()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MakerTableError(f"{path}: not JSON ({exc})") from exc
    return parse_maker_table(data)


def describe(code: int | None, maker: int | None = None, class_code: int | None = None,
             table: MakerTable | None = None) -> FaultMeaning:
    """The meaning of a 0x89 code; never raises (unknown codes keep their raw value)."""
    if code is None:
        return FaultMeaning(None, FaultClass.UNKNOWN, "no_description")
    if table is not None and maker is not None:
        # A maker may document its own meaning for a standard code too: theirs is more precise.
        found = table.find(maker, class_code, code)
        if found is not None:
            return found
    if code == 0:
        return FaultMeaning(0, FaultClass.NONE, "none")
    for first, last, fault_class, category in _STANDARD:
        if first <= code <= last:
            return FaultMeaning(code, fault_class, category)
    if 0 < code <= STANDARD_MAX:
        return FaultMeaning(code, FaultClass.UNKNOWN, "reserved")
    return FaultMeaning(code, FaultClass.UNKNOWN, "unknown")
