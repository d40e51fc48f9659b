"""Flags as users write them in kustomize patches: Go's flag syntax and error messages."""

from __future__ import annotations

import argparse

import pytest

from controller_runtime.manager.flags import FlagError, FlagSet, HelpRequested
from controllers import manager_cmd
from controllers.manager_cmd import OptionsError, parse_options


def flagset() -> FlagSet:
    fs = FlagSet("test")
    fs.add_bool("enable-leader-election", False, "lead")
    fs.add_string("log-level", "info", "level")
    fs.add_int("concurrent", 4, "workers")
    fs.add_duration("min-retry-delay", 0.75, "delay")
    fs.add_strings("ssh-kex-algos", [], "algos")
    fs.add_bool_map("feature-gates", {"A": False}, "gates")
    return fs


def test_go_syntaxes_one_or_two_dashes_equals_or_separate_value() -> None:
    fs = flagset()
    fs.parse(["-enable-leader-election", "--log-level", "debug", "-concurrent=10", "--min-retry-delay=1m30s"])
    assert fs.value("enable-leader-election") is True
    assert fs.value("log-level") == "debug"
    assert fs.value("concurrent") == 10
    assert fs.value("min-retry-delay") == 90.0
    assert fs.changed("concurrent") and not fs.changed("ssh-kex-algos")


def test_booleans_take_only_attached_values_and_positional_args_stop_parsing() -> None:
    fs = flagset()
    fs.parse(["--enable-leader-election=false", "rest", "--concurrent=1"])
    assert fs.value("enable-leader-election") is False
    assert fs.args == ["rest", "--concurrent=1"]
    assert fs.value("concurrent") == 4

    fs = flagset()
    fs.parse(["--enable-leader-election", "false"])  # Go: "false" is a positional argument
    assert fs.value("enable-leader-election") is True
    assert fs.args == ["false"]

    fs = flagset()
    fs.parse(["--", "--concurrent=2"])
    assert fs.args == ["--concurrent=2"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", 10), ("+7", 7), ("-3", -3), ("0x1F", 31), ("017", 15), ("0o17", 15), ("0b101", 5),
     ("1_000", 1000), ("0", 0)],
)
def test_integers_parse_as_go_does(text: str, value: int) -> None:
    fs = flagset()
    fs.parse([f"--concurrent={text}"])
    assert fs.value("concurrent") == value


@pytest.mark.parametrize("text", [" 4", "4 ", "08", "1__0", "_1", "1_", "\u0664", "4.0", ""])
def test_integers_go_rejects_are_rejected(text: str) -> None:
    with pytest.raises(FlagError, match=r"for flag -concurrent: parse error"):
        flagset().parse([f"--concurrent={text}"])


def test_list_and_map_flags_accumulate() -> None:
    fs = flagset()
    args = ["--ssh-kex-algos=a,b", "--ssh-kex-algos", "c"]
    args += ["--feature-gates=X=true,Y=false", "--feature-gates=Z=1"]
    fs.parse(args)
    assert fs.value("ssh-kex-algos") == ["a", "b", "c"]
    assert fs.value("feature-gates") == {"X": True, "Y": False, "Z": True}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--nope"], "flag provided but not defined: -nope"),
        (["-nope=1"], "flag provided but not defined: -nope"),
        (["--concurrent"], "flag needs an argument: -concurrent"),
        (["--concurrent=ten"], 'invalid value "ten" for flag -concurrent: parse error'),
        (["--min-retry-delay=5"], 'invalid value "5" for flag -min-retry-delay: parse error'),
        (
            ["--enable-leader-election=yes"],
            'invalid boolean value "yes" for -enable-leader-election: parse error',
        ),
        (["---x"], "bad flag syntax: ---x"),
        (["-=x"], "bad flag syntax: -=x"),
        (
            ["--feature-gates=X"],
            'invalid value "X" for flag -feature-gates: X must be formatted as key=value',
        ),
    ],
)
def test_errors_use_go_messages(args: list[str], message: str) -> None:
    with pytest.raises(FlagError) as err:
        flagset().parse(args)
    assert str(err.value) == message


def test_help_and_usage() -> None:
    with pytest.raises(HelpRequested):
        flagset().parse(["-h"])
    usage = flagset().usage()
    assert "  -concurrent int\n    \tworkers (default 4)" in usage
    assert '  -log-level string\n    \tlevel (default "info")' in usage
    assert "  -min-retry-delay duration\n    \tdelay (default 750ms)" in usage


@pytest.fixture
def widget_controller() -> object:
    """Register an in-process controller so the option checks have something to select."""
    manager_cmd.register("widget", lambda mgr, opts: None)
    yield
    manager_cmd.CONTROLLERS.pop("widget", None)


@pytest.mark.usefixtures("widget_controller")
def test_manager_flags_have_flux_defaults() -> None:
    opts = parse_options(["--controllers=widget"], environ={})
    assert opts.controllers == ["widget"]
    assert opts.metrics_addr == ":8080"
    assert opts.health_addr == ":9440"
    assert opts.enable_leader_election is False
    assert (opts.leader_election_lease_duration, opts.leader_election_renew_deadline,
            opts.leader_election_retry_period) == (35.0, 30.0, 5.0)
    assert (opts.min_retry_delay, opts.max_retry_delay) == (0.75, 900.0)
    assert opts.watch_all_namespaces is True and opts.watch_namespace is None
    assert opts.concurrent == 4
    assert opts.storage_path == "/data"
    assert opts.insecure_allow_http is True


@pytest.mark.usefixtures("widget_controller")
def test_manager_flags_as_a_flux_deployment_patch_writes_them() -> None:
    opts = parse_options(
        [
            "--controllers=widget",
            "--watch-all-namespaces=false",
            "--log-level=debug",
            "--log-encoding=console",
            "--enable-leader-election",
            "--leader-election-lease-duration=20s",
            "--watch-label-selector=sharding.fluxcd.io/shard=shard1",
            "--concurrent=10",
            "--events-addr=http://notification-controller.flux-system.svc.cluster.local./",
            "--aws-autologin-for-ecr",
            "--no-cross-namespace-refs=true",
            "--feature-gates=CacheSecretsAndConfigMaps=true",
        ],
        environ={"RUNTIME_NAMESPACE": "flux-system"},
    )
    assert opts.watch_namespace == "flux-system"
    assert opts.enable_leader_election and opts.leader_election_lease_duration == 20.0
    assert opts.concurrent == 10 and opts.aws_autologin_for_ecr and opts.no_cross_namespace_refs
    assert opts.feature_gates == {"CacheSecretsAndConfigMaps": True}
    mopts = manager_cmd.manager_options(opts)
    assert mopts.namespace == "flux-system"
    # The shard selector applies to the Flux kinds only, never to Secrets or ConfigMaps.
    assert mopts.label_selector is None
    shard = mopts.by_object[("image.toolkit.fluxcd.io/v1", "ImagePolicy")]
    assert shard.label_selector == "sharding.fluxcd.io/shard=shard1"
    assert ("v1", "Secret") not in mopts.by_object
    # Sharded managers must not share a lease with the unsharded one.
    assert mopts.leader_election_id.startswith("lookout-leader-election-")
    assert mopts.leader_election_namespace == "flux-system"


@pytest.mark.usefixtures("widget_controller")
@pytest.mark.parametrize(
    ("args", "environ", "message"),
    [
        (["--controllers=nope"], {}, "unknown controller 'nope'"),
        (["--controllers=widget", "--watch-all-namespaces=false"], {}, "RUNTIME_NAMESPACE"),
        (["--controllers=widget", "--log-encoding=xml"], {}, "invalid log encoding"),
        (["--controllers=widget", "--watch-label-selector=a in (b"], {}, "invalid --watch-label-selector"),
        (["--controllers=widget", "--concurrent=0"], {}, "--concurrent must be at least 1"),
    ],
)
def test_manager_option_errors(args: list[str], environ: dict[str, str], message: str) -> None:
    with pytest.raises(OptionsError, match=message.replace("(", r"\(")):
        parse_options(args, environ=environ)


def test_manager_subcommand_reports_bad_flags_like_go(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="lookout")
    manager_cmd.add_subcommand(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["manager", "--metrics-adr=:8080"])
    assert args.func(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("flag provided but not defined: -metrics-adr\n")
    assert "-metrics-addr string" in err
