"""envtest: an API server for tests, like controller-runtime's pkg/envtest.

Three modes, chosen as Go envtest chooses (plus one Lookout addition):
- "existing": `use_existing_cluster=True` or `USE_EXISTING_CLUSTER=true` (any case):
  load the usual config (KUBECONFIG, in-cluster, ~/.kube/config) and start nothing;
- "binaries": `KUBEBUILDER_ASSETS`, a `TEST_ASSET_ETCD`/`TEST_ASSET_KUBE_APISERVER`
  variable, or `binary_assets_directory`: run real etcd + kube-apiserver;
- "embedded": otherwise, Lookout's in-process API server (Go would fail here), so
  integration tests always run.

`with Environment(...)` runs everything on a private event loop in a background
thread, so one session-wide server serves tests that each run their own loop;
`async with` runs it on the caller's loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

from controller_runtime.apimachinery.duration import parse_duration
from controller_runtime.client import errors
from controller_runtime.client.client import Client
from controller_runtime.client.config import RestConfig, load_config, write_kubeconfig
from controller_runtime.envtest import binaries, crd
from controller_runtime.envtest.controlplane import ControlPlane, output_attached

log = logging.getLogger(__name__)

T = TypeVar("T")
Mode = Literal["embedded", "binaries", "existing"]

DEFAULT_TIMEOUT = 20.0
START_ATTEMPTS = 5
DEFAULT_NAMESPACE_POLL = 0.05
DEFAULT_NAMESPACE_TIMEOUT = 5.0
ENVTEST_QPS = 1000.0
ENVTEST_BURST = 2000

def _timeout(explicit: float | None, env_var: str) -> float:
    if explicit is not None:
        return explicit
    raw = os.environ.get(env_var, "")
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        return parse_duration(raw)
    except ValueError as e:
        raise ValueError(f"{env_var}={raw!r} is not a Go duration (e.g. 20s, 1m30s)") from e


def use_existing_cluster_from_env() -> bool:
    """Go: strings.ToLower(os.Getenv("USE_EXISTING_CLUSTER")) == "true"."""
    return os.environ.get("USE_EXISTING_CLUSTER", "").lower() == "true"


def select_mode(use_existing_cluster: bool | None, binary_assets_directory: str | None) -> Mode:
    """The mode an Environment with these arguments will run in (the field wins over env vars)."""
    existing = use_existing_cluster if use_existing_cluster is not None else use_existing_cluster_from_env()
    if existing:
        return "existing"
    if binaries.binaries_requested(binary_assets_directory):
        return "binaries"
    return "embedded"


class Environment:
    """A Kubernetes API server for tests; see the module docstring for the modes."""

    def __init__(
        self,
        crd_paths: Sequence[str | os.PathLike[str]] | None = None,
        error_if_crd_path_missing: bool = False,
        use_existing_cluster: bool | None = None,
        binary_assets_directory: str | None = None,
        attach_output: bool | None = None,
        start_timeout: float | None = None,
        stop_timeout: float | None = None,
        *,
        crds: Sequence[dict[str, Any]] | None = None,
        cleanup_crds: bool = False,
        config: RestConfig | None = None,
    ) -> None:
        self.crd_paths = [os.fspath(p) for p in crd_paths or []]
        self.error_if_crd_path_missing = error_if_crd_path_missing
        self.use_existing_cluster = use_existing_cluster
        self.binary_assets_directory = binary_assets_directory
        self.attach_output = attach_output
        self.start_timeout_arg = start_timeout
        self.stop_timeout_arg = stop_timeout
        self.extra_crds = list(crds or [])
        self.cleanup_crds = cleanup_crds
        self._given_config = config
        self.mode: Mode = select_mode(use_existing_cluster, binary_assets_directory)
        self._config: RestConfig | None = None
        self.kubeconfig_path = ""
        self.installed_crds: list[dict[str, Any]] = []
        self._tmpdir: Path | None = None
        self._server: Any = None  # the embedded APIServer
        self._control_plane: ControlPlane | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = False

    @property
    def config(self) -> RestConfig:
        """The admin user's RestConfig (only after start)."""
        if self._config is None:
            raise RuntimeError("Environment is not started")
        return self._config

    # ------------------------------------------------------------------ async API

    async def start(self) -> RestConfig:
        """Start (or connect to) the API server, install CRDs, write the kubeconfig."""
        if self._started:
            raise RuntimeError("Environment was started more than once")
        self._started = True
        self._tmpdir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="lookout-envtest-"))
        try:
            config: RestConfig
            if self.mode == "existing":
                # As in Go, a Config given to the Environment wins over the usual lookup.
                given = self._given_config
                config = given if given is not None else await asyncio.to_thread(load_config)
            elif self.mode == "binaries":
                config = await self._start_binaries()
            else:
                config = await self._start_embedded()
            self._config = config
            self.kubeconfig_path = str(
                await asyncio.to_thread(
                    write_kubeconfig, config, self._tmpdir / "kubeconfig",
                    cluster="envtest", user="envtest", context="envtest",
                )
            )
            async with Client(config) as client:
                if self.mode != "existing":
                    await self._wait_default_namespace(client)
                crds = await asyncio.to_thread(crd.read_crds, self.crd_paths, self.error_if_crd_path_missing)
                crds = crds + self.extra_crds
                self.installed_crds = await crd.install_crds(client, crds) if crds else []
        except BaseException:
            await self._teardown()
            raise
        return config

    async def stop(self) -> None:
        """Uninstall CRDs if asked, stop what was started, remove temp files."""
        if not self._started:
            return
        try:
            if self.cleanup_crds and self.installed_crds and self._config is not None:
                async with Client(self._config) as client:
                    await crd.uninstall_crds(client, self.installed_crds)
                self.installed_crds = []
        finally:
            await self._teardown()

    async def _teardown(self) -> None:
        stop_timeout = _timeout(self.stop_timeout_arg, "KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT")
        try:
            if self._server is not None:
                server, self._server = self._server, None
                await asyncio.wait_for(server.stop(), stop_timeout)
            if self._control_plane is not None:
                plane, self._control_plane = self._control_plane, None
                await plane.stop()
        finally:
            if self._tmpdir is not None:
                tmp, self._tmpdir = self._tmpdir, None
                await asyncio.to_thread(shutil.rmtree, tmp, True)

    async def _start_embedded(self) -> RestConfig:
        from controller_runtime.envtest.apiserver import APIServer

        server = APIServer(host="127.0.0.1", port=0, tls=True)
        start_timeout = _timeout(self.start_timeout_arg, "KUBEBUILDER_CONTROLPLANE_START_TIMEOUT")
        self._server = server  # set first, so a start that times out is still stopped
        await asyncio.wait_for(server.start(), start_timeout)
        return server.admin_config(qps=ENVTEST_QPS, burst=ENVTEST_BURST)

    async def _start_binaries(self) -> RestConfig:
        start_timeout = _timeout(self.start_timeout_arg, "KUBEBUILDER_CONTROLPLANE_START_TIMEOUT")
        stop_timeout = _timeout(self.stop_timeout_arg, "KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT")
        etcd = binaries.bin_path_finder("etcd", self.binary_assets_directory)
        apiserver = binaries.bin_path_finder("kube-apiserver", self.binary_assets_directory)
        # Missing binaries will not appear between attempts: fail at once with the hint.
        binaries.require_executable("etcd", etcd)
        binaries.require_executable("kube-apiserver", apiserver)
        last: BaseException | None = None
        for attempt in range(1, START_ATTEMPTS + 1):
            plane = ControlPlane(
                etcd_path=etcd,
                apiserver_path=apiserver,
                start_timeout=start_timeout,
                stop_timeout=stop_timeout,
                attach_output=output_attached(self.attach_output),
            )
            try:
                await plane.start()
            except Exception as e:  # port races and slow starts: Go retries 5 times
                last = e
                log.warning(
                    "envtest: control plane start attempt %d/%d failed: %s", attempt, START_ATTEMPTS, e
                )
                continue
            self._control_plane = plane
            return plane.admin_config()
        raise RuntimeError(f"envtest: control plane failed to start after {START_ATTEMPTS} attempts: {last}")

    async def _wait_default_namespace(self, client: Client) -> None:
        deadline = time.monotonic() + DEFAULT_NAMESPACE_TIMEOUT
        while True:
            try:
                await client.get("v1", "Namespace", "default")
                return
            except (errors.ApiError, OSError) as e:
                if time.monotonic() >= deadline:
                    raise RuntimeError(f"envtest: default namespace not available: {e}") from e
            await asyncio.sleep(DEFAULT_NAMESPACE_POLL)

    async def __aenter__(self) -> Environment:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ sync API

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        fut: Future[T] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return fut.result()

    def start_sync(self) -> RestConfig:
        """Start on a private loop in a daemon thread (the `with` form)."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="envtest-loop", daemon=True)
        self._thread.start()
        ready.wait()
        try:
            return self._run(self.start())
        except BaseException:
            self._close_loop()
            raise

    def stop_sync(self) -> None:
        if self._loop is None:
            return
        try:
            self._run(self.stop())
        finally:
            self._close_loop()

    def _close_loop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None:
            return
        self._loop = None
        self._thread = None

        async def shutdown() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await loop.shutdown_asyncgens()

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout=10)
        except Exception as e:
            log.debug("envtest: loop shutdown: %s", e)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=10)
        if not loop.is_running():
            loop.close()

    def __enter__(self) -> Environment:
        self.start_sync()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop_sync()


__all__ = ["Environment", "Mode", "select_mode", "use_existing_cluster_from_env"]
