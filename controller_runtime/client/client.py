"""Client: typed-by-apiVersion/kind CRUD, patch and watch over plain dict objects.

The shape follows controller-runtime's client (Get/List/Create/Update/Patch/Delete,
Status().Update) with objects as JSON dicts; paths come from the RESTMapper, so
CRDs installed at run time work without code generation.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from controller_runtime.client import errors
from controller_runtime.client.config import RestConfig
from controller_runtime.client.mapper import ResourceMapping, RESTMapper
from controller_runtime.client.rest import Params, Transport

log = logging.getLogger(__name__)


class PatchType(enum.StrEnum):
    """Patch flavours and their Content-Type."""

    MERGE = "application/merge-patch+json"
    JSON = "application/json-patch+json"
    STRATEGIC = "application/strategic-merge-patch+json"
    APPLY = "application/apply-patch+yaml"


@dataclass(frozen=True)
class WatchEvent:
    """One watch event: type is ADDED, MODIFIED, DELETED or BOOKMARK."""

    type: str
    object: dict[str, Any]


def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, Mapping) else {}


def _gvk(obj: Mapping[str, Any]) -> tuple[str, str]:
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if not isinstance(api_version, str) or not api_version or not isinstance(kind, str) or not kind:
        raise ValueError("object must have apiVersion and kind")
    return api_version, kind


def _dry_run(dry_run: bool) -> list[tuple[str, str]]:
    return [("dryRun", "All")] if dry_run else []


class Client:
    """Async client for one RestConfig; use as `async with Client(config) as c:`."""

    def __init__(self, config: RestConfig, *, field_manager: str | None = None) -> None:
        self.config = config
        self.field_manager = field_manager
        self.transport = Transport(config)
        self.mapper = RESTMapper(self.transport)

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self.transport.close()

    # ------------------------------------------------------------------ helpers

    async def mapping(self, api_version: str, kind: str) -> ResourceMapping:
        """The REST mapping of a kind (raises mapper.NoKindMatchError if not served)."""
        return await self.mapper.mapping(api_version, kind)

    async def _object_path(
        self,
        api_version: str,
        kind: str,
        name: str,
        namespace: str | None,
        subresource: str | None = None,
    ) -> str:
        if not name:
            raise ValueError(f"{kind}: name must not be empty")
        m = await self.mapping(api_version, kind)
        if m.namespaced and not namespace:
            raise ValueError(f"{kind} {name!r} is namespaced: a namespace is required")
        return m.object_path(name, namespace if m.namespaced else None, subresource)

    def _manager(self, field_manager: str | None) -> str | None:
        return field_manager if field_manager is not None else self.field_manager

    # ------------------------------------------------------------------ reads

    async def get(
        self, api_version: str, kind: str, name: str, namespace: str | None = None
    ) -> dict[str, Any]:
        path = await self._object_path(api_version, kind, name, namespace)
        result: dict[str, Any] = await self.transport.request("GET", path)
        return result

    def _list_params(
        self,
        label_selector: str | None,
        field_selector: str | None,
        limit: int | None,
        continue_: str | None,
        resource_version: str | None,
        resource_version_match: str | None,
    ) -> list[tuple[str, Any]]:
        return [
            ("labelSelector", label_selector or None),
            ("fieldSelector", field_selector or None),
            ("limit", limit if limit else None),
            ("continue", continue_ or None),
            ("resourceVersion", resource_version),
            ("resourceVersionMatch", resource_version_match),
        ]

    async def list(
        self,
        api_version: str,
        kind: str,
        namespace: str | None = None,
        *,
        label_selector: str | None = None,
        field_selector: str | None = None,
        limit: int | None = None,
        continue_: str | None = None,
        resource_version: str | None = None,
        resource_version_match: str | None = None,
    ) -> dict[str, Any]:
        """List objects (all namespaces when `namespace` is None); returns the List dict."""
        m = await self.mapping(api_version, kind)
        params = self._list_params(
            label_selector, field_selector, limit, continue_, resource_version, resource_version_match
        )
        result: dict[str, Any] = await self.transport.request(
            "GET", m.collection_path(namespace if m.namespaced else None), params=params
        )
        if result.get("items") is None:
            result["items"] = []
        for item in result["items"]:
            # The server omits apiVersion/kind on list items; put them back so items are whole objects.
            item.setdefault("apiVersion", api_version)
            item.setdefault("kind", kind)
        return result

    async def list_all(
        self,
        api_version: str,
        kind: str,
        namespace: str | None = None,
        *,
        label_selector: str | None = None,
        field_selector: str | None = None,
        page_size: int = 500,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every matching object, fetched in pages of `page_size` with limit/continue."""
        token: str | None = None
        while True:
            page = await self.list(
                api_version, kind, namespace,
                label_selector=label_selector, field_selector=field_selector,
                limit=page_size, continue_=token,
            )
            for item in page["items"]:
                yield item
            token = (page.get("metadata") or {}).get("continue") or None
            if not token:
                return

    # ------------------------------------------------------------------ writes

    async def create(
        self, obj: Mapping[str, Any], *, field_manager: str | None = None, dry_run: bool = False
    ) -> dict[str, Any]:
        api_version, kind = _gvk(obj)
        m = await self.mapping(api_version, kind)
        namespace = _meta(obj).get("namespace")
        if m.namespaced and not namespace:
            raise ValueError(f"{kind} is namespaced: metadata.namespace is required")
        params = [("fieldManager", self._manager(field_manager)), *_dry_run(dry_run)]
        result: dict[str, Any] = await self.transport.request(
            "POST", m.collection_path(namespace if m.namespaced else None), params=params, body=obj
        )
        return result

    async def _put(
        self, obj: Mapping[str, Any], subresource: str | None, field_manager: str | None, dry_run: bool
    ) -> dict[str, Any]:
        api_version, kind = _gvk(obj)
        meta = _meta(obj)
        path = await self._object_path(
            api_version, kind, str(meta.get("name") or ""), meta.get("namespace"), subresource
        )
        params = [("fieldManager", self._manager(field_manager)), *_dry_run(dry_run)]
        result: dict[str, Any] = await self.transport.request("PUT", path, params=params, body=obj)
        return result

    async def update(
        self, obj: Mapping[str, Any], *, field_manager: str | None = None, dry_run: bool = False
    ) -> dict[str, Any]:
        """PUT the whole object; a stale metadata.resourceVersion raises ConflictError."""
        return await self._put(obj, None, field_manager, dry_run)

    async def update_status(
        self, obj: Mapping[str, Any], *, field_manager: str | None = None, dry_run: bool = False
    ) -> dict[str, Any]:
        """PUT the status subresource (only .status changes are kept by the server)."""
        return await self._put(obj, "status", field_manager, dry_run)

    async def patch(
        self,
        api_version: str,
        kind: str,
        name: str,
        patch: Any,
        namespace: str | None = None,
        *,
        patch_type: PatchType = PatchType.MERGE,
        field_manager: str | None = None,
        force: bool | None = None,
        subresource: str | None = None,
        dry_run: bool = False,
    ) -> dict[str, Any]:
        """PATCH an object; APPLY (server-side apply) requires a field manager."""
        path = await self._object_path(api_version, kind, name, namespace, subresource)
        manager = self._manager(field_manager)
        if patch_type == PatchType.APPLY and not manager:
            raise ValueError("server-side apply requires a field_manager")
        if force is not None and patch_type != PatchType.APPLY:
            raise ValueError("force is only valid for server-side apply")
        params: list[tuple[str, Any]] = [("fieldManager", manager), ("force", force), *_dry_run(dry_run)]
        body = patch
        if isinstance(body, str):
            body = body.encode()
        result: dict[str, Any] = await self.transport.request(
            "PATCH", path, params=params, body=body, content_type=str(patch_type)
        )
        return result

    async def apply(
        self,
        obj: Mapping[str, Any],
        *,
        field_manager: str | None = None,
        force: bool = False,
        subresource: str | None = None,
        dry_run: bool = False,
    ) -> dict[str, Any]:
        """Server-side apply of a whole (partial) object."""
        api_version, kind = _gvk(obj)
        meta = _meta(obj)
        return await self.patch(
            api_version, kind, str(meta.get("name") or ""), dict(obj), meta.get("namespace"),
            patch_type=PatchType.APPLY, field_manager=field_manager, force=force,
            subresource=subresource, dry_run=dry_run,
        )

    async def delete(
        self,
        api_version: str,
        kind: str,
        name: str,
        namespace: str | None = None,
        *,
        preconditions: Mapping[str, str] | None = None,
        propagation_policy: str | None = None,
        grace_period_seconds: int | None = None,
        dry_run: bool = False,
    ) -> dict[str, Any] | None:
        """DELETE an object; returns the object while finalizers hold it, else the server's Status."""
        path = await self._object_path(api_version, kind, name, namespace)
        body: dict[str, Any] = {"apiVersion": "v1", "kind": "DeleteOptions"}
        if preconditions:
            body["preconditions"] = dict(preconditions)
        if propagation_policy:
            body["propagationPolicy"] = propagation_policy
        if grace_period_seconds is not None:
            body["gracePeriodSeconds"] = grace_period_seconds
        if dry_run:
            body["dryRun"] = ["All"]
        result: dict[str, Any] | None = await self.transport.request("DELETE", path, body=body)
        return result

    async def delete_all_of(
        self,
        api_version: str,
        kind: str,
        namespace: str | None = None,
        *,
        label_selector: str | None = None,
        field_selector: str | None = None,
        propagation_policy: str | None = None,
    ) -> dict[str, Any] | None:
        """DELETE a collection (controller-runtime's DeleteAllOf)."""
        m = await self.mapping(api_version, kind)
        if m.namespaced and not namespace:
            raise ValueError(f"{kind} is namespaced: a namespace is required")
        body: dict[str, Any] = {"apiVersion": "v1", "kind": "DeleteOptions"}
        if propagation_policy:
            body["propagationPolicy"] = propagation_policy
        params = [("labelSelector", label_selector or None), ("fieldSelector", field_selector or None)]
        result: dict[str, Any] | None = await self.transport.request(
            "DELETE", m.collection_path(namespace if m.namespaced else None), params=params, body=body
        )
        return result

    # ------------------------------------------------------------------ watch

    async def watch(
        self,
        api_version: str,
        kind: str,
        namespace: str | None = None,
        *,
        resource_version: str | None = None,
        allow_bookmarks: bool = True,
        timeout_seconds: int | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
        send_initial_events: bool | None = None,
    ) -> AsyncIterator[WatchEvent]:
        """Stream events until the server closes the watch; an ERROR event raises its ApiError."""
        m = await self.mapping(api_version, kind)
        params: list[tuple[str, Any]] = [
            ("watch", "true"),
            ("allowWatchBookmarks", True if allow_bookmarks else None),
            ("resourceVersion", resource_version or None),
            ("timeoutSeconds", timeout_seconds),
            ("labelSelector", label_selector or None),
            ("fieldSelector", field_selector or None),
        ]
        if send_initial_events is not None:
            params.append(("sendInitialEvents", send_initial_events))
            if send_initial_events:
                params.append(("resourceVersionMatch", "NotOlderThan"))
        path = m.collection_path(namespace if m.namespaced else None)
        async for doc in self.transport.stream("GET", path, params=params):
            ev_type = str(doc.get("type") or "")
            obj = doc.get("object")
            if ev_type == "ERROR":
                raise errors.from_status(obj if isinstance(obj, Mapping) else None, None)
            if not isinstance(obj, dict):
                log.warning("watch %s %s: event %r without an object, skipped", api_version, kind, ev_type)
                continue
            if ev_type not in ("ADDED", "MODIFIED", "DELETED", "BOOKMARK"):
                log.warning("watch %s %s: unknown event type %r, skipped", api_version, kind, ev_type)
                continue
            if ev_type != "BOOKMARK":
                obj.setdefault("apiVersion", api_version)
                obj.setdefault("kind", kind)
            yield WatchEvent(ev_type, obj)

    # ------------------------------------------------------------------ raw / discovery

    async def raw(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        body: Any = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Any request by path (discovery, /version, /healthz...); returns decoded JSON or text."""
        return await self.transport.request(
            method, path, params=params, body=body, content_type=content_type, headers=headers
        )

    async def server_resources(self, api_version: str) -> dict[str, Any]:
        """The APIResourceList for one group/version (raises NotFoundError if not served)."""
        path = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        result: dict[str, Any] = await self.transport.request("GET", path)
        return result
