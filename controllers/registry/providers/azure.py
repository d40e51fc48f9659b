"""`provider: azure`: ACR credentials from the controller's Azure identity.

`DefaultAzureCredential` (workload identity, managed identity, environment) gives an AAD
access token for Azure Resource Manager; ACR trades it at `https://<registry>/oauth2/exchange`
for a refresh token, used as the password of the all-zero user that ACR reserves for it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from controllers.registry.credentials import Credentials
from controllers.registry.errors import AuthenticationError, ConfigurationError
from controllers.registry.providers.base import ProviderCredentials
from controllers.registry.reference import ImageRef

REGISTRY_PATTERN = r"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$"
_REGISTRY_RE = re.compile(REGISTRY_PATTERN)
USERNAME = "00000000-0000-0000-0000-000000000000"
_SCOPES = {
    "azurecr.cn": "https://management.chinacloudapi.cn/.default",
    "azurecr.us": "https://management.usgovcloudapi.net/.default",
    "azurecr.de": "https://management.microsoftazure.de/.default",
}
DEFAULT_SCOPE = "https://management.azure.com/.default"


def scope_for(registry: str) -> str:
    """The AAD scope of the Azure cloud a registry lives in (public cloud by default)."""
    suffix = registry.rsplit(".", 2)
    return _SCOPES.get(".".join(suffix[-2:]), DEFAULT_SCOPE)


def _default_exchange_url(registry: str) -> str:
    return f"https://{registry}/oauth2/exchange"


def _jwt_expiry(token: str) -> float | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) else None


class AzureProvider:
    """ACR refresh tokens from an AAD token; `exchange_url` is overridable for local tests."""

    name = "azure"

    def __init__(
        self,
        *,
        credential: Any = None,
        exchange_url: Callable[[str], str] = _default_exchange_url,
        request_timeout: float = 30.0,
    ) -> None:
        self._credential = credential
        self._exchange_url = exchange_url
        self._timeout = request_timeout
        self._lock = threading.Lock()

    def registry_input(self, ref: ImageRef) -> str:
        if not _REGISTRY_RE.match(ref.registry):
            raise ConfigurationError(
                f"invalid Azure registry: '{ref.registry}'. must match {REGISTRY_PATTERN}"
            )
        return ref.registry

    def _aad_token(self, scope: str) -> tuple[str, float]:
        from azure.core.exceptions import ClientAuthenticationError
        from azure.identity import DefaultAzureCredential

        with self._lock:
            if self._credential is None:
                self._credential = DefaultAzureCredential()
            credential = self._credential
        try:
            token = credential.get_token(scope)
        except ClientAuthenticationError as e:
            first_line = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise AuthenticationError(f"failed to get Azure AD token: {first_line}") from None
        return str(token.token), float(token.expires_on)

    async def login(self, ref: ImageRef, registry_input: str) -> ProviderCredentials:
        aad_token, aad_expiry = await asyncio.to_thread(self._aad_token, scope_for(registry_input))
        url = self._exchange_url(registry_input)
        form = {"grant_type": "access_token", "service": registry_input, "access_token": aad_token}
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout)) as s,
                s.post(url, data=form) as resp,
            ):
                body = await resp.read()
                status, reason = resp.status, resp.reason
        except (aiohttp.ClientError, TimeoutError) as e:
            raise AuthenticationError(f"POST {url}: {type(e).__name__}: {e}") from None
        if status != 200:
            raise AuthenticationError(f"POST {url}: unexpected status code {status} {reason}", status=status)
        try:
            doc = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise AuthenticationError(f"POST {url}: response is not JSON") from None
        refresh = doc.get("refresh_token") if isinstance(doc, dict) else None
        if not isinstance(refresh, str) or not refresh:
            raise AuthenticationError(f"POST {url}: response has no refresh_token")
        expires_at = _jwt_expiry(refresh) or min(aad_expiry, time.time() + 3 * 3600)
        return ProviderCredentials(Credentials(username=USERNAME, password=refresh), expires_at=expires_at)
