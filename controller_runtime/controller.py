"""The controller: sources fill a rate-limited queue, N workers reconcile what it hands out.

This is controller-runtime's internal controller (runtime-anchors §1.5). Workers take a
request, call the reconciler and requeue by the outcome table:

    raised TerminalError   -> nothing (counted as a terminal error; no forget)
    raised anything else   -> add_rate_limited (backoff grows per request)
    requeue_after > 0      -> forget, then add_after(requeue_after)
    requeue (deprecated)   -> add_rate_limited
    otherwise              -> forget (success resets the backoff)

The queue guarantees one request is never reconciled by two workers at once. A controller
is a manager Runnable: `start()` runs until its task is cancelled, then lets in-flight
reconciles finish.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from controller_runtime import metrics
from controller_runtime.clock import REAL_CLOCK, Clock
from controller_runtime.log import Logger, logger_into
from controller_runtime.log import root as _root_log
from controller_runtime.reconcile import Reconciler, Request, Result, is_terminal_error
from controller_runtime.source import Source, SyncingSource
from controller_runtime.workqueue import QueueShutDown, RateLimiter, RateLimitingQueue

DEFAULT_MAX_CONCURRENT_RECONCILES = 1
DEFAULT_CACHE_SYNC_TIMEOUT = 120.0
DEFAULT_DRAIN_TIMEOUT = 5.0


def _reconcile_id() -> str:
    """A random version-4 UUID, as controller-runtime gives each reconcile for its logs.

    It only tells reconciles apart, so it comes from the process' PRNG rather than
    ``uuid.uuid4()``'s system call and object: this runs once per reconcile.
    """
    h = f"{random.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


class SourceStartError(RuntimeError):
    """A watch could not start or sync in time, so the controller cannot run."""


@dataclass(frozen=True)
class Options:
    """Per-controller settings; None means "unset" (the builder may fill it from the manager).

    max_concurrent_reconciles: workers, i.e. requests reconciled at once. Defaults to 1.
    cache_sync_timeout: seconds each source has to start and sync. Defaults to 120.
    rate_limiter: backoff for failed requests. Defaults to
        MaxOf(ItemExponential(5 ms, 1000 s), Bucket(10 qps, 100)).
    recover_panic: Python has no separate panic channel, so by default (True) any exception
        a reconcile raises is a reconcile error (logged, counted, retried with backoff).
        False turns an exception into a controller failure: `start()` raises it, and the
        manager stops, as an unrecovered Go panic would.
    need_leader_election: run only on the elected leader. Defaults to True.
    skip_name_validation: allow two controllers with one name on a manager (tests only).
    clock: time source of the queue and rate limiters. Defaults to the real clock.
    drain_timeout: on stop, seconds in-flight reconciles get to finish before they are
        cancelled, as Go's cancel their context (their API calls end at once). Defaults to 5,
        well within a pod's termination grace period, so the lease is released before the
        kubelet's SIGKILL even when a reconcile is wedged.
    """

    max_concurrent_reconciles: int | None = None
    cache_sync_timeout: float | None = None
    rate_limiter: RateLimiter[Request] | None = None
    recover_panic: bool | None = None
    need_leader_election: bool | None = None
    skip_name_validation: bool | None = None
    clock: Clock | None = None
    drain_timeout: float | None = None

    def or_defaults(self, defaults: Any) -> Options:
        """Fill unset fields from another options-like object (e.g. the manager's defaults)."""
        if defaults is None:
            return self
        updates: dict[str, Any] = {}
        for field in (
            "max_concurrent_reconciles",
            "cache_sync_timeout",
            "rate_limiter",
            "recover_panic",
            "need_leader_election",
            "skip_name_validation",
            "clock",
            "drain_timeout",
        ):
            if getattr(self, field) is None and getattr(defaults, field, None) is not None:
                updates[field] = getattr(defaults, field)
        return replace(self, **updates) if updates else self


@dataclass(frozen=True)
class _Settings:
    max_concurrent_reconciles: int
    cache_sync_timeout: float
    rate_limiter: RateLimiter[Request] | None
    recover_panic: bool
    need_leader_election: bool
    clock: Clock
    drain_timeout: float


def _apply_defaults(options: Options) -> _Settings:
    workers = options.max_concurrent_reconciles
    if workers is None or workers == 0:
        workers = DEFAULT_MAX_CONCURRENT_RECONCILES
    if workers < 0:
        raise ValueError(f"max_concurrent_reconciles must be positive, got {workers}")
    timeout = options.cache_sync_timeout
    if timeout is None or timeout == 0:
        timeout = DEFAULT_CACHE_SYNC_TIMEOUT
    if timeout < 0:
        raise ValueError(f"cache_sync_timeout must be positive, got {timeout}")
    return _Settings(
        max_concurrent_reconciles=workers,
        cache_sync_timeout=timeout,
        rate_limiter=options.rate_limiter,
        recover_panic=True if options.recover_panic is None else options.recover_panic,
        need_leader_election=True if options.need_leader_election is None else options.need_leader_election,
        clock=options.clock or REAL_CLOCK,
        drain_timeout=DEFAULT_DRAIN_TIMEOUT if options.drain_timeout is None else options.drain_timeout,
    )


class Controller:
    """Reconciles the requests its sources produce; a manager Runnable."""

    def __init__(
        self,
        name: str,
        reconciler: Reconciler,
        options: Options | None = None,
        *,
        group: str = "",
        kind: str = "",
        logger: Logger | None = None,
    ) -> None:
        if not name:
            raise ValueError("must specify a name for the controller")
        if not callable(getattr(reconciler, "reconcile", None)):
            raise TypeError(f"reconciler {reconciler!r} has no reconcile() method")
        self.name = name
        self.reconciler = reconciler
        self.group = group
        self.kind = kind
        self._settings = _apply_defaults(options or Options())
        base = logger or _root_log
        self.log = (
            base.with_values(controller=name, controllerGroup=group, controllerKind=kind)
            if kind
            else base.with_values(controller=name)
        )
        self._watches: list[Source] = []
        self._late_watches: set[asyncio.Task[None]] = set()
        self._workers: list[asyncio.Task[None]] = []
        self._start_called = False
        self._stopping = False
        self.queue: RateLimitingQueue[Request] | None = None
        self._metrics: _ControllerSeries | None = None  # set by start(), after the series exist
        #: The reconciles in progress: when each started (loop time) and what it reconciles.
        self._busy: dict[int, tuple[float, Request]] = {}
        #: Whether this process may still act as leader; the manager sets it when it runs
        #: leader election, and a worker asks before every reconcile.
        self.leading: Callable[[], bool] = _always

    # --- configuration ------------------------------------------------------------------

    @property
    def max_concurrent_reconciles(self) -> int:
        return self._settings.max_concurrent_reconciles

    @property
    def cache_sync_timeout(self) -> float:
        return self._settings.cache_sync_timeout

    def need_leader_election(self) -> bool:
        return self._settings.need_leader_election

    def watch(self, source: Source) -> None:
        """Add a source. Before start it is started with the others; after, right away
        (in the background, without holding up the workers)."""
        if not self._start_called:
            self._watches.append(source)
            return
        task = asyncio.get_running_loop().create_task(self._start_late_watch(source))
        self._late_watches.add(task)
        task.add_done_callback(self._late_watches.discard)

    # --- running ------------------------------------------------------------------------

    async def start(self) -> None:
        """Start every source (in parallel, each within cache_sync_timeout), then the workers;
        run until cancelled, then wait for in-flight reconciles to finish."""
        if self._start_called:
            raise RuntimeError(
                "controller was started more than once. This is likely to be caused by being "
                "added to a manager multiple times"
            )
        self._start_called = True
        s = self._settings
        metrics.init_controller_metrics(self.name, s.max_concurrent_reconciles)
        self._metrics = _ControllerSeries(self.name)
        self.queue = RateLimitingQueue[Request](s.rate_limiter, self.name, clock=s.clock)
        try:
            await self._start_sources(self._watches)
            self.log.info("Starting Controller")
            self.log.info("Starting workers", **{"worker count": s.max_concurrent_reconciles})
            self._workers = [
                asyncio.get_running_loop().create_task(self._worker(), name=f"{self.name}-worker-{i}")
                for i in range(s.max_concurrent_reconciles)
            ]
            # asyncio.wait, unlike gather, does not cancel the workers when we are cancelled:
            # in-flight reconciles must be allowed to finish. Workers only end by themselves
            # if one fails (recover_panic=False).
            done, _ = await asyncio.wait(self._workers, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                failure = None if task.cancelled() else task.exception()
                if failure is not None:
                    raise failure
        except asyncio.CancelledError:
            self.log.info("Shutdown signal received, waiting for all workers to finish")
            raise
        finally:
            await self._shutdown()

    async def _shutdown(self) -> None:
        self._stopping = True
        assert self.queue is not None
        self.queue.shut_down()
        for task in list(self._late_watches):
            task.cancel()
        sources = list(self._watches)
        try:
            await asyncio.gather(*(src.stop() for src in sources), return_exceptions=True)
            if self._workers:
                _, running = await asyncio.wait(self._workers, timeout=self._settings.drain_timeout)
                if running:
                    busy = sorted(str(req) for _, req in self._busy.values())
                    self.log.info("Cancelling reconciles still running after the drain timeout",
                                  requests=busy, timeout=self._settings.drain_timeout)
                    for worker in running:
                        worker.cancel()
                    await asyncio.wait(running)
        except asyncio.CancelledError:
            # Cancelled again while draining: stop waiting for the reconciles.
            for worker in self._workers:
                worker.cancel()
            raise
        if self._workers:
            self.log.info("All workers finished")

    async def _start_sources(self, sources: list[Source]) -> None:
        results = await asyncio.gather(*(self._start_source(src) for src in sources), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def _start_source(self, source: Source) -> None:
        assert self.queue is not None
        timeout = self._settings.cache_sync_timeout
        log = self.log.with_values(source=str(source))
        log.info("Starting EventSource")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            async with asyncio.timeout_at(deadline):
                await source.start(self.queue)
        except TimeoutError:
            raise SourceStartError(
                f"timed out waiting for source {source} to Start. Please ensure that its Start() method is "
                "non-blocking"
            ) from None
        if not isinstance(source, SyncingSource):
            return
        try:
            async with asyncio.timeout_at(deadline):
                await source.wait_for_sync()
        except Exception as err:
            await source.stop()
            reason = "timed out waiting for cache to be synced" if isinstance(err, TimeoutError) else str(err)
            error = SourceStartError(f"failed to wait for {self.name} caches to sync {source}: {reason}")
            log.error("Could not wait for Cache to sync", err=error)
            raise error from err

    async def _start_late_watch(self, source: Source) -> None:
        self._watches.append(source)
        try:
            await self._start_sources([source])
        except SourceStartError:
            pass  # already logged
        except Exception as err:
            self.log.error("failed to start watch", err=err, source=str(source))

    async def _worker(self) -> None:
        queue = self.queue
        assert queue is not None
        assert self._metrics is not None
        active = self._metrics.active
        while True:
            try:
                req = await queue.get()
            except QueueShutDown:
                return
            if self._stopping:
                # Stopping: reconciles in flight finish, queued ones are left for the next leader.
                queue.done(req)
                return
            if not self.leading():
                # Woken from a freeze after another replica may have taken the lease: two
                # writers must never work at once. The elector is about to stop the manager;
                # the request is the new leader's now.
                self.log.info("Not reconciling: the lease may have passed to another replica",
                              request=str(req))
                queue.done(req)
                continue
            active.inc()
            token = id(asyncio.current_task())
            self._busy[token] = (asyncio.get_running_loop().time(), req)
            try:
                await self._reconcile_handler(queue, req)
            finally:
                del self._busy[token]
                active.dec()
                queue.done(req)

    def longest_reconcile(self) -> tuple[float, Request | None]:
        """How long the oldest reconcile in progress has run (seconds), and what it reconciles."""
        if not self._busy:
            return 0.0, None
        started, req = min(self._busy.values(), key=lambda item: item[0])
        return asyncio.get_running_loop().time() - started, req

    def _request_logger(self, req: Request, reconcile_id: str) -> Logger:
        ref = {"name": req.name, "namespace": req.namespace} if req.namespace else {"name": req.name}
        key = self.kind or "object"
        return self.log.with_values(
            **{key: ref}, namespace=req.namespace, name=req.name, reconcileID=reconcile_id
        )

    async def _reconcile_handler(self, queue: RateLimitingQueue[Request], req: Request) -> None:
        reconcile_id = _reconcile_id()
        log = self._request_logger(req, reconcile_id)
        clock = self._settings.clock
        series = self._metrics
        assert series is not None
        error: Exception | None = None
        result = Result()
        with logger_into(log, reconcile_id):
            started = clock.monotonic()
            try:
                answer = await self.reconciler.reconcile(req)
                if isinstance(answer, Result):
                    result = answer
                else:
                    error = TypeError(f"reconciler returned {type(answer).__name__}, want a Result")
            except asyncio.CancelledError as err:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise  # the worker itself is being cancelled
                # A CancelledError that escaped the reconciler's own tasks is a bug in it, not
                # a stop request: treat it as a failure instead of silently losing a worker.
                error = RuntimeError(f"reconcile raised {err!r} without being cancelled")
            except Exception as err:
                if not self._settings.recover_panic:
                    raise
                error = err
            finally:
                series.reconcile_time.observe(clock.monotonic() - started)

        if error is not None:
            if is_terminal_error(error):
                series.terminal_errors.inc()
            else:
                queue.add_rate_limited(req)
            series.errors.inc()
            series.total[metrics.RESULT_ERROR].inc()
            log.error("Reconciler error", err=error)
            return
        # V(5) lines are off unless someone asked for them: check once, format only then.
        chatty = log.v(5)
        if result.requeue_after > 0:
            if chatty.enabled():
                chatty.info(f"Reconcile done, requeueing after {result.requeue_after}s")
            queue.forget(req)
            queue.add_after(req, result.requeue_after)
            series.total[metrics.RESULT_REQUEUE_AFTER].inc()
        elif result.requeue:
            chatty.info("Reconcile done, requeueing")
            queue.add_rate_limited(req)
            series.total[metrics.RESULT_REQUEUE].inc()
        else:
            chatty.info("Reconcile successful")
            queue.forget(req)
            series.total[metrics.RESULT_SUCCESS].inc()


class _ControllerSeries:
    """One controller's metric children, looked up once at start: prometheus' labels()
    validates, locks and builds a key on every call, and a reconcile made five of them."""

    __slots__ = ("active", "errors", "reconcile_time", "terminal_errors", "total")

    def __init__(self, name: str) -> None:
        self.active = metrics.active_workers.labels(controller=name)
        self.errors = metrics.reconcile_errors.labels(controller=name)
        self.terminal_errors = metrics.terminal_reconcile_errors.labels(controller=name)
        self.reconcile_time = metrics.reconcile_time.labels(controller=name)
        self.total = {
            result: metrics.reconcile_total.labels(controller=name, result=result)
            for result in (
                metrics.RESULT_SUCCESS,
                metrics.RESULT_ERROR,
                metrics.RESULT_REQUEUE,
                metrics.RESULT_REQUEUE_AFTER,
            )
        }


def _always() -> bool:
    return True
