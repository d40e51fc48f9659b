"""The artifact HTTP server: upstream's `http.FileServer(http.Dir(storagePath))`, minus listings.

Consumers (kustomize-controller, helm-controller, curl) fetch `status.artifact.url` from here.
Only regular files under the root are served; a symlink (`latest.tar.gz`) is followed only when
its target stays under the root, and anything else, directories included, is a plain 404.
"""

from __future__ import annotations

import asyncio
import os
import stat
import urllib.parse
from pathlib import Path

from aiohttp import web

__all__ = ["ArtifactServer"]

_CONTENT_TYPES = {".tar.gz": "application/gzip", ".tgz": "application/gzip", ".gz": "application/gzip"}


def _content_type(name: str) -> str:
    for suffix, ctype in _CONTENT_TYPES.items():
        if name.endswith(suffix):
            return ctype
    return "application/octet-stream"


def _resolve(root: Path, raw_path: str) -> Path | None:
    """The regular file a URL path names under `root`, or None (traversal, missing, not a file)."""
    raw = raw_path.split("?", 1)[0]
    segments = [urllib.parse.unquote(s) for s in raw.split("/") if s]
    if not segments:
        return None
    for seg in segments:
        if seg in (".", "..") or "/" in seg or "\\" in seg or "\x00" in seg:
            return None
    try:
        real_root = root.resolve(strict=True)
        target = root.joinpath(*segments).resolve(strict=True)
        if not target.is_relative_to(real_root) or not stat.S_ISREG(os.stat(target).st_mode):
            return None
    except (OSError, RuntimeError):  # missing, unreadable, or a symlink loop
        return None
    return target


class ArtifactServer:
    """Serves the storage root over HTTP (GET and HEAD); start on the leader, stop on shutdown."""

    def __init__(self, root: Path, host: str = "0.0.0.0", port: int = 9090) -> None:
        self.root = Path(os.path.abspath(root))
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._listening: asyncio.Future[int] | None = None

    def _future(self) -> asyncio.Future[int]:
        if self._listening is None:
            self._listening = asyncio.get_running_loop().create_future()
        return self._listening

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        # raw_path keeps %2e%2e and %2f encoded, so each segment is judged after its own decoding
        target = await asyncio.to_thread(_resolve, self.root, request.raw_path)
        if target is None:
            raise web.HTTPNotFound(text="404 page not found\n")
        name = request.path.rsplit("/", 1)[-1]
        return web.FileResponse(target, headers={"Content-Type": _content_type(name)})

    async def start(self) -> None:
        """Bind and serve; `wait_listening()` then gives the bound port (useful with port 0)."""
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle, allow_head=True)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=5.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = self.port
        for addr in runner.addresses:
            if isinstance(addr, tuple) and len(addr) >= 2:
                port = int(addr[1])
                break
        fut = self._future()
        if not fut.done():
            fut.set_result(port)

    async def wait_listening(self) -> int:
        """The port once the server listens."""
        return await asyncio.shield(self._future())

    async def stop(self) -> None:
        """Stop accepting and close connections (graceful, like upstream's 5 s shutdown)."""
        runner, self._runner = self._runner, None
        self._listening = None
        if runner is not None:
            await runner.cleanup()
