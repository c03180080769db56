"""ECHONET Lite client on loopback, against pychonet 2.8.2 measured in the same run.

* poll sweep: every channel power of the 40-channel board (one 0xB7 list) plus the
  key values of the 8 other devices, nodes in parallel, one request at a time per node;
* 5 concurrent callers reading a node-side read counter: share of stale answers;
* 10 % request loss on the nodes (seeded): sweeps complete within 3 retries, and
  the added median sweep time;
* decode throughput of `decode_frame` on a realistic mix (pychonet's decoder as baseline).

The loopback home listens on 127.0.0.2..:3610 because pychonet only sends to 3610;
pychonet binds 127.0.0.1:3610, our client an ephemeral port.
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
from app.echonet.node import NodeFaults
from tests.bench.results import Result
from tests.echonet.loopback_home import (
    BATTERY,
    BOARD,
    COUNTER_EPC,
    ECHONET_PORT,
    METER,
    LoopbackHome,
    Target,
    port_unavailable,
    pychonet_api,
    pychonet_discover,
    pychonet_update,
)

SWEEPS = 30  # each client, interleaved
LOSS_SWEEPS = 40
CALLERS = 5
OUR_READS_PER_CALLER = 40
# pychonet answers on 0.1 s ticks: fewer reads keep the bench short.
PYCHONET_READS_PER_CALLER = 6
PYCHONET_SHORT_WAIT_TICKS = 3  # a caller that will not wait more than 0.3 s
DECODE_SECONDS = 0.5
CLIENT_KW: dict[str, Any] = {"timeout_s": 0.2, "retries": 3, "backoff_s": 0.01}

Sweep = Callable[[], Awaitable[bool]]


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

    stale: float  # missing, or not newer than the counter when the request started
    shared: float  # fresh, but the same value as another caller's answer
    reads_per_s: float


async def _freshness(
    home: LoopbackHome, read: Callable[[], Awaitable[int | None]], reads_per_caller: int
) -> Freshness:
    """The node's counter advances on every node-side read of the meter's 0xE0, so an
    answer is fresh iff its value is above the counter as it stood when the request
    started: it was read from the device after the caller asked. Anything else (a
    cached value, or none) is stale. Every node-side read yields a new value, so a
    value handed to two callers means one of them got no read of its own: counted
    apart as "shared" (harmless if both requests were in flight when it was read).
    """
    counter = home.counter
    assert counter is not None, "LoopbackHome(count_reads=True) needed"
    answers: list[tuple[int, int | None]] = []

    async def caller() -> None:
        for _ in range(reads_per_caller):
            before = counter.value
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
        Frame(1, CONTROLLER, METER, ESV.Get, tuple(Property(p.epc) for p in meter)),
        Frame(1, METER, CONTROLLER, ESV.Get_Res, meter),
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
        Frame(4, METER, NODE_PROFILE, ESV.INF, (Property(0x80, b"\x30"),)),
        Frame(
            5,
            NODE_PROFILE,
            CONTROLLER,
            ESV.Get_Res,
            (Property(0xD6, encode_instance_list([BOARD, METER, BATTERY, EOJ(2, 0x79, 1)])),),
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


async def _bench(home: LoopbackHome) -> list[Result]:
    import pychonet  # test-only dependency: imported here, not at module import
    from pychonet.lib.functions import decodeEchonetMsg

    loop = asyncio.get_running_loop()
    targets = home.targets
    meter_host = home.host_of(METER)
    client = EchonetClient(("127.0.0.1", 0), device_port=ECHONET_PORT, **CLIENT_KW)
    await client.start()
    results: list[Result] = []
    try:
        with pychonet_api(loop) as api:
            await asyncio.gather(
                client.discover(home.hosts, multicast=False), pychonet_discover(api, home.hosts)
            )
            ours, theirs = our_sweep(client, targets), pychonet_sweep(api, targets)
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
            results += [
                Result.compared(
                    "echonet_sweep_median", med["ours"], "ms", "ratio <= 0.5", med["pychonet"]
                ),
                Result.compared(
                    "echonet_sweep_p95", p95["ours"], "ms", "ratio <= 0.5", p95["pychonet"]
                ),
            ]

            # --- 5 concurrent callers on one counter ---------------------------------
            async def our_read() -> int | None:
                try:
                    reading = (await client.get(meter_host, METER, [COUNTER_EPC])).get(COUNTER_EPC)
                except TimeoutError:
                    return None
                return None if reading is None else int(reading.value)

            meter = pychonet.Factory(
                meter_host, api, METER.class_group, METER.class_code, METER.instance
            )

            async def pychonet_read() -> int | None:
                try:
                    value = await meter.update(COUNTER_EPC)
                except TimeoutError:
                    return None
                return None if value is None else int(value)

            fresh = {
                "ours": await _freshness(home, our_read, OUR_READS_PER_CALLER),
                "pychonet": await _freshness(home, pychonet_read, PYCHONET_READS_PER_CALLER),
            }
            # A caller that cannot wait 20 s: pychonet then answers from its cache.
            api.configure(message_timeout=PYCHONET_SHORT_WAIT_TICKS)
            fresh["pyc_0.3s"] = await _freshness(home, pychonet_read, PYCHONET_READS_PER_CALLER)
            for name, f in fresh.items():
                print(f"   concurrent {name}: {f}", file=sys.stderr)
            results += [
                Result("echonet_concurrent_stale_ours", fresh["ours"].stale, "%", "== 0"),
                Result("echonet_concurrent_shared_ours", fresh["ours"].shared, "%", "report only"),
                Result(
                    "echonet_concurrent_stale_pychonet", fresh["pychonet"].stale, "%", "report only"
                ),
                Result(
                    "echonet_concurrent_stale_pyc_0.3s", fresh["pyc_0.3s"].stale, "%", "report only"
                ),
                Result(
                    "echonet_concurrent_shared_pyc_0.3s",
                    fresh["pyc_0.3s"].shared,
                    "%",
                    "report only",
                ),
                Result.compared(
                    "echonet_concurrent_reads",
                    fresh["ours"].reads_per_s,
                    "reads/s",
                    "report only",
                    fresh["pychonet"].reads_per_s,
                ),
            ]

        # --- 10 % loss: a fresh client, so nothing learned above helps or hurts ------
        lossy = EchonetClient(("127.0.0.1", 0), device_port=ECHONET_PORT, **CLIENT_KW)
        await lossy.start()
        try:
            home.set_faults(NodeFaults(drop_fraction=0.1, seed=20240611))
            sweep = our_sweep(lossy, targets)
            lossy_times, lossy_ok = [], 0
            for _ in range(LOSS_SWEEPS):
                elapsed, ok = await _timed(sweep)
                lossy_times.append(elapsed * 1000)
                lossy_ok += ok
        finally:
            home.set_faults(NodeFaults())
            await lossy.stop()
        dropped = sum(n.stats.dropped for n in home.nodes)
        print(
            f"   loss: {dropped} requests dropped, {lossy.stats['timeouts']} timeouts",
            file=sys.stderr,
        )
        results += [
            Result("echonet_loss10_sweeps_complete", 100 * lossy_ok / LOSS_SWEEPS, "%", ">= 100"),
            Result.compared(
                "echonet_loss10_added_median",
                statistics.median(lossy_times) - med["ours"],
                "ms",
                "report only",
                med["ours"],
            ),
        ]
    finally:
        await client.stop()

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
    home = LoopbackHome(ECHONET_PORT, count_reads=True)
    reason = port_unavailable([*home.hosts, "127.0.0.1"], ECHONET_PORT)
    if reason:
        print(f"   echonet bench skipped: {reason}", file=sys.stderr)
        return []
    try:
        with home:
            return asyncio.run(asyncio.wait_for(_bench(home), 120))
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            raise
        # Lost a race for port 3610 to another process after the probe above.
        print(f"   echonet bench skipped: {exc}", file=sys.stderr)
        return []
