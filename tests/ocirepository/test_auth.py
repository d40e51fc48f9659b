"""OCIRepository credentials and connections: pull Secrets, service accounts, token auth, TLS,
mTLS, and `secretRef` beating `provider`; failures say what is wrong and never show a secret."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.ocirepository.conftest import (
    b64,
    events_for,
    get_oci,
    has_event,
    oci_repository,
    pull_secret,
    tar_gz,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.registry_fixtures import PASSWORD, USER

AUTH_FAILED, PULL_FAILED = "AuthenticationFailed", "OCIArtifactPullFailed"
CONTENT = tar_gz({"app.yaml": b"kind: ConfigMap\n"})


def secret(namespace: str, name: str, data: dict[str, bytes]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace},
            "data": {k: b64(v) for k, v in data.items()}}


async def test_basic_auth_secret_service_account_and_failures(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path,
    storage_opts: dict[str, Any],
) -> None:
    digest = await basic_registry.apush_tags("private/oci", ["v1"], payload=CONTENT)
    url = f"oci://{basic_registry.host}/private/oci"
    host = basic_registry.host
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(pull_secret(namespace, "creds", host, USER, PASSWORD))
        await client.create(pull_secret(namespace, "wrong", host, USER, "not-the-password-XYZZY"))
        await client.create({"apiVersion": "v1", "kind": "ServiceAccount",
                             "metadata": {"name": "puller", "namespace": namespace},
                             "imagePullSecrets": [{"name": "creds"}]})
        await client.create(oci_repository(namespace, "secret", url, ref={"tag": "v1"},
                                           secretRef={"name": "creds"}))
        # secretRef beats provider: no cloud is asked when the Secret has credentials.
        await client.create(oci_repository(namespace, "secret-over-provider", url, ref={"tag": "v1"},
                                           secretRef={"name": "creds"}, provider="aws"))
        await client.create(oci_repository(namespace, "sa", url, ref={"tag": "v1"},
                                           serviceAccountName="puller"))
        await client.create(oci_repository(namespace, "missing", url, ref={"tag": "v1"},
                                           secretRef={"name": "nope"}))
        await client.create(oci_repository(namespace, "wrong", url, ref={"tag": "v1"},
                                           secretRef={"name": "wrong"}))
        await client.create(oci_repository(namespace, "anonymous", url, ref={"tag": "v1"}))

        for name in ("secret", "secret-over-provider", "sa"):
            await wait_ready(client, namespace, name, revision=f"v1@{digest}")

        obj = await wait_condition(client, namespace, "missing", "FetchFailed", "True", AUTH_FAILED)
        assert conditions.get_message(obj, "FetchFailed") == (
            'failed to get credential: secrets "nope" not found')
        await until(lambda: has_event(client, namespace, "missing", "Warning", "AuthenticationFailed"))

        for name in ("wrong", "anonymous"):
            obj = await wait_condition(client, namespace, name, "FetchFailed", "True", PULL_FAILED)
            message = conditions.get_message(obj, "FetchFailed")
            assert message.startswith("failed to determine artifact digest: "), message
            assert "401" in message or "unauthorized" in message.lower(), message

        obj = await get_oci(client, namespace, "wrong")
        shown = json.dumps(obj["status"]) + json.dumps(await events_for(client, namespace, "wrong"))
        assert "not-the-password-XYZZY" not in shown
        assert PASSWORD not in shown


async def test_token_auth(
    env: Any, client: Client, namespace: str, token_registry: RegistryServer, tmp_path: Path,
    storage_opts: dict[str, Any],
) -> None:
    digest = await token_registry.apush_tags("secure/oci", ["v1"], payload=CONTENT)
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(pull_secret(namespace, "creds", token_registry.host, USER, PASSWORD))
        await client.create(oci_repository(namespace, "tok", f"oci://{token_registry.host}/secure/oci",
                                           ref={"tag": "v1"}, secretRef={"name": "creds"}))
        await wait_ready(client, namespace, "tok", revision=f"v1@{digest}")


async def test_tls_and_mtls(
    env: Any, client: Client, namespace: str, tls_registry: RegistryServer, mtls_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    assert tls_registry.tls is not None and mtls_registry.tls is not None
    tls_digest = await tls_registry.apush_tags("tls/oci", ["v1"], payload=CONTENT)
    mtls_digest = await mtls_registry.apush_tags("mtls/oci", ["v1"], payload=CONTENT)
    mtls = mtls_registry.tls
    assert mtls.client is not None
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(secret(namespace, "ca", {"ca.crt": tls_registry.tls.ca.cert_pem}))
        await client.create(secret(namespace, "client", {
            "ca.crt": mtls.ca.cert_pem, "tls.crt": mtls.client.cert_pem, "tls.key": mtls.client.key_pem}))
        await client.create(secret(namespace, "ca-only", {"ca.crt": mtls.ca.cert_pem}))
        await client.create(oci_repository(namespace, "tls", f"oci://{tls_registry.host}/tls/oci",
                                           ref={"tag": "v1"}, certSecretRef={"name": "ca"}))
        await client.create(oci_repository(namespace, "untrusted", f"oci://{tls_registry.host}/tls/oci",
                                           ref={"tag": "v1"}))
        await client.create(oci_repository(namespace, "mtls", f"oci://{mtls_registry.host}/mtls/oci",
                                           ref={"tag": "v1"}, certSecretRef={"name": "client"}))
        await client.create(oci_repository(namespace, "no-client-cert", f"oci://{mtls_registry.host}/mtls/oci",
                                           ref={"tag": "v1"}, certSecretRef={"name": "ca-only"}))

        await wait_ready(client, namespace, "tls", revision=f"v1@{tls_digest}")
        await wait_ready(client, namespace, "mtls", revision=f"v1@{mtls_digest}")
        for name in ("untrusted", "no-client-cert"):
            obj = await wait_condition(client, namespace, name, "FetchFailed", "True", PULL_FAILED)
            assert conditions.is_false(obj, "Ready")
        key_text = mtls.client.key_pem.decode()
        for name in ("mtls", "no-client-cert"):
            obj = await get_oci(client, namespace, name)
            shown = json.dumps(obj) + json.dumps(await events_for(client, namespace, name))
            assert key_text.splitlines()[1] not in shown


async def test_proxy_and_workload_identity_gate(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path,
    storage_opts: dict[str, Any],
) -> None:
    from tests.registry.proxy import ForwardProxy

    digest = await plain_registry.apush_tags("proxied/oci", ["v1"], payload=CONTENT)
    url = f"oci://{plain_registry.host}/proxied/oci"
    async with ForwardProxy(credentials=("proxy-user", "proxy-pass")).running() as proxy, run_manager(
        env, ["ocirepository"], namespace=namespace, storage_path=tmp_path, options_overrides=storage_opts
    ):
        await client.create(secret(namespace, "proxy", {
            "address": proxy.url.encode(), "username": b"proxy-user", "password": b"proxy-pass"}))
        await client.create(secret(namespace, "bad-proxy", {
            "address": proxy.url.encode(), "username": b"proxy-user", "password": b"wrong-proxy-pass"}))
        await client.create(oci_repository(namespace, "via-proxy", url, ref={"tag": "v1"},
                                           proxySecretRef={"name": "proxy"}))
        await client.create(oci_repository(namespace, "refused", url, ref={"tag": "v1"},
                                           proxySecretRef={"name": "bad-proxy"}))
        await client.create(oci_repository(namespace, "identity", url, ref={"tag": "v1"},
                                           provider="aws", serviceAccountName="puller"))
        await wait_ready(client, namespace, "via-proxy", revision=f"v1@{digest}")
        assert any(plain_registry.host in target for target in proxy.targets), proxy.targets
        obj = await wait_condition(client, namespace, "refused", "FetchFailed", "True", PULL_FAILED)
        assert "wrong-proxy-pass" not in json.dumps(obj)
        obj = await wait_condition(client, namespace, "identity", "Stalled", "True", "FeatureGateDisabled")
        assert conditions.get_message(obj, "Ready") == (
            "to use spec.serviceAccountName for provider authentication please enable the "
            "ObjectLevelWorkloadIdentity feature gate in the controller")
