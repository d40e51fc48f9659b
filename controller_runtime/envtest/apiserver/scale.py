"""The `/scale` subresource (autoscaling/v1 Scale) of Deployments, StatefulSets,
ReplicaSets and CRDs that declare `subresources.scale`: what `kubectl scale` and
autoscalers read and write."""

from __future__ import annotations

from typing import Any

from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.envtest.apiserver import machinery
from controller_runtime.envtest.apiserver.backend import Backend, Target
from controller_runtime.envtest.apiserver.errors import FieldError, bad_request, invalid, stale
from controller_runtime.envtest.apiserver.registry import BUILTIN_SCALE
from controller_runtime.envtest.apiserver.store import Obj


def _get_path(obj: Any, path: str) -> Any:
    cur = obj
    for part in path.lstrip(".").split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    parts = path.lstrip(".").split(".")
    cur = obj
    for part in parts[:-1]:
        nxt = cur.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            cur[part] = nxt
        cur = nxt
    cur[parts[-1]] = value


def _selector(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        try:
            return str(machinery._mod("labels").format_label_selector(value))
        except (ValueError, TypeError):
            return ""
    return ""


def spec_of(t: Target) -> dict[str, Any]:
    return t.rdef.scale_subresource or BUILTIN_SCALE


def view(t: Target, obj: Obj) -> dict[str, Any]:
    """The Scale object for `obj`."""
    spec = spec_of(t)
    md = obj["metadata"]
    meta = {k: md[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp") if k in md}
    replicas = _get_path(obj, spec.get("specReplicasPath", ".spec.replicas"))
    status: dict[str, Any] = {
        "replicas": _get_path(obj, spec.get("statusReplicasPath", ".status.replicas")) or 0
    }
    if spec.get("labelSelectorPath"):
        selector = _selector(_get_path(obj, spec["labelSelectorPath"]))
        if selector:
            status["selector"] = selector
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": meta,
        "spec": {"replicas": replicas if isinstance(replicas, int) else 0},
        "status": status,
    }


def write(backend: Backend, t: Target, scale: Any, query: dict[str, str]) -> dict[str, Any]:
    """Set the parent's replicas from a Scale (resourceVersion in it is a precondition)."""
    if (
        not isinstance(scale, dict)
        or not isinstance(scale.get("spec", {}), dict)
        or not isinstance(scale.get("metadata", {}), dict)
    ):
        raise bad_request("the body must be an autoscaling/v1 Scale")
    replicas = (scale.get("spec") or {}).get("replicas", 0)
    if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
        raise invalid(
            "Scale",
            "autoscaling",
            t.name or "",
            [FieldError("spec.replicas", "Invalid value", replicas, "must be greater than or equal to 0")],
        )
    current = backend.get(t)
    rv = (scale.get("metadata") or {}).get("resourceVersion")
    if rv and rv != current["metadata"].get("resourceVersion"):
        raise stale(t.rdef.plural, t.rdef.group, t.name or "")
    parent = json_copy(backend.render(t.rdef, t.vdef.name, current))
    _set_path(parent, spec_of(t).get("specReplicasPath", ".spec.replicas"), replicas)
    main = Target(t.rdef, t.vdef, t.namespace, t.name)
    obj, _ = backend.update(main, parent, query, from_patch=True)
    return view(t, obj)
