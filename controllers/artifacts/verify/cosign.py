"""Cosign signature verification, the `cosign` provider of `.spec.verify`.

Two places hold cosign signatures of `sha256:<hex>`: the legacy tag `sha256-<hex>.sig` (one
simple-signing payload layer per signature, the signature in an annotation) and, since cosign
2.4's `--new-bundle-format`, Sigstore bundles attached as OCI referrers (a DSSE envelope around
an in-toto statement naming the digest). Both are read.

With public keys (every `*.pub` of the Secret) verification is offline, as in Flux: no
transparency log, the first key that verifies a signature of the digest wins. Without keys it
is keyless: the bundle's Fulcio certificate must chain to the trusted root (Sigstore's public
good instance as shipped with the `sigstore` package, or a `trusted_root.json`), its log entry
and SCT must verify, and its identity must match one of `matchOIDCIdentity` (RE2, unanchored,
like cosign's `regexp.MatchString`). Keyless only reads bundles: legacy `.sig` keyless
signatures carry no inclusion proof, which sigstore-python requires.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import re2
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from controllers.artifacts.verify.base import (
    RegistryReader,
    VerificationError,
    Verifier,
    VerifyResult,
    layers,
)
from controllers.registry.client import RegistryClient
from controllers.registry.credentials import ANONYMOUS, Credentials
from controllers.registry.reference import ImageRef
from controllers.registry.transport import TransportOptions

log = logging.getLogger(__name__)

SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json"
SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature"
BUNDLE_ARTIFACT_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"
IN_TOTO = "application/vnd.in-toto+json"
_MAX_SIGNATURES = 32  # per location; more is abuse, not a real signing history
_ISSUER_V1 = x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.1")
_ISSUER_V2 = x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.8")

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey | ed25519.Ed25519PublicKey


def cosign_verifier(
    secret_data: Mapping[str, bytes] | None,
    match_oidc_identity: Sequence[tuple[str, str]] | None,
    trusted_root: bytes | None = None,
) -> CosignVerifier:
    """Keyed when `secret_data` is given (its `*.pub` entries), keyless otherwise.

    `match_oidc_identity` is `(issuer, subject)` regexp pairs; `trusted_root` a
    `trusted_root.json` for a private Sigstore deployment. Bad keys or patterns raise
    VerificationError, as a spec the user must fix.
    """
    identities = tuple(_identity(issuer, subject) for issuer, subject in match_oidc_identity or ())
    if secret_data is not None:
        keys = tuple(
            (name, _public_key(name, secret_data[name]))
            for name in sorted(secret_data)
            if name.endswith(".pub")
        )
        return CosignVerifier(keys=keys, identities=identities, keyless=False)
    return CosignVerifier(keys=(), identities=identities, keyless=True, trusted_root=trusted_root)


def _public_key(name: str, pem: bytes) -> PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm):
        raise VerificationError(
            f"failed to load the public key '{name}': not a PEM-encoded public key"
        ) from None
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey | ed25519.Ed25519PublicKey):
        raise VerificationError(f"failed to load the public key '{name}': unsupported key type")
    return key


@dataclass(frozen=True)
class _Identity:
    issuer: Any
    subject: Any
    text: str


def _identity(issuer: str, subject: str) -> _Identity:
    try:
        return _Identity(re2.compile(issuer), re2.compile(subject), f"issuer={issuer!r}, subject={subject!r}")
    except re2.error as e:
        raise VerificationError(f"invalid OIDC identity matcher: {e}") from None


@dataclass(frozen=True)
class _Signature:
    """One signature found in the registry, in whichever format."""

    kind: str  # "legacy" or "bundle"
    payload: bytes  # what the digest check reads: simple-signing JSON or an in-toto statement
    signed: bytes  # the bytes the signature covers
    signature: bytes
    bundle: bytes | None = None


@dataclass
class CosignVerifier(Verifier):
    keys: tuple[tuple[str, PublicKey], ...]
    identities: tuple[_Identity, ...]
    keyless: bool
    trusted_root: bytes | None = None
    _sigstore: Any = field(default=None, repr=False)

    @property
    def provider(self) -> str:  # type: ignore[override]
        return "cosign keyless" if self.keyless else "cosign"

    def __repr__(self) -> str:
        return (
            f"CosignVerifier(provider={self.provider!r}, keys={[n for n, _ in self.keys]}, "
            f"identities={len(self.identities)})"
        )

    async def verify(
        self,
        client: RegistryClient,
        ref: ImageRef,
        digest: str,
        auth: Credentials = ANONYMOUS,
        transport: TransportOptions | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - passed on to each registry call
    ) -> VerifyResult:
        reader = RegistryReader(client, ref, auth, transport, timeout)
        no_match = VerificationError(f"no matching signatures were found for '{ref.name}@{digest}'")
        signatures = await _bundles(reader, digest)
        if self.keyless:
            if await self._keyless(signatures, digest):
                return VerifyResult.VERIFIED
            raise no_match
        signatures += await _legacy(reader, digest)
        for name, key in self.keys:
            for sig in signatures:
                if _verifies(key, sig) and _names_digest(sig, digest):
                    log.debug("cosign signature verified", extra={"key": name, "format": sig.kind})
                    return VerifyResult.VERIFIED
        raise no_match

    async def _keyless(self, signatures: list[_Signature], digest: str) -> bool:
        bundles = [s for s in signatures if s.bundle is not None]
        if not bundles:
            return False
        return await asyncio.to_thread(self._keyless_sync, bundles, digest)

    def _keyless_sync(self, bundles: list[_Signature], digest: str) -> bool:
        from sigstore.errors import Error as SigstoreError
        from sigstore.models import Bundle, InvalidBundle

        verifier = self._sigstore_verifier()
        policy = _IdentityPolicy(self.identities)
        for sig in bundles:
            assert sig.bundle is not None
            try:
                bundle = Bundle.from_json(sig.bundle)
                payload_type, payload = verifier.verify_dsse(bundle, policy)
            except (SigstoreError, InvalidBundle, ValueError) as e:
                log.info("keyless cosign bundle did not verify", extra={"reason": str(e)})
                continue
            if payload_type == IN_TOTO and _statement_names(payload, digest):
                return True
        return False

    def _sigstore_verifier(self) -> Any:
        """sigstore-python's verifier for the configured trust root, built once (parsing is slow)."""
        if self._sigstore is None:
            from sigstore.models import TrustedRoot
            from sigstore.verify import Verifier as SigstoreVerifier
            from sigstore_models.trustroot.v1 import TrustedRoot as TrustedRootModel

            raw = self.trusted_root
            if raw is None:
                store = resources.files("sigstore") / "_store" / "https%3A%2F%2Ftuf-repo-cdn.sigstore.dev"
                raw = (store / "trusted_root.json").read_bytes()
            try:
                root = TrustedRoot(TrustedRootModel.from_json(raw))
                self._sigstore = SigstoreVerifier(trusted_root=root)
            except Exception as e:  # the models raise a variety of validation errors
                raise VerificationError(f"invalid trusted root: {type(e).__name__}") from None
        return self._sigstore


class _IdentityPolicy:
    """A sigstore VerificationPolicy: the certificate's issuer and a SAN match one identity."""

    def __init__(self, identities: tuple[_Identity, ...]) -> None:
        self.identities = identities

    def verify(self, cert: x509.Certificate) -> None:
        from sigstore.errors import VerificationError as SigstoreVerificationError

        if not self.identities:
            return
        issuer = certificate_issuer(cert)
        sans = certificate_identities(cert)
        for ident in self.identities:
            if (
                issuer is not None
                and ident.issuer.search(issuer)
                and any(ident.subject.search(s) for s in sans)
            ):
                return
        raise SigstoreVerificationError("the certificate identity matches none of the OIDC identity matchers")


def certificate_issuer(cert: x509.Certificate) -> str | None:
    """The OIDC issuer Fulcio recorded: the v2 extension (DER UTF8String) else the v1 one (raw)."""
    for oid in (_ISSUER_V2, _ISSUER_V1):
        try:
            ext = cert.extensions.get_extension_for_oid(oid).value
        except x509.ExtensionNotFound:
            continue
        raw = ext.value if isinstance(ext, x509.UnrecognizedExtension) else b""
        if oid == _ISSUER_V2 and len(raw) >= 2 and raw[0] == 0x0C:  # UTF8String, short form length
            raw = raw[2:] if raw[1] < 0x80 else raw[2 + (raw[1] & 0x7F) :]
        return raw.decode(errors="replace")
    return None


def certificate_identities(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    out: list[str] = []
    for kind in (x509.RFC822Name, x509.UniformResourceIdentifier, x509.DNSName):
        out.extend(str(v) for v in san.get_values_for_type(kind))
    for other in san.get_values_for_type(x509.OtherName):
        out.append(other.value.decode(errors="replace"))
    return out


# --------------------------------------------------------------------------- finding signatures


async def _legacy(reader: RegistryReader, digest: str) -> list[_Signature]:
    manifest = await reader.manifest(digest.replace(":", "-", 1) + ".sig")
    if manifest is None:
        return []
    found: list[_Signature] = []
    for layer in layers(manifest)[:_MAX_SIGNATURES]:
        annotations = layer.get("annotations") or {}
        if layer.get("mediaType") != SIMPLE_SIGNING or SIGNATURE_ANNOTATION not in annotations:
            continue
        try:
            signature = base64.b64decode(str(annotations[SIGNATURE_ANNOTATION]), validate=True)
        except (binascii.Error, ValueError):
            continue
        payload = await reader.blob(str(layer.get("digest", "")))
        found.append(_Signature("legacy", payload, payload, signature))
    return found


async def _bundles(reader: RegistryReader, digest: str) -> list[_Signature]:
    found: list[_Signature] = []
    for manifest in (await reader.referrer_manifests(digest, BUNDLE_ARTIFACT_TYPE))[:_MAX_SIGNATURES]:
        for layer in layers(manifest):
            if layer.get("mediaType") != BUNDLE_ARTIFACT_TYPE:
                continue
            raw = await reader.blob(str(layer.get("digest", "")))
            sig = _from_bundle(raw)
            if sig is not None:
                found.append(sig)
    return found


def _from_bundle(raw: bytes) -> _Signature | None:
    """The DSSE signature of a bundle (cosign signs an in-toto statement); None if it has none."""
    try:
        doc = json.loads(raw)
        envelope = doc["dsseEnvelope"]
        payload_type = str(envelope["payloadType"])
        payload = base64.b64decode(envelope["payload"], validate=True)
        signature = base64.b64decode(envelope["signatures"][0]["sig"], validate=True)
    except (ValueError, UnicodeDecodeError, KeyError, IndexError, TypeError, binascii.Error):
        return None
    if payload_type != IN_TOTO:
        return None
    return _Signature("bundle", payload, _pae(payload_type, payload), signature, bundle=raw)


def _pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE pre-authentication encoding: what a DSSE signature covers."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


# -------------------------------------------------------------------------------------- checks


def _verifies(key: PublicKey, sig: _Signature) -> bool:
    """The signature checks out with `key` (sigstore's defaults: SHA-256, PKCS#1 v1.5 for RSA)."""
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(sig.signature, sig.signed, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(sig.signature, sig.signed, padding.PKCS1v15(), hashes.SHA256())
        else:
            key.verify(sig.signature, sig.signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def _names_digest(sig: _Signature, digest: str) -> bool:
    if sig.kind == "bundle":
        return _statement_names(sig.payload, digest)
    try:
        doc = json.loads(sig.payload)
        return bool(doc["critical"]["image"]["docker-manifest-digest"] == digest)
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        return False


def _statement_names(payload: bytes, digest: str) -> bool:
    """The in-toto statement has `digest` among its subjects."""
    algorithm, _, hex_digest = digest.partition(":")
    try:
        subjects = json.loads(payload)["subject"]
        return any(s.get("digest", {}).get(algorithm) == hex_digest for s in subjects if isinstance(s, dict))
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        return False
