"""Helpers for the ImagePolicy tests: a real registry per module, object builders, waits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.support.registry import RegistryServer
from tests.support.wait import eventually

API = "image.toolkit.fluxcd.io/v1"
IR = (API, "ImageRepository")
IP = (API, "ImagePolicy")
#: Fast backoff, so retried failures (DependencyNotReady, AccessDenied) settle in seconds.
FAST = {"min_retry_delay": 0.05, "max_retry_delay": 1.0, "requeue_dependency": 0.5}


def image_repository(namespace: str, name: str, image: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": API, "kind": "ImageRepository",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"image": image, "interval": "1h", **spec},
    }


def image_policy(namespace: str, name: str, spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": API, "kind": "ImagePolicy",
        "metadata": {"name": name, "namespace": namespace, **metadata},
        "spec": spec,
    }


async def get_policy(client: Client, namespace: str, name: str) -> dict[str, Any]:
    return dict(await client.get(*IP, name, namespace=namespace))


async def wait_policy(
    client: Client, namespace: str, name: str, *, status: str = "True", reason: str | None = None,
    tag: str | None = None, message: str | None = None, ref: dict[str, str] | None = None,
    stalled: bool = False, within: float = 20.0,
) -> dict[str, Any]:
    """The policy once Ready has `status` (and `reason`, `message`, latestRef.tag `tag`, latestRef
    `ref`, if given).

    Ready=True counts only once Reconciling is gone too (kstatus "Current"): a reconcile
    that started from a stale cache may briefly mark Reconciling beside Ready=True. The
    conditions are patched before the rest of the status, so wait on `ref` (not only on
    the message) before reading latestRef. `stalled` waits for the settled Stalled state
    (Stalled=True, no Reconciling, observedGeneration caught up) for the same reason.
    """

    async def check() -> dict[str, Any] | None:
        obj = await get_policy(client, namespace, name)
        ready = conditions.get(obj, "Ready")
        if not ready or ready["status"] != status or (reason is not None and ready["reason"] != reason):
            return None
        if message is not None and ready["message"] != message:
            return None
        if status == "True" and conditions.has(obj, "Reconciling"):
            return None
        if stalled and not (conditions.is_stalled(obj) and not conditions.has(obj, "Reconciling")
                            and obj["status"].get("observedGeneration") == obj["metadata"]["generation"]):
            return None
        if ref is not None and (obj.get("status") or {}).get("latestRef") != ref:
            return None
        if tag is not None and ((obj.get("status") or {}).get("latestRef") or {}).get("tag") != tag:
            return None
        return obj

    what = f"ImagePolicy {name} Ready={status} {reason or ''} {tag or ''}"
    found: dict[str, Any] | None = await eventually(check, timeout=within, message=what)
    assert found is not None
    return found


async def events_for(client: Client, namespace: str, name: str) -> list[dict[str, Any]]:
    lst = await client.list("v1", "Event", namespace=namespace)
    return [e for e in lst["items"] if e["involvedObject"].get("name") == name
            and e["involvedObject"].get("kind") == "ImagePolicy"]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    """One anonymous plain-HTTP registry for the module; each test pushes its own repositories."""
    server = RegistryServer(tmp_path_factory.mktemp("ip-registry") / "plain").start()
    yield server
    server.stop()


@pytest.fixture
def storage(tmp_path: Path) -> Path:
    return tmp_path / "data"
