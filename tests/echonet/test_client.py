"""EchonetClient against a scriptable fake device on loopback (short timeouts, bounded)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from app.echonet.client import CONTROLLER, EchonetClient, Reading
from app.echonet.codec import EOJ, ESV, Frame, Property, encode_frame
from tests.echonet.fake_device import Behaviour, FakeDevice

T = TypeVar("T")
METER = EOJ(0x02, 0x88, 0x01)  # low-voltage smart meter
BOARD = EOJ(0x02, 0x87, 0x01)
METER_PROPS = {0xE7: (500).to_bytes(4, "big"), 0xE0: (123).to_bytes(4, "big"), 0xE1: b"\x01"}
MANY = {epc: bytes([epc]) for epc in range(0xC0, 0xCA)}  # 10 EPCs on the board


def run(coro: Awaitable[T], limit_s: float = 8.0) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coro, limit_s)

    return asyncio.run(bounded())


async def setup(
    objects: dict[EOJ, dict[int, bytes]] | None = None,
    behaviour: Behaviour | None = None,
    host: str = "127.0.0.1",
    **client_kw: Any,
) -> tuple[FakeDevice, EchonetClient]:
    device = FakeDevice(objects or {METER: dict(METER_PROPS)}, behaviour=behaviour or Behaviour())
    await device.start(host)
    kw: dict[str, Any] = {"timeout_s": 0.2, "retries": 1, "backoff_s": 0.01}
    client = EchonetClient(("127.0.0.1", 0), device_port=device.port, **(kw | client_kw))
    await client.start()
    return device, client


def scenario(body: Callable[[FakeDevice, EchonetClient], Awaitable[None]], **kw: Any) -> None:
    async def main() -> None:
        device, client = await setup(**kw)
        try:
            await body(device, client)
        finally:
            await client.stop()
            device.stop()

    run(main())


# --- discovery ---------------------------------------------------------------------


def test_discovery_by_address_reads_instances_and_property_maps() -> None:
    async def main() -> None:
        one = await FakeDevice({METER: dict(METER_PROPS)}).start("127.0.0.1")
        two = await FakeDevice({BOARD: dict(MANY)}, maker=b"\x00\x00\x77").start(
            "127.0.0.2", one.port
        )
        client = EchonetClient(("127.0.0.1", 0), timeout_s=0.1, retries=0, device_port=one.port)
        await client.start()
        try:
            # 127.0.0.3 has nothing listening: it must just be missing from the result.
            nodes = await client.discover(["127.0.0.1", "127.0.0.2", "127.0.0.3"], False)
        finally:
            await client.stop()
            one.stop()
            two.stop()
        assert [n.address for n in nodes] == ["127.0.0.1", "127.0.0.2"]
        assert nodes[0].instances == (METER,)
        assert nodes[0].get_maps[METER] >= {0xE7, 0xE0, 0xE1, 0x80, 0x9F}
        assert nodes[1].instances == (BOARD,)
        assert nodes[1].get_maps[BOARD] >= set(MANY)
        assert nodes[1].manufacturers == {BOARD: 0x77}

    run(main())


def test_multicast_discovery_collects_answers_for_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Loopback has no multicast routing: "multicast" goes to the fake's unicast address,
    # which still exercises the any-address collector and the bounded window.
    monkeypatch.setattr("app.echonet.client.MULTICAST_GROUP", "127.0.0.1")

    async def body(device: FakeDevice, client: EchonetClient) -> None:
        start = time.monotonic()
        nodes = await client.discover()
        assert 0.1 <= time.monotonic() - start < 1.0
        assert [(n.address, n.instances) for n in nodes] == [("127.0.0.1", (METER,))]
        assert client.stats["stray"] == 0

    scenario(body, discovery_window_s=0.1)


def test_get_without_epcs_uses_discovered_map() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        await client.discover(["127.0.0.1"], multicast=False)
        readings = await client.get("127.0.0.1", METER)
        assert set(readings) >= {0xE7, 0xE0, 0xE1, 0x80, 0x8A}
        assert not {0x9D, 0x9E, 0x9F} & set(readings)  # the maps are not values

    scenario(body)


# --- get, batching, learning ------------------------------------------------------------


def test_get_decodes_known_values_and_fills_cache() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        before = time.monotonic()
        readings = await client.get("127.0.0.1", METER, [0xE7, 0xE1, 0xF9])
        assert readings[0xE7].value == 500  # W, via properties.decode
        assert readings[0xE7].edt == METER_PROPS[0xE7]
        assert readings[0xE7].at >= before
        assert 0xF9 not in readings  # the device has no 0xF9 (SNA)
        assert client.value("127.0.0.1", METER, 0xE7) == readings[0xE7]
        assert client.value("127.0.0.1", METER, 0xE0) is None

    scenario(body)


@pytest.mark.parametrize("sna", [True, False], ids=["get_sna", "short_get_res"])
def test_partial_answers_shrink_the_batch_and_it_is_remembered(sna: bool) -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        readings = await client.get("127.0.0.1", BOARD, list(MANY))
        assert {e: r.edt for e, r in readings.items()} == MANY  # every EPC read in the end
        learned = client.batch_size("127.0.0.1", BOARD)
        assert 1 <= learned <= 4
        assert client.refused_epcs("127.0.0.1", BOARD) == frozenset()
        device.requests.clear()
        again = await client.get("127.0.0.1", BOARD, list(MANY))
        assert set(again) == set(MANY)
        # Learned: no oversized request any more, so no partial answer to retry.
        assert all(len(g) <= learned for g in device.gets())
        assert len(device.gets()) == -(-len(MANY) // learned)

    scenario(body, objects={BOARD: dict(MANY)}, behaviour=Behaviour(max_answer=4, partial_sna=sna))


def test_poisoned_epc_is_isolated_then_skipped() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        readings = await client.get("127.0.0.1", BOARD, list(MANY))
        assert set(readings) == set(MANY) - {0xC3}
        assert client.refused_epcs("127.0.0.1", BOARD) == {0xC3}
        # The timeouts were the poisoned EPC's fault: the batch size stays as it was.
        assert client.batch_size("127.0.0.1", BOARD) == 16
        device.requests.clear()
        again = await client.get("127.0.0.1", BOARD, list(MANY))
        assert set(again) == set(MANY) - {0xC3}
        assert device.gets() == [tuple(e for e in MANY if e != 0xC3)]

    scenario(
        body,
        objects={BOARD: dict(MANY)},
        behaviour=Behaviour(poison=frozenset({0xC3})),
        timeout_s=0.05,
        retries=0,
    )


def test_quirk_table_limits_batch_and_skips_epcs() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        readings = await client.get("127.0.0.1", BOARD, list(MANY))
        assert set(readings) == set(MANY) - {0xC2}
        assert device.gets() and all(len(g) <= 3 and 0xC2 not in g for g in device.gets())

    scenario(
        body,
        objects={BOARD: dict(MANY)},
        quirks={0x0287: {"max_batch": 3, "skip_epcs": {0xC2}}},
    )


def test_maker_quirk_applies_once_the_maker_is_known() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        await client.discover(["127.0.0.1"], multicast=False)  # reads 0x8A
        device.requests.clear()
        await client.get("127.0.0.1", BOARD, list(MANY))
        assert max(len(g) for g in device.gets()) == 2

    scenario(body, objects={BOARD: dict(MANY)}, quirks={("maker", 0x0B): {"max_batch": 2}})


def test_bad_quirk_key_is_rejected() -> None:
    with pytest.raises(ValueError):
        EchonetClient(quirks={("model", 1): {"max_batch": 2}})
    with pytest.raises(ValueError):
        EchonetClient(quirks={0x0287: {"max_batchh": 2}})


# --- timeouts and retries -------------------------------------------------------------


def test_silent_device_retries_with_backoff_then_times_out() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        start = time.monotonic()
        with pytest.raises(TimeoutError):
            await client.get("127.0.0.1", METER, [0xE7, 0xE0])
        elapsed = time.monotonic() - start
        # 3 attempts of the batch, then 3 attempts of the liveness probe (0x80).
        assert device.gets() == [(0xE7, 0xE0)] * 3 + [(0x80,)] * 3
        assert len({f.tid for f in device.requests}) == 6  # a fresh TID per attempt
        assert elapsed >= 6 * 0.05 + 2 * (0.02 + 0.04)  # timeouts + exponential back-off
        # Silence is not a poisoned EPC: nothing learned, nothing refused.
        assert client.refused_epcs("127.0.0.1", METER) == frozenset()
        assert client.batch_size("127.0.0.1", METER) == 16
        assert client.stats["timeouts"] == 6

    scenario(body, behaviour=Behaviour(silent=True), timeout_s=0.05, retries=2, backoff_s=0.02)


def test_dropped_request_is_retried() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        readings = await client.get("127.0.0.1", METER, [0xE7])
        assert readings[0xE7].value == 500
        assert device.gets() == [(0xE7,), (0xE7,)]
        assert client.batch_size("127.0.0.1", METER) == 16

    scenario(body, behaviour=Behaviour(drop_next=1), timeout_s=0.05, retries=2)


def test_late_answer_to_a_timed_out_attempt_is_stray() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        # Every answer comes after the timeout: each attempt's answer arrives late.
        with pytest.raises(TimeoutError):
            await client.get("127.0.0.1", METER, [0xE7])
        await asyncio.sleep(0.15)
        assert client.stats["stray"] >= 1
        assert client.value("127.0.0.1", METER, 0xE7) is None  # never taken as an answer

    scenario(body, behaviour=Behaviour(delay_s=0.08), timeout_s=0.05, retries=0)


# --- one request at a time ------------------------------------------------------------


def test_one_outstanding_request_per_node() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        results = await asyncio.gather(
            *(client.get("127.0.0.1", METER, [epc]) for epc in (0xE7, 0xE0, 0xE1, 0x80)),
            client.set("127.0.0.1", METER, {0xE1: b"\x02"}),
        )
        assert all(results)
        assert len(device.requests) == 6  # 4 gets + SetC + confirming Get
        assert device.overlaps == 0

    scenario(body, behaviour=Behaviour(delay_s=0.03))


def test_fake_detects_overlapping_requests() -> None:
    """The check above can fail: two clients (two locks) do overlap."""

    async def body(device: FakeDevice, client: EchonetClient) -> None:
        other = EchonetClient(("127.0.0.1", 0), timeout_s=0.2, device_port=device.port)
        await other.start()
        try:
            await asyncio.gather(
                client.get("127.0.0.1", METER, [0xE7]), other.get("127.0.0.1", METER, [0xE0])
            )
        finally:
            await other.stop()
        assert device.overlaps == 1

    scenario(body, behaviour=Behaviour(delay_s=0.05))


# --- stray / malformed / liveness --------------------------------------------------------


def test_stray_and_malformed_frames_are_counted_and_ignored() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        to = ("127.0.0.1", client.local_port)
        device.send(to, Frame(999, METER, CONTROLLER, ESV.Get_Res, (Property(0xE7, b"\0" * 4),)))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
            raw.bind(("127.0.0.9", 0))
            raw.sendto(b"\x10\x81\x00", to)
            raw.sendto(b"not echonet at all", to)
        for _ in range(50):
            if client.stats["stray"] + client.stats["malformed"] >= 3:
                break
            await asyncio.sleep(0.01)
        assert client.stats["stray"] == 1
        assert client.stats["malformed"] == 2
        assert client.value("127.0.0.1", METER, 0xE7) is None
        assert client.last_seen("127.0.0.1") is not None  # a valid frame, even stray
        assert client.last_seen("127.0.0.9") is None  # garbage proves nothing
        assert (await client.get("127.0.0.1", METER, [0xE7]))[0xE7].value == 500

    scenario(body)


def test_liveness_from_any_traffic() -> None:
    now = [100.0]

    async def body(device: FakeDevice, client: EchonetClient) -> None:
        assert client.last_seen("127.0.0.1") is None
        assert not client.is_alive("127.0.0.1", 60)
        await client.get("127.0.0.1", METER, [0xE7])
        assert client.last_seen("127.0.0.1") == 100.0
        now[0] = 150.0
        assert client.is_alive("127.0.0.1", 60)
        now[0] = 161.0
        assert not client.is_alive("127.0.0.1", 60)
        device.notify(("127.0.0.1", client.local_port), METER, {0xE7: b"\0\0\0\1"})
        for _ in range(50):
            if client.last_seen("127.0.0.1") == 161.0:
                break
            await asyncio.sleep(0.01)
        assert client.is_alive("127.0.0.1", 60)  # an INF counts as a sign of life

    scenario(body, clock=lambda: now[0])


# --- notifications ---------------------------------------------------------------------


async def _wait_for(pred: Callable[[], bool]) -> None:
    for _ in range(100):
        if pred():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in 1 s")


def test_inf_updates_cache_and_calls_listeners() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        seen: list[tuple[str, EOJ, dict[int, Reading]]] = []
        client.on_notification(lambda a, e, r: seen.append((a, e, r)))
        client.on_notification(lambda a, e, r: 1 / 0)  # a broken listener harms no one
        device.notify(("127.0.0.1", client.local_port), METER, {0xE7: (42).to_bytes(4, "big")})
        await _wait_for(lambda: bool(seen))
        address, eoj, readings = seen[0]
        assert (address, eoj) == ("127.0.0.1", METER)
        assert readings[0xE7].value == 42
        assert client.value("127.0.0.1", METER, 0xE7) == readings[0xE7]
        assert not [f for f in device.received if f.esv == ESV.INFC_Res]  # INF: no answer

    scenario(body)


def test_infc_is_answered_with_infc_res() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        device.notify(
            ("127.0.0.1", client.local_port), METER, {0xE7: b"\0\0\0\7"}, esv=ESV.INFC, tid=77
        )
        await _wait_for(lambda: any(f.esv == ESV.INFC_Res for f in device.received))
        (ack,) = [f for f in device.received if f.esv == ESV.INFC_Res]
        assert ack.tid == 77
        assert ack.deoj == METER
        assert ack.properties == (Property(0xE7),)
        assert client.value("127.0.0.1", METER, 0xE7).value == 7  # type: ignore[union-attr]

    scenario(body)


# --- set with confirmation -----------------------------------------------------------------


def test_set_confirmed_by_read_back() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        result = await client.set("127.0.0.1", METER, {0xE1: b"\x02"})
        assert result and result.reason == "confirmed"
        assert device.objects[METER][0xE1] == b"\x02"
        assert [f.esv for f in device.requests] == [ESV.SetC, ESV.Get]
        assert client.value("127.0.0.1", METER, 0xE1).edt == b"\x02"  # type: ignore[union-attr]

    scenario(body)


def test_set_refused() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        result = await client.set("127.0.0.1", METER, {0xE1: b"\x02", 0xE7: b"\0\0\0\0"})
        assert not result
        assert (result.reason, result.epcs) == ("refused", (0xE7,))
        assert [f.esv for f in device.requests] == [ESV.SetC]  # nothing to confirm

    scenario(body, behaviour=Behaviour(refuse_set=frozenset({0xE7})))


def test_set_accepted_but_not_applied_is_not_confirmed() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        result = await client.set("127.0.0.1", METER, {0xE1: b"\x02"})
        assert not result
        assert (result.reason, result.epcs) == ("not confirmed", (0xE1,))
        assert result.readings[0xE1].edt == b"\x01"  # what the device really holds

    scenario(body, behaviour=Behaviour(ignore_set=frozenset({0xE1})))


def test_set_to_silent_device_times_out() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        result = await client.set("127.0.0.1", METER, {0xE1: b"\x02"})
        assert (bool(result), result.reason) == (False, "timeout")

    scenario(body, behaviour=Behaviour(silent=True), timeout_s=0.05, retries=0)


# --- polling and staleness ---------------------------------------------------------------


def test_poll_fast_and_slow_lanes_then_stop_cancels() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        got: list[dict[int, Reading]] = []
        task = client.poll(
            "127.0.0.1", METER, [0xE7], [0xE0], 0.03, 0.5, on_readings=lambda a, e, r: got.append(r)
        )
        await asyncio.sleep(0.3)
        fast = sum(0xE7 in g for g in device.gets())
        slow = sum(0xE0 in g for g in device.gets())
        assert fast >= 5
        assert slow == 1  # first round only within 0.3 s
        assert got and 0xE7 in got[-1]
        assert device.overlaps == 0
        await client.stop()
        assert task.done()
        count = len(device.requests)
        await asyncio.sleep(0.1)
        assert len(device.requests) == count  # nothing polls after stop()

    scenario(body, behaviour=Behaviour(delay_s=0.005))


def test_poll_survives_a_silent_spell() -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        device.behaviour.silent = True
        client.poll("127.0.0.1", METER, [0xE7], [], 0.02, 10.0)
        await asyncio.sleep(0.15)
        assert client.value("127.0.0.1", METER, 0xE7) is None
        device.behaviour.silent = False
        await _wait_for(lambda: client.value("127.0.0.1", METER, 0xE7) is not None)

    scenario(body, timeout_s=0.03, retries=0)


def test_reading_staleness() -> None:
    reading = Reading(0xE7, b"\0\0\0\1", 1, at=100.0)
    assert not reading.stale(now=110.0, interval_s=5.0)
    assert not reading.stale(now=110.0, interval_s=5.0 + 1e-9)
    assert reading.stale(now=110.1, interval_s=5.0)
    assert reading.stale(now=200.0, interval_s=30.0)


def test_request_before_start_fails_clearly() -> None:
    async def main() -> None:
        client = EchonetClient(("127.0.0.1", 0))
        with pytest.raises(RuntimeError, match="not started"):
            await client.get("127.0.0.1", METER, [0xE7])

    run(main())


def test_raw_frame_to_fake_round_trips() -> None:
    """Sanity of the fake itself: a plain Get is answered with Get_Res."""

    async def body(device: FakeDevice, client: EchonetClient) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
            raw.settimeout(1.0)
            raw.bind(("127.0.0.1", 0))
            frame = Frame(5, CONTROLLER, METER, ESV.Get, (Property(0xE7),))
            raw.sendto(encode_frame(frame), ("127.0.0.1", device.port))
            await _wait_for(lambda: bool(device.requests))
            data = raw.recv(1024)
        assert data[10] == ESV.Get_Res

    scenario(body)


# --- truncated Get property maps ------------------------------------------------------------

BATTERY = EOJ(0x02, 0x7D, 0x01)
# A real-looking battery: 20 properties, so its Get map goes out in the bitmap form.
BATTERY_PROPS = {
    0x81: b"\x60", 0x82: b"\x00\x00\x50\x01", 0x88: b"\x42", 0x9D: b"\x01\x80",
    0x9E: b"\x01\xda", 0xA0: (5600).to_bytes(4, "big"), 0xA5: (1800).to_bytes(4, "big"),
    0xC8: bytes(8), 0xC9: bytes(8), 0xCF: b"\x42", 0xD3: (1000).to_bytes(4, "big"),
    0xDA: b"\x46", 0xDB: b"\x00", 0xE2: (3600).to_bytes(4, "big"), 0xE4: b"\x32",
    0xE5: b"\x62", 0xE6: b"\x04",
}


@pytest.mark.parametrize("drop_batches_with", [frozenset(), frozenset({0xC8})])
def test_mandatory_epcs_left_out_of_the_map_are_probed_and_polled(drop_batches_with) -> None:
    async def body(device: FakeDevice, client: EchonetClient) -> None:
        (node,) = await client.discover(["127.0.0.1"], multicast=False)
        published = {epc for epc in node.get_maps[BATTERY] if epc < 0xC0}
        assert published >= {0x80, 0x81, 0x82, 0x88, 0x8A, 0xA0, 0xA5}
        # Every mandatory EPC >= 0xC0 the device answers is known now (0xC8 too, when
        # a batch holding it is dropped: it answers alone)...
        assert node.get_maps[BATTERY] >= {0xC8, 0xC9, 0xCF, 0xDA, 0xDB, 0xE2, 0xE4, 0xE6}
        assert not {0xD3, 0xE5} & node.get_maps[BATTERY]  # optional: not probed
        assert not {0xA1, 0xE3} & node.get_maps[BATTERY]  # mandatory, but not there
        if drop_batches_with:  # the dropped batch was followed by one Get per EPC
            assert (0xC8,) in device.gets() and (0xC9,) in device.gets()
        # ... and polled by a Get of the map.
        readings = await client.get("127.0.0.1", BATTERY)
        assert readings[0xDA].value == "auto" and readings[0xE4].value == 50

    behaviour = Behaviour(bitmap_drops_high=True, batch_poison=drop_batches_with)
    scenario(body, objects={BATTERY: dict(BATTERY_PROPS)}, behaviour=behaviour)


def test_a_mandatory_epc_the_device_does_not_have_stays_out_of_the_map() -> None:
    props = {k: v for k, v in BATTERY_PROPS.items() if k not in (0xE6, 0xC9)}

    async def body(device: FakeDevice, client: EchonetClient) -> None:
        (node,) = await client.discover(["127.0.0.1"], multicast=False)
        assert {0xCF, 0xDA} <= node.get_maps[BATTERY]
        assert not {0xE6, 0xC9} & node.get_maps[BATTERY]

    scenario(body, objects={BATTERY: props}, behaviour=Behaviour(bitmap_drops_high=True))
