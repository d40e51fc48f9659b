"""Flux's end-of-reconcile rules: one place decides Ready, Stalled and Reconciling."""

from __future__ import annotations

from typing import Any

from controller_runtime.fluxruntime import conditions as c
from controller_runtime.fluxruntime.result import (
    ReadyFalseError,
    ResultFinalizer,
    patch_options,
    progressive_status,
)
from controller_runtime.reconcile import Result

INTERVAL = 600.0
FIN = ResultFinalizer(success_requeue_after=INTERVAL, ready_success_message="successful scan")


def obj() -> dict[str, Any]:
    return {
        "apiVersion": "x/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "generation": 2, "annotations": {"reconcile.fluxcd.io/requestedAt": "now"}},
    }


def test_success_marks_ready_and_clears_reconciling() -> None:
    o = obj()
    progressive_status(False, o, c.PROGRESSING_REASON, "reconciliation in progress")
    assert c.is_reconciling(o) and c.is_unknown(o, c.READY)
    assert FIN.finalize(o, Result(requeue_after=INTERVAL), None) is None
    assert not c.has(o, c.RECONCILING)
    assert c.is_ready(o) and c.get_message(o, c.READY) == "successful scan"
    assert o["status"]["lastHandledReconcileAt"] == "now"
    assert patch_options(o).include_status_observed_generation


def test_error_marks_ready_false_failed_and_keeps_reconciling() -> None:
    o = obj()
    progressive_status(False, o, c.PROGRESSING_REASON, "reconciliation in progress")
    c.mark_stalled(o, "Old", "stale stall")
    err = RuntimeError("registry unreachable")
    assert FIN.finalize(o, Result(), err) is err
    assert not c.has(o, c.STALLED)
    assert c.is_false(o, c.READY) and c.get_reason(o, c.READY) == c.FAILED_REASON
    assert c.get_message(o, c.READY) == "registry unreachable"
    assert not patch_options(o).include_status_observed_generation


def test_stalled_run_makes_ready_false_with_stalled_reason() -> None:
    o = obj()
    progressive_status(False, o, c.PROGRESSING_REASON, "reconciliation in progress")
    c.mark_stalled(o, "InvalidSpec", "bad policy")
    assert FIN.finalize(o, Result(), None) is None
    assert c.is_false(o, c.READY) and c.get_reason(o, c.READY) == "InvalidSpec"
    assert not c.has(o, c.RECONCILING)
    assert patch_options(o).include_status_observed_generation


def test_success_with_ready_false_is_turned_into_an_error() -> None:
    o = obj()
    c.mark_false(o, c.READY, "DependencyNotReady", "repository not ready")
    err = FIN.finalize(o, Result(requeue_after=INTERVAL), None)
    assert isinstance(err, ReadyFalseError) and str(err) == "repository not ready"


def test_drift_resets_ready_to_unknown() -> None:
    o = obj()
    c.mark_true(o, c.READY, c.SUCCEEDED_REASON, "ok")
    progressive_status(False, o, c.PROGRESSING_REASON, "processing")
    assert c.is_ready(o)
    progressive_status(True, o, c.PROGRESSING_REASON, "processing object: new generation 1 -> 2")
    assert c.is_unknown(o, c.READY)
    assert c.get_message(o, c.READY) == "processing object: new generation 1 -> 2"
