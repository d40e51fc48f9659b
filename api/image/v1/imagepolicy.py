"""ImagePolicy image.toolkit.fluxcd.io/v1 (storage version)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from api import duration
from api.meta import (
    AGE_COLUMN,
    READY_COLUMN,
    STATUS_COLUMN,
    SUSPEND_DOC,
    Condition,
    KindInfo,
    NamespacedObjectReference,
    PrinterColumn,
    Resource,
    conditions_field,
    last_handled_field,
    observed_generation_field,
)
from api.schema import Duration, field, model

GROUP = "image.toolkit.fluxcd.io"
ORDERS = ("asc", "desc")
REFLECTION_POLICIES = ("Always", "IfNotPresent", "Never")
REFLECT_ALWAYS = "Always"
REFLECT_IF_NOT_PRESENT = "IfNotPresent"
REFLECT_NEVER = "Never"
DEFAULT_DIGEST_INTERVAL = timedelta(minutes=10)

INTERVAL_ONLY_WITH_ALWAYS = (
    "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'"
)
INTERVAL_REQUIRED_WITH_ALWAYS = (
    "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'"
)


@model
class SemVerPolicy:
    """SemVerPolicy specifies a semantic version policy."""

    range: str = field(
        required=True, default="",
        doc="Range gives a semver range for the image tag; the highest version within the range that's a tag "
        "yields the latest image.",
    )


@model
class AlphabeticalPolicy:
    """AlphabeticalPolicy specifies a alphabetical ordering policy."""

    order: str = field(
        server_default="asc", enum=ORDERS, default="asc",
        doc="Order specifies the sorting order of the tags. Given the letters of the alphabet as tags, "
        "ascending order would select Z, and descending order would select A.",
    )


@model
class NumericalPolicy:
    """NumericalPolicy specifies a numerical ordering policy."""

    order: str = field(
        server_default="asc", enum=ORDERS, default="asc",
        doc="Order specifies the sorting order of the tags. Given the integer values from 0 to 9 as tags, "
        "ascending order would select 9, and descending order would select 0.",
    )


@model
class ImagePolicyChoice:
    """ImagePolicyChoice is a union of all the types of policy that can be supplied."""

    semver: SemVerPolicy | None = field(
        default=None,
        doc="SemVer gives a semantic version range to check against the tags available."
    )
    alphabetical: AlphabeticalPolicy | None = field(
        default=None,
        doc="Alphabetical set of rules to use for alphabetical ordering of the tags."
    )
    numerical: NumericalPolicy | None = field(
        default=None,
        doc="Numerical set of rules to use for numerical ordering of the tags."
    )


@model
class TagFilter:
    """TagFilter enables filtering tags based on a set of defined rules"""

    pattern: str = field(
        default="", omitempty=False,
        doc="Pattern specifies a regular expression pattern used to filter for image tags.",
    )
    extract: str = field(
        default="", omitempty=False,
        doc="Extract allows a capture group to be extracted from the specified regular expression pattern, "
        "useful before tag evaluation.",
    )


@model
class ImageRef:
    """ImageRef represents an image reference."""

    name: str = field(required=True, default="", omitempty=False, doc="Name is the bare image's name.")
    tag: str = field(required=True, default="", omitempty=False, doc="Tag is the image's tag.")
    digest: str | None = field(default=None, doc="Digest is the image's digest.")

    def __str__(self) -> str:
        out = f"{self.name}:{self.tag}"
        return f"{out}@{self.digest}" if self.digest else out


_CEL_RULES: list[dict[str, Any]] = [
    {
        "message": INTERVAL_ONLY_WITH_ALWAYS,
        "rule": "!has(self.interval) || (has(self.digestReflectionPolicy) && self.digestReflectionPolicy == "
        "'Always')",
    },
    {
        "message": INTERVAL_REQUIRED_WITH_ALWAYS,
        "rule": "has(self.interval) || !has(self.digestReflectionPolicy) || self.digestReflectionPolicy != "
        "'Always'",
    },
]


@model
class ImagePolicySpec:
    """ImagePolicySpec defines the parameters for calculating the ImagePolicy."""

    image_repository_ref: NamespacedObjectReference = field(
        required=True, default_factory=NamespacedObjectReference,
        doc="ImageRepositoryRef points at the object specifying the image being scanned",
    )
    policy: ImagePolicyChoice = field(
        required=True, default_factory=ImagePolicyChoice,
        doc="Policy gives the particulars of the policy to be followed in selecting the most recent image",
    )
    filter_tags: TagFilter | None = field(
        default=None,
        doc="FilterTags enables filtering for only a subset of tags based on a set of rules. If no rules are "
        "provided, all the tags from the repository will be ordered and compared."
    )
    digest_reflection_policy: str = field(
        server_default="Never", enum=REFLECTION_POLICIES, default="Never",
        doc="DigestReflectionPolicy governs the setting of the `.status.latestRef.digest` field.",
    )
    interval: Duration | None = field(
        default=None,
        doc="Interval is the length of time to wait between refreshing the digest of the latest tag when the "
        "reflection policy is set to \"Always\". Defaults to 10m."
    )
    suspend: bool = field(default=False, doc=SUSPEND_DOC)

    __schema_extra__: ClassVar[dict[str, Any]] = {"x-kubernetes-validations": _CEL_RULES}

    def get_interval(self) -> timedelta:
        """The digest refresh period: only meaningful with `Always` (10m when unset), else zero."""
        if self.digest_reflection_policy != REFLECT_ALWAYS:
            return timedelta(0)
        value = duration.parse(self.interval) if self.interval else timedelta(0)
        return value if value > timedelta(0) else DEFAULT_DIGEST_INTERVAL


@model
class ImagePolicyStatus:
    """ImagePolicyStatus defines the observed state of ImagePolicy"""

    latest_ref: ImageRef | None = field(
        default=None,
        doc="LatestRef gives the first in the list of images scanned by the image repository, when filtered "
        "and ordered according to the policy."
    )
    observed_previous_ref: ImageRef | None = field(
        default=None,
        doc="ObservedPreviousRef is the observed previous LatestRef. It is used to keep track of the "
        "previous "
        "and current images."
    )
    latest_image: str | None = field(
        default=None,
        doc="LatestImage gives the first in the list of images scanned by the image repository, when "
        "filtered "
        "and ordered according to the policy (name:tag, kept for compatibility)."
    )
    observed_previous_image: str | None = field(
        default=None,
        doc="ObservedPreviousImage is the observed previous LatestImage."
    )
    observed_generation: int = observed_generation_field()
    conditions: list[Condition] = conditions_field()
    last_handled_reconcile_at: str | None = last_handled_field()


KIND = KindInfo(
    group=GROUP, version="v1", kind="ImagePolicy", plural="imagepolicies", singular="imagepolicy",
    short_names=("imgpol", "imagepol"), categories=("all", "fluxcd", "fluxcd-images"), storage=True,
    printer_columns=(
        PrinterColumn("Image", ".status.latestRef.name"),
        PrinterColumn("Tag", ".status.latestRef.tag"),
        READY_COLUMN, STATUS_COLUMN, AGE_COLUMN,
    ),
    description="ImagePolicy is the Schema for the imagepolicies API",
)


@model
class ImagePolicy(Resource):
    """ImagePolicy is the Schema for the imagepolicies API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: ImagePolicySpec = field(default_factory=ImagePolicySpec)
    status: ImagePolicyStatus = field(
        server_default={"observedGeneration": -1}, default_factory=ImagePolicyStatus
    )
