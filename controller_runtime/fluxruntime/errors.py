"""The three kinds of reconcile failure (source-controller's `internal/error`).

A step says *what kind* of failure it met; the summarizer decides what users see. The kind
fixes the outcome: Stalling (a spec problem a retry cannot fix) stalls the object and waits
for a new generation; Waiting (a dependency not ready) requeues after a while without
backoff or Warning; Generic (anything transient) is returned to the worker for rate-limited
backoff. Each error carries the condition reason and message users read, and a config that
says which event and log line it is worth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from controller_runtime.fluxruntime.events import EVENT_TYPE_TRACE
from controller_runtime.recorder import EVENT_TYPE_WARNING


@dataclass(frozen=True, slots=True)
class ErrorConfig:
    """What an error is worth besides its conditions: an event of `event_type` (None for
    none), a log line of its own, and `ignore` (a no-op error that counts as success)."""

    event_type: str | None
    log: bool
    ignore: bool = False


class ReconcileError(Exception):
    """A step's failure: `reason` and `message` become the Ready condition (never a secret)."""

    default_config: ClassVar[ErrorConfig] = ErrorConfig(EVENT_TYPE_WARNING, log=False)

    def __init__(self, reason: str, message: str, *, config: ErrorConfig | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.config = config or self.default_config

    def __str__(self) -> str:
        return self.message


class Stalling(ReconcileError):
    """Retrying cannot help until the spec changes: Stalled=True, no requeue, one Warning."""

    default_config = ErrorConfig(EVENT_TYPE_WARNING, log=True)


class Waiting(ReconcileError):
    """A dependency is not ready yet: Ready=False and a plain requeue after `requeue_after`
    (None: the success interval). A Trace event only: a retry every 30 s is no alert."""

    default_config = ErrorConfig(EVENT_TYPE_TRACE, log=True)

    def __init__(
        self,
        reason: str,
        message: str,
        requeue_after: float | None = None,
        *,
        config: ErrorConfig | None = None,
    ) -> None:
        super().__init__(reason, message, config=config)
        self.requeue_after = requeue_after


class Generic(ReconcileError):
    """A failure worth retrying with backoff: Ready=False, a Warning, the reconcile raises."""
