"""kstatus conditions on plain object dicts (fluxcd/pkg/runtime/conditions).

Reconcile steps only *mark* conditions; the summary (Ready from the others) is computed
in one place. ``lastTransitionTime`` moves only when status, reason or message change,
so ``kubectl wait`` and users can trust it as "when this last changed".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

READY = "Ready"
RECONCILING = "Reconciling"
STALLED = "Stalled"

TRUE = "True"
FALSE = "False"
UNKNOWN = "Unknown"

SUCCEEDED_REASON = "Succeeded"
FAILED_REASON = "Failed"
PROGRESSING_REASON = "Progressing"
PROGRESSING_WITH_RETRY_REASON = "ProgressingWithRetry"

MAX_MESSAGE_LENGTH = 32768

Obj = dict[str, Any]
Condition = dict[str, Any]

_WEIGHTS = {STALLED: 0, RECONCILING: 1, READY: 2}


def now_time() -> str:
    """metav1.Time: UTC, truncated to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def trim(message: str) -> str:
    if len(message) <= MAX_MESSAGE_LENGTH:
        return message
    return message[: MAX_MESSAGE_LENGTH - 3] + "..."


def _fmt(message_format: str, args: Sequence[Any]) -> str:
    return message_format % tuple(args) if args else message_format


def make(type_: str, status: str, reason: str, message_format: str = "", *args: Any) -> Condition:
    return {"type": type_, "status": status, "reason": reason, "message": _fmt(message_format, args)}


# -- reading ----------------------------------------------------------------------------
def get_conditions(obj: Obj) -> list[Condition]:
    conds = (obj.get("status") or {}).get("conditions")
    return conds if isinstance(conds, list) else []


def get(obj: Obj, type_: str) -> Condition | None:
    for c in get_conditions(obj):
        if c.get("type") == type_:
            return c
    return None


def has(obj: Obj, type_: str) -> bool:
    return get(obj, type_) is not None


def _status_is(obj: Obj, type_: str, status: str) -> bool:
    c = get(obj, type_)
    return c is not None and c.get("status") == status


def is_true(obj: Obj, type_: str) -> bool:
    return _status_is(obj, type_, TRUE)


def is_false(obj: Obj, type_: str) -> bool:
    return _status_is(obj, type_, FALSE)


def is_unknown(obj: Obj, type_: str) -> bool:
    """Absent counts as Unknown, as upstream."""
    c = get(obj, type_)
    return c is None or c.get("status") == UNKNOWN


def is_ready(obj: Obj) -> bool:
    return is_true(obj, READY)


def is_stalled(obj: Obj) -> bool:
    return is_true(obj, STALLED)


def is_reconciling(obj: Obj) -> bool:
    return is_true(obj, RECONCILING)


def get_reason(obj: Obj, type_: str) -> str:
    c = get(obj, type_)
    return str(c.get("reason", "")) if c else ""


def get_message(obj: Obj, type_: str) -> str:
    c = get(obj, type_)
    return str(c.get("message", "")) if c else ""


def get_observed_generation(obj: Obj, type_: str) -> int:
    c = get(obj, type_)
    return int(c.get("observedGeneration") or 0) if c else 0


def get_last_transition_time(obj: Obj, type_: str) -> str | None:
    c = get(obj, type_)
    return c.get("lastTransitionTime") if c else None


# -- writing ----------------------------------------------------------------------------
def _sort_key(c: Condition) -> tuple[int, int, int, str]:
    t = str(c.get("type", ""))
    if t in _WEIGHTS:
        return (0, _WEIGHTS[t], 0, "")
    return (1, 0, -int(c.get("observedGeneration") or 0), t)


def set_condition(obj: Obj, condition: Condition) -> None:
    """Add or replace a condition, keeping lastTransitionTime unless the state changed."""
    c = dict(condition)
    c["observedGeneration"] = int((obj.get("metadata") or {}).get("generation") or 0)
    c["message"] = trim(str(c.get("message", "")))
    c.setdefault("reason", "")
    status = obj.setdefault("status", {})
    if not isinstance(status, dict):
        raise ValueError("object status is not a map")
    conds: list[Condition] = status.setdefault("conditions", [])
    for i, existing in enumerate(conds):
        if existing.get("type") == c["type"]:
            if (
                existing.get("status") == c.get("status")
                and existing.get("reason") == c.get("reason")
                and existing.get("message") == c.get("message")
                and existing.get("lastTransitionTime")
            ):
                c["lastTransitionTime"] = existing["lastTransitionTime"]
            else:
                c["lastTransitionTime"] = c.get("lastTransitionTime") or now_time()
            conds[i] = c
            break
    else:
        c["lastTransitionTime"] = c.get("lastTransitionTime") or now_time()
        conds.append(c)
    conds.sort(key=_sort_key)


# Flux's name for it; ``set`` shadows a builtin only inside this module's namespace.
set = set_condition


def mark_true(obj: Obj, type_: str, reason: str, message_format: str = "", *args: Any) -> None:
    set_condition(obj, make(type_, TRUE, reason, message_format, *args))


def mark_false(obj: Obj, type_: str, reason: str, message_format: str = "", *args: Any) -> None:
    set_condition(obj, make(type_, FALSE, reason, message_format, *args))


def mark_unknown(obj: Obj, type_: str, reason: str, message_format: str = "", *args: Any) -> None:
    set_condition(obj, make(type_, UNKNOWN, reason, message_format, *args))


def delete(obj: Obj, type_: str) -> None:
    status = obj.get("status")
    if not isinstance(status, dict) or not isinstance(status.get("conditions"), list):
        return
    status["conditions"] = [c for c in status["conditions"] if c.get("type") != type_]


def mark_reconciling(obj: Obj, reason: str, message_format: str = "", *args: Any) -> None:
    """Reconciling=True; a reconciling object is by definition not stalled."""
    delete(obj, STALLED)
    mark_true(obj, RECONCILING, reason, message_format, *args)


def mark_stalled(obj: Obj, reason: str, message_format: str = "", *args: Any) -> None:
    """Stalled=True; a stalled object is no longer making progress, so not Reconciling."""
    delete(obj, RECONCILING)
    mark_true(obj, STALLED, reason, message_format, *args)


# -- summary ----------------------------------------------------------------------------
def _priority(status: str, negative: bool) -> int:
    if status == TRUE and negative:
        return 0
    if status == FALSE and not negative:
        return 1
    if status == TRUE and not negative:
        return 2
    if status == FALSE and negative:
        return 3
    return 4


def summarize(
    obj: Obj,
    target_type: str,
    conditions: Iterable[str],
    negative_polarity: Iterable[str] = (),
) -> Condition | None:
    """The summary condition of ``conditions`` (None when none of them is present).

    Conditions are grouped by (status, polarity); the most important group wins
    (True-negative, False-positive, True-positive, False-negative, Unknown). Its status
    is inverted for negative polarity, and reason/message come from the first condition
    of that group in the order given.
    """
    order = list(conditions)
    negatives = frozenset(negative_polarity)
    present = [c for t in order if (c := get(obj, t)) is not None]
    if not present:
        return None
    best = min(present, key=lambda c: _priority(str(c.get("status")), c.get("type") in negatives))
    top = _priority(str(best.get("status")), best.get("type") in negatives)
    status = str(best.get("status"))
    if best.get("type") in negatives and target_type not in negatives and status in (TRUE, FALSE):
        status = FALSE if status == TRUE else TRUE
    first = next(c for c in present if _priority(str(c.get("status")), c.get("type") in negatives) == top)
    return make(target_type, status, str(first.get("reason", "")), str(first.get("message", "")))


def set_summary(
    obj: Obj,
    target_type: str,
    conditions: Iterable[str],
    negative_polarity: Iterable[str] = (),
) -> None:
    summary = summarize(obj, target_type, conditions, negative_polarity)
    if summary is not None:
        set_condition(obj, summary)


def set_mirror(obj: Obj, target_type: str, source: Obj, source_type: str = READY) -> None:
    """Copy another object's condition (e.g. a dependency's Ready) under our own type."""
    c = get(source, source_type)
    if c is not None:
        reason, message = str(c.get("reason", "")), str(c.get("message", ""))
        set_condition(obj, make(target_type, str(c["status"]), reason, message))


def copy_conditions(obj: Obj) -> list[Condition]:
    return copy.deepcopy(get_conditions(obj))
