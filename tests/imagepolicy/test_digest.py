"""Digest reflection: `.status.latestRef.digest` is the registry's Docker-Content-Digest of the
chosen tag, fetched with the ImageRepository's own credentials."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from tests.imagepolicy.conftest import (
    FAST,
    IP,
    events_for,
    image_policy,
    image_repository,
    wait_policy,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.wait import eventually

USER, PASSWORD = "robot", "digest-s3cret-pa55"
REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"


@pytest.fixture(scope="module")
def private_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    workdir = tmp_path_factory.mktemp("ip-private") / "basic"
    server = RegistryServer(workdir, htpasswd={USER: PASSWORD}).start()
    yield server
    server.stop()


def _pull_secret(namespace: str, registry: str) -> dict[str, Any]:
    auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    config = json.dumps({"auths": {registry: {"auth": auth}}})
    return {
        "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
        "metadata": {"name": "regcred", "namespace": namespace},
        "data": {".dockerconfigjson": base64.b64encode(config.encode()).decode()},
    }


async def _request_reconcile(client: Client, namespace: str, name: str) -> None:
    stamp = uuid.uuid4().hex
    await client.patch(*IP, name, {"metadata": {"annotations": {REQUESTED_AT: stamp}}}, namespace=namespace)


async def test_always_reflects_the_current_digest_with_repository_credentials(
    env: Any, client: Client, namespace: str, private_registry: RegistryServer, storage: Path
) -> None:
    path = f"dig-{uuid.uuid4().hex[:8]}"
    await private_registry.apush_tags(path, ["1.0.0"], payload=b"old build")
    first = await private_registry.apush_tags(path, ["1.1.0"], payload=b"first build")
    image = private_registry.image(path)
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(_pull_secret(namespace, private_registry.host))
        await client.create(image_repository(namespace, "app", image, secretRef={"name": "regcred"}))
        spec = {"imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": "1.x"}},
                "digestReflectionPolicy": "Always", "interval": "1h"}
        await client.create(image_policy(namespace, "app", spec))
        obj = await wait_policy(client, namespace, "app", tag="1.1.0")
        assert obj["status"]["latestRef"] == {"name": image, "tag": "1.1.0", "digest": first}
        assert obj["status"]["latestImage"] == f"{image}:1.1.0@{first}"

        # The tag is moved to a new build: Always fetches again and records the change.
        second = await private_registry.apush_tags(path, ["1.1.0"], payload=b"rebuilt")
        assert second != first
        await _request_reconcile(client, namespace, "app")
        want = (f"Latest image tag for {image} resolved to 1.1.0 with digest {second} "
                f"(previously {image}:1.1.0@{first})")
        obj = await wait_policy(client, namespace, "app", message=want,
                                ref={"name": image, "tag": "1.1.0", "digest": second})
        assert obj["status"]["observedPreviousRef"] == {"name": image, "tag": "1.1.0", "digest": first}
        assert obj["status"]["lastHandledReconcileAt"] == obj["metadata"]["annotations"][REQUESTED_AT]

        # The pull Secret's password never leaks into what users can read.
        events = await events_for(client, namespace, "app")
        assert PASSWORD not in json.dumps(obj) + json.dumps(events)


async def test_if_not_present_keeps_the_digest_until_the_tag_changes(
    env: Any, client: Client, namespace: str, private_registry: RegistryServer, storage: Path
) -> None:
    path = f"dig-{uuid.uuid4().hex[:8]}"
    first = await private_registry.apush_tags(path, ["1.0.0"], payload=b"one")
    image = private_registry.image(path)
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(_pull_secret(namespace, private_registry.host))
        await client.create(image_repository(namespace, "app", image, secretRef={"name": "regcred"}))
        spec = {"imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": "1.x"}},
                "digestReflectionPolicy": "IfNotPresent"}
        await client.create(image_policy(namespace, "app", spec))
        obj = await wait_policy(client, namespace, "app", tag="1.0.0")
        assert obj["status"]["latestRef"]["digest"] == first
        assert obj["status"]["latestImage"] == f"{image}:1.0.0@{first}"

        # Same tag, new build: IfNotPresent keeps the digest it already has.
        await private_registry.apush_tags(path, ["1.0.0"], payload=b"one, rebuilt")
        await _request_reconcile(client, namespace, "app")

        async def handled() -> bool:
            got = await client.get(*IP, "app", namespace=namespace)
            stamp = got["metadata"]["annotations"][REQUESTED_AT]
            return bool(got["status"].get("lastHandledReconcileAt") == stamp)

        done: bool = await eventually(handled, message="reconcile request handled")
        assert done
        obj = await wait_policy(client, namespace, "app", tag="1.0.0")
        assert obj["status"]["latestRef"]["digest"] == first

        # A new tag is a new ref: its digest is fetched.
        newer = await private_registry.apush_tags(path, ["1.1.0"], payload=b"two")
        await client.patch("image.toolkit.fluxcd.io/v1", "ImageRepository", "app",
                           {"metadata": {"annotations": {REQUESTED_AT: "rescan"}}}, namespace=namespace)
        obj = await wait_policy(client, namespace, "app",
                                ref={"name": image, "tag": "1.1.0", "digest": newer})
        assert obj["status"]["observedPreviousRef"] == {"name": image, "tag": "1.0.0", "digest": first}


async def test_digest_fetch_failure_is_reported_then_recovers(
    env: Any, client: Client, namespace: str, private_registry: RegistryServer, storage: Path
) -> None:
    path = f"dig-{uuid.uuid4().hex[:8]}"
    digest = await private_registry.apush_tags(path, ["1.0.0"], payload=b"steady")
    image = private_registry.image(path)
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(_pull_secret(namespace, private_registry.host))
        await client.create(image_repository(namespace, "app", image, secretRef={"name": "regcred"}))
        spec = {"imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": "1.x"}}}
        await client.create(image_policy(namespace, "app", spec))
        await wait_policy(client, namespace, "app", tag="1.0.0")

        # The registry goes away, then the policy starts asking it for digests.
        await private_registry.astop()
        try:
            await client.patch(*IP, "app", {"spec": {"digestReflectionPolicy": "Always", "interval": "1h"}},
                               namespace=namespace)
            obj = await wait_policy(client, namespace, "app", status="False", reason="Failed")
            ready = next(c for c in obj["status"]["conditions"] if c["type"] == "Ready")
            assert ready["message"].startswith(f"failed fetching digest of {image}:1.0.0: ")

            async def warned() -> list[dict[str, Any]]:
                events = await events_for(client, namespace, "app")
                return [e for e in events if e["type"] == "Warning" and e["message"] == ready["message"]]

            warnings: list[dict[str, Any]] = await eventually(warned, message="digest failure event")
            assert PASSWORD not in json.dumps(obj) + json.dumps(warnings)
        finally:
            await private_registry.astart()
        # Failures are retried with backoff: once the registry is back the digest appears.
        obj = await wait_policy(client, namespace, "app",
                                ref={"name": image, "tag": "1.0.0", "digest": digest})
        assert obj["status"]["latestImage"] == f"{image}:1.0.0@{digest}"
        assert obj["status"]["observedPreviousRef"] == {"name": image, "tag": "1.0.0"}
        ready = next(c for c in obj["status"]["conditions"] if c["type"] == "Ready")
        assert ready["message"] == (f"Latest image tag for {image} resolved to 1.0.0 with digest {digest} "
                                    f"(previously {image}:1.0.0)")
