"""The binaries mode with the real etcd and kube-apiserver (built from their Go modules).

Each test starts its own control plane, as a user of `ControlPlane` or of `Environment` in
binaries mode would, and checks what Go's envtest promises: the version that was built,
etcd started with the flags envtest gives it, a verified serving certificate, the admin
user in `system:masters`, RBAC in force for everyone else, a kubeconfig that kubectl can
use, and a clean stop.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from controller_runtime.client import Client, errors
from controller_runtime.client.config import RestConfig
from controller_runtime.envtest import Environment, assets
from controller_runtime.envtest.controlplane import (
    ControlPlane,
    ControlPlaneError,
    Process,
    etcd_args,
    free_port,
    render_args,
)
from tests.support.kube_assets import kube_assets
from tests.support.kubectl import Kubectl
from tests.support.wait import eventually

CRD_DIR = Path(__file__).resolve().parents[2] / "config" / "crd" / "bases"


@pytest.fixture(scope="module")
def binaries() -> tuple[str, str]:
    directory = Path(kube_assets())
    return str(directory / "etcd"), str(directory / "kube-apiserver")


def cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


async def whoami(config: RestConfig) -> dict[str, object]:
    """The server's view of the caller (SelfSubjectReview, what `kubectl auth whoami` asks)."""
    review = {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}
    async with Client(config) as c:
        answer = await c.raw("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body=review)
    info: dict[str, object] = answer["status"]["userInfo"]
    return info


async def test_control_plane_starts_serves_admin_and_stops(binaries: tuple[str, str]) -> None:
    etcd, apiserver = binaries
    plane = ControlPlane(etcd_path=etcd, apiserver_path=apiserver, start_timeout=60, stop_timeout=20)
    await plane.start()
    try:
        assert plane.etcd is not None and plane.etcd.proc is not None
        assert plane.apiserver is not None and plane.apiserver.proc is not None
        etcd_argv = cmdline(plane.etcd.proc.pid)
        api_argv = cmdline(plane.apiserver.proc.pid)
        assert "--unsafe-no-fsync=true" in etcd_argv  # this etcd knows the flag, so envtest passes it
        etcd_url = next(a for a in etcd_argv if a.startswith("--listen-client-urls=")).split("=", 1)[1]
        assert f"--etcd-servers={etcd_url}" in api_argv
        assert "--authorization-mode=RBAC" in api_argv
        assert plane.dir is not None and plane.dir.is_dir()
        config = plane.admin_config()
        assert (config.qps, config.burst) == (1000.0, 2000)
        # verifies the serving CA and presents the admin client certificate
        me = await whoami(config)
        assert me["username"] == "admin"
        assert "system:masters" in (me.get("groups") or [])  # type: ignore[operator]
        async with Client(config) as c:
            version = await c.raw("GET", "/version")
        assert version["gitVersion"] == f"v{assets.versions().kubernetes}"
        procs = [plane.apiserver, plane.etcd]
    finally:
        await plane.stop()
    assert all(p.proc is not None and p.proc.returncode is not None for p in procs)
    assert plane.dir is None


async def test_rbac_is_enforced_for_users_outside_system_masters(binaries: tuple[str, str]) -> None:
    """The real server authorizes with RBAC: a ServiceAccount token gets only what it is bound to."""
    etcd, apiserver = binaries
    plane = ControlPlane(etcd_path=etcd, apiserver_path=apiserver, start_timeout=60, stop_timeout=20)
    await plane.start()
    try:
        admin = plane.admin_config()
        async with Client(admin) as c:
            await c.create({"apiVersion": "v1", "kind": "ServiceAccount",
                            "metadata": {"name": "reader", "namespace": "default"}})
            token_request = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                             "spec": {"expirationSeconds": 600}}
            answer = await c.raw("POST", "/api/v1/namespaces/default/serviceaccounts/reader/token",
                                 body=token_request)
        as_reader = RestConfig(host=admin.host, ca_data=admin.ca_data, token=answer["status"]["token"])
        assert (await whoami(as_reader))["username"] == "system:serviceaccount:default:reader"
        async with Client(as_reader) as c:
            with pytest.raises(errors.ForbiddenError, match="cannot list resource \"configmaps\""):
                await c.list("v1", "ConfigMap", namespace="default")
        async with Client(admin) as c:
            await c.create({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                            "metadata": {"name": "read-configmaps", "namespace": "default"},
                            "rules": [{"apiGroups": [""], "resources": ["configmaps"],
                                       "verbs": ["list"]}]})
            await c.create({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                            "metadata": {"name": "reader", "namespace": "default"},
                            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                        "name": "read-configmaps"},
                            "subjects": [{"kind": "ServiceAccount", "name": "reader",
                                          "namespace": "default"}]})

        async def can_list() -> bool:
            async with Client(as_reader) as c:
                try:
                    await c.list("v1", "ConfigMap", namespace="default")
                except errors.ForbiddenError:
                    return False
            return True

        await eventually(can_list, message="the RoleBinding takes effect")
    finally:
        await plane.stop()


async def test_apiserver_that_exits_stops_etcd_and_cleans_up(binaries: tuple[str, str]) -> None:
    etcd, apiserver = binaries
    plane = ControlPlane(
        etcd_path=etcd, apiserver_path=apiserver, start_timeout=60, stop_timeout=20,
        apiserver_extra_args={"no-such-flag": ["1"]},  # kube-apiserver refuses unknown flags
    )
    with pytest.raises(ControlPlaneError, match="kube-apiserver exited with code 1 while starting"):
        await plane.start()
    assert plane.etcd is not None and plane.etcd.proc is not None
    assert plane.etcd.proc.returncode is not None
    assert plane.dir is None


async def test_a_process_not_healthy_in_time_is_stopped(binaries: tuple[str, str], tmp_path: Path) -> None:
    """etcd runs, but its health is polled where nothing listens: the start times out and the
    process is stopped, not left behind."""
    etcd, _ = binaries
    client_port, peer_port, unanswered = free_port(), free_port(), free_port()
    process = Process(
        "etcd", etcd, render_args(etcd_args(tmp_path / "data", client_port, peer_port, True)),
        f"http://127.0.0.1:{unanswered}/health",
    )
    with pytest.raises(ControlPlaneError, match=rf"timeout waiting for etcd to become healthy at "
                                                rf"http://127.0.0.1:{unanswered}/health after 0.5s"):
        await process.start(0.5)
    assert process.proc is not None and process.proc.returncode is not None


def test_environment_in_binaries_mode_reports_start_failures(
    binaries: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    etcd, _ = binaries
    monkeypatch.setenv("TEST_ASSET_ETCD", etcd)
    monkeypatch.setenv("TEST_ASSET_KUBE_APISERVER", "/bin/false")
    env = Environment(start_timeout=30, stop_timeout=20)
    assert env.mode == "binaries"
    expected = "failed to start after 5 attempts: kube-apiserver exited with code 1 while starting"
    with pytest.raises(RuntimeError, match=expected), env:
        pass
    assert env.kubeconfig_path == ""


def test_start_timeout_from_environment_as_go_duration(
    binaries: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBEBUILDER_ASSETS", str(Path(binaries[0]).parent))
    monkeypatch.setenv("KUBEBUILDER_CONTROLPLANE_START_TIMEOUT", "1ms")
    monkeypatch.setenv("KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT", "20s")
    # etcd may answer its first poll; kube-apiserver never answers within a millisecond
    expected = r"after 5 attempts: timeout waiting for (etcd|kube-apiserver) .* after 0\.001s"
    with pytest.raises(RuntimeError, match=expected), Environment():
        pass


async def test_environment_kubeconfig_works_for_kubectl(
    binaries: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBEBUILDER_ASSETS", str(Path(binaries[0]).parent))
    crd_dir = CRD_DIR
    async with Environment(crd_paths=[str(crd_dir)], start_timeout=60, stop_timeout=20) as env:
        assert env.mode == "binaries"
        kubectl = Kubectl(Path(env.kubeconfig_path), tmp_path)
        me = (await kubectl.run("auth", "whoami", "-o", "json")).json()
        assert me["status"]["userInfo"]["username"] == "admin"
        assert "system:masters" in me["status"]["userInfo"]["groups"]
        resources = (await kubectl.run("api-resources", "--api-group=image.toolkit.fluxcd.io",
                                       "-o", "name")).stdout.split()
        assert {"imagepolicies.image.toolkit.fluxcd.io",
                "imagerepositories.image.toolkit.fluxcd.io"} <= set(resources)
        version = (await kubectl.run("version", "-o", "json")).json()
        assert version["serverVersion"]["gitVersion"] == f"v{assets.versions().kubernetes}"
        plane = env._control_plane
        assert plane is not None and plane.apiserver is not None and plane.etcd is not None
        procs = [plane.apiserver.proc, plane.etcd.proc]
    assert all(p is not None and p.returncode is not None for p in procs)
