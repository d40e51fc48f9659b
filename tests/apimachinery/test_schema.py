"""CRD structural schemas: kube-apiserver's validation messages, defaulting and pruning."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from controller_runtime.apimachinery.field import ErrorType
from controller_runtime.apimachinery.schema import apply_defaults, prune, validate

INTERVAL = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"


def spec_schema(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        spec["required"] = required
    return {
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": spec,
        },
    }


def messages(obj: Any, schema: dict[str, Any]) -> list[str]:
    return [str(e) for e in validate(obj, schema)]


@pytest.mark.parametrize(
    ("props", "value", "message"),
    [
        (
            {"type": "string", "enum": ["asc", "desc"]},
            "x",
            'spec.f: Unsupported value: "x": supported values: "asc", "desc"',
        ),
        ({"type": "integer", "enum": [1, 2]}, 3, 'spec.f: Unsupported value: 3: supported values: "1", "2"'),
        (
            {"type": "string", "pattern": INTERVAL},
            "abc",
            f"spec.f: Invalid value: \"abc\": spec.f in body should match '{INTERVAL}'",
        ),
        (
            {"type": "integer"},
            "string",
            'spec.f: Invalid value: "string": spec.f in body must be of type integer: "string"',
        ),
        (
            {"type": "string"},
            5,
            'spec.f: Invalid value: "integer": spec.f in body must be of type string: "integer"',
        ),
        (
            {"type": "boolean"},
            {"a": 1},
            'spec.f: Invalid value: "object": spec.f in body must be of type boolean: "object"',
        ),
        (
            {"type": "array"},
            "x",
            'spec.f: Invalid value: "string": spec.f in body must be of type array: "string"',
        ),
        (
            {"type": "string"},
            None,
            'spec.f: Invalid value: "null": spec.f in body must be of type string: "null"',
        ),
        (
            {"x-kubernetes-int-or-string": True},
            True,
            'spec.f: Invalid value: "boolean": spec.f in body must be of type integer,string: "boolean"',
        ),
        ({"type": "string", "maxLength": 3}, "abcd", "spec.f: Too long: may not be more than 3 bytes"),
        (
            {"type": "string", "minLength": 3},
            "ab",
            'spec.f: Invalid value: "ab": spec.f in body should be at least 3 chars long',
        ),
        (
            {"type": "integer", "minimum": 1},
            0,
            "spec.f: Invalid value: 0: spec.f in body should be greater than or equal to 1",
        ),
        (
            {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
            1,
            "spec.f: Invalid value: 1: spec.f in body should be greater than 1",
        ),
        (
            {"type": "number", "maximum": 1.5},
            2.5,
            "spec.f: Invalid value: 2.5: spec.f in body should be less than or equal to 1.5",
        ),
        (
            {"type": "integer", "maximum": 10, "exclusiveMaximum": True},
            10,
            "spec.f: Invalid value: 10: spec.f in body should be less than 10",
        ),
        (
            {"type": "integer", "multipleOf": 3},
            10,
            "spec.f: Invalid value: 10: spec.f in body should be a multiple of 3",
        ),
        ({"type": "array", "maxItems": 2}, [1, 2, 3], "spec.f: Too many: 3: must have at most 2 items"),
        ({"type": "array", "maxItems": 1}, [1, 2], "spec.f: Too many: 2: must have at most 1 item"),
        (
            {"type": "array", "minItems": 2},
            [1],
            "spec.f: Invalid value: 1: spec.f in body should have at least 2 items",
        ),
        (
            {"type": "array", "uniqueItems": True},
            [1, 1],
            'spec.f: Invalid value: "": spec.f in body shouldn\'t contain duplicates',
        ),
        (
            {"type": "object", "maxProperties": 1},
            {"a": 1, "b": 2},
            "spec.f: Too many: 1: must have at most 1 item",
        ),
        (
            {"type": "object", "minProperties": 2},
            {"a": 1},
            "spec.f: Invalid value: 2: spec.f in body should have at least 2 properties",
        ),
        (
            {"type": "string", "format": "date-time"},
            "yesterday",
            'spec.f: Invalid value: "yesterday": spec.f in body must be of type date-time: "yesterday"',
        ),
        (
            {"type": "string", "format": "duration"},
            "soon",
            'spec.f: Invalid value: "soon": spec.f in body must be of type duration: "soon"',
        ),
        (
            {"type": "string", "format": "uri"},
            "not a uri",
            'spec.f: Invalid value: "not a uri": spec.f in body must be of type uri: "not a uri"',
        ),
        (
            {"type": "string", "format": "byte"},
            "%%%",
            'spec.f: Invalid value: "%%%": spec.f in body must be of type byte: "%%%"',
        ),
        (
            {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
            ["a", "b", "a"],
            'spec.f[2]: Duplicate value: "a"',
        ),
        (
            {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["name"],
                "items": {"type": "object", "properties": {"name": {"type": "string"}}},
            },
            [{"name": "a"}, {"name": "a"}],
            'spec.f[1]: Duplicate value: {"name":"a"}',
        ),
        (
            {"type": "object", "additionalProperties": {"type": "integer"}},
            {"k": "v"},
            'spec.f.k: Invalid value: "string": spec.f.k in body must be of type integer: "string"',
        ),
        (
            {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
            {"b": "x"},
            'spec.f: Invalid value: "b": spec.f.b in body is a forbidden property',
        ),
    ],
)
def test_validation_messages_match_kube_apiserver(props: dict[str, Any], value: Any, message: str) -> None:
    assert messages({"spec": {"f": value}}, spec_schema({"f": props})) == [message]


@pytest.mark.parametrize(
    ("props", "value"),
    [
        ({"type": "integer"}, 2.0),  # a float holding an integer is an integer, as in kube
        ({"type": "number"}, 2),
        ({"type": "string", "nullable": True}, None),
        ({"x-kubernetes-int-or-string": True}, 8080),
        ({"x-kubernetes-int-or-string": True}, "http"),
        ({"x-kubernetes-preserve-unknown-fields": True}, {"any": ["thing"]}),
        ({"type": "string", "format": "date-time"}, "2024-05-01T10:20:30Z"),
        ({"type": "string", "format": "date-time"}, "2024-05-01T10:20:30.123+02:00"),
        ({"type": "string", "format": "date"}, "2024-02-29"),
        ({"type": "string", "format": "duration"}, "1h30m"),
        ({"type": "string", "format": "uri"}, "https://example.com/x"),
        ({"type": "string", "format": "int64"}, "not checked"),
        ({"type": "string", "format": "ipv4"}, "10.0.0.1"),
        ({"type": "string", "format": "ipv6"}, "fe80::1"),
        ({"type": "string", "format": "cidr"}, "10.0.0.0/8"),
        ({"type": "string", "format": "uuid"}, "123e4567-e89b-12d3-a456-426614174000"),
        ({"type": "string", "format": "hostname"}, "registry.example.com"),
        ({"type": "string", "format": "mac"}, "00:1a:2b:3c:4d:5e"),
        ({"type": "string", "pattern": INTERVAL}, "1m30s"),
        ({"type": "string", "pattern": "^[a-z]+"}, "abc123"),  # patterns are unanchored searches
        ({"type": "string", "format": "byte"}, "aGVsbG8="),
    ],
)
def test_valid_values(props: dict[str, Any], value: Any) -> None:
    assert messages({"spec": {"f": value}}, spec_schema({"f": props})) == []


@pytest.mark.parametrize(
    ("fmt", "value"),
    [
        ("date", "2023-02-29"),
        ("ipv4", "::1"),
        ("ipv6", "1.2.3.4"),
        ("cidr", "10.0.0.1"),
        ("uuid", "xyz"),
        ("hostname", "-bad-"),
        ("mac", "00:11"),
        ("email", "nobody"),
    ],
)
def test_invalid_formats(fmt: str, value: str) -> None:
    errs = validate({"spec": {"f": value}}, spec_schema({"f": {"type": "string", "format": fmt}}))
    assert [e.type for e in errs] == [ErrorType.TYPE_INVALID]
    assert errs[0].detail == f'spec.f in body must be of type {fmt}: "{value}"'


def test_required_and_nested_item_paths() -> None:
    schema = spec_schema(
        {
            "items": {
                "type": "array",
                "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            }
        },
        required=["image", "items"],
    )
    errs = validate({"spec": {"items": [{"name": "a"}, {}]}}, schema)
    assert [str(e) for e in errs] == ["spec.image: Required value", "spec.items[1].name: Required value"]
    assert errs[0].type.reason == "FieldValueRequired"
    assert errs[0].to_cause() == {
        "reason": "FieldValueRequired",
        "message": "Required value",
        "field": "spec.image",
    }


def test_embedded_resource_requires_apiversion_and_kind() -> None:
    schema = spec_schema(
        {
            "template": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
            }
        }
    )
    assert messages({"spec": {"template": {"metadata": {}}}}, schema) == [
        "spec.template.apiVersion: Required value: must not be empty",
        "spec.template.kind: Required value: must not be empty",
    ]
    assert messages({"spec": {"template": {"apiVersion": "v1", "kind": "ConfigMap"}}}, schema) == []


def test_root_path_prefixes_fields() -> None:
    errs = validate({"f": 1}, {"type": "object", "properties": {"f": {"type": "string"}}}, root_path="spec")
    assert (
        str(errs[0]) == 'spec.f: Invalid value: "integer": spec.f in body must be of type string: "integer"'
    )


# ---------------------------------------------------------------- defaulting


DEFAULTS = spec_schema(
    {
        "policy": {"type": "string", "default": "asc"},
        "timeout": {"type": "string", "default": "60s"},
        "nested": {
            "type": "object",
            "default": {},
            "properties": {
                "a": {"type": "integer", "default": 1},
                "deep": {"type": "object", "properties": {"b": {"type": "string", "default": "x"}}},
            },
        },
        "items": {
            "type": "array",
            "items": {"type": "object", "properties": {"op": {"type": "string", "default": "extract"}}},
        },
        "opt": {"type": "object", "properties": {"c": {"type": "string", "default": "y"}}},
        "keep": {"type": "string"},
        "nullable": {"type": "string", "nullable": True, "default": "d"},
    }
)


def test_defaults_apply_where_parent_exists() -> None:
    obj: dict[str, Any] = {"spec": {"items": [{}, {"op": "copy"}], "keep": None, "nullable": None}}
    apply_defaults(obj, DEFAULTS)
    assert obj["spec"] == {
        "policy": "asc",
        "timeout": "60s",
        "nested": {"a": 1},  # the defaulted {} gets its own defaults; "deep" is absent so not defaulted
        "items": [{"op": "extract"}, {"op": "copy"}],
        "nullable": None,  # nullable: an explicit null stays
    }
    # "opt" is absent, so its child default does not apply; "keep": null (not nullable, no default) is dropped


def test_defaults_replace_non_nullable_null_and_keep_values() -> None:
    obj: dict[str, Any] = {"spec": {"policy": None, "timeout": "5s", "opt": {}}}
    apply_defaults(obj, DEFAULTS)
    assert obj["spec"]["policy"] == "asc"
    assert obj["spec"]["timeout"] == "5s"
    assert obj["spec"]["opt"] == {"c": "y"}


def test_default_values_are_copies() -> None:
    a: dict[str, Any] = {"spec": {}}
    b: dict[str, Any] = {"spec": {}}
    apply_defaults(a, DEFAULTS)
    a["spec"]["nested"]["a"] = 99
    apply_defaults(b, DEFAULTS)
    assert b["spec"]["nested"]["a"] == 1


# ---------------------------------------------------------------- pruning


PRUNE = spec_schema(
    {
        "known": {"type": "string"},
        "items": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "free": {
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": True,
            "properties": {"typed": {"type": "object", "properties": {"x": {"type": "string"}}}},
        },
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "template": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "properties": {"spec": {"type": "object", "properties": {"a": {"type": "string"}}}},
        },
    }
)


def test_prune_removes_unknown_fields_and_reports_paths() -> None:
    obj: dict[str, Any] = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "labels": {"a": "b"}, "bogus": 1},
        "spec": {
            "known": "k",
            "foo": 1,
            "items": [{"name": "a", "extra": True}],
            "free": {"anything": {"goes": 1}, "typed": {"x": "1", "y": "2"}},
            "labels": {"any-key": "v"},
            "template": {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "p", "junk": 1},
                "spec": {"a": "1", "b": "2"},
                "status": {},
            },
        },
        "status": {"x": 1},
    }
    removed = prune(obj, PRUNE)
    assert removed == [
        "metadata.bogus",
        "spec.foo",
        "spec.free.typed.y",
        "spec.items[0].extra",
        "spec.template.metadata.junk",
        "spec.template.spec.b",
        "spec.template.status",
        "status",
    ]
    assert obj == {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "labels": {"a": "b"}},
        "spec": {
            "known": "k",
            "items": [{"name": "a"}],
            "free": {"anything": {"goes": 1}, "typed": {"x": "1"}},
            "labels": {"any-key": "v"},
            "template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"a": "1"}},
        },
    }


def test_prune_keeps_everything_the_schema_knows() -> None:
    obj = {"apiVersion": "a/v1", "kind": "K", "metadata": {"name": "n"}, "spec": {"known": "x"}}
    before = copy.deepcopy(obj)
    assert prune(obj, PRUNE) == []
    assert obj == before


def test_bounds_print_like_kube_openapi() -> None:
    schema = spec_schema(
        {"a": {"type": "integer", "maximum": 1000000}, "b": {"type": "number", "maximum": 1000000}}
    )
    assert messages({"spec": {"a": 2000000, "b": 1.5e7}}, schema) == [
        "spec.a: Invalid value: 2000000: spec.a in body should be less than or equal to 1000000",
        "spec.b: Invalid value: 1.5e+07: spec.b in body should be less than or equal to 1e+06",
    ]
