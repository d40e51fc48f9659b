"""`kubectl get` against the environment: printer columns, output formats, errors.

Runs unchanged against a real kube-apiserver (envtest binaries or an existing cluster).
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support.kubectl import Kubectl

WIDGET = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: "{name}"
  labels:
    tier: "{tier}"
spec:
  image: nginx
  size: {size}
  replicas: {replicas}
"""


async def _widget(
    kubectl: Kubectl, ns: str, name: str, *, size: str = "small", replicas: int = 2, tier: str = "a"
) -> None:
    manifest = WIDGET.format(name=name, size=size, replicas=replicas, tier=tier)
    await kubectl.run("apply", "-n", ns, "-f", "-", input=manifest)


def _table(stdout: str) -> list[list[str]]:
    return [line.split() for line in stdout.strip().splitlines()]


async def test_get_shows_printer_columns(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "one", size="large", replicas=3)
    out = (await kubectl.run("get", "widgets", "-n", namespace)).stdout
    rows = _table(out)
    assert rows[0] == ["NAME", "SIZE", "REPLICAS", "READY", "STATUS", "AGE"]
    assert rows[1][:3] == ["one", "large", "3"]


async def test_short_names_categories_and_name_output(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "a1")
    await _widget(kubectl, namespace, "a2")
    by_short = (await kubectl.run("get", "wd", "-n", namespace, "-o", "name")).stdout.split()
    assert by_short == ["widget.test.lookout.dev/a1", "widget.test.lookout.dev/a2"]
    by_category = (await kubectl.run("get", "lookout-test", "-n", namespace, "-o", "name")).stdout.split()
    assert "widget.test.lookout.dev/a1" in by_category


async def test_get_json_yaml_jsonpath_and_custom_columns(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "fmt", size="medium", replicas=4)
    obj = (await kubectl.run("get", "widget", "fmt", "-n", namespace, "-o", "json")).json()
    assert obj["spec"] == {"image": "nginx", "size": "medium", "replicas": 4}
    assert obj["metadata"]["generation"] == 1
    yaml_out = (await kubectl.run("get", "widget", "fmt", "-n", namespace, "-o", "yaml")).stdout
    assert "kind: Widget" in yaml_out and "size: medium" in yaml_out
    jp = await kubectl.run("get", "widget", "fmt", "-n", namespace, "-o", "jsonpath={.spec.replicas}")
    assert jp.stdout == "4"
    cc = await kubectl.run(
        "get", "widgets", "-n", namespace, "-o", "custom-columns=N:.metadata.name,I:.spec.image"
    )
    assert _table(cc.stdout) == [["N", "I"], ["fmt", "nginx"]]


async def test_get_wide_and_label_selector(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await _widget(kubectl, namespace, "x", tier="front")
    await _widget(kubectl, namespace, "y", tier="back")
    out = (await kubectl.run("get", "widgets", "-n", namespace, "-l", "tier=front", "-o", "wide")).stdout
    rows = _table(out)
    assert [r[0] for r in rows[1:]] == ["x"]
    # a priority-1 printer column shows only in the wide output
    assert rows[0] == ["NAME", "SIZE", "REPLICAS", "READY", "STATUS", "AGE", "IMAGE"]
    assert rows[1][-1] == "nginx"
    narrow = _table((await kubectl.run("get", "widgets", "-n", namespace, "-l", "tier=front")).stdout)
    assert narrow[0] == ["NAME", "SIZE", "REPLICAS", "READY", "STATUS", "AGE"]
    labels = (await kubectl.run("get", "widgets", "-n", namespace, "--show-labels")).stdout
    assert "tier=back" in labels and "tier=front" in labels


async def test_get_builtin_columns(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await kubectl.run(
        "create", "configmap", "cfg", "-n", namespace, "--from-literal=a=1", "--from-literal=b=2"
    )
    await kubectl.run(
        "create", "secret", "generic", "sec", "-n", namespace, "--from-literal=password=hunter2"
    )
    cms = _table((await kubectl.run("get", "configmap", "cfg", "-n", namespace)).stdout)
    assert cms[0] == ["NAME", "DATA", "AGE"]
    assert cms[1][:2] == ["cfg", "2"]
    secrets = _table((await kubectl.run("get", "secret", "sec", "-n", namespace)).stdout)
    assert secrets[0] == ["NAME", "TYPE", "DATA", "AGE"]
    assert secrets[1][:3] == ["sec", "Opaque", "1"]
    ns = _table((await kubectl.run("get", "namespace", namespace)).stdout)
    assert ns[0] == ["NAME", "STATUS", "AGE"]
    assert ns[1][:2] == [namespace, "Active"]
    await kubectl.run("create", "serviceaccount", "robot", "-n", namespace)
    sas = _table((await kubectl.run("get", "serviceaccount", "robot", "-n", namespace)).stdout)
    assert sas[0] == ["NAME", "SECRETS", "AGE"]
    assert sas[1][:2] == ["robot", "0"]
    lease = (
        "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: leader\n"
        "spec:\n  holderIdentity: pod-a_1234\n  leaseDurationSeconds: 15\n"
    )
    await kubectl.run("apply", "-n", namespace, "-f", "-", input=lease)
    leases = _table((await kubectl.run("get", "lease", "leader", "-n", namespace)).stdout)
    assert leases[0] == ["NAME", "HOLDER", "AGE"]
    assert leases[1][:2] == ["leader", "pod-a_1234"]


async def test_get_cluster_scoped_custom_resource(env: Any, kubectl: Kubectl) -> None:
    name = f"g-{id(kubectl) % 100000}"
    await kubectl.run(
        "apply",
        "-f",
        "-",
        input=f"""
apiVersion: test.lookout.dev/v1
kind: Gadget
metadata:
  name: "{name}"
spec:
  notes: hello
""",
    )
    try:
        rows = _table((await kubectl.run("get", "gadget", name)).stdout)
        assert rows[0] == ["NAME", "COLOR", "AGE"]
        assert rows[1][:2] == [name, "blue"]  # defaulted by the schema
    finally:
        await kubectl.run("delete", "gadget", name)


async def test_not_found_message(env: Any, kubectl: Kubectl, namespace: str) -> None:
    r = await kubectl.run("get", "configmap", "nope", "-n", namespace, check=False)
    assert r.returncode != 0
    assert 'Error from server (NotFound): configmaps "nope" not found' in r.stderr
    r = await kubectl.run("get", "widget", "nope", "-n", namespace, check=False)
    assert 'Error from server (NotFound): widgets.test.lookout.dev "nope" not found' in r.stderr


async def test_get_watch_prints_rows_for_changes(env: Any, kubectl: Kubectl, namespace: str) -> None:
    await kubectl.run("create", "configmap", "first", "-n", namespace, "--from-literal=a=1")
    proc = await asyncio.create_subprocess_exec(
        "kubectl",
        "get",
        "configmaps",
        "-n",
        namespace,
        "-w",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=kubectl._env(),
    )
    assert proc.stdout is not None
    try:
        header = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().split()
        assert header == ["NAME", "DATA", "AGE"]
        # The first row is printed once the watch is open; only then create the second object.
        first = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().split()
        assert first[:2] == ["first", "1"]
        await kubectl.run("create", "configmap", "second", "-n", namespace, "--from-literal=a=1")
        second = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().split()
        assert second[:2] == ["second", "1"]
        # a change to an existing object prints its row again, with the new column values
        await kubectl.run("patch", "configmap", "first", "-n", namespace, "-p", '{"data":{"b":"2"}}')
        changed = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().split()
        assert changed[:2] == ["first", "2"]
    finally:
        proc.kill()
        await proc.wait()


async def test_deprecated_version_warning_and_shared_objects(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    await _widget(kubectl, namespace, "old", size="large")
    r = await kubectl.run("get", "widgets.v1beta1.test.lookout.dev", "old", "-n", namespace, "-o", "json")
    assert (
        "Warning: test.lookout.dev/v1beta1 Widget is deprecated; use test.lookout.dev/v1 Widget" in r.stderr
    )
    obj = r.json()
    assert obj["apiVersion"] == "test.lookout.dev/v1beta1"
    assert obj["spec"]["size"] == "large"
