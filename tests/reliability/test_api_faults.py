"""The API server misbehaving: conflicts on status writes, 429s with Retry-After, watches that
expire (410 Gone) or are dropped. The controllers still converge with the right status,
without an event storm, and the manager's probes keep telling the truth (alive, not wedged:
a restart would not help).

An HTTP fault proxy sits between the manager and the API server (plain HTTP on the manager's
side, TLS upstream; the manager's bearer token passes through). The test's own client talks
to the API server directly, so what it reads is what users see. Each test turns its fault on,
starts a manager, creates three ImageRepositories and an ImagePolicy and waits for all of them
to converge; then lifts the fault and does the same with new objects, which must converge too
(the time that takes is the report's recovery time).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import ssl
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imagepolicy.conftest import IP, image_policy
from tests.imagerepository.conftest import IR, image_repository
from tests.reliability.http_fault_proxy import EndStream, HTTPFaultProxy, Status, WatchError
from tests.support.manager import RunningManager, run_manager
from tests.support.registry import RegistryServer
from tests.support.report import record
from tests.support.wait import eventually

#: Flux's own retry delays (0.75 s doubling, dependencies every 30 s): events are counted as
#: production would record them, and convergence must not lean on short requeues.
OPTIONS: dict[str, Any] = {}
REPOSITORIES = ("one", "two", "three")
#: Objects per test: the repositories and a policy, before and after the fault is lifted.
OBJECTS = (len(REPOSITORIES) + 1) * 2
#: Event occurrences per object that converging may cost (a fault noticed, retried, recovered
#: from): beyond it, a fault turned into an event storm. Without any fault a policy already
#: records four (a wait for the first scan and the resolved tag, each twice).
MAX_EVENTS_PER_OBJECT = 6
WATCH = r"[?&]watch=(true|1)"
STATUS_WRITE = r"/status(\?|$)"


def _status(code: int, reason: str, message: str, **details: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                            "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return body


CONFLICT = _status(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; "
                   "please apply your changes to the latest version and try again")
TOO_MANY = _status(429, "TooManyRequests", "the server has received too many requests and has "
                   "asked us to try again later", retryAfterSeconds=1)
GONE = _status(410, "Expired", "too old resource version")


@pytest.fixture
async def api(env: Any) -> AsyncIterator[HTTPFaultProxy]:
    ca = env.config.ca_data.decode() if env.config.ca_data else None
    proxy = HTTPFaultProxy(env.config.host, ssl_context=ssl.create_default_context(cadata=ca))
    await proxy.start()
    yield proxy
    await proxy.stop()


@dataclass
class Probes:
    """Every answer of the manager's /healthz and /readyz while the test looked."""

    url: str = ""
    answers: list[tuple[str, int]] = field(default_factory=list)

    async def sample(self) -> None:
        async with aiohttp.ClientSession() as s:
            for path in ("/healthz", "/readyz"):
                async with s.get(self.url + path) as r:
                    self.answers.append((path, r.status))

    @property
    def truthful(self) -> bool:
        """The manager is alive and its workers are not wedged: every answer must say so."""
        return bool(self.answers) and all(status == 200 for _, status in self.answers)


@dataclass
class Tally:
    """Per object: whether it converged, and how many events it caused."""

    converged: dict[str, bool] = field(default_factory=dict)
    recorded: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    probes: Probes = field(default_factory=Probes)
    #: Seconds from the fault lifted to the objects created then converged.
    recovery: float | None = None

    @property
    def events(self) -> dict[str, int]:
        """Occurrences of events per object (a repeated event counts every time)."""
        out: dict[str, int] = {}
        for name, _, _, count, _ in self.recorded:
            out[name] = out.get(name, 0) + count
        return out

    @property
    def survived(self) -> int:
        if not self.probes.truthful:
            return 0
        return sum(1 for name, ok in self.converged.items()
                   if ok and self.events.get(name, 0) <= MAX_EVENTS_PER_OBJECT)


@contextlib.asynccontextmanager
async def _manager(env: Any, api: HTTPFaultProxy, namespace: str, tmp_path: Path,
                   ) -> AsyncIterator[RunningManager]:
    through = SimpleNamespace(config=dataclasses.replace(env.config, host=api.url))
    # Short watches: a watch the fault leaves alone still ends (and is opened again) in the test.
    overrides = {"health_probe_bind_address": "127.0.0.1:0", "watch_timeout_range": (5.0, 10.0)}
    async with run_manager(through, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=OPTIONS,
                           manager_overrides=overrides) as mgr:
        yield mgr


async def _create(client: Client, namespace: str, image: str, suffix: str = "") -> list[str]:
    names = [f"{n}{suffix}" for n in REPOSITORIES]
    for name in names:
        await client.create(image_repository(namespace, name, image))
    await client.create(image_policy(namespace, f"policy{suffix}", {
        "imageRepositoryRef": {"name": names[0]}, "policy": {"semver": {"range": ">=1.0.0"}}}))
    return [*names, f"policy{suffix}"]


async def _converged(client: Client, namespace: str, name: str) -> bool:
    """Ready=True for the current generation, nothing in progress, and the status users read."""
    kind = IP if name.startswith("policy") else IR
    obj = await client.get(*kind, name, namespace=namespace)
    status = obj.get("status") or {}
    if not conditions.is_true(obj, "Ready") or conditions.has(obj, "Reconciling"):
        return False
    if status.get("observedGeneration") != obj["metadata"]["generation"]:
        return False
    if kind == IP:
        return bool((status.get("latestRef") or {}).get("tag") == "2.0.0")
    return bool((status.get("lastScanResult") or {}).get("tagCount") == 4)


async def _events(client: Client, namespace: str) -> list[tuple[str, str, str, int, str]]:
    """(object, type, reason, count, message) of every Event in the namespace."""
    return [(e["involvedObject"].get("name", ""), e.get("type", ""), e.get("reason", ""),
             int(e.get("count") or 1), e.get("message", ""))
            for e in (await client.list("v1", "Event", namespace=namespace))["items"]]


async def _converge(client: Client, namespace: str, names: list[str], tally: Tally) -> None:
    """Wait until every object converged, asking the probes on each look."""
    async def all_converged() -> bool:
        await tally.probes.sample()
        for name in names:
            if not tally.converged.get(name):
                tally.converged[name] = await _converged(client, namespace, name)
        return all(tally.converged.get(n) for n in names)

    await eventually(all_converged, timeout=60, interval=0.2, message="every object converged")


async def drill(env: Any, client: Client, namespace: str, tmp_path: Path, api: HTTPFaultProxy,
                image: str, klass: str, sound: Callable[[], bool] = lambda: True) -> Tally:
    """With the fault on: start, create, converge; lift it: create, converge. The row is
    recorded before the caller asserts anything; nothing survived unless `sound()` says the
    fault left no other harm."""
    tally = Tally()
    try:
        async with _manager(env, api, namespace, tmp_path) as mgr:
            assert mgr.manager.probe_server is not None
            tally.probes.url = f"http://127.0.0.1:{await mgr.manager.probe_server.wait_listening()}"
            await _converge(client, namespace, await _create(client, namespace, image), tally)
            api.lift()
            lifted = time.monotonic()
            await _converge(client, namespace, await _create(client, namespace, image, "-later"), tally)
            tally.recovery = time.monotonic() - lifted
    finally:
        tally.recorded = await _events(client, namespace)
        record(klass, OBJECTS, tally.survived if sound() else 0, recovery_seconds=tally.recovery)
    return tally


def _check(tally: Tally) -> None:
    assert len(tally.converged) == OBJECTS and all(tally.converged.values()), tally.converged
    assert max(tally.events.values()) <= MAX_EVENTS_PER_OBJECT, tally.recorded
    assert tally.probes.truthful, tally.probes.answers


async def test_a_conflict_on_the_first_status_write_of_every_object(
    env: Any, client: Client, namespace: str, tmp_path: Path, api: HTTPFaultProxy,
    plain_registry: RegistryServer,
) -> None:
    """Another writer got there first, once per object: the write is redone on the latest."""
    rule = api.fail(Status(409, CONFLICT), STATUS_WRITE, methods="PATCH,PUT", per_path=1)
    tally = await drill(env, client, namespace, tmp_path, api, plain_registry.image("team/app"),
                        "API: 409 Conflict on status writes")
    assert rule.hits == len(REPOSITORIES) + 1  # each object of the first round met one
    _check(tally)


async def test_throttling_with_retry_after(
    env: Any, client: Client, namespace: str, tmp_path: Path, api: HTTPFaultProxy,
    plain_registry: RegistryServer,
) -> None:
    """API priority and fairness turning away every fourth request: waited out, unseen by users."""
    rule = api.fail(Status(429, TOO_MANY, headers={"Retry-After": "1"}), every=4)
    tally = await drill(env, client, namespace, tmp_path, api, plain_registry.image("team/app"),
                        "API: 429 with Retry-After")
    assert rule.hits > 0
    _check(tally)
    assert [e for e in tally.recorded if e[1] == "Warning"] == []  # no reconcile failed for it


async def test_watches_that_expire(
    env: Any, client: Client, namespace: str, tmp_path: Path, api: HTTPFaultProxy,
    plain_registry: RegistryServer,
) -> None:
    """An etcd compaction: every watch is refused with 410 Gone, then expires with an ERROR
    event; the informers relist and nothing is missed."""
    refused = api.fail(Status(410, GONE), WATCH, per_path=1)
    expired = api.fail(WatchError(410), WATCH, per_path=1)
    tally = await drill(env, client, namespace, tmp_path, api, plain_registry.image("team/app"),
                        "API: watches expire (410 Gone)")
    assert refused.hits > 0 and expired.hits > 0
    _check(tally)


async def test_watches_that_are_dropped(
    env: Any, client: Client, namespace: str, tmp_path: Path, api: HTTPFaultProxy,
    plain_registry: RegistryServer,
) -> None:
    """A load balancer dropping every watch, half of them at once, the others after one event:
    the informers keep up, and the API server is not asked again in a hot loop."""
    cut = api.fail(EndStream(1, abrupt=True), WATCH, every=2)
    closed = api.fail(EndStream(0), WATCH)

    def hot_loops() -> list[tuple[str, int, int]]:
        """(path, empty watches, lists) of each kind watched again without a relist between:
        client-go's rule is that a watch closed at once with nothing in it ends the round,
        so a backoff and a relist follow it, never another watch straight away."""
        found = []
        for path, dropped in closed.paths.items():
            lists = sum(1 for s in api.seen if s.method == "GET" and s.path.split("?")[0] == path
                        and not re.search(WATCH, s.path))
            if lists < dropped:
                found.append((path, dropped, lists))
        return found

    tally = await drill(env, client, namespace, tmp_path, api, plain_registry.image("team/app"),
                        "API: watches dropped", sound=lambda: not hot_loops())
    assert cut.hits > 0 and closed.hits > 0
    assert hot_loops() == []
    _check(tally)
