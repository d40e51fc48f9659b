"""list (selectors, paging, resourceVersion) and watch (resume, 410, bookmarks, selectors)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.apiserver.conftest import CMS, Http, cm


async def _names(http: Http, path: str, **params: str) -> list[str]:
    r = await http.get(path, params=params)
    assert r.status == 200, r.text
    return [i["metadata"]["name"] for i in r.json()["items"]]


async def test_label_and_field_selectors(http: Http) -> None:
    for name, env in (("a", "prod"), ("b", "dev"), ("c", "prod")):
        body = cm(name)
        body["metadata"]["labels"] = {"env": env}
        await http.post(CMS, body)
    assert await _names(http, CMS, labelSelector="env=prod") == ["a", "c"]
    assert await _names(http, CMS, labelSelector="env notin (prod)") == ["b"]
    assert await _names(http, CMS, labelSelector="!env") == []
    assert await _names(http, CMS, fieldSelector="metadata.name=b") == ["b"]
    assert await _names(http, CMS, fieldSelector="metadata.name!=b", labelSelector="env") == ["a", "c"]
    r = await http.get(CMS, params={"fieldSelector": "spec.foo=bar"})
    assert r.status == 400
    assert r.json()["message"] == "field label not supported: spec.foo"


async def test_cluster_wide_list_spans_namespaces(http: Http) -> None:
    await http.post(
        "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other"}}
    )
    await http.post(CMS, cm("x"))
    await http.post("/api/v1/namespaces/other/configmaps", cm("y", ns="other"))
    r = (await http.get("/api/v1/configmaps")).json()
    assert {(i["metadata"]["namespace"], i["metadata"]["name"]) for i in r["items"]} == {
        ("default", "x"),
        ("other", "y"),
    }
    assert r["kind"] == "ConfigMapList"
    assert int(r["metadata"]["resourceVersion"]) >= 1


async def test_paging_with_continue_is_a_consistent_snapshot(http: Http) -> None:
    for i in range(5):
        await http.post(CMS, cm(f"p{i}"))
    first = (await http.get(CMS, params={"limit": "2"})).json()
    assert [i["metadata"]["name"] for i in first["items"]] == ["p0", "p1"]
    assert first["metadata"]["remainingItemCount"] == 3
    await http.post(CMS, cm("p5"))  # created after the first page: not in this list
    token = first["metadata"]["continue"]
    second = (await http.get(CMS, params={"limit": "10", "continue": token})).json()
    assert [i["metadata"]["name"] for i in second["items"]] == ["p2", "p3", "p4"]
    assert "continue" not in second["metadata"]
    r = await http.get(CMS, params={"continue": "garbage!"})
    assert r.status == 400


async def test_expired_continue_token_is_410(http: Http) -> None:
    for i in range(3):
        await http.post(CMS, cm(f"e{i}"))
    token = (await http.get(CMS, params={"limit": "1"})).json()["metadata"]["continue"]
    for i in range(60):  # history_size=50 in the fixture
        await http.post(CMS, cm(f"filler{i}"))
    r = await http.get(CMS, params={"limit": "1", "continue": token})
    assert r.status == 410
    assert r.json()["reason"] == "Expired"


async def test_watch_from_resource_version_sees_later_changes(http: Http) -> None:
    a = (await http.post(CMS, cm("w1"))).json()
    rv = a["metadata"]["resourceVersion"]
    await http.put(f"{CMS}/w1", dict(a, data={"x": "1"}))
    await http.post(CMS, cm("w2"))
    await http.delete(f"{CMS}/w1")
    events = await http.watch_lines(CMS, until=3, params={"resourceVersion": rv})
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("MODIFIED", "w1"),
        ("ADDED", "w2"),
        ("DELETED", "w1"),
    ]


async def test_watch_without_rv_starts_with_current_state(http: Http) -> None:
    await http.post(CMS, cm("s1"))

    async def later() -> None:
        await http.post(CMS, cm("s2"))

    task = asyncio.create_task(later())
    events = await http.watch_lines(CMS, until=2, params={})
    await task
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "s1"),
        ("ADDED", "s2"),
    ]


async def test_watch_too_old_resource_version_is_410_error_event(http: Http) -> None:
    first = (await http.post(CMS, cm("old"))).json()
    for i in range(60):
        await http.post(CMS, cm(f"f{i}"))
    events = await http.watch_lines(
        CMS, until=1, params={"resourceVersion": first["metadata"]["resourceVersion"]}
    )
    assert events[0]["type"] == "ERROR"
    status = events[0]["object"]
    assert status["kind"] == "Status" and status["code"] == 410 and status["reason"] == "Expired"
    assert status["message"].startswith(f"too old resource version: {first['metadata']['resourceVersion']} (")


async def test_watch_bookmarks_and_timeout(http: Http) -> None:
    await http.post(CMS, cm("b"))
    rv = (await http.get(CMS)).json()["metadata"]["resourceVersion"]
    events = await http.watch_lines(
        CMS, until=100, params={"resourceVersion": rv, "allowWatchBookmarks": "true", "timeoutSeconds": "1"}
    )
    assert events, "the stream closes at the timeout after bookmarks"
    assert all(e["type"] == "BOOKMARK" for e in events)
    assert events[-1]["object"]["metadata"]["resourceVersion"] == rv
    assert events[-1]["object"]["kind"] == "ConfigMap"


async def test_bookmarks_keep_coming_under_load_in_order(http: Http) -> None:
    """While writes never pause, bookmarks still arrive each interval, and each one only
    after every event up to its resourceVersion (a client resuming from it loses nothing)."""
    rv = (await http.get(CMS)).json()["metadata"]["resourceVersion"]
    stop = asyncio.Event()

    async def write() -> None:
        # Bursts of concurrent writes, so events queue up behind one another at the watch.
        i = 0
        while not stop.is_set():
            rs = await asyncio.gather(*(http.post(CMS, cm(f"load-{i}-{j}")) for j in range(25)))
            assert all(r.status == 201 for r in rs), [r.text for r in rs if r.status != 201]
            i += 1

    writer = asyncio.create_task(write())
    events: list[dict[str, Any]] = []
    h = {"Authorization": f"Bearer {http.server.token}"}
    params = {"watch": "true", "resourceVersion": rv, "allowWatchBookmarks": "true"}
    try:
        url = http.server.url + CMS
        async with asyncio.timeout(20), http.session.get(url, headers=h, params=params) as r:
            async for line in r.content:
                events.append(json.loads(line))
                if sum(e["type"] == "BOOKMARK" for e in events) == 3:
                    break
    finally:
        stop.set()
        await writer
    rvs = [int(e["object"]["metadata"]["resourceVersion"]) for e in events]
    bookmarks = [i for i, e in enumerate(events) if e["type"] == "BOOKMARK"]
    assert len(bookmarks) == 3 and bookmarks[0] > 0, "events flowed, and bookmarks came between them"
    for i in bookmarks:
        assert all(v <= rvs[i] for v in rvs[:i]), "a bookmark never goes back"
        later = [v for v, e in zip(rvs[i + 1 :], events[i + 1 :], strict=True) if e["type"] != "BOOKMARK"]
        assert all(v > rvs[i] for v in later), "an event after a bookmark is newer than it"


async def test_watch_label_selector_sends_deleted_when_object_stops_matching(http: Http) -> None:
    body = cm("m")
    body["metadata"]["labels"] = {"app": "x"}
    created = (await http.post(CMS, body)).json()
    rv = created["metadata"]["resourceVersion"]
    unlabelled = dict(created)
    unlabelled["metadata"] = dict(created["metadata"], labels={"app": "y"})
    await http.put(f"{CMS}/m", unlabelled)
    events = await http.watch_lines(CMS, until=1, params={"resourceVersion": rv, "labelSelector": "app=x"})
    assert events[0]["type"] == "DELETED"
    # kube's watch cache sends the last matching state at the new resourceVersion.
    assert events[0]["object"]["metadata"]["labels"] == {"app": "x"}
    assert int(events[0]["object"]["metadata"]["resourceVersion"]) > int(rv)


async def test_legacy_watch_path(http: Http) -> None:
    await http.post(CMS, cm("legacy"))
    h = {"Authorization": f"Bearer {http.server.token}"}
    async with http.session.get(
        http.server.url + "/api/v1/watch/namespaces/default/configmaps", headers=h
    ) as r:
        assert r.status == 200
        line = await r.content.readline()
    assert b'"ADDED"' in line and b"legacy" in line


async def test_send_initial_events_ends_with_marked_bookmark(http: Http) -> None:
    await http.post(CMS, cm("i1"))
    await http.post(CMS, cm("i2"))
    events = await http.watch_lines(
        CMS,
        until=3,
        params={
            "sendInitialEvents": "true",
            "allowWatchBookmarks": "true",
            "resourceVersionMatch": "NotOlderThan",
        },
    )
    assert [(e["type"], e["object"]["metadata"].get("name")) for e in events[:2]] == [
        ("ADDED", "i1"),
        ("ADDED", "i2"),
    ]
    assert events[2]["type"] == "BOOKMARK"
    assert events[2]["object"]["metadata"]["annotations"] == {"k8s.io/initial-events-end": "true"}


async def test_list_exact_resource_version_is_a_past_snapshot(http: Http) -> None:
    await http.post(CMS, cm("x1"))
    then = (await http.get(CMS)).json()["metadata"]["resourceVersion"]
    await http.post(CMS, cm("x2"))
    await http.delete(f"{CMS}/x1")
    past = (await http.get(CMS, params={"resourceVersion": then, "resourceVersionMatch": "Exact"})).json()
    assert [i["metadata"]["name"] for i in past["items"]] == ["x1"]
    assert past["metadata"]["resourceVersion"] == then
    now = (await http.get(CMS, params={"resourceVersion": "0"})).json()
    assert [i["metadata"]["name"] for i in now["items"]] == ["x2"]


async def test_delete_collection_with_selector(http: Http) -> None:
    for name, app in (("d1", "a"), ("d2", "a"), ("d3", "b")):
        body = cm(name)
        body["metadata"]["labels"] = {"app": app}
        await http.post(CMS, body)
    r = await http.delete(CMS, params={"labelSelector": "app=a"})
    assert r.status == 200
    assert sorted(i["metadata"]["name"] for i in r.json()["items"]) == ["d1", "d2"]
    assert await _names(http, CMS) == ["d3"]
    r = await http.post("/api/v1/configmaps", cm("nowhere"))
    assert r.status == 405


async def test_many_writes_with_many_watchers_stay_fast() -> None:
    """2000 writes fanned out to 20 watchers: generous bound, catches accidental O(n^2) paths."""
    import time

    import aiohttp

    from controller_runtime.envtest.apiserver import APIServer

    total, watchers = 2000, 20
    server = APIServer(tls=False, history_size=10 * total)  # watchers may open after the first writes
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:
            http = Http(server, session)
            start_rv = (await http.get(CMS)).json()["metadata"]["resourceVersion"]
            began = time.monotonic()
            streams = [
                asyncio.create_task(http.watch_lines(CMS, until=total, params={"resourceVersion": start_rv}))
                for _ in range(watchers)
            ]
            sem = asyncio.Semaphore(16)

            async def create(i: int) -> None:
                async with sem:
                    assert (await http.post(CMS, cm(f"load{i}", data={"v": "x" * 64}))).status == 201

            await asyncio.gather(*(create(i) for i in range(total)))
            results = await asyncio.wait_for(asyncio.gather(*streams), 60)
            elapsed = time.monotonic() - began
            assert all(len(r) == total for r in results)
            assert elapsed < 30, f"{total} writes to {watchers} watchers took {elapsed:.1f}s"
            listed = (await http.get(CMS, params={"limit": "500"})).json()
            assert len(listed["items"]) == 500 and listed["metadata"]["remainingItemCount"] == total - 500
    finally:
        await server.stop()


async def test_disconnected_watch_is_released(http: Http) -> None:
    from tests.support.wait import eventually

    store = http.server.store
    before = sum(len(w) for w in store.watchers.values())
    h = {"Authorization": f"Bearer {http.server.token}"}
    params = {"watch": "true", "labelSelector": "never=matches"}
    async with http.session.get(http.server.url + CMS, headers=h, params=params) as r:
        assert r.status == 200
        assert sum(len(w) for w in store.watchers.values()) == before + 1
    # The client closed the stream without the server ever writing to it.
    await http.session.close()

    def released() -> bool:
        return sum(len(w) for w in store.watchers.values()) == before

    await eventually(released, timeout=10)
