"""A queue that can add items later: client-go's delaying queue on an injectable clock.

Pending items wait in a min-heap ordered by ready time, with a map item -> ready time so
that adding an item that already waits keeps the *earlier* time. A single background task
moves due items into the queue with `add()` (which dedupes against dirty items); it runs
only while something waits, so an idle queue owns no task. Shutting down drops whatever
is still waiting.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

from controller_runtime.clock import REAL_CLOCK, Clock
from controller_runtime.workqueue.queue import Queue, QueueMetrics, T


class DelayingQueue(Queue[T]):
    """`Queue` plus `add_after(item, delay)`."""

    def __init__(
        self, name: str | None = None, *, clock: Clock = REAL_CLOCK, metrics: QueueMetrics | None = None
    ) -> None:
        super().__init__(name, clock=clock, metrics=metrics)
        self._waiting: list[tuple[float, int, T]] = []
        self._ready_at: dict[T, float] = {}
        self._seq = itertools.count()
        self._wake: asyncio.Future[None] | None = None
        self._loop_task: asyncio.Task[None] | None = None

    def add_after(self, item: T, delay: float) -> None:
        """Add `item` once `delay` seconds have passed; `delay <= 0` adds it now.

        If `item` is already waiting, the earlier of the two ready times wins.
        """
        if self._shutting_down:
            return
        self._metrics.retry()
        if delay <= 0:
            self.add(item)
            return
        ready_at = self._clock.monotonic() + delay
        current = self._ready_at.get(item)
        if current is not None and current <= ready_at:
            return
        self._ready_at[item] = ready_at
        # A superseded heap entry stays behind; the loop skips it (its time no longer matches).
        heapq.heappush(self._waiting, (ready_at, next(self._seq), item))
        self._ensure_loop()

    def waiting(self) -> int:
        """How many items wait for their ready time (for diagnostics and tests)."""
        return len(self._ready_at)

    def shut_down(self) -> None:
        super().shut_down()
        self._drop_waiting()

    async def shut_down_with_drain(self) -> None:
        self._drop_waiting()
        await super().shut_down_with_drain()

    # --- internals --------------------------------------------------------------------

    def _drop_waiting(self) -> None:
        self._waiting.clear()
        self._ready_at.clear()
        self._poke()

    def _poke(self) -> None:
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    def _ensure_loop(self) -> None:
        if self._loop_task is None or self._loop_task.done():
            self._loop_task = asyncio.get_running_loop().create_task(
                self._waiting_loop(), name=f"workqueue-delay-{self.name or 'unnamed'}"
            )
        else:
            # The loop may be sleeping until a later deadline than the one just added.
            self._poke()

    async def _waiting_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._shutting_down:
            now = self._clock.monotonic()
            while self._waiting and self._waiting[0][0] <= now:
                ready_at, _, item = heapq.heappop(self._waiting)
                if self._ready_at.get(item) != ready_at:
                    continue
                del self._ready_at[item]
                self.add(item)
            if not self._waiting:
                return
            self._wake = loop.create_future()
            sleeper = loop.create_task(self._clock.sleep(self._waiting[0][0] - now))
            try:
                await asyncio.wait({sleeper, self._wake}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                sleeper.cancel()
                self._wake = None
