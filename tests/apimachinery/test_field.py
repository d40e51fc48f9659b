"""Rendering of field errors and Go value formats, as kube-apiserver prints them."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.apimachinery.field import (
    aggregate_message,
    duplicate,
    forbidden,
    go_float,
    go_json,
    go_quote,
    invalid,
    not_supported,
    required,
    too_long,
    too_many,
    type_invalid,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1.5, "1.5"),
        (-2.25, "-2.25"),
        (1e20, "1e+20"),
        (1e6, "1e+06"),
        (999999.5, "999999.5"),
        (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (123456789.125, "1.23456789125e+08"),
        (3.0e-7, "3e-07"),
        (608863452348.1149, "6.088634523481149e+11"),
        (float("inf"), "+Inf"),
    ],
)
def test_go_float_is_percent_v(value: float, text: str) -> None:
    assert go_float(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"b": 1, "a": [True, None]}, '{"a":[true,null],"b":1}'),
        ([1.0, 2.5], "[1,2.5]"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1234567.5, "1234567.5"),
        ("<&>", '"\\u003c\\u0026\\u003e"'),
        ([], "[]"),
    ],
)
def test_go_json_is_encoding_json(value: Any, text: str) -> None:
    assert go_json(value) == text


def test_go_quote() -> None:
    assert go_quote('a"b\\c\n\t\x01é') == '"a\\"b\\\\c\\n\\t\\x01é"'


@pytest.mark.parametrize(
    ("err", "text"),
    [
        (required("spec.image"), "spec.image: Required value"),
        (required("spec.x", "must be set"), "spec.x: Required value: must be set"),
        (invalid("spec.n", 5, "bad"), "spec.n: Invalid value: 5: bad"),
        (invalid("spec.f", 2.5, "bad"), "spec.f: Invalid value: 2.5: bad"),
        (invalid("spec.b", True, "bad"), "spec.b: Invalid value: true: bad"),
        (invalid("spec.s", "x", "bad"), 'spec.s: Invalid value: "x": bad'),
        (invalid("spec.m", {"k": "v"}, "bad"), 'spec.m: Invalid value: {"k":"v"}: bad'),
        (invalid("<nil>", None, "bad"), "<nil>: Invalid value: null: bad"),
        (type_invalid("spec.r", "string", "d"), 'spec.r: Invalid value: "string": d'),
        (
            not_supported("spec.p", "x", ["asc", "desc"]),
            'spec.p: Unsupported value: "x": supported values: "asc", "desc"',
        ),
        (forbidden("spec.x", "not allowed"), "spec.x: Forbidden: not allowed"),
        (duplicate("spec.l[1]", "a"), 'spec.l[1]: Duplicate value: "a"'),
        (too_long("spec.s", "abcdef", 5), "spec.s: Too long: may not be more than 5 bytes"),
        (too_long("spec.s", "ab", 1), "spec.s: Too long: may not be more than 1 byte"),
        (too_many("spec.l", 3, 2), "spec.l: Too many: 3: must have at most 2 items"),
    ],
)
def test_field_error_rendering(err: Any, text: str) -> None:
    assert str(err) == text


def test_status_cause_and_aggregate() -> None:
    err = not_supported("spec.p", "x", ["a"])
    assert err.to_cause() == {
        "reason": "FieldValueNotSupported",
        "message": 'Unsupported value: "x": supported values: "a"',
        "field": "spec.p",
    }
    assert aggregate_message([required("a"), required("a")]) == "a: Required value"
    assert aggregate_message([required("a"), required("b")]) == "[a: Required value, b: Required value]"
