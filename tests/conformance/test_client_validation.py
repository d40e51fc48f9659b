"""Schema validation of custom resources: errors name the field; defaulting and pruning."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest

from controller_runtime.client import Client, errors

W = ("test.lookout.dev/v1", "Widget")


def widget(ns: str, name: str = "w", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": W[0],
        "kind": W[1],
        "metadata": {"name": name, "namespace": ns},
        "spec": {"image": "nginx:1", **spec},
    }


async def invalid(client: Client, obj: dict[str, Any]) -> errors.InvalidError:
    with pytest.raises(errors.InvalidError) as info:
        await client.create(obj)
    assert info.value.status == 422
    assert info.value.details["kind"] == "Widget"
    assert info.value.details["group"] == "test.lookout.dev"
    return info.value


async def test_maximum(client: Client, namespace: str) -> None:
    err = await invalid(client, widget(namespace, replicas=11))
    assert str(err) == (
        'Widget.test.lookout.dev "w" is invalid: spec.replicas: Invalid value: 11: '
        "spec.replicas in body should be less than or equal to 10"
    )
    assert [(c.field, c.type) for c in err.causes] == [("spec.replicas", "FieldValueInvalid")]


async def test_required(client: Client, namespace: str) -> None:
    obj = widget(namespace)
    del obj["spec"]["image"]
    err = await invalid(client, obj)
    assert "spec.image: Required value" in str(err)
    assert [(c.field, c.type) for c in err.causes] == [("spec.image", "FieldValueRequired")]


async def test_enum(client: Client, namespace: str) -> None:
    err = await invalid(client, widget(namespace, size="huge"))
    assert 'spec.size: Unsupported value: "huge": supported values: "small", "medium", "large"' in str(err)
    assert err.causes[0].type == "FieldValueNotSupported"


async def test_pattern(client: Client, namespace: str) -> None:
    err = await invalid(client, widget(namespace, image="UPPER"))
    assert """spec.image: Invalid value: "UPPER": spec.image in body should match '^[a-z0-9./:-]+$'""" in str(
        err
    )


async def test_type(client: Client, namespace: str) -> None:
    err = await invalid(client, widget(namespace, replicas="two"))
    assert "spec.replicas: Invalid value: " in str(err)
    assert "spec.replicas in body must be of type integer" in str(err)
    assert err.causes[0].field == "spec.replicas"


async def test_several_errors_are_listed_together(client: Client, namespace: str) -> None:
    err = await invalid(client, widget(namespace, replicas=-1, size="huge"))
    assert str(err).startswith('Widget.test.lookout.dev "w" is invalid: [')
    # kube lists schema errors in Go map order (it varies from call to call); the scale
    # subresource's replicas check comes after them, with the CRD's own path, leading dot and all.
    assert sorted((c.field, c.message) for c in err.causes) == [
        (".spec.replicas", "Invalid value: -1: should be a non-negative integer"),
        ("spec.replicas", "Invalid value: -1: spec.replicas in body should be greater than or equal to 0"),
        ("spec.size", 'Unsupported value: "huge": supported values: "small", "medium", "large"'),
    ]
    assert err.causes[-1].field == ".spec.replicas"


async def test_update_is_validated_too(client: Client, namespace: str) -> None:
    created = await client.create(widget(namespace))
    with pytest.raises(errors.InvalidError) as info:
        await client.update(dict(created, spec={**created["spec"], "tags": ["a"] * 6}))
    assert "spec.tags: Too many: 6: must have at most 5 items" in str(info.value)
    with pytest.raises(errors.InvalidError):
        await client.patch(*W, "w", {"spec": {"replicas": 100}}, namespace)


async def test_defaults_are_applied(client: Client, namespace: str) -> None:
    created = await client.create(widget(namespace))
    assert created["spec"]["size"] == "medium"
    assert created["spec"]["replicas"] == 1


async def test_unknown_fields_are_pruned_with_a_warning(
    client: Client, namespace: str, caplog: pytest.LogCaptureFixture
) -> None:
    field = f"bogus{uuid.uuid4().hex[:6]}"
    obj = widget(namespace, **{field: 1, "extra": {"anything": {"goes": True}}})
    with caplog.at_level(logging.WARNING, logger="controller_runtime.client.rest"):
        created = await client.create(obj)
    assert field not in created["spec"]
    assert created["spec"]["extra"] == {"anything": {"goes": True}}  # x-kubernetes-preserve-unknown-fields
    assert any(f'unknown field "spec.{field}"' in r.getMessage() for r in caplog.records)


async def test_invalid_object_name(client: Client, namespace: str) -> None:
    with pytest.raises(errors.InvalidError) as info:
        await client.create(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "Bad_Name", "namespace": namespace},
            }
        )
    assert str(info.value).startswith(
        'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"'
    )
    assert info.value.causes[0].field == "metadata.name"


async def test_deprecated_version_is_served(client: Client, namespace: str) -> None:
    await client.create(widget(namespace))
    old = await client.get("test.lookout.dev/v1beta1", "Widget", "w", namespace)
    assert old["apiVersion"] == "test.lookout.dev/v1beta1"
    assert old["spec"]["image"] == "nginx:1"


def gadget(name: str, **spec: Any) -> dict[str, Any]:
    return {"apiVersion": "test.lookout.dev/v1", "kind": "Gadget", "metadata": {"name": name}, "spec": spec}


async def test_rule_on_the_root_reports_the_nil_path(client: Client) -> None:
    with pytest.raises(errors.InvalidError) as info:
        await client.create(gadget("reserved"))
    assert str(info.value) == (
        'Gadget.test.lookout.dev "reserved" is invalid: <nil>: Invalid value: "object": '
        "the name reserved is reserved"
    )
    assert [(c.field, c.type) for c in info.value.causes] == [("<nil>", "FieldValueInvalid")]


async def test_blocking_error_skips_rules_with_a_nil_path_cause(client: Client) -> None:
    """A type error (kube calls it blocking) stops CEL; kube says so in an extra cause."""
    name = f"g-{uuid.uuid4().hex[:8]}"
    with pytest.raises(errors.InvalidError) as info:
        await client.create(gadget(name, minSize="three", maxSize=1))
    causes = [(c.field, c.type, c.message) for c in info.value.causes]
    skipped = (
        "some validation rules were not checked because the object was invalid; correct the "
        "existing errors to complete validation"
    )
    assert causes[0] == (
        "spec.minSize",
        "FieldValueTypeInvalid",
        'Invalid value: "string": spec.minSize in body must be of type integer: "string"',
    )
    # kube before 1.33 quotes the nil value ("null"); 1.33 and later print it bare
    assert causes[1:] in (
        [("<nil>", "FieldValueInvalid", f"Invalid value: null: {skipped}")],
        [("<nil>", "FieldValueInvalid", f'Invalid value: "null": {skipped}')],
    )
    # a non-blocking error (pattern, bounds) lets the rules run: no such cause then
    with pytest.raises(errors.InvalidError) as info:
        await client.create(gadget(name, minSize=3, maxSize=1))
    assert [c.message for c in info.value.causes] == [
        'Invalid value: "object": minSize must not exceed maxSize'
    ]


async def test_dropping_a_defaulted_field_keeps_the_generation(client: Client, namespace: str) -> None:
    """Defaults are applied before the server compares specs: a patch that removes a defaulted
    field gets it back and is no change of spec, so metadata.generation stays."""
    created = await client.create(widget(namespace))
    assert created["spec"]["size"] == "medium" and created["metadata"]["generation"] == 1
    patched = await client.patch(*W, "w", {"spec": {"size": None}}, namespace)
    assert patched["spec"]["size"] == "medium"
    assert patched["metadata"]["generation"] == 1
    resized = await client.patch(*W, "w", {"spec": {"size": "large"}}, namespace)
    assert resized["metadata"]["generation"] == 2
