"""``lookout policy test``: try an ImagePolicy against tags before committing it to the cluster.

Users' most common ImagePolicy problem is "no tags found" or "wrong tag selected" with no way
to see why; this command runs the controller's exact selection code on a tag list (a file,
stdin, or the live registry) and with ``--explain`` says what happened to every tag.

Exit status: 0 when a tag is chosen (printed alone on stdout, so ``$(lookout policy test ...)``
works), 1 when none is, 2 when the policy or the input is unusable.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml

from controllers.policy.errors import PolicyError
from controllers.policy.evaluate import EvaluationResult, TagVerdict, evaluate
from controllers.policy.spec import PolicySpec

if TYPE_CHECKING:
    from controllers.registry.credentials import Credentials
    from controllers.registry.reference import ImageRef
    from controllers.registry.transport import TLSMaterial

EXIT_SELECTED = 0
EXIT_NONE_SELECTED = 1
EXIT_INVALID = 2
_PROG = "lookout policy test"


class UsageError(Exception):
    """Bad input to the command (not a bad policy): reported on stderr with exit status 2."""


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``policy test`` on the ``lookout`` parser; sets ``func(args) -> int``."""
    policy = subparsers.add_parser(
        "policy", help="work with ImagePolicy selection rules", description="Work with ImagePolicy rules."
    )
    _add_policy_subcommands(policy)


def build_parser(prog: str = "lookout policy") -> argparse.ArgumentParser:
    """The ``policy`` command's own parser (used by ``python -m controllers.policy``)."""
    parser = argparse.ArgumentParser(prog=prog, description="Work with ImagePolicy rules.")
    _add_policy_subcommands(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``policy <subcommand>`` with ``argv`` (without the program name); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


def _add_policy_subcommands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="policy_command", required=True, metavar="COMMAND")
    test = sub.add_parser(
        "test",
        help="show which tag an ImagePolicy selects from a list of tags",
        description=(
            "Evaluate an ImagePolicy (from a YAML file or flags) against tags read from a file, "
            "stdin (one per line) or the registry, with the controller's exact rules."
        ),
        epilog=(
            "examples:\n"
            "  lookout policy test -f policy.yaml --tags tags.txt --explain\n"
            "  crane ls ghcr.io/org/app | lookout policy test --semver '>=1.0.0' \\\n"
            "      --pattern '^v(?P<v>.*)' --extract '$v'\n"
            "  lookout policy test --numerical asc --pattern '^main-[a-f0-9]+-(?P<ts>[0-9]+)' \\\n"
            "      --extract '$ts' --image ghcr.io/org/app\n"
            "  lookout policy test --semver '>=1.0.0' --image registry.internal:5000/team/app \\\n"
            "      --docker-config ~/.docker/config.json --ca-file ca.crt\n"
            "  echo \"$TOKEN\" | lookout policy test --alphabetical --image ghcr.io/org/private \\\n"
            "      --username bot --password-stdin"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = test.add_argument_group("policy (a file, flags, or a file with flags overriding it)")
    source.add_argument("-f", "--file", type=Path, help="YAML file holding an ImagePolicy (multi-doc ok)")
    source.add_argument("--name", help="which ImagePolicy of the file to use, by metadata.name")
    choice = source.add_mutually_exclusive_group()
    choice.add_argument("--semver", metavar="RANGE", help="semver policy with this range, e.g. '>=1.0.0'")
    for kind in ("alphabetical", "numerical"):
        choice.add_argument(f"--{kind}", metavar="ORDER", nargs="?", const="asc", help="asc (default), desc")
    source.add_argument("--pattern", help="filterTags.pattern: RE2 regular expression tags must match")
    source.add_argument("--extract", help="filterTags.extract: template like '$1' or '${name}' to compare")
    tags = test.add_argument_group("tags (default: stdin)")
    where = tags.add_mutually_exclusive_group()
    where.add_argument("--tags", metavar="FILE", help="file with one tag per line ('-' for stdin)")
    where.add_argument("--image", metavar="REF", help="list the tags of this image repository")
    tags.add_argument("--insecure", action="store_true", help="with --image: allow plain HTTP")
    tags.add_argument("--timeout", type=float, default=60.0, help="with --image: seconds (default 60)")
    login = test.add_argument_group(
        "registry credentials and TLS (with --image; default: anonymous, system CAs)"
    )
    login.add_argument(
        "--docker-config", metavar="PATH", type=Path,
        help="docker config.json (as `docker login` writes it, or a pull Secret's .dockerconfigjson); "
        "the entry matching the image's registry is used",
    )
    login.add_argument("-u", "--username", help="registry user name (password from --password-stdin)")
    login.add_argument(
        "--password-stdin", action="store_true", help="read the password (or token) from stdin"
    )
    login.add_argument("--ca-file", metavar="PATH", type=Path, help="PEM CA bundle added to the system CAs")
    login.add_argument("--cert-file", metavar="PATH", type=Path, help="PEM client certificate (mutual TLS)")
    login.add_argument("--key-file", metavar="PATH", type=Path, help="PEM key of --cert-file")
    out = test.add_argument_group("output")
    out.add_argument("--explain", action="store_true", help="show what happened to every tag")
    out.add_argument("-o", "--output", choices=("text", "json"), default="text", help="output format")
    test.set_defaults(func=run_test)


def run_test(
    args: argparse.Namespace,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Carry out ``policy test``; returns the exit status."""
    inp = stdin or sys.stdin
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        spec = PolicySpec.from_dict(_spec_from_args(args))
    except PolicyError as exc:
        print(f"{_PROG}: {exc.message}", file=err)
        return EXIT_INVALID
    except UsageError as exc:
        print(f"{_PROG}: {exc}", file=err)
        return EXIT_INVALID
    try:
        tags = _read_tags(args, inp)
    except UsageError as exc:
        print(f"{_PROG}: {exc}", file=err)
        return EXIT_INVALID
    result = evaluate(spec, tags)
    if args.output == "json":
        json.dump(_as_json(result, args.explain), out, indent=2)
        out.write("\n")
    elif args.explain:
        _print_table(result.explain(), out)
        print(result.message, file=out)
    elif result.latest_tag is not None:
        print(result.latest_tag, file=out)
    if result.latest_tag is None:
        print(f"{_PROG}: {result.message}", file=err)
        print(f"{_PROG}: the controller reports: {result.upstream_message}", file=err)
        return EXIT_NONE_SELECTED
    return EXIT_SELECTED


def _spec_from_args(args: argparse.Namespace) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if args.file is not None:
        spec = dict(_load_policy_file(args.file, args.name).get("spec") or {})
    elif args.name is not None:
        raise UsageError("--name selects a policy in --file; give --file too")
    override: dict[str, Any] = {}
    if args.semver is not None:
        override = {"semver": {"range": args.semver}}
    elif args.alphabetical is not None:
        override = {"alphabetical": {"order": args.alphabetical}}
    elif args.numerical is not None:
        override = {"numerical": {"order": args.numerical}}
    if override:
        spec["policy"] = override
    elif "policy" not in spec:
        raise UsageError("no policy: give --file, or one of --semver, --alphabetical, --numerical")
    if args.pattern is not None or args.extract is not None:
        current = spec.get("filterTags")
        filter_tags = dict(current) if isinstance(current, dict) else {}
        if args.pattern is not None:
            filter_tags["pattern"] = args.pattern
        if args.extract is not None:
            filter_tags["extract"] = args.extract
        spec["filterTags"] = filter_tags
    return spec


def _load_policy_file(path: Path, name: str | None) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        docs = [d for d in yaml.safe_load_all(text) if isinstance(d, dict)]
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} is not valid YAML: {exc}") from None
    policies = [d for d in docs if d.get("kind") == "ImagePolicy"]
    if name is not None:
        policies = [d for d in policies if (d.get("metadata") or {}).get("name") == name]
    if not policies:
        which = f" named '{name}'" if name is not None else ""
        raise UsageError(f"{path} holds no ImagePolicy{which}")
    if len(policies) > 1:
        names = ", ".join(str((d.get("metadata") or {}).get("name")) for d in policies)
        raise UsageError(f"{path} holds several ImagePolicies ({names}); pick one with --name")
    return policies[0]


def _read_tags(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    if args.image is None:
        used = [f for f, v in _REGISTRY_ONLY_FLAGS.items() if getattr(args, v)]
        if used:
            raise UsageError(f"{', '.join(used)} only apply with --image")
    if args.image is not None:
        return _registry_tags(args, stdin)
    if args.tags is not None and args.tags != "-":
        try:
            text = Path(args.tags).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read {args.tags}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{args.tags} is not UTF-8 text") from None
    else:
        if args.tags is None and stdin.isatty():
            raise UsageError("no tags: pipe them on stdin, or give --tags FILE or --image REF")
        try:
            text = stdin.read()
        except UnicodeDecodeError:
            raise UsageError("the tags on stdin are not UTF-8 text") from None
    return parse_tag_lines(text)


def parse_tag_lines(text: str) -> list[str]:
    """One tag per line; blank lines and ``#`` comments (never valid in a tag) are skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


_REGISTRY_ONLY_FLAGS = {
    "--docker-config": "docker_config",
    "--username": "username",
    "--password-stdin": "password_stdin",
    "--ca-file": "ca_file",
    "--cert-file": "cert_file",
    "--key-file": "key_file",
}


def _registry_tags(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    """List tags with the controller's own registry client (imported only when asked for),
    presenting the credentials and TLS material the user gave, as the controller would."""
    try:
        from controllers.registry.client import RegistryClient
        from controllers.registry.errors import RegistryError
        from controllers.registry.reference import InvalidImageError, parse_image
        from controllers.registry.transport import TransportOptions
    except ImportError as exc:
        raise UsageError(f"--image needs the registry client, which is not available here: {exc}") from None

    image: str = args.image
    try:
        ref = parse_image(image, insecure=args.insecure)
    except InvalidImageError as exc:
        raise UsageError(str(exc)) from None
    credentials = _credentials(args, ref, stdin)
    transport = TransportOptions(tls=_tls_material(args))

    async def fetch() -> list[str]:
        async with RegistryClient() as client:
            return await client.list_tags(ref, credentials, transport=transport, time_limit=args.timeout)

    try:
        return asyncio.run(fetch())
    except RegistryError as exc:
        raise UsageError(f"cannot list tags of {image}: {exc}") from None


def _credentials(args: argparse.Namespace, ref: ImageRef, stdin: TextIO) -> Credentials:
    """`--username`/`--password-stdin` win over `--docker-config`; no entry means anonymous."""
    from controllers.registry.credentials import ANONYMOUS, Credentials, credentials_from_pull_secret
    from controllers.registry.errors import ConfigurationError

    if args.password_stdin and not args.username:
        raise UsageError("--password-stdin needs --username")
    if args.username:
        if not args.password_stdin:
            raise UsageError("--username needs --password-stdin (passwords never go on the command line)")
        password = stdin.read().rstrip("\r\n")
        if not password:
            raise UsageError("--password-stdin: no password on stdin")
        return Credentials(username=args.username, password=password)
    if args.docker_config is None:
        return ANONYMOUS
    path: Path = args.docker_config
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    data = {".dockerconfigjson": base64.b64encode(raw).decode("ascii")}
    try:
        found = credentials_from_pull_secret(data, ref, secret=str(path))
    except ConfigurationError as exc:
        raise UsageError(f"--docker-config: {exc}") from None
    return found if found is not None else ANONYMOUS


def _tls_material(args: argparse.Namespace) -> TLSMaterial | None:
    """PEM files into the controller's TLS material (CA added to the system pool)."""
    from controllers.registry.transport import TLSMaterial

    if (args.cert_file is None) != (args.key_file is None):
        raise UsageError("--cert-file and --key-file go together")
    if args.ca_file is None and args.cert_file is None:
        return None

    def read(path: Path | None) -> bytes:
        if path is None:
            return b""
        try:
            return path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None

    return TLSMaterial(ca_pem=read(args.ca_file), cert_pem=read(args.cert_file), key_pem=read(args.key_file))


def _as_json(result: EvaluationResult, explain: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "latestTag": result.latest_tag,
        "latestKey": result.latest_key,
        "considered": result.considered,
        "matched": result.matched,
        "message": result.message,
        "upstreamMessage": result.upstream_message,
    }
    if explain:
        data["tags"] = [
            {"tag": v.tag, "matched": v.matched, "key": v.key, "outcome": v.outcome, "reason": v.reason}
            for v in result.explain()
        ]
    return data


def _print_table(verdicts: Sequence[TagVerdict], out: TextIO) -> None:
    rows = [("TAG", "KEY", "RESULT", "WHY")]
    for v in verdicts:
        key = "-" if v.key is None else (v.key if v.key != v.tag else "=")
        rows.append((v.tag, key, v.outcome, v.reason))
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(3)]
    for tag, key, outcome, why in rows:
        print(f"{tag:<{widths[0]}}  {key:<{widths[1]}}  {outcome:<{widths[2]}}  {why}".rstrip(), file=out)
