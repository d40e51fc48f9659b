"""The ImageUpdateAutomation controller: writes the images ImagePolicies chose back into Git.

One file telling the whole story in the order every Lookout controller follows (Flux
image-automation-controller's `imageupdateautomation_controller.go` is the anchor): constants,
the reconciler and its wiring, `reconcile` (get, delete, finalizer, suspend, the guarded steps,
and the summary that always runs), the steps (`_reconcile_policies`, `_reconcile_source`,
`_reconcile_update`, `_reconcile_delete`), then the status and event helpers.

Behaviour users rely on (spec: image-automation-reference; flux-reference 5):
- the ImagePolicies of the automation's namespace that match `.spec.policySelector` and have a
  `latestRef` are its setters (`.status.observedPolicies`);
- the GitRepository named by `.spec.sourceRef` gives the URL, credentials, proxy and timeout;
  `.spec.git.checkout.ref` (else the GitRepository's ref, else `master`) is checked out into one
  clone per automation under `--storage-path`, fetched rather than re-cloned on each run;
- markers under `.spec.update.path` are set (controllers/automation/setters.py: only the marked
  values change, byte for byte); changes are committed with the author, the templated message
  (controllers/automation/gotemplate) and the signing key, and pushed to `.spec.git.push.branch`
  (and `refspec`, with push `options`); a push the remote refused because the branch moved is
  redone on the new head, and nothing is ever force-pushed;
- when neither the policies nor the remote head changed since the last run, a reconcile makes
  one `git ls-remote` and nothing else (`no change since last reconciliation`);
- status `lastAutomationRunTime`, `lastPushCommit`, `lastPushTime`, `observedPolicies`,
  `observedSourceRevision`; a push is a Normal event with upstream's summary; spec problems a
  retry cannot fix are Stalled with upstream's reasons and messages.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api import annotations as api_annotations
from api import conditions as api_conditions
from api.image.v1.imageupdateautomation import ImageUpdateAutomation
from controller_runtime import controllerutil
from controller_runtime.apimachinery.timestamp import format_time
from controller_runtime.builder import new_controller_managed_by
from controller_runtime.client import errors
from controller_runtime.controller import Options
from controller_runtime.event import CreateEvent, DeleteEvent, GenericEvent, UpdateEvent
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.errors import Generic, ReconcileError, Stalling
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
from controller_runtime.workqueue import flux_rate_limiter
from controllers.automation import plan
from controllers.automation.plan import (
    DEFAULT_TIMEOUT,
    GIT_OPERATION_FAILED,
    GIT_REPOSITORY_KIND,
    PlanError,
)
from controllers.automation.setters import PathError, PolicyImage, UpdateResult, apply_setters
from controllers.git import (
    AuthError,
    CheckoutRef,
    CommitSigning,
    GitAuth,
    GitError,
    LocalClone,
    NonFastForwardError,
    PushResult,
    signing_from_secret,
)
from controllers.registry import ConfigurationError

# ---------------------------------------------------------------------------------------------
# Constants

API_VERSION = "image.toolkit.fluxcd.io/v1"
KIND = "ImageUpdateAutomation"
#: The controller's name (work queue, metrics, logs).
NAME = "imageupdateautomation"
#: Upstream's name: the field manager of our patches and the source of our events.
CONTROLLER_NAME = "image-automation-controller"
FINALIZER = api_annotations.FLUX_FINALIZER
POLICY_API_VERSION = "image.toolkit.fluxcd.io/v1"
POLICY_KIND = "ImagePolicy"
GIT_REPOSITORY_API_VERSION = "source.toolkit.fluxcd.io/v1"
#: Field index: the `<namespace>/<name>` of the GitRepository an automation uses.
GIT_REPOSITORY_INDEX = ".spec.gitRepository"

READY_SPEC = ReadySpec(owned=api_conditions.IMAGE_REPOSITORY_OWNED)

UPDATE_FAILED = "UpdateFailed"
#: The reason of the Trace event naming marked files the setters could not parse.
SKIPPED_FILES = "SkippedFiles"
READY_MESSAGE = "repository up-to-date"
NO_CHANGE_MESSAGE = "no change since last reconciliation"
DEFAULT_BRANCH = "master"
#: How often a push the remote refused because the branch moved is redone on the new head.
PUSH_ATTEMPTS = 3


@dataclass
class _Run:
    """One reconcile's facts, handed from step to step and to the summary."""

    requeue_after: float = 0.0
    policies: dict[tuple[str, str], PolicyImage] = field(default_factory=dict)
    observed_policies: dict[str, dict[str, str]] = field(default_factory=dict)
    policies_changed: bool = False
    #: The last run did not end Ready for this generation: its outcome cannot be trusted to stand.
    must_sync: bool = False
    url: str = ""
    auth: GitAuth | None = None
    timeout: float = DEFAULT_TIMEOUT
    checkout: CheckoutRef = field(default_factory=CheckoutRef)
    push_branch: str = ""
    switch_branch: bool = False
    clone: LocalClone | None = None
    signing: CommitSigning | None = None
    skipped_sync: bool = False
    revision: str = ""
    push: PushResult | None = None


# ---------------------------------------------------------------------------------------------
# The reconciler


class ImageUpdateAutomationReconciler:
    """Applies the selected policies to a Git checkout and pushes the result."""

    def __init__(
        self,
        *,
        client: Any,
        cache: Any,
        recorder: Recorder,
        storage_path: Path,
        no_cross_namespace_refs: bool = False,
        ssh_kex_algos: Sequence[str] = (),
        ssh_hostkey_algos: Sequence[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.cache = cache
        self.recorder = recorder
        self.storage_path = Path(storage_path)
        self.no_cross_namespace_refs = no_cross_namespace_refs
        self.ssh_kex_algos = tuple(ssh_kex_algos)
        self.ssh_hostkey_algos = tuple(ssh_hostkey_algos)
        self.clock = clock
        self.metrics = ReconcileMetrics(KIND)
        self.summarizer = Summarizer(self.recorder, READY_SPEC, CONTROLLER_NAME)

    async def setup_with_manager(self, manager: Any, options: Any) -> None:
        """Watch automations (new generation or reconcile request), their GitRepositories (a new
        generation), and ImagePolicies whose `latestRef` changed (every automation of that
        namespace, as upstream)."""
        await manager.cache.index_field(API_VERSION, KIND, GIT_REPOSITORY_INDEX, index_git_repository)

        async def for_repository(repo: dict[str, Any]) -> list[Request]:
            meta = repo.get("metadata") or {}
            key = f"{meta.get('namespace')}/{meta.get('name')}"
            found = await manager.cache.list(API_VERSION, KIND, matching_fields={GIT_REPOSITORY_INDEX: key})
            return [Request(str(a["metadata"].get("namespace") or ""), str(a["metadata"]["name"]))
                    for a in found["items"]]

        async def for_policy(policy: dict[str, Any]) -> list[Request]:
            namespace = str((policy.get("metadata") or {}).get("namespace") or "")
            found = await manager.cache.list(API_VERSION, KIND, namespace=namespace)
            return [Request(namespace, str(a["metadata"]["name"])) for a in found["items"]]

        (
            new_controller_managed_by(manager)
            .named(NAME)
            .for_(API_VERSION, KIND, Or(GenerationChanged(), ReconcileRequested()))
            .watches(GIT_REPOSITORY_API_VERSION, GIT_REPOSITORY_KIND,
                     EnqueueRequestsFromMapFunc(for_repository), GenerationChanged())
            .watches(POLICY_API_VERSION, POLICY_KIND,
                     EnqueueRequestsFromMapFunc(for_policy), LatestRefChanged())
            .with_options(
                Options(
                    max_concurrent_reconciles=max(int(getattr(options, "concurrent", 4) or 4), 1),
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

            if controllerutil.add_finalizer(obj, FINALIZER):
                await patcher.patch(obj, self._progress_options())
                return Result(requeue=True)

            if (obj.get("spec") or {}).get("suspend"):
                log.info("reconciliation is suspended for this object")
                return Result()

            old, run, step, err = copy.deepcopy(obj), _Run(), StepResult.EMPTY, None
            try:
                step = await self._reconcile(patcher, obj, run)
            except ReconcileError as e:
                err = e
            except Exception as e:  # an API error, a bug: the status is still summarised
                err = Generic(conditions.FAILED_REASON, f"reconciliation failed: {e}")
            return await self.summarizer.summarize_and_patch(
                patcher, old, obj, step, err,
                requeue_after=run.requeue_after,
                ready_message=READY_MESSAGE,
                notify=lambda before, after: self._notify(before, after, run),
            )

    async def _reconcile(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Show progress, then run the steps in order; a requeue or an error ends the chain."""
        view = ImageUpdateAutomation.from_dict(obj)
        run.requeue_after = view.spec.get_interval().total_seconds()
        observed = (obj.get("status") or {}).get("observedGeneration")
        observed = int(observed) if isinstance(observed, int) else -1
        # A new spec (path, template, push settings...) or a failed last run is applied in full,
        # even when neither the policies nor the branch head moved.
        run.must_sync = view.generation != observed or not conditions.is_ready(obj)
        obj.setdefault("status", {})["lastAutomationRunTime"] = format_time(self.clock())
        progressive_status(False, obj, conditions.PROGRESSING_REASON, "reconciliation in progress")
        if view.generation != observed:
            progressive_status(
                False, obj, conditions.PROGRESSING_REASON, "processing object: new generation %d -> %d",
                observed, view.generation,
            )
        return await with_progress(patcher, obj, self._steps(patcher, obj, run), self._progress_options())

    async def _steps(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        step = StepResult.EMPTY
        for sub_step in (self._reconcile_policies, self._reconcile_source, self._reconcile_update):
            try:
                result = await sub_step(patcher, obj, run)
            except PlanError as e:
                raise _reconcile_error(e) from None
            if result is StepResult.REQUEUE:
                return result
            step = step.lowest_requeue(result)
        return step

    # -----------------------------------------------------------------------------------------
    # Steps

    async def _reconcile_policies(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """The automation's setters: the namespace's policies matching the selector that have
        chosen an image; whether they differ from the last run's."""
        namespace = str(obj["metadata"].get("namespace") or "")
        selector = plan.policy_selector(obj.get("spec") or {})
        found = await self.cache.list(POLICY_API_VERSION, POLICY_KIND, namespace=namespace)
        selection = plan.select_policies(namespace, found["items"], selector)
        run.policies, run.observed_policies = selection.policies, selection.observed
        previous = (obj.get("status") or {}).get("observedPolicies") or {}
        run.policies_changed = previous != run.observed_policies
        return StepResult.SUCCESS

    async def _reconcile_source(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Resolve the GitRepository, its credentials and the refs; then either confirm with one
        `ls-remote` that nothing changed, or bring the local clone to the checkout ref."""
        namespace, name = _key(obj)
        source = plan.source_ref(obj, no_cross_namespace_refs=self.no_cross_namespace_refs)
        git = source.git
        try:
            repo = await self.cache.get(GIT_REPOSITORY_API_VERSION, GIT_REPOSITORY_KIND, source.name,
                                        namespace=source.namespace)
        except errors.NotFoundError as e:
            raise self._source_error(f"referenced git repository does not exist: {e}") from None
        except errors.ApiError as e:  # e.g. a namespace this manager does not watch
            raise self._source_error(
                f"failed to get {GIT_REPOSITORY_KIND} '{source.namespace}/{source.name}': {e}") from None
        repo_spec = repo.get("spec") or {}
        run.url = str(repo_spec.get("url") or "")
        run.timeout = plan.parse_seconds(repo_spec.get("timeout"), DEFAULT_TIMEOUT)
        try:
            run.auth = (await plan.git_auth(self._secret, source.namespace, repo_spec)).with_ssh_algorithms(
                self.ssh_kex_algos, self.ssh_hostkey_algos)
        except (AuthError, ConfigurationError) as e:
            raise self._source_error(str(e)) from None

        run.checkout = plan.checkout_ref(git, repo_spec)
        push = git.get("push") or {}
        own_branch = run.checkout.effective_branch
        run.push_branch = plan.push_branch(git, run.checkout)
        run.switch_branch = plan.switches_branch(run.push_branch, run.checkout)
        run.signing = await self._signing(namespace, git)
        run.clone = LocalClone(self._clone_dir(namespace, name))

        # The cheap path: the last run succeeded for this generation, same policies, no refspec or
        # other push branch, and the checkout branch's head is the commit we last saw.
        observed = str((obj.get("status") or {}).get("observedSourceRevision") or "")
        if (
            not run.must_sync
            and not run.policies_changed
            and not run.switch_branch
            and not push.get("refspec")
            and observed
            and own_branch
            and not run.checkout.commit
        ):
            try:
                head = await run.clone.ls_remote(run.url, run.auth, own_branch, run.timeout)
            except GitError as e:
                raise Generic(GIT_OPERATION_FAILED, f"failed to checkout source: {e}") from None
            if head is not None and f"{own_branch}@sha1:{head}" == observed:
                run.skipped_sync = True
                run.revision = observed
                return StepResult.SUCCESS
        await self._sync(run)
        return StepResult.SUCCESS

    async def _reconcile_update(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Set the markers, commit and push; a push refused because the branch moved is redone
        on the new head."""
        status = obj.setdefault("status", {})
        if run.skipped_sync:
            status["observedPolicies"] = run.observed_policies
            return StepResult.SUCCESS
        spec = obj.get("spec") or {}
        path = plan.update_path(spec)
        git = spec.get("git") or {}
        commit_spec = git.get("commit") or {}
        push = git.get("push") or {}
        author = commit_spec.get("author") or {}
        template = plan.parse_template(commit_spec)
        options = [f"{k}={v}" for k, v in sorted((push.get("options") or {}).items())]
        assert run.clone is not None and run.auth is not None

        for attempt in range(PUSH_ATTEMPTS):
            result = await self._apply(obj, run, path)
            if not result.changes:
                break
            message = plan.render_message(template, *_key(obj), result, commit_spec)
            try:
                sha = await run.clone.commit(
                    message, str(author.get("name") or ""), str(author.get("email") or ""), run.signing)
            except GitError as e:
                raise Generic(GIT_OPERATION_FAILED, f"failed to update source: {e}") from None
            if sha is None:
                break
            try:
                run.push = await run.clone.push(
                    run.url, run.auth, run.push_branch, push.get("refspec") or None, options, run.timeout)
            except NonFastForwardError as e:
                if attempt + 1 == PUSH_ATTEMPTS:
                    raise Generic(GIT_OPERATION_FAILED,
                                  f"failed to update source: failed to push to remote: {e}") from None
                logger_from().info("the branch moved while we pushed; redoing the update on its new head",
                                   branch=run.push_branch)
                await self._sync(run)
                continue
            except GitError as e:
                raise Generic(GIT_OPERATION_FAILED,
                              f"failed to update source: failed to push to remote: {e}") from None
            status["lastPushCommit"] = run.push.commit
            status["lastPushTime"] = format_time(self.clock())
            if not run.switch_branch:
                run.revision = f"{run.push_branch}@sha1:{run.push.commit}"
            break
        status["observedSourceRevision"] = run.revision
        status["observedPolicies"] = run.observed_policies
        return StepResult.SUCCESS

    async def _reconcile_delete(self, patcher: SerialPatcher, obj: dict[str, Any]) -> Result:
        """Drop the local clone, then let the object go; a failure keeps the finalizer."""
        namespace, name = _key(obj)
        self.summarizer.forget(namespace, name)
        if not controllerutil.contains_finalizer(obj, FINALIZER):
            return Result()
        directory = self._clone_dir(namespace, name).parent
        try:
            await asyncio.to_thread(shutil.rmtree, directory, ignore_errors=False)
        except FileNotFoundError:
            pass
        except OSError as e:
            raise Generic(conditions.FAILED_REASON, f"failed to remove the local clone: {e}") from e
        controllerutil.remove_finalizer(obj, FINALIZER)
        try:
            await patcher.patch(obj, self._progress_options())
        except errors.NotFoundError:
            pass
        return Result()

    # -----------------------------------------------------------------------------------------
    # Step helpers

    async def _sync(self, run: _Run) -> None:
        assert run.clone is not None and run.auth is not None
        push_branch = run.push_branch if run.switch_branch else None
        try:
            synced = await run.clone.sync(run.url, run.auth, run.checkout, push_branch, run.timeout)
        except GitError as e:
            raise Generic(GIT_OPERATION_FAILED, f"failed to checkout source: {e}") from None
        run.revision = synced.revision

    async def _apply(self, obj: dict[str, Any], run: _Run, path: str) -> UpdateResult:
        """Set the markers; files that do not parse are skipped, and said so in a Trace event
        (`kubectl describe` shows it) and the log."""
        assert run.clone is not None
        try:
            result = await apply_setters(run.clone.path, run.policies, path or "./")
        except (PathError, OSError) as e:
            raise Generic(UPDATE_FAILED, f"failed to apply policies: {e}") from None
        if result.skipped:
            shown = ", ".join(f"{file} ({why})" for file, why in result.skipped[:10])
            more = f" and {len(result.skipped) - 10} more" if len(result.skipped) > 10 else ""
            message = f"skipped {len(result.skipped)} files that could not be parsed: {shown}{more}"
            self.recorder.event(obj, EVENT_TYPE_TRACE, SKIPPED_FILES, message)
            logger_from().info("files that could not be parsed were skipped", files=shown)
        return result

    async def _secret(self, namespace: str, name: str) -> dict[str, bytes]:
        secret = await self.client.get("v1", "Secret", name, namespace=namespace)
        return {str(k): base64.b64decode(str(v)) for k, v in (secret.get("data") or {}).items()}

    async def _signing(self, namespace: str, git: Mapping[str, Any]) -> CommitSigning | None:
        key = ((git.get("commit") or {}).get("signingKey")) or None
        if not isinstance(key, dict):
            return None
        secret_name = str((key.get("secretRef") or {}).get("name") or "")
        try:
            data = await self._secret(namespace, secret_name)
        except errors.ApiError as e:
            where = f"{namespace}/{secret_name}"
            raise self._source_error(f"could not find signing key secret '{where}': {e}") from None
        try:
            return signing_from_secret(str(key.get("type") or "gpg"), data)
        except (AuthError, GitError, ValueError) as e:
            # Upstream names the Secret in these messages.
            named = f"signing key secret '{namespace}/{secret_name}' "
            message = str(e).replace("signing key secret ", named, 1)
            raise self._source_error(message) from None

    def _source_error(self, message: str) -> ReconcileError:
        return _reconcile_error(plan.source_error(message))

    def _clone_dir(self, namespace: str, name: str) -> Path:
        return self.storage_path / "imageupdateautomation" / namespace / name / "repo"

    # -----------------------------------------------------------------------------------------
    # Status and events

    def _progress_options(self) -> PatchOptions:
        """Patches before the summary never claim the generation was handled."""
        return patch_options({}, READY_SPEC.owned, CONTROLLER_NAME, final=False)

    def _notify(self, old: dict[str, Any], new: dict[str, Any], run: _Run) -> None:
        """A push is a Normal event with upstream's summary; a recovery a Normal `repository
        up-to-date`; anything else a Trace."""
        if run.push is not None:
            self.recorder.event(new, EVENT_TYPE_NORMAL, conditions.SUCCEEDED_REASON, run.push.summary())
        elif ready_transition(old, new):
            self.recorder.event(new, EVENT_TYPE_NORMAL, conditions.SUCCEEDED_REASON, READY_MESSAGE)
        else:
            message = NO_CHANGE_MESSAGE if run.skipped_sync else READY_MESSAGE
            self.recorder.event(new, EVENT_TYPE_TRACE, conditions.SUCCEEDED_REASON, message)


class LatestRefChanged:
    """Passes ImagePolicy events that can change what an automation writes: a new `latestRef`
    (or a policy appearing or going away)."""

    def create(self, evt: CreateEvent) -> bool:
        return True

    def delete(self, evt: DeleteEvent) -> bool:
        return True

    def generic(self, evt: GenericEvent) -> bool:
        return False

    def update(self, evt: UpdateEvent) -> bool:
        if not evt.old or not evt.new:
            return False
        old = (evt.old.get("status") or {}).get("latestRef")
        new = (evt.new.get("status") or {}).get("latestRef")
        return bool(old != new or (evt.old.get("metadata") or {}).get("labels")
                    != (evt.new.get("metadata") or {}).get("labels"))


async def setup(manager: Any, options: Any) -> None:
    """Register the controller with `manager` (`lookout manager` calls this for `imageupdateautomation`)."""
    reconciler = ImageUpdateAutomationReconciler(
        client=manager.client,
        cache=manager.cache,
        recorder=recorder_for(manager, CONTROLLER_NAME, options.events_addr),
        storage_path=Path(options.storage_path),
        no_cross_namespace_refs=options.no_cross_namespace_refs,
        ssh_kex_algos=options.ssh_kex_algos,
        ssh_hostkey_algos=options.ssh_hostkey_algos,
    )
    await reconciler.setup_with_manager(manager, options)


# ---------------------------------------------------------------------------------------------
# Small pure helpers


def index_git_repository(obj: Mapping[str, Any]) -> list[str]:
    """The GIT_REPOSITORY_INDEX value of an automation: `<namespace>/<name>` of its source."""
    source = (obj.get("spec") or {}).get("sourceRef") or {}
    name = source.get("name")
    if not name or (source.get("kind") or GIT_REPOSITORY_KIND) != GIT_REPOSITORY_KIND:
        return []
    namespace = source.get("namespace") or (obj.get("metadata") or {}).get("namespace") or ""
    return [f"{namespace}/{name}"]


def _key(obj: Mapping[str, Any]) -> tuple[str, str]:
    meta = obj.get("metadata") or {}
    return str(meta.get("namespace") or ""), str(meta.get("name") or "")


def _reconcile_error(e: PlanError) -> ReconcileError:
    """A plan helper's error as the controller reports it: Stalled when a retry cannot help."""
    return Stalling(e.reason, e.message) if e.stalled else Generic(e.reason, e.message)


