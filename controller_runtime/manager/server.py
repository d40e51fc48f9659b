"""Probe (/healthz, /readyz) and metrics (/metrics) HTTP servers as manager runnables.

Both run on aiohttp's low-level AppRunner so that stopping is bounded: the manager
cancels the runnable and the runner's cleanup honours the graceful-shutdown timeout.
They serve on leaders and non-leaders alike (they need no leader election).
"""

from __future__ import annotations

import abc
import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger("controller_runtime.manager.server")

Checker = Callable[[], Awaitable[None] | None]


def parse_bind_address(addr: str) -> tuple[str, int] | None:
    """Go-style ``host:port`` (":8080" = all interfaces); "0" or "" disables the server."""
    if addr in ("", "0"):
        return None
    host, sep, port = addr.rpartition(":")
    if not sep:
        raise ValueError(f"invalid bind address {addr!r}: missing port")
    host = host.strip("[]") or "0.0.0.0"
    try:
        number = int(port)
    except ValueError:
        raise ValueError(f"invalid bind address {addr!r}: bad port") from None
    if not 0 <= number <= 65535:
        raise ValueError(f"invalid bind address {addr!r}: port out of range")
    return host, number


async def ping() -> None:
    """The default healthz check: the process answers."""


class _HTTPServer(abc.ABC):
    """A runnable serving one aiohttp app until cancelled."""

    def __init__(self, host: str, port: int, shutdown_timeout: float = 30.0) -> None:
        self.host = host
        self.port = port
        self.shutdown_timeout = shutdown_timeout
        self.bound_port: int | None = None
        self._ready = asyncio.Event()

    def need_leader_election(self) -> bool:
        return False

    @abc.abstractmethod
    def make_app(self) -> web.Application:
        """The routes this server answers."""

    async def wait_listening(self) -> int:
        await self._ready.wait()
        assert self.bound_port is not None
        return self.bound_port

    async def start(self) -> None:
        from aiohttp import web  # aiohttp.web only when a server runs: it is slow to import

        runner = web.AppRunner(
            self.make_app(), handle_signals=False, shutdown_timeout=self.shutdown_timeout, access_log=None
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            self.bound_port = sockets[0].getsockname()[1] if sockets else self.port
            self._ready.set()
            log.info("serving %s on %s:%s", type(self).__name__, self.host, self.bound_port)
            await asyncio.Event().wait()
        finally:
            await asyncio.shield(runner.cleanup())


class ProbeServer(_HTTPServer):
    """/healthz and /readyz, each the AND of named checks (and /healthz/<name>)."""

    def __init__(self, host: str, port: int, shutdown_timeout: float = 30.0) -> None:
        super().__init__(host, port, shutdown_timeout)
        self.healthz: dict[str, Checker] = {}
        self.readyz: dict[str, Checker] = {}

    def make_app(self) -> web.Application:
        from aiohttp import web

        app = web.Application()
        app.router.add_get("/healthz", self._handler(self.healthz))
        app.router.add_get("/healthz/{name}", self._handler(self.healthz))
        app.router.add_get("/readyz", self._handler(self.readyz))
        app.router.add_get("/readyz/{name}", self._handler(self.readyz))
        return app

    @staticmethod
    def _handler(checks: dict[str, Checker]) -> Callable[[web.Request], Awaitable[web.Response]]:
        from aiohttp import web

        async def handle(request: web.Request) -> web.Response:
            only = request.match_info.get("name")
            if only is not None and only not in checks:
                return web.Response(status=404, text=f"no such check: {only}\n")
            selected = {only: checks[only]} if only is not None else checks
            lines: list[str] = []
            ok = True
            for name, check in sorted(selected.items()):
                try:
                    result = check()
                    if inspect.isawaitable(result):
                        await result
                    lines.append(f"[+]{name} ok")
                except Exception as e:
                    ok = False
                    lines.append(f"[-]{name} failed: {e}")
            verbose = "verbose" in request.query or not ok
            body = ("\n".join(lines) + "\n" if verbose else "") + ("ok\n" if ok else "check failed\n")
            return web.Response(status=200 if ok else 500, text=body)

        return handle


class MetricsServer(_HTTPServer):
    """Prometheus text exposition of a prometheus_client registry on /metrics."""

    def __init__(self, host: str, port: int, registry: Any, shutdown_timeout: float = 30.0) -> None:
        super().__init__(host, port, shutdown_timeout)
        self.registry = registry

    def make_app(self) -> web.Application:
        from aiohttp import web
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        async def metrics(_: web.Request) -> web.Response:
            body = generate_latest(self.registry)
            return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

        app = web.Application()
        app.router.add_get("/metrics", metrics)
        return app
