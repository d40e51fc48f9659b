"""ObjectMeta validation as kube-apiserver's ValidateObjectMeta reports it (one field error
per failed rule), on top of the name/label checks of `controller_runtime.apimachinery`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from controller_runtime.apimachinery import validation as v
from controller_runtime.envtest.apiserver.errors import FieldError

NameCheck = Callable[[str], list[str]]

DNS_SUBDOMAIN: NameCheck = v.is_dns1123_subdomain
DNS_LABEL: NameCheck = v.is_dns1123_label
DNS1035_LABEL: NameCheck = v.is_dns1035_label
TOTAL_ANNOTATION_SIZE = 256 * 1024


def is_subdomain(name: str) -> bool:
    return not v.is_dns1123_subdomain(name)


def is_label(name: str) -> bool:
    return not v.is_dns1123_label(name)


def _invalid(path: str, value: Any, messages: list[str]) -> list[FieldError]:
    return [FieldError(path, "Invalid value", value, m) for m in messages]


def validate_metadata(md: Any, *, name_check: NameCheck = DNS_SUBDOMAIN) -> list[FieldError]:
    """Checks every write makes of ObjectMeta (name syntax, labels, annotations, finalizers)."""
    if not isinstance(md, dict):
        return [FieldError("metadata", "Invalid value", md, "must be an object")]
    errs: list[FieldError] = []
    for f in ("name", "generateName", "namespace", "resourceVersion", "uid"):
        value = md.get(f)
        if value is not None and not isinstance(value, str):
            errs.append(FieldError(f"metadata.{f}", "Invalid value", value, "must be a string"))
    if errs:
        return errs
    name = md.get("name")
    if not name:
        errs.append(
            FieldError(
                "metadata.name", "Required value", detail="name or generateName is required", has_value=False
            )
        )
    else:
        errs += _invalid("metadata.name", name, name_check(name))
    errs += _labels(md.get("labels"))
    errs += _annotations(md.get("annotations"))
    errs += _finalizers(md.get("finalizers"))
    errs += _owners(md.get("ownerReferences"))
    return errs


def _labels(labels: Any) -> list[FieldError]:
    if labels is None:
        return []
    if not isinstance(labels, dict):
        return [FieldError("metadata.labels", "Invalid value", labels, "must be an object")]
    errs: list[FieldError] = []
    for k, value in labels.items():
        errs += _invalid("metadata.labels", k, v.is_qualified_name(k))
        if not isinstance(value, str):
            errs.append(FieldError("metadata.labels", "Invalid value", value, "must be a string"))
        else:
            errs += _invalid("metadata.labels", value, v.is_valid_label_value(value))
    return errs


def _annotations(annotations: Any) -> list[FieldError]:
    if annotations is None:
        return []
    if not isinstance(annotations, dict):
        return [FieldError("metadata.annotations", "Invalid value", annotations, "must be an object")]
    errs: list[FieldError] = []
    total = 0
    for k, value in annotations.items():
        errs += _invalid("metadata.annotations", k, v.is_qualified_name(k.lower()))
        if not isinstance(value, str):
            errs.append(FieldError(f"metadata.annotations[{k}]", "Invalid value", value, "must be a string"))
        else:
            total += len(k) + len(value)
    if total > TOTAL_ANNOTATION_SIZE:
        errs.append(
            FieldError(
                "metadata.annotations",
                "Too long",
                has_value=False,
                detail=f"must have at most {TOTAL_ANNOTATION_SIZE} bytes",
            )
        )
    return errs


def _finalizers(finalizers: Any) -> list[FieldError]:
    if finalizers is None:
        return []
    if not isinstance(finalizers, list) or not all(isinstance(f, str) for f in finalizers):
        return [FieldError("metadata.finalizers", "Invalid value", finalizers, "must be a list of strings")]
    errs: list[FieldError] = []
    for f in finalizers:
        errs += _invalid("metadata.finalizers", f, v.is_qualified_name(f))
    return errs


def _owners(owners: Any) -> list[FieldError]:
    if owners is None:
        return []
    if not isinstance(owners, list):
        return [FieldError("metadata.ownerReferences", "Invalid value", owners, "must be a list")]
    errs: list[FieldError] = []
    for i, ref in enumerate(owners):
        path = f"metadata.ownerReferences[{i}]"
        if not isinstance(ref, dict):
            errs.append(FieldError(path, "Invalid value", ref, "must be an object"))
            continue
        for f in ("apiVersion", "kind", "name", "uid"):
            if not ref.get(f):
                errs.append(
                    FieldError(f"{path}.{f}", "Invalid value", ref.get(f, ""), f"{f} must not be empty")
                )
    return errs


_INT32_MAX = 2**31 - 1
#: Go's %T of decoded JSON values, for the accessor errors below.
_GO_TYPES = {str: "string", bool: "bool", float: "float64", int: "int64", dict: "map[string]interface {}",
             list: "[]interface {}"}


def _go_plain(value: Any) -> str:
    """Go's %v of a decoded JSON value (close enough for scalars, which is what appears here)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _nested(obj: Any, path: str, want: type, want_name: str) -> tuple[Any, str | None]:
    """unstructured.NestedInt64/NestedString: the value (or None if absent) or the accessor error."""
    fields = path.lstrip(".").split(".")
    cur = obj
    for i, name in enumerate(fields):
        if not isinstance(cur, dict):
            where = "." + ".".join(fields[:i])
            return None, (f"{where} accessor error: {_go_plain(cur)} is of the type "
                          f"{_GO_TYPES.get(type(cur), 'interface {}')}, expected map[string]interface{{}}")
        if name not in cur:
            return None, None
        cur = cur[name]
    if cur is None or (isinstance(cur, want) and not (want is int and isinstance(cur, bool))):
        return cur, None
    return None, (f".{'.'.join(fields)} accessor error: {_go_plain(cur)} is of the type "
                  f"{_GO_TYPES.get(type(cur), 'interface {}')}, expected {want_name}")


def _replicas(obj: Any, path: str) -> list[Any]:
    from controller_runtime.apimachinery import field as fe

    value, err = _nested(obj, path, int, "int64")
    if err is not None:
        return [fe.invalid(path, 0, err)]
    replicas = value or 0
    if replicas < 0:
        return [fe.invalid(path, replicas, "should be a non-negative integer")]
    if replicas > _INT32_MAX:
        return [fe.invalid(path, replicas, f"should be less than or equal to {_INT32_MAX}")]
    return []


def scale_errors(scale: dict[str, Any], obj: Any, *, spec: bool) -> list[Any]:
    """kube's ValidateScaleSpec and ValidateScaleStatus for a custom resource with a scale
    subresource: the replicas paths hold int32s, the selector path a string. Field paths are
    the CRD's own (`.spec.replicas`, leading dot kept). A status write checks status only."""
    from controller_runtime.apimachinery import field as fe

    errs: list[Any] = []
    if spec and scale.get("specReplicasPath"):
        errs += _replicas(obj, scale["specReplicasPath"])
    if scale.get("statusReplicasPath"):
        errs += _replicas(obj, scale["statusReplicasPath"])
    selector_path = scale.get("labelSelectorPath")
    if selector_path:
        _, err = _nested(obj, selector_path, str, "string")
        if err is not None:
            errs.append(fe.invalid(selector_path, "", err))
    return errs
