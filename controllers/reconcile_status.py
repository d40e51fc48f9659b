"""The status bookkeeping Flux's image controllers share, written once for both of ours.

ImageRepository and ImagePolicy end every reconcile the same way upstream does
(`fluxcd/pkg/runtime/reconcile`): ProgressiveStatus while working, ResultFinalizer to settle
Ready/Reconciling/Stalled from the outcome, AddPatchOptions so observedGeneration moves only
once a generation is fully handled (kstatus), and the same events on Ready transitions.
Keeping it in one module keeps the two controllers' user-visible states identical.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from api import conditions as api_conditions
from controller_runtime.fluxruntime import conditions, result
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
    result.progressive_status(drift, obj, reason, fmt, *args)


def finalize(
    obj: dict[str, Any],
    outcome: Result,
    error: BaseException | None,
    *,
    expected_requeue: float,
    ready_message: str | None = None,
    previous_ready: dict[str, Any] | None = None,
) -> BaseException | None:
    """fluxruntime's ResultFinalizer plus what the image controllers add after it.

    Returns the error to raise (a success whose Ready is still False becomes one, so it is
    retried with backoff). `previous_ready` (the Ready this run replaced with Unknown) keeps
    its transition time when the run ends in the same Ready; a Reconciling left behind is
    reported as `ProgressingWithRetry`, as upstream's image controllers do.
    """
    error = result.ResultFinalizer(expected_requeue, ready_message).finalize(obj, outcome, error)
    if isinstance(error, result.ReadyFalseError):
        error = ReconcileError(error.message, error.reason)
    ready = conditions.get(obj, conditions.READY)
    same = ("status", "reason", "message")
    if ready is not None and previous_ready is not None and all(
        previous_ready.get(k) == ready.get(k) for k in same
    ):
        ready["lastTransitionTime"] = previous_ready.get("lastTransitionTime")
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
    options = result.patch_options(obj, tuple(owned_conditions), field_owner)
    if not final:
        options = dataclasses.replace(options, include_status_observed_generation=False)
    return options


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
