"""An ImagePolicy over its life: waiting for its repository, following new tags, bad specs.

Each test runs the ImageRepository and ImagePolicy controllers in-process against the
test API server and a real registry, and looks only at what users see: status,
conditions, events.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client, errors
from tests.imagepolicy.conftest import (
    FAST,
    IP,
    IR,
    events_for,
    get_policy,
    image_policy,
    image_repository,
    wait_policy,
)
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.wait import eventually

SEMVER = {"policy": {"semver": {"range": ">=1.0.0"}}}


def _repo_name() -> str:
    return f"app-{uuid.uuid4().hex[:8]}"


async def test_new_tag_moves_latest_and_records_previous(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0", "0.9.0"])
    image = registry.image(path)
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", image))
        await client.create(image_policy(namespace, "app", {"imageRepositoryRef": {"name": "app"}, **SEMVER}))
        await wait_policy(client, namespace, "app", tag="1.0.0")

        await registry.apush_tags(path, ["1.1.0"], payload=b"a newer build")
        # Only the repository is asked to rescan: the policy follows its new scan revision.
        await client.patch(*IR, "app", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "now"}}}, namespace=namespace)
        obj = await wait_policy(client, namespace, "app", tag="1.1.0")

        status = obj["status"]
        assert status["latestRef"] == {"name": image, "tag": "1.1.0"}
        assert status["observedPreviousRef"] == {"name": image, "tag": "1.0.0"}
        assert status["latestImage"] == f"{image}:1.1.0"
        ready = next(c for c in status["conditions"] if c["type"] == "Ready")
        assert ready["message"] == (
            f"Latest image tag for {image} resolved to 1.1.0 (previously {image}:1.0.0)"
        )

        async def both_events() -> list[str]:
            msgs = [e["message"] for e in await events_for(client, namespace, "app") if e["type"] == "Normal"]
            return msgs if len(msgs) >= 2 else []

        messages: list[str] = await eventually(both_events)
        assert f"Latest image tag for {image} resolved to 1.0.0" in messages
        assert ready["message"] in messages


async def test_waits_for_repository_then_becomes_ready(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0", "2.0.0"])
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(image_policy(namespace, "app", {"imageRepositoryRef": {"name": "app"}, **SEMVER}))
        missing = await wait_policy(client, namespace, "app", status="False", reason="DependencyNotReady")
        message = next(c["message"] for c in missing["status"]["conditions"] if c["type"] == "Ready")
        assert message.startswith(
            "failed to get the referred ImageRepository: referenced ImageRepository does not exist:"
        )
        assert '"app" not found' in message

        # A suspended repository is never scanned: the policy has no tags to choose from.
        await client.create(image_repository(namespace, "app", registry.image(path), suspend=True))
        waiting = await wait_policy(client, namespace, "app", status="False", reason="DependencyNotReady",
                                    message="retrying in 500ms error: no tags in database")
        assert "latestRef" not in waiting["status"]

        async def retrying() -> bool:
            # Each retry first marks Reconciling=Progressing, then ends with ProgressingWithRetry.
            got = await get_policy(client, namespace, "app")
            return any(c["type"] == "Reconciling" and c["reason"] == "ProgressingWithRetry"
                       for c in got["status"]["conditions"])

        marked: bool = await eventually(retrying, message="Reconciling=ProgressingWithRetry")
        assert marked

        await client.patch(*IR, "app", {"spec": {"suspend": False}}, namespace=namespace)
        ready = await wait_policy(client, namespace, "app", tag="2.0.0")
        assert [c["type"] for c in ready["status"]["conditions"]] == ["Ready"], ready["status"]

        async def warning_reasons() -> set[str]:
            return {e["reason"] for e in await events_for(client, namespace, "app") if e["type"] == "Warning"}

        reasons: set[str] = await eventually(warning_reasons, message="warning events")
        assert reasons == {"DependencyNotReady"}  # the missing repository: an error
        # Waiting for tags is no alert (IRC#930's event spam): a Trace, written as Normal.
        events = await events_for(client, namespace, "app")
        waits = [e["type"] for e in events if e["message"] == "retrying in 500ms error: no tags in database"]
        assert waits and set(waits) == {"Normal"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"filterTags": {"pattern": "^v(?P<v>[0-9]+"}, "policy": {"numerical": {"order": "asc"}}},
         "failed to filter tags: invalid regular expression pattern '^v(?P<v>[0-9]+': "),
        ({"policy": {"semver": {"range": "not-a-range"}}},
         "invalid policy: "),
    ],
    ids=["bad-regex", "bad-range"],
)
async def test_invalid_policy_stalls(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path,
    spec: dict[str, Any], message: str,
) -> None:
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0"])
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", registry.image(path)))
        await client.create(image_policy(namespace, "bad", {"imageRepositoryRef": {"name": "app"}, **spec}))
        obj = await wait_policy(client, namespace, "bad", status="False", reason="InvalidPolicy",
                                stalled=True)
        conds = {c["type"]: c for c in obj["status"]["conditions"]}
        assert conds["Stalled"]["status"] == "True"
        assert conds["Stalled"]["reason"] == "InvalidPolicy"
        assert conds["Stalled"]["message"].startswith(message)
        assert conds["Ready"]["message"] == conds["Stalled"]["message"]
        assert "Reconciling" not in conds
        # Stalled means fully processed for this generation: kstatus tools stop waiting.
        assert obj["status"]["observedGeneration"] == obj["metadata"]["generation"]
        stalled_events = await eventually(
            lambda: _events_with(client, namespace, "bad", "InvalidPolicy"), message="a Warning for the stall"
        )
        assert {e["type"] for e in stalled_events} == {"Warning"}

        # Fixing the spec (a new generation) recovers it.
        fix = {"filterTags": None, "policy": {"numerical": None, "semver": {"range": ">=1.0.0"}}}
        await client.patch(*IP, "bad", {"spec": fix}, namespace=namespace)
        fixed = await wait_policy(client, namespace, "bad", tag="1.0.0")
        assert "Stalled" not in {c["type"] for c in fixed["status"]["conditions"]}


async def test_nothing_matched_says_how_many_tags_were_considered(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0", "1.1.0", "latest"])
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", registry.image(path)))
        spec = {"imageRepositoryRef": {"name": "app"}, "filterTags": {"pattern": "^release-"},
                "policy": {"alphabetical": {}}}
        await client.create(image_policy(namespace, "none", spec))
        obj = await wait_policy(client, namespace, "none", status="False", reason="Failure")
        ready = next(c for c in obj["status"]["conditions"] if c["type"] == "Ready")
        assert ready["message"] == "no tag matched: 0 of 3 tags passed the filter pattern '^release-'"
        assert "Stalled" not in {c["type"] for c in obj["status"]["conditions"]}


async def test_suspend_resume_and_delete(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0"])
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", registry.image(path)))
        spec = {"imageRepositoryRef": {"name": "app"}, "suspend": True, **SEMVER}
        await client.create(image_policy(namespace, "paused", spec))
        live = {"imageRepositoryRef": {"name": "app"}, **SEMVER}
        await client.create(image_policy(namespace, "live", live))
        await wait_policy(client, namespace, "live", tag="1.0.0")  # the repository was scanned
        paused = await get_policy(client, namespace, "paused")
        assert not (paused.get("status") or {}).get("conditions")

        await client.patch(*IP, "paused", {"spec": {"suspend": False}}, namespace=namespace)
        await wait_policy(client, namespace, "paused", tag="1.0.0")

        # Deleting a policy: the controller releases its finalizer and the object goes.
        await client.delete(*IP, "paused", namespace=namespace)

        async def gone() -> bool:
            try:
                await client.get(*IP, "paused", namespace=namespace)
            except errors.NotFoundError:
                return True
            return False

        deleted: bool = await eventually(gone, message="deleted policy gone")
        assert deleted


async def test_always_without_interval_is_rejected(client: Client, namespace: str) -> None:
    spec = {"imageRepositoryRef": {"name": "app"}, "digestReflectionPolicy": "Always", **SEMVER}
    with pytest.raises(errors.InvalidError) as err:
        await client.create(image_policy(namespace, "always", spec))
    assert "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'" in str(err.value)
    spec = {"imageRepositoryRef": {"name": "app"}, "interval": "5m", **SEMVER}
    with pytest.raises(errors.InvalidError) as err:
        await client.create(image_policy(namespace, "never", spec))
    assert "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'" in str(
        err.value
    )


async def test_observed_generation_moves_only_with_the_outcome(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    """kstatus readers (`kubectl wait`, flux CLI) trust observedGeneration == generation + Ready:
    a state with the new observedGeneration must already carry the new generation's result."""
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0", "2.0.0"])
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", registry.image(path)))
        spec = {"imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": "1.x"}}}
        await client.create(image_policy(namespace, "app", spec))
        ready = await wait_policy(client, namespace, "app", tag="1.0.0")
        seen: list[dict[str, Any]] = []

        async def record() -> None:
            rv = ready["metadata"]["resourceVersion"]
            async for ev in client.watch(*IP, namespace=namespace, resource_version=rv, timeout_seconds=30):
                seen.append(ev.object)

        watcher = asyncio.create_task(record())
        try:
            await client.patch(*IP, "app", {"spec": {"policy": {"semver": {"range": ">=2.0.0"}}}},
                               namespace=namespace)
            await wait_policy(client, namespace, "app", tag="2.0.0")
            done: bool = await eventually(
                lambda: any(o["status"].get("observedGeneration") == 2 for o in seen), message="final state"
            )
            assert done
        finally:
            watcher.cancel()
        for obj in seen:
            if obj["status"].get("observedGeneration") == 2:
                assert not any(c["type"] == "Reconciling" for c in obj["status"]["conditions"]), obj["status"]
                assert obj["status"]["latestRef"]["tag"] == "2.0.0", obj["status"]
        # Quick (no registry call): no progress of its own, the spec then the outcome.
        assert [o["status"].get("observedGeneration") for o in seen] == [1, 2]


async def test_a_slow_digest_lookup_shows_progress_without_claiming_the_generation(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    path = _repo_name()
    await registry.apush_tags(path, ["1.0.0", "2.0.0"])
    proxy = TCPProxy(registry.url)
    await proxy.start()
    try:
        image = proxy.url.removeprefix("http://") + f"/{path}"
        async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                               storage_path=storage, options_overrides=FAST):
            await client.create(image_repository(namespace, "app", image))
            spec = {"imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": "1.x"}},
                    "digestReflectionPolicy": "IfNotPresent"}
            await client.create(image_policy(namespace, "app", spec))
            await wait_policy(client, namespace, "app", tag="1.0.0")
            proxy.hold()  # the digest of the next tag takes a while
            await client.patch(*IP, "app", {"spec": {"policy": {"semver": {"range": ">=2.0.0"}}}},
                               namespace=namespace)

            async def progressing() -> dict[str, Any] | None:
                obj = await client.get(*IP, "app", namespace=namespace)
                reconciling = [c for c in obj["status"]["conditions"] if c["type"] == "Reconciling"]
                return obj if reconciling and reconciling[0]["status"] == "True" else None

            shown = await eventually(progressing, message="the slow lookup shows its progress")
            assert shown["status"]["observedGeneration"] == 1
            assert shown["status"]["latestRef"]["tag"] == "1.0.0"  # the outcome is still to come
            proxy.release()
            done = await wait_policy(client, namespace, "app", tag="2.0.0")
            assert done["status"]["latestRef"].get("digest")
    finally:
        proxy.release()
        await proxy.stop()


async def _events_with(client: Client, namespace: str, name: str, reason: str) -> list[dict[str, Any]]:
    return [e for e in await events_for(client, namespace, name) if e["reason"] == reason]
