"""The Manager: hosts the client, the shared cache, events and every controller.

Start order (controller-runtime's): HTTP servers (probes, metrics) -> caches, started
and synced -> runnables that need no leader election -> once elected, the leader
election runnables (the reconcilers). Stop order is the reverse, bounded by the
graceful-shutdown timeout. Losing the lease skips the graceful wait and ends ``start``
with LeaderElectionLostError: another replica may already be reconciling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.cache.informer_cache import GVK, ByObject, InformerCache
from controller_runtime.client import Client
from controller_runtime.leaderelection import (
    LeaderElectionConfig,
    LeaderElectionLostError,
    LeaderElector,
    LeaseLock,
    new_identity,
)
from controller_runtime.manager.runnable import RunnableGroup
from controller_runtime.manager.server import (
    Checker,
    MetricsServer,
    ProbeServer,
    _HTTPServer,
    parse_bind_address,
)
from controller_runtime.recorder import EventRecorder, EventSink

log = logging.getLogger("controller_runtime.manager")

SERVICE_ACCOUNT_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


class GracefulShutdownTimeoutError(RuntimeError):
    def __init__(self) -> None:
        super().__init__("failed waiting for all runnables to end within grace period")


@dataclass
class ManagerOptions:
    """What ``ctrl.Options`` carries; Flux's defaults live in the command, not here."""

    namespace: str | None = None  # restrict the cache to one namespace
    label_selector: str | None = None  # restrict the cache to labelled objects
    by_object: dict[GVK, ByObject] = field(default_factory=dict)
    sync_period: float = 10 * 3600.0
    metrics_bind_address: str = ":8080"
    health_probe_bind_address: str = ""
    leader_election: bool = False
    leader_election_id: str = ""
    leader_election_namespace: str = ""
    lease_duration: float = 15.0
    renew_deadline: float = 10.0
    retry_period: float = 2.0
    leader_election_release_on_cancel: bool = True
    graceful_shutdown_timeout: float = 30.0  # < 0: wait forever; 0: do not wait
    metrics_registry: Any = None
    watch_timeout_range: tuple[float, float] = (300.0, 600.0)
    #: /healthz fails while a controller has had one reconcile running longer than this
    #: (seconds; 0: never), so the kubelet restarts a manager whose workers are wedged.
    #: Far beyond any reconcile's own deadlines (API calls, registry and Git timeouts).
    stuck_reconcile_after: float = 600.0
    identity: str = ""
    #: Defaults for the controllers the builder creates (a ``controller.Options``).
    controller_options: Any = None


class Manager:
    """Runs runnables in groups; see the module docstring for the ordering contract."""

    def __init__(self, client: Any, options: ManagerOptions | None = None) -> None:
        self.options = options or ManagerOptions()
        self.client = client
        self.cache = InformerCache(
            client,
            namespace=self.options.namespace,
            label_selector=self.options.label_selector,
            by_object=self.options.by_object,
            sync_period=self.options.sync_period,
            watch_timeout_range=self.options.watch_timeout_range,
        )
        # Events travel on a client of their own, as client-go's broadcaster has its own
        # clientset: writing them never spends the controllers' --kube-api-qps budget.
        self._events_client = Client(client.config) if isinstance(client, Client) else client
        self.event_sink = EventSink(self._events_client)
        self.elected = asyncio.Event()
        self._errors: asyncio.Queue[BaseException] = asyncio.Queue()
        self._http = RunnableGroup("http", self._errors.put_nowait)
        self._caches = RunnableGroup("caches", self._errors.put_nowait)
        self._others = RunnableGroup("others", self._errors.put_nowait)
        self._leader = RunnableGroup("leader-election", self._errors.put_nowait)
        self._healthz: dict[str, Checker] = {}
        self._readyz: dict[str, Checker] = {}
        self._controllers: list[Any] = []  # what the "reconcilers" health check looks at
        if self.options.stuck_reconcile_after > 0:
            self._healthz["reconcilers"] = self._check_reconcilers
        self._started = False
        self._stop = asyncio.Event()
        self._stopping = False
        self.elector: LeaderElector | None = None
        self.probe_server: ProbeServer | None = None
        self.metrics_server: MetricsServer | None = None
        self._caches.add(self.cache)
        self._sink_task: asyncio.Task[None] | None = None

    # -- wiring ----------------------------------------------------------------------
    def add(self, runnable: Any) -> None:
        """Classify a runnable into its group; added after start, it starts at once."""
        if self._stopping:
            raise RuntimeError("can't accept new runnables as stop procedure is already engaged")
        if callable(getattr(runnable, "longest_reconcile", None)):
            self._controllers.append(runnable)
        if isinstance(runnable, _HTTPServer):
            self._http.add(runnable)
        elif isinstance(runnable, InformerCache):
            self._caches.add(runnable)
        elif not _needs_leader_election(runnable):
            self._others.add(runnable)
        else:
            if hasattr(runnable, "leading"):
                runnable.leading = self.holds_lease
            self._leader.add(runnable)

    def holds_lease(self) -> bool:
        """Whether leader work may start now: always without leader election, else only
        while the lease is ours by our own clock (see `LeaderElector.holds_lease`)."""
        if not self.options.leader_election:
            return True
        return self.elector is not None and self.elector.holds_lease()

    def _check_reconcilers(self) -> None:
        """Liveness: no controller has a reconcile stuck past ``stuck_reconcile_after``."""
        limit = self.options.stuck_reconcile_after
        stuck = []
        for controller in self._controllers:
            took, req = controller.longest_reconcile()
            if took > limit:
                stuck.append(f"{controller.name} has been reconciling {req} for {took:.0f}s")
        if stuck:
            raise RuntimeError("; ".join(stuck) + f" (more than {limit:g}s)")

    def add_healthz_check(self, name: str, check: Checker) -> None:
        if name in self._healthz:
            raise ValueError(f"healthz check {name!r} already exists")
        self._healthz[name] = check

    def add_readyz_check(self, name: str, check: Checker) -> None:
        if name in self._readyz:
            raise ValueError(f"readyz check {name!r} already exists")
        self._readyz[name] = check

    @property
    def controller_options(self) -> Any:
        return self.options.controller_options

    def get_client(self) -> Any:
        return self.client

    def get_cache(self) -> InformerCache:
        return self.cache

    def get_event_recorder_for(self, component: str) -> EventRecorder:
        return self.event_sink.recorder(component)

    def stop(self) -> None:
        """Ask a running ``start`` to shut down gracefully and return (signal handlers call this)."""
        self._stop.set()

    # -- running -----------------------------------------------------------------------
    async def start(self) -> None:
        """Run until ``stop()`` (returns None), cancellation (re-raised) or a runnable's error."""
        if self._started:
            raise RuntimeError("manager already started")
        self._started = True
        self._add_servers()
        elector_task: asyncio.Task[None] | None = None
        lost = False
        error: BaseException | None = None
        cancelled = False
        try:
            self._sink_task = asyncio.create_task(self.event_sink.start(), name="event sink")
            self._http.start()
            for server in self._http.runnables():
                await self._wait_or_fail(server.wait_listening())
            self._caches.start()
            await self._wait_or_fail(self.cache.wait_for_cache_sync())
            self._others.start()
            if self.options.leader_election:
                self.elector = await self._new_elector()
                elector_task = asyncio.create_task(self.elector.run(), name="leader elector")
                elector_task.add_done_callback(self._elector_done)
            else:
                self._leader.start()
                self.elected.set()
            error = await self._wait_for_end()
            lost = isinstance(error, LeaderElectionLostError)
        except asyncio.CancelledError:
            cancelled = True
        except _StopRequested:
            pass
        except Exception as e:
            error = e
        finally:
            stop_error = await self._stop_procedure(skip_grace=lost)
            if elector_task is not None:
                elector_task.cancel()
                await asyncio.gather(elector_task, return_exceptions=True)
        if cancelled:
            raise asyncio.CancelledError()
        if error is not None:
            raise error
        if stop_error is not None:
            raise stop_error

    async def _wait_or_fail(self, aw: Any) -> Any:
        """Await a start step unless a runnable fails (or stop is asked) first."""
        step = asyncio.ensure_future(aw)
        err = asyncio.ensure_future(self._errors.get())
        stop = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({step, err, stop}, return_when=asyncio.FIRST_COMPLETED)
            if err.done():
                raise err.result()
            if stop.done() and not step.done():
                raise _StopRequested()
            return step.result()
        finally:
            for f in (step, err, stop):
                if not f.done():
                    f.cancel()

    async def _wait_for_end(self) -> BaseException | None:
        err = asyncio.ensure_future(self._errors.get())
        stop = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({err, stop}, return_when=asyncio.FIRST_COMPLETED)
            return err.result() if err.done() else None
        finally:
            for f in (err, stop):
                if not f.done():
                    f.cancel()

    async def _stop_procedure(self, *, skip_grace: bool) -> BaseException | None:
        self._stopping = True
        groups = [self._others, self._leader, self._caches, self._http]
        if skip_grace:
            # The lease is gone: do not let reconcilers run on; cancel everything at once.
            for g in groups:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(g.stop_and_wait(), 1.0)
            await self._stop_sink()
            return None
        timeout = self.options.graceful_shutdown_timeout

        async def ordered() -> None:
            await self._others.stop_and_wait()
            await self._leader.stop_and_wait()
            await self._stop_sink()
            await self._caches.stop_and_wait()
            await self._http.stop_and_wait()

        task = asyncio.ensure_future(ordered())
        try:
            if timeout < 0:
                await asyncio.shield(task)
            else:
                await asyncio.wait_for(asyncio.shield(task), max(timeout, 0.0) or 1e-3)
        except TimeoutError:
            log.error("failed waiting for all runnables to end within grace period of %ss", timeout)
            task.cancel()
            return GracefulShutdownTimeoutError()
        return None

    async def _stop_sink(self) -> None:
        if self._sink_task is not None:
            self._sink_task.cancel()
            await asyncio.gather(self._sink_task, return_exceptions=True)
            self._sink_task = None
        if self._events_client is not self.client:
            await self._events_client.close()

    def _add_servers(self) -> None:
        timeout = self.options.graceful_shutdown_timeout
        shutdown = timeout if timeout > 0 else 1.0
        probe = parse_bind_address(self.options.health_probe_bind_address)
        if probe is not None:
            self.probe_server = ProbeServer(*probe, shutdown_timeout=shutdown)
            self.probe_server.healthz.update(self._healthz)
            self.probe_server.readyz.update(self._readyz)
            self._http.add(self.probe_server)
        metrics = parse_bind_address(self.options.metrics_bind_address)
        if metrics is not None:
            registry = self.options.metrics_registry
            if registry is None:
                from controller_runtime.metrics import registry as default_registry

                registry = default_registry
            self.metrics_server = MetricsServer(*metrics, registry=registry, shutdown_timeout=shutdown)
            self._http.add(self.metrics_server)

    def _elector_done(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self._errors.put_nowait(task.exception())  # type: ignore[arg-type]

    async def _new_elector(self) -> LeaderElector:
        namespace = self.options.leader_election_namespace or await asyncio.to_thread(_in_cluster_namespace)
        lock = LeaseLock(
            self.client,
            namespace,
            self.options.leader_election_id,
            identity=self.options.identity or new_identity(),
        )
        config = LeaderElectionConfig(
            lease_duration=self.options.lease_duration,
            renew_deadline=self.options.renew_deadline,
            retry_period=self.options.retry_period,
            release_on_cancel=self.options.leader_election_release_on_cancel,
        )

        def started() -> None:
            self._leader.start()
            self.elected.set()

        def stopped() -> None:
            if not self._stopping:
                self._errors.put_nowait(LeaderElectionLostError())

        return LeaderElector(lock, config, on_started_leading=started, on_stopped_leading=stopped)

    def validate(self) -> None:
        """Check options before start, so bad flags fail fast with a clear message."""
        if self.options.leader_election:
            if not self.options.leader_election_id:
                raise ValueError("LeaderElectionID must be configured")
            LeaderElectionConfig(
                self.options.lease_duration, self.options.renew_deadline, self.options.retry_period
            ).validate()
        parse_bind_address(self.options.health_probe_bind_address)
        parse_bind_address(self.options.metrics_bind_address)


class _StopRequested(Exception):
    """``stop()`` was called while the manager was still starting."""


def _needs_leader_election(runnable: Any) -> bool:
    fn = getattr(runnable, "need_leader_election", None)
    return bool(fn()) if callable(fn) else True


def _in_cluster_namespace() -> str:
    try:
        with open(SERVICE_ACCOUNT_NAMESPACE_FILE, encoding="utf-8") as f:
            ns = f.read().strip()
    except OSError:
        ns = ""
    if not ns:
        raise ValueError("not running in-cluster, please specify LeaderElectionNamespace")
    return ns
