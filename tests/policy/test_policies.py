"""Selecting the latest tag: upstream's policy tables, the reference's patterns, ties, messages."""

from __future__ import annotations

import random
from typing import Any

import pytest

from controllers.policy import MSG_EMPTY, MSG_NO_SEMVER, PolicyError, PolicySpec, evaluate


def spec(policy: dict[str, Any], pattern: str | None = None, extract: str = "") -> PolicySpec:
    body: dict[str, Any] = {"policy": policy}
    if pattern is not None:
        body["filterTags"] = {"pattern": pattern, "extract": extract}
    return PolicySpec.from_dict(body)


def latest(s: PolicySpec, tags: list[str]) -> str | None:
    return evaluate(s, tags).latest_tag


def shuffled(tags: list[str], seed: int) -> list[str]:
    out = tags[:]
    random.Random(seed).shuffle(out)
    return out


# --- the three ImagePolicy patterns of the image automation reference -----------------------

DEV = {
    "policy": {"numerical": {"order": "asc"}},
    "filterTags": {"pattern": "^dev-[0-9a-fA-F]{7,40}-(?P<run>[0-9]+)$", "extract": "$run"},
}
PROD = {
    "policy": {"semver": {"range": ">=1.0.0"}},
    "filterTags": {"pattern": r"^v(?P<version>[0-9]+\.[0-9]+\.[0-9]+)$", "extract": "$version"},
}
STAGING = {
    "policy": {"alphabetical": {"order": "desc"}},
    "filterTags": {"pattern": "^staging-(?P<sha>[0-9a-fA-F]{7,40})$", "extract": "$sha"},
}
REGISTRY = [
    "dev-abc1234-12345678",
    "dev-abc1234-9999999",
    "dev-fedcba9-12345679",
    "dev-xyz-99999999",
    "dev-abc1234-1e9",
    "v1.2.3",
    "v1.10.0",
    "v0.9.9",
    "v2.0.0-rc.1",
    "v1.11.0+build",
    "1.12.0",
    "staging-0a1b2c3",
    "staging-ffffff0",
    "staging-0a1b2c2d",
    "staging-zz12345",
    "latest",
    "main",
]


def test_dev_numerical_by_run_id() -> None:
    """Highest run id wins; '1e9' is not matched by [0-9]+ and 'xyz' is not hex."""
    result = evaluate(PolicySpec.from_dict(DEV), REGISTRY)
    assert result.latest_tag == "dev-fedcba9-12345679"
    assert (result.considered, result.matched) == (len(REGISTRY), 3)


def test_prod_semver_with_v_prefix_extracted() -> None:
    """Only plain vX.Y.Z tags pass; the build-metadata and unprefixed tags are filtered out."""
    assert latest(PolicySpec.from_dict(PROD), REGISTRY) == "v1.10.0"


def test_staging_alphabetical_desc_picks_smallest_sha() -> None:
    assert latest(PolicySpec.from_dict(STAGING), REGISTRY) == "staging-0a1b2c2d"


# --- upstream unit tables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rng", "tags", "expected"),
    [
        ("1.0.x", ["1.0.0", "1.0.0.1", "1.0.0p", "1.0.1", "1.2.0", "0.1.0"], "1.0.1"),
        ("1.0.x", ["v1.2.3", "v1.0.0", "v0.1.0"], "v1.0.0"),
        ("1.0.x", ["b1.2.3", "b1.0.0", "b0.1.0"], None),
        ("1.0.x", ["1.2.0"], None),
        ("1.0.x", ["0.1.0", "0.1.1", "0.2.0", "1.0.0", "1.0.1", "1.0.2", "1.1.0-alpha"], "1.0.2"),
        ("v1.x", ["1.0.0", "1.9.3", "2.0.0"], "1.9.3"),
        (">=1.0.0-0", ["1.0.0", "1.1.0-alpha", "1.0.5"], "1.1.0-alpha"),
        (">=1.0.0", ["1.0.0", "1.1.0-alpha", "1.0.5"], "1.0.5"),
        ("*", ["1.2.3", "not-a-version", "1.2", "1.2.3.4", "01.2.4"], "01.2.4"),
        # Flux v1.x (fluxcd/pkg version >= v0.10): leading zeros are numbers, calendar tags compare
        (">=2024.1.0", ["2024.01.05", "2024.02.01", "2023.12.31", "2024.1.31", "latest"], "2024.02.01"),
        ("~2024.1", ["2024.01.05", "2024.01.10", "2024.02.01"], "2024.01.10"),
        (">=1.2.0-0", ["1.1.9", "1.2-rc.1", "1.2-rc1"], "1.2-rc.1"),
        ("1.2.x", ["1.2.0", "1.2", "1.3"], "1.2.0"),
    ],
)
def test_semver_table(rng: str, tags: list[str], expected: str | None) -> None:
    assert latest(spec({"semver": {"range": rng}}), tags) == expected


def test_semver_filter_then_range() -> None:
    """Flux's applyPolicy test: extract the version from 'test-' tags, range >=0.x."""
    s = spec({"semver": {"range": ">=0.x"}}, "^test-(.*)$", "$1")
    tags = ["test-0.1.0", "test-0.1.1", "dev-0.2.0", "1.0.0", "1.0.1", "1.0.2", "1.1.0-alpha"]
    assert latest(s, tags) == "test-0.1.1"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["v1.0.0", "1.0.0"], "v1.0.0"),
        (["1.0.0", "v1.0.0"], "1.0.0"),
        (["1.0.0+b", "1.0.0+a"], "1.0.0+b"),
        (["1.0.0+a", "1.0.0", "1.0.0+b"], "1.0.0+a"),
        (["2024.1.5", "2024.01.05"], "2024.1.5"),
        (["2024.01.05", "2024.1.5"], "2024.01.05"),
    ],
)
def test_semver_ties_keep_the_first_seen(tags: list[str], expected: str) -> None:
    """GreaterThan is strict and ignores build metadata, the v prefix and leading zeros."""
    assert latest(spec({"semver": {"range": "*"}}), tags) == expected


@pytest.mark.parametrize(
    ("order", "tags", "expected"),
    [
        (None, ["16.04", "16.04.1", "16.10", "20.04", "20.10"], "20.10"),
        ("desc", ["16.04", "16.04.1", "16.10", "20.04", "20.10"], "16.04"),
        (None, ["xenial", "yakkety", "zesty", "artful", "bionic"], "zesty"),
        ("desc", ["xenial", "yakkety", "zesty", "artful", "bionic"], "artful"),
        ("asc", ["aa", "B", "a", "b"], "b"),  # bytewise: upper case sorts before lower case
        ("ASC", ["1", "10", "9"], "9"),  # upstream upper-cases the order
        (None, ["é", "z"], "é"),  # UTF-8 byte order
    ],
)
def test_alphabetical_table(order: str | None, tags: list[str], expected: str) -> None:
    body = {} if order is None else {"order": order}
    assert latest(spec({"alphabetical": body}), tags) == expected


@pytest.mark.parametrize(
    ("order", "tags", "expected"),
    [
        (None, shuffled(["-62", "-88", "73", "72", "15", "16", "15", "29", "-33", "-91"], 1), "73"),
        ("desc", shuffled(["5", "-8", "-78", "25", "70", "-4", "80", "92", "-20", "-24"], 2), "-78"),
        (
            None,
            shuffled(["47.40896403322944", "-27.8520927455902", "53.47333823144817", "3.2"], 3),
            "53.47333823144817",
        ),
        (
            "desc",
            shuffled(["-65.27202780220686", "57.82948329142309", "-90.29082099756083"], 4),
            "-90.29082099756083",
        ),
        (
            None,
            shuffled(["1606234201", "1606364286", "1606334092", "1606334284", "1606334201"], 5),
            "1606364286",
        ),
        (
            "desc",
            shuffled(["1606234201", "1606364286", "1606334092", "1606334284", "1606334201"], 6),
            "1606234201",
        ),
        (None, ["1"], "1"),
        ("desc", ["1"], "1"),
        (None, ["10", "9", "1e2"], "1e2"),
        (None, ["1.0", "1", "1.00"], "1.00"),  # equal values: the later one wins
        ("desc", ["1.00", "1", "1.0"], "1.0"),
    ],
)
def test_numerical_table(order: str | None, tags: list[str], expected: str) -> None:
    body = {} if order is None else {"order": order}
    assert latest(spec({"numerical": body}), tags) == expected


def test_numerical_fails_on_any_non_numeric_candidate() -> None:
    result = evaluate(spec({"numerical": {}}), ["0", "1a", "b"])
    assert result.latest_tag is None
    assert result.upstream_message == "failed to parse invalid numeric value '1a'"
    assert "'1a' is not a number" in result.message
    assert "3 tags, no filter" in result.message


def test_numerical_failure_names_the_extracted_value_and_its_tag() -> None:
    s = spec({"numerical": {}}, r"^main-[a-fA-F0-9]+-(?P<ts>.*)", "$ts")
    result = evaluate(s, ["main-abc123-1700000000", "main-def456-tmp", "v1"])
    assert result.upstream_message == "failed to parse invalid numeric value 'tmp'"
    assert result.message.startswith("numerical policy failed: 'tmp' (tag 'main-def456-tmp') is not a number")
    assert "2 of 3 tags passed the filter pattern '^main-[a-fA-F0-9]+-(?P<ts>.*)'" in result.message


def test_numerical_by_run_id_with_the_issue_pattern() -> None:
    s = spec({"numerical": {"order": "asc"}}, "^main-[a-fA-F0-9]+-(?P<ts>.*)", "$ts")
    tags = ["main-0a1b2c-1700000100", "main-ffeedd-1700000200", "main-abcdef-1699999999", "release-1"]
    result = evaluate(s, tags)
    assert (result.latest_tag, result.latest_key) == ("main-ffeedd-1700000200", "1700000200")


def test_duplicate_extracted_keys_map_to_the_last_tag() -> None:
    """Upstream stores key -> tag in a map, so a later tag with the same key replaces an earlier one."""
    s = spec({"semver": {"range": "*"}}, r"^(?:build|rebuild)-(\d+\.\d+\.\d+)$", "$1")
    assert latest(s, ["build-1.2.3", "rebuild-1.2.3", "build-1.0.0"]) == "rebuild-1.2.3"


def test_empty_pattern_in_filter_tags_matches_everything() -> None:
    result = evaluate(spec({"alphabetical": {}}, ""), ["a", "c", "b"])
    assert (result.latest_tag, result.matched) == ("c", 3)


# --- nothing chosen: upstream's message and Lookout's ------------------------------------------


def test_nothing_passes_the_filter() -> None:
    s = spec({"semver": {"range": ">=1.0.0"}}, "^main-")
    result = evaluate(s, ["v1.0.0", "v1.1.0", "latest"])
    assert result.latest_tag is None and not result.ok
    assert result.reason == "Failure"
    assert result.upstream_message == MSG_EMPTY == "version list argument cannot be empty"
    assert result.message == "no tag matched: 0 of 3 tags passed the filter pattern '^main-'"
    assert (result.considered, result.matched) == (3, 0)


def test_no_semver_version_in_range_explains_prereleases() -> None:
    s = spec({"semver": {"range": ">=2.0.0"}}, "^v")
    result = evaluate(s, ["v1.0.0", "v2.0.0-rc.1", "v2.1.0-beta", "vnext", "other"])
    assert result.upstream_message == MSG_NO_SEMVER == "unable to determine latest version from provided list"
    assert result.message.startswith(
        "no tag matched: 3 semver versions, none within range '>=2.0.0', 2 of them prereleases"
    )
    assert result.message.endswith("; 4 of 5 tags passed the filter pattern '^v'")


def test_no_semver_version_at_all() -> None:
    result = evaluate(spec({"semver": {"range": "*"}}), ["latest", "1.2", "main"])
    assert result.upstream_message == MSG_NO_SEMVER
    assert result.message == "no tag matched: none is a semver version MAJOR.MINOR.PATCH; 3 tags, no filter"


def test_no_tags_at_all() -> None:
    result = evaluate(spec({"alphabetical": {}}), [])
    assert (result.latest_tag, result.upstream_message, result.considered) == (None, MSG_EMPTY, 0)


def test_success_message_counts_tags() -> None:
    result = evaluate(PolicySpec.from_dict(PROD), REGISTRY)
    assert result.upstream_message is None and result.reason is None
    assert result.message == (
        "selected 'v1.10.0' by semver range '>=1.0.0'; 3 of 17 tags passed the filter pattern "
        r"'^v(?P<version>[0-9]+\.[0-9]+\.[0-9]+)$', compared by extract '$version'"
    )


# --- invalid specs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message", "source"),
    [
        ({"policy": {}}, "invalid policy: given ImagePolicyChoice object is invalid", "policy"),
        ({}, "invalid policy: given ImagePolicyChoice object is invalid", "policy"),
        ({"policy": {"semver": {"range": "*-*"}}}, 'invalid policy: improper constraint: "*-*"', "policy"),
        ({"policy": {"semver": {}}}, 'invalid policy: improper constraint: ""', "policy"),
        ({"policy": {"semver": {"range": "1x"}}}, "invalid policy: constraint parser error", "policy"),
        (
            {"policy": {"alphabetical": {"order": "invalid"}}},
            "invalid policy: invalid order argument provided: 'INVALID', must be one of: ASC, DESC",
            "policy",
        ),
        (
            {"policy": {"numerical": {"order": "up"}}},
            "invalid policy: invalid order argument provided: 'UP', must be one of: ASC, DESC",
            "policy",
        ),
        (
            {"policy": {"semver": {"range": "*"}, "numerical": {}}},
            "invalid policy: given ImagePolicyChoice object is invalid: "
            "set exactly one of semver, alphabetical, numerical (found semver, numerical)",
            "policy",
        ),
        (
            {"policy": {"semver": {"range": "*"}}, "filterTags": {"pattern": "^test-(.*", "extract": "$1"}},
            "failed to filter tags: invalid regular expression pattern '^test-(.*': "
            "error parsing regexp: missing closing ): `^test-(.*`",
            "filter",
        ),
        ({"policy": "semver"}, "invalid policy: given ImagePolicyChoice object is invalid", "policy"),
        (
            {"policy": {"semver": {"range": 1}}},
            "invalid policy: semver.range must be a string, got int",
            "policy",
        ),
    ],
)
def test_invalid_specs(body: dict[str, Any], message: str, source: str) -> None:
    with pytest.raises(PolicyError) as info:
        PolicySpec.from_dict(body)
    assert str(info.value) == info.value.message == message
    assert info.value.source == source
    assert info.value.reason == "InvalidPolicy"


def test_build_from_flags_matches_from_dict() -> None:
    s = PolicySpec.build(
        semver=">=1.0.0", pattern=r"^v(?P<version>[0-9]+\.[0-9]+\.[0-9]+)$", extract="$version"
    )
    assert latest(s, REGISTRY) == latest(PolicySpec.from_dict(PROD), REGISTRY)


def test_odd_tags_never_crash() -> None:
    """Registries return JSON; a lone surrogate or control character is just a non-matching tag.

    (RE2's \\w is ASCII-only, as in Go, so the accented tag does not pass the filter.)
    """
    tags = ["\ud800", "v1.0.0\x00", "v1.0.0", "\u00e9t\u00e9-1.0.0"]
    s = spec({"semver": {"range": "*"}}, r"^(?:v|\w+-)(?P<v>.*)$", "$v")
    assert latest(s, tags) == "v1.0.0"
    assert [v.outcome for v in evaluate(s, tags).explain()] == [
        "filtered",
        "rejected",
        "selected",
        "filtered",
    ]
