"""An HTTP reverse proxy whose answers a test chooses, request by request: the faults a registry,
a token service or an API server show in the wild.

Requests no rule matches are forwarded unchanged and streamed back (so watches work), with
`rewrite` applied to response header values (a registry's token realm can point at another
proxy). A `Rule` matches a method and a path pattern and may apply only a number of times,
to every n-th match, or a number of times per path; its `Fault` then answers: a status of our choosing
(5xx, 429 with Retry-After, 409, 410, an HTML page), a body cut short (honestly, or with the
connection closed mid-way), extra headers (a `Link` to another host), a hang until `lift()`,
a reset connection, or for watches an ERROR event or a stream ended early. `lift()` removes
every rule and lets the hanging requests through. `seen` records every request.
"""

from __future__ import annotations

import abc
import asyncio
import json
import re
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

#: Headers that belong to one hop, never forwarded either way.
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "host", "content-length",
})


@dataclass(frozen=True)
class Seen:
    """One request the proxy received, and the fault that answered it (None: forwarded)."""

    method: str
    path: str
    at: float
    fault: str | None


@dataclass(frozen=True)
class Upstream:
    """A fully read upstream answer, for faults that alter it."""

    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


class Fault(abc.ABC):
    """What a matching request gets instead of the upstream's own answer."""

    name = "fault"

    @abc.abstractmethod
    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        """The answer the matching request gets."""


class Status(Fault):
    """A fixed answer: `status` with `body` (JSON if a dict) and `headers`."""

    def __init__(self, status: int, body: bytes | Mapping[str, Any] = b"",
                 headers: Mapping[str, str] | None = None, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.headers = dict(headers or {})
        self.content_type = content_type
        self.name = f"status {status}"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        return web.Response(status=self.status, body=self.body, headers=self.headers,
                            content_type=self.content_type)


class Hang(Fault):
    """No answer until the fault is lifted; then the request is forwarded after all."""

    name = "hang"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        proxy.hanging += 1
        try:
            await proxy.lifted.wait()
        finally:
            proxy.hanging -= 1
        return await proxy.forward(request)


class Reset(Fault):
    """The connection is closed at once, without an answer (a crashed or unreachable server)."""

    name = "reset"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError  # nothing more to write: aiohttp ends the handler quietly


class Truncate(Fault):
    """The upstream's body cut in half, with a Content-Length that matches the cut (a proxy or
    cache that stored half a response)."""

    name = "truncated body"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        up = await proxy.fetch(request)
        return web.Response(status=up.status, headers=up.headers, body=up.body[: len(up.body) // 2])


class CutBody(Fault):
    """The upstream's headers and half its body, then the connection closes mid-response."""

    name = "connection closed mid-body"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        up = await proxy.fetch(request)
        resp = web.StreamResponse(status=up.status, headers=up.headers)
        resp.content_length = len(up.body)
        await resp.prepare(request)
        await resp.write(up.body[: len(up.body) // 2])
        if request.transport is not None:
            request.transport.abort()
        return resp


class AddHeaders(Fault):
    """The upstream's answer with `headers` added or replaced (a `Link` to another host)."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self.headers = dict(headers)
        self.name = "headers " + ", ".join(self.headers)

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        up = await proxy.fetch(request)
        return web.Response(status=up.status, headers={**up.headers, **self.headers}, body=up.body)


class WatchError(Fault):
    """A watch that opens, then sends one ERROR event carrying a Status (410 Expired: the
    resourceVersion is older than the server's history) and ends."""

    def __init__(self, code: int = 410, reason: str = "Expired") -> None:
        self.code = code
        self.reason = reason
        self.name = f"watch ERROR {code}"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                  "message": "too old resource version", "reason": self.reason, "code": self.code}
        line = json.dumps({"type": "ERROR", "object": status}).encode() + b"\n"
        return web.Response(status=200, body=line, content_type="application/json")


class EndStream(Fault):
    """A streamed answer (a watch) forwarded for its first `events` lines only, then ended:
    cleanly (the chunked stream terminated, as a server timeout does) or by closing the
    connection (a load balancer dropping it)."""

    def __init__(self, events: int = 0, *, abrupt: bool = False) -> None:
        self.events = events
        self.abrupt = abrupt
        self.name = f"stream {'dropped' if abrupt else 'ended'} after {events} events"

    async def answer(self, proxy: HTTPFaultProxy, request: web.Request) -> web.StreamResponse:
        return await proxy.forward(request, max_lines=self.events, abrupt=self.abrupt)


@dataclass
class Rule:
    """Which requests a fault answers: `methods` (None: any) and a regex searched in the path
    and query; at most `times` of them (None: all), every `every`-th, at most `per_path` per
    path (None: no limit; `1`: the first write of each object, say)."""

    fault: Fault
    path: str = ""
    methods: frozenset[str] | None = None
    times: int | None = None
    every: int = 1
    per_path: int | None = None
    hits: int = 0
    matched: int = 0
    #: Hits per path.
    paths: dict[str, int] = field(default_factory=dict)

    def take(self, method: str, path_qs: str, path: str) -> bool:
        """Whether this request gets the fault (counting it if so)."""
        if self.methods is not None and method not in self.methods:
            return False
        if self.path and not re.search(self.path, path_qs):
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if self.per_path is not None and self.paths.get(path, 0) >= self.per_path:
            return False
        self.matched += 1
        if (self.matched - 1) % self.every:
            return False
        self.hits += 1
        self.paths[path] = self.paths.get(path, 0) + 1
        return True


class HTTPFaultProxy:
    """A reverse proxy on 127.0.0.1 in front of `upstream` (`http://` or `https://host:port`)."""

    def __init__(self, upstream: str, *, ssl_context: ssl.SSLContext | None = None,
                 rewrite: Mapping[str, str] | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.ssl_context = ssl_context
        self.rewrite = dict(rewrite or {})
        self.rules: list[Rule] = []
        self.seen: list[Seen] = []
        self.hanging = 0
        self.lifted = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._handlers: set[asyncio.Task[object]] = set()
        self.port = 0

    @property
    def host(self) -> str:
        """`127.0.0.1:<port>`: the registry part of image names behind the proxy."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(
            auto_decompress=False, timeout=aiohttp.ClientTimeout(total=None),
            connector=aiohttp.TCPConnector(ssl=self.ssl_context if self.ssl_context else False),
        )
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        self.lift()
        for task in list(self._handlers):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def fail(self, fault: Fault, path: str = "", *, methods: str | None = None, times: int | None = None,
             every: int = 1, per_path: int | None = None) -> Rule:
        """Answer matching requests with `fault` from now on (`methods`: e.g. "PATCH,PUT")."""
        wanted = frozenset(m.strip().upper() for m in methods.split(",")) if methods else None
        rule = Rule(fault, path, wanted, times, every, per_path)
        self.rules.append(rule)
        return rule

    def lift(self) -> None:
        """Remove every rule and release the requests that hang."""
        self.rules.clear()
        self.lifted.set()
        self.lifted = asyncio.Event()

    def requests(self, pattern: str = "", *, faulted: bool | None = None) -> list[Seen]:
        """The requests seen whose path matches `pattern` (only faulted or forwarded ones, if told)."""
        return [s for s in self.seen if re.search(pattern, s.path)
                and (faulted is None or (s.fault is not None) == faulted)]

    # ------------------------------------------------------------------ serving

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            rule = next((r for r in list(self.rules)
                         if r.take(request.method, request.path_qs, request.path)), None)
            self.seen.append(Seen(request.method, request.path_qs, time.monotonic(),
                                  rule.fault.name if rule else None))
            if rule is not None:
                return await rule.fault.answer(self, request)
            return await self.forward(request)
        finally:
            self._handlers.discard(task)

    def _request_headers(self, request: web.Request) -> dict[str, str]:
        skip = HOP_BY_HOP | {"accept-encoding"}
        return {k: v for k, v in request.headers.items() if k.lower() not in skip}

    def _response_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for k, v in headers.items():
            if k.lower() in HOP_BY_HOP:
                continue
            for old, new in self.rewrite.items():
                v = v.replace(old, new)
            out[k] = v
        return out

    async def fetch(self, request: web.Request) -> Upstream:
        """The upstream's whole answer to `request`."""
        assert self._session is not None
        body = await request.read() if request.can_read_body else None
        async with self._session.request(request.method, self.upstream + request.path_qs,
                                         headers=self._request_headers(request), data=body,
                                         allow_redirects=False) as up:
            data = await up.read()
            return Upstream(up.status, up.reason or "", self._response_headers(up.headers), data)

    async def forward(self, request: web.Request, *, max_lines: int | None = None,
                      abrupt: bool = False) -> web.StreamResponse:
        """Stream the upstream's answer back; with `max_lines`, end it after that many lines."""
        assert self._session is not None
        body = await request.read() if request.can_read_body else None
        async with self._session.request(request.method, self.upstream + request.path_qs,
                                         headers=self._request_headers(request), data=body,
                                         allow_redirects=False) as up:
            resp = web.StreamResponse(status=up.status, reason=up.reason,
                                      headers=self._response_headers(up.headers))
            if up.content_length is not None and max_lines is None:
                resp.content_length = up.content_length
            await resp.prepare(request)
            lines = 0
            try:
                if max_lines is not None:
                    while lines < max_lines and (line := await up.content.readline()):
                        await resp.write(line)
                        lines += 1
                elif request.method != "HEAD":
                    async for chunk in up.content.iter_any():
                        await resp.write(chunk)
                if abrupt and request.transport is not None:
                    request.transport.abort()
                    return resp
                await resp.write_eof()
            except (ConnectionResetError, aiohttp.ClientConnectionResetError):
                pass  # the client went away (a watch it stopped): nothing left to send
            return resp

