"""kubectl verbs beyond get/apply: create, label, annotate, patch, wait, describe, events, delete."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

from tests.support.kubectl import Kubectl

WIDGET = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: {name}
spec:
  image: nginx
"""


async def _widget(kubectl: Kubectl, ns: str, name: str) -> dict[str, Any]:
    await kubectl.run("apply", "-n", ns, "-f", "-", input=WIDGET.format(name=name))
    obj: dict[str, Any] = (await kubectl.run("get", "widget", name, "-n", ns, "-o", "json")).json()
    return obj


async def test_create_namespace_and_secret(env: Any, kubectl: Kubectl, namespace: str) -> None:
    name = f"{namespace}-extra"
    r = await kubectl.run("create", "namespace", name)
    try:
        assert r.stdout.strip() == f"namespace/{name} created"
        r = await kubectl.run(
            "create",
            "secret",
            "generic",
            "creds",
            "-n",
            name,
            "--from-literal=username=admin",
            "--from-literal=password=s3cr3t",
        )
        assert r.stdout.strip() == "secret/creds created"
        secret = (await kubectl.run("get", "secret", "creds", "-n", name, "-o", "json")).json()
        assert secret["type"] == "Opaque"
        assert secret["data"] == {"username": "YWRtaW4=", "password": "czNjcjN0"}
        r = await kubectl.run(
            "create", "secret", "generic", "creds", "-n", name, "--from-literal=a=b", check=False
        )
        assert r.returncode != 0 and 'secrets "creds" already exists' in r.stderr
    finally:
        await kubectl.run("delete", "namespace", name, "--wait=false")


async def test_label_annotate_and_patch(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "tagged")
    r = await kubectl.run("label", "widget", "tagged", "-n", namespace, "team=blue")
    assert r.stdout.strip() == "widget.test.lookout.dev/tagged labeled"
    r = await kubectl.run("annotate", "widget", "tagged", "-n", namespace, "note=hello")
    assert r.stdout.strip() == "widget.test.lookout.dev/tagged annotated"
    r = await kubectl.run("label", "widget", "tagged", "-n", namespace, "team=red", check=False)
    assert r.returncode != 0 and "already has a value (blue)" in r.stderr
    await kubectl.run("label", "widget", "tagged", "-n", namespace, "team=red", "--overwrite")
    r = await kubectl.run(
        "patch",
        "widget",
        "tagged",
        "-n",
        namespace,
        "--type=json",
        "-p",
        '[{"op":"replace","path":"/spec/image","value":"redis"}]',
    )
    assert r.stdout.strip() == "widget.test.lookout.dev/tagged patched"
    obj = (await kubectl.run("get", "widget", "tagged", "-n", namespace, "-o", "json")).json()
    assert obj["metadata"]["labels"] == {"team": "red"}
    assert obj["metadata"]["annotations"]["note"] == "hello"
    assert obj["spec"]["image"] == "redis"
    assert obj["metadata"]["generation"] == 2  # labels/annotations do not bump the generation
    r = await kubectl.run(
        "patch", "widget", "tagged", "-n", namespace, "--type=strategic", "-p", '{"spec":{}}', check=False
    )
    assert r.returncode != 0
    assert "UnsupportedMediaType" in r.stderr or "unknown format" in r.stderr
    r = await kubectl.run(
        "patch", "configmap", "nope", "-n", namespace, "-p", '{"data":{"a":"b"}}', check=False
    )
    assert 'configmaps "nope" not found' in r.stderr


async def test_wait_for_condition_set_through_status(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "waiter")
    waiting = asyncio.create_task(
        kubectl.run("wait", "--for=condition=Ready", "widget/waiter", "-n", namespace, "--timeout=30s")
    )
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    status = (
        '{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Succeeded",'
        f'"message":"all good","lastTransitionTime":"{now}"}}]}}}}'
    )
    await kubectl.run(
        "patch", "widget", "waiter", "-n", namespace, "--subresource=status", "--type=merge", "-p", status
    )
    r = await waiting
    assert r.stdout.strip() == "widget.test.lookout.dev/waiter condition met"
    rows = (await kubectl.run("get", "widget", "waiter", "-n", namespace)).stdout.splitlines()
    assert rows[1].split()[1:5] == ["medium", "1", "True", "all"]


async def test_describe_and_events_show_events(env: Any, kubectl: Kubectl, namespace: str) -> None:
    obj = await _widget(kubectl, namespace, "observed")
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    event = f"""
apiVersion: v1
kind: Event
metadata:
  name: observed.1
involvedObject:
  apiVersion: test.lookout.dev/v1
  kind: Widget
  name: observed
  namespace: {namespace}
  uid: {obj["metadata"]["uid"]}
reason: Reconciled
message: widget is shiny
type: Normal
source:
  component: widget-controller
firstTimestamp: "{now}"
lastTimestamp: "{now}"
count: 1
"""
    await kubectl.run("create", "-n", namespace, "-f", "-", input=event)
    described = (await kubectl.run("describe", "widget", "observed", "-n", namespace)).stdout
    events_part = described.split("Events:", 1)[1]
    assert (
        "Reconciled" in events_part
        and "widget is shiny" in events_part
        and "widget-controller" in events_part
    )
    r = await kubectl.run("events", "-n", namespace, "--for", "widget/observed")
    lines = r.stdout.strip().splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert "Reconciled" in lines[1] and "Widget/observed" in lines[1] and "widget is shiny" in lines[1]
    got = (await kubectl.run("get", "events", "-n", namespace)).stdout.strip().splitlines()
    assert got[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert got[1].split()[1:4] == ["Normal", "Reconciled", "widget/observed"]


async def test_delete_with_finalizer_waits_for_removal(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "held")
    await kubectl.run(
        "patch",
        "widget",
        "held",
        "-n",
        namespace,
        "--type=merge",
        "-p",
        '{"metadata":{"finalizers":["test.lookout.dev/hold"]}}',
    )
    r = await kubectl.run("delete", "widget", "held", "-n", namespace, "--wait=false")
    assert r.stdout.strip() == 'widget.test.lookout.dev "held" deleted'
    obj = (await kubectl.run("get", "widget", "held", "-n", namespace, "-o", "json")).json()
    assert obj["metadata"]["deletionTimestamp"]
    waiting = asyncio.create_task(
        kubectl.run("wait", "--for=delete", "widget/held", "-n", namespace, "--timeout=30s")
    )
    await kubectl.run(
        "patch", "widget", "held", "-n", namespace, "--type=merge", "-p", '{"metadata":{"finalizers":null}}'
    )
    await waiting
    r = await kubectl.run("get", "widget", "held", "-n", namespace, check=False)
    assert "NotFound" in r.stderr


async def test_scale_custom_resource(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "scaled")
    r = await kubectl.run("scale", "widget", "scaled", "-n", namespace, "--replicas=3")
    assert r.stdout.strip() == "widget.test.lookout.dev/scaled scaled"
    got = await kubectl.run("get", "widget", "scaled", "-n", namespace, "-o", "jsonpath={.spec.replicas}")
    assert got.stdout == "3"
    r = await kubectl.run(
        "scale", "widget", "scaled", "-n", namespace, "--replicas=1", "--current-replicas=5", check=False
    )
    assert r.returncode != 0 and "Expected replicas to be 5, was 3" in r.stderr


DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1
"""


async def test_patch_types_on_builtin_and_custom_resources(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    """kubectl patch's default (strategic) merges a built-in's containers by name, --type=merge
    replaces the list, --type=json edits by index; a custom resource takes merge patches."""
    await kubectl.run("apply", "-n", namespace, "-f", "-", input=DEPLOYMENT)

    async def containers() -> list[tuple[str, str]]:
        dep = (await kubectl.run("get", "deployment", "web", "-n", namespace, "-o", "json")).json()
        return [(c["name"], c["image"]) for c in dep["spec"]["template"]["spec"]["containers"]]

    sidecar = '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}'
    r = await kubectl.run("patch", "deployment", "web", "-n", namespace, "-p", sidecar)
    assert r.stdout.strip() == "deployment.apps/web patched"
    assert await containers() == [("sidecar", "busybox"), ("app", "nginx:1")]
    bump = '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:2"}]}}}}'
    await kubectl.run("patch", "deployment", "web", "-n", namespace, "--type=strategic", "-p", bump)
    assert await containers() == [("sidecar", "busybox"), ("app", "nginx:2")]
    await kubectl.run(
        "patch",
        "deployment",
        "web",
        "-n",
        namespace,
        "--type=json",
        "-p",
        '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"busybox:2"}]',
    )
    assert await containers() == [("sidecar", "busybox:2"), ("app", "nginx:2")]
    await kubectl.run("patch", "deployment", "web", "-n", namespace, "--type=merge", "-p", bump)
    assert await containers() == [("app", "nginx:2")]
    r = await kubectl.run("patch", "deployment", "web", "-n", namespace, "--type=merge", "-p", bump)
    assert r.stdout.strip() == "deployment.apps/web patched (no change)"

    await _widget(kubectl, namespace, "merged")
    await kubectl.run(
        "patch",
        "widget",
        "merged",
        "-n",
        namespace,
        "--type=merge",
        "-p",
        '{"spec":{"tags":["a","b"],"size":"large"}}',
    )
    await kubectl.run(
        "patch", "widget", "merged", "-n", namespace, "--type=merge", "-p", '{"spec":{"size":null}}'
    )
    spec = (await kubectl.run("get", "widget", "merged", "-n", namespace, "-o", "json")).json()["spec"]
    # removing size brings its schema default back, as kube-apiserver's defaulting does on write
    assert spec == {"image": "nginx", "tags": ["a", "b"], "size": "medium", "replicas": 1}
    r = await kubectl.run(
        "patch",
        "widget",
        "merged",
        "-n",
        namespace,
        "--type=merge",
        "-p",
        '{"spec":{"replicas":99}}',
        check=False,
    )
    assert r.returncode != 0
    assert 'The Widget "merged" is invalid: spec.replicas: Invalid value: 99:' in r.stderr
