"""Trust policy validation, statement selection, and envelope integrity on altered notation-go output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from controllers.artifacts.verify import cbor
from controllers.artifacts.verify import envelope as env
from controllers.artifacts.verify import trustpolicy as tp
from controllers.artifacts.verify.base import RegistryReader
from controllers.registry.client import RegistryClient
from controllers.registry.credentials import ANONYMOUS
from controllers.registry.reference import ImageRef
from tests.artifacts.verify.conftest import Pki, Tools


def doc(*statements: dict[str, Any]) -> bytes:
    return json.dumps({"version": "1.0", "trustPolicies": list(statements)}).encode()


def st(
    name: str = "p", scopes: list[str] | None = None, level: str = "strict", **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": name,
        "registryScopes": scopes or ["*"],
        "signatureVerification": {"level": level},
        "trustStores": ["ca:x"],
        "trustedIdentities": ["*"],
    }
    out.update(extra)
    return out


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[]", "not a JSON object"),
        (json.dumps({"trustPolicies": []}).encode(), "empty version"),
        (json.dumps({"version": "2.0", "trustPolicies": []}).encode(), "unsupported version '2.0'"),
        (doc(), "zero trust policy statements"),
        (doc(st("a"), st("a", ["r.example/x"])), "same name 'a'"),
        (doc(st("a"), st("b")), "wildcard is present in multiple"),
        (doc(st("a", ["*", "r.example/x"])), "cannot be used in conjunction"),
        (doc(st("a", ["r.example/x:tag"])), "is not valid"),
        (doc(st(level="paranoid")), "invalid signature verification level 'paranoid'"),
        (
            doc(st(signatureVerification={"level": "strict", "override": {"integrity": "log"}})),
            "cannot be overridden",
        ),
        (
            doc(st(signatureVerification={"level": "skip", "override": {"expiry": "log"}})),
            "can't be used to customize",
        ),
        (doc(st(trustStores=[])), "missing trust stores"),
        (doc(st(trustStores=["x509:acme"])), "unsupported trust store"),
        (doc(st(trustedIdentities=["*", "x509.subject: C=US, ST=WA, O=A"])), "wildcard identity"),
        (doc(st(trustedIdentities=["x509.subject: C=US, O=A"])), "missing the required attributes ST"),
        (doc(st(trustedIdentities=["email: a@b"])), "only 'x509.subject' is supported"),
    ],
)
def test_invalid_documents(raw: bytes, message: str) -> None:
    with pytest.raises(tp.TrustPolicyError, match=message):
        tp.parse(raw)


def test_skip_statement_ignores_stores_and_identities() -> None:
    policy = tp.parse(doc(st(level="skip", trustStores=["bogus"], trustedIdentities=["bogus"])))
    assert policy.statements[0].trust_stores == ()


def test_specific_scope_beats_wildcard() -> None:
    policy = tp.parse(
        doc(
            st("any"),
            st("app", ["r.example/app"], "audit"),
            st("dn", ["r.example/dn"], trustedIdentities=[r"x509.subject: C=US, ST=WA, O=A\, Inc."]),
        )
    )
    assert policy.statement_for("r.example/app").name == "app"
    assert policy.statement_for("r.example/other").name == "any"
    assert policy.statement_for("r.example/dn").identities == ({"C": "US", "ST": "WA", "O": "A, Inc."},)
    assert policy.statement_for("r.example/app").actions[tp.AUTHENTICITY] == tp.LOG


@pytest.mark.parametrize("media", ["cose", "jws"])
async def test_altered_envelopes_fail_integrity(tools: Tools, media: str) -> None:
    pki = Pki.generate(tools.workdir, f"integrity-{media}")
    repo = f"integrity/{media}"
    digest = tools.push(repo, "v1", media.encode())
    tools.notation_sign(pki, repo, digest, "-media-type", media)
    async with RegistryClient() as client:
        reader = RegistryReader(client, ImageRef(tools.registry.host, repo), ANONYMOUS, None, None)
        [manifest] = await reader.referrer_manifests(digest, "application/vnd.cncf.notary.signature")
        layer = manifest.json["layers"][0]
        raw = await reader.blob(layer["digest"])
    good = env.parse(layer["mediaType"], raw)
    good.check_integrity()
    assert good.target_digest() == digest
    if media == "cose":
        item = cbor.loads(raw)
        protected, _unprotected, payload, signature = item.value
        forged_payload = payload.replace(digest.encode(), b"sha256:" + b"0" * 64)
        forged = cbor.dumps_array(
            [
                cbor.dumps_bytes(protected),
                b"\xa0",
                cbor.dumps_bytes(forged_payload),
                cbor.dumps_bytes(signature),
            ]
        )
        # the unprotected header (certificate chain) dropped: parsing must refuse, not crash
        with pytest.raises(env.EnvelopeError, match="no certificate chain"):
            env.parse(layer["mediaType"], forged)
        bad = env.Envelope(**{**good.__dict__, "signature": bytes(len(good.signature))})
    else:
        jws = json.loads(raw)
        jws["signature"] = jws["signature"][::-1]
        bad = env.parse(layer["mediaType"], json.dumps(jws).encode())
    with pytest.raises(env.EnvelopeError, match="does not verify"):
        bad.check_integrity()
    untrusted_chain = env.Envelope(**{**good.__dict__, "chain": good.chain[:1]})
    with pytest.raises(env.EnvelopeError, match="not self-signed"):
        untrusted_chain.check_integrity()


@pytest.mark.parametrize(
    "raw", [b"", b"\x18", b"\x5a\xff\xff\xff\xff", b"\x9f\x01", b"\xa1\x01", b"\x01\x02", b"\xff"]
)
def test_cbor_rejects_malformed(raw: bytes) -> None:
    with pytest.raises(cbor.CBORError):
        cbor.loads(raw)


def test_cbor_round_trip() -> None:
    encoded = cbor.dumps_array([cbor.dumps_text("Signature1"), cbor.dumps_bytes(b"x" * 300)])
    assert cbor.loads(encoded) == ["Signature1", b"x" * 300]
    assert cbor.loads(bytes.fromhex("d8 12 84 40 a0 f6 3a 00 01 00 00".replace(" ", ""))) == cbor.Tagged(
        18, [b"", {}, None, -65537]
    )
