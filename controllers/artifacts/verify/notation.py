"""Notation (Notary Project) signature verification, the `notation` provider of `.spec.verify`.

Signatures are referrers of the artifact with artifact type `application/vnd.cncf.notary.signature`,
one envelope layer each. The Secret holds `trustpolicy.json` and the trusted root certificates
(`*.crt`, `*.pem`); as in Flux, all of them form every trust store the policy names. Each
signature (at most three, like Flux) is checked in turn until one passes the checks its
statement enforces. Flux's outcome mapping is kept: a `skip` statement, or a passing signature
whose authenticity failure was only logged (`audit`), is IGNORED: no SourceVerified condition.

Not done: revocation (OCSP/CRL) is never checked, and timestamp countersignatures are not
verified, so certificates must still be valid now for the authentic-timestamp check.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from controllers.artifacts.verify import envelope as env
from controllers.artifacts.verify import trustpolicy as tp
from controllers.artifacts.verify.base import (
    RegistryReader,
    VerificationError,
    Verifier,
    VerifyResult,
    layers,
)
from controllers.registry.client import Manifest, RegistryClient
from controllers.registry.credentials import ANONYMOUS, Credentials
from controllers.registry.reference import ImageRef
from controllers.registry.transport import TransportOptions

log = logging.getLogger(__name__)

TRUST_POLICY_KEY = "trustpolicy.json"
SIGNATURE_ARTIFACT_TYPE = "application/vnd.cncf.notary.signature"
MAX_SIGNATURE_ATTEMPTS = 3


def notation_verifier(secret_data: Mapping[str, bytes] | None, secret: str) -> NotationVerifier:
    """A verifier from the Secret `secret` (`<namespace>/<name>`, for messages) and its data."""
    data = secret_data or {}
    raw_policy = data.get(TRUST_POLICY_KEY)
    if raw_policy is None:
        raise VerificationError(f"'{TRUST_POLICY_KEY}' not found in secret '{secret}'")
    roots: list[x509.Certificate] = []
    for key in sorted(data):
        if key.endswith((".crt", ".pem")):
            roots.extend(_load_certificates(key, data[key]))
    if not roots:
        raise VerificationError(f"no certificates found in secret '{secret}'")
    try:
        policy = tp.parse(raw_policy)
    except tp.TrustPolicyError as e:
        raise VerificationError(str(e)) from None
    return NotationVerifier(policy, tuple(roots))


def _load_certificates(key: str, raw: bytes) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in raw:
            return list(x509.load_pem_x509_certificates(raw))
        return [x509.load_der_x509_certificate(raw)]
    except ValueError:
        raise VerificationError(f"failed to parse certificate '{key}'") from None


@dataclass
class _Outcome:
    """One signature's checks: `failed` rejects it; `logged` are failures its level only logs."""

    failed: str | None = None
    logged: dict[str, str] = field(default_factory=dict)


@dataclass
class NotationVerifier(Verifier):
    policy: tp.TrustPolicy
    roots: tuple[x509.Certificate, ...]
    max_attempts: int = MAX_SIGNATURE_ATTEMPTS
    provider = "notation"

    def __repr__(self) -> str:
        return f"NotationVerifier(statements={len(self.policy.statements)}, roots={len(self.roots)})"

    async def verify(
        self,
        client: RegistryClient,
        ref: ImageRef,
        digest: str,
        auth: Credentials = ANONYMOUS,
        transport: TransportOptions | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - passed on to each registry call
    ) -> VerifyResult:
        artifact = f"{ref.name}@{digest}"
        try:
            statement = self.policy.statement_for(ref.name)
        except tp.TrustPolicyError as e:
            raise VerificationError(str(e)) from None
        if statement.level == "skip":
            return VerifyResult.IGNORED
        reader = RegistryReader(client, ref, auth, transport, timeout)
        manifests = await reader.referrer_manifests(digest, SIGNATURE_ARTIFACT_TYPE)
        if not manifests:
            raise VerificationError(
                f'no signature is associated with "{artifact}", '
                "make sure the artifact was signed successfully"
            )
        reasons: list[str] = []
        for manifest in manifests[: self.max_attempts]:
            outcome = await self._check_signature(reader, manifest, digest, statement)
            if outcome.failed is None:
                for check, reason in outcome.logged.items():
                    log.info(
                        "notation verification check failed but is only logged",
                        extra={"artifact": artifact, "check": check, "reason": reason},
                    )
                if tp.AUTHENTICITY in outcome.logged:
                    return VerifyResult.IGNORED
                return VerifyResult.VERIFIED
            reasons.append(outcome.failed)
        message = f"signature verification failed for all the signatures associated with {artifact}"
        if len(manifests) > self.max_attempts:
            message += (
                f" (evaluation stopped: the limit of {self.max_attempts} signatures to verify "
                "per artifact was reached)"
            )
        raise VerificationError(f"{message}: {'; '.join(dict.fromkeys(reasons))}")

    async def _check_signature(
        self, reader: RegistryReader, manifest: Manifest, digest: str, statement: tp.Statement
    ) -> _Outcome:
        sig_digest = manifest.digest
        blobs = [la for la in layers(manifest) if la.get("mediaType") in (env.JWS, env.COSE)]
        if len(blobs) != 1:
            return _Outcome(failed=f"signature manifest {sig_digest} does not hold exactly one envelope")
        raw = await reader.blob(str(blobs[0].get("digest", "")))
        try:
            envelope = env.parse(str(blobs[0]["mediaType"]), raw)
            envelope.check_integrity()
            if envelope.target_digest() != digest:
                raise env.EnvelopeError(f"the signature is for {envelope.target_digest()}, not {digest}")
        except env.EnvelopeError as e:
            return _Outcome(failed=f"integrity: {e}")
        return self._evaluate(envelope, statement, datetime.now(UTC))

    def _evaluate(self, envelope: env.Envelope, statement: tp.Statement, now: datetime) -> _Outcome:
        outcome = _Outcome()
        for check in (tp.AUTHENTICITY, tp.AUTHENTIC_TIMESTAMP, tp.EXPIRY):
            action = statement.actions[check]
            if action == tp.SKIP:
                continue
            if check == tp.AUTHENTICITY:
                reason = self._authenticity(envelope, statement)
            elif check == tp.AUTHENTIC_TIMESTAMP:
                reason = _authentic_timestamp(envelope, now)
            else:
                reason = _expiry(envelope, now)
            if reason is None:
                continue
            if action == tp.ENFORCE:
                outcome.failed = f"{check}: {reason}"
                return outcome
            outcome.logged[check] = reason
        return outcome

    def _authenticity(self, envelope: env.Envelope, statement: tp.Statement) -> str | None:
        trusted = {c.fingerprint(hashes.SHA256()) for c in self.roots}
        if not any(c.fingerprint(hashes.SHA256()) in trusted for c in envelope.chain):
            return "the signature's certificate chain does not contain any trusted certificate"
        if statement.identities is None:
            return None
        subject = _subject(envelope.chain[0])
        for identity in statement.identities:
            if all(subject.get(k) == v for k, v in identity.items()):
                return None
        return (
            f"signing certificate from the signature '{envelope.chain[0].subject.rfc4514_string()}' "
            "does not match any trusted identity of the trust policy statement"
        )


def _authentic_timestamp(envelope: env.Envelope, now: datetime) -> str | None:
    """Without a verified timestamp the signing time is only the signer's word: the chain must be
    valid now (timestamp countersignatures are not verified here)."""
    for cert in envelope.chain:
        if now > cert.not_valid_after_utc:
            return (
                f"certificate '{cert.subject.rfc4514_string()}' expired at "
                f"{cert.not_valid_after_utc.isoformat()}"
            )
        if now < cert.not_valid_before_utc:
            return f"certificate '{cert.subject.rfc4514_string()}' is not valid yet"
    return None


def _expiry(envelope: env.Envelope, now: datetime) -> str | None:
    if envelope.expiry is not None and now > envelope.expiry:
        return f"the signature expired at {envelope.expiry.isoformat()}"
    return None


def _subject(cert: x509.Certificate) -> dict[str, str]:
    out: dict[str, str] = {}
    for attr in cert.subject:
        name = attr.rfc4514_attribute_name
        out[name] = attr.value if isinstance(attr.value, str) else attr.value.decode(errors="replace")
    return out
