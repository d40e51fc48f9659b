"""The `flux` CLI's image commands, re-done in Python so tests can run them against Lookout.

Each command makes the API calls flux2's `cmd/flux` (v2.9) makes, in the same order and with
the same bodies, and prints what it prints: `►`/`✔`/`◎`/`✗` lines on stderr, `get` tables on
stdout. A Flux user's CLI works with Lookout exactly when these do, so where flux2 reads a
field without a nil check, this raises `Panic` rather than guessing. Covered:

    flux get image repository|policy|update [NAME]
    flux reconcile image repository|policy|update NAME
    flux suspend image repository|policy|update NAME...
    flux resume image repository|policy|update NAME... [--wait]

    cli = Flux(client, namespace, poll_interval=0.1, timeout=30)
    run = await cli("reconcile", "image", "repository", "app")
    run.code, run.stderr, run.stdout, cli.calls
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from controller_runtime.client import Client, PatchType, errors

API_VERSION = "image.toolkit.fluxcd.io/v1"
REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"
#: What controller-runtime's metadata client asks for (less protobuf, which Client cannot read).
PARTIAL_OBJECT_METADATA = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"

Obj = dict[str, Any]


class FluxError(Exception):
    """An error `flux` returns: printed as `✗ <message>`, exit code 1."""


class Panic(Exception):
    """Where Go's `flux` dereferences a nil pointer and crashes with a stack trace."""


@dataclass(frozen=True)
class Call:
    """One request, as a test compares them: verb, kind, name or selector, body."""

    verb: str
    kind: str
    target: str
    body: Any = None


@dataclass
class Run:
    code: int
    stdout: str
    stderr: list[str]


# --------------------------------------------------------------------------------------------
# What flux reads from the objects


def _status(obj: Obj) -> Obj:
    status = obj.get("status")
    return status if isinstance(status, dict) else {}


def condition(obj: Obj, type_: str) -> Obj | None:
    for c in _status(obj).get("conditions") or []:
        if c.get("type") == type_:
            return dict(c)
    return None


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def kstatus(obj: Obj) -> tuple[str, str]:
    """cli-utils kstatus.Compute for a kind without built-in rules: (status, message)."""
    meta = obj.get("metadata") or {}
    if meta.get("deletionTimestamp"):
        return "Terminating", "Resource scheduled for deletion"
    generation = meta.get("generation")
    # Go's typed status drops observedGeneration 0 (omitempty), so 0 means "not found".
    observed = _int(_status(obj).get("observedGeneration"))
    if generation is not None and observed and observed != generation:
        kind = obj.get("kind", "")
        return "InProgress", (f"{kind} generation is {generation}, "
                              f"but latest observed generation is {observed}")
    for c in _status(obj).get("conditions") or []:
        if c.get("type") == "Reconciling" and c.get("status") == "True":
            return "InProgress", str(c.get("message", ""))
        if c.get("type") == "Stalled" and c.get("status") == "True":
            return "Failed", str(c.get("message", ""))
    ready = condition(obj, "Ready")
    if ready is not None:
        if ready.get("status") == "True":
            return "Current", "Resource is Ready"
        if ready.get("status") in ("False", "Unknown"):
            return "InProgress", str(ready.get("message", ""))
    return "Current", "Resource is current"


def is_object_ready(obj: Obj) -> bool:
    """readiness.go isObjectReady for a dynamic object: what `resume` waits for.
    Raises FluxError where kstatus says Failed or Terminating."""
    observed = _int(_status(obj).get("observedGeneration"))
    if observed < 1:
        return False
    ready = condition(obj, "Ready")
    if ready is None:
        return False
    generation = (obj.get("metadata") or {}).get("generation")
    ready_generation = _int(ready.get("observedGeneration"))
    if ready_generation != 0 and ready_generation != generation:
        return False
    if ready_generation == 0 and observed != generation:
        return False
    return is_current(obj)


def is_current(obj: Obj) -> bool:
    """kstatus Current (True) or InProgress (False); anything else is the CLI's error."""
    result, message = kstatus(obj)
    if result == "Current":
        return True
    if result == "InProgress":
        return False
    raise FluxError(message)


def repository_success(obj: Obj) -> str:
    scan = _status(obj).get("lastScanResult")
    if not isinstance(scan, dict):
        raise Panic("nil pointer dereference: ImageRepository status.lastScanResult")
    return f"scan fetched {_int(scan.get('tagCount'))} tags"


def policy_success(obj: Obj) -> str:
    ref = _status(obj).get("latestRef")
    if not isinstance(ref, dict):
        raise Panic("nil pointer dereference: ImagePolicy status.latestRef")
    text = f"{ref.get('name', '')}:{ref.get('tag', '')}"
    if ref.get("digest"):
        text += f"@{ref['digest']}"
    return f"selected ref {text}"


def status_and_message(obj: Obj) -> tuple[str, str]:
    ready = condition(obj, "Ready")
    if ready is not None:
        return str(ready.get("status", "")), str(ready.get("message", ""))
    return "False", "waiting to be reconciled"


def go_rfc3339(value: str) -> str:
    """A metav1.Time as `flux get` prints it: parsed, made local, formatted time.RFC3339."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone()
    return parsed.strftime("%Y-%m-%dT%H:%M:%S") + _zone(parsed)


def _zone(moment: datetime) -> str:
    offset = moment.utcoffset()
    if not offset:
        return "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def go_rfc3339_nano_now() -> str:
    """time.Now().Format(time.RFC3339Nano): local time, trailing zeros of the nanoseconds cut."""
    ns = time.time_ns()
    moment = datetime.fromtimestamp(ns // 1_000_000_000, tz=UTC).astimezone()
    fraction = f"{ns % 1_000_000_000:09d}".rstrip("0")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + _zone(moment)


def repository_row(obj: Obj) -> list[str]:
    status, message = status_and_message(obj)
    scan = _status(obj).get("lastScanResult")
    last_scan = go_rfc3339(scan["scanTime"]) if isinstance(scan, dict) and scan.get("scanTime") else ""
    suspended = "True" if (obj.get("spec") or {}).get("suspend") is True else "False"
    return [obj["metadata"]["name"], last_scan, suspended, status, message]


def policy_row(obj: Obj) -> list[str]:
    status, message = status_and_message(obj)
    ref = _status(obj).get("latestRef")
    image, tag = (str(ref.get("name", "")), str(ref.get("tag", ""))) if isinstance(ref, dict) else ("", "")
    return [obj["metadata"]["name"], image, tag, status, message]


def update_success(obj: Obj) -> str:
    """flux2's imageUpdateAutomationAdapter.successMessage."""
    ready = condition(obj, "Ready")
    if ready is not None:
        return str(ready.get("message", ""))
    last_run = _status(obj).get("lastAutomationRunTime")
    if last_run:
        return f"last run {go_rfc3339(str(last_run))}"
    return "automation not yet run"


def update_row(obj: Obj) -> list[str]:
    status, message = status_and_message(obj)
    last_run = _status(obj).get("lastAutomationRunTime")
    suspended = "True" if (obj.get("spec") or {}).get("suspend") is True else "False"
    shown = go_rfc3339(str(last_run)) if last_run else ""
    return [obj["metadata"]["name"], status, message, shown, suspended]


@dataclass(frozen=True)
class ApiType:
    kind: str
    human_kind: str
    headers: tuple[str, ...]
    row: Callable[[Obj], list[str]]
    success_message: Callable[[Obj], str]


REPOSITORY = ApiType("ImageRepository", "image repository",
                     ("Name", "Last scan", "Suspended", "Ready", "Message"),
                     repository_row, repository_success)
POLICY = ApiType("ImagePolicy", "image policy", ("Name", "Image", "Tag", "Ready", "Message"),
                 policy_row, policy_success)
UPDATE = ApiType("ImageUpdateAutomation", "image update automation",
                 ("Name", "Ready", "Message", "Last run", "Suspended"), update_row, update_success)
TYPES = {"repository": REPOSITORY, "policy": POLICY, "update": UPDATE}


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """flux2's printers.TablePrinter (tablewriter v0.0.5, tab padding, no borders): every cell
    padded to its column; the header ends in a space, every row in a tab."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    header = "\t".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)) + " "
    lines = [header] + ["".join(c.ljust(w) + "\t" for c, w in zip(row, widths, strict=True)) for row in rows]
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------------------------------
# The CLI


@dataclass
class Flux:
    """`flux -n <namespace>` with the default flags but `--timeout` and the poll interval."""

    client: Client
    namespace: str
    timeout: float = 300.0
    poll_interval: float = 2.0
    calls: list[Call] = field(default_factory=list)
    _stdout: list[str] = field(default_factory=list)
    _stderr: list[str] = field(default_factory=list)
    _deadline: float = 0.0

    async def __call__(self, *argv: str) -> Run:
        """Run one command line (after `flux`); nothing is raised but a Panic."""
        self._stdout, self._stderr = [], []
        self._deadline = time.monotonic() + self.timeout
        try:
            await self._dispatch(list(argv))
            code = 0
        except (FluxError, errors.ApiError) as e:
            self._failure(str(e))
            code = 1
        return Run(code, "".join(self._stdout), list(self._stderr))

    async def _dispatch(self, argv: list[str]) -> None:
        wait = "--wait" in argv
        args = [a for a in argv if a != "--wait"]
        if len(args) < 3 or args[1] != "image" or args[2] not in TYPES:
            raise ValueError(f"not an image command: {argv}")
        verb, api, names = args[0], TYPES[args[2]], args[3:]
        if verb == "get":
            await self.get(api, names[0] if names else None)
        elif verb == "reconcile":
            if not names:
                raise FluxError(f"{api.kind} name is required")
            await self.reconcile(api, names[0])
        elif verb == "suspend":
            await self.suspend(api, names)
        elif verb == "resume":
            await self.resume(api, names, wait=wait or len(names) == 1)
        else:
            raise ValueError(f"unknown command: {verb}")

    # -- logger (stderrLogger) ------------------------------------------------------------

    def _action(self, msg: str) -> None:
        self._stderr.append(f"► {msg}")

    def _success(self, msg: str) -> None:
        self._stderr.append(f"✔ {msg}")

    def _waiting(self, msg: str) -> None:
        self._stderr.append(f"◎ {msg}")

    def _failure(self, msg: str) -> None:
        self._stderr.append(f"✗ {msg}")

    # -- requests -------------------------------------------------------------------------

    async def _get(self, api: ApiType, name: str) -> Obj:
        self.calls.append(Call("GET", api.kind, name))
        return dict(await self.client.get(API_VERSION, api.kind, name, namespace=self.namespace))

    async def _list(self, api: ApiType, name: str | None) -> list[Obj]:
        selector = f"metadata.name={name}" if name is not None else None
        self.calls.append(Call("LIST", api.kind, selector or ""))
        found = await self.client.list(API_VERSION, api.kind, self.namespace, field_selector=selector)
        return [dict(item) for item in found["items"]]

    async def _merge_patch(self, api: ApiType, name: str, patch: Obj) -> None:
        """client.Patch(obj, client.MergeFrom(original)) of a typed object."""
        self.calls.append(Call("PATCH", api.kind, name, patch))
        await self.client.patch(API_VERSION, api.kind, name, patch, namespace=self.namespace,
                                patch_type=PatchType.MERGE)

    async def _metadata_path(self, api: ApiType, name: str) -> str:
        mapping = await self.client.mapping(API_VERSION, api.kind)
        return str(mapping.object_path(name, self.namespace, None))

    async def _request_reconciliation(self, api: ApiType, name: str) -> str:
        """requestReconciliation: a PartialObjectMetadata get, then a merge patch of the annotation."""
        path = await self._metadata_path(api, name)
        self.calls.append(Call("GET", api.kind, name, "PartialObjectMetadata"))
        await self.client.raw("GET", path, headers={"Accept": PARTIAL_OBJECT_METADATA})
        stamp = go_rfc3339_nano_now()
        patch = {"metadata": {"annotations": {REQUESTED_AT: stamp}}}
        self.calls.append(Call("PATCH", api.kind, name, patch))
        await self.client.raw("PATCH", path, body=json.dumps(patch).encode(),
                              content_type=str(PatchType.MERGE), headers={"Accept": PARTIAL_OBJECT_METADATA})
        return stamp

    async def _poll(self, condition: Callable[[], Awaitable[bool]]) -> None:
        """wait.PollUntilContextTimeout(immediate=true) under the command's `--timeout` context."""
        while not await condition():
            if time.monotonic() + self.poll_interval > self._deadline:
                raise FluxError("context deadline exceeded")
            await asyncio.sleep(self.poll_interval)

    # -- commands -------------------------------------------------------------------------

    async def get(self, api: ApiType, name: str | None) -> None:
        items = await self._list(api, name)
        if not items:
            if name is not None:
                raise FluxError(f'{api.kind} object \'{name}\' not found in "{self.namespace}" namespace')
            raise FluxError(f'no {api.kind} objects found in "{self.namespace}" namespace')
        self._stdout.append(table(api.headers, [api.row(item) for item in items]))

    async def reconcile(self, api: ApiType, name: str) -> None:
        obj = await self._get(api, name)
        if (obj.get("spec") or {}).get("suspend") is True:
            raise FluxError("resource is suspended")
        self._action(f"annotating {api.kind} {name} in {self.namespace} namespace")
        await self._request_reconciliation(api, name)
        self._success(f"{api.kind} annotated")
        last_handled = str(_status(obj).get("lastHandledReconcileAt") or "")
        self._waiting(f"waiting for {api.kind} reconciliation")

        async def handled() -> bool:
            nonlocal obj
            obj = await self._get(api, name)
            if str(_status(obj).get("lastHandledReconcileAt") or "") == last_handled:
                return False
            return is_current(obj)

        await self._poll(handled)
        ready = condition(obj, "Ready")
        if ready is None:
            raise FluxError("status can't be determined")
        if ready.get("status") != "True":
            raise FluxError(f"{api.kind} reconciliation failed: '{ready.get('message', '')}'")
        self._success(api.success_message(obj))

    async def suspend(self, api: ApiType, names: Sequence[str]) -> None:
        if not names:
            raise FluxError(f"{api.human_kind} name is required")
        for name in dict.fromkeys(names):
            items = await self._list(api, name)
            if not items:
                self._failure(f"{api.kind} {name} not found in {self.namespace} namespace")
                continue
            try:
                for item in items:
                    self._action(f"suspending {api.human_kind} {item['metadata']['name']} in "
                                 f"{self.namespace} namespace")
                    # MergeFrom of the typed object: only a change is sent; `suspend` is omitempty.
                    was = (item.get("spec") or {}).get("suspend") is True
                    patch: Obj = {} if was else {"spec": {"suspend": True}}
                    await self._merge_patch(api, item["metadata"]["name"], patch)
                    self._success(f"{api.human_kind} suspended")
            except errors.ApiError as e:
                self._failure(f"failed suspending {api.kind} {name} in {self.namespace} namespace: {e}")

    async def resume(self, api: ApiType, names: Sequence[str], *, wait: bool) -> None:
        if not names:
            raise FluxError(f"{api.human_kind} name is required")
        resumed: list[Obj] = []
        for name in dict.fromkeys(names):
            items = await self._list(api, name)
            if not items:
                # flux2 names the first argument here, whichever was missing.
                self._failure(f"{api.kind} object '{names[0]}' not found in {self.namespace} namespace")
                continue
            for item in items:
                self._action(f"resuming {api.human_kind} {item['metadata']['name']} in "
                             f"{self.namespace} namespace")
                # false is omitempty: the typed diff deletes the field.
                was = (item.get("spec") or {}).get("suspend") is True
                patch = {"spec": {"suspend": None}} if was else {}
                await self._merge_patch(api, item["metadata"]["name"], patch)
                resumed.append(item)
                self._success(f"{api.human_kind} resumed")
        if not wait:
            return

        async def reconciled(item: Obj) -> tuple[Obj, Exception | None]:
            name = item["metadata"]["name"]
            self._waiting(f"waiting for {api.kind} reconciliation")
            latest = item

            async def ready() -> bool:
                nonlocal latest
                latest = await self._get(api, name)
                return is_object_ready(latest)

            try:
                await self._poll(ready)
            except (FluxError, errors.ApiError) as e:
                return latest, e
            return latest, None

        results = await asyncio.gather(*(reconciled(item) for item in resumed))
        failed = 0
        for obj, err in sorted(results, key=lambda r: str(r[0]["metadata"]["name"])):
            name = obj["metadata"]["name"]
            if err is not None:
                failed += 1
                self._failure(f"{api.kind} {name} reconciliation failed: {err}")
                continue
            self._success(f"{api.kind} {name} reconciliation completed")
            self._success(api.success_message(obj))
        if failed:
            raise FluxError(f"reconciliation failed for {failed} {api.kind}(s)")
