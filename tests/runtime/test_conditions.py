"""kstatus conditions as Flux writes them (fluxcd/pkg/runtime/conditions semantics)."""

from __future__ import annotations

from typing import Any

from controller_runtime.fluxruntime import conditions as c


def obj(generation: int = 1) -> dict[str, Any]:
    return {"apiVersion": "x/v1", "kind": "Widget", "metadata": {"name": "w", "generation": generation}}


def test_set_records_observed_generation_and_keeps_transition_time_unless_state_changes() -> None:
    o = obj(generation=3)
    c.mark_true(o, c.READY, c.SUCCEEDED_REASON, "stored artifact for revision %s", "v1")
    ready = c.get(o, c.READY)
    assert ready is not None
    assert ready["observedGeneration"] == 3
    assert ready["message"] == "stored artifact for revision v1"
    ready["lastTransitionTime"] = "2020-01-01T00:00:00Z"

    # Same state, newer generation: rewritten, but the transition time stays.
    o["metadata"]["generation"] = 4
    c.mark_true(o, c.READY, c.SUCCEEDED_REASON, "stored artifact for revision v1")
    assert c.get_observed_generation(o, c.READY) == 4
    assert c.get_last_transition_time(o, c.READY) == "2020-01-01T00:00:00Z"

    # A different message is a transition.
    c.mark_true(o, c.READY, c.SUCCEEDED_REASON, "stored artifact for revision v2")
    assert c.get_last_transition_time(o, c.READY) != "2020-01-01T00:00:00Z"


def test_conditions_sorted_stalled_reconciling_ready_first_then_generation_then_type() -> None:
    o = obj(generation=1)
    c.mark_true(o, "ArtifactInStorage", "Succeeded")
    o["metadata"]["generation"] = 2
    c.mark_false(o, "FetchFailed", "AuthenticationFailed", "denied")
    c.mark_false(o, "BuildFailed", "x")
    c.mark_unknown(o, c.READY, c.PROGRESSING_REASON, "reconciliation in progress")
    c.mark_reconciling(o, c.PROGRESSING_REASON, "reconciliation in progress")
    types = [x["type"] for x in o["status"]["conditions"]]
    assert types == ["Reconciling", "Ready", "BuildFailed", "FetchFailed", "ArtifactInStorage"]


def test_reconciling_and_stalled_exclude_each_other() -> None:
    o = obj()
    c.mark_stalled(o, "InvalidSpec", "bad spec")
    assert c.is_stalled(o)
    c.mark_reconciling(o, c.PROGRESSING_REASON, "retrying")
    assert c.is_reconciling(o) and not c.has(o, c.STALLED)
    c.mark_stalled(o, "InvalidSpec", "bad spec")
    assert c.is_stalled(o) and not c.has(o, c.RECONCILING)


def test_long_messages_are_trimmed_with_ellipsis() -> None:
    o = obj()
    c.mark_false(o, c.READY, c.FAILED_REASON, "x" * 40000)
    msg = c.get_message(o, c.READY)
    assert len(msg) == c.MAX_MESSAGE_LENGTH and msg.endswith("...")


def test_summary_priorities_and_polarity() -> None:
    o = obj()
    # Only positive conditions, one False: Ready=False with its reason (P1 beats P2).
    c.mark_true(o, "ArtifactInStorage", "Succeeded", "stored")
    c.mark_false(o, "SourceVerified", "VerificationError", "signature mismatch")
    c.set_summary(o, c.READY, ["SourceVerified", "ArtifactInStorage"])
    assert c.is_false(o, c.READY)
    assert c.get_reason(o, c.READY) == "VerificationError"

    # A True negative-polarity condition wins over everything and is inverted into Ready.
    c.mark_true(o, "FetchFailed", "AuthenticationFailed", "401")
    c.set_summary(o, c.READY, ["SourceVerified", "FetchFailed", "ArtifactInStorage"], ["FetchFailed"])
    assert c.is_false(o, c.READY)
    assert c.get_reason(o, c.READY) == "AuthenticationFailed"
    assert c.get_message(o, c.READY) == "401"

    # All good: negative ones False, positive True -> Ready True (P2 beats P3).
    c.mark_false(o, "FetchFailed", "Succeeded", "")
    c.mark_true(o, "SourceVerified", "Succeeded", "verified")
    c.set_summary(o, c.READY, ["FetchFailed", "SourceVerified", "ArtifactInStorage"], ["FetchFailed"])
    assert c.is_true(o, c.READY)
    assert c.get_message(o, c.READY) == "verified"


def test_summary_of_unknown_and_absent() -> None:
    o = obj()
    c.set_summary(o, c.READY, ["ArtifactInStorage"])
    assert not c.has(o, c.READY)  # nothing to summarize
    c.mark_unknown(o, "ArtifactInStorage", "Progressing", "fetching")
    c.set_summary(o, c.READY, ["ArtifactInStorage"])
    assert c.is_unknown(o, c.READY) and c.has(o, c.READY)
    assert c.is_unknown(o, "Missing")


def test_delete_removes_only_that_condition() -> None:
    o = obj()
    c.mark_true(o, c.READY, "Succeeded")
    c.mark_true(o, "ArtifactInStorage", "Succeeded")
    c.delete(o, c.READY)
    assert [x["type"] for x in o["status"]["conditions"]] == ["ArtifactInStorage"]
    c.delete(obj(), c.READY)  # no status at all: fine
