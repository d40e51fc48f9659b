"""Reflector: keeps a store in step with the API server by LIST then WATCH.

The rules are client-go's (runtime-anchors §1.7): page the LIST at 500, watch from the
list's resourceVersion with bookmarks and a server timeout drawn from [300, 600) s,
let BOOKMARK move only the resourceVersion, re-watch without relisting when a watch
ends normally, relist when the server says 410 Gone (first from the last RV, then a
consistent read), treat a watch closed within a second without a single event as a failed
round ("very short watch": a proxy or server dropping every watch would otherwise be asked
again in a hot loop), and back off 0.8 s -> 30 s (x2, jitter) between failed rounds. The
reflector never talks to handlers itself: it feeds a sink (the informer), which diffs
relists against its store, so nothing is lost or delivered twice across reconnects.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
import time
from collections.abc import Callable
from typing import Any, Protocol

from controller_runtime.client import errors

log = logging.getLogger("controller_runtime.cache.reflector")

Obj = dict[str, Any]

PAGE_SIZE = 500
WATCH_TIMEOUT_RANGE = (300.0, 600.0)


class ReflectorSink(Protocol):
    """What a reflector feeds: whole lists (relists) and single watch events."""

    def replace(self, objs: list[Obj], resource_version: str) -> None: ...

    def on_watch_event(self, event_type: str, obj: Obj) -> None: ...


class Backoff:
    """Exponential backoff with jitter that resets after a quiet period (client-go's reflector)."""

    __slots__ = ("_current", "_last", "cap", "factor", "initial", "jitter", "monotonic", "reset_after")

    def __init__(
        self,
        initial: float = 0.8,
        cap: float = 30.0,
        factor: float = 2.0,
        jitter: float = 1.0,
        reset_after: float = 120.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.initial = initial
        self.cap = cap
        self.factor = factor
        self.jitter = jitter
        self.reset_after = reset_after
        self.monotonic = monotonic
        self._current = initial
        self._last: float | None = None

    def next(self) -> float:
        """The next delay; the sequence starts over when no backoff happened for ``reset_after``."""
        now = self.monotonic()
        if self._last is not None and now - self._last > self.reset_after:
            self._current = self.initial
        self._last = now
        base = self._current
        self._current = min(self._current * self.factor, self.cap)
        delay = base + base * self.jitter * random.random() if self.jitter > 0 else base
        return min(delay, self.cap * (1 + self.jitter))


#: A watch that ends sooner than this without delivering anything was dropped, not finished.
SHORT_WATCH = 1.0


class _WatchEnded(Exception):
    """The watch must end this round: relist (reason in the message)."""


class Reflector:
    """One LIST+WATCH loop for one kind, optionally limited to a namespace and a label selector."""

    def __init__(
        self,
        client: Any,
        api_version: str,
        kind: str,
        sink: ReflectorSink,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        page_size: int = PAGE_SIZE,
        watch_timeout_range: tuple[float, float] = WATCH_TIMEOUT_RANGE,
        backoff: Backoff | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.api_version = api_version
        self.kind = kind
        self.sink = sink
        self.namespace = namespace
        self.label_selector = label_selector
        self.page_size = page_size
        self.watch_timeout_range = watch_timeout_range
        self.backoff = backoff or Backoff()
        self._sleep = sleep
        self.last_sync_resource_version = ""
        # "0" lets a real API server answer the first list from its watch cache.
        self._list_rv: str | None = "0"
        self._list_supports_rv = _accepts(client.list, "resource_version")
        #: Counters, for metrics and tests: LIST rounds, WATCH requests, 410s seen on watches.
        self.lists = 0
        self.watches = 0
        self.expired = 0
        #: Watches abandoned because their connection stayed silent past their timeout.
        self.silent = 0
        #: Watches closed within SHORT_WATCH seconds without an event (each ends the round).
        self.short = 0

    @property
    def description(self) -> str:
        where = f" in {self.namespace}" if self.namespace else ""
        return f"{self.kind}.{self.api_version}{where}"

    async def run(self) -> None:
        """List and watch until cancelled; every failed round waits a backoff delay."""
        while True:
            try:
                await self.list_and_watch()
            except asyncio.CancelledError:
                raise
            except Exception as e:
                log.warning("list/watch of %s failed: %s", self.description, _describe(e))
                if self.last_sync_resource_version:
                    self._list_rv = self.last_sync_resource_version
            await self._sleep(self.backoff.next())

    async def list_and_watch(self) -> None:
        """One round: a full LIST, then watches from its resourceVersion until one must relist."""
        await self._list()
        while True:
            try:
                await self._watch_once()
            except errors.GoneError:
                # Our RV is too old for the server's history: the next round relists from it
                # (data at least as fresh), then from a consistent read if that is gone too.
                log.info("watch of %s expired (410 Gone), relisting", self.description)
                self.expired += 1
                self._list_rv = self.last_sync_resource_version
                return
            except _WatchEnded as e:
                # client-go's "very short watch": back off, then relist from the last RV.
                log.warning("watch of %s ended with: %s", self.description, e)
                self.short += 1
                self._list_rv = self.last_sync_resource_version
                return
            except errors.TooManyRequestsError as e:
                delay = max(float(getattr(e, "retry_after", 0) or 0), self.backoff.next())
                await self._sleep(delay)
            except TimeoutError:
                # The connection went quiet past the watch's own timeout (half-open): it is
                # closed, and the next watch resumes from the last resourceVersion on another.
                log.info("watch of %s went silent past its timeout, watching again", self.description)
                self.silent += 1

    async def _list(self) -> None:
        items: list[Obj] = []
        cont: str | None = None
        rv = self._list_rv
        paged = True
        while True:
            kwargs: dict[str, Any] = {
                "namespace": self.namespace,
                "label_selector": self.label_selector,
            }
            if paged:
                kwargs["limit"] = self.page_size
                kwargs["continue_"] = cont
            if self._list_supports_rv and rv is not None and cont is None:
                kwargs["resource_version"] = rv
            try:
                page = await self.client.list(self.api_version, self.kind, **kwargs)
            except errors.GoneError:
                if cont is not None:
                    # The continue token expired mid-way: fall back to one full list.
                    items, cont, paged = [], None, False
                    rv = ""
                    continue
                if rv not in (None, ""):
                    rv = ""  # RV too old: a consistent read from storage
                    continue
                raise
            items.extend(page.get("items") or [])
            meta = page.get("metadata") or {}
            cont = meta.get("continue") or None
            if not cont or not paged:
                list_rv = str(meta.get("resourceVersion") or "")
                break
        self.lists += 1
        self.last_sync_resource_version = list_rv
        self._list_rv = list_rv
        self.sink.replace(items, list_rv)

    async def _watch_once(self) -> None:
        """One watch request; returns when the server closes it normally, raises _WatchEnded
        when it closed at once without delivering anything."""
        low, high = self.watch_timeout_range
        timeout = int(low + random.random() * (high - low)) if high > low else int(low)
        self.watches += 1
        stream = self.client.watch(
            self.api_version,
            self.kind,
            namespace=self.namespace,
            resource_version=self.last_sync_resource_version,
            allow_bookmarks=True,
            timeout_seconds=max(timeout, 1),
            label_selector=self.label_selector,
        )
        # A half-open connection never ends by itself: bound the wait past the server's timeout
        # (by up to 30 s, less for short watches), then watch again on a fresh connection.
        started = time.monotonic()
        received = 0
        async with asyncio.timeout(timeout * 1.1 + min(30, timeout)):
            async for ev in stream:
                received += 1
                obj = ev.object
                etype = ev.type
                rv = str(((obj or {}).get("metadata") or {}).get("resourceVersion") or "")
                if etype == "BOOKMARK":
                    if rv:
                        self.last_sync_resource_version = rv
                    continue
                if etype not in ("ADDED", "MODIFIED", "DELETED"):
                    log.warning("watch of %s: unknown event type %r skipped", self.description, etype)
                    continue
                self.sink.on_watch_event(etype, obj)
                if rv:
                    self.last_sync_resource_version = rv
        if received == 0 and time.monotonic() - started < SHORT_WATCH:
            raise _WatchEnded(
                "very short watch: unexpected watch close - watch lasted less than a second "
                "and no items received"
            )


def _accepts(fn: Callable[..., Any], param: str) -> bool:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    return param in sig.parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()
    )


def _describe(e: BaseException) -> str:
    text = str(e)
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
