"""A Kind source is synced the moment its informer's first list lands, not a poll later."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from controller_runtime import source
from controller_runtime.cache.informer import SharedIndexInformer
from controller_runtime.handler import EnqueueRequestForObject
from controller_runtime.reconcile import Request
from controller_runtime.source import Kind
from controller_runtime.workqueue import RateLimitingQueue
from tests.support.wait import eventually


class _NoServer:
    """The informer is fed by hand here; its reflector never runs."""

    async def list(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError("the informer must not list in this test")


class _OneInformerCache:
    def __init__(self, informer: SharedIndexInformer) -> None:
        self.informer = informer

    async def get_informer(self, api_version: str, kind: str) -> SharedIndexInformer:
        return self.informer

    async def wait_for_cache_sync(self) -> bool:
        await self.informer.wait_for_sync()
        return True


async def test_kind_source_syncs_when_the_informer_lists_without_polling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A poll interval nobody would wait for: only an event-driven wait can pass this test.
    monkeypatch.setattr(source, "_HANDLER_SYNC_POLL", 3600.0)
    informer = SharedIndexInformer(_NoServer(), "example.com/v1", "Thing")
    kind = Kind(_OneInformerCache(informer), "example.com/v1", "Thing", EnqueueRequestForObject())
    queue: RateLimitingQueue[Request] = RateLimitingQueue()
    await kind.start(queue)
    try:
        waiter = asyncio.create_task(kind.wait_for_sync())
        # The list must land after the source registered its handler (an initial add then).
        await eventually(lambda: kind.registration is not None, timeout=5)
        assert not waiter.done()
        informer.replace(
            [{"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "a", "namespace": "ns"}}],
            "7",
        )
        async with asyncio.timeout(5):
            await waiter
        assert len(queue) == 1
        assert await queue.get() == Request("ns", "a")
    finally:
        await kind.stop()
