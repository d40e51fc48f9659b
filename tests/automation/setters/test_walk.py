"""Which files apply_setters reads and writes: the update path stays inside the checkout,
symlinks are never followed, broken files are reported, and writes are atomic and minimal."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from controllers.automation.setters import PathError, PolicyImage, apply_setters

POLICIES = {("ns", "app"): PolicyImage("ghcr.io/org/app", "v2")}
MARKED = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
    'image: ghcr.io/org/app:v1 # {"$imagepolicy": "ns:app"}\n'
)
UPDATED = MARKED.replace("app:v1 ", "app:v2 ")


def _write(path: Path, text: str = MARKED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


async def test_update_path_confines_the_walk(tmp_path: Path) -> None:
    inside = _write(tmp_path / "apps" / "dev" / "a.yaml")
    outside = _write(tmp_path / "apps" / "prod" / "a.yaml")
    result = await apply_setters(tmp_path, POLICIES, "./apps/dev")
    assert inside.read_text() == UPDATED
    assert outside.read_text() == MARKED
    assert list(result.file_changes) == ["a.yaml"]


@pytest.mark.parametrize("path", ["./", "", ".", "/", "apps", "/apps", "apps/", "./apps/./"])
async def test_update_path_spellings(tmp_path: Path, path: str) -> None:
    # An absolute path names a directory of the checkout, as Flux's secure join does.
    _write(tmp_path / "apps" / "a.yaml")
    result = await apply_setters(tmp_path, POLICIES, path)
    # As upstream, FileChanges are keyed by the path below the update path.
    below = "apps/a.yaml" if path in ("./", "", ".", "/") else "a.yaml"
    assert list(result.file_changes) == [below]


async def test_update_path_may_be_a_file(tmp_path: Path) -> None:
    target = _write(tmp_path / "apps" / "a.yaml")
    other = _write(tmp_path / "apps" / "b.yaml")
    await apply_setters(tmp_path, POLICIES, "apps/a.yaml")
    assert (target.read_text(), other.read_text()) == (UPDATED, MARKED)


@pytest.mark.parametrize("path", ["..", "../other", "apps/../../x", "apps/..", "/../etc"])
async def test_dotdot_is_rejected(tmp_path: Path, path: str) -> None:
    (tmp_path / "apps").mkdir()
    with pytest.raises(PathError, match=r"must not contain '\.\.'"):
        await apply_setters(tmp_path, POLICIES, path)
    assert issubclass(PathError, ValueError)


async def test_missing_update_path(tmp_path: Path) -> None:
    with pytest.raises(PathError, match="does not exist"):
        await apply_setters(tmp_path, POLICIES, "nowhere")


async def test_update_path_through_symlink_out_of_root(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    victim = _write(elsewhere / "a.yaml")
    root.mkdir()
    (root / "apps").symlink_to(elsewhere)
    with pytest.raises(PathError, match="outside the repository"):
        await apply_setters(root, POLICIES, "apps")
    assert victim.read_text() == MARKED


async def test_update_path_through_symlink_inside_root(tmp_path: Path) -> None:
    real = _write(tmp_path / "real" / "a.yaml")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = await apply_setters(tmp_path, POLICIES, "link")
    assert real.read_text() == UPDATED
    assert list(result.file_changes) == ["a.yaml"]  # below the (resolved) update path


async def test_symlinks_in_the_tree_are_not_followed(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    victim_file = _write(elsewhere / "file.yaml")
    victim_dir_file = _write(elsewhere / "dir" / "a.yaml")
    own = _write(root / "own.yaml")
    (root / "escape.yaml").symlink_to(victim_file)
    (root / "escape-dir").symlink_to(elsewhere / "dir")
    (root / "dangling.yaml").symlink_to(root / "missing.yaml")
    (root / "inner.yaml").symlink_to(own)
    result = await apply_setters(root, POLICIES)
    assert victim_file.read_text() == MARKED
    assert victim_dir_file.read_text() == MARKED
    assert own.read_text() == UPDATED
    assert (root / "inner.yaml").is_symlink(), "a link must not be replaced by a file"
    assert (root / "dangling.yaml").is_symlink()
    assert list(result.file_changes) == ["own.yaml"]
    assert result.skipped == []


async def test_only_yaml_and_kustomization_files_containing_the_token(tmp_path: Path) -> None:
    names = ["a.yaml", "b.yml", "Kustomization", "kustomization", "c.json", "d.yaml.bak", "e.YAML"]
    for name in names:
        _write(tmp_path / name)
    # The long $ref form alone does not pass Flux's screening for the "$imagepolicy" token.
    ref = '{"$ref": "#/definitions/io.k8s.cli.setters.ns:app"}'
    _write(tmp_path / "f.yaml", MARKED.replace('{"$imagepolicy": "ns:app"}', ref))
    result = await apply_setters(tmp_path, POLICIES)
    assert list(result.file_changes) == ["Kustomization", "a.yaml", "b.yml"]
    assert (tmp_path / "f.yaml").read_text().count("app:v1 ") == 1


async def test_files_come_in_go_walk_order(tmp_path: Path) -> None:
    for rel in ["b.yaml", "a/z.yaml", "a.yaml", "a-b/x.yaml", "A.yaml"]:
        _write(tmp_path / rel)
    result = await apply_setters(tmp_path, POLICIES)
    assert list(result.file_changes) == ["A.yaml", "a/z.yaml", "a-b/x.yaml", "a.yaml", "b.yaml"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('image: [unclosed # "$imagepolicy"\n', "expected ',' or ']'"),
        ('a: 1\na: 2 # "$imagepolicy"\n', "mapping key 'a' already defined at line 1"),
        ('\tkey: x # {"$imagepolicy": "ns:app"}\n', "cannot start any token"),
        ('{{ .Values.image }} # "$imagepolicy"\nfoo: [\n', ""),
    ],
)
async def test_unparsable_files_are_skipped_and_reported(tmp_path: Path, text: str, reason: str) -> None:
    _write(tmp_path / "bad.yaml", text)
    good = _write(tmp_path / "good.yaml")
    result = await apply_setters(tmp_path, POLICIES)
    assert [name for name, _ in result.skipped] == ["bad.yaml"]
    assert reason in result.skipped[0][1]
    assert (tmp_path / "bad.yaml").read_text() == text
    assert good.read_text() == UPDATED


async def test_non_utf8_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes(MARKED.encode() + b"note: caf\xe9\n")
    result = await apply_setters(tmp_path, POLICIES)
    assert result.skipped == [("latin1.yaml", result.skipped[0][1])]
    assert "not UTF-8" in result.skipped[0][1]


async def test_write_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = _write(tmp_path / "a.yaml")
    target.chmod(0o640)
    inode = target.stat().st_ino
    await apply_setters(tmp_path, POLICIES)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != inode, "written by rename, not in place"
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"]


async def test_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    target = _write(tmp_path / "a.yaml", UPDATED)
    os.utime(target, (1_000_000_000, 1_000_000_000))
    inode = target.stat().st_ino
    result = await apply_setters(tmp_path, POLICIES)
    assert (target.stat().st_mtime, target.stat().st_ino) == (1_000_000_000, inode)
    assert result.file_changes == {} and result.changes == []


async def test_no_policies_changes_nothing(tmp_path: Path) -> None:
    target = _write(tmp_path / "a.yaml")
    result = await apply_setters(tmp_path, {})
    assert target.read_text() == MARKED
    assert result.changes == []
