"""Finalizers, deletionTimestamp, garbage collection by ownerReferences, namespaces."""

from __future__ import annotations

from typing import Any

from tests.apiserver.conftest import CMS, WIDGETS, Http, cm, widget
from tests.support.wait import eventually

MERGE = "application/merge-patch+json"


def owned(name: str, owner: dict[str, Any]) -> dict[str, Any]:
    body = cm(name)
    body["metadata"]["ownerReferences"] = [
        {
            "apiVersion": owner["apiVersion"],
            "kind": owner["kind"],
            "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"],
        }
    ]
    return body


async def _gone(http: Http, path: str) -> None:
    async def check() -> bool:
        return (await http.get(path)).status == 404

    await eventually(check)


async def test_finalizer_holds_deletion_until_removed(crds: Http) -> None:
    body = widget("f")
    body["metadata"]["finalizers"] = ["test.lookout.dev/hold"]
    await crds.post(WIDGETS, body)
    r = await crds.delete(f"{WIDGETS}/f")
    assert r.status == 200
    obj = r.json()
    assert obj["metadata"]["deletionTimestamp"]
    assert obj["metadata"]["deletionGracePeriodSeconds"] == 0
    r = await crds.post(WIDGETS, widget("f"))
    assert r.status == 409
    assert r.json()["message"] == 'object is being deleted: widgets.test.lookout.dev "f" already exists'
    r = await crds.patch(
        f"{WIDGETS}/f", {"metadata": {"finalizers": ["test.lookout.dev/hold", "other/new"]}}, MERGE
    )
    assert r.status == 422
    assert "no new finalizers can be added if the object is being deleted" in r.json()["message"]
    r = await crds.patch(f"{WIDGETS}/f", {"metadata": {"finalizers": None}}, MERGE)
    assert r.status == 200
    assert (await crds.get(f"{WIDGETS}/f")).status == 404


async def test_background_gc_deletes_dependents(http: Http) -> None:
    owner = (await http.post(CMS, cm("owner"))).json()
    await http.post(CMS, owned("dep", owner))
    await http.delete(f"{CMS}/owner")
    await _gone(http, f"{CMS}/dep")


async def test_dependent_with_another_live_owner_survives(http: Http) -> None:
    a = (await http.post(CMS, cm("a"))).json()
    b = (await http.post(CMS, cm("b"))).json()
    body = owned("shared", a)
    body["metadata"]["ownerReferences"].append(owned("x", b)["metadata"]["ownerReferences"][0])
    await http.post(CMS, body)
    await http.delete(f"{CMS}/a")

    async def only_b() -> bool:
        refs = (await http.get(f"{CMS}/shared")).json()["metadata"].get("ownerReferences", [])
        return [r["name"] for r in refs] == ["b"]

    await eventually(only_b)


async def test_orphan_propagation_keeps_dependents(http: Http) -> None:
    owner = (await http.post(CMS, cm("o"))).json()
    await http.post(CMS, owned("kept", owner))
    r = await http.delete(f"{CMS}/o", {"propagationPolicy": "Orphan"})
    assert r.status == 200
    await _gone(http, f"{CMS}/o")
    kept = (await http.get(f"{CMS}/kept")).json()
    assert "ownerReferences" not in kept["metadata"]


async def test_foreground_deletes_dependents_first(http: Http) -> None:
    owner = (await http.post(CMS, cm("fg"))).json()
    dep = owned("fgdep", owner)
    dep["metadata"]["finalizers"] = ["test/hold"]
    await http.post(CMS, dep)
    r = await http.delete(f"{CMS}/fg", {"propagationPolicy": "Foreground"})
    assert r.json()["metadata"]["finalizers"] == ["foregroundDeletion"]

    async def dep_deleting() -> bool:
        return bool((await http.get(f"{CMS}/fgdep")).json()["metadata"].get("deletionTimestamp"))

    await eventually(dep_deleting)
    assert (await http.get(f"{CMS}/fg")).status == 200  # waits for its dependent
    await http.patch(f"{CMS}/fgdep", {"metadata": {"finalizers": None}}, MERGE)
    await _gone(http, f"{CMS}/fg")


async def test_namespace_deletion_waits_for_finalized_content(http: Http) -> None:
    await http.post(
        "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "tn"}}
    )
    held = cm("held", ns="tn")
    held["metadata"]["finalizers"] = ["test/hold"]
    await http.post("/api/v1/namespaces/tn/configmaps", held)
    await http.delete("/api/v1/namespaces/tn")
    r = await http.post("/api/v1/namespaces/tn/configmaps", cm("new", ns="tn"))
    assert r.status == 403
    assert r.json()["message"] == (
        'configmaps "new" is forbidden: '
        "unable to create new content in namespace tn because it is being terminated"
    )

    async def held_deleting() -> bool:
        return bool(
            (await http.get("/api/v1/namespaces/tn/configmaps/held"))
            .json()["metadata"]
            .get("deletionTimestamp")
        )

    await eventually(held_deleting)
    assert (await http.get("/api/v1/namespaces/tn")).json()["status"]["phase"] == "Terminating"
    await http.patch("/api/v1/namespaces/tn/configmaps/held", {"metadata": {"finalizers": None}}, MERGE)
    await _gone(http, "/api/v1/namespaces/tn")


async def test_crd_deletion_deletes_instances_then_crd(crds: Http) -> None:
    held = widget("i1")
    held["metadata"]["finalizers"] = ["test/hold"]
    await crds.post(WIDGETS, held)
    await crds.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.lookout.dev")
    crd = (
        await crds.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.lookout.dev")
    ).json()
    assert {"type": "Terminating", "status": "True"}.items() <= next(
        c for c in crd["status"]["conditions"] if c["type"] == "Terminating"
    ).items()
    r = await crds.post(WIDGETS, widget("i2"))
    assert r.status == 405
    assert r.json()["message"] == "create not allowed while custom resource definition is terminating"

    async def instance_deleting() -> bool:
        return bool((await crds.get(f"{WIDGETS}/i1")).json()["metadata"].get("deletionTimestamp"))

    await eventually(instance_deleting)
    await crds.patch(f"{WIDGETS}/i1", {"metadata": {"finalizers": None}}, MERGE)
    await _gone(crds, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.lookout.dev")
    assert (await crds.get(WIDGETS)).status == 404
    await crds.install_test_crds_only("widgets.test.lookout.dev")
    r = await crds.get(WIDGETS)
    assert r.status == 200 and r.json()["items"] == []
