"""The one place the server calls `controller_runtime.apimachinery` (selectors, patches,
schemas, JSONPath), imported lazily so the server starts even while a module is absent.

Each wrapper turns the library's failures into the Status error kube-apiserver gives.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from controller_runtime.envtest.apiserver.errors import StatusError, bad_request

#: Modules found so far: every write asks for several, and a dict lookup costs a fraction
#: of import_module's; a module that is missing is looked for again on the next call.
_modules: dict[str, ModuleType] = {}


def _find(name: str) -> ModuleType:
    mod = _modules.get(name)
    if mod is None:
        mod = _modules[name] = importlib.import_module(f"controller_runtime.apimachinery.{name}")
    return mod


def available(name: str) -> bool:
    try:
        _find(name)
    except ImportError:
        return False
    return True


def _mod(name: str) -> ModuleType:
    try:
        return _find(name)
    except ImportError as e:
        raise StatusError(
            501, "NotImplemented", f"this server build lacks controller_runtime.apimachinery.{name}"
        ) from e


# --- selectors --------------------------------------------------------------------------
def label_matcher(selector: str) -> Callable[[dict[str, str]], bool]:
    """`labelSelector` query parameter -> predicate on an object's labels (400 on bad syntax)."""
    if not selector:
        return lambda _labels: True
    labels = _mod("labels")
    try:
        sel = labels.parse(selector)
    except ValueError as e:
        raise bad_request(str(e)) from None

    def match(lbls: dict[str, str]) -> bool:
        return bool(sel.matches(lbls))

    return match


def field_matcher(
    selector: str, api_version: str, kind: str, selectable: list[Any] | None
) -> Callable[[dict[str, Any]], bool]:
    """`fieldSelector` -> predicate on an object as served at `api_version`.

    Unknown field labels get kube's 400 `field label not supported: x`.
    """
    if not selector:
        return lambda _obj: True
    fields = _mod("fields")
    try:
        sel = fields.parse(selector)
        fields.validate_field_selector(sel, api_version, kind, selectable)
    except ValueError as e:
        raise bad_request(str(e)) from None

    def match(obj: dict[str, Any]) -> bool:
        return bool(sel.matches(fields.object_fields(api_version, kind, obj, selectable)))

    return match


# --- patches ----------------------------------------------------------------------------
def merge_patch(doc: Any, patch: Any) -> Any:
    return _mod("merge_patch").apply_merge_patch(doc, patch)


def strategic_merge_patch(
    doc: dict[str, Any], patch: dict[str, Any], group: str, version: str, kind: str
) -> dict[str, Any]:
    mod = _mod("strategic_merge")
    meta = _mod("patch_meta").patch_meta_for(f"{group}/{version}" if group else version, kind)
    try:
        result: dict[str, Any] = mod.apply_strategic_merge_patch(doc, patch, meta)
    except ValueError as e:
        raise StatusError(422, "Invalid", str(e)) from None
    return result


def patch_meta(vdef: Any) -> Any:
    """A CRD version's PatchMeta (list types for SSA), computed once per served version."""
    if vdef.patch_meta is None and vdef.schema:
        vdef.patch_meta = _mod("patch_meta").patch_meta_from_schema(vdef.schema)
    return vdef.patch_meta


# --- schemas ----------------------------------------------------------------------------
def schema_prune(schema: dict[str, Any], obj: dict[str, Any]) -> list[str]:
    """Drop unknown fields in place; returns their paths (for fieldValidation)."""
    unknown: list[str] = _mod("schema").prune(obj, schema)
    return unknown


def schema_default(schema: dict[str, Any], obj: dict[str, Any]) -> None:
    _mod("schema").apply_defaults(obj, schema)


def schema_validate(
    schema: dict[str, Any],
    obj: dict[str, Any],
    old: dict[str, Any] | None,
    before_rules: list[Any] | None = None,
) -> list[Any]:
    """Field errors; `old` (the stored object on update) enables CEL transition rules;
    `before_rules` are reported between the schema's errors and the rules'."""
    mod = _mod("schema")
    if old is None:
        errs: list[Any] = mod.validate(obj, schema, before_rules=before_rules)
    else:
        errs = mod.validate(obj, schema, old=old, before_rules=before_rules)
    return errs


# --- JSONPath ---------------------------------------------------------------------------
def jsonpath_values(expr: str, obj: Any) -> list[Any]:
    """Every value `expr` selects in `obj` (empty when the path is absent)."""
    if not available("jsonpath"):
        return []
    try:
        values: list[Any] = _mod("jsonpath").evaluate(expr, obj)
    except Exception:  # a bad column path shows an empty cell, as kubectl does
        return []
    return values
