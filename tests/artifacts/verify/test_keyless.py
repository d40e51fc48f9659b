"""Keyless cosign verification end to end, against a private Sigstore made up for the test.

`sigstoresign` (a Go program beside this file) plays Fulcio, the CT log and Rekor offline: it
issues a leaf certificate for an OIDC identity with an embedded SCT, records the DSSE envelope as
a dsse/0.0.1 log entry with inclusion promise and inclusion proof, and attaches the Sigstore
bundle as an OCI referrer exactly as `cosign sign --new-bundle-format` does. The verifier then
checks it all with sigstore-python against the `trusted_root.json` the program wrote. The real
cosign CLI verifies the same signature too, so the bundles are the ones cosign makes and accepts.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from controllers.artifacts.verify import VerificationError, VerifyResult, cosign_verifier
from controllers.registry.client import RegistryClient
from controllers.registry.reference import ImageRef
from tests.artifacts.verify.conftest import PrivateSigstore, Tools

REPO = "keyless/app"
ISSUER = "https://token.actions.githubusercontent.com"
SUBJECT = "https://github.com/acme/app/.github/workflows/release.yaml@refs/heads/main"
EMAIL_ISSUER = "https://accounts.example.com"
EMAIL = "release@acme.example"


@dataclass
class Signed:
    ref: ImageRef
    sigstore: PrivateSigstore
    stranger: PrivateSigstore
    workflow: str  # signed by the workflow identity
    email: str  # signed by the email identity, by a second run sharing the same root
    stolen: str  # carries a bundle whose statement names `workflow`
    foreign: str  # signed by the stranger Sigstore only
    unsigned: str


@pytest.fixture(scope="module")
def signed(tools: Tools) -> Signed:
    sigstore = PrivateSigstore.create(tools, "private")
    stranger = PrivateSigstore.create(tools, "stranger")
    workflow = tools.push(REPO, "workflow", b"built by the release workflow\n")
    sigstore.sign(REPO, workflow, SUBJECT, ISSUER)
    email = tools.push(REPO, "email", b"signed by a person\n")
    sigstore.sign(REPO, email, EMAIL, EMAIL_ISSUER)
    stolen = tools.push(REPO, "stolen", b"evil twin\n")
    sigstore.sign(REPO, stolen, SUBJECT, ISSUER, statement_digest=workflow)
    foreign = tools.push(REPO, "foreign", b"signed elsewhere\n")
    stranger.sign(REPO, foreign, SUBJECT, ISSUER)
    unsigned = tools.push(REPO, "unsigned", b"nobody signed me\n")
    return Signed(
        ImageRef(tools.registry.host, REPO), sigstore, stranger, workflow, email, stolen, foreign, unsigned
    )


def no_match(signed: Signed, digest: str) -> str:
    return f"no matching signatures were found for '{signed.ref.name}@{digest}'"


@pytest.mark.parametrize(
    ("which", "identity"),
    [
        ("workflow", (f"^{ISSUER}$", f"^{SUBJECT}$")),
        ("workflow", ("token.actions", r"github\.com/acme/.*@refs/heads/main")),  # unanchored, like cosign
        ("email", (f"^{EMAIL_ISSUER}$", f"^{EMAIL}$")),
    ],
)
async def test_private_root_and_matching_identity_verify(
    signed: Signed, client: RegistryClient, which: str, identity: tuple[str, str]
) -> None:
    v = cosign_verifier(None, [("^https://nobody$", ".*"), identity], trusted_root=signed.sigstore.root)
    assert v.provider == "cosign keyless"
    assert await v.verify(client, signed.ref, getattr(signed, which)) is VerifyResult.VERIFIED


async def test_no_identity_matchers_accept_any_identity_of_the_root(
    signed: Signed, client: RegistryClient
) -> None:
    v = cosign_verifier(None, None, trusted_root=signed.sigstore.root)
    assert await v.verify(client, signed.ref, signed.email) is VerifyResult.VERIFIED


@pytest.mark.parametrize(
    "identity",
    [
        (f"^{ISSUER}$", "^https://github.com/acme/other/"),  # right issuer, other subject
        ("^https://gitlab.com$", f"^{SUBJECT}$"),  # right subject, other issuer
        (f"^{EMAIL_ISSUER}$", f"^{SUBJECT}$"),  # issuer and subject of two different signers
    ],
)
async def test_non_matching_identity_is_refused(
    signed: Signed, client: RegistryClient, identity: tuple[str, str]
) -> None:
    v = cosign_verifier(None, [identity], trusted_root=signed.sigstore.root)
    for digest in (signed.workflow, signed.email):
        with pytest.raises(VerificationError) as e:
            await v.verify(client, signed.ref, digest)
        assert str(e.value) == no_match(signed, digest)


@pytest.mark.parametrize("which", ["workflow", "foreign"])
async def test_another_trusted_root_is_refused(signed: Signed, client: RegistryClient, which: str) -> None:
    """The stranger's root refuses the private signature, and the private root the stranger's."""
    root = signed.stranger.root if which == "workflow" else signed.sigstore.root
    v = cosign_verifier(None, [(ISSUER, SUBJECT)], trusted_root=root)
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, getattr(signed, which))
    assert str(e.value) == no_match(signed, getattr(signed, which))


async def test_public_good_root_refuses_the_private_signature(signed: Signed, client: RegistryClient) -> None:
    v = cosign_verifier(None, [(ISSUER, SUBJECT)])
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, signed.workflow)
    assert str(e.value) == no_match(signed, signed.workflow)


async def test_bundle_naming_another_digest_is_refused(signed: Signed, client: RegistryClient) -> None:
    """A valid bundle attached to the wrong artifact: the statement's subject decides."""
    v = cosign_verifier(None, [(ISSUER, SUBJECT)], trusted_root=signed.sigstore.root)
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, signed.stolen)
    assert str(e.value) == no_match(signed, signed.stolen)


async def test_unsigned_artifact_is_refused(signed: Signed, client: RegistryClient) -> None:
    v = cosign_verifier(None, [(ISSUER, SUBJECT)], trusted_root=signed.sigstore.root)
    with pytest.raises(VerificationError) as e:
        await v.verify(client, signed.ref, signed.unsigned)
    assert str(e.value) == no_match(signed, signed.unsigned)


def cosign_verify(
    signed: Signed, digest: str, root: Path, subject: str = SUBJECT
) -> subprocess.CompletedProcess[str]:
    """`cosign verify` with a proxy that leads nowhere, so it cannot reach any Sigstore online."""
    tools = signed.sigstore.tools
    args = [str(tools.cosign), "verify", "--new-bundle-format", "--trusted-root", str(root)]
    args += ["--certificate-identity", subject, "--certificate-oidc-issuer", ISSUER, "--output", "json"]
    args += ["--allow-insecure-registry", "--allow-http-registry", f"{signed.ref.name}@{digest}"]
    env = {
        **os.environ,
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "127.0.0.1",
        "TUF_ROOT": str(tools.workdir / "no-tuf"),
    }
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=tools.workdir, check=False)


def test_cosign_cli_agrees(signed: Signed) -> None:
    """The oracle: cosign 2.6 accepts what the verifier accepts and refuses what it refuses."""
    ok = cosign_verify(signed, signed.workflow, signed.sigstore.root_path)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)[0]["critical"]["image"]["docker-manifest-digest"] == signed.workflow
    refused = [
        cosign_verify(signed, signed.workflow, signed.sigstore.root_path, subject=EMAIL),
        cosign_verify(signed, signed.workflow, signed.stranger.root_path),
        cosign_verify(signed, signed.stolen, signed.sigstore.root_path),
        cosign_verify(signed, signed.unsigned, signed.sigstore.root_path),
    ]
    assert [r.returncode != 0 for r in refused] == [True] * 4
