"""Annotation, label, finalizer and event-metadata keys users and tools (the `flux` CLI,
notification-controller) rely on."""

from __future__ import annotations

from typing import Final

# Reconcile requests: `flux reconcile` sets requestedAt; the controller echoes the value
# into status.lastHandledReconcileAt.
RECONCILE_REQUESTED_AT: Final = "reconcile.fluxcd.io/requestedAt"
RECONCILE_FORCE_AT: Final = "reconcile.fluxcd.io/forceAt"
# werf's fork of source-controller uses its own prefix; OCIRepository honours both.
WERF_RECONCILE_REQUESTED_AT: Final = "reconcile.werf.io/requestedAt"
WERF_RECONCILE_FORCE_AT: Final = "reconcile.werf.io/forceAt"

# Label marking Secrets/ConfigMaps whose changes trigger reconciles.
WATCH_LABEL: Final = "reconcile.fluxcd.io/watch"
WATCH_LABEL_ENABLED: Final = "Enabled"

# Finalizers.
FLUX_FINALIZER: Final = "finalizers.fluxcd.io"
WERF_FINALIZER: Final = "finalizers.werf.io"

# Event metadata: object annotations with this prefix are copied into event metadata.
EVENT_ANNOTATION_PREFIX: Final = "event.toolkit.fluxcd.io/"
# Revision/digest metadata keys on OCIRepository events (upstream and werf groups).
SOURCE_REVISION: Final = "source.toolkit.fluxcd.io/revision"
SOURCE_DIGEST: Final = "source.toolkit.fluxcd.io/digest"
WERF_SOURCE_REVISION: Final = "source.werf.io/revision"
WERF_SOURCE_DIGEST: Final = "source.werf.io/digest"

# kubectl's annotation for client-side apply; never treated as user configuration.
LAST_APPLIED_CONFIGURATION: Final = "kubectl.kubernetes.io/last-applied-configuration"

# Workload identity.
GCP_WORKLOAD_IDENTITY_PROVIDER: Final = "gcp.auth.fluxcd.io/workload-identity-provider"
AZURE_CLIENT_ID: Final = "azure.workload.identity/client-id"
AWS_ROLE_ARN: Final = "eks.amazonaws.com/role-arn"
GKE_SERVICE_ACCOUNT: Final = "iam.gke.io/gcp-service-account"
