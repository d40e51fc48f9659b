"""The text-level pieces: reading markers, rendering values, and (by property) that an edit
touches nothing but the value's own characters whatever surrounds the marker."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from controllers.automation.setters import PolicyImage, edit_text, parse_marker, setter_values
from controllers.automation.yamlscan import render_scalar

SETTERS = setter_values({("ns", "app"): PolicyImage("ghcr.io/org/app", "v2", "sha256:" + "a" * 64)})


def test_setter_values() -> None:
    assert SETTERS == {
        "ns:app": "ghcr.io/org/app:v2@sha256:" + "a" * 64,
        "ns:app:tag": "v2",
        "ns:app:name": "ghcr.io/org/app",
        "ns:app:digest": "sha256:" + "a" * 64,
    }
    assert str(PolicyImage("r/app", "v1")) == "r/app:v1"


@pytest.mark.parametrize(
    ("comment", "setter"),
    [
        ('# {"$imagepolicy": "ns:app"}', "ns:app"),
        ('#{"$imagepolicy":"ns:app:tag"}', "ns:app:tag"),
        ('### {"$imagepolicy": "ns:app:name"}  ', "ns:app:name"),
        ('# {"$imagepolicy": "ns:app:digest", "note": "x"}', "ns:app:digest"),
        ('# {"$ref": "#/definitions/io.k8s.cli.setters.ns:app"}', "ns:app"),
        (
            '# {"$imagepolicy": "ns:other", "$ref": "#/definitions/io.k8s.cli.setters.ns:app:tag"}',
            "ns:app:tag",
        ),
        ('# {"$imagepolicy": "other:app"}', None),
        ('# {"$imagepolicy": "ns:app:size"}', None),
        ('# {"$imagepolicy": "ns:app"} trailing words', None),
        ('# {"$imagepolicy": "ns:app", "n": 1}', None),  # not all strings: not the shorthand
        ('# {"$imagepolicy": ""}', None),
        ("# $imagepolicy: ns:app", None),
        ('# ["$imagepolicy", "ns:app"]', None),
        ('# {"$ref": "#/definitions/io.k8s.cli.substitutions.ns:app"}', None),
        ("#", None),
    ],
)
def test_parse_marker(comment: str, setter: str | None) -> None:
    assert parse_marker(comment, SETTERS) == setter


@pytest.mark.parametrize(
    ("value", "style", "flow", "text"),
    [
        ("v1.2.3", "", False, "v1.2.3"),
        ("ghcr.io/org/app:v1@sha256:ab", "", False, "ghcr.io/org/app:v1@sha256:ab"),
        ("1.10", "", False, '"1.10"'),
        ("123", "", False, '"123"'),
        ("true", "", False, '"true"'),
        ("yes", "", False, '"yes"'),
        ("on", "", False, '"on"'),
        ("Off", "", False, '"Off"'),
        ("y", "", False, '"y"'),
        ("N", "", False, '"N"'),
        ("null", "", False, '"null"'),
        ("~", "", False, '"~"'),
        ("", "", False, '""'),
        ("1e3", "", False, '"1e3"'),
        ("0x1F", "", False, '"0x1F"'),
        ("0o17", "", False, '"0o17"'),
        ("1_000", "", False, '"1_000"'),
        ("1:20", "", False, '"1:20"'),  # YAML 1.1 sexagesimal
        (".inf", "", False, '".inf"'),
        ("2024-01-31", "", False, '"2024-01-31"'),
        ("a: b", "", False, '"a: b"'),
        ("a #b", "", False, '"a #b"'),
        ("-x", "", False, '"-x"'),
        ("a,b", "", False, "a,b"),
        ("a,b", "", True, '"a,b"'),
        ("1.10", "'", False, "'1.10'"),
        ("it's", "'", False, "'it''s'"),
        ('say "hi"\\', '"', False, '"say \\"hi\\"\\\\"'),
        ("tab\there", "'", False, '"tab\\there"'),
        ("caf\u00e9", '"', False, '"caf\u00e9"'),
        ("bell\x07", "", False, '"bell\\x07"'),
    ],
)
def test_render_scalar(value: str, style: str, flow: bool, text: str) -> None:
    assert render_scalar(value, style, flow) == text
    # What is written reads back as the value, in a block or a flow collection.
    doc = f"k: {text}\n" if not flow else f"k: [{text}]\n"
    loaded = yaml.safe_load(doc)["k"]
    assert (loaded[0] if flow else loaded) == value


def test_head_comment_is_read_only_without_a_line_comment() -> None:
    text = '- a # note\n# {"$imagepolicy": "ns:app:tag"}\n- b\n'
    doc = "apiVersion: v1\nkind: List\nitems:\n" + text.replace("- ", "  - ").replace("# {", "  # {")
    new, edits = edit_text(doc, SETTERS)
    assert [e.change.old_value for e in edits] == ["b"]
    assert new == doc.replace("  - b\n", "  - v2\n")


def test_block_scalars_and_keys_are_not_markers() -> None:
    doc = 'kind: X\nblock: > # {"$imagepolicy": "ns:app:tag"}\n  v1\nv1: x # {"$imagepolicy": "ns:app"}\n'
    new, edits = edit_text(doc, SETTERS)
    assert [e.change.old_value for e in edits] == ["x"]
    assert new == doc.replace("v1: x #", "v1: ghcr.io/org/app:v2@sha256:" + "a" * 64 + " #")


# --- property: only the value's characters change ---------------------------------------------

_WORD = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}", fullmatch=True)
_VALUES = st.one_of(
    _WORD,
    st.sampled_from(["1.10", "10", "true", "yes", "off", "null", "1e3", "0x1F", "1_000", "2024-01-31", "~"]),
    st.builds(lambda a, b: f"{a}/{b}:v1", _WORD, _WORD),
)
_BLANK = st.text(" \t", max_size=3)
_COMMENT = st.text(string.ascii_letters + string.digits + " :#{}'\"-", max_size=20).map(lambda s: "# " + s)


def _source(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value + '"'
    return value if render_scalar(value, "", False) == value else '"' + value + '"'


@settings(max_examples=300, deadline=None)
@given(
    old=_VALUES,
    new=_VALUES,
    style=st.sampled_from(["", "'", '"']),
    eol=st.sampled_from(["\n", "\r\n"]),
    indent=st.integers(0, 6),
    in_list=st.booleans(),
    before_hash=st.text(" \t", min_size=1, max_size=3),
    hashes=st.integers(1, 3),
    after_hash=_BLANK,
    json_gap=st.sampled_from(["", " ", "  "]),
    trailing=_BLANK,
    above=st.lists(st.one_of(_COMMENT, st.just(""), _BLANK), max_size=3),
    below=st.lists(st.one_of(_COMMENT, st.just(""), _BLANK), max_size=3),
    leading_separator=st.booleans(),
)
def test_only_the_value_changes(
    old: str,
    new: str,
    style: str,
    eol: str,
    indent: int,
    in_list: bool,
    before_hash: str,
    hashes: int,
    after_hash: str,
    json_gap: str,
    trailing: str,
    above: list[str],
    below: list[str],
    leading_separator: bool,
) -> None:
    setters = {"ns:app:tag": new}
    pad = " " * (indent + 1)
    marker = "#" * hashes + after_hash + "{" + json_gap + '"$imagepolicy":' + json_gap + '"ns:app:tag"}'
    key = f"{pad}- image: " if in_list else f"{pad}image: "
    prefix = (
        ("---" + eol if leading_separator else "")
        + "apiVersion: v1"
        + eol
        + "kind: Pod"
        + eol
        + "".join(line + eol for line in above)
        + "spec:"
        + eol
        + key
    )
    suffix = before_hash + marker + trailing + eol + "".join(line + eol for line in below)
    source = _source(old, style)
    style = source[0] if source[0] in "'\"" else ""
    text = prefix + source + suffix
    try:
        yaml.safe_load(text.replace("\t", " "))
    except yaml.YAMLError:
        return  # some blank/comment mixes are not YAML at all; nothing to check
    out, edits = edit_text(text, setters)
    if old == new:
        assert (out, edits) == (text, [])
        return
    assert out.startswith(prefix) and out.endswith(suffix), (text, out)
    written = out[len(prefix) : len(out) - len(suffix)]
    if style:
        assert written[0] in (style, '"')
    else:
        assert written in (new, '"' + new + '"')
        if all(c in string.ascii_letters for c in new[:1]) and yaml.safe_load(f"k: {new}")["k"] == new:
            assert written == new or new.lower() in {
                "yes",
                "no",
                "on",
                "off",
                "true",
                "false",
                "null",
                "y",
                "n",
            }
    loaded = yaml.safe_load(out.replace("\t", " "))
    image = loaded["spec"][0]["image"] if in_list else loaded["spec"]["image"]
    assert image == new
    assert [e.change.new_value for e in edits] == [new]
