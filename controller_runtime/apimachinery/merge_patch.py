"""RFC 7386 JSON merge patch: what ``kubectl patch --type=merge`` and CR patches use.

Functions never mutate their inputs; results share no mutable structure with them.
"""

from __future__ import annotations

from typing import Any

from controller_runtime.apimachinery.json_copy import json_copy


def _strip_nulls(value: Any) -> Any:
    """A patch object placed where the target has no object: its nulls delete nothing, so drop them."""
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    return json_copy(value)


def apply_merge_patch(target: Any, patch: Any) -> Any:
    """MergePatch(Target, Patch) of RFC 7386 section 2; returns a new value."""
    if not isinstance(patch, dict):
        return json_copy(patch)
    if not isinstance(target, dict):
        return _strip_nulls(patch)
    # One pass in the target's key order (so the result keeps it), then the new keys.
    result: dict[str, Any] = {}
    for key, old in target.items():
        if key not in patch:
            result[key] = json_copy(old)
            continue
        value = patch[key]
        if value is not None:
            result[key] = apply_merge_patch(old, value)
    for key, value in patch.items():
        if value is not None and key not in target:
            result[key] = _strip_nulls(value)
    return result


def create_merge_patch(original: Any, modified: Any) -> Any:
    """The smallest merge patch P with apply_merge_patch(original, P) == modified.

    Removed keys become null; changed non-object values (lists included) are replaced whole,
    since RFC 7386 cannot address list elements. ``{}`` means no change.
    """
    if not isinstance(original, dict) or not isinstance(modified, dict):
        return json_copy(modified)
    patch: dict[str, Any] = {}
    for key in original:
        if key not in modified:
            patch[key] = None
    for key, value in modified.items():
        if key not in original:
            patch[key] = json_copy(value)
            continue
        old = original[key]
        if isinstance(old, dict) and isinstance(value, dict):
            sub = create_merge_patch(old, value)
            if sub:
                patch[key] = sub
        elif old != value or type(old) is not type(value):
            patch[key] = json_copy(value)
    return patch
