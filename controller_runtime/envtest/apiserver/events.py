"""core/v1 Event <-> events.k8s.io/v1 Event: one storage, two shapes, as in kube-apiserver.

Recorders write either shape and `kubectl events`/`describe` read core/v1, so both
views must show the same events.
"""

from __future__ import annotations

from typing import Any

# (core/v1 field, events.k8s.io/v1 field); fields with the same name in both are copied as is.
_RENAMES = [
    ("involvedObject", "regarding"),
    ("message", "note"),
    ("reportingComponent", "reportingController"),
    ("source", "deprecatedSource"),
    ("firstTimestamp", "deprecatedFirstTimestamp"),
    ("lastTimestamp", "deprecatedLastTimestamp"),
    ("count", "deprecatedCount"),
]
_SAME = ["metadata", "eventTime", "series", "action", "reason", "type", "related", "reportingInstance"]


def to_events_v1(core: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": "Event", "apiVersion": "events.k8s.io/v1"}
    for f in _SAME:
        if f in core:
            out[f] = core[f]
    for old, new in _RENAMES:
        if old in core:
            out[new] = core[old]
    return out


def to_core(ev: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": "Event", "apiVersion": "v1"}
    for f in _SAME:
        if f in ev:
            out[f] = ev[f]
    for old, new in _RENAMES:
        if new in ev:
            out[old] = ev[new]
    out.setdefault("involvedObject", {})
    return out
