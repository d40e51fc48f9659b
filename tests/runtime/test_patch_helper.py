"""Flux's patch helper: only what the reconcile changed reaches the server, conditions merge safely."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime import controllerutil
from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import (
    ConditionConflictError,
    PatchHelper,
    PatchOptions,
    SerialPatcher,
)

W = ("test.lookout.dev/v1", "Widget")


async def widget(client: Client, namespace: str) -> dict[str, Any]:
    return await client.create(
        {
            "apiVersion": "test.lookout.dev/v1",
            "kind": "Widget",
            "metadata": {"name": "w", "namespace": namespace},
            "spec": {"image": "nginx"},
        }
    )


async def test_patches_only_what_changed_and_keeps_concurrent_writes(client: Client, namespace: str) -> None:
    obj = await widget(client, namespace)
    helper = PatchHelper(obj, client)
    # Someone else writes while we reconcile.
    await client.patch(*W, "w", {"spec": {"replicas": 3}, "metadata": {"annotations": {"team": "a"}}},
                       namespace=namespace)
    await client.patch(*W, "w", {"status": {"conditions": [
        {"type": "External", "status": "True", "reason": "X", "message": "",
         "lastTransitionTime": "2020-01-01T00:00:00Z"}]}}, namespace=namespace, subresource="status")

    controllerutil.add_finalizer(obj, "finalizers.test.lookout.dev")
    obj.setdefault("status", {})["lastMessage"] = "reconciled"
    conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "all good")
    await helper.patch(obj, PatchOptions(include_status_observed_generation=True, field_owner="widget"))

    got = await client.get(*W, "w", namespace=namespace)
    assert got["metadata"]["finalizers"] == ["finalizers.test.lookout.dev"]
    assert got["metadata"]["annotations"] == {"team": "a"}
    assert got["spec"]["replicas"] == 3  # not reverted to our stale copy
    assert got["status"]["lastMessage"] == "reconciled"
    # We processed generation 1; the other writer's spec change (generation 2) is still to be seen.
    assert (obj["metadata"]["generation"], got["metadata"]["generation"]) == (1, 2)
    assert got["status"]["observedGeneration"] == 1
    types = {c["type"]: c["status"] for c in got["status"]["conditions"]}
    assert types == {"Ready": "True", "External": "True"}
    assert obj["metadata"]["resourceVersion"] == got["metadata"]["resourceVersion"]


async def test_nothing_changed_sends_nothing(client: Client, namespace: str) -> None:
    obj = await widget(client, namespace)
    rv = obj["metadata"]["resourceVersion"]
    await PatchHelper(obj, client).patch(obj)
    assert (await client.get(*W, "w", namespace=namespace))["metadata"]["resourceVersion"] == rv


async def test_observed_generation_written_on_request(client: Client, namespace: str) -> None:
    obj = await widget(client, namespace)
    helper = PatchHelper(obj, client)
    obj["status"] = {"lastMessage": "x"}
    await helper.patch(obj, PatchOptions(include_status_observed_generation=True))
    got = await client.get(*W, "w", namespace=namespace)
    assert got["status"]["observedGeneration"] == got["metadata"]["generation"]


async def test_owned_conditions_win_and_foreign_changes_conflict(client: Client, namespace: str) -> None:
    obj = await widget(client, namespace)
    conditions.mark_unknown(obj, conditions.READY, conditions.PROGRESSING_REASON, "starting")
    conditions.mark_true(obj, "Healthy", "Checked", "fine")
    await PatchHelper({**obj, "status": {}}, client).patch(obj)
    obj = await client.get(*W, "w", namespace=namespace)

    helper = PatchHelper(obj, client)
    # Another writer flips both conditions after our snapshot.
    latest = await client.get(*W, "w", namespace=namespace)
    for c in latest["status"]["conditions"]:
        c["status"], c["reason"] = "False", "OtherWriter"
    await client.update_status(latest)

    conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "done")
    with pytest.raises(ConditionConflictError, match="Ready"):
        await helper.patch(obj)
    await helper.patch(obj, PatchOptions(owned_conditions=(conditions.READY,)))
    got = await client.get(*W, "w", namespace=namespace)
    by_type = {c["type"]: c for c in got["status"]["conditions"]}
    assert by_type["Ready"]["status"] == "True"  # owned: ours wins
    assert by_type["Healthy"]["reason"] == "OtherWriter"  # untouched by us: theirs stays


async def test_serial_patcher_sends_each_delta_once(client: Client, namespace: str) -> None:
    obj = await widget(client, namespace)
    patcher = SerialPatcher(obj, client)
    conditions.mark_reconciling(obj, conditions.PROGRESSING_REASON, "reconciliation in progress")
    await patcher.patch(obj)
    # Someone removes Reconciling; our next patch changes only lastMessage and must not re-add it.
    latest = await client.get(*W, "w", namespace=namespace)
    latest["status"]["conditions"] = []
    await client.update_status(latest)
    obj["status"]["lastMessage"] = "second"
    await patcher.patch(obj)
    got = await client.get(*W, "w", namespace=namespace)
    assert got["status"].get("conditions", []) == []
    assert got["status"]["lastMessage"] == "second"


async def test_mismatched_kind_is_refused(client: Client, namespace: str) -> None:
    obj = await widget(client, namespace)
    helper = PatchHelper(obj, client)
    with pytest.raises(ValueError, match="unmatched GroupVersionKind"):
        await helper.patch({**obj, "kind": "Gadget"})


async def test_create_or_patch_and_owner_references(client: Client, namespace: str) -> None:
    owner = await widget(client, namespace)
    desired = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": namespace}}

    def mutate(o: dict[str, Any]) -> None:
        o["data"] = {"image": "nginx"}
        controllerutil.set_controller_reference(owner, o)

    result, created = await controllerutil.create_or_patch(client, desired, mutate)
    assert result == controllerutil.OperationResult.CREATED
    assert created["metadata"]["ownerReferences"][0]["uid"] == owner["metadata"]["uid"]
    assert created["metadata"]["ownerReferences"][0]["controller"] is True
    result, _ = await controllerutil.create_or_patch(client, desired, mutate)
    assert result == controllerutil.OperationResult.NONE

    def change(o: dict[str, Any]) -> None:
        o["data"]["image"] = "redis"

    result, patched = await controllerutil.create_or_patch(client, desired, change)
    assert result == controllerutil.OperationResult.UPDATED
    assert patched["data"] == {"image": "redis"}

    stranger = {**owner, "metadata": {**owner["metadata"], "name": "other", "uid": "1234"}}
    owned = "already owned by another Widget controller w"
    with pytest.raises(controllerutil.AlreadyOwnedError, match=owned):
        controllerutil.set_controller_reference(stranger, patched)
    with pytest.raises(ValueError, match="cross-namespace owner references are disallowed"):
        controllerutil.set_controller_reference(owner, {"metadata": {"name": "x", "namespace": "elsewhere"}})


def test_finalizer_helpers() -> None:
    o: dict[str, Any] = {"metadata": {"name": "x"}}
    assert controllerutil.add_finalizer(o, "a") is True
    assert controllerutil.add_finalizer(o, "a") is False
    assert controllerutil.contains_finalizer(o, "a")
    assert controllerutil.remove_finalizer(o, "a") is True
    assert "finalizers" not in o["metadata"]
    assert controllerutil.remove_finalizer(o, "a") is False


async def test_readers_never_see_ready_before_the_status_it_summarises(
    client: Client, namespace: str
) -> None:
    """Each write a watcher sees: Ready=True comes with the status fields it describes, and a
    generation marked observed comes with its final conditions (kstatus readers, `flux get`)."""
    obj = await widget(client, namespace)
    listed = await client.list(*W, namespace=namespace)
    seen: list[dict[str, Any]] = []
    obj.setdefault("status", {})["lastMessage"] = "resolved to 2.0.0"
    conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "resolved to 2.0.0")
    await PatchHelper(await client.get(*W, "w", namespace=namespace), client).patch(
        obj, PatchOptions(include_status_observed_generation=True, field_owner="widget"))
    rv = listed["metadata"]["resourceVersion"]
    async for ev in client.watch(*W, namespace=namespace, resource_version=rv, timeout_seconds=2):
        seen.append(ev.object)
        if conditions.is_ready(ev.object):
            break
    writes = [o for o in seen if o.get("status")]
    assert writes, seen
    for o in writes:
        if conditions.is_ready(o):
            assert o["status"].get("lastMessage") == "resolved to 2.0.0"
        if o["status"].get("observedGeneration") == 1:
            assert conditions.is_ready(o)
    assert conditions.is_ready(writes[-1])


class Counting:
    """The client, counting what each patch costs in requests."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.calls: list[str] = []

    async def get(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("GET")
        return await self.client.get(*args, **kwargs)

    async def patch(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("PATCH " + str(kwargs.get("subresource") or ""))
        return await self.client.patch(*args, **kwargs)


async def test_a_status_patch_costs_one_request_unless_someone_else_wrote(
    client: Client, namespace: str
) -> None:
    """An optimistic lock on the version we hold instead of a read before every write; a
    foreign write meanwhile costs a read and a retry, and its change survives."""
    obj = await widget(client, namespace)
    counting = Counting(client)
    patcher = SerialPatcher(obj, counting)
    conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "first")
    await patcher.patch(obj, PatchOptions(field_owner="widget", owned_conditions=("Ready",)))
    obj.setdefault("status", {})["lastMessage"] = "second"
    conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "second")
    await patcher.patch(obj, PatchOptions(field_owner="widget", owned_conditions=("Ready",)))
    assert counting.calls == ["PATCH status", "PATCH status"]  # one each, status and conditions together

    counting.calls.clear()
    await client.patch(*W, "w", {"status": {"conditions": [
        *obj["status"]["conditions"],
        {"type": "External", "status": "True", "reason": "X", "message": "",
         "lastTransitionTime": "2020-01-01T00:00:00Z"},
    ]}}, namespace=namespace, subresource="status")
    conditions.mark_false(obj, conditions.READY, "Failed", "third")
    await patcher.patch(obj, PatchOptions(field_owner="widget", owned_conditions=("Ready",)))
    assert counting.calls == ["PATCH status", "GET", "PATCH status"]  # the lock failed: read, merge
    got = await client.get(*W, "w", namespace=namespace)
    messages = {c["type"]: c["message"] for c in got["status"]["conditions"]}
    assert messages == {"Ready": "third", "External": ""}
