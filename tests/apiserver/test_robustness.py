"""Bad input never yields a 500 or kills the server: every answer is a Status with kube's code."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apiserver.conftest import CMS, WIDGETS, Http, cm, widget

PATHS = [
    CMS,
    f"{CMS}/x",
    "/api/v1/namespaces/default/secrets",
    WIDGETS,
    f"{WIDGETS}/x",
    f"{WIDGETS}/x/status",
    "/api/v1/namespaces",
    "/apis/apps/v1/namespaces/default/deployments",
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
]
CONTENT_TYPES = [
    "application/json",
    "application/merge-patch+json",
    "application/json-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
    "application/vnd.kubernetes.protobuf",
    "application/yaml",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def _status_ok(status: int, text: str) -> None:
    assert status < 500, text
    if status >= 400:
        body = json.loads(text)
        assert body["kind"] == "Status" and body["status"] == "Failure" and body["code"] == status


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE"]),
    path=st.sampled_from(PATHS),
    ctype=st.sampled_from(CONTENT_TYPES),
    body=st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64)),
)
async def test_random_bodies_get_status_errors(
    crds: Http, method: str, path: str, ctype: str, body: bytes
) -> None:
    r = await crds.request(method, path, raw=body, content_type=ctype)
    _status_ok(r.status, r.text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(obj=json_values, meta=json_values)
async def test_random_objects_get_status_errors(crds: Http, obj: object, meta: object) -> None:
    body = {"apiVersion": "test.lookout.dev/v1", "kind": "Widget", "metadata": meta, "spec": obj}
    r = await crds.post(WIDGETS, body)
    _status_ok(r.status, r.text)
    body2 = cm("x")
    body2["data"] = obj
    body2["metadata"] = meta
    r = await crds.post(CMS, body2)
    _status_ok(r.status, r.text)


async def test_weird_paths_and_queries(http: Http) -> None:
    for path, params in [
        ("/api/v1/namespaces/default/configmaps/a/b/c", {}),
        ("/apis/unknown.group/v1/things", {}),
        ("/api/v2", {}),
        ("/apis", {}),
        ("/apis/apps", {}),
        ("/nothing/here", {}),
        (CMS, {"limit": "-1"}),
        (CMS, {"limit": "abc"}),
        (CMS, {"resourceVersion": "abc"}),
        (CMS, {"labelSelector": "a in (b"}),
        (CMS, {"fieldSelector": "=="}),
        (CMS, {"watch": "true", "resourceVersion": "xyz"}),
        (CMS, {"watch": "true", "timeoutSeconds": "nope"}),
        (CMS, {"continue": "%%%"}),
        ("/api/v1/namespaces/default/configmaps/x/status", {}),
    ]:
        r = await http.get(path, params=params)
        _status_ok(r.status, r.text)
    r = await http.request("PUT", "/api/v1/namespaces/default/configmaps/n", cm("other"))
    assert r.status == 400
    assert r.json()["message"] == "the name of the object (other) does not match the name on the URL (n)"
    r = await http.request("POST", f"{CMS}/x", cm("x"))
    assert r.status == 405
    r = await http.request("DELETE", CMS, raw=b"[1,2]")
    _status_ok(r.status, r.text)


async def test_deeply_nested_and_huge_bodies(http: Http) -> None:
    deep = (
        b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":'
        + b"[" * 100000
        + b"]" * 100000
        + b"}"
    )
    r = await http.request("POST", CMS, raw=deep)
    _status_ok(r.status, r.text)
    assert r.status == 400
    huge = (
        b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"h"},"data":{"k":"'
        + b"x" * (20 << 20)
        + b'"}}'
    )
    r = await http.request("POST", CMS, raw=huge)
    assert r.status == 413
    assert r.json()["reason"] == "RequestEntityTooLarge"


async def test_malformed_scale_bodies_are_bad_requests(crds: Http) -> None:
    """A Scale whose metadata or spec is not an object is a 400, never a crash."""
    await crds.post(WIDGETS, widget("sc", replicas=1))
    for body in (
        b"apiVersion: autoscaling/v1\nkind: Scale\nmetadata: x\n",
        b'{"metadata": [1]}',
        b'{"spec": 3}',
    ):
        for method, ctype in (("PUT", "application/yaml"), ("PATCH", "application/apply-patch+yaml")):
            r = await crds.request(
                method, f"{WIDGETS}/sc/scale", raw=body, content_type=ctype, params={"fieldManager": "m"}
            )
            assert r.status == 400, (method, body, r.text)
            _status_ok(r.status, r.text)
