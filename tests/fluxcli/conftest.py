"""A Lookout manager per test, the `flux` CLI re-done in Python, and a recorder of every
version of the objects a watch delivers (to check what the CLI could have read at any moment)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from tests.fluxcli.flux import API_VERSION, Flux
from tests.support.manager import RunningManager, run_manager
from tests.support.wait import eventually

#: Fast retries, so failing reconciles settle in seconds.
FAST = {"min_retry_delay": 0.05, "max_retry_delay": 1.0, "requeue_dependency": 0.5}
KINDS = ("ImageRepository", "ImagePolicy")

Obj = dict[str, Any]


@pytest.fixture
async def lookout(env: Any, namespace: str, tmp_path: Path) -> AsyncIterator[RunningManager]:
    """Lookout's image-reflector-controller, watching the test's namespace."""
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path / "data", options_overrides=FAST) as running:
        yield running


@pytest.fixture
def flux(client: Client, namespace: str) -> Flux:
    """`flux -n <namespace> --timeout 30s`, polling every 0.1s (flux2 polls every 2s)."""
    return Flux(client, namespace, timeout=30.0, poll_interval=0.1)


def image_repository(namespace: str, name: str, image: str, **spec: Any) -> Obj:
    return {"apiVersion": API_VERSION, "kind": "ImageRepository",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"image": image, "interval": "1h", **spec}}


def image_policy(namespace: str, name: str, repository: str, **spec: Any) -> Obj:
    return {"apiVersion": API_VERSION, "kind": "ImagePolicy",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"imageRepositoryRef": {"name": repository},
                     "policy": {"semver": {"range": ">=1.0.0"}}, **spec}}


class Recorder:
    """Every version of the namespace's ImageRepositories and ImagePolicies, in watch order."""

    def __init__(self, client: Client, namespace: str) -> None:
        self.client = client
        self.namespace = namespace
        self.states: list[Obj] = []
        self._seen: set[str] = set()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        for kind in KINDS:
            listed = await self.client.list(API_VERSION, kind, self.namespace)
            for item in listed["items"]:
                self._add(item)
            version = str(listed["metadata"]["resourceVersion"])
            self._tasks.append(asyncio.create_task(self._watch(kind, version), name=f"record {kind}"))

    def _add(self, obj: Obj) -> None:
        self.states.append(obj)
        self._seen.add(str(obj["metadata"]["resourceVersion"]))

    async def _watch(self, kind: str, version: str) -> None:
        while True:  # a watch the server ends is resumed where it stopped
            async for event in self.client.watch(API_VERSION, kind, self.namespace,
                                                 resource_version=version, timeout_seconds=120):
                version = str(event.object["metadata"]["resourceVersion"])
                if event.type in ("ADDED", "MODIFIED"):
                    self._add(dict(event.object))

    async def caught_up(self, kind: str, name: str) -> None:
        """Wait until the current version of the object has been recorded."""
        current = await self.client.get(API_VERSION, kind, name, namespace=self.namespace)
        version = str(current["metadata"]["resourceVersion"])
        await eventually(lambda: version in self._seen, message=f"{kind} {name} recorded")

    def of(self, kind: str, name: str) -> list[Obj]:
        return [s for s in self.states if s.get("kind") == kind and s["metadata"]["name"] == name]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


@pytest.fixture
async def recorder(client: Client, namespace: str) -> AsyncIterator[Recorder]:
    found = Recorder(client, namespace)
    await found.start()
    yield found
    await found.stop()
