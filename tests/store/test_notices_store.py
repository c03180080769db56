"""The notices inbox in the store: folding, unread, read, expiry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.notices import Importance, Template, device_error_notice, home_notice
from app.store import Store, open_store
from app.store import notices as ns

T0 = 1_784_001_600.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "data", "Asia/Tokyo")
    yield st
    st.close()


def test_fifty_identical_errors_are_one_notice_with_count_50(store: Store) -> None:
    posts = [device_error_notice("127.0.0.9/026B01", "", 0x3C, "repair", T0 + i)
             for i in range(50)]
    with store.write_sql() as conn:
        ns.upsert(conn, posts[:20])
        ns.upsert(conn, posts[20:])
        inbox = ns.listing(conn, T0 + 100)
    assert len(inbox) == 1
    n = inbox[0]
    assert (n.count, n.at, n.first_at, n.read) == (50, T0 + 49, T0, False)
    assert n.importance is Importance.IMPORTANT and n.args["code"] == 0x3C


def test_read_unread_and_expiry(store: Store) -> None:
    with store.write_sql() as conn:
        a, b, c = ns.upsert(conn, [
            home_notice(Template.BACKUP_FAILED, T0, {"reason": "offline"}),
            home_notice(Template.PASSWORD_REMINDER, T0 + 1, expires_at=T0 + 100),
            home_notice(Template.LEARNING_DATA_SHORT, T0 + 2, {"day_type": "holiday"}),
        ])
        assert ns.unread_count(conn, T0 + 10) == 3
        ns.mark_read(conn, [a.id])
        assert ns.unread_count(conn, T0 + 10) == 2
        assert [n.id for n in ns.listing(conn, T0 + 10, unread_only=True)] == [c.id, b.id]
        assert ns.unread_count(conn, T0 + 100) == 1  # b expired
        assert ns.expire(conn, T0 + 100) == 1
        ns.mark_all_read(conn)
        assert ns.unread_count(conn, T0 + 10) == 0
        # It happens again: unread again, counted.
        again = ns.upsert(conn, [home_notice(Template.BACKUP_FAILED, T0 + 50)])[0]
    assert (again.id, again.count, again.read) == (a.id, 2, False)
