"""Flux's event recorder over the core one (fluxcd/pkg `runtime/events`).

Flux knows three event types: Normal and Warning, which users are alerted on, and Trace,
which only documents a run that changed nothing ("next scan in 5m"). A Trace is written as
a core Normal Event (so `kubectl describe` shows it) and is never forwarded as an alert.
Every event is logged with it: Warning at error, Normal at info, Trace at debug, so a
polling controller stays quiet at the default level.
"""

from __future__ import annotations

from typing import Any

from controller_runtime.log import logger_from
from controller_runtime.recorder import EVENT_TYPE_NORMAL, EVENT_TYPE_WARNING, EventRecorder

EVENT_TYPE_TRACE = "Trace"


class Recorder:
    """Records Normal, Warning and Trace events on behalf of one controller."""

    __slots__ = ("core",)

    def __init__(self, core: EventRecorder) -> None:
        self.core = core

    def event(
        self,
        obj: dict[str, Any],
        event_type: str,
        reason: str,
        message: str,
        annotations: dict[str, str] | None = None,
    ) -> None:
        """Log the event with its object's logger, then write it as a core Event."""
        log = logger_from()
        if event_type == EVENT_TYPE_WARNING:
            log.error(message, err=reason)
        elif event_type == EVENT_TYPE_TRACE:
            log.v(1).info(message, reason=reason)
        else:
            log.info(message, reason=reason)
        core_type = EVENT_TYPE_WARNING if event_type == EVENT_TYPE_WARNING else EVENT_TYPE_NORMAL
        self.core.annotated_event(obj, annotations, core_type, reason, message)
