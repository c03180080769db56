"""Per-address limits count the real client: X-Forwarded-For only from --trusted-proxy."""

from __future__ import annotations

from fastapi.testclient import TestClient

from server.app import create_app
from server.config import make_settings
from server.main import _settings, build_parser, uvicorn_config
from tests.server.conftest import make_center, reg_body


def _register(client: TestClient, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    r = client.post("/v1/devices", headers=headers,
                    json=reg_body())
    return r.status_code


def _center(tmp_path, peer: str, **overrides) -> TestClient:
    center = make_center(tmp_path, register_limit=2, **overrides)
    return TestClient(center.app, client=(peer, 40000))


def test_forwarded_header_from_an_untrusted_peer_is_ignored(tmp_path):
    with _center(tmp_path, "127.0.0.1") as api:
        codes = [_register(api, f"203.0.113.{i}") for i in range(4)]
    assert codes == [201, 201, 429, 429]


def test_trusted_proxy_forwards_the_client_address(tmp_path):
    with _center(tmp_path, "10.0.0.5", trusted_proxies=("10.0.0.0/24",)) as api:
        # Two clients behind the proxy each get their own allowance...
        assert [_register(api, "203.0.113.1") for _ in range(3)] == [201, 201, 429]
        assert [_register(api, "203.0.113.2") for _ in range(2)] == [201, 201]
        # ...and a client cannot prepend its own fake hops: the proxy appends the
        # real one, which is the one counted.
        assert _register(api, "198.51.100.9, 203.0.113.1") == 429
        # Garbage in the header falls back to the proxy's own address.
        assert _register(api, "not-an-ip") == 201


def test_other_peers_are_not_proxies_even_when_one_is_configured(tmp_path):
    with _center(tmp_path, "192.0.2.7", trusted_proxies=("10.0.0.5",)) as api:
        assert [_register(api, f"203.0.113.{i}") for i in range(3)] == [201, 201, 429]


def test_uvicorn_does_not_believe_forwarded_headers_itself(tmp_path):
    args = build_parser().parse_args(["--data", str(tmp_path / "d"), "--trusted-proxy",
                                      "10.1.2.3", "--trusted-proxy", "fd00::/8"])
    settings = _settings(args)
    assert settings.trusted_proxies == ("10.1.2.3/32", "fd00::/8")
    config = uvicorn_config(create_app(make_settings(tmp_path / "e")), "warning")
    assert config.proxy_headers is False
