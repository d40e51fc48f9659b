"""Small object helpers reconcilers share (controller-runtime's ``controllerutil``)."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from controller_runtime.apimachinery.merge_patch import create_merge_patch
from controller_runtime.client import PatchType, errors

Obj = dict[str, Any]


class AlreadyOwnedError(Exception):
    """The object already has another controller owner: two controllers would fight over it."""

    def __init__(self, obj: Obj, owner: dict[str, Any]) -> None:
        meta = obj.get("metadata") or {}
        super().__init__(
            f"Object {meta.get('namespace', '')}/{meta.get('name', '')} is already owned by another "
            f"{owner.get('kind')} controller {owner.get('name')}"
        )
        self.owner = owner


class OperationResult(StrEnum):
    NONE = "unchanged"
    CREATED = "created"
    UPDATED = "updated"
    UPDATED_STATUS = "updatedStatus"
    UPDATED_STATUS_ONLY = "updatedStatusOnly"


def _finalizers(obj: Obj) -> list[str]:
    meta = obj.setdefault("metadata", {})
    fins = meta.get("finalizers")
    if not isinstance(fins, list):
        fins = []
    return fins


def contains_finalizer(obj: Obj, finalizer: str) -> bool:
    return finalizer in ((obj.get("metadata") or {}).get("finalizers") or [])


def add_finalizer(obj: Obj, finalizer: str) -> bool:
    """Add once; True when the object changed (so the caller knows to persist it)."""
    fins = _finalizers(obj)
    if finalizer in fins:
        return False
    obj["metadata"]["finalizers"] = [*fins, finalizer]
    return True


def remove_finalizer(obj: Obj, finalizer: str) -> bool:
    fins = _finalizers(obj)
    if finalizer not in fins:
        return False
    remaining = [f for f in fins if f != finalizer]
    if remaining:
        obj["metadata"]["finalizers"] = remaining
    else:
        obj["metadata"].pop("finalizers", None)
    return True


def _owner_ref(owner: Obj, *, controller: bool) -> dict[str, Any]:
    meta = owner.get("metadata") or {}
    if not meta.get("uid"):
        raise ValueError("owner has no metadata.uid: it must be read from the API server first")
    ref: dict[str, Any] = {
        "apiVersion": owner.get("apiVersion"),
        "kind": owner.get("kind"),
        "name": meta.get("name"),
        "uid": meta.get("uid"),
    }
    if controller:
        ref["controller"] = True
        ref["blockOwnerDeletion"] = True
    return ref


def _same_group_kind(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _group(a.get("apiVersion")) == _group(b.get("apiVersion")) and a.get("kind") == b.get("kind")


def _group(api_version: Any) -> str:
    return str(api_version or "").rpartition("/")[0]


def _check_scope(owner: Obj, obj: Obj) -> None:
    owner_ns = (owner.get("metadata") or {}).get("namespace")
    obj_ns = (obj.get("metadata") or {}).get("namespace")
    if owner_ns and owner_ns != obj_ns:
        raise ValueError(
            f"cross-namespace owner references are disallowed, owner's namespace {owner_ns}, "
            f"obj's namespace {obj_ns or ''}"
        )


def set_controller_reference(owner: Obj, obj: Obj) -> None:
    """Make ``owner`` the managing controller of ``obj`` (garbage collection + Owns() watches)."""
    _check_scope(owner, obj)
    ref = _owner_ref(owner, controller=True)
    refs: list[dict[str, Any]] = list((obj.setdefault("metadata", {}).get("ownerReferences")) or [])
    for existing in refs:
        if existing.get("controller") and not (
            _same_group_kind(existing, ref) and existing.get("name") == ref["name"]
        ):
            raise AlreadyOwnedError(obj, existing)
    _upsert_ref(refs, ref)
    obj["metadata"]["ownerReferences"] = refs


def set_owner_reference(owner: Obj, obj: Obj) -> None:
    """A non-controller owner reference (garbage collection only)."""
    _check_scope(owner, obj)
    refs: list[dict[str, Any]] = list((obj.setdefault("metadata", {}).get("ownerReferences")) or [])
    _upsert_ref(refs, _owner_ref(owner, controller=False))
    obj["metadata"]["ownerReferences"] = refs


def _upsert_ref(refs: list[dict[str, Any]], ref: dict[str, Any]) -> None:
    for i, existing in enumerate(refs):
        if _same_group_kind(existing, ref) and existing.get("name") == ref["name"]:
            refs[i] = ref
            return
    refs.append(ref)


Mutate = Callable[[Obj], Awaitable[None] | None]


async def create_or_patch(client: Any, obj: Obj, mutate: Mutate) -> tuple[OperationResult, Obj]:
    """Get ``obj`` (by apiVersion/kind/name/namespace), let ``mutate`` change it, then create or patch.

    Only the fields ``mutate`` changed are sent; a status change goes to the status subresource.
    """
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    meta = obj.get("metadata") or {}
    name, namespace = meta.get("name"), meta.get("namespace")
    if not api_version or not kind or not name:
        raise ValueError("create_or_patch needs apiVersion, kind and metadata.name")
    try:
        current = await client.get(api_version, kind, name, namespace=namespace)
    except errors.NotFoundError:
        desired = copy.deepcopy(obj)
        await _mutate(mutate, desired, name, namespace)
        created = await client.create(desired)
        return OperationResult.CREATED, created

    before = copy.deepcopy(current)
    await _mutate(mutate, current, name, namespace)
    before_status = before.pop("status", None)
    after_status = current.pop("status", None)
    main_patch = create_merge_patch(before, current)
    status_patch = create_merge_patch(before_status or {}, after_status or {})
    result: Obj = current
    if after_status is not None:
        current["status"] = after_status
    if main_patch:
        result = await client.patch(api_version, kind, name, main_patch, namespace=namespace,
                                    patch_type=PatchType.MERGE)
    if status_patch:
        result = await client.patch(api_version, kind, name, {"status": status_patch}, namespace=namespace,
                                    patch_type=PatchType.MERGE, subresource="status")
    if main_patch and status_patch:
        return OperationResult.UPDATED_STATUS, result
    if status_patch:
        return OperationResult.UPDATED_STATUS_ONLY, result
    if main_patch:
        return OperationResult.UPDATED, result
    return OperationResult.NONE, result


async def _mutate(mutate: Mutate, obj: Obj, name: str, namespace: str | None) -> None:
    out = mutate(obj)
    if out is not None:
        await out
    meta = obj.get("metadata") or {}
    if meta.get("name") != name or meta.get("namespace") != namespace:
        raise ValueError("MutateFn cannot mutate object name and/or object namespace")
