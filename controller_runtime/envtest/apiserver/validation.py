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
