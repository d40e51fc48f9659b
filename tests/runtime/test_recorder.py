"""Events as `kubectl describe` shows them: correlated repeats, aggregation, and a spam limit."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.recorder import EventSink
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.wait import eventually


class ManualClock:
    def __init__(self) -> None:
        self.t = 1_700_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
async def sink(client: Client) -> AsyncIterator[tuple[EventSink, ManualClock]]:
    clock = ManualClock()
    s = EventSink(client, host="node-1", clock=clock)
    task = asyncio.create_task(s.start())
    yield s, clock
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def widget(client: Client, namespace: str, name: str = "w") -> dict[str, Any]:
    return await client.create(
        {
            "apiVersion": "test.lookout.dev/v1",
            "kind": "Widget",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"image": "nginx"},
        }
    )


async def events(client: Client, namespace: str) -> list[dict[str, Any]]:
    lst = await client.list("v1", "Event", namespace=namespace)
    return sorted(lst["items"], key=lambda e: e["metadata"]["creationTimestamp"] + e["metadata"]["name"])


async def test_event_carries_object_reference_source_and_annotations(
    client: Client, namespace: str, sink: tuple[EventSink, ManualClock]
) -> None:
    s, _ = sink
    w = await widget(client, namespace)
    rec = s.recorder("widget-controller")
    rec.annotated_event(w, {"test.lookout.dev/revision": "v1.2.3"}, "Normal", "Succeeded", "stored v1.2.3")
    rec.eventf(w, "Warning", "Failed", "pulling %s: %s", "nginx", "x" * 2000)
    await s.flush()
    evs = await events(client, namespace)
    assert len(evs) == 2
    ok = next(e for e in evs if e["reason"] == "Succeeded")
    assert ok["type"] == "Normal"
    assert ok["message"] == "stored v1.2.3"
    assert ok["count"] == 1
    assert ok["involvedObject"]["kind"] == "Widget"
    assert ok["involvedObject"]["name"] == "w"
    assert ok["involvedObject"]["uid"] == w["metadata"]["uid"]
    assert ok["source"] == {"component": "widget-controller", "host": "node-1"}
    assert ok["reportingComponent"] == "widget-controller"
    assert ok["reportingInstance"] == "node-1"
    assert ok["metadata"]["annotations"] == {"test.lookout.dev/revision": "v1.2.3"}
    assert ok["metadata"]["name"].startswith("w.")
    bad = next(e for e in evs if e["reason"] == "Failed")
    assert bad["type"] == "Warning"
    assert len(bad["message"]) == 1024 and bad["message"].endswith("...")


async def test_repeats_bump_count_and_last_timestamp_on_one_event(
    client: Client, namespace: str, sink: tuple[EventSink, ManualClock]
) -> None:
    s, clock = sink
    w = await widget(client, namespace)
    rec = s.recorder("widget-controller")
    for _ in range(3):
        rec.event(w, "Warning", "Failed", "registry unreachable")
        clock.t += 61
    await s.flush()
    evs = await events(client, namespace)
    assert len(evs) == 1
    assert evs[0]["count"] == 3
    assert evs[0]["lastTimestamp"] > evs[0]["firstTimestamp"]


async def test_similar_events_are_combined_after_ten(
    client: Client, namespace: str, sink: tuple[EventSink, ManualClock]
) -> None:
    s, _ = sink
    w = await widget(client, namespace)
    rec = s.recorder("widget-controller")
    for i in range(14):
        rec.event(w, "Normal", "NewTag", f"found tag v{i}")
    await s.flush()
    evs = await events(client, namespace)
    combined = [e for e in evs if e["message"].startswith("(combined from similar events): ")]
    assert len(evs) == 10  # nine single events, then one combined event
    assert len(combined) == 1
    assert combined[0]["count"] == 5
    assert combined[0]["message"] == "(combined from similar events): found tag v13"


async def test_spam_filter_caps_one_objects_events_and_refills_slowly(
    client: Client, namespace: str, sink: tuple[EventSink, ManualClock]
) -> None:
    s, clock = sink
    w = await widget(client, namespace)
    other = await widget(client, namespace, "other")
    rec = s.recorder("widget-controller")
    for i in range(40):
        rec.event(w, "Normal", f"Reason{i}", "hot loop")
    rec.event(other, "Normal", "Reason", "unaffected")
    await s.flush()
    evs = await events(client, namespace)
    assert sum(1 for e in evs if e["involvedObject"]["name"] == "w") == 25
    assert sum(1 for e in evs if e["involvedObject"]["name"] == "other") == 1
    assert s.dropped == 15

    clock.t += 300  # one token back every five minutes
    rec.event(w, "Normal", "Later1", "after a while")
    rec.event(w, "Normal", "Later2", "too soon")
    await s.flush()
    reasons = {e["reason"] for e in await events(client, namespace)}
    assert "Later1" in reasons and "Later2" not in reasons


async def test_repeats_dropped_by_the_spam_filter_still_count(
    client: Client, namespace: str, sink: tuple[EventSink, ManualClock]
) -> None:
    """client-go counts a repeat before the spam filter drops it: once a token is back,
    the Event's count says how often it really happened."""
    s, clock = sink
    w = await widget(client, namespace)
    rec = s.recorder("widget-controller")
    for _ in range(30):
        rec.event(w, "Warning", "Failed", "registry unreachable")
    await s.flush()
    evs = await events(client, namespace)
    assert [e["count"] for e in evs] == [25]  # one create and 24 patches; 5 dropped
    assert s.dropped == 5

    clock.t += 300
    rec.event(w, "Warning", "Failed", "registry unreachable")
    await s.flush()
    evs = await events(client, namespace)
    assert len(evs) == 1
    assert evs[0]["count"] == 31


async def test_bad_input_is_refused_without_crashing(
    client: Client, namespace: str, sink: tuple[EventSink, ManualClock]
) -> None:
    s, _ = sink
    w = await widget(client, namespace)
    rec = s.recorder("widget-controller")
    rec.event(w, "Info", "Nope", "not a valid type")
    rec.event({"metadata": {}}, "Normal", "Nope", "no object")
    await s.flush()
    assert await events(client, namespace) == []


async def test_events_written_while_the_api_server_is_unreachable_arrive_when_it_is_back(
    env: Any, client: Client, namespace: str
) -> None:
    """As client-go's broadcaster: an event that could not reach the server is tried again, a
    bounded number of times, and one the server refused is not."""
    proxy = TCPProxy(env.config.host)
    await proxy.start()
    try:
        async with Client(dataclasses.replace(env.config, host=proxy.url)) as through_proxy:
            s = EventSink(through_proxy, host="node-1", retry_interval=0.2)
            task = asyncio.create_task(s.start())
            try:
                w = await widget(client, namespace)
                proxy.blocked = True
                proxy.cut()
                s.recorder("widget-controller").event(w, "Warning", "Failed", "written during the outage")
                await eventually(lambda: proxy.refused > 1, message="the sink tries again")
                proxy.blocked = False
                await s.flush()
                evs = await events(client, namespace)
                assert [(e["reason"], e["message"]) for e in evs] == [("Failed", "written during the outage")]
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    finally:
        await proxy.stop()
