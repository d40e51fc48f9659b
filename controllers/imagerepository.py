"""The ImageRepository controller: scans a registry repository for tags on an interval.

One file telling the whole story in the order every Lookout controller follows
(docs/architecture.md; Flux's `imagerepository_controller.go` is the anchor): constants,
the reconciler and its wiring, `reconcile` (get, delete, finalizer, suspend, the guarded
steps, and the summary that always runs), the steps (`_reconcile_spec`, `_reconcile_scan`,
`_reconcile_delete`), then the status and event helpers.

Behaviour users rely on (spec: imagerepositories-v1beta2):
- `.status.canonicalImageName`, `.status.lastScanResult` (tagCount, scanTime, the 10
  latest tags in descending order, an order-independent revision) and
  `.status.observedExclusionList`, with Ready/Reconciling/Stalled conditions;
- a scan happens on the first reconcile, on `reconcile.fluxcd.io/requestedAt`, when the
  image or the exclusion list changed, when the tag store lost the object's tags, and
  when the interval has elapsed; otherwise the object is requeued at the *remaining*
  time, so a restart does not rescan everything at once;
- failures set Ready=False with a reason, emit a Warning event and are retried with
  exponential backoff; spec errors a retry cannot fix are Stalled (one Warning, no retry);
- a Normal event for a new scan revision or a recovery, a Trace (`next scan in ...`) else.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from api import annotations as api_annotations
from api import conditions as api_conditions
from api import duration
from api.image.v1.imagerepository import ImageRepository
from controller_runtime import controllerutil
from controller_runtime.apimachinery.timestamp import format_time
from controller_runtime.builder import new_controller_managed_by
from controller_runtime.client import errors
from controller_runtime.controller import Options
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.errors import ErrorConfig, Generic, ReconcileError, Stalling, Waiting
from controller_runtime.fluxruntime.events import EVENT_TYPE_TRACE, Recorder, recorder_for
from controller_runtime.fluxruntime.metrics import ReconcileMetrics
from controller_runtime.fluxruntime.patch import PatchOptions, SerialPatcher
from controller_runtime.fluxruntime.result import patch_options, progressive_status, with_progress
from controller_runtime.fluxruntime.summarize import ReadySpec, StepResult, Summarizer, ready_transition
from controller_runtime.log import logger_from
from controller_runtime.predicate import GenerationChanged, Or, ReconcileRequested
from controller_runtime.reconcile import Request, Result
from controller_runtime.recorder import EVENT_TYPE_NORMAL, EVENT_TYPE_WARNING
from controller_runtime.workqueue import flux_rate_limiter
from controllers.registry import PROVIDER_GENERIC as GENERIC_PROVIDER
from controllers.registry import (
    REASON_READ_OPERATION_FAILED,
    AuthenticationError,
    ImageRef,
    InvalidImageError,
    RegistryError,
    parse_image,
)
from controllers.scanning import (
    AuthOptions,
    AuthOptionsError,
    ExclusionError,
    ScanResources,
    auth_options,
    exclude_in_place,
    scan_resources,
)
from controllers.storage import TagStoreError, repo_key

# ---------------------------------------------------------------------------------------------
# Constants

API_VERSION = "image.toolkit.fluxcd.io/v1"
KIND = "ImageRepository"
#: The controller's name (work queue, metrics, logs).
NAME = "imagerepository"
#: Upstream's name: the field manager of our patches and the source of our events.
CONTROLLER_NAME = "image-reflector-controller"

FINALIZER = api_annotations.FLUX_FINALIZER
#: How many registries may be scanned at full `--concurrent` at once: the worker count is
#: `--concurrent` times this, and each registry gets at most `--concurrent` of them.
REGISTRIES_AT_ONCE = 8

#: The spec's Ready message and success event (flux-reference: spec wins over upstream v1.x).
READY_MESSAGE = "successful scan, found %d tags"

#: The spec's Reconciling reasons ("reason: NewGeneration | reason: Scanning"; upstream's code
#: says `Progressing`, the spec wins). A failing retry still becomes `ProgressingWithRetry`.
REASON_NEW_GENERATION = "NewGeneration"
REASON_SCANNING = "Scanning"

# Why a reconcile scans (`scanning: <reason>` in the Reconciling condition).
SCAN_FIRST = "first scan"
SCAN_RECONCILE_REQUESTED = "reconcile requested"
SCAN_NEW_IMAGE = "new image name"
SCAN_UPDATED_EXCLUSION_LIST = "updated exclusion list"
SCAN_NO_TAGS = "no tags in database"
SCAN_INTERVAL = "triggered by interval"
#: Lookout: a failed scan is retried as a scan (spec: "continue to attempt to scan ... with an
#: exponential backoff, until it succeeds"), not turned Ready again from the last good result.
SCAN_RETRY = "retrying after failure"

# Trace messages of a reconcile that changed nothing users see in Ready.
NEXT_SCAN_AFTER_SCAN = "successful scan, next scan in %s"
NEXT_SCAN_TAGS_UNCHANGED = "tags did not change, next scan in %s"
NEXT_SCAN_NO_CHANGE = "no change in repository configuration since last scan, next scan in %s"

#: RFC 0004: `.spec.insecure` while `--insecure-allow-http=false` stalls the object.
INSECURE_CONNECTIONS_DISALLOWED = "InsecureConnectionsDisallowed"
INSECURE_DISALLOWED_MESSAGE = (
    "spec.insecure is set but the controller does not allow insecure (plain HTTP) connections: "
    "it runs with --insecure-allow-http=false"
)
OBJECT_LEVEL_WORKLOAD_IDENTITY = "ObjectLevelWorkloadIdentity"
FEATURE_GATE_DISABLED_MESSAGE = (
    "to use spec.serviceAccountName for provider authentication please enable the "
    "ObjectLevelWorkloadIdentity feature gate in the controller"
)
#: A registry's Retry-After: Ready=False and one Warning per attempt, like any failed scan,
#: but the next attempt comes when the registry said, not on the backoff's schedule.
RATE_LIMITED = ErrorConfig(EVENT_TYPE_WARNING, log=True)
#: Below this, the remaining time to the next scan counts as "due" (upstream's one second).
SCAN_DUE_SLACK = timedelta(seconds=1)


#: How Ready is derived: the image kinds own only Ready, Reconciling and Stalled.
READY_SPEC = ReadySpec(owned=api_conditions.IMAGE_REPOSITORY_OWNED)


@dataclass
class _Run:
    """One reconcile's facts, handed from step to step and to the summary."""

    requeue_after: float = 0.0
    failed_before: bool = False
    ref: ImageRef | None = None
    found_tags: int = 0
    revision_changed: bool = False
    next_scan_message: str = ""


# ---------------------------------------------------------------------------------------------
# The reconciler


class ImageRepositoryReconciler:
    """Scans registries into the tag store and reports the result in the object's status."""

    def __init__(
        self,
        *,
        client: Any,
        cache: Any,
        recorder: Recorder,
        resources: ScanResources,
        insecure_allow_http: bool = True,
        aws_autologin_for_ecr: bool = False,
        feature_gates: dict[str, bool] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.cache = cache
        self.recorder = recorder
        self.resources = resources
        self.insecure_allow_http = insecure_allow_http
        self.aws_autologin_for_ecr = aws_autologin_for_ecr
        self.feature_gates = dict(feature_gates or {})
        self.clock = clock
        self.metrics = ReconcileMetrics(KIND)
        self.summarizer = Summarizer(self.recorder, READY_SPEC, CONTROLLER_NAME)

    async def setup_with_manager(self, manager: Any, options: Any) -> None:
        """Watch ImageRepositories whose generation changed or that carry a new
        `reconcile.fluxcd.io/requestedAt`; our own status updates do not retrigger."""
        (
            new_controller_managed_by(manager)
            .named(NAME)
            .for_(API_VERSION, KIND, Or(GenerationChanged(), ReconcileRequested()))
            .with_options(
                Options(
                    # Waiting on a registry costs a task, not a thread: many reconciles run at
                    # once, and `--concurrent` bounds the scans of each registry instead.
                    max_concurrent_reconciles=max(options.concurrent, 1) * REGISTRIES_AT_ONCE,
                    rate_limiter=flux_rate_limiter(options.min_retry_delay, options.max_retry_delay),
                )
            )
            .complete(self)
        )

    # -----------------------------------------------------------------------------------------
    # Reconcile

    async def reconcile(self, request: Request) -> Result:
        """Read the object, run the steps, then summarise and patch, whatever happened."""
        log = logger_from()
        try:
            obj = await self.cache.get(API_VERSION, KIND, request.name, namespace=request.namespace)
        except errors.NotFoundError:
            self.summarizer.forget(request.namespace, request.name)
            self.metrics.forget(request.namespace, request.name)
            return Result()
        with self.metrics.timed(obj):
            patcher = SerialPatcher(obj, self.client)

            if (obj.get("metadata") or {}).get("deletionTimestamp"):
                return await self._reconcile_delete(patcher, obj)

            # The finalizer comes first: tags are never stored for an object that could vanish unseen.
            if controllerutil.add_finalizer(obj, FINALIZER):
                await patcher.patch(obj, self._progress_options())
                return Result(requeue=True)

            if (obj.get("spec") or {}).get("suspend"):
                log.info("reconciliation is suspended for this object")
                return Result()

            old, run, step, err = copy.deepcopy(obj), _Run(), StepResult.EMPTY, None
            try:
                async with self.resources.use():
                    step = await self._reconcile(patcher, obj, run)
            except ReconcileError as e:
                err = e
            except Exception as e:  # an API error, a bug: the status is still summarised
                err = Generic(api_conditions.FAILURE, f"reconciliation failed: {e}")
            return await self.summarizer.summarize_and_patch(
                patcher, old, obj, step, err,
                requeue_after=run.requeue_after,
                ready_message=READY_MESSAGE % run.found_tags,
                notify=lambda before, after: self._notify(before, after, run),
            )

    async def _reconcile(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Show progress, then run the steps in order; a requeue or an error ends the chain."""
        view = ImageRepository.from_dict(obj)
        run.failed_before = conditions.is_false(obj, conditions.READY)
        run.requeue_after = view.spec.get_interval().total_seconds()

        progressive_status(False, obj, api_conditions.PROGRESSING, api_conditions.RECONCILIATION_IN_PROGRESS)
        status = obj.get("status") or {}
        observed = status.get("observedGeneration")
        observed = int(observed) if isinstance(observed, int) else -1
        if view.generation != observed:
            progressive_status(
                False, obj, REASON_NEW_GENERATION, api_conditions.NEW_GENERATION_MESSAGE,
                observed, view.generation,
            )
        # A run past PROGRESS_PATCH_AFTER (a slow registry) shows its progress on the way;
        # a quick one shows only its outcome.
        return await with_progress(patcher, obj, self._steps(patcher, obj, run), self._progress_options())

    async def _steps(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """The sub-steps in order: a requeue or an error ends the chain."""
        step = StepResult.EMPTY
        for sub_step in (self._reconcile_spec, self._reconcile_scan):
            result = await sub_step(patcher, obj, run)
            if result is StepResult.REQUEUE:
                return result
            step = step.lowest_requeue(result)
        return step

    # -----------------------------------------------------------------------------------------
    # Steps

    async def _reconcile_spec(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Refuse, as Stalled, what no retry can fix: a forbidden insecure registry, an invalid
        image, a provider identity behind a disabled feature gate."""
        view = ImageRepository.from_dict(obj)
        if view.spec.insecure and not self.insecure_allow_http:
            raise Stalling(INSECURE_CONNECTIONS_DISALLOWED, INSECURE_DISALLOWED_MESSAGE)
        try:
            run.ref = parse_image(view.spec.image, insecure=view.spec.insecure)
        except InvalidImageError as e:
            raise Stalling(api_conditions.IMAGE_URL_INVALID, e.message) from None
        provider = view.spec.provider or GENERIC_PROVIDER
        if (
            provider != GENERIC_PROVIDER
            and view.spec.service_account_name
            and not self.feature_gates.get(OBJECT_LEVEL_WORKLOAD_IDENTITY, False)
        ):
            raise Stalling(api_conditions.FEATURE_GATE_DISABLED, FEATURE_GATE_DISABLED_MESSAGE)
        return StepResult.SUCCESS

    async def _reconcile_scan(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Authenticate, decide whether to scan, scan; record the result in the status."""
        view = ImageRepository.from_dict(obj)
        ref = run.ref
        assert ref is not None
        interval = view.spec.get_interval()
        timeout = view.spec.get_timeout().total_seconds()
        try:
            auth = await auth_options(
                self.client, obj, ref, login=self.resources.login,
                aws_autologin_for_ecr=self.aws_autologin_for_ecr, time_limit=timeout,
            )
        except AuthOptionsError as e:
            raise Generic(
                api_conditions.AUTHENTICATION_FAILED, f"failed to configure authentication options: {e}"
            ) from None

        try:
            scan, when, reason = await self._should_scan(view, ref, interval, run.failed_before)
        except TagStoreError as e:
            raise Generic(api_conditions.FAILURE, f"failed to determine if it's scan time: {e}") from None

        if scan:
            # An object whose tags vanished flips Ready to Unknown: policies must not trust it.
            progressive_status(reason == SCAN_NO_TAGS, obj, REASON_SCANNING, "scanning: %s", reason)
            try:
                run.found_tags, run.revision_changed = await self._scan(obj, view, ref, auth, timeout)
            except RegistryError as e:
                if e.retry_after:
                    # The registry named when to come back: wait that long instead of the
                    # backoff, which would fail again (and warn again) before then.
                    raise Waiting(e.reason, f"scan failed: {e}", e.retry_after, config=RATE_LIMITED) from None
                raise Generic(e.reason, f"scan failed: {e}") from None
            except (ExclusionError, TagStoreError) as e:
                raise Generic(REASON_READ_OPERATION_FAILED, f"scan failed: {e}") from None
            fmt = NEXT_SCAN_AFTER_SCAN if run.revision_changed else NEXT_SCAN_TAGS_UNCHANGED
            run.next_scan_message = fmt % duration.format(interval)
        else:
            last_scan = (obj.get("status") or {}).get("lastScanResult") or {}
            run.found_tags = int(last_scan.get("tagCount") or 0)
            run.next_scan_message = NEXT_SCAN_NO_CHANGE % duration.format(when)
            run.requeue_after = when.total_seconds()

        obj.setdefault("status", {})["canonicalImageName"] = ref.name
        obj["status"]["observedExclusionList"] = view.spec.get_exclusion_list()
        return StepResult.SUCCESS

    async def _reconcile_delete(self, patcher: SerialPatcher, obj: dict[str, Any]) -> Result:
        """Forget the object's tags, then let it go; a failure keeps the finalizer."""
        self.summarizer.forget(str(obj["metadata"].get("namespace") or ""), str(obj["metadata"]["name"]))
        if not controllerutil.contains_finalizer(obj, FINALIZER):
            return Result()
        meta = obj.get("metadata") or {}
        async with self.resources.use():
            await self.resources.store.delete(repo_key(str(meta.get("namespace", "")), str(meta.get("name"))))
        controllerutil.remove_finalizer(obj, FINALIZER)
        try:
            await patcher.patch(obj, self._progress_options())
        except errors.NotFoundError:
            pass
        logger_from().info("tags deleted with the object")
        return Result()

    async def _should_scan(
        self, view: ImageRepository, ref: ImageRef, interval: timedelta, failed_before: bool = False
    ) -> tuple[bool, timedelta, str]:
        """Whether to scan now, the time left until the next scan, and why (flux-reference 4.2);
        `failed_before` (Ready was False) makes a backoff retry scan again."""
        status = view.status
        last = status.last_scan_result
        if last is None or not last.scan_time:
            return True, interval, SCAN_FIRST
        requested = view.annotations.get(api_annotations.RECONCILE_REQUESTED_AT)
        if requested is not None and requested != (status.last_handled_reconcile_at or ""):
            return True, interval, SCAN_RECONCILE_REQUESTED
        if ref.name != status.canonical_image_name:
            return True, interval, SCAN_NEW_IMAGE
        if not _same_set(view.spec.get_exclusion_list(), status.observed_exclusion_list or []):
            return True, interval, SCAN_UPDATED_EXCLUSION_LIST
        stored = await self.resources.store.summary(repo_key(view.namespace, view.name))
        if stored is None:
            return True, interval, SCAN_NO_TAGS
        if failed_before:
            return True, interval, SCAN_RETRY
        elapsed = timedelta(seconds=self.clock() - _parse_time(last.scan_time))
        when = interval - elapsed
        if when < SCAN_DUE_SLACK:
            return True, interval, SCAN_INTERVAL
        return False, when, ""

    async def _scan(
        self,
        obj: dict[str, Any],
        view: ImageRepository,
        ref: ImageRef,
        auth: AuthOptions,
        time_limit: float,
    ) -> tuple[int, bool]:
        """List, filter and store the tags; record the scan result. Returns (count, revision changed)."""
        try:
            tags = await self.resources.list_tags(ref, auth, time_limit)
        except AuthenticationError:
            if auth.provider != GENERIC_PROVIDER:
                self.resources.login.forget(auth.provider, ref)  # the cloud's token went stale
            raise
        kept = tags  # filtered in place: one list of 100,000 tags while the store sorts a copy
        exclude_in_place(kept, view.spec.get_exclusion_list())
        key = repo_key(view.namespace, view.name)
        try:
            revision = await self.resources.store.set_tags(key, kept)
        except (TagStoreError, ValueError) as e:
            raise TagStoreError(f"failed to set tags for {ref.name!r}: {e}") from None
        summary = await self.resources.store.summary(key)
        latest = summary.latest if summary is not None else []
        previous = (obj.get("status") or {}).get("lastScanResult") or {}
        result: dict[str, Any] = {
            "revision": revision,
            "tagCount": len(kept),
            "scanTime": format_time(self.clock()),
        }
        if latest:
            result["latestTags"] = latest
        obj.setdefault("status", {})["lastScanResult"] = result
        logger_from().v(1).info("scanned", image=ref.name, tags=len(kept), revision=revision)
        return len(kept), previous.get("revision") != revision

    # -----------------------------------------------------------------------------------------
    # Status and events

    def _progress_options(self) -> PatchOptions:
        """Patches before the summary never claim the generation was handled."""
        return patch_options({}, READY_SPEC.owned, CONTROLLER_NAME, final=False)

    def _notify(self, old: dict[str, Any], new: dict[str, Any], run: _Run) -> None:
        """A successful run: Normal for a new scan revision or a recovery, else a Trace with
        when the next scan is."""
        if run.revision_changed or ready_transition(old, new):
            message = conditions.get_message(new, conditions.READY)
            self.recorder.event(new, EVENT_TYPE_NORMAL, api_conditions.SUCCEEDED, message)
        else:
            self.recorder.event(new, EVENT_TYPE_TRACE, api_conditions.SUCCEEDED, run.next_scan_message)


#: Seconds per unit of `--gc-interval` (minutes, as Flux's).
GC_INTERVAL_UNIT = 60.0


class OrphanedTagsCollector:
    """A leader runnable: at start and then every `every` seconds (`--gc-interval`), drop
    the stored tags of objects that are gone (finalizers removed by hand, force-deleted
    namespaces, objects deleted while we were not running), so the store only holds what
    some ImageRepository still owns. It only looks at what this manager watches: another
    namespace or label shard may belong to another replica."""

    def __init__(
        self, cache: Any, resources: ScanResources, namespace: str | None, every: float = 0.0
    ) -> None:
        self.cache = cache
        self.resources = resources
        self.namespace = namespace
        self.every = every

    async def start(self) -> None:
        while True:
            try:
                await self._collect()
            except TagStoreError as e:  # storage unavailable: the objects say so; try next time
                logger_from().error("could not look for the stored tags of deleted objects", err=e)
            if self.every <= 0:
                return
            await asyncio.sleep(self.every)

    async def _collect(self) -> None:
        async with self.resources.use():
            # Keys first: a key stored after this read is not judged, and every key read here
            # was written for an object the cache had already seen when we list it next.
            keys = await self.resources.store.keys()
            listed = await self.cache.list(API_VERSION, KIND, namespace=self.namespace)
            alive = {
                repo_key(str(o["metadata"].get("namespace", "")), str(o["metadata"].get("name", "")))
                for o in listed["items"]
            }
            orphans = [
                k for k in keys
                if k not in alive and (self.namespace is None or k.startswith(f"{self.namespace}/"))
            ]
            for key in orphans:
                await self.resources.store.delete(key)
        if orphans:
            logger_from().info("deleted the stored tags of objects that no longer exist", count=len(orphans))


async def setup(manager: Any, options: Any) -> None:
    """Register the controller with `manager` (`lookout manager` calls this for `imagerepository`)."""
    resources = await scan_resources(manager, options)
    reconciler = ImageRepositoryReconciler(
        client=manager.client,
        cache=manager.cache,
        recorder=recorder_for(manager, CONTROLLER_NAME, options.events_addr),
        resources=resources,
        insecure_allow_http=options.insecure_allow_http,
        aws_autologin_for_ecr=options.aws_autologin_for_ecr,
        feature_gates=options.feature_gates,
    )
    await reconciler.setup_with_manager(manager, options)
    # A shard cannot tell orphans from other shards' objects; `--gc-interval=0` disables it.
    if not options.watch_label_selector and options.gc_interval > 0:
        manager.add(OrphanedTagsCollector(manager.cache, resources, options.watch_namespace,
                                          every=options.gc_interval * GC_INTERVAL_UNIT))


# ---------------------------------------------------------------------------------------------
# Small pure helpers


def _same_set(a: list[str], b: list[str]) -> bool:
    """Upstream's exclusion-list comparison: same length and every element of one in the other."""
    return len(a) == len(b) and all(x in b for x in a)


def _parse_time(value: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0
