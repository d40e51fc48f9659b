"""`.sourceignore` filtering: gitignore semantics, Flux's default exclusions, and git as the oracle."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest

from controllers.artifacts.ignore import (
    IgnoreRules,
    Pattern,
    filter_tree,
    load_patterns,
    parse_patterns,
    walk,
    wildmatch,
)


def rules(text: str) -> IgnoreRules:
    """Root-domain patterns only, no defaults: pure gitignore behaviour."""
    return IgnoreRules(parse_patterns(text))


GITIGNORE_CASES: list[tuple[str, str, bool, bool]] = [
    # (patterns, path, is_dir, ignored)
    ("foo", "foo", False, True),
    ("foo", "a/b/foo", False, True),
    ("foo", "a/foo/x", False, True),  # the parent dir "foo" is excluded
    ("foo", "foobar", False, False),
    ("/foo", "foo", False, True),
    ("/foo", "a/foo", False, False),
    ("a/foo", "a/foo", False, True),
    ("a/foo", "b/a/foo", False, False),  # a middle slash anchors
    ("a/foo", "a/foo/bar", False, True),
    ("foo/", "foo", True, True),
    ("foo/", "foo", False, False),  # dir-only
    ("foo/", "x/foo/y", False, True),
    ("*.log", "x/y.log", False, True),
    ("*.log", "y.log.txt", False, False),
    ("a/*.log", "a/b/c.log", False, False),  # '*' stops at '/'
    ("a/*", "a/b/c", False, True),
    ("?.txt", "a.txt", False, True),
    ("?.txt", "ab.txt", False, False),
    ("a?b", "a/b", False, False),
    ("[abc].txt", "b.txt", False, True),
    ("[abc].txt", "d.txt", False, False),
    ("[!abc].txt", "d.txt", False, True),
    ("[^abc].txt", "a.txt", False, False),
    ("[a-c]x", "bx", False, True),
    ("[a-c]x", "dx", False, False),
    ("[[:digit:]]x", "7x", False, True),
    ("[[:upper:]]*", "Readme", False, True),
    ("[[:upper:]]*", "readme", False, False),
    ("[]]", "]", False, True),
    ("x\\[1\\]", "x[1]", False, True),
    ("**/foo", "foo", False, True),
    ("**/foo", "a/b/foo", False, True),
    ("**/a/foo", "x/a/foo", False, True),
    ("**/a/foo", "x/b/foo", False, False),
    ("a/**", "a/b/c", False, True),
    ("a/**", "a", True, False),  # "everything inside", not the dir itself
    ("a/**/b", "a/b", False, True),
    ("a/**/b", "a/x/y/b", False, True),
    ("a/**/b", "a/x/y/c", False, False),
    ("a**b", "a/x/b", False, False),  # not a "**" form: a plain '*'
    ("a**b", "axxb", False, True),
    ("\\#c", "#c", False, True),
    ("#c", "#c", False, False),  # a comment
    ("\\!n", "!n", False, True),
    ("foo   ", "foo", False, True),  # trailing spaces trimmed
    ("foo\\ ", "foo ", False, True),  # unless escaped
    ("foo\\ ", "foo", False, False),
    ("*.log\n!keep.log", "keep.log", False, False),
    ("*.log\n!keep.log", "other.log", False, True),
    ("!keep.log\n*.log", "keep.log", False, True),  # the last match wins
    ("build/\n!build/keep", "build/keep", False, True),  # no re-include under an excluded dir
    ("build/*\n!build/keep", "build/keep", False, False),  # ...but the dir itself is not excluded
    ("*\n!*/\n!*.txt", "a/b/c.txt", False, False),
    ("*\n!*/\n!*.txt", "a/b/c.md", False, True),
    ("\n\n# only comments\n   \n", "anything", False, False),
    ("foo\r\n", "foo", False, True),  # CRLF files
]


@pytest.mark.parametrize(("patterns", "path", "is_dir", "expected"), GITIGNORE_CASES)
def test_gitignore_semantics(patterns: str, path: str, is_dir: bool, expected: bool) -> None:
    assert rules(patterns).ignored(path, is_dir) is expected


def test_parse_skips_comments_and_blanks() -> None:
    parsed = parse_patterns("\ufeff# c\n\n  \n!/a/b/\n\\#x\n", "sub")
    assert parsed == [
        Pattern("a/b", "sub", negative=True, dir_only=True, basename_only=False),
        Pattern("\\#x", "sub", basename_only=True),
    ]


def test_wildmatch_malformed_class_never_matches() -> None:
    assert not wildmatch("[", "[")
    assert not wildmatch("[[:nope:]]", "a")
    assert wildmatch("[[:x]", "x")  # no ":]": a literal set


def write(root: Path, rel: str, content: str = "x") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def kept(root: Path, loaded: IgnoreRules) -> set[str]:
    return {rel for rel, is_dir in walk(root, loaded) if not is_dir}


DEFAULTS_TREE = [
    ".git/config",
    ".gitignore",
    ".github/workflows/ci.yaml",
    ".travis.yml",
    "logo.png",
    "chart.tar.gz",
    "deep/.sops.yaml",
    ".goreleaser.yml",
    "deploy/app.yaml",
]


def test_defaults_apply_without_patterns(tmp_path: Path) -> None:
    for rel in DEFAULTS_TREE:
        write(tmp_path, rel)
    assert kept(tmp_path, IgnoreRules.load(tmp_path, None)) == {"deploy/app.yaml"}
    # only comments: still no pattern, still the defaults
    assert kept(tmp_path, IgnoreRules.load(tmp_path, "# nothing\n\n")) == {"deploy/app.yaml"}


def test_spec_ignore_keeps_only_vcs_defaults(tmp_path: Path) -> None:
    for rel in DEFAULTS_TREE:
        write(tmp_path, rel)
    loaded = IgnoreRules.load(tmp_path, "*.yml\n")
    assert kept(tmp_path, loaded) == {
        ".github/workflows/ci.yaml",
        "logo.png",
        "chart.tar.gz",
        "deep/.sops.yaml",
        "deploy/app.yaml",
    }


def test_sourceignore_file_also_replaces_defaults(tmp_path: Path) -> None:
    for rel in DEFAULTS_TREE:
        write(tmp_path, rel)
    write(tmp_path, "deploy/.sourceignore", "*.md\n")
    got = kept(tmp_path, IgnoreRules.load(tmp_path, None))
    assert ".github/workflows/ci.yaml" in got and "logo.png" in got
    assert ".gitignore" not in got and ".git/config" not in got


def test_patterns_may_reinclude_vcs_files(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore")
    write(tmp_path, ".git/config")
    loaded = IgnoreRules.load(tmp_path, "!.gitignore\n!.git/\n")
    assert kept(tmp_path, loaded) == {".gitignore", ".git/config"}


def test_nested_sourceignore_domains(tmp_path: Path) -> None:
    write(tmp_path, ".sourceignore", "*.txt\n")
    write(tmp_path, "a/.sourceignore", "!keep.txt\n/local\nshared\n")
    for rel in ["keep.txt", "a/keep.txt", "a/b/keep.txt", "a/x.txt", "a/local", "a/b/local", "local"]:
        write(tmp_path, rel)
    write(tmp_path, "a/b/shared/f")
    write(tmp_path, "shared/f")
    loaded = IgnoreRules.load(tmp_path, None)
    assert kept(tmp_path, loaded) == {
        ".sourceignore",
        "a/.sourceignore",
        "a/keep.txt",
        "a/b/keep.txt",
        "a/b/local",
        "local",
        "shared/f",
    }
    # spec.ignore comes last, so it overrules the files
    assert not IgnoreRules.load(tmp_path, "a/keep.txt\n").ignored("a/b/keep.txt", False)
    assert IgnoreRules.load(tmp_path, "a/keep.txt\n").ignored("a/keep.txt", False)


def test_load_never_reads_a_linked_ignore_file(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, "evil", "*\n")
    root = tmp_path / "root"
    write(root, "f")
    (root / ".sourceignore").symlink_to(outside / "evil")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    assert load_patterns(root) == []


def test_filter_tree_deletes_in_place(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, "secret.log")
    root = tmp_path / "root"
    for rel in ["app.yaml", "debug.log", "build/out.bin", "build/keep", "docs/a.md", "docs/img/x.png"]:
        write(root, rel)
    write(root, ".sourceignore", "*.log\nbuild/\n!build/keep\n")
    write(root, "docs/.sourceignore", "img\n")
    (root / "link.log").symlink_to(outside / "secret.log")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    filter_tree(root, IgnoreRules.load(root, None))
    remaining = {str(p.relative_to(root)) for p in root.rglob("*")}
    assert remaining == {"app.yaml", ".sourceignore", "docs", "docs/a.md", "docs/.sourceignore", "linkdir"}
    assert (outside / "secret.log").exists()  # the link went, not its target


# --- git as the oracle -------------------------------------------------------------------------

DIR_NAMES = ["a", "b", "foo", "build", "x.d", "sub"]
FILE_NAMES = ["foo", "bar.txt", "a.log", "important.log", "x[1]", "#c", "!n", "Foo.TXT", "b", "c.jpg"]

GIT_CASES: list[dict[str, str]] = [
    {"": "*.log\n!important.log\nbuild/\n/foo\na/**/bar.txt\n**/x.d\nb/**\n"},
    {"": "foo\n!foo/\na/*\n!a/b\n?ar.txt\n[ab]\n[!a-c]*.txt\n[[:upper:]]*\n"},
    {"": "*\n!*/\n!*.txt\n"},
    {"": "a/\n!a/foo\n\\#c\n\\!n\nx\\[1\\]\n*.TXT\n"},
    {"": "x*/\n!x.d/b\na/b/\n/a/b/*.txt\nb/**/a\n**/foo/**\n"},
    {"": "*.txt\nsub/\n", "a": "!bar.txt\n/foo\n*.log\n", "a/b": "*\n!*.log\n", "b": "!sub/\n"},
    {"": "**/b/foo\nfoo/**/\n*.l?g\n!a/**/a.log\n"},
]


def make_tree(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    for forced in ["a/b", "b/sub", "a/foo"]:
        (root / forced).mkdir(parents=True)
        (root / forced / "a.log").write_text("x")

    def fill(directory: Path, depth: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if depth < 3:
            for name in rng.sample(DIR_NAMES, 3):
                if not (directory / name).is_file():
                    fill(directory / name, depth + 1)
        for name in rng.sample(FILE_NAMES, 5):
            if not (directory / name).exists():
                (directory / name).write_text(name)

    fill(root, 0)


def all_paths(root: Path) -> list[tuple[str, bool]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel + "/"
        out += [(prefix + d, True) for d in dirnames]
        out += [(prefix + f, False) for f in filenames]
    return sorted(out)


@pytest.mark.parametrize("case", range(len(GIT_CASES)))
def test_matches_git_check_ignore(tmp_path: Path, case: int) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    root = tmp_path / "repo"
    make_tree(root, seed=case)
    for domain, text in GIT_CASES[case].items():
        (root / domain).mkdir(parents=True, exist_ok=True)
        (root / domain / ".gitignore").write_text(text)
    subprocess.run(["git", "init", "-q", "--template=", str(root)], check=True, env=env)
    paths = all_paths(root)
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin", "-z"],
        cwd=root,
        env=env,
        input="\0".join(p for p, _ in paths) + "\0",
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), result.stderr
    by_git = set(filter(None, result.stdout.split("\0")))
    ours = IgnoreRules(load_patterns(root, ".gitignore"))
    by_us = {p for p, is_dir in paths if ours.ignored(p, is_dir)}
    assert by_us == by_git
    assert by_git and len(by_git) < len(paths)  # the case discriminates
