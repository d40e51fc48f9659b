"""Field markers and the Python type -> OpenAPI v3 schema generator.

The API types are dataclasses whose fields carry markers equivalent to kubebuilder's
(`+kubebuilder:validation:Pattern`, `Enum`, `Minimum`, `default`, `+required`, ...). The
same dataclasses give controllers typed views of plain dict objects (`from_dict` /
`to_dict`), so the CRD schema and the code reading objects cannot disagree.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, NewType, TypeVar, cast, dataclass_transform

# Go-style scalar types with a fixed schema shape.
Duration = NewType("Duration", str)
"""A Go `time.Duration` string such as `5m0s` (metav1.Duration)."""
Time = NewType("Time", str)
"""An RFC 3339 timestamp (metav1.Time)."""
Int32 = NewType("Int32", int)
"""An `int32` field (plain `int` is Go's `int64`, with `format: int64`)."""
GoInt = NewType("GoInt", int)
"""A Go `int` field: controller-gen gives it `type: integer` with no format."""

# The duration patterns upstream uses: intervals accept hours, timeouts do not.
INTERVAL_PATTERN = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"
TIMEOUT_PATTERN = r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$"

_MARKERS = "lookout.markers"
_UNSET: Any = object()


@dataclasses.dataclass(frozen=True)
class Markers:
    """Validation and serialisation markers of one field (kubebuilder's, in Python)."""

    json: str | None = None
    required: bool = False
    default: Any = _UNSET
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    format: str | None = None
    description: str = ""
    omitempty: bool = True
    preserve_unknown: bool = False
    list_type: str | None = None
    map_type: str | None = None
    nullable: bool = False


def field(
    *,
    json: str | None = None,
    required: bool = False,
    server_default: Any = _UNSET,
    enum: tuple[str, ...] | list[str] | None = None,
    pattern: str | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    format: str | None = None,
    doc: str = "",
    omitempty: bool = True,
    preserve_unknown: bool = False,
    list_type: str | None = None,
    map_type: str | None = None,
    nullable: bool = False,
    default: Any = None,
    default_factory: Any = None,
) -> Any:
    """Declare a field with markers.

    `server_default` is the default written into the CRD (`+kubebuilder:default`);
    `default` / `default_factory` give the typed view's Python default (always passed
    explicitly, so type checkers see which constructor arguments are optional).
    """
    markers = Markers(
        json=json, required=required, default=server_default,
        enum=tuple(enum) if enum is not None else None, pattern=pattern,
        minimum=minimum, maximum=maximum, min_length=min_length, max_length=max_length,
        min_items=min_items, max_items=max_items, format=format, description=doc,
        omitempty=omitempty, preserve_unknown=preserve_unknown, list_type=list_type,
        map_type=map_type, nullable=nullable,
    )
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata={_MARKERS: markers})
    return dataclasses.field(default=default, metadata={_MARKERS: markers})


_C = TypeVar("_C")


@dataclass_transform(kw_only_default=True, field_specifiers=(field, dataclasses.field))
def model(cls: type[_C]) -> type[_C]:
    """Declare an API type: a keyword-only dataclass whose fields carry markers."""
    return dataclasses.dataclass(kw_only=True)(cls)


def markers_of(f: dataclasses.Field[Any]) -> Markers:
    m = f.metadata.get(_MARKERS)
    return m if isinstance(m, Markers) else Markers()


def json_name(f: dataclasses.Field[Any]) -> str:
    """The field's JSON name: the explicit marker, else snake_case -> camelCase."""
    explicit = markers_of(f).json
    if explicit:
        return explicit
    head, *rest = f.name.rstrip("_").split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _strip_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _clean_doc(cls: type) -> str:
    doc = cls.__doc__ or ""
    if doc.startswith(cls.__name__ + "("):  # dataclass auto-generated signature
        return ""
    return " ".join(doc.split())


# ---------------------------------------------------------------------------------------------
# Schema generation


def schema_for_type(tp: Any) -> dict[str, Any]:
    """The structural OpenAPI v3 schema of a Python type annotation."""
    tp = _strip_optional(tp)
    if tp is Duration:
        return {"type": "string", "pattern": INTERVAL_PATTERN}
    if tp is Time:
        return {"type": "string", "format": "date-time"}
    if tp is Int32:
        return {"type": "integer", "format": "int32"}
    if tp is GoInt:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer", "format": "int64"}
    if tp is float:
        return {"type": "number"}
    if tp is Any:
        return {"x-kubernetes-preserve-unknown-fields": True}
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return {"type": "array", "items": schema_for_type(item)}
    if origin is dict:
        _, value = typing.get_args(tp)
        if value is Any:
            return {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        return {"type": "object", "additionalProperties": schema_for_type(value)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return schema_for_dataclass(tp)
    raise TypeError(f"no schema for type {tp!r}")


def schema_for_dataclass(cls: type) -> dict[str, Any]:
    """Object schema of a dataclass: properties from fields, `required` from markers,
    extra keywords (e.g. CEL rules) from the class attribute `__schema_extra__`."""
    hints = _hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        name = json_name(f)
        props[name] = schema_for_field(f, hints[f.name])
        if markers_of(f).required:
            required.append(name)
    schema: dict[str, Any] = {}
    doc = _clean_doc(cls)
    if doc:
        schema["description"] = doc
    schema["type"] = "object"
    schema["properties"] = dict(sorted(props.items()))
    if required:
        schema["required"] = sorted(required)
    extra = getattr(cls, "__schema_extra__", None)
    if extra:
        schema.update(extra)
    return schema


def schema_for_field(f: dataclasses.Field[Any], tp: Any) -> dict[str, Any]:
    m = markers_of(f)
    base = schema_for_type(tp)
    schema: dict[str, Any] = {}
    if m.description:
        schema["description"] = m.description
    elif "description" in base:
        schema["description"] = base["description"]
    schema.update({k: v for k, v in base.items() if k != "description"})
    if m.default is not _UNSET:
        schema["default"] = m.default
    if m.enum is not None:
        schema["enum"] = list(m.enum)
    if m.pattern is not None:
        schema["pattern"] = m.pattern
    for key, value in (
        ("minimum", m.minimum), ("maximum", m.maximum), ("minLength", m.min_length),
        ("maxLength", m.max_length), ("minItems", m.min_items), ("maxItems", m.max_items),
        ("format", m.format),
    ):
        if value is not None:
            schema[key] = value
    if m.preserve_unknown:
        schema["x-kubernetes-preserve-unknown-fields"] = True
    if m.list_type:
        schema["x-kubernetes-list-type"] = m.list_type
    if m.map_type:
        schema["x-kubernetes-map-type"] = m.map_type
    if m.nullable:
        schema["nullable"] = True
    return schema


# ---------------------------------------------------------------------------------------------
# Typed views: dict <-> dataclass

T = TypeVar("T")


def from_dict(cls: type[T], data: Mapping[str, Any] | None) -> T:
    """Build a typed view of a JSON object, ignoring unknown fields and wrong shapes.

    Objects come from the API server, which has already validated them; tolerance here
    keeps a controller running against objects written by a newer schema.
    """
    data = data if isinstance(data, Mapping) else {}
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cast(Any, cls)):
        if not f.init:
            continue
        name = json_name(f)
        if name in data and data[name] is not None:
            kwargs[f.name] = _convert(hints[f.name], data[name])
    return cls(**kwargs)


def _convert(tp: Any, value: Any) -> Any:
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_convert(item, v) for v in value] if isinstance(value, list) else []
    if origin is dict:
        _, vt = typing.get_args(tp)
        return {str(k): _convert(vt, v) for k, v in value.items()} if isinstance(value, Mapping) else {}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value if isinstance(value, Mapping) else {})
    if tp is bool:
        return value if isinstance(value, bool) else bool(value)
    if tp in (int, Int32, GoInt):
        return value if isinstance(value, int) and not isinstance(value, bool) else _to_int(value)
    if tp in (str, Duration, Time):
        return value if isinstance(value, str) else str(value)
    return value


def _to_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value is False or value == 0 or value == [] or value == {}


def to_dict(obj: Any) -> dict[str, Any]:
    """The JSON form of a typed view, with Go's `omitempty` semantics per field.

    Unlike Go, an empty nested object is omitted too (unless required), so a view of an
    object reads back as the same dict.
    """
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None:
            continue
        m = markers_of(f)
        encoded = _encode(value)
        if m.omitempty and not m.required and _is_empty(encoded):
            continue
        out[json_name(f)] = encoded
    return out


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """camelCase -> snake_case (used by tests and error messages)."""
    return _CAMEL.sub("_", name).lower()
