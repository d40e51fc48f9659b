"""PATCH types on built-ins and custom resources, on the main resource and /status."""

from __future__ import annotations

from tests.apiserver.conftest import CMS, WIDGETS, Http, cm, widget

MERGE = "application/merge-patch+json"
JSON = "application/json-patch+json"
SMP = "application/strategic-merge-patch+json"


async def test_merge_patch_sets_and_removes_keys(http: Http) -> None:
    await http.post(CMS, cm("m", data={"a": "1", "b": "2"}))
    r = await http.patch(f"{CMS}/m", {"data": {"a": None, "c": "3"}}, MERGE)
    assert r.status == 200
    assert r.json()["data"] == {"b": "2", "c": "3"}


async def test_json_patch_and_failed_test_op(http: Http) -> None:
    await http.post(CMS, cm("j", data={"a": "1"}))
    r = await http.patch(f"{CMS}/j", [{"op": "add", "path": "/data/b", "value": "2"}], JSON)
    assert r.status == 200 and r.json()["data"] == {"a": "1", "b": "2"}
    r = await http.patch(f"{CMS}/j", [{"op": "test", "path": "/data/a", "value": "nope"}], JSON)
    assert r.status == 422
    assert r.json()["kind"] == "Status"
    r = await http.patch(f"{CMS}/j", {"not": "a list"}, JSON)
    assert r.status == 400


async def test_strategic_merge_on_builtin_merges_lists_by_key(http: Http) -> None:
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis"}]},
            },
        },
    }
    r = await http.post("/apis/apps/v1/namespaces/default/deployments", dep)
    assert r.status == 201, r.text
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "redis:7"}]}}}}
    r = await http.patch("/apis/apps/v1/namespaces/default/deployments/web", patch, SMP)
    assert r.status == 200, r.text
    containers = r.json()["spec"]["template"]["spec"]["containers"]
    assert containers == [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis:7"}]
    assert r.json()["metadata"]["generation"] == 2


async def test_strategic_merge_on_custom_resource_is_415(crds: Http) -> None:
    await crds.post(WIDGETS, widget("s"))
    r = await crds.patch(f"{WIDGETS}/s", {"spec": {"replicas": 2}}, SMP)
    assert r.status == 415
    body = r.json()
    assert body["reason"] == "UnsupportedMediaType"
    assert "application/merge-patch+json" in body["message"]


async def test_patch_revalidates_and_bumps_generation(crds: Http) -> None:
    await crds.post(WIDGETS, widget("v"))
    r = await crds.patch(f"{WIDGETS}/v", {"spec": {"replicas": 50}}, MERGE)
    assert r.status == 422
    assert r.json()["details"]["causes"][0]["field"] == "spec.replicas"
    r = await crds.patch(f"{WIDGETS}/v", {"spec": {"replicas": 5}}, MERGE)
    assert r.json()["metadata"]["generation"] == 2
    r = await crds.patch(f"{WIDGETS}/v", {"spec": {"size": None}}, MERGE)
    assert r.json()["spec"]["size"] == "medium"  # defaulted again


async def test_patch_with_stale_resource_version_conflicts(http: Http) -> None:
    created = (await http.post(CMS, cm("rv"))).json()
    await http.patch(f"{CMS}/rv", {"data": {"x": "1"}}, MERGE)
    stale = {"metadata": {"resourceVersion": created["metadata"]["resourceVersion"]}, "data": {"x": "2"}}
    r = await http.patch(f"{CMS}/rv", stale, MERGE)
    assert r.status == 409
    assert r.json()["reason"] == "Conflict"


async def test_status_patch_only_changes_status(crds: Http) -> None:
    await crds.post(WIDGETS, widget("st"))
    r = await crds.patch(
        f"{WIDGETS}/st/status",
        {"status": {"lastMessage": "ok"}, "spec": {"replicas": 9}, "metadata": {"labels": {"x": "y"}}},
        MERGE,
    )
    assert r.status == 200
    body = r.json()
    assert body["status"] == {"lastMessage": "ok"}
    assert body["spec"]["replicas"] == 1
    assert "labels" not in body["metadata"]
    r = await crds.patch(f"{WIDGETS}/st", {"status": {"lastMessage": "main"}}, MERGE)
    assert r.json()["status"] == {"lastMessage": "ok"}


async def test_patch_missing_object_is_404(http: Http) -> None:
    r = await http.patch(f"{CMS}/absent", {"data": {}}, MERGE)
    assert r.status == 404
    assert r.json()["message"] == 'configmaps "absent" not found'


async def test_unknown_patch_type_is_415(http: Http) -> None:
    await http.post(CMS, cm("u"))
    r = await http.patch(f"{CMS}/u", {"data": {}}, "text/plain")
    assert r.status == 415


async def test_scale_subresource_of_custom_resource_and_deployment(crds: Http) -> None:
    await crds.post(WIDGETS, widget("sc", replicas=2))
    scale = (await crds.get(f"{WIDGETS}/sc/scale")).json()
    assert scale["kind"] == "Scale" and scale["apiVersion"] == "autoscaling/v1"
    assert scale["spec"] == {"replicas": 2}
    scale["spec"]["replicas"] = 4
    r = await crds.put(f"{WIDGETS}/sc/scale", scale)
    assert r.status == 200 and r.json()["spec"]["replicas"] == 4
    widget_now = (await crds.get(f"{WIDGETS}/sc")).json()
    assert widget_now["spec"]["replicas"] == 4 and widget_now["metadata"]["generation"] == 2
    r = await crds.put(f"{WIDGETS}/sc/scale", scale)  # stale resourceVersion in the Scale
    assert r.status == 409
    r = await crds.patch(f"{WIDGETS}/sc/scale", {"spec": {"replicas": 11}}, MERGE)
    assert r.status == 422  # the Widget schema's maximum still applies
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {
            "selector": {"matchLabels": {"app": "d"}},
            "template": {
                "metadata": {"labels": {"app": "d"}},
                "spec": {"containers": [{"name": "c", "image": "x"}]},
            },
        },
    }
    await crds.post("/apis/apps/v1/namespaces/default/deployments", dep)
    r = await crds.patch(
        "/apis/apps/v1/namespaces/default/deployments/d/scale", {"spec": {"replicas": 3}}, MERGE
    )
    assert r.json()["spec"]["replicas"] == 3 and r.json()["status"]["selector"] == "app=d"
