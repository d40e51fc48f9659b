"""`lookout automation preview`: the diff and message of the next run, offline over fixture
checkouts (never modified) and by name against the API server and a real Git server, where the
preview must equal what the controller then pushes and the remote must not move."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from controller_runtime.client import Client
from controllers.automation import plan
from controllers.automation.preview import MESSAGE_SEPARATOR, parse_policy_flag, unified_diff
from controllers.cli import main
from tests.imageupdateautomation.conftest import (
    IUA,
    PASSWORD,
    USER,
    git_repository,
    head,
    iua_manager,
    log_message,
    secret,
    set_policy,
    show,
    wait_ready,
)
from tests.support.gitserver import GitHTTPServer, git, init_bare_repo

DATA = Path(__file__).parent / "testdata" / "preview"
PREVIEW = ["automation", "preview"]

DEPLOY_DIFF = """\
--- a/apps/dev/deploy.yaml
+++ b/apps/dev/deploy.yaml
@@ -9,6 +9,6 @@
     spec:
       containers:
       - name: web
-        image:   'registry.example/web:1.0.0'   # {"$imagepolicy": "flux-system:web"}
+        image:   'registry.example/web:1.1.0'   # {"$imagepolicy": "flux-system:web"}
       - name: sidecar
         image: registry.example/sidecar:2.0 # {"$imagepolicy": "flux-system:sidecar"}
"""
HELM_DIFF = """\
--- a/apps/dev/helm.yaml
+++ b/apps/dev/helm.yaml
@@ -6,4 +6,4 @@
   values:
     image:
       repository: registry.example/web # {"$imagepolicy": "flux-system:web:name"}
-      tag: 1.0.0 # {"$imagepolicy": "flux-system:web:tag"}
+      tag: 1.1.0 # {"$imagepolicy": "flux-system:web:tag"}
"""
MESSAGE = """\
chore: automated image update

Automation: flux-system/auto

- registry.example/web:1.0.0 -> registry.example/web:1.1.0
- 1.0.0 -> 1.1.0
dev/deploy.yaml: Deployment/web
dev/helm.yaml: HelmRelease/app
env=dev"""


def snapshot(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry under `root` with its bytes (files) and mtime: what "untouched" means."""
    found: dict[str, tuple[bytes | None, int]] = {".": (None, root.stat().st_mtime_ns)}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        found[path.relative_to(root).as_posix()] = (data, st.st_mtime_ns)
    return found


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A private copy of the fixture checkout, with old mtimes so a rewrite would show."""
    root = tmp_path / "checkout"
    shutil.copytree(DATA / "repo", root)
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return root


def offline(checkout: Path, *extra: str, automation: str = "automation.yaml") -> list[str]:
    return [*PREVIEW, "-f", str(DATA / automation), "--checkout", str(checkout), *extra]


# ---------------------------------------------------------------------------------------------
# Offline


def test_offline_prints_only_the_changed_values_and_the_message(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(checkout)
    rc = main(offline(checkout, "--policy", "flux-system:web=registry.example/web:1.1.0"))
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert out == f"{DEPLOY_DIFF}{HELM_DIFF}{MESSAGE_SEPARATOR}\n{MESSAGE}\n"
    assert err == ""
    assert snapshot(checkout) == before  # bytes and mtimes, the directory's included


def test_offline_policies_file_is_selected_like_the_controller_and_json(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `sidecar` has a latestRef but not the selector's label; `pending` has no latestRef.
    before = snapshot(checkout)
    rc = main(offline(checkout, "--policies", str(DATA / "policies.yaml"), "-o", "json"))
    out, err = capsys.readouterr()
    assert rc == 0, err
    data = json.loads(out)
    assert data["files"] == {"apps/dev/deploy.yaml": DEPLOY_DIFF, "apps/dev/helm.yaml": HELM_DIFF}
    assert data["message"] == MESSAGE
    web = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "namespace": "apps"}
    app = {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "name": "app", "namespace": ""}
    assert data["changes"] == [
        {"file": "apps/dev/deploy.yaml", "object": web, "setter": "flux-system:web",
         "oldValue": "registry.example/web:1.0.0", "newValue": "registry.example/web:1.1.0"},
        {"file": "apps/dev/helm.yaml", "object": app, "setter": "flux-system:web:tag",
         "oldValue": "1.0.0", "newValue": "1.1.0"},
    ]
    assert snapshot(checkout) == before


def test_offline_policy_flag_overrides_the_file_and_crlf_shows(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = (checkout / "apps/dev/deploy.yaml").read_bytes().replace(b"\n", b"\r\n")
    (checkout / "apps/dev/deploy.yaml").write_bytes(crlf)
    before = snapshot(checkout)
    rc = main(offline(checkout, "--policies", str(DATA / "policies.yaml"),
                      "--policy", "flux-system:web=registry.example/web:1.2.0@sha256:" + "a" * 64,
                      "-o", "json"))
    out, err = capsys.readouterr()
    assert rc == 0, err
    diff = json.loads(out)["files"]["apps/dev/deploy.yaml"]
    new = f"registry.example/web:1.2.0@sha256:{'a' * 64}"
    assert diff == DEPLOY_DIFF.replace("\n", "\r\n").replace(
        "--- a/apps/dev/deploy.yaml\r\n+++ b/apps/dev/deploy.yaml\r\n@@ -9,6 +9,6 @@\r\n",
        "--- a/apps/dev/deploy.yaml\n+++ b/apps/dev/deploy.yaml\n@@ -9,6 +9,6 @@\n",
    ).replace("+        image:   'registry.example/web:1.1.0'", f"+        image:   '{new}'")
    assert snapshot(checkout) == before


def test_offline_no_change(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(offline(checkout, "--policy", "flux-system:web=registry.example/web:1.0.0"))
    out, err = capsys.readouterr()
    assert (rc, out) == (0, "")
    assert "no changes" in err
    rc = main(offline(checkout, "--policy", "flux-system:web=registry.example/web:1.0.0", "-o", "json"))
    out, _ = capsys.readouterr()
    assert (rc, json.loads(out)) == (0, {"files": {}, "message": "", "changes": []})


def test_offline_removed_updated_field_is_a_spec_error(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(offline(checkout, "--policy", "flux-system:web=registry.example/web:1.1.0",
                      automation="automation-updated.yaml"))
    out, err = capsys.readouterr()
    assert (rc, out) == (2, "")
    assert plan.UPDATED_REMOVED in err and "RemovedTemplateField" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"policySelector": {"matchExpressions": [{"key": "team", "operator": "Bogus"}]}},
         "InvalidPolicySelector: failed to parse policy selector"),
        ({"update": {"strategy": "Other"}}, "unsupported update strategy: Other"),
        ({"sourceRef": {"kind": "Bucket", "name": "b"}}, "source kind 'Bucket' not supported"),
        ({"update": {"path": "./missing"}}, "update path './missing' does not exist"),
        ({"update": {"path": "../"}}, "must not contain '..'"),
    ],
)
def test_offline_spec_errors_exit_2(
    checkout: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], expected: str
) -> None:
    obj = yaml.safe_load((DATA / "automation.yaml").read_text())
    obj["spec"].update(change)
    path = tmp_path / "auto.yaml"
    path.write_text(yaml.safe_dump(obj))
    rc = main([*PREVIEW, "-f", str(path), "--checkout", str(checkout),
               "--policy", "flux-system:web=registry.example/web:1.1.0"])
    _, err = capsys.readouterr()
    assert rc == 2
    assert expected in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--policy", "web=registry.example/web:1.1.0"], "expected NS:NAME=IMAGE:TAG[@DIGEST]"),
        (["--policy", "ns:web=registry.example:5000/web"], "the image needs a tag"),
        (["--kubeconfig", "x"], "--kubeconfig is for cluster mode"),
    ],
)
def test_offline_usage_errors_exit_2(
    checkout: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    rc = main(offline(checkout, *args))
    _, err = capsys.readouterr()
    assert rc == 2
    assert expected in err


def test_usage_errors_without_a_checkout_or_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*PREVIEW, "-f", str(DATA / "automation.yaml")]) == 2
    assert "needs --checkout" in capsys.readouterr().err
    assert main([*PREVIEW, "--policy", "a:b=c:d"]) == 2
    assert "--policy needs -f" in capsys.readouterr().err


def test_policy_flag_parsing() -> None:
    assert parse_policy_flag("ns:web=host:5000/org/web:1.2@sha256:ab") == (
        ("ns", "web"), plan.PolicyImage("host:5000/org/web", "1.2", "sha256:ab"))


def test_unified_diff_marks_a_missing_final_newline() -> None:
    assert unified_diff("x.yaml", b"a: 1\nb: 2", b"a: 1\nb: 3") == (
        "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n\\ No newline at end of file\n"
        "+b: 3\n\\ No newline at end of file\n"
    )


# ---------------------------------------------------------------------------------------------
# By name, against the API server and a Git server


@pytest.fixture
async def git_server(tmp_path: Path) -> AsyncIterator[GitHTTPServer]:
    async with GitHTTPServer(root=tmp_path / "remote", username=USER, password=PASSWORD) as server:
        yield server


def cluster_files(namespace: str) -> dict[str, bytes]:
    repo = DATA / "repo"
    files = {p.relative_to(repo).as_posix(): p.read_bytes().replace(b"flux-system", namespace.encode())
             for p in repo.rglob("*") if p.is_file()}
    files["apps/dev/deploy.yaml"] = files["apps/dev/deploy.yaml"].replace(b"\n", b"\r\n")
    return files


def cluster_automation(namespace: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load((DATA / "automation.yaml").read_text())
    obj["metadata"] = {"name": "auto", "namespace": namespace}
    return obj


async def preview(env: Any, *args: str) -> int:
    """Run the CLI as a user would, in a thread: `main` runs its own event loop."""
    return await asyncio.to_thread(main, [*PREVIEW, *args, "--kubeconfig", str(env.kubeconfig_path)])


async def test_cluster_preview_equals_the_next_push_and_pushes_nothing(
    env: Any, client: Client, namespace: str, git_server: GitHTTPServer, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bare = git_server.root / "app.git"
    first = init_bare_repo(bare, cluster_files(namespace))
    await client.create(secret(namespace, "git-creds", {"username": USER, "password": PASSWORD}))
    await client.create(git_repository(namespace, "repo", git_server.url("app.git"),
                                       secretRef={"name": "git-creds"}))
    await set_policy(client, namespace, "web", "registry.example/web", "1.1.0", labels={"team": "web"})
    await set_policy(client, namespace, "sidecar", "registry.example/sidecar", "3.0", labels={"team": "x"})
    created = await client.create(cluster_automation(namespace))

    rc = await preview(env, "auto", "-n", namespace, "-o", "json")
    out, err = capsys.readouterr()
    assert rc == 0, err
    data = json.loads(out)
    rc = await preview(env, "auto", "-n", namespace)
    text, err = capsys.readouterr()
    assert rc == 0, err
    assert PASSWORD not in out + text + err
    assert head(bare) == first  # nothing pushed
    auto = await client.get(*IUA, "auto", namespace=namespace)
    assert auto["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]  # not written

    assert sorted(data["files"]) == ["apps/dev/deploy.yaml", "apps/dev/helm.yaml"]
    assert "-        image:   'registry.example/web:1.0.0'   # " in data["files"]["apps/dev/deploy.yaml"]
    assert data["files"]["apps/dev/deploy.yaml"].count("\r\n") == 7  # 5 context, -, +: CRLF kept
    assert text == "".join(data["files"].values()) + f"{MESSAGE_SEPARATOR}\n{data['message']}\n"

    async with iua_manager(env, namespace, tmp_path):
        await wait_ready(client, namespace, "auto", tag="1.1.0")
    pushed = head(bare)
    assert pushed != first
    assert log_message(bare, pushed) == data["message"] == MESSAGE.replace("flux-system", namespace)
    changed = git("--git-dir", str(bare), "diff", "--name-only", first, pushed).splitlines()
    assert changed == sorted(data["files"])
    # The printed diff, applied to the previewed commit, gives exactly the pushed files.
    work = tmp_path / "work"
    git("clone", "--quiet", str(bare), str(work))
    git("checkout", "--quiet", first, cwd=work)
    await asyncio.to_thread(subprocess.run, ["git", "apply", "--whitespace=nowarn", "-"], cwd=work,
                            check=True, input="".join(data["files"].values()).encode())
    for path in changed:
        assert (work / path).read_bytes().decode() == show(bare, pushed, path)


async def test_cluster_spec_errors_exit_2(
    env: Any, client: Client, namespace: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = await preview(env, "auto", "-n", namespace)
    assert rc == 2
    assert f"ImageUpdateAutomation '{namespace}/auto' not found" in capsys.readouterr().err
    await client.create(cluster_automation(namespace))
    rc = await preview(env, "auto", "-n", namespace)
    assert rc == 2
    err = capsys.readouterr().err
    assert "failed configuring source manager: referenced git repository does not exist" in err


async def test_cluster_git_failure_exits_1(
    env: Any, client: Client, namespace: str, git_server: GitHTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    await client.create(secret(namespace, "git-creds", {"username": USER, "password": "wrong-s3cret"}))
    await client.create(git_repository(namespace, "repo", git_server.url("missing.git"),
                                       secretRef={"name": "git-creds"}))
    await client.create(cluster_automation(namespace))
    rc = await preview(env, "auto", "-n", namespace)
    out, err = capsys.readouterr()
    assert (rc, out) == (1, "")
    assert "failed to checkout source" in err and "wrong-s3cret" not in err
