"""How to reach and authenticate to an ImageRepository's registry (upstream's `setAuthOptions`).

The ImageRepository controller calls this before every scan, and the ImagePolicy
controller reuses it to fetch digests with the repository's own credentials. Secrets are
read from the API server (not cached), within the repository's timeout. Order, as Flux:

- a cloud `provider` (aws, azure, gcp) logs in with the controller's identity and ignores
  `secretRef` and the service account's pull secrets;
- `generic`: the `secretRef` pull Secret's entry for the registry, else the first entry
  among the service account's `imagePullSecrets` matching it, else, without `secretRef`,
  the cloud's credentials for an image in ECR, GCR/Artifact Registry or ACR when the
  manager's `--aws-autologin-for-ecr`, `--gcp-autologin-for-gcr` or
  `--azure-autologin-for-acr` is set (the `ProviderLogin`'s autologin), else anonymous;
- `proxySecretRef` and `certSecretRef` shape the connection whichever way credentials came.

Every error message names Secrets and keys, never their values.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from controller_runtime.client import errors
from controllers.registry import (
    ANONYMOUS,
    PROVIDER_GENERIC,
    ConfigurationError,
    Credentials,
    ImageRef,
    ProviderLogin,
    RegistryError,
    TransportOptions,
    credentials_from_pull_secret,
    proxy_from_secret,
    tls_from_secret,
)

log = logging.getLogger("lookout.scanning.auth")


class AuthOptionsError(Exception):
    """Credentials or connection settings could not be assembled; the message is user-safe."""


@dataclass(frozen=True)
class AuthOptions:
    """Credentials and transport for one repository; `provider` says where credentials came from."""

    credentials: Credentials
    transport: TransportOptions
    provider: str = PROVIDER_GENERIC

    def __repr__(self) -> str:
        return f"AuthOptions(provider={self.provider!r}, {self.credentials!r}, <transport>)"


def _ref_name(spec: dict[str, Any], key: str) -> str:
    ref = spec.get(key)
    if isinstance(ref, dict) and ref.get("name"):
        return str(ref["name"])
    return ""


async def _secret_data(client: Any, namespace: str, name: str) -> dict[str, str]:
    try:
        secret = await client.get("v1", "Secret", name, namespace=namespace)
    except errors.ApiError as e:
        raise AuthOptionsError(str(e)) from None
    data = secret.get("data") or {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


async def _service_account_credentials(
    client: Any, namespace: str, name: str, ref: ImageRef
) -> Credentials | None:
    try:
        sa = await client.get("v1", "ServiceAccount", name, namespace=namespace)
    except errors.ApiError as e:
        raise AuthOptionsError(str(e)) from None
    for entry in sa.get("imagePullSecrets") or []:
        secret_name = entry.get("name") if isinstance(entry, dict) else None
        if not secret_name:
            continue
        data = await _secret_data(client, namespace, str(secret_name))
        creds = credentials_from_pull_secret(data, ref, secret=f"{namespace}/{secret_name}")
        if creds is not None:
            return creds
    return None


async def _credentials(
    client: Any,
    obj: dict[str, Any],
    ref: ImageRef,
    login: ProviderLogin,
    aws_autologin_for_ecr: bool,
    secret_first: bool = False,
) -> tuple[Credentials, str]:
    spec = obj.get("spec") or {}
    namespace = str((obj.get("metadata") or {}).get("namespace") or "")
    provider = str(spec.get("provider") or PROVIDER_GENERIC)
    if secret_first and provider != PROVIDER_GENERIC:
        # Sources (OCIRepository): the secret and the service account's pull secrets come
        # first; the cloud only when neither gives credentials for the registry.
        found, _ = await _credentials(client, {**obj, "spec": {**spec, "provider": PROVIDER_GENERIC}},
                                      ref, login, False)
        if found is not ANONYMOUS:
            return found, PROVIDER_GENERIC
        creds = await login.credentials(provider, ref)
        return (creds or ANONYMOUS), provider
    if provider != PROVIDER_GENERIC:
        creds = await login.credentials(provider, ref)
        return (creds or ANONYMOUS), provider
    secret_name = _ref_name(spec, "secretRef")
    if secret_name:
        data = await _secret_data(client, namespace, secret_name)
        creds = credentials_from_pull_secret(data, ref, secret=f"{namespace}/{secret_name}")
        if creds is not None:
            return creds, provider
    sa_name = str(spec.get("serviceAccountName") or "")
    if sa_name:
        creds = await _service_account_credentials(client, namespace, sa_name, ref)
        if creds is not None:
            return creds, provider
    if not secret_name:
        cloud = await login.autologin(ref, aws_autologin_for_ecr=aws_autologin_for_ecr)
        if cloud is not None:
            # The cloud's name, not "generic": a 401 then drops that cloud's cached token.
            return cloud[1], cloud[0]
    return ANONYMOUS, provider


async def _transport(client: Any, obj: dict[str, Any]) -> TransportOptions:
    spec = obj.get("spec") or {}
    namespace = str((obj.get("metadata") or {}).get("namespace") or "")
    tls = proxy = None
    cert_name = _ref_name(spec, "certSecretRef")
    if cert_name:
        data = await _secret_data(client, namespace, cert_name)
        tls = tls_from_secret(data, secret=f"{namespace}/{cert_name}", logger=log)
    proxy_name = _ref_name(spec, "proxySecretRef")
    if proxy_name:
        data = await _secret_data(client, namespace, proxy_name)
        proxy = proxy_from_secret(data, secret=f"{namespace}/{proxy_name}")
    return TransportOptions(tls=tls, proxy=proxy)


async def auth_options(
    client: Any,
    obj: dict[str, Any],
    ref: ImageRef,
    *,
    login: ProviderLogin,
    aws_autologin_for_ecr: bool = False,
    time_limit: float | None = None,
    secret_first: bool = False,
) -> AuthOptions:
    """Credentials and transport for the ImageRepository `obj` (a plain dict) and its parsed `ref`.

    `aws_autologin_for_ecr` adds AWS to `login`'s autologin clouds (for callers that carry
    the flag themselves). `secret_first` is the sources' order (OCIRepository: `secretRef`
    beats `provider`). Raises AuthOptionsError, e.g. `secrets "regcred" not found` or a
    Secret format problem.
    """
    try:
        async with asyncio.timeout(time_limit):
            transport = await _transport(client, obj)
            creds, provider = await _credentials(
                client, obj, ref, login, aws_autologin_for_ecr, secret_first
            )
    except TimeoutError:
        raise AuthOptionsError("timed out reading the credentials and connection settings") from None
    except (ConfigurationError, RegistryError) as e:
        raise AuthOptionsError(str(e)) from None
    return AuthOptions(credentials=creds, transport=transport, provider=provider)
