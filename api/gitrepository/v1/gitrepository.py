"""GitRepository source.toolkit.fluxcd.io/v1: the subset of Flux's GitRepository that
ImageUpdateAutomation reads, for clusters that do not run Flux's source-controller.

Installed only through the optional `config/components/gitrepository` component: where
Flux runs, its own CRD (a superset of this one) is authoritative.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from api import duration
from api.image.v1.imageupdateautomation import GitRepositoryRef
from api.meta import (
    AGE_COLUMN,
    READY_COLUMN,
    STATUS_COLUMN,
    SUSPEND_DOC,
    Artifact,
    Condition,
    KindInfo,
    LocalObjectReference,
    PrinterColumn,
    Resource,
    conditions_field,
    last_handled_field,
    observed_generation_field,
)
from api.schema import TIMEOUT_PATTERN, Duration, field, model

GROUP = "source.toolkit.fluxcd.io"
PROVIDERS = ("generic", "aws", "azure", "github")
SERVICE_ACCOUNT_NEEDS_CLOUD_PROVIDER = "serviceAccountName can only be set when provider is 'azure' or 'aws'"
_CEL_RULES: list[dict[str, Any]] = [
    {
        "message": SERVICE_ACCOUNT_NEEDS_CLOUD_PROVIDER,
        "rule": "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || "
        "self.provider == 'aws'))",
    },
]
URL_PATTERN = "^(http|https|ssh)://.*$"
DEFAULT_TIMEOUT = "60s"


@model
class GitRepositorySpec:
    """GitRepositorySpec specifies the required configuration to produce an Artifact for a Git
    repository."""

    url: str = field(
        required=True, default="", pattern=URL_PATTERN,
        doc="URL specifies the Git repository URL, it can be an HTTP/S or SSH address.",
    )
    secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="SecretRef specifies the Secret containing authentication credentials for the GitRepository."
    )
    provider: str | None = field(
        default=None,
        enum=PROVIDERS,
        doc="Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'. "
        "When not specified, defaults to 'generic'.",
    )
    service_account_name: str | None = field(
        default=None,
        doc="ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate to the "
        "GitRepository (cloud providers)."
    )
    interval: Duration = field(
        required=True, default=Duration(""),
        doc="Interval at which the GitRepository URL is checked for updates.",
    )
    timeout: Duration | None = field(
        default=None,
        server_default=DEFAULT_TIMEOUT, pattern=TIMEOUT_PATTERN,
        doc="Timeout for Git operations like cloning, defaults to 60s.",
    )
    ref: GitRepositoryRef | None = field(
        default=None,
        doc="Reference specifies the Git reference to resolve and monitor for changes, defaults to the "
        "'master' branch."
    )
    proxy_secret_ref: LocalObjectReference | None = field(
        default=None,
        doc="ProxySecretRef specifies the Secret containing the proxy configuration to use while "
        "communicating "
        "with the Git server."
    )
    suspend: bool = field(default=False, doc=SUSPEND_DOC)

    __schema_extra__: ClassVar[dict[str, Any]] = {"x-kubernetes-validations": _CEL_RULES}

    def get_timeout(self) -> timedelta:
        return duration.parse(self.timeout or DEFAULT_TIMEOUT)

    def get_provider(self) -> str:
        return self.provider or "generic"


@model
class GitRepositoryStatus:
    """GitRepositoryStatus records the observed state of a Git repository."""

    observed_generation: int = observed_generation_field()
    conditions: list[Condition] = conditions_field()
    artifact: Artifact | None = field(
        default=None,
        doc="Artifact represents the last successful GitRepository reconciliation."
    )
    last_handled_reconcile_at: str | None = last_handled_field()


KIND = KindInfo(
    group=GROUP, version="v1", kind="GitRepository", plural="gitrepositories", singular="gitrepository",
    short_names=("gitrepo",), categories=("all", "fluxcd", "fluxcd-sources"), storage=True,
    printer_columns=(PrinterColumn("URL", ".spec.url"), AGE_COLUMN, READY_COLUMN, STATUS_COLUMN),
    description="GitRepository is the Schema for the gitrepositories API.",
)


@model
class GitRepository(Resource):
    """GitRepository is the Schema for the gitrepositories API."""

    KIND: ClassVar[KindInfo] = KIND

    spec: GitRepositorySpec = field(default_factory=GitRepositorySpec)
    status: GitRepositoryStatus = field(
        server_default={"observedGeneration": -1}, default_factory=GitRepositoryStatus
    )
