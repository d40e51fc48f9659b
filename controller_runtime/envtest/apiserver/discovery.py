"""Discovery documents: legacy (APIVersions, APIGroupList, APIResourceList) and aggregated
(apidiscovery.k8s.io/v2 APIGroupDiscoveryList, which kubectl 1.32 asks for first)."""

from __future__ import annotations

from typing import Any

from controller_runtime.envtest.apiserver.registry import Registry, ResourceDef

AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"


def wants_aggregated(accept: str) -> str | None:
    """The aggregated discovery version the client accepts (first listed wins), if any."""
    for part in accept.split(","):
        p = part.replace(" ", "")
        if "as=APIGroupDiscoveryList" in p and "g=apidiscovery.k8s.io" in p:
            if "v=v2beta1" in p:
                return "v2beta1"
            if "v=v2" in p:
                return "v2"
    return None


def _status_verbs() -> list[str]:
    return ["get", "patch", "update"]


def resource_list(registry: Registry, group: str, version: str) -> dict[str, Any] | None:
    gv = f"{group}/{version}" if group else version
    resources: list[dict[str, Any]] = []
    found = False
    for r in sorted(registry.all(), key=lambda r: r.plural):
        if r.group != group or r.version(version) is None:
            continue
        found = True
        entry: dict[str, Any] = {
            "name": r.plural,
            "singularName": r.singular,
            "namespaced": r.namespaced,
            "kind": r.kind,
            "verbs": r.verbs,
        }
        if r.short_names:
            entry["shortNames"] = r.short_names
        if r.categories:
            entry["categories"] = r.categories
        entry["storageVersionHash"] = _hash(r)
        resources.append(entry)
        if r.status_subresource:
            resources.append(
                {
                    "name": f"{r.plural}/status",
                    "singularName": "",
                    "namespaced": r.namespaced,
                    "kind": r.kind,
                    "verbs": _status_verbs(),
                }
            )
        if r.scale_subresource is not None:
            resources.append(
                {
                    "name": f"{r.plural}/scale",
                    "singularName": "",
                    "namespaced": r.namespaced,
                    "group": "autoscaling",
                    "version": "v1",
                    "kind": "Scale",
                    "verbs": _status_verbs(),
                }
            )
    if not found:
        return None
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}


def _hash(r: ResourceDef) -> str:
    import hashlib

    return hashlib.sha256(f"{r.group}/{r.storage_version}/{r.kind}".encode()).hexdigest()[:11]


def api_versions(address: str) -> dict[str, Any]:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": address}],
    }


def _group_entry(group: str, versions: list[str]) -> dict[str, Any]:
    vs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": vs, "preferredVersion": vs[0]}


def group_list(registry: Registry) -> dict[str, Any]:
    groups = [_group_entry(g, vs) for g, vs in registry.groups() if g]
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def group(registry: Registry, name: str) -> dict[str, Any] | None:
    for g, vs in registry.groups():
        if g == name and g:
            return {"kind": "APIGroup", "apiVersion": "v1", **_group_entry(g, vs)}
    return None


def aggregated(registry: Registry, *, core: bool, version: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for g, vs in registry.groups():
        if (g == "") != core:
            continue
        versions: list[dict[str, Any]] = []
        for v in vs:
            resources: list[dict[str, Any]] = []
            for r in sorted(registry.all(), key=lambda r: r.plural):
                if r.group != g or r.version(v) is None:
                    continue
                entry: dict[str, Any] = {
                    "resource": r.plural,
                    "responseKind": {"group": g, "version": v, "kind": r.kind},
                    "scope": "Namespaced" if r.namespaced else "Cluster",
                    "singularResource": r.singular,
                    "verbs": r.verbs,
                }
                if r.short_names:
                    entry["shortNames"] = r.short_names
                if r.categories:
                    entry["categories"] = r.categories
                subs: list[dict[str, Any]] = []
                if r.status_subresource:
                    subs.append(
                        {
                            "subresource": "status",
                            "responseKind": {"group": g, "version": v, "kind": r.kind},
                            "verbs": _status_verbs(),
                        }
                    )
                if r.scale_subresource is not None:
                    subs.append(
                        {
                            "subresource": "scale",
                            "responseKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"},
                            "verbs": _status_verbs(),
                        }
                    )
                if subs:
                    entry["subresources"] = subs
                resources.append(entry)
            versions.append({"version": v, "resources": resources, "freshness": "Current"})
        items.append({"metadata": {"name": g} if g else {}, "versions": versions})
    return {
        "kind": "APIGroupDiscoveryList",
        "apiVersion": f"apidiscovery.k8s.io/{version}",
        "metadata": {},
        "items": items,
    }
