"""Per-kind behaviour of built-in resources: defaults on write and validation.

kube-apiserver gives each built-in a strategy; these are the parts clients notice
(Secret stringData and base64, Namespace phase and label, immutable ConfigMaps/Secrets).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from controller_runtime.apimachinery.validation import is_qualified_name
from controller_runtime.envtest.apiserver.errors import FieldError, bad_request

_CONFIG_KEY = r"[-._a-zA-Z0-9]+"
_CONFIG_KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
    f"or 'KEY_NAME',  or 'key-name', regex used for validation is '{_CONFIG_KEY}')"
)


def prepare(group: str, plural: str, obj: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Normalise `obj` (a private copy in storage shape) before validation."""
    if group == "" and plural == "secrets":
        _prepare_secret(obj)
    elif group == "" and plural == "namespaces":
        md = obj["metadata"]
        labels = dict(md.get("labels") or {})
        labels["kubernetes.io/metadata.name"] = md["name"]
        md["labels"] = labels
        if old is None:
            obj["spec"] = {"finalizers": ["kubernetes"]}
            obj["status"] = {"phase": "Active"}
        else:
            obj.setdefault("spec", old.get("spec", {"finalizers": ["kubernetes"]}))
    elif group == "" and plural == "serviceaccounts":
        pass
    elif group == "" and plural == "services":
        spec = obj.setdefault("spec", {})
        if isinstance(spec, dict):
            spec.setdefault("type", "ClusterIP")
            spec.setdefault("sessionAffinity", "None")
            if spec.get("type") == "ClusterIP" and old is None:
                spec.setdefault("clusterIP", f"10.0.0.{sum(obj['metadata']['name'].encode()) % 250 + 2}")
            if "clusterIP" in spec:
                spec.setdefault("clusterIPs", [spec["clusterIP"]])
            for port in spec.get("ports") or []:
                if isinstance(port, dict):
                    port.setdefault("protocol", "TCP")
                    if "port" in port:
                        port.setdefault("targetPort", port["port"])
        obj.setdefault("status", {"loadBalancer": {}})
    elif group == "apps" and plural == "deployments":
        spec = obj.setdefault("spec", {})
        if isinstance(spec, dict):
            spec.setdefault("replicas", 1)
            spec.setdefault("revisionHistoryLimit", 10)
            spec.setdefault("progressDeadlineSeconds", 600)
            spec.setdefault(
                "strategy",
                {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            )


def _prepare_secret(obj: dict[str, Any]) -> None:
    data = obj.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise bad_request('Secret in version "v1" cannot be handled as a Secret: data must be an object')
    for k, v in data.items():
        if not isinstance(v, str):
            raise bad_request(
                f'Secret in version "v1" cannot be handled as a Secret: data[{k}] must be a string'
            )
        try:
            base64.b64decode(v, validate=True)
        except (binascii.Error, ValueError):
            raise bad_request(
                'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0'
            ) from None
    string_data = obj.pop("stringData", None)
    if isinstance(string_data, dict):
        data = dict(data)
        for k, v in string_data.items():
            data[k] = base64.b64encode(str(v).encode()).decode()
    if data:
        obj["data"] = data
    else:
        obj.pop("data", None)
    obj.setdefault("type", "Opaque")


def validate(group: str, plural: str, obj: dict[str, Any], old: dict[str, Any] | None) -> list[FieldError]:
    errs: list[FieldError] = []
    if group == "" and plural in ("configmaps", "secrets"):
        for field in ("data", "binaryData"):
            values = obj.get(field)
            if values is None:
                continue
            if not isinstance(values, dict):
                errs.append(FieldError(field, "Invalid value", values, "must be an object"))
                continue
            for k, v in values.items():
                if re.fullmatch(_CONFIG_KEY, k) is None or len(k) > 253:
                    errs.append(FieldError(f"{field}[{k}]", "Invalid value", k, _CONFIG_KEY_MSG))
                if plural == "configmaps" and field == "data" and not isinstance(v, str):
                    errs.append(FieldError(f"{field}[{k}]", "Invalid value", v, "must be a string"))
        if old is not None:
            if old.get("immutable") is True:
                for field in ("data", "binaryData", "stringData"):
                    if obj.get(field) != old.get(field):
                        errs.append(
                            FieldError(
                                field,
                                "Forbidden",
                                has_value=False,
                                detail="field is immutable when `immutable` is set",
                            )
                        )
                if obj.get("immutable") is not True:
                    errs.append(
                        FieldError(
                            "immutable",
                            "Forbidden",
                            has_value=False,
                            detail="field is immutable when `immutable` is set",
                        )
                    )
            if plural == "secrets" and obj.get("type") != old.get("type"):
                errs.append(FieldError("type", "Invalid value", obj.get("type"), "field is immutable"))
    if group == "coordination.k8s.io" and plural == "leases":
        spec = obj.get("spec")
        if spec is not None and not isinstance(spec, dict):
            errs.append(FieldError("spec", "Invalid value", spec, "must be an object"))
        elif isinstance(spec, dict):
            for f in ("leaseDurationSeconds", "leaseTransitions"):
                v = spec.get(f)
                if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
                    errs.append(FieldError(f"spec.{f}", "Invalid value", v, "must be an integer"))
                elif f == "leaseDurationSeconds" and isinstance(v, int) and v <= 0:
                    errs.append(FieldError(f"spec.{f}", "Invalid value", v, "must be greater than 0"))
    if group == "" and plural == "events":
        inv = obj.get("involvedObject")
        ns = obj["metadata"].get("namespace", "")
        if isinstance(inv, dict) and inv.get("namespace") and inv.get("namespace") != ns:
            errs.append(
                FieldError(
                    "involvedObject.namespace",
                    "Invalid value",
                    inv.get("namespace"),
                    "does not match event.namespace",
                )
            )
    return errs


_EVENT_LIMITS = {"reportingInstance": 128, "action": 128, "reason": 128}
_NOTE_LIMIT = 1024


def validate_events_v1_create(ev: dict[str, Any]) -> list[FieldError]:
    """ValidateEventCreate for events.k8s.io/v1 (``ev`` in its stored core/v1 shape): a new-style
    event needs eventTime, and with it the reporting fields, action and reason; the deprecated
    core fields must stay unset. Paths use events.k8s.io/v1 names except kube's legacy ``message``."""
    errs: list[FieldError] = []

    def required(path: str) -> None:
        errs.append(FieldError(path, "Required value", has_value=False))

    has_time = bool(ev.get("eventTime"))
    if has_time:
        involved = ev.get("involvedObject")
        regarding: dict[str, Any] = involved if isinstance(involved, dict) else {}
        ns = ev["metadata"].get("namespace", "")
        if not regarding.get("namespace") and ns not in ("default", "kube-system"):
            errs.append(
                FieldError("involvedObject.namespace", "Invalid value", "", "does not match event.namespace")
            )
        controller = ev.get("reportingComponent") or ""
        if not controller:
            required("reportingController")
        # ValidateQualifiedName runs on the empty value too, so an absent controller is
        # reported three times, as kube does.
        for msg in is_qualified_name(str(controller)):
            errs.append(FieldError("reportingController", "Invalid value", controller, msg))
        for f, limit in _EVENT_LIMITS.items():
            v = ev.get(f)
            if not v:
                required(f)
            elif isinstance(v, str) and len(v) > limit:
                errs.append(FieldError(f, "Invalid value", "", f"can have at most {limit} characters"))
        note = ev.get("message")
        if isinstance(note, str) and len(note) > _NOTE_LIMIT:
            errs.append(
                FieldError("message", "Invalid value", "", f"can have at most {_NOTE_LIMIT} characters")
            )
    else:
        required("eventTime")
    if ev.get("type") not in ("Normal", "Warning"):
        errs.append(FieldError("type", "Invalid value", "", f"has invalid value: {ev.get('type') or ''}"))
    for core_field, v1_field in (
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ):
        if ev.get(core_field):
            errs.append(FieldError(v1_field, "Invalid value", "", "needs to be unset"))
    source = ev.get("source")
    if isinstance(source, dict) and (source.get("component") or source.get("host")):
        errs.append(FieldError("deprecatedSource", "Invalid value", "", "needs to be unset"))
    return errs
