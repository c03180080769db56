"""The home as commissioned: circuits with their channels and roles, and the home's facts.

One way in for the installer's page and for the simulated home alike: checked,
saved whole (circuits no longer on the board are removed), their series defined.
Circuits are table rows and the facts a setting, so the backup carries both and a
restore brings them back.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from app.domain.circuits import CircuitSpec
from app.domain.commissioning import HomeFacts, Problem, check_circuits
from app.domain.series import HOME_SERIES, circuit_series

from .store import Store

FACTS_SETTING = "home_facts"
SETUP_STAMP_SETTING = "home_setup_saved"  # new with each save: the collector follows it


class SetupRefused(ValueError):
    """The circuits cannot be saved as given; ``problems`` says why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(f"{p.code} ({p.where})" for p in problems))
        self.problems = tuple(problems)


def save_home_setup(store: Store, circuits: Sequence[CircuitSpec], facts: HomeFacts,
                    channel_count: int | None = None) -> None:
    problems = check_circuits(circuits, channel_count)
    if problems:
        raise SetupRefused(problems)
    store.save_circuits(circuits, replace=True)
    store.define_series((*HOME_SERIES, *(circuit_series(c.key) for c in circuits)))
    store.set_setting(FACTS_SETTING, json.dumps(facts.to_json()))
    store.set_setting(SETUP_STAMP_SETTING, uuid.uuid4().hex)  # the collector follows it
    store.flush()


def home_facts(store: Store) -> HomeFacts:
    text = store.get_setting(FACTS_SETTING)
    if not text:
        return HomeFacts()
    try:
        data = json.loads(text)
    except ValueError:
        return HomeFacts()
    return HomeFacts.from_json(data) if isinstance(data, dict) else HomeFacts()
