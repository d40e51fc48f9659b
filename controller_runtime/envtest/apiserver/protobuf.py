"""Decoding of `application/vnd.kubernetes.protobuf` request bodies into JSON-shaped dicts.

kubectl's typed commands (`kubectl create secret|configmap|namespace|...`) send built-in
objects as protobuf even when the server answers in JSON, so the server must read them.
Bodies are the k8s envelope (`k8s\\x00` + runtime.Unknown) around the kind's message;
field tables come from `protobuf_types`. Responses are always JSON (clients accept it).
"""

from __future__ import annotations

import base64
import datetime
import json
import struct
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.apimachinery import quantity
from controller_runtime.envtest.apiserver.protobuf_types import MESSAGES, ROOTS

MAGIC = b"k8s\x00"
# Pointer fields (or fields without omitempty) whose 0/false is a value a user set: kept.
MEANINGFUL_ZERO = frozenset(
    {
        "replicas",
        "value",
        "automountServiceAccountToken",
        "immutable",
        "suspend",
        "parallelism",
        "completions",
        "backoffLimit",
        "runAsUser",
        "runAsGroup",
        "runAsNonRoot",
        "privileged",
        "readOnlyRootFilesystem",
        "allowPrivilegeEscalation",
        "optional",
        "defaultMode",
        "revisionHistoryLimit",
        "terminationGracePeriodSeconds",
        "fsGroup",
        "port",
        "containerPort",
        "minReplicas",
        "maxReplicas",
        "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit",
        "startingDeadlineSeconds",
        "activeDeadlineSeconds",
        "ttlSecondsAfterFinished",
        "preemptionPolicy",
        "globalDefault",
        "enableServiceLinks",
        "shareProcessNamespace",
        "hostUsers",
        "leaseDurationSeconds",
        "leaseTransitions",
        "count",
        "deletionGracePeriodSeconds",
        "gracePeriodSeconds",
        "orphanDependents",
    }
)
CONTENT_TYPE = "application/vnd.kubernetes.protobuf"


class ProtobufError(ValueError):
    """The body is not a decodable Kubernetes protobuf object."""


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = 0
    result = 0
    while True:
        if i >= len(buf):
            raise ProtobufError("truncated varint")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7
        if shift > 70:
            raise ProtobufError("varint too long")


def _fields(buf: bytes) -> list[tuple[int, int, Any]]:
    """(field number, wire type, raw value) in order."""
    out: list[tuple[int, int, Any]] = []
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        num, wt = key >> 3, key & 7
        v: Any
        if wt == 0:
            v, i = _varint(buf, i)
        elif wt == 1:
            if i + 8 > len(buf):
                raise ProtobufError("truncated fixed64")
            v, i = buf[i : i + 8], i + 8
        elif wt == 2:
            n, i = _varint(buf, i)
            if i + n > len(buf):
                raise ProtobufError("truncated length-delimited field")
            v, i = buf[i : i + n], i + n
        elif wt == 5:
            if i + 4 > len(buf):
                raise ProtobufError("truncated fixed32")
            v, i = buf[i : i + 4], i + 4
        else:
            raise ProtobufError(f"unsupported wire type {wt}")
        out.append((num, wt, v))
    return out


def _signed(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


def _scalar(kind: str, wt: int, v: Any) -> Any:
    if kind == "s":
        return bytes(v).decode("utf-8", errors="replace")
    if kind == "b":
        return base64.b64encode(bytes(v)).decode()
    if kind == "?":
        return bool(v)
    if kind == "i":
        return _signed(int(v))
    if kind == "d":
        return struct.unpack("<d", v)[0]
    if kind == "f":
        return struct.unpack("<f", v)[0]
    raise ProtobufError(f"bad scalar kind {kind}")


def _time(v: bytes, micro: bool) -> str | None:
    seconds = nanos = 0
    for num, _, raw in _fields(v):
        if num == 1:
            seconds = _signed(raw)
        elif num == 2:
            nanos = _signed(raw)
    if seconds == 0 and nanos == 0:
        return None
    t = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    if micro:
        return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos // 1000:06d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _special(kind: str, v: bytes) -> Any:
    if kind in ("time", "microtime"):
        return _time(v, kind == "microtime")
    fields = _fields(v)
    if kind == "intstr":
        typ, ival, sval = 0, 0, ""
        for num, _, raw in fields:
            if num == 1:
                typ = int(raw)
            elif num == 2:
                ival = _signed(raw)
            elif num == 3:
                sval = bytes(raw).decode()
        return sval if typ == 1 else ival
    if kind == "quantity":
        for num, _, raw in fields:
            if num == 1:
                return bytes(raw).decode()
        return "0"
    if kind == "raw":
        for num, _, raw in fields:
            if num == 1 and raw:
                try:
                    return json.loads(bytes(raw))
                except ValueError:
                    raise ProtobufError("embedded raw object is not JSON") from None
        return None
    if kind == "duration":
        for num, _, raw in fields:
            if num == 1:
                return f"{_signed(raw) / 1e9:g}s"
        return "0s"
    raise ProtobufError(f"bad kind {kind}")


def _value(kind: str, wt: int, v: Any) -> Any:
    if kind.startswith("m:"):
        return _message(kind[2:], bytes(v))
    if kind in ("time", "microtime", "intstr", "quantity", "raw", "duration"):
        return _special(kind, bytes(v))
    return _scalar(kind, wt, v)


def _packed(kind: str, v: bytes) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(v):
        if kind in ("i", "?"):
            n, i = _varint(v, i)
            out.append(_scalar(kind, 0, n))
        elif kind == "d":
            out.append(struct.unpack("<d", v[i : i + 8])[0])
            i += 8
        elif kind == "f":
            out.append(struct.unpack("<f", v[i : i + 4])[0])
            i += 4
        else:
            raise ProtobufError("packed field of non-numeric kind")
    return out


def _message(name: str, buf: bytes) -> dict[str, Any]:
    table = MESSAGES.get(name)
    if table is None:
        raise ProtobufError(f"unknown message {name}")
    out: dict[str, Any] = {}
    for num, wt, raw in _fields(buf):
        spec = table.get(num)
        if spec is None:
            continue
        fname, kind, repeated = spec
        if kind == "skip":
            continue
        if kind.startswith("inline:"):
            out.update(_message(kind[7:], bytes(raw)))
            continue
        if kind.startswith("map:"):
            vkind = kind[4:]
            key: str = ""
            val: Any = None if vkind != "s" else ""
            for enum, ewt, eraw in _fields(bytes(raw)):
                if enum == 1:
                    key = bytes(eraw).decode("utf-8", errors="replace")
                elif enum == 2:
                    val = _value(vkind, ewt, eraw)
            if vkind == "b" and val is None:
                val = ""
            out.setdefault(fname, {})[key] = val
            continue
        if repeated:
            if wt == 2 and kind in ("i", "?", "d", "f"):
                out.setdefault(fname, []).extend(_packed(kind, bytes(raw)))
            else:
                out.setdefault(fname, []).append(_value(kind, wt, raw))
            continue
        value = _value(kind, wt, raw)
        if value is None or (kind == "s" and value == ""):
            continue
        if kind in ("i", "?", "d", "f") and not value and fname not in MEANINGFUL_ZERO:
            # Go always encodes non-pointer scalars; their JSON form omits zero values.
            continue
        out[fname] = value
    return out


def decode(body: bytes) -> dict[str, Any]:
    """A protobuf-encoded Kubernetes object as the JSON dict the same object would be."""
    if not body.startswith(MAGIC):
        raise ProtobufError("missing the k8s protobuf envelope")
    api_version = kind = ""
    raw = b""
    for num, _, v in _fields(body[len(MAGIC) :]):
        if num == 1:
            for tnum, _, tv in _fields(bytes(v)):
                if tnum == 1:
                    api_version = bytes(tv).decode()
                elif tnum == 2:
                    kind = bytes(tv).decode()
        elif num == 2:
            raw = bytes(v)
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    root = ROOTS.get((group, kind))
    if root is None and kind == "DeleteOptions":
        root = ROOTS[("meta.k8s.io", "DeleteOptions")]
    if root is None:
        raise ProtobufError(f"no protobuf decoding for {api_version or '?'}, Kind={kind or '?'}")
    obj = _message(root, raw)
    obj = {"apiVersion": api_version, "kind": kind, **obj}
    return obj


# --- unknown fields of built-in kinds (typed decoding drops them) ---------------------------
_NAMES: dict[str, dict[str, tuple[str, bool]]] = {}


def _names(message: str) -> dict[str, tuple[str, bool]]:
    """JSON field name -> (kind, repeated), with inlined messages' fields lifted up."""
    names = _NAMES.get(message)
    if names is None:
        names = {}
        for fname, kind, repeated in MESSAGES[message].values():
            if kind.startswith("inline:"):
                names.update(_names(kind[7:]))
            else:
                names[fname] = (kind, repeated)
        _NAMES[message] = names
    return names


@dataclass
class Decoded:
    """What decoding a built-in object into its Go struct found."""

    #: paths of fields the struct does not have (dropped)
    unknown: list[str] = field(default_factory=list)
    #: (path, stored text) of ResourceList quantities below zero, which kube's validation refuses
    negative: list[tuple[str, str]] = field(default_factory=list)


def decode_as_go_struct(group: str, kind: str, obj: dict[str, Any]) -> Decoded:
    """Make `obj` what decoding it into its Go struct leaves, in place.

    kube-apiserver decodes built-ins into Go structs, which silently loses unknown fields
    (and reports them under fieldValidation Warn/Strict) and turns every resource quantity
    into its canonical text (`1000m` -> `"1"`); this reproduces both from the protobuf field
    tables. A malformed quantity raises QuantityError, as decoding fails in kube. Kinds
    without a table are left alone.
    """
    found = Decoded()
    root = ROOTS.get((group, kind))
    if root is not None:
        _walk_message(root, obj, "", found, is_root=True)
    return found


def _walk_message(message: str, value: Any, path: str, found: Decoded, *, is_root: bool = False) -> None:
    if not isinstance(value, dict) or message not in MESSAGES:
        return
    names = _names(message)
    for key in list(value):
        if is_root and key in ("apiVersion", "kind"):
            continue
        spec = names.get(key)
        child = f"{path}.{key}" if path else key
        if spec is None:
            found.unknown.append(child)
            del value[key]
            continue
        kind, repeated = spec
        item = value[key]
        if kind.startswith("m:"):
            if repeated and isinstance(item, list):
                for i, element in enumerate(item):
                    _walk_message(kind[2:], element, f"{child}[{i}]", found)
            else:
                _walk_message(kind[2:], item, child, found)
        elif kind.startswith("map:m:") and isinstance(item, dict):
            for k, element in item.items():
                _walk_message(kind[6:], element, f"{child}[{k}]", found)
        elif kind == "quantity" and item is not None:
            value[key] = quantity.canonical_json(item)
        elif kind == "map:quantity" and isinstance(item, dict):
            # a core/v1 ResourceList, whose defaulting rounds values up to a thousandth
            stored = {k: quantity.canonical_json(v, milli=True) for k, v in item.items()}
            value[key] = stored
            found.negative += [(f"{child}[{k}]", str(v)) for k, v in stored.items() if str(v).startswith("-")]
