"""The binaries path with stand-in etcd/kube-apiserver executables.

Real binaries cannot be installed here, so two small scripts play their part: they
serve the health endpoints on the ports and with the certificates envtest passes on
the command line, record their arguments, and exit on SIGTERM. This exercises
process start, health polling, TLS material, the admin client certificate and stop.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from controller_runtime.client import Client
from controller_runtime.envtest.controlplane import ControlPlane, ControlPlaneError

FAKE_ETCD = """\
import http.server, json, os, sys
args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
if "--help" in sys.argv:
    print("usage: etcd ... --unsafe-no-fsync ...")
    sys.exit(0)
open(os.path.join(os.environ["FAKE_RECORD_DIR"], "etcd.json"), "w").write(json.dumps(sys.argv[1:]))
port = int(args["listen-client-urls"].rsplit(":", 1)[1])
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"health":"true"}' if self.path == "/health" else b"{}"
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
"""

FAKE_APISERVER = """\
import http.server, json, os, ssl, sys
args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
open(os.path.join(os.environ["FAKE_RECORD_DIR"], "apiserver.json"), "w").write(json.dumps(sys.argv[1:]))
if os.environ.get("FAKE_APISERVER_FAIL"):
    sys.exit(7)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            body = b"ok"
        else:
            cert = self.connection.getpeercert() or {}
            subject = dict(x[0] for x in cert.get("subject", ()))
            body = json.dumps({"user": subject.get("commonName"),
                               "groups": [subject.get("organizationName")]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
cert_dir = args["cert-dir"]
ctx.load_cert_chain(os.path.join(cert_dir, "apiserver.crt"), os.path.join(cert_dir, "apiserver.key"))
ctx.load_verify_locations(args["client-ca-file"])
ctx.verify_mode = ssl.CERT_OPTIONAL
srv = http.server.HTTPServer((args["bind-address"], int(args["secure-port"])), H)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
"""


def script(path: Path, body: str) -> str:
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def fake_binaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, Path]:
    record = tmp_path / "record"
    record.mkdir()
    monkeypatch.setenv("FAKE_RECORD_DIR", str(record))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    return script(bindir / "etcd", FAKE_ETCD), script(bindir / "kube-apiserver", FAKE_APISERVER), record


async def test_control_plane_starts_serves_admin_and_stops(fake_binaries: tuple[str, str, Path]) -> None:
    etcd, apiserver, record = fake_binaries
    plane = ControlPlane(etcd_path=etcd, apiserver_path=apiserver, start_timeout=20, stop_timeout=5)
    await plane.start()
    try:
        etcd_argv = json.loads((record / "etcd.json").read_text())
        api_argv = json.loads((record / "apiserver.json").read_text())
        assert "--unsafe-no-fsync=true" in etcd_argv  # the stand-in advertises the flag in --help
        etcd_url = next(a for a in etcd_argv if a.startswith("--listen-client-urls=")).split("=", 1)[1]
        assert f"--etcd-servers={etcd_url}" in api_argv
        assert plane.dir is not None and plane.dir.is_dir()
        config = plane.admin_config()
        assert (config.qps, config.burst) == (1000.0, 2000)
        async with Client(config) as c:  # verifies the serving CA and presents the admin certificate
            assert await c.raw("GET", "/whoami") == {"user": "admin", "groups": ["system:masters"]}
        procs = [plane.apiserver, plane.etcd]
    finally:
        await plane.stop()
    assert all(p is not None and p.proc is not None and p.proc.returncode is not None for p in procs)
    assert plane.dir is None


async def test_apiserver_that_exits_stops_etcd_and_cleans_up(
    fake_binaries: tuple[str, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    etcd, apiserver, _ = fake_binaries
    monkeypatch.setenv("FAKE_APISERVER_FAIL", "1")
    plane = ControlPlane(etcd_path=etcd, apiserver_path=apiserver, start_timeout=20, stop_timeout=5)
    with pytest.raises(ControlPlaneError, match="kube-apiserver exited with code 7"):
        await plane.start()
    assert plane.etcd is not None and plane.etcd.proc is not None
    assert plane.etcd.proc.returncode is not None
    assert plane.dir is None


async def test_unhealthy_process_times_out(tmp_path: Path, fake_binaries: tuple[str, str, Path]) -> None:
    _, apiserver, _ = fake_binaries
    silent = script(
        tmp_path / "bin" / "silent-etcd",
        "import sys, time\nif '--help' in sys.argv:\n    sys.exit(0)\nwhile True:\n    time.sleep(1)\n",
    )
    plane = ControlPlane(etcd_path=silent, apiserver_path=apiserver, start_timeout=0.5, stop_timeout=5)
    with pytest.raises(ControlPlaneError, match=r"timeout waiting for etcd to become healthy .* after 0.5s"):
        await plane.start()
    assert plane.dir is None


def test_environment_in_binaries_mode_reports_start_failures(
    fake_binaries: tuple[str, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from controller_runtime.envtest import Environment

    etcd, apiserver, _ = fake_binaries
    monkeypatch.setenv("TEST_ASSET_ETCD", etcd)
    monkeypatch.setenv("TEST_ASSET_KUBE_APISERVER", apiserver)
    monkeypatch.setenv("FAKE_APISERVER_FAIL", "1")
    env = Environment(start_timeout=10, stop_timeout=5)
    assert env.mode == "binaries"
    expected = "failed to start after 5 attempts: kube-apiserver exited with code 7"
    with pytest.raises(RuntimeError, match=expected), env:
        pass
    assert env.kubeconfig_path == ""


def test_start_timeout_from_environment_as_go_duration(
    tmp_path: Path, fake_binaries: tuple[str, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from controller_runtime.envtest import Environment

    _, apiserver, _ = fake_binaries
    silent = script(
        tmp_path / "bin" / "silent-etcd",
        "import sys, time\nif '--help' in sys.argv:\n    sys.exit(0)\nwhile True:\n    time.sleep(1)\n",
    )
    monkeypatch.setenv("TEST_ASSET_ETCD", silent)
    monkeypatch.setenv("TEST_ASSET_KUBE_APISERVER", apiserver)
    monkeypatch.setenv("KUBEBUILDER_CONTROLPLANE_START_TIMEOUT", "300ms")
    monkeypatch.setenv("KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT", "1s")
    expected = r"after 5 attempts: timeout waiting for etcd .* after 0\.3s"
    with pytest.raises(RuntimeError, match=expected), Environment():
        pass
