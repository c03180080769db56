"""Which commissioned circuit is each circuit another HEMS named: by name and by number.

Names are compared after normalising what installers type differently: full and half
width (ｴｱｺﾝ, ＬＤ, 洋室１), spaces and middle dots, and a few common words for the same
room or appliance (台所/キッチン, IHクッキングヒーター/IH). The AiSEG2's circuit slots come
8 special (特1–8) first, then the branches, so slot n is `sp{n}` for n ≤ 8 and `br{n-8}`
after: that is the "same number". Each commissioned circuit is given to one source circuit
at most, the likeliest pairs first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from app.domain.circuits import MAX_SPECIAL, CircuitKind, CircuitSpec
from app.domain.imported_history import CircuitMatch, MatchConfidence, SourceCircuit

# Words installers write for the same thing -> one spelling (after NFKC and lower case).
_SYNONYMS = (
    ("ihクッキングヒーター", "ih"), ("ih調理器", "ih"), ("ihヒーター", "ih"),
    ("台所", "キッチン"), ("クーラー", "エアコン"), ("空調", "エアコン"),
    ("居間", "リビング"), ("ldk", "リビング"), ("ld", "リビング"),
    ("便所", "トイレ"), ("wc", "トイレ"), ("お風呂", "浴室"), ("風呂", "浴室"),
    ("給湯器", "エコキュート"), ("給湯", "エコキュート"), ("ev", "電気自動車"),
    ("専用コンセント", "コンセント"), ("専用", ""), ("回路", ""),
)
_DROP = re.compile(r"[\s・･、,.\-_()（）\[\]「」/／]+")
_SIMILAR = 0.75  # SequenceMatcher ratio for "a similar name"
_WEAK = 0.5  # below this, nothing alike


def normalise(name: str) -> str:
    """The form names are compared in: NFKC (widths), lower case, no spaces or dots, synonyms."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", name).lower())
    for word, canonical in _SYNONYMS:
        text = text.replace(word, canonical)
    return text


def key_of_slot(slot: int) -> str:
    """The circuit key an AiSEG2 slot number stands for (see the module doc)."""
    return f"sp{slot}" if slot <= MAX_SPECIAL else f"br{slot - MAX_SPECIAL}"


def likeness(a: str, b: str) -> float:
    """0..1: 1 for the same normalised name; containment ("IH" in "IHキッチン") and the same
    characters in another order (寝室エアコン, エアコン寝室) count as similar."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = SequenceMatcher(None, a, b).ratio()
    common = sum((Counter(a) & Counter(b)).values())  # the same words in another order
    ratio = max(ratio, 0.9 * 2 * common / (len(a) + len(b)))
    if a in b or b in a:
        ratio = max(ratio, _SIMILAR)
    return ratio


def _confidence(same_name: bool, same_number: bool, score: float) -> MatchConfidence:
    if same_name:
        return MatchConfidence.EXACT if same_number else MatchConfidence.PROBABLE
    if same_number and score >= _SIMILAR:
        return MatchConfidence.PROBABLE
    if score >= _SIMILAR or (same_number and score >= _WEAK):
        return MatchConfidence.DOUBTFUL
    return MatchConfidence.NONE


_RANK = {MatchConfidence.EXACT: 3, MatchConfidence.PROBABLE: 2, MatchConfidence.DOUBTFUL: 1}


def match_circuits(sources: Sequence[SourceCircuit], commissioned: Sequence[CircuitSpec]
                   ) -> list[CircuitMatch]:
    """One match per source circuit, in the order given."""
    targets = [c for c in commissioned if c.kind is not CircuitKind.MAIN and c.measured]
    names = {c.key: normalise(c.name) for c in targets}
    pairs: list[tuple[int, float, int, str, MatchConfidence]] = []
    for i, src in enumerate(sources):
        own = normalise(src.name)
        for c in targets:
            score = likeness(own, names[c.key])
            same_number = key_of_slot(src.number) == c.key
            conf = _confidence(score == 1.0, same_number, score)
            if conf is not MatchConfidence.NONE:
                pairs.append((_RANK[conf], score + (0.01 if same_number else 0.0), i, c.key, conf))
    pairs.sort(key=lambda p: (-p[0], -p[1], p[2]))
    chosen: dict[int, CircuitMatch] = {}
    taken: set[str] = set()
    for _, _, i, key, conf in pairs:
        if i not in chosen and key not in taken:
            chosen[i] = CircuitMatch(sources[i], key, conf)
            taken.add(key)
    return [chosen.get(i, CircuitMatch(src, None, MatchConfidence.NONE))
            for i, src in enumerate(sources)]
