"""Pull Secret credentials (`.spec.secretRef`, a service account's `imagePullSecrets`) never show
in what the manager prints or writes, whichever way a scan or a digest fetch goes: success,
wrong credentials, an unreachable registry, a malformed Secret, a token service that fails.

Each test drives both controllers (ImageRepository scans, ImagePolicy digest reflection with
the repository's credentials) into those outcomes in one namespace, then greps the debug
logs, the namespace's Events, every object's status and YAML, and the metrics.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from tests.security.conftest import ROBOT, Site
from tests.security.leaks import (
    FAST,
    IP,
    IR,
    LogCapture,
    SecretBook,
    b64,
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


def truncated_json(auths: dict[str, Any]) -> str:
    """A `.dockerconfigjson` cut short after its last value: the secret is in, the braces are not."""
    return json.dumps({"auths": auths})[:-3]


def malformed_pull_secrets(namespace: str, host: str, book: SecretBook) -> dict[str, dict[str, Any]]:
    """Pull Secrets that cannot be used, each holding a secret next to (or inside) the flaw."""
    truncated = book.new("password in truncated JSON")
    no_colon = book.new("auth without a colon")
    not_object = book.new("auth entry that is a string")
    auths_string = book.new("auths that is a string")
    wrong_key = book.new("password under the wrong key")
    top_string = book.new("config that is a JSON string")
    return {
        "bad-json": opaque_secret(namespace, "bad-json", {".dockerconfigjson": truncated_json(
            {host: {"username": ROBOT, "password": truncated}})}),
        "no-colon": pull_secret(namespace, "no-colon", {host: {"auth": b64(no_colon)}}),
        "not-object": pull_secret(namespace, "not-object", {host: not_object}),
        "auths-string": opaque_secret(namespace, "auths-string",
                                      {".dockerconfigjson": json.dumps({"auths": auths_string})}),
        "no-key": opaque_secret(namespace, "no-key", {"username": ROBOT, "password": wrong_key}),
        "json-string": opaque_secret(namespace, "json-string", {".dockerconfigjson": json.dumps(top_string)}),
    }


MALFORMED_MESSAGES = {
    "bad-json": "'.dockerconfigjson' is not valid JSON",
    "no-colon": "must be base64 of 'username:password'",
    "not-object": "is not an object",
    "auths-string": "'auths' in '.dockerconfigjson' must be a JSON object",
    "no-key": "key '.dockerconfigjson' not found",
    "json-string": "'.dockerconfigjson' must be a JSON object",
}


async def test_dockerconfigjson_basic_auth(
    env: Any, client: Client, namespace: str, basic_site: Site, storage: Path, debug_logs: LogCapture
) -> None:
    """username/password fields and the `auth` form, on success, 401, no registry, bad Secrets."""
    book = SecretBook()
    book.basic("registry password", basic_site.user, basic_site.password)
    host, image = basic_site.registry.host, basic_site.image
    wrong = book.new("wrong password")
    book.add("wrong user:password", f"{ROBOT}:{wrong}")
    dead_host = f"127.0.0.1:{free_port()}"
    unreachable = book.new("password for an unreachable registry")
    rotated_wrong = book.new("password rotated to a wrong one")
    book.add("rotated wrong user:password", f"{ROBOT}:{rotated_wrong}")
    password = basic_site.password
    secrets = {
        "fields": pull_secret(namespace, "fields", {host: {"username": ROBOT, "password": password}}),
        "auth-only": pull_secret(namespace, "auth-only", {host: {"auth": b64(f"{ROBOT}:{password}")}}),
        "wrong": pull_secret(namespace, "wrong", {host: basic_entry(ROBOT, wrong)}),
        "unreachable": pull_secret(namespace, "unreachable", {dead_host: basic_entry(ROBOT, unreachable)}),
        "rotated": pull_secret(namespace, "rotated", {host: basic_entry(ROBOT, basic_site.password)}),
        "rotated-bad": pull_secret(namespace, "rotated-bad", {host: basic_entry(ROBOT, basic_site.password)}),
        **malformed_pull_secrets(namespace, host, book),
    }
    for obj in secrets.values():
        await client.create(obj)

    async with run_manager(env, CONTROLLERS, namespace=namespace, storage_path=storage,
                           options_overrides=FAST) as running:
        for name in secrets:
            target = f"{dead_host}/private/app" if name == "unreachable" else image
            await client.create(image_repository(namespace, name, target, secretRef={"name": name}))
        for name in ("fields", "auth-only", "rotated", "rotated-bad"):
            await wait_ready(client, namespace, name)
        await wait_for(client, IR, namespace, "wrong", "False", reason=AUTH_FAILED, contains="UNAUTHORIZED")
        await wait_for(client, IR, namespace, "unreachable", "False", reason=READ_FAILED,
                       contains="cannot connect")
        for name, message in MALFORMED_MESSAGES.items():
            await wait_for(client, IR, namespace, name, "False", reason=AUTH_FAILED, contains=message)

        # The repositories scanned; now their Secrets break, and only digest fetches see it.
        await patch_secret_data(client, namespace, "rotated",
                                pull_secret(namespace, "rotated", {host: basic_entry(ROBOT, rotated_wrong)}))
        await patch_secret_data(client, namespace, "rotated-bad", secrets["bad-json"])
        await client.create(image_policy(namespace, "fields", "fields"))
        await client.create(image_policy(namespace, "auth-only", "auth-only", reflection="IfNotPresent"))
        await client.create(image_policy(namespace, "rotated", "rotated"))
        await client.create(image_policy(namespace, "rotated-bad", "rotated-bad"))
        await wait_digest(client, namespace, "fields")
        await wait_digest(client, namespace, "auth-only")
        await wait_for(client, IP, namespace, "rotated", "False", contains="UNAUTHORIZED")
        await wait_for(client, IP, namespace, "rotated-bad", "False", contains="not valid JSON")
        await wait_warnings(client, namespace, ["wrong", "unreachable", "rotated", "rotated-bad",
                                                *MALFORMED_MESSAGES])
        sinks = await cluster_sinks(client, namespace, running.manager)
    sinks["logs"] = debug_logs.text

    failures = ["UNAUTHORIZED", "cannot connect", "failed fetching digest", *MALFORMED_MESSAGES.values()]
    verdict("secrets: dockerconfigjson basic auth", book, sinks, {
        "status": failures,
        "events": [AUTH_FAILED, READ_FAILED, "failed fetching digest"],
        "yaml": ["UNAUTHORIZED", "sha256:"],
        "logs": ["Reconciler error", "UNAUTHORIZED", "not valid JSON"],
        "metrics": ['controller_runtime_reconcile_errors_total{controller="imagepolicy"}',
                    'controller_runtime_reconcile_errors_total{controller="imagerepository"}'],
    })


async def test_token_auth_credentials(
    env: Any, client: Client, namespace: str, token_site: Site, hostile_site: Site, storage: Path,
    debug_logs: LogCapture,
) -> None:
    """Basic credentials, identity (refresh) tokens and registry (bearer) tokens against a token
    service; the bearer tokens it issues; a token service that fails quoting what it got."""
    assert token_site.tokens is not None
    book = SecretBook()
    book.basic("registry password", token_site.user, token_site.password)
    book.add("identity token", token_site.identity_token)
    registry_token = book.add("registry token", token_site.tokens.sign(
        ROBOT, [{"type": "repository", "name": token_site.repository, "actions": ["pull"]}]))
    host, image = token_site.registry.host, token_site.image
    hostile_host, hostile_image = hostile_site.registry.host, hostile_site.image
    dead_host = f"127.0.0.1:{free_port()}"
    wrong = book.new("wrong password")
    book.add("wrong user:password", f"{ROBOT}:{wrong}")
    entries: dict[str, tuple[str, dict[str, str]]] = {
        "basic": (host, {"username": ROBOT, "password": token_site.password}),
        "identity": (host, {"identitytoken": token_site.identity_token}),
        "registry-token": (host, {"registrytoken": registry_token}),
        "rotated": (host, {"identitytoken": token_site.identity_token}),
        "wrong-basic": (host, basic_entry(ROBOT, wrong)),
        "wrong-identity": (host, {"identitytoken": book.new("unknown identity token", "refresh")}),
        "wrong-registry-token": (host, {"registrytoken": book.new("forged registry token", "bearer")}),
        "unreachable": (dead_host, {"identitytoken": book.new("identity token for no registry", "refresh")}),
        "hostile-identity": (hostile_host, {"identitytoken": book.new("identity token echoed", "refresh")}),
    }
    for behaviour in ("echo-text", "echo-json", "not-json", "no-token"):
        password = book.new(f"password echoed by the token service ({behaviour})")
        book.add(f"{behaviour} user:password", f"{behaviour}:{password}")
        entries[f"hostile-{behaviour}"] = (hostile_host, basic_entry(behaviour, password))
    images = {hostile_host: hostile_image, dead_host: f"{dead_host}/secure/app", host: image}
    for name, (registry, entry) in entries.items():
        await client.create(pull_secret(namespace, name, {registry: entry}))

    async with run_manager(env, CONTROLLERS, namespace=namespace, storage_path=storage,
                           options_overrides=FAST) as running:
        for name, (registry, _) in entries.items():
            await client.create(image_repository(namespace, name, images[registry], secretRef={"name": name}))
        for name in ("basic", "identity", "registry-token", "rotated"):
            await wait_ready(client, namespace, name)
        failed = {
            "wrong-basic": (AUTH_FAILED, "invalid username or password"),
            "wrong-identity": (AUTH_FAILED, "invalid refresh token"),
            "wrong-registry-token": (AUTH_FAILED, "UNAUTHORIZED"),
            "unreachable": (READ_FAILED, "cannot connect"),
            "hostile-identity": (AUTH_FAILED, "DENIED"),
            "hostile-echo-text": (READ_FAILED, "unexpected status code 500"),
            "hostile-echo-json": (AUTH_FAILED, "UNAUTHORIZED"),
            "hostile-not-json": (READ_FAILED, "token response is not JSON"),
            "hostile-no-token": (READ_FAILED, "token response has no token"),
        }
        for name, (reason, message) in failed.items():
            await wait_for(client, IR, namespace, name, "False", reason=reason, contains=message)

        rotated_to = book.new("identity token rotated to an unknown one", "refresh")
        await patch_secret_data(client, namespace, "rotated",
                                pull_secret(namespace, "rotated", {host: {"identitytoken": rotated_to}}))
        for name in ("basic", "identity", "registry-token", "rotated"):
            await client.create(image_policy(namespace, name, name))
        for name in ("basic", "identity", "registry-token"):
            await wait_digest(client, namespace, name)
        await wait_for(client, IP, namespace, "rotated", "False", contains="invalid refresh token")
        await wait_warnings(client, namespace, [*failed, "rotated"])
        sinks = await cluster_sinks(client, namespace, running.manager)
    sinks["logs"] = debug_logs.text
    for i, token in enumerate(dict.fromkeys(token_site.tokens.issued)):
        book.add(f"issued bearer token {i}", token)

    verdict("secrets: dockerconfigjson token auth (password, identitytoken, registrytoken)", book, sinks, {
        "status": [message for _, message in failed.values()] + ["failed fetching digest"],
        "events": [AUTH_FAILED, READ_FAILED, "invalid refresh token"],
        "yaml": ["sha256:", "token response"],
        "logs": ["Reconciler error", "invalid username or password", "unexpected status code 500"],
        "metrics": ['controller_runtime_reconcile_errors_total{controller="imagepolicy"}'],
    })


async def test_service_account_pull_secrets(
    env: Any, client: Client, namespace: str, basic_site: Site, storage: Path, debug_logs: LogCapture
) -> None:
    """`.spec.serviceAccountName`: credentials from the account's imagePullSecrets, including
    ones that do not apply, are wrong, or cannot be parsed."""
    book = SecretBook()
    book.basic("registry password", basic_site.user, basic_site.password)
    host, image = basic_site.registry.host, basic_site.image
    dead_host = f"127.0.0.1:{free_port()}"
    wrong, unreachable, rotated = (book.new("wrong password"), book.new("password for no registry"),
                                   book.new("password rotated to a wrong one"))
    truncated = book.new("password in truncated JSON")
    secrets = [
        pull_secret(namespace, "other", {"ghcr.io": basic_entry("someone", book.new("another registry's"))}),
        pull_secret(namespace, "regcred", {host: basic_entry(ROBOT, basic_site.password)}),
        pull_secret(namespace, "wrong", {host: basic_entry(ROBOT, wrong)}),
        pull_secret(namespace, "unreachable", {dead_host: basic_entry(ROBOT, unreachable)}),
        pull_secret(namespace, "rotated", {host: basic_entry(ROBOT, basic_site.password)}),
        opaque_secret(namespace, "bad-json", {".dockerconfigjson": truncated_json(
            {host: {"auth": b64(f"{ROBOT}:{truncated}")}})}),
    ]
    book.add("truncated user:password", f"{ROBOT}:{truncated}")
    accounts = {"sa-ok": ["other", "regcred"], "sa-wrong": ["other", "wrong"],
                "sa-unreachable": ["unreachable"], "sa-broken": ["other", "bad-json", "regcred"],
                "sa-rotated": ["rotated"]}
    for obj in secrets:
        await client.create(obj)
    for name, pulls in accounts.items():
        await client.create({"apiVersion": "v1", "kind": "ServiceAccount",
                             "metadata": {"name": name, "namespace": namespace},
                             "imagePullSecrets": [{"name": p} for p in pulls]})

    async with run_manager(env, CONTROLLERS, namespace=namespace, storage_path=storage,
                           options_overrides=FAST) as running:
        for name in accounts:
            target = f"{dead_host}/private/app" if name == "sa-unreachable" else image
            await client.create(image_repository(namespace, name, target, serviceAccountName=name))
        await wait_ready(client, namespace, "sa-ok")
        await wait_ready(client, namespace, "sa-rotated")
        await wait_for(client, IR, namespace, "sa-wrong", "False", reason=AUTH_FAILED,
                       contains="UNAUTHORIZED")
        await wait_for(client, IR, namespace, "sa-unreachable", "False", reason=READ_FAILED,
                       contains="cannot connect")
        await wait_for(client, IR, namespace, "sa-broken", "False", reason=AUTH_FAILED,
                       contains="not valid JSON")
        await patch_secret_data(client, namespace, "rotated",
                                pull_secret(namespace, "rotated", {host: basic_entry(ROBOT, rotated)}))
        await client.create(image_policy(namespace, "sa-ok", "sa-ok"))
        await client.create(image_policy(namespace, "sa-rotated", "sa-rotated"))
        await wait_digest(client, namespace, "sa-ok")
        await wait_for(client, IP, namespace, "sa-rotated", "False", contains="UNAUTHORIZED")
        await wait_warnings(client, namespace, ["sa-wrong", "sa-unreachable", "sa-broken", "sa-rotated"])
        sinks = await cluster_sinks(client, namespace, running.manager)
    sinks["logs"] = debug_logs.text

    verdict("secrets: service account imagePullSecrets", book, sinks, {
        "status": ["UNAUTHORIZED", "cannot connect", "not valid JSON", "failed fetching digest"],
        "events": [AUTH_FAILED, READ_FAILED],
        "yaml": ["sha256:", "UNAUTHORIZED"],
        "logs": ["Reconciler error", "not valid JSON"],
        "metrics": ['controller_runtime_reconcile_errors_total{controller="imagerepository"}'],
    })
