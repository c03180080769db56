"""The simulated home's ECHONET Lite nodes as a process of their own, for another controller.

    python -m app.sources.serve_simulated_home [--seed 1] [--first-host 127.0.0.2] [--port 3610]

Prints one line, ``READY <address,address,...> <port>``, once every node answers,
then serves until SIGTERM or Ctrl+C. A panel (or any ECHONET Lite controller) on
this machine then finds the house as it would find a real one:
``hems-panel --source echonet --nodes <addresses> --no-multicast --interface 127.0.0.1``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from app.sources.clock import SystemClock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.sources.serve_simulated_home")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first-host", default="127.0.0.2")
    parser.add_argument("--port", type=int, default=3610, help="0: a free port")
    args = parser.parse_args(argv)
    from app.sources.simulated_nodes import SimulatedNodes
    from app.sources.simulator import HomeConfig, SimulatedHome

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    nodes = SimulatedNodes(SimulatedHome(HomeConfig(seed=args.seed)), SystemClock(),
                           first_host=args.first_host, port=args.port).start()
    try:
        print(f"READY {','.join(nodes.addresses)} {nodes.port}", flush=True)
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        nodes.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
