"""A polling service runs while any page that uses it is shown."""

from app.services.polling_service import PollingService


def test_service_runs_while_any_owner_is_active(qtbot) -> None:
    service = PollingService(lambda: 1, "test-polling", refresh_ms=60_000)
    try:
        circuits_page, graph_page = object(), object()
        service.set_active(True, circuits_page)
        service.set_active(True, graph_page)  # the graph opens before the list hides
        service.set_active(False, circuits_page)
        assert service.active
        service.set_active(False, graph_page)
        assert not service.active
        with qtbot.waitSignal(service.snapshot_changed, timeout=5000) as got:
            service.refresh()
        assert got.args == [1] and service.last_snapshot == 1
    finally:
        service.shutdown()
