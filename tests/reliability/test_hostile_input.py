"""Hostile input, fuzzed: whatever a user (or an attacker with write access to a namespace)
types into an image reference, a tag filter and its extract template, a semver range, an
exclusion regex, an interval, or a pull Secret, Lookout answers with its own clear error
(which becomes a condition), never with a crash of another kind, and in time linear in the
input (RE2: no catastrophic backtracking).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controller_runtime.apimachinery.duration import DurationError, parse_duration
from controller_runtime.client import Client, errors
from controller_runtime.fluxruntime import conditions
from controllers.policy import PolicyError, PolicySpec, evaluate
from controllers.registry import InvalidImageError, parse_image
from controllers.registry.credentials import credentials_from_pull_secret, parse_docker_config
from controllers.registry.errors import ConfigurationError
from controllers.scanning.exclusion import ExclusionError, filter_tags
from tests.imagepolicy.conftest import IP, image_policy, wait_policy
from tests.imagerepository.conftest import FAST, IR, image_repository, wait_ready
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.report import record
from tests.support.wait import eventually

# Hypothesis's per-example deadline is a wall-clock bound; speed is the benchmarks' business.
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Text that looks like what users type, and text that does not.
nasty = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from("abc019.:-_/@+[]()*?{}^$|\\%<>=~!, \t\n\x00é€"), max_size=80),
    st.sampled_from([
        "", " ", "\x00", "a" * 5000, "(a+)+$", "(a|aa)*b", "((a*)*)*", "[", "(?P<x>", "\\", "${1}",
        "$999999999999", "localhost:99999999/app", "https://user:pw@host/app", "UPPER/Case",
        "host:5000/app:tag@sha256:" + "0" * 64, "a/" * 300, ">=1.0.0 <0.1", "~x", "^1.x || >=",
        "1.0.0-" + "a." * 200, "\u202eevil", "../../etc/passwd", "%2e%2e/",
    ]),
)
versions = st.from_regex(r"v?[0-9]{1,3}(\.[0-9]{1,3}){0,3}(-[a-z0-9.]{1,8})?", fullmatch=True)
tags = st.lists(st.one_of(st.text(max_size=30), versions), max_size=40)
#: Inputs tried, per test: counted as they run, reported once for the module.
tried: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    total = sum(tried.values())
    record("hostile input, fuzzed (images, filters, ranges, regexes, intervals, pull secrets)",
           cases=total, survived=total)


def _count(name: str) -> None:
    tried[name] = tried.get(name, 0) + 1


@FUZZ
@given(nasty, st.booleans())
def test_image_references(image: str, insecure: bool) -> None:
    _count("image")
    try:
        ref = parse_image(image, insecure=insecure)
    except InvalidImageError as e:
        assert str(e)  # a message for the Stalled condition
    else:
        assert ref.name and ref.registry


@FUZZ
@given(nasty, nasty, tags)
def test_tag_filters_and_extract_templates(pattern: str, extract: str, candidates: list[str]) -> None:
    _count("filter")
    try:
        spec = PolicySpec.from_dict({"filterTags": {"pattern": pattern, "extract": extract},
                                     "policy": {"alphabetical": {"order": "asc"}}})
    except PolicyError as e:
        assert e.message
        return
    result = evaluate(spec, candidates)
    assert result.ok or result.message or result.upstream_message


@FUZZ
@given(nasty, tags)
def test_semver_ranges(text: str, candidates: list[str]) -> None:
    _count("semver")
    try:
        spec = PolicySpec.from_dict({"policy": {"semver": {"range": text}}})
    except PolicyError as e:
        assert e.message
        return
    result = evaluate(spec, candidates)
    assert result.ok or result.message or result.upstream_message


@FUZZ
@given(st.lists(nasty, max_size=4), tags)
def test_exclusion_lists(patterns: list[str], candidates: list[str]) -> None:
    _count("exclusion")
    try:
        kept = filter_tags(candidates, patterns)
    except ExclusionError as e:
        assert str(e).startswith("failed to compile regex ")
    else:
        assert set(kept) <= set(candidates)


@FUZZ
@given(nasty)
def test_intervals(text: str) -> None:
    _count("interval")
    try:
        parse_duration(text)
    except DurationError as e:
        assert str(e)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=12,
)
auth_entry = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={
        "username": json_values, "password": json_values, "identitytoken": json_values,
        "auth": st.one_of(json_values, st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode())),
    }),
)
config_docs = st.one_of(
    st.binary(max_size=60),
    st.builds(lambda d: json.dumps(d).encode(), st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"auths": st.one_of(json_values, st.dictionaries(nasty, auth_entry, max_size=3))}
        ),
    )),
)


@FUZZ
@given(config_docs, st.sampled_from([".dockerconfigjson", ".dockercfg", "other"]), st.booleans(), nasty)
def test_pull_secrets(doc: bytes, key: str, encode: bool, image: str) -> None:
    _count("secret")
    data: dict[str, Any] = {key: base64.b64encode(doc).decode() if encode else doc.decode("latin-1")}
    try:
        parse_docker_config(data, secret="pull")
        ref = parse_image(image)
    except ConfigurationError as e:
        assert str(e).startswith("secret 'pull': ")
        return
    except InvalidImageError:
        return
    credentials_from_pull_secret(data, ref, secret="pull")



HOSTILE_IMAGES = ["", "UPPER/Case", "https://user:pw@host/app", "host:5000/app:tag", "a/" * 300 + "b",
                  "localhost:99999999/app", "\u202eevil/app", "app@sha256:" + "0" * 64, "../../etc/passwd"]
HOSTILE_POLICIES: list[dict[str, Any]] = [
    {"policy": {"semver": {"range": ">=1.0.0 <0.1 ||| ~x"}}},
    {"policy": {"semver": {"range": "1.0.0-" + "a." * 200}}},
    {"filterTags": {"pattern": "(a+)+$" * 20, "extract": "$999999999999"},
     "policy": {"numerical": {"order": "asc"}}},
    {"filterTags": {"pattern": "(?P<x>", "extract": "$x"}, "policy": {"alphabetical": {"order": "asc"}}},
    {"filterTags": {"pattern": "^(?P<v>.*)$", "extract": "${nope}"},
     "policy": {"numerical": {"order": "desc"}}},
]


async def test_hostile_specs_end_in_clear_conditions_and_the_manager_keeps_working(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    """Through the API, as users would apply them: each object the server accepts ends with
    a Ready condition that says why it is not ready; the rest are refused by the server with
    a message. Meanwhile a sound repository and policy work as usual."""
    accepted: list[tuple[tuple[str, str], str]] = []
    refused = 0
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "sound", plain_registry.image("team/app")))
        for i, image in enumerate(HOSTILE_IMAGES):
            try:
                await client.create(image_repository(namespace, f"image-{i}", image))
                accepted.append((IR, f"image-{i}"))
            except errors.ApiError as e:
                assert e.message
                refused += 1
        for i, spec in enumerate(HOSTILE_POLICIES):
            try:
                ref = {"imageRepositoryRef": {"name": "sound"}}
                await client.create(image_policy(namespace, f"policy-{i}", {**ref, **spec}))
                accepted.append((IP, f"policy-{i}"))
            except errors.ApiError as e:
                assert e.message
                refused += 1

        async def explained(kind: tuple[str, str], name: str) -> dict[str, Any] | None:
            obj = await client.get(*kind, name, namespace=namespace)
            ready = conditions.get(obj, "Ready")
            handled = obj["status"].get("observedGeneration") == obj["metadata"]["generation"]
            return obj if ready and ready["status"] != "Unknown" and ready["message"] and (
                handled or ready["status"] == "False") else None

        clear = 0
        unclear: list[dict[str, Any]] = []
        for kind, name in accepted:
            obj = await eventually(lambda k=kind, n=name: explained(k, n), timeout=60,
                                   message=f"{name} ends with a clear condition")
            ready = conditions.get(obj, "Ready") or {}
            # An image no registry can serve is a spec error (Stalled); nothing is ever an
            # unexpected error ("reconciliation failed: ...", a bug's path).
            invalid_image = conditions.is_true(obj, "Stalled") and ready["reason"] == "ImageURLInvalid"
            stalled = kind != IR or invalid_image
            if stalled and not ready["message"].startswith("reconciliation failed: "):
                clear += 1
            else:
                unclear.append({"name": name, **ready})
        await wait_ready(client, namespace, "sound")
        await client.create(image_policy(namespace, "sound", {"imageRepositoryRef": {"name": "sound"},
                                                              "policy": {"semver": {"range": ">=1.0.0"}}}))
        await wait_policy(client, namespace, "sound", tag="2.0.0")
    total = len(HOSTILE_IMAGES) + len(HOSTILE_POLICIES)
    record("hostile specs through the API (manager running)", cases=total, survived=clear + refused)
    assert clear + refused == total, unclear
