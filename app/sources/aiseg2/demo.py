"""`--source aiseg2-demo`: the demo home behind a fake AiSEG2 on 127.0.0.1, read by the
mirror as a real AiSEG2 would be (the takeover of an AiSEG2 home, end to end)."""

from __future__ import annotations

from collections.abc import Callable

from app.domain.aiseg2_status import MirrorStatus
from app.domain.devices import DeviceSeen
from app.domain.imported_history import SourceCircuit
from app.sources.aiseg2.fake import FakeAiseg2
from app.sources.aiseg2.login import Aiseg2Login
from app.sources.aiseg2.mirror import Aiseg2Mirror, MirrorSettings
from app.sources.aiseg2.source import start_mirror
from app.sources.clock import Clock
from app.store import Store


class MirroredDemo:
    """The mirror as the collector's source; closing stops the fake AiSEG2 too."""

    def __init__(self, fake: FakeAiseg2, mirror: Aiseg2Mirror) -> None:
        self.fake = fake
        self.mirror = mirror

    def read(self, now: float) -> dict[str, float]:
        return self.mirror.read(now)

    def exact_minutes(self, start_minute: int, count: int) -> None:
        return None

    def devices(self) -> list[DeviceSeen]:
        return []

    def states(self) -> dict[str, tuple[float, str]]:
        return {}

    def mirror_status(self) -> MirrorStatus:
        return self.mirror.mirror_status()

    def circuits(self) -> list[SourceCircuit]:
        return self.mirror.circuits()

    def close(self) -> None:
        try:
            self.mirror.close()
        finally:
            self.fake.stop()


def start_mirrored_demo(store: Store, seed: int, clock: Clock,
                        settings: MirrorSettings | None = None,
                        open_store: Callable[[], Store] | None = None) -> MirroredDemo:
    from app.sources.demo_home import build_demo_home
    from app.sources.simulator import SimulatedHome

    history = build_demo_home(store, seed)  # commissioned as the demo always is
    fake = FakeAiseg2(SimulatedHome(history.config), clock).start()
    try:
        mirror = start_mirror(store, Aiseg2Login(fake.host, fake.user, fake.password),
                              settings, open_store=open_store, clock=clock)
    except BaseException:
        fake.stop()
        raise
    return MirroredDemo(fake, mirror)
