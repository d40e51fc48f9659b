"""metav1.Status errors with kube-apiserver's codes, reasons and message formats.

Clients (client-go, kubectl, the `kubernetes` package, kopf) branch on `reason` and
`code` and print `message`, so every failure leaves the server as one of these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.apimachinery.field import go_value


@dataclass
class FieldError:
    """One field.Error: `path: <Type>: detail`, as in k8s.io/apimachinery validation."""

    path: str
    type: str  # "Invalid value", "Required value", "Unsupported value", "Forbidden", ...
    value: Any = None
    detail: str = ""
    has_value: bool = True

    @property
    def reason(self) -> str:
        return {
            "Invalid value": "FieldValueInvalid",
            "Required value": "FieldValueRequired",
            "Unsupported value": "FieldValueNotSupported",
            "Forbidden": "FieldValueForbidden",
            "Too long": "FieldValueTooLong",
            "Too many": "FieldValueTooMany",
            "Duplicate value": "FieldValueDuplicate",
            "Not found": "FieldValueNotFound",
            "Internal error": "InternalError",
        }.get(self.type, "FieldValueInvalid")

    def body(self) -> str:
        """The message without the path (what `causes[].message` carries)."""
        text = self.type
        if (
            self.type in ("Invalid value", "Unsupported value", "Duplicate value", "Not found")
            and self.has_value
        ):
            text += ": " + format_value(self.value)
        if self.detail:
            text += ": " + self.detail
        return text

    def __str__(self) -> str:
        return f"{self.path}: {self.body()}" if self.path else self.body()

    def to_cause(self) -> dict[str, str]:
        return {"reason": self.reason, "message": self.body(), "field": self.path}


def format_value(value: Any) -> str:
    """Render a bad value the way Go's field.Error does (apimachinery's go_value)."""
    return str(go_value(value))


@dataclass
class StatusError(Exception):
    """An error that leaves the server as a metav1.Status body."""

    code: int
    reason: str
    message: str
    details: dict[str, Any] | None = None
    extra_metadata: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

    def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": dict(self.extra_metadata),
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details is not None:
            body["details"] = self.details
        return body


def _qualified(resource: str, group: str) -> str:
    return f"{resource}.{group}" if group else resource


def _details(name: str, group: str, kind: str) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    d["kind"] = kind
    return d


def not_found(resource: str, group: str, name: str) -> StatusError:
    return StatusError(
        404, "NotFound", f'{_qualified(resource, group)} "{name}" not found', _details(name, group, resource)
    )


def resource_not_found() -> StatusError:
    return StatusError(404, "NotFound", "the server could not find the requested resource", {})


def already_exists(resource: str, group: str, name: str) -> StatusError:
    return StatusError(
        409,
        "AlreadyExists",
        f'{_qualified(resource, group)} "{name}" already exists',
        _details(name, group, resource),
    )


def conflict(resource: str, group: str, name: str, why: str) -> StatusError:
    return StatusError(
        409,
        "Conflict",
        f'Operation cannot be fulfilled on {_qualified(resource, group)} "{name}": {why}',
        _details(name, group, resource),
    )


MODIFIED = "the object has been modified; please apply your changes to the latest version and try again"


def stale(resource: str, group: str, name: str) -> StatusError:
    return conflict(resource, group, name, MODIFIED)


def invalid(kind: str, group: str, name: str, errors: Sequence[Any]) -> StatusError:
    """422 Invalid; `errors` are field errors (ours or apimachinery's) with str() and to_cause()."""
    qualified = f"{kind}.{group}" if group else kind
    summary = str(errors[0]) if len(errors) == 1 else "[" + ", ".join(str(e) for e in errors) + "]"
    details = _details(name, group, kind)
    details["causes"] = [e.to_cause() for e in errors]
    return StatusError(422, "Invalid", f'{qualified} "{name}" is invalid: {summary}', details)


def bad_request(message: str) -> StatusError:
    return StatusError(400, "BadRequest", message)


def method_not_allowed() -> StatusError:
    return StatusError(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {}
    )


def unsupported_media_type(content_type: str, accepted: list[str]) -> StatusError:
    return StatusError(
        415,
        "UnsupportedMediaType",
        f"the body of the request was in an unknown format - accepted media types include: "
        f"{', '.join(accepted)}",
        {},
    )


def gone(message: str) -> StatusError:
    return StatusError(410, "Expired", message)


def unauthorized() -> StatusError:
    return StatusError(401, "Unauthorized", "Unauthorized")


def forbidden(resource: str, group: str, name: str, why: str) -> StatusError:
    return StatusError(
        403,
        "Forbidden",
        f'{_qualified(resource, group)} "{name}" is forbidden: {why}',
        _details(name, group, resource),
    )
