"""Label selector parsing and matching, cases from k8s.io/apimachinery labels/selector_test.go."""

from __future__ import annotations

import pytest

from controller_runtime.apimachinery.labels import (
    Selector,
    SelectorError,
    format_label_selector,
    label_selector_to_string,
    parse,
    selector_from_label_selector,
    selector_from_set,
)

QUALIFIED_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("x=a,y=b,z=c", "x=a,y=b,z=c"),
        ("z=c,x=a", "x=a,z=c"),
        ("", ""),
        ("x!=a,y=b", "x!=a,y=b"),
        ("x=", "x="),
        ("x= ", "x="),
        ("x=,z= ", "x=,z="),
        ("x= ,z= ", "x=,z="),
        ("!x", "!x"),
        ("x>1", "x>1"),
        ("x>1,z<5", "x>1,z<5"),
        ("x==a", "x==a"),
        ("  x  =  a  ", "x=a"),
        ("x in (b,a)", "x in (a,b)"),
        ("x in(a)", "x in (a)"),
        ("x notin (a)", "x notin (a)"),
        ("x in ()", "x in ()"),
        ("x in (,a)", "x in (,a)"),
        ("x", "x"),
        ("example.com/app=web", "example.com/app=web"),
        ("in=notin", "in=notin"),
        ("x\tin\n(a , b)", "x in (a,b)"),
    ],
)
def test_parse_canonical_form(text: str, canonical: str) -> None:
    assert str(parse(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x=a||y=b", f'unable to parse requirement: values[0][x]: Invalid value: "a||y": {VALUE_MSG}'),
        ("x==a==b", "found '==', expected: ',' or 'end of string'"),
        ("!x=a", "found '=', expected: ',' or 'end of string'"),
        (
            "x<a",
            'unable to parse requirement: values[0]: Invalid value: "a": '
            "for 'Gt', 'Lt' operators, the value must be an integer",
        ),
        ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
        ("x,", "found '', expected: identifier after ','"),
        ("x in a", "unable to parse requirement: found 'a' expected: '('"),
        ("x in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("=a", "found '=', expected: !, identifier, or 'end of string'"),
        ("x=a b", "found 'b', expected: ',' or 'end of string'"),
        ("x=(", "unable to parse requirement: found '(', expected: identifier"),
        ("a@b=c", f'unable to parse requirement: <nil>: Invalid value: "a@b": {QUALIFIED_MSG}'),
        ("x=" + "a" * 64, "must be no more than 63 characters"),
        (
            "/x=a",
            'unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty',
        ),
    ],
)
def test_parse_errors_use_kubes_wording(text: str, message: str) -> None:
    with pytest.raises(SelectorError) as exc:
        parse(text)
    assert message in str(exc.value)
    if not message.startswith("must"):
        assert str(exc.value) == message


@pytest.mark.parametrize(
    ("selector", "labels", "want"),
    [
        ("", {"x": "y"}, True),
        ("x=y", {"x": "y"}, True),
        ("x=y,z=w", {"x": "y", "z": "w"}, True),
        ("x!=y,z!=w", {"x": "z", "z": "a"}, True),
        ("notin=in", {"notin": "in"}, True),
        ("x", {"x": "z"}, True),
        ("!x", {"y": "z"}, True),
        ("x>1", {"x": "2"}, True),
        ("x<1", {"x": "0"}, True),
        ("x=z", {}, False),
        ("x=y", {"x": "z"}, False),
        ("x=y,z=w", {"x": "w", "z": "w"}, False),
        ("x!=y,z!=w", {"x": "z", "z": "w"}, False),
        ("x", {"y": "z"}, False),
        ("!x", {"x": "z"}, False),
        ("x>1", {"x": "0"}, False),
        ("x<1", {"x": "2"}, False),
        ("x>1", {"x": "a"}, False),
        ("x>1", {}, False),
        ("x!=a", {}, True),
        ("x notin (a,b)", {}, True),
        ("x notin (a,b)", {"x": "b"}, False),
        ("x in (a,b)", {"x": "b"}, True),
        ("x in (a,b)", {}, False),
        ("x=", {}, False),
        ("x=", {"x": ""}, True),
        ("x in (,a)", {"x": ""}, True),
    ],
)
def test_matches(selector: str, labels: dict[str, str], want: bool) -> None:
    assert parse(selector).matches(labels) is want


def test_empty_and_nothing() -> None:
    assert parse("").empty()
    assert not parse("x").empty()
    nothing = selector_from_label_selector(None)
    assert not nothing.empty()
    assert not nothing.matches({})
    everything = selector_from_label_selector({})
    assert everything.empty() and everything.matches({"a": "b"})
    assert selector_from_label_selector({"matchLabels": {}, "matchExpressions": []}).empty()


def test_label_selector_conversion() -> None:
    ls = {
        "matchLabels": {"app": "web", "tier": "front"},
        "matchExpressions": [
            {"key": "env", "operator": "In", "values": ["prod", "dev"]},
            {"key": "legacy", "operator": "DoesNotExist"},
            {"key": "team", "operator": "Exists"},
            {"key": "zone", "operator": "NotIn", "values": ["b"]},
        ],
    }
    sel = selector_from_label_selector(ls)
    assert str(sel) == "app=web,env in (dev,prod),!legacy,team,tier=front,zone notin (b)"
    assert label_selector_to_string(ls) == str(sel)
    assert sel.matches({"app": "web", "tier": "front", "env": "dev", "team": "a"})
    assert not sel.matches({"app": "web", "tier": "front", "env": "dev", "team": "a", "legacy": "1"})
    assert not sel.matches({"app": "web", "tier": "front", "env": "qa", "team": "a"})
    assert sel == parse(str(sel))


@pytest.mark.parametrize(
    ("ls", "message"),
    [
        (
            {"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]},
            '"Gt" is not a valid label selector operator',
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "In", "values": []}]},
            "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty",
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
            'values: Invalid value: ["x"]: values set must be empty for exists and does not exist',
        ),
        ({"matchLabels": {"a b": "c"}}, f'key: Invalid value: "a b": {QUALIFIED_MSG}'),
        ({"matchLabels": {"a": "b c"}}, f'values[0][a]: Invalid value: "b c": {VALUE_MSG}'),
    ],
)
def test_label_selector_errors(ls: dict[str, object], message: str) -> None:
    with pytest.raises(SelectorError) as exc:
        selector_from_label_selector(ls)
    assert str(exc.value) == message
    assert format_label_selector(ls) == "<error>"


def test_format_label_selector_like_kubectl() -> None:
    assert format_label_selector({}) == "<none>"
    assert format_label_selector(None) == "<none>"
    assert format_label_selector({"matchLabels": {"a": "b"}}) == "a=b"


def test_selector_from_set_and_exact_match() -> None:
    sel = selector_from_set({"b": "2", "a": "1"})
    assert str(sel) == "a=1,b=2"
    assert sel.requires_exact_match("a") == "1"
    assert parse("a in (x)").requires_exact_match("a") == "x"
    assert parse("a in (x,y)").requires_exact_match("a") is None
    assert Selector.everything().matches({})
