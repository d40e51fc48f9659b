"""metav1.Status bodies become typed errors carrying the server's message."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.client import errors


def status(code: int, reason: str, message: str = "msg", **details: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code,
    }
    if details:
        body["details"] = details
    return body


@pytest.mark.parametrize(
    ("code", "reason", "cls"),
    [
        (404, "NotFound", errors.NotFoundError),
        (409, "AlreadyExists", errors.AlreadyExistsError),
        (409, "Conflict", errors.ConflictError),
        (422, "Invalid", errors.InvalidError),
        (410, "Gone", errors.GoneError),
        (410, "Expired", errors.GoneError),
        (403, "Forbidden", errors.ForbiddenError),
        (401, "Unauthorized", errors.UnauthorizedError),
        (429, "TooManyRequests", errors.TooManyRequestsError),
        (400, "BadRequest", errors.BadRequestError),
        (405, "MethodNotAllowed", errors.MethodNotSupportedError),
        (415, "UnsupportedMediaType", errors.UnsupportedMediaTypeError),
        (500, "ServerTimeout", errors.ServerTimeoutError),
        (504, "Timeout", errors.ServerTimeoutError),
        (500, "InternalError", errors.InternalError),
        (503, "ServiceUnavailable", errors.ServiceUnavailableError),
    ],
)
def test_reason_selects_the_class(code: int, reason: str, cls: type[errors.ApiError]) -> None:
    err = errors.from_status(status(code, reason, "the server said so"), code)
    assert type(err) is cls
    assert isinstance(err, errors.ApiError)
    assert (err.status, err.reason, str(err)) == (code, reason, "the server said so")


def test_code_is_the_fallback_without_a_reason() -> None:
    err = errors.from_status({"message": "nope", "code": 404}, 404)
    assert isinstance(err, errors.NotFoundError)
    gone = errors.from_status(None, 410)
    assert isinstance(gone, errors.GoneError)
    assert "410" in str(gone)


def test_conflict_and_already_exists_are_distinct() -> None:
    conflict = errors.from_status(status(409, "Conflict"), 409)
    exists = errors.from_status(status(409, "AlreadyExists"), 409)
    assert errors.is_conflict(conflict) and not errors.is_already_exists(conflict)
    assert errors.is_already_exists(exists) and not errors.is_conflict(exists)


def test_invalid_carries_field_causes() -> None:
    body = status(
        422, "Invalid", 'Widget.test.lookout.dev "w" is invalid: spec.size: Invalid value: -1',
        name="w", group="test.lookout.dev", kind="Widget",
        causes=[{"reason": "FieldValueInvalid", "message": "Invalid value: -1", "field": "spec.size"}],
    )
    err = errors.from_status(body, 422)
    assert isinstance(err, errors.InvalidError)
    assert [c.field for c in err.causes] == ["spec.size"]
    assert err.causes[0].type == "FieldValueInvalid"
    assert err.details["kind"] == "Widget"


def test_retry_after_from_header_or_details() -> None:
    from_header = errors.from_status(status(429, "TooManyRequests"), 429, "7")
    assert from_header.retry_after == 7.0
    from_details = errors.from_status(status(429, "TooManyRequests", retryAfterSeconds=3), 429)
    assert from_details.retry_after == 3.0
    assert errors.from_status(status(429, "TooManyRequests"), 429, "soon").retry_after is None


def test_helpers() -> None:
    nf = errors.from_status(status(404, "NotFound"), 404)
    other = errors.from_status(status(500, "InternalError"), 500)
    assert errors.is_not_found(nf) and not errors.is_not_found(other) and not errors.is_not_found(None)
    assert errors.ignore_not_found(nf) is None
    assert errors.ignore_not_found(other) is other
    assert errors.is_gone(errors.from_status(status(410, "Expired"), 410))


async def test_ignore_not_found_async() -> None:
    async def missing() -> int:
        raise errors.from_status(status(404, "NotFound"), 404)

    async def present() -> int:
        return 3

    assert await errors.ignore_not_found_async(missing()) is None
    assert await errors.ignore_not_found_async(present()) == 3
