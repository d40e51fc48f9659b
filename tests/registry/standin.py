"""Tiny HTTP stand-ins for behaviours a real distribution 2.8 registry never shows.

(Pagination with `Link` headers, refusing large pages like Quay, rate limiting with
`Retry-After`, cloud token endpoints.) Each is a real aiohttp server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web


@contextlib.asynccontextmanager
async def serve(app: web.Application, *, ssl_context: ssl.SSLContext | None = None) -> AsyncIterator[str]:
    """Run `app` on a free 127.0.0.1 port (HTTPS with `ssl_context`); yields `127.0.0.1:<port>`."""
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host = f"127.0.0.1:{sock.getsockname()[1]}"
    await web.SockSite(runner, sock, ssl_context=ssl_context).start()
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


def gce_metadata_app(tokens: list[str], lifetime: int) -> web.Application:
    """The GKE/GCE metadata server's parts google-auth uses; each token it issues
    (`ya29.token-<n>`, valid `lifetime` seconds) is appended to `tokens`."""

    async def ping(request: web.Request) -> web.Response:
        return web.Response(text="ok", headers={"Metadata-Flavor": "Google"})

    async def token(request: web.Request) -> web.Response:
        assert request.headers.get("Metadata-Flavor") == "Google"
        tokens.append(f"ya29.token-{len(tokens) + 1}")
        return web.json_response({"access_token": tokens[-1], "expires_in": lifetime, "token_type": "Bearer"},
                                 headers={"Metadata-Flavor": "Google"})

    async def info(request: web.Request) -> web.Response:
        return web.json_response({"email": "ctrl@project.iam.gserviceaccount.com", "aliases": ["default"],
                                  "scopes": ["https://www.googleapis.com/auth/cloud-platform"]},
                                 headers={"Metadata-Flavor": "Google"})

    async def project(request: web.Request) -> web.Response:
        return web.Response(text="test-project", headers={"Metadata-Flavor": "Google"})

    app = web.Application()
    app.router.add_get("/", ping)
    app.router.add_get("/computeMetadata/v1/instance/service-accounts/{account}/token", token)
    app.router.add_get("/computeMetadata/v1/instance/service-accounts/{account}/", info)
    app.router.add_get("/computeMetadata/v1/project/project-id", project)
    return app


@contextlib.contextmanager
def gce_metadata_at(host: str, gcloud_config: Path) -> Iterator[None]:
    """Make google-auth's default credentials come from the metadata server at `host`, as on
    GKE, not from a developer's gcloud login; google-auth reads the address at import, hence
    the reloads (also on the way out, so later tests see the real environment again)."""
    from google.auth.compute_engine import _metadata

    try:
        with pytest.MonkeyPatch.context() as mp:
            if "GOOGLE_APPLICATION_CREDENTIALS" in os.environ:
                mp.delenv("GOOGLE_APPLICATION_CREDENTIALS")
            mp.setenv("CLOUDSDK_CONFIG", str(gcloud_config))
            mp.setenv("GCE_METADATA_HOST", host)
            mp.setenv("GCE_METADATA_IP", host)
            importlib.reload(_metadata)
            yield
    finally:
        importlib.reload(_metadata)
