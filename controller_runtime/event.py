"""The events sources deliver to predicates and handlers (controller-runtime pkg/event).

Objects are plain Kubernetes JSON dicts. Handlers turn events into `Request`s; since
reconciliation is level-based, the event type only matters for filtering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Object = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DeletedFinalStateUnknown:
    """A tombstone: the object was deleted while the watch was down; `obj` is its last known state.

    `key` is "namespace/name" (or "name" for cluster-scoped objects).
    """

    key: str
    obj: Object


@dataclass(frozen=True, slots=True)
class CreateEvent:
    """An object appeared; `is_in_initial_list` is True for objects of the informer's first list."""

    obj: Object
    is_in_initial_list: bool = False


@dataclass(frozen=True, slots=True)
class UpdateEvent:
    """An object changed (or a resync re-delivered it: then `old` and `new` are equal)."""

    old: Object
    new: Object


@dataclass(frozen=True, slots=True)
class DeleteEvent:
    """An object was deleted; `delete_state_unknown` means `obj` may be stale (from a tombstone)."""

    obj: Object
    delete_state_unknown: bool = False


@dataclass(frozen=True, slots=True)
class GenericEvent:
    """Anything else that should trigger a reconcile of `obj` (e.g. from a `Channel` source)."""

    obj: Object


def object_key(obj: Object) -> tuple[str, str]:
    """(namespace, name) of a Kubernetes object dict; missing fields are ""."""
    meta = obj.get("metadata") or {}
    return str(meta.get("namespace") or ""), str(meta.get("name") or "")
