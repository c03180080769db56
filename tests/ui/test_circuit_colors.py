"""A circuit keeps its colour in the stacked graph whichever circuits are largest."""

from app.ui.pages.circuit_graph_page import PALETTE_SIZE, TOP_CIRCUITS, circuit_color_slots

ORDER = [f"circuit.c{i}" for i in range(32)]


def test_a_circuit_keeps_its_slot_when_its_rank_changes() -> None:
    december = circuit_color_slots(["circuit.c3", "circuit.c7", "circuit.c1"], ORDER)
    august = circuit_color_slots(["circuit.c1", "circuit.c3", "circuit.c20"], ORDER)
    assert december["circuit.c3"] == august["circuit.c3"] == 3
    assert december["circuit.c1"] == august["circuit.c1"] == 1


def test_shown_circuits_never_share_a_colour() -> None:
    # c0, c12 and c24 all prefer slot 0: the larger keeps it, the others take the next free.
    shown = ["circuit.c12", "circuit.c0", "circuit.c24", "circuit.c1", "circuit.c13",
             "circuit.c25", "circuit.c2", "circuit.c14"]
    assert len(shown) == TOP_CIRCUITS + 1  # the most a stack shows on their own
    slots = circuit_color_slots(shown, ORDER)
    assert slots["circuit.c12"] == 0
    assert len(set(slots.values())) == len(shown)
    assert all(0 <= s < PALETTE_SIZE for s in slots.values())


def test_an_unknown_circuit_still_gets_a_free_slot() -> None:
    slots = circuit_color_slots(["circuit.gone", "circuit.c0"], ["circuit.c0"])
    assert slots["circuit.c0"] == 0 and slots["circuit.gone"] == 1
