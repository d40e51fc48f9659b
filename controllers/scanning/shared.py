"""Scan resources one manager shares between its image controllers.

The ImageRepository controller writes tags, the ImagePolicy controller reads them, and
both talk to registries: one tag store (one SQLite connection), one registry client (one
connection pool and token cache), one cloud-login cache (`--token-cache-max-size`,
`--token-cache-max-duration`, `--*-autologin-*`) and one per-registry rate limiter
(`--registry-qps`, `--registry-burst`) per manager, whichever controller asks first.
They are closed when the manager stops, after the reconciles still using them finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import AsyncIterator, Hashable
from dataclasses import dataclass, field
from typing import Any

from controllers.registry import DEFAULT_BURST, DEFAULT_QPS, HostRateLimiter, ProviderLogin, RegistryClient
from controllers.registry.providers import (
    DEFAULT_CACHE_MAX_SIZE,
    PROVIDER_AWS,
    PROVIDER_AZURE,
    PROVIDER_GCP,
    TOKEN_MAX_DURATION,
)
from controllers.registry.reference import ImageRef
from controllers.scanning.auth import AuthOptions
from controllers.storage import TagStore, TagStoreError

log = logging.getLogger("lookout.scanning")

#: How long a stopping manager waits for reconciles to release the store before closing it.
CLOSE_GRACE = 30.0


@dataclass(eq=False)
class _Listing:
    """One tag listing in flight, and when its request went out (None: still queued)."""

    future: asyncio.Future[list[str]] = field(init=False)
    sent_at: float | None = None


@dataclass
class ScanResources:
    """What scanning and tag lookups need; use `async with resources.use():` around work."""

    store: TagStore
    registry: RegistryClient
    login: ProviderLogin
    limiter: HostRateLimiter
    #: Scans of one registry at once (`--concurrent`): a registry that hangs holds at most
    #: this many reconciles, and the others, waiting on it, cost an idle task each.
    per_registry: int = 4
    _slots: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    _listings: dict[Hashable, _Listing] = field(default_factory=dict)
    _inflight: int = 0
    _idle: asyncio.Event = field(default_factory=asyncio.Event)
    _closed: bool = False

    @contextlib.asynccontextmanager
    async def use(self) -> AsyncIterator[ScanResources]:
        """Mark a unit of work, so closing waits for it instead of pulling the store away."""
        if self._closed:
            raise RuntimeError("scan resources are closed: the manager is stopping")
        self._inflight += 1
        self._idle.clear()
        try:
            yield self
        finally:
            self._inflight -= 1
            if self._inflight == 0:
                self._idle.set()

    @contextlib.asynccontextmanager
    async def registry_slot(self, registry: str) -> AsyncIterator[None]:
        """Hold one of the `per_registry` scan slots of `registry` for a scan."""
        slot = self._slots.get(registry)
        if slot is None:
            slot = self._slots[registry] = asyncio.Semaphore(self.per_registry)
        async with slot:
            yield

    async def list_tags(self, ref: ImageRef, auth: AuthOptions, time_limit: float) -> list[str]:
        """The repository's tags, listed within one of the registry's scan slots.

        Scans of one repository with the same credentials and connection settings share one
        listing, as long as it had not started sending before this call: a thousand
        ImageRepositories of one image cost one request, and nobody is given an answer
        older than their own request (a tag pushed before it is seen). Each caller gets its
        own copy, since a scan filters its list in place.
        """
        key = (ref.registry, ref.repository, ref.insecure, auth.credentials, auth.transport)
        asked = asyncio.get_running_loop().time()
        listing = self._listings.get(key)
        if listing is None or (listing.sent_at is not None and listing.sent_at < asked):
            listing = _Listing()
            listing.future = asyncio.ensure_future(self._list(listing, ref, auth, time_limit))
            self._listings[key] = listing
            listing.future.add_done_callback(lambda _: self._forget_listing(key, listing))
        tags = await asyncio.shield(listing.future)
        return list(tags)

    async def _list(
        self, listing: _Listing, ref: ImageRef, auth: AuthOptions, time_limit: float
    ) -> list[str]:
        async with self.registry_slot(ref.registry):
            listing.sent_at = asyncio.get_running_loop().time()
            return await self.registry.list_tags(
                ref, auth.credentials, transport=auth.transport, time_limit=time_limit
            )

    def _forget_listing(self, key: Hashable, listing: _Listing) -> None:
        if self._listings.get(key) is listing:
            del self._listings[key]
        if not listing.future.cancelled():
            listing.future.exception()  # retrieved: a failure nobody awaited is no loop warning

    async def close(self, grace: float = CLOSE_GRACE) -> None:
        """Wait (bounded) for work in flight, then close the registry client and the store."""
        if self._closed:
            return
        self._closed = True
        if self._inflight:
            try:
                await asyncio.wait_for(self._idle.wait(), grace)
            except TimeoutError:
                log.warning("closing the tag store with %d scans still running", self._inflight)
        await self.registry.close()
        await self.store.close()


class _Closer:
    """A manager runnable that closes the resources when the manager stops its controllers."""

    def __init__(self, resources: ScanResources) -> None:
        self.resources = resources

    def need_leader_election(self) -> bool:
        # In the controllers' group: stopped together with them, so in-flight reconciles
        # are still counted when closing starts.
        return True

    async def start(self) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await asyncio.shield(self.resources.close())


#: The `lookout manager` flag (ControllerOptions field) that turns on each cloud's autologin.
AUTOLOGIN_FLAGS = {
    PROVIDER_AWS: "aws_autologin_for_ecr",
    PROVIDER_GCP: "gcp_autologin_for_gcr",
    PROVIDER_AZURE: "azure_autologin_for_acr",
}


def provider_login(options: Any) -> ProviderLogin:
    """The manager's cloud login: autologin clouds and token cache as its flags say."""
    return ProviderLogin(
        autologin=[name for name, flag in AUTOLOGIN_FLAGS.items() if getattr(options, flag, False)],
        cache_max_size=int(getattr(options, "token_cache_max_size", DEFAULT_CACHE_MAX_SIZE)),
        cache_max_duration=float(getattr(options, "token_cache_max_duration", TOKEN_MAX_DURATION)),
    )


_by_manager: weakref.WeakKeyDictionary[Any, ScanResources] = weakref.WeakKeyDictionary()
_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


async def scan_resources(manager: Any, options: Any) -> ScanResources:
    """The manager's shared resources, created (and the store opened) on first call.

    `options` is the `ControllerOptions` of `lookout manager`: `storage_path`,
    `registry_qps` and `registry_burst` (Lookout's `--registry-qps`/`--registry-burst`), the
    `--*-autologin-*` flags and `token_cache_max_size`/`token_cache_max_duration` are read.
    """
    lock = _locks.setdefault(manager, asyncio.Lock())
    async with lock:
        existing = _by_manager.get(manager)
        if existing is not None:
            return existing
        limiter = HostRateLimiter(
            float(getattr(options, "registry_qps", DEFAULT_QPS)),
            int(getattr(options, "registry_burst", DEFAULT_BURST)),
        )
        store = TagStore(options.storage_path)
        try:
            await store.open()
        except TagStoreError as e:
            # Storage that is full, read-only or not mounted yet is no reason to crash-loop:
            # each object reports it in its Ready condition, and every call tries again.
            log.error("the tag database is unavailable; scans report it until it is back: %s", e)
        resources = ScanResources(
            store=store,
            registry=RegistryClient(limiter=limiter),
            login=provider_login(options),
            limiter=limiter,
            per_registry=max(int(getattr(options, "concurrent", 4) or 4), 1),
        )
        resources._idle.set()
        _by_manager[manager] = resources
        manager.add(_Closer(resources))
        return resources
