"""Discovery for `EchonetClient`: who is there (0xD6), then each object's maker and Get map.

Multicast answers come from any address and are collected by TID for a fixed
window; unicast discovery asks each given address (a node that does not answer
is simply left out).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.echonet.client_batching import MAP_EPCS, DeviceState
from app.echonet.client_transport import CONTROLLER, Transport
from app.echonet.client_types import NodeInfo, Reading
from app.echonet.codec import (
    EOJ,
    ESV,
    NODE_PROFILE,
    Frame,
    FrameError,
    Property,
    decode_instance_list,
    decode_property_map,
)
from app.echonet.properties import mandatory_gets

log = logging.getLogger(__name__)

ReadBack = Callable[[str, EOJ, list[int]], Awaitable[dict[int, Reading]]]


async def discover_nodes(
    net: Transport,
    read_back: ReadBack,
    state_of: Callable[[str, EOJ], DeviceState],
    addresses: list[str] | None,
    multicast_group: str | None,
    window_s: float,
) -> list[NodeInfo]:
    """Find nodes (instance list 0xD6), then read each device object's 0x8A and 0x9F.

    `multicast_group` None: ask only `addresses`.
    """
    found: dict[str, tuple[EOJ, ...]] = {}

    def collect(address: str, frame: Frame) -> None:
        for prop in frame.properties:
            if prop.epc == 0xD6 and prop.edt:
                try:
                    found.setdefault(address, decode_instance_list(prop.edt))
                except FrameError:
                    net.stats["malformed"] += 1

    waits = [_discover_one(net, a, collect) for a in addresses or ()]
    tid = None
    if multicast_group is not None:
        tid = net.next_tid()
        net.collect(tid, collect)
        net.send(multicast_group, Frame(tid, CONTROLLER, NODE_PROFILE, ESV.Get, (Property(0xD6),)))
        waits.append(asyncio.sleep(window_s))
    try:
        await asyncio.gather(*waits)
    finally:
        if tid is not None:
            net.collect(tid, None)
    nodes = []
    for address, instances in sorted(found.items()):
        get_maps: dict[EOJ, frozenset[int]] = {}
        makers: dict[EOJ, int] = {}
        for eoj in instances:
            try:
                readings = await read_back(address, eoj, [0x8A, 0x9F])
            except TimeoutError:
                continue
            state = state_of(address, eoj)
            if 0x9F in readings:
                try:
                    get_map = decode_property_map(readings[0x9F].edt)
                except FrameError:
                    net.stats["malformed"] += 1
                else:
                    get_map |= await probe_unlisted(read_back, address, eoj, get_map)
                    state.get_map = get_maps[eoj] = get_map
            if state.maker is not None:  # the read-back's store() took it from 0x8A
                makers[eoj] = state.maker
        nodes.append(NodeInfo(address, instances, get_maps, makers))
    return nodes


async def _discover_one(
    net: Transport, address: str, collect: Callable[[str, Frame], None]
) -> None:
    try:
        frame = await net.request(address, NODE_PROFILE, ESV.Get, (Property(0xD6),))
    except TimeoutError:
        log.info("discovery: no answer from %s", address)
        return
    collect(address, frame)


async def probe_unlisted(
    read_back: ReadBack, address: str, eoj: EOJ, get_map: frozenset[int]
) -> frozenset[int]:
    """Mandatory EPCs the Get map leaves out but the device answers.

    Some stacks publish a truncated map (one drops every EPC >= 0xC0 from the 17-byte
    bitmap form): the mandatory ones are asked before they are taken as absent. One
    batch first; a dropped batch (one EPC the device dislikes) falls back to one Get
    per EPC. An EPC answered with no data (PDC 0) is absent.
    """
    unlisted = sorted(mandatory_gets(eoj.class_code16) - get_map - MAP_EPCS)
    if not unlisted:
        return frozenset()
    try:
        answered = set(await read_back(address, eoj, unlisted))
    except TimeoutError:
        answered = set()
        for epc in unlisted:
            try:
                answered |= set(await read_back(address, eoj, [epc]))
            except TimeoutError:
                continue  # dropped on its own too: absent
    if answered:
        log.info("%s %s: Get map leaves out %s; polled anyway", address, eoj,
                 ", ".join(f"{e:#04x}" for e in sorted(answered)))
    return frozenset(answered)
