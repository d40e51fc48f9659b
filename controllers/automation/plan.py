"""What an ImageUpdateAutomation run would do, computed from plain objects.

The controller (controllers/imageupdateautomation.py) and `lookout automation preview`
(controllers/automation/preview.py) both call these helpers, so a preview selects the same
policies, checks out the same ref and renders the same message, with the same errors, as the
controller's next run. Nothing here reads the cluster or touches Git: callers fetch objects
(and Secrets, through `read_secret`) and hand them in.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from controller_runtime.apimachinery import labels
from controller_runtime.client import errors
from controllers.automation.gotemplate import Template, TemplateError
from controllers.automation.setters import PolicyImage, UpdateResult
from controllers.git import AuthError, CheckoutRef, GitAuth, auth_from_secret
from controllers.registry import proxy_from_secret

__all__ = [
    "ACCESS_DENIED",
    "DEFAULT_BRANCH",
    "DEFAULT_MESSAGE",
    "DEFAULT_TIMEOUT",
    "GIT_OPERATION_FAILED",
    "GIT_REPOSITORY_KIND",
    "IMAGE_RESULT_REMOVED",
    "INVALID_POLICY_SELECTOR",
    "INVALID_SOURCE_CONFIGURATION",
    "INVALID_UPDATE_STRATEGY",
    "MAX_MESSAGE_BYTES",
    "MAX_TEMPLATE_STEPS",
    "NO_PUSH_BRANCH",
    "REMOVED_TEMPLATE_FIELD",
    "SOURCE_MANAGER_FAILED",
    "STRATEGY_SETTERS",
    "UPDATED_REMOVED",
    "NamespacedName",
    "PlanError",
    "PolicySelection",
    "SourceRef",
    "TemplateData",
    "checkout_ref",
    "git_auth",
    "parse_seconds",
    "parse_template",
    "policy_selector",
    "push_branch",
    "render_message",
    "select_policies",
    "source_error",
    "source_ref",
    "switches_branch",
    "update_path",
]

GIT_REPOSITORY_KIND = "GitRepository"

# Reasons (image-automation-controller api v1).
INVALID_UPDATE_STRATEGY = "InvalidUpdateStrategy"
INVALID_SOURCE_CONFIGURATION = "InvalidSourceConfiguration"
SOURCE_MANAGER_FAILED = "SourceManagerFailed"
GIT_OPERATION_FAILED = "GitOperationFailed"
INVALID_POLICY_SELECTOR = "InvalidPolicySelector"
REMOVED_TEMPLATE_FIELD = "RemovedTemplateField"
ACCESS_DENIED = "AccessDenied"

DEFAULT_MESSAGE = "Update from image update automation"
#: The branch a checkout without a branch is taken to be on, when deciding to switch branches.
DEFAULT_BRANCH = "master"
DEFAULT_TIMEOUT = 60.0
STRATEGY_SETTERS = "Setters"
#: Commit messages: generous for humans, bounded for a template that loops.
MAX_MESSAGE_BYTES = 64 * 1024
MAX_TEMPLATE_STEPS = 1_000_000

UPDATED_REMOVED = (
    "template uses removed '.Updated' field. Please use '.Changed' instead. "
    "See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template"
)
IMAGE_RESULT_REMOVED = (
    "template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or "
    "'.Changed.Objects' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/"
    "#message-template"
)
NO_PUSH_BRANCH = (
    "push spec not provided, and cannot be inferred from .spec.git.checkout.ref or GitRepository .spec.ref"
)


class PlanError(Exception):
    """A spec or source problem with upstream's reason and message; `stalled` when retrying
    cannot help (the controller stalls, the preview exits 2)."""

    def __init__(self, reason: str, message: str, *, stalled: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.stalled = stalled


def source_error(message: str) -> PlanError:
    """Upstream's wording for a GitRepository that cannot be used."""
    return PlanError(SOURCE_MANAGER_FAILED, f"failed configuring source manager: {message}")


@dataclass(frozen=True)
class NamespacedName:
    """`{{ .AutomationObject }}` renders `namespace/name`, as Go's types.NamespacedName."""

    Namespace: str
    Name: str

    def String(self) -> str:  # the Go Stringer the template engine calls
        return f"{self.Namespace}/{self.Name}"


@dataclass(frozen=True)
class TemplateData:
    """What a commit message template sees: upstream's TemplateData, field for field."""

    AutomationObject: NamespacedName
    Changed: UpdateResult
    Values: dict[str, str]


@dataclass
class PolicySelection:
    """The setters (`(namespace, name) -> image`) and `.status.observedPolicies` they make."""

    policies: dict[tuple[str, str], PolicyImage] = field(default_factory=dict)
    observed: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceRef:
    """The GitRepository an automation names, and its `.spec.git`."""

    namespace: str
    name: str
    git: Mapping[str, Any]


def policy_selector(spec: Mapping[str, Any]) -> labels.Selector:
    """`.spec.policySelector` as a selector; none selects every policy of the namespace
    (unlike LabelSelectorAsSelector(nil))."""
    try:
        return labels.selector_from_label_selector(spec.get("policySelector") or {})
    except (labels.SelectorError, ValueError, TypeError) as e:
        message = f"failed to parse policy selector: {e}"
        raise PlanError(INVALID_POLICY_SELECTOR, message, stalled=True) from None


def select_policies(
    namespace: str, policies: Iterable[Mapping[str, Any]], selector: labels.Selector
) -> PolicySelection:
    """The policies matching `selector` that have chosen an image (a `latestRef` with a name)."""
    selection = PolicySelection()
    for policy in policies:
        meta = policy.get("metadata") or {}
        if not selector.matches(meta.get("labels") or {}):
            continue
        latest = (policy.get("status") or {}).get("latestRef")
        if not isinstance(latest, dict) or not latest.get("name"):
            continue
        name = str(meta.get("name") or "")
        image = PolicyImage(str(latest.get("name") or ""), str(latest.get("tag") or ""),
                            str(latest.get("digest") or ""))
        selection.policies[(namespace, name)] = image
        ref = {"name": image.name, "tag": image.tag}
        if image.digest:
            ref["digest"] = image.digest
        selection.observed[name] = ref
    return selection


def source_ref(obj: Mapping[str, Any], *, no_cross_namespace_refs: bool = False) -> SourceRef:
    """Which GitRepository the automation uses; a wrong kind, a missing `.spec.git` or a
    blocked cross-namespace reference is a PlanError with upstream's reason."""
    namespace = str((obj.get("metadata") or {}).get("namespace") or "")
    spec = obj.get("spec") or {}
    source = spec.get("sourceRef") or {}
    kind = str(source.get("kind") or GIT_REPOSITORY_KIND)
    if kind != GIT_REPOSITORY_KIND:
        raise PlanError(INVALID_SOURCE_CONFIGURATION,
                        f"source kind '{kind}' not supported: invalid source configuration", stalled=True)
    git = spec.get("git")
    if not isinstance(git, dict):
        raise PlanError(INVALID_SOURCE_CONFIGURATION, "source kind 'GitRepository' necessitates field "
                        ".spec.git: invalid source configuration", stalled=True)
    repo_namespace = str(source.get("namespace") or namespace)
    repo_name = str(source.get("name") or "")
    if no_cross_namespace_refs and repo_namespace != namespace:
        where = f"{GIT_REPOSITORY_KIND}/{repo_namespace}/{repo_name}"
        message = f"can't access '{where}', cross-namespace references have been blocked"
        raise PlanError(ACCESS_DENIED, message, stalled=True)
    return SourceRef(repo_namespace, repo_name, git)


def checkout_ref(git: Mapping[str, Any], repo_spec: Mapping[str, Any]) -> CheckoutRef:
    """`.spec.git.checkout.ref`, else the GitRepository's ref, else (in CheckoutRef) `master`."""
    ref = ((git.get("checkout") or {}).get("ref")) or repo_spec.get("ref") or {}
    return CheckoutRef(branch=_opt(ref, "branch"), tag=_opt(ref, "tag"), semver=_opt(ref, "semver"),
                       name=_opt(ref, "name"), commit=_opt(ref, "commit"))


def push_branch(git: Mapping[str, Any], checkout: CheckoutRef) -> str:
    """`.spec.git.push.branch`, else the branch the checkout follows; none is a source error."""
    branch = str((git.get("push") or {}).get("branch") or checkout.effective_branch or "")
    if not branch:
        raise source_error(NO_PUSH_BRANCH)
    return branch


def switches_branch(push_branch: str, checkout: CheckoutRef) -> bool:
    """Whether commits go to another branch than the checkout's (then they stack on that
    branch's head when it exists)."""
    return push_branch != (checkout.effective_branch or DEFAULT_BRANCH)


def update_path(spec: Mapping[str, Any]) -> str:
    """`.spec.update.path` of the only strategy there is (Setters)."""
    update = spec.get("update")
    if not isinstance(update, dict):
        raise PlanError(INVALID_UPDATE_STRATEGY, "no update strategy", stalled=True)
    strategy = str(update.get("strategy") or STRATEGY_SETTERS)
    if strategy != STRATEGY_SETTERS:
        raise PlanError(INVALID_UPDATE_STRATEGY, f"unsupported update strategy: {strategy}", stalled=True)
    return str(update.get("path") or "")


def parse_template(commit_spec: Mapping[str, Any]) -> Template:
    """`.spec.git.commit.messageTemplate` (or the default message), parsed."""
    text = str(commit_spec.get("messageTemplate") or "") or DEFAULT_MESSAGE
    try:
        return Template.parse(text, name="commit message")
    except TemplateError as e:
        raise PlanError(GIT_OPERATION_FAILED,
                        f"failed to update source: unable to create commit message template from spec: {e}"
                        ) from None


def render_message(
    template: Template, namespace: str, name: str, result: UpdateResult, commit_spec: Mapping[str, Any]
) -> str:
    """The commit message for `result`; the removed `.Updated` / `.Changed.ImageResult` fields
    are stalled errors with upstream's messages."""
    values = {str(k): str(v) for k, v in (commit_spec.get("messageTemplateValues") or {}).items()}
    data = TemplateData(NamespacedName(namespace, name), result, values)
    try:
        return template.execute(data, max_output=MAX_MESSAGE_BYTES, max_steps=MAX_TEMPLATE_STEPS)
    except TemplateError as e:
        text = str(e)
        if "can't evaluate field Updated in type TemplateData" in text:
            raise PlanError(REMOVED_TEMPLATE_FIELD, UPDATED_REMOVED, stalled=True) from None
        if "can't evaluate field ImageResult in type UpdateResult" in text:
            raise PlanError(REMOVED_TEMPLATE_FIELD, IMAGE_RESULT_REMOVED, stalled=True) from None
        raise PlanError(GIT_OPERATION_FAILED,
                        f"failed to update source: failed to run template from spec: {e}") from None


SecretReader = Callable[[str, str], Awaitable[dict[str, bytes]]]


async def git_auth(read_secret: SecretReader, namespace: str, repo_spec: Mapping[str, Any]) -> GitAuth:
    """The GitRepository's credentials and proxy; `read_secret(namespace, name)` returns a
    Secret's decoded data. Raises AuthError or ConfigurationError (messages hold no secrets), and
    PlanError (stalled) for a provider Lookout does not support."""
    url = str(repo_spec.get("url") or "")
    provider = str(repo_spec.get("provider") or "generic")
    if provider != "generic":
        # GitHub App and Azure DevOps identities are Flux features Lookout does not have yet:
        # refuse them rather than try the Secret as plain credentials.
        raise PlanError(
            INVALID_SOURCE_CONFIGURATION,
            f"GitRepository provider '{provider}' is not supported by Lookout: use the 'generic' provider "
            "with a secretRef holding HTTPS or SSH credentials: invalid source configuration",
            stalled=True,
        )
    data: dict[str, bytes] | None = None
    secret_name = str((repo_spec.get("secretRef") or {}).get("name") or "")
    if secret_name:
        try:
            data = await read_secret(namespace, secret_name)
        except errors.ApiError as e:
            raise AuthError(f"failed to get secret '{namespace}/{secret_name}': {e}") from None
    auth = auth_from_secret(url, data)
    proxy_name = str((repo_spec.get("proxySecretRef") or {}).get("name") or "")
    if proxy_name:
        try:
            proxy_data = await read_secret(namespace, proxy_name)
        except errors.ApiError as e:
            raise AuthError(f"failed to get proxy secret '{namespace}/{proxy_name}': {e}") from None
        proxy = proxy_from_secret({k: base64.b64encode(v).decode() for k, v in proxy_data.items()},
                                  secret=f"{namespace}/{proxy_name}")
        auth = auth.with_proxy(_proxy_url(proxy.url, proxy.username, proxy.password))
    return auth


def parse_seconds(value: Any, default: float) -> float:
    """A Go duration (`.spec.timeout`) in seconds; empty or unparsable gives `default`."""
    if not value:
        return default
    from api import duration

    try:
        return duration.parse(str(value)).total_seconds()
    except ValueError:
        return default


def _opt(ref: Mapping[str, Any], key: str) -> str | None:
    value = ref.get(key)
    return str(value) if value else None


def _proxy_url(url: str, username: str, password: str) -> str:
    if not username:
        return url
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    netloc = f"{quote(username, safe='')}:{quote(password, safe='')}@{parts.netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
