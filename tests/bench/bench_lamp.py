"""Lamp latency: `notices.post(...)` until the footer lamp has been painted lit, 800×480.

The real path: the post is queued, coalesced (COALESCE_MS), written on the
service's worker, the state comes back as `lamp_changed`, the lamp repaints.
Measured with the service's default coalescing and, as the comparison in the
same run, with coalescing off (what the write and the signal cost by themselves).
Between samples the notice is read again and the lamp goes out.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from tests.bench.results import Result

SAMPLES = 21


def _latencies(app, workdir: Path, coalesce_ms: int | None) -> list[float]:
    from app.domain.notices import Template, home_notice
    from app.services.notice_service import NoticeService
    from app.store import open_store
    from app.ui.shell.footer import Footer

    def opener():
        return open_store(workdir, "Asia/Tokyo")

    kwargs = {} if coalesce_ms is None else {"coalesce_ms": coalesce_ms}
    notices = NoticeService(opener, time.time, **kwargs)
    footer = Footer()
    footer.resize(800, 60)
    footer.follow_notices(notices)
    footer.show()
    lamp = footer.lamp
    out = []
    try:
        for i in range(SAMPLES):
            lamp.painted_lit = None
            start = time.perf_counter()
            notices.post(home_notice(Template.BACKUP_FAILED, time.time(), {"reason": str(i)}))
            while lamp.painted_lit is not True:
                app.processEvents()
            out.append((time.perf_counter() - start) * 1000)
            notices.mark_all_read()
            while lamp.painted_lit is not False:
                app.processEvents()
    finally:
        footer.deleteLater()
        notices.shutdown()
        app.processEvents()
    return out


def run(workdir: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.application import prepare_application

    app = QApplication.instance() or QApplication([])
    prepare_application(app)
    workdir.mkdir(parents=True, exist_ok=True)
    uncoalesced = _latencies(app, workdir / "direct", 0)
    default = _latencies(app, workdir / "default", None)
    return [Result.compared("lamp_latency_median", statistics.median(default), "ms", "<= 100",
                            statistics.median(uncoalesced)),
            Result("lamp_latency_max", max(default), "ms", "<= 150"),
            Result("lamp_latency_uncoalesced_median", statistics.median(uncoalesced), "ms",
                   "<= 100")]


if __name__ == "__main__":
    import tempfile

    from tests.bench.results import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Path(tmp)))
