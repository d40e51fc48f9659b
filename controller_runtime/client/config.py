"""RestConfig and how to find one: kubeconfig files, in-cluster service accounts.

Loading follows controller-runtime's `GetConfig`: an explicit kubeconfig path wins,
then `$KUBECONFIG` (a path list merged the way kubectl merges it: the first file
to define a name or the current context wins), then the in-cluster service account
when `$KUBECONFIG` is unset, then `~/.kube/config`. Files are read once, at load
time, before any event loop work depends on them.

Credentials (tokens, keys) are kept out of `repr()` so a config can be logged.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

DEFAULT_QPS = 20.0
DEFAULT_BURST = 30
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SERVICE_ACCOUNT_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")

_SECRET_FIELDS = frozenset({"cert_data", "key_data", "token", "password"})


class ConfigError(Exception):
    """No usable configuration could be built (missing file, bad kubeconfig, unknown context)."""


@dataclass
class ExecConfig:
    """A client.authentication.k8s.io exec credential plugin from a kubeconfig user."""

    command: str
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    api_version: str = "client.authentication.k8s.io/v1"
    install_hint: str = ""
    provide_cluster_info: bool = False
    interactive_mode: str = "IfAvailable"

    def __repr__(self) -> str:
        # env may carry secrets for the plugin; show names only.
        return (
            f"ExecConfig(command={self.command!r}, args={self.args!r}, env=<{len(self.env)} vars>, "
            f"api_version={self.api_version!r})"
        )


#: client-go finds a dead connection with HTTP/2 pings; over HTTP/1.1 every request but a
#: watch has a deadline instead, so a connection that froze (a load balancer or conntrack
#: that dropped the flow) fails the call, and the pool drops the connection, instead of
#: holding a worker forever. Long enough for a list of thousands of objects.
DEFAULT_TIMEOUT = 60.0


@dataclass
class RestConfig:
    """Everything needed to talk to one API server as one user (client-go's rest.Config)."""

    host: str
    ca_data: bytes | None = None
    cert_data: bytes | None = None
    key_data: bytes | None = None
    token: str | None = None
    token_file: str | None = None
    username: str | None = None
    password: str | None = None
    exec_provider: ExecConfig | None = None
    insecure_skip_tls_verify: bool = False
    tls_server_name: str | None = None
    proxy_url: str | None = None
    qps: float = DEFAULT_QPS
    burst: int = DEFAULT_BURST
    #: Deadline of each request but watches, in seconds: None is DEFAULT_TIMEOUT, 0 is none.
    timeout: float | None = None
    user_agent: str = "lookout/0.1.0 (python; controller-runtime)"
    #: The namespace the kubeconfig context (or service account) points at.
    namespace: str | None = None

    def __post_init__(self) -> None:
        self.host = self.host.rstrip("/")
        if not self.host:
            raise ConfigError("host must not be empty")
        if "://" not in self.host:
            self.host = "https://" + self.host

    def copy(self, **changes: Any) -> RestConfig:
        """A copy with some fields replaced (RestConfig is otherwise shared by reference)."""
        return replace(self, **changes)

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _SECRET_FIELDS or f.name == "ca_data":
                shown = "<set>" if value else None
                if f.name == "ca_data":
                    shown = f"<{len(value)} bytes>" if value else None
                parts.append(f"{f.name}={shown}")
            elif f.name in ("proxy_url", "host") and value:
                parts.append(f"{f.name}={redact_url(str(value))!r}")
            else:
                parts.append(f"{f.name}={value!r}")
        return "RestConfig(" + ", ".join(parts) + ")"

    __str__ = __repr__


def redact_url(url: str) -> str:
    """The URL with the password of its user info masked, as Go's url.Redacted() shows it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:xxxxx@{netloc[2]}"))


def _b64(value: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(value), validate=False)
    except (binascii.Error, ValueError) as e:
        raise ConfigError(f"{what} is not valid base64") from e


def _resolve(path: str, base: Path | None) -> Path:
    p = Path(os.path.expanduser(path))
    if not p.is_absolute() and base is not None:
        p = base / p
    return p


def _read_bytes(path: str, base: Path | None, what: str) -> bytes:
    p = _resolve(path, base)
    try:
        return p.read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read {what} {p}: {e.strerror}") from e


def _named(entries: Any, key: str) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for entry in entries or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            body = entry.get(key)
            out.append((entry["name"], dict(body) if isinstance(body, Mapping) else {}))
    return out


@dataclass
class _Merged:
    """kubeconfig entries merged across files, each remembering its file's directory."""

    clusters: dict[str, tuple[dict[str, Any], Path | None]] = field(default_factory=dict)
    users: dict[str, tuple[dict[str, Any], Path | None]] = field(default_factory=dict)
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)
    current_context: str = ""

    def add(self, doc: Mapping[str, Any], base: Path | None) -> None:
        # kubectl's merge: the first file that sets a value wins.
        for name, body in _named(doc.get("clusters"), "cluster"):
            self.clusters.setdefault(name, (body, base))
        for name, body in _named(doc.get("users"), "user"):
            self.users.setdefault(name, (body, base))
        for name, body in _named(doc.get("contexts"), "context"):
            self.contexts.setdefault(name, body)
        if not self.current_context and isinstance(doc.get("current-context"), str):
            self.current_context = doc["current-context"]


def _load_doc(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text()
    except OSError as e:
        raise ConfigError(f"cannot read kubeconfig {path}: {e.strerror}") from e
    try:
        # libyaml's loader when built in: the same documents, parsed several times faster.
        doc = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as e:
        # PyYAML's own message quotes the offending lines, which may hold a token: only say where.
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(e, "problem", None) or "syntax error"
        raise ConfigError(f"kubeconfig {path} is not valid YAML: {problem}{where}") from None
    if doc is None:
        return {}
    if not isinstance(doc, Mapping):
        raise ConfigError(f"kubeconfig {path} is not a mapping")
    return doc


def config_from_kubeconfig_dict(
    doc: Mapping[str, Any], context: str | None = None, base_dir: Path | None = None
) -> RestConfig:
    """Build a RestConfig from one kubeconfig document already in memory."""
    merged = _Merged()
    merged.add(doc, base_dir)
    return _from_merged(merged, context, "kubeconfig")


def _exec_config(raw: Mapping[str, Any], base: Path | None) -> ExecConfig:
    command = raw.get("command")
    if not isinstance(command, str) or not command:
        raise ConfigError("exec plugin has no command")
    if "/" in command and not os.path.isabs(command) and base is not None:
        # client-go resolves a relative command path against the kubeconfig's directory.
        command = str(base / command)
    env: dict[str, str] = {}
    for item in raw.get("env") or []:
        if isinstance(item, Mapping) and "name" in item:
            env[str(item["name"])] = str(item.get("value", ""))
    api_version = str(raw.get("apiVersion") or "")
    if api_version not in ("client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"):
        raise ConfigError(
            f"exec plugin: unsupported apiVersion {api_version!r} "
            "(want client.authentication.k8s.io/v1 or v1beta1)"
        )
    default_mode = "IfAvailable" if api_version.endswith("v1beta1") else ""
    interactive = str(raw.get("interactiveMode") or default_mode)
    if api_version.endswith("/v1") and not interactive:
        raise ConfigError(
            "exec plugin: interactiveMode must be specified for client.authentication.k8s.io/v1"
        )
    return ExecConfig(
        command=command,
        args=[str(a) for a in raw.get("args") or []],
        env=env,
        api_version=api_version,
        install_hint=str(raw.get("installHint") or ""),
        provide_cluster_info=bool(raw.get("provideClusterInfo")),
        interactive_mode=interactive,
    )


def _from_merged(merged: _Merged, context: str | None, source: str) -> RestConfig:
    ctx_name = context or merged.current_context
    if not ctx_name:
        raise ConfigError(f"{source}: no context given and no current-context set")
    ctx = merged.contexts.get(ctx_name)
    if ctx is None:
        raise ConfigError(f"{source}: context {ctx_name!r} does not exist")
    cluster_name = str(ctx.get("cluster") or "")
    if cluster_name not in merged.clusters:
        raise ConfigError(f"{source}: cluster {cluster_name!r} of context {ctx_name!r} does not exist")
    cluster, cbase = merged.clusters[cluster_name]
    user_name = str(ctx.get("user") or "")
    user, ubase = merged.users.get(user_name, ({}, None))
    if user_name and user_name not in merged.users:
        raise ConfigError(f"{source}: user {user_name!r} of context {ctx_name!r} does not exist")

    server = cluster.get("server")
    if not isinstance(server, str) or not server:
        raise ConfigError(f"{source}: cluster {cluster_name!r} has no server")

    ca: bytes | None = None
    if cluster.get("certificate-authority-data"):
        ca = _b64(cluster["certificate-authority-data"], "certificate-authority-data")
    elif cluster.get("certificate-authority"):
        ca = _read_bytes(str(cluster["certificate-authority"]), cbase, "certificate-authority")

    cert: bytes | None = None
    key: bytes | None = None
    if user.get("client-certificate-data"):
        cert = _b64(user["client-certificate-data"], "client-certificate-data")
    elif user.get("client-certificate"):
        cert = _read_bytes(str(user["client-certificate"]), ubase, "client-certificate")
    if user.get("client-key-data"):
        key = _b64(user["client-key-data"], "client-key-data")
    elif user.get("client-key"):
        key = _read_bytes(str(user["client-key"]), ubase, "client-key")
    if (cert is None) != (key is None):
        raise ConfigError(
            f"{source}: user {user_name!r} has a client certificate without a key or vice versa"
        )

    token_file = None
    if user.get("tokenFile"):
        token_file = str(_resolve(str(user["tokenFile"]), ubase))
    exec_provider = None
    if isinstance(user.get("exec"), Mapping):
        exec_provider = _exec_config(user["exec"], ubase)
    if isinstance(user.get("auth-provider"), Mapping):
        name = user["auth-provider"].get("name", "?")
        raise ConfigError(
            f"{source}: user {user_name!r} uses the removed auth-provider {name!r}; "
            "use an exec plugin instead"
        )

    return RestConfig(
        host=server,
        ca_data=ca,
        cert_data=cert,
        key_data=key,
        token=str(user["token"]) if user.get("token") else None,
        token_file=token_file,
        username=str(user["username"]) if user.get("username") else None,
        password=str(user["password"]) if user.get("password") else None,
        exec_provider=exec_provider,
        insecure_skip_tls_verify=bool(cluster.get("insecure-skip-tls-verify")),
        tls_server_name=str(cluster["tls-server-name"]) if cluster.get("tls-server-name") else None,
        proxy_url=str(cluster["proxy-url"]) if cluster.get("proxy-url") else None,
        namespace=str(ctx["namespace"]) if ctx.get("namespace") else None,
    )


def load_kubeconfig_files(paths: list[Path], context: str | None = None) -> RestConfig:
    """Merge the kubeconfig files in `paths` (missing ones skipped) and build the config."""
    merged = _Merged()
    found = False
    for p in paths:
        if not p.exists():
            continue
        found = True
        merged.add(_load_doc(p), p.resolve().parent)
    if not found:
        raise ConfigError("no kubeconfig file found in " + os.pathsep.join(str(p) for p in paths))
    return _from_merged(merged, context, os.pathsep.join(str(p) for p in paths))


def in_cluster_config(sa_dir: Path = SERVICE_ACCOUNT_DIR) -> RestConfig:
    """Config from the pod's service account (the token file is re-read as it rotates)."""
    host = os.environ.get("KUBERNETES_SERVICE_HOST", "")
    port = os.environ.get("KUBERNETES_SERVICE_PORT", "")
    if not host or not port:
        raise ConfigError("not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set")
    token_file = sa_dir / "token"
    if not token_file.exists():
        raise ConfigError(f"not running in a cluster: {token_file} does not exist")
    ca_file = sa_dir / "ca.crt"
    ca = ca_file.read_bytes() if ca_file.exists() else None
    ns_file = sa_dir / "namespace"
    namespace = ns_file.read_text().strip() if ns_file.exists() else None
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    return RestConfig(
        host=f"https://{host}:{port}", ca_data=ca, token_file=str(token_file), namespace=namespace
    )


def load_config(kubeconfig: str | os.PathLike[str] | None = None, context: str | None = None) -> RestConfig:
    """Find the config the way controller-runtime's GetConfig does (see module docstring)."""
    if kubeconfig:
        path = Path(os.path.expanduser(os.fspath(kubeconfig)))
        if not path.exists():
            raise ConfigError(f"kubeconfig {path} does not exist")
        return load_kubeconfig_files([path], context)
    env_value = os.environ.get("KUBECONFIG", "")
    if env_value:
        paths = [Path(os.path.expanduser(p)) for p in env_value.split(os.pathsep) if p]
        return load_kubeconfig_files(paths, context)
    if context is None:
        try:
            return in_cluster_config()
        except ConfigError:
            pass
    home_config = Path(os.path.expanduser("~")) / ".kube" / "config"
    if home_config.exists():
        return load_kubeconfig_files([home_config], context)
    raise ConfigError(
        "could not locate a kubeconfig: pass --kubeconfig, set KUBECONFIG, "
        "run in a cluster, or create ~/.kube/config"
    )


def to_kubeconfig(
    config: RestConfig,
    *,
    cluster: str = "envtest",
    user: str = "envtest",
    context: str = "envtest",
) -> dict[str, Any]:
    """Render `config` as a one-context kubeconfig document (what kubectl reads)."""

    def enc(b: bytes) -> str:
        return base64.b64encode(b).decode()

    cluster_body: dict[str, Any] = {"server": config.host}
    if config.ca_data:
        cluster_body["certificate-authority-data"] = enc(config.ca_data)
    if config.insecure_skip_tls_verify:
        cluster_body["insecure-skip-tls-verify"] = True
    if config.tls_server_name:
        cluster_body["tls-server-name"] = config.tls_server_name
    if config.proxy_url:
        cluster_body["proxy-url"] = config.proxy_url
    user_body: dict[str, Any] = {}
    if config.cert_data and config.key_data:
        user_body["client-certificate-data"] = enc(config.cert_data)
        user_body["client-key-data"] = enc(config.key_data)
    if config.token:
        user_body["token"] = config.token
    if config.token_file:
        user_body["tokenFile"] = config.token_file
    if config.username:
        user_body["username"] = config.username
    if config.password:
        user_body["password"] = config.password
    if config.exec_provider is not None:
        ep = config.exec_provider
        exec_body: dict[str, Any] = {
            "apiVersion": ep.api_version,
            "command": ep.command,
            "args": list(ep.args),
            "provideClusterInfo": ep.provide_cluster_info,
            "interactiveMode": ep.interactive_mode,
        }
        if ep.env:
            exec_body["env"] = [{"name": k, "value": v} for k, v in ep.env.items()]
        user_body["exec"] = exec_body
    ctx: dict[str, Any] = {"cluster": cluster, "user": user}
    if config.namespace:
        ctx["namespace"] = config.namespace
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster, "cluster": cluster_body}],
        "users": [{"name": user, "user": user_body}],
        "contexts": [{"name": context, "context": ctx}],
        "current-context": context,
        "preferences": {},
    }


def write_kubeconfig(config: RestConfig, path: Path, **names: str) -> Path:
    """Write `to_kubeconfig(config)` to `path` with mode 0600 (it holds credentials)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(to_kubeconfig(config, **names), sort_keys=False)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    return path
