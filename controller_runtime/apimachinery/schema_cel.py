"""``x-kubernetes-validations`` (CEL) rules of CRD schemas, evaluated with cel-python.

Errors follow apiextensions-apiserver: a failed rule is ``<path>: Invalid value: "<schema type>":
<message>`` (or Required/Forbidden/Duplicate per ``reason``), ``fieldPath`` moves the error, a
``messageExpression`` computes the message, and rules that read ``oldSelf`` run only on update.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import celpy
from celpy.adapter import json_to_cel
from celpy.celparser import CELParseError
from celpy.celtypes import BoolType
from celpy.evaluation import CELEvalError

from controller_runtime.apimachinery import field as fe
from controller_runtime.apimachinery.field import FieldError

# celpy logs the objects it evaluates (a custom resource's spec, say) at debug level: a
# server never puts object content in its logs, whatever the log level.
logging.getLogger("celpy").setLevel(logging.WARNING)

_env: Any = None  # built on first use: building the CEL parser costs a few hundred ms
_programs: dict[str, Any] = {}

NO_OLD: Any = object()
# A rule on the resource's root schema reports kube's nil field path, printed "<nil>".
ROOT_PATH = "<nil>"

BLOCKING_TYPES = (
    fe.ErrorType.NOT_SUPPORTED,
    fe.ErrorType.REQUIRED,
    fe.ErrorType.TOO_LONG,
    fe.ErrorType.TOO_MANY,
    fe.ErrorType.TYPE_INVALID,
)
BLOCKED_MESSAGE = (
    "some validation rules were not checked because the object was invalid; "
    "correct the existing errors to complete validation"
)


# has_rules per schema node, keyed by id() and holding the node so the id cannot be reused while
# cached. Served CRD schemas are never mutated in place (a CRD update brings new dicts), so the
# answer holds for the node's life; the memo is bounded and simply starts over when full.
_RULES_MEMO_LIMIT = 100_000
_rules_memo: dict[int, tuple[Mapping[str, Any], bool]] = {}


def has_rules(schema: Mapping[str, Any] | None) -> bool:
    """True when any node of the schema carries x-kubernetes-validations.

    Cached per node: without the cache every write walked the whole schema (hundreds of
    microseconds for a Flux-sized CRD) only to learn that it has no rules.
    """
    if not isinstance(schema, Mapping):
        return False
    hit = _rules_memo.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    found = bool(schema.get("x-kubernetes-validations"))
    subs: list[Any] = list((schema.get("properties") or {}).values())
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), Mapping):
            subs.append(schema[key])
    for key in ("allOf", "anyOf", "oneOf"):
        subs.extend(schema.get(key) or [])
    # every child is visited (not any()'s short cut) so each node gets its own cached answer
    for sub in subs:
        found = has_rules(sub) or found
    if len(_rules_memo) >= _RULES_MEMO_LIMIT:
        _rules_memo.clear()
    _rules_memo[id(schema)] = (schema, found)
    return found


def _program(expr: str) -> Any:
    global _env
    prg = _programs.get(expr)
    if prg is None:
        if _env is None:
            _env = celpy.Environment()
        prg = _env.program(_env.compile(expr))
        _programs[expr] = prg
    return prg


def _rule_text(rule: str) -> str:
    return rule.strip()


def _schema_type(schema: Mapping[str, Any]) -> str:
    return str(schema.get("type") or "")


def _error(path: str, schema: Mapping[str, Any], detail: str, reason: str | None) -> FieldError:
    value = _schema_type(schema)
    if reason == "FieldValueForbidden":
        return fe.forbidden(path, detail)
    if reason == "FieldValueRequired":
        return fe.required(path, detail)
    if reason == "FieldValueDuplicate":
        return fe.duplicate(path, value)
    return fe.invalid(path, value, detail)


def _join(path: str, field_path: str) -> str:
    if not field_path:
        return path
    if field_path.startswith("["):
        return path + field_path
    rel = field_path.lstrip(".")
    return f"{path}.{rel}" if path else rel


# Outcomes of rules that do not read oldSelf, by (rule, value): CEL is pure, so the same value
# gives the same answer. Status writes re-validate an unchanged spec, and updates leave most
# subtrees unchanged; cel-python takes a good part of a millisecond per evaluation.
_OUTCOME_CACHE_LIMIT = 4096
_outcomes: dict[tuple[str, str], bool | str] = {}


def _outcome(expr: str, value: Any, old: Any) -> bool | str:
    """True if the rule holds, False if it fails, else kube's detail of a compile/runtime error."""
    key: tuple[str, str] | None = None
    if old is NO_OLD:
        try:
            key = (expr, json.dumps(value, sort_keys=True, separators=(",", ":")))
        except (TypeError, ValueError):  # not JSON (a caller's own objects): evaluate every time
            key = None
        if key is not None and key in _outcomes:
            return _outcomes[key]
    out = _evaluate(expr, value, old)
    if key is not None:
        if len(_outcomes) >= _OUTCOME_CACHE_LIMIT:
            _outcomes.clear()
        _outcomes[key] = out
    return out


def _evaluate(expr: str, value: Any, old: Any) -> bool | str:
    activation: dict[str, Any] = {"self": json_to_cel(value)}
    if old is not NO_OLD:
        activation["oldSelf"] = json_to_cel(old)
    try:
        result = _program(expr).evaluate(activation)
    except CELParseError as e:
        return f"compilation failed: {e}"
    except CELEvalError as e:
        msg = e.args[0] if e.args else str(e)
        if "no matching overload" in str(msg):
            return (
                f"'{msg}': call arguments did not match a supported operator, function or macro "
                f"signature for rule: {_rule_text(expr)}"
            )
        return f"{msg} evaluating rule: {_rule_text(expr)}"
    except Exception as e:  # cel-python raises plain errors for some runtime faults
        return f"{e} evaluating rule: {_rule_text(expr)}"
    return isinstance(result, BoolType | bool) and bool(result)


class _CelValidator:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def walk(self, value: Any, old: Any, schema: Mapping[str, Any] | None, path: str) -> None:
        if not isinstance(schema, Mapping) or value is None or not has_rules(schema):
            return  # no rule at or below this node: skip the subtree
        for rule in schema.get("x-kubernetes-validations") or []:
            if isinstance(rule, Mapping):
                self.rule(value, old, schema, rule, path)
        props: Mapping[str, Any] = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        if isinstance(value, dict):
            old_map = old if isinstance(old, dict) else {}
            for k in sorted(value):
                sub = props.get(k)
                if sub is None and isinstance(additional, Mapping):
                    sub = additional
                if sub is not None:
                    child = f"{path}.{k}" if path else k
                    self.walk(value[k], old_map.get(k, NO_OLD) if old is not NO_OLD else NO_OLD, sub, child)
        elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
            items = schema["items"]
            keys = list(schema.get("x-kubernetes-list-map-keys") or [])
            old_list = old if isinstance(old, list) else []
            for i, item in enumerate(value):
                old_item: Any = NO_OLD
                if schema.get("x-kubernetes-list-type") == "map" and isinstance(item, dict):
                    for candidate in old_list:
                        if isinstance(candidate, dict) and all(candidate.get(k) == item.get(k) for k in keys):
                            old_item = candidate
                            break
                self.walk(item, old_item, items, f"{path}[{i}]")

    def rule(
        self, value: Any, old: Any, schema: Mapping[str, Any], rule: Mapping[str, Any], path: str
    ) -> None:
        expr = str(rule.get("rule") or "")
        if not expr:
            return
        uses_old = "oldSelf" in expr
        if uses_old and old is NO_OLD and not rule.get("optionalOldSelf"):
            return
        where = _join(path, str(rule.get("fieldPath") or "")) or ROOT_PATH
        path = path or ROOT_PATH
        reason = rule.get("reason")
        outcome = _outcome(expr, value, old if uses_old else NO_OLD)
        if outcome is True:
            return
        if isinstance(outcome, str):
            self.errors.append(fe.invalid(path, _schema_type(schema), outcome))
            return
        self.errors.append(_error(where, schema, self.message(rule, value, expr), reason))

    @staticmethod
    def message(rule: Mapping[str, Any], value: Any, expr: str) -> str:
        msg_expr = rule.get("messageExpression")
        if msg_expr:
            try:
                out = _program(str(msg_expr)).evaluate({"self": json_to_cel(value)})
                if isinstance(out, str) and out.strip() and "\n" not in out:
                    return str(out)
            except Exception:  # a broken messageExpression falls back to the static message
                pass
        message = rule.get("message")
        if message:
            return str(message)
        return f"failed rule: {_rule_text(expr)}"


def validate_rules(
    obj: Any, schema: Mapping[str, Any] | None, root_path: str = "", old: Any = NO_OLD
) -> list[FieldError]:
    """Evaluate every x-kubernetes-validations rule of ``schema`` against ``obj``."""
    v = _CelValidator()
    v.walk(obj, old, schema, root_path)
    return v.errors
