"""The `flux` CLI against Lookout: `flux get|reconcile|suspend|resume image repository|policy`
make flux2's requests and print what a Flux user expects, on the session's API server and
on a real kube-apiserver. Where flux2 reads status fields without nil checks, every version
of the objects a watch delivers is checked, so the CLI can never crash or report a stale or
failed reconcile as a success."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from tests.fluxcli.conftest import Recorder, image_policy, image_repository
from tests.fluxcli.flux import (
    API_VERSION,
    REQUESTED_AT,
    Call,
    Flux,
    condition,
    go_rfc3339,
    is_object_ready,
    kstatus,
    table,
)
from tests.support.manager import RunningManager
from tests.support.registry import RegistryServer
from tests.support.servers import env  # noqa: F401 -- every test here runs on both API servers
from tests.support.wait import eventually

RFC3339_NANO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$")
IR, IP = "ImageRepository", "ImagePolicy"


async def ready(client: Client, namespace: str, kind: str, name: str) -> dict[str, Any]:
    """The object once `flux resume` would call it ready (Ready=True for its generation)."""

    async def check() -> Any:
        obj = dict(await client.get(API_VERSION, kind, name, namespace=namespace))
        return obj if is_object_ready(obj) else None

    found: dict[str, Any] = await eventually(check, message=f"{kind} {name} ready")
    return found


async def setup_app(client: Client, namespace: str, registry: RegistryServer, tags: list[str]) -> str:
    """An ImageRepository and an ImagePolicy `app`, both ready; returns the image."""
    image, _ = await setup_app_digest(client, namespace, registry, tags)
    return image


async def setup_app_digest(
    client: Client, namespace: str, registry: RegistryServer, tags: list[str],
) -> tuple[str, str]:
    """`setup_app`, returning the digest every tag points at too."""
    image = registry.image(f"fluxcli/{namespace}")
    digest = await registry.apush_tags(f"fluxcli/{namespace}", tags)
    await client.create(image_repository(namespace, "app", image))
    await client.create(image_policy(namespace, "app", "app"))
    await ready(client, namespace, IR, "app")
    await ready(client, namespace, IP, "app")
    return image, digest


def since(flux: Flux, mark: int) -> list[tuple[str, str]]:
    return [(c.verb, c.kind) for c in flux.calls[mark:]]


async def test_reconcile_prints_the_tag_count_and_the_selected_ref(
    client: Client, namespace: str, lookout: RunningManager, plain_registry: RegistryServer,
    flux: Flux, recorder: Recorder,
) -> None:
    image = await setup_app(client, namespace, plain_registry, ["1.0.0", "1.1.0", "2.0.0"])

    mark = len(flux.calls)
    run = await flux("reconcile", "image", "repository", "app")
    assert run.code == 0, run.stderr
    assert run.stderr == [
        f"► annotating ImageRepository app in {namespace} namespace",
        "✔ ImageRepository annotated",
        "◎ waiting for ImageRepository reconciliation",
        "✔ scan fetched 3 tags",
    ]
    # flux2's requests, in order: get, metadata get, annotation patch, then gets until handled.
    calls = flux.calls[mark:]
    assert [(c.verb, c.body if c.verb == "GET" else None) for c in calls[:2]] == [
        ("GET", None), ("GET", "PartialObjectMetadata")]
    stamp = calls[2].body["metadata"]["annotations"][REQUESTED_AT]
    assert calls[2] == Call("PATCH", IR, "app", {"metadata": {"annotations": {REQUESTED_AT: stamp}}})
    assert RFC3339_NANO.match(stamp), stamp
    assert {(c.verb, c.kind, c.target) for c in calls[3:]} == {("GET", IR, "app")}
    repo = await client.get(API_VERSION, IR, "app", namespace=namespace)
    assert repo["status"]["lastHandledReconcileAt"] == stamp

    run = await flux("reconcile", "image", "policy", "app")
    assert run.code == 0, run.stderr
    assert run.stderr == [
        f"► annotating ImagePolicy app in {namespace} namespace",
        "✔ ImagePolicy annotated",
        "◎ waiting for ImagePolicy reconciliation",
        f"✔ selected ref {image}:2.0.0",
    ]

    # New tags: the next reconcile reports the new scan, never the previous one.
    await plain_registry.apush_tags(f"fluxcli/{namespace}", ["3.0.0"])
    run = await flux("reconcile", "image", "repository", "app")
    assert run.stderr[-1] == "✔ scan fetched 4 tags", run.stderr
    repo = await client.get(API_VERSION, IR, "app", namespace=namespace)
    repo_stamp = repo["metadata"]["annotations"][REQUESTED_AT]
    run = await flux("reconcile", "image", "policy", "app")
    assert run.stderr[-1] == f"✔ selected ref {image}:3.0.0", run.stderr
    policy = await client.get(API_VERSION, IP, "app", namespace=namespace)
    policy_stamp = policy["metadata"]["annotations"][REQUESTED_AT]

    await recorder.caught_up(IR, "app")
    await recorder.caught_up(IP, "app")
    repos, policies = recorder.of(IR, "app"), recorder.of(IP, "app")
    assert len(repos) > 5 and len(policies) > 5, (len(repos), len(policies))
    for state in repos:
        # What `reconcile` and `resume` dereference is there whenever Ready=True...
        if (condition(state, "Ready") or {}).get("status") == "True":
            assert state["status"].get("lastScanResult") is not None, state["status"]
        # ...and once `reconcile` sees its request handled and the object Current, the status
        # it prints from is that of the scan it asked for.
        if state["status"].get("lastHandledReconcileAt") == repo_stamp and kstatus(state)[0] == "Current":
            assert state["status"]["lastScanResult"]["tagCount"] == 4, state["status"]
    for state in policies:
        if (condition(state, "Ready") or {}).get("status") == "True":
            assert state["status"].get("latestRef") is not None, state["status"]
        if state["status"].get("lastHandledReconcileAt") == policy_stamp and kstatus(state)[0] == "Current":
            assert state["status"]["latestRef"]["tag"] == "3.0.0", state["status"]


async def test_get_prints_flux_columns(
    client: Client, namespace: str, lookout: RunningManager, plain_registry: RegistryServer, flux: Flux,
) -> None:
    image, digest = await setup_app_digest(client, namespace, plain_registry, ["1.0.0", "2.0.0"])
    # Suspended from the start: never reconciled, so no status at all.
    await client.create(image_repository(namespace, "idle", image, suspend=True))
    await client.create(image_policy(namespace, "idle", "idle", suspend=True))
    # With the digest in latestRef: `reconcile` prints it, `get` does not.
    await client.create(image_policy(namespace, "pinned", "app",
                                     digestReflectionPolicy="Always", interval="1h"))
    await ready(client, namespace, IP, "pinned")
    run = await flux("reconcile", "image", "policy", "pinned")
    assert run.stderr[-1] == f"✔ selected ref {image}:2.0.0@{digest}", run.stderr
    pinned = await client.get(API_VERSION, IP, "pinned", namespace=namespace)
    repo = await client.get(API_VERSION, IR, "app", namespace=namespace)
    policy = await client.get(API_VERSION, IP, "app", namespace=namespace)
    repo_message, policy_message = condition(repo, "Ready")["message"], condition(policy, "Ready")["message"]  # type: ignore[index]
    assert "2 tags" in repo_message
    assert policy_message == f"Latest image tag for {image} resolved to 2.0.0"

    run = await flux("get", "image", "repository")
    assert run.code == 0 and not run.stderr, run
    scanned = go_rfc3339(repo["status"]["lastScanResult"]["scanTime"])
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$", scanned)
    assert run.stdout == table(["Name", "Last scan", "Suspended", "Ready", "Message"], [
        ["app", scanned, "False", "True", repo_message],
        ["idle", "", "True", "False", "waiting to be reconciled"],
    ])
    lines = run.stdout.splitlines()
    assert re.split(r"\s+", lines[0].strip()) == ["NAME", "LAST", "SCAN", "SUSPENDED", "READY", "MESSAGE"]
    assert lines[2].split("\t")[:4] == ["idle", " " * len(scanned), "True     ", "False"]

    run = await flux("get", "image", "policy")
    assert run.code == 0 and not run.stderr, run
    assert run.stdout == table(["Name", "Image", "Tag", "Ready", "Message"], [
        ["app", image, "2.0.0", "True", policy_message],
        ["idle", "", "", "False", "waiting to be reconciled"],
        ["pinned", image, "2.0.0", "True", condition(pinned, "Ready")["message"]],  # type: ignore[index]
    ])

    run = await flux("get", "image", "policy", "app")
    assert [line.split("\t")[0].strip() for line in run.stdout.splitlines()] == ["NAME", "app"]
    assert flux.calls[-1] == Call("LIST", IP, "metadata.name=app")
    run = await flux("get", "image", "repository", "missing")
    assert (run.code, run.stderr) == (
        1, [f"✗ ImageRepository object 'missing' not found in \"{namespace}\" namespace"])


async def test_suspend_then_resume(
    client: Client, namespace: str, lookout: RunningManager, plain_registry: RegistryServer, flux: Flux,
) -> None:
    image = await setup_app(client, namespace, plain_registry, ["1.0.0", "1.2.0"])
    for api, kind, success in (("repository", IR, "✔ scan fetched 2 tags"),
                               ("policy", IP, f"✔ selected ref {image}:1.2.0")):
        human = f"image {api}"
        before = await client.get(API_VERSION, kind, "app", namespace=namespace)

        mark = len(flux.calls)
        run = await flux("suspend", "image", api, "app")
        assert (run.code, run.stderr) == (0, [f"► suspending {human} app in {namespace} namespace",
                                              f"✔ {human} suspended"])
        assert flux.calls[mark:] == [Call("LIST", kind, "metadata.name=app"),
                                     Call("PATCH", kind, "app", {"spec": {"suspend": True}})]
        suspended = await client.get(API_VERSION, kind, "app", namespace=namespace)
        assert suspended["spec"]["suspend"] is True
        assert suspended["metadata"]["generation"] == before["metadata"]["generation"] + 1

        run = await flux("reconcile", "image", api, "app")
        assert (run.code, run.stderr) == (1, ["✗ resource is suspended"])
        if kind == IR:
            run = await flux("get", "image", api, "app")
            assert run.stdout.splitlines()[1].split("\t")[2].strip() == "True"

        mark = len(flux.calls)
        run = await flux("resume", "image", api, "app")
        assert (run.code, run.stderr) == (0, [
            f"► resuming {human} app in {namespace} namespace",
            f"✔ {human} resumed",
            f"◎ waiting for {kind} reconciliation",
            f"✔ {kind} app reconciliation completed",
            success,
        ])
        # false is omitempty in flux2's types, so its merge patch deletes the field.
        assert flux.calls[mark:mark + 2] == [Call("LIST", kind, "metadata.name=app"),
                                             Call("PATCH", kind, "app", {"spec": {"suspend": None}})]
        assert since(flux, mark + 2) and set(since(flux, mark + 2)) == {("GET", kind)}
        resumed = await client.get(API_VERSION, kind, "app", namespace=namespace)
        assert not resumed["spec"].get("suspend")
        # The wait ended on the resumed generation's Ready, not on the one from before.
        assert condition(resumed, "Ready")["observedGeneration"] == resumed["metadata"]["generation"]  # type: ignore[index]

    run = await flux("suspend", "image", "repository", "missing")
    assert (run.code, run.stderr) == (0, [f"✗ ImageRepository missing not found in {namespace} namespace"])
    run = await flux("resume", "image", "policy", "missing")
    assert (run.code, run.stderr) == (
        0, [f"✗ ImagePolicy object 'missing' not found in {namespace} namespace"])


async def test_reconcile_of_a_stalled_repository_fails_with_its_message(
    client: Client, namespace: str, lookout: RunningManager, plain_registry: RegistryServer, flux: Flux,
) -> None:
    await client.create(image_repository(namespace, "tagged", plain_registry.image("team/app:1.0.0")))

    async def stalled() -> Any:
        obj = await client.get(API_VERSION, IR, "tagged", namespace=namespace)
        return obj if kstatus(obj)[0] == "Failed" else None

    obj: dict[str, Any] = await eventually(stalled, message="stalled")
    run = await flux("reconcile", "image", "repository", "tagged")
    message = condition(obj, "Stalled")["message"]  # type: ignore[index]
    assert "should not include a tag" in message
    assert (run.code, run.stderr[-1]) == (1, f"✗ {message}"), run.stderr


async def test_reconcile_of_a_failing_scan_never_reports_success(
    client: Client, namespace: str, lookout: RunningManager, tmp_path: Path, recorder: Recorder,
) -> None:
    """A registry gone down: the scan fails, Lookout keeps retrying (Reconciling), and flux
    waits until its timeout, as with Flux. No moment may show the request handled with the
    old Ready=True, which `reconcile` would print as a successful scan."""
    registry = RegistryServer(tmp_path / "registry").start()
    try:
        await registry.apush_tags("team/app", ["1.0.0"])
        await client.create(image_repository(namespace, "app", registry.image("team/app")))
        await ready(client, namespace, IR, "app")
    finally:
        await registry.astop()

    flux = Flux(client, namespace, timeout=3.0, poll_interval=0.1)
    run = await flux("reconcile", "image", "repository", "app")
    assert run.code == 1
    assert run.stderr == [
        f"► annotating ImageRepository app in {namespace} namespace",
        "✔ ImageRepository annotated",
        "◎ waiting for ImageRepository reconciliation",
        "✗ context deadline exceeded",
    ]
    obj = await client.get(API_VERSION, IR, "app", namespace=namespace)
    stamp = obj["metadata"]["annotations"][REQUESTED_AT]
    assert obj["status"]["lastHandledReconcileAt"] == stamp
    assert condition(obj, "Ready")["status"] == "False"  # type: ignore[index]
    await recorder.caught_up(IR, "app")
    for state in recorder.of(IR, "app"):
        if state["status"].get("lastHandledReconcileAt") == stamp:
            assert kstatus(state)[0] != "Current", state["status"]


def test_table_matches_flux_printer() -> None:
    """tablewriter as flux2 sets it up: tab-separated padded cells, header ends in a space."""
    out = table(["Name", "Last scan", "Ready"],
                [["a", "2024-01-01T00:00:00Z", "True"], ["long-name", "", "False"]])
    assert out == (
        "NAME     \tLAST SCAN           \tREADY \n"
        "a        \t2024-01-01T00:00:00Z\tTrue \t\n"
        "long-name\t                    \tFalse\t\n"
    )
