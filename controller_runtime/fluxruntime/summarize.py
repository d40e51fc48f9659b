"""The one place a reconcile's outcome becomes status, events and a result.

Source-controller's `internal/reconcile` and `summarize`, with fluxcd/pkg's
`runtime/reconcile` rules. Steps return a `StepResult` or raise one of the errors of
`fluxruntime.errors`; they never write Ready, Stalled, observedGeneration or
`lastHandledReconcileAt`. `Summarizer.summarize_and_patch` runs once at the end of every
reconcile that reached the steps, whatever happened in them, so an object is never left
saying `Reconciling` after a failure.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from controller_runtime.apimachinery.duration import format_duration
from controller_runtime.client import errors as api_errors
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.errors import Generic, ReconcileError, Stalling, Waiting
from controller_runtime.fluxruntime.events import Recorder
from controller_runtime.fluxruntime.patch import SerialPatcher
from controller_runtime.fluxruntime.result import RECONCILE_REQUEST_ANNOTATION, patch_options
from controller_runtime.log import logger_from
from controller_runtime.reconcile import Result

Obj = dict[str, Any]


class StepResult(enum.Enum):
    """What a step asks of the worker (sreconcile.Result)."""

    EMPTY = "empty"  # nothing to say: the lowest priority
    REQUEUE = "requeue"  # reconcile again at once: stops the chain
    SUCCESS = "success"  # done: reconcile again at the success interval

    def lowest_requeue(self, other: StepResult) -> StepResult:
        """Of two results, the one that comes back sooner (`LowestRequeuingResult`)."""
        if self is StepResult.EMPTY:
            return other
        if other is StepResult.EMPTY:
            return self
        if StepResult.REQUEUE in (self, other):
            return StepResult.REQUEUE
        return StepResult.SUCCESS


@dataclass(frozen=True, slots=True)
class ReadySpec:
    """How a kind's Ready is derived: the conditions it owns (and may overwrite in a
    conflict), and for kinds with failure conditions (OCIRepository) the ones summarised
    into Ready, those whose True is bad news, and the bi-polar ones whose False overrides."""

    owned: tuple[str, ...]
    summarize: tuple[str, ...] = ()
    negative_polarity: tuple[str, ...] = ()
    bipolar: tuple[str, ...] = ()


class SummaryError(Exception):
    """Both the reconcile and its final status patch failed; neither hides the other."""

    def __init__(self, reconcile_error: BaseException, patch_error: BaseException) -> None:
        super().__init__(f"{reconcile_error}; and the status patch failed: {patch_error}")
        self.reconcile_error = reconcile_error
        self.patch_error = patch_error


class Summarizer:
    """Turns (step result, error) into conditions, events, the final patch and a Result."""

    def __init__(
        self,
        recorder: Recorder,
        ready: ReadySpec,
        field_owner: str,
        request_annotations: Sequence[str] = (RECONCILE_REQUEST_ANNOTATION,),
    ) -> None:
        self.recorder = recorder
        self.ready = ready
        self.field_owner = field_owner
        self.request_annotations = tuple(request_annotations)
        #: The status this process last wrote, per object (namespace, name) with its uid. The
        #: informer cache may not show our own last write yet when the next reconcile starts;
        #: `notify` compares with this instead, so a change is announced once, not per read.
        self._published: dict[tuple[str, str], tuple[str, Obj]] = {}

    async def summarize_and_patch(
        self,
        patcher: SerialPatcher,
        old: Obj,
        obj: Obj,
        step: StepResult,
        err: ReconcileError | None,
        *,
        requeue_after: float,
        ready_message: str,
        notify: Callable[[Obj, Obj], None] | None = None,
    ) -> Result:
        """Error actions, conditions, `lastHandledReconcileAt`, `notify` (on success only),
        then the final patch. `requeue_after` is a success's requeue (0: none). Raises the
        error a failed run returns to the worker, so it is retried with backoff."""
        if isinstance(err, Stalling) and step is not StepResult.EMPTY:
            err = Generic(err.reason, err.message)  # a stall that asks for a requeue is a bug
        ignored = err is not None and err.config.ignore
        if err is not None and not ignored:
            self._error_actions(obj, err)

        failure: BaseException | None = None
        success = False
        if isinstance(err, Stalling):
            conditions.mark_stalled(obj, err.reason, "%s", err.message)
            conditions.mark_false(obj, conditions.READY, err.reason, "%s", err.message)
            result = Result()
        elif isinstance(err, Waiting):
            conditions.delete(obj, conditions.STALLED)
            conditions.mark_false(obj, conditions.READY, err.reason, "%s", err.message)
            wait = requeue_after if err.requeue_after is None or err.requeue_after <= 0 else err.requeue_after
            result = Result(requeue_after=wait)
        elif err is not None and not ignored:
            conditions.delete(obj, conditions.STALLED)
            conditions.mark_false(obj, conditions.READY, err.reason, "%s", err.message)
            result, failure = Result(), err
        elif step is StepResult.REQUEUE:
            conditions.delete(obj, conditions.STALLED)
            result = Result(requeue=True)
        else:
            success = step is StepResult.SUCCESS or ignored
            conditions.delete(obj, conditions.STALLED)
            result = Result(requeue_after=requeue_after) if success else Result()

        if success:
            conditions.delete(obj, conditions.RECONCILING)
            self._summarize_ready(obj, ready_message)
            if not conditions.is_ready(obj):  # a failure condition is still True: retry
                reason = conditions.get_reason(obj, conditions.READY)
                failure = ReconcileError(reason, conditions.get_message(obj, conditions.READY))
                result = Result()
        if conditions.is_reconciling(obj):
            conditions.mark_true(
                obj, conditions.RECONCILING, conditions.PROGRESSING_WITH_RETRY_REASON,
                "%s", conditions.get_message(obj, conditions.RECONCILING),
            )
        self._record_request(obj)
        if success and failure is None and notify is not None:
            notify(self._latest_known(old), obj)

        try:
            await patcher.patch(obj, patch_options(obj, self.ready.owned, self.field_owner))
        except api_errors.NotFoundError:
            self.forget(*_key(obj))
            return Result()  # deleted meanwhile: nothing left to report on
        except Exception as patch_error:
            if failure is not None:
                raise SummaryError(failure, patch_error) from patch_error
            raise
        self._remember(obj)
        if failure is not None:
            raise failure
        return result

    def forget(self, namespace: str, name: str) -> None:
        """Drop what is remembered of a deleted object."""
        self._published.pop((namespace, name), None)

    def _remember(self, obj: Obj) -> None:
        uid = str((obj.get("metadata") or {}).get("uid") or "")
        self._published[_key(obj)] = (uid, copy.deepcopy(obj.get("status") or {}))

    def _latest_known(self, old: Obj) -> Obj:
        """`old` with the status this process last wrote for it, when the cache lags behind."""
        known = self._published.get(_key(old))
        uid = str((old.get("metadata") or {}).get("uid") or "")
        if known is None or known[0] != uid:
            return old
        return {**old, "status": known[1]}

    def _error_actions(self, obj: Obj, err: ReconcileError) -> None:
        """The event and log line the error's config asks for."""
        if err.config.event_type is not None:
            self.recorder.event(obj, err.config.event_type, err.reason, err.message)
        if not err.config.log:
            return
        log = logger_from()
        if isinstance(err, Stalling):
            log.error("reconciliation stalled", err=err.message, reason=err.reason)
        elif isinstance(err, Waiting):
            wait = "" if err.requeue_after is None else format_duration(err.requeue_after)
            log.info("reconciliation waiting", reason=err.reason, duration=wait)

    def _summarize_ready(self, obj: Obj, ready_message: str) -> None:
        """Ready on success: summarised from the kind's conditions where it has them (their
        failures first), else True with the kind's message; a False bi-polar condition has
        the last word."""
        summary = None
        if self.ready.summarize:
            summary = conditions.summarize(
                obj, conditions.READY, self.ready.summarize, self.ready.negative_polarity
            )
        if summary is not None:
            conditions.set_condition(obj, summary)
        else:
            conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "%s", ready_message)
        for type_ in self.ready.bipolar:
            if conditions.is_false(obj, type_):
                reason, message = conditions.get_reason(obj, type_), conditions.get_message(obj, type_)
                conditions.mark_false(obj, conditions.READY, reason, "%s", message)
                break

    def _record_request(self, obj: Obj) -> None:
        """`status.lastHandledReconcileAt` from the first reconcile annotation present: on
        failure too, since `flux reconcile` waits for it."""
        annotations = (obj.get("metadata") or {}).get("annotations") or {}
        for key in self.request_annotations:
            value = annotations.get(key)
            if value:
                obj.setdefault("status", {})["lastHandledReconcileAt"] = value
                return


def _key(obj: Obj) -> tuple[str, str]:
    meta = obj.get("metadata") or {}
    return str(meta.get("namespace") or ""), str(meta.get("name") or "")


def ready_transition(old: Obj, new: Obj) -> bool:
    """Ready went from not-True to True: a recovery worth a Normal event."""
    return conditions.is_ready(new) and not conditions.is_ready(old)
