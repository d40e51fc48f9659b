"""OCIRepository URL parsing, ref precedence, semver selection and revision strings."""

from __future__ import annotations

from typing import Any

import pytest

from controllers.artifacts.ociref import (
    HELM_CHART_MEDIA_TYPE,
    RefError,
    Selection,
    URLInvalidError,
    needs_tags,
    parse_oci_url,
    revision,
    select_ref,
)

DIGEST = "sha256:" + "3b6cdcc7adcc9a84d3214ee1c029543789d90b5ae69debe9efa3f66e982875de"
FORMAT = "URL must be in format 'oci://<domain>/<org>/<repo>'"


@pytest.mark.parametrize(
    ("url", "registry", "repository"),
    [
        ("oci://ghcr.io/stefanprodan/manifests/podinfo", "ghcr.io", "stefanprodan/manifests/podinfo"),
        ("oci://localhost:5000/org/repo", "localhost:5000", "org/repo"),
        ("oci://10.0.0.1:5000/repo", "10.0.0.1:5000", "repo"),
        ("oci://[::1]:5000/repo", "[::1]:5000", "repo"),
        ("oci://docker.io/stefanprodan/podinfo", "index.docker.io", "stefanprodan/podinfo"),
        ("oci://example.com", "index.docker.io", "library/example.com"),
    ],
)
def test_valid_urls(url: str, registry: str, repository: str) -> None:
    ref = parse_oci_url(url)
    assert (ref.registry, ref.repository) == (registry, repository)


def test_insecure_is_passed_through() -> None:
    assert parse_oci_url("oci://reg.example.com/x/y", insecure=True).insecure


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("ghcr.io/org/repo", FORMAT),
        ("https://ghcr.io/org/repo", FORMAT),
        ("OCI://ghcr.io/org/repo", FORMAT),
        ("oci://", FORMAT),
        ("oci://ghcr.io/org/repo:v1.0.0", "URL must not contain a tag; remove ':v1.0.0'"),
        ("oci://localhost:5000/org/repo:latest", "URL must not contain a tag; remove ':latest'"),
        ("oci://ghcr.io/org/repo@" + DIGEST, f"URL must not contain a digest; remove '@{DIGEST}'"),
        ("oci://ghcr.io/org/repo:v1@" + DIGEST, f"URL must not contain a digest; remove '@{DIGEST}'"),
        ("oci://ghcr.io/Org/Repo", "could not parse reference: ghcr.io/Org/Repo"),
        ("oci://ghcr.io/org/re po", "could not parse reference: ghcr.io/org/re po"),
        ("oci://localhost:5000", FORMAT),
        ("oci://reg.io:99999/x", "could not parse reference: reg.io:99999/x"),
    ],
)
def test_invalid_urls(url: str, detail: str) -> None:
    with pytest.raises(URLInvalidError) as info:
        parse_oci_url(url)
    assert info.value.detail == detail
    assert str(info.value) == f"URL validation failed for '{url}': {detail}"
    assert info.value.reason == "URLInvalid"
    assert isinstance(info.value, ValueError)


TAGS = ["latest", "6.0.0", "6.1.0", "6.1.5", "6.2.0-rc.1", "6.2.0-rc.2", "v6.1.6", "7.0", "main"]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (None, Selection("latest", None)),
        ({}, Selection("latest", None)),
        ({"tag": ""}, Selection("latest", None)),
        ({"tag": "6.0.0"}, Selection("6.0.0", None)),
        ({"tag": "6.0.0", "semver": "6.1.x"}, Selection("v6.1.6", None)),
        ({"tag": "6.0.0", "semver": "6.1.x", "digest": DIGEST}, Selection(None, DIGEST)),
        ({"digest": DIGEST}, Selection(None, DIGEST)),
        ({"semver": "", "tag": "main"}, Selection("main", None)),
        ({"semverFilter": "nomatch", "tag": "main"}, Selection("main", None)),
        ({"semverFilter": "(", "tag": "main"}, Selection("main", None)),
    ],
)
def test_precedence(ref: dict[str, Any] | None, expected: Selection) -> None:
    assert select_ref(ref, TAGS) == expected


@pytest.mark.parametrize(
    ("semver", "expected"),
    [
        (">=6.0.0", "v6.1.6"),
        ("6.1.x", "v6.1.6"),
        ("~6.1.0", "v6.1.6"),
        ("<6.1.0", "6.0.0"),
        ("6.0.0 - 6.1.2", "6.1.0"),
        ("<6.0.0 || >=6.1.5 <6.1.6", "6.1.5"),
        (">= 6.1.x-0", "6.2.0-rc.2"),
        (">=6.2.0-rc.1", "6.2.0-rc.2"),
        ("*", "v6.1.6"),
    ],
)
def test_semver_highest(semver: str, expected: str) -> None:
    assert select_ref({"semver": semver}, TAGS) == Selection(expected, None)


def test_semver_masterminds_order() -> None:
    tags = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1"]
    assert select_ref({"semver": ">=1.0.0-0"}, tags).tag == "1.0.0-rc.1"
    assert select_ref({"semver": ">=1.0.0-0 <1.0.0-rc"}, tags).tag == "1.0.0-beta.11"
    assert select_ref({"semver": "<1.0.0-beta"}, tags).tag == "1.0.0-alpha.beta"
    # A release beats its prereleases; build metadata never counts, so the first equal one wins.
    assert select_ref({"semver": ">=1.0.0-0"}, [*tags, "1.0.0+b2", "1.0.0+b1"]).tag == "1.0.0+b2"
    assert select_ref({"semver": "^1"}, ["1.9.0", "1.10.0", "1.2.0"]).tag == "1.10.0"


def test_semver_filter() -> None:
    ref = {"semver": ">= 6.1.x-0", "semverFilter": ".*-rc.*"}
    assert select_ref(ref, TAGS).tag == "6.2.0-rc.2"
    ref = {"semver": ">= 6.1.x-0", "semverFilter": r"^6\.1\.\d+$"}
    assert select_ref(ref, TAGS).tag == "6.1.5"
    # Unanchored, like Go's MatchString.
    assert select_ref({"semver": "*", "semverFilter": "6.0"}, TAGS).tag == "6.0.0"


def test_semver_no_match() -> None:
    for ref in ({"semver": ">=8.0.0"}, {"semver": "6.2.x"}, {"semver": "*", "semverFilter": "^nope"}):
        with pytest.raises(RefError) as info:
            select_ref(ref, TAGS)
        assert str(info.value) == f"no match found for semver: {ref['semver']}"
        assert not info.value.invalid_spec
        prefix = "failed to determine the artifact tag for 'oci://r.io/x': "
        assert info.value.for_url("oci://r.io/x") == f"{prefix}no match found for semver: {ref['semver']}"
    with pytest.raises(RefError) as info:
        select_ref({"semver": ">=1.0.0"}, [])
    assert str(info.value) == "no match found for semver: >=1.0.0"


def test_invalid_range_and_filter() -> None:
    with pytest.raises(RefError) as info:
        select_ref({"semver": "not a range"}, TAGS)
    assert str(info.value).startswith("semver 'not a range' parse error: improper constraint")
    assert info.value.invalid_spec
    with pytest.raises(RefError) as info:
        select_ref({"semver": "*", "semverFilter": "("}, TAGS)
    assert str(info.value) == "invalid semverFilter '(': error parsing regexp: missing closing ): `(`"
    assert info.value.invalid_spec


@pytest.mark.parametrize("digest", ["sha256:abc", "sha512:" + "a" * 128, DIGEST.upper(), "3b6c" * 16])
def test_invalid_digest_ref(digest: str) -> None:
    with pytest.raises(RefError, match="invalid digest") as info:
        select_ref({"digest": digest})
    assert info.value.invalid_spec


def test_helm_chart_underscore_is_build_metadata() -> None:
    tags = ["1.0.0_a", "1.0.1_b", "1.0.1-rc.1"]
    assert select_ref({"semver": "1.0.x"}, tags, media_type=HELM_CHART_MEDIA_TYPE).tag == "1.0.1_b"
    with pytest.raises(RefError, match="no match"):
        select_ref({"semver": "1.0.x"}, tags)


def test_needs_tags() -> None:
    assert needs_tags({"semver": "1.x"})
    assert not needs_tags({"semver": "1.x", "digest": DIGEST})
    assert not needs_tags({"tag": "v1"})
    assert not needs_tags(None)


def test_revision() -> None:
    assert revision("latest", DIGEST) == f"latest@{DIGEST}"
    assert revision("6.1.6", DIGEST) == f"6.1.6@{DIGEST}"
    assert revision(None, DIGEST) == DIGEST
    assert revision("", DIGEST) == DIGEST
    with pytest.raises(ValueError, match="invalid digest"):
        revision("latest", "nope")
