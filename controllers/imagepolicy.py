"""The ImagePolicy controller: which tag of an ImageRepository is the latest, and its digest.

Laid out as Flux's reconcilers are: constants, the reconciler, `setup`, `reconcile` (the
deferred summary and patch), the steps, then status and event helpers.

A policy reads the tags the ImageRepository controller stored for its repository (by the
repository's namespace/name), selects one with `controllers.policy`, optionally asks the
registry for that tag's manifest digest (with the repository's credentials, TLS and
proxy settings), and reports it in `.status.latestRef` / `.status.latestImage`. It is
evaluated again when the repository's scan revision changes, when its own spec changes,
and on `reconcile.fluxcd.io/requestedAt`; with `digestReflectionPolicy: Always` also
every `.spec.interval`.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from api import annotations as annotations_api
from api import conditions as reasons
from api.image.v1.imagepolicy import (
    INTERVAL_REQUIRED_WITH_ALWAYS,
    REFLECT_ALWAYS,
    REFLECT_IF_NOT_PRESENT,
    REFLECT_NEVER,
)
from controller_runtime import controllerutil
from controller_runtime.apimachinery.duration import format_duration, parse_duration
from controller_runtime.builder import new_controller_managed_by
from controller_runtime.client import errors
from controller_runtime.controller import Options
from controller_runtime.event import CreateEvent, DeleteEvent, GenericEvent, UpdateEvent
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.errors import Generic, ReconcileError, Stalling, Waiting
from controller_runtime.fluxruntime.events import EVENT_TYPE_TRACE, Recorder, recorder_for
from controller_runtime.fluxruntime.metrics import ReconcileMetrics
from controller_runtime.fluxruntime.patch import PatchOptions, SerialPatcher
from controller_runtime.fluxruntime.result import patch_options, progressive_status, with_progress
from controller_runtime.fluxruntime.summarize import ReadySpec, StepResult, Summarizer, ready_transition
from controller_runtime.handler import EnqueueRequestsFromMapFunc
from controller_runtime.log import logger_from
from controller_runtime.predicate import GenerationChanged, Or, ReconcileRequested
from controller_runtime.reconcile import Request, Result
from controller_runtime.recorder import EVENT_TYPE_NORMAL
from controller_runtime.workqueue.rate_limiters import flux_rate_limiter
from controllers.imagepolicy_acl import AccessDeniedError, check_access
from controllers.policy import EvaluationResult, PolicyError, PolicySpec, evaluate
from controllers.registry import InvalidImageError, RegistryError, parse_image
from controllers.scanning import AuthOptionsError, ScanResources, auth_options, scan_resources
from controllers.storage import TagStoreError, repo_key

API_VERSION = "image.toolkit.fluxcd.io/v1"
KIND = "ImagePolicy"
#: The controller's name (work queue, metrics, logs).
NAME = "imagepolicy"
REPOSITORY_KIND = "ImageRepository"
CONTROLLER_NAME = "image-reflector-controller"

#: Field index on ImagePolicy: the `<namespace>/<name>` of the ImageRepository it references.
IMAGE_REPOSITORY_INDEX = ".spec.imageRepositoryRef"

FINALIZER = annotations_api.FLUX_FINALIZER
FEATURE_GATE_OBJECT_LEVEL_WI = "ObjectLevelWorkloadIdentity"
CLOUD_PROVIDERS = ("aws", "azure", "gcp")

NO_TAGS_MESSAGE = "no tags in database"
FEATURE_GATE_MESSAGE = (
    "to use spec.serviceAccountName in the ImageRepository for provider authentication please enable the "
    "ObjectLevelWorkloadIdentity feature gate in the controller"
)


#: How Ready is derived: the image kinds own only Ready, Reconciling and Stalled.
READY_SPEC = ReadySpec(owned=reasons.IMAGE_POLICY_OWNED)


@dataclass
class _Run:
    """One reconcile's facts, handed from step to step and to the summary."""

    requeue_after: float = 0.0
    reflection: str = REFLECT_NEVER
    repository: dict[str, Any] = field(default_factory=dict)
    policy: PolicySpec | None = None
    latest_tag: str = ""


class ImagePolicyReconciler:
    """Reconciles ImagePolicy objects against the tag store and the registry."""

    def __init__(
        self,
        *,
        client: Any,
        cache: Any,
        recorder: Recorder,
        resources: ScanResources,
        aws_autologin_for_ecr: bool = False,
        controller_name: str = CONTROLLER_NAME,
        no_cross_namespace_refs: bool = False,
        requeue_dependency: float = 30.0,
        feature_gates: Mapping[str, bool] | None = None,
    ) -> None:
        self.client = client
        self.cache = cache
        self.recorder = recorder
        self.resources = resources
        self.aws_autologin_for_ecr = aws_autologin_for_ecr
        self.controller_name = controller_name
        self.no_cross_namespace_refs = no_cross_namespace_refs
        self.requeue_dependency = requeue_dependency
        self.feature_gates = dict(feature_gates or {})
        self.metrics = ReconcileMetrics(KIND)
        self.summarizer = Summarizer(self.recorder, READY_SPEC, controller_name)

    async def setup_with_manager(self, manager: Any, options: Any) -> None:
        """Watch ImagePolicies whose generation changed or that carry a new
        `reconcile.fluxcd.io/requestedAt`, and the ImageRepositories they reference (through
        a field index, no API call) when a change can move a policy's outcome."""
        await manager.cache.index_field(API_VERSION, KIND, IMAGE_REPOSITORY_INDEX, index_repository_ref)

        async def policies_for(repo: dict[str, Any]) -> list[Request]:
            meta = repo.get("metadata") or {}
            key = f"{meta.get('namespace')}/{meta.get('name')}"
            found = await manager.cache.list(API_VERSION, KIND, matching_fields={IMAGE_REPOSITORY_INDEX: key})
            return [
                Request(str(p["metadata"].get("namespace") or ""), str(p["metadata"]["name"]))
                for p in found["items"]
            ]

        (
            new_controller_managed_by(manager)
            .named(NAME)
            .for_(API_VERSION, KIND, Or(GenerationChanged(), ReconcileRequested()))
            .watches(
                API_VERSION, REPOSITORY_KIND, EnqueueRequestsFromMapFunc(policies_for), RepositoryChanged()
            )
            .with_options(
                Options(
                    max_concurrent_reconciles=int(getattr(options, "concurrent", 4) or 4),
                    rate_limiter=flux_rate_limiter(
                        float(getattr(options, "min_retry_delay", 0.75)),
                        float(getattr(options, "max_retry_delay", 900.0)),
                    ),
                )
            )
            .complete(self)
        )

    # ------------------------------------------------------------------ reconcile

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
            # The finalizer comes first, as upstream's: deletion is always seen by a reconcile.
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
                err = Generic(reasons.FAILURE, f"reconciliation failed: {e}")
            return await self.summarizer.summarize_and_patch(
                patcher, old, obj, step, err,
                requeue_after=run.requeue_after,
                ready_message=_ready_message(obj),
                notify=self._notify,
            )

    async def _reconcile(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Show progress, then run the steps in upstream's order; a requeue or an error ends it."""
        status = obj.setdefault("status", {})
        generation = int(obj["metadata"].get("generation") or 0)
        observed = int(status.get("observedGeneration", -1))
        message = reasons.RECONCILIATION_IN_PROGRESS
        if generation != observed:
            message = reasons.NEW_GENERATION_MESSAGE % (observed, generation)
        progressive_status(False, obj, conditions.PROGRESSING_REASON, "%s", message)
        # A run past PROGRESS_PATCH_AFTER (a slow digest lookup) shows its progress on the
        # way; a quick one shows only its outcome.
        return await with_progress(patcher, obj, self._steps(obj, run), self._progress_options())

    async def _steps(self, obj: dict[str, Any], run: _Run) -> StepResult:
        """The sub-steps in upstream's order: a requeue or an error ends the chain."""
        step = StepResult.EMPTY
        for sub_step in (self._reconcile_repository, self._reconcile_tags, self._reconcile_digest):
            result = await sub_step(obj, run)
            if result is StepResult.REQUEUE:
                return result
            step = step.lowest_requeue(result)
        return step

    # ------------------------------------------------------------------ steps

    async def _reconcile_repository(self, obj: dict[str, Any], run: _Run) -> StepResult:
        """The policy's own spec and the repository it may use; Stalled for what no retry fixes."""
        spec: Mapping[str, Any] = obj.get("spec") or {}
        run.reflection = str(spec.get("digestReflectionPolicy") or REFLECT_NEVER)
        run.requeue_after = self._digest_interval(spec, run.reflection)
        run.repository = await self._get_repository(obj)
        self._check_repository(run.repository.get("spec") or {})
        try:
            run.policy = PolicySpec.from_dict(spec)
        except PolicyError as e:
            raise Stalling(reasons.INVALID_POLICY, e.message) from None
        return StepResult.SUCCESS

    async def _reconcile_tags(self, obj: dict[str, Any], run: _Run) -> StepResult:
        """Select the latest tag from the stored ones; no tags yet is a dependency not ready."""
        assert run.policy is not None
        tags = await self._read_tags(run.repository)
        outcome = await asyncio.to_thread(evaluate, run.policy, tags)
        if not outcome.ok:
            raise Generic(outcome.reason or reasons.FAILURE, _no_selection_message(outcome))
        assert outcome.latest_tag is not None
        run.latest_tag = outcome.latest_tag
        return StepResult.SUCCESS

    async def _reconcile_digest(self, obj: dict[str, Any], run: _Run) -> StepResult:
        """Reflect the digest as the policy asks, and record the latest ref."""
        name = str((run.repository.get("spec") or {}).get("image") or "")
        digest = await self._reflect_digest(obj, run.repository, name, run.latest_tag, run.reflection)
        self._record(obj, {"name": name, "tag": run.latest_tag, **({"digest": digest} if digest else {})})
        return StepResult.SUCCESS

    async def _reconcile_delete(self, patcher: SerialPatcher, obj: dict[str, Any]) -> Result:
        """Nothing of the policy's lives outside the object: release it at once."""
        self.summarizer.forget(str(obj["metadata"].get("namespace") or ""), str(obj["metadata"]["name"]))
        if controllerutil.remove_finalizer(obj, FINALIZER):
            try:
                await patcher.patch(obj, self._progress_options())
            except errors.NotFoundError:
                pass
        return Result()

    def _digest_interval(self, spec: Mapping[str, Any], reflection: str) -> float:
        """The digest refresh period (0 unless `Always`); `Always` without interval stalls."""
        if reflection != REFLECT_ALWAYS:
            return 0.0
        raw = spec.get("interval")
        if not raw:
            raise Stalling(reasons.INTERVAL_NOT_CONFIGURED, INTERVAL_REQUIRED_WITH_ALWAYS)
        try:
            value = parse_duration(str(raw))
        except ValueError as e:
            raise Stalling(reasons.INTERVAL_NOT_CONFIGURED, f"invalid spec.interval: {e}") from None
        return value if value > 0 else 600.0

    async def _get_repository(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """The referenced ImageRepository, if it exists and this policy may use it."""
        namespace, name = repository_ref(obj)
        policy_namespace = str(obj["metadata"].get("namespace") or "")
        try:
            labels: Mapping[str, str] | None = None
            if namespace != policy_namespace and not self.no_cross_namespace_refs:
                labels = await self._namespace_labels(policy_namespace)
            repo: dict[str, Any] | None = None
            if namespace == policy_namespace or not self.no_cross_namespace_refs:
                repo = await self.cache.get(API_VERSION, REPOSITORY_KIND, name, namespace=namespace)
            check_access(
                policy_namespace=policy_namespace,
                repo_namespace=namespace,
                repo_name=name,
                access_from=((repo or {}).get("spec") or {}).get("accessFrom"),
                namespace_labels=labels,
                no_cross_namespace_refs=self.no_cross_namespace_refs,
            )
        except AccessDeniedError as e:
            raise Generic(
                reasons.ACCESS_DENIED, f"failed to get the referred ImageRepository: {e}"
            ) from None
        except errors.NotFoundError as e:
            raise Generic(
                reasons.DEPENDENCY_NOT_READY,
                f"failed to get the referred ImageRepository: referenced ImageRepository does not exist: {e}",
            ) from None
        except errors.ApiError as e:
            raise Generic(reasons.FAILURE, f"failed to get the referred ImageRepository: {e}") from None
        assert repo is not None
        return repo

    async def _namespace_labels(self, namespace: str) -> Mapping[str, str]:
        ns = await self.client.get("v1", "Namespace", namespace)
        labels = (ns.get("metadata") or {}).get("labels") or {}
        return {str(k): str(v) for k, v in labels.items()}

    def _check_repository(self, repo_spec: Mapping[str, Any]) -> None:
        """Stall on a repository this policy can never use (bad image, disabled feature)."""
        try:
            parse_image(str(repo_spec.get("image") or ""), insecure=bool(repo_spec.get("insecure")))
        except InvalidImageError as e:
            raise Stalling(reasons.IMAGE_URL_INVALID, e.message) from None
        if (
            repo_spec.get("provider") in CLOUD_PROVIDERS
            and repo_spec.get("serviceAccountName")
            and not self.feature_gates.get(FEATURE_GATE_OBJECT_LEVEL_WI, False)
        ):
            raise Stalling(reasons.FEATURE_GATE_DISABLED, FEATURE_GATE_MESSAGE)

    async def _read_tags(self, repo: Mapping[str, Any]) -> list[str]:
        meta = repo.get("metadata") or {}
        try:
            key = repo_key(str(meta.get("namespace")), str(meta.get("name")))
            tags = await self.resources.store.tags(key)
        except TagStoreError as e:
            raise Generic(reasons.FAILURE, f"failed to read tags from database: {e}") from None
        if not tags:
            raise Waiting(
                reasons.DEPENDENCY_NOT_READY,
                f"retrying in {format_duration(self.requeue_dependency)} error: {NO_TAGS_MESSAGE}",
                self.requeue_dependency,
            )
        return tags

    async def _reflect_digest(
        self, obj: Mapping[str, Any], repo: Mapping[str, Any], name: str, tag: str, reflection: str
    ) -> str | None:
        """The digest to record: none for `Never`, kept for `IfNotPresent` when the ref is the same."""
        if reflection == REFLECT_NEVER:
            return None
        latest = (obj.get("status") or {}).get("latestRef") or {}
        if (
            reflection == REFLECT_IF_NOT_PRESENT
            and latest.get("name") == name
            and latest.get("tag") == tag
            and latest.get("digest")
        ):
            return str(latest["digest"])
        repo_spec = repo.get("spec") or {}
        timeout = _repository_timeout(repo_spec)
        try:
            ref = parse_image(name, insecure=bool(repo_spec.get("insecure")))
            auth = await auth_options(
                self.client, dict(repo), ref, login=self.resources.login,
                aws_autologin_for_ecr=self.aws_autologin_for_ecr, time_limit=timeout,
            )
            return await self.resources.registry.get_digest(
                ref, tag, auth.credentials, transport=auth.transport, time_limit=timeout
            )
        except (RegistryError, AuthOptionsError, InvalidImageError) as e:
            raise Generic(
                conditions.FAILED_REASON, f"failed fetching digest of {name}:{tag}: {e}"
            ) from None

    # ------------------------------------------------------------------ status

    @staticmethod
    def _record(obj: dict[str, Any], ref: dict[str, str]) -> None:
        """Move latestRef to `ref`, keeping the old one as observedPreviousRef when it changes."""
        status = obj.setdefault("status", {})
        current = status.get("latestRef")
        if current != ref:
            if current:
                status["observedPreviousRef"] = current
                status["observedPreviousImage"] = image_string(current)
            status["latestRef"] = ref
        status["latestImage"] = image_string(status["latestRef"])

    def _progress_options(self) -> PatchOptions:
        """Patches before the summary never claim the generation was handled."""
        return patch_options({}, READY_SPEC.owned, self.controller_name, final=False)

    def _notify(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """A successful run: Normal for a new latest image or a recovery, else a Trace."""
        message = conditions.get_message(new, conditions.READY)
        old_ref = (old.get("status") or {}).get("latestRef")
        new_ref = (new.get("status") or {}).get("latestRef")
        changed = old_ref != new_ref or ready_transition(old, new)
        event_type = EVENT_TYPE_NORMAL if changed else EVENT_TYPE_TRACE
        self.recorder.event(new, event_type, conditions.SUCCEEDED_REASON, message)


# ---------------------------------------------------------------------- wiring


def repository_ref(obj: Mapping[str, Any]) -> tuple[str, str]:
    """`(namespace, name)` of the referenced ImageRepository (namespace defaults to the policy's)."""
    ref = (obj.get("spec") or {}).get("imageRepositoryRef") or {}
    namespace = ref.get("namespace") or (obj.get("metadata") or {}).get("namespace") or ""
    return str(namespace), str(ref.get("name") or "")


def index_repository_ref(obj: Mapping[str, Any]) -> list[str]:
    """The IMAGE_REPOSITORY_INDEX values of a policy: one `<namespace>/<name>`."""
    namespace, name = repository_ref(obj)
    return [f"{namespace}/{name}"] if name else []


class RepositoryChanged:
    """Passes ImageRepository updates that can change a policy's outcome: a new scan revision,
    a new canonical image name, a readiness flip, or new `accessFrom` or image. The repository
    writes its status on every scan; a write that changes none of these is dropped."""

    def create(self, evt: CreateEvent) -> bool:
        return True

    def delete(self, evt: DeleteEvent) -> bool:
        return True

    def generic(self, evt: GenericEvent) -> bool:
        return True

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        return _repository_fingerprint(evt.old) != _repository_fingerprint(evt.new)


def _repository_fingerprint(repo: Mapping[str, Any]) -> tuple[Any, ...]:
    status = repo.get("status") or {}
    spec = repo.get("spec") or {}
    scan = status.get("lastScanResult") or {}
    ready = conditions.get(dict(repo), conditions.READY) or {}
    return (
        scan.get("revision"),
        status.get("canonicalImageName"),
        ready.get("status"),
        spec.get("image"),
        spec.get("accessFrom"),
    )


async def setup(manager: Any, options: Any) -> ImagePolicyReconciler:
    """Register the ImagePolicy controller (`lookout manager` calls this for `imagepolicy`).

    The tag store, registry client and cloud-login cache are the manager's shared scan
    resources, so the policy reads exactly what the ImageRepository controller wrote.
    """
    resources = await scan_resources(manager, options)
    # Always Flux's name for this kind, never the manager's (``lookout`` for a mixed set): events
    # and field managers must say image-reflector-controller wherever the controller runs.
    reconciler = ImagePolicyReconciler(
        client=manager.client,
        cache=manager.cache,
        recorder=recorder_for(manager, CONTROLLER_NAME, str(getattr(options, "events_addr", "") or "")),
        resources=resources,
        aws_autologin_for_ecr=bool(getattr(options, "aws_autologin_for_ecr", False)),
        controller_name=CONTROLLER_NAME,
        no_cross_namespace_refs=bool(getattr(options, "no_cross_namespace_refs", False)),
        requeue_dependency=float(getattr(options, "requeue_dependency", 30.0)),
        feature_gates=getattr(options, "feature_gates", None),
    )
    await reconciler.setup_with_manager(manager, options)
    return reconciler


# ---------------------------------------------------------------------- small helpers


def image_string(ref: Mapping[str, Any]) -> str:
    """`name:tag[@digest]`, as `status.latestImage` and upstream's ImageRef.String()."""
    out = f"{ref.get('name', '')}:{ref.get('tag', '')}"
    return f"{out}@{ref['digest']}" if ref.get("digest") else out


def _ready_message(obj: Mapping[str, Any]) -> str:
    status = obj.get("status") or {}
    latest = status.get("latestRef") or {}
    message = f"Latest image tag for {latest.get('name', '')} resolved to {latest.get('tag', '')}"
    if latest.get("digest"):
        message += f" with digest {latest['digest']}"
    previous = status.get("observedPreviousRef")
    if previous and previous != latest:
        message += f" (previously {image_string(previous)})"
    return message


def _no_selection_message(outcome: EvaluationResult) -> str:
    """Lookout's fuller message (tags considered, passed the filter), never just upstream's."""
    return outcome.message or outcome.upstream_message or "unable to determine latest version"


def _requested_at(obj: Mapping[str, Any]) -> str | None:
    value = ((obj.get("metadata") or {}).get("annotations") or {}).get(annotations_api.RECONCILE_REQUESTED_AT)
    return str(value) if value is not None else None


def _repository_timeout(repo_spec: Mapping[str, Any]) -> float:
    """The repository's `.spec.timeout`, else its interval, never below a second (as its scan)."""
    for key in ("timeout", "interval"):
        raw = repo_spec.get(key)
        if raw:
            try:
                return max(parse_duration(str(raw)), 1.0)
            except ValueError:
                continue
    return 60.0
