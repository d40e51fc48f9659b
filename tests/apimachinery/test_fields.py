"""Field selectors (k8s fields.ParseSelector) and the field sets kube exposes per kind."""

from __future__ import annotations

import pytest

from controller_runtime.apimachinery.fields import (
    FieldSelectorError,
    UnsupportedFieldLabelError,
    escape_value,
    object_fields,
    parse,
    selector_from_set,
    supported_field_labels,
    unescape_value,
    validate_field_selector,
)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("", ""),
        ("metadata.name=x", "metadata.name=x"),
        ("metadata.name==x", "metadata.name=x"),
        ("b=1,a!=2", "a!=2,b=1"),
        ("a=b\\,c", "a=b\\,c"),
        ("a=b\\=c", "a=b\\=c"),
        ("a=b\\\\c", "a=b\\\\c"),
        ("a=", "a="),
        ("a= b", "a= b"),
        ("a=b,,c=d", "a=b,c=d"),
    ],
)
def test_parse_canonical(text: str, canonical: str) -> None:
    assert str(parse(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", "invalid selector: 'x'; can't understand 'x'"),
        ("a=b,x", "invalid selector: 'a=b,x'; can't understand 'x'"),
        ("a=b=c", "invalid field selector: unescaped character in value: 61"),
        ("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
        ("a=b\\", "invalid field selector: invalid escape sequence: \\"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(FieldSelectorError) as exc:
        parse(text)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("selector", "fields", "want"),
    [
        ("", {"a": "b"}, True),
        ("a=b", {"a": "b"}, True),
        ("a==b", {"a": "b"}, True),
        ("a!=b", {"a": "c"}, True),
        ("a!=b", {}, True),
        ("a=", {}, True),
        ("a=b", {}, False),
        ("a=b,c=d", {"a": "b", "c": "x"}, False),
        ("a=b\\,c", {"a": "b,c"}, True),
    ],
)
def test_matches(selector: str, fields: dict[str, str], want: bool) -> None:
    assert parse(selector).matches(fields) is want


def test_escape_round_trip() -> None:
    for raw in ["a,b", "x=y", "back\\slash", "plain"]:
        assert unescape_value(escape_value(raw)) == raw
    assert str(selector_from_set({"b": "1", "a": "x,y"})) == "a=x\\,y,b=1"


def test_core_event_fields() -> None:
    ev = {
        "metadata": {"name": "e1", "namespace": "ns"},
        "involvedObject": {
            "kind": "ImagePolicy",
            "name": "p",
            "namespace": "ns",
            "uid": "u1",
            "apiVersion": "image.toolkit.fluxcd.io/v1",
        },
        "reason": "Succeeded",
        "type": "Normal",
        "reportingComponent": "image-reflector-controller",
    }
    f = object_fields("v1", "Event", ev)
    assert f["involvedObject.kind"] == "ImagePolicy"
    assert f["involvedObject.fieldPath"] == ""
    assert f["source"] == "image-reflector-controller"  # falls back to reportingController
    assert f["reason"] == "Succeeded" and f["type"] == "Normal"
    assert parse("involvedObject.name=p,type=Normal").matches(f)
    ev["source"] = {"component": "kubelet"}
    assert object_fields("v1", "Event", ev)["source"] == "kubelet"


def test_events_k8s_io_fields() -> None:
    ev = {
        "metadata": {"name": "e1", "namespace": "ns"},
        "regarding": {"kind": "Pod", "name": "p"},
        "reportingController": "c",
        "type": "Warning",
        "reason": "R",
    }
    f = object_fields("events.k8s.io/v1", "Event", ev)
    assert parse("regarding.kind=Pod,reportingController=c,type=Warning").matches(f)
    assert "source" not in supported_field_labels("events.k8s.io/v1", "Event")


def test_builtin_kind_fields() -> None:
    assert object_fields("v1", "Secret", {"metadata": {"name": "s", "namespace": "n"}, "type": "Opaque"}) == {
        "metadata.name": "s",
        "metadata.namespace": "n",
        "type": "Opaque",
    }
    ns = object_fields("v1", "Namespace", {"metadata": {"name": "n"}, "status": {"phase": "Active"}})
    assert ns == {"metadata.name": "n", "status.phase": "Active"}
    pod = object_fields(
        "v1",
        "Pod",
        {
            "metadata": {"name": "p"},
            "spec": {"nodeName": "n1"},
            "status": {"podIPs": [{"ip": "10.0.0.1"}], "phase": "Running"},
        },
    )
    assert pod["spec.nodeName"] == "n1" and pod["status.podIP"] == "10.0.0.1"
    assert pod["spec.hostNetwork"] == "false" and pod["status.phase"] == "Running"


def test_custom_resources_expose_metadata_and_selectable_fields() -> None:
    obj = {"metadata": {"name": "a", "namespace": "n"}, "spec": {"color": "red", "size": 3, "on": True}}
    sf = [{"jsonPath": ".spec.color"}, {"jsonPath": ".spec.size"}, {"jsonPath": ".spec.on"}]
    assert object_fields("example.com/v1", "Widget", obj) == {"metadata.name": "a", "metadata.namespace": "n"}
    f = object_fields("example.com/v1", "Widget", obj, sf)
    assert f["spec.color"] == "red" and f["spec.size"] == "3" and f["spec.on"] == "true"
    validate_field_selector(parse("spec.color=red"), "example.com/v1", "Widget", sf)
    with pytest.raises(UnsupportedFieldLabelError) as exc:
        validate_field_selector(parse("spec.color=red"), "example.com/v1", "Widget")
    assert str(exc.value) == "field label not supported: spec.color"
    with pytest.raises(UnsupportedFieldLabelError):
        validate_field_selector(parse("type=Opaque"), "v1", "ConfigMap")
    validate_field_selector(parse("type=Opaque,metadata.name=x"), "v1", "Secret")
