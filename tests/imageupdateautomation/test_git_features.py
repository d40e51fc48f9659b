"""ImageUpdateAutomation over SSH, signed commits (GPG and SSH, checked by `git verify-commit`),
push branches, refspecs and push options, template rules, path confinement, cross-namespace
refs, and two automations landing on one branch."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.git.test_signing import _verify_gpg, gpg_keys
from tests.imageupdateautomation.conftest import (
    PASSWORD,
    USER,
    automation,
    git_repository,
    has_event,
    head,
    iua_manager,
    log_message,
    secret,
    set_policy,
    show,
    until,
    verify_ssh_signature,
    wait_condition,
    wait_ready,
)
from tests.support.gitserver import GitHTTPServer, GitSSHServer, git, init_bare_repo, ssh_keypair

MARKED = 'image: registry.example/web:1.0.0 # {"$imagepolicy": "NS:web"}\n'


def deploy(namespace: str) -> bytes:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  "
        + MARKED.replace("NS", namespace)
    ).encode()


async def http_setup(client: Client, namespace: str, http_git: GitHTTPServer, repo: str) -> Path:
    bare = http_git.root / f"{repo}.git"
    await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": deploy(namespace)})
    await client.create(secret(namespace, f"{repo}-creds", {"username": USER, "password": PASSWORD}))
    await client.create(
        git_repository(namespace, repo, http_git.url(f"{repo}.git"), secretRef={"name": f"{repo}-creds"})
    )
    return bare


async def test_ssh_with_signed_gpg_commit(env: Any, client: Client, namespace: str, tmp_path: Path) -> None:
    secret_key, public_key = await asyncio.to_thread(
        gpg_keys, tmp_path / "keygen", "Flux Bot <fluxbot@example.com>", "sign-pass"
    )
    async with GitSSHServer() as ssh:
        bare = tmp_path / "ssh" / "app.git"
        await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": deploy(namespace)})
        async with iua_manager(env, namespace, tmp_path):
            await client.create(
                secret(namespace, "ssh-creds", {"identity": ssh.client_key, "known_hosts": ssh.known_hosts})
            )
            await client.create(secret(namespace, "gpg", {"git.asc": secret_key, "passphrase": "sign-pass"}))
            await client.create(
                git_repository(namespace, "repo", ssh.url(bare), secretRef={"name": "ssh-creds"})
            )
            await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
            spec = automation(namespace, "auto", "repo")
            spec["spec"]["git"]["commit"]["signingKey"] = {"secretRef": {"name": "gpg"}}
            await client.create(spec)
            obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
            sha = obj["status"]["lastPushCommit"]
            assert sha == head(bare)
            out = await asyncio.to_thread(_verify_gpg, tmp_path, bare, sha, public_key)
            assert out.returncode == 0 and "GOODSIG" in out.stderr, out.stderr
            assert "registry.example/web:1.1.0" in show(bare, sha, "deploy.yaml")


async def test_wrong_host_key_is_refused(env: Any, client: Client, namespace: str, tmp_path: Path) -> None:
    async with GitSSHServer() as ssh, GitSSHServer() as impostor:
        bare = tmp_path / "ssh" / "app.git"
        await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": deploy(namespace)})
        async with iua_manager(env, namespace, tmp_path):
            # The known_hosts entry of another server, for this server's address.
            wrong = impostor.known_hosts.replace(f":{impostor.port}]".encode(), f":{ssh.port}]".encode())
            await client.create(
                secret(namespace, "ssh-creds", {"identity": ssh.client_key, "known_hosts": wrong})
            )
            await client.create(
                git_repository(namespace, "repo", ssh.url(bare), secretRef={"name": "ssh-creds"})
            )
            await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
            await client.create(automation(namespace, "auto", "repo"))
            obj = await wait_condition(client, namespace, "auto", "Ready", "False", "GitOperationFailed")
            assert "host key" in conditions.get_message(obj, "Ready").lower()


async def test_ssh_signed_commit_to_a_new_push_branch_with_refspec_and_options(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    key, public = ssh_keypair()
    bare = await http_setup(client, namespace, http_git, "branches")
    main_before = head(bare)
    # A hook records the push options the server saw.
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\nfor i in $(seq 0 $((GIT_PUSH_OPTION_COUNT-1))); do\n"
        '  eval "echo \\$GIT_PUSH_OPTION_$i" >> "$GIT_DIR/push-options"\ndone\n'
    )
    hook.chmod(0o755)
    git("config", "receive.advertisePushOptions", "true", cwd=bare)
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "ssh-sign", {"identity": key}))
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        spec = automation(namespace, "auto", "branches")
        spec["spec"]["git"]["commit"]["signingKey"] = {"type": "ssh", "secretRef": {"name": "ssh-sign"}}
        spec["spec"]["git"]["push"] = {
            "branch": "image-updates",
            "refspec": "refs/heads/image-updates:refs/heads/review/image-updates",
            "options": {"ci.skip": "", "merge_request.create": "true"},
        }
        await client.create(spec)
        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        pushed = head(bare, "image-updates")
        assert head(bare, "review/image-updates") == pushed
        assert head(bare) == main_before  # the checkout branch is untouched
        assert git("--git-dir", str(bare), "rev-parse", f"{pushed}^") == main_before
        assert obj["status"]["lastPushCommit"] == pushed
        report = await asyncio.to_thread(
            verify_ssh_signature, tmp_path, bare, pushed, public, "fluxbot@example.com"
        )
        assert 'Good "git" signature for fluxbot@example.com' in report, report
        options = (bare / "push-options").read_text().split()
        assert "ci.skip=" in options and "merge_request.create=true" in options
        await until(
            lambda: has_event(
                client,
                namespace,
                "auto",
                "Normal",
                "Succeeded",
                f"pushed commit '{pushed[:7]}' to branch 'image-updates' and refspecs "
                "'refs/heads/image-updates:refs/heads/review/image-updates'\n"
                "Update from image update automation",
            )
        )

        # The next change stacks on the existing push branch, not on main again.
        await set_policy(client, namespace, "web", "registry.example/web", "1.2.0")
        await wait_ready(client, namespace, "auto", pushed=pushed, tag="1.2.0")
        second = head(bare, "image-updates")
        assert git("--git-dir", str(bare), "rev-parse", f"{second}^") == pushed


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ range .Updated.Images }}{{ . }}{{ end }}",
            "template uses removed '.Updated' field. Please use '.Changed' instead. "
            "See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template",
        ),
        (
            "{{ .Changed.ImageResult }}",
            "template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or "
            "'.Changed.Objects' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/"
            "#message-template",
        ),
    ],
)
async def test_removed_template_fields_stall(
    env: Any,
    client: Client,
    namespace: str,
    http_git: GitHTTPServer,
    tmp_path: Path,
    template: str,
    message: str,
) -> None:
    bare = await http_setup(client, namespace, http_git, "tmpl")
    before = head(bare)
    async with iua_manager(env, namespace, tmp_path):
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        spec = automation(namespace, "auto", "tmpl")
        spec["spec"]["git"]["commit"]["messageTemplate"] = template
        await client.create(spec)
        obj = await wait_condition(client, namespace, "auto", "Stalled", "True", "RemovedTemplateField")
        assert conditions.get_message(obj, "Stalled") == message
        assert head(bare) == before


async def test_runaway_template_is_an_error_not_a_hang(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = await http_setup(client, namespace, http_git, "runaway")
    before = head(bare)
    async with iua_manager(env, namespace, tmp_path):
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        spec = automation(namespace, "auto", "runaway")
        spec["spec"]["git"]["commit"]["messageTemplate"] = (
            "{{ range $i := until 100000 }}{{ range $j := until 100000 }}x{{ end }}{{ end }}"
        )
        await client.create(spec)
        obj = await wait_condition(client, namespace, "auto", "Ready", "False", "GitOperationFailed")
        assert conditions.get_message(obj, "Ready").startswith(
            "failed to update source: failed to run template from spec: "
        )
        assert head(bare) == before


async def test_update_path_cannot_escape_and_cross_namespace_refs_can_be_blocked(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = await http_setup(client, namespace, http_git, "confined")
    before = head(bare)
    async with iua_manager(env, namespace, tmp_path, no_cross_namespace_refs=True):
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        escape = automation(namespace, "escape", "confined", update={"strategy": "Setters", "path": "../.."})
        await client.create(escape)
        obj = await wait_condition(client, namespace, "escape", "Ready", "False", "UpdateFailed")
        assert conditions.get_message(obj, "Ready").startswith("failed to apply policies: ")
        assert head(bare) == before

        other = automation(namespace, "other-ns", "confined")
        other["spec"]["sourceRef"]["namespace"] = "elsewhere"
        await client.create(other)
        obj = await wait_condition(client, namespace, "other-ns", "Stalled", "True", "AccessDenied")
        assert conditions.get_message(obj, "Ready") == (
            "can't access 'GitRepository/elsewhere/confined', cross-namespace references have been blocked"
        )


async def test_two_automations_on_one_branch_both_land(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "shared.git"
    files = {
        "a/deploy.yaml": deploy(namespace),
        "b/deploy.yaml": deploy(namespace).replace(
            b'"$imagepolicy": "' + namespace.encode() + b':web"',
            b'"$imagepolicy": "' + namespace.encode() + b':api"',
        ),
    }
    await asyncio.to_thread(init_bare_repo, bare, files)
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "creds", {"username": USER, "password": PASSWORD}))
        await client.create(
            git_repository(namespace, "repo", http_git.url("shared.git"), secretRef={"name": "creds"})
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0", labels={"team": "a"})
        await set_policy(client, namespace, "api", "registry.example/web", "9.9.9", labels={"team": "b"})
        await client.create(
            automation(
                namespace,
                "auto-a",
                "repo",
                policySelector={"matchLabels": {"team": "a"}},
                update={"strategy": "Setters", "path": "./a"},
            )
        )
        await client.create(
            automation(
                namespace,
                "auto-b",
                "repo",
                policySelector={"matchLabels": {"team": "b"}},
                update={"strategy": "Setters", "path": "./b"},
            )
        )
        await wait_ready(client, namespace, "auto-a", tag="1.1.0")
        await wait_ready(client, namespace, "auto-b", tag="9.9.9")
        final = head(bare)
        assert "registry.example/web:1.1.0" in show(bare, final, "a/deploy.yaml")
        assert "registry.example/web:9.9.9" in show(bare, final, "b/deploy.yaml")
        messages = git("--git-dir", str(bare), "log", "--format=%s", final).splitlines()
        assert messages.count("Update from image update automation") == 2
        assert log_message(bare, final) == "Update from image update automation"


async def test_ssh_algorithm_flags_reach_ssh(
    env: Any, client: Client, namespace: str, tmp_path: Path
) -> None:
    """`--ssh-kex-algos`/`--ssh-hostkey-algos` are what ssh negotiates with: a list the server
    shares works, one it does not share fails the checkout."""
    async with GitSSHServer() as ssh:
        bare = tmp_path / "ssh" / "app.git"
        await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": deploy(namespace)})
        await client.create(
            secret(namespace, "ssh-creds", {"identity": ssh.client_key, "known_hosts": ssh.known_hosts})
        )
        await client.create(git_repository(namespace, "repo", ssh.url(bare), secretRef={"name": "ssh-creds"}))
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        async with iua_manager(
            env, namespace, tmp_path, ssh_kex_algos=["curve25519-sha256"], ssh_hostkey_algos=["ssh-ed25519"]
        ):
            await client.create(automation(namespace, "good", "repo"))
            await wait_ready(client, namespace, "good", tag="1.1.0")
            assert "registry.example/web:1.1.0" in show(bare, head(bare), "deploy.yaml")
        # The server's host key is ed25519: insisting on RSA host keys cannot connect.
        async with iua_manager(env, namespace, tmp_path / "second", ssh_hostkey_algos=["rsa-sha2-512"]):
            await client.create(automation(namespace, "rsa-only", "repo"))
            obj = await wait_condition(client, namespace, "rsa-only", "Ready", "False", "GitOperationFailed")
            message = conditions.get_message(obj, "Ready")
            assert message.startswith("failed to checkout source"), message
            assert "host key" in message.lower(), message
