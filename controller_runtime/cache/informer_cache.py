"""The shared informer cache: one informer per kind for every controller of a manager.

Controllers' sources ask it for informers (``get_informer``); reconcilers read through
it (``get``/``list``), which costs no API call. Reads hand out deep copies because the
stored dicts are shared by every reader and handler. The whole cache can be scoped to
one namespace (Flux's ``--watch-all-namespaces=false``) and to a label selector
(``--watch-label-selector``), as Flux's managers are.
"""

from __future__ import annotations

import asyncio
import builtins
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from controller_runtime.apimachinery import labels
from controller_runtime.apimachinery.json_codec import copy_decoded
from controller_runtime.cache.informer import DEFAULT_RESYNC_PERIOD, SharedIndexInformer
from controller_runtime.cache.reflector import WATCH_TIMEOUT_RANGE
from controller_runtime.cache.store import NAMESPACE_INDEX, Obj
from controller_runtime.client import errors

log = logging.getLogger("controller_runtime.cache")

GVK = tuple[str, str]


class CacheNotStartedError(RuntimeError):
    """Reads before the cache runs would silently return nothing: refuse them."""

    def __init__(self) -> None:
        super().__init__("the cache is not started, can not read objects")


class UnknownNamespaceError(errors.ApiError):
    """A read outside the namespace the cache is restricted to.

    controller-runtime refuses it instead of answering NotFound: a reconciler takes
    NotFound for "deleted", which is wrong for an object the cache simply does not watch.
    """

    def __init__(self, verb: str, key: str) -> None:
        super().__init__(0, "", f"unable to {verb}: {key} because of unknown namespace for the cache")


@dataclass(frozen=True)
class ByObject:
    """Per-kind overrides of the cache's scope (controller-runtime's ``cache.ByObject``)."""

    label_selector: str | None = None
    namespace: str | None = None


def field_index_name(field: str) -> str:
    """Field indexes live beside the namespace index under a prefixed name, as upstream."""
    return f"field:{field}"


class InformerCache:
    """Lazily created shared informers plus cached reads over them."""

    def __init__(
        self,
        client: Any,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        by_object: dict[GVK, ByObject] | None = None,
        sync_period: float = DEFAULT_RESYNC_PERIOD,
        watch_timeout_range: tuple[float, float] = WATCH_TIMEOUT_RANGE,
    ) -> None:
        self.client = client
        self.namespace = namespace or None
        self.label_selector = label_selector or None
        self.by_object = dict(by_object or {})
        self.sync_period = sync_period
        self.watch_timeout_range = watch_timeout_range
        self._informers: dict[GVK, SharedIndexInformer] = {}
        self._tasks: dict[GVK, asyncio.Task[None]] = {}
        self._pending_indexes: dict[GVK, dict[str, Callable[[Obj], list[str]]]] = {}
        self._running = False
        self._started = asyncio.Event()
        self._lock = asyncio.Lock()

    # -- runnable ------------------------------------------------------------------
    async def start(self) -> None:
        """Run every informer (and any created later) until cancelled."""
        if self._running:
            raise RuntimeError("informer cache already started")
        self._running = True
        for gvk in list(self._informers):
            self._start_informer(gvk)
        self._started.set()
        try:
            await asyncio.Event().wait()
        finally:
            self._running = False
            tasks = list(self._tasks.values())
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def need_leader_election(self) -> bool:
        return False

    async def wait_for_cache_sync(self) -> bool:
        """True once the cache runs and every informer created so far has listed once.

        Bound it with ``asyncio.timeout``; it waits as long as the server is unreachable.
        """
        await self._started.wait()
        while True:
            pending = [i for i in self._informers.values() if not i.has_synced()]
            if not pending:
                return True
            await asyncio.gather(*(i.wait_for_sync() for i in pending))

    # -- informers -------------------------------------------------------------------
    async def get_informer(self, api_version: str, kind: str) -> SharedIndexInformer:
        """The shared informer for a kind, created on first use (and started if we run)."""
        gvk = (api_version, kind)
        informer = self._informers.get(gvk)
        if informer is not None:
            return informer
        async with self._lock:
            informer = self._informers.get(gvk)
            if informer is None:
                informer = await self._new_informer(gvk)
                self._informers[gvk] = informer
                if self._running:
                    self._start_informer(gvk)
        return informer

    def informers(self) -> dict[GVK, SharedIndexInformer]:
        return dict(self._informers)

    async def _new_informer(self, gvk: GVK) -> SharedIndexInformer:
        opts = self.by_object.get(gvk, ByObject())
        # Fails with NoKindMatchError for a kind the server does not serve (e.g. a missing CRD);
        # the client itself drops the namespace for cluster-scoped kinds.
        await self.client.mapping(*gvk)
        namespace = opts.namespace or self.namespace
        informer = SharedIndexInformer(
            self.client,
            gvk[0],
            gvk[1],
            namespace=namespace,
            label_selector=opts.label_selector or self.label_selector,
            resync_period=self.sync_period,
            indexers=self._pending_indexes.pop(gvk, None),
            watch_timeout_range=self.watch_timeout_range,
        )
        return informer

    def _start_informer(self, gvk: GVK) -> None:
        if gvk in self._tasks:
            return
        informer = self._informers[gvk]
        task = asyncio.create_task(informer.run(), name=f"informer {gvk[1]}.{gvk[0]}")
        self._tasks[gvk] = task

    # -- indexes -----------------------------------------------------------------------
    async def index_field(
        self, api_version: str, kind: str, field: str, extract: Callable[[Obj], Iterable[str]]
    ) -> None:
        """Index a kind by a derived value, for ``list(..., matching_fields={field: value})``."""

        def fn(obj: Obj) -> builtins.list[str]:
            values = [str(v) for v in (extract(obj) or [])]
            ns = str((obj.get("metadata") or {}).get("namespace") or "")
            # Each value is indexed cluster-wide and per namespace, as controller-runtime does.
            return [f"__all_namespaces/{v}" for v in values] + [f"{ns}/{v}" for v in values]

        informer = await self.get_informer(api_version, kind)
        informer.add_indexers({field_index_name(field): fn})

    # -- reads ---------------------------------------------------------------------------
    async def get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> Obj:
        """A deep copy of the cached object, or NotFoundError like the API server's."""
        await self._check_scope("get", api_version, kind, namespace, f"{namespace}/{name}")
        informer = await self._readable(api_version, kind)
        store = informer.store
        obj = store.get_by_key(f"{namespace}/{name}") if namespace else None
        if obj is None:
            candidate = store.get_by_key(name)
            if candidate is not None and not (candidate.get("metadata") or {}).get("namespace"):
                obj = candidate
        if obj is None:
            mapping = await self.client.mapping(api_version, kind)
            resource = mapping.resource
            group = mapping.group
            what = f"{resource}.{group}" if group else resource
            raise errors.NotFoundError(
                404,
                "NotFound",
                f'{what} "{name}" not found',
                {"name": name, "kind": resource, "group": group},
            )
        copied: Obj = copy_decoded(obj)
        return copied

    async def list(
        self,
        api_version: str,
        kind: str,
        namespace: str | None = None,
        label_selector: str | None = None,
        matching_fields: dict[str, str] | None = None,
    ) -> Obj:
        """A List object (same shape as the client's) of deep copies, filtered from the cache."""
        await self._check_scope("list", api_version, kind, namespace, str(namespace))
        informer = await self._readable(api_version, kind)
        store = informer.store
        if matching_fields:
            if len(matching_fields) > 1:
                raise ValueError("cached list supports one field index at a time")
            (field, value), = matching_fields.items()
            index = field_index_name(field)
            if not store.has_index(index):
                raise ValueError(f"no index with name {field} has been registered for {kind}")
            scope = namespace or "__all_namespaces"
            objs = store.by_index(index, f"{scope}/{value}")
        elif namespace:
            objs = store.by_index(NAMESPACE_INDEX, namespace)
        else:
            objs = store.list()
        if label_selector:
            matches = _selector(label_selector)
            objs = [o for o in objs if matches(((o.get("metadata") or {}).get("labels")) or {})]
        objs = sorted(objs, key=_sort_key)
        return {
            "apiVersion": api_version,
            "kind": f"{kind}List",
            "metadata": {"resourceVersion": informer.last_sync_resource_version},
            "items": [copy_decoded(o) for o in objs],
        }

    async def _check_scope(
        self, verb: str, api_version: str, kind: str, namespace: str | None, key: str
    ) -> None:
        scope = self.by_object.get((api_version, kind), ByObject()).namespace or self.namespace
        if not scope or not namespace or namespace == scope:
            return
        if (await self.client.mapping(api_version, kind)).namespaced:
            raise UnknownNamespaceError(verb, key)

    async def _readable(self, api_version: str, kind: str) -> SharedIndexInformer:
        informer = await self.get_informer(api_version, kind)
        if not self._running:
            raise CacheNotStartedError()
        if not informer.has_synced():
            await informer.wait_for_sync()
        return informer


def _sort_key(obj: Obj) -> tuple[str, str]:
    meta = obj.get("metadata") or {}
    return (str(meta.get("namespace") or ""), str(meta.get("name") or ""))


def _selector(text: str) -> Callable[[dict[str, str]], bool]:
    selector = labels.parse(text)
    return lambda lbls: bool(selector.matches(lbls))
