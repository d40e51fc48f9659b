"""What a cloud registry provider returns, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from controllers.registry.credentials import Credentials
from controllers.registry.reference import ImageRef


@dataclass(frozen=True)
class ProviderCredentials:
    """Registry credentials from a cloud identity, valid until `expires_at` (Unix time)."""

    credentials: Credentials
    expires_at: float


class CloudProvider(Protocol):
    """One of `.spec.provider`'s cloud values (`aws`, `azure`, `gcp`)."""

    name: str

    def registry_input(self, ref: ImageRef) -> str:
        """What the credentials depend on (region, registry host...): the cache key.

        Raises ConfigurationError, with upstream's `invalid <X> registry` message, when the
        image's registry is not one of this provider's.
        """
        ...

    async def login(self, ref: ImageRef, registry_input: str) -> ProviderCredentials:
        """Exchange the controller's cloud identity for registry credentials."""
        ...
