"""The `lookout` command: `lookout manager` runs the controllers, the rest are user tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from controllers import dev_cmd, manager_cmd
from controllers.automation import preview as automation_preview
from controllers.policy import cli as policy_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lookout",
        description="Image automation and OCI source controllers for GitOps (Flux-compatible APIs).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    manager_cmd.add_subcommand(sub)
    dev_cmd.add_subcommand(sub)
    policy_cli.add_subcommand(sub)
    automation_preview.add_subcommand(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "manager":
        # Flux's flags parse Go-style (`-flag`, `--flag value`), which argparse would mangle.
        return manager_cmd.run(argparse.Namespace(flags=args_list[1:]))
    args = build_parser().parse_args(args_list)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
