"""Flux's event recorder over the core one (fluxcd/pkg `runtime/events`).

Flux knows three event types: Normal and Warning, which users are alerted on, and Trace,
which only documents a run that changed nothing ("next scan in 5m"). A Trace is written as
a core Normal Event (so `kubectl describe` shows it) and is never forwarded. Every event is
logged with it: Warning at error, Normal at info, Trace at debug, so a polling controller
stays quiet at the default level.

With `--events-addr`, Normal and Warning events are also POSTed to Flux's
notification-controller as fluxcd/pkg's recorder does (JSON, severity `info`/`error`,
5 s per attempt, retried on connection errors and 5xx but 501, a 429 meaning "duplicate").
Posting runs beside the reconcile, never inside it: a slow receiver delays no scan.
"""

from __future__ import annotations

import asyncio
import json
import socket
import weakref
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from controller_runtime.log import logger_from
from controller_runtime.recorder import EVENT_TYPE_NORMAL, EVENT_TYPE_WARNING, EventRecorder, object_reference

EVENT_TYPE_TRACE = "Trace"
#: Object annotations with this prefix travel with every event of the object (RFC-0008).
EVENT_ANNOTATION_PREFIX = "event.toolkit.fluxcd.io/"

SEVERITY_INFO = "info"
SEVERITY_ERROR = "error"
#: Per attempt, as upstream's HTTP client.
POST_TIMEOUT = 5.0
#: Attempts: the first and up to 4 retries, waiting 1 s doubling to at most 30 s.
POST_ATTEMPTS = 5


class _Retryable(Exception):
    """A failure worth another attempt: no connection, a timeout, a 5xx but 501."""


class EventForwarder:
    """Posts events to notification-controller. One per manager, and a runnable of the
    controllers' group: when they stop, the posts still in flight get a moment to finish."""

    def __init__(
        self,
        address: str,
        *,
        host: str | None = None,
        wait_min: float = 1.0,
        wait_max: float = 30.0,
        drain_timeout: float = 5.0,
    ) -> None:
        self.address = address
        self.host = host or socket.gethostname()
        self.wait_min = wait_min
        self.wait_max = wait_max
        self.drain_timeout = drain_timeout
        self._posts: set[asyncio.Task[None]] = set()

    def need_leader_election(self) -> bool:
        return True  # stopped with the controllers, whose last events it still carries

    async def start(self) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await asyncio.shield(self.drain())

    async def drain(self) -> None:
        """Wait for the posts in flight (and those they race with) up to `drain_timeout`."""
        deadline = asyncio.get_running_loop().time() + self.drain_timeout
        while self._posts:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                for task in list(self._posts):
                    task.cancel()
                return
            await asyncio.wait(set(self._posts), timeout=left)

    def forward(self, event: dict[str, Any]) -> None:
        """Post `event` in the background."""
        task = asyncio.get_running_loop().create_task(self._post(event))
        self._posts.add(task)
        task.add_done_callback(self._posts.discard)

    async def _post(self, event: dict[str, Any]) -> None:
        import aiohttp  # only a manager that forwards events pays for aiohttp's import

        body = json.dumps(event).encode()
        log = logger_from()
        try:
            # A session per event: events are rare, and nothing is left open at exit.
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT)) as session:
                async for attempt in AsyncRetrying(
                    stop=stop_after_attempt(POST_ATTEMPTS),
                    wait=wait_exponential(multiplier=self.wait_min, min=self.wait_min, max=self.wait_max),
                    retry=retry_if_exception_type(_Retryable),
                    reraise=True,
                ):
                    with attempt:
                        await self._attempt(aiohttp, session, body)
        except (_Retryable, ValueError) as e:  # ValueError: an address aiohttp cannot use
            log.error("unable to record event", err=str(e), reason=event.get("reason"))

    async def _attempt(self, aiohttp: Any, session: Any, body: bytes) -> None:
        headers = {"Content-Type": "application/json"}
        try:
            async with session.post(self.address, data=body, headers=headers) as resp:
                await resp.read()
                status = resp.status
        except aiohttp.InvalidURL as e:
            raise ValueError(f"POST {self.address}: invalid URL") from e
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            raise _Retryable(f"POST {self.address}: {e or type(e).__name__}") from None
        if status == 429:  # notification-controller already has this event
            return
        if status >= 500 and status != 501:
            raise _Retryable(f"POST {self.address}: {status}")
        if status >= 400:
            logger_from().error("unable to record event", err=f"POST {self.address}: {status}")


class Recorder:
    """Records Normal, Warning and Trace events on behalf of one controller."""

    __slots__ = ("core", "forwarder")

    def __init__(self, core: EventRecorder, forwarder: EventForwarder | None = None) -> None:
        self.core = core
        self.forwarder = forwarder

    def event(
        self,
        obj: dict[str, Any],
        event_type: str,
        reason: str,
        message: str,
        annotations: Mapping[str, str] | None = None,
    ) -> None:
        """Log the event, write it as a core Event, and forward it unless it is a Trace."""
        metadata = dict(annotations or {})
        for key, value in ((obj.get("metadata") or {}).get("annotations") or {}).items():
            if key.startswith(EVENT_ANNOTATION_PREFIX):
                metadata[key] = str(value)
        log = logger_from()
        if event_type == EVENT_TYPE_WARNING:
            log.error(message, err=reason)
        elif event_type == EVENT_TYPE_TRACE:
            log.v(1).info(message, reason=reason)
        else:
            log.info(message, reason=reason)
        core_type = EVENT_TYPE_WARNING if event_type == EVENT_TYPE_WARNING else EVENT_TYPE_NORMAL
        self.core.annotated_event(obj, metadata or None, core_type, reason, message)
        if self.forwarder is None or event_type == EVENT_TYPE_TRACE:
            return
        ref = object_reference(obj)
        if not ref.get("namespace") or not ref.get("name") or not ref.get("kind"):
            log.error("unable to record event", err="the object has no kind, name or namespace")
            return
        event: dict[str, Any] = {
            "involvedObject": ref,
            "severity": SEVERITY_ERROR if event_type == EVENT_TYPE_WARNING else SEVERITY_INFO,
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "message": message,
            "reason": reason,
            "reportingController": self.core.component,
            "reportingInstance": self.forwarder.host,
        }
        if metadata:
            event["metadata"] = metadata
        self.forwarder.forward(event)


_forwarders: weakref.WeakKeyDictionary[Any, EventForwarder] = weakref.WeakKeyDictionary()


def recorder_for(manager: Any, component: str, events_addr: str = "") -> Recorder:
    """The Flux recorder of `component`; with `events_addr`, forwarding through the
    manager's one EventForwarder (added to the manager the first time)."""
    core = manager.get_event_recorder_for(component)
    if not events_addr:
        return Recorder(core)
    forwarder = _forwarders.get(manager)
    if forwarder is None:
        forwarder = EventForwarder(events_addr)
        _forwarders[manager] = forwarder
        manager.add(forwarder)
    return Recorder(core, forwarder)
