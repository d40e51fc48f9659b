"""An indexed object store keyed ``namespace/name`` (cluster-scoped objects: ``name``).

The informer writes it and the cache reads it. Every method is synchronous and never
awaits, so on one event loop each call is atomic: that is what makes it asyncio-safe
without a lock, and why readers never see a half-applied replace.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from typing import Any

Obj = dict[str, Any]
IndexFunc = Callable[[Obj], list[str]]

NAMESPACE_INDEX = "namespace"


class IndexError_(KeyError):
    """An index was used that was never registered (a programming error, so it is loud)."""


def object_key(obj: Obj) -> str:
    """The store key of an object: ``ns/name``, or ``name`` for a cluster-scoped one."""
    meta = obj.get("metadata") or {}
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError("object has no metadata.name")
    ns = meta.get("namespace")
    return f"{ns}/{name}" if ns else name


def split_key(key: str) -> tuple[str, str]:
    """``ns/name`` -> (ns, name); ``name`` -> ("", name)."""
    ns, sep, name = key.partition("/")
    return (ns, name) if sep else ("", ns)


def namespace_index(obj: Obj) -> builtins.list[str]:
    """Index objects by namespace; cluster-scoped objects land under ""."""
    return [str((obj.get("metadata") or {}).get("namespace") or "")]


class Store:
    """Objects by key plus any number of secondary indexes (index name -> value -> keys)."""

    __slots__ = ("_index_funcs", "_indices", "_items")

    def __init__(self, indexers: dict[str, IndexFunc] | None = None) -> None:
        self._items: dict[str, Obj] = {}
        self._index_funcs: dict[str, IndexFunc] = {NAMESPACE_INDEX: namespace_index}
        self._indices: dict[str, dict[str, set[str]]] = {NAMESPACE_INDEX: {}}
        if indexers:
            self.add_indexers(indexers)

    # -- indexes -------------------------------------------------------------------
    def add_indexers(self, indexers: dict[str, IndexFunc]) -> None:
        """Register indexes; existing objects are indexed at once, so late registration works."""
        for name, fn in indexers.items():
            if name in self._index_funcs:
                raise ValueError(f"indexer conflict: {name}")
            self._index_funcs[name] = fn
            index: dict[str, set[str]] = {}
            self._indices[name] = index
            for key, obj in self._items.items():
                for value in self._values(fn, obj):
                    index.setdefault(value, set()).add(key)

    def has_index(self, name: str) -> bool:
        return name in self._index_funcs

    @staticmethod
    def _values(fn: IndexFunc, obj: Obj) -> builtins.list[str]:
        values = fn(obj)
        return [str(v) for v in values or []]

    def _unindex(self, key: str, obj: Obj) -> None:
        for name, fn in self._index_funcs.items():
            index = self._indices[name]
            for value in self._values(fn, obj):
                keys = index.get(value)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del index[value]

    def _index(self, key: str, obj: Obj) -> None:
        for name, fn in self._index_funcs.items():
            index = self._indices[name]
            for value in self._values(fn, obj):
                index.setdefault(value, set()).add(key)

    # -- writes --------------------------------------------------------------------
    def add(self, obj: Obj) -> Obj | None:
        """Insert or replace; returns the previous object under that key, if any."""
        key = object_key(obj)
        old = self._items.get(key)
        if old is not None:
            self._unindex(key, old)
        self._items[key] = obj
        self._index(key, obj)
        return old

    update = add

    def delete(self, obj: Obj) -> Obj | None:
        """Remove by the object's key; returns what was stored, if anything."""
        return self.delete_key(object_key(obj))

    def delete_key(self, key: str) -> Obj | None:
        old = self._items.pop(key, None)
        if old is not None:
            self._unindex(key, old)
        return old

    def replace(self, objs: Iterable[Obj]) -> None:
        """Swap the whole content (a relist), rebuilding every index."""
        self._items = {}
        self._indices = {name: {} for name in self._index_funcs}
        for obj in objs:
            self.add(obj)

    # -- reads (the stored dicts themselves: callers that hand them out must copy) --
    def get_by_key(self, key: str) -> Obj | None:
        return self._items.get(key)

    def get(self, obj: Obj) -> Obj | None:
        return self._items.get(object_key(obj))

    def list(self) -> builtins.list[Obj]:
        return list(self._items.values())

    def list_keys(self) -> builtins.list[str]:
        return list(self._items.keys())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def index_keys(self, index_name: str, value: str) -> builtins.list[str]:
        """Keys whose index function produced ``value``."""
        if index_name not in self._indices:
            raise IndexError_(f"index {index_name!r} does not exist")
        return sorted(self._indices[index_name].get(value, ()))

    def by_index(self, index_name: str, value: str) -> builtins.list[Obj]:
        """Objects whose index function produced ``value``."""
        return [self._items[k] for k in self.index_keys(index_name, value)]

    def index_values(self, index_name: str) -> builtins.list[str]:
        if index_name not in self._indices:
            raise IndexError_(f"index {index_name!r} does not exist")
        return sorted(self._indices[index_name])
