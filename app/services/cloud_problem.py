"""What went wrong talking to the center server, as a value the UI can word.

Services hand the UI a `CloudProblem` instead of an exception: `kind` says what
sort of failure it was (the UI has one sentence per kind and per known code),
`detail` is the raw message for the log and the installer.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cloud.errors import (
    BadResponse,
    CityRequired,
    CloudError,
    Rejected,
    ServerError,
    Unauthorized,
    Unreachable,
)

UNREACHABLE = "unreachable"  # no answer: offline, server down
REJECTED = "rejected"  # 4xx: `code` says why (wrong_code, terms_not_accepted, ...)
UNAUTHORIZED = "unauthorized"  # the registration is gone on the server
CITY_REQUIRED = "city_required"  # the household's municipality must be chosen (again)
SERVER = "server"  # 5xx after the retries
BAD_RESPONSE = "bad_response"  # an answer that breaks the contract, or a damaged download
LOCAL = "local"  # on the panel itself: disk full, damaged archive, database in use


@dataclass(frozen=True)
class CloudProblem:
    kind: str
    code: str = ""
    detail: str = ""
    retry_after: float | None = None


def problem_of(exc: BaseException) -> CloudProblem:
    if isinstance(exc, Unreachable):
        return CloudProblem(UNREACHABLE, "", str(exc))
    if isinstance(exc, Unauthorized):
        return CloudProblem(UNAUTHORIZED, exc.code, exc.message)
    if isinstance(exc, CityRequired):
        return CloudProblem(CITY_REQUIRED, exc.code, exc.message)
    if isinstance(exc, Rejected):
        return CloudProblem(REJECTED, exc.code, exc.message, exc.retry_after)
    if isinstance(exc, ServerError):
        return CloudProblem(SERVER, exc.code, exc.message)
    if isinstance(exc, BadResponse | CloudError):
        return CloudProblem(BAD_RESPONSE, "", str(exc))
    return CloudProblem(LOCAL, type(exc).__name__, str(exc))
