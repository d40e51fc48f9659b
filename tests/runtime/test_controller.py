"""The controller's worker loop against an in-memory informer: the outcome table, backoff
timing on a fake clock, concurrency limits, per-key exclusion, start/stop and logging."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

import pytest

from controller_runtime.clock import REAL_CLOCK, FakeClock
from controller_runtime.controller import Controller, Options, SourceStartError
from controller_runtime.event import GenericEvent
from controller_runtime.handler import EnqueueRequestForObject
from controller_runtime.log import logger_from, reconcile_id_from
from controller_runtime.metrics import registry
from controller_runtime.reconcile import Request, Result, TerminalError, reconcile_func
from controller_runtime.source import Channel, Kind
from controller_runtime.workqueue import ItemExponentialFailureRateLimiter
from tests.runtime.controller_fakes import FakeCache, FakeInformer, obj
from tests.support.wait import eventually

API, KIND = "example.com/v1", "Thing"

Outcome = Result | BaseException | Callable[[], Any]


class ScriptedReconciler:
    """Answers each request with the next scripted outcome (default: success)."""

    def __init__(self, **script: list[Outcome]) -> None:
        self.script = script
        self.calls: list[Request] = []

    def count(self, name: str) -> int:
        return sum(1 for r in self.calls if r.name == name)

    async def reconcile(self, request: Request) -> Result:
        self.calls.append(request)
        steps = self.script.get(request.name)
        outcome: Any = steps.pop(0) if steps else Result()
        if isinstance(outcome, BaseException):
            raise outcome
        if callable(outcome):
            outcome = outcome()
        return outcome  # type: ignore[no-any-return]


class SpyLimiter(ItemExponentialFailureRateLimiter):
    """Records when()/forget() so tests can check the exact queue calls of each outcome."""

    def __init__(self, base: float = 1.0, cap: float = 100.0) -> None:
        super().__init__(base, cap)
        self.log: list[tuple[str, Any]] = []

    def when(self, item: Any) -> float:
        self.log.append(("when", item))
        return super().when(item)

    def forget(self, item: Any) -> None:
        self.log.append(("forget", item))
        super().forget(item)


def unique(prefix: str = "ctrl") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def metric(name: str, **labels: str) -> float:
    value = registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def new_controller(
    reconciler: Any,
    *objs: dict[str, Any],
    cache: FakeCache | None = None,
    clock: FakeClock | None = None,
    **options: Any,
) -> tuple[Controller, FakeInformer]:
    cache = cache or FakeCache((API, KIND))
    informer = cache.informer(API, KIND)
    informer.seed = list(objs)
    c = Controller(unique(), reconciler, Options(clock=clock, **options), group="example.com", kind=KIND)
    c.watch(Kind(cache, API, KIND, EnqueueRequestForObject(), clock=clock or REAL_CLOCK))
    return c, informer


@asynccontextmanager
async def running(c: Controller) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(c.start())
    try:
        await eventually(lambda: c.queue is not None or task.done(), timeout=5)
        yield task
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)


async def delayed(c: Controller, clock: FakeClock, n: int = 1) -> None:
    """Wait until `n` requests sit in the delay heap with the delay loop asleep on the clock."""
    assert c.queue is not None
    q = c.queue
    await eventually(lambda: q.waiting() == n and clock.sleepers >= 1 and not q.processing(), timeout=5)


async def test_reconciles_the_initial_list_and_later_events() -> None:
    r = ScriptedReconciler()
    c, informer = new_controller(r, obj("a"), obj("b", "other"))
    async with running(c):
        await eventually(lambda: {*r.calls} == {Request("default", "a"), Request("other", "b")}, timeout=5)
        informer.add(obj("c"))
        await eventually(lambda: r.count("c") == 1, timeout=5)
        informer.update(obj("a", generation=2, rv="2"))
        await eventually(lambda: r.count("a") == 2, timeout=5)
        informer.delete(obj("b", "other"), tombstone=True)
        await eventually(lambda: r.count("b") == 2, timeout=5)


async def test_success_forgets_the_failure_history() -> None:
    limiter = SpyLimiter()
    r = ScriptedReconciler()
    c, _ = new_controller(r, obj("a"), rate_limiter=limiter)
    async with running(c):
        await eventually(lambda: ("forget", Request("default", "a")) in limiter.log, timeout=5)
    assert limiter.log == [("forget", Request("default", "a"))]
    assert metric("controller_runtime_reconcile_total", controller=c.name, result="success") == 1


async def test_error_is_retried_with_growing_backoff_then_success_forgets() -> None:
    clock = FakeClock()
    limiter = SpyLimiter(base=1.0)
    r = ScriptedReconciler(a=[RuntimeError("registry down"), RuntimeError("still down"), Result()])
    c, _ = new_controller(r, obj("a"), clock=clock, rate_limiter=limiter)
    req = Request("default", "a")
    async with running(c):
        assert c.queue is not None
        await delayed(c, clock)
        assert r.count("a") == 1 and limiter.log == [("when", req)]
        clock.step(0.75)
        await delayed(c, clock)
        assert r.count("a") == 1  # first retry after exactly 1 s
        clock.step(0.25)
        await eventually(lambda: r.count("a") == 2, timeout=5)
        await delayed(c, clock)
        assert c.queue.num_requeues(req) == 2
        clock.step(1.5)
        await delayed(c, clock)
        assert r.count("a") == 2  # second retry after 2 s
        clock.step(0.5)
        await eventually(lambda: r.count("a") == 3 and ("forget", req) in limiter.log, timeout=5)
        assert c.queue.num_requeues(req) == 0
    assert limiter.log == [("when", req), ("when", req), ("forget", req)]
    assert metric("controller_runtime_reconcile_errors_total", controller=c.name) == 2
    assert metric("controller_runtime_reconcile_total", controller=c.name, result="error") == 2
    assert metric("controller_runtime_reconcile_total", controller=c.name, result="success") == 1


@pytest.mark.parametrize(
    "error",
    [TerminalError(ValueError("spec.interval is invalid")), TerminalError("bad spec")],
    ids=["wrapped", "message"],
)
async def test_terminal_error_is_counted_and_never_requeued(error: Exception) -> None:
    limiter = SpyLimiter()
    r = ScriptedReconciler(a=[error])
    c, _ = new_controller(r, obj("a"), rate_limiter=limiter)
    async with running(c):
        await eventually(
            lambda: metric("controller_runtime_terminal_reconcile_errors_total", controller=c.name) == 1
        )
        assert c.queue is not None
        await eventually(lambda: not c.queue.processing(), timeout=5)  # type: ignore[union-attr]
        assert len(c.queue) == 0 and c.queue.waiting() == 0
    assert limiter.log == []  # neither requeued nor forgotten
    assert r.count("a") == 1
    assert metric("controller_runtime_reconcile_errors_total", controller=c.name) == 1


async def test_error_raised_from_a_terminal_error_is_terminal() -> None:
    def fail() -> Result:
        try:
            raise TerminalError("unsupported")
        except TerminalError as err:
            raise RuntimeError("reconcile failed") from err

    limiter = SpyLimiter()
    c, _ = new_controller(ScriptedReconciler(a=[fail]), obj("a"), rate_limiter=limiter)
    async with running(c):
        await eventually(
            lambda: metric("controller_runtime_terminal_reconcile_errors_total", controller=c.name) == 1
        )
    assert limiter.log == []


async def test_requeue_after_forgets_then_requeues_after_exactly_that_long() -> None:
    clock = FakeClock()
    limiter = SpyLimiter(base=1.0)
    r = ScriptedReconciler(a=[RuntimeError("flaky"), Result(requeue_after=30.0), Result()])
    c, _ = new_controller(r, obj("a"), clock=clock, rate_limiter=limiter)
    req = Request("default", "a")
    async with running(c):
        assert c.queue is not None
        await delayed(c, clock)
        clock.step(1.0)
        await eventually(lambda: r.count("a") == 2, timeout=5)
        await delayed(c, clock)
        assert limiter.log == [("when", req), ("forget", req)]
        assert c.queue.num_requeues(req) == 0
        clock.step(29.5)
        await delayed(c, clock)
        assert r.count("a") == 2
        clock.step(0.5)
        await eventually(lambda: r.count("a") == 3, timeout=5)
    assert metric("controller_runtime_reconcile_total", controller=c.name, result="requeue_after") == 1


async def test_requeue_uses_the_rate_limiter() -> None:
    clock = FakeClock()
    limiter = SpyLimiter(base=2.0)
    r = ScriptedReconciler(a=[Result(requeue=True), Result()])
    c, _ = new_controller(r, obj("a"), clock=clock, rate_limiter=limiter)
    req = Request("default", "a")
    async with running(c):
        assert c.queue is not None
        await delayed(c, clock)
        assert limiter.log == [("when", req)] and c.queue.num_requeues(req) == 1
        clock.step(2.0)
        await eventually(lambda: r.count("a") == 2, timeout=5)
    assert metric("controller_runtime_reconcile_total", controller=c.name, result="requeue") == 1


@pytest.mark.parametrize(
    "outcome",
    [KeyError("status"), asyncio.CancelledError(), lambda: None, lambda: "done"],
    ids=["exception", "leaked-cancellation", "returned-None", "returned-str"],
)
async def test_exceptions_and_bad_results_take_the_error_path(outcome: Outcome) -> None:
    clock = FakeClock()
    limiter = SpyLimiter()
    c, _ = new_controller(ScriptedReconciler(a=[outcome]), obj("a"), clock=clock, rate_limiter=limiter)
    async with running(c):
        await delayed(c, clock)
    assert limiter.log == [("when", Request("default", "a"))]
    assert metric("controller_runtime_reconcile_errors_total", controller=c.name) == 1


async def test_without_recover_panic_an_exception_stops_the_controller() -> None:
    c, _ = new_controller(ScriptedReconciler(a=[KeyError("bug")]), obj("a"), recover_panic=False)
    task = asyncio.create_task(c.start())
    with pytest.raises(KeyError, match="bug"):
        await asyncio.wait_for(task, 10)


async def test_max_concurrent_reconciles_is_honoured() -> None:
    gate = asyncio.Event()
    in_flight = 0
    peak = 0
    done: list[str] = []

    async def reconcile(req: Request) -> Result:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await gate.wait()
        in_flight -= 1
        done.append(req.name)
        return Result()

    c, _ = new_controller(
        reconcile_func(reconcile), *[obj(f"o{i}") for i in range(10)], max_concurrent_reconciles=3
    )
    async with running(c):
        await eventually(lambda: in_flight == 3, timeout=5)
        assert metric("controller_runtime_active_workers", controller=c.name) == 3
        assert metric("controller_runtime_max_concurrent_reconciles", controller=c.name) == 3
        assert c.queue is not None and len(c.queue) == 7
        gate.set()
        await eventually(lambda: len(done) == 10, timeout=5)
        await eventually(
            lambda: metric("controller_runtime_active_workers", controller=c.name) == 0, timeout=5
        )
    assert peak == 3
    # Every reconcile was timed, and the queue (named after the controller) saw every add.
    assert metric("controller_runtime_reconcile_time_seconds_count", controller=c.name) == 10
    assert metric("controller_runtime_reconcile_total", controller=c.name, result="success") == 10
    queue = {"name": c.name, "controller": c.name}
    assert registry.get_sample_value("workqueue_adds_total", queue) == 10
    assert registry.get_sample_value("workqueue_work_duration_seconds_count", queue) == 10
    assert registry.get_sample_value("workqueue_depth", queue) == 0


async def test_one_key_is_never_reconciled_twice_at_once() -> None:
    gate = asyncio.Event()
    in_flight: dict[str, int] = {}
    overlap: list[str] = []
    calls: list[str] = []

    async def reconcile(req: Request) -> Result:
        calls.append(req.name)
        in_flight[req.name] = in_flight.get(req.name, 0) + 1
        if in_flight[req.name] > 1:
            overlap.append(req.name)
        if req.name == "a" and not gate.is_set():
            await gate.wait()
        in_flight[req.name] -= 1
        return Result()

    c, informer = new_controller(reconcile_func(reconcile), obj("a"), max_concurrent_reconciles=4)
    async with running(c):
        assert c.queue is not None
        queue = c.queue
        await eventually(lambda: calls == ["a"], timeout=5)
        for rv in range(2, 6):  # four changes while "a" is being reconciled
            informer.update(obj("a", rv=str(rv)))
        informer.add(obj("b"))
        await eventually(lambda: calls.count("b") == 1, timeout=5)
        # Three idle workers, yet "a" waits for the one that has it.
        assert queue.processing() == frozenset({Request("default", "a")}) and len(queue) == 0
        gate.set()
        await eventually(lambda: calls.count("a") == 2 and not queue.processing(), timeout=5)
        assert len(queue) == 0  # the four updates collapsed into one more pass
    assert overlap == []


async def test_starting_twice_is_an_error() -> None:
    c, _ = new_controller(ScriptedReconciler())
    async with running(c):
        await eventually(lambda: c.queue is not None, timeout=5)
        with pytest.raises(RuntimeError, match="started more than once"):
            await c.start()


async def test_a_source_that_never_syncs_fails_start_after_the_timeout() -> None:
    cache = FakeCache()  # the kind is never served (CRD not installed)
    c, _ = new_controller(ScriptedReconciler(), cache=cache, cache_sync_timeout=0.2)
    with pytest.raises(
        SourceStartError,
        match=r"failed to wait for .* caches to sync kind source: example.com/v1, "
        r"Kind=Thing: timed out waiting for cache to be synced",
    ):
        await asyncio.wait_for(c.start(), 10)
    assert cache.get_informer_calls == 1  # polling stopped with the failed start


async def test_a_cache_that_never_syncs_fails_start_after_the_timeout() -> None:
    cache = FakeCache((API, KIND), auto_sync=False)
    c, _ = new_controller(ScriptedReconciler(), cache=cache, cache_sync_timeout=0.2)
    with pytest.raises(SourceStartError, match="timed out waiting for cache to be synced"):
        await asyncio.wait_for(c.start(), 10)


async def test_another_kinds_unsynced_informer_does_not_block_start() -> None:
    cache = FakeCache((API, KIND))
    cache.informer(API, "NotInstalled")  # exists, will never list
    r = ScriptedReconciler()
    c, _ = new_controller(r, obj("a"), cache=cache, cache_sync_timeout=5)
    async with running(c):
        await eventually(lambda: r.calls == [Request("default", "a")], timeout=5)


async def test_kind_polls_until_the_crd_is_installed() -> None:
    clock = FakeClock()
    cache = FakeCache()
    r = ScriptedReconciler()
    c, _ = new_controller(r, obj("a"), cache=cache, clock=clock)
    async with running(c):
        await eventually(lambda: cache.get_informer_calls == 1 and clock.sleepers == 1, timeout=5)
        clock.step(5.0)
        await eventually(lambda: clock.sleepers == 1, timeout=5)
        assert cache.get_informer_calls == 1 and r.calls == []
        cache.served.add((API, KIND))
        clock.step(5.0)  # the 10 s poll comes round
        await eventually(lambda: r.calls == [Request("default", "a")], timeout=5)
        assert cache.get_informer_calls == 2


async def test_stop_lets_in_flight_reconciles_finish() -> None:
    gate = asyncio.Event()
    started: list[str] = []
    finished: list[str] = []

    async def reconcile(req: Request) -> Result:
        started.append(req.name)
        await gate.wait()
        finished.append(req.name)
        return Result()

    c, _ = new_controller(reconcile_func(reconcile), obj("a"), obj("b"))
    task = asyncio.create_task(c.start())
    await eventually(lambda: started == ["a"], timeout=5)
    task.cancel()
    for _ in range(10):
        await asyncio.sleep(0)
    assert not task.done()  # still waiting for "a"
    gate.set()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
    assert finished == ["a"]  # "b" was queued, not started: the next leader gets it


async def test_a_stopped_controller_unregisters_from_the_informer() -> None:
    c, informer = new_controller(ScriptedReconciler(), obj("a"))
    async with running(c):
        await eventually(lambda: len(informer.handlers) == 1, timeout=5)
    assert informer.handlers == []


async def test_each_reconcile_runs_with_its_own_logger_and_reconcile_id() -> None:
    seen: list[tuple[dict[str, Any], str | None]] = []

    async def reconcile(req: Request) -> Result:
        seen.append((logger_from().values, reconcile_id_from()))
        return Result()

    c, informer = new_controller(reconcile_func(reconcile), obj("a", "ns1"))
    async with running(c):
        await eventually(lambda: len(seen) == 1, timeout=5)
        informer.update(obj("a", "ns1", rv="2"))
        await eventually(lambda: len(seen) == 2, timeout=5)
    (first, first_id), (second, second_id) = seen
    assert list(first) == [
        "controller",
        "controllerGroup",
        "controllerKind",
        KIND,
        "namespace",
        "name",
        "reconcileID",
    ]
    assert first["controller"] == c.name
    assert first["controllerGroup"] == "example.com" and first["controllerKind"] == KIND
    assert first[KIND] == {"name": "a", "namespace": "ns1"}
    assert (first["namespace"], first["name"]) == ("ns1", "a")
    assert first["reconcileID"] == first_id and second["reconcileID"] == second_id
    assert first_id and second_id and first_id != second_id
    for rid in (first_id, second_id):  # a random UUID, as controller-runtime logs it
        parsed = uuid.UUID(rid)
        assert str(parsed) == rid and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert logger_from().values == {}  # nothing leaks out of the reconcile


async def test_counters_are_initialised_to_zero_at_start() -> None:
    c, _ = new_controller(ScriptedReconciler(), max_concurrent_reconciles=2)
    async with running(c):
        await eventually(
            lambda: (
                registry.get_sample_value(
                    "controller_runtime_max_concurrent_reconciles", {"controller": c.name}
                )
                == 2
            ),
            timeout=5,
        )
        for result in ("success", "error", "requeue", "requeue_after"):
            labels = {"controller": c.name, "result": result}
            assert registry.get_sample_value("controller_runtime_reconcile_total", labels) == 0
        for name in (
            "controller_runtime_reconcile_errors_total",
            "controller_runtime_terminal_reconcile_errors_total",
        ):
            assert registry.get_sample_value(name, {"controller": c.name}) == 0
        assert registry.get_sample_value("controller_runtime_active_workers", {"controller": c.name}) == 0


async def test_a_watch_added_after_start_delivers_events() -> None:
    r = ScriptedReconciler()
    c, _ = new_controller(r)
    events: asyncio.Queue[GenericEvent] = asyncio.Queue()

    async def stream() -> AsyncIterator[GenericEvent]:
        while True:
            yield await events.get()

    async with running(c):
        await eventually(lambda: c.queue is not None, timeout=5)
        c.watch(Channel(stream(), EnqueueRequestForObject()))
        await events.put(GenericEvent(obj("from-channel", "ns")))
        await eventually(lambda: r.calls == [Request("ns", "from-channel")], timeout=5)


def test_options_defaults_and_validation() -> None:
    c = Controller("x", ScriptedReconciler())
    assert (c.max_concurrent_reconciles, c.cache_sync_timeout, c.need_leader_election()) == (1, 120.0, True)
    assert not Controller(
        "y", ScriptedReconciler(), Options(need_leader_election=False)
    ).need_leader_election()
    with pytest.raises(ValueError, match="max_concurrent_reconciles"):
        Controller("z", ScriptedReconciler(), Options(max_concurrent_reconciles=-1))
    with pytest.raises(ValueError, match="name"):
        Controller("", ScriptedReconciler())
    with pytest.raises(TypeError, match="reconcile"):
        Controller("w", object())  # type: ignore[arg-type]


async def test_stop_cancels_reconciles_still_running_after_the_drain_timeout() -> None:
    """A wedged reconcile (an API call that never returns, say) does not hold shutdown: past
    the drain timeout it is cancelled, as Go cancels a reconciler's context."""
    started: list[str] = []
    cancelled: list[str] = []

    async def reconcile(req: Request) -> Result:
        started.append(req.name)
        try:
            await asyncio.Event().wait()  # never set
        except asyncio.CancelledError:
            cancelled.append(req.name)
            raise
        return Result()

    c, _ = new_controller(reconcile_func(reconcile), obj("a"), drain_timeout=0.2)
    task = asyncio.create_task(c.start())
    await eventually(lambda: started == ["a"], timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
    assert cancelled == ["a"]
    assert c.longest_reconcile() == (0.0, None)
