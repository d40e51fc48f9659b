"""OpenAPI v3 documents per group-version, enough for kubectl: `kubectl apply` refuses to
run without them and looks for a PATCH operation tagged with the kind's
x-kubernetes-group-version-kind that takes `fieldValidation`. CRDs carry their schemas;
built-in kinds are permissive."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from controller_runtime.envtest.apiserver.registry import Registry, ResourceDef

OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
_BUILTIN_PACKAGES = {
    "": "io.k8s.api.core",
    "apps": "io.k8s.api.apps",
    "coordination.k8s.io": "io.k8s.api.coordination",
    "events.k8s.io": "io.k8s.api.events",
    "rbac.authorization.k8s.io": "io.k8s.api.rbac",
    "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
    "admissionregistration.k8s.io": "io.k8s.api.admissionregistration",
    "networking.k8s.io": "io.k8s.api.networking",
    "scheduling.k8s.io": "io.k8s.api.scheduling",
    "storage.k8s.io": "io.k8s.api.storage",
    "policy": "io.k8s.api.policy",
    "batch": "io.k8s.api.batch",
}


def _gv_path(group: str, version: str) -> str:
    return f"api/{version}" if not group else f"apis/{group}/{version}"


def _schema_name(r: ResourceDef, version: str) -> str:
    if r.builtin:
        return f"{_BUILTIN_PACKAGES.get(r.group, 'io.k8s.api.' + r.group)}.{version}.{r.kind}"
    return ".".join(reversed(r.group.split("."))) + f".{version}.{r.kind}"


def index(registry: Registry) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for group, versions in registry.groups():
        for v in versions:
            p = _gv_path(group, v)
            doc = document(registry, p)
            h = hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:64].upper()
            paths[p] = {"serverRelativeURL": f"/openapi/v3/{p}?hash={h}"}
    return {"paths": paths}


_PARAMS = [
    {"name": "dryRun", "in": "query", "schema": {"type": "string", "uniqueItems": True}},
    {"name": "fieldManager", "in": "query", "schema": {"type": "string", "uniqueItems": True}},
    {"name": "fieldValidation", "in": "query", "schema": {"type": "string", "uniqueItems": True}},
    {"name": "force", "in": "query", "schema": {"type": "boolean", "uniqueItems": True}},
]


def document(registry: Registry, gv_path: str) -> dict[str, Any] | None:
    parts = gv_path.split("/")
    if parts[0] == "api" and len(parts) == 2:
        group, version = "", parts[1]
    elif parts[0] == "apis" and len(parts) == 3:
        group, version = parts[1], parts[2]
    else:
        return None
    schemas: dict[str, Any] = {OBJECT_META: {"type": "object", "x-kubernetes-preserve-unknown-fields": True}}
    paths: dict[str, Any] = {}
    found = False
    for r in sorted(registry.all(), key=lambda r: r.plural):
        vdef = r.version(version)
        if r.group != group or vdef is None:
            continue
        found = True
        gvk = [{"group": group, "version": version, "kind": r.kind}]
        name = _schema_name(r, version)
        if vdef.schema:
            schema = copy.deepcopy(vdef.schema)
            props = schema.setdefault("properties", {})
            props["metadata"] = {"allOf": [{"$ref": f"#/components/schemas/{OBJECT_META}"}]}
            props.setdefault("apiVersion", {"type": "string"})
            props.setdefault("kind", {"type": "string"})
            schema.setdefault("type", "object")
        else:
            schema = {
                "type": "object",
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "metadata": {"allOf": [{"$ref": f"#/components/schemas/{OBJECT_META}"}]},
                },
            }
        schema["x-kubernetes-group-version-kind"] = gvk
        schemas[name] = schema
        ref = {"$ref": f"#/components/schemas/{name}"}
        body = {"content": {"application/json": {"schema": ref}}}
        ok = {"200": {"description": "OK", "content": {"application/json": {"schema": ref}}}}
        base = f"/{gv_path}/" + ("namespaces/{namespace}/" if r.namespaced else "") + r.plural
        op = {"x-kubernetes-group-version-kind": gvk[0], "responses": ok, "parameters": _PARAMS}
        paths[base] = {
            "get": {**op, "x-kubernetes-action": "list", "parameters": []},
            "post": {**op, "x-kubernetes-action": "post", "requestBody": body},
        }
        paths[base + "/{name}"] = {
            "get": {**op, "x-kubernetes-action": "get", "parameters": []},
            "put": {**op, "x-kubernetes-action": "put", "requestBody": body},
            "patch": {
                **op,
                "x-kubernetes-action": "patch",
                # No strategic-merge-patch+json: kubectl then builds its strategic merge patch
                # for built-ins from compiled-in types (these schemas are permissive) and a JSON
                # merge patch for custom resources, as it does against kube-apiserver.
                "requestBody": {
                    "content": {
                        t: {"schema": {"type": "object"}}
                        for t in (
                            "application/json-patch+json",
                            "application/merge-patch+json",
                            "application/apply-patch+yaml",
                        )
                    }
                },
            },
            "delete": {**op, "x-kubernetes-action": "delete"},
        }
        if r.status_subresource:
            paths[base + "/{name}/status"] = {
                "get": {**op, "x-kubernetes-action": "get", "parameters": []},
                "put": {**op, "x-kubernetes-action": "put", "requestBody": body},
                "patch": {
                    **op,
                    "x-kubernetes-action": "patch",
                    "requestBody": {
                        "content": {"application/merge-patch+json": {"schema": {"type": "object"}}}
                    },
                },
            }
    if not found:
        return None
    return {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.32.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
