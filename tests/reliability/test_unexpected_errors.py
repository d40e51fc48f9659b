"""An API error in the middle of a reconcile (a progress patch refused by the server) still
ends with the status summarised and patched: Ready=False with the error, a Warning event, a
retry with backoff, and then recovery. Before, such an error escaped the reconcile and left
`Reconciling=True` on the object forever."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client, errors
from controller_runtime.fluxruntime import conditions
from tests.imagepolicy.conftest import IP, image_policy, wait_policy
from tests.imagerepository.conftest import FAST, IR, image_repository, wait_ready
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.manager import run_manager
from tests.support.report import record
from tests.support.wait import eventually


class Refuse:
    """Progress patches (status patches whose body mentions `marker`) are refused with a server
    error (an etcd timeout, say) until `lift()`."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.refused = 0
        self.lifted = False

    def lift(self) -> None:
        self.lifted = True

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = Client.patch

        async def patch(client: Client, *args: Any, **kwargs: Any) -> dict[str, Any]:
            body = args[3] if len(args) > 3 else kwargs.get("patch")
            text = repr(body)
            # progress patches only: the summary of a failed run says ProgressingWithRetry
            progress = self.marker in text and "ProgressingWithRetry" not in text
            if not self.lifted and kwargs.get("subresource") == "status" and progress:
                self.refused += 1
                raise errors.ApiError(500, "InternalError", "etcdserver: request timed out")
            return await real(client, *args, **kwargs)

        monkeypatch.setattr(Client, "patch", patch)


async def test_an_api_error_mid_scan_is_summarised_then_retried(
    env: Any, client: Client, namespace: str, registry_proxy: TCPProxy, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = Refuse("scanning: ")  # the progress patch of a scan that takes a while
    fault.install(monkeypatch)
    registry_proxy.hold()
    image = registry_proxy.url.removeprefix("http://") + "/team/app"
    await client.create(image_repository(namespace, "app", image))
    async with run_manager(env, ["imagerepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides={**FAST, "min_retry_delay": 1.0}):
        async def failed() -> dict[str, Any] | None:
            obj = await client.get(*IR, "app", namespace=namespace)
            ready = conditions.get(obj, "Ready")
            return obj if ready and ready["status"] == "False" else None

        recovery: float | None = None
        try:
            obj = await eventually(failed, message="Ready=False with the API error")
            ready = conditions.get(obj, "Ready")
            reconciling = conditions.get(obj, "Reconciling")
            await eventually(lambda: _warned(client, namespace, IR[1]), message="a Warning event")
            fault.lift()
            registry_proxy.release()
            lifted = time.monotonic()
            recovered = await wait_ready(client, namespace, "app")
            recovery = time.monotonic() - lifted
        finally:
            record("API: error mid-reconcile (500 on a status patch)", 1, int(recovery is not None),
                   recovery_seconds=recovery)
        assert ready["reason"] == "Failure"
        assert ready["message"] == "reconciliation failed: etcdserver: request timed out"
        assert reconciling is not None and reconciling["reason"] == "ProgressingWithRetry"
        assert conditions.get(recovered, "Reconciling") is None
    assert fault.refused >= 1


async def test_an_api_error_in_a_policy_reconcile_is_summarised_then_retried(
    env: Any, client: Client, namespace: str, registry_proxy: TCPProxy, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    image = registry_proxy.url.removeprefix("http://") + "/team/app"
    await client.create(image_repository(namespace, "app", image))
    fault = Refuse("processing object: new generation")  # the policy's progress patch
    fault.install(monkeypatch)
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides={**FAST, "min_retry_delay": 1.0}):
        await wait_ready(client, namespace, "app")
        registry_proxy.hold()  # the policy's digest lookup takes a while: its progress is patched
        await client.create(image_policy(namespace, "app", {
            "imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": ">=1.0.0"}},
            "digestReflectionPolicy": "IfNotPresent"}))
        recovery: float | None = None
        try:
            failed = await wait_policy(client, namespace, "app", status="False", reason="Failure",
                                       message="reconciliation failed: etcdserver: request timed out")
            await eventually(lambda: _warned(client, namespace, IP[1]), message="a Warning event")
            fault.lift()
            registry_proxy.release()
            lifted = time.monotonic()
            policy = await wait_policy(client, namespace, "app", tag="2.0.0")
            recovery = time.monotonic() - lifted
        finally:
            record("API: error mid-reconcile (500 on a status patch)", 1, int(recovery is not None),
                   recovery_seconds=recovery)
        # a failure never claims the generation was handled
        assert failed["status"].get("observedGeneration") != failed["metadata"]["generation"]
        assert conditions.get(policy, "Reconciling") is None
        obj = await client.get(*IP, "app", namespace=namespace)
        assert obj["status"]["observedGeneration"] == obj["metadata"]["generation"]
    assert fault.refused >= 1


async def _warned(client: Client, namespace: str, kind: str) -> bool:
    listed = await client.list("v1", "Event", namespace=namespace)
    return any(e["type"] == "Warning" and "etcdserver: request timed out" in e["message"]
               and e["involvedObject"].get("kind") == kind for e in listed["items"])
