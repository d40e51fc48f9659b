"""`--events-addr`: events reach Flux's notification-controller as fluxcd/pkg's recorder sends
them, checked against a local receiver that records every POST (and can fail on cue)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from controller_runtime.client import Client
from controller_runtime.fluxruntime.events import EVENT_TYPE_TRACE, EventForwarder, Recorder
from tests.imagerepository.conftest import FAST, image_repository, wait_ready
from tests.registry.standin import serve
from tests.support.events import RecordedEvents
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer, free_port
from tests.support.wait import eventually

OBJ: dict[str, Any] = {
    "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
    "metadata": {"name": "app", "namespace": "team", "uid": "u-1", "resourceVersion": "7", "annotations": {
        "event.toolkit.fluxcd.io/env": "prod", "team.example.com/owner": "alice"}},
}


@dataclass
class Receiver:
    """notification-controller's event endpoint, as far as a sender can tell."""

    url: str = ""
    answers: list[int] = field(default_factory=list)  # statuses to give first, then 200
    posts: list[tuple[str, dict[str, Any], int]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        status = self.answers.pop(0) if self.answers else 200
        self.posts.append((request.headers.get("Content-Type", ""), await request.json(), status))
        return web.Response(status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = Receiver()
    app = web.Application()
    app.router.add_post("/", r.handle)
    async with serve(app) as host:
        r.url = f"http://{host}/"
        yield r


def recorder(url: str) -> tuple[Recorder, EventForwarder, RecordedEvents]:
    core = RecordedEvents()
    forwarder = EventForwarder(url, host="lookout-0", wait_min=0.01, wait_max=0.05)
    return Recorder(core, forwarder), forwarder, core  # type: ignore[arg-type]


async def test_normal_and_warning_are_posted_as_flux_does_and_traces_are_not(receiver: Receiver) -> None:
    rec, forwarder, core = recorder(receiver.url)
    call = {"image.toolkit.fluxcd.io/x": "1"}
    rec.event(OBJ, "Normal", "Succeeded", "successful scan, found 4 tags", call)
    rec.event(OBJ, "Warning", "ReadOperationFailed", "scan failed: GET /v2/: 503")
    rec.event(OBJ, EVENT_TYPE_TRACE, "Succeeded", "no change, next scan in 5m")
    await forwarder.drain()

    assert [p[1]["severity"] for p in receiver.posts] == ["info", "error"]
    content_type, body, _ = receiver.posts[0]
    assert content_type == "application/json"
    assert body["involvedObject"] == {
        "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
        "name": "app", "namespace": "team", "uid": "u-1", "resourceVersion": "7",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["timestamp"])
    assert (body["reason"], body["message"]) == ("Succeeded", "successful scan, found 4 tags")
    assert body["reportingController"] == "image-reflector-controller"
    assert body["reportingInstance"] == "lookout-0"
    # The call's annotations and the object's event annotations, nothing else of the object's.
    assert body["metadata"] == {"image.toolkit.fluxcd.io/x": "1", "event.toolkit.fluxcd.io/env": "prod"}
    assert receiver.posts[1][1]["metadata"] == {"event.toolkit.fluxcd.io/env": "prod"}
    # All three are core Events (the Trace as Normal), with the same annotations.
    assert [(e[0], e[2]) for e in core.events] == [
        ("Normal", "successful scan, found 4 tags"), ("Warning", "scan failed: GET /v2/: 503"),
        ("Normal", "no change, next scan in 5m")]
    assert core.calls[2][0] == {"event.toolkit.fluxcd.io/env": "prod"}


async def test_a_failing_receiver_is_retried_until_it_recovers(receiver: Receiver) -> None:
    receiver.answers = [503, 500, 502]
    rec, forwarder, _ = recorder(receiver.url)
    rec.event(OBJ, "Normal", "Succeeded", "found 4 tags")
    await forwarder.drain()
    assert [p[2] for p in receiver.posts] == [503, 500, 502, 200]
    assert len({str(p[1]) for p in receiver.posts}) == 1  # the same event each time


@pytest.mark.parametrize("status", [429, 501, 400])
async def test_duplicates_and_client_errors_are_not_retried(receiver: Receiver, status: int) -> None:
    receiver.answers = [status]
    rec, forwarder, _ = recorder(receiver.url)
    rec.event(OBJ, "Warning", "Failed", "x")
    await forwarder.drain()
    assert [p[2] for p in receiver.posts] == [status]


async def test_a_receiver_that_never_recovers_is_given_up_after_four_retries(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.answers = [503] * 10
    rec, forwarder, _ = recorder(receiver.url)
    rec.event(OBJ, "Normal", "Succeeded", "found 4 tags")
    await forwarder.drain()
    assert len(receiver.posts) == 5
    assert "unable to record event" in caplog.text


async def test_an_unreachable_receiver_costs_the_reconcile_nothing(caplog: pytest.LogCaptureFixture) -> None:
    rec, forwarder, core = recorder(f"http://127.0.0.1:{free_port()}/")
    rec.event(OBJ, "Normal", "Succeeded", "found 4 tags")
    assert core.events  # written at once; the post goes on in the background
    await forwarder.drain()
    assert "unable to record event" in caplog.text


async def test_the_manager_forwards_its_controllers_events(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, receiver: Receiver,
    tmp_path: Path,
) -> None:
    async with run_manager(env, ["imagerepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides={**FAST, "events_addr": receiver.url}):
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        await wait_ready(client, namespace, "app")
        await client.create(image_repository(namespace, "bad", "UPPER/Case"))

        def posted(name: str) -> dict[str, Any] | None:
            return next((b for _, b, _ in receiver.posts if b["involvedObject"]["name"] == name), None)

        good = await eventually(lambda: posted("app"), message="the scan's event is posted")
        bad = await eventually(lambda: posted("bad"), message="the stall's event is posted")
    assert good["severity"] == "info" and good["message"] == "successful scan, found 4 tags"
    assert good["involvedObject"]["apiVersion"] == "image.toolkit.fluxcd.io/v1"
    assert good["reportingController"] == "image-reflector-controller"
    assert (bad["severity"], bad["reason"]) == ("error", "ImageURLInvalid")
