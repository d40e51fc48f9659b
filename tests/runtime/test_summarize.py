"""The one summary every controller ends with: what a user reads with `kubectl describe`
after one reconcile that stalled, waited, failed, recovered or hit an API error, and what
the worker is told (requeue, backoff, nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.client import errors as api_errors
from controller_runtime.fluxruntime import conditions as c
from controller_runtime.fluxruntime.errors import ErrorConfig, Generic, Stalling, Waiting
from controller_runtime.fluxruntime.events import EVENT_TYPE_TRACE, Recorder
from controller_runtime.fluxruntime.patch import PatchOptions
from controller_runtime.fluxruntime.result import patch_options, progressive_status
from controller_runtime.fluxruntime.summarize import (
    ReadySpec,
    StepResult,
    Summarizer,
    SummaryError,
    ready_transition,
)
from controller_runtime.reconcile import Result
from tests.support.events import RecordedEvents

INTERVAL = 600.0
OWNED = (c.READY, c.RECONCILING, c.STALLED)


class Patcher:
    """Keeps what the final patch would write; can fail like the API server."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.patched: list[tuple[dict[str, Any], PatchOptions]] = []

    async def patch(self, obj: dict[str, Any], options: PatchOptions | None = None) -> None:
        if self.fail is not None:
            raise self.fail
        assert options is not None
        if options.include_status_observed_generation:
            obj["status"]["observedGeneration"] = obj["metadata"]["generation"]
        self.patched.append((obj, options))


def obj() -> dict[str, Any]:
    o: dict[str, Any] = {
        "apiVersion": "x/v1", "kind": "Widget",
        "metadata": {"name": "w", "namespace": "ns", "generation": 2,
                     "annotations": {"reconcile.fluxcd.io/requestedAt": "now"}},
        "status": {"observedGeneration": 1},
    }
    progressive_status(False, o, c.PROGRESSING_REASON, "reconciliation in progress")
    return o


def summarizer(ready: ReadySpec | None = None) -> tuple[Summarizer, RecordedEvents]:
    core = RecordedEvents()
    return Summarizer(Recorder(core), ready or ReadySpec(owned=OWNED), "widget-controller"), core  # type: ignore[arg-type]


def state(o: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {x["type"]: (x["status"], x["reason"], x["message"]) for x in o["status"].get("conditions", [])}


async def run(
    s: Summarizer, o: dict[str, Any], step: StepResult, err: Any, patcher: Patcher | None = None,
    notify: Any = None,
) -> Result:
    return await s.summarize_and_patch(
        patcher or Patcher(), {"status": {}}, o, step, err,
        requeue_after=INTERVAL, ready_message="all good", notify=notify,
    )


async def test_stalling_stalls_once_with_no_requeue_and_claims_the_generation() -> None:
    s, core = summarizer()
    o = obj()
    result = await run(s, o, StepResult.EMPTY, Stalling("InvalidPolicy", "invalid policy: bad range"))
    assert result == Result()
    assert state(o) == {
        "Stalled": ("True", "InvalidPolicy", "invalid policy: bad range"),
        "Ready": ("False", "InvalidPolicy", "invalid policy: bad range"),
    }
    assert o["status"]["observedGeneration"] == 2
    assert o["status"]["lastHandledReconcileAt"] == "now"
    assert core.events == [("Warning", "InvalidPolicy", "invalid policy: bad range")]


async def test_waiting_requeues_without_backoff_or_warning() -> None:
    s, core = summarizer()
    o = obj()
    result = await run(s, o, StepResult.EMPTY, Waiting("DependencyNotReady", "no tags yet", 30.0))
    assert result == Result(requeue_after=30.0)
    assert state(o) == {
        "Reconciling": ("True", "ProgressingWithRetry", "reconciliation in progress"),
        "Ready": ("False", "DependencyNotReady", "no tags yet"),
    }
    assert o["status"]["observedGeneration"] == 1  # not handled yet
    assert core.events == [("Normal", "DependencyNotReady", "no tags yet")]  # a Trace, not an alert


async def test_generic_raises_for_backoff_with_a_warning() -> None:
    s, core = summarizer()
    o = obj()
    o["status"]["conditions"].append(c.make(c.STALLED, c.TRUE, "Old", "a stall of a past generation"))
    err = Generic("ReadOperationFailed", "scan failed: GET /v2/: 503")
    with pytest.raises(Generic) as raised:
        await run(s, o, StepResult.EMPTY, err)
    assert raised.value is err
    assert state(o) == {
        "Reconciling": ("True", "ProgressingWithRetry", "reconciliation in progress"),
        "Ready": ("False", "ReadOperationFailed", "scan failed: GET /v2/: 503"),
    }
    assert o["status"]["observedGeneration"] == 1
    assert o["status"]["lastHandledReconcileAt"] == "now"  # `flux reconcile` stops waiting on failure too
    assert core.events == [("Warning", "ReadOperationFailed", "scan failed: GET /v2/: 503")]


async def test_success_marks_ready_clears_reconciling_and_notifies() -> None:
    s, core = summarizer()
    o = obj()
    notified: list[bool] = []
    result = await run(s, o, StepResult.SUCCESS, None,
                       notify=lambda old, new: notified.append(ready_transition(old, new)))
    assert result == Result(requeue_after=INTERVAL)
    assert state(o) == {"Ready": ("True", "Succeeded", "all good")}
    assert o["status"]["observedGeneration"] == 2
    assert notified == [True]
    assert core.events == []  # the kind's notify decides the success event


async def test_notify_runs_only_on_success() -> None:
    s, _ = summarizer()
    notified: list[str] = []

    def notify(old: dict[str, Any], new: dict[str, Any]) -> None:
        notified.append("x")

    with pytest.raises(Generic):
        await run(s, obj(), StepResult.EMPTY, Generic("Failed", "x"), notify=notify)
    await run(s, obj(), StepResult.EMPTY, Stalling("Bad", "x"), notify=notify)
    assert notified == []


async def test_an_ignored_error_counts_as_success() -> None:
    s, core = summarizer()
    o = obj()
    err = Generic("Failed", "nothing to do", config=ErrorConfig(None, log=False, ignore=True))
    assert await run(s, o, StepResult.EMPTY, err) == Result(requeue_after=INTERVAL)
    assert c.is_ready(o) and core.events == []


async def test_a_stall_that_asks_for_a_requeue_is_a_bug_retried_with_backoff() -> None:
    s, _ = summarizer()
    o = obj()
    with pytest.raises(Generic):
        await run(s, o, StepResult.SUCCESS, Stalling("Bad", "stalled yet requeued"))
    assert not c.has(o, c.STALLED)


async def test_requeue_keeps_reconciling() -> None:
    s, _ = summarizer()
    o = obj()
    assert await run(s, o, StepResult.REQUEUE, None) == Result(requeue=True)
    assert c.get_reason(o, c.RECONCILING) == "ProgressingWithRetry"
    assert o["status"]["observedGeneration"] == 1


async def test_a_failure_condition_left_true_makes_the_success_an_error() -> None:
    s, _ = summarizer(ReadySpec(owned=(*OWNED, "FetchFailed"), summarize=("FetchFailed", c.STALLED),
                                negative_polarity=("FetchFailed", c.STALLED)))
    o = obj()
    c.mark_true(o, "FetchFailed", "OCIArtifactPullFailed", "pull failed")
    with pytest.raises(Exception, match="pull failed"):
        await run(s, o, StepResult.SUCCESS, None)
    assert state(o)["Ready"] == ("False", "OCIArtifactPullFailed", "pull failed")


async def test_a_false_bipolar_condition_overrides_a_ready_summary() -> None:
    s, _ = summarizer(ReadySpec(owned=(*OWNED, "ArtifactInStorage", "SourceVerified"),
                                summarize=("ArtifactInStorage",), bipolar=("SourceVerified",)))
    o = obj()
    c.mark_true(o, "ArtifactInStorage", "Succeeded", "stored artifact")
    c.mark_false(o, "SourceVerified", "VerificationError", "no matching signatures")
    with pytest.raises(Exception, match="no matching signatures"):
        await run(s, o, StepResult.SUCCESS, None)
    assert state(o)["Ready"] == ("False", "VerificationError", "no matching signatures")


async def test_final_patch_failure_keeps_both_errors() -> None:
    s, _ = summarizer()
    patch_error = api_errors.ApiError(500, "InternalError", "etcdserver: request timed out")
    with pytest.raises(SummaryError) as raised:
        await run(s, obj(), StepResult.EMPTY, Generic("Failed", "registry down"), Patcher(patch_error))
    assert "registry down" in str(raised.value) and "etcdserver" in str(raised.value)
    with pytest.raises(api_errors.ApiError):
        await run(s, obj(), StepResult.SUCCESS, None, Patcher(patch_error))


async def test_an_object_deleted_before_the_final_patch_ends_quietly() -> None:
    s, _ = summarizer()
    gone = api_errors.NotFoundError(404, "NotFound", "widgets \"w\" not found")
    assert await run(s, obj(), StepResult.EMPTY, Generic("Failed", "x"), Patcher(gone)) == Result()


def test_trace_events_are_core_normal_events() -> None:
    core = RecordedEvents()
    Recorder(core).event({}, EVENT_TYPE_TRACE, "Succeeded", "next scan in 5m")  # type: ignore[arg-type]
    assert core.events == [("Normal", "Succeeded", "next scan in 5m")]


def test_step_results_keep_the_sooner_requeue() -> None:
    e, r, s = StepResult.EMPTY, StepResult.REQUEUE, StepResult.SUCCESS
    assert e.lowest_requeue(s) is s and s.lowest_requeue(e) is s
    assert s.lowest_requeue(r) is r and r.lowest_requeue(s) is r
    assert e.lowest_requeue(e) is e


def test_progress_patches_never_claim_the_generation() -> None:
    o = obj()
    c.mark_true(o, c.READY, c.SUCCEEDED_REASON, "ok")
    assert patch_options(o, OWNED, "x").include_status_observed_generation
    assert not patch_options(o, OWNED, "x", final=False).include_status_observed_generation


def test_drift_resets_ready_to_unknown() -> None:
    o = obj()
    c.mark_true(o, c.READY, c.SUCCEEDED_REASON, "ok")
    progressive_status(False, o, c.PROGRESSING_REASON, "processing")
    assert c.is_ready(o)
    progressive_status(True, o, c.PROGRESSING_REASON, "scanning: no tags in database")
    assert c.is_unknown(o, c.READY) and c.get_message(o, c.READY) == "scanning: no tags in database"


async def test_a_change_is_announced_once_even_when_the_cache_lags_behind_our_write() -> None:
    """The next reconcile may start from a cached copy without our last write: `notify` is
    given what we wrote instead, so the same recovery is not announced twice."""
    s, _ = summarizer()
    seen: list[bool] = []

    def notify(old: dict[str, Any], new: dict[str, Any]) -> None:
        seen.append(ready_transition(old, new))

    stale = obj()
    stale["metadata"]["uid"] = "u1"
    for _ in range(2):
        o = obj()
        o["metadata"]["uid"] = "u1"
        await s.summarize_and_patch(Patcher(), stale, o, StepResult.SUCCESS, None,
                                    requeue_after=INTERVAL, ready_message="all good", notify=notify)
    assert seen == [True, False]
    # A new object of the same name starts afresh.
    s.forget("ns", "w")
    o = obj()
    await s.summarize_and_patch(Patcher(), stale, o, StepResult.SUCCESS, None,
                                requeue_after=INTERVAL, ready_message="all good", notify=notify)
    assert seen == [True, False, True]
