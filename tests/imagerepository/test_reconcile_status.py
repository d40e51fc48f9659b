"""The status rules both image controllers share (`controllers.reconcile_status`): Flux's
ResultFinalizer, ProgressiveStatus, observedGeneration gating and Ready events, as the
conditions a user reads with `kubectl describe` after one reconcile."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.fluxruntime import conditions
from controller_runtime.reconcile import Result
from controllers import reconcile_status
from controllers.reconcile_status import ReconcileError


def obj_with(*conds: tuple[str, str, str, str]) -> dict[str, Any]:
    obj: dict[str, Any] = {"metadata": {"name": "app", "namespace": "ns", "generation": 2}, "status": {}}
    for type_, status, reason, message in conds:
        conditions.set_condition(obj, conditions.make(type_, status, reason, "%s", message))
    return obj


def state(obj: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in obj["status"].get("conditions", [])}


RECONCILING = ("Reconciling", "True", "Progressing", "scanning: first scan")
READY_UNKNOWN = ("Ready", "Unknown", "Progressing", "scanning: first scan")


def test_success_marks_ready_with_the_message_and_ends_reconciling() -> None:
    obj = obj_with(RECONCILING, READY_UNKNOWN)
    err = reconcile_status.finalize(
        obj, Result(requeue_after=60), None, expected_requeue=60,
        ready_message="successful scan, found 3 tags",
    )
    assert err is None
    assert state(obj) == {"Ready": ("True", "Succeeded", "successful scan, found 3 tags")}


def test_error_is_ready_false_failed_and_reconciling_becomes_a_retry() -> None:
    obj = obj_with(RECONCILING, READY_UNKNOWN, ("Stalled", "True", "X", "old"))
    boom = ReconcileError("scan failed: GET x: connection refused")
    err = reconcile_status.finalize(obj, Result(), boom, expected_requeue=60, ready_message="unused")
    assert err is boom
    assert state(obj) == {
        "Reconciling": ("True", "ProgressingWithRetry", "scanning: first scan"),
        "Ready": ("False", "Failed", "scan failed: GET x: connection refused"),
    }


def test_a_step_that_set_ready_false_keeps_its_reason() -> None:
    obj = obj_with(RECONCILING, ("Ready", "False", "AuthenticationFailed", "bad secret"))
    err = reconcile_status.finalize(obj, Result(), ReconcileError("bad secret"), expected_requeue=60)
    assert err is not None
    assert state(obj)["Ready"] == ("False", "AuthenticationFailed", "bad secret")


def test_stalled_copies_into_ready_and_is_not_retried() -> None:
    obj = obj_with(RECONCILING, READY_UNKNOWN)
    conditions.mark_stalled(obj, "ImageURLInvalid", "could not parse reference: a:b:c")
    err = reconcile_status.finalize(obj, Result(), None, expected_requeue=60, ready_message="unused")
    assert err is None
    assert state(obj) == {
        "Stalled": ("True", "ImageURLInvalid", "could not parse reference: a:b:c"),
        "Ready": ("False", "ImageURLInvalid", "could not parse reference: a:b:c"),
    }


def test_success_with_ready_false_left_over_becomes_an_error() -> None:
    """A run that returned normally while Ready is False (a dependency) is retried with backoff."""
    obj = obj_with(("Ready", "False", "DependencyNotReady", "no tags in database"))
    err = reconcile_status.finalize(obj, Result(), None, expected_requeue=0)
    assert isinstance(err, ReconcileError)
    assert (err.reason, err.message) == ("DependencyNotReady", "no tags in database")


def test_unchanged_ready_keeps_its_transition_time_and_request_is_recorded() -> None:
    obj = obj_with(RECONCILING)
    obj["metadata"]["annotations"] = {"reconcile.fluxcd.io/requestedAt": "now"}
    previous = {"type": "Ready", "status": "True", "reason": "Succeeded",
                "message": "successful scan, found 1 tags", "lastTransitionTime": "2020-01-01T00:00:00Z"}
    reconcile_status.finalize(obj, Result(requeue_after=5), None, expected_requeue=5,
                              ready_message="successful scan, found 1 tags", previous_ready=previous)
    assert conditions.get(obj, "Ready")["lastTransitionTime"] == "2020-01-01T00:00:00Z"  # type: ignore[index]
    assert obj["status"]["lastHandledReconcileAt"] == "now"


@pytest.mark.parametrize(
    ("conds", "final", "writes"),
    [
        ((("Ready", "True", "Succeeded", "ok"),), True, True),
        ((("Ready", "True", "Succeeded", "ok"),), False, False),  # progress patches never do
        ((("Stalled", "True", "InvalidPolicy", "bad"), ("Ready", "False", "InvalidPolicy", "bad")),
         True, True),
        ((("Ready", "False", "Failed", "boom"),), True, False),
    ],
)
def test_observed_generation_is_written_only_when_handled(
    conds: tuple[tuple[str, str, str, str], ...], final: bool, writes: bool
) -> None:
    options = reconcile_status.patch_options(obj_with(*conds), ["Ready"], "owner", final=final)
    assert options.include_status_observed_generation is writes


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []

    def event(self, obj: dict[str, Any], event_type: str, reason: str, message: str) -> None:
        self.events.append((event_type, reason, message))


def test_events_on_ready_transitions() -> None:
    rec = Recorder()
    unknown = obj_with(READY_UNKNOWN)
    ready = obj_with(("Ready", "True", "Succeeded", "found 2"))
    failed = obj_with(("Ready", "False", "ReadOperationFailed", "scan failed: x"))
    notify: Any = reconcile_status.notify
    notify(rec, unknown, ready, "next scan in 5m")  # became ready
    notify(rec, ready, ready, "next scan in 5m")  # unchanged: the trace note
    notify(rec, ready, obj_with(("Ready", "True", "Succeeded", "found 3")))  # message changed
    notify(rec, ready, ready)  # unchanged, no note: nothing
    notify(rec, ready, failed)
    assert rec.events == [
        ("Normal", "Succeeded", "found 2"),
        ("Normal", "Succeeded", "next scan in 5m"),
        ("Normal", "Succeeded", "found 3"),
        ("Warning", "ReadOperationFailed", "scan failed: x"),
    ]
