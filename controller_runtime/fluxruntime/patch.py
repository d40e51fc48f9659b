"""Patch only what a reconcile changed (fluxcd/pkg/runtime/patch).

A reconciler snapshots the object when it starts and patches at the end. Metadata and
spec changes (finalizers, annotations) go out as one merge patch, the status as another
on the status subresource, and conditions first and separately: they are re-applied on
the *latest* object with optimistic locking and retried on conflict, so another writer's
conditions survive unless we own them. Nothing that was not changed is sent, which is
what keeps concurrent writers (kubectl, other controllers) from being overwritten.
"""

from __future__ import annotations

import asyncio
import copy
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from controller_runtime.apimachinery.merge_patch import create_merge_patch
from controller_runtime.client import PatchType, errors

Obj = dict[str, Any]

CONFLICT_RETRY_STEPS = 5
CONFLICT_RETRY_DELAY = 0.1

#: Server-owned metadata a reconciler never means to patch.
_SERVER_METADATA = ("resourceVersion", "managedFields", "generation", "uid", "creationTimestamp")


class ConditionConflictError(Exception):
    """Another writer moved a condition we do not own to a different state."""

    def __init__(self, types: list[str]) -> None:
        super().__init__(f"conflicting conditions: {', '.join(sorted(types))}")
        self.types = types


@dataclass(frozen=True)
class PatchOptions:
    owned_conditions: tuple[str, ...] = ()
    field_owner: str | None = None
    include_status_observed_generation: bool = False
    force_overwrite_conditions: bool = False


def _conds(obj: Obj) -> list[dict[str, Any]]:
    c = (obj.get("status") or {}).get("conditions")
    return c if isinstance(c, list) else []


def _same_state(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(a.get(k) == b.get(k) for k in ("type", "status", "reason", "message"))


def _by_type(conds: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(c.get("type")): c for c in conds}


def _gvk(obj: Obj) -> tuple[str, str]:
    return (str(obj.get("apiVersion", "")), str(obj.get("kind", "")))


def _meta(obj: Obj) -> tuple[str, str | None]:
    meta = obj.get("metadata") or {}
    return str(meta.get("name", "")), meta.get("namespace")


class PatchHelper:
    """Snapshot-and-diff patcher for one object (``patch.NewHelper``)."""

    def __init__(self, obj: Obj, client: Any) -> None:
        if not obj.get("apiVersion") or not obj.get("kind"):
            raise ValueError("object must carry apiVersion and kind to be patched")
        self.client = client
        self.before = copy.deepcopy(obj)
        #: The object as the server last answered a patch of ours: the freshest state we know.
        self._answered: Obj | None = None
        #: The conditions went out with the rest of the status, in one request.
        self._conditions_done = False
        #: Our snapshot's version is known to be stale (an optimistic lock failed on it).
        self._stale = False

    async def patch(self, obj: Obj, options: PatchOptions | None = None) -> None:
        """Send the changes made to ``obj`` since the snapshot; ``obj`` gets the new resourceVersion."""
        opts = options or PatchOptions()
        if _gvk(obj) != _gvk(self.before):
            raise ValueError(f"unmatched GroupVersionKind: {_gvk(obj)} vs {_gvk(self.before)}")
        if opts.include_status_observed_generation and isinstance(obj.get("status"), dict):
            obj["status"]["observedGeneration"] = (obj.get("metadata") or {}).get("generation", 0)

        # The rest of the status goes before the conditions (upstream sends them first), and
        # observedGeneration goes with the conditions: a reader who sees Ready=True finds the
        # status it summarises (`latestRef`) already there, and one who sees the generation
        # observed finds its final conditions. Usually both go in one request under an
        # optimistic lock on our snapshot's version; if someone else wrote meanwhile, the
        # conditions are merged onto the server's state and sent after the rest.
        failures: list[Exception] = []
        for step in (self._patch_main, self._patch_status, self._patch_conditions):
            try:
                await step(obj, opts)
            except errors.NotFoundError:
                raise
            except (errors.ApiError, ConditionConflictError) as e:
                failures.append(e)
        if len(failures) == 1:
            raise failures[0]
        if failures:
            raise PatchErrors(failures)

    async def _patch_status_at_once(self, obj: Obj, opts: PatchOptions, diff: Obj) -> bool:
        """The status and the conditions in one request, under an optimistic lock on the
        version our snapshot was taken at: nobody wrote since, so our snapshot plus our
        changes is exactly what the object should hold. False when that cannot be tried
        (no version, a main patch moved it) or the lock failed; the caller goes the long way."""
        version = (obj.get("metadata") or {}).get("resourceVersion")
        generation = _observed_generation(obj)
        new_generation = generation != _observed_generation(self.before)
        conditions_changed = _by_type(_conds(self.before)) != _by_type(_conds(obj)) or new_generation
        if self._answered is not None or not version or not conditions_changed:
            return False
        status: dict[str, Any] = {**(diff or {}), "conditions": _conds(obj)}
        if new_generation:
            status["observedGeneration"] = generation
        name, namespace = _meta(obj)
        try:
            result = await self.client.patch(
                *_gvk(obj),
                name,
                {"metadata": {"resourceVersion": version}, "status": status},
                namespace=namespace,
                patch_type=PatchType.MERGE,
                field_manager=opts.field_owner,
                subresource="status",
            )
        except errors.ConflictError:
            self._stale = True
            return False
        except errors.ApiError:
            self._conditions_done = True  # the same conditions went out and failed: one error
            raise
        _take_version(obj, result)
        self._answered = result if isinstance(result, dict) else None
        self._conditions_done = True
        return True

    async def _patch_conditions(self, obj: Obj, opts: PatchOptions) -> None:
        if self._conditions_done:
            return
        before, after = _by_type(_conds(self.before)), _by_type(_conds(obj))
        generation = _observed_generation(obj)
        new_generation = generation != _observed_generation(self.before)
        if before == after and not new_generation:
            return
        changed = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
        owned = frozenset(opts.owned_conditions)
        name, namespace = _meta(obj)
        api_version, kind = _gvk(obj)
        last_error: Exception | None = None
        # First attempt: no read. The server's last answer, else our snapshot at the version
        # we hold, is the state to merge onto; a 409 means it moved, and we read it then.
        known: Obj | None = self._answered
        if known is None:
            version = None if self._stale else (obj.get("metadata") or {}).get("resourceVersion")
            known = {"metadata": {"resourceVersion": version}, "status": {"conditions": _conds(self.before)}}
        for attempt in range(CONFLICT_RETRY_STEPS):
            if attempt > 1:
                await asyncio.sleep(CONFLICT_RETRY_DELAY * (1 + random.random()))
            if attempt or not (known.get("metadata") or {}).get("resourceVersion"):
                latest = await self.client.get(api_version, kind, name, namespace=namespace)
            else:
                latest = known
            merged = _by_type(_conds(latest))
            conflicts: list[str] = []
            for t in sorted(changed):
                want, was, now = after.get(t), before.get(t), merged.get(t)
                if _same_state(now, want):
                    if want is not None:
                        merged[t] = want
                    continue
                if opts.force_overwrite_conditions or t in owned or _same_state(now, was):
                    if want is None:
                        merged.pop(t, None)
                    else:
                        merged[t] = want
                else:
                    conflicts.append(t)
            if conflicts:
                raise ConditionConflictError(conflicts)
            latest_list = _conds(latest)
            order = [str(c.get("type")) for c in _conds(obj)]
            new_list = [merged[t] for t in order if t in merged]
            new_list += [c for t, c in merged.items() if t not in order]
            status: dict[str, Any] = {"conditions": new_list}
            if new_generation and (attempt == 0 or generation != _observed_generation(latest)):
                status["observedGeneration"] = generation
            elif new_list == latest_list:
                return
            patch = {
                "metadata": {"resourceVersion": (latest.get("metadata") or {}).get("resourceVersion")},
                "status": status,
            }
            try:
                result = await self.client.patch(
                    api_version,
                    kind,
                    name,
                    patch,
                    namespace=namespace,
                    patch_type=PatchType.MERGE,
                    field_manager=opts.field_owner,
                    subresource="status",
                )
            except errors.ConflictError as e:
                last_error = e
                continue
            _take_version(obj, result)
            return
        assert last_error is not None
        raise last_error

    async def _patch_main(self, obj: Obj, opts: PatchOptions) -> None:
        before = _without_status(self.before)
        after = _without_status(obj)
        patch = create_merge_patch(before, after)
        if not patch:
            return
        name, namespace = _meta(obj)
        result = await self.client.patch(
            *_gvk(obj),
            name,
            patch,
            namespace=namespace,
            patch_type=PatchType.MERGE,
            field_manager=opts.field_owner,
        )
        _take_version(obj, result)
        self._answered = result if isinstance(result, dict) else None

    async def _patch_status(self, obj: Obj, opts: PatchOptions) -> None:
        before = _status_without_conditions(self.before)
        after = _status_without_conditions(obj)
        diff = create_merge_patch(before, after)
        if await self._patch_status_at_once(obj, opts, diff):
            return
        if not diff:
            return
        name, namespace = _meta(obj)
        result = await self.client.patch(
            *_gvk(obj),
            name,
            {"status": diff},
            namespace=namespace,
            patch_type=PatchType.MERGE,
            field_manager=opts.field_owner,
            subresource="status",
        )
        _take_version(obj, result)
        self._answered = result if isinstance(result, dict) else None


class PatchErrors(Exception):
    """More than one of the patches failed; every error is kept."""

    def __init__(self, failures: list[Exception]) -> None:
        super().__init__("; ".join(str(f) for f in failures))
        self.failures = failures


class SerialPatcher:
    """Successive patches within one reconcile, each sending only what changed since the last."""

    def __init__(self, obj: Obj, client: Any) -> None:
        self.client = client
        self.before = copy.deepcopy(obj)

    async def patch(self, obj: Obj, options: PatchOptions | None = None) -> None:
        helper = PatchHelper(self.before, self.client)
        await helper.patch(obj, options)
        self.before = copy.deepcopy(obj)


def _without_status(obj: Obj) -> Obj:
    out = {k: v for k, v in obj.items() if k not in ("status", "apiVersion", "kind")}
    meta = dict(out.get("metadata") or {})
    for key in _SERVER_METADATA:
        meta.pop(key, None)
    out["metadata"] = meta
    return out


def _status_without_conditions(obj: Obj) -> Obj:
    """The status the plain status patch sends: conditions and observedGeneration go together."""
    status = obj.get("status")
    if not isinstance(status, dict):
        return {}
    return {k: v for k, v in status.items() if k not in ("conditions", "observedGeneration")}


def _observed_generation(obj: Obj) -> Any:
    status = obj.get("status")
    return status.get("observedGeneration") if isinstance(status, dict) else None


def _take_version(obj: Obj, result: Any) -> None:
    if isinstance(result, dict):
        rv = (result.get("metadata") or {}).get("resourceVersion")
        if rv:
            obj.setdefault("metadata", {})["resourceVersion"] = rv
