"""What the server's problem details (RFC 9457) become: one exception type per stable ``code``."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type


class DatasetsError(Exception):
    """A failure the server reported (``status``, ``code``, ``field``), or one reaching it (``status`` 0)."""

    def __init__(self, detail: str, *, status: int = 0, code: str = "", field: Optional[str] = None,
                 body: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.code = code
        self.field = field
        self.body: Mapping[str, Any] = body or {}


class InvalidRequest(DatasetsError, ValueError):
    """400: a bad argument; ``field`` names it. Nothing changed."""


class Unauthorized(DatasetsError):
    """401: the server wants a bearer token (``DATASETS_API_TOKEN``)."""


class NotFound(DatasetsError):
    """404: no such record (or route)."""


class LeaseNotFound(NotFound):
    """404: no such lease (or it was purged long after it ran out)."""


class Duplicate(DatasetsError, ValueError):
    """409: the trajectory id (or the run's initial checkpoint) exists already, as the guide's ``ValueError``."""


class UsageLimitReached(DatasetsError):
    """409: counting this use would pass ``max_used``; nothing changed."""


class LeaseExpired(DatasetsError):
    """409: rows of the lease could not be acknowledged (``body['lost']``), or it can no longer be extended."""


class NothingClaimed(DatasetsError):
    """A leased step took nothing (fewer eligible tasks or rows than asked for, even after waiting): there is nothing
    to train on. ``body`` is the claim's answer (``eligible_tasks`` says how many tasks were eligible)."""


class IdempotencyKeyReused(DatasetsError):
    """422: the idempotency key was first used for another request."""


class StoreUnavailable(DatasetsError):
    """503: the database is unreachable or busy, or the server is at capacity; retried automatically when safe."""


class ServerError(DatasetsError):
    """500: the server failed; nothing changed."""


class ConnectionFailed(DatasetsError):
    """The server could not be reached (after the retries that were safe)."""


_BY_CODE: Dict[str, Type[DatasetsError]] = {
    "invalid_request": InvalidRequest,
    "unauthorized": Unauthorized,
    "not_found": NotFound,
    "lease_not_found": LeaseNotFound,
    "duplicate_trajectory": Duplicate,
    "duplicate_checkpoint": Duplicate,
    "usage_limit_reached": UsageLimitReached,
    "lease_expired": LeaseExpired,
    "idempotency_key_reused": IdempotencyKeyReused,
    "store_unavailable": StoreUnavailable,
    "store_busy": StoreUnavailable,
    "server_busy": StoreUnavailable,
    "too_many_waiters": StoreUnavailable,
}


def from_problem(status: int, body: Mapping[str, Any]) -> DatasetsError:
    """The exception for a problem body (or any error answer)."""
    code = str(body.get("code", ""))
    detail = str(body.get("detail", f"HTTP {status}"))
    kind = _BY_CODE.get(code)
    if kind is None:
        kind = InvalidRequest if status in (400, 413, 415) else ServerError if status >= 500 else DatasetsError
    field = body.get("field")
    return kind(detail, status=status, code=code, field=str(field) if field is not None else None, body=body)
