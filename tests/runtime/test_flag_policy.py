"""Every flag of `lookout manager`, walked: it works, or it is one Lookout warns has no
effect (machinery it does not have), or it belongs to a Flux binary this manager does not
stand in for and stops it with a clear message. None is parsed and silently ignored."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client.config import load_kubeconfig_files
from controllers import manager_cmd
from controllers.manager_cmd import (
    FLAG_BINARIES,
    IRC,
    NO_EFFECT_FLAGS,
    OptionsError,
    build_flagset,
    kubeconfig_refusal,
    parse_options,
)

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "--controllers=imagerepository,imagepolicy"
ENV = {"RUNTIME_NAMESPACE": "flux-system"}

#: A valid value other than the default, for flags whose type alone does not give one.
VALUES = {
    "controllers": "imagerepository,imagepolicy",
    "kubeconfig": "/tmp/kubeconfig",
    "metrics-addr": ":8081",
    "events-addr": "http://notification-controller.flux-system.svc.cluster.local./",
    "health-addr": ":9441",
    "log-encoding": "console",
    "log-level": "debug",
    "watch-label-selector": "sharding.fluxcd.io/shard=a",
    "watch-configs-label-selector": "team=a",
    "feature-gates": "FluxStorage=true",
    "default-service-account": "flux",
    "storage-path": "/tmp/lookout-data",
    "storage-addr": ":9091",
    "storage-adv-addr": "source.flux-system.svc",
    "artifact-digest-algo": "sha512",
    "ssh-kex-algos": "curve25519-sha256",
    "ssh-hostkey-algos": "ssh-ed25519",
    "interval-jitter-percentage": "10",
}


def _other_value(flag: Any) -> str:
    if flag.name in VALUES:
        return VALUES[flag.name]
    if flag.kind == "bool":
        return "false" if flag.default else "true"
    if flag.kind == "duration":
        return "7s"
    if flag.kind in ("int", "float"):
        return str(flag.default + 1)
    raise AssertionError(f"no test value for --{flag.name} ({flag.kind})")


def _field(name: str) -> str:
    return name.replace("-", "_")


def _read_in_product(field: str) -> bool:
    """The option is read somewhere other than where it is declared and parsed."""
    pattern = re.compile(rf"(options|opts|self)\.{field}\b|\"{field}\"")
    for path in (ROOT / "controllers").rglob("*.py"):
        text = path.read_text()
        if path.name == "manager_cmd.py":  # validating a value in parse_options is not using it
            before, rest = text.split("def parse_options", 1)
            text = before + rest.split("def _check_feature_gates", 1)[1]
        if pattern.search(text):
            return True
    return False


FLAGS = sorted(build_flagset({}).flags.values(), key=lambda f: f.name)


@pytest.mark.parametrize("flag", FLAGS, ids=[f.name for f in FLAGS])
def test_every_flag_works_warns_or_refuses(flag: Any) -> None:
    if flag.name == "controllers":
        return  # the selection itself
    args = [IMAGE, f"--{flag.name}={_other_value(flag)}"]
    owners = FLAG_BINARIES.get(flag.name)
    if owners is not None and IRC not in owners:
        with pytest.raises(OptionsError, match=f"--{flag.name} is a flag of "):
            parse_options(args, environ=ENV)
        return
    if flag.name == "default-service-account":
        with pytest.raises(OptionsError, match="ObjectLevelWorkloadIdentity"):
            parse_options(args, environ=ENV)
        return
    opts = parse_options(args, environ=ENV)
    if flag.name in NO_EFFECT_FLAGS:
        assert any(w.startswith(f"--{flag.name} has no effect in Lookout: ") for w in opts.warnings)
        return
    if flag.name == "feature-gates":
        assert opts.warnings == ["feature gate FluxStorage=true has no effect in Lookout: "
                                 "Lookout keeps tags in its own store whatever this gate says"]
        return
    assert not opts.warnings, opts.warnings
    assert _read_in_product(_field(flag.name)), f"--{flag.name} is parsed but never read"


def test_source_controller_flags_with_the_source_controller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(manager_cmd.CONTROLLERS, "oci-standin", lambda mgr, opts: None)
    monkeypatch.setitem(manager_cmd.CONTROLLER_BINARY, "oci-standin", manager_cmd.SC)
    opts = parse_options(["--controllers=oci-standin", "--helm-cache-max-size=10", "--storage-addr=:9091"],
                         environ={})
    assert opts.storage_addr == ":9091"
    assert opts.warnings == ["--helm-cache-max-size has no effect in Lookout: "
                             "Lookout serves no Helm repositories or charts"]


@pytest.mark.parametrize(
    ("gate", "message"),
    [
        ("Nope=true", "feature-gate 'Nope' not supported"),
        ("GitSparseCheckout=true", "feature-gate 'GitSparseCheckout' not supported"),  # an IAC gate
        ("ObjectLevelWorkloadIdentity=true", "feature gate ObjectLevelWorkloadIdentity=true: Lookout cannot"),
    ],
)
def test_feature_gates_flux_does_not_know_or_lookout_cannot_honour_stop_the_manager(
    gate: str, message: str
) -> None:
    with pytest.raises(OptionsError, match=re.escape(message)):
        parse_options([IMAGE, f"--feature-gates={gate}"], environ={})


def test_feature_gates_at_their_defaults_are_quiet() -> None:
    opts = parse_options([IMAGE, "--feature-gates=ObjectLevelWorkloadIdentity=false,FluxStorage=false"],
                         environ={})
    assert opts.warnings == []


def _kubeconfig(tmp_path: Path, cluster: str, user: str) -> Any:
    path = tmp_path / "kubeconfig"
    path.write_text(f"""apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: "https://127.0.0.1:6443", {cluster}}}}}]
users: [{{name: u, user: {{{user}}}}}]
contexts: [{{name: x, context: {{cluster: c, user: u}}}}]
current-context: x
""")
    return load_kubeconfig_files([path], None)


def test_an_exec_plugin_or_skipped_tls_check_in_the_kubeconfig_needs_its_flag(tmp_path: Path) -> None:
    exec_user = ("exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, "
                 "args: [eks, get-token], interactiveMode: Never}")
    with_exec = _kubeconfig(tmp_path, "certificate-authority-data: ''", exec_user)
    opts = parse_options([IMAGE], environ={})
    assert "pass --insecure-kubeconfig-exec" in kubeconfig_refusal(with_exec, opts)
    allowed = parse_options([IMAGE, "--insecure-kubeconfig-exec"], environ={})
    assert kubeconfig_refusal(with_exec, allowed) == ""

    skip_tls = _kubeconfig(tmp_path, "insecure-skip-tls-verify: true", "token: abc")
    assert "pass --insecure-kubeconfig-tls" in kubeconfig_refusal(skip_tls, opts)
    allowed = parse_options([IMAGE, "--insecure-kubeconfig-tls"], environ={})
    assert kubeconfig_refusal(skip_tls, allowed) == ""
    plain = _kubeconfig(tmp_path, "certificate-authority-data: ''", "token: abc")
    assert kubeconfig_refusal(plain, opts) == ""


async def test_the_manager_says_why_it_refuses_a_kubeconfig(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text("""apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: abc}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
""")
    opts = parse_options([IMAGE, f"--kubeconfig={path}"], environ={})
    assert await manager_cmd.serve(opts, install_signals=False) == 1
    assert "unable to load kubeconfig: it disables TLS verification" in caplog.text


def test_ssh_algorithm_flags_are_the_automation_controllers() -> None:
    opts = parse_options(["--controllers=imageupdateautomation", "--ssh-kex-algos=curve25519-sha256",
                          "--ssh-hostkey-algos=ssh-ed25519"], environ={})
    assert (opts.ssh_kex_algos, opts.ssh_hostkey_algos, opts.warnings) == (
        ["curve25519-sha256"], ["ssh-ed25519"], [])
    opts = parse_options(["--controllers=ocirepository", "--ssh-kex-algos=curve25519-sha256"], environ={})
    assert opts.warnings == ["--ssh-kex-algos has no effect in Lookout: only the "
                             "image-automation-controller uses SSH"]


@pytest.mark.parametrize(
    ("gate", "warning"),
    [
        ("GitShallowClone=false", "feature gate GitShallowClone=false has no effect in Lookout: "),
        ("GitSparseCheckout=true", "feature gate GitSparseCheckout=true has no effect in Lookout: "),
        ("GitForcePushBranch=false", "feature gate GitForcePushBranch=false has no effect in Lookout: "),
        ("GitAllBranchReferences=false", None),
    ],
)
def test_git_feature_gates(gate: str, warning: str | None) -> None:
    args = ["--controllers=imageupdateautomation", f"--feature-gates={gate}"]
    if warning is None:
        with pytest.raises(OptionsError, match="never recreates the branch from the checkout"):
            parse_options(args, environ={})
        return
    (shown,) = parse_options(args, environ={}).warnings
    assert shown.startswith(warning)


@pytest.mark.parametrize(
    ("controllers", "flag", "why"),
    [
        ("ocirepository", "--requeue-dependency=5s", "only ImagePolicy waits on a dependency"),
        ("imageupdateautomation", "--token-cache-max-size=5",
         "the image-automation-controller logs in to no cloud"),
        ("imageupdateautomation", "--insecure-allow-http=false", "Git remotes are reached as their URLs say"),
    ],
)
def test_flags_no_running_controller_uses_warn(controllers: str, flag: str, why: str) -> None:
    opts = parse_options([f"--controllers={controllers}", flag], environ={})
    assert opts.warnings == [f"{flag.split('=')[0]} has no effect in Lookout: {why}"]
    # With a controller that uses it, no warning.
    assert parse_options([f"--controllers={controllers},imagerepository", flag], environ={}).warnings == []
