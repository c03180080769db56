"""A small scriptable ECHONET Lite device on 127.0.0.x for the client tests.

Deliberately independent of app.echonet.node: built only on the codec, so the
client tests do not move with the node implementation.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    Property,
    decode_frame,
    encode_frame,
    encode_instance_list,
    encode_property_map,
)


@dataclass
class Behaviour:
    """Misbehaviour, changeable at any time."""

    silent: bool = False  # answer nothing
    drop_next: int = 0  # drop this many requests, then answer again
    delay_s: float = 0.0  # answer this late (the device is "busy" meanwhile)
    max_answer: int | None = None  # Get: answer only the first K EPCs...
    partial_sna: bool = True  # ...as Get_SNA with PDC 0 (True) or as a short Get_Res (False)
    poison: frozenset[int] = frozenset()  # a Get holding one of these: no answer at all
    batch_poison: frozenset[int] = frozenset()  # ... unless it is asked alone
    refuse_set: frozenset[int] = frozenset()  # SetC of these: SetC_SNA
    ignore_set: frozenset[int] = frozenset()  # SetC of these: Set_Res, value unchanged
    # A Get map of 16+ EPCs (bitmap form) that leaves out every EPC >= 0xC0, as one
    # widely used stack publishes it; the device still answers those EPCs.
    bitmap_drops_high: bool = False


@dataclass
class FakeDevice(asyncio.DatagramProtocol):
    objects: dict[EOJ, dict[int, bytes]]
    maker: bytes = b"\x00\x00\x0b"
    behaviour: Behaviour = field(default_factory=Behaviour)
    requests: list[Frame] = field(default_factory=list)
    received: list[Frame] = field(default_factory=list)  # everything, INFC_Res included
    overlaps: int = 0  # requests received while an earlier one was still unanswered
    _busy: int = 0
    _transport: asyncio.DatagramTransport | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeDevice:
        loop = asyncio.get_running_loop()
        self._transport, _ = await loop.create_datagram_endpoint(
            lambda: self, local_addr=(host, port)
        )
        return self

    def stop(self) -> None:
        if self._transport is not None:
            self._transport.close()

    @property
    def port(self) -> int:
        assert self._transport is not None
        return int(self._transport.get_extra_info("sockname")[1])

    def gets(self) -> list[tuple[int, ...]]:
        """EPC lists of the Get requests received, in order."""
        return [tuple(p.epc for p in f.properties) for f in self.requests if f.esv == ESV.Get]

    def _props(self, eoj: EOJ) -> dict[int, bytes]:
        if eoj == NODE_PROFILE:
            return {0x8A: self.maker, 0xD6: encode_instance_list(self.objects)}
        props = {0x80: b"\x30", 0x8A: self.maker, **self.objects[eoj]}
        published = {*props, 0x9F}
        if self.behaviour.bitmap_drops_high and len(published) >= 16:
            published = {epc for epc in published if epc < 0xC0}
        return {**props, 0x9F: encode_property_map(published)}

    def send(self, to: tuple[str, int], frame: Frame) -> None:
        assert self._transport is not None
        self._transport.sendto(encode_frame(frame), to)

    def notify(self, to: tuple[str, int], eoj: EOJ, values: Mapping[int, bytes], *,
               esv: ESV = ESV.INF, tid: int = 0x4242) -> None:  # fmt: skip
        props = tuple(Property(e, v) for e, v in values.items())
        self.send(to, Frame(tid, eoj, EOJ(0x05, 0xFF, 0x01), esv, props))

    # --- protocol -------------------------------------------------------------

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        frame = decode_frame(data)
        self.received.append(frame)
        if frame.esv not in (ESV.Get, ESV.SetC):
            return
        if self._busy:
            self.overlaps += 1
        self.requests.append(frame)
        reply = self._reply(frame)
        if self.behaviour.drop_next > 0:
            self.behaviour.drop_next -= 1
            return
        if reply is None or self.behaviour.silent:
            return
        if self.behaviour.delay_s:
            self._busy += 1
            asyncio.get_running_loop().call_later(self.behaviour.delay_s, self._late, addr, reply)
        else:
            self.send(addr, reply)

    def _late(self, addr: tuple[str, int], reply: Frame) -> None:
        self._busy -= 1
        if self._transport is not None and not self._transport.is_closing():
            self.send(addr, reply)

    def _reply(self, req: Frame) -> Frame | None:
        if req.deoj != NODE_PROFILE and req.deoj not in self.objects:
            return None
        props = self._props(req.deoj)
        b = self.behaviour

        def frame(esv: ESV, out: list[Property]) -> Frame:
            return Frame(req.tid, req.deoj, req.seoj, esv, tuple(out))

        if req.esv == ESV.Get:
            if any(p.epc in b.poison for p in req.properties):
                return None
            if len(req.properties) > 1 and any(p.epc in b.batch_poison for p in req.properties):
                return None
            asked = list(req.properties)
            if b.max_answer is not None and len(asked) > b.max_answer and not b.partial_sna:
                asked = asked[: b.max_answer]
            out = [Property(p.epc, props.get(p.epc, b"")) for p in asked]
            if b.max_answer is not None and b.partial_sna:
                out = [p if i < b.max_answer else Property(p.epc) for i, p in enumerate(out)]
            ok = all(p.edt for p in out)
            return frame(ESV.Get_Res if ok else ESV.Get_SNA, out)
        # SetC: refused ones echo their EDT in SetC_SNA, accepted ones have PDC 0.
        out, ok = [], True
        for p in req.properties:
            if p.epc in b.refuse_set or p.epc not in props:
                out.append(p)
                ok = False
                continue
            if p.epc not in b.ignore_set:
                self.objects[req.deoj][p.epc] = p.edt
            out.append(Property(p.epc))
        return frame(ESV.Set_Res if ok else ESV.SetC_SNA, out)
