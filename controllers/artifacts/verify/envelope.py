"""Notary Project signature envelopes (JWS `application/jose+json`, COSE `application/cose`).

Both carry the same things: a payload naming the signed artifact, signed attributes (signing
scheme, signing time, optional expiry), the signer's certificate chain (leaf first) and a
signature by the leaf key over the protected part. `parse` turns either into an `Envelope`;
`Envelope.check_integrity` is the integrity check of the Notary Project verification: the
signature verifies with the leaf key and the chain is well formed and valid at signing time.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import ExtendedKeyUsageOID

from controllers.artifacts.verify import cbor

JWS = "application/jose+json"
COSE = "application/cose"
PAYLOAD_CONTENT_TYPE = "application/vnd.cncf.notary.payload.v1+json"
_SCHEME = "io.cncf.notary.signingScheme"
_SIGNING_TIME = "io.cncf.notary.signingTime"
_AUTHENTIC_SIGNING_TIME = "io.cncf.notary.authenticSigningTime"
_EXPIRY = "io.cncf.notary.expiry"
_KNOWN_CRITICAL = frozenset(
    {
        _SCHEME,
        _EXPIRY,
        _AUTHENTIC_SIGNING_TIME,
        "io.cncf.notary.verificationPlugin",
        "io.cncf.notary.verificationPluginMinVersion",
    }
)
_COSE_ALGS = {-7: "ES256", -35: "ES384", -36: "ES512", -37: "PS256", -38: "PS384", -39: "PS512"}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}
_CURVES = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}


class EnvelopeError(ValueError):
    """The envelope is malformed or fails its integrity check."""


@dataclass(frozen=True)
class Envelope:
    media_type: str
    payload: bytes
    content_type: str
    signing_scheme: str
    signing_time: datetime
    expiry: datetime | None
    chain: tuple[x509.Certificate, ...]
    algorithm: str
    signed_bytes: bytes
    signature: bytes
    has_timestamp: bool

    def target_digest(self) -> str:
        """`targetArtifact.digest` of the signed payload."""
        try:
            doc = json.loads(self.payload)
            digest = doc["targetArtifact"]["digest"]
        except (ValueError, UnicodeDecodeError, KeyError, TypeError):
            raise EnvelopeError("the signed payload has no targetArtifact digest") from None
        if not isinstance(digest, str):
            raise EnvelopeError("the signed payload has no targetArtifact digest")
        return digest

    def check_integrity(self) -> None:
        """The signature verifies with the leaf key; the chain is a code-signing chain valid at
        signing time. Raises EnvelopeError saying what is wrong."""
        if self.content_type != PAYLOAD_CONTENT_TYPE:
            raise EnvelopeError(f"payload content type {self.content_type!r} is not supported")
        if self.signing_scheme not in ("notary.x509", "notary.x509.signingAuthority"):
            raise EnvelopeError(f"signing scheme {self.signing_scheme!r} is not supported")
        if self.expiry is not None and self.expiry < self.signing_time:
            raise EnvelopeError("the signature expires before its signing time")
        _check_chain(self.chain, self.signing_time)
        _verify_signature(self.chain[0].public_key(), self.algorithm, self.signature, self.signed_bytes)


def parse(media_type: str, raw: bytes) -> Envelope:
    if media_type == JWS:
        return _parse_jws(raw)
    if media_type == COSE:
        return _parse_cose(raw)
    raise EnvelopeError(f"signature envelope media type {media_type!r} is not supported")


# ------------------------------------------------------------------------------------------ JWS


def _b64url(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise EnvelopeError(f"JWS {what} is missing")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise EnvelopeError(f"JWS {what} is not base64url") from None


def _parse_jws(raw: bytes) -> Envelope:
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise EnvelopeError("JWS envelope is not JSON") from None
    if not isinstance(doc, dict):
        raise EnvelopeError("JWS envelope is not a JSON object")
    protected_b64, payload_b64 = doc.get("protected"), doc.get("payload")
    protected_raw = _b64url(protected_b64, "protected header")
    payload = _b64url(payload_b64, "payload")
    signature = _b64url(doc.get("signature"), "signature")
    try:
        protected = json.loads(protected_raw)
    except (ValueError, UnicodeDecodeError):
        raise EnvelopeError("JWS protected header is not JSON") from None
    header = doc.get("header")
    if not isinstance(protected, dict) or not isinstance(header, dict):
        raise EnvelopeError("JWS headers are not JSON objects")
    x5c = header.get("x5c")
    if not isinstance(x5c, list) or not x5c:
        raise EnvelopeError("JWS envelope has no certificate chain (x5c)")
    try:
        ders = [base64.b64decode(c, validate=True) for c in x5c]
    except (binascii.Error, ValueError, TypeError):
        raise EnvelopeError("JWS x5c entry is not base64") from None
    _check_critical(protected.get("crit"), protected)
    return Envelope(
        media_type=JWS,
        payload=payload,
        content_type=str(protected.get("cty", "")),
        signing_scheme=str(protected.get(_SCHEME, "")),
        signing_time=_rfc3339(protected.get(_SIGNING_TIME) or protected.get(_AUTHENTIC_SIGNING_TIME)),
        expiry=_rfc3339(protected[_EXPIRY]) if _EXPIRY in protected else None,
        chain=_certificates(ders),
        algorithm=str(protected.get("alg", "")),
        signed_bytes=f"{protected_b64}.{payload_b64}".encode(),
        signature=signature,
        has_timestamp="io.cncf.notary.timestampSignature" in header,
    )


def _rfc3339(value: Any) -> datetime:
    if not isinstance(value, str):
        raise EnvelopeError("the envelope has no valid signing time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise EnvelopeError(f"time {value!r} is not RFC 3339") from None
    if parsed.tzinfo is None:
        raise EnvelopeError(f"time {value!r} has no time zone")
    return parsed


# ----------------------------------------------------------------------------------------- COSE


def _parse_cose(raw: bytes) -> Envelope:
    try:
        item = cbor.loads(raw)
    except cbor.CBORError as e:
        raise EnvelopeError(f"COSE envelope is not valid CBOR: {e}") from None
    if isinstance(item, cbor.Tagged):
        if item.tag != 18:
            raise EnvelopeError(f"COSE envelope has tag {item.tag}, not COSE_Sign1 (18)")
        item = item.value
    if not isinstance(item, list) or len(item) != 4:
        raise EnvelopeError("COSE envelope is not a COSE_Sign1 array")
    protected_raw, unprotected, payload, signature = item
    if not isinstance(protected_raw, bytes) or not isinstance(unprotected, dict):
        raise EnvelopeError("COSE headers are malformed")
    if not isinstance(payload, bytes) or not isinstance(signature, bytes):
        raise EnvelopeError("COSE payload or signature is missing (detached payloads are not supported)")
    try:
        protected = cbor.loads(protected_raw) if protected_raw else {}
    except cbor.CBORError as e:
        raise EnvelopeError(f"COSE protected header is not valid CBOR: {e}") from None
    if not isinstance(protected, dict):
        raise EnvelopeError("COSE protected header is not a map")
    _check_critical(protected.get(2), protected)
    x5chain = unprotected.get(33)
    ders = [x5chain] if isinstance(x5chain, bytes) else x5chain
    if not isinstance(ders, list) or not ders or not all(isinstance(d, bytes) for d in ders):
        raise EnvelopeError("COSE envelope has no certificate chain (x5chain)")
    alg = protected.get(1)
    sig_structure = cbor.dumps_array(
        [
            cbor.dumps_text("Signature1"),
            cbor.dumps_bytes(protected_raw),
            cbor.dumps_bytes(b""),
            cbor.dumps_bytes(payload),
        ]
    )
    signing_time = protected.get(_SIGNING_TIME, protected.get(_AUTHENTIC_SIGNING_TIME))
    return Envelope(
        media_type=COSE,
        payload=payload,
        content_type=str(protected.get(3, "")),
        signing_scheme=str(protected.get(_SCHEME, "")),
        signing_time=_cbor_time(signing_time),
        expiry=_cbor_time(protected[_EXPIRY]) if _EXPIRY in protected else None,
        chain=_certificates(ders),
        algorithm=_COSE_ALGS.get(alg, str(alg)) if isinstance(alg, int) else str(alg),
        signed_bytes=sig_structure,
        signature=signature,
        has_timestamp="io.cncf.notary.timestampSignature" in unprotected,
    )


def _cbor_time(value: Any) -> datetime:
    """A tag-1 epoch time (notation writes whole seconds)."""
    if isinstance(value, cbor.Tagged) and value.tag == 1:
        value = value.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EnvelopeError("the envelope has no valid signing time")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise EnvelopeError("the envelope has no valid signing time") from None


# --------------------------------------------------------------------------------------- shared


def _check_critical(crit: Any, protected: dict[Any, Any]) -> None:
    if not isinstance(crit, list) or _SCHEME not in crit:
        raise EnvelopeError(f"the critical headers do not include {_SCHEME}")
    for name in crit:
        if name not in _KNOWN_CRITICAL:
            raise EnvelopeError(f"unknown critical header {name!r}")
        if name not in protected:
            raise EnvelopeError(f"critical header {name!r} is not present")
    if _EXPIRY in protected and _EXPIRY not in crit:
        raise EnvelopeError(f"header {_EXPIRY} must be marked critical")


def _certificates(ders: list[bytes]) -> tuple[x509.Certificate, ...]:
    try:
        return tuple(x509.load_der_x509_certificate(d) for d in ders)
    except ValueError:
        raise EnvelopeError("the envelope's certificate chain holds an unparsable certificate") from None


def _check_chain(chain: tuple[x509.Certificate, ...], at: datetime) -> None:
    leaf = chain[0]
    _check_leaf(leaf)
    for i, cert in enumerate(chain):
        if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
            raise EnvelopeError(
                f"certificate '{cert.subject.rfc4514_string()}' was not valid at the signing "
                f"time {at.isoformat()}"
            )
        issuer = chain[i + 1] if i + 1 < len(chain) else cert
        if i > 0 and not _is_ca(cert):
            raise EnvelopeError(f"certificate '{cert.subject.rfc4514_string()}' is not a CA certificate")
        try:
            cert.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature):
            what = "is not self-signed" if issuer is cert else "is not issued by the next certificate"
            raise EnvelopeError(
                f"invalid certificate chain: '{cert.subject.rfc4514_string()}' {what}"
            ) from None
    if len(chain) == 1 and _is_ca(leaf):
        raise EnvelopeError("the signing certificate is a CA certificate")


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _check_leaf(leaf: x509.Certificate) -> None:
    if _is_ca(leaf):
        raise EnvelopeError("the signing certificate is a CA certificate")
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise EnvelopeError("the signing certificate has no key usage extension") from None
    if not usage.digital_signature:
        raise EnvelopeError("the signing certificate's key usage lacks digitalSignature")
    try:
        eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return
    if ExtendedKeyUsageOID.CODE_SIGNING not in eku:
        raise EnvelopeError("the signing certificate's extended key usage lacks code signing")


def _verify_signature(key: Any, alg: str, signature: bytes, data: bytes) -> None:
    bits = alg[2:]
    hash_cls = _HASHES.get(bits)
    if hash_cls is None or alg[:2] not in ("ES", "PS"):
        raise EnvelopeError(f"signature algorithm {alg!r} is not supported")
    try:
        if alg.startswith("ES"):
            if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != _CURVES[alg]:
                raise EnvelopeError(f"the signing key does not match the signature algorithm {alg}")
            size = (key.curve.key_size + 7) // 8
            if len(signature) != 2 * size:
                raise InvalidSignature
            r = int.from_bytes(signature[:size], "big")
            s = int.from_bytes(signature[size:], "big")
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hash_cls()))
        else:
            if not isinstance(key, rsa.RSAPublicKey):
                raise EnvelopeError(f"the signing key does not match the signature algorithm {alg}")
            pss = padding.PSS(mgf=padding.MGF1(hash_cls()), salt_length=padding.PSS.DIGEST_LENGTH)
            key.verify(signature, data, pss, hash_cls())
    except InvalidSignature:
        raise EnvelopeError("the signature does not verify with the signing certificate's key") from None
