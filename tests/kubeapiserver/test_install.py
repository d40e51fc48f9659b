"""Install with kustomize into a real kube-apiserver, then run `lookout manager` exactly as the
image-reflector-controller Deployment runs it, authenticated as the ServiceAccount that
config/rbac binds (a TokenRequest token), and use it with kubectl as a user would.

The ClusterRole is the whole grant: the manager works with it, and with one permission
taken away the affected objects say Forbidden in their conditions while the manager runs on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from controller_runtime.client import Client
from controller_runtime.client.config import RestConfig, write_kubeconfig
from controller_runtime.fluxruntime import conditions
from tests.imagepolicy.conftest import IP, image_policy
from tests.imagerepository.conftest import IR, PASSWORD, USER, image_repository, pull_secret
from tests.support.kube_assets import real_control_plane
from tests.support.kubectl import Kubectl
from tests.support.registry import RegistryServer, free_port
from tests.support.wait import eventually

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "flux-system"
#: Where the user's objects live: apart from what other tests leave in flux-system.
APPS = "install-e2e"
SERVICE_ACCOUNT = "image-reflector-controller"
ROLE = "lookout-image-reflector-controller"


def deployment_args(name: str) -> list[str]:
    """The manager container's args of one Deployment in config/manager."""
    docs = yaml.safe_load_all((ROOT / "config" / "manager" / f"{name}.yaml").read_text())
    deployment = next(d for d in docs if d and d["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["name"] == "manager"
    return list(container["args"])


class Manager:
    """`lookout manager` as a child process, with its JSON log lines collected."""

    def __init__(self, proc: asyncio.subprocess.Process, health: int) -> None:
        self.proc = proc
        self.health = health
        self.lines: list[dict[str, Any]] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for raw in self.proc.stderr:
            try:
                self.lines.append(json.loads(raw))
            except ValueError:
                self.lines.append({"msg": raw.decode(errors="replace")})

    def log_text(self) -> str:
        return "\n".join(json.dumps(line) for line in self.lines)

    async def healthy(self) -> bool:
        try:
            async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{self.health}/readyz") as r:
                return r.status == 200
        except aiohttp.ClientError:
            return False


@contextlib.asynccontextmanager
async def lookout_manager(
    kubeconfig: Path, storage: Path, deployment: str = "image-reflector-controller",
    extra: dict[str, str] | None = None,
) -> AsyncIterator[Manager]:
    args = deployment_args(deployment)
    assert args[0] == "manager"
    health = free_port()
    replace = {"--metrics-addr": "127.0.0.1:0", "--health-addr": f"127.0.0.1:{health}",
               "--storage-path": str(storage), **(extra or {})}
    argv = [a if a.split("=", 1)[0] not in replace else f"{a.split('=', 1)[0]}={replace[a.split('=', 1)[0]]}"
            for a in args[1:]]
    argv += [f"--kubeconfig={kubeconfig}", "--min-retry-delay=50ms", "--max-retry-delay=1s"]
    environ = {**os.environ, "RUNTIME_NAMESPACE": NAMESPACE, "PYTHONPATH": str(ROOT)}
    environ.pop("KUBECONFIG", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from controllers.cli import main; sys.exit(main())",
        "manager", *argv, env=environ, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    manager = Manager(proc, health)
    try:
        await eventually(lambda: manager.proc.returncode is not None or manager.healthy(), timeout=60,
                         message="the manager answers /readyz")
        assert proc.returncode is None, manager.log_text()[-4000:]
        yield manager
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(60):
            await proc.wait()
            await manager._reader


async def condition(client: Client, namespace: str, kind: tuple[str, str], name: str,
                    type_: str, status: str, contains: str = "") -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        obj = dict(await client.get(*kind, name, namespace=namespace))
        cond = conditions.get(obj, type_)
        if cond and cond["status"] == status and contains in cond.get("message", ""):
            return obj
        return None

    found: dict[str, Any] = await eventually(
        check, timeout=60, message=f"{kind[1]} {name} {type_}={status} ({contains})"
    )
    return found


async def test_install_and_run_as_the_bound_service_account(
    env: Any, client: Client, kubectl: Kubectl, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    # Every sample of the specification passes the real server's schema and CEL validation.
    dry = await kubectl.run("apply", "--dry-run=server", "-k", str(ROOT / "config" / "samples"))
    assert "imagepolicy.image.toolkit.fluxcd.io/app-name-prod created (server dry run)" in dry.stdout

    await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
    token = (await kubectl.run("create", "token", SERVICE_ACCOUNT, "-n", NAMESPACE,
                               "--duration=1h")).stdout.strip()
    admin = env.config
    kubeconfig = write_kubeconfig(RestConfig(host=admin.host, ca_data=admin.ca_data, token=token),
                                  tmp_path / "sa-kubeconfig")
    who = (await Kubectl(kubeconfig, tmp_path / "sa-home").run("auth", "whoami", "-o", "json")).json()
    assert who["status"]["userInfo"]["username"] == f"system:serviceaccount:{NAMESPACE}:{SERVICE_ACCOUNT}"

    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": APPS}})
    basic_registry.push_tags("prod/app", ["v1.0.0", "v1.1.0", "v2.0.0", "v2.0.0-rc.1", "latest"])
    await client.create(pull_secret(APPS, "prod-creds", basic_registry.host, USER, PASSWORD))
    # The spec's "Production: Semver" policy, and the repository it names, on the local registry.
    sample = yaml.safe_load((ROOT / "config" / "samples" / "image_v1_imagepolicy_semver.yaml").read_text())
    sample["metadata"]["namespace"] = APPS
    await kubectl.run("apply", "-f", "-", input=yaml.safe_dump(sample))
    await client.create(image_repository(APPS, "app-name-prod", basic_registry.image("prod/app"),
                                         secretRef={"name": "prod-creds"}))

    async with lookout_manager(kubeconfig, tmp_path / "data") as manager:
        wait = await kubectl.run("wait", "--for=condition=Ready", "--timeout=60s", "-n", APPS,
                                 "imagerepository/app-name-prod", "imagepolicy/app-name-prod")
        assert "condition met" in wait.stdout
        # Ready comes in the conditions patch, the rest of the status in the next one: wait for it.
        await kubectl.run("wait", "--for=jsonpath={.status.latestRef.tag}=v2.0.0", "--timeout=60s",
                          "-n", APPS, "imagepolicy/app-name-prod")
        await kubectl.run("wait", "--for=jsonpath={.status.lastScanResult.tagCount}=5", "--timeout=60s",
                          "-n", APPS, "imagerepository/app-name-prod")

        rows = (await kubectl.run("get", "imagepolicy", "app-name-prod", "-n", APPS)).stdout.splitlines()
        assert rows[0].split()[:5] == ["NAME", "IMAGE", "TAG", "READY", "STATUS"]
        assert rows[1].split()[:4] == ["app-name-prod", basic_registry.image("prod/app"), "v2.0.0", "True"]
        rows = (await kubectl.run("get", "imagerepository", "app-name-prod", "-n", APPS,
                                  "-o", "wide")).stdout.splitlines()
        assert rows[0].split()[:5] == ["NAME", "IMAGE", "TAGS", "READY", "STATUS"]
        assert rows[1].split()[:4] == ["app-name-prod", basic_registry.image("prod/app"), "5", "True"]
        assert "LAST SCAN" in rows[0]

        async def described() -> str | None:
            out = (await kubectl.run("describe", "imagepolicy", "app-name-prod", "-n", APPS)).stdout
            events = out.split("Events:", 1)[1]
            return out if "Normal" in events and "v2.0.0" in events else None

        try:
            await eventually(described, timeout=30, message="kubectl describe shows the policy's event")
        except AssertionError as e:
            events = [line for line in manager.log_text().splitlines() if "event" in line]
            raise AssertionError(f"{e}\n" + "\n".join(events[-40:])) from None

        async def listed() -> str | None:
            out = (await kubectl.run("events", "-n", APPS, "--for",
                                     "imagerepository/app-name-prod")).stdout
            return out if "Normal" in out and "ImageRepository/app-name-prod" in out else None

        await eventually(listed, timeout=30, message="kubectl events lists the repository's events")

        # Exactly the bound permissions were enough: RBAC refused nothing. (Other tests' objects
        # linger in namespaces that never finish terminating without a namespace controller, and
        # the manager is refused events there: that is not an RBAC denial.)
        assert "is forbidden: User" not in manager.log_text(), manager.log_text()[-4000:]

        # Take `get secrets` away: a repository that needs a pull secret says so, and waits.
        role = (await kubectl.run("get", "clusterrole", ROLE, "-o", "json")).json()
        rules = [r for r in role["rules"] if "secrets" not in r.get("resources", [])]
        kept = [r for r in role["rules"] if "secrets" in r.get("resources", [])]
        assert kept, role["rules"]
        kept = [{**r, "resources": [x for x in r["resources"] if x != "secrets"]} for r in kept]
        await client.patch("rbac.authorization.k8s.io/v1", "ClusterRole", ROLE,
                           {"rules": rules + kept})
        await client.create(image_repository(APPS, "needs-secret", basic_registry.image("prod/app"),
                                             secretRef={"name": "prod-creds"}))
        denied = await condition(client, APPS, IR, "needs-secret", "Ready", "False", "forbidden")
        message = conditions.get(denied, "Ready")["message"]
        assert 'secrets "prod-creds" is forbidden' in message, message
        assert f"system:serviceaccount:{NAMESPACE}:{SERVICE_ACCOUNT}" in message, message
        async def warned() -> str | None:  # events are written after the status, by the event sink
            out = (await kubectl.run("events", "-n", APPS, "--for", "imagerepository/needs-secret",
                                     "--types=Warning")).stdout
            return out if "forbidden" in out else None

        try:
            await eventually(warned, timeout=30, message="a Warning event says forbidden")
        except AssertionError as e:
            raise AssertionError(f"{e}\n{manager.log_text()[-6000:]}") from None
        assert manager.proc.returncode is None
        assert await manager.healthy()

        # Given back (as `kubectl apply -k config/default` does), the object recovers by itself.
        await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
        await condition(client, APPS, IR, "needs-secret", "Ready", "True")

        # Take `get namespaces` away: a policy in another namespace, which the repository's
        # accessFrom admits by that namespace's labels, cannot be checked and says why.
        await client.patch(*IR, "app-name-prod", {"spec": {"accessFrom": {
            "namespaceSelectors": [{"matchLabels": {"team": "apps"}}]}}}, namespace=APPS)
        await client.create({"apiVersion": "v1", "kind": "Namespace",
                             "metadata": {"name": "team-apps", "labels": {"team": "apps"}}})
        role = (await kubectl.run("get", "clusterrole", ROLE, "-o", "json")).json()
        without = [{**r, "resources": [x for x in r["resources"] if x != "namespaces"]}
                   for r in role["rules"]]
        await client.patch("rbac.authorization.k8s.io/v1", "ClusterRole", ROLE,
                           {"rules": [r for r in without if r["resources"]]})
        await client.create(image_policy("team-apps", "from-prod", {
            "imageRepositoryRef": {"name": "app-name-prod", "namespace": APPS},
            "policy": {"semver": {"range": ">=1.0.0"}},
        }))
        denied = await condition(client, "team-apps", IP, "from-prod", "Ready", "False", "forbidden")
        message = conditions.get(denied, "Ready")["message"]
        assert message.startswith("failed to get the referred ImageRepository: "), message
        assert 'namespaces "team-apps" is forbidden' in message, message
        assert manager.proc.returncode is None

        await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
        ready = await condition(client, "team-apps", IP, "from-prod", "Ready", "True")
        assert ready["status"]["latestRef"]["tag"] == "v2.0.0"
    assert manager.proc.returncode == 0, manager.log_text()[-4000:]


async def test_source_controller_runs_as_its_service_account(
    env: Any, client: Client, kubectl: Kubectl, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    """The lookout-source-controller Deployment's manager, as its own ServiceAccount: an
    OCIRepository behind a pull Secret becomes Ready, and its artifact is served."""
    from tests.ocirepository.conftest import OCI, oci_repository, tar_gz

    await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
    account = "lookout-source-controller"
    token = (await kubectl.run("create", "token", account, "-n", NAMESPACE,
                               "--duration=1h")).stdout.strip()
    admin = env.config
    kubeconfig = write_kubeconfig(RestConfig(host=admin.host, ca_data=admin.ca_data, token=token),
                                  tmp_path / "sa-kubeconfig")
    apps = "oci-e2e"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": apps}})
    digest = await basic_registry.apush_tags("oci/e2e", ["v1"], payload=tar_gz({"a.yaml": b"a\n"}))
    await client.create(pull_secret(apps, "creds", basic_registry.host, USER, PASSWORD))
    await client.create(oci_repository(apps, "podinfo", f"oci://{basic_registry.host}/oci/e2e",
                                       ref={"tag": "v1"}, secretRef={"name": "creds"}))
    port = free_port()
    extra = {"--storage-addr": f"127.0.0.1:{port}", "--storage-adv-addr": f"127.0.0.1:{port}"}
    async with lookout_manager(kubeconfig, tmp_path / "data", "source-controller", extra) as manager:
        wait = await kubectl.run("wait", "--for=condition=Ready", "--timeout=60s", "-n", apps,
                                 "ocirepository/podinfo")
        assert "condition met" in wait.stdout
        obj = dict(await client.get(*OCI, "podinfo", namespace=apps))
        assert obj["status"]["artifact"]["revision"] == f"v1@{digest}"
        async with aiohttp.ClientSession() as s, s.get(obj["status"]["url"]) as resp:
            assert resp.status == 200
        rows = (await kubectl.run("get", "ocirepository", "podinfo", "-n", apps)).stdout.splitlines()
        assert rows[0].split() == ["NAME", "URL", "AGE", "READY", "STATUS"], rows
        cells = rows[1].split()
        assert cells[:2] == ["podinfo", f"oci://{basic_registry.host}/oci/e2e"], rows
        assert cells[3:] == ["True", "stored", "artifact", "for", "revision", f"'v1@{digest}'"], rows
        lease = (await kubectl.run("get", "lease", "-n", NAMESPACE, "-o", "name")).stdout.split()
        assert "lease.coordination.k8s.io/lookout-source-controller-leader-election" in lease
        assert "is forbidden: User" not in manager.log_text(), manager.log_text()[-4000:]
    assert manager.proc.returncode == 0, manager.log_text()[-4000:]


async def test_image_automation_controller_runs_as_its_service_account(
    env: Any, client: Client, kubectl: Kubectl, tmp_path: Path
) -> None:
    """The image-automation-controller Deployment's manager, as its own ServiceAccount, with
    the GitRepository component installed: a policy's tag becomes a pushed commit."""
    from tests.imageupdateautomation.conftest import (
        IUA,
        automation,
        git_repository,
        head,
        secret,
        set_policy,
        show,
    )
    from tests.support.gitserver import GitHTTPServer, init_bare_repo

    await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
    # The optional component's CRD, as a cluster without Flux's source-controller needs.
    crd = ROOT / "config" / "components" / "gitrepository" / "source.toolkit.fluxcd.io_gitrepositories.yaml"
    await kubectl.run("apply", "-f", str(crd))
    await kubectl.run("wait", "--for=condition=Established", "--timeout=60s",
                      "crd/gitrepositories.source.toolkit.fluxcd.io")
    account = "image-automation-controller"
    token = (await kubectl.run("create", "token", account, "-n", NAMESPACE,
                               "--duration=1h")).stdout.strip()
    admin = env.config
    kubeconfig = write_kubeconfig(RestConfig(host=admin.host, ca_data=admin.ca_data, token=token),
                                  tmp_path / "sa-kubeconfig")
    apps = "iua-e2e"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": apps}})
    marked = f'image: registry.example/web:1.0.0 # {{"$imagepolicy": "{apps}:web"}}\n'
    async with GitHTTPServer(root=tmp_path / "remote", username="flux", password="pw") as server:
        bare = server.root / "fleet.git"
        await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": marked.encode()})
        await client.create(secret(apps, "git", {"username": "flux", "password": "pw"}))
        await client.create(git_repository(apps, "fleet", server.url("fleet.git"), secretRef={"name": "git"}))
        await set_policy(client, apps, "web", "registry.example/web", "2.0.0")
        await client.create(automation(apps, "fleet", "fleet"))
        async with lookout_manager(kubeconfig, tmp_path / "data", "image-automation-controller") as manager:
            async def pushed() -> str | None:
                obj = dict(await client.get(*IUA, "fleet", namespace=apps))
                return obj.get("status", {}).get("lastPushCommit")

            sha = await eventually(pushed, timeout=60, message="the automation pushes")
            assert sha == head(bare)
            assert "registry.example/web:2.0.0" in show(bare, sha, "deploy.yaml")
            wait = await kubectl.run("wait", "--for=condition=Ready", "--timeout=60s", "-n", apps,
                                     "imageupdateautomation/fleet")
            assert "condition met" in wait.stdout
            assert "is forbidden: User" not in manager.log_text(), manager.log_text()[-4000:]
        assert manager.proc.returncode == 0, manager.log_text()[-4000:]


@pytest.fixture(scope="module")
def env() -> Iterator[Any]:
    """A control plane of this module's own: the manager here watches every namespace, as the
    Deployment does, and must not meet what other tests left behind (objects that point at
    public registries, in namespaces that never finish terminating)."""
    with real_control_plane() as environment:
        yield environment


@pytest.fixture(scope="module")
def kubectl(env: Any, tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    return Kubectl(Path(env.kubeconfig_path), tmp_path_factory.mktemp("kubectl-home"))


async def test_applying_the_install_again_changes_nothing(kubectl: Kubectl) -> None:
    """kubectl's client-side apply re-sends every value the server stores in another form (a
    quantity such as `1000m` becomes "1"), so a second apply of an install written in
    canonical form reports every object unchanged, and so does a server-side dry run."""
    await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
    again = await kubectl.run("apply", "-k", str(ROOT / "config" / "default"))
    changed = [line for line in again.stdout.splitlines() if not line.endswith(" unchanged")]
    assert changed == [], again.stdout
    diff = await kubectl.run("diff", "-k", str(ROOT / "config" / "default"), check=False)
    assert diff.returncode == 0, diff.stdout + diff.stderr
