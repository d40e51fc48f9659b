"""Explain mode: for every tag, what the filter did, what was compared, and why it won or lost."""

from __future__ import annotations

from controllers.policy import PolicySpec, TagVerdict, evaluate


def table(spec: dict[str, object], tags: list[str]) -> dict[str, tuple[str, str | None, str]]:
    verdicts = evaluate(PolicySpec.from_dict(spec), tags).explain()
    assert [v.tag for v in verdicts] == tags
    return {v.tag: (v.outcome, v.key, v.reason) for v in verdicts}


def test_semver_explains_every_kind_of_loss() -> None:
    spec = {
        "policy": {"semver": {"range": ">=1.0.0 <3"}},
        "filterTags": {"pattern": r"^(?:v|release-)(?P<v>.+)$", "extract": "$v"},
    }
    tags = [
        "v1.0.0", "v2.1.0", "release-2.1.0+b1", "v2.2.0-rc.1", "v3.0.0", "v0.9.0", "vnext", "latest",
        "v1.5.0", "release-1.5.0",
    ]  # fmt: skip
    got = table(spec, tags)
    assert got["v2.1.0"] == ("selected", "2.1.0", "highest by semver range '>=1.0.0 <3'")
    assert got["release-2.1.0+b1"] == ("lost", "2.1.0+b1", "lost to 'v2.1.0' (same version, seen first)")
    assert got["v1.0.0"] == ("lost", "1.0.0", "lost to 'v2.1.0'")
    assert got["v2.2.0-rc.1"] == (
        "rejected",
        "2.2.0-rc.1",
        "prerelease excluded: range '>=1.0.0 <3' names no prerelease",
    )
    assert got["v3.0.0"] == ("rejected", "3.0.0", "outside range '>=1.0.0 <3'")
    assert got["v0.9.0"] == ("rejected", "0.9.0", "outside range '>=1.0.0 <3'")
    assert got["vnext"] == (
        "rejected",
        "next",
        "not semver: needs three dot-separated parts, like MAJOR.MINOR.PATCH",
    )
    assert got["latest"] == ("filtered", None, r"pattern '^(?:v|release-)(?P<v>.+)$' does not match")
    assert got["v1.5.0"][0] == "replaced"
    assert (
        got["v1.5.0"][2]
        == "'1.5.0' is also extracted from the later tag 'release-1.5.0', which replaces this one"
    )
    assert got["release-1.5.0"] == ("lost", "1.5.0", "lost to 'v2.1.0'")


def test_prerelease_in_range_is_outside_not_excluded() -> None:
    tags = ["2.0.0-rc.1", "1.0.0-rc.1", "01.0.0", "1.0.0-01", "1.0.0.0"]
    got = table({"policy": {"semver": {"range": ">=2.0.0-0 <2.0.0"}}}, tags)
    assert got["2.0.0-rc.1"][0] == "selected"
    assert got["1.0.0-rc.1"] == ("rejected", "1.0.0-rc.1", "outside range '>=2.0.0-0 <2.0.0'")
    assert got["01.0.0"] == ("rejected", "01.0.0", "outside range '>=2.0.0-0 <2.0.0'")
    assert got["1.0.0-01"] == (
        "rejected",
        "1.0.0-01",
        "not semver: leading zero in a numeric prerelease identifier",
    )
    assert got["1.0.0.0"] == ("rejected", "1.0.0.0", "not semver")


def test_numerical_explains_the_value_that_breaks_the_policy() -> None:
    got = table({"policy": {"numerical": {}}}, ["10", "20", "twenty"])
    assert got["twenty"] == ("rejected", "twenty", "not a number (fails the whole numerical policy)")
    assert got["10"] == ("failed", "10", "no tag chosen: the policy failed")


def test_numerical_and_alphabetical_losers_name_the_winner() -> None:
    assert table({"policy": {"numerical": {"order": "desc"}}}, ["3", "1", "2"])["3"] == (
        "lost",
        "3",
        "lost to '1'",
    )
    got = table({"policy": {"alphabetical": {}}}, ["a", "c", "b"])
    assert got["c"] == ("selected", "c", "highest by alphabetical order asc")
    assert got["a"] == ("lost", "a", "lost to 'c'")


def test_explain_is_computed_on_demand_and_repeatable() -> None:
    result = evaluate(PolicySpec.from_dict({"policy": {"alphabetical": {}}}), ["x", "y"])
    first = result.explain()
    assert first == result.explain()
    assert first[1] == TagVerdict("y", True, "y", "selected", "highest by alphabetical order asc")
