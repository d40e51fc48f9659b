"""CRD registration, discovery, schema validation/defaulting/pruning, versions, status."""

from __future__ import annotations

from tests.apiserver.conftest import WIDGETS, Http, widget


async def test_crd_is_established_and_discoverable(crds: Http) -> None:
    crd = (
        await crds.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.lookout.dev")
    ).json()
    conds = {c["type"]: c["status"] for c in crd["status"]["conditions"]}
    assert conds == {"NamesAccepted": "True", "Established": "True"}
    assert crd["status"]["acceptedNames"]["kind"] == "Widget"
    rl = (await crds.get("/apis/test.lookout.dev/v1")).json()
    by_name = {r["name"]: r for r in rl["resources"]}
    assert by_name["widgets"]["namespaced"] is True
    assert by_name["widgets"]["shortNames"] == ["wd", "wdg"]
    assert "widgets/status" in by_name
    assert by_name["gadgets"]["namespaced"] is False
    groups = (await crds.get("/apis")).json()
    g = next(g for g in groups["groups"] if g["name"] == "test.lookout.dev")
    assert g["preferredVersion"]["version"] == "v1"


async def test_schema_defaults_prunes_and_validates(crds: Http) -> None:
    body = widget("w", unknown="x")
    r = await crds.post(WIDGETS, body)
    assert r.status == 201, r.text
    spec = r.json()["spec"]
    assert spec == {"image": "nginx", "size": "medium", "replicas": 1}
    assert r.headers.get("Warning") == '299 - "unknown field \\"spec.unknown\\""'
    bad = widget("bad", size="huge", replicas=11)
    r = await crds.post(WIDGETS, bad)
    assert r.status == 422
    body = r.json()
    assert body["message"].startswith('Widget.test.lookout.dev "bad" is invalid: [')
    fields = sorted(c["field"] for c in body["details"]["causes"])
    assert fields == ["spec.replicas", "spec.size"]


async def test_strict_field_validation_rejects_unknown_fields(crds: Http) -> None:
    r = await crds.post(WIDGETS, widget("s", nope=1), params={"fieldValidation": "Strict"})
    assert r.status == 400
    assert r.json()["message"] == 'strict decoding error: unknown field "spec.nope"'


async def test_status_subresource_and_generation(crds: Http) -> None:
    created = (await crds.post(WIDGETS, dict(widget("g"), status={"lastMessage": "ignored"}))).json()
    assert "status" not in created
    assert created["metadata"]["generation"] == 1
    with_status = dict(created, status={"lastMessage": "hello"})
    r = await crds.put(f"{WIDGETS}/g/status", with_status)
    assert r.status == 200
    after_status = r.json()
    assert after_status["status"] == {"lastMessage": "hello"}
    assert after_status["metadata"]["generation"] == 1
    spec_change = dict(after_status, spec={"image": "redis"}, status={"lastMessage": "main endpoint ignores"})
    r = await crds.put(f"{WIDGETS}/g", spec_change)
    updated = r.json()
    assert updated["metadata"]["generation"] == 2
    assert updated["status"] == {"lastMessage": "hello"}
    labels_only = dict(updated)
    labels_only["metadata"] = dict(updated["metadata"], labels={"a": "b"})
    assert (await crds.put(f"{WIDGETS}/g", labels_only)).json()["metadata"]["generation"] == 2


async def test_custom_resource_update_requires_resource_version(crds: Http) -> None:
    created = (await crds.post(WIDGETS, widget("rv"))).json()
    body = dict(created)
    body["metadata"] = {k: v for k, v in created["metadata"].items() if k != "resourceVersion"}
    r = await crds.put(f"{WIDGETS}/rv", body)
    assert r.status == 422
    assert "metadata.resourceVersion: Invalid value: 0" in r.json()["message"]


async def test_deprecated_version_warns_and_shares_storage(crds: Http) -> None:
    await crds.post(WIDGETS, widget("shared"))
    r = await crds.get("/apis/test.lookout.dev/v1beta1/namespaces/default/widgets/shared")
    assert r.status == 200
    assert r.json()["apiVersion"] == "test.lookout.dev/v1beta1"
    assert (
        r.headers["Warning"]
        == '299 - "test.lookout.dev/v1beta1 Widget is deprecated; use test.lookout.dev/v1 Widget"'
    )


async def test_deleting_crd_removes_resource_and_objects(crds: Http) -> None:
    from tests.support.wait import eventually

    await crds.post(WIDGETS, widget("x"))
    r = await crds.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.lookout.dev")
    assert r.status == 200

    async def unserved() -> bool:
        return (await crds.get(WIDGETS)).status == 404

    await eventually(unserved)


async def test_cel_rules_and_transition_rules(crds: Http) -> None:
    gadgets = "/apis/test.lookout.dev/v1/gadgets"

    def gadget(**spec: object) -> dict[str, object]:
        return {
            "apiVersion": "test.lookout.dev/v1",
            "kind": "Gadget",
            "metadata": {"name": "cel"},
            "spec": spec,
        }

    r = await crds.post(gadgets, gadget(minSize=3, maxSize=2))
    assert r.status == 422
    assert r.json()["message"] == (
        'Gadget.test.lookout.dev "cel" is invalid: spec: Invalid value: "object": '
        "minSize must not exceed maxSize"
    )
    created = await crds.post(gadgets, gadget(minSize=1, maxSize=2, mode="a"))
    assert created.status == 201, created.text
    r = await crds.patch(f"{gadgets}/cel", {"spec": {"mode": "b"}}, "application/merge-patch+json")
    assert r.status == 422
    assert r.json()["details"]["causes"] == [
        {
            "reason": "FieldValueInvalid",
            "message": 'Invalid value: "string": mode is immutable',
            "field": "spec.mode",
        }
    ]
    r = await crds.patch(f"{gadgets}/cel", {"spec": {"color": "red"}}, "application/merge-patch+json")
    assert r.status == 200


async def test_generation_counts_status_without_status_subresource(crds: Http) -> None:
    gadgets = "/apis/test.lookout.dev/v1/gadgets"
    body = {"apiVersion": "test.lookout.dev/v1", "kind": "Gadget", "metadata": {"name": "gen"}, "spec": {}}
    created = (await crds.post(gadgets, body)).json()
    assert created["metadata"]["generation"] == 1
    r = await crds.patch(
        f"{gadgets}/gen", {"metadata": {"labels": {"a": "b"}}}, "application/merge-patch+json"
    )
    assert r.json()["metadata"]["generation"] == 1
    r = await crds.patch(f"{gadgets}/gen", {"spec": {"notes": "x"}}, "application/merge-patch+json")
    assert r.json()["metadata"]["generation"] == 2
    assert (await crds.get(f"{gadgets}/gen/status")).status == 404
