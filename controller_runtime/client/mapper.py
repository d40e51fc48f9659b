"""RESTMapper: (apiVersion, kind) -> resource plural, scope and subresources, from discovery.

Discovery documents are fetched per group/version on first use and cached. A kind
that is missing from the cache triggers one refresh of its group/version (a CRD may
have been installed since), then a NoKindMatchError that says what was looked for.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.client import errors
from controller_runtime.client.rest import Transport


class NoKindMatchError(LookupError):
    """The API server does not serve this kind (CRD not installed, or a typo)."""

    def __init__(self, api_version: str, kind: str) -> None:
        super().__init__(f'no matches for kind "{kind}" in version "{api_version}"')
        self.api_version = api_version
        self.kind = kind


@dataclass(frozen=True)
class ResourceMapping:
    """Where objects of one kind live in the API."""

    api_version: str
    kind: str
    resource: str
    namespaced: bool
    subresources: frozenset[str] = field(default_factory=frozenset)
    verbs: frozenset[str] = field(default_factory=frozenset)

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0] if "/" in self.api_version else ""

    @property
    def version(self) -> str:
        return self.api_version.rpartition("/")[2]

    def base_path(self) -> str:
        """`/api/v1` or `/apis/<group>/<version>`."""
        return group_version_path(self.api_version)

    def collection_path(self, namespace: str | None) -> str:
        if self.namespaced and namespace:
            return f"{self.base_path()}/namespaces/{namespace}/{self.resource}"
        return f"{self.base_path()}/{self.resource}"

    def object_path(self, name: str, namespace: str | None, subresource: str | None = None) -> str:
        path = f"{self.collection_path(namespace)}/{name}"
        return f"{path}/{subresource}" if subresource else path


def group_version_path(api_version: str) -> str:
    return "/api/v1" if api_version == "v1" else f"/apis/{api_version}"


def parse_resource_list(doc: Any) -> dict[str, ResourceMapping]:
    """Index an APIResourceList by kind (subresource entries add to their parent's set)."""
    if not isinstance(doc, dict):
        return {}
    api_version = str(doc.get("groupVersion") or "")
    resources = [r for r in doc.get("resources") or [] if isinstance(r, dict)]
    subs: dict[str, set[str]] = {}
    for r in resources:
        name = str(r.get("name", ""))
        if "/" in name:
            parent, _, sub = name.partition("/")
            subs.setdefault(parent, set()).add(sub)
    out: dict[str, ResourceMapping] = {}
    for r in resources:
        name = str(r.get("name", ""))
        if not name or "/" in name or not r.get("kind"):
            continue
        kind = str(r["kind"])
        out[kind] = ResourceMapping(
            api_version=api_version,
            kind=kind,
            resource=name,
            namespaced=bool(r.get("namespaced")),
            subresources=frozenset(subs.get(name, ())),
            verbs=frozenset(str(v) for v in r.get("verbs") or []),
        )
    return out


class RESTMapper:
    """Caches discovery per group/version; see the module docstring for refresh rules."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._cache: dict[str, dict[str, ResourceMapping]] = {}
        self._lock = asyncio.Lock()

    async def _fetch(self, api_version: str) -> dict[str, ResourceMapping]:
        try:
            doc = await self._transport.request("GET", group_version_path(api_version))
        except errors.NotFoundError:
            return {}
        return parse_resource_list(doc)

    async def mapping(self, api_version: str, kind: str) -> ResourceMapping:
        """The mapping for a kind, refreshing its group/version once on a miss."""
        cached = self._cache.get(api_version)
        if cached is not None and kind in cached:
            return cached[kind]
        async with self._lock:
            cached = self._cache.get(api_version)
            if cached is None or kind not in cached:
                cached = await self._fetch(api_version)
                self._cache[api_version] = cached
        if kind not in cached:
            raise NoKindMatchError(api_version, kind)
        return cached[kind]

    def invalidate(self, api_version: str | None = None) -> None:
        """Drop cached discovery (one group/version, or all)."""
        if api_version is None:
            self._cache.clear()
        else:
            self._cache.pop(api_version, None)

    async def kind_for(self, api_version: str, resource: str) -> ResourceMapping:
        """Reverse lookup: a resource plural to its mapping."""
        for attempt in range(2):
            if attempt or api_version not in self._cache:
                self._cache[api_version] = await self._fetch(api_version)
            for m in self._cache[api_version].values():
                if m.resource == resource:
                    return m
        raise NoKindMatchError(api_version, resource)
