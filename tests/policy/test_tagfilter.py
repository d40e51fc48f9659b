"""filterTags: Go regexp matching and Go's Regexp.Expand for ``extract`` (first match only)."""

from __future__ import annotations

import pytest

from controllers.policy.errors import PolicyError
from controllers.policy.tagfilter import TagFilter

# Go regexp's replaceTests substitution cases, expanded against the *first* match as Flux does.
GO_EXPAND = [
    ("a+", "($0)", "banana", "(a)"),
    ("a+", "(${0})", "banana", "(a)"),
    ("a+", "(${0})$0", "banana", "(a)a"),
    ("hello, (.+)", "goodbye, ${1}", "hello, world", "goodbye, world"),
    ("hello, (.+)", "goodbye, $1x", "hello, world", "goodbye, "),
    ("hello, (.+)", "goodbye, ${1}x", "hello, world", "goodbye, worldx"),
    ("hello, (.+)", "<$0><$1><$2><$3>", "hello, world", "<hello, world><world><><>"),
    ("hello, (?P<noun>.+)", "goodbye, $noun!", "hello, world", "goodbye, world!"),
    ("hello, (?P<noun>.+)", "goodbye, ${noun}", "hello, world", "goodbye, world"),
    ("(?P<x>hi)|(?P<x>bye)", "$x$x$x", "hi", "hihihi"),
    ("(?P<x>hi)|(?P<x>bye)", "$x$x$x", "bye", "byebyebye"),
    ("(?P<x>hi)|(?P<x>bye)", "$xyz", "hi", ""),
    ("(?P<x>hi)|(?P<x>bye)", "${x}yz", "hi", "hiyz"),
    ("(?P<x>hi)|(?P<x>bye)", "hello $$x", "hi", "hello $x"),
    ("a+", "${oops", "aaa", "${oops"),
    ("a+", "$$", "aaa", "$"),
    ("a+", "$", "aaa", "$"),
    ("(x)?", "$1", "123", ""),
    ("abc", "$1", "xabcx", ""),
    ("(a)(b){0}(c)", ".$1|$3.", "xacxacx", ".a|c."),
    ("(a)(((b))){0}c", ".$1.", "xacxacx", ".a."),
    ("((a(b){0}){3}){5}(h)", "y caramb$2", "say aaaaaaaaaaaaaaaah", "y caramba"),
    ("((a(b){0}){3}){5}h", "y caramb$2", "say aaaaaaaaaaaaaaaah", "y caramba"),
    # Go's ExampleRegexp_Expand, first match of a multi-line text.
    (
        r"(?m)(?P<key>\w+):\s+(?P<value>\w+)$",
        "$key=$value\n",
        "# comment line\noption1: value1\noption2: value2\n",
        "option1=value1\n",
    ),
    # Name rules: leading zero is a name, not a number; numbers past the last group are empty.
    ("(a)(b)", "$01|${01}|$2|$3|${2}0", "ab", "||b||b0"),
    ("(?P<n1>a)", "$n1|${n1}x|$n1x", "a", "a|ax|"),
    ("(?P<ñame>é+)", "<$ñame>", "ééé", "<ééé>"),
    ("(a)", "$}{$-$.", "a", "$}{$-$."),
]


@pytest.mark.parametrize(("pattern", "template", "text", "expected"), GO_EXPAND)
def test_go_expand(pattern: str, template: str, text: str, expected: str) -> None:
    assert TagFilter.compile(pattern, template).key(text) == expected


@pytest.mark.parametrize(
    ("pattern", "extract", "tags", "expected"),
    [
        # image-reflector-controller TestRegexFilter
        ("", "", ["a"], ["a"]),
        ("^ver", "", ["ver1", "ver2", "ver3", "rel1"], ["ver1", "ver2", "ver3"]),
        (r"ver(\d+)", "$1", ["ver1", "ver2", "ver3", "rel1"], ["1", "2", "3"]),
        (
            r"^(123-[0-9]+\.[0-9]+\.[a-z0-9]+-debug)",
            "",
            [
                "123-123.123.abcd123-debug",
                "123-123.123.abcd123",
                "123-123.123.abcd456-debug",
                "123-123.123.abcd456",
            ],
            ["123-123.123.abcd123-debug", "123-123.123.abcd456-debug"],
        ),
        (
            r"^(?P<tag>123-[0-9]+\.[0-9]+\.[a-z0-9]+[^-debug])",
            "$tag",
            [
                "123-123.123.abcd123-debug",
                "123-123.123.abcd123",
                "123-123.123.abcd456-debug",
                "123-123.123.abcd456",
            ],
            ["123-123.123.abcd123", "123-123.123.abcd456"],
        ),
        (
            r"^(?P<tag>123-[0-9]+\.[0-9]+\.[a-z0-9]+$)",
            "$tag",
            [
                "123-123.123.abcd123-debug",
                "123-123.123.abcd123",
                "123-123.123.abcd456-debug",
                "123-123.123.abcd456",
            ],
            ["123-123.123.abcd123", "123-123.123.abcd456"],
        ),
        # Unanchored: a match anywhere counts; "$" is the end of the tag, not of a line.
        ("main", "", ["main-1", "x-main", "mai"], ["main-1", "x-main"]),
        ("1$", "", ["a1", "a1\n", "a12"], ["a1"]),
    ],
)
def test_flux_filter_table(pattern: str, extract: str, tags: list[str], expected: list[str]) -> None:
    """Upstream keeps the keys of a map, so equal keys from different tags count once."""
    f = TagFilter.compile(pattern, extract)
    assert sorted({k for k in map(f.key, tags) if k is not None}) == expected


@pytest.mark.parametrize(
    ("pattern", "go_error"),
    [
        ("^test-(.*", "missing closing ): `^test-(.*`"),
        ("a)", "unexpected ): `a)`"),
        ("[a", "missing closing ]: `[a`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("*", "missing argument to repetition operator: `*`"),
        (r"\q", r"invalid escape sequence: `\q`"),
        ("x{1001}", "invalid repeat count: `{1001}`"),
        ("[z-a]", "invalid character class range: `z-a`"),
        ("(?P<>a)", "invalid named capture: `(?P<>`"),
        ("\\", "trailing backslash at end of expression: ``"),
        (r"a\Cb", r"invalid escape sequence: `\C`"),
    ],
)
def test_invalid_pattern_reads_like_flux(pattern: str, go_error: str) -> None:
    with pytest.raises(PolicyError) as info:
        TagFilter.compile(pattern, "$1")
    assert info.value.message == (
        f"failed to filter tags: invalid regular expression pattern '{pattern}': "
        f"error parsing regexp: {go_error}"
    )
    assert info.value.source == "filter"
    assert info.value.reason == "InvalidPolicy"


def test_re2_accepts_what_go_accepts_and_python_re_does_not() -> None:
    r"""RE2 syntax, not Python's: \pL classes, POSIX classes, \z."""
    f = TagFilter.compile(r"^[[:alpha:]]+-\pL+\z", "")
    assert f.key("abc-déf") == "abc-déf"
    assert f.key("abc-1") is None
