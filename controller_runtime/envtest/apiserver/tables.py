"""Server-side printing: meta.k8s.io Table (what `kubectl get` shows) and
PartialObjectMetadata, negotiated through the Accept header like kube-apiserver."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from controller_runtime.envtest.apiserver import machinery
from controller_runtime.envtest.apiserver.backend import Backend, Target
from controller_runtime.envtest.apiserver.errors import bad_request

Obj = dict[str, Any]


def requested_as(accept: str) -> str | None:
    """ "Table" / "PartialObjectMetadata" when the first acceptable media type asks for it."""
    for part in accept.split(","):
        params = {}
        for p in part.split(";")[1:]:
            k, _, v = p.strip().partition("=")
            params[k] = v
        base = part.split(";")[0].strip()
        if base not in ("application/json", "*/*", "application/*"):
            continue
        kind = params.get("as")
        if kind is None:
            return None
        if params.get("g") != "meta.k8s.io" or params.get("v") not in ("v1", "v1beta1"):
            continue
        if kind == "Table":
            return "Table"
        if kind in ("PartialObjectMetadata", "PartialObjectMetadataList"):
            return "PartialObjectMetadata"
    return None


def partial(obj: Obj, *, list_kind: bool) -> Obj:
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata", {}),
    }


def human_duration(seconds: float) -> str:
    """k8s.io/apimachinery duration.HumanDuration: how kubectl shows ages."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rem = s % 60
        return f"{minutes}m" if rem == 0 else f"{minutes}m{rem}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def _parse_time(v: Any) -> datetime.datetime | None:
    if not isinstance(v, str) or not v:
        return None
    try:
        return datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None


def age(v: Any) -> str:
    t = _parse_time(v)
    if t is None:
        return "<unknown>"
    return human_duration((datetime.datetime.now(datetime.UTC) - t).total_seconds())


def _col(name: str, typ: str = "string", fmt: str = "", desc: str = "", priority: int = 0) -> dict[str, Any]:
    return {"name": name, "type": typ, "format": fmt, "description": desc, "priority": priority}


NAME_COL = _col("Name", fmt="name", desc="Name must be unique within a namespace.")
AGE_COL = _col(
    "Age", desc="CreationTimestamp is a timestamp representing the server time when this object was created."
)
CREATED_COL = _col("Created At", "date", desc="CreationTimestamp")

Column = tuple[dict[str, Any], Callable[[Obj], Any]]


def _name(o: Obj) -> Any:
    return o["metadata"]["name"]


def _age(o: Obj) -> Any:
    return age(o["metadata"].get("creationTimestamp"))


def _created(o: Obj) -> Any:
    return o["metadata"].get("creationTimestamp")


def _event_last_seen(o: Obj) -> str:
    series = o.get("series") or {}
    for v in (series.get("lastObservedTime"), o.get("lastTimestamp"), o.get("eventTime")):
        if v:
            return age(v)
    return "<unknown>"


def _event_object(o: Obj) -> str:
    inv = o.get("involvedObject") or {}
    return f"{str(inv.get('kind', '')).lower()}/{inv.get('name', '')}"


def _source(o: Obj) -> str:
    src = o.get("source") or {}
    comp = src.get("component") or o.get("reportingComponent") or ""
    host = src.get("host")
    return f"{comp}, {host}" if host else comp


def _ports(o: Obj) -> str:
    ports = (o.get("spec") or {}).get("ports") or []
    out = []
    for p in ports:
        s = str(p.get("port", ""))
        if p.get("nodePort"):
            s += f":{p['nodePort']}"
        out.append(f"{s}/{p.get('protocol', 'TCP')}")
    return ",".join(out) or "<none>"


def _builtin_columns(group: str, plural: str) -> list[Column]:
    table: dict[tuple[str, str], list[Column]] = {
        ("", "namespaces"): [
            (
                _col("Status", desc="The status of the namespace"),
                lambda o: (o.get("status") or {}).get("phase", ""),
            )
        ],
        ("", "configmaps"): [
            (
                _col("Data", "integer", desc="Number of data entries"),
                lambda o: len(o.get("data") or {}) + len(o.get("binaryData") or {}),
            )
        ],
        ("", "secrets"): [
            (_col("Type", desc="The type of the secret"), lambda o: o.get("type", "")),
            (_col("Data", "integer", desc="Number of data entries"), lambda o: len(o.get("data") or {})),
        ],
        ("", "serviceaccounts"): [
            (_col("Secrets", "integer", desc="Number of secrets"), lambda o: len(o.get("secrets") or []))
        ],
        ("coordination.k8s.io", "leases"): [
            (
                _col("Holder", desc="The holder of the lease"),
                lambda o: (o.get("spec") or {}).get("holderIdentity", ""),
            )
        ],
        ("", "services"): [
            (_col("Type"), lambda o: (o.get("spec") or {}).get("type", "ClusterIP")),
            (_col("Cluster-IP"), lambda o: (o.get("spec") or {}).get("clusterIP", "<none>")),
            (
                _col("External-IP"),
                lambda o: ",".join((o.get("spec") or {}).get("externalIPs") or []) or "<none>",
            ),
            (_col("Port(s)"), _ports),
        ],
        ("apps", "deployments"): [
            (
                _col("Ready"),
                lambda o: (
                    f"{(o.get('status') or {}).get('readyReplicas', 0)}/"
                    f"{(o.get('spec') or {}).get('replicas', 1)}"
                ),
            ),
            (_col("Up-to-date", "integer"), lambda o: (o.get("status") or {}).get("updatedReplicas", 0)),
            (_col("Available", "integer"), lambda o: (o.get("status") or {}).get("availableReplicas", 0)),
        ],
        ("", "pods"): [
            (_col("Ready"), lambda o: "0/" + str(len((o.get("spec") or {}).get("containers") or []))),
            (_col("Status"), lambda o: (o.get("status") or {}).get("phase", "Pending")),
            (_col("Restarts", "integer"), lambda o: 0),
        ],
        ("rbac.authorization.k8s.io", "clusterrolebindings"): [
            (
                _col("Role"),
                lambda o: (
                    f"{(o.get('roleRef') or {}).get('kind', '')}/{(o.get('roleRef') or {}).get('name', '')}"
                ),
            )
        ],
        ("rbac.authorization.k8s.io", "rolebindings"): [
            (
                _col("Role"),
                lambda o: (
                    f"{(o.get('roleRef') or {}).get('kind', '')}/{(o.get('roleRef') or {}).get('name', '')}"
                ),
            )
        ],
    }
    return table.get((group, plural), [])


def columns_for(backend: Backend, t: Target) -> list[Column]:
    rdef = t.rdef
    if not rdef.builtin:
        cols = t.vdef.printer_columns
        if not cols:
            return [(NAME_COL, _name), (AGE_COL, _age)]
        out: list[Column] = [(NAME_COL, _name)]
        for c in cols:
            out.append(
                (
                    _col(
                        c.get("name", ""),
                        c.get("type", "string"),
                        c.get("format", ""),
                        c.get("description", ""),
                        int(c.get("priority", 0) or 0),
                    ),
                    _jsonpath_cell(c.get("jsonPath", ""), c.get("type", "string")),
                )
            )
        return out
    storage = backend.storage_rdef(rdef)
    if storage.group == "" and storage.plural == "events":
        return [
            (_col("Last Seen", desc="Time when last event occurred"), _event_last_seen),
            (
                _col(
                    "Type",
                    desc="Type of this event (Normal, Warning), new types could be added in the future.",
                ),
                lambda o: o.get("type", ""),
            ),
            (
                _col(
                    "Reason",
                    desc="This should be a short, machine understandable string that gives the reason "
                    "for this event being generated.",
                ),
                lambda o: o.get("reason", ""),
            ),
            (_col("Object", desc="The object that this event is about."), _event_object),
            (_col("Subobject", priority=1), lambda o: (o.get("involvedObject") or {}).get("fieldPath", "")),
            (_col("Source", priority=1), _source),
            (
                _col("Message", desc="A human-readable description of the status of this operation."),
                lambda o: o.get("message", ""),
            ),
            (_col("First Seen", priority=1), lambda o: age(o.get("firstTimestamp") or o.get("eventTime"))),
            (_col("Count", "integer", priority=1), lambda o: o.get("count", 1)),
            ({**NAME_COL, "priority": 1}, _name),
        ]
    if storage.group == "apiextensions.k8s.io" or (
        storage.group == "rbac.authorization.k8s.io" and storage.plural in ("roles", "clusterroles")
    ):
        return [(NAME_COL, _name), (CREATED_COL, _created)]
    extra = _builtin_columns(storage.group, storage.plural)
    if not extra and storage.group not in ("",):
        return [(NAME_COL, _name), (AGE_COL, _age)]
    return [(NAME_COL, _name), *extra, (AGE_COL, _age)]


def _jsonpath_cell(expr: str, typ: str) -> Callable[[Obj], Any]:
    def cell(o: Obj) -> Any:
        values = machinery.jsonpath_values(expr, o)
        if not values:
            return None
        v = values[0]
        if typ == "date":
            return (
                age(v) if isinstance(v, str) and _parse_time(v) else ("<invalid>" if v is not None else None)
            )
        if typ == "integer":
            return v if isinstance(v, int) and not isinstance(v, bool) else None
        if typ == "number":
            return v if isinstance(v, int | float) and not isinstance(v, bool) else None
        if typ == "boolean":
            return v if isinstance(v, bool) else None
        if isinstance(v, dict | list):
            import json

            return json.dumps(v, separators=(",", ":"))
        return v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)

    return cell


def table(
    backend: Backend,
    t: Target,
    items: list[Obj],
    meta: dict[str, Any],
    query: dict[str, str],
    *,
    single: bool,
) -> dict[str, Any]:
    include = query.get("includeObject", "Metadata") or "Metadata"
    if include not in ("None", "Metadata", "Object"):
        raise bad_request(
            f'includeObject: Unsupported value: "{include}": supported values: "Metadata", "None", "Object"'
        )
    cols = columns_for(backend, t)
    rows = []
    for o in items:
        rendered = backend.render(t.rdef, t.vdef.name, o)
        # Columns read the stored shape (core/v1 for events.k8s.io events, as kube's printers do).
        cells = [fn(o) for _, fn in cols]
        row: dict[str, Any] = {"cells": cells}
        if include == "Object":
            row["object"] = rendered
        elif include == "Metadata":
            row["object"] = partial(rendered, list_kind=False)
        rows.append(row)
    md = {k: v for k, v in meta.items() if k in ("resourceVersion", "continue", "remainingItemCount")}
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": md,
        "columnDefinitions": [c for c, _ in cols],
        "rows": rows,
    }
