"""Connection secrets (`.spec.certSecretRef` client keys, `.spec.proxySecretRef` proxy passwords) and
a password typed into `.spec.image` never show in what the manager prints or writes: on
success, with wrong or unusable material, with a proxy that refuses or is not there.

Like the pull Secret tests, each drives both controllers (scans and digest reflection) and
greps the debug logs, Events, status, whole objects and metrics.
"""

from __future__ import annotations

import base64
import os
import textwrap
import uuid
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.envtest.certs import generate_cert
from tests.registry.proxy import ForwardProxy
from tests.security.conftest import ROBOT, Site
from tests.security.leaks import (
    FAST,
    IP,
    IR,
    LogCapture,
    SecretBook,
    basic_entry,
    cluster_sinks,
    image_policy,
    image_repository,
    opaque_secret,
    patch_secret_data,
    pull_secret,
    verdict,
    wait_digest,
    wait_for,
    wait_ready,
    wait_warnings,
)
from tests.support.manager import run_manager
from tests.support.registry import free_port

CONTROLLERS = ["imagerepository", "imagepolicy"]
AUTH_FAILED = "AuthenticationFailed"
READ_FAILED = "ReadOperationFailed"
PROXY_USER = "proxy-robot"


def garbage_key(marker: str) -> bytes:
    """A PEM private key whose body is no key at all (random bytes around `marker`)."""
    body = base64.b64encode(os.urandom(48) + marker.encode() + os.urandom(48)).decode()
    return ("-----BEGIN PRIVATE KEY-----\n" + "\n".join(textwrap.wrap(body, 64))
            + "\n-----END PRIVATE KEY-----\n").encode()


async def test_client_certificate_keys(
    env: Any, client: Client, namespace: str, mtls_site: Site, storage: Path, debug_logs: LogCapture
) -> None:
    """tls.key (and legacy keyFile) on success, mismatched with its certificate, unparsable,
    without its certificate, and for an unreachable registry."""
    tls = mtls_site.registry.tls
    assert tls is not None and tls.client is not None and tls.client_ca is not None
    other = generate_cert(tls.client_ca, "lookout-other-client", client=True)
    book = SecretBook()
    book.pem_key("client key", tls.client.key_pem)
    book.pem_key("mismatched key", other.key_pem)
    marker = book.new("marker inside an unparsable key")
    garbage = garbage_key(marker)
    book.pem_key("unparsable key", garbage)
    ca, crt, key = tls.ca.cert_pem, tls.client.cert_pem, tls.client.key_pem
    secrets: dict[str, dict[str, bytes]] = {
        "ok": {"ca.crt": ca, "tls.crt": crt, "tls.key": key},
        "legacy": {"caFile": ca, "certFile": crt, "keyFile": key},
        "rotated": {"ca.crt": ca, "tls.crt": crt, "tls.key": key},
        "mismatch": {"ca.crt": ca, "tls.crt": crt, "tls.key": other.key_pem},
        "unparsable": {"ca.crt": ca, "tls.crt": crt, "tls.key": garbage},
        "key-only": {"ca.crt": ca, "tls.key": key},
        "no-client-cert": {"ca.crt": ca},
        "unreachable": {"ca.crt": ca, "tls.crt": crt, "tls.key": key},
    }
    for name, data in secrets.items():
        await client.create(opaque_secret(namespace, name, data))
    dead = f"127.0.0.1:{free_port()}/mtls/app"

    async with run_manager(env, CONTROLLERS, namespace=namespace, storage_path=storage,
                           options_overrides=FAST) as running:
        for name in secrets:
            image = dead if name == "unreachable" else mtls_site.image
            await client.create(image_repository(namespace, name, image, certSecretRef={"name": name}))
        for name in ("ok", "legacy", "rotated"):
            await wait_ready(client, namespace, name)
        failed = {
            "mismatch": (AUTH_FAILED, "failed to parse TLS certificate and key"),
            "unparsable": (AUTH_FAILED, "failed to parse TLS certificate and key"),
            "key-only": (AUTH_FAILED, "contains 'tls.key' but missing 'tls.crt'"),
            # The handshake fails without a client certificate; plain HTTP is tried and refused.
            "no-client-cert": (READ_FAILED, "unexpected status code 400"),
            "unreachable": (READ_FAILED, "cannot connect"),
        }
        for name, (reason, message) in failed.items():
            await wait_for(client, IR, namespace, name, "False", reason=reason, contains=message)

        await patch_secret_data(client, namespace, "rotated",
                                opaque_secret(namespace, "rotated", secrets["mismatch"]))
        for name in ("ok", "legacy", "rotated"):
            await client.create(image_policy(namespace, name, name))
        await wait_digest(client, namespace, "ok")
        await wait_digest(client, namespace, "legacy")
        await wait_for(client, IP, namespace, "rotated", "False", contains="failed to parse TLS")
        await wait_warnings(client, namespace, [*failed, "rotated"])
        sinks = await cluster_sinks(client, namespace, running.manager)
    sinks["logs"] = debug_logs.text

    verdict("secrets: certSecretRef client keys", book, sinks, {
        "status": [message for _, message in failed.values()] + ["failed fetching digest"],
        "events": [AUTH_FAILED, READ_FAILED, "failed to parse TLS"],
        "yaml": ["sha256:", "but missing"],
        "logs": ["Reconciler error", "failed to parse TLS certificate and key", "is deprecated"],
        "metrics": ['controller_runtime_reconcile_errors_total{controller="imagepolicy"}'],
    })


async def test_proxy_credentials(
    env: Any, client: Client, namespace: str, tls_site: Site, basic_site: Site, storage: Path,
    debug_logs: LogCapture,
) -> None:
    """Proxy passwords (the `password` key, or user info in `address`) through CONNECT (HTTPS) and
    absolute-form (plain HTTP) requests: accepted, refused (407), unreachable, unparsable."""
    assert tls_site.registry.tls is not None
    book = SecretBook()
    proxy_password = book.new("proxy password")
    book.add("proxy user:password", f"{PROXY_USER}:{proxy_password}")
    book.basic("registry password", basic_site.user, basic_site.password)
    wrong, wrong_info = book.new("wrong proxy password"), book.new("wrong proxy password in address")
    for label, value in (("wrong", wrong), ("wrong address", wrong_info)):
        book.add(f"{label} user:password", f"{PROXY_USER}:{value}")
    dead, scheme, port, rotated = (book.new("password of an unreachable proxy"),
                                   book.new("password in a socks address"),
                                   book.new("password in an address with a bad port"),
                                   book.new("proxy password rotated to a wrong one"))
    orphan = book.new("password without an address")
    await client.create(opaque_secret(namespace, "ca", {"ca.crt": tls_site.registry.tls.ca.cert_pem}))
    await client.create(pull_secret(namespace, "regcred", {
        basic_site.registry.host: basic_entry(ROBOT, basic_site.password)}))

    async with ForwardProxy(credentials=(PROXY_USER, proxy_password)).running() as proxy:
        at = f"127.0.0.1:{proxy.port}"
        secrets: dict[str, dict[str, str]] = {
            "ok": {"address": proxy.url, "username": PROXY_USER, "password": proxy_password},
            "ok-address": {"address": f"http://{PROXY_USER}:{proxy_password}@{at}"},
            "rotated": {"address": proxy.url, "username": PROXY_USER, "password": proxy_password},
            "wrong": {"address": proxy.url, "username": PROXY_USER, "password": wrong},
            "wrong-address": {"address": f"http://{PROXY_USER}:{wrong_info}@{at}"},
            "unreachable": {"address": f"http://{PROXY_USER}:{dead}@127.0.0.1:{free_port()}"},
            "bad-scheme": {"address": f"socks5://{PROXY_USER}:{scheme}@{at}"},
            "bad-port": {"address": f"http://{PROXY_USER}:{port}@127.0.0.1:99999"},
            "no-address": {"username": PROXY_USER, "password": orphan},
        }
        for name, data in secrets.items():
            await client.create(opaque_secret(namespace, name, data))
        # Plain HTTP (the basic registry) sends the proxy password on every request; HTTPS on CONNECT.
        plain = {"ok-address", "wrong-address"}
        async with run_manager(env, CONTROLLERS, namespace=namespace, storage_path=storage,
                               options_overrides=FAST) as running:
            for name in secrets:
                spec: dict[str, Any] = {"proxySecretRef": {"name": name}}
                if name in plain:
                    spec["secretRef"] = {"name": "regcred"}
                else:
                    spec["certSecretRef"] = {"name": "ca"}
                image = basic_site.image if name in plain else tls_site.image
                await client.create(image_repository(namespace, name, image, **spec))
            for name in ("ok", "ok-address", "rotated"):
                await wait_ready(client, namespace, name)
            failed = {
                "wrong": (READ_FAILED, "407"),
                "wrong-address": (READ_FAILED, "407"),
                "unreachable": (READ_FAILED, "cannot connect to proxy"),
                "bad-scheme": (AUTH_FAILED, "proxy URL must use one of the supported schemes"),
                "bad-port": (AUTH_FAILED, "failed to parse proxy address"),
                "no-address": (AUTH_FAILED, "key 'address' not found"),
            }
            for name, (reason, message) in failed.items():
                await wait_for(client, IR, namespace, name, "False", reason=reason, contains=message)

            await patch_secret_data(client, namespace, "rotated", opaque_secret(namespace, "rotated", {
                "address": proxy.url, "username": PROXY_USER, "password": rotated}))
            for name in ("ok", "ok-address", "rotated"):
                await client.create(image_policy(namespace, name, name))
            await wait_digest(client, namespace, "ok")
            await wait_digest(client, namespace, "ok-address")
            await wait_for(client, IP, namespace, "rotated", "False", contains="407")
            await wait_warnings(client, namespace, [*failed, "rotated"])
            sinks = await cluster_sinks(client, namespace, running.manager)
        assert tls_site.registry.host in proxy.targets and basic_site.registry.host in proxy.targets
        assert proxy.refused > 0
    sinks["logs"] = debug_logs.text

    verdict("secrets: proxySecretRef", book, sinks, {
        "status": [message for _, message in failed.values()] + ["failed fetching digest"],
        "events": [AUTH_FAILED, READ_FAILED, "407"],
        "yaml": ["sha256:", "407"],
        "logs": ["Reconciler error", "cannot connect to proxy", "407"],
        "metrics": ['controller_runtime_reconcile_errors_total{controller="imagepolicy"}'],
    })


async def test_password_typed_into_the_image(
    env: Any, client: Client, namespace: str, basic_site: Site, storage: Path, debug_logs: LogCapture
) -> None:
    """`.spec.image` with user info (a URL pasted from somewhere): refused, and masked wherever the
    refusal is shown, whatever the password's characters; only the spec itself holds it."""
    book = SecretBook()
    host = basic_site.registry.host
    slashed = book.add("password with a slash", f"s3cr3t/{uuid.uuid4().hex}")
    encoded = book.add("password with an escaped slash", f"s3cr3t%2F{uuid.uuid4().hex}")
    images = {
        "scheme": f"https://{ROBOT}:{book.new('password after a scheme')}@{host}/private/app",
        "no-scheme": f"{ROBOT}:{book.new('password without a scheme')}@{host}/private/app",
        "tagged": f"{ROBOT}:{book.new('password before a tag')}@{host}/private/app:1.0.0",
        "escaped": f"https://{ROBOT}:{encoded}@{host}/private/app",
        "slashed": f"oci://{ROBOT}:{slashed}@{host}/private/app",
        "digest": f"{ROBOT}:{book.new('password before a digest')}@{host}/private/app@sha256:{'a' * 64}",
    }

    async with run_manager(env, CONTROLLERS, namespace=namespace, storage_path=storage,
                           options_overrides=FAST) as running:
        for name, image in images.items():
            await client.create(image_repository(namespace, name, image))
        await client.create(image_policy(namespace, "scheme", "scheme"))
        for name in images:
            await wait_for(client, IR, namespace, name, "True", reason="ImageURLInvalid", type_="Stalled")
        await wait_for(client, IP, namespace, "scheme", "False")
        await wait_warnings(client, namespace, images)
        sinks = await cluster_sinks(client, namespace, running.manager, hide_spec_image=True)
    sinks["logs"] = debug_logs.text

    verdict("secrets: password in .spec.image", book, sinks, {
        "status": ["should not include URL scheme", "could not parse reference", f"{ROBOT}:xxxxx@"],
        "events": ["ImageURLInvalid", f"{ROBOT}:xxxxx@"],
        "yaml": ["ImageURLInvalid"],
        "logs": [f"{ROBOT}:xxxxx@"],
        "metrics": ['controller_runtime_reconcile_total{controller="imagerepository"'],
    })

