"""A tiny in-memory informer cache, so controller and builder tests need no API server.

It implements the protocols of controller_runtime.source: objects are added, updated and
deleted by the test, and every registered handler is called in order, as an informer would.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from controller_runtime.event import DeletedFinalStateUnknown

Obj = dict[str, Any]


class NoKindMatchError(LookupError):
    """Same name as the REST mapper's error, which is how sources recognise it."""


def obj(
    name: str,
    namespace: str = "default",
    *,
    kind: str = "Thing",
    api_version: str = "example.com/v1",
    generation: int = 1,
    rv: str = "1",
    **meta: Any,
) -> Obj:
    return {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {
            "name": name,
            "namespace": namespace,
            "generation": generation,
            "resourceVersion": rv,
            **meta,
        },
    }


class FakeRegistration:
    def __init__(self) -> None:
        self.synced = False

    def has_synced(self) -> bool:
        return self.synced


class FakeInformer:
    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], Obj] = {}
        self.handlers: list[tuple[Any, FakeRegistration]] = []
        self.synced = asyncio.Event()
        self.seed: list[Obj] = []  # what the first list returns when the cache syncs it

    def _key(self, o: Obj) -> tuple[str, str]:
        return o["metadata"].get("namespace", ""), o["metadata"]["name"]

    def add_event_handler(self, handler: Any) -> FakeRegistration:
        reg = FakeRegistration()
        self.handlers.append((handler, reg))
        if self.synced.is_set():
            for o in list(self.objects.values()):
                handler.on_add(copy.deepcopy(o), True)
            reg.synced = True
        return reg

    def remove_event_handler(self, registration: FakeRegistration) -> None:
        self.handlers = [(h, r) for h, r in self.handlers if r is not registration]

    def has_synced(self) -> bool:
        return self.synced.is_set()

    def initial_list(self, *objs: Obj) -> None:
        """The first list: objects arrive as initial adds, then the informer is synced."""
        for o in objs:
            self.objects[self._key(o)] = o
            for h, _ in self.handlers:
                h.on_add(copy.deepcopy(o), True)
        for _, reg in self.handlers:
            reg.synced = True
        self.synced.set()

    def add(self, o: Obj) -> None:
        self.objects[self._key(o)] = o
        for h, _ in self.handlers:
            h.on_add(copy.deepcopy(o), False)

    def update(self, new: Obj) -> None:
        old = self.objects[self._key(new)]
        self.objects[self._key(new)] = new
        for h, _ in self.handlers:
            h.on_update(copy.deepcopy(old), copy.deepcopy(new))

    def delete(self, o: Obj, *, tombstone: bool = False) -> None:
        last = self.objects.pop(self._key(o))
        for h, _ in self.handlers:
            if tombstone:
                ns, name = self._key(last)
                h.on_delete(DeletedFinalStateUnknown(f"{ns}/{name}" if ns else name, copy.deepcopy(last)))
            else:
                h.on_delete(copy.deepcopy(last))


class FakeCache:
    """get_informer per (apiVersion, kind); kinds not in `served` raise NoKindMatchError."""

    def __init__(self, *served: tuple[str, str], auto_sync: bool = True) -> None:
        self.served: set[tuple[str, str]] = set(served)
        self.informers: dict[tuple[str, str], FakeInformer] = {}
        self.auto_sync = auto_sync
        self.get_informer_calls = 0

    def informer(self, api_version: str, kind: str) -> FakeInformer:
        return self.informers.setdefault((api_version, kind), FakeInformer())

    async def get_informer(self, api_version: str, kind: str) -> FakeInformer:
        self.get_informer_calls += 1
        if (api_version, kind) not in self.served:
            raise NoKindMatchError(f'no matches for kind "{kind}" in version "{api_version}"')
        inf = self.informer(api_version, kind)
        if self.auto_sync and not inf.synced.is_set():
            inf.initial_list(*inf.seed)
        return inf

    async def wait_for_cache_sync(self) -> bool:
        for inf in list(self.informers.values()):
            await inf.synced.wait()
        return True


class FakeManager:
    """The builder's view of a manager: a cache and add()."""

    def __init__(self, cache: FakeCache, controller_options: Any = None) -> None:
        self.cache = cache
        self.runnables: list[Any] = []
        if controller_options is not None:
            self.controller_options = controller_options

    def add(self, runnable: Any) -> None:
        self.runnables.append(runnable)
