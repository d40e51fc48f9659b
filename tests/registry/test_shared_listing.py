"""Scans of one repository share one tag listing while it has not gone out yet: a thousand
ImageRepositories of one image cost one request, never an answer older than their own
request, and never a listing made with someone else's credentials."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from controllers.registry import HostRateLimiter, ProviderLogin, RegistryClient, parse_image
from controllers.registry.credentials import ANONYMOUS, Credentials, basic_authorization
from controllers.registry.transport import TransportOptions
from controllers.scanning import ScanResources
from controllers.scanning.auth import AuthOptions
from controllers.storage import TagStore
from tests.registry.standin import serve
from tests.support.wait import eventually


class Registry:
    """Answers tag lists once `release()`d; counts the listings it got, by Authorization."""

    def __init__(self) -> None:
        self.tags = ["1.0.0", "2.0.0"]
        self.fail = False
        self.require_auth = False
        self.listings: list[str] = []
        self.gate = asyncio.Event()

    async def ping(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") or not self.require_auth:
            return web.json_response({})
        return web.json_response({}, status=401, headers={"WWW-Authenticate": 'Basic realm="registry"'})

    async def tags_list(self, request: web.Request) -> web.Response:
        if self.require_auth and not request.headers.get("Authorization"):
            return await self.ping(request)
        self.listings.append(request.headers.get("Authorization", ""))
        await self.gate.wait()
        if self.fail:
            return web.json_response({"errors": [{"code": "UNKNOWN", "message": "storage down"}]}, status=500)
        return web.json_response({"name": request.match_info["name"], "tags": list(self.tags)})


@pytest.fixture
async def registry() -> AsyncIterator[tuple[Registry, str]]:
    r = Registry()
    app = web.Application()
    app.router.add_get("/v2/", r.ping)
    app.router.add_get("/v2/{name:.+}/tags/list", r.tags_list)
    async with serve(app) as host:
        yield r, host


@pytest.fixture
async def resources(tmp_path: object) -> AsyncIterator[ScanResources]:
    limiter = HostRateLimiter(1000, 1000)
    async with TagStore(str(tmp_path)) as store, RegistryClient(limiter=limiter) as client:
        res = ScanResources(store=store, registry=client, login=ProviderLogin(), limiter=limiter,
                            per_registry=2)
        res._idle.set()
        yield res


def auth(credentials: Credentials = ANONYMOUS) -> AuthOptions:
    return AuthOptions(credentials=credentials, transport=TransportOptions())


async def test_concurrent_scans_of_one_repository_share_a_listing(
    registry: tuple[Registry, str], resources: ScanResources
) -> None:
    server, host = registry
    ref = parse_image(f"{host}/team/app")
    scans = [asyncio.create_task(resources.list_tags(ref, auth(), 30)) for _ in range(50)]
    await eventually(lambda: len(server.listings) == 1, message="the listing went out")
    server.gate.set()
    results = await asyncio.gather(*scans)
    assert len(server.listings) == 1
    assert all(r == ["1.0.0", "2.0.0"] for r in results)
    results[0].append("mine")  # each scan filters its own copy
    assert results[1] == ["1.0.0", "2.0.0"]


async def test_a_scan_asked_after_the_request_went_out_gets_its_own(
    registry: tuple[Registry, str], resources: ScanResources
) -> None:
    server, host = registry
    ref = parse_image(f"{host}/team/app")
    first = asyncio.create_task(resources.list_tags(ref, auth(), 30))
    await eventually(lambda: len(server.listings) == 1, message="the first listing went out")
    server.tags.append("3.0.0")  # pushed after that request, before the next scan asks
    second = asyncio.create_task(resources.list_tags(ref, auth(), 30))
    await eventually(lambda: len(server.listings) == 2, message="the second scan lists again")
    server.gate.set()
    assert "3.0.0" in await second
    await first


async def test_scans_with_other_credentials_never_share(
    registry: tuple[Registry, str], resources: ScanResources
) -> None:
    server, host = registry
    server.require_auth = True
    ref = parse_image(f"{host}/team/app")
    alice = Credentials(username="alice", password="a")
    bob = Credentials(username="bob", password="b")
    scans = [asyncio.create_task(resources.list_tags(ref, auth(c), 30)) for c in (alice, bob, alice)]
    await eventually(lambda: len(server.listings) == 2, message="one listing per identity")
    server.gate.set()
    await asyncio.gather(*scans)
    assert sorted(server.listings) == [basic_authorization("alice", "a"), basic_authorization("bob", "b")]


async def test_a_failed_listing_fails_every_scan_that_shared_it(
    registry: tuple[Registry, str], resources: ScanResources
) -> None:
    server, host = registry
    ref = parse_image(f"{host}/team/app")
    server.fail = True
    scans = [asyncio.create_task(resources.list_tags(ref, auth(), 30)) for _ in range(3)]
    await eventually(lambda: len(server.listings) == 1, message="the listing went out")
    server.gate.set()
    results = await asyncio.gather(*scans, return_exceptions=True)
    assert all(isinstance(r, Exception) for r in results), results
