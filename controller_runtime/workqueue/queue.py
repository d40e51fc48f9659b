"""A fair, stingy work queue: client-go's `workqueue.Typed[T]` on asyncio.

Three structures hold the state (client-go's rules, runtime-anchors §1.4):
- the FIFO `_queue`: order of hand-out; every element is dirty and not processing;
- `_dirty`: items that need processing (an add while dirty is a no-op: *dedupe*);
- `_processing`: items handed out by `get()` and not yet `done()`.

An item being processed is never handed out again until `done()`; an `add()` meanwhile
marks it dirty, and `done()` queues it for exactly one more pass. Everything runs on one
event loop, so the structures need no lock: only `get()` and the drain wait suspend.
For the same reason a queue is not thread-safe: call it from its event loop only (from a
thread, go through `loop.call_soon_threadsafe`).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

from controller_runtime.clock import REAL_CLOCK, Clock

T = TypeVar("T", bound=Hashable)


class QueueShutDown(Exception):
    """Raised by `get()` once the queue is shutting down and has nothing left to hand out."""


class QueueMetrics(Protocol):
    """What a queue reports; `controller_runtime.metrics.WorkqueueMetrics` implements it."""

    def add(self, item: Hashable) -> None: ...
    def get(self, item: Hashable) -> None: ...
    def done(self, item: Hashable) -> None: ...
    def retry(self) -> None: ...


class _NoMetrics:
    """Unnamed queues report nothing, as in client-go."""

    def add(self, item: Hashable) -> None:
        pass

    def get(self, item: Hashable) -> None:
        pass

    def done(self, item: Hashable) -> None:
        pass

    def retry(self) -> None:
        pass


def _metrics_for(name: str | None, clock: Clock) -> QueueMetrics:
    if not name:
        return _NoMetrics()
    from controller_runtime.metrics import WorkqueueMetrics

    return WorkqueueMetrics(name, clock)


class Queue(Generic[T]):
    """FIFO with dedupe and per-item mutual exclusion; many producers and consumers.

    `name` labels the workqueue_* metrics (no name, no metrics).
    """

    def __init__(
        self, name: str | None = None, *, clock: Clock = REAL_CLOCK, metrics: QueueMetrics | None = None
    ) -> None:
        self.name = name
        self._clock = clock
        self._metrics: QueueMetrics = metrics if metrics is not None else _metrics_for(name, clock)
        self._queue: deque[T] = deque()
        self._dirty: set[T] = set()
        self._processing: set[T] = set()
        self._shutting_down = False
        self._drain = False
        self._getters: deque[asyncio.Future[None]] = deque()
        self._drain_waiters: list[asyncio.Future[None]] = []

    # --- producers --------------------------------------------------------------------

    def add(self, item: T) -> None:
        """Mark `item` as needing processing; a no-op if it already does or we are shutting down."""
        if self._shutting_down or item in self._dirty:
            return
        self._metrics.add(item)
        self._dirty.add(item)
        if item in self._processing:
            # Queued again by done(): never hand one item to two workers.
            return
        self._queue.append(item)
        self._signal()

    # --- consumers --------------------------------------------------------------------

    async def get(self) -> T:
        """Wait for the next item and mark it processing; the caller MUST call `done(item)`.

        Queued items are still handed out after `shut_down()`; only an empty, shut-down
        queue raises `QueueShutDown`.
        """
        while not self._queue and not self._shutting_down:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._getters.append(fut)
            try:
                await fut
            except asyncio.CancelledError:
                if fut.done() and not fut.cancelled():
                    # We were woken for an item but will not take it: wake someone else.
                    self._signal()
                else:
                    try:
                        self._getters.remove(fut)
                    except ValueError:
                        pass
                raise
        if not self._queue:
            raise QueueShutDown()
        item = self._queue.popleft()
        self._metrics.get(item)
        self._processing.add(item)
        self._dirty.discard(item)
        return item

    def done(self, item: T) -> None:
        """Finish processing `item`; if it was added meanwhile, queue it for one more pass."""
        self._metrics.done(item)
        self._processing.discard(item)
        if item in self._dirty:
            self._queue.append(item)
            self._signal()
        elif not self._processing:
            self._wake_drain_waiters()

    # --- lifecycle --------------------------------------------------------------------

    def shut_down(self) -> None:
        """Stop accepting items; getters drain what is queued, then get `QueueShutDown`.

        Also cancels a pending `shut_down_with_drain()` wait.
        """
        self._drain = False
        self._shutdown()
        self._wake_drain_waiters()

    async def shut_down_with_drain(self) -> None:
        """Like `shut_down()`, then wait until no item is being processed.

        The caller must make sure every handed-out item gets `done()`, or this waits forever
        (unless `shut_down()` is called meanwhile).
        """
        self._drain = True
        self._shutdown()
        while self._processing and self._drain:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._drain_waiters.append(fut)
            try:
                await fut
            finally:
                if fut in self._drain_waiters:
                    self._drain_waiters.remove(fut)

    def shutting_down(self) -> bool:
        return self._shutting_down

    def __len__(self) -> int:
        """Items waiting in the FIFO (informational: processing items are not counted)."""
        return len(self._queue)

    def processing(self) -> frozenset[T]:
        """Items handed out and not yet done (a snapshot, for diagnostics and tests)."""
        return frozenset(self._processing)

    # --- internals --------------------------------------------------------------------

    def _shutdown(self) -> None:
        self._shutting_down = True
        while self._getters:
            fut = self._getters.popleft()
            if not fut.done():
                fut.set_result(None)

    def _signal(self) -> None:
        while self._getters:
            fut = self._getters.popleft()
            if not fut.done():
                fut.set_result(None)
                return

    def _wake_drain_waiters(self) -> None:
        for fut in self._drain_waiters:
            if not fut.done():
                fut.set_result(None)
        self._drain_waiters.clear()
