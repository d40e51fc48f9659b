"""`.sourceignore` filtering: Flux's `fluxcd/pkg/sourceignore` with git's own matching semantics.

Patterns use the gitignore format. Each `.sourceignore` applies to its own directory (its
domain) and below; `spec.ignore` applies at the root after every file, so it overrules them.
When any pattern exists only the VCS defaults are kept under it, otherwise every default
exclusion applies (source-controller's `SourceIgnoreFilter`).

Matching follows git itself (a port of `wildmatch` and `dir.c`, checked against
`git check-ignore` by the tests) rather than go-git where they differ: a path under an
excluded directory stays excluded and no negation brings it back, as git never looks inside.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = [
    "DEFAULT_EXCLUSIONS",
    "IGNORE_FILE",
    "VCS_EXCLUSIONS",
    "IgnoreRules",
    "Pattern",
    "SourceIgnoreError",
    "filter_tree",
    "load_patterns",
    "parse_patterns",
    "walk",
    "wildmatch",
]

IGNORE_FILE = ".sourceignore"

VCS_EXCLUSIONS = ".git/,.gitignore,.gitmodules,.gitattributes"
"""Always excluded, whatever the user's patterns say (they come first, so a pattern may re-include)."""

DEFAULT_EXCLUSIONS = ",".join(
    [
        "*.jpg,*.jpeg,*.gif,*.png,*.wmv,*.flv,*.tar.gz,*.zip",
        ".github/,.circleci/,.travis.yml,.gitlab-ci.yml,appveyor.yml,.drone.yml,cloudbuild.yaml,"
        "codeship-services.yml,codeship-steps.yml",
        "**/.goreleaser.yml,**/.sops.yaml,**/.flux.yaml",
    ]
)
"""Applied only when no pattern exists at all (the spec's "Default exclusions")."""


class SourceIgnoreError(Exception):
    """A `.sourceignore` could not be read; the reconciler reports it as `SourceIgnoreError`."""


_CLASSES = frozenset(
    [
        "alnum",
        "alpha",
        "blank",
        "cntrl",
        "digit",
        "graph",
        "lower",
        "print",
        "punct",
        "space",
        "upper",
        "xdigit",
    ]
)


def _in_class(name: str, c: str) -> bool:
    """POSIX character classes of wildmatch, on ASCII as git's ctype does."""
    o = ord(c)
    if o > 127:
        return False
    if name == "alnum":
        return c.isalnum()
    if name == "alpha":
        return c.isalpha()
    if name == "blank":
        return c in " \t"
    if name == "cntrl":
        return o < 32 or o == 127
    if name == "digit":
        return c.isdigit()
    if name == "graph":
        return 33 <= o <= 126
    if name == "lower":
        return c.islower()
    if name == "print":
        return 32 <= o <= 126
    if name == "punct":
        return 33 <= o <= 126 and not c.isalnum()
    if name == "space":
        return c in " \t\n\r\f\v"
    if name == "upper":
        return c.isupper()
    return c in "0123456789abcdefABCDEF"  # xdigit


_MATCH, _NOMATCH, _ABORT_ALL, _ABORT_TO_STARSTAR = 0, 1, -1, -2


class _BadClass(Exception):
    """Malformed `[...]`: wildmatch aborts the whole match."""


def _bracket(p: str, i: int, t: str) -> tuple[bool, int]:
    """Match text char `t` against the class opening at p[i] == '['; return (matched, index of ']')."""
    i += 1
    if i >= len(p):
        raise _BadClass
    negated = p[i] in "!^"
    if negated:
        i += 1
    matched = False
    prev: str | None = None
    while True:  # do ... while (p[i] != ']'): the first member may be ']'
        if i >= len(p):
            raise _BadClass
        ch: str | None = p[i]
        if ch == "\\":
            i += 1
            if i >= len(p):
                raise _BadClass
            ch = p[i]
            if t == ch:
                matched = True
        elif ch == "-" and prev is not None and i + 1 < len(p) and p[i + 1] != "]":
            i += 1
            hi = p[i]
            if hi == "\\":
                i += 1
                if i >= len(p):
                    raise _BadClass
                hi = p[i]
            if prev <= t <= hi:
                matched = True
            ch = None
        elif ch == "[" and i + 1 < len(p) and p[i + 1] == ":":
            start = i + 2
            j = start
            while j < len(p) and p[j] != "]":
                j += 1
            if j >= len(p):
                raise _BadClass
            if j - start - 1 < 0 or p[j - 1] != ":":
                # no ":]": a literal '[' member, scanning resumes after it
                if t == "[":
                    matched = True
            else:
                name = p[start : j - 1]
                if name not in _CLASSES:
                    raise _BadClass
                if _in_class(name, t):
                    matched = True
                i = j
                ch = None
        elif t == ch:
            matched = True
        prev = ch
        i += 1
        if i >= len(p):
            raise _BadClass
        if p[i] == "]":
            break
    return matched != negated, i


def _dowild(p: str, pi: int, text: str, ti: int) -> int:
    """git's `dowild` with WM_PATHNAME: `*`, `?` and classes never match '/', `**` spans dirs."""
    while pi < len(p):
        pc = p[pi]
        if ti >= len(text) and pc != "*":
            return _ABORT_ALL
        tc = text[ti] if ti < len(text) else ""
        if pc == "\\":
            pi += 1
            if pi >= len(p) or tc != p[pi]:
                return _NOMATCH
        elif pc == "?":
            if tc == "/":
                return _NOMATCH
        elif pc == "*":
            pi += 1
            if pi < len(p) and p[pi] == "*":
                prev_star = pi - 2
                while pi < len(p) and p[pi] == "*":
                    pi += 1
                rest = p[pi:]
                if (prev_star < 0 or p[prev_star] == "/") and (
                    rest == "" or rest.startswith("/") or rest.startswith("\\/")
                ):
                    if rest.startswith("/") and _dowild(p, pi + 1, text, ti) == _MATCH:
                        return _MATCH
                    match_slash = True
                else:
                    match_slash = False
            else:
                match_slash = False
            if pi >= len(p):
                if not match_slash and "/" in text[ti:]:
                    return _NOMATCH
                return _MATCH
            if not match_slash and p[pi] == "/":
                slash = text.find("/", ti)
                if slash < 0:
                    return _NOMATCH
                ti = slash  # this slash and the pattern's are consumed by the step below
            else:
                while True:
                    if ti >= len(text):
                        break
                    if p[pi] not in "*?[\\":
                        lit = p[pi]
                        while ti < len(text) and (match_slash or text[ti] != "/"):
                            if text[ti] == lit:
                                break
                            ti += 1
                        if ti >= len(text) or text[ti] != lit:
                            return _NOMATCH
                    matched = _dowild(p, pi, text, ti)
                    if matched != _NOMATCH:
                        if not match_slash or matched != _ABORT_TO_STARSTAR:
                            return matched
                    elif not match_slash and text[ti] == "/":
                        return _ABORT_TO_STARSTAR
                    ti += 1
                return _ABORT_ALL
        elif pc == "[":
            try:
                ok, pi = _bracket(p, pi, tc)
            except _BadClass:
                return _ABORT_ALL
            if not ok or tc == "/":
                return _NOMATCH
        elif tc != pc:
            return _NOMATCH
        pi += 1
        ti += 1
    return _MATCH if ti >= len(text) else _NOMATCH


def wildmatch(pattern: str, text: str) -> bool:
    """True when `text` matches the gitignore glob `pattern` (git's wildmatch, WM_PATHNAME)."""
    return _dowild(pattern, 0, text, 0) == _MATCH


@dataclasses.dataclass(frozen=True)
class Pattern:
    """One parsed gitignore line, bound to the directory (domain) whose ignore file held it."""

    glob: str
    domain: str  # "" for the root, else "a/b" relative to the root
    negative: bool = False
    dir_only: bool = False
    basename_only: bool = False  # no '/' in the pattern: matches the last path component

    def matches(self, path: str, is_dir: bool) -> bool:
        """Does this pattern (alone) match `path`, relative to the root, at its own level."""
        if self.dir_only and not is_dir:
            return False
        if self.domain:
            if not path.startswith(self.domain + "/"):
                return False
            path = path[len(self.domain) + 1 :]
        if self.basename_only:
            return wildmatch(self.glob, path.rsplit("/", 1)[-1])
        return wildmatch(self.glob, path)


def _trim_trailing_spaces(line: str) -> str:
    """Drop trailing spaces unless backslash-escaped (git's `trim_trailing_spaces`)."""
    end = len(line)
    while end > 0 and line[end - 1] == " ":
        backslashes = 0
        k = end - 2
        while k >= 0 and line[k] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2:
            break
        end -= 1
    return line[:end]


def parse_patterns(text: str, domain: str = "") -> list[Pattern]:
    """Parse gitignore lines for `domain`; comments, blank lines and empty patterns give nothing."""
    if text.startswith("\ufeff"):
        text = text[1:]
    out: list[Pattern] = []
    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line or line.startswith("#"):
            continue
        line = _trim_trailing_spaces(line)
        negative = line.startswith("!")
        if negative:
            line = line[1:]
        dir_only = line.endswith("/")
        if dir_only:
            line = line[:-1]
        if not line:
            continue
        basename_only = "/" not in line
        if line.startswith("/"):
            line = line[1:]
        out.append(Pattern(line, domain.strip("/"), negative, dir_only, basename_only))
    return out


def _split_list(patterns: str) -> list[Pattern]:
    return parse_patterns("\n".join(patterns.split(",")))


def load_patterns(root: Path, filename: str = IGNORE_FILE) -> list[Pattern]:
    """Read every `filename` under root, parents before children (so deeper files win).

    Symlinks are neither followed into directories nor read as ignore files: the content is
    untrusted and a link could point outside the root. `.git` directories are skipped, as Flux does.
    """
    out: list[Pattern] = []

    def visit(directory: Path, domain: str) -> None:
        candidate = directory / filename
        try:
            st = candidate.lstat()
        except FileNotFoundError:
            st = None
        except OSError as err:
            raise SourceIgnoreError(f"failed to read '{candidate}': {err}") from err
        if st is not None and stat.S_ISREG(st.st_mode):
            try:
                data = candidate.read_bytes()
            except OSError as err:
                raise SourceIgnoreError(f"failed to read '{candidate}': {err}") from err
            out.extend(parse_patterns(data.decode("utf-8", "surrogateescape"), domain))
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as err:
            raise SourceIgnoreError(f"failed to list '{directory}': {err}") from err
        for entry in entries:
            if entry.name != ".git" and entry.is_dir(follow_symlinks=False):
                visit(Path(entry.path), f"{domain}/{entry.name}" if domain else entry.name)

    visit(root, "")
    return out


class IgnoreRules:
    """An ordered pattern list, the last matching pattern deciding, as in git."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns: tuple[Pattern, ...] = tuple(patterns)

    @classmethod
    def load(cls, root: Path, spec_ignore: str | None) -> IgnoreRules:
        """Rules for an extracted artifact: `.sourceignore` files, then spec.ignore, over the defaults.

        Blocking file IO: the caller runs it in a thread.
        """
        user = load_patterns(root)
        if spec_ignore is not None:
            user.extend(parse_patterns(spec_ignore))
        defaults = _split_list(VCS_EXCLUSIONS)
        if not user:
            defaults.extend(_split_list(DEFAULT_EXCLUSIONS))
        return cls([*defaults, *user])

    def _decides(self, path: str, is_dir: bool) -> Pattern | None:
        for pattern in reversed(self.patterns):
            if pattern.matches(path, is_dir):
                return pattern
        return None

    def _excluded_here(self, path: str, is_dir: bool) -> bool:
        """The verdict on `path` itself, assuming no parent directory is excluded."""
        pattern = self._decides(path, is_dir)
        return pattern is not None and not pattern.negative

    def ignored(self, relative_path: str, is_dir: bool) -> bool:
        """True when the path (POSIX, relative to the root) is excluded, itself or by a parent dir."""
        parts = [p for p in relative_path.split("/") if p and p != "."]
        for depth in range(1, len(parts)):
            if self._excluded_here("/".join(parts[:depth]), True):
                return True
        return bool(parts) and self._excluded_here("/".join(parts), is_dir)


def _entries(directory: str) -> list[os.DirEntry[str]]:
    with os.scandir(directory) as it:
        return sorted(it, key=lambda e: e.name)


def walk(root: Path, rules: IgnoreRules) -> Iterator[tuple[str, bool]]:
    """Yield (relative path, is_dir) of every kept entry, sorted; never enters excluded or linked dirs."""

    def visit(directory: str, prefix: str) -> Iterator[tuple[str, bool]]:
        for entry in _entries(directory):
            rel = f"{prefix}{entry.name}"
            is_dir = entry.is_dir(follow_symlinks=False)  # a link to a dir is a file, as in git
            if rules._excluded_here(rel, is_dir):
                continue
            yield rel, is_dir
            if is_dir:
                yield from visit(entry.path, rel + "/")

    yield from visit(str(root), "")


def filter_tree(root: Path, rules: IgnoreRules) -> None:
    """Delete every excluded file and directory under root in place, before archiving.

    Symlinks are removed or kept as links, never followed; an excluded directory goes whole.
    Blocking file IO: the caller runs it in a thread.
    """

    def visit(directory: str, prefix: str) -> None:
        for entry in _entries(directory):
            rel = f"{prefix}{entry.name}"
            is_dir = entry.is_dir(follow_symlinks=False)
            if rules._excluded_here(rel, is_dir):
                if is_dir:
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            elif is_dir:
                visit(entry.path, rel + "/")

    visit(str(root), "")
