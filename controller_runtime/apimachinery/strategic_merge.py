"""Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), apply side.

Used for ``kubectl patch`` / client-side ``kubectl apply`` on built-in kinds. Lists merge by the
field's merge key (containers by name, ports by containerPort, ...) when the patch metadata says
``merge``, otherwise they are replaced; maps merge. Directives: ``$patch: replace|delete|merge``,
``$retainKeys``, ``$deleteFromPrimitiveList/<f>`` and ``$setElementOrder/<f>``.
"""

from __future__ import annotations

from typing import Any

from controller_runtime.apimachinery.field import go_json
from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.apimachinery.patch_meta import (
    EMPTY,
    PatchMeta,
    patch_meta_for,
    patch_meta_from_schema,
)

__all__ = [
    "PatchMeta",
    "StrategicMergeError",
    "apply_strategic_merge_patch",
    "patch_meta_for",
    "patch_meta_from_schema",
]

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/"
SET_ELEMENT_ORDER = "$setElementOrder/"


class StrategicMergeError(ValueError):
    """A patch kube rejects (the server answers 422/400 with this message)."""


def apply_strategic_merge_patch(original: Any, patch: Any, meta: PatchMeta | None = None) -> Any:
    """StrategicMergePatch(original, patch): a new document; inputs are not modified."""
    if not isinstance(patch, dict):
        raise StrategicMergeError("strategic merge patch must be a JSON object")
    if original is not None and not isinstance(original, dict):
        raise StrategicMergeError("the object to patch must be a JSON object")
    return _merge_map(json_copy(original or {}), json_copy(patch), meta or EMPTY)


def _bad_patch_type(directive: Any, m: Any) -> StrategicMergeError:
    return StrategicMergeError(f"unknown patch type: {directive} in map: {go_json(m)}")


def _no_merge_key(m: Any, key: str) -> StrategicMergeError:
    return StrategicMergeError(f"map: {go_json(m)} does not contain declared merge key: {key}")


def _merge_map(original: dict[str, Any], patch: dict[str, Any], meta: PatchMeta) -> dict[str, Any]:
    if DIRECTIVE in patch:
        directive = patch[DIRECTIVE]
        if directive == "replace":
            del patch[DIRECTIVE]
            replaced: dict[str, Any] = _strip_directives(patch, meta)
            return replaced
        if directive == "delete":
            return {}
        if directive == "merge":
            del patch[DIRECTIVE]
        else:
            raise _bad_patch_type(directive, patch)
    _apply_retain_keys(original, patch)
    _merge_set_element_orders(original, patch, meta)
    for k in list(patch):
        patch_v = patch[k]
        is_delete_list = False
        key = k
        if k.startswith(DELETE_FROM_PRIMITIVE_LIST):
            key = k[len(DELETE_FROM_PRIMITIVE_LIST) :]
            is_delete_list = True
        elif k.startswith(SET_ELEMENT_ORDER):
            continue
        if patch_v is None:
            original.pop(key, None)
            continue
        if key not in original:
            if not is_delete_list:
                original[key] = _strip_directives(patch_v, meta.child(key))
            continue
        orig_v = original[key]
        if type(orig_v) is not type(patch_v) or not isinstance(orig_v, dict | list):
            if not is_delete_list:
                original[key] = _strip_directives(patch_v, meta.child(key))
            continue
        sub = meta.child(key)
        strategies = sub.strategies
        if isinstance(orig_v, dict):
            if "replace" in strategies:
                original[key] = _strip_directives(patch_v, sub)
            else:
                original[key] = _merge_map(orig_v, patch_v, sub)
        else:
            if "merge" in strategies:
                original[key] = _merge_slice(orig_v, patch_v, sub, is_delete_list)
            elif is_delete_list:
                continue
            else:
                original[key] = _strip_directives(patch_v, sub)
    return original


def _apply_retain_keys(original: dict[str, Any], patch: dict[str, Any]) -> None:
    if RETAIN_KEYS not in patch:
        return
    keep = patch.pop(RETAIN_KEYS)
    if not isinstance(keep, list):
        raise StrategicMergeError(f"invalid $retainKeys directive: expected a list, got {go_json(keep)}")
    for k in list(original):
        if k not in keep:
            del original[k]


def _strip_directives(value: Any, meta: PatchMeta) -> Any:
    """A patch value placed where the original has nothing: merge it into an empty value."""
    if isinstance(value, dict):
        return _merge_map({}, value, meta) if _has_directive_or_null(value) else value
    if isinstance(value, list) and "merge" in meta.strategies:
        return _merge_slice([], value, meta, False)
    return value


def _has_directive_or_null(value: Any) -> bool:
    if isinstance(value, dict):
        return any(v is None or k.startswith("$") or _has_directive_or_null(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_directive_or_null(v) for v in value)
    return False


def _key_of(item: Any, merge_key: str, is_map: bool) -> Any:
    if is_map:
        return item.get(merge_key) if isinstance(item, dict) else None
    return item


def _index(order: list[Any], item: Any, merge_key: str, is_map: bool) -> int:
    want = _key_of(item, merge_key, is_map)
    for i, o in enumerate(order):
        if _key_of(o, merge_key, is_map) == want and (is_map or type(o) is type(want)):
            return i
    return -1


def _dedupe(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in items:
        if not any(v == o and type(v) is type(o) for o in out):
            out.append(v)
    return out


def _element_kind(original: list[Any], patch: list[Any]) -> str:
    """sliceElementType: every element of both lists must be of one kind, lists excluded."""
    kinds = set()
    for v in (*original, *patch):
        if isinstance(v, list):
            raise StrategicMergeError("cannot merge lists of lists")
        kinds.add("map" if isinstance(v, dict) else type(v).__name__)
    if len(kinds) > 1:
        raise StrategicMergeError(
            f"list elements are not all of the same type: {go_json(original)} and {go_json(patch)}"
        )
    return kinds.pop() if kinds else "none"


def _merge_slice(original: list[Any], patch: list[Any], meta: PatchMeta, is_delete_list: bool) -> list[Any]:
    if not original and not patch:
        return original
    merge_key = meta.merge_key
    is_map = _element_kind(original, patch) == "map"
    if not is_map:
        if is_delete_list:
            return [v for v in original if not any(v == d and type(v) is type(d) for d in patch)]
        merged = _dedupe(original + patch)
    else:
        if not merge_key:
            raise StrategicMergeError("cannot merge lists without merge key")
        original, patch = _merge_special_elements(original, patch, merge_key)
        merged = _merge_without_special_elements(list(original), patch, merge_key, meta)
    patch_items = [m for m in merged if _index(patch, m, merge_key, is_map) >= 0]
    server_only = [m for m in merged if _index(patch, m, merge_key, is_map) < 0]
    return _normalize_element_order(patch_items, server_only, patch, original, merge_key, is_map)


def _merge_special_elements(
    original: list[Any], patch: list[Any], merge_key: str
) -> tuple[list[Any], list[Any]]:
    plain: list[Any] = []
    replace = False
    for v in patch:
        if DIRECTIVE not in v:
            plain.append(v)
            continue
        directive = v[DIRECTIVE]
        if directive == "delete":
            if merge_key not in v:
                raise _no_merge_key(v, merge_key)
            original = [o for o in original if not (isinstance(o, dict) and o.get(merge_key) == v[merge_key])]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            raise StrategicMergeError("merging lists cannot yet be specified in the patch")
        else:
            raise _bad_patch_type(directive, v)
    if replace:
        return plain, []
    return original, plain


def _merge_without_special_elements(
    original: list[Any], patch: list[Any], merge_key: str, meta: PatchMeta
) -> list[Any]:
    for v in patch:
        if merge_key not in v:
            raise _no_merge_key(v, merge_key)
        for i, o in enumerate(original):
            if isinstance(o, dict) and o.get(merge_key) == v[merge_key]:
                original[i] = _merge_map(o, v, meta)
                break
        else:
            original.append(_merge_map({}, v, meta))
    return original


def _normalize_slice_order(items: list[Any], order: list[Any], merge_key: str, is_map: bool) -> list[Any]:
    to_delete: list[Any] = []
    if is_map:
        keep: list[Any] = []
        for v in items:
            (to_delete if isinstance(v, dict) and v.get(DIRECTIVE) == "delete" else keep).append(v)
        items = keep

    def less(a: Any, b: Any) -> bool:
        ia = _index(order, a, merge_key, is_map)
        if ia >= 0:
            ib = _index(order, b, merge_key, is_map)
            if ib >= 0:
                return ia < ib
        return True

    # Go's sort.SliceStable (insertion sort per block) with kube's comparator.
    out = list(items)
    for i in range(1, len(out)):
        j = i
        while j > 0 and less(out[j], out[j - 1]):
            out[j], out[j - 1] = out[j - 1], out[j]
            j -= 1
    return out + to_delete


def _normalize_element_order(
    patch_items: list[Any],
    server_only: list[Any],
    patch_order: list[Any],
    server_order: list[Any],
    merge_key: str,
    is_map: bool,
) -> list[Any]:
    patch_items = _normalize_slice_order(patch_items, patch_order, merge_key, is_map)
    server_only = _normalize_slice_order(server_only, server_order, merge_key, is_map)
    # mergeSortedSlice: server-only items keep their place relative to patch items found in the original
    out: list[Any] = []
    i = j = 0
    while i < len(server_only) or j < len(patch_items):
        if i >= len(server_only):
            out.append(patch_items[j])
            j += 1
        elif j >= len(patch_items):
            out.append(server_only[i])
            i += 1
        else:
            li = _index(server_order, server_only[i], merge_key, is_map)
            ri = _index(server_order, patch_items[j], merge_key, is_map)
            if li >= 0 and ri >= 0 and li < ri:
                out.append(server_only[i])
                i += 1
            else:
                out.append(patch_items[j])
                j += 1
    return out


def _merge_set_element_orders(original: dict[str, Any], patch: dict[str, Any], meta: PatchMeta) -> None:
    """$setElementOrder/<f>: merge the list, then order it as the directive says."""
    for k in [k for k in patch if k.startswith(SET_ELEMENT_ORDER)]:
        order = patch.pop(k)
        key = k[len(SET_ELEMENT_ORDER) :]
        if not isinstance(order, list):
            raise StrategicMergeError(f"invalid {k}: expected a list, got {go_json(order)}")
        orig_v = original.get(key, [])
        patch_v = patch.pop(key, [])
        if not isinstance(orig_v, list) or not isinstance(patch_v, list):
            raise StrategicMergeError(f"invalid {k}: {key} is not a list")
        sub = meta.child(key)
        merged = _merge_slice(list(orig_v), patch_v, sub, False) if "merge" in sub.strategies else patch_v
        is_map = bool(merged) and isinstance(merged[0], dict)
        merge_key = sub.merge_key
        patch_items = [m for m in merged if _index(order, m, merge_key, is_map) >= 0]
        server_only = [m for m in merged if _index(order, m, merge_key, is_map) < 0]
        original[key] = _normalize_element_order(patch_items, server_only, order, orig_v, merge_key, is_map)
