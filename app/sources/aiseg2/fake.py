"""A fake AiSEG2 on 127.0.0.1: the screens the mirror reads, with Digest auth and faults.

Its numbers come from the simulated home (app/sources/simulator) at its clock's time,
so a test can check what the mirror reports against the model; ``overrides`` pins a
series to a value (a change the test makes at the fake). The pages are built in the
shapes of `pages` (which come from public descriptions, not from a device).

Faults: ``password`` (the client's is then wrong), ``error_pages`` (HTTP 500 with an
HTML error page), ``wrong_shape`` (status 200 with an error page, as while restarting),
``delay_s`` (seconds per page through an injectable ``sleep``: a test passes its
clock's advance and never sleeps), ``down`` (the connection is dropped unanswered).
The server is threaded with a bound on the requests it serves at once, and stoppable.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from app.domain import series
from app.domain.circuits import CircuitKind
from app.sources.aiseg2 import pages
from app.sources.clock import Clock

if TYPE_CHECKING:
    from app.sources.simulator import SimulatedHome

REALM = "AiSEG2"
MAX_AT_ONCE = 4  # requests served at the same time; more get a 503
ERROR_HTML = ("<html><head><title>エラー</title></head><body><p>AiSEG の状態が更新されました。"
              "</p></body></html>")
_PAGE = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
         'lang="ja"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />'
         "<title>{title}</title></head><body><div class=\"contents\">{body}</div>"
         "{script}</body></html>")


def aiseg2_number(kind: CircuitKind, number: int) -> int:
    """The AiSEG2's numbering: special circuits 特1..特8 are 0..7, branches 分1.. from 8."""
    return number - 1 if kind is CircuitKind.SPECIAL else 7 + number


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # Digest (RFC 2617) is MD5


class FakeAiseg2:
    def __init__(self, home: SimulatedHome, clock: Clock, user: str = "aiseg",
                 password: str = "secret", history_days: int = 400,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.home, self.clock = home, clock
        self.user, self.password = user, password
        self.history_days = history_days
        self.sleep = sleep
        self.overrides: dict[str, float] = {}
        self.error_pages = self.wrong_shape = self.down = False
        self.delay_s = 0.0
        self.requests = 0  # every HTTP request, the 401 challenges included
        self.pages_served: list[str] = []  # paths answered with a page
        self._nonces: set[str] = set()
        self._day_totals: dict[date, dict[str, float]] = {}  # Wh by series key
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_AT_ONCE)
        measured = [c for c in home.circuits if c.measured and c.kind is not CircuitKind.MAIN]
        # AiSEG2 number -> (name, series key of the model)
        self.circuits = {aiseg2_number(c.kind, c.number): (c.name, c.series_key)
                         for c in measured}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # Not daemon threads: stop() joins each connection's thread, so none outlives it.
        self._server.daemon_threads = False
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeAiseg2:
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, name="fake-aiseg2",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def expire_nonces(self) -> None:
        """Forget every nonce given (as after a while, or a restart): the next request's
        Digest answer is refused with a new challenge."""
        with self._lock:
            self._nonces.clear()

    # --- what the screens show --------------------------------------------------------

    def readings(self) -> dict[str, float]:
        values = self.home.instant(self.clock.now())
        values.update(self.overrides)
        return values

    def flow_json(self) -> str:
        v = self.readings()
        generation = v[series.PV] + v[series.FUEL_CELL]
        net = v[series.GRID_BUY] - v[series.GRID_SELL]
        direction = 2 if abs(net) < 1 else (0 if net > 0 else 1)
        data = {"g_capacity": f"{generation / 1000:.1f}", "u_capacity":
                f"{v[series.CONSUMPTION] / 1000:.1f}", "lo_buy_sell": direction,
                "connSb": 1 if self.home.config.battery_capacity_wh > 0 else 0, "measReg": 1,
                "g_d_1_title": "太陽光発電", "g_d_1_capacity": round(v[series.PV]),
                "g_d_2_title": "燃料電池" if v[series.FUEL_CELL] else "",
                "g_d_2_capacity": round(v[series.FUEL_CELL]) if v[series.FUEL_CELL] else "-"}
        return json.dumps(data, ensure_ascii=False)

    def circuit_power_html(self, page_id: int) -> str:
        v = self.readings()
        ranked = sorted(((round(v.get(key, 0.0)), name) for name, key in
                         self.circuits.values()), key=lambda row: -row[0])
        last = max(1, math.ceil(len(ranked) / pages.CIRCUITS_PER_PAGE))
        shown = ranked[(min(page_id, last) - 1) * pages.CIRCUITS_PER_PAGE:][
            :pages.CIRCUITS_PER_PAGE]
        stages = "".join(
            f'<div id="stage_{i}" class="column"><div class="c_bar"></div>'
            f'<div class="c_value">{f" {w}W" if w else ""}</div>'
            f'<div class="c_device">{_wrap(name)}</div></div>'
            for i, (w, name) in enumerate(shown, 1))
        return _PAGE.format(title="回路ごとで使っている電気",
                            body=f'<div id="m_capacity">{stages}</div>', script="")

    def circuit_names_html(self) -> str:
        entries = [{"strLabel": "主幹", "strId": "-", "strCircuit": "主幹L1", "strBtnType": "-"}]
        for number in range(0, 8 + 40):
            name = self.circuits.get(number, ("", ""))[0]
            label = f"特{number + 1}" if number < 8 else f"分{number - 7}"
            entries.append({"strId": str(number), "strCircuit": name, "strLabel": label,
                            "strBtnType": "1" if name else "-"})
        payload = json.dumps({"pageno": 1, "arrayCircuitNameList": entries},
                             ensure_ascii=False)
        script = f'<script type="text/javascript">window.onload = init({payload});</script>'
        return _PAGE.format(title="計測回路名称設定", body="<table></table>", script=script)

    def day_total_wh(self, key: str, day: date) -> float | None:
        """The model's total of ``key`` on local day ``day`` (None beyond the kept range)."""
        today = date.fromordinal(self.home.local_minute(self.clock.now())[0])
        if not 0 < (today - day).days <= self.history_days:
            return None
        totals = self._day_totals.get(day)
        if totals is None:  # one evaluation a day for all its graph pages
            ordinal = day.toordinal()
            start = self.home.midnight_minute(ordinal)
            minutes = self.home.midnight_minute(ordinal + 1) - start
            totals = {k: float(v.sum()) / 60.0
                      for k, v in self.home.evaluate(start, minutes).items()}
            self._day_totals[day] = totals
        return totals[key]

    def graph_html(self, path: str) -> str | None:
        graph, query = pages.graph_query(path)
        y, m, d = query["day"]
        day = date(y, m, d)
        if graph == pages.CIRCUIT_GRAPH:
            key = self.circuits.get(int(query["circuitid"]), ("", ""))[1]
        else:
            key = pages.HOME_GRAPHS.get(graph, "")
        if not key:
            return None
        wh = self.day_total_wh(key, day)
        today = date.fromordinal(self.home.local_minute(self.clock.now())[0])
        shown = day if wh is not None else today  # the AiSEG2 shows today for days it lacks
        kwh = "-" if wh is None else f"{wh / 1000:.3f}"
        body = (f'<div id="val_current">{shown:%Y/%m/%d}</div><div id="txt_graph_kwh">'
                f'<span id="val_kwh">{kwh}</span><span id="unit_kwh">kWh</span></div>')
        return _PAGE.format(title="グラフ", body=body, script="")

    # --- HTTP ------------------------------------------------------------------------------

    def _page(self, method: str, path: str) -> str | None:
        route = urlsplit(path).path
        if method == "POST" and route == pages.FLOW_PAGE:
            return self.flow_json()
        if method != "GET":
            return None
        if route == pages.CIRCUIT_POWER_PAGE:
            page_id = int(parse_qs(urlsplit(path).query).get("id", ["1"])[0])
            return self.circuit_power_html(page_id)
        if route == pages.CIRCUIT_NAMES_PAGE:
            return self.circuit_names_html()
        if route.startswith("/page/graph/"):
            return self.graph_html(path)
        return None

    def _authorized(self, method: str, header: str | None) -> bool:
        if not header or not header.startswith("Digest "):
            return False
        fields = dict(_digest_fields(header[len("Digest "):]))
        with self._lock:
            if fields.get("nonce") not in self._nonces:
                return False
        ha1 = _md5(f"{self.user}:{REALM}:{self.password}")
        ha2 = _md5(f"{method}:{fields.get('uri', '')}")
        expected = _md5(f"{ha1}:{fields.get('nonce')}:{fields.get('nc')}:"
                        f"{fields.get('cnonce')}:{fields.get('qop')}:{ha2}")
        return fields.get("username") == self.user and secrets.compare_digest(
            expected, fields.get("response", ""))

    def _challenge(self) -> str:
        nonce = secrets.token_hex(16)
        with self._lock:
            if len(self._nonces) > 256:  # bounded: old nonces are forgotten
                self._nonces.clear()
            self._nonces.add(nonce)
        return f'Digest realm="{REALM}", nonce="{nonce}", qop="auth", algorithm=MD5'

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 5.0  # a kept-alive connection left idle ends, and so does its thread

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet in tests

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self._serve("POST")

            def _serve(self, method: str) -> None:
                with fake._lock:
                    fake.requests += 1
                if fake.down:
                    self.close_connection = True
                    self.connection.close()  # dropped unanswered: the AiSEG2 is off
                    return
                if not fake._slots.acquire(blocking=False):
                    self._send(503, ERROR_HTML, "text/html")
                    return
                try:
                    self._answer(method)
                finally:
                    fake._slots.release()

            def _answer(self, method: str) -> None:
                if not fake._authorized(method, self.headers.get("Authorization")):
                    self._send(401, ERROR_HTML, "text/html",
                               {"WWW-Authenticate": fake._challenge()})
                    return
                if fake.delay_s:
                    fake.sleep(fake.delay_s)
                if fake.error_pages:
                    self._send(500, ERROR_HTML, "text/html")
                    return
                if fake.wrong_shape:
                    self._send(200, ERROR_HTML, "text/html")
                    return
                body = fake._page(method, self.path)
                if body is None:
                    self._send(404, ERROR_HTML, "text/html")
                    return
                with fake._lock:
                    fake.pages_served.append(self.path)
                kind = "application/json" if self.path.startswith("/data/") else "text/html"
                self._send(200, body, kind)

            def _send(self, status: int, body: str, kind: str,
                      headers: dict[str, str] | None = None) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _wrap(name: str) -> str:
    """The screen breaks a long name over two lines."""
    return f"{name[:6]}<br />{name[6:]}" if len(name) > 6 else f"{name}<br />"


def _digest_fields(text: str) -> list[tuple[str, str]]:
    out = []
    for part in text.split(","):
        key, _, value = part.strip().partition("=")
        out.append((key.strip(), value.strip().strip('"')))
    return out
