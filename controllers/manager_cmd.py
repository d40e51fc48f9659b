"""``lookout manager``: run the controllers, Flux-style.

The flags are Flux's own (names, defaults, Go syntax), because users carry their
kustomize patches over from Flux. Which controllers run is ``--controllers``; each
one is a setup function in ``CONTROLLERS`` that registers itself with the manager.
Exit codes: 0 after a graceful stop, 1 on any error (including a lost lease), 2 on
bad flags, as Go's ``flag.ExitOnError`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from controller_runtime.cache import ByObject
from controller_runtime.manager import eventloop
from controller_runtime.manager.flags import FlagError, FlagSet, HelpRequested
from controller_runtime.manager.manager import Manager, ManagerOptions
from controller_runtime.manager.signals import setup_signal_handler

log = logging.getLogger("lookout.setup")

MiB = 1 << 20

SetupFunc = Callable[[Manager, "ControllerOptions"], Awaitable[None] | None]


def _lazy(module: str, attr: str = "setup") -> SetupFunc | None:
    """A controller's setup function, if its module exists yet (controllers land one by one)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name == module:
            return None
        raise
    fn = getattr(mod, attr, None)
    return fn if callable(fn) else None


#: name -> module holding ``setup(manager, options)``; the order is the start order.
CONTROLLER_MODULES: dict[str, str] = {
    "imagerepository": "controllers.imagerepository",
    "imagepolicy": "controllers.imagepolicy",
    "imageupdateautomation": "controllers.imageupdateautomation",
    "ocirepository": "controllers.ocirepository",
}

#: Extra setups registered in-process (tests, embedders), checked before the modules.
CONTROLLERS: dict[str, SetupFunc] = {}


def register(name: str, setup: SetupFunc) -> None:
    CONTROLLERS[name] = setup


def available_controllers() -> dict[str, SetupFunc]:
    """Every controller whose setup function exists, in start order."""
    found: dict[str, SetupFunc] = {}
    for name, module in CONTROLLER_MODULES.items():
        fn = CONTROLLERS.get(name) or _lazy(module)
        if fn is not None:
            found[name] = fn
    for name, fn in CONTROLLERS.items():
        found.setdefault(name, fn)
    return found


#: The kinds each controller reconciles: ``--watch-label-selector`` shards these (as Flux's
#: ``Cache.ByObject`` does) and nothing else, so Secrets and ConfigMaps stay visible.
CONTROLLER_KINDS: dict[str, tuple[str, str]] = {
    "imagerepository": ("image.toolkit.fluxcd.io/v1", "ImageRepository"),
    "imagepolicy": ("image.toolkit.fluxcd.io/v1", "ImagePolicy"),
    "imageupdateautomation": ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation"),
    "ocirepository": ("source.werf.io/v1", "OCIRepository"),
}

#: Flux's binary names for a controller set: they name the leader-election lease.
_FLUX_NAMES = {
    frozenset({"imagerepository", "imagepolicy"}): "image-reflector-controller",
    frozenset({"imageupdateautomation"}): "image-automation-controller",
    frozenset({"ocirepository"}): "source-controller",
}


IRC = "image-reflector-controller"
IAC = "image-automation-controller"
SC = "source-controller"

#: The Flux binary each controller comes from: a flag is accepted only when one of the
#: binaries a manager stands in for accepts it.
CONTROLLER_BINARY: dict[str, str] = {
    "imagerepository": IRC,
    "imagepolicy": IRC,
    "imageupdateautomation": IAC,
    "ocirepository": SC,
}

#: Flags only some of Flux's binaries accept (every other flag is fluxcd/pkg's, bound by all).
FLAG_BINARIES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("storage-value-log-file-size", "storage-compression-threshold", "gc-interval",
                     "aws-autologin-for-ecr", "gcp-autologin-for-gcr", "azure-autologin-for-acr",
                     "registry-qps", "registry-burst"), frozenset({IRC})),
    # Lookout's image-automation-controller keeps its clones there too (fetched, not re-cloned).
    "storage-path": frozenset({IRC, IAC, SC}),
    "requeue-dependency": frozenset({IRC, SC}),
    "no-cross-namespace-refs": frozenset({IRC, IAC}),
    "ssh-kex-algos": frozenset({IAC, SC}),
    "ssh-hostkey-algos": frozenset({IAC, SC}),
    **dict.fromkeys(("storage-addr", "storage-adv-addr", "artifact-retention-ttl",
                     "artifact-retention-records", "artifact-digest-algo", "interval-jitter-percentage",
                     "artifact-max-size",
                     "helm-index-max-size", "helm-chart-max-size", "helm-chart-file-max-size",
                     "helm-cache-max-size", "helm-cache-ttl", "helm-cache-purge-interval"), frozenset({SC})),
}

#: Flags that tune machinery Lookout does not have. They may sit in users' kustomize patches,
#: so they are accepted, and a warning at start names each.
NO_EFFECT_FLAGS: dict[str, str] = {
    "storage-value-log-file-size": "Lookout's tag store is SQLite, not Badger",
    "storage-compression-threshold": "Lookout's tag store is SQLite, not FluxStorage's files",
    "watch-configs-label-selector": "no Lookout controller watches ConfigMaps or Secrets "
    "(image-reflector-controller ignores it too)",
    **dict.fromkeys(("helm-index-max-size", "helm-chart-max-size", "helm-chart-file-max-size",
                     "helm-cache-max-size", "helm-cache-ttl", "helm-cache-purge-interval"),
                    "Lookout serves no Helm repositories or charts"),
}

#: Flags every binary accepts but only some of Lookout's controllers use: set for a manager
#: running none of those, they change nothing, and a warning says so.
USED_ONLY_BY: dict[str, tuple[frozenset[str], str]] = {
    **dict.fromkeys(("ssh-kex-algos", "ssh-hostkey-algos"), (
        frozenset({IAC}), "only the image-automation-controller uses SSH")),
    "requeue-dependency": (frozenset({IRC}), "only ImagePolicy waits on a dependency"),
    **dict.fromkeys(("token-cache-max-size", "token-cache-max-duration"), (
        frozenset({IRC, SC}), "the image-automation-controller logs in to no cloud")),
    "insecure-allow-http": (frozenset({IRC, SC}), "Git remotes are reached as their URLs say"),
}

#: Feature gates of each binary (Flux's defaults), as fluxcd/pkg's SupportedFeatures checks them.
FEATURE_GATES: dict[str, dict[str, bool]] = {
    IRC: {"CacheSecretsAndConfigMaps": False, "FluxStorage": False, "ObjectLevelWorkloadIdentity": False},
    IAC: {"GitForcePushBranch": True, "GitShallowClone": True, "GitAllBranchReferences": True,
          "GitSparseCheckout": False, "CacheSecretsAndConfigMaps": False,
          "ObjectLevelWorkloadIdentity": False},
    SC: {"CacheSecretsAndConfigMaps": False, "ObjectLevelWorkloadIdentity": False},
}
#: Gates whose non-default value changes nothing in Lookout, and why.
NO_EFFECT_GATES: dict[str, str] = {
    "CacheSecretsAndConfigMaps": "Lookout reads Secrets and ConfigMaps from the API server when it "
    "needs them",
    "FluxStorage": "Lookout keeps tags in its own store whatever this gate says",
    "GitShallowClone": "Lookout's clone is persistent and fetches only what a run needs, "
    "deepening when a push requires it",
    "GitSparseCheckout": "Lookout's persistent clone checks out the whole tree",
    "GitForcePushBranch": "Lookout never force-pushes: it stacks on the push branch",
}
#: Gates Lookout cannot honour: turning them on stops the manager.
UNSUPPORTED_GATES: dict[str, str] = {
    "ObjectLevelWorkloadIdentity": "Lookout cannot log in to a cloud as an object's service account yet; "
    "with the gate off, objects that ask for it are Stalled (FeatureGateDisabled) instead of "
    "silently using the controller's identity",
    "GitAllBranchReferences": "Lookout always fetches an existing push branch and stacks new commits "
    "on it; it never recreates the branch from the checkout and force-pushes it",
}


def controller_name(controllers: list[str]) -> str:
    return _FLUX_NAMES.get(frozenset(controllers), "lookout")


#: Leases not named after the Flux binary: Lookout's OCIRepository controller serves werf's
#: `source.werf.io` beside Flux's own source-controller, whose lease it must not contend for.
_LEASE_NAMES = {frozenset({"ocirepository"}): "lookout-source-controller"}


def leader_election_id(controllers: list[str], label_selector: str) -> str:
    """``<controller-name>-leader-election``, suffixed per shard when a label selector is set."""
    name = _LEASE_NAMES.get(frozenset(controllers)) or controller_name(controllers)
    ident = f"{name}-leader-election"
    if label_selector:
        ident += "-" + hashlib.sha256(label_selector.encode()).hexdigest()[:8]
    return ident


@dataclass
class ControllerOptions:
    """Everything the flags say, for the controllers' setup functions."""

    controllers: list[str]
    controller_name: str
    kubeconfig: str
    metrics_addr: str
    events_addr: str
    health_addr: str
    kube_api_qps: float
    kube_api_burst: int
    log_level: str
    log_encoding: str
    enable_leader_election: bool
    leader_election_release_on_cancel: bool
    leader_election_lease_duration: float
    leader_election_renew_deadline: float
    leader_election_retry_period: float
    concurrent: int
    min_retry_delay: float
    max_retry_delay: float
    requeue_dependency: float
    watch_all_namespaces: bool
    watch_label_selector: str
    watch_configs_label_selector: str
    graceful_shutdown_timeout: float
    feature_gates: dict[str, bool]
    token_cache_max_size: int
    token_cache_max_duration: float
    default_service_account: str
    no_cross_namespace_refs: bool
    interval_jitter_percentage: int
    insecure_allow_http: bool
    insecure_kubeconfig_exec: bool
    insecure_kubeconfig_tls: bool
    storage_path: str
    storage_addr: str
    storage_adv_addr: str
    storage_value_log_file_size: int
    storage_compression_threshold: int
    gc_interval: int
    artifact_retention_ttl: float
    artifact_retention_records: int
    artifact_digest_algo: str
    aws_autologin_for_ecr: bool
    gcp_autologin_for_gcr: bool
    azure_autologin_for_acr: bool
    ssh_kex_algos: list[str]
    ssh_hostkey_algos: list[str]
    helm_index_max_size: int
    helm_chart_max_size: int
    helm_chart_file_max_size: int
    helm_cache_max_size: int
    helm_cache_ttl: float
    helm_cache_purge_interval: float
    registry_qps: float = 20.0
    artifact_max_size: int = 100 << 20
    registry_burst: int = 40
    runtime_namespace: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    #: What to tell the operator at start: flags and gates accepted that change nothing.
    warnings: list[str] = field(default_factory=list)

    @property
    def watch_namespace(self) -> str | None:
        """The one namespace watched when ``--watch-all-namespaces=false``, else None."""
        return None if self.watch_all_namespaces else self.runtime_namespace


def build_flagset(environ: dict[str, str] | None = None) -> FlagSet:
    env = os.environ if environ is None else environ
    fs = FlagSet("manager")
    fs.add_string("kubeconfig", env.get("KUBECONFIG", ""),
                  "Paths to a kubeconfig. Only required if out-of-cluster.")
    fs.add_strings("controllers", [], "Controllers to run (default: all available): "
                   + ",".join(CONTROLLER_MODULES) + ".")
    fs.add_string("metrics-addr", env.get("METRICS_ADDR", ":8080"),
                  "The address the metric endpoint binds to.")
    fs.add_string("events-addr", env.get("EVENTS_ADDR", ""), "The address of the events receiver.")
    fs.add_string("health-addr", ":9440", "The address the health endpoint binds to.")
    fs.add_float("kube-api-qps", 50.0,
                 "The maximum queries-per-second of requests sent to the Kubernetes API.")
    fs.add_int("kube-api-burst", 300,
               "The maximum burst queries-per-second of requests sent to the Kubernetes API.")
    fs.add_bool("insecure-kubeconfig-exec", False, "Allow use of the user.exec section in the kubeconfig "
                "(it runs a program).")
    fs.add_bool("insecure-kubeconfig-tls", False, "Allow the kubeconfig to disable TLS verification.")
    fs.add_string("log-encoding", "json", "Log encoding format. Can be 'json' or 'console'.")
    fs.add_string("log-level", "info",
                  "Log verbosity level. Can be one of 'trace', 'debug', 'info', 'error'.")
    fs.add_bool("enable-leader-election", False,
                "Enable leader election for controller manager. "
                "Enabling this will ensure there is only one active controller manager.")
    fs.add_bool("leader-election-release-on-cancel", True,
                "Defines if the leader should step down voluntarily on controller manager shutdown.")
    fs.add_duration("leader-election-lease-duration", 35.0,
                    "Interval at which non-leader candidates will wait to force acquire leadership.")
    fs.add_duration("leader-election-renew-deadline", 30.0,
                    "Duration that the leading controller manager will retry refreshing leadership "
                    "before giving up.")
    fs.add_duration("leader-election-retry-period", 5.0,
                    "Duration the LeaderElector clients should wait between tries of actions.")
    fs.add_int("concurrent", 4, "The number of concurrent reconciles per controller.")
    fs.add_duration("min-retry-delay", 0.75, "The minimum amount of time for which an object being "
                    "reconciled will have to wait before a retry.")
    fs.add_duration("max-retry-delay", 900.0, "The maximum amount of time for which an object being "
                    "reconciled will have to wait before a retry.")
    fs.add_duration("requeue-dependency", 30.0, "The interval at which failing dependencies are reevaluated.")
    fs.add_bool("watch-all-namespaces", True,
                "Watch for custom resources in all namespaces, if set to false it will only watch the "
                "runtime namespace.")
    fs.add_string("watch-label-selector", "", "Watch for resources with matching labels e.g. "
                  "'sharding.fluxcd.io/shard=shard1'.")
    fs.add_string("watch-configs-label-selector", "reconcile.fluxcd.io/watch=Enabled",
                  "Watch for ConfigMaps and Secrets with matching labels.")
    fs.add_duration("graceful-shutdown-timeout", 600.0, "The duration given to the reconciler to finish "
                    "before forcibly stopping.")
    fs.add_bool_map("feature-gates", {}, "A comma separated list of key=value pairs defining the state of "
                    "experimental features.")
    fs.add_int("token-cache-max-size", 100, "The maximum size of the cache in number of tokens.")
    fs.add_duration("token-cache-max-duration", 3600.0,
                    "The maximum duration for which a token can be cached.")
    fs.add_string("default-service-account", "", "Default service account used for workload identity.")
    fs.add_bool("no-cross-namespace-refs", False, "When set to true, references between custom resources "
                "are allowed only if the reference and the referee are in the same namespace.")
    fs.add_int("interval-jitter-percentage", 5, "Percentage of jitter to apply to interval durations.")
    fs.add_bool("insecure-allow-http", True, "Allow the controller to make HTTP requests to external "
                "services, e.g. registries.")
    fs.add_string("storage-path", env.get("STORAGE_PATH", "/data"), "Where to store the persistent database "
                  "of image metadata and artifacts.")
    fs.add_string("storage-addr", env.get("STORAGE_ADDRESS", ":9090"), "The address the static file server "
                  "binds to.")
    fs.add_string("storage-adv-addr", env.get("STORAGE_ADV_ADDR", ""), "The advertised address of the "
                  "static file server.")
    fs.add_int("storage-value-log-file-size", 1 << 28, "Set the database's memory mapped value log file size "
               "in bytes. Effective memory usage is about two times this size.")
    fs.add_int("storage-compression-threshold", 64, "Tag lists larger than this many KiB are stored "
               "compressed.")
    fs.add_int("gc-interval", 10, "The number of minutes to wait between garbage collections. "
               "0 disables the garbage collector.")
    fs.add_duration("artifact-retention-ttl", 60.0, "The duration of time that artifacts from previous "
                    "reconciliations will be kept in storage before being garbage collected.")
    fs.add_int("artifact-retention-records", 2, "The maximum number of artifacts to be kept in storage "
               "after a garbage collection.")
    fs.add_string("artifact-digest-algo", "sha256",
                  "The algorithm to use to calculate the digest of artifacts.")
    fs.add_int("artifact-max-size", 100 * MiB, "(Lookout) The maximum uncompressed size in bytes of an "
               "OCI layer's contents; a larger layer is refused.")
    fs.add_float("registry-qps", 20.0, "(Lookout) Requests per second to one registry host, shared by every "
                 "scan and digest lookup of this manager.")
    fs.add_int("registry-burst", 40, "(Lookout) Requests to one registry host allowed in a burst above "
               "--registry-qps.")
    fs.add_bool("aws-autologin-for-ecr", False, "(AWS) Attempt to get credentials for images in Elastic "
                "Container Registry, when no secret is referenced")
    fs.add_bool("gcp-autologin-for-gcr", False, "(GCP) Attempt to get credentials for images in Google "
                "Container Registry, when no secret is referenced")
    fs.add_bool("azure-autologin-for-acr", False, "(Azure) Attempt to get credentials for images in Azure "
                "Container Registry, when no secret is referenced")
    fs.add_strings("ssh-kex-algos", [], "The list of key exchange algorithms to use for ssh connections.")
    fs.add_strings("ssh-hostkey-algos", [], "The list of hostkey algorithms to use for ssh connections.")
    fs.add_int("helm-index-max-size", 50 * MiB,
               "The max allowed size in bytes of a Helm repository index file.")
    fs.add_int("helm-chart-max-size", 10 * MiB, "The max allowed size in bytes of a Helm chart file.")
    fs.add_int("helm-chart-file-max-size", 5 * MiB,
               "The max allowed size in bytes of a file in a Helm chart.")
    fs.add_int("helm-cache-max-size", 0, "The maximum size of the cache in number of indexes.")
    fs.add_duration("helm-cache-ttl", 900.0, "The TTL of an index in the cache.")
    fs.add_duration("helm-cache-purge-interval", 60.0, "The interval at which the cache is purged of "
                    "expired items.")
    return fs


class OptionsError(ValueError):
    """Flags that parse but make no sense together."""


def parse_options(argv: list[str], environ: dict[str, str] | None = None) -> ControllerOptions:
    """Flags -> ControllerOptions, with Flux's consistency checks as guard clauses."""
    env = os.environ if environ is None else environ
    fs = build_flagset(dict(env))
    fs.parse(argv)
    if fs.args:
        raise FlagError(f"unexpected argument: {fs.args[0]}")
    values = fs.values()
    available = available_controllers()
    wanted: list[str] = values.pop("controllers") or list(available)
    for name in wanted:
        if name not in CONTROLLER_MODULES and name not in CONTROLLERS:
            raise OptionsError(
                f"unknown controller {name!r}: valid controllers are {', '.join(CONTROLLER_MODULES)}"
            )
        if name not in available:
            raise OptionsError(f"controller {name!r} is not available in this build")
    if not wanted:
        raise OptionsError("no controllers to run")
    if values["log_encoding"] not in ("json", "console"):
        raise OptionsError(f"invalid log encoding {values['log_encoding']!r}: must be 'json' or 'console'")
    if values["log_level"] not in ("trace", "debug", "info", "error"):
        raise OptionsError(f"invalid log level {values['log_level']!r}")
    if values["concurrent"] < 1:
        raise OptionsError("--concurrent must be at least 1")
    if values["min_retry_delay"] <= 0 or values["max_retry_delay"] < values["min_retry_delay"]:
        raise OptionsError("--min-retry-delay must be > 0 and not above --max-retry-delay")
    if values["registry_qps"] <= 0 or values["registry_burst"] < 1:
        raise OptionsError("--registry-qps must be > 0 and --registry-burst at least 1")
    if not 0 <= values["interval_jitter_percentage"] < 100:
        raise OptionsError("--interval-jitter-percentage must be in [0, 100)")
    if values["artifact_max_size"] <= 0:
        raise OptionsError("--artifact-max-size must be at least 1 byte")
    if values["watch_label_selector"]:
        from controller_runtime.apimachinery import labels

        try:
            labels.parse(values["watch_label_selector"])
        except ValueError as e:
            raise OptionsError(f"invalid --watch-label-selector: {e}") from None
    # A controller registered in-process (an embedder's, a test's) may use any flag and gate.
    binaries = {CONTROLLER_BINARY.get(name, "") for name in wanted}
    if "" in binaries:
        binaries = {IRC, IAC, SC}
    warnings: list[str] = []
    for flag_name, owners in FLAG_BINARIES.items():
        if fs.changed(flag_name) and not owners & binaries:
            raise OptionsError(
                f"--{flag_name} is a flag of {' and '.join(sorted(owners))}, which this manager does not "
                f"run (controllers: {', '.join(wanted)})"
            )
    warnings += [f"--{name} has no effect in Lookout: {why}" for name, why in NO_EFFECT_FLAGS.items()
                 if fs.changed(name)]
    warnings += [f"--{name} has no effect in Lookout: {why}" for name, (users, why) in USED_ONLY_BY.items()
                 if fs.changed(name) and not users & binaries]
    warnings += _check_feature_gates(values["feature_gates"], binaries)
    if fs.changed("default-service-account") and values["default_service_account"]:
        raise OptionsError(
            "--default-service-account needs the ObjectLevelWorkloadIdentity feature gate: "
            + UNSUPPORTED_GATES["ObjectLevelWorkloadIdentity"]
        )
    if values["events_addr"]:
        parsed = urlsplit(values["events_addr"])
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise OptionsError(f"invalid --events-addr {values['events_addr']!r}: want an http(s) URL")
    runtime_namespace = env.get("RUNTIME_NAMESPACE", "")
    if not values["watch_all_namespaces"] and not runtime_namespace:
        raise OptionsError("--watch-all-namespaces=false needs the RUNTIME_NAMESPACE environment variable")
    return ControllerOptions(
        controllers=wanted,
        controller_name=controller_name(wanted),
        runtime_namespace=runtime_namespace,
        warnings=warnings,
        **values,
    )


def _check_feature_gates(gates: dict[str, bool], binaries: set[str]) -> list[str]:
    """fluxcd/pkg's check (an unknown gate stops the manager), then Lookout's: a gate it
    cannot honour stops it too, one that changes nothing is a warning."""
    known: dict[str, bool] = {}
    for binary in binaries:
        known.update(FEATURE_GATES.get(binary, {}))
    warnings = []
    for gate, enabled in gates.items():
        if gate not in known:
            raise OptionsError(f"feature-gate '{gate}' not supported")
        if enabled == known[gate]:
            continue
        if gate in UNSUPPORTED_GATES:
            raise OptionsError(f"feature gate {gate}={str(enabled).lower()}: {UNSUPPORTED_GATES[gate]}")
        if gate in NO_EFFECT_GATES:
            warnings.append(f"feature gate {gate}={str(enabled).lower()} has no effect in Lookout: "
                            f"{NO_EFFECT_GATES[gate]}")
    return warnings


def manager_options(opts: ControllerOptions) -> ManagerOptions:
    from controller_runtime.metrics import registry

    by_object: dict[tuple[str, str], ByObject] = {}
    if opts.watch_label_selector:
        # Shard every kind of the Flux set, so a shard's policies see its own repositories.
        for gvk in CONTROLLER_KINDS.values():
            by_object[gvk] = ByObject(label_selector=opts.watch_label_selector)
    return ManagerOptions(
        namespace=opts.watch_namespace,
        by_object=by_object,
        metrics_bind_address=opts.metrics_addr,
        health_probe_bind_address=opts.health_addr,
        leader_election=opts.enable_leader_election,
        leader_election_id=leader_election_id(opts.controllers, opts.watch_label_selector),
        leader_election_namespace=opts.runtime_namespace,
        lease_duration=opts.leader_election_lease_duration,
        renew_deadline=opts.leader_election_renew_deadline,
        retry_period=opts.leader_election_retry_period,
        leader_election_release_on_cancel=opts.leader_election_release_on_cancel,
        graceful_shutdown_timeout=opts.graceful_shutdown_timeout,
        metrics_registry=registry,
    )


def kubeconfig_refusal(config: Any, opts: ControllerOptions) -> str:
    """Why the kubeconfig may not be used, or "": an exec plugin runs a program and a
    disabled TLS check trusts any server, so each needs its `--insecure-kubeconfig-*` flag."""
    if getattr(config, "exec_provider", None) is not None and not opts.insecure_kubeconfig_exec:
        return "it runs an exec credential plugin (user.exec): pass --insecure-kubeconfig-exec to allow it"
    if getattr(config, "insecure_skip_tls_verify", False) and not opts.insecure_kubeconfig_tls:
        return ("it disables TLS verification (insecure-skip-tls-verify): pass --insecure-kubeconfig-tls "
                "to allow it")
    return ""


async def serve(opts: ControllerOptions, *, install_signals: bool = True) -> int:
    """Build the manager, set up every controller, and run until stopped."""
    from controller_runtime.client import Client, load_config

    try:
        config = await asyncio.to_thread(load_config, opts.kubeconfig or None)
    except Exception as e:
        log.error("unable to load kubeconfig: %s", e)
        return 1
    refused = kubeconfig_refusal(config, opts)
    if refused:
        log.error("unable to load kubeconfig: %s", refused)
        return 1
    for attr, value in (("qps", opts.kube_api_qps), ("burst", opts.kube_api_burst)):
        if hasattr(config, attr):
            setattr(config, attr, value)
    async with Client(config, field_manager=opts.controller_name) as client:
        manager = Manager(client, manager_options(opts))
        try:
            manager.validate()
        except ValueError as e:
            log.error("invalid manager options: %s", e)
            return 1
        manager.add_healthz_check("ping", _ping)
        manager.add_readyz_check("ping", _ping)
        available = available_controllers()
        for name in opts.controllers:
            try:
                result = available[name](manager, opts)
                if result is not None:
                    await result
            except Exception as e:
                log.error("unable to create controller %s: %s", name, e)
                return 1
        if install_signals:
            setup_signal_handler(manager.stop)
        log.info("starting manager (controllers: %s)", ",".join(opts.controllers))
        try:
            await manager.start()
        except Exception as e:
            log.error("problem running manager: %s", e)
            return 1
    return 0


async def _ping() -> None:
    """Flux's probes: the process answers."""


def add_subcommand(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``manager``; its flags are parsed Go-style by ``run``, not by argparse."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "manager",
        help="run the controllers (Flux's flags)",
        add_help=False,
        prefix_chars="\x00",  # hand every argument, dashes included, to the Go-style parser
    )
    parser.add_argument("flags", nargs="*")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    argv = list(getattr(args, "flags", None) or [])
    try:
        opts = parse_options(argv)
    except HelpRequested:
        sys.stderr.write(build_flagset().usage())
        return 0
    except FlagError as e:
        sys.stderr.write(f"{e}\n{build_flagset().usage()}")
        return 2
    except OptionsError as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    from controller_runtime.log import setup_logging

    setup_logging(opts.log_encoding, opts.log_level)
    for warning in opts.warnings:
        log.warning(warning)
    return eventloop.run(serve(opts))
