"""Typed API errors decoded from metav1.Status bodies.

Callers branch on *what happened* (not found, conflict, expired watch), so each
Kubernetes `reason` maps to its own exception class, as apimachinery's `errors`
package does with `IsNotFound`, `IsConflict`, ... The message is the server's own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class StatusCause:
    """One field-level reason a request was rejected (metav1.StatusCause)."""

    type: str
    message: str
    field: str


class ApiError(Exception):
    """A request the API server answered with a failure Status."""

    #: The Status reason this class stands for ("" for the generic class).
    REASON = ""

    def __init__(
        self,
        status: int,
        reason: str = "",
        message: str = "",
        details: Mapping[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message or reason or f"HTTP {status}")
        self.status = status
        self.reason = reason
        self.message = message
        self.details: dict[str, Any] = dict(details or {})
        self.retry_after = retry_after

    @property
    def code(self) -> int:
        """The HTTP status code (alias matching metav1.Status.code)."""
        return self.status

    @property
    def causes(self) -> list[StatusCause]:
        """Field-level causes from `details.causes` (set on Invalid errors)."""
        out = []
        for c in self.details.get("causes") or []:
            if isinstance(c, Mapping):
                out.append(
                    StatusCause(
                        type=str(c.get("reason", "")),
                        message=str(c.get("message", "")),
                        field=str(c.get("field", "")),
                    )
                )
        return out

    def __str__(self) -> str:
        return self.message or self.reason or f"HTTP {self.status}"

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status={self.status}, reason={self.reason!r}, message={self.message!r})"


class BadRequestError(ApiError):
    REASON = "BadRequest"


class UnauthorizedError(ApiError):
    REASON = "Unauthorized"


class ForbiddenError(ApiError):
    REASON = "Forbidden"


class NotFoundError(ApiError):
    REASON = "NotFound"


class MethodNotSupportedError(ApiError):
    REASON = "MethodNotAllowed"


class NotAcceptableError(ApiError):
    REASON = "NotAcceptable"


class AlreadyExistsError(ApiError):
    REASON = "AlreadyExists"


class ConflictError(ApiError):
    REASON = "Conflict"


class GoneError(ApiError):
    """410: the resourceVersion is too old (watch/list must restart from a fresh list)."""

    REASON = "Gone"


class RequestEntityTooLargeError(ApiError):
    REASON = "RequestEntityTooLarge"


class UnsupportedMediaTypeError(ApiError):
    REASON = "UnsupportedMediaType"


class InvalidError(ApiError):
    """422: the object failed validation; `causes` name the offending fields."""

    REASON = "Invalid"


class TooManyRequestsError(ApiError):
    REASON = "TooManyRequests"


class InternalError(ApiError):
    REASON = "InternalError"


class ServerTimeoutError(ApiError):
    """The server gave up (reason ServerTimeout, 500, or Timeout, 504)."""

    REASON = "ServerTimeout"


class ServiceUnavailableError(ApiError):
    REASON = "ServiceUnavailable"


_BY_REASON: dict[str, type[ApiError]] = {
    "BadRequest": BadRequestError,
    "Unauthorized": UnauthorizedError,
    "Forbidden": ForbiddenError,
    "NotFound": NotFoundError,
    "MethodNotAllowed": MethodNotSupportedError,
    "NotAcceptable": NotAcceptableError,
    "AlreadyExists": AlreadyExistsError,
    "Conflict": ConflictError,
    "Gone": GoneError,
    "Expired": GoneError,
    "RequestEntityTooLarge": RequestEntityTooLargeError,
    "UnsupportedMediaType": UnsupportedMediaTypeError,
    "Invalid": InvalidError,
    "TooManyRequests": TooManyRequestsError,
    "InternalError": InternalError,
    "ServerTimeout": ServerTimeoutError,
    "Timeout": ServerTimeoutError,
    "ServiceUnavailable": ServiceUnavailableError,
}

_BY_CODE: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotSupportedError,
    406: NotAcceptableError,
    409: ConflictError,
    410: GoneError,
    413: RequestEntityTooLargeError,
    415: UnsupportedMediaTypeError,
    422: InvalidError,
    429: TooManyRequestsError,
    500: InternalError,
    503: ServiceUnavailableError,
    504: ServerTimeoutError,
}


def _parse_retry_after(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def from_status(
    status: Mapping[str, Any] | None,
    http_status: int | None = None,
    retry_after_header: str | None = None,
) -> ApiError:
    """Build the typed error for a metav1.Status (or a non-Status error body).

    The reason decides the class; the code is the fallback for servers (or proxies)
    that answer without a Status body.
    """
    body: Mapping[str, Any] = status if isinstance(status, Mapping) else {}
    code_raw = body.get("code")
    code = code_raw if isinstance(code_raw, int) and code_raw > 0 else (http_status or 500)
    reason = str(body.get("reason") or "")
    message = str(body.get("message") or "")
    details_raw = body.get("details")
    details: dict[str, Any] = dict(details_raw) if isinstance(details_raw, Mapping) else {}
    retry_after = _parse_retry_after(retry_after_header)
    if retry_after is None:
        retry_after = _parse_retry_after(details.get("retryAfterSeconds"))
    cls = _BY_REASON.get(reason) or _BY_CODE.get(code) or ApiError
    if not message:
        message = f"the server responded with the status code {code} but did not return more information"
        if reason:
            message += f" ({reason})"
    return cls(code, reason, message, details, retry_after)


def is_not_found(err: BaseException | None) -> bool:
    return isinstance(err, NotFoundError)


def is_already_exists(err: BaseException | None) -> bool:
    return isinstance(err, AlreadyExistsError)


def is_conflict(err: BaseException | None) -> bool:
    return isinstance(err, ConflictError)


def is_gone(err: BaseException | None) -> bool:
    """True for 410 Gone / Expired: the resourceVersion is no longer available."""
    return isinstance(err, GoneError)


def is_invalid(err: BaseException | None) -> bool:
    return isinstance(err, InvalidError)


def is_forbidden(err: BaseException | None) -> bool:
    return isinstance(err, ForbiddenError)


def is_unauthorized(err: BaseException | None) -> bool:
    return isinstance(err, UnauthorizedError)


def is_too_many_requests(err: BaseException | None) -> bool:
    return isinstance(err, TooManyRequestsError)


def ignore_not_found(err: BaseException | None) -> BaseException | None:
    """controller-runtime's `IgnoreNotFound`: None for a NotFound error, else the error."""
    return None if is_not_found(err) else err


async def ignore_not_found_async(awaitable: Awaitable[T]) -> T | None:
    """Await `awaitable`, returning None instead of raising NotFoundError."""
    try:
        return await awaitable
    except NotFoundError:
        return None


__all__ = [
    "AlreadyExistsError",
    "ApiError",
    "BadRequestError",
    "ConflictError",
    "ForbiddenError",
    "GoneError",
    "InternalError",
    "InvalidError",
    "MethodNotSupportedError",
    "NotAcceptableError",
    "NotFoundError",
    "RequestEntityTooLargeError",
    "ServerTimeoutError",
    "ServiceUnavailableError",
    "StatusCause",
    "TooManyRequestsError",
    "UnauthorizedError",
    "UnsupportedMediaTypeError",
    "from_status",
    "ignore_not_found",
    "ignore_not_found_async",
    "is_already_exists",
    "is_conflict",
    "is_forbidden",
    "is_gone",
    "is_invalid",
    "is_not_found",
    "is_too_many_requests",
    "is_unauthorized",
]
