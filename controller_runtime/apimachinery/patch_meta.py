"""Per-field patch metadata of built-in kinds: strategic-merge strategies and server-side-apply list types.

The same tree serves strategic merge patch (``patchStrategy``/``patchMergeKey`` struct tags) and
server-side apply (``+listType``/``+listMapKey`` markers); CRDs get theirs from the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PatchMeta:
    """What kube knows about one field: how lists merge and what their elements hold.

    ``strategy`` is the struct tag (``merge``, ``replace``, ``retainKeys`` or ``merge,retainKeys``);
    ``list_type`` is ``atomic`` / ``set`` / ``map`` for server-side apply.
    """

    strategy: str = ""
    merge_key: str = ""
    list_type: str = ""
    list_map_keys: tuple[str, ...] = ()
    map_type: str = ""  # "atomic" makes a map a single value for server-side apply
    fields: Mapping[str, PatchMeta] = field(default_factory=dict)
    elements: PatchMeta | None = None  # free-form maps (additionalProperties): the values' meta
    free_form: bool = False  # keys are not struct fields (preserve-unknown-fields / additionalProperties)

    def child(self, name: str) -> PatchMeta:
        """Meta of a struct field or map value (empty meta when unknown: maps merge, lists replace)."""
        got = self.fields.get(name)
        if got is not None:
            return got
        if self.elements is not None:
            return self.elements
        return EMPTY

    @property
    def strategies(self) -> set[str]:
        return {s for s in self.strategy.split(",") if s}

    @property
    def effective_list_type(self) -> str:
        if self.list_type:
            return self.list_type
        if "merge" in self.strategies:
            return "map" if self.merge_key else "set"
        return "atomic"

    @property
    def effective_list_map_keys(self) -> tuple[str, ...]:
        if self.list_map_keys:
            return self.list_map_keys
        return (self.merge_key,) if self.merge_key else ()


EMPTY = PatchMeta()


def _m(**fields: PatchMeta) -> dict[str, PatchMeta]:
    return dict(fields)


def _merge_list(
    key: str,
    item_fields: Mapping[str, PatchMeta] | None = None,
    *,
    keys: tuple[str, ...] = (),
    retain: bool = False,
) -> PatchMeta:
    return PatchMeta(
        strategy="merge,retainKeys" if retain else "merge",
        merge_key=key,
        list_type="map",
        list_map_keys=keys or (key,),
        fields=dict(item_fields or {}),
    )


_SET = PatchMeta(strategy="merge", list_type="set")
_ATOMIC_LIST = PatchMeta(list_type="atomic")
_CONDITIONS = _merge_list("type")

OBJECT_META = PatchMeta(
    fields=_m(
        ownerReferences=_merge_list("uid"),
        finalizers=_SET,
        managedFields=_ATOMIC_LIST,
    )
)

_CONTAINER = _m(
    ports=_merge_list("containerPort", keys=("containerPort", "protocol")),
    env=_merge_list("name"),
    volumeMounts=_merge_list("mountPath"),
    volumeDevices=_merge_list("devicePath"),
    envFrom=_ATOMIC_LIST,
    command=_ATOMIC_LIST,
    args=_ATOMIC_LIST,
    resizePolicy=_ATOMIC_LIST,
)

POD_SPEC = PatchMeta(
    fields=_m(
        volumes=_merge_list("name", retain=True),
        initContainers=_merge_list("name", _CONTAINER),
        containers=_merge_list("name", _CONTAINER),
        ephemeralContainers=_merge_list("name", _CONTAINER),
        imagePullSecrets=_merge_list("name"),
        hostAliases=_merge_list("ip"),
        topologySpreadConstraints=_merge_list("topologyKey", keys=("topologyKey", "whenUnsatisfiable")),
        schedulingGates=_merge_list("name"),
        resourceClaims=_merge_list("name", retain=True),
        tolerations=_ATOMIC_LIST,
        readinessGates=_ATOMIC_LIST,
    )
)

_POD_TEMPLATE = PatchMeta(fields=_m(metadata=OBJECT_META, spec=POD_SPEC))
_WORKLOAD_STATUS = PatchMeta(fields=_m(conditions=_CONDITIONS))


def _kind(spec: PatchMeta | None = None, status: PatchMeta | None = None, **extra: PatchMeta) -> PatchMeta:
    fields: dict[str, PatchMeta] = {"metadata": OBJECT_META}
    if spec is not None:
        fields["spec"] = spec
    if status is not None:
        fields["status"] = status
    fields.update(extra)
    return PatchMeta(fields=fields)


_BUILTIN: dict[tuple[str, str], PatchMeta] = {
    ("", "Pod"): _kind(
        POD_SPEC,
        PatchMeta(fields=_m(conditions=_CONDITIONS, podIPs=_merge_list("ip"), hostIPs=_merge_list("ip"))),
    ),
    ("apps", "Deployment"): _kind(
        PatchMeta(fields=_m(template=_POD_TEMPLATE, strategy=PatchMeta(strategy="retainKeys"))),
        _WORKLOAD_STATUS,
    ),
    ("apps", "ReplicaSet"): _kind(PatchMeta(fields=_m(template=_POD_TEMPLATE)), _WORKLOAD_STATUS),
    ("apps", "StatefulSet"): _kind(PatchMeta(fields=_m(template=_POD_TEMPLATE)), _WORKLOAD_STATUS),
    ("apps", "DaemonSet"): _kind(PatchMeta(fields=_m(template=_POD_TEMPLATE)), _WORKLOAD_STATUS),
    ("batch", "Job"): _kind(PatchMeta(fields=_m(template=_POD_TEMPLATE)), _WORKLOAD_STATUS),
    ("batch", "CronJob"): _kind(
        PatchMeta(
            fields=_m(jobTemplate=PatchMeta(fields=_m(spec=PatchMeta(fields=_m(template=_POD_TEMPLATE)))))
        )
    ),
    ("", "ServiceAccount"): _kind(secrets=_merge_list("name"), imagePullSecrets=_ATOMIC_LIST),
    ("", "Service"): _kind(
        PatchMeta(fields=_m(ports=_merge_list("port", keys=("port", "protocol")))),
        PatchMeta(fields=_m(conditions=_CONDITIONS)),
    ),
    ("", "Namespace"): _kind(
        PatchMeta(fields=_m(finalizers=_ATOMIC_LIST)), PatchMeta(fields=_m(conditions=_CONDITIONS))
    ),
    ("", "Node"): _kind(status=PatchMeta(fields=_m(conditions=_CONDITIONS, addresses=_merge_list("type")))),
    ("", "PersistentVolumeClaim"): _kind(status=PatchMeta(fields=_m(conditions=_CONDITIONS))),
}


def _group(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def patch_meta_for(api_version: str, kind: str) -> PatchMeta:
    """Patch metadata of a built-in kind; any other kind gets ObjectMeta's only (lists replace)."""
    return _BUILTIN.get((_group(api_version), kind), _kind())


def patch_meta_from_schema(schema: Mapping[str, Any] | None) -> PatchMeta:
    """Patch metadata from a CRD's structural schema (x-kubernetes-list-type / list-map-keys / map-type)."""
    return _from_schema(schema, root=True)


def _from_schema(schema: Mapping[str, Any] | None, root: bool = False) -> PatchMeta:
    if not schema:
        return OBJECT_META if root else EMPTY
    fields: dict[str, PatchMeta] = {}
    for name, sub in (schema.get("properties") or {}).items():
        fields[name] = _from_schema(sub)
    if root:
        fields["metadata"] = OBJECT_META
    elements: PatchMeta | None = None
    additional = schema.get("additionalProperties")
    if isinstance(additional, Mapping):
        elements = _from_schema(additional)
    list_type = ""
    keys: tuple[str, ...] = ()
    free_form = elements is not None or bool(schema.get("x-kubernetes-preserve-unknown-fields"))
    if schema.get("type") == "array":
        list_type = schema.get("x-kubernetes-list-type") or "atomic"
        keys = tuple(schema.get("x-kubernetes-list-map-keys") or ())
        items = schema.get("items")
        if isinstance(items, Mapping):
            item_meta = _from_schema(items)
            fields = dict(item_meta.fields)
            elements = item_meta.elements
            free_form = item_meta.free_form
    return PatchMeta(
        list_type=list_type,
        list_map_keys=keys,
        map_type=str(schema.get("x-kubernetes-map-type") or ""),
        fields=fields,
        elements=elements,
        free_form=free_form,
    )
