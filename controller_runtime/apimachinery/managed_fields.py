"""Server-side apply: fieldsV1 field sets, ownership per manager, conflicts and the apply merge.

A port of the parts of sigs.k8s.io/structured-merge-diff that kube-apiserver uses: the set of fields
an applied configuration specifies, merging it onto the live object, removing fields the manager
stopped applying (unless someone else owns them), conflicts with other managers (409 ``Apply failed
with N conflict(s)``) and ownership transfer with ``force``. List semantics come from PatchMeta
(``x-kubernetes-list-type`` of a CRD schema, or the built-in kinds' markers).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any, NamedTuple

import orjson

from controller_runtime.apimachinery import typed_shapes
from controller_runtime.apimachinery.field import go_json
from controller_runtime.apimachinery.json_codec import copy_decoded
from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.apimachinery.patch_meta import (
    EMPTY,
    PatchMeta,
    patch_meta_for,
    patch_meta_from_schema,
)

Path = tuple[str, ...]  # fieldsV1 path elements: "f:name", 'k:{"name":"x"}', 'v:"x"', "i:0"

BEFORE_FIRST_APPLY = "before-first-apply"

# Fields kube never records ownership of (fieldmanager's stripMetaManager).
_STRIPPED: frozenset[Path] = frozenset(
    {
        ("f:apiVersion",),
        ("f:kind",),
        ("f:metadata",),
        ("f:metadata", "f:name"),
        ("f:metadata", "f:namespace"),
        ("f:metadata", "f:creationTimestamp"),
        ("f:metadata", "f:selfLink"),
        ("f:metadata", "f:uid"),
        ("f:metadata", "f:clusterName"),
        ("f:metadata", "f:generation"),
        ("f:metadata", "f:managedFields"),
        ("f:metadata", "f:resourceVersion"),
    }
)


class FieldSet:
    """An immutable set of field paths, convertible to and from the fieldsV1 JSON form."""

    __slots__ = ("_paths",)

    def __init__(self, paths: Iterable[Path] = ()) -> None:
        self._paths: frozenset[Path] = frozenset(paths)

    @classmethod
    def from_fields_v1(cls, fields: Mapping[str, Any] | None) -> FieldSet:
        """Decode ``{"f:spec": {"f:x": {}, ...}}`` (``"."`` marks a node that is itself a member)."""
        out: set[Path] = set()

        def walk(node: Mapping[str, Any], path: Path) -> None:
            for key, sub in node.items():
                if key == ".":
                    if path:
                        out.add(path)
                    continue
                child = (*path, key)
                if not isinstance(sub, Mapping) or not sub:
                    out.add(child)
                else:
                    walk(sub, child)

        walk(fields or {}, ())
        return cls(out)

    def to_fields_v1(self) -> dict[str, Any]:
        """Encode as fieldsV1 (keys sorted like kube's serializer)."""
        tree: dict[str, Any] = {}
        members: set[Path] = set(self._paths)
        for path in self._paths:
            node = tree
            for el in path:
                node = node.setdefault(el, {})

        # a member that also has children gets a "." entry
        def mark(node: dict[str, Any], path: Path) -> dict[str, Any]:
            out: dict[str, Any] = {}
            if path in members and node:
                out["."] = {}
            for key in sorted(node):
                out[key] = mark(node[key], (*path, key))
            return out

        return mark(tree, ())

    @property
    def paths(self) -> frozenset[Path]:
        return self._paths

    # The set operations hand back an operand when the result equals it: FieldSets are
    # immutable, so sharing one costs nothing and spares a frozenset per operation.
    def union(self, other: FieldSet) -> FieldSet:
        if other._paths <= self._paths:
            return self
        if not self._paths:
            return other
        return FieldSet(self._paths | other._paths)

    def difference(self, other: FieldSet) -> FieldSet:
        if self._paths.isdisjoint(other._paths):
            return self
        return FieldSet(self._paths - other._paths)

    def intersection(self, other: FieldSet) -> FieldSet:
        if self._paths.isdisjoint(other._paths):
            return _EMPTY_SET
        return FieldSet(self._paths & other._paths)

    def empty(self) -> bool:
        return not self._paths

    def has_prefix_of(self, prefix: Path) -> bool:
        """True when some member lies at or under ``prefix``."""
        n = len(prefix)
        return any(p[:n] == prefix for p in self._paths)

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[Path]:
        return iter(sorted(self._paths, key=_sort_key))

    def __len__(self) -> int:
        return len(self._paths)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldSet) and self._paths == other._paths

    def __hash__(self) -> int:
        return hash(self._paths)

    def __repr__(self) -> str:
        return f"FieldSet({[path_string(p) for p in self]})"


_EMPTY_SET = FieldSet()


def _sort_key(path: Path) -> tuple[str, ...]:
    return path


def path_string(path: Path) -> str:
    """fieldpath.Path.String(): ``.spec.containers[name="app"].image``, ``[=\"x\"]``, ``[0]``."""
    out = []
    for el in path:
        kind, _, rest = el.partition(":")
        if kind == "f":
            out.append("." + rest)
        elif kind == "k":
            try:
                keys = json.loads(rest)
            except json.JSONDecodeError:
                keys = {}
            out.append("[" + ",".join(f"{k}={_value_string(v)}" for k, v in sorted(keys.items())) + "]")
        elif kind == "v":
            try:
                out.append(f"[={_value_string(json.loads(rest))}]")
            except json.JSONDecodeError:
                out.append(f"[={rest}]")
        elif kind == "i":
            out.append(f"[{rest}]")
        else:
            out.append("{{invalid path element}}")
    return "".join(out)


def _value_string(v: Any) -> str:
    if isinstance(v, str):
        return json.dumps(v)
    return go_json(v)


# ---------------------------------------------------------------- field sets of values


def _item_element(item: Any, meta: PatchMeta, index: int) -> str:
    list_type = meta.effective_list_type
    if list_type == "map" and isinstance(item, dict):
        keys = {k: item[k] for k in meta.effective_list_map_keys if k in item}
        if keys:
            return "k:" + go_json(keys)
        return f"i:{index}"
    if list_type == "set":
        return "v:" + go_json(item)
    return f"i:{index}"


def _walk(value: Any, meta: PatchMeta, path: Path, members: set[Path], leaves: dict[Path, Any]) -> None:
    """Collect ToFieldSet members and the comparable leaf values under ``path``."""
    if isinstance(value, dict):
        if meta.map_type == "atomic" and path:
            members.add(path)
            leaves[path] = value
            return
        for k, v in value.items():
            _walk_key(k, v, meta, path, members, leaves)
        return
    if isinstance(value, list):
        list_type = meta.effective_list_type
        if list_type == "atomic" or not path:
            members.add(path)
            leaves[path] = value
            return
        for i, item in enumerate(value):
            p = (*path, _item_element(item, meta, i))
            if list_type == "map" and isinstance(item, dict):
                _walk(item, meta, p, members, leaves)
            else:
                leaves[p] = item
            members.add(p)
        return
    members.add(path)
    leaves[path] = value


def _walk_key(
    k: str, v: Any, meta: PatchMeta, path: Path, members: set[Path], leaves: dict[Path, Any]
) -> None:
    """_walk of one key of a map at ``path``: the value's own fields and the key's membership."""
    p = (*path, f"f:{k}")
    _walk(v, meta.child(k), p, members, leaves)
    if v is None or (isinstance(v, dict) and not v) or (meta.free_form and k not in meta.fields):
        members.add(p)
        if v is None or v == {}:
            leaves[p] = v


def _strip(s: set[Path]) -> set[Path]:
    return {p for p in s if p not in _STRIPPED}


def field_set_of(obj: Mapping[str, Any] | None, meta: PatchMeta = EMPTY) -> FieldSet:
    """The field set an object (an applied configuration, say) specifies, as kube records it."""
    members: set[Path] = set()
    leaves: dict[Path, Any] = {}
    _walk(dict(obj or {}), meta, (), members, leaves)
    return FieldSet(_strip(members))


@dataclass(frozen=True)
class _Comparison:
    added: FieldSet
    modified: FieldSet
    removed: FieldSet


_ABSENT: Any = object()


@cache
def _always_value(text: str) -> Any:
    """A typed form's always-present value, decoded once (shared: never mutated)."""
    return json.loads(text)


def _shape_fields(shape: str) -> dict[str, tuple[str | None, str]]:
    return typed_shapes.STRUCTS.get(shape, {}) if shape and not shape.startswith("map:") else {}


def _child_shape(shape: str, fields: Mapping[str, tuple[str | None, str]], key: str) -> str:
    if shape.startswith("map:"):
        return shape[4:]
    got = fields.get(key)
    return got[1] if got is not None else ""


def shape_for(api_version: str, kind: str) -> str:
    """The Go struct of a built-in kind (typed_shapes), or "" for any other kind."""
    group, _, version = api_version.rpartition("/")
    return typed_shapes.KINDS.get(f"{group}/{version}/{kind}", "")


class _Compare:
    """structured-merge-diff's Compare of two typed objects: what ``new`` added, modified and
    removed. A node absent before counts as added, maps and lists included (hence fieldsV1's
    "." entries); a node present on both sides is modified only when it is a differing leaf.

    Built-in kinds compare in their typed form: ``shape`` names the Go struct, whose value-struct
    fields and fields without omitempty are present even where the JSON lacks them. Equal
    subtrees are skipped, so a write costs in proportion to what it changed.
    """

    def __init__(self) -> None:
        self.added: set[Path] = set()
        self.modified: set[Path] = set()
        self.removed: set[Path] = set()

    def both(self, old: Any, new: Any, meta: PatchMeta, shape: str, path: Path) -> None:
        scalars = type(old) in _SCALARS and type(new) in _SCALARS
        if old is new or (_same(old, new) if scalars else _identical(old, new)):
            return
        if isinstance(old, (dict, list)) and isinstance(new, (dict, list)) and type(old) is not type(new):
            # a map became a list or back: one container's nodes go, the other's come
            self.subtree(old, meta, shape, path, self.removed)
            self.subtree(new, meta, shape, path, self.added)
            self.removed.discard(path)
            self.added.discard(path)
            return
        if isinstance(old, dict) or isinstance(new, dict):
            if self._atomic_map(meta, shape, path):
                self._leaf(old, new, path)
                return
            self.maps(old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {},
                       meta, shape, path)
            return
        if isinstance(old, list) or isinstance(new, list):
            if meta.effective_list_type == "atomic" or not path:
                self._leaf(old, new, path)
                return
            self._lists(old if isinstance(old, list) else [], new if isinstance(new, list) else [],
                        meta, shape, path)
            return
        self._leaf(old, new, path)

    @staticmethod
    def _atomic_map(meta: PatchMeta, shape: str, path: Path) -> bool:
        return bool(path) and (meta.map_type == "atomic" or shape in typed_shapes.ATOMIC)

    def _leaf(self, old: Any, new: Any, path: Path) -> None:
        if not _same(old, new):
            self.modified.add(path)

    def maps(
        self, old: dict[str, Any], new: dict[str, Any], meta: PatchMeta, shape: str, path: Path
    ) -> None:
        fields = _shape_fields(shape)
        if not fields and not shape:  # untyped (custom resources): the plain walk, no defaults
            for k, ov in old.items():
                nv = new.get(k, _ABSENT)
                if nv is ov:
                    continue
                if nv is _ABSENT:
                    self.subtree(ov, meta.child(k), "", (*path, f"f:{k}"), self.removed)
                elif type(ov) in _SCALARS and type(nv) in _SCALARS:
                    if not _same(ov, nv):
                        self.modified.add((*path, f"f:{k}"))
                else:
                    self.both(ov, nv, meta.child(k), "", (*path, f"f:{k}"))
            for k, nv in new.items():
                if k not in old:
                    self.subtree(nv, meta.child(k), "", (*path, f"f:{k}"), self.added)
            return
        for k in {**old, **new, **dict.fromkeys(f for f, (always, _) in fields.items() if always)}:
            always = fields[k][0] if k in fields else None
            default = _always_value(always) if always is not None else _ABSENT
            ov, nv = old.get(k, default), new.get(k, default)
            p = (*path, f"f:{k}")
            child, sub = meta.child(k), _child_shape(shape, fields, k)
            if ov is _ABSENT:
                if nv is not _ABSENT:
                    self.subtree(nv, child, sub, p, self.added)
            elif nv is _ABSENT:
                self.subtree(ov, child, sub, p, self.removed)
            else:
                self.both(ov, nv, child, sub, p)

    def _items(self, items: list[Any], meta: PatchMeta) -> dict[str, Any]:
        return {_item_element(item, meta, i): item for i, item in enumerate(items)}

    def _lists(self, old: list[Any], new: list[Any], meta: PatchMeta, shape: str, path: Path) -> None:
        before, after = self._items(old, meta), self._items(new, meta)
        for el, item in after.items():
            p = (*path, el)
            if el not in before:
                self.subtree(item, meta, shape, p, self.added)
            elif meta.effective_list_type == "map":
                self.both(before[el], item, meta, shape, p)
            else:
                self._leaf(before[el], item, p)
        for el, item in before.items():
            if el not in after:
                self.subtree(item, meta, shape, (*path, el), self.removed)

    def subtree(self, value: Any, meta: PatchMeta, shape: str, path: Path, into: set[Path]) -> None:
        """Every node of a value that is on one side only (added or removed), in typed form."""
        into.add(path)
        if isinstance(value, dict):
            if self._atomic_map(meta, shape, path):
                return
            fields = _shape_fields(shape)
            for k, v in value.items():
                self.subtree(v, meta.child(k), _child_shape(shape, fields, k), (*path, f"f:{k}"), into)
            for k, (always, sub) in fields.items():
                if always is not None and k not in value:
                    self.subtree(_always_value(always), meta.child(k), sub, (*path, f"f:{k}"), into)
        elif isinstance(value, list) and meta.effective_list_type != "atomic":
            for el, item in self._items(value, meta).items():
                if meta.effective_list_type == "map":
                    self.subtree(item, meta, shape, (*path, el), into)
                else:
                    into.add((*path, el))


def _compare(
    old: Any, new: Any, meta: PatchMeta, ignore: frozenset[str] = frozenset(), shape: str = ""
) -> _Comparison:
    """What ``new`` added, modified and removed relative to ``old`` (see _Compare). Top-level
    fields in ``ignore`` (the write's reset fields) are left out."""
    old = old if old is not None else {}
    new = new if new is not None else {}
    if ignore and isinstance(old, dict) and isinstance(new, dict):
        old = {k: v for k, v in old.items() if k not in ignore}
        new = {k: v for k, v in new.items() if k not in ignore}
    cmp = _Compare()
    if isinstance(old, dict) and isinstance(new, dict):
        cmp.maps(old, new, meta, shape, ())  # objects differ: no deep equality test first
    else:
        cmp.both(old, new, meta, shape, ())
    cmp.added.discard(())
    cmp.removed.discard(())
    cmp.modified.discard(())
    return _Comparison(FieldSet(cmp.added), FieldSet(cmp.modified), FieldSet(cmp.removed))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _identical(a: Any, b: Any) -> bool:
    """Equal as JSON, types included (``true`` is not ``1``): such subtrees walk identically.

    ``==`` answers most cases in C; when it says equal, the sorted encodings confirm that no
    boolean stands where a number stood, which Python's ``==`` would call the same.
    """
    if not isinstance(a, (dict, list)):
        return _same(a, b)
    if a != b:
        return False
    try:
        return orjson.dumps(a, option=orjson.OPT_SORT_KEYS) == orjson.dumps(b, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # beyond what orjson encodes (integers over 64 bits): compare by walking
        return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


# ---------------------------------------------------------------- managers


class ManagerKey(NamedTuple):
    """What identifies a managedFields entry (the apiVersion only for Update managers).

    A tuple: every write hashes and compares a handful of these, in C rather than in the
    methods a dataclass generates.
    """

    manager: str
    operation: str
    subresource: str = ""
    api_version: str = ""


@dataclass
class _Entry:
    api_version: str
    time: str | None
    fields: FieldSet


def _key(manager: str, operation: str, subresource: str, api_version: str) -> ManagerKey:
    return ManagerKey(manager, operation, subresource, api_version if operation == "Update" else "")


def read_managed_fields(obj: Mapping[str, Any] | None) -> dict[ManagerKey, _Entry]:
    out: dict[ManagerKey, _Entry] = {}
    for e in ((obj or {}).get("metadata") or {}).get("managedFields") or []:
        if not isinstance(e, Mapping):
            continue
        key = _key(
            str(e.get("manager", "")),
            str(e.get("operation", "")),
            str(e.get("subresource", "")),
            str(e.get("apiVersion", "")),
        )
        fs = _decode_fields(e.get("fieldsV1"))
        if key in out:
            fs = fs.union(out[key].fields)
        out[key] = _Entry(str(e.get("apiVersion", "")), e.get("time"), fs)
    return out


#: fieldsV1 encodings and the sets they hold, both ways, keyed by content. Objects whose
#: fields the same managers wrote carry equal encodings, so writes decode and encode from
#: here however many objects there are (a cache keyed by each stored dict's id missed once
#: the objects outnumbered it). Callers get copies of the encoded dicts, never the cached
#: ones, so editing a returned object cannot change another's. Bounded, least recently used
#: first out; locked, as envtest runs each embedded server on a thread of its own.
_DECODED: OrderedDict[bytes, FieldSet] = OrderedDict()
_ENCODED: OrderedDict[frozenset[Path], dict[str, Any]] = OrderedDict()
_CACHE_MAX = 4096
_CACHE_LOCK = threading.Lock()


def _cached(cache: OrderedDict[Any, Any], key: Any) -> Any:
    with _CACHE_LOCK:
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
        return hit


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    with _CACHE_LOCK:
        cache[key] = value
        if len(cache) > _CACHE_MAX:
            cache.popitem(last=False)


def _decode_fields(fields: Any) -> FieldSet:
    """The set a fieldsV1 dict holds."""
    if not isinstance(fields, dict):
        return FieldSet.from_fields_v1(fields if isinstance(fields, Mapping) else None)
    try:
        key = orjson.dumps(fields)
    except TypeError:  # not JSON orjson encodes: decode without the cache
        return FieldSet.from_fields_v1(fields)
    fs: FieldSet | None = _cached(_DECODED, key)
    if fs is None:
        fs = FieldSet.from_fields_v1(fields)
        _remember(_DECODED, key, fs)
    return fs


def _encode_fields(fs: FieldSet) -> dict[str, Any]:
    encoded: dict[str, Any] | None = _cached(_ENCODED, fs.paths)
    if encoded is None:
        encoded = fs.to_fields_v1()
        _remember(_ENCODED, fs.paths, encoded)
    copied: dict[str, Any] = copy_decoded(encoded)
    return copied


def _encode(managers: dict[ManagerKey, _Entry]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for key, entry in managers.items():
        if entry.fields.empty():
            continue
        e: dict[str, Any] = {
            "manager": key.manager,
            "operation": key.operation,
            "apiVersion": entry.api_version,
        }
        if entry.time:
            e["time"] = entry.time
        e["fieldsType"] = "FieldsV1"
        e["fieldsV1"] = _encode_fields(entry.fields)
        if key.subresource:
            e["subresource"] = key.subresource
        entries.append(e)

    def order(e: dict[str, Any]) -> tuple[str, float, str, str, str]:
        t = e.get("time")
        seconds = _timestamp_seconds(str(t)) if t else 0.0
        return (e["operation"], seconds, e["manager"], e["apiVersion"], e.get("subresource", ""))

    return sorted(entries, key=order)


@lru_cache(maxsize=1024)
def _timestamp_seconds(t: str) -> float:
    """An entry's time as seconds for ordering; cached: every write re-sorts the same few stamps."""
    try:
        return datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _now(now: str | None) -> str:
    return now or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_managed_fields(obj: dict[str, Any], managers: dict[ManagerKey, _Entry]) -> dict[str, Any]:
    meta = obj.setdefault("metadata", {})
    entries = _encode(managers)
    if entries:
        meta["managedFields"] = entries
    else:
        meta.pop("managedFields", None)
    return obj


def _without_managed_fields(obj: Mapping[str, Any] | None) -> dict[str, Any]:
    """A deep copy of ``obj`` minus managedFields (never copied: they are often the largest part)."""
    return json_copy(_managed_fields_view(obj))


def _managed_fields_view(obj: Mapping[str, Any] | None) -> dict[str, Any]:
    """``obj`` minus managedFields, sharing everything else: for read-only comparisons only."""
    out = dict(obj or {})
    meta = out.get("metadata")
    if isinstance(meta, dict) and "managedFields" in meta:
        out["metadata"] = {k: v for k, v in meta.items() if k != "managedFields"}
    return out


# ---------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class Conflict:
    """One conflicting field: who owns it and its path as kube prints it (``.spec.replicas``)."""

    manager: str
    field: str
    operation: str = "Apply"
    subresource: str = ""
    api_version: str = ""  # set for Update managers only, as kube prints "using <version>" for them

    @property
    def path(self) -> str:
        return self.field

    @property
    def display(self) -> str:
        """printManager: ``"kubectl"``, ``"x" with subresource "status"``, ``"y" using v1``."""
        s = json.dumps(self.manager)
        if self.subresource:
            s += f" with subresource {json.dumps(self.subresource)}"
        if self.operation == "Update":
            s += f" using {self.api_version}"
        return s


class ApplyConflict(Exception):
    """Apply would change fields other managers own; the server answers 409 Conflict with this."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__(self.message)

    @property
    def message(self) -> str:
        c = self.conflicts
        if len(c) == 1:
            return f"Apply failed with 1 conflict: conflict with {c[0].display}: {c[0].path}"
        by_manager: dict[str, list[str]] = {}
        for conflict in c:
            by_manager.setdefault(conflict.display, []).append(conflict.path)
        lines: list[str] = []
        for manager in sorted(by_manager):
            lines.append(f"conflicts with {manager}:")
            lines.extend(f"- {p}" for p in by_manager[manager])
        return f"Apply failed with {len(c)} conflicts: " + "\n".join(lines)

    def causes(self) -> list[dict[str, str]]:
        """metav1.StatusCause list of the 409 Status."""
        return [
            {"reason": "FieldManagerConflict", "message": f"conflict with {x.display}", "field": x.path}
            for x in self.conflicts
        ]


def _drop(fs: FieldSet, ignore: frozenset[str]) -> FieldSet:
    """RecursiveDifference with reset top-level fields (``status`` on the main resource, say)."""
    if not ignore:
        return fs
    return FieldSet(p for p in fs.paths if not (p and p[0][2:] in ignore))


def _update_others(
    live: Any,
    new: Any,
    managers: dict[ManagerKey, _Entry],
    acting: ManagerKey,
    meta: PatchMeta,
    force: bool,
    ignore: frozenset[str] = frozenset(),
    shape: str = "",
) -> _Comparison:
    """SMD Updater.update: detect conflicts with other managers, then drop what changed from them."""
    cmp = _compare(live, new, meta, ignore, shape)
    changed = cmp.modified.union(cmp.added)
    conflicts: dict[ManagerKey, FieldSet] = {}
    for key, entry in managers.items():
        if key == acting:
            continue
        hit = entry.fields.intersection(changed)
        if not hit.empty():
            conflicts[key] = hit
    if conflicts and not force:
        found = [
            Conflict(
                key.manager,
                path_string(p),
                key.operation,
                key.subresource,
                managers[key].api_version if key.operation == "Update" else "",
            )
            for key in sorted(conflicts, key=lambda k: (k.manager, k.operation, k.subresource, k.api_version))
            for p in conflicts[key]
        ]
        raise ApplyConflict(found)
    for key, entry in managers.items():
        if key == acting:
            continue
        entry.fields = entry.fields.difference(conflicts.get(key, FieldSet())).difference(cmp.removed)
    return cmp


# ---------------------------------------------------------------- merging and removal


def _merge(lhs: Any, rhs: Any, meta: PatchMeta) -> Any:
    """SMD merge of the applied configuration (rhs) onto the live object (lhs)."""
    if isinstance(lhs, dict) and isinstance(rhs, dict) and meta.map_type != "atomic":
        out = dict(lhs)
        for k, v in rhs.items():
            if v is None:
                continue
            out[k] = _merge(lhs[k], v, meta.child(k)) if k in lhs else _clean(v)
        return out
    if isinstance(lhs, list) and isinstance(rhs, list) and meta.effective_list_type in ("map", "set"):
        return _merge_list(lhs, rhs, meta)
    return _clean(rhs)


def _clean(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def _merge_list(lhs: list[Any], rhs: list[Any], meta: PatchMeta) -> list[Any]:
    lkeys = [_item_element(x, meta, i) for i, x in enumerate(lhs)]
    rkeys = [_item_element(x, meta, i) for i, x in enumerate(rhs)]
    lmap = dict(zip(lkeys, lhs, strict=True))
    rmap = dict(zip(rkeys, rhs, strict=True))
    out: list[Any] = []
    done: set[str] = set()
    li = ri = 0
    while li < len(lkeys) or ri < len(rkeys):
        if li < len(lkeys) and lkeys[li] in done:
            li += 1
            continue
        if ri < len(rkeys) and rkeys[ri] in done:
            ri += 1
            continue
        if li < len(lkeys) and ri < len(rkeys) and lkeys[li] == rkeys[ri]:
            k = lkeys[li]
            out.append(_merge(lmap[k], rmap[k], meta))
            done.add(k)
            li += 1
            ri += 1
        elif li < len(lkeys) and lkeys[li] not in rmap:
            out.append(json_copy(lhs[li]))
            done.add(lkeys[li])
            li += 1
        elif ri < len(rkeys):
            k = rkeys[ri]
            out.append(_merge(lmap[k], rmap[k], meta) if k in lmap else _clean(rmap[k]))
            done.add(k)
            ri += 1
        else:
            li += 1
    return out


def _remove_path(obj: Any, path: Path, meta: PatchMeta) -> None:
    """Delete the node at ``path`` (a field, or a list item by key/value/index)."""
    if not path:
        return
    parent: Any = obj
    pmeta = meta
    for el in path[:-1]:
        parent, pmeta = _step(parent, el, pmeta)
        if parent is None:
            return
    last = path[-1]
    if last.startswith("f:") and isinstance(parent, dict):
        parent.pop(last[2:], None)
    elif isinstance(parent, list):
        for i, item in enumerate(parent):
            if _item_element(item, pmeta, i) == last:
                del parent[i]
                return


def _step(node: Any, el: str, meta: PatchMeta) -> tuple[Any, PatchMeta]:
    if el.startswith("f:"):
        if isinstance(node, dict):
            return node.get(el[2:]), meta.child(el[2:])
        return None, EMPTY
    if isinstance(node, list):
        for i, item in enumerate(node):
            if _item_element(item, meta, i) == el:
                return item, meta
    return None, EMPTY


def _prune_unapplied(
    merged: Any, last: FieldSet, applied: FieldSet, others: FieldSet, meta: PatchMeta
) -> None:
    """Fields this manager applied before and no longer applies go, unless someone owns them.

    Struct fields left empty by that removal go too (SMD's EnsureNamedFieldsAreMembers), while
    fields nobody owns that the manager never applied stay (SMD's dangling items).
    """
    owned = applied.union(others)
    for path in sorted(last.difference(owned).paths, key=len):
        if owned.has_prefix_of(path):
            continue
        _remove_path(merged, path, meta)
    parents: set[Path] = set()
    for path in last.paths:
        for i in range(1, len(path)):
            prefix = path[:i]
            if prefix[-1].startswith("f:") and prefix != ("f:metadata",):
                parents.add(prefix)
    for prefix in sorted(parents, key=len, reverse=True):
        if owned.has_prefix_of(prefix):
            continue
        node, _ = _locate(merged, prefix, meta)
        if node == {}:
            _remove_path(merged, prefix, meta)


def _locate(obj: Any, path: Path, meta: PatchMeta) -> tuple[Any, PatchMeta]:
    node: Any = obj
    m = meta
    for el in path:
        node, m = _step(node, el, m)
        if node is None:
            return None, EMPTY
    return node, m


# ---------------------------------------------------------------- operations


def apply(
    live: Mapping[str, Any] | None,
    config: Mapping[str, Any],
    manager: str,
    *,
    meta: PatchMeta | None = None,
    schema: Mapping[str, Any] | None = None,
    force: bool = False,
    api_version: str | None = None,
    subresource: str = "",
    now: str | None = None,
    time: str | None = None,
    ignore: Iterable[str] = (),
) -> dict[str, Any]:
    """Server-side apply of ``config`` by ``manager``; returns the new object with managedFields.

    ``live`` None means create. Raises ApplyConflict unless ``force`` (which takes ownership).
    List semantics come from ``meta``, else from a CRD ``schema``, else from the built-in kind's
    markers. ``now``/``time`` is the RFC 3339 timestamp recorded (default: the current time).
    ``ignore`` names top-level fields the write resets (kube's reset fields: ``status`` for the
    main resource of a kind with a status subresource, ``spec`` for its status): nobody gains or
    loses ownership there.
    """
    ignored = frozenset(ignore)
    now = now or time
    version = api_version or str(config.get("apiVersion") or (live or {}).get("apiVersion") or "")
    shape = _typed_shape(meta, schema, config, version)
    meta = resolve_meta(meta, schema, config)
    managers = read_managed_fields(live)
    live_obj = _without_managed_fields(live)
    if live is not None and not managers:
        managers[_key(BEFORE_FIRST_APPLY, "Update", "", version)] = _Entry(
            version, None, field_set_of(live_obj, meta)
        )
    cfg = _without_managed_fields(config)
    acting = _key(manager, "Apply", subresource, version)
    previous = managers.get(acting)
    applied = _drop(field_set_of(cfg, meta), ignored)
    merged = _merge(live_obj, cfg, meta)
    if previous is not None:
        others = FieldSet()
        for key, entry in managers.items():
            if key != acting:
                others = others.union(entry.fields)
        _prune_unapplied(merged, previous.fields, applied, others, meta)
    _update_others(
        live_obj if live is not None else {}, merged, managers, acting, meta, force, ignored, shape
    )
    changed = live is None or merged != live_obj
    stamp = _now(now) if changed or previous is None else previous.time
    managers[acting] = _Entry(version, stamp, applied)
    managers = {k: v for k, v in managers.items() if not v.fields.empty()}
    return _with_managed_fields(merged, managers)


def track_update(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    manager: str,
    *,
    meta: PatchMeta | None = None,
    schema: Mapping[str, Any] | None = None,
    operation: str = "Update",
    api_version: str | None = None,
    subresource: str = "",
    now: str | None = None,
    time: str | None = None,
    ignore: Iterable[str] = (),
) -> dict[str, Any]:
    """Record a non-apply write (create/update/patch) by ``manager``: it takes what it changed.

    Ownership of changed fields moves to ``manager`` (updates never conflict); returns a copy of
    ``new`` with the resulting managedFields. As in kube, managedFields sent in ``new`` replace the
    stored ones (except on subresources), and ``managedFields: [{}]`` clears them.
    """
    view = _managed_fields_view(new)
    managers = _tracked_managers(
        old, new, view, manager, meta, schema, operation, api_version, subresource, now or time, ignore
    )
    return _with_managed_fields(json_copy(view), managers or {})


def _tracked_managers(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    new_obj: Mapping[str, Any],
    manager: str,
    meta: PatchMeta | None,
    schema: Mapping[str, Any] | None,
    operation: str,
    api_version: str | None,
    subresource: str,
    now: str | None,
    ignore: Iterable[str],
) -> dict[ManagerKey, _Entry] | None:
    """The managers after ``manager``'s write of ``new`` (``new_obj``: it without managedFields).

    None means the documented reset (``managedFields: [{}]``). Nothing is copied or mutated: the
    comparison only reads both objects.
    """
    version = api_version or str(new.get("apiVersion") or "")
    shape = _typed_shape(meta, schema, new, version)
    meta = resolve_meta(meta, schema, new)
    sent = (new.get("metadata") or {}).get("managedFields")
    if sent == [{}]:  # the documented reset: managedFields go away entirely
        return None
    # managedFields the client sent are taken as they are (not on subresources), else the stored ones
    managers = read_managed_fields(new) if sent and not subresource else {}
    if not managers:
        managers = read_managed_fields(old)
    old_obj = _managed_fields_view(old) if old is not None else {}
    acting = _key(manager, operation, subresource, version)
    cmp = _update_others(old_obj, new_obj, managers, acting, meta, True, frozenset(ignore), shape)
    prev = managers.get(acting)
    prev_fields = prev.fields if prev is not None else FieldSet()
    gained = FieldSet(_strip(set(cmp.modified.union(cmp.added).paths)))
    fields = prev_fields.difference(cmp.removed).union(gained)
    if not fields.empty():
        stamp = _now(now) if not gained.empty() or prev is None else (prev.time if prev else None)
        managers[acting] = _Entry(version, stamp, fields)
    else:
        managers.pop(acting, None)
    return {k: v for k, v in managers.items() if not v.fields.empty()}


def update_managed_fields(
    obj: dict[str, Any],
    old: Mapping[str, Any] | None,
    *,
    manager: str,
    operation: str = "Update",
    api_version: str | None = None,
    subresource: str = "",
    time: str | None = None,
    meta: PatchMeta | None = None,
    schema: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
) -> dict[str, Any]:
    """track_update that writes ``metadata.managedFields`` into ``obj`` in place (and returns it).

    Unlike track_update it copies nothing: the server calls it once per write.
    """
    managers = _tracked_managers(
        old,
        obj,
        _managed_fields_view(obj),
        manager,
        meta,
        schema,
        operation,
        api_version,
        subresource,
        time,
        ignore,
    )
    md = obj.setdefault("metadata", {})
    entries = _encode(managers) if managers else []
    if entries:
        md["managedFields"] = entries
    else:
        md.pop("managedFields", None)
    return obj


def _typed_shape(
    meta: PatchMeta | None, schema: Mapping[str, Any] | None, obj: Mapping[str, Any], api_version: str
) -> str:
    """The Go struct to compare in typed form: built-in kinds only (no explicit meta or schema)."""
    if meta is not None or schema is not None:
        return ""
    return shape_for(api_version, str(obj.get("kind") or ""))


def resolve_meta(
    meta: PatchMeta | None, schema: Mapping[str, Any] | None, obj: Mapping[str, Any]
) -> PatchMeta:
    """The list semantics to use: explicit meta, a CRD schema's, or the built-in kind's."""
    if meta is not None:
        return meta
    if schema is not None:
        return patch_meta_from_schema(schema)
    return patch_meta_for(str(obj.get("apiVersion") or ""), str(obj.get("kind") or ""))
