"""ImageUpdateAutomation end to end over smart HTTP with basic auth: markers set byte for byte,
a templated commit pushed, status and events as upstream, one ls-remote when nothing changed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imageupdateautomation.conftest import (
    IUA,
    PASSWORD,
    USER,
    automation,
    get_auto,
    git_repository,
    has_event,
    head,
    iua_manager,
    log_message,
    secret,
    set_policy,
    show,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.gitserver import GitHTTPServer, commit_files, git, init_bare_repo

DEPLOYMENT = (
    "# the web tier\r\n"
    "apiVersion: apps/v1\r\n"
    "kind: Deployment\r\n"
    "metadata:\r\n"
    "  name: web\r\n"
    "  namespace: apps\r\n"
    "spec:\r\n"
    "  template:\r\n"
    "    spec:\r\n"
    "      containers:\r\n"
    "      - name: web\r\n"
    "        image:   'registry.example/web:1.0.0'   # {\"$imagepolicy\": \"NS:web\"}  \r\n"
    "      - name: sidecar\r\n"
    "        image: registry.example/sidecar:2.0 # {\"$imagepolicy\": \"other-ns:sidecar\"}\r\n"
)
HELM = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app
spec:
  values:
    image:
      repository: registry.example/web # {"$imagepolicy": "NS:web:name"}
      tag: 1.0.0 # {"$imagepolicy": "NS:web:tag"}
"""
INVALID_SOURCE, BAD_SELECTOR = "InvalidSourceConfiguration", "InvalidPolicySelector"
TEMPLATE = """\
chore: automated image update

Automation: {{ .AutomationObject }}

{{ range .Changed.Changes -}}
- {{ .OldValue }} -> {{ .NewValue }}
{{ end -}}
{{ range $file, $objects := .Changed.FileChanges -}}
{{ $file }}:{{ range $obj, $changes := $objects }} {{ $obj.Kind }}/{{ $obj.Name }}{{ end }}
{{ end -}}
env={{ .Values.env }}"""


async def test_push_templated_commit_then_nothing_to_do(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "app.git"
    deployment = DEPLOYMENT.replace("NS", namespace)
    helm = HELM.replace("NS", namespace)
    first = init_bare_repo(bare, {"apps/dev/deploy.yaml": deployment.encode(),
                                  "apps/dev/helm.yaml": helm.encode(),
                                  "README.md": b"untouched\n"})
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "git-creds", {"username": USER, "password": PASSWORD}))
        await client.create(git_repository(namespace, "repo", http_git.url("app.git"),
                                           secretRef={"name": "git-creds"}))
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        spec = automation(namespace, "auto", "repo")
        spec["spec"]["git"]["commit"]["messageTemplate"] = TEMPLATE
        spec["spec"]["git"]["commit"]["messageTemplateValues"] = {"env": "dev"}
        spec["spec"]["update"]["path"] = "./apps"
        await client.create(spec)

        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        pushed = head(bare)
        assert pushed != first
        status = obj["status"]
        assert status["lastPushCommit"] == pushed
        assert status["observedSourceRevision"] == f"main@sha1:{pushed}"
        assert status["observedPolicies"] == {"web": {"name": "registry.example/web", "tag": "1.1.0"}}
        assert status["lastAutomationRunTime"] and status["lastPushTime"]
        assert conditions.get_message(obj, "Ready") == "repository up-to-date"

        # Only the marked values changed, byte for byte (CRLF, quotes, comments, spacing kept).
        assert show(bare, pushed, "apps/dev/deploy.yaml") == deployment.replace(
            "'registry.example/web:1.0.0'", "'registry.example/web:1.1.0'")
        assert show(bare, pushed, "apps/dev/helm.yaml") == helm.replace(
            "tag: 1.0.0", "tag: 1.1.0")
        message = log_message(bare, pushed)
        assert message == (
            f"chore: automated image update\n\nAutomation: {namespace}/auto\n\n"
            "- registry.example/web:1.0.0 -> registry.example/web:1.1.0\n"
            "- 1.0.0 -> 1.1.0\n"
            "dev/deploy.yaml: Deployment/web\n"
            "dev/helm.yaml: HelmRelease/app\n"
            "env=dev"
        )
        author = git("--git-dir", str(bare), "log", "-1", "--format=%an <%ae>", pushed)
        assert author == "fluxbot <fluxbot@example.com>"
        await until(lambda: has_event(client, namespace, "auto", "Normal", "Succeeded",
                                      f"pushed commit '{pushed[:7]}' to branch 'main'\nchore: automated"))

        # Nothing changed: one ls-remote (a GET of info/refs for upload-pack) and nothing else.
        http_git.requests.clear()
        await client.patch(*IUA, "auto", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "again"}}}, namespace=namespace)

        async def handled() -> dict[str, Any] | None:
            obj = await get_auto(client, namespace, "auto")
            return obj if obj["status"].get("lastHandledReconcileAt") == "again" else None

        await until(handled)
        # (git asks anonymously first, then with the password; v2 lists refs in a POST.)
        seen = [(r.method, r.path, r.command) for r in http_git.requests if r.authorized]
        assert seen == [("GET", "/app.git/info/refs", None),
                        ("POST", "/app.git/git-upload-pack", "ls-refs")], seen
        assert head(bare) == pushed
        await until(lambda: has_event(client, namespace, "auto", "Normal", "Succeeded",
                                      "no change since last reconciliation"))


async def test_policy_change_and_moved_branch_stack(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "stack.git"
    deployment = DEPLOYMENT.replace("NS", namespace)
    init_bare_repo(bare, {"deploy.yaml": deployment.encode()})
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "git-creds", {"username": USER, "password": PASSWORD}))
        await client.create(git_repository(namespace, "repo", http_git.url("stack.git"),
                                           secretRef={"name": "git-creds"}))
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        await client.create(automation(namespace, "auto", "repo"))
        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        first_push = obj["status"]["lastPushCommit"]

        # Someone else commits; then the policy moves: the update lands on top of their commit.
        other = await asyncio.to_thread(commit_files, bare, "main", {"NOTES": b"hello\n"}, "human commit")
        await set_policy(client, namespace, "web", "registry.example/web", "1.2.0")
        obj = await wait_ready(client, namespace, "auto", pushed=first_push, tag="1.2.0")
        pushed = head(bare)
        assert obj["status"]["lastPushCommit"] == pushed
        assert git("--git-dir", str(bare), "rev-parse", f"{pushed}^") == other
        assert "registry.example/web:1.2.0" in show(bare, pushed, "deploy.yaml")
        assert show(bare, pushed, "NOTES") == "hello\n"
        assert obj["status"]["observedPolicies"]["web"]["tag"] == "1.2.0"


async def test_wrong_password_then_fixed(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "auth.git"
    init_bare_repo(bare, {"deploy.yaml": DEPLOYMENT.replace("NS", namespace).encode()})
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "git-creds", {"username": USER, "password": "wrong-XYZZY"}))
        await client.create(git_repository(namespace, "repo", http_git.url("auth.git"),
                                           secretRef={"name": "git-creds"}))
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        await client.create(automation(namespace, "auto", "repo"))
        obj = await wait_condition(client, namespace, "auto", "Ready", "False", "GitOperationFailed")
        message = conditions.get_message(obj, "Ready")
        assert message.startswith("failed to checkout source: "), message
        assert "wrong-XYZZY" not in message and PASSWORD not in message
        await until(lambda: has_event(client, namespace, "auto", "Warning", "GitOperationFailed"))
        await client.patch("v1", "Secret", "git-creds", {"data": {"password": _b64(PASSWORD)}},
                           namespace=namespace)
        await wait_ready(client, namespace, "auto", tag="1.1.0")
        assert "registry.example/web:1.1.0" in show(bare, head(bare), "deploy.yaml")


def _b64(value: str) -> str:
    import base64

    return base64.b64encode(value.encode()).decode()


async def test_spec_problems_stall(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    async with iua_manager(env, namespace, tmp_path):
        await client.create(git_repository(namespace, "repo", http_git.url("none.git")))
        no_git = automation(namespace, "no-git", "repo")
        del no_git["spec"]["git"]
        await client.create(no_git)
        obj = await wait_condition(client, namespace, "no-git", "Stalled", "True", INVALID_SOURCE)
        assert conditions.get_message(obj, "Ready") == (
            "source kind 'GitRepository' necessitates field .spec.git: invalid source configuration")

        bad_selector = automation(namespace, "bad-selector", "repo", policySelector={
            "matchExpressions": [{"key": "app", "operator": "In"}]})
        await client.create(bad_selector)
        obj = await wait_condition(client, namespace, "bad-selector", "Stalled", "True", BAD_SELECTOR)
        assert conditions.get_message(obj, "Ready").startswith("failed to parse policy selector: ")

        # A GitHub App or Azure identity is refused, never tried as plain credentials.
        app_repo = git_repository(namespace, "app-repo", http_git.url("none.git"), provider="github")
        await client.create(app_repo)
        await client.create(automation(namespace, "github-app", "app-repo"))
        obj = await wait_condition(client, namespace, "github-app", "Stalled", "True", INVALID_SOURCE)
        assert conditions.get_message(obj, "Ready").startswith(
            "GitRepository provider 'github' is not supported by Lookout: ")

        missing = automation(namespace, "missing-repo", "nope")
        await client.create(missing)
        obj = await wait_condition(client, namespace, "missing-repo", "Ready", "False", "SourceManagerFailed")
        assert conditions.get_message(obj, "Ready").startswith(
            "failed configuring source manager: referenced git repository does not exist: ")
        assert not conditions.has(obj, "Stalled")
