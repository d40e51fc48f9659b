"""Cloud registry login (`.spec.provider`) with credentials cached until shortly before expiry.

`ProviderLogin` is shared by every scan: a thousand ImageRepositories in one ECR region
cost one `GetAuthorizationToken` call per token lifetime, not one per scan.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from controllers.registry.credentials import Credentials
from controllers.registry.errors import ConfigurationError
from controllers.registry.providers.aws import AWSProvider, is_ecr_registry
from controllers.registry.providers.azure import AzureProvider
from controllers.registry.providers.base import CloudProvider, ProviderCredentials
from controllers.registry.providers.gcp import GCPProvider
from controllers.registry.reference import ImageRef

PROVIDER_GENERIC = "generic"
PROVIDER_AWS = "aws"
PROVIDER_AZURE = "azure"
PROVIDER_GCP = "gcp"
PROVIDERS = (PROVIDER_GENERIC, PROVIDER_AWS, PROVIDER_AZURE, PROVIDER_GCP)

# Refresh this long before expiry (at most half the lifetime for short-lived tokens).
REFRESH_MARGIN = 300.0


class ProviderLogin:
    """Registry credentials for cloud providers, cached per provider and registry input."""

    def __init__(
        self,
        *,
        aws: CloudProvider | None = None,
        azure: CloudProvider | None = None,
        gcp: CloudProvider | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._providers: dict[str, CloudProvider] = {
            PROVIDER_AWS: aws or AWSProvider(),
            PROVIDER_AZURE: azure or AzureProvider(),
            PROVIDER_GCP: gcp or GCPProvider(),
        }
        self._clock = clock
        self._cache: dict[tuple[str, str], tuple[ProviderCredentials, float]] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def credentials(self, provider: str, ref: ImageRef) -> Credentials | None:
        """Credentials for `ref` from `provider`; None for `generic` (use Secrets or anonymous).

        Raises ConfigurationError when the image is not in that provider's registries
        (upstream's `invalid AWS registry: '...'. must match ...`) or the provider is unknown,
        and AuthenticationError when the cloud refuses.
        """
        if not provider or provider == PROVIDER_GENERIC:
            return None
        impl = self._providers.get(provider)
        if impl is None:
            raise ConfigurationError(
                f"unsupported provider '{provider}': must be one of {', '.join(PROVIDERS)}"
            )
        key = (provider, impl.registry_input(ref))
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = self._cache.get(key)
            if cached is not None and self._clock() < cached[1]:
                return cached[0].credentials
            fresh = await impl.login(ref, key[1])
            now = self._clock()
            margin = min(REFRESH_MARGIN, max(0.0, fresh.expires_at - now) / 2)
            self._cache[key] = (fresh, fresh.expires_at - margin)
            return fresh.credentials

    async def autologin(self, ref: ImageRef, *, aws_autologin_for_ecr: bool) -> Credentials | None:
        """v1beta1's `--aws-autologin-for-ecr`: ECR credentials for a generic repository without a
        Secret, when the flag is set and the image is in ECR; None otherwise (anonymous)."""
        if aws_autologin_for_ecr and is_ecr_registry(ref.registry):
            return await self.credentials(PROVIDER_AWS, ref)
        return None

    def forget(self, provider: str, ref: ImageRef) -> None:
        """Drop a cached login, e.g. after the registry refused the credentials it gave."""
        impl = self._providers.get(provider)
        if impl is None:
            return
        try:
            self._cache.pop((provider, impl.registry_input(ref)), None)
        except ConfigurationError:
            return


__all__ = [
    "PROVIDERS",
    "PROVIDER_AWS",
    "PROVIDER_AZURE",
    "PROVIDER_GCP",
    "PROVIDER_GENERIC",
    "AWSProvider",
    "AzureProvider",
    "CloudProvider",
    "GCPProvider",
    "ProviderCredentials",
    "ProviderLogin",
]
