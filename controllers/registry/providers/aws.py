"""`provider: aws`: ECR and ECR Public credentials from the controller's AWS identity.

boto3 finds the identity (IRSA, EKS Pod Identity, node role, env) and honours endpoint
overrides such as `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_ECR` and
`AWS_ENDPOINT_URL_ECR_PUBLIC`. It blocks, so calls run in a worker thread.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime
import re
import threading
import time
from typing import Any

from controllers.registry.credentials import Credentials
from controllers.registry.errors import AuthenticationError, ConfigurationError
from controllers.registry.providers.base import ProviderCredentials
from controllers.registry.reference import ImageRef

# Upstream's ECR registry pattern (sourced from the ECR credential helper).
REGISTRY_PATTERN = (
    r"([0-9+]*).dkr[.-]ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|amazonaws\.eu|sc2s\.sgov\.gov|"
    r"c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws)"
)
_REGISTRY_RE = re.compile("^" + REGISTRY_PATTERN + "$")
PUBLIC_ECR = "public.ecr.aws"
PUBLIC_ECR_REGION = "us-east-1"  # ECR Public issues tokens only there


def is_ecr_registry(registry: str) -> bool:
    """Whether a registry host is private ECR or ECR Public."""
    return registry == PUBLIC_ECR or _REGISTRY_RE.match(registry) is not None


def _expiry(value: Any) -> float:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return float(value.timestamp())
    if isinstance(value, int | float):
        return float(value)
    return time.time() + 3600.0


class AWSProvider:
    """Private ECR via `ecr.get_authorization_token`, public ECR via `ecr-public` in us-east-1."""

    name = "aws"

    def __init__(self) -> None:
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def registry_input(self, ref: ImageRef) -> str:
        if ref.registry == PUBLIC_ECR:
            return PUBLIC_ECR
        m = _REGISTRY_RE.match(ref.registry)
        if m is None:
            raise ConfigurationError(f"invalid AWS registry: '{ref.registry}'. must match {REGISTRY_PATTERN}")
        return m.group(2)  # the region

    def _client(self, service: str, region: str) -> Any:
        import boto3  # imported lazily: it takes a while and most controllers never need it

        with self._lock:
            client = self._clients.get((service, region))
            if client is None:
                client = self._clients[(service, region)] = boto3.session.Session().client(
                    service, region_name=region
                )
            return client

    def _login_blocking(self, registry_input: str) -> ProviderCredentials:
        if registry_input == PUBLIC_ECR:
            resp = self._client("ecr-public", PUBLIC_ECR_REGION).get_authorization_token()
            data = resp.get("authorizationData") or {}
        else:
            resp = self._client("ecr", registry_input).get_authorization_token()
            items = resp.get("authorizationData") or []
            if not items:
                raise AuthenticationError("no authorization data returned")
            data = items[0]
        token = data.get("authorizationToken")
        if not token:
            raise AuthenticationError("authorization token is nil")
        try:
            decoded = base64.b64decode(token).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise AuthenticationError("failed to parse authorization token") from None
        username, sep, password = decoded.partition(":")
        if not sep:
            raise AuthenticationError("invalid authorization token format")
        return ProviderCredentials(
            Credentials(username=username, password=password), expires_at=_expiry(data.get("expiresAt"))
        )

    async def login(self, ref: ImageRef, registry_input: str) -> ProviderCredentials:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return await asyncio.to_thread(self._login_blocking, registry_input)
        except (BotoCoreError, ClientError) as e:
            raise AuthenticationError(f"failed to get ECR credentials: {e}") from None
