"""x-kubernetes-validations (CEL) rules: kube-apiserver's error shapes and when rules run."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.apimachinery.schema import validate
from controller_runtime.apimachinery.schema_cel import validate_rules

ALWAYS_ONLY = "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'"
MUST_SET = "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'"

# The ImagePolicy spec rules (Flux image-reflector-controller v1).
POLICY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "required": ["policy"],
            "properties": {
                "policy": {"type": "object", "properties": {"semver": {"type": "object"}}},
                "digestReflectionPolicy": {"type": "string", "enum": ["Always", "IfNotPresent", "Never"]},
                "interval": {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"},
            },
            "x-kubernetes-validations": [
                {
                    "message": ALWAYS_ONLY,
                    "rule": "!has(self.interval) || (has(self.digestReflectionPolicy) && "
                    "self.digestReflectionPolicy == 'Always')",
                },
                {
                    "message": MUST_SET,
                    "rule": "has(self.interval) || !has(self.digestReflectionPolicy) || "
                    "self.digestReflectionPolicy != 'Always'",
                },
            ],
        }
    },
}


def msgs(spec: dict[str, Any], schema: dict[str, Any] = POLICY_SCHEMA, **kw: Any) -> list[str]:
    return [str(e) for e in validate({"spec": spec}, schema, **kw)]


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        ({"policy": {}}, []),
        ({"policy": {}, "interval": "1m", "digestReflectionPolicy": "Always"}, []),
        ({"policy": {}, "interval": "1m"}, [f'spec: Invalid value: "object": {ALWAYS_ONLY}']),
        (
            {"policy": {}, "interval": "1m", "digestReflectionPolicy": "Never"},
            [f'spec: Invalid value: "object": {ALWAYS_ONLY}'],
        ),
        ({"policy": {}, "digestReflectionPolicy": "Always"}, [f'spec: Invalid value: "object": {MUST_SET}']),
    ],
)
def test_imagepolicy_interval_rules(spec: dict[str, Any], want: list[str]) -> None:
    assert msgs(spec) == want


def test_blocking_schema_errors_skip_rules() -> None:
    assert msgs({"interval": "1m"}) == [
        "spec.policy: Required value",
        "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; "
        "correct the existing errors to complete validation",
    ]
    # a pattern mismatch is not blocking: the rules still run
    assert msgs({"policy": {}, "interval": "soon"}) == [
        'spec.interval: Invalid value: "soon": spec.interval in body should match '
        "'^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'",
        f'spec: Invalid value: "object": {ALWAYS_ONLY}',
    ]


def rule_schema(rule: dict[str, Any], typ: str = "object", **props: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"type": typ, "x-kubernetes-validations": [rule]}
    if typ == "object":
        node["properties"] = props or {"a": {"type": "integer"}, "b": {"type": "integer"}}
    return {"type": "object", "properties": {"spec": node}}


@pytest.mark.parametrize(
    ("rule", "spec", "want"),
    [
        (
            {"rule": "self.a < self.b"},
            {"a": 2, "b": 1},
            'spec: Invalid value: "object": failed rule: self.a < self.b',
        ),
        (
            {
                "rule": "self.a < self.b",
                "fieldPath": ".a",
                "reason": "FieldValueForbidden",
                "message": "a too big",
            },
            {"a": 2, "b": 1},
            "spec.a: Forbidden: a too big",
        ),
        (
            {"rule": "self.a < self.b", "reason": "FieldValueRequired", "message": "need b"},
            {"a": 2, "b": 1},
            "spec: Required value: need b",
        ),
        (
            {"rule": "self.a < self.b", "messageExpression": "'a is ' + string(self.a)"},
            {"a": 2, "b": 1},
            'spec: Invalid value: "object": a is 2',
        ),
        ({"rule": "self.a < self.b"}, {"a": 1}, "no such member"),
    ],
)
def test_rule_error_shapes(rule: dict[str, Any], spec: dict[str, Any], want: str) -> None:
    out = msgs(spec, rule_schema(rule))
    assert len(out) == 1
    if want == "no such member":
        assert out[0].startswith('spec: Invalid value: "object": ')
        assert out[0].endswith(" evaluating rule: self.a < self.b")
    else:
        assert out == [want]


def test_rules_on_strings_and_lists() -> None:
    s = {
        "type": "object",
        "properties": {
            "name": {
                "type": "string",
                "x-kubernetes-validations": [
                    {"rule": "self.startsWith('app-') && size(self) <= 10", "message": "bad name"}
                ],
            },
            "tags": {
                "type": "array",
                "items": {"type": "string"},
                "x-kubernetes-validations": [
                    {"rule": "self.all(t, t.matches('^[a-z]+$'))", "message": "lower"}
                ],
            },
        },
    }
    assert [str(e) for e in validate({"name": "app-x", "tags": ["a", "b"]}, s)] == []
    assert [str(e) for e in validate({"name": "web", "tags": ["a", "B"]}, s)] == [
        'name: Invalid value: "string": bad name',
        'tags: Invalid value: "array": lower',
    ]


def test_transition_rules_run_only_on_update() -> None:
    s = rule_schema({"rule": "self.a >= oldSelf.a", "message": "a may not decrease"})
    assert msgs({"a": 1}, s) == []
    assert msgs({"a": 1}, s, old={"spec": {"a": 2}}) == ['spec: Invalid value: "object": a may not decrease']
    assert msgs({"a": 3}, s, old={"spec": {"a": 2}}) == []


def _nested(rules: list[dict[str, str]]) -> dict[str, Any]:
    """A schema whose only rule sits three levels down, beside rule-less siblings."""
    return {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "plain": {"type": "object", "properties": {"x": {"type": "integer"}}},
                    "deep": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"n": {"type": "integer"}},
                            "x-kubernetes-validations": rules,
                        },
                    },
                },
            }
        },
    }


def test_rules_found_below_rule_less_siblings_on_every_call() -> None:
    """The per-schema cache must not make a later call skip a rule an earlier one found."""
    schema = _nested([{"rule": "self.n > 0", "message": "n must be positive"}])
    obj = {"spec": {"plain": {"x": 1}, "deep": [{"n": 1}, {"n": 0}]}}
    for _ in range(3):
        assert [str(e) for e in validate(obj, schema)] == [
            'spec.deep[1]: Invalid value: "object": n must be positive'
        ]


def test_a_new_schema_is_not_answered_from_an_old_ones_cache() -> None:
    """A CRD update brings new schema dicts: rules added there run, rules removed stop."""
    obj = {"spec": {"deep": [{"n": 0}]}}
    assert validate(obj, _nested([])) == []
    with_rule = _nested([{"rule": "self.n > 0", "message": "n must be positive"}])
    assert [str(e) for e in validate(obj, with_rule)] == [
        'spec.deep[0]: Invalid value: "object": n must be positive'
    ]
    assert validate(obj, _nested([])) == []


def test_transition_rules_judge_each_old_value_afresh() -> None:
    """Rule outcomes are reused per value only for rules that do not read oldSelf."""
    schema = {
        "type": "object",
        "properties": {
            "mode": {
                "type": "string",
                "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "mode is immutable"}],
            }
        },
    }
    obj = {"mode": "a"}
    assert validate(obj, schema, old={"mode": "a"}) == []
    assert [str(e) for e in validate(obj, schema, old={"mode": "b"})] == [
        'mode: Invalid value: "string": mode is immutable'
    ]
    assert validate(obj, schema, old={"mode": "a"}) == []


def test_same_value_gives_same_errors_with_messages_from_the_value() -> None:
    schema = {
        "type": "object",
        "x-kubernetes-validations": [
            {"rule": "self.n < 3", "messageExpression": "'n is ' + string(self.n)"},
        ],
        "properties": {"n": {"type": "integer"}},
    }
    for _ in range(2):
        assert [str(e) for e in validate({"n": 5}, schema)] == ['<nil>: Invalid value: "object": n is 5']
        assert [str(e) for e in validate({"n": 7}, schema)] == ['<nil>: Invalid value: "object": n is 7']
        assert validate({"n": 1}, schema) == []


def test_the_objects_evaluated_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """cel-python logs what it evaluates at debug level; the API server logs no object content."""
    schema = {"type": "object", "properties": {"token": {"type": "string"}},
              "x-kubernetes-validations": [{"rule": "self.token.size() > 100", "message": "too short"}]}
    with caplog.at_level(1):
        errors = validate_rules({"token": "s3cr3t-value"}, schema, "spec")
    assert errors  # the rule ran, and failed
    assert "s3cr3t-value" not in caplog.text
