"""Finding a RestConfig: kubeconfig files and contexts, KUBECONFIG merging, in-cluster."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml

from controller_runtime.client.config import (
    ConfigError,
    RestConfig,
    config_from_kubeconfig_dict,
    in_cluster_config,
    load_config,
    to_kubeconfig,
)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def kubeconfig(
    *,
    clusters: dict[str, dict[str, Any]],
    users: dict[str, dict[str, Any]],
    contexts: dict[str, dict[str, Any]],
    current: str | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": n, "cluster": c} for n, c in clusters.items()],
        "users": [{"name": n, "user": u} for n, u in users.items()],
        "contexts": [{"name": n, "context": c} for n, c in contexts.items()],
    }
    if current is not None:
        doc["current-context"] = current
    return doc


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.delenv("KUBERNETES_SERVICE_PORT", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


TWO_CONTEXTS = kubeconfig(
    clusters={
        "prod": {"server": "https://prod.example:6443", "certificate-authority-data": b64(b"PROD-CA")},
        "dev": {"server": "https://dev.example:6443", "insecure-skip-tls-verify": True,
                "tls-server-name": "kubernetes", "proxy-url": "http://proxy:3128"},
    },
    users={
        "alice": {"token": "alice-token"},
        "bob": {"client-certificate-data": b64(b"BOB-CERT"), "client-key-data": b64(b"BOB-KEY")},
    },
    contexts={
        "prod": {"cluster": "prod", "user": "alice", "namespace": "team-a"},
        "dev": {"cluster": "dev", "user": "bob"},
    },
    current="prod",
)


def test_current_context_is_used_by_default(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / "config", TWO_CONTEXTS))
    assert cfg.host == "https://prod.example:6443"
    assert cfg.ca_data == b"PROD-CA"
    assert cfg.token == "alice-token"
    assert cfg.namespace == "team-a"
    assert cfg.insecure_skip_tls_verify is False


def test_explicit_context_selects_cluster_and_user(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / "config", TWO_CONTEXTS), context="dev")
    assert cfg.host == "https://dev.example:6443"
    assert (cfg.cert_data, cfg.key_data) == (b"BOB-CERT", b"BOB-KEY")
    assert cfg.token is None
    assert cfg.insecure_skip_tls_verify is True
    assert cfg.tls_server_name == "kubernetes"
    assert cfg.proxy_url == "http://proxy:3128"


def test_unknown_context_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="context 'nope' does not exist"):
        load_config(write(tmp_path / "config", TWO_CONTEXTS), context="nope")


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "absent")


def test_file_references_resolve_relative_to_the_kubeconfig(tmp_path: Path) -> None:
    d = tmp_path / "kube"
    d.mkdir()
    (d / "ca.crt").write_bytes(b"FILE-CA")
    (d / "client.crt").write_bytes(b"FILE-CERT")
    (d / "client.key").write_bytes(b"FILE-KEY")
    (d / "token").write_text("file-token\n")
    doc = kubeconfig(
        clusters={"c": {"server": "https://c:6443", "certificate-authority": "ca.crt"}},
        users={"u": {"client-certificate": "client.crt", "client-key": "client.key", "tokenFile": "token"}},
        contexts={"x": {"cluster": "c", "user": "u"}},
        current="x",
    )
    cfg = load_config(write(d / "config", doc))
    assert cfg.ca_data == b"FILE-CA"
    assert (cfg.cert_data, cfg.key_data) == (b"FILE-CERT", b"FILE-KEY")
    assert cfg.token_file == str(d / "token")


def test_kubeconfig_env_list_merges_first_definition_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path / "a", kubeconfig(
        clusters={"shared": {"server": "https://first:6443"}},
        users={"u": {"token": "first-token"}},
        contexts={"one": {"cluster": "shared", "user": "u"}},
        current="one",
    ))
    second = write(tmp_path / "b", kubeconfig(
        clusters={"shared": {"server": "https://second:6443"}, "other": {"server": "https://other:6443"}},
        users={"u": {"token": "second-token"}, "v": {"token": "v-token"}},
        contexts={"two": {"cluster": "other", "user": "v"}},
        current="two",
    ))
    monkeypatch.setenv("KUBECONFIG", f"{first}:{tmp_path / 'missing'}:{second}")
    cfg = load_config()
    assert cfg.host == "https://first:6443"  # first file's current-context and cluster win
    assert cfg.token == "first-token"
    other = load_config(context="two")  # entries only the second file has are still visible
    assert other.host == "https://other:6443"
    assert other.token == "v-token"


def test_home_kube_config_is_the_fallback(tmp_path: Path) -> None:
    home_cfg = tmp_path / "home" / ".kube" / "config"
    home_cfg.parent.mkdir(parents=True)
    write(home_cfg, TWO_CONTEXTS)
    assert load_config().host == "https://prod.example:6443"


def test_nothing_found_says_where_it_looked() -> None:
    with pytest.raises(ConfigError, match="KUBECONFIG"):
        load_config()


def service_account(tmp_path: Path, token: str = "sa-token") -> Path:
    sa = tmp_path / "sa"
    sa.mkdir()
    (sa / "token").write_text(token)
    (sa / "ca.crt").write_bytes(b"CLUSTER-CA")
    (sa / "namespace").write_text("lookout-system")
    return sa


def test_in_cluster_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sa = service_account(tmp_path)
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    cfg = in_cluster_config(sa)
    assert cfg.host == "https://10.0.0.1:443"
    assert cfg.ca_data == b"CLUSTER-CA"
    assert cfg.token_file == str(sa / "token")
    assert cfg.token is None  # read from the file at request time, as it rotates
    assert cfg.namespace == "lookout-system"


def test_in_cluster_ipv6_host_is_bracketed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "fd00::1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    assert in_cluster_config(service_account(tmp_path)).host == "https://[fd00::1]:443"


def test_in_cluster_without_env_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KUBERNETES_SERVICE_HOST"):
        in_cluster_config(service_account(tmp_path))


def test_repr_never_shows_credentials() -> None:
    cfg = RestConfig(
        host="https://h:6443", token="SECRET-TOKEN", cert_data=b"CERT", key_data=b"PRIVATE-KEY-BYTES",
        password="hunter2", username="me",
    )
    text = repr(cfg) + str(cfg)
    for secret in ("SECRET-TOKEN", "PRIVATE-KEY-BYTES", "hunter2"):
        assert secret not in text
    assert "https://h:6443" in text
    proxied = RestConfig(host="https://h:6443", proxy_url="http://proxy-user:PROXY-PASS@proxy:3128")
    assert "PROXY-PASS" not in repr(proxied)
    assert "proxy_url='http://proxy-user:xxxxx@proxy:3128'" in repr(proxied)


def test_a_kubeconfig_that_is_not_yaml_is_reported_without_its_content(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text("apiVersion: v1\nusers:\n- name: u\n  user:\n    token: TOKEN-IN-FILE: [\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    message = str(info.value)
    assert message.startswith(f"kubeconfig {path} is not valid YAML: ")
    assert "(line 5, column " in message
    assert "TOKEN-IN-FILE" not in message and "TOKEN-IN-FILE" not in repr(info.value.__cause__)


def test_exec_plugin_is_read_with_env_and_relative_command(tmp_path: Path) -> None:
    doc = kubeconfig(
        clusters={"c": {"server": "https://c"}},
        users={"u": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": "./bin/helper", "args": ["token", "--x"],
            "env": [{"name": "SECRET_ENV", "value": "abc"}],
            "interactiveMode": "Never", "provideClusterInfo": True,
        }}},
        contexts={"x": {"cluster": "c", "user": "u"}},
        current="x",
    )
    cfg = config_from_kubeconfig_dict(doc, base_dir=tmp_path)
    ep = cfg.exec_provider
    assert ep is not None
    assert ep.command == str(tmp_path / "bin" / "helper")
    assert ep.args == ["token", "--x"]
    assert ep.env == {"SECRET_ENV": "abc"}
    assert ep.provide_cluster_info is True
    assert "abc" not in repr(cfg)


def test_exec_plugin_v1_requires_interactive_mode() -> None:
    doc = kubeconfig(
        clusters={"c": {"server": "https://c"}},
        users={"u": {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": "x"}}},
        contexts={"x": {"cluster": "c", "user": "u"}},
        current="x",
    )
    with pytest.raises(ConfigError, match="interactiveMode"):
        config_from_kubeconfig_dict(doc)


def test_rendered_kubeconfig_loads_back(tmp_path: Path) -> None:
    original = RestConfig(
        host="https://127.0.0.1:1234", ca_data=b"CA", token="tok", namespace="ns", qps=5, burst=10
    )
    write(tmp_path / "kc", to_kubeconfig(original))
    loaded = load_config(tmp_path / "kc")
    assert (loaded.host, loaded.ca_data, loaded.token, loaded.namespace) == (
        "https://127.0.0.1:1234", b"CA", "tok", "ns",
    )
