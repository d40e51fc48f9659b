"""Client behaviour a real distribution 2.8 registry cannot show: paging, page-size limits,
rate limiting and Retry-After, the same-origin rule for `Link`, memory use with huge lists."""

from __future__ import annotations

import asyncio
import gc
import itertools
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from controllers.registry import Credentials, HostRateLimiter, RegistryClient, RegistryReadError, parse_image
from controllers.registry.credentials import basic_authorization
from tests.registry.standin import looping_tags_app, paginated_tags_app, serve

TAGS = [f"v{i:04d}" for i in range(237)]


async def test_follows_relative_link_pages_in_order() -> None:
    app, seen = paginated_tags_app(TAGS)
    async with serve(app) as host, RegistryClient(page_size=40) as c:
        tags = await c.list_tags(parse_image(f"{host}/org/app"), time_limit=10)
    assert tags == TAGS
    assert len(seen) == 6  # ceil(237 / 40)
    assert seen[0] == "n=40" and "last=v0039" in seen[1]


async def test_follows_absolute_link_on_the_same_origin() -> None:
    app, _ = paginated_tags_app(TAGS, relative_links=False)
    async with serve(app) as host, RegistryClient(page_size=100) as c:
        assert await c.list_tags(parse_image(f"{host}/org/app"), time_limit=10) == TAGS


async def test_refuses_link_to_another_origin() -> None:
    app, seen = paginated_tags_app(TAGS, link_host="127.0.0.1:1")
    async with serve(app) as host, RegistryClient(page_size=100) as c:
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(parse_image(f"{host}/org/app"), time_limit=10)
    assert "another origin" in str(exc.value) and "127.0.0.1:1" in str(exc.value)
    assert len(seen) == 1


async def test_adapts_page_size_when_the_registry_states_its_maximum() -> None:
    app, seen = paginated_tags_app(TAGS, max_page=100)
    async with serve(app) as host, RegistryClient() as c:
        ref = parse_image(f"{host}/quay/app")
        assert await c.list_tags(ref, time_limit=10) == TAGS
        assert seen[:2] == ["n=1000", "n=100"]
        # The next scan of that registry starts with the size it accepts.
        seen.clear()
        assert await c.list_tags(ref, time_limit=10) == TAGS
        assert seen[0] == "n=100" and len(seen) == 3


async def test_falls_back_to_registry_default_page_size() -> None:
    tags = TAGS[:60]

    async def refuse_any_n(request: web.Request) -> web.Response:
        if "n" in request.query:
            return web.json_response({"errors": [{"code": "PAGINATION_NUMBER_INVALID",
                                                  "message": "invalid number of results requested"}]},
                                     status=400)
        return web.json_response({"name": "x/y", "tags": tags})

    app = web.Application()
    app.router.add_get("/v2/{name:.+}/tags/list", refuse_any_n)
    async with serve(app) as host, RegistryClient() as c:
        assert await c.list_tags(parse_image(f"{host}/x/y"), time_limit=10) == tags


def _throttling_app(statuses: list[int], retry_after: str | None) -> tuple[web.Application, list[float]]:
    """Answers with `statuses` in turn (then 200), recording when each request arrived."""
    arrivals: list[float] = []

    async def handler(request: web.Request) -> web.Response:
        arrivals.append(time.monotonic())
        if len(arrivals) <= len(statuses):
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return web.json_response({"errors": [{"code": "TOOMANYREQUESTS", "message": "slow down"}]},
                                     status=statuses[len(arrivals) - 1], headers=headers)
        return web.json_response({"name": "rl/app", "tags": ["a", "b"]})

    app = web.Application()
    app.router.add_get("/v2/{name:.+}/tags/list", handler)
    return app, arrivals


@pytest.mark.parametrize("status", [429, 503])
async def test_honours_retry_after(status: int) -> None:
    app, arrivals = _throttling_app([status], "1")
    async with serve(app) as host, RegistryClient() as c:
        assert await c.list_tags(parse_image(f"{host}/rl/app"), time_limit=10) == ["a", "b"]
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.95


async def test_retry_after_beyond_the_time_limit_fails_at_once() -> None:
    app, arrivals = _throttling_app([429], "120")
    async with serve(app) as host, RegistryClient() as c:
        started = time.monotonic()
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(parse_image(f"{host}/rl/app"), time_limit=5)
    assert time.monotonic() - started < 3
    assert len(arrivals) == 1
    assert "TOOMANYREQUESTS" in str(exc.value) and "exceed the timeout" in str(exc.value)
    assert exc.value.status == 429


async def test_retries_are_bounded() -> None:
    app, arrivals = _throttling_app([429] * 10, "0")
    async with serve(app) as host, RegistryClient(max_retries=2) as c:
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(parse_image(f"{host}/rl/app"), time_limit=10)
    assert len(arrivals) == 3
    assert exc.value.status == 429


async def test_time_limit_covers_the_whole_listing() -> None:
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/v2/{name:.+}/tags/list", slow)
    async with serve(app) as host, RegistryClient() as c:
        try:
            with pytest.raises(RegistryReadError) as exc:
                await c.list_tags(parse_image(f"{host}/slow/app"), time_limit=0.5)
        finally:
            release.set()  # let the stand-in finish its request so it shuts down promptly
    assert "did not finish within 0.5s" in str(exc.value)


async def test_rate_limiter_spaces_requests_to_one_host() -> None:
    app, seen = paginated_tags_app(TAGS)
    arrivals: list[float] = []

    @web.middleware
    async def stamp(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        arrivals.append(time.monotonic())
        response: web.StreamResponse = await handler(request)
        return response

    app.middlewares.append(stamp)
    limiter = HostRateLimiter(qps=20, burst=1)
    async with serve(app) as host, RegistryClient(limiter=limiter, page_size=50) as c:
        await c.list_tags(parse_image(f"{host}/org/app"), time_limit=10)
    # The https probe takes the burst token; every page then waits for its own (1/20 s).
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(arrivals) == len(seen) == 5
    # Network jitter moves single arrivals a little; the overall pace cannot beat 20/s.
    assert arrivals[-1] - arrivals[0] >= 4 * 0.05 - 0.02
    assert all(g >= 0.02 for g in gaps)


def test_rate_limiter_buckets_are_per_host() -> None:
    now = [0.0]
    limiter = HostRateLimiter(qps=2, burst=2, clock=lambda: now[0])
    assert [limiter.reserve("hub") for _ in range(2)] == [0.0, 0.0]
    assert limiter.reserve("hub") == pytest.approx(0.5)
    assert limiter.reserve("hub") == pytest.approx(1.0)
    assert limiter.reserve("quay") == 0.0  # another registry is unaffected
    now[0] = 10.0
    assert limiter.reserve("hub") == 0.0


async def test_memory_stays_flat_for_100k_tags() -> None:
    """Listing keeps the tag list and one page, not the whole response history."""
    tags = [f"build-{i:06d}" for i in range(100_000)]
    app, seen = paginated_tags_app(tags)
    async with serve(app) as host, RegistryClient(page_size=1000) as c:
        ref = parse_image(f"{host}/big/app")
        await c.list_tags(ref, time_limit=60)  # warm connections and caches
        gc.collect()
        tracemalloc.start()
        try:
            result = await c.list_tags(ref, time_limit=60)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result == tags
    retained = sys.getsizeof(result) + sum(sys.getsizeof(t) for t in result)
    # One page is ~22 KiB of JSON; the stand-in (same process) serialises pages too. A client
    # that kept every response body (2.2 MiB here) or parsed page lists would exceed this.
    assert peak < retained + (3 << 19), (peak, retained)
    assert len(seen) == 200


async def test_redirects_drop_credentials_when_leaving_the_origin() -> None:
    seen_by_other: list[str | None] = []

    async def other(request: web.Request) -> web.Response:
        seen_by_other.append(request.headers.get("Authorization"))
        return web.json_response({"name": "r/app", "tags": ["moved"]})

    other_app = web.Application()
    other_app.router.add_get("/elsewhere", other)
    async with serve(other_app) as other_host:

        async def registry(request: web.Request) -> web.Response:
            if request.headers.get("Authorization") != basic_authorization("u", "pw-not-for-others"):
                return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="r"'})
            if request.path.endswith("/tags/list"):
                raise web.HTTPTemporaryRedirect("/v2/r/app/moved")  # same origin: keeps credentials
            raise web.HTTPTemporaryRedirect(f"http://{other_host}/elsewhere")

        app = web.Application()
        app.router.add_get("/v2/{tail:.*}", registry)
        async with serve(app) as host, RegistryClient() as c:
            creds = Credentials(username="u", password="pw-not-for-others")
            assert await c.list_tags(parse_image(f"{host}/r/app"), creds, time_limit=10) == ["moved"]
    assert seen_by_other == [None]


async def test_concurrent_scans_share_one_budget_per_registry() -> None:
    """Many repositories on one registry: together they stay within --registry-qps/--registry-burst."""
    app, seen = paginated_tags_app(TAGS)
    limiter = HostRateLimiter(qps=50, burst=3)
    async with serve(app) as host, RegistryClient(limiter=limiter, page_size=100) as c:
        started = time.monotonic()
        results = await asyncio.gather(
            *(c.list_tags(parse_image(f"{host}/org/app-{i}"), time_limit=30) for i in range(10))
        )
        elapsed = time.monotonic() - started
    assert all(r == TAGS for r in results)
    assert len(seen) == 30  # 10 repositories x 3 pages
    # 30 pages plus one scheme probe, 3 of them free (burst), the rest at 50 per second.
    assert elapsed >= (31 - 3) / 50 - 0.02
    assert elapsed < 5


@pytest.mark.parametrize("mode", ["same", "fresh-urls"])
async def test_a_link_loop_is_stopped_at_the_first_repeat(mode: str) -> None:
    """A `Link` that leads back to a page already read (by URL, or by serving only tags already
    seen) ends the listing at once with a message that says so, instead of running until the
    time limit."""
    app, seen = looping_tags_app(mode, ["a", "b", "c"])
    async with serve(app) as host, RegistryClient() as c:
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(parse_image(f"{host}/org/app"), time_limit=30)
    assert str(exc.value) == (
        f"listing tags of '{host}/org/app' stopped after 2 pages: the registry's next page "
        "(Link header) repeats a page already read"
    )
    assert len(seen) == 2


async def test_pages_and_tags_are_capped() -> None:
    app, seen = looping_tags_app("endless", ["a", "b", "c"])
    async with serve(app) as host:
        async with RegistryClient(max_pages=50) as c:
            with pytest.raises(RegistryReadError, match=r"stopped after 50 pages: more than 50 pages$"):
                await c.list_tags(parse_image(f"{host}/org/app"), time_limit=30)
        assert len(seen) == 50
        async with RegistryClient(max_tags=20) as c:
            with pytest.raises(RegistryReadError, match=r"and 21 tags: more than 20 tags$"):
                await c.list_tags(parse_image(f"{host}/org/app"), time_limit=30)


async def test_errors_never_quote_a_body_or_a_signed_url() -> None:
    """A proxy echoing the request (credentials and all) in a plain-text 500, or a redirect to
    storage whose query is its signature: neither reaches the error, which users see in status."""

    async def ping(request: web.Request) -> web.Response:
        return web.json_response({})

    async def tags(request: web.Request) -> web.Response:
        raise web.HTTPFound("/storage/tags?X-Amz-Signature=SIGNATURE-VALUE&X-Amz-Credential=KEY-ID")

    async def storage(request: web.Request) -> web.Response:
        echoed = f"upstream failed for request with Authorization: {request.headers.get('Authorization')}"
        return web.Response(status=500, text=echoed)

    app = web.Application()
    app.router.add_get("/v2/", ping)
    app.router.add_get("/v2/{name:.+}/tags/list", tags)
    app.router.add_get("/storage/tags", storage)
    async with serve(app) as host, RegistryClient() as c:
        creds = Credentials(username="alice", password="PASSWORD-VALUE")
        with pytest.raises(RegistryReadError) as exc:
            await c.list_tags(parse_image(f"{host}/org/app"), creds, time_limit=10)
    message = str(exc.value)
    assert message == f"GET http://{host}/storage/tags: unexpected status code 500 Internal Server Error"
    for secret in ("SIGNATURE-VALUE", "KEY-ID", "PASSWORD-VALUE", "Authorization"):
        assert secret not in message
