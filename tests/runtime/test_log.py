"""Log lines look like a Flux controller's: zap JSON (or console), with the reconcile's
key/values carried by context."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest

from controller_runtime.controller import Controller, Options
from controller_runtime.handler import EnqueueRequestForObject
from controller_runtime.log import Logger, logger_from, logger_into, root, setup_logging
from controller_runtime.reconcile import Request, Result, reconcile_func
from controller_runtime.source import Kind
from tests.runtime.controller_fakes import FakeCache, obj
from tests.support.wait import eventually

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """Route logging to a buffer for the test, then put the root logger back as it was."""
    std_root = logging.getLogger()
    handlers, level = list(std_root.handlers), std_root.level
    buf = io.StringIO()
    yield buf
    std_root.handlers[:] = handlers
    std_root.setLevel(level)


def lines(buf: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.startswith("{")]


def test_json_line_shape(output: io.StringIO) -> None:
    setup_logging("json", "info", stream=output)
    log = Logger().with_values(controller="imagerepository", controllerGroup="image.toolkit.fluxcd.io")
    log.info("no changes since last reconciliation", revision="sha256:abc")
    (line,) = lines(output)
    assert list(line) == ["level", "ts", "msg", "controller", "controllerGroup", "revision"]
    assert line["level"] == "info" and TS.match(line["ts"])
    assert line["msg"] == "no changes since last reconciliation"
    assert line["revision"] == "sha256:abc"


def test_errors_carry_an_error_field_and_names_a_logger_field(output: io.StringIO) -> None:
    setup_logging("json", "info", stream=output)
    try:
        raise ConnectionError("registry unreachable")
    except ConnectionError as err:
        root.with_name("setup").error("unable to create controller", err=err, controller="ImagePolicy")
    (line,) = lines(output)
    assert line["level"] == "error" and line["logger"] == "setup"
    assert line["error"] == "registry unreachable"
    assert list(line)[-1] == "error"
    assert "stacktrace" not in line  # tracebacks only at debug level


def test_levels_filter_and_verbosity(output: io.StringIO) -> None:
    setup_logging("json", "info", stream=output)
    log = Logger()
    log.debug("hidden at info")
    log.v(1).info("also hidden")
    log.info("shown")
    assert [line["msg"] for line in lines(output)] == ["shown"]

    output.truncate(0)
    output.seek(0)
    setup_logging("json", "debug", stream=output)
    log.debug("debug line")
    log.trace("hidden at debug")
    assert [(line["level"], line["msg"]) for line in lines(output)] == [("debug", "debug line")]

    output.truncate(0)
    output.seek(0)
    setup_logging("json", "trace", stream=output)
    log.trace("trace line")
    try:
        raise ValueError("kaput")
    except ValueError as err:
        log.error("failed", err=err)
    trace, failed = lines(output)
    assert trace["level"] == "trace"
    assert "ValueError: kaput" in failed["stacktrace"]

    output.truncate(0)
    output.seek(0)
    setup_logging("json", "error", stream=output)
    log.info("quiet")
    log.error("loud")
    assert [line["msg"] for line in lines(output)] == ["loud"]


def test_console_encoding(output: io.StringIO) -> None:
    setup_logging("console", "info", stream=output)
    Logger("setup").info("starting manager", version="1.0")
    ts, level, name, msg, fields = output.getvalue().rstrip("\n").split("\t")
    assert TS.match(ts) and level == "info" and name == "setup" and msg == "starting manager"
    assert json.loads(fields) == {"version": "1.0"}


def test_setup_logging_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="encoding"):
        setup_logging("xml")
    with pytest.raises(ValueError, match="level"):
        setup_logging("json", "verbose")


def test_setup_logging_twice_does_not_duplicate_lines(output: io.StringIO) -> None:
    setup_logging("json", "info", stream=output)
    setup_logging("json", "info", stream=output)
    Logger().info("once")
    assert len(lines(output)) == 1


async def test_logger_context_is_inherited_by_tasks_and_restored() -> None:
    seen: list[dict[str, Any]] = []

    async def child() -> None:
        seen.append(logger_from().values)

    with logger_into(root.with_values(name="x")):
        await asyncio.create_task(child())
    assert seen == [{"name": "x"}]
    assert logger_from() is root


async def test_a_reconcile_logs_like_a_flux_controller(output: io.StringIO) -> None:
    setup_logging("json", "info", stream=output)
    api, kind = "image.toolkit.fluxcd.io/v1", "ImageRepository"
    cache = FakeCache((api, kind))
    cache.informer(api, kind).seed = [obj("podinfo", "flux-system", kind=kind, api_version=api)]

    async def reconcile(req: Request) -> Result:
        logger_from().info("no changes since last reconciliation")
        raise RuntimeError("GET https://ghcr.io/v2/: 503")

    c = Controller(
        "imagerepository",
        reconcile_func(reconcile),
        Options(skip_name_validation=True),
        group="image.toolkit.fluxcd.io",
        kind=kind,
    )
    c.watch(Kind(cache, api, kind, EnqueueRequestForObject()))
    task = asyncio.create_task(c.start())
    try:
        await eventually(lambda: any(line["msg"] == "Reconciler error" for line in lines(output)), timeout=5)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    by_msg = {line["msg"]: line for line in lines(output)}
    info = by_msg["no changes since last reconciliation"]
    assert list(info) == [
        "level",
        "ts",
        "msg",
        "controller",
        "controllerGroup",
        "controllerKind",
        kind,
        "namespace",
        "name",
        "reconcileID",
    ]
    assert info["controller"] == "imagerepository"
    assert info["controllerGroup"] == "image.toolkit.fluxcd.io" and info["controllerKind"] == kind
    assert info[kind] == {"name": "podinfo", "namespace": "flux-system"}
    assert (info["namespace"], info["name"]) == ("flux-system", "podinfo")
    error = by_msg["Reconciler error"]
    assert error["level"] == "error" and error["reconcileID"] == info["reconcileID"]
    assert error["error"] == "GET https://ghcr.io/v2/: 503"
    assert "Starting Controller" in by_msg and by_msg["Starting workers"]["worker count"] == 1
