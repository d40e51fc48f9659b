"""Create/get/update/delete of built-ins: object metadata, conflicts, errors as Status."""

from __future__ import annotations

from tests.apiserver.conftest import CMS, Http, cm


async def test_create_sets_uid_timestamp_and_increasing_resource_versions(http: Http) -> None:
    a = (await http.post(CMS, cm("a", data={"k": "v"}))).json()
    b = (await http.post(CMS, cm("b"))).json()
    assert a["metadata"]["uid"] and a["metadata"]["uid"] != b["metadata"]["uid"]
    assert a["metadata"]["creationTimestamp"].endswith("Z")
    assert int(b["metadata"]["resourceVersion"]) > int(a["metadata"]["resourceVersion"])
    got = (await http.get(f"{CMS}/a")).json()
    assert got["data"] == {"k": "v"}
    assert got["metadata"]["resourceVersion"] == a["metadata"]["resourceVersion"]


async def test_already_exists_is_409_with_kube_message(http: Http) -> None:
    await http.post(CMS, cm("dup"))
    r = await http.post(CMS, cm("dup"))
    assert r.status == 409
    body = r.json()
    assert body["kind"] == "Status" and body["status"] == "Failure"
    assert body["reason"] == "AlreadyExists"
    assert body["message"] == 'configmaps "dup" already exists'
    assert body["details"] == {"name": "dup", "kind": "configmaps"}


async def test_not_found_messages(http: Http) -> None:
    r = await http.get(f"{CMS}/missing")
    assert r.status == 404
    assert r.json()["message"] == 'configmaps "missing" not found'
    r = await http.get("/api/v1/namespaces/default/nothings")
    assert r.status == 404
    assert r.json()["message"] == "the server could not find the requested resource"
    r = await http.post("/api/v1/namespaces/nope/configmaps", cm("x", ns="nope"))
    assert r.status == 404
    assert r.json()["message"] == 'namespaces "nope" not found'


async def test_stale_update_conflicts(http: Http) -> None:
    created = (await http.post(CMS, cm("c", data={"a": "1"}))).json()
    first = dict(created, data={"a": "2"})
    r = await http.put(f"{CMS}/c", first)
    assert r.status == 200
    assert int(r.json()["metadata"]["resourceVersion"]) > int(created["metadata"]["resourceVersion"])
    r = await http.put(f"{CMS}/c", dict(created, data={"a": "3"}))
    assert r.status == 409
    assert r.json()["reason"] == "Conflict"
    assert r.json()["message"] == (
        'Operation cannot be fulfilled on configmaps "c": the object has been modified; '
        "please apply your changes to the latest version and try again"
    )


async def test_noop_update_keeps_resource_version(http: Http) -> None:
    created = (await http.post(CMS, cm("same", data={"a": "1"}))).json()
    r = await http.put(f"{CMS}/same", created)
    assert r.status == 200
    assert r.json()["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]


async def test_generate_name(http: Http) -> None:
    body = cm("")
    body["metadata"] = {"generateName": "gen-"}
    r = await http.post(CMS, body)
    assert r.status == 201
    name = r.json()["metadata"]["name"]
    assert name.startswith("gen-") and len(name) == len("gen-") + 5


async def test_invalid_name_is_422(http: Http) -> None:
    r = await http.post(CMS, cm("Bad_Name"))
    assert r.status == 422
    body = r.json()
    assert body["reason"] == "Invalid"
    assert body["message"].startswith(
        'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": '
        "a lowercase RFC 1123 subdomain"
    )
    assert body["details"]["causes"][0]["field"] == "metadata.name"


async def test_malformed_json_is_400(http: Http) -> None:
    r = await http.request("POST", CMS, raw=b"{not json")
    assert r.status == 400
    assert r.json()["reason"] == "BadRequest"


async def test_unauthenticated_is_401(http: Http) -> None:
    async with http.session.get(http.server.url + CMS) as r:
        assert r.status == 401
        body = await r.json()
    assert body["reason"] == "Unauthorized"
    async with http.session.get(http.server.url + CMS, headers={"Authorization": "Bearer wrong"}) as r:
        assert r.status == 401


async def test_delete_returns_success_status_and_honours_preconditions(http: Http) -> None:
    created = (await http.post(CMS, cm("d"))).json()
    r = await http.delete(f"{CMS}/d", {"preconditions": {"uid": "other"}})
    assert r.status == 409
    assert "the UID in the precondition (other) does not match the UID in record" in r.json()["message"]
    r = await http.delete(
        f"{CMS}/d", {"preconditions": {"resourceVersion": created["metadata"]["resourceVersion"]}}
    )
    assert r.status == 200
    assert r.json()["status"] == "Success"
    assert r.json()["details"]["name"] == "d"
    assert (await http.get(f"{CMS}/d")).status == 404


async def test_dry_run_stores_nothing(http: Http) -> None:
    r = await http.post(CMS, cm("dry"), params={"dryRun": "All"})
    assert r.status == 201
    assert (await http.get(f"{CMS}/dry")).status == 404


async def test_secret_string_data_is_encoded(http: Http) -> None:
    body = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s"},
        "stringData": {"password": "hunter2"},
    }
    r = await http.post("/api/v1/namespaces/default/secrets", body)
    assert r.status == 201
    s = r.json()
    assert s["data"] == {"password": "aHVudGVyMg=="}
    assert s["type"] == "Opaque"
    assert "stringData" not in s


async def test_namespace_delete_removes_contents(http: Http) -> None:
    from tests.support.wait import eventually

    assert (
        await http.post(
            "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "gone"}}
        )
    ).status == 201
    assert (await http.post("/api/v1/namespaces/gone/configmaps", cm("x", ns="gone"))).status == 201
    r = await http.delete("/api/v1/namespaces/gone")
    assert r.status == 200
    assert r.json()["status"]["phase"] == "Terminating"

    async def gone() -> bool:
        return (await http.get("/api/v1/namespaces/gone")).status == 404

    await eventually(gone)
    assert (await http.get("/api/v1/namespaces/gone/configmaps/x")).status == 404


async def test_system_namespaces_may_not_be_deleted(http: Http) -> None:
    r = await http.delete("/api/v1/namespaces/default")
    assert r.status == 403
    assert r.json()["message"] == 'namespaces "default" is forbidden: this namespace may not be deleted'


async def test_unknown_fields_of_builtins_are_dropped_and_reported(http: Http) -> None:
    body = cm("typo", data={"a": "1"})
    body["dat"] = {"b": "2"}
    body["metadata"]["labelz"] = {"x": "y"}
    r = await http.post(CMS, body)
    assert r.status == 201
    assert "dat" not in r.json() and "labelz" not in r.json()["metadata"]
    assert sorted(r.headers.getall("Warning")) == [
        '299 - "unknown field \\"dat\\""',
        '299 - "unknown field \\"metadata.labelz\\""',
    ]
    r = await http.post(CMS, dict(body, metadata={"name": "strict"}), params={"fieldValidation": "Strict"})
    assert r.status == 400
    assert r.json()["message"] == 'strict decoding error: unknown field "dat"'
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {
            "selector": {"matchLabels": {"a": "b"}},
            "template": {
                "metadata": {"labels": {"a": "b"}},
                "spec": {"containers": [{"name": "c", "imagee": "x"}]},
            },
        },
    }
    r = await http.post(
        "/apis/apps/v1/namespaces/default/deployments", dep, params={"fieldValidation": "Strict"}
    )
    assert r.status == 400
    assert (
        r.json()["message"]
        == 'strict decoding error: unknown field "spec.template.spec.containers[0].imagee"'
    )
