"""`kubectl apply` (client-side three-way merge, -k, validation errors) against the environment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.kubectl import Kubectl

CM = """
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
data:
{data}
"""


def _cm(**data: str) -> str:
    return CM.format(data="\n".join(f'  {k}: "{v}"' for k, v in data.items()))


async def test_client_side_apply_create_configure_unchanged(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=_cm(a="1", b="2"))
    assert r.stdout.strip() == "configmap/applied created"
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=_cm(a="1", b="2"))
    assert r.stdout.strip() == "configmap/applied unchanged"
    # Dropping b from the manifest removes it (three-way merge with last-applied-configuration).
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=_cm(a="9"))
    assert r.stdout.strip() == "configmap/applied configured"
    obj = (await kubectl.run("get", "cm", "applied", "-n", namespace, "-o", "json")).json()
    assert obj["data"] == {"a": "9"}
    last = json.loads(obj["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"])
    assert last["data"] == {"a": "9"}
    assert r.stderr == ""


async def test_apply_custom_resource_keeps_fields_set_by_others(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    manifest = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: merged
spec:
  image: nginx
  size: small
"""
    await kubectl.run("apply", "-n", namespace, "-f", "-", input=manifest)
    await kubectl.run(
        "patch", "widget", "merged", "-n", namespace, "--type=merge", "-p", '{"spec":{"suspend":true}}'
    )
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=manifest.replace("small", "large"))
    assert r.stdout.strip() == "widget.test.lookout.dev/merged configured"
    assert r.stderr == ""
    spec = (await kubectl.run("get", "widget", "merged", "-n", namespace, "-o", "json")).json()["spec"]
    assert spec["size"] == "large" and spec["suspend"] is True
    gen = await kubectl.run(
        "get", "widget", "merged", "-n", namespace, "-o", "jsonpath={.metadata.generation}"
    )
    assert gen.stdout == "3"


async def test_apply_custom_resource_metadata_change_uses_object_meta_schema(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    """A second client-side apply that changes metadata only: kubectl reads the CRD's OpenAPI v3
    (metadata is ObjectMeta there) to build the patch; it must warn of nothing and patch exactly
    the annotation and label changes, keeping metadata others set."""
    manifest = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: meta
  annotations:
    note: first
  labels:
    tier: web
    drop-me: "yes"
spec:
  image: nginx
"""
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=manifest)
    assert r.stderr == ""
    await kubectl.run("annotate", "widget", "meta", "-n", namespace, "other=kept")
    changed = manifest.replace("note: first", "note: second").replace('    drop-me: "yes"\n', "")
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=changed)
    assert r.stdout.strip() == "widget.test.lookout.dev/meta configured"
    assert r.stderr == ""  # no "warning: error calculating patch from openapi v3 spec"
    md = (await kubectl.run("get", "widget", "meta", "-n", namespace, "-o", "json")).json()["metadata"]
    assert md["labels"] == {"tier": "web"}
    last = json.loads(md["annotations"].pop("kubectl.kubernetes.io/last-applied-configuration"))
    assert md["annotations"] == {"note": "second", "other": "kept"}
    assert last["metadata"]["annotations"] == {"note": "second"}
    assert md["generation"] == 1  # metadata changes never bump the generation


async def test_apply_invalid_custom_resource_prints_kube_error(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    manifest = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: bad
spec:
  image: nginx
  size: huge
"""
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=manifest, check=False)
    assert r.returncode != 0
    assert (
        'The Widget "bad" is invalid: spec.size: Unsupported value: "huge": supported values: '
        '"small", "medium", "large"' in r.stderr
    )


async def test_apply_unknown_field_is_rejected_by_strict_validation(
    env: Any, kubectl: Kubectl, namespace: str
) -> None:
    manifest = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: typo
spec:
  image: nginx
  sise: small
"""
    r = await kubectl.run("apply", "-n", namespace, "-f", "-", input=manifest, check=False)
    assert r.returncode != 0
    assert 'unknown field "spec.sise"' in r.stderr


async def test_apply_kustomization(env: Any, kubectl: Kubectl, namespace: str, tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(f"""
namespace: {namespace}
commonLabels:
  app.kubernetes.io/part-of: demo
resources:
  - widget.yaml
configMapGenerator:
  - name: settings
    literals:
      - mode=fast
""")
    (tmp_path / "widget.yaml").write_text("""
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: from-kustomize
spec:
  image: nginx
""")
    r = await kubectl.run("apply", "-k", str(tmp_path))
    lines = sorted(r.stdout.strip().splitlines())
    assert len(lines) == 2
    assert lines[0].startswith("configmap/settings-") and lines[0].endswith(" created")
    assert lines[1] == "widget.test.lookout.dev/from-kustomize created"
    out = await kubectl.run(
        "get", "widgets,configmaps", "-n", namespace, "-l", "app.kubernetes.io/part-of=demo", "-o", "name"
    )
    names = out.stdout.split()
    assert "widget.test.lookout.dev/from-kustomize" in names
    assert any(n.startswith("configmap/settings-") for n in names)


async def test_server_side_apply_and_conflicts(env: Any, kubectl: Kubectl, namespace: str) -> None:
    manifest = """
apiVersion: test.lookout.dev/v1
kind: Widget
metadata:
  name: ssa
spec:
  image: nginx
  size: small
"""
    r = await kubectl.run("apply", "--server-side", "-n", namespace, "-f", "-", input=manifest)
    assert r.stdout.strip() == "widget.test.lookout.dev/ssa serverside-applied"
    await kubectl.run(
        "patch", "widget", "ssa", "-n", namespace, "--type=merge", "-p", '{"spec":{"size":"large"}}'
    )
    r = await kubectl.run("apply", "--server-side", "-n", namespace, "-f", "-", input=manifest, check=False)
    assert r.returncode != 0
    assert 'Apply failed with 1 conflict: conflict with "kubectl-patch"' in r.stderr
    assert ".spec.size" in r.stderr
    r = await kubectl.run(
        "apply", "--server-side", "--force-conflicts", "-n", namespace, "-f", "-", input=manifest
    )
    obj = (
        await kubectl.run("get", "widget", "ssa", "-n", namespace, "-o", "json", "--show-managed-fields")
    ).json()
    assert obj["spec"]["size"] == "small"
    owners = {m["manager"]: m["operation"] for m in obj["metadata"]["managedFields"]}
    assert owners.get("kubectl") == "Apply"
    applied = next(m for m in obj["metadata"]["managedFields"] if m["manager"] == "kubectl")
    assert set(applied["fieldsV1"]["f:spec"]) == {"f:image", "f:size"}
