"""The README's flag table is generated from the flag set: it lists every flag of
`lookout manager --help`, and a stale table fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from controllers.manager_cmd import build_flagset

ROOT = Path(__file__).resolve().parents[2]


def test_readme_flag_table_is_current() -> None:
    result = subprocess.run([sys.executable, "hack/gen_flag_docs.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_readme_names_every_flag_of_the_help() -> None:
    readme = (ROOT / "README.md").read_text()
    help_text = build_flagset({}).usage()
    for name in build_flagset({}).flags:
        assert f"-{name} " in help_text or f"-{name}\n" in help_text
        assert f"| `--{name}` |" in readme, name
