"""`lookout manager` as a real process, for faults only a process has: SIGKILL, SIGSTOP."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from tests.support.registry import free_port
from tests.support.wait import eventually

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ManagerProcess:
    """A running manager; its stderr (the log) is collected as it comes."""

    proc: asyncio.subprocess.Process
    health_port: int
    log: list[str] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None

    async def ready(self) -> bool:
        url = f"http://127.0.0.1:{self.health_port}/readyz"
        try:
            async with aiohttp.ClientSession() as s, s.get(url) as r:
                return r.status == 200
        except aiohttp.ClientError:
            return False

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def limit_file_size(self, limit: int) -> None:
        """Make the disk refuse (or, with RLIM_INFINITY, accept again) writes beyond `limit`."""
        resource.prlimit(self.proc.pid, resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    async def healthy(self) -> bool:
        url = f"http://127.0.0.1:{self.health_port}/healthz"
        async with aiohttp.ClientSession() as s, s.get(url) as r:
            return r.status == 200

    async def wait(self) -> int:
        code = await self.proc.wait()
        if self._reader is not None:
            await self._reader
        return code

    async def stop(self) -> None:
        """Kill it if it still runs (a test's cleanup)."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
        await self.wait()

    def text(self) -> str:
        return "".join(self.log)


#: Runs the manager as its console script does. A disk that refuses writes is simulated with
#: RLIMIT_FSIZE, whose signal would kill the process before the write fails: it is ignored.
_MAIN = (
    "import signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "from controllers.cli import main; sys.exit(main())"
)


async def start_manager(
    env: Any, namespace: str, storage: Path, *args: str, file_size_limit: int | None = None
) -> ManagerProcess:
    """Start `lookout manager` on `env`, watching `namespace`, and wait until it is ready.
    `file_size_limit` starts it on a disk that refuses writes beyond that offset."""
    health = free_port()
    environ = {**os.environ, "RUNTIME_NAMESPACE": namespace, "PYTHONPATH": str(ROOT)}

    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, resource.RLIM_INFINITY))

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _MAIN,
        "manager", "--controllers=imagerepository", "--watch-all-namespaces=false",
        f"--kubeconfig={env.kubeconfig_path}", f"--storage-path={storage}",
        f"--health-addr=127.0.0.1:{health}", "--metrics-addr=0", *args,
        env=environ, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE, preexec_fn=limit,
    )
    running = ManagerProcess(proc, health)
    running._reader = asyncio.create_task(_collect(proc, running.log))
    await eventually(lambda: running.ready() if proc.returncode is None else _exited(running),
                     timeout=60, message="the manager is ready")
    return running


async def _exited(running: ManagerProcess) -> bool:
    raise AssertionError(f"the manager exited with {running.proc.returncode}: {running.text()[-3000:]}")


async def _collect(proc: asyncio.subprocess.Process, log: list[str]) -> None:
    assert proc.stderr is not None
    async for line in proc.stderr:
        log.append(line.decode(errors="replace"))
