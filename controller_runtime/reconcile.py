"""What a controller asks of its reconciler, and what the reconciler answers.

Reconciliation is level-based: a `Request` names an object (namespace and name) and never
says what happened to it; the reconciler reads the current state and converges on it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, order=True, slots=True)
class Request:
    """The key of a work item: an object's namespace ("" for cluster-scoped) and name."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


@dataclass(frozen=True, slots=True)
class Result:
    """How a successful reconcile wants to be called again.

    `requeue_after > 0` reconciles again after that many seconds (and resets the failure
    backoff). `requeue` is deprecated, as upstream: it requeues with the rate limiter's
    backoff, which is rarely what is meant; prefer `requeue_after`.
    """

    requeue: bool = False
    requeue_after: float = 0.0

    def is_zero(self) -> bool:
        return not self.requeue and self.requeue_after == 0.0


@runtime_checkable
class Reconciler(Protocol):
    async def reconcile(self, request: Request) -> Result:
        """Drive the named object towards its desired state.

        Raising means failure: the request is retried with backoff (unless the exception
        is a `TerminalError`), and any result is ignored.
        """
        ...


class TerminalError(Exception):
    """A failure retrying cannot fix: logged and counted, never requeued.

    Wrap the cause (`TerminalError(err)`) or give a message. An exception raised `from`
    a TerminalError is terminal too (the Python form of Go's `%w` wrapping).
    """

    def __init__(self, cause: BaseException | str | None = None) -> None:
        self.cause = cause
        super().__init__(f"terminal error: {cause}" if cause is not None else "terminal error")


def is_terminal_error(err: BaseException) -> bool:
    """Whether `err` is, or was raised from, a `TerminalError`."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        if isinstance(current, TerminalError):
            return True
        seen.add(id(current))
        current = current.__cause__
    return False


class _FuncReconciler:
    def __init__(self, fn: Callable[[Request], Awaitable[Result]]) -> None:
        self._fn = fn

    async def reconcile(self, request: Request) -> Result:
        return await self._fn(request)

    def __repr__(self) -> str:
        return f"reconcile_func({getattr(self._fn, '__qualname__', self._fn)!r})"


def reconcile_func(fn: Callable[[Request], Awaitable[Result]]) -> Reconciler:
    """Make a `Reconciler` from a coroutine function (Go's `reconcile.Func`)."""
    return _FuncReconciler(fn)
