"""Typed registry failures, so the controller can pick a condition reason without parsing text.

Every message is safe to show in status and events: it names URLs, status codes and the
registry's own error codes, never credentials, tokens or proxy passwords.
"""

from __future__ import annotations

# Condition reasons of the ImageRepository API (see the spec's "Failed ImageRepository").
REASON_AUTHENTICATION_FAILED = "AuthenticationFailed"
REASON_READ_OPERATION_FAILED = "ReadOperationFailed"


class RegistryError(Exception):
    """A registry operation failed; `reason` is the condition reason it maps to."""

    reason = REASON_READ_OPERATION_FAILED

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        #: Seconds the registry asked us (Retry-After) to wait before asking again, if it did.
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message


class AuthenticationError(RegistryError):
    """The registry (or its token service) refused our credentials: 401 or 403."""

    reason = REASON_AUTHENTICATION_FAILED


class ConfigurationError(RegistryError):
    """Credentials, TLS or proxy material is unusable (bad Secret data, provider mismatch).

    Retrying does not help until someone fixes the referenced Secret or the spec.
    """

    reason = REASON_AUTHENTICATION_FAILED


class RepositoryNotFoundError(RegistryError):
    """The registry does not know the repository (404 NAME_UNKNOWN)."""


class ManifestNotFoundError(RegistryError):
    """The registry has no manifest under the requested tag (404 MANIFEST_UNKNOWN)."""


class RegistryReadError(RegistryError):
    """Any other failure reading from the registry: network, TLS, 5xx, bad responses."""
