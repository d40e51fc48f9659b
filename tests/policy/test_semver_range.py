"""Masterminds/semver v3 range semantics, as Flux ImagePolicy users rely on them.

Each case is a documented fact: Masterminds' own TestConstraintsCheck table (the JSON file),
its TestConstraintCheck/TestNewConstraint tables, the equivalences its README states, and
the parse errors Flux reports for bad ranges.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from controllers.policy.semver_range import ConstraintError, SemverRange
from controllers.policy.semver_version import parse_tag

CASES = json.loads((Path(__file__).parents[1] / "testdata" / "masterminds-constraint-cases.json").read_text())


def satisfies(rng: str, version: str) -> bool:
    key = parse_tag(version)
    assert key is not None, f"{version} must be a valid tag version"
    return SemverRange.parse(rng).check(key)


@pytest.mark.parametrize(("rng", "version", "match"), [(c["range"], c["version"], c["match"]) for c in CASES])
def test_masterminds_constraints_check_table(rng: str, version: str, match: bool) -> None:
    assert satisfies(rng, version) is match


# Masterminds TestConstraintCheck (single comparators), three-part versions only.
SINGLE = [
    ("=2.0.0", "1.2.3", False),
    ("=2.0.0", "2.0.0", True),
    ("=2.0", "1.2.3", False),
    ("=2.0", "2.0.0", True),
    ("=2.0", "2.0.1", True),
    ("4.1", "4.1.0", True),
    ("!=4.1.0", "4.1.0", False),
    ("!=4.1.0", "4.1.1", True),
    ("!=4.1", "4.1.0", False),
    ("!=4.1", "4.1.1", False),
    ("!=4.1", "5.1.0-alpha.1", False),
    ("!=4.1.0", "5.1.0-alpha.1", False),
    ("!=4.1-alpha", "4.1.0", True),
    ("!=4.1", "5.1.0", True),
    ("<11", "0.1.0", True),
    ("<11", "11.1.0", False),
    ("<1.1", "0.1.0", True),
    ("<1.1", "1.1.0", False),
    ("<1.1", "1.1.1", False),
    ("<=11", "1.2.3", True),
    ("<=11", "12.2.3", False),
    ("<=11", "11.2.3", True),
    ("<=1.1", "1.2.3", False),
    ("<=1.1", "0.1.0", True),
    ("<=1.1", "1.1.0", True),
    ("<=1.1", "1.1.1", True),
    (">1.1", "4.1.0", True),
    (">1.1", "1.1.0", False),
    (">0", "0.0.1-alpha", False),
    (">0.0", "0.0.1-alpha", False),
    (">0-0", "0.0.1-alpha", False),
    (">0.0-0", "0.0.1-alpha", False),
    (">0", "0.0.0-alpha", False),
    (">0-0", "0.0.0-alpha", False),
    (">0.0.0-0", "0.0.0-alpha", True),
    (">1.2.3-alpha.1", "1.2.3-alpha.2", True),
    (">1.2.3-alpha.1", "1.3.3-alpha.2", True),
    (">11", "11.1.0", False),
    (">11.1", "11.1.0", False),
    (">11.1", "11.1.1", False),
    (">11.1", "11.2.1", True),
    (">=11", "11.1.2", True),
    (">=11.1", "11.1.2", True),
    (">=11.1", "11.0.2", False),
    (">=1.1", "4.1.0", True),
    (">=1.1", "1.1.0", True),
    (">=1.1", "0.0.9", False),
    (">=0", "0.0.1-alpha", False),
    (">=0.0", "0.0.1-alpha", False),
    (">=0-0", "0.0.1-alpha", True),
    (">=0.0-0", "0.0.1-alpha", True),
    (">=0", "0.0.0-alpha", False),
    (">=0-0", "0.0.0-alpha", True),
    (">=0.0.0-0", "0.0.0-alpha", True),
    (">=0.0.0-0", "1.2.3", True),
    (">=0.0.0-0", "3.4.5-beta.1", True),
    ("<0", "0.0.0-alpha", False),
    ("<0-z", "0.0.0-alpha", True),
    ("*", "4.5.6", True),
    ("*", "1.2.3-alpha.1", False),
    ("*-0", "1.2.3-alpha.1", True),
    ("2.*", "3.4.5", False),
    ("2.*", "2.1.1", True),
    ("2.1.*", "2.1.1", True),
    ("2.1.*", "2.2.1", False),
    ("2", "3.4.5", False),
    ("2", "2.1.1", True),
    ("2.1", "2.1.1", True),
    ("2.1", "2.2.1", False),
    ("~1.2.3", "1.2.4", True),
    ("~1.2.3", "1.3.4", False),
    ("~1.2", "1.2.4", True),
    ("~1.2", "1.3.4", False),
    ("~1", "1.2.4", True),
    ("~1", "2.3.4", False),
    ("~0.2.3", "0.2.5", True),
    ("~0.2.3", "0.3.5", False),
    ("~1.2.3-beta.2", "1.2.3-beta.4", True),
    ("~1.2.3-beta.2", "1.2.4-beta.2", True),
    ("~1.2.3-beta.2", "1.3.4-beta.2", False),
    ("^1.2.3", "1.8.9", True),
    ("^1.2.3", "2.8.9", False),
    ("^1.2.3", "1.2.1", False),
    ("^1.1.0", "2.1.0", False),
    ("^1.2.0", "2.2.1", False),
    ("^1.2.0", "1.2.1-alpha.1", False),
    ("^1.2.0-alpha.0", "1.2.1-alpha.1", True),
    ("^1.2.0-alpha.0", "1.2.1-alpha.0", True),
    ("^1.2.0-alpha.2", "1.2.0-alpha.1", False),
    ("^1.2", "1.8.9", True),
    ("^1.2", "2.8.9", False),
    ("^1", "1.8.9", True),
    ("^1", "2.8.9", False),
    ("^0.2.3", "0.2.5", True),
    ("^0.2.3", "0.5.6", False),
    ("^0.2", "0.2.5", True),
    ("^0.2", "0.5.6", False),
    ("^0.0.3", "0.0.3", True),
    ("^0.0.3", "0.0.4", False),
    ("^0.0", "0.0.3", True),
    ("^0.0", "0.1.4", False),
    ("^0.0", "1.0.4", False),
    ("^0", "0.2.3", True),
    ("^0", "1.1.4", False),
    ("^0.2.3-beta.2", "0.2.3-beta.4", True),
    ("^0.2.3-beta.2", "0.2.4-beta.2", True),
    ("^0.2.3-beta.2", "0.3.4-beta.2", False),
    ("^0.2.3-beta.2", "0.2.3-beta.2", True),
]


@pytest.mark.parametrize(("rng", "version", "match"), SINGLE)
def test_single_comparators(rng: str, version: str, match: bool) -> None:
    assert satisfies(rng, version) is match


GRID = [
    f"{a}.{b}.{c}{pre}"
    for a, b, c in itertools.product(range(4), range(5), range(5))
    for pre in ("", "-0", "-alpha", "-beta.2", "-rc.1")
]

# README: "X is equivalent to Y" (pre-release rule aside, compared on releases and prereleases
# alike, so both sides must name a prerelease or neither).
EQUIVALENT = [
    ("1.2 - 1.4.5", ">= 1.2 <= 1.4.5"),
    ("2.3.4 - 3.4", ">= 2.3.4 <= 3.4"),
    ("1.2.x", ">= 1.2.0, < 1.3.0"),
    (">= 1.2.x", ">= 1.2.0"),
    ("<= 2.x", "< 3"),
    ("*", ">= 0.0.0"),
    ("~1.2.3", ">= 1.2.3, < 1.3.0"),
    ("~1", ">= 1, < 2"),
    ("~2.3", ">= 2.3, < 2.4"),
    ("~1.2.x", ">= 1.2.0, < 1.3.0"),
    ("~1.x", ">= 1, < 2"),
    ("^1.2.3", ">= 1.2.3, < 2.0.0"),
    ("^1.2.x", ">= 1.2.0, < 2.0.0"),
    ("^2.3", ">= 2.3, < 3"),
    ("^2.x", ">= 2.0.0, < 3"),
    ("^0.2.3", ">=0.2.3 <0.3.0"),
    ("^0.2", ">=0.2.0 <0.3.0"),
    ("^0.0.3", ">=0.0.3 <0.0.4"),
    ("^0.0", ">=0.0.0 <0.1.0"),
    ("^0.0.x", ">=0.0.0 <0.1.0"),
    ("^0", ">=0.0.0 <1.0.0"),
    (">=1.1-0 <2-0", ">=1.1.0-0, <2.0.0-0"),
    ("v1.x", "1.x"),
    ("=v1.2.3", "1.2.3"),
    ("1.0.0 - 2.0.0, <=2.0.0", ">=1.0.0 <=2.0.0"),
]


@pytest.mark.parametrize(("left", "right"), EQUIVALENT)
def test_documented_equivalences(left: str, right: str) -> None:
    a, b = SemverRange.parse(left), SemverRange.parse(right)
    for version in GRID:
        key = parse_tag(version)
        assert key is not None
        assert a.check(key) == b.check(key), f"{left!r} and {right!r} disagree on {version}"


@pytest.mark.parametrize(
    ("rng", "version", "match"),
    [
        # OR of AND-groups; the prerelease rule is per group.
        (">=1.1 <2 || >=3", "3.0.0", True),
        (">=1.1 <2 || >=3", "2.5.0", False),
        ("<1.0.0 || >=2.0.0-0", "2.0.0-rc.1", True),
        ("<1.0.0-0 || >=2.0.0", "2.0.0-rc.1", False),
        # A prerelease in *any* comparator of the group lets prereleases through, in any M.m.p.
        (">= 6.1.x-0", "6.1.5-beta", True),
        (">= 6.1.x-0", "7.0.0-rc.1", True),
        (">= 6.1.x", "7.0.0-rc.1", False),
        (">=1.0.0-0 <3.0.0", "2.5.0-alpha", True),
        # Build metadata never matters; a leading "v" is allowed on both sides.
        ("1.2.3", "1.2.3+build.7", True),
        ("v1.2.x", "v1.2.9", True),
        ("=1.2.3+other", "1.2.3", True),
        # Flux's documented "build suffix" trap: git-describe tags are prereleases.
        (">=2.0.0", "2.0.330-63-gc1cfb6864", False),
        (">=2.0.0-0", "2.0.330-63-gc1cfb6864", True),
        # Wildcards.
        ("X", "9.9.9", True),
        ("1.X.x", "1.9.0", True),
        ("!=2.x", "2.0.1", False),
    ],
)
def test_more_documented_cases(rng: str, version: str, match: bool) -> None:
    assert satisfies(rng, version) is match


@pytest.mark.parametrize(
    ("rng", "message"),
    [
        # Flux's own "invalid range" table plus Masterminds' NewConstraint errors.
        ("1.0.0p", 'improper constraint: "1.0.0p"'),
        ("1x", "constraint parser error"),
        ("x1", "constraint parser error"),
        ("-1", 'improper constraint: "-1"'),
        ("a", 'improper constraint: "a"'),
        ("", 'improper constraint: ""'),
        ("*-*", 'improper constraint: "*-*"'),
        (">= bar", 'improper constraint: ">= bar"'),
        ("BAR >= 1.2.3", 'improper constraint: "BAR >= 1.2.3"'),
        ("v1.2.3-beta.01", "constraint parser error"),
        ("12.3.4.1234", 'improper constraint: "12.3.4.1234"'),
        ("12.3.34~ 1.2.3", 'improper constraint: "12.3.34~ 1.2.3"'),
        (">=1.0 || ", 'improper constraint: " "'),
        ('>="1"', 'improper constraint: ">=\\"1\\""'),
    ],
)
def test_invalid_ranges(rng: str, message: str) -> None:
    with pytest.raises(ConstraintError) as info:
        SemverRange.parse(rng)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("rng", "groups"),
    [
        (">= 1.1", [1]),
        (">40.50.60, < 50.70", [2]),
        ("v2.3.5-20161202202307-sha.e8fc5e5", [1]),
        (">= 1.2.3 < 2.0 || => 3.0 < 4", [2, 2]),
        (">= 1.2.3, < 2.0 || => 3.0, < 4", [2, 2]),
        ("3 - 4 || => 3.0, < 4", [2, 2]),
        ("12.3.34 ~1.2.3", [2]),
        ("1.0.0 - 2.0.0, <=2.0.0", [3]),
    ],
)
def test_new_constraint_shapes(rng: str, groups: list[int]) -> None:
    parsed = SemverRange.parse(rng)
    assert [len(g.comparators) for g in parsed.groups] == groups


def test_pathological_range_is_refused_quickly() -> None:
    """Ranges come from users' objects: validation is RE2 (linear), so this returns at once."""
    hostile = "1 " * 2000 + "foo"
    with pytest.raises(ConstraintError):
        SemverRange.parse(hostile)
