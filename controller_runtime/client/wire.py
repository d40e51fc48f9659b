"""HTTP/1.1 to the API server: pooled keep-alive connections, TLS, CONNECT proxies.

The API client sends one small JSON request per reconcile step, so its CPU per request
bounds a controller's throughput. aiohttp's client spends about 210 µs of CPU on one status
PATCH here and no maintained async client does much better (aiosonic measured the same);
this pool spends about 115 µs (``hack/bench/client_request.py``). It does only what an API
server needs: HTTP/1.1 requests with Content-Length bodies, sized or chunked responses
(httptools, the llhttp binding uvicorn uses, parses them), gzip, streamed bodies for
watches with back-pressure, and one replay of an idempotent request that a server cut on a
reused keep-alive connection. The proxy is one HTTP CONNECT tunnel, as client-go's
``proxy-url`` does for https servers.
"""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
import zlib
from collections import deque
from collections.abc import Mapping
from typing import cast
from urllib.parse import quote, unquote, urlencode, urlsplit

import httptools

from controller_runtime.client.config import redact_url

#: Idle connections older than this are closed, not reused: servers drop idle keep-alive
#: connections (aiohttp's client uses the same 15 s).
IDLE_TIMEOUT = 15.0
#: A streamed body stops reading from the socket while this much is buffered unread.
STREAM_HIGH_WATER = 1 << 20
#: Requests that may be sent again when a reused keep-alive connection turns out to have
#: been closed by the server before it answered (as Go's net/http replays only these).
REPLAYABLE = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
#: Characters a request target keeps as they are: a path never carries '?' or '#' raw.
_PATH_SAFE = "/:@!$&'()*+,;=~%"
#: TCP keepalive, as client-go's dialer keeps every connection alive: a peer that vanished
#: without a word (a load balancer or conntrack that dropped the flow) is found after about
#: IDLE + INTERVAL * COUNT seconds of silence, instead of never.
KEEPALIVE_IDLE = 30
KEEPALIVE_INTERVAL = 10
KEEPALIVE_COUNT = 3
#: Data sent and never acknowledged for this long ends the connection (TCP_USER_TIMEOUT):
#: keepalive probes do not run while a request waits for its ACK.
USER_TIMEOUT_MS = 60_000


def keep_alive(sock: socket.socket | None) -> None:
    """Turn on TCP keepalive (and the unacknowledged-data timeout) where the platform has them."""
    if sock is None:
        return
    options = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]
    for name, value in (("TCP_KEEPIDLE", KEEPALIVE_IDLE), ("TCP_KEEPINTVL", KEEPALIVE_INTERVAL),
                        ("TCP_KEEPCNT", KEEPALIVE_COUNT), ("TCP_USER_TIMEOUT", USER_TIMEOUT_MS)):
        if hasattr(socket, name):
            options.append((socket.IPPROTO_TCP, getattr(socket, name), value))
    for level, option, value in options:
        try:
            sock.setsockopt(level, option, value)
        except OSError:  # not a TCP socket (a Unix socket in tests), or not supported
            return


class ConnectError(ConnectionError):
    """The connection (or its TLS handshake, or the proxy tunnel) could not be made."""


class ProtocolError(ConnectionError):
    """The server's bytes are not an HTTP/1.1 response this client understands."""


def check_header(text: str) -> None:
    """A line break in a header name or value would end the header early: a token or user
    agent carrying one (from a file or an exec plugin) is refused, never sent, never shown."""
    if "\r" in text or "\n" in text:
        raise ValueError("a request header value contains a line break")


class Headers:
    """Response headers: names matched without case, repeated names kept in order."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: list[tuple[str, str]] = []

    def add(self, name: bytes, value: bytes) -> None:
        self._items.append((name.decode("latin-1").lower(), value.decode("latin-1")))

    def get(self, name: str, default: str | None = None) -> str | None:
        name = name.lower()
        for k, v in self._items:
            if k == name:
                return v
        return default

    def getall(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self._items if k == name]


class Connection(asyncio.Protocol):
    """One keep-alive connection carrying one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.status = 0
        self.headers = Headers()
        self.idle_since = 0.0
        self.got_bytes = False
        self._parser = httptools.HttpResponseParser(self)
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._complete = False
        self._keep_alive = False
        self._head = False
        self._lost: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._paused = False
        #: The caller takes the whole body at once: reading is never paused for it.
        self._whole = False
        self._gunzip: zlib._Decompress | None = None

    # -- asyncio.Protocol ---------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport (uvloop's TLS transport is one without subclassing asyncio's).
        self.transport = cast(asyncio.Transport, transport)
        keep_alive(transport.get_extra_info("socket"))

    def data_received(self, data: bytes) -> None:
        if self._complete:  # bytes with no request asking: the connection is not to be trusted
            self._lost = ProtocolError("the server sent data no request asked for")
            self.close()
            return
        self.got_bytes = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as e:
            self._lost = ProtocolError(f"malformed HTTP response from the server: {e}")
            self._wake()
            self.close()

    def eof_received(self) -> bool:
        return False  # close the transport: this side has nothing more to say either

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head and not self._complete and self._body_ends_at_close():
            self._complete = True
        if self._lost is None:
            self._lost = exc or ConnectionResetError("the server closed the connection")
        self._wake()

    # -- httptools callbacks ------------------------------------------------------------------
    def on_message_begin(self) -> None:
        if self._complete:  # a second response to one request: keep the first, drop the link
            self._lost = ProtocolError("the server sent data no request asked for")
            self.close()

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self._complete:
            self.headers.add(name, value)

    def on_headers_complete(self) -> None:
        if self._complete:
            return
        self.status = self._parser.get_status_code()
        self._head = True
        self._wake()

    def on_body(self, body: bytes) -> None:
        if self._complete:
            return
        self._chunks.append(body)
        self._buffered += len(body)
        if (
            self._buffered > STREAM_HIGH_WATER
            and not self._whole
            and not self._paused
            and self.transport is not None
        ):
            self._paused = True
            self.transport.pause_reading()
        self._wake()

    def on_message_complete(self) -> None:
        if self._complete:
            return
        # llhttp answers this only while the message is current, not after it is done.
        self._keep_alive = self._parser.should_keep_alive()
        self._complete = True
        self._wake()

    # -- one exchange -------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Write one whole request; the response state starts afresh."""
        assert self.transport is not None
        self.status = 0
        self.headers = Headers()
        self.got_bytes = False
        self._chunks.clear()
        self._buffered = 0
        self._complete = self._head = self._keep_alive = self._whole = False
        self._gunzip = None
        self._parser = httptools.HttpResponseParser(self)
        self.transport.write(data)

    async def read_head(self) -> None:
        """Wait for the status line and headers."""
        while not self._head:
            if self._lost is not None:
                raise self._lost
            await self._wait()

    async def read_body(self) -> bytes:
        """The whole body, decompressed when the server gzipped it."""
        self._whole = True
        if self._paused and self.transport is not None:
            self._paused = False
            self.transport.resume_reading()
        parts: list[bytes] = []
        while (part := await self.read_chunk()) is not None:
            parts.append(part)
        return b"".join(parts)

    async def read_chunk(self) -> bytes | None:
        """The next piece of a streamed body (gunzipped as it comes if the server gzipped it);
        None at its end; raises if the connection is cut."""
        while True:
            while not self._chunks:
                if self._complete:
                    rest = self._gunzip.flush() if self._gunzip is not None else b""
                    self._gunzip = None
                    return rest or None
                if self._lost is not None:
                    raise self._lost
                await self._wait()
            chunk = self._chunks.popleft()
            self._buffered -= len(chunk)
            if self._paused and self._buffered <= STREAM_HIGH_WATER // 2 and self.transport is not None:
                self._paused = False
                self.transport.resume_reading()
            if self._gunzip is None and self.headers.get("content-encoding") == "gzip":
                self._gunzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
            if self._gunzip is None:
                return chunk
            try:
                chunk = self._gunzip.decompress(chunk)
            except zlib.error as e:
                raise ProtocolError(f"the server sent a malformed gzip body: {e}") from e
            if chunk:
                return chunk

    @property
    def reusable(self) -> bool:
        """Whether the exchange ended cleanly on a connection the server keeps open."""
        return (
            self._complete
            and self._lost is None
            and not self._chunks
            and self.transport is not None
            and not self.transport.is_closing()
            and self._keep_alive
        )

    @property
    def alive(self) -> bool:
        return self._lost is None and self.transport is not None and not self.transport.is_closing()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _body_ends_at_close(self) -> bool:
        """A response with neither length nor chunking ends when the server closes (RFC 9112 6.3)."""
        return self.headers.get("content-length") is None and "chunked" not in (
            self.headers.get("transfer-encoding") or ""
        )

    async def _wait(self) -> None:
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


class Pool:
    """Keep-alive connections to one server, opened on demand, never capped: a watch holds
    its connection for minutes, and client-side throttling already bounds the load."""

    def __init__(
        self,
        url: str,
        ssl_context: ssl.SSLContext | None,
        *,
        server_hostname: str | None = None,
        proxy_url: str | None = None,
        user_agent: str = "",
        connect_timeout: float = 30.0,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the server address {redact_url(url)!r} is not an http or https URL")
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.tls else 80)
        #: What requests name as Host, and the prefix (a proxy path, say) their targets get.
        self.authority = parts.netloc.rpartition("@")[2]
        self.base_path = parts.path.rstrip("/")
        self._ssl = ssl_context if self.tls else None
        if self.tls and self._ssl is None:
            self._ssl = ssl.create_default_context()
        self._server_hostname = server_hostname if self.tls else None
        self._proxy = urlsplit(proxy_url) if proxy_url else None
        self._connect_timeout = connect_timeout
        self._idle: list[Connection] = []
        self._open: set[Connection] = set()
        check_header(user_agent)
        # The header lines every request carries.
        self._fixed_head = f"Host: {self.authority}\r\n"
        if user_agent:
            self._fixed_head += f"User-Agent: {user_agent}\r\n"
        self._fixed_head += "Accept-Encoding: gzip\r\n"

    async def request(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes | None,
    ) -> Response:
        """Send one request and wait for its response's head; the body is the caller's to
        read or stream, and ``release`` ends the exchange."""
        payload = self._frame(method, path, query, headers, body)
        while True:
            conn, reused = await self.acquire()
            try:
                conn.send(payload)
                await conn.read_head()
            except OSError:
                self.discard(conn)
                if reused and not conn.got_bytes and method in REPLAYABLE:
                    continue  # the server had closed the idle connection: a fresh one
                raise
            except BaseException:
                self.discard(conn)
                raise
            return Response(self, conn)

    def _frame(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes | None,
    ) -> bytes:
        """The request's bytes: request line, headers, Content-Length and body in one write."""
        if not path.startswith("/"):
            path = "/" + path
        target = quote(self.base_path + path, safe=_PATH_SAFE)
        if query:
            target += "?" + urlencode(query, quote_via=quote)
        head = f"{method} {target} HTTP/1.1\r\n{self._fixed_head}"
        for name, value in headers.items():
            check_header(name)
            check_header(value)
            head += f"{name}: {value}\r\n"
        if body is not None or method in ("POST", "PUT", "PATCH"):
            head += f"Content-Length: {len(body) if body else 0}\r\n"
        head += "\r\n"
        return head.encode("latin-1") + body if body else head.encode("latin-1")

    async def acquire(self) -> tuple[Connection, bool]:
        """A connection and whether it served before (so a request cut on it may be retried)."""
        now = asyncio.get_running_loop().time()
        while self._idle:
            conn = self._idle.pop()
            if conn.alive and now - conn.idle_since < IDLE_TIMEOUT:
                return conn, True
            self.discard(conn)
        return await self.connect(), False

    def release(self, conn: Connection) -> None:
        """Take back a connection whose exchange is over: kept if clean, closed otherwise."""
        if conn.reusable:
            conn.idle_since = asyncio.get_running_loop().time()
            self._idle.append(conn)
        else:
            self.discard(conn)

    def discard(self, conn: Connection) -> None:
        conn.close()
        self._open.discard(conn)

    def close(self) -> None:
        for conn in list(self._open):
            conn.close()
        self._open.clear()
        self._idle.clear()

    async def connect(self) -> Connection:
        loop = asyncio.get_running_loop()
        where = f"{self.host}:{self.port}"
        try:
            async with asyncio.timeout(self._connect_timeout):
                if self._proxy is None:
                    _, conn = await loop.create_connection(
                        Connection,
                        self.host,
                        self.port,
                        ssl=self._ssl,
                        server_hostname=self._server_hostname if self._ssl else None,
                    )
                else:
                    conn = await self._tunnel(loop)
        except TimeoutError as e:
            took = f"timed out after {self._connect_timeout:g}s"
            raise ConnectError(f"cannot connect to {where}: {took}") from e
        except ConnectError:
            raise
        except OSError as e:  # refused, unreachable, TLS verification failed (ssl.SSLError)
            raise ConnectError(f"cannot connect to {where}: {e}") from e
        self._open.add(conn)
        return conn

    async def _tunnel(self, loop: asyncio.AbstractEventLoop) -> Connection:
        """Open the connection through the proxy's CONNECT tunnel, then TLS inside it."""
        assert self._proxy is not None and self._proxy.hostname
        proxy_port = self._proxy.port or (443 if self._proxy.scheme == "https" else 80)
        proxy_ssl = ssl.create_default_context() if self._proxy.scheme == "https" else None
        transport, hello = await loop.create_connection(
            _TunnelHandshake, self._proxy.hostname, proxy_port, ssl=proxy_ssl
        )
        target = f"{self.host}:{self.port}"
        lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
        if self._proxy.username is not None:
            user_pass = f"{unquote(self._proxy.username)}:{unquote(self._proxy.password or '')}"
            lines.append(f"Proxy-Authorization: Basic {base64.b64encode(user_pass.encode()).decode()}")
        transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        try:
            await hello.established
        except BaseException:
            transport.close()
            raise
        conn = Connection()
        if self._ssl is None:
            transport.set_protocol(conn)
            conn.connection_made(transport)
            return conn
        sni = self._server_hostname or self.host
        tls = await loop.start_tls(transport, conn, self._ssl, server_hostname=sni)
        if tls is None:
            transport.close()
            raise ConnectError(f"cannot start TLS to {target} through the proxy")
        conn.connection_made(tls)
        return conn


class Response:
    """A response whose head has arrived; its body is read (or streamed) from the connection,
    which ``release`` hands back to the pool (or closes, if the exchange did not finish)."""

    __slots__ = ("_conn", "_pool", "headers", "status")

    def __init__(self, pool: Pool, conn: Connection) -> None:
        self._pool = pool
        self._conn: Connection | None = conn
        self.status = conn.status
        self.headers = conn.headers

    async def read(self) -> bytes:
        assert self._conn is not None
        return await self._conn.read_body()

    async def read_chunk(self) -> bytes | None:
        assert self._conn is not None
        return await self._conn.read_chunk()

    def release(self) -> None:
        if self._conn is not None:
            self._pool.release(self._conn)
            self._conn = None


class _TunnelHandshake(asyncio.Protocol):
    """Reads the proxy's answer to CONNECT; the tunnel is open on a 2xx status."""

    def __init__(self) -> None:
        self.established: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._buf = b""

    def data_received(self, data: bytes) -> None:
        if self.established.done():
            return
        self._buf += data
        head, sep, _ = self._buf.partition(b"\r\n\r\n")
        if not sep:
            if len(self._buf) > 16384:
                self.established.set_exception(ProtocolError("the proxy's answer to CONNECT is too long"))
            return
        status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) >= 2 and parts[0].startswith("HTTP/1.") and parts[1].startswith("2"):
            self.established.set_result(None)
        else:
            self.established.set_exception(ConnectError(f"the proxy refused the tunnel: {status_line}"))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.established.done():
            self.established.set_exception(ConnectError("the proxy closed the connection during CONNECT"))
