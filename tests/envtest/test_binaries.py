"""Binary resolution, mode selection, timeouts and control-plane arguments (no real binaries needed)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from controller_runtime.envtest import Environment, select_mode
from controller_runtime.envtest.binaries import (
    BinaryNotFoundError,
    asset_env_var,
    bin_path_finder,
    require_executable,
)
from controller_runtime.envtest.controlplane import apiserver_args, etcd_args, output_attached, render_args

ENV_VARS = (
    "USE_EXISTING_CLUSTER", "KUBEBUILDER_ASSETS", "TEST_ASSET_ETCD", "TEST_ASSET_KUBE_APISERVER",
    "TEST_ASSET_KUBECTL", "KUBEBUILDER_CONTROLPLANE_START_TIMEOUT", "KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT",
    "KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(
    ("name", "var"),
    [
        ("kube-apiserver", "TEST_ASSET_KUBE_APISERVER"),
        ("etcd", "TEST_ASSET_ETCD"),
        ("kubectl", "TEST_ASSET_KUBECTL"),
        ("some.weird--name", "TEST_ASSET_SOME_WEIRD_NAME"),
        ("123abc-x", "TEST_ASSET_ABC_X"),
    ],
)
def test_asset_env_var_mangling(name: str, var: str) -> None:
    assert asset_env_var(name) == var


def test_resolution_precedence() -> None:
    env = {"TEST_ASSET_ETCD": "/opt/etcd-custom", "KUBEBUILDER_ASSETS": "/assets"}
    assert bin_path_finder("etcd", "/dir", env) == "/opt/etcd-custom"
    assert bin_path_finder("kube-apiserver", "/dir", env) == "/assets/kube-apiserver"
    assert bin_path_finder("kube-apiserver", "/dir", {}) == "/dir/kube-apiserver"
    assert bin_path_finder("kube-apiserver", None, {}) == "/usr/local/kubebuilder/bin/kube-apiserver"
    # An empty KUBEBUILDER_ASSETS does not count; an empty TEST_ASSET_* does (Go: "only needs to be set").
    assert bin_path_finder("etcd", "/dir", {"KUBEBUILDER_ASSETS": ""}) == "/dir/etcd"
    assert bin_path_finder("etcd", "/dir", {"TEST_ASSET_ETCD": ""}) == ""


def test_missing_binary_error_tells_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(BinaryNotFoundError, match=r"does not exist.*KUBEBUILDER_ASSETS.*setup-envtest use"):
        require_executable("kube-apiserver", str(tmp_path / "kube-apiserver"))
    not_exec = tmp_path / "etcd"
    not_exec.write_text("")
    with pytest.raises(BinaryNotFoundError, match="is not executable"):
        require_executable("etcd", str(not_exec))


def test_mode_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    assert select_mode(None, None) == "embedded"
    monkeypatch.setenv("KUBEBUILDER_ASSETS", "/assets")
    assert select_mode(None, None) == "binaries"
    monkeypatch.setenv("USE_EXISTING_CLUSTER", "TRUE")  # case-insensitive, and it beats assets
    assert select_mode(None, None) == "existing"
    assert select_mode(False, None) == "binaries"  # the argument wins over the env var
    monkeypatch.setenv("USE_EXISTING_CLUSTER", "yes")  # only "true" counts
    assert select_mode(None, None) == "binaries"
    monkeypatch.delenv("KUBEBUILDER_ASSETS")
    assert select_mode(None, None) == "embedded"
    assert select_mode(None, "/my/assets") == "binaries"
    monkeypatch.setenv("TEST_ASSET_KUBE_APISERVER", "/x/kube-apiserver")
    assert select_mode(None, None) == "binaries"
    assert select_mode(True, None) == "existing"


def test_binaries_mode_fails_fast_when_binaries_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBEBUILDER_ASSETS", str(tmp_path))
    env = Environment()
    assert env.mode == "binaries"
    with pytest.raises(BinaryNotFoundError, match=f"etcd binary {tmp_path}/etcd does not exist"):
        asyncio.run(env.start())
    assert env.kubeconfig_path == ""


def test_bad_timeout_env_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBEBUILDER_ASSETS", str(tmp_path))
    monkeypatch.setenv("KUBEBUILDER_CONTROLPLANE_START_TIMEOUT", "20 seconds")
    with pytest.raises(ValueError, match="KUBEBUILDER_CONTROLPLANE_START_TIMEOUT='20 seconds'"):
        asyncio.run(Environment(stop_timeout=1).start())


def test_attach_output_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert output_attached(None) is False
    monkeypatch.setenv("KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT", "true")
    assert output_attached(None) is True
    assert output_attached(False) is False
    monkeypatch.setenv("KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT", "True")  # Go compares exactly
    assert output_attached(None) is False


def test_apiserver_arguments_match_go_envtest(tmp_path: Path) -> None:
    args = render_args(
        apiserver_args(
            cert_dir=tmp_path / "certs", port=6443, etcd_url="http://127.0.0.1:2379",
            sa_pub=tmp_path / "sa.pub", sa_key=tmp_path / "sa.key", client_ca=tmp_path / "ca.crt",
        ),
        {"authorization-mode": ["Node", "RBAC"]},
    )
    assert "--service-cluster-ip-range=10.0.0.0/24" in args
    assert "--allow-privileged=true" in args
    assert "--disable-admission-plugins=ServiceAccount" in args
    assert "--secure-port=6443" in args
    assert "--bind-address=127.0.0.1" in args
    assert "--etcd-servers=http://127.0.0.1:2379" in args
    assert "--service-account-issuer=https://127.0.0.1:6443/" in args
    assert f"--service-account-key-file={tmp_path}/sa.pub" in args
    assert f"--service-account-signing-key-file={tmp_path}/sa.key" in args
    assert f"--client-ca-file={tmp_path}/ca.crt" in args
    assert f"--cert-dir={tmp_path}/certs" in args
    # An override replaces the default flag rather than adding to it.
    assert [a for a in args if a.startswith("--authorization-mode")] == [
        "--authorization-mode=Node", "--authorization-mode=RBAC",
    ]


def test_etcd_arguments(tmp_path: Path) -> None:
    args = render_args(etcd_args(tmp_path, 2379, 2380, no_fsync=True))
    assert f"--data-dir={tmp_path}" in args
    assert "--listen-client-urls=http://127.0.0.1:2379" in args
    assert "--advertise-client-urls=http://127.0.0.1:2379" in args
    assert "--listen-peer-urls=http://127.0.0.1:2380" in args
    assert "--unsafe-no-fsync=true" in args
    assert not any("unsafe-no-fsync" in a for a in render_args(etcd_args(tmp_path, 1, 2, no_fsync=False)))
