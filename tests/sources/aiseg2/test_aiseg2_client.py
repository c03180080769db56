"""The Digest client against the fake AiSEG2: logins, error pages, an AiSEG2 that is down."""

from __future__ import annotations

import pytest

from app.sources.aiseg2 import pages
from app.sources.aiseg2.client import Aiseg2Client, ErrorPage, NotAnswering, WrongPassword
from app.sources.aiseg2.fake import FakeAiseg2


def client(fake: FakeAiseg2, password: str = "secret", mono=None) -> Aiseg2Client:
    kwargs = {} if mono is None else {"monotonic": mono}
    return Aiseg2Client(fake.host, "aiseg", password, timeout_s=5.0, **kwargs)


def test_right_password_gets_pages_after_one_challenge(fake: FakeAiseg2) -> None:
    c = client(fake)
    try:
        first = c.post_data(pages.FLOW_PAGE)
        pages.parse_power_flow(first.text)
        for page_id in (1, 2):
            pages.parse_circuit_power(c.get(pages.circuit_power_page(page_id)).text, "p")
    finally:
        c.close()
    # One 401 challenge, then the nonce is reused: three pages in four requests.
    assert fake.requests == 4 and len(fake.pages_served) == 3


def test_wrong_password_is_refused_without_a_401_loop(fake: FakeAiseg2) -> None:
    c = client(fake, password="wrong")
    try:
        with pytest.raises(WrongPassword, match="111/update: the AiSEG2 refused"):
            c.post_data(pages.FLOW_PAGE)
    finally:
        c.close()
    assert fake.requests == 2  # the challenge and one answer to it, no more
    assert fake.pages_served == []


def test_error_pages_and_error_shaped_pages(fake: FakeAiseg2) -> None:
    c = client(fake)
    try:
        fake.error_pages = True
        with pytest.raises(ErrorPage, match="HTTP 500"):
            c.get(pages.CIRCUIT_NAMES_PAGE)
        fake.error_pages, fake.wrong_shape = False, True
        page = c.get(pages.CIRCUIT_NAMES_PAGE)  # status 200, but not the screen
        with pytest.raises(pages.PageError, match="installation/734"):
            pages.parse_circuit_names(page.text, page.path)
        with pytest.raises(ErrorPage, match="HTTP 404"):
            fake.wrong_shape = False
            c.get("/page/nothing")
    finally:
        c.close()


def test_down_then_up(fake: FakeAiseg2) -> None:
    c = client(fake)
    try:
        fake.down = True
        with pytest.raises(NotAnswering, match="111/update"):
            c.post_data(pages.FLOW_PAGE)
        fake.down = False
        pages.parse_power_flow(c.post_data(pages.FLOW_PAGE).text)
    finally:
        c.close()


def test_nothing_listening_is_not_answering(fake: FakeAiseg2) -> None:
    c = client(fake)
    fake.stop()  # the AiSEG2 restarting: connection refused
    try:
        with pytest.raises(NotAnswering):
            c.get(pages.CIRCUIT_NAMES_PAGE)
    finally:
        c.close()


def test_a_slow_page_is_measured_on_the_callers_clock(fake: FakeAiseg2, mono) -> None:
    fake.delay_s = 6.0  # the fake "sleeps" by advancing the pinned clock: no real wait
    c = client(fake, mono=mono)
    try:
        assert c.get(pages.CIRCUIT_NAMES_PAGE).elapsed_s == pytest.approx(6.0)
    finally:
        c.close()


def test_an_expired_nonce_is_answered_again_not_taken_for_a_wrong_password(
        fake: FakeAiseg2) -> None:
    c = client(fake)
    try:
        c.get(pages.CIRCUIT_NAMES_PAGE)
        fake.expire_nonces()
        asked = fake.requests
        c.get(pages.CIRCUIT_NAMES_PAGE)  # refused once with a new challenge, then served
        assert fake.requests - asked == 2
        fake.expire_nonces()
        fake.password = "changed"  # the AiSEG2's password changed meanwhile
        asked = fake.requests
        with pytest.raises(WrongPassword):
            c.get(pages.CIRCUIT_NAMES_PAGE)
        assert fake.requests - asked == 2  # one challenge answered once: no loop
    finally:
        c.close()
