"""``lookout automation preview``: what the next ImageUpdateAutomation run would push, pushing nothing.

Users cannot see a commit before the controller pushes it; this command computes it with the
controller's own code (controllers/automation/plan.py for the policies, refs and message,
``apply_setters`` for the edits) and prints a unified diff and the commit message.

- By name (``NAME -n NS``): reads the automation, its ImagePolicies, GitRepository and Secrets
  through the API (only reads), clones the checkout ref into a temporary directory, and
  removes it afterwards.
- Offline (``-f automation.yaml --checkout DIR --policy NS:NAME=IMAGE:TAG[@DIGEST]``): works on
  a copy of ``DIR`` (never on ``DIR`` itself). ``--policy`` values are used as given;
  ImagePolicies from ``--policies FILE`` are selected as the controller selects them (the
  automation's namespace, ``.spec.policySelector``, a ``status.latestRef``).

Exit status: 0 (with or without changes; "no changes" goes to stderr), 2 for a usage or spec
error the controller would also refuse, 1 when Git or the API failed.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import difflib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

import yaml

from controller_runtime.apimachinery import labels
from controllers.automation import plan
from controllers.automation.gotemplate import Template
from controllers.automation.setters import (
    SETTER_SHORTHAND,
    PathError,
    PolicyImage,
    UpdateResult,
    apply_setters_sync,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
_PROG = "lookout automation preview"
API_VERSION = "image.toolkit.fluxcd.io/v1"
KIND = "ImageUpdateAutomation"
POLICY_KIND = "ImagePolicy"
GIT_REPOSITORY_API_VERSION = "source.toolkit.fluxcd.io/v1"
MESSAGE_SEPARATOR = "--- commit message ---"
#: Only files holding this token can change (apply_setters screens files the same way).
_SCREEN_TOKEN = f'"{SETTER_SHORTHAND}"'.encode()
_CANDIDATE = re.compile(r"(\.ya?ml|^Kustomization)$")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")


_T = TypeVar("_T")


class UsageError(Exception):
    """Bad arguments or a spec the controller would refuse: exit status 2."""


class RuntimeFailure(Exception):
    """Git or the API failed: exit status 1."""


@dataclass
class Preview:
    """The commit the next run would make: diffs by path from the repository root, the
    message, and what changed (empty when nothing would)."""

    files: dict[str, str] = field(default_factory=dict)
    message: str = ""
    result: UpdateResult = field(default_factory=UpdateResult)
    #: The update path from the repository root ("" for the root): `result` keys files below it.
    base: str = ""

    def as_json(self) -> dict[str, Any]:
        changes = [
            {
                "file": f"{self.base}/{file}" if self.base else file,
                "object": {"apiVersion": obj.api_version, "kind": obj.kind, "name": obj.name,
                           "namespace": obj.namespace},
                "setter": c.setter,
                "oldValue": c.old_value,
                "newValue": c.new_value,
            }
            for file, objects in self.result.file_changes.items()
            for obj, changed in objects.items()
            for c in changed
        ]
        return {"files": self.files, "message": self.message, "changes": changes}


# ---------------------------------------------------------------------------------------------
# Command line


def add_subcommand(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``automation preview`` on the ``lookout`` parser; sets ``func(args) -> int``."""
    automation = subparsers.add_parser(
        "automation", help="work with ImageUpdateAutomations",
        description="Work with ImageUpdateAutomations.",
    )
    sub = automation.add_subparsers(dest="automation_command", required=True, metavar="COMMAND")
    preview = sub.add_parser(
        "preview",
        help="show the diff and commit message the next ImageUpdateAutomation run would push",
        description=(
            "Print the unified diff and the commit message the next run of an ImageUpdateAutomation "
            "would push, computed with the controller's code. Nothing is pushed and nothing is "
            "written to the cluster or to your checkout."
        ),
        epilog=(
            "examples:\n"
            "  lookout automation preview flux-system -n flux-system\n"
            "  lookout automation preview -f automation.yaml --checkout . \\\n"
            "      --policy flux-system:web=ghcr.io/org/web:1.2.3\n"
            "  lookout automation preview -f automation.yaml --checkout . --policies policies.yaml -o json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    preview.add_argument("name", nargs="?", help="the ImageUpdateAutomation (with -f: which one of the file)")
    preview.add_argument("-n", "--namespace", help="its namespace (default: the file's, else 'default')")
    cluster = preview.add_argument_group("cluster mode")
    cluster.add_argument("--kubeconfig",
                         help="kubeconfig path (default: KUBECONFIG, in-cluster, ~/.kube/config)")
    cluster.add_argument("--insecure-kubeconfig-exec", action="store_true",
                         help="allow a kubeconfig that runs an exec credential plugin")
    cluster.add_argument("--insecure-kubeconfig-tls", action="store_true",
                         help="allow a kubeconfig that disables TLS verification")
    offline = preview.add_argument_group("offline mode")
    offline.add_argument("-f", "--file", type=Path, help="YAML file holding the ImageUpdateAutomation")
    offline.add_argument("--checkout", type=Path, metavar="DIR",
                         help="the repository root to preview on (copied; never modified)")
    offline.add_argument("--policy", action="append", default=[], metavar="NS:NAME=IMAGE:TAG[@DIGEST]",
                         help="a policy's latest image (repeatable; overrides --policies)")
    offline.add_argument("--policies", type=Path, metavar="FILE",
                         help="YAML file of ImagePolicies with status.latestRef")
    preview.add_argument("-o", "--output", choices=("text", "json"), default="text", help="output format")
    preview.set_defaults(func=run_preview)


def run_preview(
    args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Carry out ``automation preview``; returns the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        if args.file is not None:
            found = preview_offline(args, err)
        else:
            found = asyncio.run(preview_cluster(args, err))
    except UsageError as e:
        print(f"{_PROG}: {e}", file=err)
        return EXIT_INVALID
    except RuntimeFailure as e:
        print(f"{_PROG}: {e}", file=err)
        return EXIT_FAILED
    if args.output == "json":
        json.dump(found.as_json(), out, indent=2)
        out.write("\n")
    elif found.files:
        for diff in found.files.values():
            out.write(diff)
        out.write(f"{MESSAGE_SEPARATOR}\n{found.message}")
        if not found.message.endswith("\n"):
            out.write("\n")
    if not found.files:
        print(f"{_PROG}: no changes: the next run would not commit anything", file=err)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# The two modes


def preview_offline(args: argparse.Namespace, err: TextIO) -> Preview:
    """Preview on a temporary copy of ``--checkout`` with the given policies."""
    cluster_only = {"--kubeconfig": args.kubeconfig,
                    "--insecure-kubeconfig-exec": args.insecure_kubeconfig_exec,
                    "--insecure-kubeconfig-tls": args.insecure_kubeconfig_tls}
    for flag, value in cluster_only.items():
        if value:
            raise UsageError(f"{flag} is for cluster mode; -f previews offline")
    if args.checkout is None:
        raise UsageError("-f needs --checkout DIR (the repository root to preview on)")
    checkout: Path = args.checkout
    if not checkout.is_dir():
        raise UsageError(f"--checkout {checkout}: not a directory")
    obj = _load_automation(args.file, args.name)
    namespace = str((obj.get("metadata") or {}).get("namespace") or args.namespace or "default")
    obj.setdefault("metadata", {})["namespace"] = namespace
    checked = _check_spec(obj)
    policies: dict[tuple[str, str], PolicyImage] = {}
    if args.policies is not None:
        docs = [_with_namespace(p, namespace) for p in _load_docs(args.policies)
                if p.get("kind") == POLICY_KIND]
        if not docs:
            raise UsageError(f"{args.policies} holds no ImagePolicy")
        mine = [p for p in docs if p["metadata"]["namespace"] == namespace]
        policies.update(plan.select_policies(namespace, mine, checked.selector).policies)
    for value in args.policy:
        key, image = parse_policy_flag(value)
        policies[key] = image
    with tempfile.TemporaryDirectory(prefix="lookout-preview-") as tmp:
        work = Path(tmp) / "repo"
        try:
            _copy_tree(checkout, work)
        except OSError as e:
            raise RuntimeFailure(f"cannot copy {checkout}: {e.strerror or e}") from None
        return _preview_tree(work, policies, checked, obj, err)


async def preview_cluster(args: argparse.Namespace, err: TextIO) -> Preview:
    """Read everything the controller reads, clone the checkout ref into a temporary
    directory, and preview there; only GET and LIST requests are made."""
    offline_only = {"--checkout": args.checkout, "--policies": args.policies, "--policy": args.policy}
    for flag, value in offline_only.items():
        if value:
            raise UsageError(f"{flag} needs -f (offline mode); by name, the cluster's objects are used")
    if not args.name:
        raise UsageError("give an ImageUpdateAutomation NAME (with -n NAMESPACE), or -f FILE --checkout DIR")
    from controller_runtime.client import Client, errors, load_config
    from controllers import manager_cmd

    try:
        config = await asyncio.to_thread(load_config, args.kubeconfig or None)
    except Exception as e:
        raise UsageError(f"unable to load kubeconfig: {e}") from None
    refused = manager_cmd.kubeconfig_refusal(config, cast("manager_cmd.ControllerOptions", args))
    if refused:
        raise UsageError(f"unable to load kubeconfig: {refused}")
    namespace = str(args.namespace or getattr(config, "namespace", None) or "default")
    try:
        async with Client(config) as client:
            try:
                obj = await client.get(API_VERSION, KIND, args.name, namespace=namespace)
            except errors.NotFoundError:
                raise UsageError(f"ImageUpdateAutomation '{namespace}/{args.name}' not found") from None
            return await _preview_object(client, obj, err)
    except errors.ApiError as e:
        raise RuntimeFailure(f"API request failed: {e}") from None


async def _preview_object(client: Any, obj: dict[str, Any], err: TextIO) -> Preview:
    from controller_runtime.client import errors
    from controllers.git import AuthError, GitError, LocalClone
    from controllers.registry import ConfigurationError

    namespace = str(obj["metadata"].get("namespace") or "")
    checked = _check_spec(obj)
    source = checked.source
    found = await client.list(API_VERSION, POLICY_KIND, namespace=namespace)
    policies = plan.select_policies(namespace, found["items"], checked.selector).policies
    try:
        repo = await client.get(GIT_REPOSITORY_API_VERSION, plan.GIT_REPOSITORY_KIND, source.name,
                                namespace=source.namespace)
    except errors.NotFoundError as e:
        missing = plan.source_error(f"referenced git repository does not exist: {e}")
        raise UsageError(missing.message) from None
    repo_spec = repo.get("spec") or {}

    async def read_secret(secret_namespace: str, name: str) -> dict[str, bytes]:
        secret = await client.get("v1", "Secret", name, namespace=secret_namespace)
        return {str(k): base64.b64decode(str(v)) for k, v in (secret.get("data") or {}).items()}

    try:
        auth = await plan.git_auth(read_secret, source.namespace, repo_spec)
    except (AuthError, ConfigurationError) as e:
        raise UsageError(plan.source_error(str(e)).message) from None
    checkout = plan.checkout_ref(source.git, repo_spec)
    push_branch = _plan(lambda: plan.push_branch(source.git, checkout))
    switch = plan.switches_branch(push_branch, checkout)
    url = str(repo_spec.get("url") or "")
    timeout = plan.parse_seconds(repo_spec.get("timeout"), plan.DEFAULT_TIMEOUT)
    with tempfile.TemporaryDirectory(prefix="lookout-preview-") as tmp:
        clone = LocalClone(Path(tmp) / "repo")
        try:
            await clone.sync(url, auth, checkout, push_branch if switch else None, timeout)
        except GitError as e:
            raise RuntimeFailure(f"failed to checkout source: {e}") from None
        return await asyncio.to_thread(_preview_tree, clone.path, policies, checked, obj, err)


# ---------------------------------------------------------------------------------------------
# Shared steps


@dataclass(frozen=True)
class _Spec:
    selector: labels.Selector
    source: plan.SourceRef
    path: str
    template: Template
    commit_spec: Mapping[str, Any]


def _check_spec(obj: Mapping[str, Any]) -> _Spec:
    """What the controller refuses as a spec error, in the controller's order, refused here
    before any Git work: the policy selector, the source, the update strategy, the template."""
    spec = obj.get("spec") or {}
    selector = _plan(lambda: plan.policy_selector(spec))
    source = _plan(lambda: plan.source_ref(obj))
    path = _plan(lambda: plan.update_path(spec))
    commit_spec: Mapping[str, Any] = source.git.get("commit") or {}
    template = _plan(lambda: plan.parse_template(commit_spec))
    return _Spec(selector, source, path, template, commit_spec)


def _preview_tree(
    root: Path,
    policies: Mapping[tuple[str, str], PolicyImage],
    checked: _Spec,
    obj: Mapping[str, Any],
    err: TextIO,
) -> Preview:
    """Apply the setters to `root` (a scratch copy) and diff the marked files against what
    they held before; render the message as the controller would commit it."""
    before = _marked_files(root)
    try:
        result = apply_setters_sync(root, policies, checked.path or "./")
    except PathError as e:
        raise UsageError(f"failed to apply policies: {e}") from None
    except OSError as e:
        raise RuntimeFailure(f"failed to apply policies: {e.strerror or e}") from None
    for file, why in result.skipped:
        print(f"{_PROG}: warning: skipped {file}: {why}", file=err)
    start = (root / checked.path.lstrip("/")).resolve()
    base = start.parent if start.is_file() else start
    below = base.relative_to(root.resolve()).as_posix()
    preview = Preview(result=result, base="" if below == "." else below)
    for rel, old in sorted(before.items()):
        new = (root / rel).read_bytes()
        if new != old:
            preview.files[rel] = unified_diff(rel, old, new)
    if not result.changes or not preview.files:
        return Preview()
    meta = obj.get("metadata") or {}
    preview.message = _plan(lambda: plan.render_message(
        checked.template, str(meta.get("namespace") or ""), str(meta.get("name") or ""), result,
        checked.commit_spec))
    return preview


def unified_diff(rel: str, old: bytes, new: bytes) -> str:
    """A `git apply`-able unified diff of one file, byte for byte: lines split on LF only, so
    a CR stays visible in its line; a missing final newline is marked as diff marks it."""
    a = _LINES.findall(old.decode("utf-8", "surrogateescape"))
    b = _LINES.findall(new.decode("utf-8", "surrogateescape"))
    out: list[str] = []
    for line in difflib.unified_diff(a, b, f"a/{rel}", f"b/{rel}", lineterm="\n"):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _marked_files(root: Path) -> dict[str, bytes]:
    """The bytes of every file apply_setters might change (YAML names holding a marker)."""
    found: dict[str, bytes] = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in files:
            full = Path(directory) / name
            if not _CANDIDATE.search(name) or full.is_symlink() or not full.is_file():
                continue
            data = full.read_bytes()
            if _SCREEN_TOKEN in data:
                found[full.relative_to(root).as_posix()] = data
    return found


def _copy_tree(src: Path, dst: Path) -> None:
    """Copy a checkout without its `.git` and without special files (a FIFO would block);
    symlinks stay links, as the controller sees them in a clone."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {".git"}
        for name in names:
            mode = os.lstat(os.path.join(directory, name)).st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                skipped.add(name)
        return skipped

    shutil.copytree(src, dst, symlinks=True, ignore=ignore)


def _plan(step: Callable[[], _T]) -> _T:
    """Run a plan helper; its errors are the controller's spec errors (exit status 2)."""
    try:
        return step()
    except plan.PlanError as e:
        raise UsageError(f"{e.reason}: {e.message}") from None


# ---------------------------------------------------------------------------------------------
# Inputs


def parse_policy_flag(value: str) -> tuple[tuple[str, str], PolicyImage]:
    """``NS:NAME=IMAGE:TAG[@DIGEST]`` (a registry port is not a tag: the tag follows the last
    ``/``)."""
    key, sep, ref = value.partition("=")
    namespace, colon, name = key.partition(":")
    if not sep or not colon or not namespace or not name or ":" in name:
        raise UsageError(f"--policy {value!r}: expected NS:NAME=IMAGE:TAG[@DIGEST]")
    image, _, digest = ref.partition("@")
    slash = image.rfind("/")
    at = image.rfind(":")
    if at <= slash or at == len(image) - 1 or at <= 0:
        raise UsageError(f"--policy {value!r}: the image needs a tag (IMAGE:TAG[@DIGEST])")
    if "@" in ref and not digest:
        raise UsageError(f"--policy {value!r}: empty digest after '@'")
    return (namespace, name), PolicyImage(image[:at], image[at + 1:], digest)


def _load_docs(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
        docs = list(yaml.safe_load_all(text))
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise UsageError(f"{path} is not valid YAML: {e}") from None
    return list(_flatten(docs))


def _flatten(docs: Sequence[Any]) -> Iterator[dict[str, Any]]:
    """Documents, and the items of `kind: List` documents (what `kubectl get -o yaml` prints)."""
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        if isinstance(doc.get("items"), list):
            yield from _flatten(doc["items"])
        else:
            yield doc


def _load_automation(path: Path, name: str | None) -> dict[str, Any]:
    found = [d for d in _load_docs(path) if d.get("kind") == KIND]
    if name is not None:
        found = [d for d in found if (d.get("metadata") or {}).get("name") == name]
    if not found:
        which = f" named '{name}'" if name is not None else ""
        raise UsageError(f"{path} holds no ImageUpdateAutomation{which}")
    if len(found) > 1:
        names = ", ".join(str((d.get("metadata") or {}).get("name")) for d in found)
        raise UsageError(f"{path} holds several ImageUpdateAutomations ({names}); name one")
    return found[0]


def _with_namespace(policy: dict[str, Any], namespace: str) -> dict[str, Any]:
    meta = policy.setdefault("metadata", {})
    if not isinstance(meta, dict):
        raise UsageError("an ImagePolicy's metadata is not a mapping")
    meta["namespace"] = str(meta.get("namespace") or namespace)
    return policy
