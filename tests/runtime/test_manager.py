"""The Manager: start/stop ordering, probes and metrics, errors, shutdown, leader election, signals."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import time
from typing import Any

import aiohttp
import pytest

from controller_runtime.cache import InformerCache
from controller_runtime.client import Client
from controller_runtime.leaderelection import LeaderElectionLostError
from controller_runtime.manager import (
    GracefulShutdownTimeoutError,
    Manager,
    ManagerOptions,
    RunnableFunc,
    signals,
)
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.wait import eventually


class PlainRecorder:
    """A runnable that logs when it starts and when it is stopped (says nothing about leaders)."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    async def start(self) -> None:
        self.log.append(f"start {self.name}")
        try:
            await asyncio.Event().wait()
        finally:
            self.log.append(f"stop {self.name}")


class Recorder(PlainRecorder):
    def __init__(self, name: str, log: list[str], *, leader: bool) -> None:
        super().__init__(name, log)
        self.leader = leader

    def need_leader_election(self) -> bool:
        return self.leader


class RecordingCache(InformerCache):
    def __init__(self, client: Any, log: list[str]) -> None:
        super().__init__(client)
        self.log = log

    async def start(self) -> None:
        self.log.append("start cache")
        try:
            await super().start()
        finally:
            self.log.append("stop cache")


def options(**kw: Any) -> ManagerOptions:
    base: dict[str, Any] = {"metrics_bind_address": "0", "health_probe_bind_address": "0"}
    base.update(kw)
    return ManagerOptions(**base)


async def test_start_and_stop_order(client: Client) -> None:
    log: list[str] = []
    mgr = Manager(client, options())
    mgr.add(Recorder("reconciler", log, leader=True))
    mgr.add(PlainRecorder("plain", log))  # no need_leader_election: treated as needing it
    mgr.add(Recorder("background", log, leader=False))
    mgr.add(RecordingCache(client, log))
    task = asyncio.create_task(mgr.start())
    await eventually(mgr.elected.is_set)
    await eventually(lambda: len(log) == 4)
    assert log[0] == "start cache"
    assert log[1] == "start background"
    assert sorted(log[2:]) == ["start plain", "start reconciler"]
    # Runnables added after start run at once, in their group.
    mgr.add(Recorder("late", log, leader=False))
    await eventually(lambda: "start late" in log)

    mgr.stop()
    assert await task is None
    stops = [e for e in log if e.startswith("stop")]
    assert stops.index("stop background") < stops.index("stop reconciler") < stops.index("stop cache")
    assert stops.index("stop late") < stops.index("stop plain") < stops.index("stop cache")
    with pytest.raises(RuntimeError, match="already started"):
        await mgr.start()


async def test_probes_and_metrics_serve_until_everything_else_stopped(client: Client) -> None:
    addrs = {"health_probe_bind_address": "127.0.0.1:0", "metrics_bind_address": "127.0.0.1:0"}
    mgr = Manager(client, options(**addrs))
    ready = asyncio.Event()

    async def readiness() -> None:
        if not ready.is_set():
            raise RuntimeError("not yet")

    mgr.add_healthz_check("ping", lambda: None)
    mgr.add_readyz_check("warm", readiness)
    statuses_during_stop: list[int] = []

    async def reconciler() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            # Probes must still answer while reconcilers drain.
            assert mgr.probe_server is not None
            url = f"http://127.0.0.1:{mgr.probe_server.bound_port}/healthz"
            async with aiohttp.ClientSession() as s, s.get(url) as r:
                statuses_during_stop.append(r.status)

    mgr.add(RunnableFunc(reconciler))
    task = asyncio.create_task(mgr.start())
    await eventually(mgr.elected.is_set)
    assert mgr.probe_server is not None and mgr.metrics_server is not None
    probe = f"http://127.0.0.1:{await mgr.probe_server.wait_listening()}"
    metrics = f"http://127.0.0.1:{await mgr.metrics_server.wait_listening()}"
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{probe}/healthz") as r:
            assert (r.status, await r.text()) == (200, "ok\n")
        async with s.get(f"{probe}/readyz") as r:
            assert r.status == 500
            assert "[-]warm failed: not yet" in await r.text()
        ready.set()
        async with s.get(f"{probe}/readyz?verbose") as r:
            assert (r.status, await r.text()) == (200, "[+]warm ok\nok\n")
        async with s.get(f"{probe}/readyz/nope") as r:
            assert r.status == 404
        async with s.get(f"{metrics}/metrics") as r:
            assert r.status == 200
            assert r.headers["Content-Type"].startswith("text/plain")
            assert "# TYPE" in await r.text()
    mgr.stop()
    await task
    assert statuses_during_stop == [200]


async def test_a_failing_runnable_stops_the_manager_with_its_error(client: Client) -> None:
    log: list[str] = []
    mgr = Manager(client, options())
    mgr.add(Recorder("other", log, leader=False))

    async def broken() -> None:
        raise ValueError("boom")

    mgr.add(RunnableFunc(broken))
    with pytest.raises(ValueError, match="boom"):
        async with asyncio.timeout(20):
            await mgr.start()
    assert "stop other" in log


async def test_graceful_shutdown_is_bounded(client: Client) -> None:
    mgr = Manager(client, options(graceful_shutdown_timeout=0.3))

    async def stubborn() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await asyncio.shield(asyncio.sleep(1.5))  # ignores the first cancellation for a while

    mgr.add(RunnableFunc(stubborn))
    task = asyncio.create_task(mgr.start())
    await eventually(mgr.elected.is_set)
    started = time.monotonic()
    mgr.stop()
    with pytest.raises(GracefulShutdownTimeoutError, match="within grace period"):
        await task
    assert time.monotonic() - started < 2.5


def le_options(namespace: str, **kw: Any) -> ManagerOptions:
    base: dict[str, Any] = {
        "leader_election": True,
        "leader_election_id": "widget-controller-leader-election",
        "leader_election_namespace": namespace,
        "lease_duration": 2,
        "renew_deadline": 1.5,
        "retry_period": 0.25,
    }
    return options(**{**base, **kw})


class Leadership:
    """Leader-only runnable recording (monotonic) times its manager led."""

    def __init__(self, name: str, log: list[tuple[str, str, float]]) -> None:
        self.name = name
        self.log = log

    async def start(self) -> None:
        self.log.append((self.name, "start", time.monotonic()))
        try:
            await asyncio.Event().wait()
        finally:
            self.log.append((self.name, "stop", time.monotonic()))


async def test_two_managers_exactly_one_leads_and_the_other_takes_over(
    env: Any, client: Client, namespace: str
) -> None:
    proxy = TCPProxy(env.config.host)
    await proxy.start()
    log: list[tuple[str, str, float]] = []
    try:
        async with Client(dataclasses.replace(env.config, host=proxy.url)) as client_a:
            a = Manager(client_a, le_options(namespace, identity="a"))
            a.add(Leadership("a", log))
            task_a = asyncio.create_task(a.start())
            await eventually(a.elected.is_set)
            b = Manager(client, le_options(namespace, identity="b"))
            b.add(Leadership("b", log))
            task_b = asyncio.create_task(b.start())
            await eventually(lambda: b.cache.informers() == {} and b.elector is not None)
            lease = await client.get("coordination.k8s.io/v1", "Lease", "widget-controller-leader-election",
                                     namespace=namespace)
            assert lease["spec"]["holderIdentity"] == "a"
            assert lease["spec"]["leaseDurationSeconds"] == 2
            assert not b.elected.is_set()

            # a loses its connection: it must stop leading (and exit) before b starts.
            proxy.blocked = True
            proxy.cut()
            cut_at = time.monotonic()
            with pytest.raises(LeaderElectionLostError, match="leader election lost"):
                async with asyncio.timeout(10):
                    await task_a
            await eventually(b.elected.is_set, timeout=10)
            assert time.monotonic() - cut_at < 2 + 1.5 + 2  # renew deadline + lease duration + slack
            a_stop = next(t for n, e, t in log if (n, e) == ("a", "stop"))
            # b's leader-only runnables start just after `elected` is set: wait for the start itself.
            await eventually(lambda: any((n, e) == ("b", "start") for n, e, _ in log))
            b_start = next(t for n, e, t in log if (n, e) == ("b", "start"))
            assert a_stop < b_start
            lease = await client.get("coordination.k8s.io/v1", "Lease", "widget-controller-leader-election",
                                     namespace=namespace)
            assert lease["spec"]["holderIdentity"] == "b"
            assert lease["spec"]["leaseTransitions"] == 1

            # A clean stop releases the lease at once: empty holder, 1 s duration.
            b.stop()
            await task_b
            lease = await client.get("coordination.k8s.io/v1", "Lease", "widget-controller-leader-election",
                                     namespace=namespace)
            assert lease["spec"]["holderIdentity"] == ""
            assert lease["spec"]["leaseDurationSeconds"] == 1
    finally:
        await proxy.stop()


async def test_released_lease_is_taken_over_without_waiting_the_lease_duration(
    client: Client, namespace: str
) -> None:
    opts = {"lease_duration": 30, "renew_deadline": 20, "retry_period": 0.2}
    a = Manager(client, dataclasses.replace(le_options(namespace, identity="a"), **opts))
    task_a = asyncio.create_task(a.start())
    await eventually(a.elected.is_set)
    b = Manager(client, dataclasses.replace(le_options(namespace, identity="b"), **opts))
    task_b = asyncio.create_task(b.start())
    a.stop()
    await task_a
    stopped = time.monotonic()
    await eventually(b.elected.is_set, timeout=10)
    assert time.monotonic() - stopped < 5  # far below the 30 s lease
    b.stop()
    await task_b


async def test_leader_election_options_are_validated(client: Client) -> None:
    with pytest.raises(ValueError, match="LeaderElectionID must be configured"):
        Manager(client, options(leader_election=True)).validate()
    with pytest.raises(ValueError, match="leaseDuration must be greater than renewDeadline"):
        Manager(client, le_options("x", lease_duration=1, renew_deadline=1)).validate()
    with pytest.raises(ValueError, match="invalid bind address"):
        Manager(client, options(metrics_bind_address="8080")).validate()


async def test_first_signal_stops_gracefully_second_exits_1() -> None:
    loop = asyncio.get_running_loop()
    stops: list[int] = []
    exits: list[int] = []
    signals.reset_for_tests()
    stopped = signals.setup_signal_handler(lambda: stops.append(1), exit_fn=exits.append)
    try:
        with pytest.raises(RuntimeError, match="only be called once"):
            signals.setup_signal_handler(lambda: None)
        os.kill(os.getpid(), signal.SIGTERM)
        await eventually(stopped.is_set)
        assert stops == [1] and exits == []
        os.kill(os.getpid(), signal.SIGINT)
        await eventually(lambda: exits == [1])
        assert stops == [1]
    finally:
        signals.reset_for_tests(loop)


async def test_events_spend_a_rate_budget_of_their_own(client: Client) -> None:
    """As client-go's event broadcaster has its own clientset: a burst of events never
    throttles the controllers' API calls (--kube-api-qps), and the other way round."""
    mgr = Manager(client, options())
    events = mgr.event_sink.client
    assert events is not client and events.config is client.config
    assert events.transport.throttle is not client.transport.throttle
