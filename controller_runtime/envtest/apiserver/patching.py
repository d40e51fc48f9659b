"""PATCH: JSON patch, merge patch, strategic merge patch and server-side apply.

Every patch is applied to the object as served at the request's version, then goes
through the update path, so validation, defaulting, generation and resourceVersion
preconditions (a resourceVersion inside the patch) behave exactly as for PUT.
"""

from __future__ import annotations

from typing import Any

import jsonpatch
import yaml

from controller_runtime.apimachinery import json_codec
from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.envtest.apiserver import machinery
from controller_runtime.envtest.apiserver.backend import Backend, Target, reset_fields
from controller_runtime.envtest.apiserver.errors import (
    StatusError,
    bad_request,
    conflict,
    unsupported_media_type,
)
from controller_runtime.envtest.apiserver.store import Obj

JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"
APPLY = "application/apply-patch+yaml"
APPLY_CBOR = "application/apply-patch+cbor"

#: What kube-apiserver says of a JSON patch that does not apply: nothing more, so the error
#: never carries the document (python-jsonpatch's own messages quote it, a Secret's data too).
PATCH_REJECTED = "the server rejected our request due to an error in our request"


def accepted_types(t: Target) -> list[str]:
    types = [JSON_PATCH, MERGE_PATCH]
    if t.rdef.strategic_merge:
        types.append(STRATEGIC)
    types.append(APPLY)
    return types


def patch(
    backend: Backend, t: Target, content_type: str, raw: bytes, query: dict[str, str]
) -> tuple[Obj, int]:
    """Apply a patch; returns (object, HTTP status) — 201 when apply created the object."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype not in accepted_types(t):
        raise unsupported_media_type(ctype, accepted_types(t))
    if ctype == APPLY:
        return _apply(backend, t, raw, query)
    try:
        doc = json_codec.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError) as e:
        raise bad_request(f"error decoding patch: {e}") from None
    # The three patch algorithms return new documents and leave their input alone, so the
    # stored object is passed without a copy.
    served = backend.render(t.rdef, t.vdef.name, backend.get(t))
    if ctype == JSON_PATCH:
        if not isinstance(doc, list):
            raise bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
        try:
            patched = jsonpatch.JsonPatch(doc).apply(served)
        except jsonpatch.JsonPatchTestFailed:
            raise StatusError(422, "Invalid", PATCH_REJECTED) from None
        except (
            jsonpatch.JsonPatchException,
            jsonpatch.JsonPointerException,
            TypeError,
            KeyError,
            IndexError,
            ValueError,
        ):
            raise StatusError(422, "Invalid", PATCH_REJECTED) from None
    elif ctype == MERGE_PATCH:
        if not isinstance(doc, dict):
            raise bad_request("json: cannot unmarshal into Go value of type map[string]interface {}")
        patched = _merge_sharing_managed_fields(served, doc)
    else:
        if not isinstance(doc, dict):
            raise bad_request("json: cannot unmarshal into Go value of type map[string]interface {}")
        patched = machinery.strategic_merge_patch(served, doc, t.rdef.group, t.vdef.name, t.rdef.kind)
    if not isinstance(patched, dict):
        raise bad_request("the patch produced a non-object")
    _check_identity(t, patched, served)
    obj, _ = backend.update(t, patched, query, from_patch=True)
    return obj, 200


def _merge_sharing_managed_fields(served: Obj, doc: dict[str, Any]) -> Any:
    """Merge patch whose result shares ``served``'s managedFields list unless the patch sets them.

    They are the bulk of a small object and every write replaces them with a new list (nothing
    mutates them in place), so copying them on each patch was pure overhead. A stand-in keeps
    their place in metadata, so the result is the same document, key order included.
    """
    md = served.get("metadata")
    sent_md = doc.get("metadata")
    if (
        not isinstance(md, dict)
        or "managedFields" not in md
        or (isinstance(sent_md, dict) and "managedFields" in sent_md)
    ):
        return machinery.merge_patch(served, doc)
    target = dict(served)
    target["metadata"] = {k: (None if k == "managedFields" else v) for k, v in md.items()}
    patched = machinery.merge_patch(target, doc)
    out_md = patched.get("metadata") if isinstance(patched, dict) else None
    if isinstance(out_md, dict) and "managedFields" in out_md:
        out_md["managedFields"] = md["managedFields"]
    return patched


def patch_document(doc: dict[str, Any], content_type: str, raw: bytes) -> Any:
    """Patch a plain document (a Scale): JSON patch or a merge of the body (merge, strategic, apply)."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype not in (JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY):
        raise unsupported_media_type(ctype, [JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY])
    try:
        body = yaml.safe_load(raw) if ctype == APPLY else json_codec.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise bad_request(f"error decoding patch: {e}") from None
    if ctype == JSON_PATCH:
        if not isinstance(body, list):
            raise bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
        try:
            return jsonpatch.JsonPatch(body).apply(doc)
        except (
            jsonpatch.JsonPatchException,
            jsonpatch.JsonPointerException,
            TypeError,
            KeyError,
            IndexError,
            ValueError,
        ):
            raise StatusError(422, "Invalid", PATCH_REJECTED) from None
    if not isinstance(body, dict):
        raise bad_request("json: cannot unmarshal into Go value of type map[string]interface {}")
    return machinery.merge_patch(doc, body)


def _check_identity(t: Target, patched: Obj, served: Obj) -> None:
    md = patched.get("metadata")
    if not isinstance(md, dict):
        raise bad_request("metadata must be an object")
    if md.get("name") != served["metadata"]["name"]:
        raise bad_request(
            f"the name of the object ({md.get('name')}) does not match the name on the URL "
            f"({served['metadata']['name']})"
        )
    if patched.get("kind") != served.get("kind") or patched.get("apiVersion") != served.get("apiVersion"):
        raise bad_request("the kind or apiVersion of the object may not be changed by a patch")


def _apply(backend: Backend, t: Target, raw: bytes, query: dict[str, str]) -> tuple[Obj, int]:
    manager = query.get("fieldManager")
    if not manager:
        raise bad_request("PATCH, application/apply-patch+yaml requests must have fieldManager parameter set")
    try:
        doc = yaml.safe_load(raw) if raw else None
    except yaml.YAMLError as e:
        raise bad_request(f"error decoding YAML: {e}") from None
    if not isinstance(doc, dict):
        raise bad_request("error decoding YAML: the applied configuration must be an object")
    force = query.get("force", "").lower() in ("true", "1")
    if not doc.get("apiVersion") or not doc.get("kind"):
        raise bad_request("apiVersion and kind must be set in the applied configuration")
    md = doc.get("metadata")
    if not isinstance(md, dict):
        raise bad_request("metadata must be an object")
    if md.get("name") and md["name"] != t.name:
        raise bad_request(
            f"the name of the object ({md['name']}) does not match the name on the URL ({t.name})"
        )
    mf = backend.managed_fields
    if mf is None:
        mf = _managed_fields_module()
    existing = backend.store.get(t.rdef.storage_key, t.namespace or "", t.name or "")
    api_version = t.rdef.api_version(t.vdef.name)
    if existing is None:
        if t.subresource == "status":
            raise backend_not_found(t)
        obj = json_copy(doc)
        obj.setdefault("metadata", {})["name"] = t.name
        try:
            obj = mf.apply(
                None,
                obj,
                manager=manager,
                meta=_meta(t),
                force=force,
                api_version=api_version,
                subresource="",
                time=_now(),
                ignore=reset_fields(t),
            )
        except ValueError as e:
            raise bad_request(str(e)) from None
        created = backend.create(t, obj, query, track=False)
        return created, 201
    served = json_copy(backend.render(t.rdef, t.vdef.name, existing))
    try:
        merged = mf.apply(
            served,
            doc,
            manager=manager,
            meta=_meta(t),
            force=force,
            api_version=api_version,
            subresource=t.subresource or "",
            time=_now(),
            ignore=reset_fields(t),
        )
    except mf.ApplyConflict as e:
        raise _apply_conflict(t, e) from None
    except ValueError as e:
        raise bad_request(str(e)) from None
    if md.get("resourceVersion"):
        merged["metadata"]["resourceVersion"] = md["resourceVersion"]
    obj, _ = backend.update(t, merged, query, from_patch=True, track=False)
    return obj, 200


def _meta(t: Target) -> Any:
    """A CRD version's schema gives SSA its list semantics; built-ins use their markers."""
    return None if t.rdef.builtin else machinery.patch_meta(t.vdef)


def _apply_conflict(t: Target, e: Any) -> StatusError:
    """409 Conflict with kube's `Apply failed with N conflict(s): ...` message and causes."""
    err = conflict(t.rdef.plural, t.rdef.group, t.name or "", "")
    err.message = str(e)
    assert err.details is not None
    err.details["causes"] = e.causes()
    return err


def backend_not_found(t: Target) -> StatusError:
    from controller_runtime.envtest.apiserver.errors import not_found

    return not_found(t.rdef.plural, t.rdef.group, t.name or "")


def _managed_fields_module() -> Any:
    from controller_runtime.envtest.apiserver.machinery import _mod

    return _mod("managed_fields")


def _now() -> str:
    from controller_runtime.envtest.apiserver.backend import now

    return now()
