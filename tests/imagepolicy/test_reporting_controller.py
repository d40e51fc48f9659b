"""Who the image controllers say they are: Flux's binary name, even in a mixed manager.

A manager running a set that is no single Flux binary (here the image controllers plus an
in-process one, as the all-in-one Deployment runs them) is named ``lookout`` for its lease;
the controllers must still report as ``image-reflector-controller`` in events and field
managers, since alerts and ``kubectl`` users match on those names.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controllers import manager_cmd
from tests.imagepolicy.conftest import (
    FAST,
    IP,
    IR,
    image_policy,
    image_repository,
    wait_policy,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.wait import eventually

IRC = "image-reflector-controller"
USER = "test-user"


@pytest.fixture
def widget_controller() -> Iterator[None]:
    """An extra in-process controller, so the manager's set is no Flux binary's."""
    manager_cmd.register("widget", lambda mgr, opts: None)
    yield
    manager_cmd.CONTROLLERS.pop("widget", None)


def _managers(obj: dict[str, Any]) -> dict[str, set[str]]:
    """Field manager -> what its entries cover: ``status`` (the subresource) and/or ``finalizers``."""
    out: dict[str, set[str]] = {}
    for entry in obj["metadata"].get("managedFields") or []:
        covers = out.setdefault(entry["manager"], set())
        if entry.get("subresource") == "status":
            covers.add("status")
        if "f:finalizers" in ((entry.get("fieldsV1") or {}).get("f:metadata") or {}):
            covers.add("finalizers")
    return out


async def _events(client: Client, namespace: str, kind: str, name: str) -> list[dict[str, Any]]:
    lst = await client.list("v1", "Event", namespace=namespace)
    return [e for e in lst["items"]
            if e["involvedObject"].get("kind") == kind and e["involvedObject"].get("name") == name]


@pytest.mark.usefixtures("widget_controller")
async def test_mixed_manager_reports_image_reflector_controller(
    env: Any, client: Client, namespace: str, registry: RegistryServer, storage: Path
) -> None:
    path = f"app-{uuid.uuid4().hex[:8]}"
    await registry.apush_tags(path, ["1.0.0", "1.1.0"])
    async with run_manager(env, ["imagerepository", "imagepolicy", "widget"], namespace=namespace,
                           storage_path=storage, options_overrides=FAST) as mgr:
        assert mgr.options.controller_name == "lookout"
        # Our own writes carry a manager of their own (the client's user agent would say "lookout").
        await client.create(image_repository(namespace, "app", registry.image(path)), field_manager=USER)
        await client.create(image_policy(namespace, "app", {
            "imageRepositoryRef": {"name": "app"}, "policy": {"semver": {"range": ">=1.0.0"}}}),
            field_manager=USER)
        await wait_policy(client, namespace, "app", tag="1.1.0")

        for kind, api in (("ImagePolicy", IP), ("ImageRepository", IR)):
            async def settled(api: tuple[str, str] = api) -> dict[str, set[str]] | None:
                got = _managers(dict(await client.get(*api, "app", namespace=namespace)))
                return got if {"status", "finalizers"} <= set().union(*got.values()) else None

            managers: dict[str, set[str]] | None = await eventually(settled, message=f"{kind} managers")
            assert managers == {USER: set(), IRC: {"status", "finalizers"}}, kind

            async def normal_events(kind: str = kind) -> list[dict[str, Any]]:
                events = await _events(client, namespace, kind, "app")
                return events if any(e["type"] == "Normal" for e in events) else []

            events: list[dict[str, Any]] = await eventually(normal_events, message=f"{kind} events")
            assert {(e["source"]["component"], e.get("reportingComponent")) for e in events} == {(IRC, IRC)}
