"""EchonetNode over real UDP on 127.0.0.1 (ephemeral ports, every wait bounded)."""

from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import Iterator

import pytest

from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    Property,
    decode_frame,
    decode_instance_list,
    decode_property_map,
    encode_frame,
)
from app.echonet.device_object import DeviceObject
from app.echonet.node import EchonetNode, NodeFaults, NodeThread
from app.echonet.properties import decode, encode_value

CONTROLLER = EOJ(0x05, 0xFF, 0x01)
METER = EOJ(0x02, 0x88, 0x01)
BATTERY = EOJ(0x02, 0x7D, 0x01)
TIMEOUT = 1.0
NO_REPLY_WAIT = 0.3  # how long "no answer" is awaited


def meter() -> DeviceObject:
    power = iter(range(100, 10_000, 100))  # live source: a new value per read
    return DeviceObject(
        METER,
        lambda epc: encode_value(0x0288, 0xE7, next(power)) if epc == 0xE7 else values.get(epc),
        gettable=frozenset({0x80, 0x88, 0xE1, 0xE7}),
    )


values = {0x80: b"\x30", 0x88: b"\x42", 0xE1: encode_value(0x0288, 0xE1, 0.1)}


def battery(accept: bool = True) -> DeviceObject:
    props = {0x80: b"\x30", 0xDA: encode_value(0x027D, 0xDA, "auto"), 0xE4: b"\x32"}
    return DeviceObject(
        BATTERY,
        props,
        settable=frozenset({0xDA}),
        # None -> the mapping stores accepted Sets itself; a callback may refuse.
        on_set=None if accept else (lambda epc, edt: False),
    )


class Client:
    """A blocking UDP controller with a bounded receive."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.tid = 0

    def send(self, addr: tuple[str, int], frame: Frame | bytes) -> None:
        self.sock.sendto(frame if isinstance(frame, bytes) else encode_frame(frame), addr)

    def request(
        self,
        addr: tuple[str, int],
        deoj: EOJ,
        esv: ESV,
        props: list[Property],
        gets: list[Property] | None = None,
    ) -> int:
        self.tid += 1
        self.send(addr, Frame(self.tid, CONTROLLER, deoj, esv, tuple(props), tuple(gets or ())))
        return self.tid

    def recv(self, timeout: float = TIMEOUT) -> Frame | None:
        self.sock.settimeout(timeout)
        try:
            data, _ = self.sock.recvfrom(2048)
        except TimeoutError:
            return None
        return decode_frame(data)

    def get(self, addr: tuple[str, int], deoj: EOJ, *epcs: int) -> Frame | None:
        self.request(addr, deoj, ESV.Get, [Property(e) for e in epcs])
        return self.recv()


@pytest.fixture
def client() -> Iterator[Client]:
    c = Client()
    yield c
    c.sock.close()


@pytest.fixture
def node(client: Client) -> Iterator[EchonetNode]:
    n = EchonetNode("127.0.0.1", 0, [meter(), battery()])
    with NodeThread(n):
        yield n


def test_get_several_epcs(node: EchonetNode, client: Client) -> None:
    reply = client.get(node.address, METER, 0x80, 0xE7, 0xE1)
    assert reply is not None
    assert (reply.esv, reply.seoj, reply.deoj, reply.tid) == (ESV.Get_Res, METER, CONTROLLER, 1)
    by_epc = {p.epc: decode(0x0288, p.epc, p.edt) for p in reply.properties}
    assert by_epc == {0x80: "on", 0xE7: 100, 0xE1: 0.1}
    # live source: the next read sees a new value
    again = client.get(node.address, METER, 0xE7)
    assert again is not None and decode(0x0288, 0xE7, again.properties[0].edt) == 200


def test_property_maps_are_derived(node: EchonetNode, client: Client) -> None:
    reply = client.get(node.address, BATTERY, 0x9D, 0x9E, 0x9F)
    assert reply is not None and reply.esv == ESV.Get_Res
    inf, set_, get = (decode_property_map(p.edt) for p in reply.properties)
    assert inf == {0x80}
    assert set_ == {0xDA}
    assert get == {0x80, 0xDA, 0xE4, 0x9D, 0x9E, 0x9F}


def test_node_profile(node: EchonetNode, client: Client) -> None:
    reply = client.get(node.address, NODE_PROFILE, 0x80, 0x82, 0x83, 0xD3, 0xD6, 0xD7, 0x9F)
    assert reply is not None and reply.esv == ESV.Get_Res and reply.seoj == NODE_PROFILE
    p = {prop.epc: prop.edt for prop in reply.properties}
    assert decode(0x0EF0, 0x80, p[0x80]) == "on"
    assert decode(0x0EF0, 0x82, p[0x82]) == "1.13"
    assert len(p[0x83]) == 17 and p[0x83][0] == 0xFE
    assert decode(0x0EF0, 0xD3, p[0xD3]) == 2
    assert decode_instance_list(p[0xD6]) == (METER, BATTERY)
    assert decode(0x0EF0, 0xD7, p[0xD7]) == (0x0288, 0x027D)
    assert {0xD3, 0xD4, 0xD5, 0xD6, 0xD7} <= decode_property_map(p[0x9F])


def test_get_sna_echoes_unknown_epc_with_pdc_0(node: EchonetNode, client: Client) -> None:
    reply = client.get(node.address, METER, 0x80, 0xF0)
    assert reply is not None and reply.esv == ESV.Get_SNA
    assert reply.properties == (Property(0x80, b"\x30"), Property(0xF0, b""))


def test_setc_accepted_then_visible(node: EchonetNode, client: Client) -> None:
    edt = encode_value(0x027D, 0xDA, "charging")
    client.request(node.address, BATTERY, ESV.SetC, [Property(0xDA, edt)])
    reply = client.recv()
    assert reply is not None and reply.esv == ESV.Set_Res
    assert reply.properties == (Property(0xDA, b""),)
    after = client.get(node.address, BATTERY, 0xDA)
    assert after is not None and decode(0x027D, 0xDA, after.properties[0].edt) == "charging"


def test_setc_refused(client: Client) -> None:
    n = EchonetNode("127.0.0.1", 0, [battery(accept=False)])
    with NodeThread(n):
        # 0xDA settable but refused by the source; 0xE4 not settable at all
        client.request(
            n.address, BATTERY, ESV.SetC, [Property(0xDA, b"\x42"), Property(0xE4, b"\x01")]
        )
        reply = client.recv()
    assert reply is not None and reply.esv == ESV.SetC_SNA
    assert reply.properties == (Property(0xDA, b"\x42"), Property(0xE4, b"\x01"))


def test_seti_silent_on_success_sna_on_failure(node: EchonetNode, client: Client) -> None:
    client.request(node.address, BATTERY, ESV.SetI, [Property(0xDA, b"\x42")])
    assert client.recv(NO_REPLY_WAIT) is None
    client.request(node.address, BATTERY, ESV.SetI, [Property(0xE4, b"\x01")])
    reply = client.recv()
    assert reply is not None and reply.esv == ESV.SetI_SNA


def test_setget(node: EchonetNode, client: Client) -> None:
    client.request(node.address, BATTERY, ESV.SetGet, [Property(0xDA, b"\x43")], [Property(0xDA)])
    reply = client.recv()
    assert reply is not None and reply.esv == ESV.SetGet_Res
    assert reply.properties == (Property(0xDA, b""),)
    assert reply.get_properties == (Property(0xDA, b"\x43"),)
    client.request(node.address, BATTERY, ESV.SetGet, [Property(0xE4, b"\x01")], [Property(0xE4)])
    sna = client.recv()
    assert sna is not None and sna.esv == ESV.SetGet_SNA
    assert sna.get_properties == (Property(0xE4, b"\x32"),)


def test_inf_req_answered_unicast(node: EchonetNode, client: Client) -> None:
    client.request(node.address, METER, ESV.INF_REQ, [Property(0x80)])
    reply = client.recv()
    assert reply is not None and reply.esv == ESV.INF
    assert reply.properties == (Property(0x80, b"\x30"),)


def test_instance_zero_addresses_all_instances(node: EchonetNode, client: Client) -> None:
    reply = client.get(node.address, EOJ(0x02, 0x88, 0x00), 0x80)
    assert reply is not None and reply.seoj == METER


def test_send_inf_reaches_subscriber(client: Client) -> None:
    sub = Client()
    try:
        n = EchonetNode("127.0.0.1", 0, [battery()], subscribers=[sub.sock.getsockname()])
        with NodeThread(n) as thread:
            thread.send_inf(BATTERY, [0x80, 0xE4])
            inf = sub.recv()
    finally:
        sub.sock.close()
    assert inf is not None and inf.esv == ESV.INF and inf.seoj == BATTERY
    assert inf.properties == (Property(0x80, b"\x30"), Property(0xE4, b"\x32"))


def test_unknown_eoj_and_malformed_ignored(node: EchonetNode, client: Client) -> None:
    # an aircon we do not have
    client.request(node.address, EOJ(0x01, 0x30, 0x01), ESV.Get, [Property(0x80)])
    for junk in (b"", b"\x10\x81", b"garbage-bytes", bytes.fromhex("1081000105ff0102880162029f")):
        client.send(node.address, junk)
    assert client.recv(NO_REPLY_WAIT) is None
    reply = client.get(node.address, METER, 0x80)  # still alive
    assert reply is not None and reply.esv == ESV.Get_Res
    assert node.stats.malformed == 4 and node.stats.not_for_us == 1


# --- fault injection ---------------------------------------------------------


def test_drop_fraction_is_seeded_and_statistical(node: EchonetNode, client: Client) -> None:
    node.faults = NodeFaults(drop_fraction=0.5, seed=7)
    for _ in range(200):
        client.request(node.address, METER, ESV.Get, [Property(0x80)])
    answered = 0
    while client.recv(NO_REPLY_WAIT) is not None:
        answered += 1
    assert 70 <= answered <= 130  # 200 x 0.5 +- ~4 sigma
    assert node.stats.dropped == 200 - answered
    # same seed -> same decisions
    rng = random.Random(7)
    assert sum(rng.random() >= 0.5 for _ in range(200)) == answered


def test_delay(node: EchonetNode, client: Client) -> None:
    node.faults = NodeFaults(delay_s=0.4)
    start = time.monotonic()
    reply = client.get(node.address, METER, 0x80)
    assert reply is not None
    assert 0.35 <= time.monotonic() - start < 1.0


def test_silent(node: EchonetNode, client: Client) -> None:
    node.faults = NodeFaults(silent=True)
    assert client.get(node.address, METER, 0x80) is None
    node.faults = NodeFaults()
    assert client.get(node.address, METER, 0x80) is not None


def test_refuse_batch_with_epc(node: EchonetNode, client: Client) -> None:
    node.faults = NodeFaults(refuse_epcs=frozenset({0xE7}))
    client.request(node.address, METER, ESV.Get, [Property(0x80), Property(0xE7)])
    assert client.recv(NO_REPLY_WAIT) is None
    reply = client.get(node.address, METER, 0x80, 0x88)  # a batch without it is answered
    assert reply is not None and len(reply.properties) == 2
    assert node.stats.refused == 1


def test_partial_answer(node: EchonetNode, client: Client) -> None:
    node.faults = NodeFaults(max_properties=2)
    reply = client.get(node.address, METER, 0x80, 0x88, 0xE1)
    assert reply is not None and reply.esv == ESV.Get_Res
    assert [p.epc for p in reply.properties] == [0x80, 0x88]


def test_async_api_and_stop_releases_port(client: Client) -> None:
    async def scenario() -> tuple[Frame | None, int]:
        n = EchonetNode("127.0.0.1", 0, [meter()])
        await n.start()
        loop = asyncio.get_running_loop()
        reply = await loop.run_in_executor(None, client.get, n.address, METER, 0x80)
        await n.stop()
        return reply, n.port

    reply, port = asyncio.run(asyncio.wait_for(scenario(), 5))
    assert reply is not None and reply.esv == ESV.Get_Res
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", port))  # freed by stop()


def test_duplicate_or_node_profile_eoj_rejected() -> None:
    with pytest.raises(ValueError):
        EchonetNode("127.0.0.1", 0, [battery(), battery()])
    with pytest.raises(ValueError):
        EchonetNode("127.0.0.1", 0, [DeviceObject(NODE_PROFILE, {})])


def test_a_failing_value_or_set_handler_still_gets_an_answer() -> None:
    """A broken getter answers that EPC with PDC 0; a failing Set handler is a refusal."""
    from app.echonet.device_object import respond

    def source(epc: int) -> bytes:
        if epc == 0xB3:
            raise TypeError("broken getter")
        return b"\x30"

    def on_set(epc: int, edt: bytes) -> bool:
        raise TypeError("broken handler")

    aircon = DeviceObject(EOJ(0x01, 0x30, 0x01), source, settable=frozenset({0xB3}),
                          on_set=on_set, gettable=frozenset({0x80, 0xB3}))
    get = Frame(1, CONTROLLER, aircon.eoj, ESV.Get, (Property(0x80), Property(0xB3)))
    (reply,) = respond([aircon], get)
    assert reply.esv == ESV.Get_SNA
    assert reply.properties == (Property(0x80, b"\x30"), Property(0xB3, b""))
    setc = Frame(2, CONTROLLER, aircon.eoj, ESV.SetC, (Property(0xB3, b"\x19"),))
    (refused,) = respond([aircon], setc)
    assert refused.esv == ESV.SetC_SNA and refused.properties == (Property(0xB3, b"\x19"),)
