"""Field selectors (k8s.io/apimachinery fields.ParseSelector) and the field sets kube-apiserver exposes.

The server filters lists and watches with ``matches(object_fields(...))`` and rejects labels a kind
does not expose with kube's ``field label not supported: <label>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class FieldSelectorError(ValueError):
    """A field selector kube would reject; the message is kube's."""


class UnsupportedFieldLabelError(FieldSelectorError):
    """The selector names a field the kind does not expose (kube answers 400 BadRequest)."""

    def __init__(self, label: str) -> None:
        super().__init__(f"field label not supported: {label}")
        self.label = label


@dataclass(frozen=True)
class FieldRequirement:
    """One ``field=value`` / ``field==value`` / ``field!=value`` term (value unescaped)."""

    field: str
    operator: str  # "=", "==" or "!="
    value: str

    def matches(self, fields: Mapping[str, str]) -> bool:
        have = fields.get(self.field, "")
        return have != self.value if self.operator == "!=" else have == self.value

    def __str__(self) -> str:
        op = "!=" if self.operator == "!=" else "="
        return f"{self.field}{op}{escape_value(self.value)}"


class FieldSelector:
    """An AND of field requirements; the empty selector matches everything."""

    def __init__(self, requirements: Iterable[FieldRequirement] = ()) -> None:
        self._reqs = tuple(requirements)

    @property
    def requirements(self) -> tuple[FieldRequirement, ...]:
        return self._reqs

    def matches(self, fields: Mapping[str, str]) -> bool:
        return all(r.matches(fields) for r in self._reqs)

    def empty(self) -> bool:
        return not self._reqs

    def requires_exact_match(self, field: str) -> str | None:
        """The value ``field`` must equal for a match, if pinned (cache indexes use it)."""
        for r in self._reqs:
            if r.field == field and r.operator != "!=":
                return r.value
        return None

    def transform(self, fn: Mapping[str, str]) -> FieldSelector:
        """Rename fields (kube's field label conversion, e.g. regarding.kind -> involvedObject.kind)."""
        return FieldSelector(
            FieldRequirement(fn.get(r.field, r.field), r.operator, r.value) for r in self._reqs
        )

    def __str__(self) -> str:
        return ",".join(str(r) for r in self._reqs)

    def __repr__(self) -> str:
        return f"FieldSelector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldSelector) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


def escape_value(s: str) -> str:
    """fields.EscapeValue: backslash-escape ``\\``, ``,`` and ``=``."""
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def unescape_value(s: str) -> str:
    """fields.UnescapeValue, with kube's errors for bad escapes and bare ``,``/``=``."""
    if not any(c in s for c in "\\,="):
        return s
    out: list[str] = []
    in_slash = False
    for c in s:
        if in_slash:
            if c in "\\,=":
                out.append(c)
            else:
                raise FieldSelectorError(f"invalid field selector: invalid escape sequence: \\{c}")
            in_slash = False
            continue
        if c == "\\":
            in_slash = True
        elif c in ",=":
            # Go formats the rune with %v, i.e. as its code point number.
            raise FieldSelectorError(f"invalid field selector: unescaped character in value: {ord(c)}")
        else:
            out.append(c)
    if in_slash:
        raise FieldSelectorError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def _split_terms(selector: str) -> list[str]:
    if not selector:
        return []
    terms: list[str] = []
    start = 0
    in_slash = False
    for i, c in enumerate(selector):
        if in_slash:
            in_slash = False
        elif c == "\\":
            in_slash = True
        elif c == ",":
            terms.append(selector[start:i])
            start = i + 1
    terms.append(selector[start:])
    return terms


def _split_term(term: str) -> tuple[str, str, str] | None:
    for i in range(len(term)):
        for op in ("!=", "==", "="):
            if term.startswith(op, i):
                return term[:i], op, term[i + len(op) :]
    return None


def parse(selector: str) -> FieldSelector:
    """fields.ParseSelector: terms sorted as strings, whitespace kept, values unescaped."""
    reqs: list[FieldRequirement] = []
    for part in sorted(_split_terms(selector)):
        if not part:
            continue
        split = _split_term(part)
        if split is None:
            raise FieldSelectorError(f"invalid selector: '{selector}'; can't understand '{part}'")
        lhs, op, rhs = split
        reqs.append(FieldRequirement(lhs, op, unescape_value(rhs)))
    return FieldSelector(reqs)


def selector_from_set(fields: Mapping[str, str]) -> FieldSelector:
    """fields.SelectorFromSet: ``k=v`` for each pair, sorted by key."""
    return FieldSelector(FieldRequirement(k, "=", v) for k, v in sorted(fields.items()))


# ---------------------------------------------------------------- per-kind field sets

_META = ("metadata.name", "metadata.namespace")
_EVENT_CORE = (
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
)
# events.k8s.io labels and the core field each one selects on.
_EVENTS_K8S_IO = {
    "regarding.kind": "involvedObject.kind",
    "regarding.namespace": "involvedObject.namespace",
    "regarding.name": "involvedObject.name",
    "regarding.uid": "involvedObject.uid",
    "regarding.apiVersion": "involvedObject.apiVersion",
    "regarding.resourceVersion": "involvedObject.resourceVersion",
    "regarding.fieldPath": "involvedObject.fieldPath",
    "reason": "reason",
    "reportingController": "reportingComponent",
    "type": "type",
}
_POD = (
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.podIPs",
    "status.nominatedNodeName",
)

_BUILTIN: dict[tuple[str, str], tuple[str, ...]] = {
    ("", "Event"): _EVENT_CORE,
    ("events.k8s.io", "Event"): tuple(_EVENTS_K8S_IO),
    ("", "Secret"): ("type",),
    ("", "Namespace"): ("status.phase",),
    ("", "Pod"): _POD,
    ("", "Node"): ("spec.unschedulable",),
    ("", "ReplicationController"): ("status.replicas",),
    ("apps", "ReplicaSet"): ("status.replicas",),
    ("", "Service"): ("spec.clusterIP", "spec.type"),
    ("batch", "Job"): ("status.successful",),
    ("certificates.k8s.io", "CertificateSigningRequest"): ("spec.signerName",),
}


def _group(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def _selectable_paths(selectable_fields: Iterable[Any] | None) -> list[str]:
    """CRD ``selectableFields`` ( ``{"jsonPath": ".spec.x"}`` or plain strings) as field labels."""
    out: list[str] = []
    for sf in selectable_fields or ():
        path = sf.get("jsonPath", "") if isinstance(sf, Mapping) else str(sf)
        out.append(path.lstrip("."))
    return out


def supported_field_labels(
    api_version: str, kind: str, selectable_fields: Iterable[Any] | None = None
) -> frozenset[str]:
    """The field labels kube-apiserver accepts in a fieldSelector for this kind."""
    extra = _BUILTIN.get((_group(api_version), kind), ())
    return frozenset((*_META, *extra, *_selectable_paths(selectable_fields)))


def validate_field_selector(
    selector: FieldSelector, api_version: str, kind: str, selectable_fields: Iterable[Any] | None = None
) -> None:
    """Raise UnsupportedFieldLabelError for the first label the kind does not expose."""
    allowed = supported_field_labels(api_version, kind, selectable_fields)
    for r in selector.requirements:
        if r.field not in allowed:
            raise UnsupportedFieldLabelError(r.field)


def _get(obj: Any, path: str) -> Any:
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(part)
    return cur


def _scalar(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    if isinstance(v, str | int | float):
        return str(v)
    return ""


def object_fields(
    api_version: str, kind: str, obj: Mapping[str, Any], selectable_fields: Iterable[Any] | None = None
) -> dict[str, str]:
    """The field set kube matches a fieldSelector against for ``obj`` (apiVersion/kind given)."""
    meta = obj.get("metadata") or {}
    out: dict[str, str] = {"metadata.name": str(meta.get("name") or "")}
    if meta.get("namespace"):
        out["metadata.namespace"] = str(meta["namespace"])
    group = _group(api_version)
    if (group, kind) == ("", "Event"):
        inv = obj.get("involvedObject") or {}
        for f in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"):
            out[f"involvedObject.{f}"] = _scalar(inv.get(f))
        out["reason"] = _scalar(obj.get("reason"))
        out["reportingComponent"] = _scalar(obj.get("reportingComponent"))
        source = _scalar((obj.get("source") or {}).get("component")) or out["reportingComponent"]
        out["source"] = source
        out["type"] = _scalar(obj.get("type"))
    elif (group, kind) == ("events.k8s.io", "Event"):
        reg = obj.get("regarding") or {}
        for f in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"):
            out[f"regarding.{f}"] = _scalar(reg.get(f))
        out["reason"] = _scalar(obj.get("reason"))
        out["reportingController"] = _scalar(obj.get("reportingController"))
        out["type"] = _scalar(obj.get("type"))
    elif (group, kind) == ("", "Pod"):
        for f in _POD:
            if f not in ("status.podIP", "status.podIPs"):
                out[f] = _scalar(_get(obj, f))
        if not out["spec.hostNetwork"]:
            out["spec.hostNetwork"] = "false"
        ips = _get(obj, "status.podIPs") or []
        first = (
            ips[0].get("ip", "")
            if ips and isinstance(ips[0], Mapping)
            else _scalar(_get(obj, "status.podIP"))
        )
        out["status.podIP"] = first
        out["status.podIPs"] = first
    elif (group, kind) == ("", "Node"):
        out["spec.unschedulable"] = "true" if _get(obj, "spec.unschedulable") else "false"
    else:
        for f in _BUILTIN.get((group, kind), ()):
            out[f] = _scalar(_get(obj, f))
    for path in _selectable_paths(selectable_fields):
        v = _get(obj, path)
        if v is not None:
            out[path] = _scalar(v)
    return out
