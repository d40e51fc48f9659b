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
        # fluxcd/pkg version.TestParseVersion (v0.10 on: three parts, then Masterminds' NewVersion)
        ("v1.2.3", True),
        ("v2025.07.03", True),
        ("v1.0", False),
        ("v1", False),
        ("v1.2.beta", False),
        ("v1.2-5", False),
        ("v1.2-beta5", False),
        ("\nv1.2", False),
        ("v1.2.0-x.Y.0+metadata", True),
        ("v1.2.0-x.Y.0+metadata-width-hypen", True),
        ("v1.2.3-rc1-with-hypen", True),
        ("v1.2.3.4", False),
        # Masterminds' loose grammar beyond that table
        ("1.2.3", True),
        ("01.2.3", True),
        ("1.02.3", True),
        ("2024.01.05", True),
        ("v01.02.03-rc.1+b.01", True),
        ("1.2-rc.1", True),  # three parts on "." (the prerelease's dot counts): 1.2.0-rc.1
        ("v1.2-beta.5", True),
        ("1.2+build.5", True),
        ("1-a.b.c", True),
        ("1.2", False),
        ("1.2-rc1", False),
        ("1.2.3-01", False),  # numeric prerelease identifiers still refuse leading zeros
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
        (f"1.0.{'0' * 40}{MAX_UINT64}", True),
        (f"1.0.0-{MAX_UINT64 + 1}", True),  # too big for a number: compared as text
        ("9" * 5000 + ".0.0", False),
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


def test_leading_zeros_are_the_same_number() -> None:
    """Calendar tags order by value, as Masterminds coerces them; ``01`` and ``1`` tie."""
    assert parse_tag("2024.01.05") == parse_tag("2024.1.5") == parse_tag("v2024.001.005")
    ordered = ["2023.12.31", "2024.01.09", "2024.01.10", "2024.02.01-rc.1", "2024.02.01", "2024.10.01"]
    shuffled = ordered[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=lambda t: parse_tag(t) or ()) == ordered


def test_a_missing_patch_filled_by_prerelease_dots_is_zero() -> None:
    assert parse_tag("1.2-rc.1") == parse_tag("1.2.0-rc.1")
    assert parse_tag("1.2+b.1") == parse_tag("1.2.0")


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
