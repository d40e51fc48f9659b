"""Cosign verification against signatures made by the real cosign CLI (v2.6.5) in a real registry.

Legacy `.sig` signatures and `--new-bundle-format` Sigstore bundles (found through the referrers
fallback tag: docker-registry 2.8 has no referrers API) are both covered; here keyless is covered
for its failure modes and identity matching, and `test_keyless.py` verifies real keyless bundles
against a private, offline Sigstore.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from controllers.artifacts.verify import VerificationError, VerifyResult, cosign_verifier
from controllers.artifacts.verify.cosign import _identity, _IdentityPolicy, certificate_issuer
from controllers.registry.client import RegistryClient
from controllers.registry.reference import ImageRef
from tests.artifacts.verify.conftest import Tools

REPO = "cosign/app"


@dataclass
class Signed:
    ref: ImageRef
    legacy: str  # signed with key "right", legacy .sig
    bundled: str  # signed with key "right", --new-bundle-format
    unsigned: str
    tampered: str  # carries a copy of `legacy`'s signature under its own .sig tag
    right: bytes
    wrong: bytes
    other: bytes


@pytest.fixture(scope="module")
def signed(tools: Tools) -> Signed:
    right_key, right = tools.cosign_key("right")
    _, wrong = tools.cosign_key("wrong")
    _, other = tools.cosign_key("other")
    legacy = tools.push(REPO, "legacy", b"legacy artifact\n")
    tools.cosign_sign(right_key, REPO, legacy)
    bundled = tools.push(REPO, "bundled", b"bundled artifact\n")
    tools.cosign_sign(right_key, REPO, bundled, bundle=True)
    unsigned = tools.push(REPO, "unsigned", b"nobody signed me\n")
    tampered = tools.push(REPO, "tampered", b"evil twin\n")
    sig_manifest = tools.run(
        tools.oras, "resolve", "--plain-http", f"{tools.registry.host}/{REPO}:{legacy.replace(':', '-')}.sig"
    )
    tools.tag(REPO, sig_manifest, tampered.replace(":", "-") + ".sig")
    return Signed(
        ImageRef(tools.registry.host, REPO), legacy, bundled, unsigned, tampered, right, wrong, other
    )


def no_match(signed: Signed, digest: str) -> str:
    return f"no matching signatures were found for '{signed.ref.name}@{digest}'"


@pytest.mark.parametrize("which", ["legacy", "bundled"])
async def test_one_right_key_among_several_verifies(
    signed: Signed, client: RegistryClient, which: str
) -> None:
    secret = {
        "a-wrong.pub": signed.wrong,
        "b-right.pub": signed.right,
        "c-other.pub": signed.other,
        "notes.txt": b"not a key",
    }
    v = cosign_verifier(secret, None)
    assert v.provider == "cosign"
    assert await v.verify(client, signed.ref, getattr(signed, which)) is VerifyResult.VERIFIED


@pytest.mark.parametrize("which", ["legacy", "bundled"])
async def test_wrong_keys_do_not_verify(signed: Signed, client: RegistryClient, which: str) -> None:
    v = cosign_verifier({"wrong.pub": signed.wrong, "other.pub": signed.other}, None)
    digest = getattr(signed, which)
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, digest)
    assert e.value.message == no_match(signed, digest)


async def test_signature_copied_to_another_digest_does_not_verify(
    signed: Signed, client: RegistryClient
) -> None:
    v = cosign_verifier({"right.pub": signed.right}, None)
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, signed.tampered)
    assert e.value.message == no_match(signed, signed.tampered)


async def test_unsigned_artifact(signed: Signed, client: RegistryClient) -> None:
    v = cosign_verifier({"right.pub": signed.right}, None)
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, signed.unsigned)
    assert e.value.message == no_match(signed, signed.unsigned)


async def test_secret_without_public_keys(signed: Signed, client: RegistryClient) -> None:
    v = cosign_verifier({"readme": b"nothing"}, None)
    with pytest.raises(VerificationError, match="no matching signatures"):
        await v.verify(client, signed.ref, signed.legacy)


def test_unparsable_public_key_is_named_but_not_shown() -> None:
    with pytest.raises(VerificationError) as e:
        cosign_verifier(
            {"broken.pub": b"-----BEGIN PUBLIC KEY-----\nc2VjcmV0\n-----END PUBLIC KEY-----\n"}, None
        )
    assert "'broken.pub'" in e.value.message
    assert "c2VjcmV0" not in e.value.message


def test_repr_names_keys_not_material(signed: Signed) -> None:
    v = cosign_verifier({"right.pub": signed.right}, None)
    assert "right.pub" in repr(v)
    assert "BEGIN" not in repr(v)


async def test_keyless_rejects_key_signed_bundle_and_legacy(signed: Signed, client: RegistryClient) -> None:
    """A bundle signed with a bare key has no Fulcio certificate; legacy signatures are not read keyless."""
    v = cosign_verifier(None, [("^https://issuer.example$", "^dev@example.com$")])
    assert v.provider == "cosign keyless"
    for digest in (signed.bundled, signed.legacy, signed.unsigned):
        with pytest.raises(VerificationError) as e:
            await v.verify(client, signed.ref, digest)
        assert e.value.message == no_match(signed, digest)


def test_keyless_bad_identity_regexp() -> None:
    with pytest.raises(VerificationError, match="invalid OIDC identity matcher"):
        cosign_verifier(None, [("(", "x")])


def test_keyless_invalid_trusted_root() -> None:
    v = cosign_verifier(None, None, trusted_root=b'{"mediaType": "nope"}')
    with pytest.raises(VerificationError, match="invalid trusted root"):
        v._sigstore_verifier()


def test_keyless_public_good_trusted_root_loads_offline() -> None:
    v = cosign_verifier(None, None)
    assert v._sigstore_verifier() is v._sigstore_verifier()


def fulcio_like_cert(issuer: str, email: str) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sigstore.dev")])
    now = dt.datetime.now(dt.UTC)
    issuer_der = b"\x0c" + bytes([len(issuer)]) + issuer.encode()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(minutes=10))
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=True)
        .add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), issuer_der),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )


@pytest.mark.parametrize(
    ("issuer_re", "subject_re", "ok"),
    [
        ("^https://token.actions.githubusercontent.com$", "^dev@example.com$", True),
        ("githubusercontent", "example", True),  # unanchored, like Go's MatchString
        ("^https://accounts.google.com$", ".*", False),
        (".*", "^other@example.com$", False),
    ],
)
def test_keyless_identity_policy(issuer_re: str, subject_re: str, ok: bool) -> None:
    from sigstore.errors import VerificationError as SigstoreVerificationError

    cert = fulcio_like_cert("https://token.actions.githubusercontent.com", "dev@example.com")
    assert certificate_issuer(cert) == "https://token.actions.githubusercontent.com"
    policy = _IdentityPolicy((_identity("^nope$", "^nope$"), _identity(issuer_re, subject_re)))
    if ok:
        policy.verify(cert)
    else:
        with pytest.raises(SigstoreVerificationError):
            policy.verify(cert)


@pytest.mark.parametrize("kind", ["rsa", "ed25519", "p384"])
def test_other_key_types_verify_legacy_payloads(kind: str) -> None:
    """cosign generates P-256 keys, but imported RSA/ed25519 keys sign with sigstore's defaults."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

    from controllers.artifacts.verify.cosign import _names_digest, _public_key, _Signature, _verifies

    digest = "sha256:" + "ab" * 32
    payload = json.dumps({"critical": {"image": {"docker-manifest-digest": digest}}}).encode()
    key: Any
    if kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        signature = key.sign(payload, padding.PKCS1v15(), hashes.SHA256())
    elif kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
        signature = key.sign(payload)
    else:
        key = ec.generate_private_key(ec.SECP384R1())
        signature = key.sign(payload, ec.ECDSA(hashes.SHA256()))
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    sig = _Signature("legacy", payload, payload, signature)
    assert _verifies(_public_key("k.pub", pem), sig)
    assert _names_digest(sig, digest)
    assert not _names_digest(sig, "sha256:" + "cd" * 32)
    assert not _verifies(_public_key("k.pub", pem), _Signature("legacy", payload, payload + b" ", signature))
