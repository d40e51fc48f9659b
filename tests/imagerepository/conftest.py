"""Real registries shared by the ImageRepository tests of a module, and object helpers."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions

# Re-exported: the test modules of this package import them from here.
from tests.support.registry_fixtures import PASSWORD as PASSWORD
from tests.support.registry_fixtures import USER as USER
from tests.support.wait import eventually

IR = ("image.toolkit.fluxcd.io/v1", "ImageRepository")

#: Fast backoff so failure/recovery tests take seconds, not Flux's production delays.
FAST = {"min_retry_delay": 0.05, "max_retry_delay": 1.0}


def b64(value: str | bytes) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).decode()


def pull_secret(namespace: str, name: str, registry: str, user: str, password: str) -> dict[str, Any]:
    """What `kubectl create secret docker-registry` writes."""
    config = {"auths": {registry: {"username": user, "password": password,
                                   "auth": b64(f"{user}:{password}")}}}
    return {
        "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
        "metadata": {"name": name, "namespace": namespace},
        "data": {".dockerconfigjson": b64(json.dumps(config))},
    }


def image_repository(namespace: str, name: str, image: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": IR[0], "kind": IR[1],
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"image": image, "interval": "1h", **spec},
    }


async def until(check: Callable[[], Awaitable[Any]], *, within: float = 20.0) -> Any:
    """`eventually` for async checks (typed loosely: checks return objects or booleans)."""
    return await eventually(check, timeout=within)


async def get_repo(client: Client, namespace: str, name: str) -> dict[str, Any]:
    return dict(await client.get(*IR, name, namespace=namespace))


async def wait_ready(client: Client, namespace: str, name: str, *, within: float = 20.0,
                     tag_count: int | None = None) -> dict[str, Any]:
    """The object once Ready=True for its current generation (and `tag_count` tags, if given)."""

    async def check() -> dict[str, Any] | None:
        obj = await get_repo(client, namespace, name)
        ready = conditions.get(obj, "Ready")
        if not ready or ready["status"] != "True":
            return None
        # Conditions and the rest of the status are separate patches: wait for both.
        generation = obj["metadata"]["generation"]
        observed = (ready.get("observedGeneration"), obj["status"].get("observedGeneration"))
        if observed != (generation, generation):
            return None
        if "lastScanResult" not in obj["status"]:
            return None
        count = ((obj.get("status") or {}).get("lastScanResult") or {}).get("tagCount")
        if tag_count is not None and count != tag_count:
            return None
        return obj

    result: dict[str, Any] = await until(check, within=within)
    return result


async def wait_condition(client: Client, namespace: str, name: str, type_: str, status: str,
                         reason: str, *, within: float = 20.0) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        obj = await get_repo(client, namespace, name)
        c = conditions.get(obj, type_)
        if c and c["status"] == status and c["reason"] == reason:
            return obj
        return None

    result: dict[str, Any] = await until(check, within=within)
    return result


async def events_for(client: Client, namespace: str, name: str) -> list[dict[str, Any]]:
    lst = await client.list("v1", "Event", namespace=namespace)
    return [e for e in lst["items"] if e["involvedObject"].get("name") == name
            and e["involvedObject"].get("kind") == "ImageRepository"]


