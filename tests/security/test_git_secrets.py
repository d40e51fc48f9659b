"""Git credentials and signing keys of ImageUpdateAutomation never show in what the manager
prints or writes: HTTPS passwords and bearer tokens (right, wrong, typed into the URL), GPG
signing keys with their passphrase (right and wrong), SSH signing keys with a wrong password.
Debug logs, Events, status, whole objects and metrics are grepped, on success and failure."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import yaml

from controller_runtime.client import Client
from tests.git.test_signing import gpg_keys
from tests.imageupdateautomation.conftest import (
    IUA,
    automation,
    git_repository,
    set_policy,
    until,
    wait_condition,
    wait_ready,
)
from tests.security.leaks import FAST, LogCapture, SecretBook, opaque_secret, scrape_metrics, verdict
from tests.support.gitserver import GitHTTPServer, init_bare_repo, ssh_keypair
from tests.support.manager import run_manager

MARKED = 'image: registry.example/web:1.0.0 # {"$imagepolicy": "NS:web"}\n'
FAILED = "GitOperationFailed"


async def _not_ready(client: Client, namespace: str, name: str) -> bool:
    from controller_runtime.fluxruntime import conditions

    return conditions.is_false(await client.get(*IUA, name, namespace=namespace), "Ready")


async def test_git_credentials_and_signing_keys(
    env: Any, client: Client, namespace: str, tmp_path: Path, storage: Path, debug_logs: LogCapture
) -> None:
    book = SecretBook()
    password = book.new("git password")
    wrong = book.new("wrong git password")
    token = book.new("bearer token")
    in_url = book.new("password typed into the URL")
    passphrase = book.new("gpg passphrase")
    wrong_passphrase = book.new("wrong gpg passphrase")
    ssh_password = book.new("ssh signing key password")
    gpg_secret, _ = await asyncio.to_thread(
        gpg_keys, tmp_path / "keygen", "Bot <fluxbot@example.com>", passphrase
    )
    # The armored key's body lines (its short checksum line and headers are not secret material).
    body = [line for line in gpg_secret.decode().splitlines() if len(line) >= 40 and ":" not in line]
    for i, line in enumerate(body):
        book.add(f"gpg secret key line {i}", line, base64_forms=False)
    ssh_key, _ = ssh_keypair(ssh_password)
    book.pem_key("ssh signing key", ssh_key)

    async with GitHTTPServer(root=tmp_path / "remote", username="flux", password=password) as server:
        for repo in ("ok", "signed", "wrong", "token", "url", "bad-gpg", "bad-ssh"):
            marked = MARKED.replace("NS", namespace).encode()
            await asyncio.to_thread(init_bare_repo, server.root / f"{repo}.git", {"deploy.yaml": marked})
        secrets: dict[str, dict[str, str | bytes]] = {
            "creds": {"username": "flux", "password": password},
            "wrong": {"username": "flux", "password": wrong},
            "token": {"bearerToken": token},
            "gpg": {"git.asc": gpg_secret, "passphrase": passphrase},
            "bad-gpg": {"git.asc": gpg_secret, "passphrase": wrong_passphrase},
            "bad-ssh": {"identity": ssh_key, "password": "not-the-" + ssh_password},
        }
        book.add("wrong ssh key password", "not-the-" + ssh_password)
        for name, data in secrets.items():
            await client.create(opaque_secret(namespace, name, data))
        sources = {
            "ok": ("creds", server.url("ok.git")),
            "signed": ("creds", server.url("signed.git")),
            "wrong": ("wrong", server.url("wrong.git")),
            "token": ("token", server.url("token.git")),
            "url": (None, server.url("url.git").replace("://", f"://flux:{in_url}@")),
            "bad-gpg": ("creds", server.url("bad-gpg.git")),
            "bad-ssh": ("creds", server.url("bad-ssh.git")),
        }
        for name, (secret, url) in sources.items():
            spec: dict[str, Any] = {"secretRef": {"name": secret}} if secret else {}
            await client.create(git_repository(namespace, name, url, **spec))
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        async with run_manager(
            env, ["imageupdateautomation"], namespace=namespace, storage_path=storage, options_overrides=FAST
        ) as running:
            for name in sources:
                auto = automation(namespace, name, name)
                if name in ("signed", "bad-gpg"):
                    key = "gpg" if name == "signed" else "bad-gpg"
                    auto["spec"]["git"]["commit"]["signingKey"] = {"secretRef": {"name": key}}
                if name == "bad-ssh":
                    auto["spec"]["git"]["commit"]["signingKey"] = {
                        "type": "ssh",
                        "secretRef": {"name": "bad-ssh"},
                    }
                await client.create(auto)
            for name in ("ok", "signed"):
                await wait_ready(client, namespace, name, tag="1.1.0")
            for name in ("wrong", "token", "url", "bad-gpg"):
                await wait_condition(client, namespace, name, "Ready", "False", FAILED)
            await until(lambda: _not_ready(client, namespace, "bad-ssh"))
            events = await client.list("v1", "Event", namespace=namespace)
            objects = (await client.list(*IUA, namespace=namespace))["items"]
            metrics = await scrape_metrics(running.manager)
    sinks = {
        "events": json.dumps(events["items"], indent=1),
        "status": json.dumps([o.get("status") for o in objects], indent=1),
        "yaml": yaml.safe_dump_all(json.loads(json.dumps(objects)), width=1 << 30),
        "metrics": metrics,
        "logs": debug_logs.text,
    }
    verdict(
        "secrets: Git credentials and signing keys",
        book,
        sinks,
        {
            "status": ["failed to checkout source", "repository up-to-date", "failed to sign commit"],
            "events": [FAILED, "pushed commit"],
            "yaml": ["lastPushCommit"],
            "logs": ["Reconciler error"],
            "metrics": ['controller_runtime_reconcile_errors_total{controller="imageupdateautomation"}'],
        },
    )
