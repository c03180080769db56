"""What can go wrong talking to the center server, as types the panel can act on."""

from __future__ import annotations


class CloudError(Exception):
    """Base of every center-client error."""


class Unreachable(CloudError):
    """No answer: connection refused, DNS, TLS failure or timeout, after the retries."""


class BadResponse(CloudError):
    """The server answered with something that is not what the API promises."""


class ServerError(CloudError):
    """The server failed (5xx) after the retries."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class Rejected(CloudError):
    """The server refused the request (4xx); `code` says why, e.g. terms_not_accepted."""

    def __init__(self, code: str, message: str, status: int = 400,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after


class Unauthorized(Rejected):
    """The token is missing or no longer valid (the registration is gone)."""


class CityRequired(Rejected):
    """409 city_required: the server needs the household's municipality chosen from its list
    (registered before city codes, or the city left the list): `choose_city` fixes it."""
