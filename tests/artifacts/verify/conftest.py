"""Signed artifacts made by the real tools: oras pushes, cosign and notation-go sign.

`Tools` wraps the binaries (built once per machine by `tests.support.gotools`); `Pki` makes a
notation-style CA and code-signing leaf with `cryptography`; `PrivateSigstore` is an offline
Fulcio/CT/Rekor stand-in (`sigstoresign/`) for keyless signatures. Nothing here reaches beyond
127.0.0.1: cosign signs with `--tlog-upload=false` and keys on disk.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from controllers.registry.client import RegistryClient
from tests.support.gotools import local_program, module_tool
from tests.support.registry import RegistryServer

COSIGN_PASSWORD = "test-only-passphrase"
HERE = Path(__file__).parent


@dataclass
class Tools:
    oras: Path
    cosign: Path
    notationsign: Path
    registry: RegistryServer
    workdir: Path

    def run(self, *args: str | Path, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, "COSIGN_PASSWORD": COSIGN_PASSWORD, **(env or {})}
        proc = subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=self.workdir,
            check=False,
        )
        assert proc.returncode == 0, f"{args[0]} failed: {proc.stdout}{proc.stderr}"
        return proc.stdout.strip()

    def push(self, repository: str, tag: str, content: bytes) -> str:
        """Push one file as an artifact; return its manifest digest."""
        path = self.workdir / f"{repository.replace('/', '_')}-{tag}.txt"
        path.write_bytes(content)
        ref = f"{self.registry.host}/{repository}:{tag}"
        self.run(self.oras, "push", "--plain-http", ref, path.name)
        return self.run(self.oras, "resolve", "--plain-http", ref)

    def tag(self, repository: str, digest: str, tag: str) -> None:
        self.run(self.oras, "tag", "--plain-http", f"{self.registry.host}/{repository}@{digest}", tag)

    def cosign_key(self, name: str) -> tuple[Path, bytes]:
        """A fresh cosign key pair (ECDSA P-256); the private key path and the public PEM."""
        self.run(self.cosign, "generate-key-pair", "--output-key-prefix", name)
        return self.workdir / f"{name}.key", (self.workdir / f"{name}.pub").read_bytes()

    def cosign_sign(self, key: Path, repository: str, digest: str, *, bundle: bool = False) -> None:
        args: list[str | Path] = [self.cosign, "sign", "--key", key, "--tlog-upload=false", "-y"]
        args += ["--allow-insecure-registry", "--allow-http-registry"]
        if bundle:
            args.append("--new-bundle-format")
        self.run(*args, f"{self.registry.host}/{repository}@{digest}")

    def notation_sign(self, pki: Pki, repository: str, digest: str, *extra: str) -> None:
        ref = f"{self.registry.host}/{repository}@{digest}"
        self.run(
            self.notationsign,
            "-plain-http",
            "-ref",
            ref,
            "-key",
            pki.key_path,
            "-certs",
            pki.chain_path,
            *extra,
        )


@dataclass
class Pki:
    """A root CA and a code-signing leaf it issued, on disk for the signer, PEM for Secrets."""

    ca_pem: bytes
    key_path: Path
    chain_path: Path

    @classmethod
    def generate(cls, workdir: Path, name: str, *, leaf_expired: bool = False, org: str = "Acme") -> Pki:
        now = dt.datetime.now(dt.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{name} root"),
            ]
        )
        ca = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=10))
            .not_valid_after(now + dt.timedelta(days=10))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .sign(ca_key, hashes.SHA256())
        )
        leaf_key = ec.generate_private_key(ec.SECP256R1())
        leaf_name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "WA"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{name} signer"),
            ]
        )
        start, end = (
            (now - dt.timedelta(days=3), now - dt.timedelta(days=1))
            if leaf_expired
            else (now - dt.timedelta(days=1), now + dt.timedelta(days=1))
        )
        leaf = (
            x509.CertificateBuilder()
            .subject_name(leaf_name)
            .issuer_name(ca_name)
            .public_key(leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        key_path = workdir / f"{name}-leaf.key"
        key_path.write_bytes(
            leaf_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        chain_path = workdir / f"{name}-chain.pem"
        pem = serialization.Encoding.PEM
        chain_path.write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
        return cls(ca.public_bytes(pem), key_path, chain_path)


@dataclass
class PrivateSigstore:
    """One made-up Sigstore deployment (`sigstoresign`): its key state and public trusted root."""

    program: Path
    state: Path
    root_path: Path
    tools: Tools

    @property
    def root(self) -> bytes:
        return self.root_path.read_bytes()

    @classmethod
    def create(cls, tools: Tools, name: str) -> PrivateSigstore:
        program = local_program(HERE / "sigstoresign")
        made = cls(program, tools.workdir / f"{name}-state.json", tools.workdir / f"{name}-root.json", tools)
        tools.run(program, "-state", made.state, "-trusted-root", made.root_path)
        return made

    def sign(
        self, repository: str, digest: str, subject: str, issuer: str, *, statement_digest: str = ""
    ) -> None:
        """Sign `digest` keyless for the identity and attach the bundle as a referrer."""
        args: list[str | Path] = [self.program, "-state", self.state, "-registry", self.tools.registry.host]
        args += ["-repository", repository, "-digest", digest, "-subject", subject, "-issuer", issuer]
        if statement_digest:
            args += ["-statement-digest", statement_digest]
        self.tools.run(*args)


@pytest.fixture(scope="module")
def tools(plain_registry: RegistryServer, tmp_path_factory: pytest.TempPathFactory) -> Tools:
    return Tools(
        oras=module_tool("oras.land/oras/cmd/oras", "v1.3.6"),
        cosign=module_tool("github.com/sigstore/cosign/v2/cmd/cosign", "v2.6.5"),
        notationsign=local_program(HERE / "notationsign"),
        registry=plain_registry,
        workdir=tmp_path_factory.mktemp("verify"),
    )


@pytest.fixture
async def client() -> AsyncIterator[RegistryClient]:
    async with RegistryClient() as c:
        yield c
