"""A small local HTTPS-capable server and TLS material for the client's transport tests."""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from controller_runtime.envtest.certs import generate_ca, generate_cert

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Server:
    """A one-route-table aiohttp server on 127.0.0.1 that records requests."""

    def __init__(self) -> None:
        self.app = web.Application()
        self.requests: list[web.Request] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    def route(self, method: str, path: str, handler: Handler) -> None:
        async def recording(request: web.Request) -> web.StreamResponse:
            self.requests.append(request)
            return await handler(request)

        self.app.router.add_route(method, path, recording)

    async def start(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=ssl_context)
        await site.start()
        sock = site._server.sockets[0]  # type: ignore[union-attr]
        scheme = "https" if ssl_context else "http"
        self.url = f"{scheme}://127.0.0.1:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def tls_material(tmp_path: Path) -> tuple[bytes, ssl.SSLContext, bytes, bytes]:
    ca = generate_ca()
    serving = generate_cert(ca, "server", hosts=("127.0.0.1",))
    client_ca = generate_ca("client-ca")
    client = generate_cert(client_ca, "admin", organizations=("system:masters",), client=True)
    crt, key = serving.write(tmp_path, "serving")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)
    ctx.load_verify_locations(cadata=client_ca.cert_pem.decode())
    ctx.verify_mode = ssl.CERT_OPTIONAL
    return ca.cert_pem, ctx, client.cert_pem, client.key_pem
