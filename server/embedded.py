"""Run the center server as a child process (for `make run` and tests).

The panel uses this so that it never imports fastapi or uvicorn into its own process:
it only needs a URL and a way to stop the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


class EmbeddedServerError(RuntimeError):
    pass


@dataclass
class EmbeddedServer:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path
    _log: object = field(repr=False, default=None)

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate gracefully (SIGTERM), kill if it does not end in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> EmbeddedServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_embedded(data_dir: Path, *, host: str = "127.0.0.1", timeout: float = 30.0,
                   extra_args: list[str] | None = None,
                   module: str = "server") -> EmbeddedServer:
    """Start `python -m server` on a free port; returns once it accepts requests."""
    data_dir = Path(data_dir)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # households' data: private
    port_file = Path(tempfile.mkdtemp(prefix="hems-center-")) / "port"
    log_path = data_dir / "center.log"
    log = os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
    cmd = [sys.executable, "-m", module, "--host", host, "--port", "0", "--data", str(data_dir),
           "--port-file", str(port_file), "--parent-pid", str(os.getpid()), *(extra_args or [])]
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                               cwd=Path(__file__).resolve().parents[1])
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        if port_file.exists():
            port = int(port_file.read_text().strip())
            port_file.unlink(missing_ok=True)
            port_file.parent.rmdir()
            return EmbeddedServer(url=f"http://{host}:{port}", port=port, process=process,
                                  log_path=log_path, _log=log)
        if process.poll() is not None:
            log.close()
            raise EmbeddedServerError(
                f"center server exited with {process.returncode}; see {log_path}")
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            log.close()
            raise EmbeddedServerError(f"center server did not start within {timeout} s")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
