"""Predicates decide which events reach a handler."""

from __future__ import annotations

import copy
from typing import Any

from controller_runtime.event import CreateEvent, DeleteEvent, GenericEvent, UpdateEvent
from controller_runtime.predicate import (
    RECONCILE_REQUEST_ANNOTATION,
    And,
    AnnotationChanged,
    Funcs,
    GenerationChanged,
    LabelChanged,
    Not,
    Or,
    Predicate,
    ReconcileRequested,
    ResourceVersionChanged,
    new_predicate_funcs,
)


def obj(
    generation: int = 1,
    rv: str = "1",
    annotations: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "x", "namespace": "ns", "generation": generation, "resourceVersion": rv}
    if annotations is not None:
        meta["annotations"] = annotations
    if labels is not None:
        meta["labels"] = labels
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta}


def update(old: dict[str, Any], new: dict[str, Any]) -> UpdateEvent:
    return UpdateEvent(old, new)


def requested(value: str | None) -> dict[str, Any]:
    return obj(annotations={RECONCILE_REQUEST_ANNOTATION: value} if value is not None else {})


ALL_NON_UPDATE = [CreateEvent(obj()), DeleteEvent(obj()), GenericEvent(obj())]


def passes_non_update(p: Any) -> bool:
    return bool(p.create(ALL_NON_UPDATE[0]) and p.delete(ALL_NON_UPDATE[1]) and p.generic(ALL_NON_UPDATE[2]))


def test_generation_changed() -> None:
    p = GenerationChanged()
    assert p.update(update(obj(generation=1, rv="1"), obj(generation=2, rv="2")))
    # status-only write: new resourceVersion, same generation
    assert not p.update(update(obj(generation=1, rv="1"), obj(generation=1, rv="2")))
    # resync delivers the same object twice
    o = obj()
    assert not p.update(update(o, copy.deepcopy(o)))
    assert not p.update(update({}, obj()))
    assert passes_non_update(p)


def test_resource_version_changed_drops_only_resyncs() -> None:
    p = ResourceVersionChanged()
    assert p.update(update(obj(rv="1"), obj(rv="2")))
    assert not p.update(update(obj(rv="5"), obj(rv="5")))
    assert passes_non_update(p)


def test_annotation_and_label_changed() -> None:
    assert AnnotationChanged().update(update(obj(annotations={"a": "1"}), obj(annotations={"a": "2"})))
    assert AnnotationChanged().update(update(obj(), obj(annotations={"a": "1"})))
    assert not AnnotationChanged().update(update(obj(annotations={}), obj()))
    assert not AnnotationChanged().update(
        update(obj(annotations={"a": "1"}, labels={"l": "1"}), obj(annotations={"a": "1"}, labels={"l": "2"}))
    )
    assert LabelChanged().update(update(obj(labels={"l": "1"}), obj(labels={"l": "2"})))
    assert not LabelChanged().update(
        update(obj(labels={"l": "1"}), obj(labels={"l": "1"}, annotations={"a": "b"}))
    )
    assert passes_non_update(AnnotationChanged()) and passes_non_update(LabelChanged())


def test_reconcile_requested_passes_on_new_or_changed_annotation_value() -> None:
    p = ReconcileRequested()
    assert p.update(update(requested(None), requested("2026-01-01T00:00:00Z")))  # added
    assert p.update(update(requested("t1"), requested("t2")))  # changed
    assert not p.update(update(requested("t1"), requested("t1")))  # unchanged
    assert not p.update(update(requested("t1"), requested(None)))  # removed
    assert not p.update(update(requested(None), requested(None)))
    assert passes_non_update(p)


def test_flux_pairing_generation_or_reconcile_requested() -> None:
    p = Or(GenerationChanged(), ReconcileRequested())
    spec_change = update(obj(generation=1), obj(generation=2))
    status_write = update(obj(generation=1, rv="1"), obj(generation=1, rv="2"))
    poke_old = obj(annotations={RECONCILE_REQUEST_ANNOTATION: "a"})
    poke_new = obj(annotations={RECONCILE_REQUEST_ANNOTATION: "b"}, rv="2")
    assert p.update(spec_change)
    assert not p.update(status_write)
    assert p.update(update(poke_old, poke_new))


def test_and_or_not() -> None:
    yes = Funcs()
    no = Funcs(
        create_func=lambda e: False,
        update_func=lambda e: False,
        delete_func=lambda e: False,
        generic_func=lambda e: False,
    )
    evt = CreateEvent(obj())
    assert And(yes, yes).create(evt) and not And(yes, no).create(evt)
    assert And().create(evt)
    assert Or(no, yes).create(evt) and not Or(no, no).create(evt)
    assert not Or().create(evt)
    assert Not(no).create(evt) and not Not(yes).create(evt)
    cases: list[tuple[Predicate, bool]] = [(And(yes, no), False), (Or(yes, no), True), (Not(yes), False)]
    for p, want in cases:
        assert p.update(update(obj(), obj())) is want
        assert p.delete(DeleteEvent(obj())) is want
        assert p.generic(GenericEvent(obj())) is want


def test_funcs_defaults_pass_and_functions_decide() -> None:
    only_create = Funcs(create_func=lambda e: e.is_in_initial_list)
    assert only_create.create(CreateEvent(obj(), is_in_initial_list=True))
    assert not only_create.create(CreateEvent(obj(), is_in_initial_list=False))
    assert only_create.update(update(obj(), obj()))


def test_new_predicate_funcs_applies_to_the_events_object() -> None:
    in_ns = new_predicate_funcs(lambda o: o["metadata"]["namespace"] == "ns")
    other = obj()
    other["metadata"]["namespace"] = "other"
    assert in_ns.create(CreateEvent(obj())) and not in_ns.create(CreateEvent(other))
    assert in_ns.update(update(other, obj())) and not in_ns.update(update(obj(), other))
    assert not in_ns.delete(DeleteEvent(other)) and not in_ns.generic(GenericEvent(other))
