"""Scanning an anonymous registry: status, exclusion lists, invalid images, triggers, suspend,
deletion, and what kubectl shows. One manager per test, registries shared by the module."""

from __future__ import annotations

import asyncio
import datetime
import functools
from pathlib import Path
from typing import Any

from controller_runtime.client import Client, errors
from controller_runtime.fluxruntime import conditions
from controllers.storage import TagStore, repo_key, revision_of, sort_tags
from tests.imagerepository.conftest import (
    FAST,
    IR,
    events_for,
    get_repo,
    image_repository,
    until,
    wait_condition,
    wait_ready,
)
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.kubectl import Kubectl
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer, free_port

APP_TAGS = ["1.0.0", "1.1.0", "2.0.0", "latest"]  # plus 2.0.0.sig, excluded by default


async def test_first_scan_reports_canonical_name_tags_and_event(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        obj = await wait_ready(client, namespace, "app")

        status = obj["status"]
        assert status["canonicalImageName"] == f"{plain_registry.host}/team/app"
        assert status["observedGeneration"] == 1
        assert status["observedExclusionList"] == ["^.*\\.sig$"]
        scan = status["lastScanResult"]
        assert scan["tagCount"] == 4
        assert scan["latestTags"] == ["latest", "2.0.0", "1.1.0", "1.0.0"]
        assert scan["revision"] == revision_of(sort_tags(APP_TAGS))
        scanned = datetime.datetime.fromisoformat(scan["scanTime"].replace("Z", "+00:00"))
        assert abs((datetime.datetime.now(datetime.UTC) - scanned).total_seconds()) < 60
        assert conditions.get_message(obj, "Ready") == "successful scan, found 4 tags"
        assert not conditions.has(obj, "Reconciling") and not conditions.has(obj, "Stalled")
        assert obj["metadata"]["finalizers"] == ["finalizers.fluxcd.io"]

        async def succeeded_event() -> dict[str, Any] | None:
            for e in await events_for(client, namespace, "app"):
                if e["reason"] == "Succeeded" and e["message"] == "successful scan, found 4 tags":
                    return e
            return None

        event = await until(succeeded_event)
        assert event["type"] == "Normal"
        assert event["source"]["component"] == "image-reflector-controller"

        async with TagStore(tmp_path) as store:
            assert await store.tags(repo_key(namespace, "app")) == ["latest", "2.0.0", "1.1.0", "1.0.0"]


async def test_unreachable_registry_fails_with_warning_and_retries(
    env: Any, client: Client, namespace: str, tmp_path: Path
) -> None:
    image = f"127.0.0.1:{free_port()}/nobody/home"
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "gone", image, timeout="2s"))
        obj = await wait_condition(client, namespace, "gone", "Ready", "False", "ReadOperationFailed")
        assert conditions.get_message(obj, "Ready").startswith("scan failed: GET https://127.0.0.1:")
        assert not conditions.has(obj, "Stalled")
        # Still trying: Reconciling stays, marked as a retry (kstatus: in progress, not stalled).
        obj = await wait_condition(client, namespace, "gone", "Reconciling", "True", "ProgressingWithRetry")
        assert obj["status"]["observedGeneration"] == -1  # never fully processed

        async def warnings() -> int:
            return sum(int(e.get("count", 1)) for e in await events_for(client, namespace, "gone")
                       if e["type"] == "Warning" and e["reason"] == "ReadOperationFailed")

        await until(lambda: _at_least(warnings(), 2))  # retried with backoff


async def test_exclusion_list_and_its_update(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        repo = image_repository(namespace, "app", plain_registry.image("team/app"),
                                exclusionList=["^1\\.", "latest"])
        await client.create(repo)
        obj = await wait_ready(client, namespace, "app")
        # Unanchored: "latest" and every 1.x go; the .sig tag stays (the default list was replaced).
        assert obj["status"]["lastScanResult"]["latestTags"] == ["2.0.0.sig", "2.0.0"]
        assert obj["status"]["observedExclusionList"] == ["^1\\.", "latest"]

        await client.patch(*IR, "app", {"spec": {"exclusionList": ["sig"]}}, namespace=namespace)
        obj = await wait_ready(client, namespace, "app", tag_count=4)
        assert obj["status"]["lastScanResult"]["latestTags"] == ["latest", "2.0.0", "1.1.0", "1.0.0"]
        assert obj["status"]["observedGeneration"] == 2

        await client.patch(*IR, "app", {"spec": {"exclusionList": ["(unclosed"]}}, namespace=namespace)
        obj = await wait_condition(client, namespace, "app", "Ready", "False", "ReadOperationFailed")
        assert conditions.get_message(obj, "Ready") == (
            "scan failed: failed to compile regex (unclosed: error parsing regexp: "
            "missing closing ): `(unclosed`"
        )


async def test_an_empty_exclusion_list_means_the_default(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    """As upstream: `exclusionList: []` (kept as is by the server) still drops `.sig` tags."""
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        repo = image_repository(namespace, "app", plain_registry.image("team/app"), exclusionList=[])
        await client.create(repo)
        obj = await wait_ready(client, namespace, "app")
        assert obj["spec"]["exclusionList"] == []
        assert obj["status"]["lastScanResult"]["tagCount"] == 4
        assert obj["status"]["lastScanResult"]["latestTags"] == ["latest", "2.0.0", "1.1.0", "1.0.0"]
        assert obj["status"]["observedExclusionList"] == ["^.*\\.sig$"]
        scanned = obj["status"]["lastScanResult"]["scanTime"]

        # Dropping the field (the server then writes the default) changes nothing in effect: no rescan.
        await client.patch(*IR, "app", {"spec": {"exclusionList": None}}, namespace=namespace)
        obj = await wait_ready(client, namespace, "app")
        assert obj["metadata"]["generation"] == 2
        assert obj["spec"]["exclusionList"] == ["^.*\\.sig$"]
        assert obj["status"]["lastScanResult"]["scanTime"] == scanned
        assert obj["status"]["observedExclusionList"] == ["^.*\\.sig$"]


async def test_invalid_images_are_stalled(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    cases = {
        "scheme": ("https://ghcr.io/org/app", "image 'https://ghcr.io/org/app' should not include URL "
                   "scheme; remove 'https://'"),
        "tag": ("ghcr.io/org/app:v1", "image 'ghcr.io/org/app:v1' should not include a tag; remove ':v1'"),
        "garbage": ("ghcr.io/stefanprodan/podinfo:foo:bar",
                    "could not parse reference: ghcr.io/stefanprodan/podinfo:foo:bar"),
    }
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        for name, (image, _) in cases.items():
            await client.create(image_repository(namespace, name, image))
        for name, (_, message) in cases.items():
            obj = await wait_condition(client, namespace, name, "Stalled", "True", "ImageURLInvalid")
            assert conditions.get_message(obj, "Stalled") == message
            ready = conditions.get(obj, "Ready")
            assert ready is not None
            assert (ready["status"], ready["reason"]) == ("False", "ImageURLInvalid")
            assert ready["message"] == message
            # Stalled counts as fully processed (conditions and the rest of status are two patches).
            await until(functools.partial(_observed, client, namespace, name, 1))
            assert not conditions.has(obj, "Reconciling")

            async def warning(name: str = name, message: str = message) -> bool:
                return any(e["type"] == "Warning" and e["reason"] == "ImageURLInvalid"
                           and e["message"] == message for e in await events_for(client, namespace, name))

            await until(warning)

        # Fixing the image un-stalls the object.
        await client.patch(*IR, "tag", {"spec": {"image": plain_registry.image("team/app")}},
                           namespace=namespace)
        obj = await wait_ready(client, namespace, "tag")
        assert not conditions.has(obj, "Stalled")
        assert obj["status"]["canonicalImageName"] == f"{plain_registry.host}/team/app"


async def test_interval_rescans_and_notes_unchanged_tags(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    await plain_registry.apush_tags("interval/app", ["1"])
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("interval/app"),
                                             interval="2s"))
        await wait_ready(client, namespace, "app", tag_count=1)
        await plain_registry.apush_tags("interval/app", ["2"])
        obj = await wait_ready(client, namespace, "app", tag_count=2, within=10)
        assert obj["status"]["lastScanResult"]["latestTags"] == ["2", "1"]

        async def changed_event() -> bool:
            return any(e["message"] == "successful scan, found 2 tags" and e["type"] == "Normal"
                       for e in await events_for(client, namespace, "app"))

        await until(changed_event)

        # Nothing new: the interval scans go on and are reported as trace notes.
        async def unchanged_note() -> bool:
            return any(e["message"].startswith("tags did not change, next scan in 2s")
                       for e in await events_for(client, namespace, "app"))

        await until(unchanged_note, within=10)


async def test_reconcile_annotation_forces_a_scan(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    await plain_registry.apush_tags("annotated/app", ["a"])
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("annotated/app")))
        await wait_ready(client, namespace, "app", tag_count=1)
        await plain_registry.apush_tags("annotated/app", ["b"])
        patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "first"}}}
        await client.patch(*IR, "app", patch, namespace=namespace)
        obj = await wait_ready(client, namespace, "app", tag_count=2)
        await until(lambda: _handled(client, namespace, "first"))
        obj = await get_repo(client, namespace, "app")
        assert obj["status"]["lastScanResult"]["latestTags"] == ["b", "a"]
        assert obj["metadata"]["generation"] == 1  # metadata only: not a new generation


async def test_suspend_stops_scanning(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    await plain_registry.apush_tags("suspended/app", ["1"])
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("suspended/app"),
                                             interval="1s"))
        # A second repository on the same interval is our clock: it keeps scanning meanwhile.
        await client.create(image_repository(namespace, "ticker", plain_registry.image("suspended/app"),
                                             interval="1s"))
        first = await wait_ready(client, namespace, "app", tag_count=1)
        await client.patch(*IR, "app", {"spec": {"suspend": True}}, namespace=namespace)
        await plain_registry.apush_tags("suspended/app", ["2"])
        patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "while-suspended"}}}
        await client.patch(*IR, "app", patch, namespace=namespace)
        ticker = await wait_ready(client, namespace, "ticker", tag_count=2, within=10)
        seen = ticker["status"]["lastScanResult"]["scanTime"]

        async def ticked_twice() -> bool:
            obj = await get_repo(client, namespace, "ticker")
            return _seconds(obj["status"]["lastScanResult"]["scanTime"]) >= _seconds(seen) + 2

        await until(ticked_twice, within=10)
        obj = await get_repo(client, namespace, "app")
        assert obj["status"]["lastScanResult"] == first["status"]["lastScanResult"]
        assert obj["status"].get("lastHandledReconcileAt") != "while-suspended"

        await client.patch(*IR, "app", {"spec": {"suspend": False}}, namespace=namespace)
        obj = await wait_ready(client, namespace, "app", tag_count=2)
        assert obj["status"]["lastHandledReconcileAt"] == "while-suspended"


async def test_deleting_removes_tags_and_the_object(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        await wait_ready(client, namespace, "app")
        async with TagStore(tmp_path) as reader:
            assert await reader.tags(repo_key(namespace, "app")) is not None
            await client.delete(*IR, "app", namespace=namespace)

            async def gone() -> bool:
                try:
                    await client.get(*IR, "app", namespace=namespace)
                except errors.NotFoundError:
                    return True
                return False

            await until(gone)
            assert await reader.tags(repo_key(namespace, "app")) is None


async def test_kubectl_shows_scan_results_and_events(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path,
    kubectl: Kubectl,
) -> None:
    manifest = f"""
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata:
  name: app
  namespace: {namespace}
spec:
  image: {plain_registry.image("team/app")}
  interval: 1h
  provider: generic
"""
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await kubectl.run("apply", "-f", "-", input=manifest)
        obj = await wait_ready(client, namespace, "app")
        scan_time = obj["status"]["lastScanResult"]["scanTime"]
        assert (await kubectl.run(
            "wait", "-n", namespace, "imagerepository/app", "--for=condition=ready", "--timeout=10s"
        )).returncode == 0

        # The v1beta2 columns of the spec: NAME, LAST SCAN, TAGS.
        v1beta2 = "imagerepositories.v1beta2.image.toolkit.fluxcd.io"
        out = (await kubectl.run("get", v1beta2, "-n", namespace)).stdout
        header, row = out.splitlines()[:2]
        assert header.split() == ["NAME", "LAST", "SCAN", "TAGS"]
        assert row.split() == ["app", scan_time, "4"]
        # v1 (preferred): LAST SCAN with -o wide.
        out = (await kubectl.run("get", "imagerepository", "app", "-n", namespace, "-o", "wide")).stdout
        assert "LAST SCAN" in out.splitlines()[0]
        assert scan_time in out and "successful scan, found 4 tags" in out

        described = (await kubectl.run("describe", "imagerepository", "app", "-n", namespace)).stdout
        for text in ("Canonical Image Name:", f"{plain_registry.host}/team/app", "Latest Tags:",
                     "Tag Count:", "Scan Time:", "Observed Exclusion List:", "Succeeded"):
            assert text in described, text

        async def kubectl_events() -> str | None:
            out = (await kubectl.run("events", "-n", namespace, "--for", "imagerepository/app")).stdout
            return out if "successful scan, found 4 tags" in out else None

        out = await until(kubectl_events)
        assert "Normal" in out and "Succeeded" in out


async def _handled(client: Client, namespace: str, value: str) -> bool:
    obj = await get_repo(client, namespace, "app")
    return bool(obj["status"].get("lastHandledReconcileAt") == value)


async def _observed(client: Client, namespace: str, name: str, generation: int) -> bool:
    obj = await get_repo(client, namespace, name)
    return bool(obj["status"].get("observedGeneration") == generation)


async def _at_least(aw: Any, n: int) -> bool:
    return bool(await aw >= n)


def _seconds(rfc3339: str) -> float:
    return datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()


async def test_observed_generation_moves_only_once_the_generation_is_handled(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    """kstatus readers (`kubectl wait`, flux CLI) trust observedGeneration == generation + Ready.
    A scan that takes a while (the registry holds its answer here) shows its progress with
    the spec's Reconciling reasons, never claiming the new generation before its outcome."""
    proxy = TCPProxy(plain_registry.url)
    await proxy.start()
    try:
        image = proxy.url.removeprefix("http://") + "/team/app"
        async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
            await client.create(image_repository(namespace, "app", image))
            ready = await wait_ready(client, namespace, "app")
            seen: list[dict[str, Any]] = []

            async def record() -> None:
                rv = ready["metadata"]["resourceVersion"]
                events = client.watch(*IR, namespace=namespace, resource_version=rv, timeout_seconds=60)
                async for ev in events:
                    seen.append(ev.object)

            watcher = asyncio.create_task(record())
            try:
                proxy.hold()
                await client.patch(*IR, "app", {"spec": {"exclusionList": ["^2"]}}, namespace=namespace)
                await until(lambda: _seen_progress(seen))
                proxy.release()
                await wait_ready(client, namespace, "app", tag_count=3)
                await until(lambda: _seen_final(seen))
            finally:
                watcher.cancel()
    finally:
        proxy.release()
        await proxy.stop()
    for obj in seen:
        if obj["metadata"]["generation"] == 2 and obj["status"].get("observedGeneration") == 2:
            assert not conditions.is_reconciling(obj), obj["status"]
            assert conditions.get_observed_generation(obj, "Ready") == 2, obj["status"]
    # The spec's Reconciling reasons: the scan the new generation causes, shown while it runs.
    progress = [(c["reason"], c["message"], o["status"].get("observedGeneration")) for o in seen
                if (c := conditions.get(o, "Reconciling")) is not None]
    assert ("Scanning", "scanning: updated exclusion list", 1) in progress
    assert {reason for reason, _, _ in progress} <= {"NewGeneration", "Scanning"}


async def test_a_quick_reconcile_writes_its_outcome_in_one_status_request(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    """A scan that answers at once shows no progress of its own: the object goes from its
    last outcome straight to the new one, one status write per reconcile."""
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        ready = await wait_ready(client, namespace, "app")
        seen: list[dict[str, Any]] = []

        async def record() -> None:
            rv = ready["metadata"]["resourceVersion"]
            async for ev in client.watch(*IR, namespace=namespace, resource_version=rv, timeout_seconds=30):
                seen.append(ev.object)

        watcher = asyncio.create_task(record())
        try:
            await client.patch(*IR, "app", {"spec": {"exclusionList": ["^2"]}}, namespace=namespace)
            await wait_ready(client, namespace, "app", tag_count=3)
            await until(lambda: _seen_final(seen))
        finally:
            watcher.cancel()
    writes = [o for o in seen if o["metadata"]["generation"] == 2]
    assert [o["status"].get("observedGeneration") for o in writes] == [1, 2]  # the spec, then the outcome


async def _seen_progress(seen: list[dict[str, Any]]) -> bool:
    return any(conditions.is_reconciling(o) and o["status"].get("observedGeneration") == 1 for o in seen)


async def _seen_final(seen: list[dict[str, Any]]) -> bool:
    return any(o["status"].get("observedGeneration") == 2 for o in seen)
