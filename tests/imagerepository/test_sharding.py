"""Sharding as Flux does it (`--watch-label-selector`): managers on one API server, each
reconciling only the objects whose `sharding.fluxcd.io/key` label its selector matches, each
leading under its own lease, the unsharded one taking what no shard claims."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controllers.storage import TagStore
from tests.imagepolicy.conftest import image_policy, wait_policy
from tests.imagerepository.conftest import FAST, image_repository, wait_ready
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.wait import eventually

KEY = "sharding.fluxcd.io/key"
SHARDS = {"main": f"!{KEY}", "shard1": f"{KEY}=shard1", "shard2": f"{KEY}=shard2"}
LEASE = ("coordination.k8s.io/v1", "Lease")


def labelled(obj: dict[str, Any], shard: str | None) -> dict[str, Any]:
    if shard is not None:
        obj["metadata"]["labels"] = {KEY: shard}
    return obj


async def test_each_shard_reconciles_only_its_objects(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    image = plain_registry.image("team/app")
    objects = {"a": "shard1", "b": "shard2", "c": None}
    async with AsyncExitStack() as stack:
        for shard, selector in SHARDS.items():
            await stack.enter_async_context(run_manager(
                env, ["imagerepository", "imagepolicy"], namespace=namespace, storage_path=tmp_path / shard,
                options_overrides={**FAST, "watch_label_selector": selector},
                manager_overrides={"leader_election": True},
            ))
        for name, shard in objects.items():
            await client.create(labelled(image_repository(namespace, name, image), shard))
            policy = image_policy(namespace, name, {"imageRepositoryRef": {"name": name},
                                                    "policy": {"semver": {"range": ">=1.0.0"}}})
            await client.create(labelled(policy, shard))
        for name in objects:
            await wait_ready(client, namespace, name)
            await wait_policy(client, namespace, name, tag="2.0.0")

        async def three_leaders() -> list[str]:
            leases = (await client.list(*LEASE, namespace=namespace))["items"]
            held = [lease["metadata"]["name"] for lease in leases if lease["spec"].get("holderIdentity")]
            return held if len(held) == 3 else []

        leases: list[str] = await eventually(three_leaders, message="each shard leads under its own lease")
        assert all(name.startswith("image-reflector-controller-leader-election-") for name in leases)

    # Each shard scanned (and stored the tags of) its own repositories only.
    owner = {"a": "shard1", "b": "shard2", "c": "main"}
    for shard in SHARDS:
        async with TagStore(tmp_path / shard) as store:
            keys = set(await store.keys())
        assert keys == {f"{namespace}/{name}" for name, s in owner.items() if s == shard}, shard
