"""Command-line parsing for the panel and the scripting commands (see app.cli.data_commands).

Bad arguments print a usage message and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.store import Interval

if TYPE_CHECKING:
    from app.echonet.codec import EOJ

DEFAULT_TIMEZONE = "Asia/Tokyo"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir  # a panel's unit names its data dir: not loaded

    return Path(os.environ.get("HEMS_DATA_DIR") or user_data_dir("hems-panel", appauthor=False))


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _local_time(text: str) -> datetime:
    """A local time of the home (YYYY-MM-DDTHH:MM), or one with its offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time (YYYY-MM-DDTHH:MM): {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(DEFAULT_TIMEZONE))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _lamp_output(text: str) -> str:
    from app.services.lamp_output import make_lamp_output  # only when --lamp is given

    try:
        make_lamp_output(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return value


def _ipv4(text: str) -> str:
    try:
        return str(ipaddress.IPv4Address(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an IPv4 address: {text!r}") from None


def _address_list(text: str) -> list[str]:
    return [_ipv4(part) for part in text.split(",") if part.strip()]


# --- echonet diagnostics (app.cli.echonet_commands) ---------------------------------------


def _hex_byte_range(what: str, lo: int, hi: int, text: str) -> int:
    try:
        value = int(text, 16)  # "0xE7" and "E7" alike
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a hex {what}: {text!r}") from None
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{what} out of range {lo:#x}..{hi:#x}: {text!r}")
    return value


def _eoj(text: str) -> EOJ:
    from app.echonet.codec import EOJ  # the echonet commands only, not the panel's start

    return EOJ.from_int(_hex_byte_range("EOJ (like 0x028801)", 0x000000, 0xFFFFFF, text))


def _epc(text: str) -> int:
    return _hex_byte_range("EPC (like 0xE7)", 0x80, 0xFF, text)


def _local_port(text: str) -> int:
    return 0 if text.strip() == "0" else _port(text)


def _add_echonet_parser(sub: argparse._SubParsersAction) -> None:
    echonet = sub.add_parser("echonet", help="look at ECHONET Lite devices (diagnostics)")
    tools = echonet.add_subparsers(dest="echonet_command", required=True, metavar="TOOL")
    link = argparse.ArgumentParser(add_help=False)
    link.add_argument("--port", type=_port, default=3610, help="the devices' port (3610)")
    link.add_argument("--bind", type=_ipv4, default="0.0.0.0", metavar="ADDR",
                      help="local address to use (default: all)")
    link.add_argument("--local-port", type=_local_port, default=3610, metavar="PORT",
                      help="local port (3610, where many devices answer; 0: any free port)")
    link.add_argument("--timeout", type=_positive_float, default=2.0, metavar="SECONDS",
                      help="wait this long for each answer (and for multicast answers)")
    scan = tools.add_parser("scan", parents=[link], help="find nodes and their device objects")
    scan.add_argument("--address", type=_ipv4, action="append", default=[],
                      help="also ask this node directly (repeatable)")
    scan.add_argument("--no-multicast", action="store_true", help="ask only --address nodes")
    get = tools.add_parser("get", parents=[link], help="read properties of one device object")
    get.add_argument("address", type=_ipv4, metavar="ADDRESS")
    get.add_argument("eoj", type=_eoj, metavar="EOJ", help="device object, like 0x028801")
    get.add_argument("epcs", type=_epc, nargs="*", metavar="EPC",
                     help="properties, like 0xE7 (default: the device's whole Get map)")


# --- rate plans (app.cli.plan_commands) -----------------------------------------------------

# (yes flag, no flag, HomeSettings field, what the yes flag means). Whether a
# weather-warning charge is in force is the linkage's own state, read from the data
# directory, never a flag: `run --weather-warning-linkage on|off` switches the setting.
_PLAN_FLAGS = (
    ("--battery", "--no-battery", "battery_supported", "a battery that supports surplus charging"),
    ("--buying-during-surplus", "--no-buying-during-surplus", "buying_during_surplus",
     "power is bought from the grid in the surplus hours"),
    ("--ev-circuit-measured", "--ev-circuit-not-measured", "ev_charger_circuit_measured",
     "the EV charger's circuit is set up and measured"),
    ("--full-feed-in", "--no-full-feed-in", "full_feed_in_pv", "the PV sells all its output"),
    ("--registered", "--not-registered", "registered", "registered with the server"),
    ("--other-controller", "--no-other-controller", "other_controller",
     "another system controls the same devices"),
    ("--ev-solar-charging", "--no-ev-solar-charging", "ev_solar_charging_on",
     "the EV's solar charging setting is on"),
)


def _add_contract(parser: argparse.ArgumentParser) -> None:
    contract = parser.add_mutually_exclusive_group()
    contract.add_argument("--amperes", type=_positive_int, default=None,
                          help="contract current (for a per-ampere basic charge)")
    contract.add_argument("--kva", type=_positive_float, default=None,
                          help="contract capacity (for a per-kVA basic charge)")


def _add_plan_parser(sub: argparse._SubParsersAction) -> None:
    plan = sub.add_parser("plan", help="rate plans (JSON, hems-rate-plan/1): check, use, bill")
    tools = plan.add_subparsers(dest="plan_command", required=True, metavar="TOOL")
    check = tools.add_parser(
        "check", help="validate a plan and say which charging rules it allows",
        description="Print JSON: valid, errors, and for battery_surplus, ev_surplus and "
                    "ai_solar_charge whether available and why not. Home settings come from "
                    "the data directory when stored there, else assume a home that meets "
                    "every condition outside the plan; the flags below override both. "
                    "Without PLAN.json, every plan of the catalog the panel offers. "
                    "Exit 0 valid, 1 invalid, 2 bad arguments or unreadable file.")
    check.add_argument("plan", type=Path, metavar="PLAN.json", nargs="?", default=None)
    check.add_argument("--data-dir", type=Path, default=None, help="where the settings live")
    check.add_argument("--date", type=_iso_date, default=None, metavar="DATE",
                       help="check the prices in force on this day (default: today)")
    use = tools.add_parser("use", help="make a plan the household's (the graphs show yen)")
    use.add_argument("plan", type=Path, metavar="PLAN.json")
    use.add_argument("--data-dir", type=Path, default=None, help="where the database lives")
    _add_contract(use)
    bill = tools.add_parser(
        "bill", help="monthly bills for 30-minute usage, as JSON",
        description="USAGE.csv columns: start (ISO 8601 local), buy_wh, sell_wh.")
    bill.add_argument("plan", type=Path, metavar="PLAN.json")
    bill.add_argument("--usage", type=Path, required=True, metavar="USAGE.csv")
    _add_contract(bill)
    home = check.add_argument_group("home settings (override the stored ones)")
    home.add_argument("--battery-mode", dest="battery_mode", default=None, metavar="MODE",
                      help="environment, custom or another mode (surplus needs the first two)")
    for yes, no, dest, meaning in _PLAN_FLAGS:
        pair = home.add_mutually_exclusive_group()
        pair.add_argument(yes, dest=dest, action="store_true", default=None, help=meaning)
        pair.add_argument(no, dest=dest, action="store_false", default=None,
                          help=f"not: {meaning}")


# --- history from an AiSEG2 (app.cli.import_commands) ---------------------------------------


def _slot_map(text: str) -> tuple[int, str | None]:
    """`3=br12`: the AiSEG2's circuit 3 is the panel's br12; `3=none` leaves it out."""
    slot, sep, key = text.partition("=")
    key = key.strip()
    if not sep or not slot.strip().isdigit() or not key:
        raise argparse.ArgumentTypeError(f"not SLOT=CIRCUIT (like 3=br12 or 3=none): {text!r}")
    return int(slot), None if key.lower() == "none" else key


class _SlotMaps(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        slot, key = values  # type: ignore[misc]
        maps = dict(getattr(namespace, self.dest) or {})  # never the shared default
        maps[slot] = key
        setattr(namespace, self.dest, maps)


def _add_import_parser(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="take history over from another HEMS")
    kinds = imp.add_subparsers(dest="import_source", required=True, metavar="SOURCE")
    aiseg2 = kinds.add_parser(
        "aiseg2", help="an AiSEG2's SD card: 30-minute, daily and monthly history",
        description="Import the history CSV files of an AiSEG2 SD card (the folder, or the "
                    "rireki zip) into the panel's 30-minute, daily and monthly totals. "
                    "Never writes over measured data; importing the same card again changes "
                    "nothing. Exit 0 imported, 1 nothing to import or some lines refused "
                    "(the rest imported), 2 bad arguments.")
    aiseg2.add_argument("folder", type=Path, metavar="DIR")
    aiseg2.add_argument("--dry-run", action="store_true",
                        help="show the circuit matches and the counts; write nothing")
    aiseg2.add_argument("--map", type=_slot_map, action=_SlotMaps, default={},
                        metavar="SLOT=CIRCUIT",
                        help="the AiSEG2's circuit SLOT is the panel's CIRCUIT (like 3=br12; "
                             "3=none leaves it out); confirms a doubtful match (repeatable)")
    aiseg2.add_argument("--data-dir", type=Path, default=None, help="where the database lives")


# The commands, in the order `hems-panel -h` lists them.
COMMANDS = ("run", "simulate", "export", "echonet", "plan", "aiseg2-login", "import")


def _top_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    parser = argparse.ArgumentParser(prog="hems-panel",
                                     description="HEMS Panel: home energy manager.")
    return parser, parser.add_subparsers(dest="command")


def run_parser() -> argparse.ArgumentParser:
    """The parser for `run` (the panel's start): its arguments alone, the other commands
    named without theirs (building all of them costs the start ~2 ms)."""
    parser, sub = _top_parser()
    _add_run_parser(sub)
    for name in COMMANDS[1:]:
        sub.add_parser(name)
    return parser


def _add_run_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="open the panel (the default command)")
    run.add_argument("--kiosk", action="store_true", help="full screen, frameless, no cursor")
    run.add_argument("--data-dir", type=Path, default=None, help="where the database lives")
    run.add_argument("--seed", type=int, default=None, help="seed of the simulated home")
    run.add_argument("--lang", choices=("ja", "en"), default=None, help="language at start")
    run.add_argument("--raw-retention-days", type=_positive_int, default=None, metavar="DAYS",
                     help="keep 1-minute data this long (remembered; default 400); "
                          "30-minute, daily and monthly totals are kept forever")
    run.add_argument("--lamp", type=_lamp_output, default=None, metavar="OUTPUT",
                     help="drive a real notice lamp too: sysfs-led:NAME, gpio:PATH"
                          "[:active-low] or none (remembered setting otherwise)")
    run.add_argument("--weather-warning-linkage", choices=("on", "off"), default=None,
                     help="気象警報連動: on a warning (not an advisory) for the home's area, "
                          "charge the battery (and a V2H car) full until it is lifted "
                          "(remembered; also in Settings)")
    run.add_argument("--server", default=None, metavar="URL",
                     help="the center server to register with (https://...; default: our "
                          "server started on 127.0.0.1, its data under the data directory)")
    src = run.add_argument_group("where readings come from")
    src.add_argument("--source", choices=("demo", "echonet", "aiseg2", "aiseg2-demo"),
                     default="demo",
                     help="demo: the simulated home, served as ECHONET Lite nodes on "
                          "127.0.0.2 and up and read over the protocol (default); "
                          "echonet: the home's real devices; aiseg2: mirror the home's "
                          "AiSEG2 through its web screens (login saved by aiseg2-login); "
                          "aiseg2-demo: the simulated home behind a fake AiSEG2, mirrored")
    src.add_argument("--nodes", type=_address_list, default=[], metavar="ADDR[,ADDR...]",
                     help="device addresses to ask directly (besides multicast discovery)")
    src.add_argument("--no-multicast", action="store_true",
                     help="do not discover by multicast; ask only the --nodes addresses")
    src.add_argument("--interface", type=_ipv4, default="0.0.0.0", metavar="ADDR",
                     help="local address to listen on (default: all)")
    src.add_argument("--port", type=_port, default=3610, help="ECHONET Lite port (3610)")
    dev = run.add_argument_group("developer options")
    dev.add_argument("--speed", type=_positive_float, default=1.0,
                     help="run the simulated home this many times faster than real time")
    dev.add_argument("--quit-after", type=_positive_float, default=None, metavar="SECONDS",
                     help="quit after this many real seconds")
    dev.add_argument("--screenshot", type=Path, default=None, metavar="PNG",
                     help="save a picture of the window when quitting")
    dev.add_argument("--report-first-paint", action="store_true",
                     help="print 'first-paint' when the home page is first painted, then quit")


def build_parser() -> argparse.ArgumentParser:
    parser, sub = _top_parser()
    _add_run_parser(sub)
    sim = sub.add_parser("simulate", help="backfill N days of the simulated home, ending now")
    sim.add_argument("--days", type=_positive_int, required=True)
    sim.add_argument("--seed", type=int, default=None)
    sim.add_argument("--data-dir", type=Path, default=None)
    sim.add_argument("--until", type=_local_time, default=None, metavar="TIME",
                     help="end the backfill at this local time (YYYY-MM-DDTHH:MM) "
                          "instead of now: the same data on every run")

    exp = sub.add_parser("export", help="write energy per interval as CSV to stdout")
    exp.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="DATE")
    exp.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="DATE",
                     help="last day included")
    exp.add_argument("--interval", type=Interval, choices=list(Interval), required=True)
    exp.add_argument("--data-dir", type=Path, default=None)
    _add_echonet_parser(sub)
    _add_plan_parser(sub)
    login = sub.add_parser("aiseg2-login", help="save the AiSEG2's address and login for "
                                                "--source aiseg2 (asks for the password)")
    login.add_argument("host", help="the AiSEG2's address on the home LAN (HOST[:PORT])")
    login.add_argument("user", help="the AiSEG2's login name (usually aiseg)")
    login.add_argument("--data-dir", type=Path, default=None)
    _add_import_parser(sub)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    argv = list(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "run")  # `hems-panel --kiosk` means `hems-panel run --kiosk`
    parser = run_parser() if argv[0] == "run" else build_parser()
    args = parser.parse_args(argv)
    if args.command == "export" and args.end < args.start:
        parser.error("--to must not be before --from")
    if args.command == "run" and args.no_multicast and not args.nodes:
        parser.error("--no-multicast needs --nodes: otherwise no device is asked")
    if args.command == "run" and args.server is not None and not (
            args.server.startswith("https://") or args.server.startswith("http://")):
        parser.error(f"--server needs an http(s) URL: {args.server!r}")
    if args.command == "echonet":
        if args.echonet_command == "scan" and args.no_multicast and not args.address:
            parser.error("--no-multicast needs --address: otherwise no node is asked")
        return args  # no data directory: these tools touch no database
    if args.command == "plan" and args.plan_command == "bill":
        return args  # a plan and a usage file: no database either
    args.data_dir_given = args.data_dir is not None  # a named folder must exist to be read
    args.data_dir = args.data_dir or default_data_dir()
    return args
