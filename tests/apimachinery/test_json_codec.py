"""The JSON codec of API traffic: orjson's speed, the stdlib's results where orjson refuses."""

from __future__ import annotations

import json

import pytest

from controller_runtime.apimachinery.json_codec import copy_decoded, dumps, loads


def test_dumps_is_compact_utf8_like_the_api_server() -> None:
    assert dumps({"a": [1, "é", None, True]}) == '{"a":[1,"é",null,true]}'.encode()


@pytest.mark.parametrize(
    "value",
    [{"n": 2**70}, {"n": -(2**70)}, {1: "a"}],
    ids=["integer beyond 64 bits", "negative integer beyond 64 bits", "non-string key"],
)
def test_dumps_writes_what_orjson_refuses_as_the_stdlib_does(value: object) -> None:
    assert dumps(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def test_loads_accepts_a_byte_order_mark_as_the_stdlib_does() -> None:
    assert loads(b'\xef\xbb\xbf{"a":1}') == {"a": 1}


def test_loads_reports_bad_json_with_the_stdlibs_error() -> None:
    with pytest.raises(json.JSONDecodeError) as exc:
        loads(b'{"a":')
    assert str(exc.value) == "Expecting value: line 1 column 6 (char 5)"


def test_copy_decoded_is_an_equal_independent_copy() -> None:
    original = {"metadata": {"labels": {"a": "1"}}, "spec": {"items": [{"n": 2**70}, 1.5, None]}}
    copied = copy_decoded(original)
    assert copied == original
    copied["metadata"]["labels"]["a"] = "2"
    copied["spec"]["items"].append("x")
    assert original == {"metadata": {"labels": {"a": "1"}}, "spec": {"items": [{"n": 2**70}, 1.5, None]}}
