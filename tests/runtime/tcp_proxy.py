"""A TCP proxy tests put between the client and the API server to cut connections at will.

TLS passes through untouched. ``cut()`` drops every open connection (a watch sees its
stream break mid-way); while ``blocked`` new connections are closed at once, as if the
server were unreachable. ``freeze()`` makes every open connection half-open, as a load
balancer or conntrack that dropped the flow does: it stays open, but nothing sent on it
arrives any more, either way. Connections opened afterwards work. While ``held``, what
clients send is kept back (``held_bytes`` counts it) until ``release()``: a server that is
slow to answer.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit


class TCPProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 443
        self.scheme = parts.scheme
        self.blocked = False
        self.connections = 0
        #: Connections closed at once because the proxy was blocked.
        self.refused = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._frozen: set[asyncio.StreamWriter] = set()
        self._released = asyncio.Event()
        self._released.set()
        self.held_bytes = 0

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"{self.scheme}://127.0.0.1:{port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)

    async def stop(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._pipes:
            await asyncio.gather(*self._pipes, return_exceptions=True)

    def hold(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def freeze(self) -> None:
        self._frozen.update(self._writers)

    def cut(self) -> None:
        for w in list(self._writers):
            w.transport.abort()
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.blocked:
            self.refused += 1
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.upstream_host, self.upstream_port)
        except OSError:
            writer.transport.abort()
            return
        self.connections += 1
        self._writers.update((writer, up_writer))
        for src, dst, upstream in ((reader, up_writer, True), (up_reader, writer, False)):
            task = asyncio.create_task(self._pipe(src, dst, upstream))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, upstream: bool) -> None:
        try:
            while data := await src.read(65536):
                if upstream and not self._released.is_set():
                    self.held_bytes += len(data)
                    await self._released.wait()
                if dst in self._frozen:
                    continue  # swallowed: the other side never hears of it
                dst.write(data)
                await dst.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                dst.transport.abort()
            self._writers.discard(dst)
