"""ImageUpdateAutomation image.toolkit.fluxcd.io/v1 (storage version)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from api import duration
from api.image.v1.imagepolicy import ImageRef
from api.meta import (
    AGE_COLUMN,
    READY_COLUMN,
    STATUS_COLUMN,
    SUSPEND_DOC,
    Condition,
    KindInfo,
    LabelSelector,
    LocalObjectReference,
    PrinterColumn,
    Resource,
    conditions_field,
    last_handled_field,
    observed_generation_field,
)
from api.schema import Duration, Time, field, model

GROUP = "image.toolkit.fluxcd.io"
STRATEGY_SETTERS = "Setters"
SIGNING_KEY_TYPES = ("gpg", "ssh")
GIT_REPOSITORY_KIND = "GitRepository"


@model
class CrossNamespaceSourceReference:
    """CrossNamespaceSourceReference contains enough information to let you locate the typed
    Kubernetes resource object at cluster level."""

    api_version: str | None = field(default=None, doc="API version of the referent.")
    kind: str = field(
        required=True, server_default=GIT_REPOSITORY_KIND, enum=(GIT_REPOSITORY_KIND,),
        default=GIT_REPOSITORY_KIND,
        doc="Kind of the referent.",
    )
    name: str = field(required=True, default="", doc="Name of the referent.")
    namespace: str | None = field(
        default=None,
        doc="Namespace of the referent, defaults to the namespace of the Kubernetes resource object that "
        "contains the reference."
    )


@model
class GitRepositoryRef:
    """GitRepositoryRef specifies the Git reference to resolve and checkout."""

    branch: str | None = field(
        default=None, doc="Branch to check out, defaults to 'master' if no other field is defined."
    )
    tag: str | None = field(default=None, doc="Tag to check out, takes precedence over Branch.")
    semver: str | None = field(
        default=None, doc="SemVer tag expression to check out, takes precedence over Tag."
    )
    name: str | None = field(
        default=None,
        doc="Name of the reference to check out; takes precedence over Branch, Tag and SemVer. "
        "It must be a valid Git reference: https://git-scm.com/docs/git-check-ref-format#_description"
    )
    commit: str | None = field(
        default=None,
        doc="Commit SHA to check out, takes precedence over all reference fields."
    )


@model
class GitCheckoutSpec:
    """GitCheckoutSpec specifies the Git reference to check out."""

    ref: GitRepositoryRef = field(
        required=True, default_factory=GitRepositoryRef,
        doc="Reference gives a branch, tag or commit to clone from the Git repository.",
    )


@model
class CommitUser:
    """CommitUser specifies how to attribute a commit."""

    name: str | None = field(default=None, doc="Name gives the name to provide when making a commit.")
    email: str = field(
        required=True, default="", doc="Email gives the email to provide when making a commit."
    )


@model
class SigningKey:
    """SigningKey references a Kubernetes secret that contains a GPG or SSH keypair"""

    secret_ref: LocalObjectReference = field(
        required=True, default_factory=LocalObjectReference,
        doc="SecretRef holds the name to a secret that contains a 'git.asc' key corresponding to the ASCII "
        "Armored file containing the GPG signing keypair as the value (or 'identity' for SSH).",
    )
    type: str | None = field(
        default=None,
        enum=SIGNING_KEY_TYPES, doc="Type of the signing key, 'gpg' (default) or 'ssh'."
    )


@model
class CommitSpec:
    """CommitSpec specifies how to commit changes to the git repository"""

    author: CommitUser = field(
        required=True, default_factory=CommitUser,
        doc="Author gives the email and optionally the name to use as the author of commits.",
    )
    signing_key: SigningKey | None = field(
        default=None,
        doc="SigningKey provides the option to sign commits with a GPG or SSH key."
    )
    message_template: str | None = field(
        default=None,
        doc="MessageTemplate provides a template for the commit message, into which will be interpolated the "
        "details of the change made."
    )
    message_template_values: dict[str, str] | None = field(
        default=None,
        doc="MessageTemplateValues provides additional values to be available to the templating rendering."
    )


@model
class PushSpec:
    """PushSpec specifies how and where to push commits."""

    branch: str | None = field(
        default=None,
        doc="Branch specifies that commits should be pushed to the branch named. The branch is created using "
        "`.spec.checkout.branch` as the starting point, if it doesn't already exist."
    )
    refspec: str | None = field(
        default=None,
        doc="Refspec specifies the Git Refspec to use for a push operation. If both Branch and Refspec are "
        "provided, then the commit is pushed to the branch and also using the specified refspec."
    )
    options: dict[str, str] | None = field(
        default=None,
        doc="Options specifies the push options that are sent to the Git server when performing a push "
        "operation."
    )


@model
class GitSpec:
    """GitSpec contains all the git-specific definitions."""

    checkout: GitCheckoutSpec | None = field(
        default=None,
        doc="Checkout gives the parameters for cloning the git repository, ready to make changes. If not "
        "present, the `spec.ref` field from the referenced `GitRepository` or its default will be used."
    )
    commit: CommitSpec = field(
        required=True, default_factory=CommitSpec, doc="Commit specifies how to commit to the git repository."
    )
    push: PushSpec | None = field(
        default=None,
        doc="Push specifies how and where to push commits made by the automation. If missing, commits are "
        "pushed (back) to `.spec.checkout.branch` or its default."
    )


@model
class UpdateStrategy:
    """UpdateStrategy is a union of the various strategies for updating the Git repository."""

    strategy: str = field(
        server_default=STRATEGY_SETTERS, enum=(STRATEGY_SETTERS,), default=STRATEGY_SETTERS, omitempty=False,
        doc="Strategy names the strategy to be used.",
    )
    path: str | None = field(
        default=None,
        doc="Path to the directory containing the manifests to be updated. Defaults to 'None', which "
        "translates to the root path of the GitRepositoryRef."
    )


@model
class ImageUpdateAutomationSpec:
    """ImageUpdateAutomationSpec defines the desired state of ImageUpdateAutomation"""

    source_ref: CrossNamespaceSourceReference = field(
        required=True, default_factory=CrossNamespaceSourceReference,
        doc="SourceRef refers to the resource giving access details to a git repository.",
    )
    git: GitSpec | None = field(default=None, doc="GitSpec contains all the git-specific definitions.")
    interval: Duration = field(
        required=True, default=Duration(""),
        doc="Interval gives an lower bound for how often the automation run should be attempted.",
    )
    policy_selector: LabelSelector | None = field(
        default=None,
        doc="PolicySelector allows to filter applied policies based on labels. By default includes all "
        "policies in namespace."
    )
    update: UpdateStrategy | None = field(
        default=None,
        server_default={"strategy": STRATEGY_SETTERS},
        doc="Update gives the specification for how to update the files in the repository.",
    )
    suspend: bool = field(default=False, doc=SUSPEND_DOC)

    def get_interval(self) -> timedelta:
        return duration.parse(self.interval)


@model
class ImageUpdateAutomationStatus:
    """ImageUpdateAutomationStatus defines the observed state of ImageUpdateAutomation"""

    last_automation_run_time: Time | None = field(
        default=None,
        doc="LastAutomationRunTime records the last time the controller ran this automation through to "
        "completion "
        "(even if no updates were made)."
    )
    last_push_commit: str | None = field(
        default=None,
        doc="LastPushCommit records the SHA1 of the last commit made by the controller, for this automation "
        "object"
    )
    last_push_time: Time | None = field(
        default=None, doc="LastPushTime records the time of the last pushed change."
    )
    observed_generation: int = observed_generation_field()
    conditions: list[Condition] = conditions_field()
    observed_policies: dict[str, ImageRef] | None = field(
        default=None,
        doc="ObservedPolicies is the list of observed ImagePolicies that were considered by the "
        "ImageUpdateAutomation update process."
    )
    observed_source_revision: str | None = field(
        default=None,
        doc="ObservedSourceRevision is "
        "the last observed source revision. This can be used to determine if the source has been updated "
        "since "
        "last observation."
    )
    last_handled_reconcile_at: str | None = last_handled_field()


KIND = KindInfo(
    group=GROUP, version="v1", kind="ImageUpdateAutomation", plural="imageupdateautomations",
    singular="imageupdateautomation", short_names=("iua", "imgupd", "imgauto"),
    categories=("all", "fluxcd", "fluxcd-images"), storage=True,
    printer_columns=(
        READY_COLUMN, STATUS_COLUMN,
        PrinterColumn("Last run", ".status.lastAutomationRunTime", priority=1),
        AGE_COLUMN,
    ),
    crd_annotations=(("kustomize.toolkit.fluxcd.io/substitute", "disabled"),),
    description="ImageUpdateAutomation is the Schema for the imageupdateautomations API",
)


@model
class ImageUpdateAutomation(Resource):
    """ImageUpdateAutomation is the Schema for the imageupdateautomations API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: ImageUpdateAutomationSpec = field(default_factory=ImageUpdateAutomationSpec)
    status: ImageUpdateAutomationStatus = field(
        server_default={"observedGeneration": -1}, default_factory=ImageUpdateAutomationStatus
    )
