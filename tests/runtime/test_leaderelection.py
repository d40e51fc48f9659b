"""Leader election: client-go's algorithm, driven by a fake clock over an in-memory lease.

The integration part (two managers on a real Lease through the API server) is at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from controller_runtime.client import errors
from controller_runtime.clock import FakeClock
from controller_runtime.leaderelection import (
    LeaderElectionConfig,
    LeaderElectionRecord,
    LeaderElector,
)
from tests.support.wait import eventually


class LeaseStore:
    """One lease record with a version, as the API server keeps it."""

    def __init__(self) -> None:
        self.record: LeaderElectionRecord | None = None
        self.version = 0
        self.writes: list[LeaderElectionRecord] = []


class FakeLock:
    """An optimistic lock over a LeaseStore; ``broken`` makes every call fail like a lost network."""

    def __init__(self, store: LeaseStore, identity: str) -> None:
        self.store = store
        self.identity = identity
        self.seen_version = -1
        self.broken = False

    def describe(self) -> str:
        return "test/lease"

    def _check(self) -> None:
        if self.broken:
            raise errors.ServiceUnavailableError(503, "ServiceUnavailable", "connection refused")

    async def get(self) -> LeaderElectionRecord:
        self._check()
        if self.store.record is None:
            raise errors.NotFoundError(404, "NotFound", 'leases "lease" not found')
        self.seen_version = self.store.version
        return self.store.record

    async def create(self, record: LeaderElectionRecord) -> None:
        self._check()
        if self.store.record is not None:
            raise errors.AlreadyExistsError(409, "AlreadyExists", "exists")
        self._write(record)

    async def update(self, record: LeaderElectionRecord) -> None:
        self._check()
        if self.seen_version != self.store.version:
            raise errors.ConflictError(409, "Conflict", "the object has been modified")
        self._write(record)

    def _write(self, record: LeaderElectionRecord) -> None:
        self.store.version += 1
        self.store.record = record
        self.store.writes.append(record)
        self.seen_version = self.store.version


CONFIG = LeaderElectionConfig(lease_duration=15, renew_deadline=10, retry_period=2)


class Candidate:
    def __init__(self, store: LeaseStore, clock: FakeClock, name: str, log: list[str], **cfg: Any) -> None:
        self.lock = FakeLock(store, name)
        self.name = name
        self.elector = LeaderElector(
            self.lock,
            replace(CONFIG, **cfg),
            on_started_leading=lambda: log.append(f"{name} started"),
            on_stopped_leading=lambda: log.append(f"{name} stopped"),
            clock=clock,
        )
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.elector.run())


async def advance(clock: FakeClock, seconds: float, tick: float = 0.25) -> None:
    """Move fake time forward in small steps, letting every woken task run in between."""
    steps = round(seconds / tick)
    for _ in range(steps):
        clock.step(tick)
        for _ in range(10):
            await asyncio.sleep(0)


@pytest.fixture
async def world() -> AsyncIterator[tuple[LeaseStore, FakeClock, list[str], list[Candidate]]]:
    store, clock, log = LeaseStore(), FakeClock(), []
    candidates: list[Candidate] = []
    yield store, clock, log, candidates
    for c in candidates:
        if c.task is not None:
            c.task.cancel()
            with contextlib.suppress(BaseException):
                await c.task


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        ({"lease_duration": 10, "renew_deadline": 10}, "leaseDuration must be greater than renewDeadline"),
        (
            {"renew_deadline": 2.4, "retry_period": 2},
            r"renewDeadline must be greater than retryPeriod\*JitterFactor",
        ),
        ({"retry_period": 0, "renew_deadline": 1}, "retryPeriod must be greater than zero"),
    ],
)
def test_invalid_timings_are_rejected(cfg: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(CONFIG, **cfg).validate()


async def test_first_candidate_creates_the_lease_and_renews_it(world: Any) -> None:
    store, clock, log, candidates = world
    a = Candidate(store, clock, "a", log)
    candidates.append(a)
    a.start()
    await eventually(lambda: log == ["a started"])
    assert store.record.holder_identity == "a"
    assert store.record.lease_duration_seconds == 15
    assert store.record.leader_transitions == 0
    acquired = store.record.acquire_time
    await advance(clock, 10)
    # Renewals move renewTime but keep acquireTime and the transition count.
    assert store.record.renew_time > acquired
    assert store.record.acquire_time == acquired
    assert len(store.writes) >= 5
    assert a.elector.is_leader()


async def test_standby_takes_over_only_after_the_leader_stops_and_the_lease_expires(world: Any) -> None:
    store, clock, log, candidates = world
    a = Candidate(store, clock, "a", log)
    b = Candidate(store, clock, "b", log)
    candidates += [a, b]
    a.start()
    await eventually(lambda: log == ["a started"])
    b.start()
    await advance(clock, 30)
    assert log == ["a started"]  # b keeps waiting while a renews
    assert b.elector.get_leader() == "a"

    a.lock.broken = True  # a can no longer reach the API server
    broken_at = clock.monotonic()
    await advance(clock, 40)
    assert log == ["a started", "a stopped", "b started"]
    assert store.record.holder_identity == "b"
    assert store.record.leader_transitions == 1
    # a gave up within its renew deadline; b waited out the lease duration it observed.
    assert a.task is not None and a.task.done()
    assert clock.monotonic() - broken_at >= 15


async def test_a_leader_woken_from_a_freeze_stops_acting_before_its_renew_loop_runs(world: Any) -> None:
    """SIGSTOP, a suspended VM: time jumps past the lease in one step. Before any task has
    run again, the elector already says the lease is not ours, so no worker starts work."""
    store, clock, log, candidates = world
    a = Candidate(store, clock, "a", log)
    candidates.append(a)
    a.start()
    await eventually(lambda: log == ["a started"])
    await advance(clock, 5)
    assert a.elector.holds_lease()
    clock.step(CONFIG.renew_deadline)  # frozen: nothing ran meanwhile
    assert a.elector.is_leader()  # the renew loop has not noticed yet
    assert not a.elector.holds_lease()
    await advance(clock, 3)
    assert log == ["a started", "a stopped"]


async def test_validity_is_judged_on_the_local_clock_not_the_remote_renew_time(world: Any) -> None:
    store, clock, log, candidates = world
    # A lease renewed "an hour ago" by a holder whose clock is wrong: we still wait a full duration.
    old = clock.now() - timedelta(hours=1)
    store.record = LeaderElectionRecord("other", 15, old, old, 3)
    b = Candidate(store, clock, "b", log)
    candidates.append(b)
    b.start()
    await advance(clock, 10)
    assert log == []
    await advance(clock, 15)
    assert log == ["b started"]
    assert store.record.leader_transitions == 4


async def test_release_on_cancel_lets_the_successor_in_without_waiting(world: Any) -> None:
    store, clock, log, candidates = world
    a = Candidate(store, clock, "a", log)
    b = Candidate(store, clock, "b", log)
    candidates += [a, b]
    a.start()
    await eventually(lambda: log == ["a started"])
    b.start()
    await advance(clock, 5)
    assert a.task is not None
    a.task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await a.task
    assert store.record.holder_identity == ""
    assert store.record.lease_duration_seconds == 1
    # b acquires at its next retry (<= 2 x 2.2 s), far sooner than the 15 s lease duration.
    await advance(clock, 5)
    assert log == ["a started", "a stopped", "b started"]


async def test_never_two_leaders_across_many_flaky_periods(world: Any) -> None:
    store, clock, log, candidates = world
    a = Candidate(store, clock, "a", log)
    b = Candidate(store, clock, "b", log)
    candidates += [a, b]
    a.start()
    b.start()
    for _ in range(6):
        await advance(clock, 20)
        leaders = [c for c in (a, b) if c.elector.is_leader()]
        assert len(leaders) <= 1
        # Break whoever leads (it will exit) and restart a fresh elector under its name.
        if leaders:
            leaders[0].lock.broken = True
        for c in (a, b):
            if c.task is not None and c.task.done():
                c.lock.broken = False
                c.elector = LeaderElector(
                    c.lock, CONFIG,
                    on_started_leading=lambda n=c.name: log.append(f"{n} started"),
                    on_stopped_leading=lambda n=c.name: log.append(f"{n} stopped"),
                    clock=clock,
                )
                c.start()
    # Leadership intervals never overlap: every "started" follows the previous leader's "stopped".
    current: str | None = None
    for entry in log:
        name, what = entry.split()
        if what == "started":
            assert current is None, log
            current = name
        else:
            assert current == name, log
            current = None
    assert sum(1 for e in log if e.endswith("started")) >= 3
