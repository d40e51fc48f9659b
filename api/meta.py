"""Types shared by every kind: references, conditions, ACLs, artifacts, and the CRD-level
markers (names, printer columns, storage version, deprecation) of a kind."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, TypeVar

from api.schema import Time, field, from_dict, model, to_dict

# ---------------------------------------------------------------------------------------------
# Kind-level markers (controller-gen's +kubebuilder:resource, printcolumn, storageversion, ...)


@dataclasses.dataclass(frozen=True)
class PrinterColumn:
    """`+kubebuilder:printcolumn`: one column `kubectl get` shows."""

    name: str
    json_path: str
    type: str = "string"
    priority: int = 0
    description: str = ""
    format: str = ""

    def to_crd(self) -> dict[str, Any]:
        out: dict[str, Any] = {"jsonPath": self.json_path, "name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        if self.format:
            out["format"] = self.format
        if self.priority:
            out["priority"] = self.priority
        return out


READY_COLUMN = PrinterColumn("Ready", '.status.conditions[?(@.type=="Ready")].status')
STATUS_COLUMN = PrinterColumn("Status", '.status.conditions[?(@.type=="Ready")].message')
AGE_COLUMN = PrinterColumn("Age", ".metadata.creationTimestamp", type="date")


@dataclasses.dataclass(frozen=True)
class KindInfo:
    """The CRD-level facts of one kind at one version."""

    group: str
    version: str
    kind: str
    plural: str
    singular: str
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    printer_columns: tuple[PrinterColumn, ...] = ()
    storage: bool = False
    deprecation_warning: str | None = None
    description: str = ""
    crd_annotations: tuple[tuple[str, str], ...] = ()
    list_kind: str = ""

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}"

    @property
    def crd_name(self) -> str:
        return f"{self.plural}.{self.group}"


R = TypeVar("R", bound="Resource")


@model
class Resource:
    """Base of every top-level kind: a typed view of the object dict.

    `metadata` stays a plain dict: controllers patch it and must not lose fields the
    typed view does not know about.
    """

    KIND: ClassVar[KindInfo]

    metadata: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_dict(cls: type[R], obj: dict[str, Any]) -> R:
        view = from_dict(cls, obj)
        view.metadata = dict(obj.get("metadata") or {})
        return view

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"apiVersion": self.KIND.api_version, "kind": self.KIND.kind}
        out["metadata"] = dict(self.metadata)
        body = to_dict(self)
        body.pop("metadata", None)
        out.update(body)
        return out

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", ""))

    @property
    def namespace(self) -> str:
        return str(self.metadata.get("namespace", ""))

    @property
    def generation(self) -> int:
        value = self.metadata.get("generation", 0)
        return value if isinstance(value, int) else 0

    @property
    def annotations(self) -> dict[str, str]:
        return dict(self.metadata.get("annotations") or {})

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.metadata.get("labels") or {})


# ---------------------------------------------------------------------------------------------
# Shared value types (fluxcd/pkg/apis/meta, acl, metav1)


@model
class LocalObjectReference:
    """LocalObjectReference contains enough information to locate the referenced Kubernetes
    resource object."""

    name: str = field(required=True, doc="Name of the referent.", default="")


@model
class NamespacedObjectReference:
    """NamespacedObjectReference contains enough information to locate the referenced
    Kubernetes resource object in any namespace."""

    name: str = field(required=True, doc="Name of the referent.", default="")
    namespace: str | None = field(
        default=None,
        doc="Namespace of the referent, when not specified it acts as LocalObjectReference."
    )


@model
class SecretKeyReference:
    """SecretKeyReference contains enough information to locate the referenced Kubernetes
    Secret object in the same namespace. Optionally a key can be specified."""

    name: str = field(required=True, doc="Name of the Secret.", default="")
    key: str | None = field(
        default=None,
        doc="Key in the Secret, when not specified an implementation-specific default key is used."
    )


@model
class NamespaceSelector:
    """NamespaceSelector selects the namespaces to which this ACL applies. An empty map of
    MatchLabels matches all namespaces in a cluster."""

    match_labels: dict[str, str] | None = field(
        default=None,
        doc="MatchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is "
        "equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", "
        "and the values array contains only \"value\". The requirements are ANDed."
    )


@model
class AccessFrom:
    """AccessFrom defines an ACL for allowing cross-namespace references to a source object
    based on the caller's namespace labels."""

    namespace_selectors: list[NamespaceSelector] = field(
        required=True, default_factory=list,
        doc="NamespaceSelectors is the list of namespace selectors to which this ACL applies. "
        "Items in this list are evaluated using a logical OR operation.",
    )


@model
class Condition:
    """Condition contains details for one aspect of the current state of this API Resource."""

    type: str = field(
        required=True, default="", max_length=316,
        pattern=r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
        r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
        doc="type of condition in CamelCase or in foo.example.com/CamelCase.",
    )
    status: str = field(
        required=True, default="", enum=("True", "False", "Unknown"),
        doc="status of the condition, one of True, False, Unknown.",
    )
    observed_generation: int | None = field(
        default=None,
        minimum=0,
        doc="observedGeneration represents the .metadata.generation that the condition was set based upon."
    )
    last_transition_time: Time = field(
        required=True, default="",
        doc="lastTransitionTime is the last time the condition transitioned from one status to another.",
    )
    reason: str = field(
        required=True, default="", min_length=1, max_length=1024,
        pattern=r"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
        doc="reason contains a programmatic identifier indicating the reason for the condition's last "
        "transition.",
    )
    message: str = field(
        required=True, default="", max_length=32768, omitempty=False,
        doc="message is a human readable message indicating details about the transition.",
    )


CONDITIONS_DOC = "Conditions holds the conditions for the object."


def conditions_field() -> Any:
    return field(default_factory=list, doc=CONDITIONS_DOC)


def observed_generation_field() -> Any:
    return field(default=0, doc="ObservedGeneration is the last observed generation of the object.")


def last_handled_field() -> Any:
    return field(
        default=None,
        doc="LastHandledReconcileAt holds the value of the most recent reconcile request value, "
        "so a change of the annotation value can be detected."
    )


@model
class LabelSelectorRequirement:
    """A label selector requirement is a selector that contains values, a key, and an operator
    that relates the key and values."""

    key: str = field(required=True, default="", doc="key is the label key that the selector applies to.")
    operator: str = field(
        required=True, default="",
        doc="operator represents a key's relationship to a set of values. Valid operators are In, NotIn, "
        "Exists and DoesNotExist.",
    )
    values: list[str] | None = field(
        default=None, list_type="atomic", doc="values is an array of string values."
    )


@model
class LabelSelector:
    """A label selector is a label query over a set of resources."""

    match_expressions: list[LabelSelectorRequirement] | None = field(
        default=None,
        list_type="atomic", doc="matchExpressions is a list of label selector requirements. The "
        "requirements are ANDed."
    )
    match_labels: dict[str, str] | None = field(
        default=None, doc="matchLabels is a map of {key,value} pairs."
    )

    __schema_extra__: ClassVar[dict[str, Any]] = {"x-kubernetes-map-type": "atomic"}


@model
class Artifact:
    """Artifact represents the output of a Source reconciliation."""

    path: str = field(required=True, default="", doc="Path is the relative file path of the Artifact.")
    url: str = field(
        required=True, default="",
        doc="URL is the HTTP address of the Artifact as exposed by the controller."
    )
    revision: str = field(
        required=True, default="",
        doc="Revision is a human-readable identifier traceable in the origin source system."
    )
    digest: str | None = field(
        default=None, required=True,
        pattern=r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
        doc="Digest is the digest of the file in the form of '<algorithm>:<checksum>'.",
    )
    last_update_time: Time = field(
        required=True, default="",
        doc="LastUpdateTime is the timestamp corresponding to the last update of the Artifact."
    )
    size: int | None = field(default=None, doc="Size is the number of bytes in the file.")
    metadata: dict[str, str] | None = field(
        default=None,
        doc="Metadata holds upstream information such as OCI annotations."
    )


# Documentation strings repeated across kinds.
INTERVAL_DOC = "Interval at which the object is reconciled, in a Go duration format (e.g. 5m0s)."
SUSPEND_DOC = "This flag tells the controller to suspend subsequent reconciliations. Defaults to false."
