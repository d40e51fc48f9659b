"""Credentials and connections: pull Secrets, service accounts, token auth, TLS, mTLS, proxies,
plain HTTP, and failures that must say what is wrong without ever showing a secret."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import ssl
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from controller_runtime.client import Client
from controller_runtime.envtest.certs import generate_ca, generate_cert
from controller_runtime.fluxruntime import conditions
from controllers.registry import providers
from controllers.registry.credentials import basic_authorization
from controllers.registry.providers.azure import USERNAME as ACR_USER
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
from tests.registry.standin import gce_metadata_app, gce_metadata_at, serve
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


# ----------------------------------------------------------------------------- cloud autologin

GCR_HOST = "eu.gcr.io"
ACR_HOST = "lookout.azurecr.io"
ECR_HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
OTHER_HOST = "registry.example.com"
CLOUD_TAGS = ["1.0", "1.1", "2.0"]


@dataclass
class CloudRegistries:
    """One HTTPS registry answering for the cloud registries' names (reached through a proxy
    that sends every CONNECT to it), the GKE metadata server and ACR's token exchange."""

    gcp_tokens: list[str] = field(default_factory=list)
    acr_tokens: list[str] = field(default_factory=list)
    #: (registry host, Authorization header, status) of every tag list request
    seen: list[tuple[str, str | None, int]] = field(default_factory=list)

    def accepts(self, host: str, authorization: str | None) -> bool:
        if host == GCR_HOST:
            return authorization in {basic_authorization("oauth2accesstoken", t) for t in self.gcp_tokens}
        if host == ACR_HOST:
            return authorization in {basic_authorization(ACR_USER, t) for t in self.acr_tokens}
        if host == ECR_HOST:
            return authorization is not None
        return True  # a public registry of no cloud

    def sent(self, host: str, *, accepted: bool | None = None) -> set[str | None]:
        """The Authorization headers `host` received (only those it accepted, or refused)."""
        return {auth for h, auth, status in self.seen
                if h == host and (accepted is None or (status == 200) == accepted)}

    def app(self) -> web.Application:
        async def ping(request: web.Request) -> web.Response:
            return web.json_response({})

        async def tags(request: web.Request) -> web.Response:
            host = request.host.split(":")[0]
            authorization = request.headers.get("Authorization")
            ok = self.accepts(host, authorization)
            self.seen.append((host, authorization, 200 if ok else 401))
            if not ok:
                body = {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}
                challenge = {"WWW-Authenticate": 'Basic realm="cloud"'}
                return web.json_response(body, status=401, headers=challenge)
            return web.json_response({"name": request.match_info["name"], "tags": CLOUD_TAGS})

        app = web.Application()
        app.router.add_get("/v2/", ping)
        app.router.add_get("/v2/{name:.+}/tags/list", tags)
        return app

    def exchange_app(self) -> web.Application:
        async def exchange(request: web.Request) -> web.Response:
            form = await request.post()
            assert form["grant_type"] == "access_token" and form["access_token"] == "aad-token"
            self.acr_tokens.append(f"acr-refresh-{len(self.acr_tokens) + 1}")
            return web.json_response({"refresh_token": self.acr_tokens[-1]})

        app = web.Application()
        app.router.add_post("/oauth2/exchange", exchange)
        return app


class StaticAzureCredential:
    """The controller's Azure AD identity (what workload identity would give)."""

    def get_token(self, *scopes: str) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken("aad-token", int(time.time()) + 3600)


@contextlib.asynccontextmanager
async def cloud_registries(client: Client, namespace: str, workdir: Path) -> AsyncIterator[CloudRegistries]:
    """The stand-ins, and the Secrets `cloud_repository` refers to: `cloud-ca` (the registry's
    CA) and `cloud-proxy` (the proxy). The manager's GCP login finds the metadata server as on
    GKE; its Azure login (built by the manager, so patched in) has a fixed AAD identity and
    trades it at the local exchange instead of `https://<registry>/oauth2/exchange`."""
    clouds = CloudRegistries()
    ca = generate_ca("lookout-test-cloud-ca")
    cert, key = generate_cert(ca, GCR_HOST, hosts=(GCR_HOST, ACR_HOST, ECR_HOST, OTHER_HOST)).write(
        workdir / "cloud-tls", "registry")
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    async with serve(clouds.app(), ssl_context=server_tls) as registry, \
            serve(gce_metadata_app(clouds.gcp_tokens, lifetime=3600)) as metadata, \
            serve(clouds.exchange_app()) as exchange, \
            ForwardProxy(upstream=registry).running() as proxy:
        await client.create(secret(namespace, "cloud-ca", {"ca.crt": ca.cert_pem}))
        await client.create(secret(namespace, "cloud-proxy", {"address": proxy.url.encode()}))
        azure = functools.partial(providers.AzureProvider, credential=StaticAzureCredential(),
                                  exchange_url=lambda registry: f"http://{exchange}/oauth2/exchange")
        with gce_metadata_at(metadata, workdir / "gcloud"), pytest.MonkeyPatch.context() as mp:
            mp.setattr(providers, "AzureProvider", azure)
            yield clouds


def cloud_repository(namespace: str, name: str, host: str, **spec: Any) -> dict[str, Any]:
    """A generic ImageRepository without secretRef for `host`'s `team/app`."""
    return image_repository(namespace, name, f"{host}/team/app", certSecretRef={"name": "cloud-ca"},
                            proxySecretRef={"name": "cloud-proxy"}, **spec)


async def rescan(client: Client, namespace: str, name: str, value: str) -> None:
    patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": value}}}
    await client.patch(*IR, name, patch, namespace=namespace)
    await until(lambda: _handled(client, namespace, name, value))
    await wait_ready(client, namespace, name, tag_count=len(CLOUD_TAGS))


async def test_gcp_and_azure_autologin_without_a_secret(
    env: Any, client: Client, namespace: str, tmp_path: Path
) -> None:
    overrides = {**FAST, "gcp_autologin_for_gcr": True, "azure_autologin_for_acr": True}
    async with cloud_registries(client, namespace, tmp_path) as clouds, \
            run_manager(env, namespace=namespace, storage_path=tmp_path / "db", options_overrides=overrides):
        await client.create(pull_secret(namespace, "elsewhere", "ghcr.io", USER, PASSWORD))
        for name, host in (("gcr", GCR_HOST), ("acr", ACR_HOST), ("ecr", ECR_HOST), ("other", OTHER_HOST)):
            await client.create(cloud_repository(namespace, name, host))
        # A referenced Secret turns autologin off, even when it has nothing for the registry.
        await client.create(cloud_repository(namespace, "gcr-secret", GCR_HOST,
                                             secretRef={"name": "elsewhere"}))

        for name in ("gcr", "acr", "other"):
            await wait_ready(client, namespace, name, tag_count=len(CLOUD_TAGS))
        for name in ("ecr", "gcr-secret"):
            # no --aws-autologin-for-ecr; a Secret: anonymous, which these registries refuse
            await wait_condition(client, namespace, name, "Ready", "False", "AuthenticationFailed")

        assert clouds.gcp_tokens == ["ya29.token-1"] and clouds.acr_tokens == ["acr-refresh-1"]
        assert clouds.sent(GCR_HOST, accepted=True) == {
            basic_authorization("oauth2accesstoken", "ya29.token-1")}
        assert clouds.sent(GCR_HOST, accepted=False) == {None}
        assert clouds.sent(ACR_HOST, accepted=True) == {basic_authorization(ACR_USER, "acr-refresh-1")}
        assert clouds.sent(ECR_HOST) == {None}
        assert clouds.sent(OTHER_HOST) == {None}  # a registry of no cloud stays anonymous

        # Rescans reuse the cached tokens (--token-cache-max-size defaults to 100).
        await rescan(client, namespace, "gcr", "again")
        await rescan(client, namespace, "acr", "again")
        assert clouds.gcp_tokens == ["ya29.token-1"] and clouds.acr_tokens == ["acr-refresh-1"]


async def test_token_cache_max_size_zero_logs_in_for_every_scan(
    env: Any, client: Client, namespace: str, tmp_path: Path
) -> None:
    overrides = {**FAST, "gcp_autologin_for_gcr": True, "token_cache_max_size": 0}
    async with cloud_registries(client, namespace, tmp_path) as clouds, \
            run_manager(env, namespace=namespace, storage_path=tmp_path / "db", options_overrides=overrides):
        await client.create(cloud_repository(namespace, "gcr", GCR_HOST))
        await wait_ready(client, namespace, "gcr", tag_count=len(CLOUD_TAGS))
        first = len(clouds.gcp_tokens)
        await rescan(client, namespace, "gcr", "again")
        assert len(clouds.gcp_tokens) > first >= 1
        # Each scan presented the token it had just been given.
        assert clouds.sent(GCR_HOST, accepted=True) == {
            basic_authorization("oauth2accesstoken", t) for t in clouds.gcp_tokens}


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
