"""Tiny HTTP stand-ins for behaviours a real distribution 2.8 registry never shows.

(Pagination with `Link` headers, refusing large pages like Quay, rate limiting with
`Retry-After`, cloud token endpoints.) Each is a real aiohttp server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator

from aiohttp import web


@contextlib.asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """Run `app` on a free 127.0.0.1 port; yields `127.0.0.1:<port>`."""
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host = f"127.0.0.1:{sock.getsockname()[1]}"
    await web.SockSite(runner, sock).start()
    try:
        yield host
    finally:
        await runner.cleanup()


def paginated_tags_app(
    tags: list[str],
    *,
    max_page: int | None = None,
    default_page: int = 50,
    link_host: str | None = None,
    relative_links: bool = True,
) -> tuple[web.Application, list[str]]:
    """A registry whose tag list is paged like distribution v3 (`n`, `last`, `Link`).

    `max_page` makes it refuse larger `n` like Quay; `link_host` makes its `Link` point
    elsewhere. Returns the app and the list of request query strings it saw.
    """
    seen: list[str] = []

    async def ping(request: web.Request) -> web.Response:
        return web.json_response({})

    async def list_tags(request: web.Request) -> web.Response:
        seen.append(request.query_string)
        name = request.match_info["name"]
        n = int(request.query.get("n", default_page))
        if max_page is not None and n > max_page:
            return web.json_response(
                {"errors": [{"code": "TOO_MANY_TAGS_REQUESTED",
                             "message": f"requested limit {n} is too high, max is {max_page}"}]},
                status=400,
            )
        last = request.query.get("last")
        start = tags.index(last) + 1 if last in tags else 0
        page = tags[start : start + n]
        headers = {}
        if start + n < len(tags):
            target = f"/v2/{name}/tags/list?n={n}&last={page[-1]}"
            if link_host is not None:
                target = f"http://{link_host}{target}"
            elif not relative_links:
                target = f"http://{request.host}{target}"
            headers["Link"] = f'<{target}>; rel="next"'
        return web.json_response({"name": name, "tags": page}, headers=headers)

    app = web.Application()
    app.router.add_get("/v2/", ping)
    app.router.add_get("/v2/{name:.+}/tags/list", list_tags)
    return app, seen


def looping_tags_app(mode: str, tags: list[str]) -> tuple[web.Application, list[str]]:
    """A registry whose tag pages never end (a broken or hostile `Link`), as one in the wild did.

    `same`: the next page is always the first one again; `fresh-urls`: every next page has a
    new URL but the same tags; `endless`: every page has new tags. Returns the app and the
    request query strings it saw.
    """
    seen: list[str] = []

    async def ping(request: web.Request) -> web.Response:
        return web.json_response({})

    async def list_tags(request: web.Request) -> web.Response:
        seen.append(request.query_string)
        name = request.match_info["name"]
        n = len(seen)
        if mode == "same":
            target, page = f"/v2/{name}/tags/list", tags
        elif mode == "fresh-urls":
            target, page = f"/v2/{name}/tags/list?page={n}", tags
        else:
            target, page = f"/v2/{name}/tags/list?page={n}", [f"{t}-{n}" for t in tags]
        return web.json_response({"name": name, "tags": page}, headers={"Link": f'<{target}>; rel="next"'})

    app = web.Application()
    app.router.add_get("/v2/", ping)
    app.router.add_get("/v2/{name:.+}/tags/list", list_tags)
    return app, seen
