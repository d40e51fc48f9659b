"""Cloud registry login (`.spec.provider`, `--*-autologin-*`) with a bounded cache of tokens.

`ProviderLogin` is shared by every scan: a thousand ImageRepositories in one ECR region
cost one `GetAuthorizationToken` call per token lifetime, not one per scan. The cache is
Flux's token cache (`--token-cache-max-size`, `--token-cache-max-duration`): at most that
many tokens, least recently used evicted first, none used longer than the max duration.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from controllers.registry.credentials import Credentials
from controllers.registry.errors import ConfigurationError
from controllers.registry.providers.aws import AWSProvider
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

#: `--token-cache-max-size`'s default: tokens kept; 0 disables the cache.
DEFAULT_CACHE_MAX_SIZE = 100
#: `--token-cache-max-duration`'s default, and (as fluxcd/pkg's TokenMaxDuration) its cap.
TOKEN_MAX_DURATION = 3600.0

# Flux's ImageRegistryProvider checks the registry against these clouds in this order.
_AUTOLOGIN_ORDER = (PROVIDER_AWS, PROVIDER_GCP, PROVIDER_AZURE)

_Key = tuple[str, str]


class ProviderLogin:
    """Registry credentials for cloud providers, cached per provider and registry input.

    `autologin` names the clouds whose registries a generic repository without a Secret
    logs in to (`--aws-autologin-for-ecr`, `--gcp-autologin-for-gcr`, `--azure-autologin-for-acr`).
    `cache_max_size` (0 or less: no caching, every call logs in) and `cache_max_duration`
    (seconds, capped at an hour as in Flux) bound the token cache.
    """

    def __init__(
        self,
        *,
        aws: CloudProvider | None = None,
        azure: CloudProvider | None = None,
        gcp: CloudProvider | None = None,
        autologin: Iterable[str] = (),
        cache_max_size: int = DEFAULT_CACHE_MAX_SIZE,
        cache_max_duration: float = TOKEN_MAX_DURATION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._providers: dict[str, CloudProvider] = {
            PROVIDER_AWS: aws or AWSProvider(),
            PROVIDER_AZURE: azure or AzureProvider(),
            PROVIDER_GCP: gcp or GCPProvider(),
        }
        unknown = sorted(set(autologin) - set(self._providers))
        if unknown:
            raise ValueError(f"no autologin for unknown providers: {', '.join(unknown)}")
        self.autologin_providers = frozenset(autologin)
        self.cache_max_size = max(int(cache_max_size), 0)
        self.cache_max_duration = min(max(float(cache_max_duration), 0.0), TOKEN_MAX_DURATION)
        self._clock = clock
        # Least recently used first; values are the login and the time it stops being reused.
        self._cache: OrderedDict[_Key, tuple[ProviderCredentials, float]] = OrderedDict()
        self._locks: dict[_Key, asyncio.Lock] = {}

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
        if self.cache_max_size == 0:
            # No cache, nothing to share: concurrent scans log in side by side, as in Flux.
            return (await impl.login(ref, key[1])).credentials
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # one login per key at a time: the others wait and reuse it
            cached = self._cache.get(key)
            if cached is not None:
                if self._clock() < cached[1]:
                    self._cache.move_to_end(key)
                    return cached[0].credentials
                del self._cache[key]
            fresh = await impl.login(ref, key[1])
            self._store(key, fresh)
            return fresh.credentials

    def _store(self, key: _Key, fresh: ProviderCredentials) -> None:
        now = self._clock()
        margin = min(REFRESH_MARGIN, max(0.0, fresh.expires_at - now) / 2)
        reuse_until = min(fresh.expires_at - margin, now + self.cache_max_duration)
        if reuse_until <= now:
            return
        self._cache[key] = (fresh, reuse_until)
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_max_size:
            evicted, _ = self._cache.popitem(last=False)
            lock = self._locks.get(evicted)
            if lock is not None and not lock.locked():
                del self._locks[evicted]

    def autologin_provider(self, ref: ImageRef, *, aws_autologin_for_ecr: bool = False) -> str | None:
        """The cloud whose registry `ref` is in, if autologin is enabled for it; else None."""
        enabled = self.autologin_providers | ({PROVIDER_AWS} if aws_autologin_for_ecr else set())
        for name in _AUTOLOGIN_ORDER:
            try:
                self._providers[name].registry_input(ref)
            except ConfigurationError:
                continue
            return name if name in enabled else None
        return None

    async def autologin(
        self, ref: ImageRef, *, aws_autologin_for_ecr: bool = False
    ) -> tuple[str, Credentials] | None:
        """Cloud credentials for a generic repository without a Secret, with the provider they
        came from, when `ref` is in the registry of a cloud with autologin enabled
        (`aws_autologin_for_ecr` adds AWS); None otherwise (anonymous)."""
        provider = self.autologin_provider(ref, aws_autologin_for_ecr=aws_autologin_for_ecr)
        if provider is None:
            return None
        creds = await self.credentials(provider, ref)
        return (provider, creds) if creds is not None else None

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
    "DEFAULT_CACHE_MAX_SIZE",
    "PROVIDERS",
    "PROVIDER_AWS",
    "PROVIDER_AZURE",
    "PROVIDER_GCP",
    "PROVIDER_GENERIC",
    "TOKEN_MAX_DURATION",
    "AWSProvider",
    "AzureProvider",
    "CloudProvider",
    "GCPProvider",
    "ProviderCredentials",
    "ProviderLogin",
]
