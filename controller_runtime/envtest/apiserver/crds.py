"""CustomResourceDefinitions: validation, defaults, status conditions and the ResourceDef
each CRD serves.

kube-apiserver's CRD controllers (naming, establishing, finalizer) run asynchronously;
here they run right after the CRD is stored so a client sees the resource served as
soon as the CRD reports Established.
"""

from __future__ import annotations

import copy
from typing import Any

from controller_runtime.envtest.apiserver.errors import FieldError
from controller_runtime.envtest.apiserver.registry import Registry, ResourceDef, VersionDef
from controller_runtime.envtest.apiserver.validation import is_label, is_subdomain

CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io"


def prepare_crd(crd: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Defaults kube applies to a v1 CRD."""
    spec = crd.get("spec")
    if not isinstance(spec, dict):
        return
    names = spec.get("names")
    if isinstance(names, dict) and isinstance(names.get("kind"), str):
        names.setdefault("singular", names["kind"].lower())
        names.setdefault("listKind", names["kind"] + "List")
    spec.setdefault("conversion", {"strategy": "None"})
    if old is None:
        crd.pop("status", None)


def validate_crd(crd: dict[str, Any], old: dict[str, Any] | None, registry: Registry) -> list[FieldError]:
    errs: list[FieldError] = []
    spec = crd.get("spec")
    if not isinstance(spec, dict):
        return [FieldError("spec", "Required value", has_value=False)]
    group = spec.get("group")
    names = spec.get("names") if isinstance(spec.get("names"), dict) else {}
    assert isinstance(names, dict)
    plural = names.get("plural")
    if not group:
        errs.append(FieldError("spec.group", "Required value", has_value=False))
    elif not isinstance(group, str) or not is_subdomain(group) or "." not in group:
        errs.append(
            FieldError("spec.group", "Invalid value", group, "should be a domain with at least one dot")
        )
    if not plural:
        errs.append(FieldError("spec.names.plural", "Required value", has_value=False))
    elif not isinstance(plural, str) or not is_label(plural):
        errs.append(
            FieldError(
                "spec.names.plural",
                "Invalid value",
                plural,
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                "or '-', and must start and end with an alphanumeric character",
            )
        )
    if not names.get("kind"):
        errs.append(FieldError("spec.names.kind", "Required value", has_value=False))
    if group and plural and crd["metadata"].get("name") != f"{plural}.{group}":
        errs.append(
            FieldError(
                "metadata.name",
                "Invalid value",
                crd["metadata"].get("name"),
                'must be spec.names.plural+"."+spec.group',
            )
        )
    if spec.get("scope") not in ("Namespaced", "Cluster"):
        errs.append(
            FieldError(
                "spec.scope",
                "Unsupported value",
                spec.get("scope"),
                'supported values: "Cluster", "Namespaced"',
            )
        )
    versions = spec.get("versions")
    if not isinstance(versions, list) or not versions:
        errs.append(
            FieldError(
                "spec.versions",
                "Invalid value",
                versions,
                "must have exactly one version marked as storage version",
            )
        )
        return errs
    storage = [v for v in versions if isinstance(v, dict) and v.get("storage")]
    if len(storage) != 1:
        errs.append(
            FieldError(
                "spec.versions",
                "Invalid value",
                versions,
                "must have exactly one version marked as storage version",
            )
        )
    if not any(isinstance(v, dict) and v.get("served") for v in versions):
        errs.append(
            FieldError(
                "spec.versions", "Invalid value", versions, "must have at least one version marked as served"
            )
        )
    for i, v in enumerate(versions):
        if not isinstance(v, dict) or not v.get("name"):
            errs.append(FieldError(f"spec.versions[{i}].name", "Required value", has_value=False))
            continue
        schema = (v.get("schema") or {}).get("openAPIV3Schema") if isinstance(v.get("schema"), dict) else None
        if not isinstance(schema, dict):
            errs.append(
                FieldError(
                    f"spec.versions[{i}].schema.openAPIV3Schema",
                    "Required value",
                    has_value=False,
                    detail="schemas are required",
                )
            )
    if old is not None:
        ospec = old.get("spec") or {}
        if ospec.get("group") != group:
            errs.append(FieldError("spec.group", "Invalid value", group, "field is immutable"))
        if (ospec.get("names") or {}).get("plural") != plural:
            errs.append(FieldError("spec.names.plural", "Invalid value", plural, "field is immutable"))
        if ospec.get("scope") != spec.get("scope"):
            errs.append(FieldError("spec.scope", "Invalid value", spec.get("scope"), "field is immutable"))
    else:
        existing = registry.get(str(group), str(plural))
        if existing is not None and existing.builtin:
            errs.append(
                FieldError(
                    "metadata.name",
                    "Invalid value",
                    crd["metadata"].get("name"),
                    "conflicts with a built-in resource",
                )
            )
    return errs


def resource_from_crd(crd: dict[str, Any]) -> ResourceDef:
    spec = crd["spec"]
    names = spec["names"]
    versions: list[VersionDef] = []
    has_status = False
    scale: dict[str, Any] | None = None
    for v in spec["versions"]:
        if not v.get("served", False):
            continue
        subresources = v.get("subresources") or {}
        if "status" in subresources:
            has_status = True
        if subresources.get("scale") is not None:
            scale = subresources["scale"]
        versions.append(
            VersionDef(
                name=v["name"],
                schema=copy.deepcopy((v.get("schema") or {}).get("openAPIV3Schema")),
                printer_columns=list(v.get("additionalPrinterColumns") or []),
                deprecated=bool(v.get("deprecated", False)),
                deprecation_warning=v.get("deprecationWarning"),
                storage=bool(v.get("storage", False)),
                selectable_fields=list(v.get("selectableFields") or []) or None,
            )
        )
    if not any(v.storage for v in versions):
        storage_name = next((v["name"] for v in spec["versions"] if v.get("storage")), None)
        if storage_name is not None:
            stored = next(v for v in spec["versions"] if v["name"] == storage_name)
            versions.append(
                VersionDef(
                    name=storage_name,
                    schema=(stored.get("schema") or {}).get("openAPIV3Schema"),
                    storage=True,
                    served=False,
                )
            )
    return ResourceDef(
        group=spec["group"],
        plural=names["plural"],
        singular=names.get("singular") or names["kind"].lower(),
        kind=names["kind"],
        namespaced=spec.get("scope") == "Namespaced",
        versions=versions,
        short_names=list(names.get("shortNames") or []),
        categories=list(names.get("categories") or []),
        status_subresource=has_status,
        tracks_generation=True,
        builtin=False,
        crd_name=crd["metadata"]["name"],
        strategic_merge=False,
        scale_subresource=scale,
    )


def established_status(crd: dict[str, Any], timestamp: str) -> dict[str, Any]:
    """The status the naming and establishing controllers would write."""
    spec = crd["spec"]
    names = spec["names"]
    old = crd.get("status") or {}
    old_conds = {c.get("type"): c for c in old.get("conditions") or [] if isinstance(c, dict)}

    def cond(ctype: str, reason: str, message: str) -> dict[str, Any]:
        prev = old_conds.get(ctype)
        ts = prev["lastTransitionTime"] if prev and prev.get("status") == "True" else timestamp
        return {
            "type": ctype,
            "status": "True",
            "lastTransitionTime": ts,
            "reason": reason,
            "message": message,
        }

    accepted = {
        k: names[k]
        for k in ("plural", "singular", "shortNames", "kind", "listKind", "categories")
        if k in names
    }
    storage = next((v["name"] for v in spec["versions"] if v.get("storage")), spec["versions"][0]["name"])
    stored = list(old.get("storedVersions") or [])
    if storage not in stored:
        stored.append(storage)
    conditions = [
        cond("NamesAccepted", "NoConflicts", "no conflicts found"),
        cond("Established", "InitialNamesAccepted", "the initial names have been accepted"),
    ]
    if crd["metadata"].get("deletionTimestamp"):
        conditions.append(
            {
                "type": "Terminating",
                "status": "True",
                "lastTransitionTime": timestamp,
                "reason": "InstanceDeletionInProgress",
                "message": "CustomResource deletion is in progress",
            }
        )
    return {"conditions": conditions, "acceptedNames": accepted, "storedVersions": stored}
