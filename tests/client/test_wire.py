"""The API client's own HTTP/1.1: what a user's cluster connection relies on beyond one request.

Keep-alive reuse (and recovery when the server drops an idle connection), gzip bodies,
a ``proxy-url`` CONNECT tunnel, timeouts, and clear errors, all against a real HTTP server.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
import ssl
from pathlib import Path

import orjson
import pytest
from aiohttp import web

from controller_runtime.client import Client, RestConfig, wire
from tests.client.http_server import Server, tls_material


def peer_port(request: web.Request) -> int:
    assert request.transport is not None
    port: int = request.transport.get_extra_info("peername")[1]
    return port


async def test_requests_share_one_keep_alive_connection(server: Server) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"port": peer_port(request)})

    server.route("GET", "/x", handler)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        ports = {(await c.raw("GET", "/x"))["port"] for _ in range(5)}
    assert len(ports) == 1


async def test_an_idle_connection_the_server_closed_is_replaced(server: Server) -> None:
    seen: list[web.Request] = []
    ports: list[int] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request)
        ports.append(peer_port(request))
        return web.json_response({"n": len(seen)})

    server.route("GET", "/x", handler)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        assert await c.raw("GET", "/x") == {"n": 1}
        assert seen[0].transport is not None
        seen[0].transport.close()  # the server drops the idle keep-alive connection
        assert await c.raw("GET", "/x") == {"n": 2}
    assert ports[0] != ports[1]


async def test_a_request_cut_on_a_reused_connection_is_replayed_only_if_idempotent(server: Server) -> None:
    """The keep-alive race: the server closes a reused connection as the request arrives.
    A GET is sent again on a fresh connection; a PATCH is not (it may have been applied)."""
    hits: dict[str, int] = {}

    async def handler(request: web.Request) -> web.Response:
        hits[request.method] = hits.get(request.method, 0) + 1
        if request.path == "/drop" and hits[request.method] == 1:
            assert request.transport is not None
            request.transport.close()  # no answer at all
        return web.json_response({"method": request.method})

    for method in ("GET", "PATCH"):
        server.route(method, "/drop", handler)
        server.route(method, "/ok", handler)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        await c.raw("GET", "/ok")
        hits.clear()
        assert await c.raw("GET", "/drop") == {"method": "GET"}
        assert hits == {"GET": 2}
        await c.raw("GET", "/ok")
        with pytest.raises(ConnectionError):
            await c.raw("PATCH", "/drop", body={}, content_type="application/merge-patch+json")
        assert hits["PATCH"] == 1


async def test_gzipped_responses_are_decoded(server: Server) -> None:
    items = [{"name": f"item-{i}", "data": "x" * 100} for i in range(2000)]

    async def handler(request: web.Request) -> web.Response:
        resp = web.json_response({"items": items, "asked": request.headers.get("Accept-Encoding")})
        resp.enable_compression(web.ContentCoding.gzip)
        return resp

    server.route("GET", "/big", handler)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        got = await c.raw("GET", "/big")
    assert got == {"items": items, "asked": "gzip"}


async def test_proxy_url_tunnels_through_connect(server: Server, tmp_path: Path) -> None:
    ca_pem, server_ctx, _, _ = tls_material(tmp_path)

    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    server.route("GET", "/x", handler)
    await server.start(server_ctx)
    target = server.url.removeprefix("https://")
    asked: list[str] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        asked.append(head)
        host, _, port = head.split()[1].rpartition(":")
        up_reader, up_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

        async def pipe(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            while data := await r.read(65536):
                w.write(data)
            w.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)

    tunnel = await asyncio.start_server(proxy, "127.0.0.1", 0)
    proxy_port = tunnel.sockets[0].getsockname()[1]
    try:
        config = RestConfig(
            host=server.url, ca_data=ca_pem, proxy_url=f"http://someone:s%40cret@127.0.0.1:{proxy_port}"
        )
        async with Client(config) as c:
            assert await c.raw("GET", "/x") == {"ok": True}
    finally:
        tunnel.close()
    [head] = asked
    assert head.startswith(f"CONNECT {target} HTTP/1.1\r\n")
    assert f"Proxy-Authorization: Basic {base64.b64encode(b'someone:s@cret').decode()}" in head


async def test_a_proxy_refusing_the_tunnel_is_a_clear_error(server: Server) -> None:
    async def refuse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    tunnel = await asyncio.start_server(refuse, "127.0.0.1", 0)
    proxy_port = tunnel.sockets[0].getsockname()[1]
    try:
        config = RestConfig(host="https://127.0.0.1:1", proxy_url=f"http://127.0.0.1:{proxy_port}")
        async with Client(config) as c:
            with pytest.raises(wire.ConnectError, match=r"proxy refused the tunnel: HTTP/1\.1 407"):
                await c.raw("GET", "/x")
    finally:
        tunnel.close()


async def test_an_unreachable_server_is_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused
        async with Client(RestConfig(host=f"http://127.0.0.1:{port}")) as c:
            with pytest.raises(wire.ConnectError, match=f"cannot connect to 127.0.0.1:{port}"):
                await c.raw("GET", "/x")


async def test_a_header_with_a_line_break_is_never_sent(server: Server) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({})

    server.route("GET", "/x", handler)
    await server.start()
    async with Client(RestConfig(host=server.url, token="s3cret\r\nX-Injected: yes")) as c:
        with pytest.raises(ValueError, match="line break") as caught:
            await c.raw("GET", "/x")
    assert "s3cret" not in str(caught.value)
    assert server.requests == []


async def test_the_configured_timeout_bounds_a_request(server: Server) -> None:
    never = asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        await never.wait()
        return web.json_response({})

    server.route("GET", "/slow", handler)
    await server.start()
    try:
        async with Client(RestConfig(host=server.url, timeout=0.2)) as c:
            with pytest.raises(TimeoutError):
                await c.raw("GET", "/slow")
    finally:
        never.set()


async def test_bodies_far_larger_than_the_stream_buffer_arrive_whole(server: Server) -> None:
    """A big list is read whole; a watch faster than its reader is throttled, not truncated."""
    big = {"items": [{"name": f"item-{i}", "data": "x" * 1000} for i in range(5000)]}  # ~5 MiB
    events = [{"type": "ADDED", "object": {"n": i, "pad": "y" * 1000}} for i in range(5000)]

    async def listing(request: web.Request) -> web.Response:
        return web.json_response(big)

    async def watching(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        await resp.write(b"".join(orjson.dumps(e) + b"\n" for e in events))
        await resp.write_eof()
        return resp

    server.route("GET", "/list", listing)
    server.route("GET", "/watch", watching)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        assert await c.raw("GET", "/list") == big
        got = [doc async for doc in c.transport.stream("GET", "/watch")]
        assert got == events
        assert await c.raw("GET", "/list") == big


async def test_a_gzipped_watch_stream_is_decoded_as_it_comes(server: Server) -> None:
    """kube never gzips a watch, but a proxy in front of it may."""
    events = [{"type": "ADDED", "object": {"n": i}} for i in range(300)]

    async def watching(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        resp.enable_compression(web.ContentCoding.gzip)
        await resp.prepare(request)
        for e in events:
            await resp.write(orjson.dumps(e) + b"\n")
        await resp.write_eof()
        return resp

    server.route("GET", "/watch", watching)
    await server.start()
    async with Client(RestConfig(host=server.url)) as c:
        assert [doc async for doc in c.transport.stream("GET", "/watch")] == events


async def test_a_server_answering_twice_gets_its_first_answer_taken_and_its_connection_dropped() -> None:
    """Bytes no request asked for (a second response) never reach the next request."""
    peers: list[int] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peers.append(writer.get_extra_info("peername")[1])
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while await reader.readuntil(b"\r\n\r\n"):
                body = b'{"n": %d}' % len(peers)
                extra = b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n" + b'{"n": 99}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s%s" % (len(body), body, extra))
                await writer.drain()

    raw = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = raw.sockets[0].getsockname()[1]
    try:
        async with Client(RestConfig(host=f"http://127.0.0.1:{port}")) as c:
            assert await c.raw("GET", "/x") == {"n": 1}
            assert await c.raw("GET", "/x") == {"n": 2}
    finally:
        raw.close()
    assert len(set(peers)) == 2


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
async def test_every_connection_has_tcp_keepalive(server: Server, tmp_path: Path, tls: bool) -> None:
    """A peer that vanished without closing (a dropped flow) is found by TCP keepalive, and data
    never acknowledged ends the connection (TCP_USER_TIMEOUT), as client-go's dialer does."""
    ca_pem, server_ctx, _, _ = tls_material(tmp_path)
    await server.start(server_ctx if tls else None)
    ctx = None
    if tls:
        ctx = ssl.create_default_context(cadata=ca_pem.decode())
    pool = wire.Pool(server.url, ctx)
    conn = await pool.connect()
    try:
        assert conn.transport is not None
        sock = conn.transport.get_extra_info("socket")
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == wire.KEEPALIVE_IDLE
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) == wire.KEEPALIVE_INTERVAL
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == wire.KEEPALIVE_COUNT
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == wire.USER_TIMEOUT_MS
    finally:
        pool.close()


async def test_a_request_never_answered_fails_at_the_default_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a timeout in the config, a request still has one (a watch has its own bound):
    a server that accepts and never answers costs the caller the deadline, not a worker."""
    from controller_runtime.client import rest

    monkeypatch.setattr(rest, "DEFAULT_TIMEOUT", 0.5)
    accepted: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # reads nothing, answers nothing, closes nothing

    listener = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        config = RestConfig(host=f"http://127.0.0.1:{port}")
        assert config.timeout is None
        async with Client(config) as c:
            with pytest.raises(TimeoutError):
                await c.raw("GET", "/version")
            assert len(accepted) == 1
            with pytest.raises(TimeoutError):
                await c.raw("GET", "/version")
            assert len(accepted) == 2  # the dead connection was dropped, not reused
    finally:
        for w in accepted:
            w.close()
        listener.close()
        await listener.wait_closed()
