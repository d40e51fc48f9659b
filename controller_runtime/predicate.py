"""Predicates filter events before they reach a handler (controller-runtime pkg/predicate).

A source passes an event on only if *all* its predicates accept it. Filtering on update
is where most of the value is: a resync re-delivers every object as an update with equal
old and new, and the generation and resourceVersion predicates drop those.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from controller_runtime.event import CreateEvent, DeleteEvent, GenericEvent, Object, UpdateEvent

RECONCILE_REQUEST_ANNOTATION = "reconcile.fluxcd.io/requestedAt"


@runtime_checkable
class Predicate(Protocol):
    def create(self, evt: CreateEvent) -> bool: ...
    def update(self, evt: UpdateEvent) -> bool: ...
    def delete(self, evt: DeleteEvent) -> bool: ...
    def generic(self, evt: GenericEvent) -> bool: ...


@dataclass(frozen=True)
class Funcs:
    """A predicate from optional functions; an event kind without a function passes."""

    create_func: Callable[[CreateEvent], bool] | None = None
    update_func: Callable[[UpdateEvent], bool] | None = None
    delete_func: Callable[[DeleteEvent], bool] | None = None
    generic_func: Callable[[GenericEvent], bool] | None = None

    def create(self, evt: CreateEvent) -> bool:
        return self.create_func(evt) if self.create_func is not None else True

    def update(self, evt: UpdateEvent) -> bool:
        return self.update_func(evt) if self.update_func is not None else True

    def delete(self, evt: DeleteEvent) -> bool:
        return self.delete_func(evt) if self.delete_func is not None else True

    def generic(self, evt: GenericEvent) -> bool:
        return self.generic_func(evt) if self.generic_func is not None else True


def new_predicate_funcs(keep: Callable[[Object], bool]) -> Funcs:
    """A predicate applying `keep` to each event's object (the new one for updates)."""
    return Funcs(
        create_func=lambda e: keep(e.obj),
        update_func=lambda e: keep(e.new),
        delete_func=lambda e: keep(e.obj),
        generic_func=lambda e: keep(e.obj),
    )


def _meta(obj: Object | None) -> dict[str, Any]:
    if not obj:
        return {}
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


class _UpdateOnly:
    """Base for predicates that only judge updates: create, delete and generic pass."""

    def create(self, evt: CreateEvent) -> bool:
        return True

    def delete(self, evt: DeleteEvent) -> bool:
        return True

    def generic(self, evt: GenericEvent) -> bool:
        return True


class GenerationChanged(_UpdateOnly):
    """Passes updates that changed `metadata.generation`, i.e. the spec (status-only writes are dropped)."""

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        return bool(_meta(evt.new).get("generation", 0) != _meta(evt.old).get("generation", 0))


class ResourceVersionChanged(_UpdateOnly):
    """Passes updates with a new `metadata.resourceVersion` (drops resyncs only)."""

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        return _meta(evt.new).get("resourceVersion") != _meta(evt.old).get("resourceVersion")


class AnnotationChanged(_UpdateOnly):
    """Passes updates that changed `metadata.annotations`."""

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        return (_meta(evt.new).get("annotations") or {}) != (_meta(evt.old).get("annotations") or {})


class LabelChanged(_UpdateOnly):
    """Passes updates that changed `metadata.labels`."""

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        return (_meta(evt.new).get("labels") or {}) != (_meta(evt.old).get("labels") or {})


class ReconcileRequested(_UpdateOnly):
    """Flux's ReconcileRequestedPredicate: passes updates whose `reconcile.fluxcd.io/requestedAt`
    annotation was added or got a new value (what `flux reconcile` sets). A kind that honours
    more request annotations (werf's `reconcile.werf.io/requestedAt`) names them all."""

    def __init__(self, annotations: tuple[str, ...] = (RECONCILE_REQUEST_ANNOTATION,)) -> None:
        self.annotations = annotations

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        new_annotations = _meta(evt.new).get("annotations") or {}
        old_annotations = _meta(evt.old).get("annotations") or {}
        for key in self.annotations:
            new = new_annotations.get(key)
            if new is not None and new != old_annotations.get(key):
                return True
        return False


class And:
    """Passes an event only if every predicate does (no predicates: passes)."""

    def __init__(self, *predicates: Predicate) -> None:
        self.predicates = predicates

    def create(self, evt: CreateEvent) -> bool:
        return all(p.create(evt) for p in self.predicates)

    def update(self, evt: UpdateEvent) -> bool:
        return all(p.update(evt) for p in self.predicates)

    def delete(self, evt: DeleteEvent) -> bool:
        return all(p.delete(evt) for p in self.predicates)

    def generic(self, evt: GenericEvent) -> bool:
        return all(p.generic(evt) for p in self.predicates)


class Or:
    """Passes an event if any predicate does (no predicates: drops)."""

    def __init__(self, *predicates: Predicate) -> None:
        self.predicates = predicates

    def create(self, evt: CreateEvent) -> bool:
        return any(p.create(evt) for p in self.predicates)

    def update(self, evt: UpdateEvent) -> bool:
        return any(p.update(evt) for p in self.predicates)

    def delete(self, evt: DeleteEvent) -> bool:
        return any(p.delete(evt) for p in self.predicates)

    def generic(self, evt: GenericEvent) -> bool:
        return any(p.generic(evt) for p in self.predicates)


class Not:
    """Inverts a predicate."""

    def __init__(self, predicate: Predicate) -> None:
        self.predicate = predicate

    def create(self, evt: CreateEvent) -> bool:
        return not self.predicate.create(evt)

    def update(self, evt: UpdateEvent) -> bool:
        return not self.predicate.update(evt)

    def delete(self, evt: DeleteEvent) -> bool:
        return not self.predicate.delete(evt)

    def generic(self, evt: GenericEvent) -> bool:
        return not self.predicate.generic(evt)
