"""Delaying and rate-limited queues on a fake clock: items appear exactly when due."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controller_runtime.clock import FakeClock
from controller_runtime.metrics import registry
from controller_runtime.workqueue import (
    DelayingQueue,
    ItemExponentialFailureRateLimiter,
    QueueShutDown,
    RateLimitingQueue,
)
from tests.support.wait import eventually


async def settle(clock: FakeClock, q: DelayingQueue[str]) -> None:
    """Wait until the queue's delay loop is asleep on the clock (or has nothing waiting)."""
    await eventually(lambda: clock.sleepers > 0 or q.waiting() == 0, timeout=5)


async def step(clock: FakeClock, q: DelayingQueue[str], seconds: float) -> None:
    await settle(clock, q)
    clock.step(seconds)
    # Let the loop move what became due (it runs on the next loop iterations).
    await eventually(lambda: clock.sleepers > 0 or q.waiting() == 0, timeout=5)


async def test_add_after_adds_once_the_delay_has_passed() -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    q.add_after("a", 1.0)
    assert len(q) == 0 and q.waiting() == 1
    await step(clock, q, 0.5)
    assert len(q) == 0
    await step(clock, q, 0.5)
    await eventually(lambda: len(q) == 1, timeout=5)
    assert await q.get() == "a"
    assert q.waiting() == 0


@pytest.mark.parametrize("delay", [0.0, -3.0])
async def test_non_positive_delay_adds_immediately(delay: float) -> None:
    q: DelayingQueue[str] = DelayingQueue(clock=FakeClock())
    q.add_after("a", delay)
    assert len(q) == 1 and q.waiting() == 0


async def test_due_items_come_out_in_ready_order() -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    q.add_after("a", 3)
    q.add_after("b", 1)
    q.add_after("c", 2)
    await step(clock, q, 3)
    await eventually(lambda: len(q) == 3, timeout=5)
    assert [await q.get() for _ in range(3)] == ["b", "c", "a"]


async def test_readding_a_waiting_item_keeps_the_earlier_time() -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    q.add_after("sooner-later", 5)
    q.add_after("sooner-later", 1)  # moves it earlier
    q.add_after("later-ignored", 1)
    q.add_after("later-ignored", 5)  # does not push it back
    assert q.waiting() == 2
    await step(clock, q, 1)
    await eventually(lambda: len(q) == 2, timeout=5)
    got = {await q.get(), await q.get()}
    assert got == {"sooner-later", "later-ignored"}
    for item in got:
        q.done(item)
    # Nothing left behind to fire again at t=5.
    assert q.waiting() == 0
    await step(clock, q, 10)
    assert len(q) == 0


async def test_due_item_dedupes_against_a_queued_one() -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    q.add("a")
    q.add_after("a", 1)
    await step(clock, q, 1)
    await eventually(lambda: q.waiting() == 0, timeout=5)
    assert len(q) == 1


async def test_shutdown_drops_waiting_items() -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    q.add_after("a", 1)
    await settle(clock, q)
    q.shut_down()
    assert q.waiting() == 0
    clock.step(2)
    q.add_after("b", 0)  # ignored once shutting down
    with pytest.raises(QueueShutDown):
        await asyncio.wait_for(q.get(), 5)
    await eventually(lambda: clock.sleepers == 0, timeout=5)


async def test_an_earlier_item_added_while_the_loop_sleeps_is_not_held_back() -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    q.add_after("late", 100)
    await settle(clock, q)
    q.add_after("early", 1)
    await step(clock, q, 1)
    await eventually(lambda: len(q) == 1, timeout=5)
    assert await q.get() == "early"
    assert q.waiting() == 1


async def test_rate_limited_add_waits_for_the_backoff_and_forget_resets_it() -> None:
    clock = FakeClock()
    q: RateLimitingQueue[str] = RateLimitingQueue(ItemExponentialFailureRateLimiter(1.0, 60.0), clock=clock)
    q.add_rate_limited("a")  # 1 s
    assert q.num_requeues("a") == 1
    await step(clock, q, 0.9)
    assert len(q) == 0
    await step(clock, q, 0.1)
    await eventually(lambda: len(q) == 1, timeout=5)
    q.done(await q.get())
    q.add_rate_limited("a")  # 2 s now
    assert q.num_requeues("a") == 2
    await step(clock, q, 1.5)
    assert len(q) == 0
    await step(clock, q, 0.5)
    await eventually(lambda: len(q) == 1, timeout=5)
    q.forget("a")
    assert q.num_requeues("a") == 0
    # forget does not take it off the queue
    assert len(q) == 1


async def test_retries_metric_counts_delayed_adds() -> None:
    name = "wq-retries-test"
    q: RateLimitingQueue[str] = RateLimitingQueue(name=name, clock=FakeClock())
    q.add_rate_limited("a")
    q.add_after("b", 5)
    assert registry.get_sample_value("workqueue_retries_total", {"name": name, "controller": name}) == 2
    q.shut_down()


async def spin_until(condition: Callable[[], bool], spins: int = 1000) -> None:
    """Wait for a condition that needs only other tasks to run (no time passes on the fake clock)."""
    for _ in range(spins):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition not met after letting every task run")


async def _check_delays(adds: list[tuple[str, int]]) -> None:
    clock = FakeClock()
    q: DelayingQueue[str] = DelayingQueue(clock=clock)
    for item, delay in adds:
        q.add_after(item, delay)
    due: dict[str, int] = {}
    for item, delay in adds:
        at = max(delay, 0)
        due[item] = min(due.get(item, at), at)
    now = 0
    # Step through every requested time: later duplicates fire too, and must dedupe.
    for t in sorted({0, *(max(delay, 0) for _, delay in adds)}):
        await spin_until(lambda: clock.sleepers > 0 or q.waiting() == 0)
        clock.step(t - now)
        now = t
        await spin_until(lambda: clock.sleepers > 0 or q.waiting() == 0)
        expected = sorted(item for item, at in due.items() if at <= now)
        assert sorted(q._queue) == expected  # each item once, exactly when first due
    assert q.waiting() == 0


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(min_value=-2, max_value=20)), max_size=25))
def test_each_item_becomes_ready_at_its_earliest_requested_time(adds: list[tuple[str, int]]) -> None:
    asyncio.run(_check_delays(adds))
