"""``lookout policy test`` as a user runs it: a subprocess fed tags on stdin or from a file."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

from controllers.policy.cli import add_subcommand

ROOT = Path(__file__).resolve().parents[2]

POLICIES = """\
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata: {name: app-name-dev, namespace: flux-system}
spec: {image: registry.example.com/app-name}
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app-name-dev
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: app-name-dev
  filterTags:
    pattern: '^dev-[0-9a-fA-F]{7,40}-(?P<run>[0-9]+)$'
    extract: '$run'
  policy:
    numerical:
      order: asc
"""

PROD = """\
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app-name-prod
spec:
  imageRepositoryRef:
    name: app-name-prod
  filterTags:
    pattern: '^v(?P<version>[0-9]+\\.[0-9]+\\.[0-9]+)$'
    extract: '$version'
  policy:
    semver:
      range: '>=1.0.0'
"""

TAGS = "dev-abc1234-100\ndev-abc1234-99\ndev-fffffff-101\nv1.0.0\nv1.4.2\nv2.0.0-rc.1\nlatest\n"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "controllers.policy", "test", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_tags_on_stdin_with_flags() -> None:
    proc = run("--semver", ">=1.0.0", "--pattern", "^v", stdin=TAGS)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "v1.4.2\n", "")


def test_policy_file_and_tags_file(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(POLICIES)
    (tmp_path / "tags.txt").write_text("# scanned tags\n\n" + TAGS.replace("\n", "\r\n"))
    proc = run("-f", str(tmp_path / "policy.yaml"), "--tags", str(tmp_path / "tags.txt"))
    assert (proc.returncode, proc.stdout) == (0, "dev-fffffff-101\n")


def test_several_policies_need_a_name(tmp_path: Path) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text(POLICIES + PROD)
    proc = run("-f", str(path), stdin=TAGS)
    assert proc.returncode == 2
    assert "holds several ImagePolicies (app-name-dev, app-name-prod); pick one with --name" in proc.stderr
    proc = run("-f", str(path), "--name", "app-name-prod", stdin=TAGS)
    assert (proc.returncode, proc.stdout) == (0, "v1.4.2\n")


def test_flags_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(PROD)
    proc = run("-f", str(path), "--semver", "^2.0.0-0", "--pattern", "^v(?P<version>.*)$", stdin=TAGS)
    assert (proc.returncode, proc.stdout) == (0, "v2.0.0-rc.1\n")


def test_explain_prints_a_row_per_tag() -> None:
    proc = run("--semver", ">=1.0.0", "--explain", stdin="v1.0.0\nv1.4.2\nv2.0.0-rc.1\nlatest\n")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["TAG", "KEY", "RESULT", "WHY"]
    rows = {line.split()[0]: line for line in lines[1:5]}
    assert "selected" in rows["v1.4.2"]
    assert "lost to 'v1.4.2'" in rows["v1.0.0"]
    assert "prerelease excluded" in rows["v2.0.0-rc.1"]
    assert "not semver" in rows["latest"]
    assert lines[5] == "selected 'v1.4.2' by semver range '>=1.0.0'; 4 tags, no filter"


def test_nothing_selected_exits_1_with_both_messages() -> None:
    proc = run("--numerical", "--pattern", "^main-", stdin=TAGS)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.splitlines() == [
        "lookout policy test: no tag matched: 0 of 7 tags passed the filter pattern '^main-'",
        "lookout policy test: the controller reports: version list argument cannot be empty",
    ]


def test_invalid_policy_exits_2_with_upstream_message() -> None:
    proc = run("--semver", "*-*", stdin=TAGS)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == 'lookout policy test: invalid policy: improper constraint: "*-*"\n'
    proc = run("--alphabetical", "--pattern", "^(x", stdin=TAGS)
    assert proc.returncode == 2
    assert (
        "invalid regular expression pattern '^(x': error parsing regexp: missing closing ): `^(x`"
        in proc.stderr
    )


def test_usage_errors_exit_2() -> None:
    assert "no policy" in run(stdin=TAGS).stderr
    proc = run("--alphabetical", "--tags", "/nonexistent/tags.txt")
    assert proc.returncode == 2
    assert "cannot read /nonexistent/tags.txt" in proc.stderr
    proc = run("--semver", "*", "--alphabetical", stdin=TAGS)
    assert proc.returncode == 2  # argparse: mutually exclusive


def test_json_output() -> None:
    proc = run("--numerical", "desc", "-o", "json", "--explain", stdin="3\n1\n2\n")
    data = json.loads(proc.stdout)
    assert (proc.returncode, data["latestTag"], data["considered"], data["matched"]) == (0, "1", 3, 3)
    assert [t["outcome"] for t in data["tags"]] == ["lost", "selected", "lost"]


def test_image_uses_the_registry_client_and_reports_its_error() -> None:
    """Nothing listens on port 1: the registry client's connection error becomes a clean exit 2."""
    proc = run("--alphabetical", "--image", "127.0.0.1:1/app", "--insecure", "--timeout", "10")
    assert proc.returncode == 2
    assert proc.stderr.startswith("lookout policy test: cannot list tags of 127.0.0.1:1/app:")
    proc = run("--alphabetical", "--image", "https://registry.example.com/app")
    assert proc.returncode == 2
    assert "should not include URL scheme" in proc.stderr


def test_add_subcommand_wires_into_a_parent_parser(tmp_path: Path) -> None:
    (tmp_path / "tags.txt").write_text("b\na\n")
    parser = argparse.ArgumentParser(prog="lookout")
    add_subcommand(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(
        ["policy", "test", "--alphabetical", "desc", "--tags", str(tmp_path / "tags.txt")]
    )
    out, err = io.StringIO(), io.StringIO()
    assert args.func(args, stdout=out, stderr=err) == 0
    assert (out.getvalue(), err.getvalue()) == ("a\n", "")


def test_benchmark_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "hack/bench/policy.py", "--tags", "3000", "--runs", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert [line.split(" median ")[0].strip() for line in proc.stdout.splitlines()] == [
        "filter + semver",
        "filter + numerical",
        "alphabetical",
    ]


def test_calendar_tags_with_leading_zeros_are_versions() -> None:
    """As Flux v1.x: ``2024.01.05`` is 2024.1.5 to a semver range, and the tag is printed as given."""
    tags = "2023.12.31\n2024.01.05\n2024.02.01-rc.1\n2024.1\nlatest\n"
    proc = run("--semver", ">=2024.1.0", stdin=tags)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "2024.01.05\n", "")
