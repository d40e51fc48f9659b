"""The QPS/burst token bucket: burst first, then one token per 1/qps seconds, in order."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from controller_runtime.client.throttle import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_is_free_then_waits_queue_up() -> None:
    clock = FakeClock()
    bucket = TokenBucket(qps=10, burst=3, clock=clock)
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    # Past the burst each caller waits one more 1/qps than the previous one.
    assert bucket.reserve() == pytest.approx(0.1)
    assert bucket.reserve() == pytest.approx(0.2)


def test_tokens_refill_with_time_but_never_beyond_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(qps=2, burst=2, clock=clock)
    bucket.reserve()
    bucket.reserve()
    clock.now += 0.5  # one token back
    assert bucket.reserve() == 0.0
    assert bucket.reserve() == pytest.approx(0.5)
    clock.now += 100  # long idle: refills to burst only
    assert [bucket.reserve() for _ in range(2)] == [0.0, 0.0]
    assert bucket.reserve() == pytest.approx(0.5)


def test_zero_qps_disables_limiting() -> None:
    bucket = TokenBucket(qps=0, burst=0)
    assert not bucket.enabled
    assert all(bucket.reserve() == 0.0 for _ in range(1000))


def test_invalid_burst_is_rejected() -> None:
    with pytest.raises(ValueError, match="burst"):
        TokenBucket(qps=5, burst=0)


async def test_acquire_sleeps_without_blocking_the_loop() -> None:
    bucket = TokenBucket(qps=20, burst=1)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    start = time.monotonic()
    waits = [await bucket.acquire() for _ in range(3)]
    elapsed = time.monotonic() - start
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert waits[0] == 0.0
    assert elapsed >= 0.09  # two tokens at 20 qps
    assert ticks > 3  # the loop kept running while we waited
