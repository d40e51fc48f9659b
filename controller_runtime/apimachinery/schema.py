"""Structural OpenAPI v3 schemas of CRDs: validation, defaulting and pruning as kube-apiserver does.

``validate`` returns kube's field errors (kube-openapi messages converted the way
apiextensions-apiserver converts them), ``apply_defaults`` and ``prune`` change the object in place
like the CR storage does before validation. ``x-kubernetes-validations`` (CEL) rules run after
the OpenAPI checks, unless those found an error kube considers blocking (see schema_cel).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import re2

from controller_runtime.apimachinery import field as fe
from controller_runtime.apimachinery.field import FieldError, go_float, go_json, go_quote
from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.apimachinery.schema_formats import check_format
from controller_runtime.apimachinery.validation import is_dns1035_label

__all__ = ["FieldError", "apply_defaults", "prune", "validate"]

Schema = Mapping[str, Any]

# ObjectMeta's JSON fields: anything else under an embedded resource's metadata is pruned.
OBJECT_META_FIELDS = frozenset(
    {
        "name",
        "generateName",
        "namespace",
        "selfLink",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "labels",
        "annotations",
        "ownerReferences",
        "finalizers",
        "managedFields",
    }
)
_ROOT_META = ("apiVersion", "kind", "metadata")
_pattern_cache: dict[str, Any] = {}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _types(schema: Schema) -> list[str]:
    if schema.get("x-kubernetes-int-or-string"):
        return ["integer", "string"]
    t = schema.get("type")
    return [t] if isinstance(t, str) and t else []


def _json_equal(a: Any, b: Any) -> bool:
    """Deep equality of decoded JSON where 1 == 1.0 but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _num(bound: Any, data: Any) -> str:
    """The bound as kube-openapi prints it: int64(bound) for integer data, else %v of a float64."""
    if isinstance(data, int) and not isinstance(data, bool):
        return str(int(bound))
    return go_float(float(bound))


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _compile(pattern: str) -> Any:
    rx = _pattern_cache.get(pattern)
    if rx is None:
        rx = re2.compile(pattern)
        _pattern_cache[pattern] = rx
    return rx


class _Validator:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, err: FieldError) -> None:
        self.errors.append(err)

    def validate(self, value: Any, schema: Schema | None, path: str) -> None:
        if not schema:
            return
        types = _types(schema)
        if value is None:
            if types and not schema.get("nullable"):
                self.add(fe.type_invalid(path, "null", self._type_msg(path, ",".join(types), "null")))
            return
        jt = _json_type(value)
        float_int = jt == "number" and "integer" in types and math.isfinite(value) and value == int(value)
        int_float = jt == "integer" and "number" in types
        if types and jt not in types and not float_int and not int_float:
            self.add(fe.type_invalid(path, jt, self._type_msg(path, ",".join(types), jt)))
            return
        self._composition(value, schema, path)
        if isinstance(value, str):
            self._string(value, schema, path)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self._number(value, schema, path)
        elif isinstance(value, list):
            self._array(value, schema, path)
        enum = schema.get("enum")
        if enum is not None and not any(_json_equal(value, e) for e in enum):
            allowed = [e if isinstance(e, str) else go_json(e) for e in enum]
            self.add(fe.not_supported(path, value, allowed))
        if isinstance(value, dict):
            self._object(value, schema, path)

    @staticmethod
    def _type_msg(path: str, type_name: str, actual: str) -> str:
        return f"{path} in body must be of type {type_name}: {go_quote(actual)}"

    def _composition(self, value: Any, schema: Schema, path: str) -> None:
        for sub in schema.get("allOf") or ():
            self.validate(value, sub, path)
        any_of = schema.get("anyOf")
        if any_of and not any(_errors_of(value, s, path) == [] for s in any_of):
            self.add(fe.invalid("<nil>", "", f"{go_quote(path)} must validate at least one schema (anyOf)"))
            best: list[FieldError] | None = None
            for sub in any_of:
                errs = _errors_of(value, sub, path)
                if best is None or len(errs) < len(best):
                    best = errs
            self.errors.extend(best or [])
        one_of = schema.get("oneOf")
        if one_of:
            valid = sum(1 for s in one_of if not _errors_of(value, s, path))
            if valid != 1:
                self.add(
                    fe.invalid("<nil>", "", f"{go_quote(path)} must validate one and only one schema (oneOf)")
                )
        not_schema = schema.get("not")
        if not_schema and not _errors_of(value, not_schema, path):
            self.add(fe.invalid("<nil>", "", f"{go_quote(path)} must not validate the schema (not)"))

    def _string(self, value: str, schema: Schema, path: str) -> None:
        n = len(value)
        max_len = schema.get("maxLength")
        if max_len is not None and n > max_len:
            self.add(fe.too_long(path, value, int(max_len)))
        min_len = schema.get("minLength")
        if min_len is not None and n < min_len:
            self.add(fe.invalid(path, value, f"{path} in body should be at least {int(min_len)} chars long"))
        pattern = schema.get("pattern")
        if pattern:
            try:
                matched = _compile(pattern).search(value) is not None
            except re2.error:
                matched = False
            if not matched:
                self.add(fe.invalid(path, value, f"{path} in body should match '{pattern}'"))
        fmt = schema.get("format")
        if fmt and not check_format(fmt, value):
            self.add(fe.type_invalid(path, value, self._type_msg(path, fmt, value)))

    def _number(self, value: float, schema: Schema, path: str) -> None:
        mult = schema.get("multipleOf")
        if mult:
            if isinstance(value, int) and isinstance(mult, int):
                ok = value % mult == 0
            else:
                q = value / mult
                ok = math.isfinite(q) and q == math.trunc(q)
            if not ok:
                self.add(
                    fe.invalid(path, value, f"{path} in body should be a multiple of {_num(mult, value)}")
                )
        maximum = schema.get("maximum")
        if maximum is not None:
            excl = bool(schema.get("exclusiveMaximum"))
            if value > maximum or (excl and value >= maximum):
                rel = "less than" if excl else "less than or equal to"
                self.add(fe.invalid(path, value, f"{path} in body should be {rel} {_num(maximum, value)}"))
        minimum = schema.get("minimum")
        if minimum is not None:
            excl = bool(schema.get("exclusiveMinimum"))
            if value < minimum or (excl and value <= minimum):
                rel = "greater than" if excl else "greater than or equal to"
                self.add(fe.invalid(path, value, f"{path} in body should be {rel} {_num(minimum, value)}"))

    def _array(self, value: list[Any], schema: Schema, path: str) -> None:
        items = schema.get("items")
        if isinstance(items, Mapping):
            for i, item in enumerate(value):
                self.validate(item, items, f"{path}[{i}]")
        n = len(value)
        min_items = schema.get("minItems")
        if min_items is not None and n < min_items:
            self.add(fe.invalid(path, n, f"{path} in body should have at least {int(min_items)} items"))
        max_items = schema.get("maxItems")
        if max_items is not None and n > max_items:
            self.add(fe.too_many(path, n, int(max_items)))
        if schema.get("uniqueItems") and _has_duplicates(value):
            self.add(fe.invalid(path, "", f"{path} in body shouldn't contain duplicates"))
        self._list_type(value, schema, path)

    def _list_type(self, value: list[Any], schema: Schema, path: str) -> None:
        """x-kubernetes-list-type set/map: duplicates are ``Duplicate value`` errors, as in kube."""
        list_type = schema.get("x-kubernetes-list-type")
        if list_type == "set":
            for i, item in enumerate(value):
                if any(_json_equal(item, prev) for prev in value[:i]):
                    self.add(fe.duplicate(f"{path}[{i}]", item))
        elif list_type == "map":
            keys = list(schema.get("x-kubernetes-list-map-keys") or [])
            items_schema = schema.get("items") or {}
            seen: list[dict[str, Any]] = []
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    continue
                key = {}
                for k in keys:
                    if k in item:
                        key[k] = item[k]
                    else:
                        dflt = ((items_schema.get("properties") or {}).get(k) or {}).get("default")
                        if dflt is not None:
                            key[k] = dflt
                if any(_json_equal(key, s) for s in seen):
                    self.add(fe.duplicate(f"{path}[{i}]", key))
                seen.append(key)

    def _object(self, value: dict[str, Any], schema: Schema, path: str) -> None:
        n = len(value)
        min_props = schema.get("minProperties")
        if min_props is not None and n < min_props:
            self.add(
                fe.invalid(
                    path, int(min_props), f"{path} in body should have at least {int(min_props)} properties"
                )
            )
        max_props = schema.get("maxProperties")
        if max_props is not None and n > max_props:
            self.add(fe.too_many(path, int(max_props), int(max_props)))
        props: Mapping[str, Any] = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        if additional is False:
            for k in sorted(value):
                if k not in props:
                    self.add(fe.invalid(path, k, f"{_child(path, k)} in body is a forbidden property"))
        elif isinstance(additional, Mapping):
            for k in sorted(value):
                if k not in props:
                    self.validate(value[k], additional, _child(path, k))
        for k in schema.get("required") or ():
            if k not in value:
                self.add(fe.required(_child(path, k)))
        for k in sorted(props):
            if k in value:
                self.validate(value[k], props[k], _child(path, k))
        if schema.get("x-kubernetes-embedded-resource"):
            self._embedded(value, path)

    def _embedded(self, value: dict[str, Any], path: str) -> None:
        for k in ("apiVersion", "kind"):
            if k not in value:
                self.add(fe.required(_child(path, k), "must not be empty"))
        api_version = value.get("apiVersion")
        if "apiVersion" in value:
            if not isinstance(api_version, str):
                self.add(fe.invalid(_child(path, "apiVersion"), api_version, "must be a string"))
            elif not api_version:
                self.add(fe.invalid(_child(path, "apiVersion"), api_version, "must not be empty"))
            elif api_version.count("/") > 1:
                self.add(
                    fe.invalid(
                        _child(path, "apiVersion"),
                        api_version,
                        f"unexpected GroupVersion string: {api_version}",
                    )
                )
        kind = value.get("kind")
        if "kind" in value:
            if not isinstance(kind, str):
                self.add(fe.invalid(_child(path, "kind"), kind, "must be a string"))
            elif not kind:
                self.add(fe.invalid(_child(path, "kind"), kind, "must not be empty"))
            else:
                errs = is_dns1035_label(kind.lower())
                if errs:
                    self.add(
                        fe.invalid(
                            _child(path, "kind"),
                            kind,
                            "may have mixed case, but should otherwise match: " + ",".join(errs),
                        )
                    )


def _has_duplicates(items: list[Any]) -> bool:
    return any(_json_equal(a, b) for i, a in enumerate(items) for b in items[i + 1 :])


def _errors_of(value: Any, schema: Schema, path: str) -> list[FieldError]:
    v = _Validator()
    v.validate(value, schema, path)
    return v.errors


try:  # CEL needs cel-python; without it x-kubernetes-validations rules are not evaluated
    from controller_runtime.apimachinery import schema_cel
except ImportError:  # pragma: no cover - depends on the environment
    schema_cel = None  # type: ignore[assignment]

_NO_OLD: Any = object() if schema_cel is None else schema_cel.NO_OLD


def validate(
    obj: Any,
    schema: Schema | None,
    root_path: str = "",
    old: Any = _NO_OLD,
    before_rules: list[FieldError] | None = None,
) -> list[FieldError]:
    """Field errors of ``obj`` against a structural schema (kube's order within each node).

    ``old`` is the stored object on update: CEL transition rules (``oldSelf``) run only then.
    ``before_rules`` are other validators' errors that kube reports after the schema's and
    before the CEL rules' (a custom resource's scale checks), and that can block the rules.
    """
    v = _Validator()
    v.validate(obj, schema, root_path)
    errors = v.errors + list(before_rules or ())
    if schema_cel is not None and schema_cel.has_rules(schema):
        if any(e.type in schema_cel.BLOCKING_TYPES for e in errors):
            errors.append(fe.invalid("<nil>", None, schema_cel.BLOCKED_MESSAGE))
        else:
            errors.extend(schema_cel.validate_rules(obj, schema, root_path, old))
    return errors


# ---------------------------------------------------------------- defaulting


def _non_nullable_null(value: Any, schema: Schema | None) -> bool:
    return value is None and schema is not None and not schema.get("nullable")


def _prune_nulls_without_defaults(x: Any, schema: Schema | None) -> None:
    """structuraldefaulting.PruneNonNullableNullsWithoutDefaults."""
    if not schema:
        return
    if isinstance(x, dict):
        props: Mapping[str, Any] = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        for k in list(x):
            v = x[k]
            sub = props.get(k)
            if sub is None and isinstance(additional, Mapping):
                sub = additional
            if sub is not None and v is None and not sub.get("nullable") and "default" not in sub:
                del x[k]
                continue
            _prune_nulls_without_defaults(v, sub)
    elif isinstance(x, list):
        items = schema.get("items")
        if isinstance(items, Mapping):
            for v in x:
                _prune_nulls_without_defaults(v, items)


def _default(x: Any, schema: Schema | None) -> None:
    """structuraldefaulting.Default: fill absent (or non-nullable null) fields, then recurse."""
    if not schema:
        return
    if isinstance(x, dict):
        props: Mapping[str, Any] = schema.get("properties") or {}
        for k in sorted(props):
            prop = props[k]
            if "default" not in prop or prop["default"] is None:
                continue
            if k not in x or _non_nullable_null(x[k], prop):
                x[k] = json_copy(prop["default"])
        additional = schema.get("additionalProperties")
        for k in list(x):
            if k in props:
                _default(x[k], props[k])
            elif isinstance(additional, Mapping):
                if _non_nullable_null(x[k], additional) and "default" in additional:
                    x[k] = json_copy(additional["default"])
                _default(x[k], additional)
    elif isinstance(x, list):
        items = schema.get("items")
        if isinstance(items, Mapping):
            for i in range(len(x)):
                if _non_nullable_null(x[i], items) and "default" in items:
                    x[i] = json_copy(items["default"])
                _default(x[i], items)


def apply_defaults(obj: Any, schema: Schema | None) -> Any:
    """Default ``obj`` in place (and return it) the way the CR storage does on decode.

    Non-nullable nulls without a default are dropped first; defaults apply only where the parent
    object exists, nested defaults inside a defaulted value apply too, and so do defaults of items.
    """
    _prune_nulls_without_defaults(obj, schema)
    _default(obj, schema)
    return obj


# ---------------------------------------------------------------- pruning


class _Pruner:
    def __init__(self) -> None:
        self.unknown: list[str] = []

    def record(self, path: str, key: str) -> None:
        self.unknown.append(_child(path, key))

    def prune(self, x: Any, schema: Schema | None, path: str) -> None:
        if schema is not None and schema.get("x-kubernetes-preserve-unknown-fields"):
            self.skip(x, schema, path)
            return
        if isinstance(x, dict):
            if schema is None:
                for k in list(x):
                    self.record(path, k)
                    del x[k]
                return
            embedded = bool(schema.get("x-kubernetes-embedded-resource"))
            props: Mapping[str, Any] = schema.get("properties") or {}
            additional = schema.get("additionalProperties")
            for k in list(x):
                v = x[k]
                if embedded and k in ("apiVersion", "kind") and isinstance(v, str):
                    continue
                if embedded and k == "metadata" and isinstance(v, dict):
                    self.prune_meta(v, _child(path, k))
                    continue
                if k in props:
                    self.prune(v, props[k], _child(path, k))
                elif isinstance(additional, Mapping):
                    self.prune(v, additional, _child(path, k))
                elif additional is True:
                    continue
                else:
                    if path or k not in _ROOT_META:
                        self.record(path, k)
                    del x[k]
        elif isinstance(x, list):
            items = schema.get("items") if schema is not None else None
            for i, v in enumerate(x):
                self.prune(v, items if isinstance(items, Mapping) else None, f"{path}[{i}]")

    def skip(self, x: Any, schema: Schema, path: str) -> None:
        """Inside preserve-unknown-fields: keep unknown keys but prune under known properties."""
        if isinstance(x, dict):
            embedded = bool(schema.get("x-kubernetes-embedded-resource"))
            props: Mapping[str, Any] = schema.get("properties") or {}
            additional = schema.get("additionalProperties")
            for k in list(x):
                if embedded and k in _ROOT_META:
                    if k == "metadata" and isinstance(x[k], dict):
                        self.prune_meta(x[k], _child(path, k))
                    continue
                if k in props:
                    self.prune(x[k], props[k], _child(path, k))
                elif isinstance(additional, Mapping):
                    self.prune(x[k], additional, _child(path, k))
        elif isinstance(x, list):
            items = schema.get("items")
            if isinstance(items, Mapping):
                for i, v in enumerate(x):
                    self.skip(v, items, f"{path}[{i}]")

    def prune_meta(self, meta: dict[str, Any], path: str) -> None:
        for k in list(meta):
            if k not in OBJECT_META_FIELDS:
                self.record(path, k)
                del meta[k]


def prune(obj: Any, schema: Schema | None, *, is_resource_root: bool = True) -> list[str]:
    """Drop fields the schema does not specify, in place; returns their paths sorted.

    A resource root keeps apiVersion/kind/metadata (metadata is cut to ObjectMeta's fields), as do
    embedded resources; ``x-kubernetes-preserve-unknown-fields`` keeps unknown keys. The paths
    (``spec.foo``, ``spec.items[0].bar``) are what kube reports as ``unknown field "<path>"``.
    """
    p = _Pruner()
    if is_resource_root:
        root: dict[str, Any] = dict(schema or {})
        root["x-kubernetes-embedded-resource"] = True
        p.prune(obj, root, "")
    else:
        p.prune(obj, schema, "")
    return sorted(p.unknown)
