"""Every fixture under testdata/<case>/input, run through apply_setters, must equal
testdata/<case>/expected byte for byte; files left alone keep their mtime; and the difference
between input and output must be exactly the replaced scalar tokens, found independently
with PyYAML's scanner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from controllers.automation.setters import (
    Change,
    ObjectIdentifier,
    PolicyImage,
    UpdateResult,
    apply_setters,
)

TESTDATA = Path(__file__).parent / "testdata"
CASES = sorted(p.name for p in TESTDATA.iterdir() if p.is_dir())
DIGEST = "sha256:" + "3" * 64
OLD = 1_000_000_000  # an mtime (s) no rewrite can keep

POLICIES: dict[tuple[str, str], PolicyImage] = {
    ("flux-system", "app-name-prod"): PolicyImage("registry/app", "v1.2.0"),
    ("flux-system", "app-name-dev"): PolicyImage("ghcr.io/org/app", "dev-def5678-12346"),
    ("automation-ns", "policy"): PolicyImage("updated", "v1.0.1"),
    ("automation-ns", "pinned"): PolicyImage("ghcr.io/org/pinned-app", "v1.0.0", DIGEST),
    **{
        ("apps", name): PolicyImage("a", tag)
        for name, tag in {
            "decimal": "1.10",
            "integer": "123",
            "yes": "yes",
            "on": "on",
            "true": "true",
            "null": "null",
            "exp": "1e3",
            "hex": "0x1F",
            "underscore": "1_000",
            "date": "2024-01-31",
            "semver": "1.2.3",
        }.items()
    },
}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _token_skeleton(text: str) -> tuple[list[str], list[str]]:
    """Split text at scalar tokens: (text between tokens, token sources)."""
    gaps: list[str] = []
    tokens: list[str] = []
    pos = 0
    for token in yaml.scan(text.replace("\t", " "), Loader=yaml.SafeLoader):
        if isinstance(token, yaml.ScalarToken):
            gaps.append(text[pos : token.start_mark.index])
            tokens.append(text[token.start_mark.index : token.end_mark.index])
            pos = token.end_mark.index
    gaps.append(text[pos:])
    return gaps, tokens


async def _run(case: str, tmp_path: Path) -> tuple[Path, UpdateResult]:
    root = tmp_path / "repo"
    shutil.copytree(TESTDATA / case / "input", root)
    for path in root.rglob("*"):
        os.utime(path, (OLD, OLD), follow_symlinks=False)
    return root, await apply_setters(root, POLICIES)


@pytest.mark.parametrize("case", CASES)
async def test_fixture_output_is_expected(case: str, tmp_path: Path) -> None:
    root, result = await _run(case, tmp_path)
    inputs = _files(TESTDATA / case / "input")
    expected = _files(TESTDATA / case / "expected")
    assert _files(root) == expected
    for rel, data in inputs.items():
        if data == expected[rel]:
            assert (root / rel).stat().st_mtime == OLD, f"{rel} was rewritten without a change"
        else:
            assert rel in result.file_changes
    assert not result.skipped
    assert not list(root.rglob(".*.tmp")), "temporary files left behind"


@pytest.mark.parametrize("case", CASES)
def test_fixture_diff_is_only_the_changed_values(case: str) -> None:
    inputs = _files(TESTDATA / case / "input")
    expected = _files(TESTDATA / case / "expected")
    for rel, before in inputs.items():
        after = expected[rel]
        if before == after:
            continue
        old_gaps, old_tokens = _token_skeleton(before.decode())
        new_gaps, new_tokens = _token_skeleton(after.decode())
        # Everything that is not a scalar token (comments, blanks, indicators, line ends) is equal.
        assert old_gaps == new_gaps, rel
        changed = [(a, b) for a, b in zip(old_tokens, new_tokens, strict=True) if a != b]
        assert changed, rel
        for old, new in changed:
            # A changed token keeps its quote style, or becomes double-quoted.
            old_quote, new_quote = (t[0] if t[0] in "'\"" else "" for t in (old, new))
            assert new_quote in (old_quote, '"'), (old, new)


async def test_results_and_go_template_aliases(tmp_path: Path) -> None:
    _, result = await _run("kustomization", tmp_path)
    kus = ObjectIdentifier(api_version="kustomize.config.k8s.io/v1beta1", kind="Kustomization")
    name = Change("replaced", "updated", "automation-ns:policy:name")
    tag = Change("v1", "v1.0.1", "automation-ns:policy:tag")
    pinned = Change("ghcr.io/org/pinned", "ghcr.io/org/pinned-app", "automation-ns:pinned:name")
    digest = Change("sha256:" + "1" * 64, DIGEST, "automation-ns:pinned:digest")
    assert list(result.file_changes) == [
        "base/Kustomization",
        "kustomization.yaml",
        "overlay/kustomization.yml",
    ]
    for changes in result.file_changes.values():
        assert changes == {kus: [name, tag, pinned, digest]}
    # Changes: each distinct change once, in file order; Objects: across files.
    assert result.changes == [name, tag, pinned, digest]
    assert result.Changes is result.changes
    assert result.FileChanges is result.file_changes
    assert result.Objects == {kus: [name, tag, pinned, digest] * 3}
    assert (tag.OldValue, tag.NewValue, tag.Setter) == ("v1", "v1.0.1", "automation-ns:policy:tag")


async def test_object_identifiers_per_document(tmp_path: Path) -> None:
    _, result = await _run("multidoc", tmp_path)
    change = Change("registry/app:v1.0.0", "registry/app:v1.2.0", "flux-system:app-name-prod")
    web = ObjectIdentifier("apps/v1", "Deployment", "web", "shop")
    job = ObjectIdentifier("batch/v1", "Job", "migrate", "shop")
    migrate = Change("registry/app:v0.1", "registry/app:v1.2.0", "flux-system:app-name-prod")
    assert result.file_changes == {"all.yaml": {web: [change], job: [migrate]}}


def test_object_identifier_forms() -> None:
    obj = ObjectIdentifier("apps/v1", "Deployment", "web", "shop")
    assert (obj.APIVersion, obj.Kind, obj.Name, obj.Namespace) == ("apps/v1", "Deployment", "web", "shop")
    assert str(obj) == "{{{apps/v1 Deployment} {web shop}}}"
    assert str(ObjectIdentifier()) == "{{{ } { }}}"
    other = ObjectIdentifier("apps/v1", "Deployment", "api", "zoo")
    assert sorted([obj, other]) == [other, obj]
    assert sorted([obj, other], key=ObjectIdentifier.sort_key) == [other, obj]
    assert {obj: 1}[ObjectIdentifier("apps/v1", "Deployment", "web", "shop")] == 1
