"""Request credentials that change over time: token files and exec plugins.

In-cluster tokens are projected and rotate, so client-go re-reads the token file
about once a minute; exec plugins (cloud IAM helpers) hand out credentials with an
expiry, cached until then and refreshed early on a 401. Both live here so the
transport only asks "which headers / which client certificate now?".
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from controller_runtime.client.config import ExecConfig, RestConfig

log = logging.getLogger(__name__)

TOKEN_FILE_REFRESH = 60.0
EXEC_TIMEOUT = 60.0


class CredentialError(Exception):
    """Credentials could not be obtained (unreadable token file, failing exec plugin)."""


@dataclass(frozen=True)
class ExecCredential:
    """What an exec plugin returned: a token and/or a client certificate, with an expiry."""

    token: str | None
    cert_data: bytes | None
    key_data: bytes | None
    expires_at: float | None  # time.time() seconds; None = never

    def __repr__(self) -> str:
        return f"ExecCredential(token={'<set>' if self.token else None}, expires_at={self.expires_at})"

    def valid(self, now: float) -> bool:
        return self.expires_at is None or now < self.expires_at


def _parse_timestamp(value: str) -> float:
    v = value.strip()
    if v.endswith("Z"):
        v = v[:-1] + "+00:00"
    return datetime.datetime.fromisoformat(v).timestamp()


def parse_exec_output(stdout: bytes, api_version: str) -> ExecCredential:
    """Decode an ExecCredential printed by a plugin, checking what client-go checks."""
    try:
        doc = json.loads(stdout)
    except ValueError as e:
        raise CredentialError("exec plugin: output is not a JSON ExecCredential") from e
    if not isinstance(doc, dict) or doc.get("kind") != "ExecCredential":
        raise CredentialError("exec plugin: output is not an ExecCredential")
    if doc.get("apiVersion") != api_version:
        raise CredentialError(
            f"exec plugin is configured to use API version {api_version}, "
            f"plugin returned version {doc.get('apiVersion')}"
        )
    status = doc.get("status")
    if not isinstance(status, dict):
        raise CredentialError("exec plugin didn't return a status field")
    token = status.get("token") or None
    cert = status.get("clientCertificateData") or None
    key = status.get("clientKeyData") or None
    if not token and not (cert and key):
        raise CredentialError("exec plugin didn't return a token or cert/key pair")
    if (cert is None) != (key is None):
        raise CredentialError("exec plugin returned only one of clientCertificateData and clientKeyData")
    expires: float | None = None
    if status.get("expirationTimestamp"):
        try:
            expires = _parse_timestamp(str(status["expirationTimestamp"]))
        except ValueError as e:
            raise CredentialError("exec plugin: expirationTimestamp is not RFC 3339") from e
    return ExecCredential(
        token=str(token) if token else None,
        cert_data=str(cert).encode() if cert else None,
        key_data=str(key).encode() if key else None,
        expires_at=expires,
    )


def _exec_info(ep: ExecConfig, config: RestConfig) -> dict[str, Any]:
    spec: dict[str, Any] = {"interactive": False}
    if ep.provide_cluster_info:
        cluster: dict[str, Any] = {"server": config.host}
        if config.ca_data:
            cluster["certificate-authority-data"] = base64.b64encode(config.ca_data).decode()
        if config.insecure_skip_tls_verify:
            cluster["insecure-skip-tls-verify"] = True
        if config.tls_server_name:
            cluster["tls-server-name"] = config.tls_server_name
        if config.proxy_url:
            cluster["proxy-url"] = config.proxy_url
        spec["cluster"] = cluster
    return {"apiVersion": ep.api_version, "kind": "ExecCredential", "spec": spec}


async def run_exec_plugin(ep: ExecConfig, config: RestConfig) -> ExecCredential:
    """Run the plugin without blocking the loop and decode its credential."""
    env = dict(os.environ)
    env.update(ep.env)
    env["KUBERNETES_EXEC_INFO"] = json.dumps(_exec_info(ep, config))
    try:
        proc = await asyncio.create_subprocess_exec(
            ep.command, *ep.args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
    except OSError as e:
        hint = f"\n\n{ep.install_hint}" if ep.install_hint else ""
        raise CredentialError(f"exec plugin: cannot run {ep.command!r}: {e.strerror}{hint}") from e
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), EXEC_TIMEOUT)
    except TimeoutError as e:
        proc.kill()
        await proc.wait()
        raise CredentialError(f"exec plugin {ep.command!r} did not finish within {EXEC_TIMEOUT:.0f}s") from e
    if proc.returncode != 0:
        # As client-go's: the plugin's standard error is not kept in the error, which ends up
        # in logs and conditions; a plugin may print what it was trying (a token, a key) there.
        raise CredentialError(
            f"exec: executable {ep.command} failed with exit code {proc.returncode}"
        )
    return parse_exec_output(out, ep.api_version)


class Authenticator:
    """Hands the transport current credentials for one RestConfig."""

    def __init__(self, config: RestConfig) -> None:
        self.config = config
        self._file_token: str | None = None
        self._file_token_read = float("-inf")
        self._exec: ExecCredential | None = None
        self._exec_lock: asyncio.Lock | None = None

    async def _read_token_file(self, path: str) -> str:
        try:
            text = await asyncio.to_thread(Path(path).read_text)
        except OSError as e:
            raise CredentialError(f"cannot read token file {path}: {e.strerror}") from e
        return text.strip()

    async def exec_credential(self) -> ExecCredential | None:
        """The cached exec credential, refreshed when missing or expired."""
        ep = self.config.exec_provider
        if ep is None:
            return None
        if self._exec is not None and self._exec.valid(time.time()):
            return self._exec
        if self._exec_lock is None:
            self._exec_lock = asyncio.Lock()
        async with self._exec_lock:
            if self._exec is None or not self._exec.valid(time.time()):
                self._exec = await run_exec_plugin(ep, self.config)
                log.debug("exec plugin %s returned a credential", ep.command)
        return self._exec

    async def headers(self, exec_credential: ExecCredential | None = None) -> dict[str, str]:
        """The Authorization header to send now (empty when TLS client certs authenticate).

        Pass the exec credential already fetched for this request, so one request
        never runs the plugin twice.
        """
        cfg = self.config
        if cfg.exec_provider is not None:
            cred = exec_credential or await self.exec_credential()
            if cred is not None and cred.token:
                return {"Authorization": f"Bearer {cred.token}"}
            return {}
        if cfg.token_file:
            now = time.monotonic()
            if self._file_token is None or now - self._file_token_read >= TOKEN_FILE_REFRESH:
                try:
                    self._file_token = await self._read_token_file(cfg.token_file)
                    self._file_token_read = now
                except CredentialError:
                    if cfg.token:
                        return {"Authorization": f"Bearer {cfg.token}"}
                    raise
            return {"Authorization": f"Bearer {self._file_token}"}
        if cfg.token:
            return {"Authorization": f"Bearer {cfg.token}"}
        if cfg.username is not None and cfg.password is not None:
            basic = base64.b64encode(f"{cfg.username}:{cfg.password}".encode()).decode()
            return {"Authorization": f"Basic {basic}"}
        return {}

    def invalidate(self) -> bool:
        """Forget cached credentials after a 401; True if a retry may succeed."""
        if self.config.exec_provider is not None:
            self._exec = None
            return True
        if self.config.token_file:
            self._file_token = None
            return True
        return False
