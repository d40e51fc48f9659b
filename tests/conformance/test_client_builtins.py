"""The built-in kinds Lookout's runtime writes: Leases (leader election), Events in both APIs,
ServiceAccounts: through the client, as kube-apiserver stores and converts them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from controller_runtime.client import Client, errors
from tests.support.kubectl import Kubectl


def _now_micro() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def test_lease_holder_change_with_optimistic_concurrency(client: Client, namespace: str) -> None:
    lease: dict[str, Any] = {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": "leader", "namespace": namespace},
        "spec": {
            "holderIdentity": "a",
            "leaseDurationSeconds": 15,
            "acquireTime": _now_micro(),
            "renewTime": _now_micro(),
            "leaseTransitions": 0,
        },
    }
    created = await client.create(lease)
    assert created["spec"]["holderIdentity"] == "a"
    stale = {**created, "spec": {**created["spec"], "holderIdentity": "c"}}
    taken = {**created, "spec": {**created["spec"], "holderIdentity": "b", "leaseTransitions": 1}}
    updated = await client.update(taken)
    assert updated["spec"]["holderIdentity"] == "b" and updated["spec"]["leaseTransitions"] == 1
    assert int(updated["metadata"]["resourceVersion"]) > int(created["metadata"]["resourceVersion"])
    with pytest.raises(errors.ConflictError):
        await client.update(stale)  # a second candidate with the old resourceVersion loses
    assert (await client.get("coordination.k8s.io/v1", "Lease", "leader", namespace))["spec"][
        "holderIdentity"
    ] == "b"


async def test_events_api_event_is_a_core_event_too(
    env: Any, client: Client, kubectl: Kubectl, namespace: str
) -> None:
    cm = await client.create(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "observed", "namespace": namespace}}
    )
    await client.create(
        {
            "apiVersion": "events.k8s.io/v1",
            "kind": "Event",
            "metadata": {"name": "observed.1", "namespace": namespace},
            "eventTime": _now_micro(),
            "reportingController": "lookout.dev/test",
            "reportingInstance": "test-1",
            "action": "Reconcile",
            "reason": "Synced",
            "note": "all in order",
            "type": "Normal",
            "regarding": {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "name": "observed",
                "namespace": namespace,
                "uid": cm["metadata"]["uid"],
            },
        }
    )
    core = await client.get("v1", "Event", "observed.1", namespace)
    assert core["involvedObject"]["name"] == "observed" and core["involvedObject"]["kind"] == "ConfigMap"
    assert (core["reason"], core["message"], core["type"]) == ("Synced", "all in order", "Normal")
    assert core["reportingComponent"] == "lookout.dev/test" and core["reportingInstance"] == "test-1"
    listed = await client.list("v1", "Event", namespace, field_selector="involvedObject.name=observed")
    assert [e["metadata"]["name"] for e in listed["items"]] == ["observed.1"]
    r = await kubectl.run("events", "-n", namespace, "--for", "configmap/observed")
    assert "Synced" in r.stdout and "ConfigMap/observed" in r.stdout and "all in order" in r.stdout


async def test_events_api_validates_new_style_events(client: Client, namespace: str) -> None:
    """events.k8s.io/v1 creates need eventTime; with it, the reporting fields and action."""

    async def causes(**fields: Any) -> list[tuple[str, str]]:
        body = {
            "apiVersion": "events.k8s.io/v1",
            "kind": "Event",
            "metadata": {"name": "bare", "namespace": namespace},
            "type": "Normal",
            "reason": "Synced",
            "regarding": {"kind": "ConfigMap", "name": "x", "namespace": namespace},
            **fields,
        }
        with pytest.raises(errors.InvalidError) as info:
            await client.create(body)
        return [(c.field, c.type) for c in info.value.causes]

    assert await causes() == [("eventTime", "FieldValueRequired")]
    # kube checks the (empty) controller name as a qualified name too: two more causes
    assert await causes(eventTime=_now_micro()) == [
        ("reportingController", "FieldValueRequired"),
        ("reportingController", "FieldValueInvalid"),
        ("reportingController", "FieldValueInvalid"),
        ("reportingInstance", "FieldValueRequired"),
        ("action", "FieldValueRequired"),
    ]
    assert await causes(
        eventTime=_now_micro(), reportingController="a.b/c", reportingInstance="i", action="A", type="Info"
    ) == [("type", "FieldValueInvalid")]


async def test_service_account_round_trip(client: Client, namespace: str) -> None:
    sa = await client.create(
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "robot", "namespace": namespace}}
    )
    assert sa["metadata"]["uid"]
    got = await client.get("v1", "ServiceAccount", "robot", namespace)
    assert got["metadata"]["uid"] == sa["metadata"]["uid"]
    names = [i["metadata"]["name"] for i in (await client.list("v1", "ServiceAccount", namespace))["items"]]
    assert "robot" in names


QUANTITIES = {
    # written: stored
    "1000m": "1", "1024Mi": "1Gi", "0.5Gi": "512Mi", "1536Mi": "1536Mi", "2000": "2k", "1000k": "1M",
    "1.5": "1500m", "0.1": "100m", "1.5Ki": "1536", "3e2": "300", "1e3": "1e3", "1E6": "1E6",
    "1Ki": "1Ki", "0.0": "0", "8Ei": "9223372036854775807",
    # a ResourceList rounds up to a thousandth
    "12345678n": "13m", "1u": "1m", "0.5m": "1m",
}


async def test_quantities_are_stored_in_canonical_form(client: Client, namespace: str) -> None:
    """Every quantity of a built-in object is stored as its canonical text, which is what makes a
    client-side `kubectl apply` of `cpu: 1000m` report `configured` on every run."""
    for i, (written, stored) in enumerate(QUANTITIES.items()):
        quota = await client.create({
            "apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": {"name": f"q{i}", "namespace": namespace},
            "spec": {"hard": {"cpu": written}},
        })
        assert (written, quota["spec"]["hard"]["cpu"]) == (written, stored)
    limits = {"cpu": "1000m", "memory": "1024Mi", "example.com/fine": "2000"}
    created = await client.create({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "q", "namespace": namespace},
        "spec": {
            "selector": {"matchLabels": {"app": "q"}},
            "template": {"metadata": {"labels": {"app": "q"}}, "spec": {
                "containers": [{"name": "c", "image": "nginx", "resources": {"limits": limits}}],
                "volumes": [{"name": "v", "emptyDir": {"sizeLimit": "0.5Gi"}},
                            {"name": "w", "emptyDir": {"sizeLimit": "1u"}}],
            }},
        },
    })
    pod = created["spec"]["template"]["spec"]
    stored = {"cpu": "1", "memory": "1Gi", "example.com/fine": "2k"}
    assert pod["containers"][0]["resources"]["limits"] == stored
    # a quantity outside a ResourceList keeps its precision
    assert [v["emptyDir"]["sizeLimit"] for v in pod["volumes"]] == ["512Mi", "1u"]
