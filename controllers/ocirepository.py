"""The OCIRepository controller: pulls an OCI artifact into a verified, served tarball.

One file telling the whole story in the order every Lookout controller follows (Flux
source-controller's `ocirepository_controller.go` is the anchor): constants, the reconciler and
its wiring, `reconcile` (get, delete, finalizer, suspend, the guarded steps, and the summary
that always runs), the steps (`_reconcile_storage`, `_reconcile_source`, `_reconcile_artifact`,
`_reconcile_delete`), then the status and event helpers.

Behaviour users rely on (spec: ocirepositories-source.werf.io-v1):
- `.spec.url` is `oci://host[:port]/path` without a tag (Stalled `URLInvalid` otherwise);
  `.spec.ref` picks digest > semver (+ `semverFilter`) > tag > `latest`;
- the revision is `<tag>@sha256:<hex>` (a digest ref: `sha256:<hex>`); while the remote
  digest, `.spec.ignore` and `.spec.layerSelector` are what built the stored artifact, a
  reconcile makes one manifest HEAD request and pulls nothing (`ArtifactUpToDate`);
- the selected layer (first, or first of `layerSelector.mediaType`) is extracted safely
  (controllers/artifacts/extract.py) or copied as-is, filtered by `.sourceignore` and
  `.spec.ignore`, archived deterministically under `--storage-path` and served on
  `--storage-addr`; `status.artifact` and `status.url` (`latest.tar.gz`) point at it;
- `.spec.verify` checks cosign or notation signatures (`SourceVerified`);
- failures mark `FetchFailed` or `StorageOperationFailed` with the spec's reasons and messages,
  Ready is summarised from them, and a Warning event is emitted; `URLInvalid` and a disabled
  feature gate stall the object;
- a `NewArtifact` event carries `source.werf.io/revision` and `/digest`; an unchanged run emits
  only a Trace.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from api import annotations as api_annotations
from api import conditions as api_conditions
from api.source.v1.ocirepository import OCIRepository
from controller_runtime import controllerutil
from controller_runtime.builder import new_controller_managed_by
from controller_runtime.client import errors
from controller_runtime.controller import Options
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.errors import Generic, ReconcileError, Stalling
from controller_runtime.fluxruntime.events import EVENT_TYPE_TRACE, Recorder, recorder_for
from controller_runtime.fluxruntime.metrics import ReconcileMetrics
from controller_runtime.fluxruntime.patch import PatchOptions, SerialPatcher
from controller_runtime.fluxruntime.result import patch_options, progressive_status, with_progress
from controller_runtime.fluxruntime.summarize import ReadySpec, StepResult, Summarizer
from controller_runtime.log import logger_from
from controller_runtime.predicate import GenerationChanged, Or, ReconcileRequested
from controller_runtime.reconcile import Request, Result
from controller_runtime.recorder import EVENT_TYPE_NORMAL, EVENT_TYPE_WARNING
from controller_runtime.workqueue import flux_rate_limiter
from controllers.artifacts.extract import DEFAULT_MAX_ENTRIES, LayerError, extract_layer
from controllers.artifacts.ignore import IgnoreRules, SourceIgnoreError, filter_tree
from controllers.artifacts.ociref import (
    RefError,
    URLInvalidError,
    needs_tags,
    parse_oci_url,
    select_ref,
)
from controllers.artifacts.ociref import revision as revision_of
from controllers.artifacts.server import ArtifactServer
from controllers.artifacts.storage import LATEST, Artifact, ArtifactStorage
from controllers.artifacts.verify import (
    VerificationError,
    Verifier,
    VerifyResult,
    cosign_verifier,
    notation_verifier,
)
from controllers.registry import PROVIDER_GENERIC, AuthenticationError, ImageRef, RegistryError
from controllers.registry.client import Manifest
from controllers.scanning import AuthOptions, AuthOptionsError, ScanResources, auth_options, scan_resources

# ---------------------------------------------------------------------------------------------
# Constants

API_VERSION = "source.werf.io/v1"
KIND = "OCIRepository"
#: The controller's name (work queue, metrics, logs).
NAME = "ocirepository"
#: Upstream's name: the field manager of our patches and the source of our events.
CONTROLLER_NAME = "source-controller"
FINALIZER = api_annotations.WERF_FINALIZER
#: Both request annotations are honoured: Flux's (the `flux` CLI) and werf's.
REQUEST_ANNOTATIONS = (api_annotations.RECONCILE_REQUESTED_AT, api_annotations.WERF_RECONCILE_REQUESTED_AT)

#: How Ready is derived (SC's ownedConditions and ociRepositoryReadyCondition).
READY_SPEC = ReadySpec(
    owned=api_conditions.OCI_REPOSITORY_OWNED,
    summarize=(
        api_conditions.STORAGE_OPERATION_FAILED,
        api_conditions.FETCH_FAILED,
        api_conditions.ARTIFACT_OUTDATED,
        api_conditions.ARTIFACT_IN_STORAGE,
        api_conditions.SOURCE_VERIFIED,
        conditions.READY,
        conditions.RECONCILING,
        conditions.STALLED,
    ),
    negative_polarity=api_conditions.OCI_REPOSITORY_NEGATIVE_POLARITY,
    bipolar=(api_conditions.SOURCE_VERIFIED,),
)

# Reasons (spec and upstream's source API).
AUTHENTICATION_FAILED = "AuthenticationFailed"
READ_OPERATION_FAILED = "ReadOperationFailed"
NEW_REVISION = "NewRevision"
VERIFICATION_ERROR = "VerificationError"
DIRECTORY_CREATION_FAILED = "DirectoryCreationFailed"
ARCHIVE_OPERATION_FAILED = "ArchiveOperationFailed"
SYMLINK_UPDATE_FAILED = "SymlinkUpdateFailed"
SOURCE_IGNORE_ERROR = "SourceIgnoreError"
GARBAGE_COLLECTION_SUCCEEDED = "GarbageCollectionSucceeded"
GARBAGE_COLLECTION_FAILED = "GarbageCollectionFailed"
INSECURE_CONNECTIONS_DISALLOWED = "InsecureConnectionsDisallowed"

# Messages (spec: "stored artifact for revision '<rev>'" is Ready's and ArtifactInStorage's).
STORED_MESSAGE = "stored artifact for revision '%s'"
NEW_ARTIFACT_MESSAGE = "stored artifact with revision '%s' from '%s'"
UP_TO_DATE_MESSAGE = "artifact up-to-date with remote revision: '%s'"
BUILDING = "building artifact"
BUILDING_DISAPPEARED = "building artifact: disappeared from storage"
NEW_REVISION_MESSAGE = "new revision '%s' for '%s'"
FEATURE_GATE_DISABLED_MESSAGE = (
    "to use spec.serviceAccountName for provider authentication please enable the "
    "ObjectLevelWorkloadIdentity feature gate in the controller"
)
INSECURE_DISALLOWED_MESSAGE = (
    "spec.insecure is set but the controller does not allow insecure (plain HTTP) connections: "
    "it runs with --insecure-allow-http=false"
)
OBJECT_LEVEL_WORKLOAD_IDENTITY = "ObjectLevelWorkloadIdentity"
#: Manifest annotations naming where an artifact came from (`flux push artifact` sets them).
SOURCE_ANNOTATION = "org.opencontainers.image.source"
REVISION_ANNOTATION = "org.opencontainers.image.revision"
#: The index entry picked when `.spec.url` names an image index.
DEFAULT_PLATFORM = ("linux", "amd64")
LAYER_EXTRACT = "extract"
LAYER_COPY = "copy"
#: How long garbage collection may take before the run goes on without it (upstream's 5s).
GC_TIMEOUT = 5.0


@dataclass
class _Run:
    """One reconcile's facts, handed from step to step and to the summary."""

    requeue_after: float = 0.0
    ref: ImageRef | None = None
    auth: AuthOptions | None = None
    revision: str = ""
    digest: str = ""
    up_to_date: bool = False
    failed_before: bool = False
    verify_failed_before: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    content: Path | None = None
    content_is_file: bool = False
    collected: int = 0


# ---------------------------------------------------------------------------------------------
# The reconciler


class OCIRepositoryReconciler:
    """Resolves, pulls, verifies and stores OCI artifacts; reports them in the object's status."""

    def __init__(
        self,
        *,
        client: Any,
        cache: Any,
        recorder: Recorder,
        resources: ScanResources,
        storage: ArtifactStorage,
        insecure_allow_http: bool = True,
        feature_gates: dict[str, bool] | None = None,
        jitter_percentage: int = 5,
        max_layer_size: int = 100 << 20,
        max_layer_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.cache = cache
        self.recorder = recorder
        self.resources = resources
        self.storage = storage
        self.insecure_allow_http = insecure_allow_http
        self.feature_gates = dict(feature_gates or {})
        self.jitter_percentage = jitter_percentage
        self.max_layer_size = max_layer_size
        self.max_layer_entries = max_layer_entries
        self.clock = clock
        self.metrics = ReconcileMetrics(KIND)
        self.summarizer = Summarizer(self.recorder, READY_SPEC, CONTROLLER_NAME, REQUEST_ANNOTATIONS)

    async def setup_with_manager(self, manager: Any, options: Any) -> None:
        """Watch OCIRepositories whose generation changed or that carry a new reconcile request
        (Flux's or werf's annotation); our own status updates do not retrigger."""
        (
            new_controller_managed_by(manager)
            .named(NAME)
            .for_(API_VERSION, KIND, Or(GenerationChanged(), ReconcileRequested(REQUEST_ANNOTATIONS)))
            .with_options(
                Options(
                    max_concurrent_reconciles=max(options.concurrent, 1),
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

            # The finalizer comes first: no artifact is stored for an object that could vanish unseen.
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
                err = Generic(conditions.FAILED_REASON, f"reconciliation failed: {e}")
            finally:
                await self._release(run)
            return await self.summarizer.summarize_and_patch(
                patcher, old, obj, step, err,
                requeue_after=run.requeue_after,
                ready_message=STORED_MESSAGE % run.revision,
                notify=lambda before, after: self._notify(before, after, run),
            )

    async def _reconcile(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Show progress, then run the steps in order; a requeue or an error ends the chain."""
        view = OCIRepository.from_dict(obj)
        run.requeue_after = self._jittered(view.spec.get_interval().total_seconds())
        run.failed_before = conditions.is_false(obj, conditions.READY)
        # A verification failure is judged again on every run (upstream deletes it at start).
        if conditions.is_false(obj, api_conditions.SOURCE_VERIFIED):
            run.verify_failed_before = True
            conditions.delete(obj, api_conditions.SOURCE_VERIFIED)

        progressive_status(False, obj, conditions.PROGRESSING_REASON, "reconciliation in progress")
        observed = (obj.get("status") or {}).get("observedGeneration")
        observed = int(observed) if isinstance(observed, int) else -1
        if view.generation != observed:
            progressive_status(
                False, obj, conditions.PROGRESSING_REASON, "processing object: new generation %d -> %d",
                observed, view.generation,
            )
        return await with_progress(patcher, obj, self._steps(patcher, obj, run), self._progress_options())

    async def _steps(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        step = StepResult.EMPTY
        for sub_step in (self._reconcile_storage, self._reconcile_source, self._reconcile_artifact):
            result = await sub_step(patcher, obj, run)
            if result is StepResult.REQUEUE:
                return result
            step = step.lowest_requeue(result)
        return step

    # -----------------------------------------------------------------------------------------
    # Steps

    async def _reconcile_storage(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Collect old artifacts; forget a stored artifact that vanished or no longer matches its
        digest (it is rebuilt); refresh URLs to the current advertised address."""
        namespace, name = _key(obj)
        status = obj.setdefault("status", {})
        current = Artifact.from_status(status["artifact"]) if status.get("artifact") else None
        try:
            async with asyncio.timeout(GC_TIMEOUT):
                deleted = await self.storage.garbage_collect(KIND, namespace, name, keep=current)
            run.collected = len(deleted)
        except (OSError, ValueError, TimeoutError) as e:
            self.recorder.event(obj, EVENT_TYPE_WARNING, GARBAGE_COLLECTION_FAILED,
                                f"garbage collection of artifacts failed: {e}")
        if current is not None and not await self.storage.verify(current):
            if await self.storage.exists(current):
                self.recorder.event(
                    obj, EVENT_TYPE_WARNING, api_conditions.ARTIFACT_VERIFICATION_FAILED,
                    f"failed to verify integrity of artifact: computed digest does not match "
                    f"'{current.digest}'",
                )
                with contextlib.suppress(OSError):
                    await asyncio.to_thread(self.storage.local_path(current).unlink)
            status.pop("artifact", None)
            status.pop("url", None)
            conditions.delete(obj, api_conditions.ARTIFACT_IN_STORAGE)
            progressive_status(True, obj, conditions.PROGRESSING_REASON, "%s", BUILDING_DISAPPEARED)
            return StepResult.SUCCESS
        if current is None:
            conditions.delete(obj, api_conditions.ARTIFACT_IN_STORAGE)
            progressive_status(False, obj, conditions.PROGRESSING_REASON, "%s", BUILDING)
            return StepResult.SUCCESS
        status["artifact"] = self.storage.refresh_url(current).to_status()
        if status.get("url"):
            status["url"] = self.storage.url_for(_latest_path(current.path))
        return StepResult.SUCCESS

    async def _reconcile_source(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Resolve the ref to a digest; when it differs from the stored artifact (or the content
        rules changed), pull the artifact into a scratch directory."""
        view = OCIRepository.from_dict(obj)
        spec = view.spec
        url = spec.url
        timeout = spec.get_timeout().total_seconds()
        try:
            run.ref = ref = parse_oci_url(url, insecure=spec.insecure)
        except URLInvalidError as e:
            self._fail(obj, api_conditions.FETCH_FAILED, api_conditions.URL_INVALID, e.message)
            raise Stalling(api_conditions.URL_INVALID, e.message) from None
        if spec.insecure and not self.insecure_allow_http:
            raise Stalling(INSECURE_CONNECTIONS_DISALLOWED, INSECURE_DISALLOWED_MESSAGE)
        provider = spec.provider or PROVIDER_GENERIC
        if (
            provider != PROVIDER_GENERIC
            and spec.service_account_name
            and not self.feature_gates.get(OBJECT_LEVEL_WORKLOAD_IDENTITY, False)
        ):
            self._fail(obj, api_conditions.FETCH_FAILED, api_conditions.FEATURE_GATE_DISABLED,
                       FEATURE_GATE_DISABLED_MESSAGE)
            raise Stalling(api_conditions.FEATURE_GATE_DISABLED, FEATURE_GATE_DISABLED_MESSAGE)

        try:
            run.auth = auth = await auth_options(
                self.client, obj, ref, login=self.resources.login, time_limit=timeout, secret_first=True,
            )
        except AuthOptionsError as e:
            self._raise_fetch(obj, AUTHENTICATION_FAILED, f"failed to get credential: {e}")

        ref_spec = (obj.get("spec") or {}).get("ref")
        layer_selector = (obj.get("spec") or {}).get("layerSelector") or {}
        media_type = str(layer_selector.get("mediaType") or "")
        try:
            tags: list[str] = []
            if needs_tags(ref_spec):
                tags = await self.resources.registry.list_tags(
                    ref, auth.credentials, transport=auth.transport, time_limit=timeout
                )
            selection = select_ref(ref_spec, tags, media_type=media_type)
        except RefError as e:
            self._raise_fetch(obj, READ_OPERATION_FAILED, e.for_url(url))
        except RegistryError as e:
            self._forget_cloud_token(auth, ref, e)
            self._raise_fetch(obj, READ_OPERATION_FAILED,
                              f"failed to determine the artifact tag for '{url}': {e}")

        try:
            if selection.digest is not None:
                digest = selection.digest
            else:
                assert selection.tag is not None
                digest = await self.resources.registry.get_digest(
                    ref, selection.tag, auth.credentials, transport=auth.transport, time_limit=timeout
                )
        except RegistryError as e:
            self._forget_cloud_token(auth, ref, e)
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_PULL_FAILED,
                              f"failed to determine artifact digest: {e}")
        run.digest = digest
        run.revision = revision_of(selection.tag, digest)

        status = obj.setdefault("status", {})
        artifact = status.get("artifact") or {}
        await self._verify(obj, run, ref, auth, timeout, changed=artifact.get("revision") != run.revision)
        if (
            artifact.get("revision") == run.revision
            and (spec.ignore or None) == (status.get("observedIgnore") or None)
            and _selector(layer_selector) == _selector(status.get("observedLayerSelector"))
        ):
            run.up_to_date = True
            conditions.delete(obj, api_conditions.FETCH_FAILED)
            return StepResult.SUCCESS

        message = NEW_REVISION_MESSAGE % (run.revision, url)
        if artifact:
            conditions.mark_true(obj, api_conditions.ARTIFACT_OUTDATED, NEW_REVISION, "%s", message)
        progressive_status(True, obj, conditions.PROGRESSING_REASON, "building artifact: %s", message)
        await self._pull(obj, run, ref, auth, digest, layer_selector, timeout)
        conditions.delete(obj, api_conditions.FETCH_FAILED)
        return StepResult.SUCCESS

    async def _verify(
        self, obj: dict[str, Any], run: _Run, ref: ImageRef, auth: AuthOptions, time_limit: float,
        *, changed: bool,
    ) -> None:
        """Check the signature of the resolved digest when `.spec.verify` asks, by upstream's
        rules: again for a new revision, a new generation, or after a failure."""
        verify = (obj.get("spec") or {}).get("verify")
        if not verify:
            conditions.delete(obj, api_conditions.SOURCE_VERIFIED)
            return
        generation = int((obj.get("metadata") or {}).get("generation") or 0)
        if (
            not changed
            and not run.verify_failed_before
            and conditions.has(obj, api_conditions.SOURCE_VERIFIED)
            and conditions.get_observed_generation(obj, api_conditions.SOURCE_VERIFIED) == generation
        ):
            return
        provider = str(verify.get("provider") or "cosign")
        name = provider
        try:
            verifier = await self._verifier(obj, verify)
            name = verifier.provider
            result = await verifier.verify(
                self.resources.registry, ref, run.digest, auth.credentials, auth.transport, time_limit
            )
        except (VerificationError, RegistryError) as e:
            message = f"failed to verify the signature using provider '{name}': {e}"
            conditions.mark_false(obj, api_conditions.SOURCE_VERIFIED, VERIFICATION_ERROR, "%s", message)
            raise Generic(VERIFICATION_ERROR, message) from None
        if result is VerifyResult.VERIFIED:
            conditions.mark_true(obj, api_conditions.SOURCE_VERIFIED, conditions.SUCCEEDED_REASON,
                                 "verified signature of revision %s", run.revision)
        else:  # notation's audit and skip levels: nothing to claim either way
            conditions.delete(obj, api_conditions.SOURCE_VERIFIED)

    async def _verifier(self, obj: dict[str, Any], verify: dict[str, Any]) -> Verifier:
        """The provider's verifier, with the keys, certificates and trust policy of its Secret.

        A cosign Secret with a `trusted_root.json` and no `*.pub` key selects keyless verification
        against that root, for private Sigstore deployments (Flux only knows the public one).
        """
        namespace, _ = _key(obj)
        secret_name = str((verify.get("secretRef") or {}).get("name") or "")
        data: dict[str, bytes] | None = None
        if secret_name:
            try:
                secret = await self.client.get("v1", "Secret", secret_name, namespace=namespace)
            except errors.ApiError as e:
                raise VerificationError(f"failed to get secret '{namespace}/{secret_name}': {e}") from None
            data = {str(k): base64.b64decode(str(v)) for k, v in (secret.get("data") or {}).items()}
        if str(verify.get("provider") or "cosign") == "notation":
            return notation_verifier(data, f"{namespace}/{secret_name}")
        identities = [
            (str(m.get("issuer") or ""), str(m.get("subject") or ""))
            for m in verify.get("matchOIDCIdentity") or []
            if isinstance(m, dict)
        ]
        if data is not None and "trusted_root.json" in data and not any(k.endswith(".pub") for k in data):
            # Beyond Flux: keyless against a private Sigstore deployment's trusted root.
            return cosign_verifier(None, identities, trusted_root=data["trusted_root.json"])
        return cosign_verifier(data, identities)

    async def _pull(
        self,
        obj: dict[str, Any],
        run: _Run,
        ref: ImageRef,
        auth: AuthOptions,
        digest: str,
        layer_selector: dict[str, Any],
        time_limit: float,
    ) -> None:
        """Fetch the manifest and the selected layer; extract it (or keep it, for `copy`)."""
        url = str((obj.get("spec") or {}).get("url") or "")
        registry = self.resources.registry
        try:
            manifest = await registry.get_manifest(
                ref, digest, auth.credentials, transport=auth.transport, time_limit=time_limit
            )
            if _is_index(manifest):
                child = _pick_from_index(manifest)
                manifest = await registry.get_manifest(
                    ref, child, auth.credentials, transport=auth.transport, time_limit=time_limit
                )
        except (RegistryError, LayerError) as e:
            self._forget_cloud_token(auth, ref, e)
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_PULL_FAILED,
                              f"failed to pull artifact from '{url}': {e}")
        annotations = manifest.json.get("annotations")
        run.metadata = (
            {str(k): str(v) for k, v in annotations.items()} if isinstance(annotations, dict) else {}
        )
        layer = self._select_layer(obj, manifest, layer_selector)
        operation = str(layer_selector.get("operation") or LAYER_EXTRACT)
        if operation not in (LAYER_EXTRACT, LAYER_COPY):
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_LAYER_OPERATION_FAILED,
                              f"unsupported layer operation: {operation}")

        try:
            # The system's temp dir, as upstream: never under the served storage root.
            run.workdir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="ocirepository-"))
        except OSError as e:
            self._fail(obj, api_conditions.STORAGE_OPERATION_FAILED, DIRECTORY_CREATION_FAILED,
                       f"failed to create temporary working directory: {e}")
            raise Generic(DIRECTORY_CREATION_FAILED,
                          f"failed to create temporary working directory: {e}") from None
        blob = run.workdir / "layer"
        try:
            # Bounded on the wire too: a layer larger than any tar within the limits could be is
            # refused before it fills the disk (`copy` stores the blob itself: the limit is exact).
            bound = (self.max_layer_size if operation == LAYER_COPY
                     else _layer_bound(self.max_layer_size, self.max_layer_entries))
            await registry.fetch_blob(
                ref, str(layer["digest"]), blob, auth.credentials, transport=auth.transport,
                time_limit=time_limit, max_size=bound,
            )
        except RegistryError as e:
            self._forget_cloud_token(auth, ref, e)
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_PULL_FAILED,
                              f"failed to pull artifact from '{url}': {e}")
        if operation == LAYER_COPY:
            run.content, run.content_is_file = blob, True
            return
        content = run.workdir / "content"
        try:
            await asyncio.to_thread(content.mkdir)
            await asyncio.to_thread(
                extract_layer, blob, content, max_size=self.max_layer_size, max_entries=self.max_layer_entries
            )
        except LayerError as e:
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_LAYER_OPERATION_FAILED,
                              f"failed to extract layer contents from artifact: {e}")
        finally:
            with contextlib.suppress(OSError):
                await asyncio.to_thread(blob.unlink)
        run.content, run.content_is_file = content, False

    def _select_layer(
        self, obj: dict[str, Any], manifest: Manifest, layer_selector: dict[str, Any]
    ) -> dict[str, Any]:
        layers = manifest.json.get("layers")
        if not isinstance(layers, list) or not all(isinstance(x, dict) for x in layers):
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_LAYER_OPERATION_FAILED,
                              "failed to parse artifact manifest: the manifest has no layers list")
        if not layers:
            self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_LAYER_OPERATION_FAILED,
                              "no layers found in artifact")
        media_type = str(layer_selector.get("mediaType") or "")
        if not media_type:
            return dict(layers[0])
        for layer in layers:
            if layer.get("mediaType") == media_type:
                return dict(layer)
        self._raise_fetch(obj, api_conditions.OCI_ARTIFACT_LAYER_OPERATION_FAILED,
                          f"failed to find layer with media type '{media_type}' in artifact")

    async def _reconcile_artifact(self, patcher: SerialPatcher, obj: dict[str, Any], run: _Run) -> StepResult:
        """Archive the pulled content (or copy the layer), link `latest.tar.gz`, record the artifact."""
        namespace, name = _key(obj)
        status = obj.setdefault("status", {})
        spec = obj.get("spec") or {}
        if run.up_to_date:
            conditions.delete(obj, api_conditions.ARTIFACT_OUTDATED)
            conditions.mark_true(obj, api_conditions.ARTIFACT_IN_STORAGE, conditions.SUCCEEDED_REASON,
                                 STORED_MESSAGE, run.revision)
            return StepResult.SUCCESS
        assert run.content is not None
        filename = f"{run.digest.partition(':')[2]}.tar.gz"
        try:
            if run.content_is_file:
                artifact = await self.storage.copy(
                    KIND, namespace, name, run.content, revision=run.revision, metadata=run.metadata,
                    filename=filename,
                )
            else:
                try:
                    rules = await asyncio.to_thread(IgnoreRules.load, run.content, spec.get("ignore"))
                except SourceIgnoreError as e:
                    self._fail(obj, api_conditions.STORAGE_OPERATION_FAILED, SOURCE_IGNORE_ERROR, str(e))
                    raise Generic(SOURCE_IGNORE_ERROR, str(e)) from None
                await asyncio.to_thread(filter_tree, run.content, rules)
                artifact = await self.storage.archive(
                    KIND, namespace, name, run.content, revision=run.revision, metadata=run.metadata,
                    filename=filename,
                )
        except (OSError, ValueError) as e:
            message = f"unable to archive artifact to storage: {e}"
            self._fail(obj, api_conditions.STORAGE_OPERATION_FAILED, ARCHIVE_OPERATION_FAILED, message)
            raise Generic(ARCHIVE_OPERATION_FAILED, message) from None

        status["artifact"] = artifact.to_status()
        if spec.get("ignore"):
            status["observedIgnore"] = spec["ignore"]
        else:
            status.pop("observedIgnore", None)
        if spec.get("layerSelector"):
            status["observedLayerSelector"] = copy.deepcopy(spec["layerSelector"])
        else:
            status.pop("observedLayerSelector", None)
        try:
            status["url"] = await self.storage.link_latest(artifact)
        except OSError as e:
            self.recorder.event(obj, EVENT_TYPE_TRACE, SYMLINK_UPDATE_FAILED,
                                f"failed to update status URL symlink: {e}")
        conditions.delete(obj, api_conditions.ARTIFACT_OUTDATED)
        conditions.delete(obj, api_conditions.STORAGE_OPERATION_FAILED)
        conditions.mark_true(obj, api_conditions.ARTIFACT_IN_STORAGE, conditions.SUCCEEDED_REASON,
                             STORED_MESSAGE, run.revision)
        return StepResult.SUCCESS

    async def _reconcile_delete(self, patcher: SerialPatcher, obj: dict[str, Any]) -> Result:
        """Remove every artifact of the object, then let it go; a failure keeps the finalizer."""
        namespace, name = _key(obj)
        self.summarizer.forget(namespace, name)
        if not controllerutil.contains_finalizer(obj, FINALIZER):
            return Result()
        try:
            removed = await self.storage.remove_all(KIND, namespace, name)
        except OSError as e:
            message = f"garbage collection for deleted resource failed: {e}"
            raise Generic(GARBAGE_COLLECTION_FAILED, message) from e
        if removed:
            self.recorder.event(obj, EVENT_TYPE_TRACE, GARBAGE_COLLECTION_SUCCEEDED,
                                "garbage collected artifacts for deleted resource")
        controllerutil.remove_finalizer(obj, FINALIZER)
        try:
            await patcher.patch(obj, self._progress_options())
        except errors.NotFoundError:
            pass
        return Result()

    # -----------------------------------------------------------------------------------------
    # Status and events

    def _progress_options(self) -> PatchOptions:
        """Patches before the summary never claim the generation was handled."""
        return patch_options({}, READY_SPEC.owned, CONTROLLER_NAME, final=False)

    def _fail(self, obj: dict[str, Any], condition: str, reason: str, message: str) -> None:
        """Mark the step's owned negative condition; the summary turns it into Ready=False."""
        conditions.mark_true(obj, condition, reason, "%s", message)

    def _raise_fetch(self, obj: dict[str, Any], reason: str, message: str) -> NoReturn:
        self._fail(obj, api_conditions.FETCH_FAILED, reason, message)
        raise Generic(reason, message)

    def _forget_cloud_token(self, auth: AuthOptions, ref: ImageRef, e: Exception) -> None:
        if isinstance(e, AuthenticationError) and auth.provider != PROVIDER_GENERIC:
            self.resources.login.forget(auth.provider, ref)

    def _notify(self, old: dict[str, Any], new: dict[str, Any], run: _Run) -> None:
        """A new digest (or a recovery) is a Normal event with the revision and digest
        annotations; anything else a Trace."""
        if run.collected:
            self.recorder.event(new, EVENT_TYPE_TRACE, GARBAGE_COLLECTION_SUCCEEDED,
                                f"garbage collected {run.collected} artifacts")
        artifact = (new.get("status") or {}).get("artifact") or {}
        old_artifact = (old.get("status") or {}).get("artifact") or {}
        url = str((new.get("spec") or {}).get("url") or "")
        message = NEW_ARTIFACT_MESSAGE % (run.revision, url)
        origin = run.metadata.get(SOURCE_ANNOTATION)
        if origin:
            message += f", origin source '{origin}'"
            if run.metadata.get(REVISION_ANNOTATION):
                message += f", origin revision '{run.metadata[REVISION_ANNOTATION]}'"
        meta = {
            api_annotations.WERF_SOURCE_REVISION: str(artifact.get("revision") or ""),
            api_annotations.WERF_SOURCE_DIGEST: str(artifact.get("digest") or ""),
        }
        if artifact.get("digest") != old_artifact.get("digest"):
            self.recorder.event(new, EVENT_TYPE_NORMAL, api_conditions.NEW_ARTIFACT, message, meta)
        elif run.failed_before or _had_failure(old):
            self.recorder.event(new, EVENT_TYPE_NORMAL, conditions.SUCCEEDED_REASON, message, meta)
        else:
            self.recorder.event(new, EVENT_TYPE_TRACE, api_conditions.ARTIFACT_UP_TO_DATE,
                                UP_TO_DATE_MESSAGE % run.revision)

    # -----------------------------------------------------------------------------------------
    # Per-run resources

    async def _release(self, run: _Run) -> None:
        if run.workdir is not None:
            try:
                await asyncio.to_thread(shutil.rmtree, run.workdir)
            except OSError as e:
                logger_from().error("could not remove a scratch directory", err=e, path=str(run.workdir))

    def _jittered(self, interval: float) -> float:
        """`interval` ± `--interval-jitter-percentage`, so objects created together spread out."""
        spread = interval * self.jitter_percentage / 100.0
        return max(interval + random.uniform(-spread, spread), 0.0)


class StorageServer:
    """A leader runnable: the artifact HTTP server on `--storage-addr` for as long as we lead."""

    def __init__(self, server: ArtifactServer) -> None:
        self.server = server

    def need_leader_election(self) -> bool:
        return True

    async def start(self) -> None:
        await self.server.start()
        logger_from().info("artifact server listening", port=await self.server.wait_listening())
        try:
            await asyncio.Event().wait()
        finally:
            await self.server.stop()


async def setup(manager: Any, options: Any) -> None:
    """Register the controller with `manager` (`lookout manager` calls this for `ocirepository`)."""
    resources = await scan_resources(manager, options)
    host, port = _split_addr(options.storage_addr)
    storage = ArtifactStorage(
        Path(options.storage_path),
        options.storage_adv_addr or _default_adv_addr(host, port),
        retention_ttl=options.artifact_retention_ttl,
        retention_records=options.artifact_retention_records,
        digest_algo=options.artifact_digest_algo,
    )
    reconciler = OCIRepositoryReconciler(
        client=manager.client,
        cache=manager.cache,
        recorder=recorder_for(manager, CONTROLLER_NAME, options.events_addr),
        resources=resources,
        storage=storage,
        insecure_allow_http=options.insecure_allow_http,
        feature_gates=options.feature_gates,
        jitter_percentage=options.interval_jitter_percentage,
        max_layer_size=int(getattr(options, "artifact_max_size", 100 << 20)),
    )
    await reconciler.setup_with_manager(manager, options)
    manager.add(StorageServer(ArtifactServer(storage.root, host or "0.0.0.0", port)))


# ---------------------------------------------------------------------------------------------
# Small pure helpers


def _key(obj: dict[str, Any]) -> tuple[str, str]:
    meta = obj.get("metadata") or {}
    return str(meta.get("namespace") or ""), str(meta.get("name") or "")


def _layer_bound(max_size: int, max_entries: int) -> int:
    """The largest a layer whose tar holds at most `max_size` content bytes in `max_entries`
    members can be: tar adds a header, a PAX header for long names (1 KiB more) and up to 511
    bytes of padding per member, and a 10 KiB end; deflate at worst stores blocks, 5 bytes per
    64 KiB; gzip adds its envelope."""
    tar = max_size + 3072 * max_entries + 10240
    return tar + tar // 13000 + 64


def _latest_path(path: str) -> str:
    return f"{path.rsplit('/', 1)[0]}/{LATEST}"


def _selector(value: Any) -> tuple[str, str] | None:
    """A layer selector as compared for "content config unchanged" (absent and empty are equal)."""
    if not isinstance(value, dict) or not (value.get("mediaType") or value.get("operation")):
        return None
    return str(value.get("mediaType") or ""), str(value.get("operation") or "")


def _had_failure(obj: dict[str, Any]) -> bool:
    """SC's FailureRecovery: a failure condition was True before this success."""
    return any(
        conditions.is_true(obj, t)
        for t in (api_conditions.FETCH_FAILED, api_conditions.STORAGE_OPERATION_FAILED, conditions.STALLED)
    ) or conditions.is_false(obj, api_conditions.SOURCE_VERIFIED)


_INDEX_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)


def _is_index(manifest: Manifest) -> bool:
    return manifest.media_type in _INDEX_TYPES or (
        "manifests" in manifest.json and "layers" not in manifest.json
    )


def _pick_from_index(index: Manifest) -> str:
    """The manifest of an index to pull: linux/amd64 when platforms are named, else the first."""
    entries = [m for m in index.json.get("manifests") or [] if isinstance(m, dict) and m.get("digest")]
    if not entries:
        raise LayerError("the image index lists no manifests")
    for entry in entries:
        platform = entry.get("platform") or {}
        if (platform.get("os"), platform.get("architecture")) == DEFAULT_PLATFORM:
            return str(entry["digest"])
    return str(entries[0]["digest"])


def _split_addr(addr: str) -> tuple[str, int]:
    """`host:port` or `:port` (Go's listen address) into its parts."""
    host, _, port = addr.rpartition(":")
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        raise ValueError(f"invalid --storage-addr {addr!r}: want [host]:port") from None


def _default_adv_addr(host: str, port: int) -> str:
    """Upstream's default: the pod's hostname with the storage port."""
    return f"{host if host and host != '0.0.0.0' else os.uname().nodename}:{port}"
