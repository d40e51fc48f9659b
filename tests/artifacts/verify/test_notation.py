"""Notation verification against envelopes made by notation-go (COSE and JWS) in a real registry.

The signer (`notationsign/`, built from notation-go v1.3.2) pushes signatures as OCI referrers;
docker-registry 2.8 has no referrers API, so they land in the `sha256-<hex>` fallback index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from controllers.artifacts.verify import VerificationError, VerifyResult, notation_verifier
from controllers.registry.client import RegistryClient
from controllers.registry.reference import ImageRef
from tests.artifacts.verify.conftest import Pki, Tools

REPO = "notation/app"
SECRET = "flux-system/notation-config"


@dataclass
class Signed:
    ref: ImageRef
    cose: str
    jws: str
    unsigned: str
    expired_sig: str  # signature expiry in the past
    expired_cert: str  # signed while the leaf was valid; the leaf has expired since
    tampered: str  # its referrer's payload names `cose`'s digest
    pki: Pki
    stranger: Pki  # an unrelated CA
    old_ca: bytes  # the CA of the expired leaf


@pytest.fixture(scope="module")
def signed(tools: Tools) -> Signed:
    pki = Pki.generate(tools.workdir, "acme")
    stranger = Pki.generate(tools.workdir, "stranger", org="Stranger")
    cose = tools.push(REPO, "cose", b"cose\n")
    tools.notation_sign(pki, REPO, cose)
    jws = tools.push(REPO, "jws", b"jws\n")
    tools.notation_sign(pki, REPO, jws, "-media-type", "jws")
    unsigned = tools.push(REPO, "unsigned", b"unsigned\n")
    expired_sig = tools.push(REPO, "expired-sig", b"expired signature\n")
    tools.notation_sign(pki, REPO, expired_sig, "-signed-ago", "2h", "-expires-in", "-1h")
    expired_cert = tools.push(REPO, "expired-cert", b"expired certificate\n")
    old_pki = Pki.generate(tools.workdir, "acme-old", leaf_expired=True)
    tools.notation_sign(old_pki, REPO, expired_cert, "-signed-ago", "48h")
    tampered = tools.push(REPO, "tampered", b"tampered\n")
    tools.notation_sign(pki, REPO, tampered, "-target-digest", cose)
    return Signed(
        ImageRef(tools.registry.host, REPO),
        cose,
        jws,
        unsigned,
        expired_sig,
        expired_cert,
        tampered,
        pki,
        stranger,
        old_pki.ca_pem,
    )


def policy(
    level: str = "strict",
    *,
    scopes: list[str] | None = None,
    identities: list[str] | None = None,
    override: dict[str, str] | None = None,
) -> bytes:
    verification: dict[str, Any] = {"level": level}
    if override:
        verification["override"] = override
    return json.dumps(
        {
            "version": "1.0",
            "trustPolicies": [
                {
                    "name": "app",
                    "registryScopes": scopes or ["*"],
                    "signatureVerification": verification,
                    "trustStores": ["ca:acme"],
                    "trustedIdentities": identities or ["*"],
                }
            ],
        }
    ).encode()


def secret(trust_policy: bytes, *certs: bytes) -> dict[str, bytes]:
    data = {"trustpolicy.json": trust_policy}
    for i, pem in enumerate(certs):
        data[f"ca-{i}.crt"] = pem
    return data


async def check(signed: Signed, client: RegistryClient, digest: str, data: dict[str, bytes]) -> VerifyResult:
    return await notation_verifier(data, SECRET).verify(client, signed.ref, digest)


@pytest.mark.parametrize("which", ["cose", "jws"])
async def test_strict_verifies_both_envelope_formats(
    signed: Signed, client: RegistryClient, which: str
) -> None:
    data = secret(policy("strict"), signed.stranger.ca_pem, signed.pki.ca_pem)
    assert await check(signed, client, getattr(signed, which), data) is VerifyResult.VERIFIED


async def test_scoped_statement_and_matching_identity(signed: Signed, client: RegistryClient) -> None:
    data = secret(
        policy(scopes=[signed.ref.name], identities=["x509.subject: C=US, ST=WA, O=Acme"]), signed.pki.ca_pem
    )
    assert await check(signed, client, signed.cose, data) is VerifyResult.VERIFIED


async def test_identity_mismatch(signed: Signed, client: RegistryClient) -> None:
    data = secret(policy(identities=["x509.subject: C=US, ST=WA, O=Other"]), signed.pki.ca_pem)
    with pytest.raises(VerificationError) as e:
        await check(signed, client, signed.cose, data)
    assert "does not match any trusted identity" in e.value.message
    assert e.value.message.startswith("signature verification failed for all the signatures associated with")


@pytest.mark.parametrize(
    ("level", "result"), [("strict", None), ("permissive", None), ("audit", VerifyResult.IGNORED)]
)
async def test_untrusted_ca(
    signed: Signed, client: RegistryClient, level: str, result: VerifyResult | None
) -> None:
    """Authenticity is enforced by strict and permissive; audit only logs it, which Flux maps to ignored."""
    data = secret(policy(level), signed.stranger.ca_pem)
    if result is None:
        with pytest.raises(VerificationError, match="does not contain any trusted certificate"):
            await check(signed, client, signed.cose, data)
    else:
        assert await check(signed, client, signed.cose, data) is result


async def test_audit_with_valid_signature_verifies(signed: Signed, client: RegistryClient) -> None:
    assert (
        await check(signed, client, signed.jws, secret(policy("audit"), signed.pki.ca_pem))
        is VerifyResult.VERIFIED
    )


async def test_skip_ignores_even_unsigned(signed: Signed, client: RegistryClient) -> None:
    data = secret(policy("skip"), signed.stranger.ca_pem)
    assert await check(signed, client, signed.unsigned, data) is VerifyResult.IGNORED


@pytest.mark.parametrize(
    ("level", "override", "verified"),
    [
        ("strict", None, False),
        ("permissive", None, True),
        ("strict", {"expiry": "log"}, True),
    ],
)
async def test_expired_signature(
    signed: Signed, client: RegistryClient, level: str, override: dict[str, str] | None, verified: bool
) -> None:
    data = secret(policy(level, override=override), signed.pki.ca_pem)
    if verified:
        assert await check(signed, client, signed.expired_sig, data) is VerifyResult.VERIFIED
    else:
        with pytest.raises(VerificationError, match="expiry: the signature expired"):
            await check(signed, client, signed.expired_sig, data)


@pytest.mark.parametrize(("level", "verified"), [("strict", False), ("permissive", True)])
async def test_certificate_expired_since_signing(
    signed: Signed, client: RegistryClient, level: str, verified: bool
) -> None:
    data = secret(policy(level), signed.old_ca)
    if verified:
        assert await check(signed, client, signed.expired_cert, data) is VerifyResult.VERIFIED
    else:
        with pytest.raises(VerificationError, match=r"authenticTimestamp: certificate .* expired"):
            await check(signed, client, signed.expired_cert, data)


@pytest.mark.parametrize("level", ["strict", "audit"])
async def test_signature_of_another_digest(signed: Signed, client: RegistryClient, level: str) -> None:
    """Integrity is enforced at every level but skip."""
    with pytest.raises(VerificationError, match=f"integrity: the signature is for {signed.cose}"):
        await check(signed, client, signed.tampered, secret(policy(level), signed.pki.ca_pem))


@pytest.mark.parametrize("level", ["strict", "audit"])
async def test_unsigned(signed: Signed, client: RegistryClient, level: str) -> None:
    with pytest.raises(VerificationError) as e:
        await check(signed, client, signed.unsigned, secret(policy(level), signed.pki.ca_pem))
    assert e.value.message == (
        f'no signature is associated with "{signed.ref.name}@{signed.unsigned}", '
        "make sure the artifact was signed successfully"
    )


async def test_no_applicable_statement(signed: Signed, client: RegistryClient) -> None:
    data = secret(policy(scopes=["registry.example.com/other"]), signed.pki.ca_pem)
    with pytest.raises(VerificationError, match="has no applicable trust policy statement"):
        await check(signed, client, signed.cose, data)


def test_secret_errors(signed: Signed) -> None:
    with pytest.raises(VerificationError) as e:
        notation_verifier({"ca.crt": signed.pki.ca_pem}, SECRET)
    assert e.value.message == f"'trustpolicy.json' not found in secret '{SECRET}'"
    with pytest.raises(VerificationError) as e:
        notation_verifier({"trustpolicy.json": policy(), "key.pub": b"x"}, SECRET)
    assert e.value.message == f"no certificates found in secret '{SECRET}'"
    with pytest.raises(VerificationError) as e:
        notation_verifier(None, SECRET)
    assert e.value.message == f"'trustpolicy.json' not found in secret '{SECRET}'"
    with pytest.raises(VerificationError, match=r"failed to parse certificate 'bad\.pem'"):
        notation_verifier(
            {"trustpolicy.json": policy(), "bad.pem": b"-----BEGIN CERTIFICATE-----\nAA==\n"}, SECRET
        )


def test_invalid_json_trust_policy(signed: Signed) -> None:
    with pytest.raises(VerificationError, match=r"error occurred while parsing trustpolicy\.json"):
        notation_verifier(secret(b"{not json", signed.pki.ca_pem), SECRET)


def test_repr_shows_no_certificates(signed: Signed) -> None:
    v = notation_verifier(secret(policy(), signed.pki.ca_pem), SECRET)
    assert "BEGIN" not in repr(v)
