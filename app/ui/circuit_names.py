"""A circuit's name as the household reads it: as named on the board, or in English.

Boards in Japanese homes are labelled in Japanese, and the installer picks names
from `COMMON_CIRCUIT_NAMES`. In English a known name shows its translation; a name
of known words ("寝室 エアコン") is translated word by word; any other name (typed
by the installer) shows as it was written.
"""

from __future__ import annotations

from app.domain.commissioning import COMMON_CIRCUIT_NAMES

_WHOLE = {ja.replace(" ", ""): en for ja, en in COMMON_CIRCUIT_NAMES}
_PLACES = {"リビング": "Living room", "ダイニング": "Dining room", "キッチン": "Kitchen",
           "寝室": "Bedroom", "子供部屋": "Children's room", "書斎": "Study",
           "廊下": "Hallway", "玄関": "Entrance", "屋外": "Outdoor", "1階": "Downstairs",
           "2階": "Upstairs", "和室": "Japanese room", "洗面所": "Washroom"}
_THINGS = {"照明": "lights", "コンセント": "outlets", "エアコン": "air conditioner",
           "トイレ": "toilet", "テレビ": "TV"}
_SINGLE = {"テレビ": "TV", "食洗機": "Dishwasher", "主幹 L1": "Main L1", "主幹 L2": "Main L2",
           "燃料電池 (エネファーム)": "Fuel cell (ENE-FARM)"}


def circuit_name(name: str, language: str) -> str:
    if language == "ja":
        return name
    if name in _SINGLE:
        return _SINGLE[name]
    whole = _WHOLE.get(name.replace(" ", ""))
    if whole is not None:
        return whole
    parts = name.split()
    if len(parts) == 2 and parts[0] in _PLACES and parts[1] in _THINGS:
        return f"{_PLACES[parts[0]]} {_THINGS[parts[1]]}"
    return name
