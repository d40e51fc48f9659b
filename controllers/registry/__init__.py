"""Registry access for image scanning: references, credentials, transport, the v2 client.

The ImageRepository controller's flow, roughly:

    ref = parse_image(spec.image, insecure=spec.insecure)        # InvalidImageError -> ImageURLInvalid
    transport = TransportOptions(tls=tls_from_secret(...), proxy=proxy_from_secret(...))
    creds = await login.credentials(spec.provider, ref)           # cloud providers
         or credentials_from_pull_secret(secret.data, ref, secret="ns/name") or ANONYMOUS
    tags = await client.list_tags(ref, creds, transport=transport, time_limit=timeout)
    # RegistryError.reason -> AuthenticationFailed / ReadOperationFailed
"""

from controllers.registry.client import DEFAULT_PAGE_SIZE, MANIFEST_MEDIA_TYPES, RegistryClient
from controllers.registry.credentials import (
    ANONYMOUS,
    Credentials,
    credentials_from_pull_secret,
    match_credentials,
    parse_docker_config,
)
from controllers.registry.errors import (
    REASON_AUTHENTICATION_FAILED,
    REASON_READ_OPERATION_FAILED,
    AuthenticationError,
    ConfigurationError,
    ManifestNotFoundError,
    RegistryError,
    RegistryReadError,
    RepositoryNotFoundError,
)
from controllers.registry.providers import (
    PROVIDER_AWS,
    PROVIDER_AZURE,
    PROVIDER_GCP,
    PROVIDER_GENERIC,
    PROVIDERS,
    ProviderLogin,
)
from controllers.registry.ratelimit import DEFAULT_BURST, DEFAULT_QPS, HostRateLimiter
from controllers.registry.reference import DEFAULT_REGISTRY, ImageRef, InvalidImageError, parse_image
from controllers.registry.transport import (
    ProxyConfig,
    TLSMaterial,
    TransportOptions,
    proxy_from_secret,
    tls_from_secret,
)

__all__ = [
    "ANONYMOUS",
    "DEFAULT_BURST",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_QPS",
    "DEFAULT_REGISTRY",
    "MANIFEST_MEDIA_TYPES",
    "PROVIDERS",
    "PROVIDER_AWS",
    "PROVIDER_AZURE",
    "PROVIDER_GCP",
    "PROVIDER_GENERIC",
    "REASON_AUTHENTICATION_FAILED",
    "REASON_READ_OPERATION_FAILED",
    "AuthenticationError",
    "ConfigurationError",
    "Credentials",
    "HostRateLimiter",
    "ImageRef",
    "InvalidImageError",
    "ManifestNotFoundError",
    "ProviderLogin",
    "ProxyConfig",
    "RegistryClient",
    "RegistryError",
    "RegistryReadError",
    "RepositoryNotFoundError",
    "TLSMaterial",
    "TransportOptions",
    "credentials_from_pull_secret",
    "match_credentials",
    "parse_docker_config",
    "parse_image",
    "proxy_from_secret",
    "tls_from_secret",
]
