"""ECHONET Lite client on loopback against the simulated home's nodes, with pychonet 2.8.2
measured in the same run.

* poll sweep: every channel power of the 40-channel board (one 0xB7 list) plus the
  key values of the 8 other devices, nodes in parallel, one request at a time per node;
* 5 concurrent callers reading the PV's cumulative generation (0xE1) while the home's
  clock moves on at every node-side read: shares of stale and of shared answers;
* 10 % request loss on the nodes (seeded): sweeps complete within 3 retries, and
  the added median sweep time;
* decode throughput of `decode_frame` on a realistic mix (pychonet's decoder as baseline).

The nodes listen on 127.0.0.2..:3610 because pychonet only sends to 3610; pychonet binds
127.0.0.1:3610, our client an ephemeral port.
"""

from __future__ import annotations

import asyncio
import errno
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.echonet.client import CONTROLLER, EchonetClient
from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    Property,
    decode_frame,
    encode_frame,
    encode_instance_list,
)
from app.echonet.node import ECHONET_PORT, NodeFaults
from app.sources.simulated_nodes import (
    AIRCON,
    BATTERY,
    BOARD,
    FUEL_CELL,
    GAS_METER,
    PV,
    SMART_METER,
    V2H,
    WATER_METER,
    SimulatedNodes,
)
from app.sources.simulator import HomeConfig, SimulatedHome
from tests.bench.results import Result
from tests.echonet.pychonet_client import (
    Target,
    host_of,
    port_unavailable,
    pychonet_api,
    pychonet_discover,
    pychonet_update,
    targets,
)
from tests.fake_clock import FakeClock

MORNING = 1_783_987_200.0  # 2026-07-14 09:00 JST: PV generates for the whole run
CONFIG = HomeConfig(seed=7, branch_count=35)  # a 40-channel board
CHANNELS = 40
SWEEP_EPCS: dict[EOJ, tuple[int, ...]] = {
    BOARD: (0xB7,),
    GAS_METER: (0xE0,),
    WATER_METER: (0xE0, 0xE1),
    SMART_METER: (0xE7,),
    PV: (0xE0,),
    BATTERY: (0xD3, 0xE4),
    FUEL_CELL: (0xC4,),
    V2H: (0xD3,),
    AIRCON: (0x84,),
}
COUNTER_EPC = 0xE1  # PV cumulative generation, kWh (1 Wh steps)
STEP_S = 60.0  # simulated time per node-side read while the callers run
SWEEPS = 30  # each client, interleaved
LOSS_SWEEPS = 40
LOSS_SEED = 20240611
CALLERS = 5
OUR_READS_PER_CALLER = 40
# pychonet answers on 0.1 s ticks: fewer reads keep the bench short.
PYCHONET_READS_PER_CALLER = 6
PYCHONET_SHORT_WAIT_TICKS = 3  # a caller that will not wait more than 0.3 s
DECODE_SECONDS = 0.5
CLIENT_KW: dict[str, Any] = {"timeout_s": 0.2, "retries": 3, "backoff_s": 0.01}

Sweep = Callable[[], Awaitable[bool]]


class SteppingClock(FakeClock):
    """Frozen while ``step_s`` is 0; otherwise every reading moves it on by ``step_s``, so
    each node-side read evaluates the model anew and the meters grow in between."""

    step_s = 0.0

    def now(self) -> float:
        self.t += self.step_s
        return self.t


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _by_host(targets: list[Target]) -> dict[str, list[Target]]:
    out: dict[str, list[Target]] = {}
    for t in targets:
        out.setdefault(t.host, []).append(t)
    return out


def our_sweep(client: EchonetClient, targets: list[Target]) -> Sweep:
    groups = _by_host(targets)

    async def node(ts: list[Target]) -> bool:
        ok = True
        for t in ts:
            try:
                readings = await client.get(t.host, t.eoj, t.epcs)
            except TimeoutError:
                readings = {}
            ok = ok and set(readings) == set(t.epcs)
        return ok

    async def sweep() -> bool:
        return all(await asyncio.gather(*(node(ts) for ts in groups.values())))

    return sweep


def pychonet_sweep(api: Any, targets: list[Target]) -> Sweep:
    import pychonet

    groups = _by_host(targets)
    instances = {
        (t.host, t.eoj): pychonet.Factory(
            t.host, api, t.eoj.class_group, t.eoj.class_code, t.eoj.instance
        )
        for t in targets
    }

    async def node(ts: list[Target]) -> bool:
        ok = True
        for t in ts:
            try:
                values = await pychonet_update(instances[(t.host, t.eoj)], t.epcs)
            except TimeoutError:
                values = {}
            ok = ok and all(values.get(e) is not None for e in t.epcs)
        return ok

    async def sweep() -> bool:
        return all(await asyncio.gather(*(node(ts) for ts in groups.values())))

    return sweep


async def _timed(sweep: Sweep) -> tuple[float, bool]:
    t0 = time.perf_counter()
    ok = await sweep()
    return time.perf_counter() - t0, ok


@dataclass(frozen=True)
class Freshness:
    """Answers of the concurrent callers, by kind (shares in %)."""

    stale: float  # missing, or not newer than the meter when the request started
    shared: float  # fresh, but the same value as another caller's answer
    reads_per_s: float


async def _freshness(
    nodes: SimulatedNodes, read: Callable[[], Awaitable[int | None]], reads_per_caller: int
) -> Freshness:
    """With the clock stepping, every node-side read of the PV's 0xE1 integrates another
    `STEP_S` of generation, so the meter (in Wh) grows with every read. An answer is
    fresh iff it is above the meter as it stood when the request started: it was read
    from the device after the caller asked. Anything else (a cached value, or none) is
    stale. A value handed to two callers means one of them got no read of its own:
    counted apart as "shared" (harmless if both requests were in flight when it was read).
    """

    def meter_wh() -> int:  # the node's last reading; a float read is atomic under the GIL
        return round(nodes.state.kwh["pv"] * 1000)

    answers: list[tuple[int, int | None]] = []

    async def caller() -> None:
        for _ in range(reads_per_caller):
            before = meter_wh()
            answers.append((before, await read()))

    t0 = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(CALLERS)))
    elapsed = time.perf_counter() - t0
    seen: set[int] = set()
    stale = shared = 0
    for before, value in answers:
        if value is None or value <= before:
            stale += 1
        elif value in seen:
            shared += 1
        if value is not None:
            seen.add(value)
    n = len(answers)
    return Freshness(100 * stale / n, 100 * shared / n, n / elapsed)


def _decode_mix() -> list[bytes]:
    """Frames as a panel sees them: poll requests, answers (board list is 162 bytes),
    notifications, discovery, a set."""
    board_list = bytes((1, 40)) + b"".join((i * 37).to_bytes(4, "big") for i in range(40))
    meter = (
        Property(0xE7, b"\x00\x00\x01\xf4"),
        Property(0xE0, b"\x00\x01\x86\xa0"),
        Property(0xE1, b"\x01"),
        Property(0xD3, b"\x00\x00\x00\x01"),
    )
    frames = [
        Frame(1, CONTROLLER, SMART_METER, ESV.Get, tuple(Property(p.epc) for p in meter)),
        Frame(1, SMART_METER, CONTROLLER, ESV.Get_Res, meter),
        Frame(2, CONTROLLER, BOARD, ESV.Get, (Property(0xB1), Property(0xB7), Property(0xC6))),
        Frame(
            2,
            BOARD,
            CONTROLLER,
            ESV.Get_Res,
            (
                Property(0xB1, b"\x28"),
                Property(0xB7, board_list),
                Property(0xC6, b"\x00\x00\x0b\xb8"),
            ),
        ),
        Frame(
            3,
            BATTERY,
            CONTROLLER,
            ESV.Get_Res,
            (
                Property(0xD3, b"\xff\xff\xfb\x50"),
                Property(0xE4, b"\x37"),
                Property(0xDA, b"\x46"),
                Property(0xCF, b"\x43"),
            ),
        ),
        Frame(4, SMART_METER, NODE_PROFILE, ESV.INF, (Property(0x80, b"\x30"),)),
        Frame(
            5,
            NODE_PROFILE,
            CONTROLLER,
            ESV.Get_Res,
            (Property(0xD6, encode_instance_list([BOARD, SMART_METER, BATTERY, PV])),),
        ),
        Frame(6, CONTROLLER, BATTERY, ESV.SetC, (Property(0xDA, b"\x42"),)),
        Frame(6, BATTERY, CONTROLLER, ESV.Set_Res, (Property(0xDA),)),
    ]
    return [encode_frame(f) for f in frames]


def _throughput(decode: Callable[[bytes], Any], frames: list[bytes]) -> float:
    count, t0 = 0, time.perf_counter()
    deadline = t0 + DECODE_SECONDS
    while time.perf_counter() < deadline:
        for data in frames:
            decode(data)
        count += len(frames)
    return count / (time.perf_counter() - t0)


async def _sweeps(client: EchonetClient, api: Any, wanted: list[Target]) -> list[Result]:
    ours, theirs = our_sweep(client, wanted), pychonet_sweep(api, wanted)
    await ours()  # warm-up: first batches, caches
    await theirs()
    times: dict[str, list[float]] = {"ours": [], "pychonet": []}
    complete = {"ours": 0, "pychonet": 0}
    for _ in range(SWEEPS):  # interleaved: machine noise hits both alike
        for name, sweep in (("ours", ours), ("pychonet", theirs)):
            elapsed, ok = await _timed(sweep)
            times[name].append(elapsed * 1000)
            complete[name] += ok
    print(f"   sweeps complete: {complete} of {SWEEPS}", file=sys.stderr)
    med = {k: statistics.median(v) for k, v in times.items()}
    p95 = {k: _p95(v) for k, v in times.items()}
    return [
        Result.compared("echonet_sweep_median", med["ours"], "ms", "ratio <= 0.5", med["pychonet"]),
        Result.compared("echonet_sweep_p95", p95["ours"], "ms", "ratio <= 0.5", p95["pychonet"]),
    ]


async def _concurrent(
    nodes: SimulatedNodes, clock: SteppingClock, client: EchonetClient, api: Any
) -> list[Result]:
    import pychonet

    host = host_of(nodes, PV)

    async def our_read() -> int | None:
        try:
            reading = (await client.get(host, PV, [COUNTER_EPC])).get(COUNTER_EPC)
        except TimeoutError:
            return None
        return None if reading is None else round(reading.value * 1000)  # kWh -> Wh

    pv = pychonet.Factory(host, api, PV.class_group, PV.class_code, PV.instance)

    async def pychonet_read() -> int | None:
        try:
            value = await pv.update(COUNTER_EPC)  # the raw count: Wh
        except TimeoutError:
            return None
        return None if value is None else int(value)

    clock.step_s = STEP_S
    try:
        fresh = {
            "ours": await _freshness(nodes, our_read, OUR_READS_PER_CALLER),
            "pychonet": await _freshness(nodes, pychonet_read, PYCHONET_READS_PER_CALLER),
        }
        # A caller that cannot wait 20 s: pychonet then answers from its cache.
        api.configure(message_timeout=PYCHONET_SHORT_WAIT_TICKS)
        fresh["pyc_0.3s"] = await _freshness(nodes, pychonet_read, PYCHONET_READS_PER_CALLER)
    finally:
        clock.step_s = 0.0
    # Every read must have found the sun up, or a fresh answer could equal the last one.
    print(f"   PV at the end: {nodes.state.values['pv']:.0f} W", file=sys.stderr)
    results = []
    for name, f in fresh.items():
        print(f"   concurrent {name}: {f}", file=sys.stderr)
        target = "== 0" if name == "ours" else "report only"
        results += [
            Result(f"echonet_concurrent_stale_{name}", f.stale, "%", target),
            Result(f"echonet_concurrent_shared_{name}", f.shared, "%", "report only"),
        ]
    results.append(
        Result.compared(
            "echonet_concurrent_reads",
            fresh["ours"].reads_per_s,
            "reads/s",
            "report only",
            fresh["pychonet"].reads_per_s,
        )
    )
    return results


async def _loss(nodes: SimulatedNodes, wanted: list[Target], clean_median: float) -> list[Result]:
    """A fresh client, so nothing learned before helps or hurts."""
    lossy = EchonetClient(("127.0.0.1", 0), device_port=ECHONET_PORT, **CLIENT_KW)
    await lossy.start()
    try:
        nodes.set_faults(NodeFaults(drop_fraction=0.1, seed=LOSS_SEED))  # a seed per node
        sweep = our_sweep(lossy, wanted)
        times, complete = [], 0
        for _ in range(LOSS_SWEEPS):
            elapsed, ok = await _timed(sweep)
            times.append(elapsed * 1000)
            complete += ok
    finally:
        nodes.set_faults(NodeFaults())
        await lossy.stop()
    dropped = sum(n.stats.dropped for n in nodes.nodes)
    print(
        f"   loss: {dropped} requests dropped, {lossy.stats['timeouts']} timeouts",
        file=sys.stderr,
    )
    return [
        Result("echonet_loss10_sweeps_complete", 100 * complete / LOSS_SWEEPS, "%", ">= 100"),
        Result.compared(
            "echonet_loss10_added_median",
            statistics.median(times) - clean_median,
            "ms",
            "report only",
            clean_median,
        ),
    ]


async def _bench(nodes: SimulatedNodes, clock: SteppingClock) -> list[Result]:
    from pychonet.lib.functions import decodeEchonetMsg  # test-only dependency

    wanted = targets(nodes, SWEEP_EPCS)
    client = EchonetClient(("127.0.0.1", 0), device_port=ECHONET_PORT, **CLIENT_KW)
    await client.start()
    try:
        with pychonet_api(asyncio.get_running_loop()) as api:
            await asyncio.gather(
                client.discover(nodes.addresses, multicast=False),
                pychonet_discover(api, nodes.addresses),
            )
            board = await client.get(host_of(nodes, BOARD), BOARD, [0xB7])
            assert len(board[0xB7].value.values) == CHANNELS, board
            results = await _sweeps(client, api, wanted)
            results += await _concurrent(nodes, clock, client, api)
    finally:
        await client.stop()
    results += await _loss(nodes, wanted, results[0].value)  # [0]: our median sweep

    frames = _decode_mix()
    results.append(
        Result.compared(
            "echonet_decode_throughput",
            _throughput(decode_frame, frames),
            "frames/s",
            "report only",
            _throughput(decodeEchonetMsg, frames),
        )
    )
    return results


def run(workdir: Path) -> list[Result]:
    clock = SteppingClock(MORNING)
    nodes = SimulatedNodes(SimulatedHome(CONFIG), clock, port=ECHONET_PORT)
    reason = port_unavailable([*nodes.addresses, "127.0.0.1"], ECHONET_PORT)
    if reason:
        print(f"   echonet bench skipped: {reason}", file=sys.stderr)
        return []
    try:
        with nodes:
            return asyncio.run(asyncio.wait_for(_bench(nodes, clock), 120))
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            raise
        # Lost a race for port 3610 to another process after the probe above.
        print(f"   echonet bench skipped: {exc}", file=sys.stderr)
        return []
