"""Waiting on conditions with a deadline: the only synchronisation tests may use."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    check: Callable[[], Awaitable[T] | T],
    *,
    timeout: float = 20.0,  # noqa: ASYNC109 -- the deadline is this helper's whole point
    interval: float = 0.05,
    message: str = "condition not met",
) -> T:
    """Call `check` until it returns a truthy value (returned) or the deadline passes.

    An AssertionError raised by `check` counts as "not yet"; the last one is re-raised
    at the deadline, so a failing test shows what it was waiting for.
    """
    deadline = time.monotonic() + timeout
    last_error: AssertionError | None = None
    while True:
        try:
            result = check()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            last_error = None
        except AssertionError as e:
            last_error = e
        if time.monotonic() >= deadline:
            if last_error is not None:
                raise last_error
            raise AssertionError(f"{message} within {timeout}s")
        await asyncio.sleep(interval)
