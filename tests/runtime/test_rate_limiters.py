"""Backoff arithmetic, checked against client-go's and Flux's documented sequences."""

from __future__ import annotations

import pytest

from controller_runtime.clock import FakeClock
from controller_runtime.workqueue import (
    BucketRateLimiter,
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    MaxOfRateLimiter,
    WithMaxWaitRateLimiter,
    default_controller_rate_limiter,
    flux_rate_limiter,
)

# client-go's per-item default for controllers: 5 ms doubling to 1000 s.
CLIENT_GO_SEQUENCE = [
    0.005,
    0.01,
    0.02,
    0.04,
    0.08,
    0.16,
    0.32,
    0.64,
    1.28,
    2.56,
    5.12,
    10.24,
    20.48,
    40.96,
    81.92,
    163.84,
    327.68,
    655.36,
    1000.0,
    1000.0,
    1000.0,
]
# Flux's --min-retry-delay=750ms / --max-retry-delay=15m: capped from the 12th failure.
FLUX_SEQUENCE = [0.75, 1.5, 3.0, 6.0, 12.0, 24.0, 48.0, 96.0, 192.0, 384.0, 768.0, 900.0, 900.0]


def test_item_exponential_client_go_sequence() -> None:
    limiter = ItemExponentialFailureRateLimiter(0.005, 1000.0)
    got = [limiter.when("item") for _ in CLIENT_GO_SEQUENCE]
    assert got == pytest.approx(CLIENT_GO_SEQUENCE)
    assert limiter.num_requeues("item") == len(CLIENT_GO_SEQUENCE)


def test_flux_rate_limiter_sequence() -> None:
    limiter = flux_rate_limiter()
    assert [limiter.when("x") for _ in FLUX_SEQUENCE] == pytest.approx(FLUX_SEQUENCE)
    custom = flux_rate_limiter(min_delay=2.0, max_delay=10.0)
    assert [custom.when("x") for _ in range(4)] == [2.0, 4.0, 8.0, 10.0]


def test_item_exponential_is_per_item_and_forget_starts_over() -> None:
    limiter = ItemExponentialFailureRateLimiter(1.0, 100.0)
    assert [limiter.when("a") for _ in range(3)] == [1.0, 2.0, 4.0]
    assert limiter.when("b") == 1.0
    limiter.forget("a")
    assert limiter.num_requeues("a") == 0
    assert limiter.when("a") == 1.0
    assert limiter.num_requeues("b") == 1


def test_item_exponential_survives_absurd_failure_counts() -> None:
    limiter = ItemExponentialFailureRateLimiter(0.005, 1000.0)
    for _ in range(2000):
        delay = limiter.when("x")
    assert delay == 1000.0


def test_bucket_starts_full_then_charges_deficit_over_qps() -> None:
    clock = FakeClock()
    bucket = BucketRateLimiter(10.0, 100, clock)
    assert [bucket.when(i) for i in range(100)] == [0.0] * 100
    assert bucket.when("101st") == pytest.approx(0.1)
    assert bucket.when("102nd") == pytest.approx(0.2)
    assert bucket.when("103rd") == pytest.approx(0.3)
    # 0.1 s refills one token: the balance goes from -3 to -2, and this call takes it to -3.
    clock.step(0.1)
    assert bucket.when("next") == pytest.approx(0.3)
    # One second refills ten: 7 tokens left after this call.
    clock.step(1.0)
    assert bucket.when("later") == 0.0
    assert bucket.num_requeues("later") == 0


def test_bucket_refill_is_capped_at_burst() -> None:
    clock = FakeClock()
    bucket = BucketRateLimiter(10.0, 100, clock)
    clock.step(3600)
    assert [bucket.when(i) for i in range(100)] == [0.0] * 100
    assert bucket.when("over") == pytest.approx(0.1)


def test_max_of_asks_every_limiter_and_takes_the_longest() -> None:
    clock = FakeClock()
    limiter = default_controller_rate_limiter(clock)
    # The per-item backoff dominates while the global bucket has tokens ...
    assert [limiter.when(f"item-{i}") for i in range(100)] == [0.005] * 100
    # ... then the bucket's deficit does (it was charged on every call above).
    assert limiter.when("item-100") == pytest.approx(0.1)
    assert limiter.when("item-0") == pytest.approx(0.2)
    assert limiter.num_requeues("item-0") == 2
    limiter.forget("item-0")
    assert limiter.num_requeues("item-0") == 0


def test_max_of_forget_reaches_every_limiter() -> None:
    a = ItemExponentialFailureRateLimiter(1.0, 100.0)
    b = ItemFastSlowRateLimiter(0.5, 50.0, 1)
    limiter = MaxOfRateLimiter[str](a, b)
    assert limiter.when("x") == 1.0
    assert limiter.when("x") == 50.0
    limiter.forget("x")
    assert a.num_requeues("x") == 0 and b.num_requeues("x") == 0
    with pytest.raises(ValueError):
        MaxOfRateLimiter[str]()


def test_fast_slow() -> None:
    limiter = ItemFastSlowRateLimiter(0.01, 10.0, 3)
    assert [limiter.when("x") for _ in range(5)] == [0.01, 0.01, 0.01, 10.0, 10.0]
    assert limiter.num_requeues("x") == 5
    limiter.forget("x")
    assert limiter.when("x") == 0.01


def test_with_max_wait_caps_the_delay() -> None:
    limiter = WithMaxWaitRateLimiter[str](ItemExponentialFailureRateLimiter(1.0, 1000.0), 5.0)
    assert [limiter.when("x") for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert limiter.num_requeues("x") == 5
    limiter.forget("x")
    assert limiter.num_requeues("x") == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda: ItemExponentialFailureRateLimiter(-1.0, 10.0),
        lambda: BucketRateLimiter(0.0, 10),
        lambda: BucketRateLimiter(10.0, 0),
    ],
)
def test_invalid_limiter_settings_are_rejected(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]
