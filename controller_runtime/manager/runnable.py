"""Runnables and the groups the manager starts and stops them in.

A runnable is anything with ``async def start(self) -> None`` that runs until its task
is cancelled. Each group owns its tasks, so the manager can stop groups one by one in
reverse start order (controllers before the caches they read from).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger("controller_runtime.manager")


@runtime_checkable
class Runnable(Protocol):
    async def start(self) -> None: ...


@runtime_checkable
class LeaderElectionRunnable(Protocol):
    def need_leader_election(self) -> bool: ...


@runtime_checkable
class HasCache(Protocol):
    """A runnable that is a cache: started before everyone else, and waited on until synced."""

    async def wait_for_cache_sync(self) -> bool: ...


class RunnableFunc:
    """Adapts a coroutine function to a Runnable (upstream ``RunnableFunc``)."""

    __slots__ = ("_fn", "_leader")

    def __init__(self, fn: Callable[[], Awaitable[None]], *, need_leader_election: bool = True) -> None:
        self._fn = fn
        self._leader = need_leader_election

    async def start(self) -> None:
        await self._fn()

    def need_leader_election(self) -> bool:
        return self._leader


ErrorSink = Callable[[BaseException], None]


class RunnableGroup:
    """Runnables started together and stopped together, each in its own task."""

    def __init__(self, name: str, on_error: ErrorSink) -> None:
        self.name = name
        self._on_error = on_error
        self._runnables: list[Any] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._started = False
        self._stopping = False

    @property
    def started(self) -> bool:
        return self._started

    def add(self, runnable: Any) -> None:
        if self._stopping:
            raise RuntimeError("can't accept new runnables as stop procedure is already engaged")
        self._runnables.append(runnable)
        if self._started:
            self._spawn(runnable)

    def __len__(self) -> int:
        return len(self._runnables)

    def runnables(self) -> list[Any]:
        return list(self._runnables)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        for r in self._runnables:
            self._spawn(r)

    def _spawn(self, runnable: Any) -> None:
        task = asyncio.create_task(self._run(runnable), name=f"{self.name}: {type(runnable).__name__}")
        self._tasks.append(task)

    async def _run(self, runnable: Any) -> None:
        try:
            await runnable.start()
        except asyncio.CancelledError:
            raise
        except Exception as e:
            log.error("runnable %s in group %s failed: %s", type(runnable).__name__, self.name, e)
            self._on_error(e)
            return
        if not self._stopping:
            log.debug("runnable %s in group %s returned", type(runnable).__name__, self.name)

    async def stop_and_wait(self) -> None:
        """Cancel every task of the group and wait for all of them to finish."""
        self._stopping = True
        for t in self._tasks:
            t.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
