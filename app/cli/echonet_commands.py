"""`hems-panel echonet scan|get`: look at the ECHONET Lite devices on the LAN.

For an installer or a bug report: which nodes answer, what objects they hold,
what a property reads now, and the client's counters (timeouts, stray and
rejected frames) that tell a quiet device from a broken one. No database, no Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from app.echonet import properties
from app.echonet.client import EchonetClient, NodeInfo, Reading
from app.echonet.client_transport import MULTICAST_GROUP
from app.echonet.codec import EOJ, FrameError, decode_property_map

# Class names for the listing (group + class code); not every class we meet has a table.
CLASS_NAMES: dict[int, str] = {
    0x0130: "home air conditioner",
    0x026B: "electric water heater",
    0x0272: "instantaneous water heater",
    0x0279: "residential solar power generation",
    0x027B: "floor heater",
    0x027C: "fuel cell",
    0x027D: "storage battery",
    0x027E: "EV charger/discharger",
    0x0280: "electric energy meter",
    0x0281: "water flow meter",
    0x0282: "gas meter",
    0x0287: "power distribution board metering",
    0x0288: "low-voltage smart electric energy meter",
    0x028A: "high-voltage smart electric energy meter",
    0x0290: "general lighting",
    0x02A1: "EV charger",
    0x05FF: "controller",
    0x0EF0: "node profile",
}
# Unit from the property name's suffix (the tables name values like "instantaneous_power_w").
_UNIT_SUFFIXES = (("_kwh", "kWh"), ("_wh", "Wh"), ("_w", "W"), ("_a", "A"),
                  ("_percent", "%"), ("_raw", "count"))  # fmt: skip
_MAPS = frozenset({0x9D, 0x9E, 0x9F})


def class_name(eoj: EOJ) -> str:
    return CLASS_NAMES.get(eoj.class_code16, "unknown class")


def eoj_text(eoj: EOJ) -> str:
    return f"0x{eoj.to_int():06X}"


def cmd_echonet(args: argparse.Namespace, out: TextIO | None = None) -> int:
    tool = _scan if args.echonet_command == "scan" else _get
    return asyncio.run(_with_client(args, out or sys.stdout, tool))


async def _with_client(
    args: argparse.Namespace,
    out: TextIO,
    tool: Callable[[argparse.Namespace, EchonetClient, TextIO], Awaitable[int]],
) -> int:
    client = EchonetClient(
        (args.bind, args.local_port),
        timeout_s=args.timeout,
        retries=1,  # one lost datagram is normal on Wi-Fi; more only makes a scan slow
        backoff_s=0.1,
        device_port=args.port,
        discovery_window_s=args.timeout,
    )
    try:
        await client.start()
    except OSError as exc:  # e.g. the panel already listens on 3610
        print(f"hems-panel: cannot listen on {args.bind}:{args.local_port}: {exc.strerror or exc}"
              " (is the panel running? try --local-port 0)", file=sys.stderr)  # fmt: skip
        return 1
    try:
        return await tool(args, client, out)
    finally:
        await client.stop()
        print(counters(client), file=out)


def counters(client: EchonetClient) -> str:
    stats = client.stats
    return (f"counters: sent {stats['sent']}, timeouts {stats['timeouts']}, "
            f"stray {stats['stray']}, rejected (malformed) {stats['malformed']}, "
            f"ignored {stats['ignored']}, notifications {stats['notifications']}")  # fmt: skip


# --- scan -------------------------------------------------------------------------------


async def _scan(args: argparse.Namespace, client: EchonetClient, out: TextIO) -> int:
    nodes = await client.discover(list(args.address), multicast=not args.no_multicast)
    for node in nodes:
        print(f"node {node.address}: {len(node.instances)} device object(s)", file=out)
        for eoj in node.instances:
            print("  " + _object_line(node, eoj), file=out)
    if not nodes:
        asked = ([] if args.no_multicast else [f"multicast {MULTICAST_GROUP}"]) + args.address
        print(f"hems-panel: no ECHONET Lite node answered within {args.timeout:g} s "
              f"(asked: {', '.join(asked)}; port {args.port})", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _object_line(node: NodeInfo, eoj: EOJ) -> str:
    maker = node.manufacturers.get(eoj)
    get_map = node.get_maps.get(eoj)
    parts = [f"{eoj_text(eoj)}  {class_name(eoj):<40}",
             "maker ?" if maker is None else f"maker 0x{maker:06X}",
             "Get map ?" if get_map is None else f"Get map {len(get_map)} properties"]  # fmt: skip
    return "  ".join(parts)


# --- get --------------------------------------------------------------------------------


async def _get(args: argparse.Namespace, client: EchonetClient, out: TextIO) -> int:
    target = f"{args.address} {eoj_text(args.eoj)}"
    try:
        epcs: list[int] = list(args.epcs) or await _get_map(client, args.address, args.eoj)
        readings = await client.get(args.address, args.eoj, epcs)
    except TimeoutError:
        print(f"hems-panel: no answer from {target} within {args.timeout:g} s "
              f"(port {args.port})", file=sys.stderr)  # fmt: skip
        return 1
    except LookupError as exc:
        print(f"hems-panel: {target}: {exc}", file=sys.stderr)
        return 1
    print(f"{target} {class_name(args.eoj)}", file=out)
    for epc in epcs:
        print(property_line(args.eoj, epc, readings.get(epc)), file=out)
    return 0


async def _get_map(client: EchonetClient, address: str, eoj: EOJ) -> list[int]:
    reading = (await client.get(address, eoj, [0x9F])).get(0x9F)
    if reading is None:
        raise LookupError("no Get property map (0x9F); name the EPCs to read")
    try:
        return sorted(decode_property_map(reading.edt))
    except FrameError as exc:
        raise LookupError(f"unreadable Get property map: {exc}") from None


def property_line(eoj: EOJ, epc: int, reading: Reading | None) -> str:
    """`EPC name value unit`; unknown properties show their raw bytes."""
    try:
        name = properties.property_name(eoj.class_code16, epc)
    except properties.UnknownProperty:
        name = "unknown"
    unit = next((u for suffix, u in _UNIT_SUFFIXES if name.endswith(suffix)), "")
    if reading is None:
        text, unit = "(not answered)", ""
    elif name == "unknown":
        text = f"raw 0x{reading.edt.hex().upper()}" if reading.edt else "raw (empty)"
    else:
        try:
            text = _format(epc, properties.decode(eoj.class_code16, epc, reading.edt))
        except ValueError as exc:  # FrameError: a length or code the table cannot read
            text, unit = f"undecodable raw 0x{reading.edt.hex().upper()} ({exc})", ""
    return f"0x{epc:02X}  {name:<32} {text} {unit}".rstrip()


def _format(epc: int, value: Any) -> str:
    if value is None:
        return "no data"
    if epc == 0x8A and isinstance(value, int):
        return f"0x{value:06X}"
    if epc in _MAPS and isinstance(value, frozenset):
        return " ".join(f"0x{e:02X}" for e in sorted(value)) or "(empty)"
    return str(value)
