"""The ImageRepository controller: scans a registry repository for tags on an interval.

One file telling the whole story in Flux's order (image-reflector-controller's
`imagerepository_controller.go`): constants, the reconciler, `setup`, `reconcile` with
its one place that summarises and patches the status, the steps (`_reconcile`,
`_reconcile_delete`, `_should_scan`, `_scan`), then the status and event helpers.

Behaviour users rely on (spec: imagerepositories-v1beta2):
- `.status.canonicalImageName`, `.status.lastScanResult` (tagCount, scanTime, the 10
  latest tags in descending order, an order-independent revision) and
  `.status.observedExclusionList`, with Ready/Reconciling/Stalled conditions;
- a scan happens on the first reconcile, on `reconcile.fluxcd.io/requestedAt`, when the
  image or the exclusion list changed, when the tag store lost the object's tags, and
  when the interval has elapsed; otherwise the object is requeued at the *remaining*
  time, so a restart does not rescan everything at once;
- failures set Ready=False with a reason, emit a Warning event and are retried with
  exponential backoff (the reconcile raises); spec errors a retry cannot fix are Stalled.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from api import annotations as api_annotations
from api import conditions as api_conditions
from api import duration
from api.image.v1.imagerepository import ImageRepository
from controller_runtime import controllerutil
from controller_runtime.builder import new_controller_managed_by
from controller_runtime.client import errors
from controller_runtime.controller import Options
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import PatchOptions, SerialPatcher
from controller_runtime.log import logger_from
from controller_runtime.predicate import GenerationChanged, Or, ReconcileRequested
from controller_runtime.reconcile import Request, Result
from controller_runtime.recorder import EventRecorder
from controller_runtime.workqueue import flux_rate_limiter
from controllers import reconcile_status
from controllers.reconcile_status import ReconcileError
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

OWNED_CONDITIONS = api_conditions.IMAGE_REPOSITORY_OWNED
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
#: Below this, the remaining time to the next scan counts as "due" (upstream's one second).
SCAN_DUE_SLACK = timedelta(seconds=1)


@dataclass
class _Outcome:
    """What `_reconcile` decided; `expected_requeue` is the requeue of a fully successful run."""

    result: Result
    error: ReconcileError | None = None
    expected_requeue: float = 0.0
    found_tags: int = 0
    next_scan_message: str = ""
    previous_ready: dict[str, Any] | None = None


# ---------------------------------------------------------------------------------------------
# The reconciler


class ImageRepositoryReconciler:
    """Scans registries into the tag store and reports the result in the object's status."""

    def __init__(
        self,
        *,
        client: Any,
        cache: Any,
        recorder: EventRecorder,
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

    def setup_with_manager(self, manager: Any, options: Any) -> None:
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
        """Read the object, run the steps, then summarise the conditions and patch, in one place."""
        log = logger_from()
        try:
            obj = await self.cache.get(API_VERSION, KIND, request.name, namespace=request.namespace)
        except errors.NotFoundError:
            return Result()
        patcher = SerialPatcher(obj, self.client)

        if (obj.get("metadata") or {}).get("deletionTimestamp"):
            return await self._reconcile_delete(patcher, obj)

        # The finalizer comes first: tags are never stored for an object that could vanish unseen.
        if controllerutil.add_finalizer(obj, FINALIZER):
            await patcher.patch(obj, PatchOptions(field_owner=CONTROLLER_NAME))
            return Result(requeue=True)

        if (obj.get("spec") or {}).get("suspend"):
            log.info("reconciliation is suspended for this object")
            return Result()

        old = copy.deepcopy(obj)
        outcome = _Outcome(result=Result())
        try:
            async with self.resources.use():
                outcome = await self._reconcile(patcher, obj, outcome)
        except Exception as e:  # an API error, a bug: the status is still summarised and patched
            outcome = self._fail(obj, outcome, api_conditions.FAILURE, f"reconciliation failed: {e}")
        result, error = self._finalize(obj, outcome)
        self._notify(old, obj, outcome.next_scan_message)
        try:
            await patcher.patch(obj, self._patch_options(obj))
        except errors.NotFoundError:
            return Result()  # deleted meanwhile: nothing left to report on
        if error is not None:
            raise error
        return result

    # -----------------------------------------------------------------------------------------
    # Steps

    async def _reconcile(self, patcher: SerialPatcher, obj: dict[str, Any], outcome: _Outcome) -> _Outcome:
        """Validate, authenticate, decide whether to scan, scan; mark conditions on the way."""
        view = ImageRepository.from_dict(obj)
        interval = view.spec.get_interval()
        failed_before = conditions.is_false(obj, conditions.READY)
        outcome.expected_requeue = interval.total_seconds()

        reconcile_status.progressive_status(
            False, obj, api_conditions.PROGRESSING, api_conditions.RECONCILIATION_IN_PROGRESS
        )
        status = obj.get("status") or {}
        observed = status.get("observedGeneration")
        observed = int(observed) if isinstance(observed, int) else -1
        requested = view.annotations.get(api_annotations.RECONCILE_REQUESTED_AT)
        if view.generation != observed:
            reconcile_status.progressive_status(
                False, obj, REASON_NEW_GENERATION, api_conditions.NEW_GENERATION_MESSAGE,
                observed, view.generation,
            )
            await patcher.patch(obj, self._progress_patch_options())
        elif requested is not None and requested != status.get("lastHandledReconcileAt"):
            await patcher.patch(obj, self._progress_patch_options())

        if view.spec.insecure and not self.insecure_allow_http:
            conditions.mark_stalled(obj, INSECURE_CONNECTIONS_DISALLOWED, INSECURE_DISALLOWED_MESSAGE)
            return outcome
        try:
            ref = parse_image(view.spec.image, insecure=view.spec.insecure)
        except InvalidImageError as e:
            conditions.mark_stalled(obj, api_conditions.IMAGE_URL_INVALID, e.message)
            return outcome
        provider = view.spec.provider or GENERIC_PROVIDER
        if (
            provider != GENERIC_PROVIDER
            and view.spec.service_account_name
            and not self.feature_gates.get(OBJECT_LEVEL_WORKLOAD_IDENTITY, False)
        ):
            conditions.mark_stalled(obj, api_conditions.FEATURE_GATE_DISABLED, FEATURE_GATE_DISABLED_MESSAGE)
            return outcome
        conditions.delete(obj, conditions.STALLED)

        timeout = view.spec.get_timeout().total_seconds()
        try:
            auth = await auth_options(
                self.client, obj, ref, login=self.resources.login,
                aws_autologin_for_ecr=self.aws_autologin_for_ecr, time_limit=timeout,
            )
        except AuthOptionsError as e:
            return self._fail(obj, outcome, api_conditions.AUTHENTICATION_FAILED,
                              f"failed to configure authentication options: {e}")

        try:
            scan, when, reason = await self._should_scan(view, ref, interval, failed_before)
        except TagStoreError as e:
            return self._fail(obj, outcome, api_conditions.FAILURE,
                              f"failed to determine if it's scan time: {e}")

        if scan:
            # An object whose tags vanished flips Ready to Unknown: policies must not trust it.
            drift = reason == SCAN_NO_TAGS
            reconcile_status.progressive_status(
                drift, obj, REASON_SCANNING, "scanning: %s", reason
            )
            await patcher.patch(obj, self._progress_patch_options())
            try:
                found, changed = await self._scan(obj, view, ref, auth, timeout)
            except (RegistryError, ExclusionError, TagStoreError) as e:
                reason_code = e.reason if isinstance(e, RegistryError) else REASON_READ_OPERATION_FAILED
                return self._fail(obj, outcome, reason_code, f"scan failed: {e}")
            outcome.found_tags = found
            fmt = NEXT_SCAN_AFTER_SCAN if changed else NEXT_SCAN_TAGS_UNCHANGED
            outcome.next_scan_message = fmt % duration.format(interval)
        else:
            outcome.found_tags = int(((status.get("lastScanResult") or {}).get("tagCount")) or 0)
            outcome.next_scan_message = NEXT_SCAN_NO_CHANGE % duration.format(when)
            outcome.expected_requeue = when.total_seconds()

        obj.setdefault("status", {})["canonicalImageName"] = ref.name
        obj["status"]["observedExclusionList"] = view.spec.get_exclusion_list()
        # Ready is decided in `_finalize` from the whole outcome; keep the old one to preserve
        # its transition time when nothing changed.
        outcome.previous_ready = conditions.get(obj, conditions.READY)
        conditions.delete(obj, conditions.READY)
        outcome.result = Result(requeue_after=outcome.expected_requeue)
        return outcome

    async def _reconcile_delete(self, patcher: SerialPatcher, obj: dict[str, Any]) -> Result:
        """Forget the object's tags, then let it go."""
        if not controllerutil.contains_finalizer(obj, FINALIZER):
            return Result()
        meta = obj.get("metadata") or {}
        async with self.resources.use():
            await self.resources.store.delete(repo_key(str(meta.get("namespace", "")), str(meta.get("name"))))
        controllerutil.remove_finalizer(obj, FINALIZER)
        try:
            await patcher.patch(obj, PatchOptions(field_owner=CONTROLLER_NAME))
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
        registry = self.resources.registry
        try:
            async with self.resources.registry_slot(ref.registry):
                tags = await registry.list_tags(
                    ref, auth.credentials, transport=auth.transport, time_limit=time_limit
                )
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
            "scanTime": _format_time(self.clock()),
        }
        if latest:
            result["latestTags"] = latest
        obj.setdefault("status", {})["lastScanResult"] = result
        logger_from().v(1).info("scanned", image=ref.name, tags=len(kept), revision=revision)
        return len(kept), previous.get("revision") != revision

    # -----------------------------------------------------------------------------------------
    # Status and events

    def _fail(self, obj: dict[str, Any], outcome: _Outcome, reason: str, message: str) -> _Outcome:
        """Ready=False with `reason`; the reconcile returns the message as its error (backoff)."""
        conditions.mark_false(obj, conditions.READY, reason, "%s", message)
        outcome.error = ReconcileError(message)
        outcome.result = Result()
        return outcome

    def _finalize(self, obj: dict[str, Any], outcome: _Outcome) -> tuple[Result, BaseException | None]:
        """Settle Ready/Reconciling/Stalled from the outcome (the shared ResultFinalizer)."""
        error = reconcile_status.finalize(
            obj, outcome.result, outcome.error,
            expected_requeue=outcome.expected_requeue,
            ready_message=READY_MESSAGE % outcome.found_tags,
            previous_ready=outcome.previous_ready,
        )
        return outcome.result, error

    def _progress_patch_options(self) -> PatchOptions:
        """Patches that show progress mid-reconcile never claim the generation was handled."""
        return reconcile_status.patch_options({}, OWNED_CONDITIONS, CONTROLLER_NAME, final=False)

    def _patch_options(self, obj: dict[str, Any]) -> PatchOptions:
        """observedGeneration moves only once the generation is fully handled (Ready or Stalled)."""
        return reconcile_status.patch_options(obj, OWNED_CONDITIONS, CONTROLLER_NAME)

    def _notify(self, old: dict[str, Any], new: dict[str, Any], next_scan_message: str) -> None:
        """Normal on Ready (re)appearing or changing, Warning while not ready, else the next-scan note."""
        reconcile_status.notify(self.recorder, old, new, next_scan_message)


class OrphanedTagsCollector:
    """A one-shot runnable: drop stored tags of objects that disappeared while we were not
    running (finalizers removed by hand, force-deleted namespaces), so the store only
    holds what some ImageRepository still owns. It only looks at what this manager
    watches: another namespace or label shard may belong to another replica."""

    def __init__(self, cache: Any, resources: ScanResources, namespace: str | None) -> None:
        self.cache = cache
        self.resources = resources
        self.namespace = namespace

    async def start(self) -> None:
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
    ImageRepositoryReconciler(
        client=manager.client,
        cache=manager.cache,
        recorder=manager.get_event_recorder_for(CONTROLLER_NAME),
        resources=resources,
        insecure_allow_http=options.insecure_allow_http,
        aws_autologin_for_ecr=options.aws_autologin_for_ecr,
        feature_gates=options.feature_gates,
    ).setup_with_manager(manager, options)
    if not options.watch_label_selector:  # a shard cannot tell orphans from other shards' objects
        manager.add(OrphanedTagsCollector(manager.cache, resources, options.watch_namespace))


# ---------------------------------------------------------------------------------------------
# Small pure helpers


def _same_set(a: list[str], b: list[str]) -> bool:
    """Upstream's exclusion-list comparison: same length and every element of one in the other."""
    return len(a) == len(b) and all(x in b for x in a)


def _format_time(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0
