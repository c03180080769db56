"""Matching another HEMS's circuit names to the commissioned circuits."""

from __future__ import annotations

from app.domain.circuit_matching import key_of_slot, match_circuits, normalise
from app.domain.circuits import CircuitKind, CircuitSpec
from app.domain.imported_history import MatchConfidence, SourceCircuit

B = CircuitKind.BRANCH


def _match(sources: list[tuple[int, str]], circuits: list[CircuitSpec]):
    found = match_circuits([SourceCircuit(n, name) for n, name in sources], circuits)
    return [(m.source.number, m.circuit_key, m.confidence) for m in found]


def test_names_are_compared_across_widths_spaces_and_common_words() -> None:
    assert normalise("ｴｱｺﾝ 寝室") == normalise("エアコン　寝室") == normalise("エアコン・寝室")
    assert normalise("ＩＨクッキングヒーター") == normalise("IH")
    assert normalise("洋室１") == normalise("洋室1")
    assert normalise("台所コンセント") == normalise("キッチンコンセント")


def test_slot_numbers_are_special_then_branch() -> None:
    assert key_of_slot(3) == "sp3" and key_of_slot(9) == "br1" and key_of_slot(20) == "br12"


def test_each_confidence() -> None:
    circuits = [CircuitSpec(B, 1, "キッチン"), CircuitSpec(B, 2, "寝室エアコン"),
                CircuitSpec(B, 3, "リビング"), CircuitSpec(B, 4, "洗濯機"),
                CircuitSpec(B, 5, "玄関ホール照明")]
    got = _match([(9, "ｷｯﾁﾝ"),  # br1, same name: exact
                  (10, "エアコン 寝室"),  # br2, same words in another order: probable
                  (20, "リビング"),  # br12 would be its number: same name elsewhere, probable
                  (30, "玄関"),  # contained in 玄関ホール照明, other number: doubtful
                  (31, "未使用")],  # nothing alike
                 circuits)
    assert got == [(9, "br1", MatchConfidence.EXACT), (10, "br2", MatchConfidence.PROBABLE),
                   (20, "br3", MatchConfidence.PROBABLE), (30, "br5", MatchConfidence.DOUBTFUL),
                   (31, None, MatchConfidence.NONE)]


def test_a_circuit_is_given_once_and_duplicates_go_by_number() -> None:
    circuits = [CircuitSpec(B, 7, "電子レンジ"), CircuitSpec(B, 8, "電子レンジ")]
    got = _match([(15, "電子レンジ"), (16, "電子レンジ"), (17, "電子レンジ")], circuits)
    assert got == [(15, "br7", MatchConfidence.EXACT), (16, "br8", MatchConfidence.EXACT),
                   (17, None, MatchConfidence.NONE)]


def test_mains_and_unmeasured_circuits_are_not_offered() -> None:
    circuits = [CircuitSpec(CircuitKind.MAIN, 1, "主幹L1"),
                CircuitSpec(B, 1, "冷蔵庫", measured=False)]
    assert _match([(9, "冷蔵庫"), (1, "主幹L1")], circuits) == [
        (9, None, MatchConfidence.NONE), (1, None, MatchConfidence.NONE)]
