"""Condition types and reasons, as constants: users match on these exact strings
(kstatus, `kubectl wait --for=condition=...`, alerting), so no controller spells them inline."""

from __future__ import annotations

from typing import Final

# Condition types (fluxcd/pkg/apis/meta + source-controller).
READY: Final = "Ready"
RECONCILING: Final = "Reconciling"
STALLED: Final = "Stalled"
ARTIFACT_IN_STORAGE: Final = "ArtifactInStorage"
ARTIFACT_OUTDATED: Final = "ArtifactOutdated"
SOURCE_VERIFIED: Final = "SourceVerified"
FETCH_FAILED: Final = "FetchFailed"
BUILD_FAILED: Final = "BuildFailed"
STORAGE_OPERATION_FAILED: Final = "StorageOperationFailed"

# Condition statuses (metav1.ConditionStatus).
TRUE: Final = "True"
FALSE: Final = "False"
UNKNOWN: Final = "Unknown"

# Generic reasons (fluxcd/pkg/apis/meta, acl, metav1).
SUCCEEDED: Final = "Succeeded"
FAILED: Final = "Failed"
FAILURE: Final = "Failure"  # metav1.StatusFailure, used by IRC for database read errors
PROGRESSING: Final = "Progressing"
PROGRESSING_WITH_RETRY: Final = "ProgressingWithRetry"
DEPENDENCY_NOT_READY: Final = "DependencyNotReady"
FEATURE_GATE_DISABLED: Final = "FeatureGateDisabled"
ACCESS_DENIED: Final = "AccessDenied"
INVALID_STS_CONFIGURATION: Final = "InvalidSTSConfiguration"
INVALID_PROVIDER_CONFIGURATION: Final = "InvalidProviderConfiguration"

# ImageRepository / ImagePolicy (image-reflector-controller).
IMAGE_URL_INVALID: Final = "ImageURLInvalid"
AUTHENTICATION_FAILED: Final = "AuthenticationFailed"
READ_OPERATION_FAILED: Final = "ReadOperationFailed"
INTERVAL_NOT_CONFIGURED: Final = "IntervalNotConfigured"
INVALID_POLICY: Final = "InvalidPolicy"

# ImageUpdateAutomation (image-automation-controller).
INVALID_UPDATE_STRATEGY: Final = "InvalidUpdateStrategy"
INVALID_SOURCE_CONFIGURATION: Final = "InvalidSourceConfiguration"
SOURCE_MANAGER_FAILED: Final = "SourceManagerFailed"
GIT_OPERATION_FAILED: Final = "GitOperationFailed"
UPDATE_FAILED: Final = "UpdateFailed"
INVALID_POLICY_SELECTOR: Final = "InvalidPolicySelector"
REMOVED_TEMPLATE_FIELD: Final = "RemovedTemplateField"

# OCIRepository (source-controller).
URL_INVALID: Final = "URLInvalid"
VERIFICATION_ERROR: Final = "VerificationError"
DIRECTORY_CREATION_FAILED: Final = "DirectoryCreationFailed"
STAT_OPERATION_FAILED: Final = "StatOperationFailed"
ACQUIRE_LOCK_FAILED: Final = "AcquireLockFailed"
INVALID_PATH: Final = "InvalidPath"
ARCHIVE_OPERATION_FAILED: Final = "ArchiveOperationFailed"
SYMLINK_UPDATE_FAILED: Final = "SymlinkUpdateFailed"
ARTIFACT_UP_TO_DATE: Final = "ArtifactUpToDate"
CACHE_OPERATION_FAILED: Final = "CacheOperationFailed"
PATCH_OPERATION_FAILED: Final = "PatchOperationFailed"
OCI_ARTIFACT_PULL_FAILED: Final = "OCIArtifactPullFailed"
OCI_ARTIFACT_LAYER_OPERATION_FAILED: Final = "OCIArtifactLayerOperationFailed"
OCI_OPERATION_FAILED: Final = "OCIOperationFailed"
NEW_REVISION: Final = "NewRevision"
SOURCE_IGNORE_ERROR: Final = "SourceIgnoreError"
GARBAGE_COLLECTION_FAILED: Final = "GarbageCollectionFailed"

# Event reasons that are not condition reasons.
NEW_ARTIFACT: Final = "NewArtifact"
GARBAGE_COLLECTION_SUCCEEDED: Final = "GarbageCollectionSucceeded"
ARTIFACT_VERIFICATION_FAILED: Final = "ArtifactVerificationFailed"

# Standard messages.
RECONCILIATION_IN_PROGRESS: Final = "reconciliation in progress"
NEW_GENERATION_MESSAGE: Final = "processing object: new generation %d -> %d"
REPOSITORY_UP_TO_DATE: Final = "repository up-to-date"

# The ordering kstatus tools expect: these first, then the rest.
PRIORITY_TYPES: Final = (STALLED, RECONCILING, READY)

# Condition types each kind owns (its controller may set or delete them).
IMAGE_REPOSITORY_OWNED: Final = (READY, RECONCILING, STALLED)
IMAGE_POLICY_OWNED: Final = (READY, RECONCILING, STALLED)
IMAGE_UPDATE_AUTOMATION_OWNED: Final = (READY, RECONCILING, STALLED)
OCI_REPOSITORY_OWNED: Final = (
    STORAGE_OPERATION_FAILED, FETCH_FAILED, ARTIFACT_OUTDATED, ARTIFACT_IN_STORAGE,
    SOURCE_VERIFIED, READY, RECONCILING, STALLED,
)
# Conditions whose True status is bad news (summarised into Ready=False).
OCI_REPOSITORY_NEGATIVE_POLARITY: Final = (
    STORAGE_OPERATION_FAILED, FETCH_FAILED, ARTIFACT_OUTDATED, STALLED, RECONCILING,
)
