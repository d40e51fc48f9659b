"""The per-content marker cache: a file seen before is skipped only when no marker would change,
and a file that did not parse is reported as skipped again, with the same reason."""

from __future__ import annotations

from pathlib import Path

from controllers.automation.setters import PolicyImage, apply_setters_sync

DEPLOY = 'spec:\n  image: r/app:v1 # {"$imagepolicy": "ns:app"}\n'
BROKEN = 'a: [unclosed # {"$imagepolicy": "ns:app"}\n'


def _policies(tag: str) -> dict[tuple[str, str], PolicyImage]:
    return {("ns", "app"): PolicyImage("r/app", tag)}


def test_seen_content_is_edited_again_when_the_setter_moves(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DEPLOY)
    (tmp_path / "b.yaml").write_text(BROKEN)
    first = apply_setters_sync(tmp_path, _policies("v1"))  # nothing to do: both files cached
    assert not first.changes and [f for f, _ in first.skipped] == ["b.yaml"]
    again = apply_setters_sync(tmp_path, _policies("v1"))
    assert not again.changes and again.skipped == first.skipped
    moved = apply_setters_sync(tmp_path, _policies("v2"))
    assert [c.new_value for c in moved.changes] == ["r/app:v2"]
    assert (tmp_path / "a.yaml").read_text() == DEPLOY.replace("v1", "v2")
    assert moved.skipped == first.skipped
    (tmp_path / "c.yaml").write_text(DEPLOY)  # same content as a.yaml was: cached, still edited
    third = apply_setters_sync(tmp_path, _policies("v3"))
    assert sorted(f for f in third.file_changes) == ["a.yaml", "c.yaml"]
