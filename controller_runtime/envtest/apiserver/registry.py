"""What the server serves: one `ResourceDef` per (group, plural), built-ins from a table.

A resource may be served at several versions but is stored once (`storage_key`), so
CRDs with several served versions and `conversion: None` share their objects; the
served apiVersion is rewritten on the way out. events.k8s.io/v1 events share storage
with core/v1 events and convert field names (see `events.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Where the /scale subresource of built-in workloads finds replicas and the selector.
BUILTIN_SCALE = {
    "specReplicasPath": ".spec.replicas",
    "statusReplicasPath": ".status.replicas",
    "labelSelectorPath": ".spec.selector",
}

VERBS_ALL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


@dataclass
class VersionDef:
    """One served version of a resource."""

    name: str
    schema: dict[str, Any] | None = None  # openAPIV3Schema (CRDs)
    printer_columns: list[dict[str, Any]] = field(default_factory=list)
    deprecated: bool = False
    deprecation_warning: str | None = None
    storage: bool = False
    served: bool = True
    selectable_fields: list[dict[str, Any]] | None = None
    # List semantics for server-side apply, derived from `schema` once (see machinery.patch_meta).
    patch_meta: Any = field(default=None, compare=False, repr=False)


@dataclass
class ResourceDef:
    """A REST resource: names, scope, versions and behaviour flags."""

    group: str
    plural: str
    singular: str
    kind: str
    namespaced: bool
    versions: list[VersionDef]
    short_names: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    status_subresource: bool = False
    tracks_generation: bool = False
    builtin: bool = True
    crd_name: str | None = None
    storage_key: tuple[str, str] = ("", "")
    strategic_merge: bool = True
    verbs: list[str] = field(default_factory=lambda: list(VERBS_ALL))
    scale_subresource: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.storage_key == ("", ""):
            self.storage_key = (self.group, self.plural)

    @property
    def list_kind(self) -> str:
        return self.kind + "List"

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.plural)

    @property
    def storage_version(self) -> str:
        for v in self.versions:
            if v.storage:
                return v.name
        return self.versions[0].name

    def version(self, name: str) -> VersionDef | None:
        """A served version by name."""
        for v in self.versions:
            if v.name == name and v.served:
                return v
        return None

    @property
    def served_versions(self) -> list[VersionDef]:
        return [v for v in self.versions if v.served]

    def api_version(self, version: str) -> str:
        return f"{self.group}/{version}" if self.group else version

    @property
    def qualified_kind(self) -> str:
        """`Kind.group` as kube-apiserver names a kind in Invalid messages."""
        return f"{self.kind}.{self.group}" if self.group else self.kind


def _b(
    group: str,
    version: str,
    plural: str,
    kind: str,
    namespaced: bool,
    *,
    short: tuple[str, ...] = (),
    cats: tuple[str, ...] = (),
    status: bool = False,
    generation: bool = False,
    storage_key: tuple[str, str] | None = None,
    verbs: list[str] | None = None,
) -> ResourceDef:
    return ResourceDef(
        group=group,
        plural=plural,
        singular=kind.lower(),
        kind=kind,
        namespaced=namespaced,
        versions=[VersionDef(version, storage=True)],
        short_names=list(short),
        categories=list(cats),
        status_subresource=status,
        tracks_generation=generation,
        storage_key=storage_key or (group, plural),
        verbs=verbs or list(VERBS_ALL),
    )


def builtin_resources() -> list[ResourceDef]:
    """The built-in kinds: what Lookout, kubectl and an operator install (`apply -k`) store."""
    ns_verbs = ["create", "delete", "get", "list", "patch", "update", "watch"]
    return [
        _b("", "v1", "namespaces", "Namespace", False, short=("ns",), status=True, verbs=ns_verbs),
        _b("", "v1", "configmaps", "ConfigMap", True, short=("cm",)),
        _b("", "v1", "secrets", "Secret", True),
        _b("", "v1", "serviceaccounts", "ServiceAccount", True, short=("sa",)),
        _b("", "v1", "events", "Event", True, short=("ev",)),
        _b("", "v1", "services", "Service", True, short=("svc",), cats=("all",), status=True),
        _b("", "v1", "pods", "Pod", True, short=("po",), cats=("all",), status=True),
        _b("", "v1", "endpoints", "Endpoints", True, short=("ep",)),
        _b("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", True, short=("pvc",), status=True),
        _b("", "v1", "nodes", "Node", False, short=("no",), status=True),
        _b(
            "apps",
            "v1",
            "deployments",
            "Deployment",
            True,
            short=("deploy",),
            cats=("all",),
            status=True,
            generation=True,
        ),
        _b(
            "apps",
            "v1",
            "statefulsets",
            "StatefulSet",
            True,
            short=("sts",),
            cats=("all",),
            status=True,
            generation=True,
        ),
        _b(
            "apps",
            "v1",
            "daemonsets",
            "DaemonSet",
            True,
            short=("ds",),
            cats=("all",),
            status=True,
            generation=True,
        ),
        _b(
            "apps",
            "v1",
            "replicasets",
            "ReplicaSet",
            True,
            short=("rs",),
            cats=("all",),
            status=True,
            generation=True,
        ),
        _b("events.k8s.io", "v1", "events", "Event", True, short=("ev",), storage_key=("", "events")),
        _b("coordination.k8s.io", "v1", "leases", "Lease", True),
        _b("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", False),
        _b("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", False),
        _b("rbac.authorization.k8s.io", "v1", "roles", "Role", True),
        _b("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", True),
        _b(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            False,
            short=("crd", "crds"),
            cats=("api-extensions",),
            status=True,
            generation=True,
        ),
        _b(
            "admissionregistration.k8s.io",
            "v1",
            "validatingwebhookconfigurations",
            "ValidatingWebhookConfiguration",
            False,
            cats=("api-extensions",),
            generation=True,
        ),
        _b(
            "admissionregistration.k8s.io",
            "v1",
            "mutatingwebhookconfigurations",
            "MutatingWebhookConfiguration",
            False,
            cats=("api-extensions",),
            generation=True,
        ),
        _b(
            "networking.k8s.io",
            "v1",
            "networkpolicies",
            "NetworkPolicy",
            True,
            short=("netpol",),
            generation=True,
        ),
        _b(
            "policy",
            "v1",
            "poddisruptionbudgets",
            "PodDisruptionBudget",
            True,
            short=("pdb",),
            status=True,
            generation=True,
        ),
        _b("", "v1", "resourcequotas", "ResourceQuota", True, short=("quota",), status=True),
        _b("", "v1", "limitranges", "LimitRange", True, short=("limits",)),
        _b("", "v1", "persistentvolumes", "PersistentVolume", False, short=("pv",), status=True),
        _b(
            "networking.k8s.io",
            "v1",
            "ingresses",
            "Ingress",
            True,
            short=("ing",),
            status=True,
            generation=True,
        ),
        _b("networking.k8s.io", "v1", "ingressclasses", "IngressClass", False),
        _b("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", False, short=("pc",)),
        _b("storage.k8s.io", "v1", "storageclasses", "StorageClass", False, short=("sc",)),
        _b(
            "autoscaling",
            "v2",
            "horizontalpodautoscalers",
            "HorizontalPodAutoscaler",
            True,
            short=("hpa",),
            cats=("all",),
            status=True,
            generation=True,
        ),
        _b("batch", "v1", "jobs", "Job", True, cats=("all",), status=True, generation=True),
        _b(
            "batch",
            "v1",
            "cronjobs",
            "CronJob",
            True,
            short=("cj",),
            cats=("all",),
            status=True,
            generation=True,
        ),
    ]


# Group discovery order of kube-apiserver (preferred first); groups not listed sort after.
GROUP_ORDER = [
    "",
    "apiregistration.k8s.io",
    "apps",
    "events.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "networking.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "scheduling.k8s.io",
    "coordination.k8s.io",
    "node.k8s.io",
    "discovery.k8s.io",
    "flowcontrol.apiserver.k8s.io",
]


class Registry:
    """Resources by (group, version, plural) plus lookup by kind; CRDs come and go."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], ResourceDef] = {}
        for r in builtin_resources():
            if r.group == "apps" and r.plural in ("deployments", "statefulsets", "replicasets"):
                r.scale_subresource = dict(BUILTIN_SCALE)
            self.add(r)

    def add(self, r: ResourceDef) -> None:
        self._by_key[r.key] = r

    def remove(self, key: tuple[str, str]) -> ResourceDef | None:
        return self._by_key.pop(key, None)

    def get(self, group: str, plural: str) -> ResourceDef | None:
        return self._by_key.get((group, plural))

    def lookup(self, group: str, version: str, plural: str) -> tuple[ResourceDef, VersionDef] | None:
        r = self._by_key.get((group, plural))
        if r is None:
            return None
        v = r.version(version)
        if v is None:
            return None
        return r, v

    def by_kind(self, group: str, version: str, kind: str) -> ResourceDef | None:
        for r in self._by_key.values():
            if r.group == group and r.kind == kind and r.version(version) is not None:
                return r
        return None

    def all(self) -> list[ResourceDef]:
        return list(self._by_key.values())

    def groups(self) -> list[tuple[str, list[str]]]:
        """(group, versions) in discovery order, preferred (storage/first) version first."""
        found: dict[str, list[str]] = {}
        for r in self._by_key.values():
            versions = found.setdefault(r.group, [])
            for v in r.served_versions:
                if v.name not in versions:
                    versions.append(v.name)
        for g, versions in found.items():
            found[g] = sorted(versions, key=version_priority_key)

        def order(g: str) -> tuple[int, str]:
            return (GROUP_ORDER.index(g), "") if g in GROUP_ORDER else (len(GROUP_ORDER), g)

        return [(g, found[g]) for g in sorted(found, key=order)]


def version_priority_key(v: str) -> tuple[int, int, int, str]:
    """Kubernetes version priority: GA > beta > alpha, higher numbers first, others last."""
    import re

    m = re.fullmatch(r"v(\d+)(?:(alpha|beta)(\d+))?", v)
    if not m:
        return (3, 0, 0, v)
    major = int(m.group(1))
    if m.group(2) is None:
        return (0, -major, 0, v)
    minor = int(m.group(3))
    return (1 if m.group(2) == "beta" else 2, -major, -minor, v)
