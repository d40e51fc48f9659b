"""Waiting on what users see of an object: a condition with a reason, and its events.

The kind's test packages bind these to their kind (`wait_condition(client, ns, name, ...)`).
"""

from __future__ import annotations

from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.support.wait import eventually

Kind = tuple[str, str]


async def wait_for_condition(
    client: Client, kind: Kind, namespace: str, name: str, type_: str, status: str, reason: str,
    *, within: float = 30.0,
) -> dict[str, Any]:
    """The object once its `type_` condition has `status` and `reason`."""

    async def check() -> dict[str, Any]:
        obj = dict(await client.get(*kind, name, namespace=namespace))
        c = conditions.get(obj, type_)
        if c and c["status"] == status and c["reason"] == reason:
            return obj
        return {}

    result: dict[str, Any] = await eventually(check, timeout=within,
                                              message=f"{kind[1]} {name}: {type_}={status} ({reason})")
    return result


async def events_of(client: Client, kind: str, namespace: str, name: str) -> list[dict[str, Any]]:
    """The core Events recorded for one object."""
    lst = await client.list("v1", "Event", namespace=namespace)
    return [e for e in lst["items"]
            if e["involvedObject"].get("name") == name and e["involvedObject"].get("kind") == kind]


async def has_event_of(
    client: Client, kind: str, namespace: str, name: str, type_: str, reason: str, prefix: str = ""
) -> bool:
    """Whether an Event of that type and reason, its message starting with `prefix`, exists."""
    return any(e["type"] == type_ and e["reason"] == reason and e["message"].startswith(prefix)
               for e in await events_of(client, kind, namespace, name))
