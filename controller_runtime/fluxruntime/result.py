"""End-of-reconcile status bookkeeping (fluxcd/pkg/runtime/reconcile).

Reconcile steps only mark conditions; ``ResultFinalizer.finalize`` then decides Ready,
Stalled and Reconciling in one place so that every controller is kstatus-compliant
the same way, and ``patch_options`` makes ``status.observedGeneration`` mean "fully
processed" (written only once the object is Ready or Stalled).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import PatchOptions

RECONCILE_REQUEST_ANNOTATION = "reconcile.fluxcd.io/requestedAt"

Obj = dict[str, Any]


class ReadyFalseError(Exception):
    """The run returned success but left Ready=False: retry with Ready's message as the error."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def progressive_status(drift: bool, obj: Obj, reason: str, message_format: str, *args: Any) -> None:
    """Reconciling=True with this reason; Ready=Unknown too when drifting or not yet known."""
    conditions.mark_reconciling(obj, reason, message_format, *args)
    if drift or not conditions.has(obj, conditions.READY) or conditions.is_unknown(obj, conditions.READY):
        conditions.mark_unknown(obj, conditions.READY, reason, message_format, *args)


def record_reconcile_request(obj: Obj) -> None:
    """Copy ``reconcile.fluxcd.io/requestedAt`` into ``status.lastHandledReconcileAt``."""
    value = ((obj.get("metadata") or {}).get("annotations") or {}).get(RECONCILE_REQUEST_ANNOTATION)
    if value:
        obj.setdefault("status", {})["lastHandledReconcileAt"] = value


def patch_options(
    obj: Obj, owned_conditions: tuple[str, ...] = (), field_owner: str | None = None
) -> PatchOptions:
    """Flux's ``AddPatchOptions``: observedGeneration only once Ready or Stalled."""
    done = conditions.is_stalled(obj) or conditions.is_ready(obj)
    return PatchOptions(
        owned_conditions=owned_conditions,
        field_owner=field_owner,
        include_status_observed_generation=done,
    )


@dataclass(frozen=True)
class ResultFinalizer:
    """Turns (result, error) of a run into final conditions.

    ``success_requeue_after`` is the requeue a successful run asks for (the object's
    interval); a run is a success when it returned no error, asked for exactly that and
    did not ask for a plain requeue.
    """

    success_requeue_after: float
    #: Ready=True's message on success; None leaves Ready to the controller.
    ready_success_message: str | None

    def finalize(self, obj: Obj, result: Any, err: BaseException | None) -> BaseException | None:
        requeue = bool(getattr(result, "requeue", False))
        requeue_after = float(getattr(result, "requeue_after", 0.0) or 0.0)
        success = err is None and not requeue and requeue_after == self.success_requeue_after
        if err is not None:
            conditions.delete(obj, conditions.STALLED)
        if not success:
            if requeue or requeue_after > 0:
                conditions.delete(obj, conditions.STALLED)
            if conditions.is_stalled(obj) and (
                conditions.is_unknown(obj, conditions.READY) or conditions.is_ready(obj)
            ):
                conditions.mark_false(
                    obj,
                    conditions.READY,
                    conditions.get_reason(obj, conditions.STALLED),
                    conditions.get_message(obj, conditions.STALLED),
                )
        if success or conditions.is_stalled(obj):
            conditions.delete(obj, conditions.RECONCILING)
        if err is not None and (conditions.is_unknown(obj, conditions.READY) or conditions.is_ready(obj)):
            conditions.mark_false(obj, conditions.READY, conditions.FAILED_REASON, str(err))
        result_err: BaseException | None = err
        if success and conditions.is_false(obj, conditions.READY) and not conditions.is_stalled(obj):
            result_err = ReadyFalseError(
                conditions.get_message(obj, conditions.READY), conditions.get_reason(obj, conditions.READY)
            )
        if (
            self.ready_success_message is not None
            and success
            and conditions.is_unknown(obj, conditions.READY)
            and not conditions.is_reconciling(obj)
            and not conditions.is_stalled(obj)
        ):
            conditions.mark_true(
                obj, conditions.READY, conditions.SUCCEEDED_REASON, "%s", self.ready_success_message
            )
        record_reconcile_request(obj)
        return result_err
