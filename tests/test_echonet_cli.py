"""`hems-panel echonet scan|get`, in-process against nodes on 127.0.0.x ephemeral ports."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from app.echonet.codec import EOJ
from app.echonet.device_object import DeviceObject
from app.echonet.node import EchonetNode, NodeThread
from app.echonet.properties import encode_value
from app.main import main

METER = EOJ(0x02, 0x88, 0x01)
BOARD = EOJ(0x02, 0x87, 0x01)
MYSTERY = EOJ(0x02, 0x99, 0x01)  # a class we have no name for


def devices() -> list[DeviceObject]:
    meter = {0x80: b"\x30", 0x8A: b"\x00\x00\x0b", 0xE1: b"\x01",
             0xE7: encode_value(0x0288, 0xE7, 500), 0xF5: b"\x12\x34"}  # fmt: skip
    board = {0x80: b"\x30", 0x8A: b"\x00\x00\x77", 0xB1: b"\x48",
             0xC6: encode_value(0x0287, 0xC6, -20)}  # fmt: skip
    return [DeviceObject(METER, meter), DeviceObject(BOARD, board),
            DeviceObject(MYSTERY, {0x80: b"\x31"})]  # fmt: skip


@pytest.fixture
def node() -> Iterator[EchonetNode]:
    n = EchonetNode("127.0.0.1", 0, devices())
    with NodeThread(n):
        yield n


def link(port: int, timeout: float = 0.3) -> list[str]:
    return ["--port", str(port), "--bind", "127.0.0.1", "--local-port", "0",
            "--timeout", str(timeout)]  # fmt: skip


class JunkDevice:
    """A broken device: answers the first datagram it gets with bytes that are not a frame."""

    def __init__(self, host: str, port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.sock.settimeout(0.02)
        self.answered = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="junk-device")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                _, addr = self.sock.recvfrom(2048)
            except TimeoutError:
                continue
            if not self.answered:
                self.sock.sendto(b"\x10\x81\x00", addr)  # truncated header
                self.answered += 1

    def __enter__(self) -> JunkDevice:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def test_scan_lists_objects_and_counts_a_rejected_frame(node: EchonetNode, capsys) -> None:
    with JunkDevice("127.0.0.2", node.port) as junk:
        code = main(["echonet", "scan", "--no-multicast", "--address", "127.0.0.1",
                     "--address", "127.0.0.2", *link(node.port, 0.2)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert junk.answered == 1
    assert "node 127.0.0.1: 3 device object(s)" in out
    lines = out.splitlines()
    meter = next(line for line in lines if "0x028801" in line)
    assert "low-voltage smart electric energy meter" in meter
    assert "maker 0x00000B" in meter and "Get map 8 properties" in meter  # 5 + 0x9D-0x9F
    board = next(line for line in lines if "0x028701" in line)
    assert "power distribution board metering" in board and "maker 0x000077" in board
    assert any("0x029901" in line and "unknown class" in line for line in lines)
    assert "127.0.0.2" not in out.replace("counters", "")  # the junk is no node
    assert lines[-1].startswith("counters: sent ")
    assert "rejected (malformed) 1," in lines[-1]


def test_scan_with_nobody_there_exits_1(node: EchonetNode, capsys) -> None:
    code = main(["echonet", "scan", "--no-multicast", "--address", "127.0.0.3",
                 *link(node.port, 0.05)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "no ECHONET Lite node answered" in captured.err and "127.0.0.3" in captured.err
    assert "timeouts 2" in captured.out  # one try and one retry
    assert "Traceback" not in captured.err


def test_get_whole_map_decodes_values_with_units(node: EchonetNode, capsys) -> None:
    assert main(["echonet", "get", "127.0.0.1", "0x028801", *link(node.port)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "127.0.0.1 0x028801 low-voltage smart electric energy meter"
    by_epc = {line.split()[0]: line.split()[1:] for line in lines[1:-1]}
    assert by_epc["0xE7"] == ["instantaneous_power_w", "500", "W"]
    assert by_epc["0xE1"] == ["cumulative_unit_kwh", "0.1", "kWh"]
    assert by_epc["0x80"] == ["operation_status", "on"]
    assert by_epc["0x8A"] == ["manufacturer_code", "0x00000B"]
    assert by_epc["0xF5"] == ["unknown", "raw", "0x1234"]
    assert set(by_epc) == {"0x80", "0x8A", "0x9D", "0x9E", "0x9F", "0xE1", "0xE7", "0xF5"}
    assert lines[-1].startswith("counters: ") and "rejected (malformed) 0" in lines[-1]


def test_get_named_epcs_in_hex_any_case(node: EchonetNode, capsys) -> None:
    argv = ["echonet", "get", "127.0.0.1", "028701", "0xc6", "B1", "0xB7", *link(node.port)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:4] == [
        "0xC6  instantaneous_power_w            -20 W",
        "0xB1  channel_count                    72",
        "0xB7  power_list_w                     (not answered)",
    ]


def test_get_from_an_unknown_address_times_out_with_exit_1(node: EchonetNode, capsys) -> None:
    code = main(["echonet", "get", "127.0.0.3", "0x028801", "0xE7", *link(node.port, 0.05)])
    captured = capsys.readouterr()
    assert code == 1
    assert "no answer from 127.0.0.3 0x028801" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out.startswith("counters: sent ")


def test_local_port_in_use_is_a_clear_message(node: EchonetNode, capsys) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        argv = ["echonet", "get", "127.0.0.1", "0x028801", *link(node.port)]
        argv[-3] = str(port)  # --local-port
        code = main(argv)
    err = capsys.readouterr().err
    assert code == 1 and "cannot listen on 127.0.0.1:" in err and "--local-port 0" in err


@pytest.mark.parametrize("argv", [
    ["echonet"],
    ["echonet", "get", "127.0.0.1", "0xZZ"],
    ["echonet", "get", "127.0.0.1", "0x1000000"],
    ["echonet", "get", "127.0.0.1", "0x028801", "0x7F"],
    ["echonet", "get", "127.0.0.1", "0x028801", "E7", "--timeout", "0"],
    ["echonet", "get", "my-meter", "0x028801"],
    ["echonet", "get", "127.0.0.1"],
    ["echonet", "scan", "--no-multicast"],
    ["echonet", "scan", "--port", "70000"],
])  # fmt: skip
def test_bad_arguments_exit_2_with_usage(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "usage:" in err and "Traceback" not in err
