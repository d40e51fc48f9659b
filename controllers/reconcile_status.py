"""The status bookkeeping Flux's image controllers share, written once for both of ours.

ImageRepository and ImagePolicy end every reconcile the same way upstream does
(`fluxcd/pkg/runtime/reconcile`): ProgressiveStatus while working, ResultFinalizer to settle
Ready/Reconciling/Stalled from the outcome, AddPatchOptions so observedGeneration moves only
once a generation is fully handled (kstatus), and the same events on Ready transitions.
Keeping it in one module keeps the two controllers' user-visible states identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api import annotations as api_annotations
from api import conditions as api_conditions
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import PatchOptions
from controller_runtime.log import logger_from
from controller_runtime.reconcile import Result
from controller_runtime.recorder import EVENT_TYPE_NORMAL, EVENT_TYPE_WARNING, EventRecorder


class ReconcileError(Exception):
    """A failed reconcile; the message is the Ready message users see (never a secret)."""

    def __init__(self, message: str, reason: str = api_conditions.FAILED) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def progressive_status(drift: bool, obj: dict[str, Any], reason: str, fmt: str, *args: Any) -> None:
    """ProgressiveStatus: Reconciling=True; Ready=Unknown too when it drifted or is not known yet."""
    conditions.mark_reconciling(obj, reason, fmt, *args)
    if drift or conditions.is_unknown(obj, conditions.READY):
        conditions.mark_unknown(obj, conditions.READY, reason, fmt, *args)


def finalize(
    obj: dict[str, Any],
    result: Result,
    error: BaseException | None,
    *,
    expected_requeue: float,
    ready_message: str | None = None,
    previous_ready: dict[str, Any] | None = None,
) -> BaseException | None:
    """ResultFinalizer: derive Ready/Reconciling/Stalled from the outcome; returns the error to
    raise (a success whose Ready is still False becomes one, so it is retried with backoff).

    `ready_message` marks Ready=True when the run succeeded and left Ready Unknown;
    `previous_ready` (the Ready the run removed) keeps its transition time if nothing changed.
    """
    success = error is None and not result.requeue and result.requeue_after == expected_requeue
    if error is not None or (not success and not result.is_zero()):
        conditions.delete(obj, conditions.STALLED)
    if not success and conditions.is_stalled(obj) and not conditions.is_false(obj, conditions.READY):
        stalled = conditions.get(obj, conditions.STALLED) or {}
        conditions.mark_false(
            obj, conditions.READY, str(stalled.get("reason", "")), "%s", str(stalled.get("message", ""))
        )
    if success or conditions.is_stalled(obj):
        conditions.delete(obj, conditions.RECONCILING)
    if error is not None and not conditions.is_false(obj, conditions.READY):
        conditions.mark_false(obj, conditions.READY, api_conditions.FAILED, "%s", str(error))
    if success and conditions.is_false(obj, conditions.READY) and not conditions.is_stalled(obj):
        error = ReconcileError(
            conditions.get_message(obj, conditions.READY), conditions.get_reason(obj, conditions.READY)
        )
    if (
        ready_message is not None
        and success
        and conditions.is_unknown(obj, conditions.READY)
        and not conditions.is_reconciling(obj)
        and not conditions.is_stalled(obj)
    ):
        ready = conditions.make(
            conditions.READY, conditions.TRUE, api_conditions.SUCCEEDED, "%s", ready_message
        )
        same = ("status", "reason", "message")
        if previous_ready is not None and all(previous_ready.get(k) == ready[k] for k in same):
            ready["lastTransitionTime"] = previous_ready.get("lastTransitionTime")
        conditions.set_condition(obj, ready)
    requested = ((obj.get("metadata") or {}).get("annotations") or {}).get(
        api_annotations.RECONCILE_REQUESTED_AT
    )
    if requested is not None:
        obj.setdefault("status", {})["lastHandledReconcileAt"] = str(requested)
    reconciling = conditions.get(obj, conditions.RECONCILING)
    if reconciling is not None and conditions.is_reconciling(obj):
        conditions.mark_true(
            obj, conditions.RECONCILING, api_conditions.PROGRESSING_WITH_RETRY,
            "%s", str(reconciling.get("message", "")),
        )
    return error


def patch_options(
    obj: dict[str, Any], owned_conditions: Sequence[str], field_owner: str, *, final: bool = True
) -> PatchOptions:
    """observedGeneration is written only by the final patch of a generation fully handled
    (Ready or Stalled), never by a progress patch mid-reconcile."""
    done = final and (conditions.is_ready(obj) or conditions.is_stalled(obj))
    return PatchOptions(
        owned_conditions=tuple(owned_conditions),
        field_owner=field_owner,
        include_status_observed_generation=done,
    )


def notify(
    recorder: EventRecorder, old: dict[str, Any], new: dict[str, Any], trace_message: str = ""
) -> None:
    """Events: Normal when Ready (re)appears or its message changed, Warning while not ready,
    otherwise `trace_message` as a Normal event (upstream records its Trace events so)."""
    log = logger_from()
    ready = conditions.get(new, conditions.READY) or {}
    reason, message = str(ready.get("reason", "")), str(ready.get("message", ""))
    if conditions.is_ready(new):
        if not conditions.is_ready(old) or conditions.get_message(old, conditions.READY) != message:
            log.info(message)
            recorder.event(new, EVENT_TYPE_NORMAL, reason, message)
        elif trace_message:
            log.v(2).info(trace_message)
            recorder.event(new, EVENT_TYPE_NORMAL, api_conditions.SUCCEEDED, trace_message)
    elif ready:
        log.error(message, err=reason)
        recorder.event(new, EVENT_TYPE_WARNING, reason or api_conditions.FAILED, message)
