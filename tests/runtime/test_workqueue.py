"""Queue rules (client-go util/workqueue): dedupe, no concurrent processing, re-add while
processing, drain on shutdown, metrics; plus a property test with many producers and workers."""

from __future__ import annotations

import asyncio
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controller_runtime.clock import FakeClock
from controller_runtime.metrics import registry
from controller_runtime.workqueue import Queue, QueueShutDown
from tests.support.wait import eventually


async def yield_loop(times: int = 5) -> None:
    """Let every runnable task take a step (no time passes)."""
    for _ in range(times):
        await asyncio.sleep(0)


async def test_fifo_order_and_dedupe() -> None:
    q: Queue[str] = Queue()
    for item in ["a", "b", "a", "c", "b"]:
        q.add(item)
    assert len(q) == 3
    assert [await q.get() for _ in range(3)] == ["a", "b", "c"]


async def test_item_added_while_processing_is_handed_out_once_more_after_done() -> None:
    q: Queue[str] = Queue()
    q.add("a")
    item = await q.get()
    q.add("a")
    q.add("a")
    # Not handed to a second worker while the first still has it.
    assert len(q) == 0
    second = asyncio.create_task(q.get())
    await yield_loop()
    assert not second.done()
    q.done(item)
    assert await asyncio.wait_for(second, 5) == "a"
    q.done("a")
    assert len(q) == 0
    assert q.processing() == frozenset()


async def test_done_without_readd_does_not_requeue() -> None:
    q: Queue[str] = Queue()
    q.add("a")
    q.done(await q.get())
    assert len(q) == 0


async def test_get_blocks_until_an_item_arrives() -> None:
    q: Queue[int] = Queue()
    getter = asyncio.create_task(q.get())
    await yield_loop()
    assert not getter.done()
    q.add(7)
    assert await asyncio.wait_for(getter, 5) == 7


async def test_shutdown_still_hands_out_queued_items_then_reports_shutdown() -> None:
    q: Queue[str] = Queue()
    q.add("a")
    q.add("b")
    q.shut_down()
    q.add("c")  # ignored once shutting down
    assert q.shutting_down()
    assert await q.get() == "a"
    assert await q.get() == "b"
    with pytest.raises(QueueShutDown):
        await q.get()


async def test_shutdown_wakes_blocked_getters() -> None:
    q: Queue[str] = Queue()
    getters = [asyncio.create_task(q.get()) for _ in range(3)]
    await yield_loop()
    q.shut_down()
    results = await asyncio.wait_for(asyncio.gather(*getters, return_exceptions=True), 5)
    assert all(isinstance(r, QueueShutDown) for r in results)


async def test_shutdown_with_drain_waits_for_processing_items() -> None:
    q: Queue[str] = Queue()
    q.add("a")
    q.add("b")
    a = await q.get()
    drain = asyncio.create_task(q.shut_down_with_drain())
    await yield_loop()
    assert not drain.done()
    b = await q.get()  # queued items still come out
    q.done(a)
    await yield_loop()
    assert not drain.done()
    q.done(b)
    await asyncio.wait_for(drain, 5)


async def test_shutdown_cancels_a_drain_wait() -> None:
    q: Queue[str] = Queue()
    q.add("a")
    await q.get()
    drain = asyncio.create_task(q.shut_down_with_drain())
    await yield_loop()
    assert not drain.done()
    q.shut_down()
    await asyncio.wait_for(drain, 5)


async def test_a_cancelled_getter_passes_its_wakeup_on() -> None:
    q: Queue[str] = Queue()
    first = asyncio.create_task(q.get())
    second = asyncio.create_task(q.get())
    await yield_loop()
    q.add("x")  # wakes `first` ...
    first.cancel()  # ... which never gets to take it
    assert await asyncio.wait_for(second, 5) == "x"
    assert first.cancelled()


async def test_named_queue_reports_metrics() -> None:
    name = "wq-metrics-test"
    labels = {"name": name, "controller": name}
    clock = FakeClock()
    q: Queue[str] = Queue(name, clock=clock)
    q.add("a")
    q.add("a")
    q.add("b")
    assert registry.get_sample_value("workqueue_adds_total", labels) == 2
    assert registry.get_sample_value("workqueue_depth", labels) == 2
    clock.step(0.5)
    a = await q.get()
    assert registry.get_sample_value("workqueue_depth", labels) == 1
    assert registry.get_sample_value("workqueue_queue_duration_seconds_sum", labels) == 0.5
    clock.step(2.0)
    b = await q.get()
    clock.step(1.0)
    # In progress: "a" for 3 s, "b" for 1 s.
    assert registry.get_sample_value("workqueue_longest_running_processor_seconds", labels) == 3.0
    assert registry.get_sample_value("workqueue_unfinished_work_seconds", labels) == 4.0
    q.done(a)
    q.done(b)
    assert registry.get_sample_value("workqueue_work_duration_seconds_count", labels) == 2
    assert registry.get_sample_value("workqueue_work_duration_seconds_sum", labels) == 4.0
    assert registry.get_sample_value("workqueue_unfinished_work_seconds", labels) == 0


# --- property: many producers and workers ------------------------------------------------


async def _run_scenario(producers: list[list[str]], workers: int, seed: int) -> None:
    rng = random.Random(seed)
    q: Queue[str] = Queue()
    clock = 0  # logical time: one tick per event
    adds: dict[str, list[int]] = {}
    starts: dict[str, list[int]] = {}
    in_flight: set[str] = set()
    violations: list[str] = []

    def tick() -> int:
        nonlocal clock
        clock += 1
        return clock

    async def produce(keys: list[str]) -> None:
        for key in keys:
            adds.setdefault(key, []).append(tick())
            q.add(key)
            for _ in range(rng.randint(0, 2)):
                await asyncio.sleep(0)

    async def work() -> None:
        while True:
            try:
                key = await q.get()
            except QueueShutDown:
                return
            if key in in_flight:
                violations.append(f"{key} handed to two workers")
            in_flight.add(key)
            starts.setdefault(key, []).append(tick())
            for _ in range(rng.randint(0, 3)):
                await asyncio.sleep(0)
            in_flight.discard(key)
            q.done(key)

    worker_tasks = [asyncio.create_task(work()) for _ in range(workers)]
    await asyncio.gather(*(produce(p) for p in producers))
    await eventually(lambda: len(q) == 0 and not q.processing(), timeout=10)
    q.shut_down()
    await asyncio.wait_for(asyncio.gather(*worker_tasks), 10)

    assert violations == []
    for key, add_times in adds.items():
        key_starts = starts.get(key, [])
        # Every add is followed by a processing start (nothing is lost) ...
        assert key_starts and key_starts[-1] > add_times[-1], key
        # ... and adds collapse: never more passes than adds.
        assert len(key_starts) <= len(add_times), key


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    producers=st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=30), min_size=1, max_size=5),
    workers=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_queue_invariants_under_concurrency(producers: list[list[str]], workers: int, seed: int) -> None:
    asyncio.run(_run_scenario(producers, workers, seed))


async def test_many_adds_before_processing_collapse_into_one_pass() -> None:
    q: Queue[str] = Queue()
    for _ in range(100):
        q.add("k")
    assert await q.get() == "k"
    q.done("k")
    assert len(q) == 0
