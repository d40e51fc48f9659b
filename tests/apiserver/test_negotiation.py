"""Content negotiation: Table, PartialObjectMetadata, aggregated discovery, OpenAPI v3."""

from __future__ import annotations

import json

from tests.apiserver.conftest import CMS, WIDGETS, Http, cm, widget

TABLE = (
    "application/json;as=Table;v=v1;g=meta.k8s.io,"
    "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
)
PARTIAL = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json"
AGG = (
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
)


async def test_table_uses_printer_columns_and_include_object(crds: Http) -> None:
    await crds.post(WIDGETS, widget("t1", size="large", replicas=2))
    await crds.patch(
        f"{WIDGETS}/t1/status",
        {"status": {"conditions": [{"type": "Ready", "status": "True", "message": "fine", "reason": "Ok"}]}},
        "application/merge-patch+json",
    )
    r = await crds.get(WIDGETS, headers={"Accept": TABLE})
    table = r.json()
    assert table["kind"] == "Table" and table["apiVersion"] == "meta.k8s.io/v1"
    assert [c["name"] for c in table["columnDefinitions"]] == [
        "Name",
        "Size",
        "Replicas",
        "Ready",
        "Status",
        "Age",
        "Image",
    ]
    assert [c["priority"] for c in table["columnDefinitions"]] == [0, 0, 0, 0, 0, 0, 1]
    cells = table["rows"][0]["cells"]
    assert cells[:5] == ["t1", "large", 2, "True", "fine"]
    assert cells[5].endswith("s")
    assert table["rows"][0]["object"]["kind"] == "PartialObjectMetadata"
    full = (await crds.get(WIDGETS, headers={"Accept": TABLE}, params={"includeObject": "Object"})).json()
    assert full["rows"][0]["object"]["spec"]["size"] == "large"
    none = (await crds.get(WIDGETS, headers={"Accept": TABLE}, params={"includeObject": "None"})).json()
    assert "object" not in none["rows"][0]
    single = (await crds.get(f"{WIDGETS}/t1", headers={"Accept": TABLE})).json()
    assert len(single["rows"]) == 1


async def test_builtin_tables(http: Http) -> None:
    await http.post(CMS, cm("c", data={"a": "1", "b": "2"}))
    t = (await http.get(CMS, headers={"Accept": TABLE})).json()
    assert [c["name"] for c in t["columnDefinitions"]] == ["Name", "Data", "Age"]
    assert t["rows"][0]["cells"][:2] == ["c", 2]
    ns = (await http.get("/api/v1/namespaces/default", headers={"Accept": TABLE})).json()
    assert ns["rows"][0]["cells"][:2] == ["default", "Active"]


async def test_partial_object_metadata(http: Http) -> None:
    await http.post(CMS, cm("p", data={"secret": "x"}))
    r = (await http.get(CMS, headers={"Accept": PARTIAL})).json()
    assert r["kind"] == "PartialObjectMetadataList"
    assert r["items"][0]["metadata"]["name"] == "p"
    assert "data" not in r["items"][0]
    one = (
        await http.get(
            f"{CMS}/p", headers={"Accept": "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"}
        )
    ).json()
    assert one["kind"] == "PartialObjectMetadata" and one["apiVersion"] == "meta.k8s.io/v1"


async def test_aggregated_discovery(crds: Http) -> None:
    r = await crds.get("/apis", headers={"Accept": AGG})
    assert r.headers["Content-Type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    doc = r.json()
    assert doc["kind"] == "APIGroupDiscoveryList"
    group = next(i for i in doc["items"] if i["metadata"]["name"] == "test.lookout.dev")
    v1 = next(v for v in group["versions"] if v["version"] == "v1")
    res = next(x for x in v1["resources"] if x["resource"] == "widgets")
    assert res["scope"] == "Namespaced" and res["shortNames"] == ["wd", "wdg"]
    assert res["subresources"][0]["subresource"] == "status"
    core = (await crds.get("/api", headers={"Accept": AGG})).json()
    names = {x["resource"] for x in core["items"][0]["versions"][0]["resources"]}
    assert {"configmaps", "secrets", "namespaces", "events"} <= names


async def test_openapi_v3_documents(crds: Http) -> None:
    index = (await crds.get("/openapi/v3")).json()
    url = index["paths"]["apis/test.lookout.dev/v1"]["serverRelativeURL"]
    doc = (await crds.get(url)).json()
    schema = doc["components"]["schemas"]["dev.lookout.test.v1.Widget"]
    assert schema["x-kubernetes-group-version-kind"] == [
        {"group": "test.lookout.dev", "version": "v1", "kind": "Widget"}
    ]
    assert schema["properties"]["spec"]["properties"]["size"]["enum"] == ["small", "medium", "large"]
    patch = doc["paths"]["/apis/test.lookout.dev/v1/namespaces/{namespace}/widgets/{name}"]["patch"]
    assert any(p["name"] == "fieldValidation" for p in patch["parameters"])
    core = (await crds.get(index["paths"]["api/v1"]["serverRelativeURL"])).json()
    assert (
        core["components"]["schemas"]["io.k8s.api.core.v1.ConfigMap"]["x-kubernetes-group-version-kind"][0][
            "kind"
        ]
        == "ConfigMap"
    )
    assert (await crds.get("/openapi/v3/apis/nope/v1")).status == 404


async def test_health_and_version_need_no_token(http: Http) -> None:
    for path in ("/healthz", "/readyz", "/livez"):
        async with http.session.get(http.server.url + path) as r:
            assert r.status == 200 and await r.text() == "ok"
    async with http.session.get(http.server.url + "/version") as r:
        assert (await r.json())["major"] == "1"


async def test_watch_as_table_sends_one_row_tables(http: Http) -> None:
    created = (await http.post(CMS, cm("tw", data={"a": "1"}))).json()
    h = {"Authorization": f"Bearer {http.server.token}", "Accept": TABLE}
    params = {"watch": "true", "resourceVersion": str(int(created["metadata"]["resourceVersion"]) - 1)}
    async with http.session.get(http.server.url + CMS, headers=h, params=params) as r:
        line = await r.content.readline()
    event = json.loads(line)
    assert event["type"] == "ADDED"
    assert event["object"]["kind"] == "Table"
    assert [c["name"] for c in event["object"]["columnDefinitions"]] == ["Name", "Data", "Age"]
    assert event["object"]["rows"][0]["cells"][:2] == ["tw", 1]


async def test_events_k8s_io_shares_storage_with_core_events(http: Http) -> None:
    ev = {
        "apiVersion": "events.k8s.io/v1",
        "kind": "Event",
        "metadata": {"name": "e1"},
        "eventTime": "2026-01-01T00:00:00.000000Z",
        "reportingController": "lookout",
        "reportingInstance": "x",
        "action": "Reconcile",
        "reason": "Done",
        "note": "all done",
        "type": "Normal",
        "regarding": {"kind": "ConfigMap", "name": "c", "namespace": "default"},
    }
    r = await http.post("/apis/events.k8s.io/v1/namespaces/default/events", ev)
    assert r.status == 201, r.text
    core = (await http.get("/api/v1/namespaces/default/events/e1")).json()
    assert core["apiVersion"] == "v1"
    assert core["message"] == "all done" and core["involvedObject"]["name"] == "c"
    assert core["reportingComponent"] == "lookout"
    sel = await http.get(
        "/api/v1/namespaces/default/events", params={"fieldSelector": "involvedObject.name=c"}
    )
    assert [e["metadata"]["name"] for e in sel.json()["items"]] == ["e1"]
    sel = await http.get(
        "/apis/events.k8s.io/v1/namespaces/default/events", params={"fieldSelector": "regarding.name=c"}
    )
    assert [e["note"] for e in sel.json()["items"]] == ["all done"]


async def test_watch_as_partial_object_metadata(http: Http) -> None:
    created = (await http.post(CMS, cm("pw", data={"secret": "x"}))).json()
    h = {
        "Authorization": f"Bearer {http.server.token}",
        "Accept": "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1",
    }
    params = {"watch": "true", "resourceVersion": str(int(created["metadata"]["resourceVersion"]) - 1)}
    async with http.session.get(http.server.url + CMS, headers=h, params=params) as r:
        event = json.loads(await r.content.readline())
    assert event["type"] == "ADDED"
    assert event["object"]["kind"] == "PartialObjectMetadata"
    assert event["object"]["metadata"]["name"] == "pw"
    assert "data" not in event["object"]
