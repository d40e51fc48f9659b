"""`provider: gcp`: GCR and Artifact Registry credentials from Google default credentials.

google-auth's default chain (a credentials file, workload identity federation, or the
GKE/GCE metadata server — whose address `GCE_METADATA_HOST`/`GCE_METADATA_IP` override)
yields an OAuth2 access token, presented with the username `oauth2accesstoken`.
google-auth blocks, so it runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime
import re
import threading
import time
from typing import Any

from controllers.registry.credentials import Credentials
from controllers.registry.errors import AuthenticationError, ConfigurationError
from controllers.registry.providers.base import ProviderCredentials
from controllers.registry.reference import ImageRef

REGISTRY_PATTERN = r"^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev)|(docker\.s3nsregistry\.fr))$"
_REGISTRY_RE = re.compile(REGISTRY_PATTERN)
USERNAME = "oauth2accesstoken"
SCOPES = (
    "https://www.googleapis.com/auth/cloud-platform",
    "https://www.googleapis.com/auth/userinfo.email",
)


class GCPProvider:
    """Access tokens from `google.auth.default()`."""

    name = "gcp"

    def __init__(self) -> None:
        self._credentials: Any = None
        self._lock = threading.Lock()

    def registry_input(self, ref: ImageRef) -> str:
        if not _REGISTRY_RE.match(ref.registry):
            raise ConfigurationError(f"invalid GCP registry: '{ref.registry}'. must match {REGISTRY_PATTERN}")
        return self.name  # one identity serves every Google registry

    def _login_blocking(self) -> ProviderCredentials:
        import google.auth
        import google.auth.exceptions
        import google.auth.transport.requests

        try:
            with self._lock:
                if self._credentials is None:
                    self._credentials, _ = google.auth.default(scopes=list(SCOPES))
                creds = self._credentials
                creds.refresh(google.auth.transport.requests.Request())
        except google.auth.exceptions.GoogleAuthError as e:
            with self._lock:
                self._credentials = None  # rediscover next time (e.g. the metadata server came back)
            raise AuthenticationError(f"failed to get GCP access token: {e}") from None
        token = getattr(creds, "token", None)
        if not token:
            raise AuthenticationError("failed to get GCP access token: no token returned")
        expiry = getattr(creds, "expiry", None)
        if isinstance(expiry, datetime.datetime):
            # google-auth keeps naive UTC datetimes
            expires_at = expiry.replace(tzinfo=datetime.UTC).timestamp() if expiry.tzinfo is None \
                else expiry.timestamp()
        else:
            expires_at = time.time() + 3600.0
        return ProviderCredentials(Credentials(username=USERNAME, password=token), expires_at=expires_at)

    async def login(self, ref: ImageRef, registry_input: str) -> ProviderCredentials:
        return await asyncio.to_thread(self._login_blocking)
