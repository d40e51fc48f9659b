"""Credentials and connections: pull Secrets, service accounts, token auth, TLS, mTLS, proxies,
plain HTTP, and failures that must say what is wrong without ever showing a secret."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imagerepository.conftest import (
    FAST,
    IR,
    PASSWORD,
    USER,
    b64,
    events_for,
    get_repo,
    image_repository,
    pull_secret,
    until,
    wait_condition,
    wait_ready,
)
from tests.registry.proxy import ForwardProxy
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer

WRONG_PASSWORD = "not-the-password-XYZZY"


def secret(namespace: str, name: str, data: dict[str, bytes], type_: str = "Opaque") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "type": type_,
            "metadata": {"name": name, "namespace": namespace},
            "data": {k: b64(v) for k, v in data.items()}}


async def assert_no_secret_anywhere(client: Client, namespace: str, name: str, *values: str) -> None:
    obj = await get_repo(client, namespace, name)
    shown = json.dumps(obj["status"]) + json.dumps(await events_for(client, namespace, name))
    for value in values:
        assert value not in shown


async def test_basic_auth_with_a_pull_secret(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    await client.create(pull_secret(namespace, "regcred", basic_registry.host, USER, PASSWORD))
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", basic_registry.image("private/app"),
                                             secretRef={"name": "regcred"}))
        obj = await wait_ready(client, namespace, "app", tag_count=3)
        assert obj["status"]["lastScanResult"]["latestTags"] == ["v3", "v2", "v1"]
        await assert_no_secret_anywhere(client, namespace, "app", PASSWORD)


async def test_basic_auth_with_service_account_pull_secrets(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    await client.create(pull_secret(namespace, "other", "ghcr.io", "someone", "else"))
    await client.create(pull_secret(namespace, "regcred", basic_registry.host, USER, PASSWORD))
    await client.create({"apiVersion": "v1", "kind": "ServiceAccount",
                         "metadata": {"name": "puller", "namespace": namespace},
                         "imagePullSecrets": [{"name": "other"}, {"name": "regcred"}]})
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", basic_registry.image("private/app"),
                                             serviceAccountName="puller"))
        await wait_ready(client, namespace, "app", tag_count=3)


async def test_wrong_password_fails_without_showing_it_and_recovers(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.create(pull_secret(namespace, "regcred", basic_registry.host, USER, WRONG_PASSWORD))
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", basic_registry.image("private/app"),
                                             secretRef={"name": "regcred"}))
        obj = await wait_condition(client, namespace, "app", "Ready", "False", "AuthenticationFailed")
        message = conditions.get_message(obj, "Ready")
        assert message.startswith("scan failed: GET ")
        assert "401" in message or "UNAUTHORIZED" in message

        async def warning() -> bool:
            return any(e["type"] == "Warning" and e["reason"] == "AuthenticationFailed"
                       for e in await events_for(client, namespace, "app"))

        await until(warning)
        await assert_no_secret_anywhere(
            client, namespace, "app", WRONG_PASSWORD, b64(f"{USER}:{WRONG_PASSWORD}")
        )

        # Fixing the Secret is picked up by the backoff retries alone.
        fixed = pull_secret(namespace, "regcred", basic_registry.host, USER, PASSWORD)
        await client.patch("v1", "Secret", "regcred", {"data": fixed["data"]}, namespace=namespace)
        await wait_ready(client, namespace, "app", tag_count=3)

        async def recovered_event() -> bool:
            return any(e["type"] == "Normal" and e["message"] == "successful scan, found 3 tags"
                       for e in await events_for(client, namespace, "app"))

        await until(recovered_event)
    logged = caplog.text
    for value in (WRONG_PASSWORD, PASSWORD, b64(f"{USER}:{WRONG_PASSWORD}"), b64(f"{USER}:{PASSWORD}")):
        assert value not in logged


async def test_missing_secret_fails_until_created(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", basic_registry.image("private/app"),
                                             secretRef={"name": "regcred"}))
        obj = await wait_condition(client, namespace, "app", "Ready", "False", "AuthenticationFailed")
        assert conditions.get_message(obj, "Ready") == (
            'failed to configure authentication options: secrets "regcred" not found'
        )
        await client.create(pull_secret(namespace, "regcred", basic_registry.host, USER, PASSWORD))
        await wait_ready(client, namespace, "app", tag_count=3)


async def test_secret_in_the_wrong_format(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    await client.create(secret(namespace, "notdocker", {"password": PASSWORD.encode()}))
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", basic_registry.image("private/app"),
                                             secretRef={"name": "notdocker"}))
        obj = await wait_condition(client, namespace, "app", "Ready", "False", "AuthenticationFailed")
        message = conditions.get_message(obj, "Ready")
        assert message.startswith("failed to configure authentication options: secret ")
        assert "'.dockerconfigjson' not found" in message
        await assert_no_secret_anywhere(client, namespace, "app", PASSWORD)


async def test_token_auth_with_cached_tokens(
    env: Any, client: Client, namespace: str, token_registry: RegistryServer, tmp_path: Path
) -> None:
    tokens = token_registry.token
    assert tokens is not None
    await client.create(pull_secret(namespace, "regcred", token_registry.host, USER, PASSWORD))
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", token_registry.image("secure/app"),
                                             secretRef={"name": "regcred"}))
        await wait_ready(client, namespace, "app", tag_count=4)

        # A second scan reuses the bearer token instead of asking the token service again.
        issued = tokens.requests
        patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "again"}}}
        await client.patch(*IR, "app", patch, namespace=namespace)
        await until(lambda: _handled(client, namespace, "app", "again"))
        await wait_ready(client, namespace, "app", tag_count=4)
        assert tokens.requests == issued

        await client.create(image_repository(namespace, "anonymous", token_registry.image("secure/app")))
        await wait_condition(client, namespace, "anonymous", "Ready", "False", "AuthenticationFailed")


async def test_cloud_provider_misconfigurations(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    overrides = {**FAST, "aws_autologin_for_ecr": True}
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=overrides):
        await client.create(image_repository(namespace, "foreign", "ghcr.io/org/app", provider="aws"))
        await client.create(image_repository(namespace, "workload-identity", "ghcr.io/org/app",
                                             provider="gcp", serviceAccountName="app"))
        # --aws-autologin-for-ecr only concerns ECR images: this one is scanned anonymously.
        await client.create(image_repository(namespace, "autologin", plain_registry.image("team/app")))

        obj = await wait_condition(client, namespace, "foreign", "Ready", "False", "AuthenticationFailed")
        assert conditions.get_message(obj, "Ready").startswith(
            "failed to configure authentication options: invalid AWS registry: 'ghcr.io'. must match "
        )
        obj = await wait_condition(client, namespace, "workload-identity", "Stalled", "True",
                                   "FeatureGateDisabled")
        assert conditions.get_message(obj, "Stalled") == (
            "to use spec.serviceAccountName for provider authentication please enable the "
            "ObjectLevelWorkloadIdentity feature gate in the controller"
        )
        await wait_ready(client, namespace, "autologin", tag_count=4)


async def _handled(client: Client, namespace: str, name: str, value: str) -> bool:
    obj = await get_repo(client, namespace, name)
    return bool(obj["status"].get("lastHandledReconcileAt") == value)


async def test_tls_with_a_private_ca(
    env: Any, client: Client, namespace: str, tls_registry: RegistryServer, tmp_path: Path
) -> None:
    assert tls_registry.tls is not None
    await client.create(secret(namespace, "ca", {"ca.crt": tls_registry.tls.ca.cert_pem}))
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "trusted", tls_registry.image("tls/app"),
                                             certSecretRef={"name": "ca"}))
        await client.create(image_repository(namespace, "untrusted", tls_registry.image("tls/app")))
        await wait_ready(client, namespace, "trusted", tag_count=2)
        obj = await wait_condition(client, namespace, "untrusted", "Ready", "False", "ReadOperationFailed")
        assert "certificate" in conditions.get_message(obj, "Ready")


async def test_mutual_tls_and_deprecated_keys(
    env: Any, client: Client, namespace: str, mtls_registry: RegistryServer, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tls = mtls_registry.tls
    assert tls is not None and tls.client is not None
    await client.create(secret(namespace, "client-tls", {
        "ca.crt": tls.ca.cert_pem, "tls.crt": tls.client.cert_pem, "tls.key": tls.client.key_pem,
    }, type_="kubernetes.io/tls"))
    await client.create(secret(namespace, "legacy", {
        "caFile": tls.ca.cert_pem, "certFile": tls.client.cert_pem, "keyFile": tls.client.key_pem,
    }))
    await client.create(secret(namespace, "ca-only", {"ca.crt": tls.ca.cert_pem}))
    caplog.set_level(logging.WARNING)
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        for name, ref in (("mtls", "client-tls"), ("legacy", "legacy"), ("no-client-cert", "ca-only")):
            obj = image_repository(namespace, name, mtls_registry.image("mtls/app"),
                                   certSecretRef={"name": ref})
            if name == "legacy":  # the v1beta1 page's own example: certFile/keyFile/caFile
                obj["apiVersion"] = "image.toolkit.fluxcd.io/v1beta1"
            await client.create(obj)
        await wait_ready(client, namespace, "mtls", tag_count=3)
        await wait_ready(client, namespace, "legacy", tag_count=3)
        legacy = await client.get("image.toolkit.fluxcd.io/v1beta1", "ImageRepository", "legacy",
                                  namespace=namespace)
        assert legacy["status"]["lastScanResult"]["tagCount"] == 3
        assert conditions.get_message(legacy, "Ready") == "successful scan, found 3 tags"
        await wait_condition(client, namespace, "no-client-cert", "Ready", "False", "ReadOperationFailed")
    assert "specifying TLS auth data via `certFile/keyFile/caFile` is deprecated" in caplog.text
    assert tls.client.key_pem.decode().splitlines()[1] not in caplog.text


async def test_proxy_secret(
    env: Any, client: Client, namespace: str, tls_registry: RegistryServer, tmp_path: Path
) -> None:
    assert tls_registry.tls is not None
    await client.create(secret(namespace, "ca", {"ca.crt": tls_registry.tls.ca.cert_pem}))
    async with ForwardProxy(credentials=("proxy-user", "proxy-pass")).running() as proxy, \
            run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(secret(namespace, "proxy", {
            "address": proxy.url.encode(), "username": b"proxy-user", "password": b"proxy-pass",
        }))
        await client.create(secret(namespace, "bad-proxy", {
            "address": proxy.url.encode(), "username": b"proxy-user", "password": b"wrong-proxy-pass",
        }))
        await client.create(image_repository(namespace, "app", tls_registry.image("tls/app"),
                                             certSecretRef={"name": "ca"}, proxySecretRef={"name": "proxy"}))
        await client.create(image_repository(namespace, "refused", tls_registry.image("tls/app"),
                                             certSecretRef={"name": "ca"},
                                             proxySecretRef={"name": "bad-proxy"}))
        await wait_ready(client, namespace, "app", tag_count=2)
        assert tls_registry.host in proxy.targets
        await wait_condition(client, namespace, "refused", "Ready", "False", "ReadOperationFailed")
        await assert_no_secret_anywhere(client, namespace, "refused", "wrong-proxy-pass", "proxy-pass")


@pytest.mark.parametrize("allow_http", [True, False])
async def test_plain_http_needs_insecure_allow_http(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path,
    allow_http: bool,
) -> None:
    overrides = {**FAST, "insecure_allow_http": allow_http}
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=overrides):
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app"),
                                             insecure=True))
        if allow_http:
            await wait_ready(client, namespace, "app", tag_count=4)
            return
        obj = await wait_condition(client, namespace, "app", "Stalled", "True",
                                   "InsecureConnectionsDisallowed")
        assert "--insecure-allow-http=false" in conditions.get_message(obj, "Stalled")
        assert conditions.get_reason(obj, "Ready") == "InsecureConnectionsDisallowed"
        # Dropping .spec.insecure is a spec change the controller acts on.
        await client.patch(*IR, "app", {"spec": {"insecure": False}}, namespace=namespace)
        await wait_ready(client, namespace, "app", tag_count=4)
