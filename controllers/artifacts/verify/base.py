"""What every signature verifier shares: the result type, the error, and registry reads.

Signatures live next to the artifact in its repository, found by tag (cosign's legacy
`sha256-<hex>.sig`) or as OCI referrers. Debian's docker-registry 2.8 (and many private
registries) has no referrers API, so referrers are looked up through the API first and then
through the `sha256-<hex>` fallback tag, which holds an image index of them (OCI 1.1 tag schema).
"""

from __future__ import annotations

import abc
import asyncio
import enum
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from controllers.registry.client import Manifest, RegistryClient
from controllers.registry.credentials import ANONYMOUS, Credentials
from controllers.registry.errors import ManifestNotFoundError, RegistryReadError
from controllers.registry.reference import ImageRef
from controllers.registry.transport import TransportOptions

log = logging.getLogger(__name__)

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
EMPTY = "application/vnd.oci.empty.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
#: Signature payloads and envelopes are kilobytes; a cap keeps a hostile registry from filling memory.
MAX_SIGNATURE_BLOB = 4 << 20


class VerifyResult(enum.Enum):
    """VERIFIED sets SourceVerified=True; IGNORED (notation audit/skip) sets no condition at all."""

    VERIFIED = "verified"
    IGNORED = "ignored"


class VerificationError(Exception):
    """The artifact's signatures do not verify; `message` goes into the SourceVerified condition."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Verifier(abc.ABC):
    """A configured provider (keys, identities, trust policy) checking one artifact digest."""

    #: The provider name Flux puts into `failed to verify the signature using provider '<name>'`.
    provider: str

    @abc.abstractmethod
    async def verify(
        self,
        client: RegistryClient,
        ref: ImageRef,
        digest: str,
        auth: Credentials = ANONYMOUS,
        transport: TransportOptions | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - passed on to each registry call
    ) -> VerifyResult:
        """VERIFIED or IGNORED, else raises VerificationError (registry failures propagate)."""


@dataclass
class RegistryReader:
    """The registry calls of one verification, with the caller's credentials and transport."""

    client: RegistryClient
    ref: ImageRef
    auth: Credentials
    transport: TransportOptions | None
    timeout: float | None

    async def manifest(self, reference: str) -> Manifest | None:
        """The manifest `reference` names, or None when the registry has no such manifest."""
        try:
            return await self.client.get_manifest(
                self.ref,
                reference,
                self.auth,
                transport=self.transport,
                time_limit=self.timeout,
                accept=(OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX),
            )
        except ManifestNotFoundError:
            return None

    async def blob(self, digest: str) -> bytes:
        """A small blob (payload, envelope, bundle), digest-checked by the client."""
        with tempfile.TemporaryDirectory(prefix="lookout-verify-") as tmp:
            dest = Path(tmp) / "blob"
            await self.client.fetch_blob(
                self.ref,
                digest,
                dest,
                self.auth,
                transport=self.transport,
                time_limit=self.timeout,
                max_size=MAX_SIGNATURE_BLOB,
            )
            return await asyncio.to_thread(dest.read_bytes)

    async def referrer_manifests(self, digest: str, artifact_type: str) -> list[Manifest]:
        """The manifests referring to `digest` with `artifact_type`: the API, else the fallback tag.

        The index's own `artifactType` is only a hint (cosign's fallback index records the empty
        config type), so candidates are fetched and judged by their manifest.
        """
        try:
            index = await self.client.get_referrers(
                self.ref, digest, self.auth, transport=self.transport, time_limit=self.timeout
            )
        except RegistryReadError as e:  # some registries answer 400/405 for an unknown API route
            log.debug("referrers API unusable, trying the fallback tag", extra={"reason": str(e)})
            index = None
        if index is None:
            index = await self.manifest(fallback_tag(digest))
        if index is None:
            return []
        found: list[Manifest] = []
        for desc in index.json.get("manifests") or []:
            if not isinstance(desc, dict) or desc.get("artifactType") not in (artifact_type, EMPTY, None):
                continue
            manifest = await self.manifest(str(desc.get("digest", "")))
            if manifest is None:
                continue
            config = manifest.json.get("config") or {}
            kind = manifest.json.get("artifactType") or (
                config.get("mediaType") if isinstance(config, dict) else None
            )
            subject = manifest.json.get("subject") or {}
            if kind == artifact_type and isinstance(subject, dict) and subject.get("digest") == digest:
                found.append(manifest)
        return found


def fallback_tag(digest: str) -> str:
    """The OCI 1.1 referrers tag schema: `sha256:abc` -> `sha256-abc`."""
    return digest.replace(":", "-", 1)


def layers(manifest: Manifest) -> list[dict[str, Any]]:
    return [layer for layer in manifest.json.get("layers") or [] if isinstance(layer, dict)]
