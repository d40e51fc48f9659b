"""`.spec.verify` end to end: artifacts signed by the real cosign and notation-go, verified by the
manager, with SourceVerified, Ready and events as users see them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.artifacts.verify.conftest import HERE as VERIFY_HERE
from tests.artifacts.verify.conftest import Pki, PrivateSigstore, Tools
from tests.ocirepository.conftest import (
    OCI,
    Pusher,
    b64,
    has_event,
    oci_repository,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.gotools import local_program, module_tool
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer


@pytest.fixture(scope="module")
def tools(plain_registry: RegistryServer, tmp_path_factory: pytest.TempPathFactory) -> Tools:
    return Tools(
        oras=module_tool("oras.land/oras/cmd/oras", "v1.3.6"),
        cosign=module_tool("github.com/sigstore/cosign/v2/cmd/cosign", "v2.6.5"),
        notationsign=local_program(VERIFY_HERE / "notationsign"),
        registry=plain_registry,
        workdir=tmp_path_factory.mktemp("oci-verify"),
    )


def secret(namespace: str, name: str, data: dict[str, bytes]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace},
            "data": {k: b64(v) for k, v in data.items()}}


async def test_cosign_keys_one_right_then_tampered_tag(
    env: Any, client: Client, namespace: str, pusher: Pusher, tools: Tools, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    signed = await pusher.apush("oci/signed", "v1", {"a.yaml": b"signed\n"})
    key, right = await asyncio.to_thread(tools.cosign_key, f"right-{namespace}")
    _, wrong = await asyncio.to_thread(tools.cosign_key, f"wrong-{namespace}")
    await asyncio.to_thread(tools.cosign_sign, key, "oci/signed", signed)
    url = f"oci://{plain_registry.host}/oci/signed"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(secret(namespace, "keys", {"a-wrong.pub": wrong, "b-right.pub": right}))
        await client.create(secret(namespace, "wrong", {"only.pub": wrong}))
        spec = {"provider": "cosign", "secretRef": {"name": "keys"}}
        await client.create(oci_repository(namespace, "good", url, ref={"tag": "v1"}, verify=spec))
        await client.create(oci_repository(namespace, "bad", url, ref={"tag": "v1"},
                                           verify={"provider": "cosign", "secretRef": {"name": "wrong"}}))

        obj = await wait_ready(client, namespace, "good", revision=f"v1@{signed}")
        assert conditions.get_reason(obj, "SourceVerified") == "Succeeded"
        assert conditions.get_message(obj, "SourceVerified") == f"verified signature of revision v1@{signed}"

        bad = await wait_condition(client, namespace, "bad", "SourceVerified", "False", "VerificationError")
        message = (f"failed to verify the signature using provider 'cosign': no matching signatures were "
                   f"found for '{plain_registry.host}/oci/signed@{signed}'")
        assert conditions.get_message(bad, "SourceVerified") == message
        assert conditions.get_reason(bad, "Ready") == "VerificationError"
        assert conditions.is_false(bad, "Ready")
        assert "artifact" not in bad["status"]  # nothing unverified is stored
        await until(lambda: has_event(client, namespace, "bad", "Warning", "VerificationError", message))

        # The tag moves to an unsigned artifact: the next run refuses it and keeps the good one.
        unsigned = await pusher.apush("oci/signed", "v1", {"a.yaml": b"evil\n"})
        await client.patch(*OCI, "good", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "moved"}}}, namespace=namespace)
        obj = await wait_condition(client, namespace, "good", "SourceVerified", "False", "VerificationError")
        assert unsigned in conditions.get_message(obj, "SourceVerified")
        assert obj["status"]["artifact"]["revision"] == f"v1@{signed}"


async def test_notation_levels(
    env: Any, client: Client, namespace: str, pusher: Pusher, tools: Tools, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    pki = await asyncio.to_thread(Pki.generate, tools.workdir, f"acme-{namespace}")
    stranger = await asyncio.to_thread(Pki.generate, tools.workdir, f"stranger-{namespace}", org="Other")
    signed = await pusher.apush("oci/notation", "v1", {"a.yaml": b"n\n"})
    await asyncio.to_thread(tools.notation_sign, pki, "oci/notation", signed)

    def policy(level: str) -> bytes:
        return json.dumps({"version": "1.0", "trustPolicies": [{
            "name": "all", "registryScopes": ["*"], "signatureVerification": {"level": level},
            "trustStores": ["ca:certs"], "trustedIdentities": ["*"]}]}).encode()

    url = f"oci://{plain_registry.host}/oci/notation"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        cases = {
            "strict-ok": (policy("strict"), pki.ca_pem),
            "strict-stranger": (policy("strict"), stranger.ca_pem),
            "audit-stranger": (policy("audit"), stranger.ca_pem),
        }
        for name, (trust, ca) in cases.items():
            await client.create(secret(namespace, name, {"trustpolicy.json": trust, "ca.crt": ca}))
            await client.create(oci_repository(namespace, name, url, ref={"tag": "v1"}, verify={
                "provider": "notation", "secretRef": {"name": name}}))
        await client.create(secret(namespace, "no-certs", {"trustpolicy.json": policy("strict")}))
        await client.create(oci_repository(namespace, "no-certs", url, ref={"tag": "v1"}, verify={
            "provider": "notation", "secretRef": {"name": "no-certs"}}))

        ok = await wait_ready(client, namespace, "strict-ok", revision=f"v1@{signed}")
        assert conditions.get_reason(ok, "SourceVerified") == "Succeeded"
        refused = await wait_condition(client, namespace, "strict-stranger", "SourceVerified", "False",
                                       "VerificationError")
        assert conditions.get_message(refused, "Ready").startswith(
            "failed to verify the signature using provider 'notation': ")
        audit = await wait_ready(client, namespace, "audit-stranger", revision=f"v1@{signed}")
        assert not conditions.has(audit, "SourceVerified")  # audit: ignored, no claim either way
        no_certs = await wait_condition(client, namespace, "no-certs", "SourceVerified", "False",
                                        "VerificationError")
        assert conditions.get_message(no_certs, "SourceVerified") == (
            "failed to verify the signature using provider 'notation': "
            f"no certificates found in secret '{namespace}/no-certs'")


async def test_cosign_keyless_private_trusted_root(
    env: Any, client: Client, namespace: str, pusher: Pusher, tools: Tools, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    """A Secret holding only `trusted_root.json` selects keyless against that private Sigstore."""
    issuer = "https://token.actions.githubusercontent.com"
    workflow = "https://github.com/acme/app/.github/workflows/release.yaml@refs/heads/main"
    signed = await pusher.apush("oci/keyless", "v1", {"a.yaml": b"keyless\n"})
    sigstore = await asyncio.to_thread(PrivateSigstore.create, tools, f"private-{namespace}")
    await asyncio.to_thread(sigstore.sign, "oci/keyless", signed, workflow, issuer)
    url = f"oci://{plain_registry.host}/oci/keyless"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(secret(namespace, "root", {"trusted_root.json": sigstore.root}))
        for name, subject in {"good": "^https://github.com/acme/app/", "bad": "^https://github.com/evil/"}.items():
            await client.create(oci_repository(namespace, name, url, ref={"tag": "v1"}, verify={
                "provider": "cosign", "secretRef": {"name": "root"},
                "matchOIDCIdentity": [{"issuer": f"^{issuer}$", "subject": subject}]}))

        obj = await wait_ready(client, namespace, "good", revision=f"v1@{signed}")
        assert conditions.get_reason(obj, "SourceVerified") == "Succeeded"
        assert conditions.get_message(obj, "SourceVerified") == f"verified signature of revision v1@{signed}"

        bad = await wait_condition(client, namespace, "bad", "SourceVerified", "False", "VerificationError")
        assert conditions.get_message(bad, "SourceVerified") == (
            "failed to verify the signature using provider 'cosign keyless': no matching signatures were "
            f"found for '{plain_registry.host}/oci/keyless@{signed}'")
        assert conditions.is_false(bad, "Ready")
        assert "artifact" not in bad["status"]
