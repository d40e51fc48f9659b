"""Kubernetes Events for ``kubectl describe``, with client-go's correlator semantics.

Recording never blocks a reconcile: ``event()`` only queues, and the sink (a manager
runnable) writes. Repeats of the same event become one Event whose ``count`` and
``lastTimestamp`` are PATCHed; more than 10 similar events (same reason, different
messages) within 10 minutes collapse into one "(combined from similar events)" Event;
and a per-object token bucket (burst 25, one token per 5 minutes) drops the rest, so a
hot loop cannot flood the API server.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.apimachinery.timestamp import format_time
from controller_runtime.client import PatchType, errors

log = logging.getLogger("controller_runtime.recorder")

EVENT_TYPE_NORMAL = "Normal"
EVENT_TYPE_WARNING = "Warning"

MAX_MESSAGE_LENGTH = 1024
MAX_LRU_CACHE_ENTRIES = 4096
DEFAULT_SPAM_BURST = 25
DEFAULT_SPAM_QPS = 1.0 / 300.0
DEFAULT_AGGREGATE_MAX_EVENTS = 10
DEFAULT_AGGREGATE_INTERVAL = 600.0
#: client-go's broadcaster: an event the API server could not be reached for is tried this
#: many times, this many seconds apart, before it is dropped.
MAX_TRIES = 12
RETRY_INTERVAL = 10.0
AGGREGATE_PREFIX = "(combined from similar events): "


def trim_message(message: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """Kubernetes caps event notes at 1 kB; keep the start and mark the cut."""
    if len(message) <= limit:
        return message
    return message[: limit - 3] + "..."


def object_reference(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("metadata") or {}
    ref: dict[str, Any] = {
        "apiVersion": obj.get("apiVersion", ""),
        "kind": obj.get("kind", ""),
        "name": meta.get("name", ""),
    }
    for src, dst in (("namespace", "namespace"), ("uid", "uid"), ("resourceVersion", "resourceVersion")):
        if meta.get(src):
            ref[dst] = meta[src]
    return ref


class _LRU(collections.OrderedDict[Any, Any]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def touch(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)

    def peek(self, key: Any) -> Any:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


@dataclass
class _TokenBucket:
    tokens: float
    last: float


@dataclass
class _Aggregate:
    messages: set[str] = field(default_factory=set)
    last: float = 0.0


@dataclass
class _Logged:
    name: str
    namespace: str
    count: int
    first_timestamp: str


class EventSink:
    """Queue + correlator + writer shared by every recorder of a manager."""

    def __init__(
        self,
        client: Any,
        *,
        host: str | None = None,
        spam_burst: int = DEFAULT_SPAM_BURST,
        spam_qps: float = DEFAULT_SPAM_QPS,
        aggregate_max_events: int = DEFAULT_AGGREGATE_MAX_EVENTS,
        aggregate_interval: float = DEFAULT_AGGREGATE_INTERVAL,
        clock: Callable[[], float] = time.time,
        retry_interval: float = RETRY_INTERVAL,
    ) -> None:
        self.client = client
        self.retry_interval = retry_interval
        self.host = host or socket.gethostname()
        self.spam_burst = spam_burst
        self.spam_qps = spam_qps
        self.aggregate_max_events = aggregate_max_events
        self.aggregate_interval = aggregate_interval
        self.clock = clock
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self._buckets: _LRU = _LRU(MAX_LRU_CACHE_ENTRIES)
        self._aggregates: _LRU = _LRU(MAX_LRU_CACHE_ENTRIES)
        self._logged: _LRU = _LRU(MAX_LRU_CACHE_ENTRIES)
        self.dropped = 0

    def recorder(self, component: str) -> EventRecorder:
        return EventRecorder(self, component)

    def need_leader_election(self) -> bool:
        return False

    # -- producing ---------------------------------------------------------------------
    def submit(self, event: dict[str, Any]) -> None:
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped += 1
            log.warning("event queue full, dropping event %s", event.get("reason"))

    # -- consuming ---------------------------------------------------------------------
    async def start(self) -> None:
        """Write queued events until cancelled; on cancel, flush what is queued (bounded)."""
        try:
            while True:
                event = await self._queue.get()
                try:
                    await self._write(event)
                finally:
                    self._queue.task_done()
        except asyncio.CancelledError:
            await asyncio.shield(self._drain(2.0))
            raise

    async def _drain(self, budget: float) -> None:
        try:
            async with asyncio.timeout(budget):
                while not self._queue.empty():
                    event = self._queue.get_nowait()
                    try:
                        await self._write(event)
                    finally:
                        self._queue.task_done()
        except TimeoutError:
            log.warning("dropping %d events at shutdown", self._queue.qsize())

    async def flush(self) -> None:
        """Wait until every queued event was written (or dropped)."""
        await self._queue.join()

    async def _write(self, event: dict[str, Any]) -> None:
        """Write one event; while the API server cannot be reached, try again (client-go's
        recordToSink: up to 12 tries, 10 s apart, the first wait randomised). A server that
        answered and refused it is not asked again."""
        try:
            prepared = self._correlate(event)
        except Exception as e:
            log.warning("unable to write event %s: %s", event.get("reason"), e)
            return
        if prepared is None:
            return
        action, body = prepared
        for attempt in range(1, MAX_TRIES + 1):
            try:
                if action == "patch":
                    await self._patch(body)
                else:
                    await self._create(body)
                return
            except asyncio.CancelledError:
                raise
            except errors.ApiError as e:
                log.warning("unable to write event %s: %s", event.get("reason"), e)
                return
            except Exception as e:
                if not isinstance(e, OSError | TimeoutError):  # a bug, not an outage: no retry
                    log.warning("unable to write event %s: %s", event.get("reason"), e)
                    return
                # the server out of reach: a connection or a timeout failed
                if attempt == MAX_TRIES:
                    log.warning("unable to write event %s (retry limit exceeded): %s", event.get("reason"), e)
                    return
                log.info("unable to write event %s, retrying: %s", event.get("reason"), e)
                factor = random.random() if attempt == 1 else 1.0
                await asyncio.sleep(self.retry_interval * factor)

    # -- correlation (client-go EventCorrelator) ------------------------------------------
    def _correlate(self, event: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        now = self.clock()
        ref = event["involvedObject"]
        source = (event["source"]["component"], event["source"].get("host", ""))
        obj_key = (
            *source,
            ref.get("kind"),
            ref.get("namespace", ""),
            ref.get("name"),
            ref.get("uid", ""),
            ref.get("apiVersion"),
        )
        # Aggregation of similar events (same reason, differing messages).
        aggregate_key = (*obj_key, event["type"], event["reason"])
        agg: _Aggregate | None = self._aggregates.peek(aggregate_key)
        if agg is None or now - agg.last > self.aggregate_interval:
            agg = _Aggregate()
        agg.messages.add(event["message"])
        agg.last = now
        self._aggregates.touch(aggregate_key, agg)
        if len(agg.messages) >= self.aggregate_max_events:
            event = dict(event)
            event["message"] = trim_message(AGGREGATE_PREFIX + event["message"])
            local_key: tuple[Any, ...] = aggregate_key
        else:
            local_key = (*aggregate_key, event["message"])

        # Repeats of the same event: bump count on the existing Event.
        seen: _Logged | None = self._logged.peek(local_key)
        if seen is not None:
            seen.count += 1
            self._logged.touch(local_key, seen)
        else:
            meta = event["metadata"]
            seen = _Logged(meta["name"], meta["namespace"], 1, event["firstTimestamp"])
            self._logged.touch(local_key, seen)

        # Spam filter last, as client-go's correlator does: a dropped repeat was still
        # counted above, so the next write that gets through carries the true count.
        if not self._take_token(obj_key, now):
            self.dropped += 1
            return None
        if seen.count == 1:
            return "create", event
        body = {
            "name": seen.name,
            "namespace": seen.namespace,
            "count": seen.count,
            "message": event["message"],
            "lastTimestamp": event["lastTimestamp"],
            "local_key": local_key,
            "event": event,
        }
        return "patch", body

    def _take_token(self, obj_key: tuple[Any, ...], now: float) -> bool:
        """One token bucket per source+object (burst 25, refilled at one per 5 minutes)."""
        bucket: _TokenBucket | None = self._buckets.peek(obj_key)
        if bucket is None:
            bucket = _TokenBucket(tokens=float(self.spam_burst), last=now)
        else:
            bucket.tokens = min(float(self.spam_burst), bucket.tokens + (now - bucket.last) * self.spam_qps)
            bucket.last = now
        self._buckets.touch(obj_key, bucket)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    async def _create(self, event: dict[str, Any]) -> None:
        try:
            await self.client.create(event)
        except errors.AlreadyExistsError:
            log.debug("event %s already exists", event["metadata"]["name"])

    async def _patch(self, body: dict[str, Any]) -> None:
        patch = {"count": body["count"], "lastTimestamp": body["lastTimestamp"], "message": body["message"]}
        try:
            await self.client.patch(
                "v1", "Event", body["name"], patch, namespace=body["namespace"], patch_type=PatchType.MERGE
            )
        except errors.NotFoundError:
            # The Event expired (TTL) or was deleted: start a fresh one carrying the count.
            event = dict(body["event"])
            event["count"] = body["count"]
            await self._create(event)


class EventRecorder:
    """Records Events on behalf of one reporting component (``source.component``)."""

    __slots__ = ("component", "sink")

    def __init__(self, sink: EventSink, component: str) -> None:
        self.sink = sink
        self.component = component

    def event(self, obj: dict[str, Any], event_type: str, reason: str, message: str) -> None:
        self.annotated_event(obj, None, event_type, reason, message)

    def eventf(self, obj: dict[str, Any], event_type: str, reason: str, fmt: str, *args: Any) -> None:
        self.annotated_event(obj, None, event_type, reason, fmt % args if args else fmt)

    def annotated_event(
        self,
        obj: dict[str, Any],
        annotations: dict[str, str] | None,
        event_type: str,
        reason: str,
        message: str,
    ) -> None:
        """Queue an Event; ``annotations`` (e.g. a revision) go on the Event's metadata."""
        if event_type not in (EVENT_TYPE_NORMAL, EVENT_TYPE_WARNING):
            log.error("unsupported event type %r, event dropped (reason %s)", event_type, reason)
            return
        ref = object_reference(obj)
        if not ref["name"] or not ref["kind"]:
            log.error("can not record event %s for an object without kind and name", reason)
            return
        now = self.sink.clock()
        ts = format_time(now)
        namespace = ref.get("namespace") or "default"
        name = f"{ref['name']}.{time.time_ns():x}"
        metadata: dict[str, Any] = {"name": name, "namespace": namespace}
        if annotations:
            metadata["annotations"] = dict(annotations)
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": metadata,
            "involvedObject": ref,
            "reason": reason,
            "message": trim_message(message),
            "type": event_type,
            "count": 1,
            "firstTimestamp": ts,
            "lastTimestamp": ts,
            "source": {"component": self.component, "host": self.sink.host},
            "reportingComponent": self.component,
            "reportingInstance": self.sink.host,
        }
        self.sink.submit(event)
