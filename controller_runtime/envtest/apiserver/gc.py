"""The controllers kube-controller-manager and apiextensions run that clients rely on:
garbage collection by ownerReferences (background, foreground, orphan), namespace
deletion (contents first, then the namespace) and CRD deletion (instances first).

They run as one asyncio task fed by store events, asynchronously like the real ones,
so a delete request returns before its dependents go.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.envtest.apiserver.backend import Backend, Target
from controller_runtime.envtest.apiserver.errors import StatusError
from controller_runtime.envtest.apiserver.registry import Registry, ResourceDef
from controller_runtime.envtest.apiserver.store import Event, StorageKey

log = logging.getLogger(__name__)

Ref = tuple[StorageKey, str, str]  # (storage key, namespace, name)
CRD_KEY = ("apiextensions.k8s.io", "customresourcedefinitions")
NS_KEY = ("", "namespaces")


class Collector:
    def __init__(self, backend: Backend, registry: Registry) -> None:
        self.backend = backend
        self.registry = registry
        self.by_uid: dict[str, Ref] = {}
        self.dependents: dict[str, set[Ref]] = {}
        self._work: set[tuple[str, Any]] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        for key in list(self.backend.store.data):
            for obj in self.backend.store.objects(key, None):
                self._index(key, obj)
                md = obj["metadata"]
                if md.get("deletionTimestamp"):
                    self._schedule(("deleting", (key, md.get("namespace", ""), md["name"])))
                    if key == NS_KEY:
                        self.enqueue_namespace(md["name"])
                    if key == CRD_KEY:
                        self.enqueue_crd(md["name"])
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    # --- bookkeeping from events ---------------------------------------------------------
    def _index(self, key: StorageKey, obj: dict[str, Any]) -> None:
        md = obj["metadata"]
        ref: Ref = (key, md.get("namespace", ""), md["name"])
        uid = md.get("uid")
        if uid:
            self.by_uid[uid] = ref
        for o in md.get("ownerReferences") or []:
            if isinstance(o, dict) and o.get("uid"):
                self.dependents.setdefault(o["uid"], set()).add(ref)

    def observe(self, rdef: ResourceDef, ev: Event) -> None:
        key = ev.key
        md = ev.obj["metadata"]
        ref: Ref = (key, md.get("namespace", ""), md["name"])
        if ev.prev is not None:
            for o in ev.prev["metadata"].get("ownerReferences") or []:
                if isinstance(o, dict) and o.get("uid") in self.dependents:
                    self.dependents[o["uid"]].discard(ref)
        if ev.type == "DELETED":
            uid = md.get("uid")
            if uid:
                self.by_uid.pop(uid, None)
                self._schedule(("gone", uid))
            for o in md.get("ownerReferences") or []:
                if isinstance(o, dict) and o.get("uid") in self.by_uid:
                    self._schedule(("deleting", self.by_uid[o["uid"]]))
            if ref[1] and self._is_terminating(ref[1]):
                self.enqueue_namespace(ref[1])
            crd = self._crd_of(key)
            if crd is not None:
                self.enqueue_crd(crd)
            return
        self._index(key, ev.obj)
        if md.get("deletionTimestamp") and set(md.get("finalizers") or []) & {"foregroundDeletion", "orphan"}:
            self._schedule(("deleting", ref))

    def _is_terminating(self, ns: str) -> bool:
        obj = self.backend.store.get(NS_KEY, "", ns)
        return bool(obj and obj["metadata"].get("deletionTimestamp"))

    def _crd_of(self, key: StorageKey) -> str | None:
        rdef = self.registry.get(*key)
        if rdef is None or rdef.crd_name is None:
            return None
        crd = self.backend.store.get(CRD_KEY, "", rdef.crd_name)
        if crd and crd["metadata"].get("deletionTimestamp"):
            return rdef.crd_name
        return None

    def enqueue_namespace(self, name: str) -> None:
        self._schedule(("namespace", name))

    def enqueue_crd(self, name: str) -> None:
        self._schedule(("crd", name))

    def _schedule(self, item: tuple[str, Any]) -> None:
        self._work.add(item)
        self._wake.set()

    # --- the worker ----------------------------------------------------------------------
    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._work:
                item = self._work.pop()
                try:
                    self._process(item)
                except StatusError as e:
                    log.debug("gc: %s: %s", item, e.message)
                except Exception:
                    log.exception("gc: processing %s failed", item)
                await asyncio.sleep(0)

    def _process(self, item: tuple[str, Any]) -> None:
        kind, arg = item
        if kind == "gone":
            self._owner_gone(arg)
        elif kind == "deleting":
            self._owner_deleting(arg)
        elif kind == "namespace":
            self._namespace(arg)
        elif kind == "crd":
            self._crd(arg)

    def _target(self, ref: Ref) -> Target | None:
        key, ns, name = ref
        rdef = self.registry.get(*key)
        if rdef is None:
            return None
        v = rdef.version(rdef.storage_version) or rdef.served_versions[0]
        return Target(rdef, v, ns or None, name)

    def _get(self, ref: Ref) -> dict[str, Any] | None:
        return self.backend.store.get(*ref)

    def _delete(self, ref: Ref, policy: str = "Background") -> None:
        t = self._target(ref)
        if t is not None and self._get(ref) is not None:
            with contextlib.suppress(StatusError):
                self.backend.delete(t, {"propagationPolicy": policy}, {})

    def _write(self, ref: Ref, obj: dict[str, Any]) -> None:
        t = self._target(ref)
        if t is None:
            return
        body = json_copy(self.backend.render(t.rdef, t.vdef.name, obj))
        self.backend.update(t, body, {}, from_patch=True)

    def _owner_gone(self, uid: str) -> None:
        for ref in list(self.dependents.pop(uid, set())):
            obj = self._get(ref)
            if obj is None:
                continue
            owners = [o for o in obj["metadata"].get("ownerReferences") or [] if isinstance(o, dict)]
            alive = [o for o in owners if o.get("uid") != uid and o.get("uid") in self.by_uid]
            if alive:
                new = json_copy(obj)
                new["metadata"]["ownerReferences"] = [o for o in owners if o.get("uid") != uid]
                self._write(ref, new)
            else:
                self._delete(ref)

    def _owner_deleting(self, ref: Ref) -> None:
        obj = self._get(ref)
        if obj is None or not obj["metadata"].get("deletionTimestamp"):
            return
        uid = obj["metadata"].get("uid", "")
        finalizers = list(obj["metadata"].get("finalizers") or [])
        deps = [d for d in self.dependents.get(uid, set()) if self._get(d) is not None]
        if "orphan" in finalizers:
            for d in deps:
                dep = self._get(d)
                if dep is None:
                    continue
                new = json_copy(dep)
                new["metadata"]["ownerReferences"] = [
                    o for o in dep["metadata"].get("ownerReferences") or [] if o.get("uid") != uid
                ]
                if not new["metadata"]["ownerReferences"]:
                    del new["metadata"]["ownerReferences"]
                self._write(d, new)
            self._drop_finalizer(ref, "orphan")
            return
        if "foregroundDeletion" in finalizers:
            if deps:
                for d in deps:
                    self._delete(d, "Foreground")
                return
            self._drop_finalizer(ref, "foregroundDeletion")

    def _drop_finalizer(self, ref: Ref, finalizer: str) -> None:
        obj = self._get(ref)
        if obj is None:
            return
        new = json_copy(obj)
        new["metadata"]["finalizers"] = [f for f in obj["metadata"].get("finalizers") or [] if f != finalizer]
        self._write(ref, new)

    def _namespace(self, name: str) -> None:
        ns = self.backend.store.get(NS_KEY, "", name)
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return
        remaining = self.backend.store.namespaces_in_use(name)
        for key in remaining:
            for obj in self.backend.store.objects(key, name):
                if not obj["metadata"].get("deletionTimestamp"):
                    self._delete((key, name, obj["metadata"]["name"]))
        if self.backend.store.namespaces_in_use(name):
            return
        spec_finalizers = (ns.get("spec") or {}).get("finalizers") or []
        new = json_copy(ns)
        if spec_finalizers:
            new["spec"]["finalizers"] = []
        if new["metadata"].get("finalizers"):
            # Only the content-gated "kubernetes" finalizer is ours; others wait for their owner.
            if spec_finalizers:
                self._write((NS_KEY, "", name), new)
            return
        rdef = self.registry.get(*NS_KEY)
        if rdef is not None:
            self.backend.remove_now(rdef, ns)

    def _crd(self, name: str) -> None:
        crd = self.backend.store.get(CRD_KEY, "", name)
        if crd is None or not crd["metadata"].get("deletionTimestamp"):
            return
        spec = crd.get("spec") or {}
        rdef = self.registry.get(spec.get("group", ""), (spec.get("names") or {}).get("plural", ""))
        if rdef is not None and not rdef.builtin:
            objs = self.backend.store.objects(rdef.storage_key, None)
            for obj in objs:
                if not obj["metadata"].get("deletionTimestamp"):
                    md = obj["metadata"]
                    self._delete((rdef.storage_key, md.get("namespace", ""), md["name"]))
            if self.backend.store.count(rdef.storage_key, None):
                return
        self._drop_finalizer((CRD_KEY, "", name), "customresourcecleanup.apiextensions.k8s.io")
