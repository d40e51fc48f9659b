"""Which tags are semver versions for ImagePolicy (fluxcd ParseVersion) and how they order (Masterminds)."""

from __future__ import annotations

import random

import pytest
import semver
from hypothesis import given
from hypothesis import strategies as st

from controllers.policy.semver_version import MAX_UINT64, parse_tag


@pytest.mark.parametrize(
    ("tag", "valid"),
    [
        # fluxcd/pkg version.TestParseVersion
        ("v1.2.3", True),
        ("v1.0", False),
        ("v1", False),
        ("v1.2.beta", False),
        ("v1.2-5", False),
        ("v1.2-beta.5", False),
        ("\nv1.2", False),
        ("v1.2.0-x.Y.0+metadata", True),
        ("v1.2.0-x.Y.0+metadata-width-hypen", True),
        ("v1.2.3-rc1-with-hypen", True),
        ("v1.2.3.4", False),
        # strict semver beyond that table
        ("1.2.3", True),
        ("01.2.3", False),
        ("1.02.3", False),
        ("1.2.3-01", False),
        ("1.2.3-0a", True),
        ("1.2.3-", False),
        ("1.2.3+", False),
        ("1.2.3-a..b", False),
        ("1.2.3-a_b", False),
        ("V1.2.3", False),
        ("vv1.2.3", False),
        ("1.2.3\n", False),
        (" 1.2.3", False),
        ("1.2.3+a+b", False),
        ("1.2.3+a-b", True),
        ("1.2.٣", False),
        (f"{MAX_UINT64}.0.0", True),
        (f"{MAX_UINT64 + 1}.0.0", False),
        ("latest", False),
        ("", False),
    ],
)
def test_which_tags_are_versions(tag: str, valid: bool) -> None:
    assert (parse_tag(tag) is not None) is valid


def test_precedence_is_semver_precedence() -> None:
    """The semver 2.0 spec's own example chain, plus numeric-vs-text prerelease identifiers."""
    ordered = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.1.0",
        "1.10.0",
        "2.0.0-0",
        "2.0.0",
    ]
    shuffled = ordered[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=lambda t: parse_tag(t) or ()) == ordered


def test_build_metadata_and_v_prefix_do_not_change_precedence() -> None:
    assert parse_tag("1.0.0+a") == parse_tag("1.0.0+b") == parse_tag("v1.0.0") == parse_tag("1.0.0")


_ident = st.from_regex(r"\A(0|[1-9][0-9]{0,3}|[0-9]{0,2}[A-Za-z-][0-9A-Za-z-]{0,3})\Z")
_version = st.builds(
    lambda a, b, c, pre: f"{a}.{b}.{c}" + (f"-{'.'.join(pre)}" if pre else ""),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
    st.lists(_ident, max_size=3),
)


@given(_version, _version)
def test_order_agrees_with_the_semver_package(a: str, b: str) -> None:
    """Cross-check with python-semver's spec implementation on strings both accept."""
    ka, kb = parse_tag(a), parse_tag(b)
    assert ka is not None and kb is not None
    expected = semver.Version.parse(a).compare(semver.Version.parse(b))
    assert ((ka > kb) - (ka < kb)) == expected
