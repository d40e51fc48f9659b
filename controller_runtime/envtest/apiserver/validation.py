"""ObjectMeta validation with kube-apiserver's messages (names, labels, annotations)."""

from __future__ import annotations

import re
from typing import Any

from controller_runtime.envtest.apiserver.errors import FieldError

_SUBDOMAIN = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_QNAME = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"

SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    f"validation is '{_SUBDOMAIN}')"
)
LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    f"validation is '{_LABEL}')"
)
_QNAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
    f"is '{_QNAME}')"
)
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
    f"'12345', regex used for validation is '{_LABEL_VALUE}')"
)


def is_subdomain(name: str) -> bool:
    return len(name) <= 253 and re.fullmatch(_SUBDOMAIN, name) is not None


def is_label(name: str) -> bool:
    return len(name) <= 63 and re.fullmatch(_LABEL, name) is not None


def validate_name(name: Any, *, dns_label: bool, path: str = "metadata.name") -> list[FieldError]:
    if not isinstance(name, str):
        return [FieldError(path, "Invalid value", name, "must be a string")]
    if dns_label:
        if len(name) > 63:
            return [FieldError(path, "Invalid value", name, "must be no more than 63 characters")]
        if not is_label(name):
            return [FieldError(path, "Invalid value", name, LABEL_MSG)]
        return []
    if len(name) > 253:
        return [FieldError(path, "Invalid value", name, "must be no more than 253 characters")]
    if not is_subdomain(name):
        return [FieldError(path, "Invalid value", name, SUBDOMAIN_MSG)]
    return []


def _qualified_name_errors(key: str, path: str) -> list[FieldError]:
    parts = key.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            return [FieldError(path, "Invalid value", key, "prefix part must be non-empty")]
        if not is_subdomain(prefix):
            return [FieldError(path, "Invalid value", key, "prefix part " + SUBDOMAIN_MSG)]
    else:
        return [
            FieldError(
                path,
                "Invalid value",
                key,
                "a qualified name "
                + _QNAME_MSG.replace("name part must", "must", 1)
                + " with an optional DNS subdomain prefix and '/' (e.g. "
                "'example.com/MyName')",
            )
        ]
    if not name:
        return [FieldError(path, "Invalid value", key, "name part must be non-empty")]
    if len(name) > 63:
        return [FieldError(path, "Invalid value", key, "name part must be no more than 63 characters")]
    if re.fullmatch(_QNAME, name) is None:
        return [FieldError(path, "Invalid value", key, _QNAME_MSG)]
    return []


def validate_metadata(md: Any, *, dns_label: bool = False) -> list[FieldError]:
    """Checks every write makes of ObjectMeta (name syntax, labels, annotations, types)."""
    errs: list[FieldError] = []
    if not isinstance(md, dict):
        return [FieldError("metadata", "Invalid value", md, "must be an object")]
    name = md.get("name")
    if not name:
        errs.append(
            FieldError(
                "metadata.name", "Required value", detail="name or generateName is required", has_value=False
            )
        )
    else:
        errs += validate_name(name, dns_label=dns_label)
    labels = md.get("labels")
    if labels is not None:
        if not isinstance(labels, dict):
            errs.append(FieldError("metadata.labels", "Invalid value", labels, "must be an object"))
        else:
            for k, v in labels.items():
                errs += _qualified_name_errors(k, "metadata.labels")
                if not isinstance(v, str):
                    errs.append(FieldError("metadata.labels", "Invalid value", v, "must be a string"))
                elif len(v) > 63:
                    errs.append(
                        FieldError(
                            "metadata.labels", "Invalid value", v, "must be no more than 63 characters"
                        )
                    )
                elif re.fullmatch(_LABEL_VALUE, v) is None:
                    errs.append(FieldError("metadata.labels", "Invalid value", v, _LABEL_VALUE_MSG))
    annotations = md.get("annotations")
    if annotations is not None:
        if not isinstance(annotations, dict):
            errs.append(FieldError("metadata.annotations", "Invalid value", annotations, "must be an object"))
        else:
            total = 0
            for k, v in annotations.items():
                errs += _qualified_name_errors(k.lower(), "metadata.annotations")
                if not isinstance(v, str):
                    errs.append(
                        FieldError(f"metadata.annotations[{k}]", "Invalid value", v, "must be a string")
                    )
                else:
                    total += len(k) + len(v)
            if total > 256 * 1024:
                errs.append(
                    FieldError(
                        "metadata.annotations",
                        "Too long",
                        has_value=False,
                        detail="must have at most 262144 bytes",
                    )
                )
    finalizers = md.get("finalizers")
    if finalizers is not None:
        if not isinstance(finalizers, list) or not all(isinstance(f, str) for f in finalizers):
            errs.append(
                FieldError("metadata.finalizers", "Invalid value", finalizers, "must be a list of strings")
            )
        else:
            for i, f in enumerate(finalizers):
                errs += [
                    FieldError(f"metadata.finalizers[{i}]", e.type, e.value, e.detail)
                    for e in _qualified_name_errors(f, "metadata.finalizers")
                ]
    owners = md.get("ownerReferences")
    if owners is not None:
        if not isinstance(owners, list):
            errs.append(FieldError("metadata.ownerReferences", "Invalid value", owners, "must be a list"))
        else:
            for i, ref in enumerate(owners):
                p = f"metadata.ownerReferences[{i}]"
                if not isinstance(ref, dict):
                    errs.append(FieldError(p, "Invalid value", ref, "must be an object"))
                    continue
                for f in ("apiVersion", "kind", "name", "uid"):
                    if not ref.get(f):
                        errs.append(
                            FieldError(
                                f"{p}.{f}",
                                "Invalid value",
                                ref.get(f, ""),
                                f"{f} must not be empty" if f != "uid" else "uid must not be empty",
                            )
                        )
    for f in ("generateName", "namespace", "resourceVersion", "uid"):
        v = md.get(f)
        if v is not None and not isinstance(v, str):
            errs.append(FieldError(f"metadata.{f}", "Invalid value", v, "must be a string"))
    return errs
