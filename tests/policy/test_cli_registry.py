"""``lookout policy test --image`` against a real registry that wants credentials over TLS,
the way users run it: a subprocess given a docker config.json or a password on stdin."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from controllers.policy.cli import build_parser
from tests.support.registry import RegistryServer, RegistryTLS

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "carol", "n0t-in-any-output"
TAGS = ["v1.0.0", "v1.2.0", "v2.0.0-rc.1", "latest"]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    server = RegistryServer(
        tmp_path_factory.mktemp("cli-registry"), tls=RegistryTLS.generate(), htpasswd={USER: PASSWORD}
    ).start()
    server.push_tags("private/app", TAGS)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ca_file(registry: RegistryServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert registry.tls is not None
    path = tmp_path_factory.mktemp("ca") / "ca.crt"
    path.write_bytes(registry.tls.ca.cert_pem)
    return path


def docker_config(tmp_path: Path, auths: dict[str, str]) -> Path:
    """A config.json as `docker login` writes it: `auths.<host>.auth` = base64(user:password)."""
    path = tmp_path / "config.json"
    entries = {host: {"auth": base64.b64encode(cred.encode()).decode()} for host, cred in auths.items()}
    path.write_text(json.dumps({"auths": entries}))
    return path


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "controllers.cli", "policy", "test", "--semver", ">=1.0.0", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )


def test_docker_config_entry_for_the_registry_is_used(
    registry: RegistryServer, ca_file: Path, tmp_path: Path
) -> None:
    config = docker_config(
        tmp_path, {"other.example.com": "x:y", registry.host: f"{USER}:{PASSWORD}"}
    )
    proc = run("--image", registry.image("private/app"), "--docker-config", str(config),
               "--ca-file", str(ca_file))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "v1.2.0\n", "")


def test_username_with_password_on_stdin(registry: RegistryServer, ca_file: Path) -> None:
    proc = run("--image", registry.image("private/app"), "--username", USER, "--password-stdin",
               "--ca-file", str(ca_file), stdin=PASSWORD + "\n")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "v1.2.0\n", "")


def test_wrong_or_missing_credentials_fail_cleanly_without_echoing_them(
    registry: RegistryServer, ca_file: Path, tmp_path: Path
) -> None:
    anonymous = run("--image", registry.image("private/app"), "--ca-file", str(ca_file))
    assert anonymous.returncode == 2
    image = registry.image("private/app")
    assert anonymous.stderr.startswith(f"lookout policy test: cannot list tags of {image}:")
    assert anonymous.stderr.rstrip().endswith("UNAUTHORIZED: authentication required")

    wrong = "wr0ng-password-value"
    config = docker_config(tmp_path, {registry.host: f"{USER}:{wrong}"})
    proc = run("--image", registry.image("private/app"), "--docker-config", str(config),
               "--ca-file", str(ca_file))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.rstrip().endswith("UNAUTHORIZED: authentication required")
    assert wrong not in proc.stderr + proc.stdout


def test_the_private_ca_is_needed(registry: RegistryServer, tmp_path: Path) -> None:
    """Without --ca-file the system pool does not trust the registry: a TLS error, exit 2."""
    config = docker_config(tmp_path, {registry.host: f"{USER}:{PASSWORD}"})
    proc = run("--image", registry.image("private/app"), "--docker-config", str(config))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "cannot list tags of" in proc.stderr
    assert "TLS certificate verification failed" in proc.stderr


def run_in_process(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """Usage errors stop before any network: no need for a subprocess each."""
    parsed = build_parser().parse_args(["test", "--semver", ">=1.0.0", *args])
    out, err = io.StringIO(), io.StringIO()
    code = parsed.func(parsed, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_credential_flags_misuse_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    for args, message in [
        (("--tags", "-", "--username", USER), "--username only apply with --image"),
        (("--image", "127.0.0.1:1/app", "--password-stdin"), "--password-stdin needs --username"),
        (("--image", "127.0.0.1:1/app", "--username", USER), "--username needs --password-stdin"),
        (("--image", "127.0.0.1:1/app", "--username", USER, "--password-stdin"), "no password on stdin"),
        (("--image", "127.0.0.1:1/app", "--docker-config", str(tmp_path / "absent.json")), "cannot read"),
        (("--image", "127.0.0.1:1/app", "--cert-file", str(tmp_path / "c.pem")), "go together"),
        (("--image", "127.0.0.1:1/app", "--docker-config", str(tmp_path / "bad.json")), "not valid JSON"),
    ]:
        code, out, err = run_in_process(*args, stdin="v1.0.0\n" if "--tags" in args else "")
        assert (code, out) == (2, ""), args
        assert err.startswith("lookout policy test: ") and message in err, (args, err)
