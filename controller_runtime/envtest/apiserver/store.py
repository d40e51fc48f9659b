"""The object store: objects by (storage key, namespace, name), one global resourceVersion,
a bounded event history (what a watch may resume from) and watch fan-out.

Stored dicts are never mutated after they are stored: a write stores a new dict, so
readers, events and watchers may share them without copies.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.envtest.apiserver.errors import gone

StorageKey = tuple[str, str]
Obj = dict[str, Any]


@dataclass
class Event:
    """One change; `obj` is the new state (the last state for DELETED), `prev` the old one."""

    type: str
    key: StorageKey
    obj: Obj
    prev: Obj | None
    rv: int
    cache: dict[Any, bytes] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        ns: str = self.obj.get("metadata", {}).get("namespace", "")
        return ns


class Watcher:
    """A subscription to one storage key; the watch handler drains `queue`."""

    def __init__(self, key: StorageKey, namespace: str | None) -> None:
        self.key = key
        self.namespace = namespace
        self.queue: asyncio.Queue[Event] = asyncio.Queue()


class Store:
    """In-memory state of the whole server."""

    def __init__(self, history_size: int = 10000) -> None:
        self.rv = 1
        self.history_size = max(1, history_size)
        self.data: dict[StorageKey, dict[str, dict[str, Obj]]] = {}
        self.history: deque[Event] = deque()
        # Events with rv <= compacted_rv are gone from the history.
        self.compacted_rv = 1
        self.watchers: dict[StorageKey, set[Watcher]] = {}
        self.on_event: list[Callable[[Event], None]] = []

    # --- reads -------------------------------------------------------------------------
    def get(self, key: StorageKey, namespace: str, name: str) -> Obj | None:
        return self.data.get(key, {}).get(namespace, {}).get(name)

    def objects(self, key: StorageKey, namespace: str | None) -> list[Obj]:
        """Objects in etcd key order (namespace, then name)."""
        by_ns = self.data.get(key, {})
        if namespace is not None:
            objs = by_ns.get(namespace, {})
            return [objs[n] for n in sorted(objs)]
        out: list[Obj] = []
        for ns in sorted(by_ns):
            objs = by_ns[ns]
            out.extend(objs[n] for n in sorted(objs))
        return out

    def count(self, key: StorageKey, namespace: str | None) -> int:
        by_ns = self.data.get(key, {})
        if namespace is not None:
            return len(by_ns.get(namespace, {}))
        return sum(len(v) for v in by_ns.values())

    def namespaces_in_use(self, namespace: str) -> list[StorageKey]:
        return [k for k, by_ns in self.data.items() if by_ns.get(namespace)]

    # --- writes ------------------------------------------------------------------------
    def next_rv(self) -> int:
        self.rv += 1
        return self.rv

    def put(self, key: StorageKey, obj: Obj) -> Event:
        """Store `obj` (creating or replacing), stamping a fresh resourceVersion."""
        md = obj["metadata"]
        ns, name = md.get("namespace", ""), md["name"]
        rv = self.next_rv()
        md["resourceVersion"] = str(rv)
        bucket = self.data.setdefault(key, {}).setdefault(ns, {})
        prev = bucket.get(name)
        bucket[name] = obj
        ev = Event("ADDED" if prev is None else "MODIFIED", key, obj, prev, rv)
        self._emit(ev)
        return ev

    def remove(self, key: StorageKey, obj: Obj) -> Event:
        """Delete; the DELETED event carries the last state with a fresh resourceVersion."""
        md = obj["metadata"]
        ns, name = md.get("namespace", ""), md["name"]
        bucket = self.data.get(key, {}).get(ns, {})
        prev = bucket.pop(name, None)
        if not bucket and ns in self.data.get(key, {}):
            del self.data[key][ns]
        rv = self.next_rv()
        last = dict(obj)
        last["metadata"] = dict(md, resourceVersion=str(rv))
        ev = Event("DELETED", key, last, prev, rv)
        self._emit(ev)
        return ev

    def restore(self, key: StorageKey, obj: Obj) -> None:
        """Load an object from persistence without an event."""
        md = obj["metadata"]
        self.data.setdefault(key, {}).setdefault(md.get("namespace", ""), {})[md["name"]] = obj

    def drop(self, key: StorageKey, namespace: str, name: str) -> None:
        bucket = self.data.get(key, {}).get(namespace, {})
        bucket.pop(name, None)

    def _emit(self, ev: Event) -> None:
        self.history.append(ev)
        while len(self.history) > self.history_size:
            old = self.history.popleft()
            self.compacted_rv = old.rv
        for w in self.watchers.get(ev.key, ()):
            if w.namespace is None or w.namespace == ev.namespace:
                w.queue.put_nowait(ev)
        for hook in self.on_event:
            hook(ev)

    # --- history -----------------------------------------------------------------------
    def check_rv(self, rv: int) -> None:
        """410 when events after `rv` are no longer all in the history."""
        if rv < self.compacted_rv:
            raise gone(f"too old resource version: {rv} ({self.compacted_rv + 1})")

    def events_since(self, key: StorageKey, namespace: str | None, rv: int) -> list[Event]:
        self.check_rv(rv)
        return [
            e
            for e in self.history
            if e.rv > rv and e.key == key and (namespace is None or e.namespace == namespace)
        ]

    def snapshot(self, key: StorageKey, namespace: str | None, rv: int) -> list[Obj]:
        """The objects as they were at `rv`, rebuilt by undoing later events (410 if compacted)."""
        if rv >= self.rv:
            return self.objects(key, namespace)
        later = self.events_since(key, namespace, rv)
        state: dict[tuple[str, str], Obj | None] = {}
        for o in self.objects(key, namespace):
            md = o["metadata"]
            state[(md.get("namespace", ""), md["name"])] = o
        for e in reversed(later):
            emd = e.obj["metadata"]
            state[(emd.get("namespace", ""), emd["name"])] = e.prev
        out: list[Obj] = []
        for k in sorted(state):
            found = state[k]
            if found is not None:
                out.append(found)
        return out

    def subscribe(self, key: StorageKey, namespace: str | None) -> Watcher:
        w = Watcher(key, namespace)
        self.watchers.setdefault(key, set()).add(w)
        return w

    def unsubscribe(self, w: Watcher) -> None:
        self.watchers.get(w.key, set()).discard(w)
