"""Build CustomResourceDefinition documents from the API types (controller-gen's job).

`hack/gen_crds.py` writes these to `config/crd/bases/`; a test fails when the committed
files drift from what the types say.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from api.meta import KindInfo, Resource
from api.schema import schema_for_dataclass


def all_kinds() -> list[type[Resource]]:
    """Every kind and version this project serves (imports are local: the registry is the
    only place that needs every version at once)."""
    from api.gitrepository.v1 import GitRepository
    from api.image import v1, v1beta1, v1beta2
    from api.source.v1 import OCIRepository
    from api.source.v1beta2 import OCIRepository as OCIRepositoryV1beta2

    return [
        v1.ImageRepository, v1beta2.ImageRepository, v1beta1.ImageRepository,
        v1.ImagePolicy, v1beta2.ImagePolicy, v1beta1.ImagePolicy,
        v1.ImageUpdateAutomation, v1beta2.ImageUpdateAutomation,
        OCIRepository, OCIRepositoryV1beta2,
        GitRepository,
    ]


# Kinds installed only through an optional kustomize component.
OPTIONAL_CRDS = frozenset({"gitrepositories.source.toolkit.fluxcd.io"})

_TOP_LEVEL = {
    "apiVersion": {
        "description": "APIVersion defines the versioned schema of this representation of an object.",
        "type": "string",
    },
    "kind": {
        "description": "Kind is a string value representing the REST resource this object represents.",
        "type": "string",
    },
    "metadata": {"type": "object"},
}


def version_schema(cls: type[Resource]) -> dict[str, Any]:
    """The openAPIV3Schema of one kind at one version."""
    schema = schema_for_dataclass(cls)
    schema["properties"] = dict(sorted({**schema["properties"], **_TOP_LEVEL}.items()))
    if cls.KIND.description:
        schema["description"] = cls.KIND.description
    return schema


def _version(cls: type[Resource]) -> dict[str, Any]:
    info = cls.KIND
    out: dict[str, Any] = {}
    if info.printer_columns:
        out["additionalPrinterColumns"] = [c.to_crd() for c in info.printer_columns]
    if info.deprecation_warning:
        out["deprecated"] = True
        out["deprecationWarning"] = info.deprecation_warning
    out["name"] = info.version
    out["schema"] = {"openAPIV3Schema": version_schema(cls)}
    out["served"] = True
    out["storage"] = info.storage
    out["subresources"] = {"status": {}}
    return out


def build_crds() -> dict[str, dict[str, Any]]:
    """CRD name -> CRD document, versions sorted by name as controller-gen does."""
    by_crd: dict[str, list[type[Resource]]] = defaultdict(list)
    for cls in all_kinds():
        by_crd[cls.KIND.crd_name].append(cls)
    crds: dict[str, dict[str, Any]] = {}
    for crd_name, classes in sorted(by_crd.items()):
        storage = [c for c in classes if c.KIND.storage]
        if len(storage) != 1:
            raise ValueError(f"{crd_name}: exactly one storage version required, got {len(storage)}")
        info: KindInfo = storage[0].KIND
        names: dict[str, Any] = {}
        if info.categories:
            names["categories"] = list(info.categories)
        names["kind"] = info.kind
        names["listKind"] = info.list_kind or f"{info.kind}List"
        names["plural"] = info.plural
        if info.short_names:
            names["shortNames"] = list(info.short_names)
        names["singular"] = info.singular
        metadata: dict[str, Any] = {"name": crd_name}
        if info.crd_annotations:
            metadata = {"annotations": dict(info.crd_annotations), "name": crd_name}
        crds[crd_name] = {
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": metadata,
            "spec": {
                "group": info.group,
                "names": names,
                "scope": "Namespaced",
                "versions": [_version(c) for c in sorted(classes, key=lambda c: c.KIND.version)],
            },
        }
    return crds


def crd_file_name(crd: dict[str, Any]) -> str:
    """`<group>_<plural>.yaml`, the controller-gen naming kustomize files refer to."""
    spec = crd["spec"]
    return f"{spec['group']}_{spec['names']['plural']}.yaml"


def kind_for(api_version: str, kind: str) -> type[Resource] | None:
    """The typed view class for an object's apiVersion and kind, if this project defines one."""
    for cls in all_kinds():
        if cls.KIND.api_version == api_version and cls.KIND.kind == kind:
            return cls
    return None
