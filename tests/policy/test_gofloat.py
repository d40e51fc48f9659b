"""The numerical policy reads numbers exactly as Go's strconv.ParseFloat(s, 64) does."""

from __future__ import annotations

import math

import pytest

from controllers.policy.gofloat import parse_go_float


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1.0),
        ("+1", 1.0),
        ("-1", -1.0),
        ("1e23", 1e23),
        ("1E23", 1e23),
        ("100000000000000000000000", 1e23),
        ("1e-100", 1e-100),
        ("-0.1", -0.1),
        ("625e-3", 0.625),
        (".5", 0.5),
        ("5.", 5.0),
        ("1606364286", 1606364286.0),
        ("20240131.1200", 20240131.12),
        ("1e-400", 0.0),  # underflow is not an error in Go
        ("1_000", 1000.0),  # Go syntax allows underscores between digits
        ("1_23.50_0_0e+1_2", 1.235e14),
        ("0x1p4", 16.0),
        ("0x1.8p1", 3.0),
        ("0X_1P-2", 0.25),
        ("inf", math.inf),
        ("+Inf", math.inf),
        ("-infinity", -math.inf),
    ],
)
def test_numbers_go_accepts(text: str, value: float) -> None:
    assert parse_go_float(text) == value


def test_nan_is_a_number_in_go() -> None:
    result = parse_go_float("NaN")
    assert result is not None and math.isnan(result)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 1",
        "1 ",
        "1a",
        "abc",
        "1.1.",
        "1e",
        "1e-",
        ".",
        ".e1",
        "1e+_2",
        "_1",
        "1_",
        "1__0",
        "123_.5",
        "0x",
        "0x1",
        "0x.p1",
        "0x1p",
        "+nan",
        "-NaN",
        "infin",
        "1e400",
        "-1e400",
        "0x1p2000",
        "\uff11",
        "٣",
        "1,5",
        "v1",
        "0b101",
    ],
)
def test_values_go_refuses(text: str) -> None:
    assert parse_go_float(text) is None
