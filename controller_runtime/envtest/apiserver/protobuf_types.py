"""Protobuf field tables of the built-in kinds kubectl sends as protobuf.

Generated from the generated.proto files of k8s.io/api and k8s.io/apimachinery: field
number -> (JSON name, kind, repeated). Kinds: s string, b bytes, ? bool, i integer, d/f float,
time, microtime, intstr, quantity, raw (embedded JSON), duration, m:<message>, map:<value kind>,
inline:<message> (a Go struct embedded with an empty JSON name: its fields sit in the parent).
"""

from __future__ import annotations

Field = tuple[str, str, bool]

MESSAGES: dict[str, dict[int, Field]] = {
    # k8s.io.api.admissionregistration.v1.MatchCondition
    "M0": {
        1: ("name", "s", False),
        2: ("expression", "s", False),
    },
    # k8s.io.api.admissionregistration.v1.MutatingWebhook
    "M1": {
        1: ("name", "s", False),
        2: ("clientConfig", "m:M8", False),
        3: ("rules", "m:M4", True),
        4: ("failurePolicy", "s", False),
        5: ("namespaceSelector", "m:M324", False),
        6: ("sideEffects", "s", False),
        7: ("timeoutSeconds", "i", False),
        8: ("admissionReviewVersions", "s", True),
        9: ("matchPolicy", "s", False),
        10: ("reinvocationPolicy", "s", False),
        11: ("objectSelector", "m:M324", False),
        12: ("matchConditions", "m:M0", True),
    },
    # k8s.io.api.admissionregistration.v1.MutatingWebhookConfiguration
    "M2": {
        1: ("metadata", "m:M327", False),
        2: ("Webhooks", "m:M1", True),
    },
    # k8s.io.api.admissionregistration.v1.Rule
    "M3": {
        1: ("apiGroups", "s", True),
        2: ("apiVersions", "s", True),
        3: ("resources", "s", True),
        4: ("scope", "s", False),
    },
    # k8s.io.api.admissionregistration.v1.RuleWithOperations
    "M4": {
        1: ("operations", "s", True),
        2: ("rule", "inline:M3", False),
    },
    # k8s.io.api.admissionregistration.v1.ServiceReference
    "M5": {
        1: ("namespace", "s", False),
        2: ("name", "s", False),
        3: ("path", "s", False),
        4: ("port", "i", False),
    },
    # k8s.io.api.admissionregistration.v1.ValidatingWebhook
    "M6": {
        1: ("name", "s", False),
        2: ("clientConfig", "m:M8", False),
        3: ("rules", "m:M4", True),
        4: ("failurePolicy", "s", False),
        5: ("namespaceSelector", "m:M324", False),
        6: ("sideEffects", "s", False),
        7: ("timeoutSeconds", "i", False),
        8: ("admissionReviewVersions", "s", True),
        9: ("matchPolicy", "s", False),
        10: ("objectSelector", "m:M324", False),
        11: ("matchConditions", "m:M0", True),
    },
    # k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration
    "M7": {
        1: ("metadata", "m:M327", False),
        2: ("Webhooks", "m:M6", True),
    },
    # k8s.io.api.admissionregistration.v1.WebhookClientConfig
    "M8": {
        1: ("service", "m:M5", False),
        2: ("caBundle", "b", False),
        3: ("url", "s", False),
    },
    # k8s.io.api.apps.v1.DaemonSet
    "M9": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M11", False),
        3: ("status", "m:M12", False),
    },
    # k8s.io.api.apps.v1.DaemonSetCondition
    "M10": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastTransitionTime", "time", False),
        4: ("reason", "s", False),
        5: ("message", "s", False),
    },
    # k8s.io.api.apps.v1.DaemonSetSpec
    "M11": {
        1: ("selector", "m:M324", False),
        2: ("template", "m:M218", False),
        3: ("updateStrategy", "m:M13", False),
        4: ("minReadySeconds", "i", False),
        6: ("revisionHistoryLimit", "i", False),
    },
    # k8s.io.api.apps.v1.DaemonSetStatus
    "M12": {
        1: ("currentNumberScheduled", "i", False),
        2: ("numberMisscheduled", "i", False),
        3: ("desiredNumberScheduled", "i", False),
        4: ("numberReady", "i", False),
        5: ("observedGeneration", "i", False),
        6: ("updatedNumberScheduled", "i", False),
        7: ("numberAvailable", "i", False),
        8: ("numberUnavailable", "i", False),
        9: ("collisionCount", "i", False),
        10: ("conditions", "m:M10", True),
    },
    # k8s.io.api.apps.v1.DaemonSetUpdateStrategy
    "M13": {
        1: ("type", "s", False),
        2: ("rollingUpdate", "m:M23", False),
    },
    # k8s.io.api.apps.v1.Deployment
    "M14": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M16", False),
        3: ("status", "m:M17", False),
    },
    # k8s.io.api.apps.v1.DeploymentCondition
    "M15": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        4: ("reason", "s", False),
        5: ("message", "s", False),
        6: ("lastUpdateTime", "time", False),
        7: ("lastTransitionTime", "time", False),
    },
    # k8s.io.api.apps.v1.DeploymentSpec
    "M16": {
        1: ("replicas", "i", False),
        2: ("selector", "m:M324", False),
        3: ("template", "m:M218", False),
        4: ("strategy", "m:M18", False),
        5: ("minReadySeconds", "i", False),
        6: ("revisionHistoryLimit", "i", False),
        7: ("paused", "?", False),
        9: ("progressDeadlineSeconds", "i", False),
    },
    # k8s.io.api.apps.v1.DeploymentStatus
    "M17": {
        1: ("observedGeneration", "i", False),
        2: ("replicas", "i", False),
        3: ("updatedReplicas", "i", False),
        4: ("availableReplicas", "i", False),
        5: ("unavailableReplicas", "i", False),
        6: ("conditions", "m:M15", True),
        7: ("readyReplicas", "i", False),
        8: ("collisionCount", "i", False),
        9: ("terminatingReplicas", "i", False),
    },
    # k8s.io.api.apps.v1.DeploymentStrategy
    "M18": {
        1: ("type", "s", False),
        2: ("rollingUpdate", "m:M24", False),
    },
    # k8s.io.api.apps.v1.ReplicaSet
    "M19": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M21", False),
        3: ("status", "m:M22", False),
    },
    # k8s.io.api.apps.v1.ReplicaSetCondition
    "M20": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastTransitionTime", "time", False),
        4: ("reason", "s", False),
        5: ("message", "s", False),
    },
    # k8s.io.api.apps.v1.ReplicaSetSpec
    "M21": {
        1: ("replicas", "i", False),
        2: ("selector", "m:M324", False),
        3: ("template", "m:M218", False),
        4: ("minReadySeconds", "i", False),
    },
    # k8s.io.api.apps.v1.ReplicaSetStatus
    "M22": {
        1: ("replicas", "i", False),
        2: ("fullyLabeledReplicas", "i", False),
        3: ("observedGeneration", "i", False),
        4: ("readyReplicas", "i", False),
        5: ("availableReplicas", "i", False),
        6: ("conditions", "m:M20", True),
        7: ("terminatingReplicas", "i", False),
    },
    # k8s.io.api.apps.v1.RollingUpdateDaemonSet
    "M23": {
        1: ("maxUnavailable", "intstr", False),
        2: ("maxSurge", "intstr", False),
    },
    # k8s.io.api.apps.v1.RollingUpdateDeployment
    "M24": {
        1: ("maxUnavailable", "intstr", False),
        2: ("maxSurge", "intstr", False),
    },
    # k8s.io.api.apps.v1.RollingUpdateStatefulSetStrategy
    "M25": {
        1: ("partition", "i", False),
        2: ("maxUnavailable", "intstr", False),
    },
    # k8s.io.api.apps.v1.StatefulSet
    "M26": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M30", False),
        3: ("status", "m:M31", False),
    },
    # k8s.io.api.apps.v1.StatefulSetCondition
    "M27": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastTransitionTime", "time", False),
        4: ("reason", "s", False),
        5: ("message", "s", False),
    },
    # k8s.io.api.apps.v1.StatefulSetOrdinals
    "M28": {
        1: ("start", "i", False),
    },
    # k8s.io.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy
    "M29": {
        1: ("whenDeleted", "s", False),
        2: ("whenScaled", "s", False),
    },
    # k8s.io.api.apps.v1.StatefulSetSpec
    "M30": {
        1: ("replicas", "i", False),
        2: ("selector", "m:M324", False),
        3: ("template", "m:M218", False),
        4: ("volumeClaimTemplates", "m:M189", True),
        5: ("serviceName", "s", False),
        6: ("podManagementPolicy", "s", False),
        7: ("updateStrategy", "m:M32", False),
        8: ("revisionHistoryLimit", "i", False),
        9: ("minReadySeconds", "i", False),
        10: ("persistentVolumeClaimRetentionPolicy", "m:M29", False),
        11: ("ordinals", "m:M28", False),
    },
    # k8s.io.api.apps.v1.StatefulSetStatus
    "M31": {
        1: ("observedGeneration", "i", False),
        2: ("replicas", "i", False),
        3: ("readyReplicas", "i", False),
        4: ("currentReplicas", "i", False),
        5: ("updatedReplicas", "i", False),
        6: ("currentRevision", "s", False),
        7: ("updateRevision", "s", False),
        9: ("collisionCount", "i", False),
        10: ("conditions", "m:M27", True),
        11: ("availableReplicas", "i", False),
    },
    # k8s.io.api.apps.v1.StatefulSetUpdateStrategy
    "M32": {
        1: ("type", "s", False),
        2: ("rollingUpdate", "m:M25", False),
    },
    # k8s.io.api.autoscaling.v2.ContainerResourceMetricSource
    "M33": {
        1: ("name", "s", False),
        2: ("target", "m:M48", False),
        3: ("container", "s", False),
    },
    # k8s.io.api.autoscaling.v2.ContainerResourceMetricStatus
    "M34": {
        1: ("name", "s", False),
        2: ("current", "m:M49", False),
        3: ("container", "s", False),
    },
    # k8s.io.api.autoscaling.v2.CrossVersionObjectReference
    "M35": {
        1: ("kind", "s", False),
        2: ("name", "s", False),
        3: ("apiVersion", "s", False),
    },
    # k8s.io.api.autoscaling.v2.ExternalMetricSource
    "M36": {
        1: ("metric", "m:M45", False),
        2: ("target", "m:M48", False),
    },
    # k8s.io.api.autoscaling.v2.ExternalMetricStatus
    "M37": {
        1: ("metric", "m:M45", False),
        2: ("current", "m:M49", False),
    },
    # k8s.io.api.autoscaling.v2.HPAScalingPolicy
    "M38": {
        1: ("type", "s", False),
        2: ("value", "i", False),
        3: ("periodSeconds", "i", False),
    },
    # k8s.io.api.autoscaling.v2.HPAScalingRules
    "M39": {
        1: ("selectPolicy", "s", False),
        2: ("policies", "m:M38", True),
        3: ("stabilizationWindowSeconds", "i", False),
        4: ("tolerance", "quantity", False),
    },
    # k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler
    "M40": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M43", False),
        3: ("status", "m:M44", False),
    },
    # k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerBehavior
    "M41": {
        1: ("scaleUp", "m:M39", False),
        2: ("scaleDown", "m:M39", False),
    },
    # k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerCondition
    "M42": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastTransitionTime", "time", False),
        4: ("reason", "s", False),
        5: ("message", "s", False),
        6: ("observedGeneration", "i", False),
    },
    # k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec
    "M43": {
        1: ("scaleTargetRef", "m:M35", False),
        2: ("minReplicas", "i", False),
        3: ("maxReplicas", "i", False),
        4: ("metrics", "m:M46", True),
        5: ("behavior", "m:M41", False),
    },
    # k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerStatus
    "M44": {
        1: ("observedGeneration", "i", False),
        2: ("lastScaleTime", "time", False),
        3: ("currentReplicas", "i", False),
        4: ("desiredReplicas", "i", False),
        5: ("currentMetrics", "m:M47", True),
        6: ("conditions", "m:M42", True),
    },
    # k8s.io.api.autoscaling.v2.MetricIdentifier
    "M45": {
        1: ("name", "s", False),
        2: ("selector", "m:M324", False),
    },
    # k8s.io.api.autoscaling.v2.MetricSpec
    "M46": {
        1: ("type", "s", False),
        2: ("object", "m:M50", False),
        3: ("pods", "m:M52", False),
        4: ("resource", "m:M54", False),
        5: ("external", "m:M36", False),
        7: ("containerResource", "m:M33", False),
    },
    # k8s.io.api.autoscaling.v2.MetricStatus
    "M47": {
        1: ("type", "s", False),
        2: ("object", "m:M51", False),
        3: ("pods", "m:M53", False),
        4: ("resource", "m:M55", False),
        5: ("external", "m:M37", False),
        7: ("containerResource", "m:M34", False),
    },
    # k8s.io.api.autoscaling.v2.MetricTarget
    "M48": {
        1: ("type", "s", False),
        2: ("value", "quantity", False),
        3: ("averageValue", "quantity", False),
        4: ("averageUtilization", "i", False),
    },
    # k8s.io.api.autoscaling.v2.MetricValueStatus
    "M49": {
        1: ("value", "quantity", False),
        2: ("averageValue", "quantity", False),
        3: ("averageUtilization", "i", False),
    },
    # k8s.io.api.autoscaling.v2.ObjectMetricSource
    "M50": {
        1: ("describedObject", "m:M35", False),
        2: ("target", "m:M48", False),
        3: ("metric", "m:M45", False),
    },
    # k8s.io.api.autoscaling.v2.ObjectMetricStatus
    "M51": {
        1: ("metric", "m:M45", False),
        2: ("current", "m:M49", False),
        3: ("describedObject", "m:M35", False),
    },
    # k8s.io.api.autoscaling.v2.PodsMetricSource
    "M52": {
        1: ("metric", "m:M45", False),
        2: ("target", "m:M48", False),
    },
    # k8s.io.api.autoscaling.v2.PodsMetricStatus
    "M53": {
        1: ("metric", "m:M45", False),
        2: ("current", "m:M49", False),
    },
    # k8s.io.api.autoscaling.v2.ResourceMetricSource
    "M54": {
        1: ("name", "s", False),
        2: ("target", "m:M48", False),
    },
    # k8s.io.api.autoscaling.v2.ResourceMetricStatus
    "M55": {
        1: ("name", "s", False),
        2: ("current", "m:M49", False),
    },
    # k8s.io.api.batch.v1.CronJob
    "M56": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M57", False),
        3: ("status", "m:M58", False),
    },
    # k8s.io.api.batch.v1.CronJobSpec
    "M57": {
        1: ("schedule", "s", False),
        2: ("startingDeadlineSeconds", "i", False),
        3: ("concurrencyPolicy", "s", False),
        4: ("suspend", "?", False),
        5: ("jobTemplate", "m:M64", False),
        6: ("successfulJobsHistoryLimit", "i", False),
        7: ("failedJobsHistoryLimit", "i", False),
        8: ("timeZone", "s", False),
    },
    # k8s.io.api.batch.v1.CronJobStatus
    "M58": {
        1: ("active", "m:M187", True),
        4: ("lastScheduleTime", "time", False),
        5: ("lastSuccessfulTime", "time", False),
    },
    # k8s.io.api.batch.v1.Job
    "M59": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M62", False),
        3: ("status", "m:M63", False),
    },
    # k8s.io.api.batch.v1.JobCondition
    "M60": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastProbeTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.batch.v1.JobSchedulingConfiguration
    "M61": {
        1: ("schedulingPolicy", "skip", False),
        2: ("schedulingConstraints", "skip", False),
        3: ("disruptionMode", "skip", False),
        4: ("resourceClaims", "skip", True),
    },
    # k8s.io.api.batch.v1.JobSpec
    "M62": {
        1: ("parallelism", "i", False),
        2: ("completions", "i", False),
        3: ("activeDeadlineSeconds", "i", False),
        4: ("selector", "m:M324", False),
        5: ("manualSelector", "?", False),
        6: ("template", "m:M218", False),
        7: ("backoffLimit", "i", False),
        8: ("ttlSecondsAfterFinished", "i", False),
        9: ("completionMode", "s", False),
        10: ("suspend", "?", False),
        11: ("podFailurePolicy", "m:M65", False),
        12: ("backoffLimitPerIndex", "i", False),
        13: ("maxFailedIndexes", "i", False),
        14: ("podReplacementPolicy", "s", False),
        15: ("managedBy", "s", False),
        16: ("successPolicy", "m:M69", False),
        17: ("scheduling", "m:M61", False),
    },
    # k8s.io.api.batch.v1.JobStatus
    "M63": {
        1: ("conditions", "m:M60", True),
        2: ("startTime", "time", False),
        3: ("completionTime", "time", False),
        4: ("active", "i", False),
        5: ("succeeded", "i", False),
        6: ("failed", "i", False),
        7: ("completedIndexes", "s", False),
        8: ("uncountedTerminatedPods", "m:M71", False),
        9: ("ready", "i", False),
        10: ("failedIndexes", "s", False),
        11: ("terminating", "i", False),
    },
    # k8s.io.api.batch.v1.JobTemplateSpec
    "M64": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M62", False),
    },
    # k8s.io.api.batch.v1.PodFailurePolicy
    "M65": {
        1: ("rules", "m:M68", True),
    },
    # k8s.io.api.batch.v1.PodFailurePolicyOnExitCodesRequirement
    "M66": {
        1: ("containerName", "s", False),
        2: ("operator", "s", False),
        3: ("values", "i", True),
    },
    # k8s.io.api.batch.v1.PodFailurePolicyOnPodConditionsPattern
    "M67": {
        1: ("type", "s", False),
        2: ("status", "s", False),
    },
    # k8s.io.api.batch.v1.PodFailurePolicyRule
    "M68": {
        1: ("action", "s", False),
        2: ("onExitCodes", "m:M66", False),
        3: ("onPodConditions", "m:M67", True),
    },
    # k8s.io.api.batch.v1.SuccessPolicy
    "M69": {
        1: ("rules", "m:M70", True),
    },
    # k8s.io.api.batch.v1.SuccessPolicyRule
    "M70": {
        1: ("succeededIndexes", "s", False),
        2: ("succeededCount", "i", False),
    },
    # k8s.io.api.batch.v1.UncountedTerminatedPods
    "M71": {
        1: ("succeeded", "s", True),
        2: ("failed", "s", True),
    },
    # k8s.io.api.coordination.v1.Lease
    "M72": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M73", False),
    },
    # k8s.io.api.coordination.v1.LeaseSpec
    "M73": {
        1: ("holderIdentity", "s", False),
        2: ("leaseDurationSeconds", "i", False),
        3: ("acquireTime", "microtime", False),
        4: ("renewTime", "microtime", False),
        5: ("leaseTransitions", "i", False),
        6: ("strategy", "s", False),
        7: ("preferredHolder", "s", False),
    },
    # k8s.io.api.core.v1.AWSElasticBlockStoreVolumeSource
    "M74": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("partition", "i", False),
        4: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.Affinity
    "M75": {
        1: ("nodeAffinity", "m:M167", False),
        2: ("podAffinity", "m:M200", False),
        3: ("podAntiAffinity", "m:M202", False),
    },
    # k8s.io.api.core.v1.AppArmorProfile
    "M76": {
        1: ("type", "s", False),
        2: ("localhostProfile", "s", False),
    },
    # k8s.io.api.core.v1.AttachedVolume
    "M77": {
        1: ("name", "s", False),
        2: ("devicePath", "s", False),
    },
    # k8s.io.api.core.v1.AzureDiskVolumeSource
    "M78": {
        1: ("diskName", "s", False),
        2: ("diskURI", "s", False),
        3: ("cachingMode", "s", False),
        4: ("fsType", "s", False),
        5: ("readOnly", "?", False),
        6: ("kind", "s", False),
    },
    # k8s.io.api.core.v1.AzureFilePersistentVolumeSource
    "M79": {
        1: ("secretName", "s", False),
        2: ("shareName", "s", False),
        3: ("readOnly", "?", False),
        4: ("secretNamespace", "s", False),
    },
    # k8s.io.api.core.v1.AzureFileVolumeSource
    "M80": {
        1: ("secretName", "s", False),
        2: ("shareName", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.CSIPersistentVolumeSource
    "M81": {
        1: ("driver", "s", False),
        2: ("volumeHandle", "s", False),
        3: ("readOnly", "?", False),
        4: ("fsType", "s", False),
        5: ("volumeAttributes", "map:s", False),
        6: ("controllerPublishSecretRef", "m:M247", False),
        7: ("nodeStageSecretRef", "m:M247", False),
        8: ("nodePublishSecretRef", "m:M247", False),
        9: ("controllerExpandSecretRef", "m:M247", False),
        10: ("nodeExpandSecretRef", "m:M247", False),
    },
    # k8s.io.api.core.v1.CSIVolumeSource
    "M82": {
        1: ("driver", "s", False),
        2: ("readOnly", "?", False),
        3: ("fsType", "s", False),
        4: ("volumeAttributes", "map:s", False),
        5: ("nodePublishSecretRef", "m:M157", False),
    },
    # k8s.io.api.core.v1.Capabilities
    "M83": {
        1: ("add", "s", True),
        2: ("drop", "s", True),
    },
    # k8s.io.api.core.v1.CephFSPersistentVolumeSource
    "M84": {
        1: ("monitors", "s", True),
        2: ("path", "s", False),
        3: ("user", "s", False),
        4: ("secretFile", "s", False),
        5: ("secretRef", "m:M247", False),
        6: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.CephFSVolumeSource
    "M85": {
        1: ("monitors", "s", True),
        2: ("path", "s", False),
        3: ("user", "s", False),
        4: ("secretFile", "s", False),
        5: ("secretRef", "m:M157", False),
        6: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.CinderPersistentVolumeSource
    "M86": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("readOnly", "?", False),
        4: ("secretRef", "m:M247", False),
    },
    # k8s.io.api.core.v1.CinderVolumeSource
    "M87": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("readOnly", "?", False),
        4: ("secretRef", "m:M157", False),
    },
    # k8s.io.api.core.v1.ClientIPConfig
    "M88": {
        1: ("timeoutSeconds", "i", False),
    },
    # k8s.io.api.core.v1.ClusterTrustBundleProjection
    "M89": {
        1: ("name", "s", False),
        2: ("signerName", "s", False),
        3: ("labelSelector", "m:M324", False),
        4: ("path", "s", False),
        5: ("optional", "?", False),
        6: ("user", "i", False),
    },
    # k8s.io.api.core.v1.ConfigMap
    "M90": {
        1: ("metadata", "m:M327", False),
        2: ("data", "map:s", False),
        3: ("binaryData", "map:b", False),
        4: ("immutable", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapEnvSource
    "M91": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapKeySelector
    "M92": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("key", "s", False),
        3: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapNodeConfigSource
    "M93": {
        1: ("namespace", "s", False),
        2: ("name", "s", False),
        3: ("uid", "s", False),
        4: ("resourceVersion", "s", False),
        5: ("kubeletConfigKey", "s", False),
    },
    # k8s.io.api.core.v1.ConfigMapProjection
    "M94": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("items", "m:M148", True),
        4: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapVolumeSource
    "M95": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("items", "m:M148", True),
        3: ("defaultMode", "i", False),
        4: ("optional", "?", False),
        5: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.Container
    "M96": {
        1: ("name", "s", False),
        2: ("image", "s", False),
        3: ("command", "s", True),
        4: ("args", "s", True),
        5: ("workingDir", "s", False),
        6: ("ports", "m:M99", True),
        7: ("env", "m:M119", True),
        8: ("resources", "m:M235", False),
        9: ("volumeMounts", "m:M273", True),
        10: ("livenessProbe", "m:M223", False),
        11: ("readinessProbe", "m:M223", False),
        12: ("lifecycle", "m:M149", False),
        13: ("terminationMessagePath", "s", False),
        14: ("imagePullPolicy", "s", False),
        15: ("securityContext", "m:M249", False),
        16: ("stdin", "?", False),
        17: ("stdinOnce", "?", False),
        18: ("tty", "?", False),
        19: ("envFrom", "m:M118", True),
        20: ("terminationMessagePolicy", "s", False),
        21: ("volumeDevices", "m:M270", True),
        22: ("startupProbe", "m:M223", False),
        23: ("resizePolicy", "m:M100", True),
        24: ("restartPolicy", "s", False),
        25: ("restartPolicyRules", "m:M101", True),
    },
    # k8s.io.api.core.v1.ContainerExtendedResourceRequest
    "M97": {
        1: ("containerName", "s", False),
        2: ("resourceName", "s", False),
        3: ("requestName", "s", False),
    },
    # k8s.io.api.core.v1.ContainerImage
    "M98": {
        1: ("names", "s", True),
        2: ("sizeBytes", "i", False),
    },
    # k8s.io.api.core.v1.ContainerPort
    "M99": {
        1: ("name", "s", False),
        2: ("hostPort", "i", False),
        3: ("containerPort", "i", False),
        4: ("protocol", "s", False),
        5: ("hostIP", "s", False),
    },
    # k8s.io.api.core.v1.ContainerResizePolicy
    "M100": {
        1: ("resourceName", "s", False),
        2: ("restartPolicy", "s", False),
    },
    # k8s.io.api.core.v1.ContainerRestartRule
    "M101": {
        1: ("action", "s", False),
        2: ("exitCodes", "m:M102", False),
    },
    # k8s.io.api.core.v1.ContainerRestartRuleOnExitCodes
    "M102": {
        1: ("operator", "s", False),
        2: ("values", "i", True),
    },
    # k8s.io.api.core.v1.ContainerState
    "M103": {
        1: ("waiting", "m:M106", False),
        2: ("running", "m:M104", False),
        3: ("terminated", "m:M105", False),
    },
    # k8s.io.api.core.v1.ContainerStateRunning
    "M104": {
        1: ("startedAt", "time", False),
    },
    # k8s.io.api.core.v1.ContainerStateTerminated
    "M105": {
        1: ("exitCode", "i", False),
        2: ("signal", "i", False),
        3: ("reason", "s", False),
        4: ("message", "s", False),
        5: ("startedAt", "time", False),
        6: ("finishedAt", "time", False),
        7: ("containerID", "s", False),
    },
    # k8s.io.api.core.v1.ContainerStateWaiting
    "M106": {
        1: ("reason", "s", False),
        2: ("message", "s", False),
    },
    # k8s.io.api.core.v1.ContainerStatus
    "M107": {
        1: ("name", "s", False),
        2: ("state", "m:M103", False),
        3: ("lastState", "m:M103", False),
        4: ("ready", "?", False),
        5: ("restartCount", "i", False),
        6: ("image", "s", False),
        7: ("imageID", "s", False),
        8: ("containerID", "s", False),
        9: ("started", "?", False),
        10: ("allocatedResources", "map:quantity", False),
        11: ("resources", "m:M235", False),
        12: ("volumeMounts", "m:M274", True),
        13: ("user", "m:M108", False),
        14: ("allocatedResourcesStatus", "m:M236", True),
        15: ("stopSignal", "s", False),
    },
    # k8s.io.api.core.v1.ContainerUser
    "M108": {
        1: ("linux", "m:M154", False),
    },
    # k8s.io.api.core.v1.DaemonEndpoint
    "M109": {
        1: ("Port", "i", False),
    },
    # k8s.io.api.core.v1.DownwardAPIProjection
    "M110": {
        1: ("items", "m:M111", True),
    },
    # k8s.io.api.core.v1.DownwardAPIVolumeFile
    "M111": {
        1: ("path", "s", False),
        2: ("fieldRef", "m:M186", False),
        3: ("resourceFieldRef", "m:M230", False),
        4: ("mode", "i", False),
        5: ("user", "i", False),
    },
    # k8s.io.api.core.v1.DownwardAPIVolumeSource
    "M112": {
        1: ("items", "m:M111", True),
        2: ("defaultMode", "i", False),
        3: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.EmptyDirVolumeSource
    "M113": {
        1: ("medium", "s", False),
        2: ("sizeLimit", "quantity", False),
        3: ("mode", "i", False),
    },
    # k8s.io.api.core.v1.EndpointAddress
    "M114": {
        1: ("ip", "s", False),
        2: ("targetRef", "m:M187", False),
        3: ("hostname", "s", False),
        4: ("nodeName", "s", False),
    },
    # k8s.io.api.core.v1.EndpointPort
    "M115": {
        1: ("name", "s", False),
        2: ("port", "i", False),
        3: ("protocol", "s", False),
        4: ("appProtocol", "s", False),
    },
    # k8s.io.api.core.v1.EndpointSubset
    "M116": {
        1: ("addresses", "m:M114", True),
        2: ("notReadyAddresses", "m:M114", True),
        3: ("ports", "m:M115", True),
    },
    # k8s.io.api.core.v1.Endpoints
    "M117": {
        1: ("metadata", "m:M327", False),
        2: ("subsets", "m:M116", True),
    },
    # k8s.io.api.core.v1.EnvFromSource
    "M118": {
        1: ("prefix", "s", False),
        2: ("configMapRef", "m:M91", False),
        3: ("secretRef", "m:M244", False),
    },
    # k8s.io.api.core.v1.EnvVar
    "M119": {
        1: ("name", "s", False),
        2: ("value", "s", False),
        3: ("valueFrom", "m:M120", False),
    },
    # k8s.io.api.core.v1.EnvVarSource
    "M120": {
        1: ("fieldRef", "m:M186", False),
        2: ("resourceFieldRef", "m:M230", False),
        3: ("configMapKeyRef", "m:M92", False),
        4: ("secretKeyRef", "m:M245", False),
        5: ("fileKeyRef", "m:M130", False),
    },
    # k8s.io.api.core.v1.EphemeralContainer
    "M121": {
        1: ("ephemeralContainerCommon", "inline:M122", False),
        2: ("targetContainerName", "s", False),
    },
    # k8s.io.api.core.v1.EphemeralContainerCommon
    "M122": {
        1: ("name", "s", False),
        2: ("image", "s", False),
        3: ("command", "s", True),
        4: ("args", "s", True),
        5: ("workingDir", "s", False),
        6: ("ports", "m:M99", True),
        7: ("env", "m:M119", True),
        8: ("resources", "m:M235", False),
        9: ("volumeMounts", "m:M273", True),
        10: ("livenessProbe", "m:M223", False),
        11: ("readinessProbe", "m:M223", False),
        12: ("lifecycle", "m:M149", False),
        13: ("terminationMessagePath", "s", False),
        14: ("imagePullPolicy", "s", False),
        15: ("securityContext", "m:M249", False),
        16: ("stdin", "?", False),
        17: ("stdinOnce", "?", False),
        18: ("tty", "?", False),
        19: ("envFrom", "m:M118", True),
        20: ("terminationMessagePolicy", "s", False),
        21: ("volumeDevices", "m:M270", True),
        22: ("startupProbe", "m:M223", False),
        23: ("resizePolicy", "m:M100", True),
        24: ("restartPolicy", "s", False),
        25: ("restartPolicyRules", "m:M101", True),
    },
    # k8s.io.api.core.v1.EphemeralVolumeSource
    "M123": {
        1: ("volumeClaimTemplate", "m:M193", False),
    },
    # k8s.io.api.core.v1.Event
    "M124": {
        1: ("metadata", "m:M327", False),
        2: ("involvedObject", "m:M187", False),
        3: ("reason", "s", False),
        4: ("message", "s", False),
        5: ("source", "m:M126", False),
        6: ("firstTimestamp", "time", False),
        7: ("lastTimestamp", "time", False),
        8: ("count", "i", False),
        9: ("type", "s", False),
        10: ("eventTime", "microtime", False),
        11: ("series", "m:M125", False),
        12: ("action", "s", False),
        13: ("related", "m:M187", False),
        14: ("reportingComponent", "s", False),
        15: ("reportingInstance", "s", False),
    },
    # k8s.io.api.core.v1.EventSeries
    "M125": {
        1: ("count", "i", False),
        2: ("lastObservedTime", "microtime", False),
    },
    # k8s.io.api.core.v1.EventSource
    "M126": {
        1: ("component", "s", False),
        2: ("host", "s", False),
    },
    # k8s.io.api.core.v1.EvictionResponder
    "M127": {
        1: ("name", "s", False),
        2: ("priority", "i", False),
    },
    # k8s.io.api.core.v1.ExecAction
    "M128": {
        1: ("command", "s", True),
    },
    # k8s.io.api.core.v1.FCVolumeSource
    "M129": {
        1: ("targetWWNs", "s", True),
        2: ("lun", "i", False),
        3: ("fsType", "s", False),
        4: ("readOnly", "?", False),
        5: ("wwids", "s", True),
    },
    # k8s.io.api.core.v1.FileKeySelector
    "M130": {
        1: ("volumeName", "s", False),
        2: ("path", "s", False),
        3: ("key", "s", False),
        4: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.FlexPersistentVolumeSource
    "M131": {
        1: ("driver", "s", False),
        2: ("fsType", "s", False),
        3: ("secretRef", "m:M247", False),
        4: ("readOnly", "?", False),
        5: ("options", "map:s", False),
    },
    # k8s.io.api.core.v1.FlexVolumeSource
    "M132": {
        1: ("driver", "s", False),
        2: ("fsType", "s", False),
        3: ("secretRef", "m:M157", False),
        4: ("readOnly", "?", False),
        5: ("options", "map:s", False),
    },
    # k8s.io.api.core.v1.FlockerVolumeSource
    "M133": {
        1: ("datasetName", "s", False),
        2: ("datasetUUID", "s", False),
    },
    # k8s.io.api.core.v1.GCEPersistentDiskVolumeSource
    "M134": {
        1: ("pdName", "s", False),
        2: ("fsType", "s", False),
        3: ("partition", "i", False),
        4: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.GRPCAction
    "M135": {
        1: ("port", "i", False),
        2: ("service", "s", False),
        3: ("mode", "s", False),
    },
    # k8s.io.api.core.v1.GitRepoVolumeSource
    "M136": {
        1: ("repository", "s", False),
        2: ("revision", "s", False),
        3: ("directory", "s", False),
    },
    # k8s.io.api.core.v1.GlusterfsPersistentVolumeSource
    "M137": {
        1: ("endpoints", "s", False),
        2: ("path", "s", False),
        3: ("readOnly", "?", False),
        4: ("endpointsNamespace", "s", False),
    },
    # k8s.io.api.core.v1.GlusterfsVolumeSource
    "M138": {
        1: ("endpoints", "s", False),
        2: ("path", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.HTTPGetAction
    "M139": {
        1: ("path", "s", False),
        2: ("port", "intstr", False),
        3: ("host", "s", False),
        4: ("scheme", "s", False),
        5: ("httpHeaders", "m:M140", True),
        6: ("protocol", "s", False),
    },
    # k8s.io.api.core.v1.HTTPHeader
    "M140": {
        1: ("name", "s", False),
        2: ("value", "s", False),
    },
    # k8s.io.api.core.v1.HostAlias
    "M141": {
        1: ("ip", "s", False),
        2: ("hostnames", "s", True),
    },
    # k8s.io.api.core.v1.HostIP
    "M142": {
        1: ("ip", "s", False),
    },
    # k8s.io.api.core.v1.HostPathVolumeSource
    "M143": {
        1: ("path", "s", False),
        2: ("type", "s", False),
    },
    # k8s.io.api.core.v1.ISCSIPersistentVolumeSource
    "M144": {
        1: ("targetPortal", "s", False),
        2: ("iqn", "s", False),
        3: ("lun", "i", False),
        4: ("iscsiInterface", "s", False),
        5: ("fsType", "s", False),
        6: ("readOnly", "?", False),
        7: ("portals", "s", True),
        8: ("chapAuthDiscovery", "?", False),
        10: ("secretRef", "m:M247", False),
        11: ("chapAuthSession", "?", False),
        12: ("initiatorName", "s", False),
    },
    # k8s.io.api.core.v1.ISCSIVolumeSource
    "M145": {
        1: ("targetPortal", "s", False),
        2: ("iqn", "s", False),
        3: ("lun", "i", False),
        4: ("iscsiInterface", "s", False),
        5: ("fsType", "s", False),
        6: ("readOnly", "?", False),
        7: ("portals", "s", True),
        8: ("chapAuthDiscovery", "?", False),
        10: ("secretRef", "m:M157", False),
        11: ("chapAuthSession", "?", False),
        12: ("initiatorName", "s", False),
    },
    # k8s.io.api.core.v1.ImageVolumeSource
    "M146": {
        1: ("reference", "s", False),
        2: ("pullPolicy", "s", False),
    },
    # k8s.io.api.core.v1.ImageVolumeStatus
    "M147": {
        1: ("imageRef", "s", False),
    },
    # k8s.io.api.core.v1.KeyToPath
    "M148": {
        1: ("key", "s", False),
        2: ("path", "s", False),
        3: ("mode", "i", False),
        4: ("user", "i", False),
    },
    # k8s.io.api.core.v1.Lifecycle
    "M149": {
        1: ("postStart", "m:M150", False),
        2: ("preStop", "m:M150", False),
        3: ("stopSignal", "s", False),
    },
    # k8s.io.api.core.v1.LifecycleHandler
    "M150": {
        1: ("exec", "m:M128", False),
        2: ("httpGet", "m:M139", False),
        3: ("tcpSocket", "m:M261", False),
        4: ("sleep", "m:M257", False),
    },
    # k8s.io.api.core.v1.LimitRange
    "M151": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M153", False),
    },
    # k8s.io.api.core.v1.LimitRangeItem
    "M152": {
        1: ("type", "s", False),
        2: ("max", "map:quantity", False),
        3: ("min", "map:quantity", False),
        4: ("default", "map:quantity", False),
        5: ("defaultRequest", "map:quantity", False),
        6: ("maxLimitRequestRatio", "map:quantity", False),
    },
    # k8s.io.api.core.v1.LimitRangeSpec
    "M153": {
        1: ("limits", "m:M152", True),
    },
    # k8s.io.api.core.v1.LinuxContainerUser
    "M154": {
        1: ("uid", "i", False),
        2: ("gid", "i", False),
        3: ("supplementalGroups", "i", True),
    },
    # k8s.io.api.core.v1.LoadBalancerIngress
    "M155": {
        1: ("ip", "s", False),
        2: ("hostname", "s", False),
        3: ("ipMode", "s", False),
        4: ("ports", "m:M220", True),
    },
    # k8s.io.api.core.v1.LoadBalancerStatus
    "M156": {
        1: ("ingress", "m:M155", True),
    },
    # k8s.io.api.core.v1.LocalObjectReference
    "M157": {
        1: ("name", "s", False),
    },
    # k8s.io.api.core.v1.LocalVolumeSource
    "M158": {
        1: ("path", "s", False),
        2: ("fsType", "s", False),
    },
    # k8s.io.api.core.v1.ModifyVolumeStatus
    "M159": {
        1: ("targetVolumeAttributesClassName", "s", False),
        2: ("status", "s", False),
    },
    # k8s.io.api.core.v1.NFSVolumeSource
    "M160": {
        1: ("server", "s", False),
        2: ("path", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.Namespace
    "M161": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M163", False),
        3: ("status", "m:M164", False),
    },
    # k8s.io.api.core.v1.NamespaceCondition
    "M162": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.NamespaceSpec
    "M163": {
        1: ("finalizers", "s", True),
    },
    # k8s.io.api.core.v1.NamespaceStatus
    "M164": {
        1: ("phase", "s", False),
        2: ("conditions", "m:M162", True),
    },
    # k8s.io.api.core.v1.Node
    "M165": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M182", False),
        3: ("status", "m:M183", False),
    },
    # k8s.io.api.core.v1.NodeAddress
    "M166": {
        1: ("type", "s", False),
        2: ("address", "s", False),
    },
    # k8s.io.api.core.v1.NodeAffinity
    "M167": {
        1: ("requiredDuringSchedulingIgnoredDuringExecution", "m:M179", False),
        2: ("preferredDuringSchedulingIgnoredDuringExecution", "m:M222", True),
    },
    # k8s.io.api.core.v1.NodeAllocatableMappedResources
    "M168": {
        1: ("name", "s", False),
        2: ("quantity", "quantity", False),
    },
    # k8s.io.api.core.v1.NodeAllocatableOverheadResources
    "M169": {
        1: ("name", "s", False),
        2: ("perPod", "quantity", False),
        3: ("perContainer", "quantity", False),
    },
    # k8s.io.api.core.v1.NodeAllocatableResourceClaimStatus
    "M170": {
        1: ("resourceClaimName", "s", False),
        2: ("containers", "s", True),
        4: ("mapping", "m:M168", True),
        5: ("overhead", "m:M169", True),
    },
    # k8s.io.api.core.v1.NodeCondition
    "M171": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastHeartbeatTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.NodeConfigSource
    "M172": {
        2: ("configMap", "m:M93", False),
    },
    # k8s.io.api.core.v1.NodeConfigStatus
    "M173": {
        1: ("assigned", "m:M172", False),
        2: ("active", "m:M172", False),
        3: ("lastKnownGood", "m:M172", False),
        4: ("error", "s", False),
    },
    # k8s.io.api.core.v1.NodeDaemonEndpoints
    "M174": {
        1: ("kubeletEndpoint", "m:M109", False),
    },
    # k8s.io.api.core.v1.NodeFeatures
    "M175": {
        1: ("supplementalGroupsPolicy", "?", False),
    },
    # k8s.io.api.core.v1.NodePodPreemptionPolicy
    "M176": {
        1: ("disableResizePreemption", "s", True),
    },
    # k8s.io.api.core.v1.NodeRuntimeHandler
    "M177": {
        1: ("name", "s", False),
        2: ("features", "m:M178", False),
    },
    # k8s.io.api.core.v1.NodeRuntimeHandlerFeatures
    "M178": {
        1: ("recursiveReadOnlyMounts", "?", False),
        2: ("userNamespaces", "?", False),
    },
    # k8s.io.api.core.v1.NodeSelector
    "M179": {
        1: ("nodeSelectorTerms", "m:M181", True),
    },
    # k8s.io.api.core.v1.NodeSelectorRequirement
    "M180": {
        1: ("key", "s", False),
        2: ("operator", "s", False),
        3: ("values", "s", True),
    },
    # k8s.io.api.core.v1.NodeSelectorTerm
    "M181": {
        1: ("matchExpressions", "m:M180", True),
        2: ("matchFields", "m:M180", True),
    },
    # k8s.io.api.core.v1.NodeSpec
    "M182": {
        1: ("podCIDR", "s", False),
        2: ("externalID", "s", False),
        3: ("providerID", "s", False),
        4: ("unschedulable", "?", False),
        5: ("taints", "m:M262", True),
        6: ("configSource", "m:M172", False),
        7: ("podCIDRs", "s", True),
        8: ("podPreemptionPolicy", "m:M176", False),
    },
    # k8s.io.api.core.v1.NodeStatus
    "M183": {
        1: ("capacity", "map:quantity", False),
        2: ("allocatable", "map:quantity", False),
        3: ("phase", "s", False),
        4: ("conditions", "m:M171", True),
        5: ("addresses", "m:M166", True),
        6: ("daemonEndpoints", "m:M174", False),
        7: ("nodeInfo", "m:M185", False),
        8: ("images", "m:M98", True),
        9: ("volumesInUse", "s", True),
        10: ("volumesAttached", "m:M77", True),
        11: ("config", "m:M173", False),
        12: ("runtimeHandlers", "m:M177", True),
        13: ("features", "m:M175", False),
        14: ("declaredFeatures", "s", True),
    },
    # k8s.io.api.core.v1.NodeSwapStatus
    "M184": {
        1: ("capacity", "i", False),
    },
    # k8s.io.api.core.v1.NodeSystemInfo
    "M185": {
        1: ("machineID", "s", False),
        2: ("systemUUID", "s", False),
        3: ("bootID", "s", False),
        4: ("kernelVersion", "s", False),
        5: ("osImage", "s", False),
        6: ("containerRuntimeVersion", "s", False),
        7: ("kubeletVersion", "s", False),
        8: ("kubeProxyVersion", "s", False),
        9: ("operatingSystem", "s", False),
        10: ("architecture", "s", False),
        11: ("swap", "m:M184", False),
    },
    # k8s.io.api.core.v1.ObjectFieldSelector
    "M186": {
        1: ("apiVersion", "s", False),
        2: ("fieldPath", "s", False),
    },
    # k8s.io.api.core.v1.ObjectReference
    "M187": {
        1: ("kind", "s", False),
        2: ("namespace", "s", False),
        3: ("name", "s", False),
        4: ("uid", "s", False),
        5: ("apiVersion", "s", False),
        6: ("resourceVersion", "s", False),
        7: ("fieldPath", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolume
    "M188": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M196", False),
        3: ("status", "m:M197", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaim
    "M189": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M191", False),
        3: ("status", "m:M192", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimCondition
    "M190": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastProbeTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimSpec
    "M191": {
        1: ("accessModes", "s", True),
        2: ("resources", "m:M277", False),
        3: ("volumeName", "s", False),
        4: ("selector", "m:M324", False),
        5: ("storageClassName", "s", False),
        6: ("volumeMode", "s", False),
        7: ("dataSource", "m:M267", False),
        8: ("dataSourceRef", "m:M268", False),
        9: ("volumeAttributesClassName", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimStatus
    "M192": {
        1: ("phase", "s", False),
        2: ("accessModes", "s", True),
        3: ("capacity", "map:quantity", False),
        4: ("conditions", "m:M190", True),
        5: ("allocatedResources", "map:quantity", False),
        7: ("allocatedResourceStatuses", "map:s", False),
        8: ("currentVolumeAttributesClassName", "s", False),
        9: ("modifyVolumeStatus", "m:M159", False),
        10: ("healthStatus", "m:M272", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimTemplate
    "M193": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M191", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimVolumeSource
    "M194": {
        1: ("claimName", "s", False),
        2: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeSource
    "M195": {
        1: ("gcePersistentDisk", "m:M134", False),
        2: ("awsElasticBlockStore", "m:M74", False),
        3: ("hostPath", "m:M143", False),
        4: ("glusterfs", "m:M137", False),
        5: ("nfs", "m:M160", False),
        6: ("rbd", "m:M227", False),
        7: ("iscsi", "m:M144", False),
        8: ("cinder", "m:M86", False),
        9: ("cephfs", "m:M84", False),
        10: ("fc", "m:M129", False),
        11: ("flocker", "m:M133", False),
        12: ("flexVolume", "m:M131", False),
        13: ("azureFile", "m:M79", False),
        14: ("vsphereVolume", "m:M280", False),
        15: ("quobyte", "m:M226", False),
        16: ("azureDisk", "m:M78", False),
        17: ("photonPersistentDisk", "m:M198", False),
        18: ("portworxVolume", "m:M221", False),
        19: ("scaleIO", "m:M238", False),
        20: ("local", "m:M158", False),
        21: ("storageos", "m:M258", False),
        22: ("csi", "m:M81", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeSpec
    "M196": {
        1: ("capacity", "map:quantity", False),
        2: ("persistentVolumeSource", "inline:M195", False),
        3: ("accessModes", "s", True),
        4: ("claimRef", "m:M187", False),
        5: ("persistentVolumeReclaimPolicy", "s", False),
        6: ("storageClassName", "s", False),
        7: ("mountOptions", "s", True),
        8: ("volumeMode", "s", False),
        9: ("nodeAffinity", "m:M275", False),
        10: ("volumeAttributesClassName", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeStatus
    "M197": {
        1: ("phase", "s", False),
        2: ("message", "s", False),
        3: ("reason", "s", False),
        4: ("lastPhaseTransitionTime", "time", False),
    },
    # k8s.io.api.core.v1.PhotonPersistentDiskVolumeSource
    "M198": {
        1: ("pdID", "s", False),
        2: ("fsType", "s", False),
    },
    # k8s.io.api.core.v1.Pod
    "M199": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M216", False),
        3: ("status", "m:M217", False),
    },
    # k8s.io.api.core.v1.PodAffinity
    "M200": {
        1: ("requiredDuringSchedulingIgnoredDuringExecution", "m:M201", True),
        2: ("preferredDuringSchedulingIgnoredDuringExecution", "m:M281", True),
    },
    # k8s.io.api.core.v1.PodAffinityTerm
    "M201": {
        1: ("labelSelector", "m:M324", False),
        2: ("namespaces", "s", True),
        3: ("topologyKey", "s", False),
        4: ("namespaceSelector", "m:M324", False),
        5: ("matchLabelKeys", "s", True),
        6: ("mismatchLabelKeys", "s", True),
    },
    # k8s.io.api.core.v1.PodAntiAffinity
    "M202": {
        1: ("requiredDuringSchedulingIgnoredDuringExecution", "m:M201", True),
        2: ("preferredDuringSchedulingIgnoredDuringExecution", "m:M281", True),
    },
    # k8s.io.api.core.v1.PodCertificateProjection
    "M203": {
        1: ("signerName", "s", False),
        2: ("keyType", "s", False),
        3: ("maxExpirationSeconds", "i", False),
        4: ("credentialBundlePath", "s", False),
        5: ("keyPath", "s", False),
        6: ("certificateChainPath", "s", False),
        7: ("userAnnotations", "map:s", False),
        8: ("user", "i", False),
    },
    # k8s.io.api.core.v1.PodCondition
    "M204": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastProbeTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
        7: ("observedGeneration", "i", False),
    },
    # k8s.io.api.core.v1.PodDNSConfig
    "M205": {
        1: ("nameservers", "s", True),
        2: ("searches", "s", True),
        3: ("options", "m:M206", True),
    },
    # k8s.io.api.core.v1.PodDNSConfigOption
    "M206": {
        1: ("name", "s", False),
        2: ("value", "s", False),
    },
    # k8s.io.api.core.v1.PodExtendedResourceClaimStatus
    "M207": {
        1: ("requestMappings", "m:M97", True),
        2: ("resourceClaimName", "s", False),
    },
    # k8s.io.api.core.v1.PodIP
    "M208": {
        1: ("ip", "s", False),
    },
    # k8s.io.api.core.v1.PodOS
    "M209": {
        1: ("name", "s", False),
    },
    # k8s.io.api.core.v1.PodReadinessGate
    "M210": {
        1: ("conditionType", "s", False),
    },
    # k8s.io.api.core.v1.PodResourceClaim
    "M211": {
        1: ("name", "s", False),
        3: ("resourceClaimName", "s", False),
        4: ("resourceClaimTemplateName", "s", False),
    },
    # k8s.io.api.core.v1.PodResourceClaimStatus
    "M212": {
        1: ("name", "s", False),
        2: ("resourceClaimName", "s", False),
    },
    # k8s.io.api.core.v1.PodSchedulingGate
    "M213": {
        1: ("name", "s", False),
    },
    # k8s.io.api.core.v1.PodSchedulingGroup
    "M214": {
        1: ("podGroupName", "s", False),
    },
    # k8s.io.api.core.v1.PodSecurityContext
    "M215": {
        1: ("seLinuxOptions", "m:M237", False),
        2: ("runAsUser", "i", False),
        3: ("runAsNonRoot", "?", False),
        4: ("supplementalGroups", "i", True),
        5: ("fsGroup", "i", False),
        6: ("runAsGroup", "i", False),
        7: ("sysctls", "m:M260", True),
        8: ("windowsOptions", "m:M282", False),
        9: ("fsGroupChangePolicy", "s", False),
        10: ("seccompProfile", "m:M242", False),
        11: ("appArmorProfile", "m:M76", False),
        12: ("supplementalGroupsPolicy", "s", False),
        13: ("seLinuxChangePolicy", "s", False),
    },
    # k8s.io.api.core.v1.PodSpec
    "M216": {
        1: ("volumes", "m:M269", True),
        2: ("containers", "m:M96", True),
        3: ("restartPolicy", "s", False),
        4: ("terminationGracePeriodSeconds", "i", False),
        5: ("activeDeadlineSeconds", "i", False),
        6: ("dnsPolicy", "s", False),
        7: ("nodeSelector", "map:s", False),
        8: ("serviceAccountName", "s", False),
        9: ("serviceAccount", "s", False),
        10: ("nodeName", "s", False),
        11: ("hostNetwork", "?", False),
        12: ("hostPID", "?", False),
        13: ("hostIPC", "?", False),
        14: ("securityContext", "m:M215", False),
        15: ("imagePullSecrets", "m:M157", True),
        16: ("hostname", "s", False),
        17: ("subdomain", "s", False),
        18: ("affinity", "m:M75", False),
        19: ("schedulerName", "s", False),
        20: ("initContainers", "m:M96", True),
        21: ("automountServiceAccountToken", "?", False),
        22: ("tolerations", "m:M263", True),
        23: ("hostAliases", "m:M141", True),
        24: ("priorityClassName", "s", False),
        25: ("priority", "i", False),
        26: ("dnsConfig", "m:M205", False),
        27: ("shareProcessNamespace", "?", False),
        28: ("readinessGates", "m:M210", True),
        29: ("runtimeClassName", "s", False),
        30: ("enableServiceLinks", "?", False),
        31: ("preemptionPolicy", "s", False),
        32: ("overhead", "map:quantity", False),
        33: ("topologySpreadConstraints", "m:M266", True),
        34: ("ephemeralContainers", "m:M121", True),
        35: ("setHostnameAsFQDN", "?", False),
        36: ("os", "m:M209", False),
        37: ("hostUsers", "?", False),
        38: ("schedulingGates", "m:M213", True),
        39: ("resourceClaims", "m:M211", True),
        40: ("resources", "m:M235", False),
        41: ("hostnameOverride", "s", False),
        43: ("schedulingGroup", "m:M214", False),
        44: ("evictionResponders", "m:M127", True),
    },
    # k8s.io.api.core.v1.PodStatus
    "M217": {
        1: ("phase", "s", False),
        2: ("conditions", "m:M204", True),
        3: ("message", "s", False),
        4: ("reason", "s", False),
        5: ("hostIP", "s", False),
        6: ("podIP", "s", False),
        7: ("startTime", "time", False),
        8: ("containerStatuses", "m:M107", True),
        9: ("qosClass", "s", False),
        10: ("initContainerStatuses", "m:M107", True),
        11: ("nominatedNodeName", "s", False),
        12: ("podIPs", "m:M208", True),
        13: ("ephemeralContainerStatuses", "m:M107", True),
        14: ("resize", "s", False),
        15: ("resourceClaimStatuses", "m:M212", True),
        16: ("hostIPs", "m:M142", True),
        17: ("observedGeneration", "i", False),
        18: ("extendedResourceClaimStatus", "m:M207", False),
        19: ("allocatedResources", "map:quantity", False),
        20: ("resources", "m:M235", False),
        21: ("nodeAllocatableResourceClaimStatuses", "m:M170", True),
        22: ("volumeHealth", "m:M219", True),
    },
    # k8s.io.api.core.v1.PodTemplateSpec
    "M218": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M216", False),
    },
    # k8s.io.api.core.v1.PodVolumeHealth
    "M219": {
        1: ("name", "s", False),
        2: ("healthConditions", "m:M271", True),
        3: ("lastTransitionTime", "time", False),
    },
    # k8s.io.api.core.v1.PortStatus
    "M220": {
        1: ("port", "i", False),
        2: ("protocol", "s", False),
        3: ("error", "s", False),
    },
    # k8s.io.api.core.v1.PortworxVolumeSource
    "M221": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.PreferredSchedulingTerm
    "M222": {
        1: ("weight", "i", False),
        2: ("preference", "m:M181", False),
    },
    # k8s.io.api.core.v1.Probe
    "M223": {
        1: ("handler", "inline:M224", False),
        2: ("initialDelaySeconds", "i", False),
        3: ("timeoutSeconds", "i", False),
        4: ("periodSeconds", "i", False),
        5: ("successThreshold", "i", False),
        6: ("failureThreshold", "i", False),
        7: ("terminationGracePeriodSeconds", "i", False),
    },
    # k8s.io.api.core.v1.ProbeHandler
    "M224": {
        1: ("exec", "m:M128", False),
        2: ("httpGet", "m:M139", False),
        3: ("tcpSocket", "m:M261", False),
        4: ("grpc", "m:M135", False),
    },
    # k8s.io.api.core.v1.ProjectedVolumeSource
    "M225": {
        1: ("sources", "m:M276", True),
        2: ("defaultMode", "i", False),
        3: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.QuobyteVolumeSource
    "M226": {
        1: ("registry", "s", False),
        2: ("volume", "s", False),
        3: ("readOnly", "?", False),
        4: ("user", "s", False),
        5: ("group", "s", False),
        6: ("tenant", "s", False),
    },
    # k8s.io.api.core.v1.RBDPersistentVolumeSource
    "M227": {
        1: ("monitors", "s", True),
        2: ("image", "s", False),
        3: ("fsType", "s", False),
        4: ("pool", "s", False),
        5: ("user", "s", False),
        6: ("keyring", "s", False),
        7: ("secretRef", "m:M247", False),
        8: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.RBDVolumeSource
    "M228": {
        1: ("monitors", "s", True),
        2: ("image", "s", False),
        3: ("fsType", "s", False),
        4: ("pool", "s", False),
        5: ("user", "s", False),
        6: ("keyring", "s", False),
        7: ("secretRef", "m:M157", False),
        8: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.ResourceClaim
    "M229": {
        1: ("name", "s", False),
        2: ("request", "s", False),
    },
    # k8s.io.api.core.v1.ResourceFieldSelector
    "M230": {
        1: ("containerName", "s", False),
        2: ("resource", "s", False),
        3: ("divisor", "quantity", False),
    },
    # k8s.io.api.core.v1.ResourceHealth
    "M231": {
        1: ("resourceID", "s", False),
        2: ("health", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.ResourceQuota
    "M232": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M233", False),
        3: ("status", "m:M234", False),
    },
    # k8s.io.api.core.v1.ResourceQuotaSpec
    "M233": {
        1: ("hard", "map:quantity", False),
        2: ("scopes", "s", True),
        3: ("scopeSelector", "m:M240", False),
    },
    # k8s.io.api.core.v1.ResourceQuotaStatus
    "M234": {
        1: ("hard", "map:quantity", False),
        2: ("used", "map:quantity", False),
    },
    # k8s.io.api.core.v1.ResourceRequirements
    "M235": {
        1: ("limits", "map:quantity", False),
        2: ("requests", "map:quantity", False),
        3: ("claims", "m:M229", True),
    },
    # k8s.io.api.core.v1.ResourceStatus
    "M236": {
        1: ("name", "s", False),
        2: ("resources", "m:M231", True),
    },
    # k8s.io.api.core.v1.SELinuxOptions
    "M237": {
        1: ("user", "s", False),
        2: ("role", "s", False),
        3: ("type", "s", False),
        4: ("level", "s", False),
    },
    # k8s.io.api.core.v1.ScaleIOPersistentVolumeSource
    "M238": {
        1: ("gateway", "s", False),
        2: ("system", "s", False),
        3: ("secretRef", "m:M247", False),
        4: ("sslEnabled", "?", False),
        5: ("protectionDomain", "s", False),
        6: ("storagePool", "s", False),
        7: ("storageMode", "s", False),
        8: ("volumeName", "s", False),
        9: ("fsType", "s", False),
        10: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.ScaleIOVolumeSource
    "M239": {
        1: ("gateway", "s", False),
        2: ("system", "s", False),
        3: ("secretRef", "m:M157", False),
        4: ("sslEnabled", "?", False),
        5: ("protectionDomain", "s", False),
        6: ("storagePool", "s", False),
        7: ("storageMode", "s", False),
        8: ("volumeName", "s", False),
        9: ("fsType", "s", False),
        10: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.ScopeSelector
    "M240": {
        1: ("matchExpressions", "m:M241", True),
    },
    # k8s.io.api.core.v1.ScopedResourceSelectorRequirement
    "M241": {
        1: ("scopeName", "s", False),
        2: ("operator", "s", False),
        3: ("values", "s", True),
    },
    # k8s.io.api.core.v1.SeccompProfile
    "M242": {
        1: ("type", "s", False),
        2: ("localhostProfile", "s", False),
    },
    # k8s.io.api.core.v1.Secret
    "M243": {
        1: ("metadata", "m:M327", False),
        2: ("data", "map:b", False),
        3: ("type", "s", False),
        4: ("stringData", "map:s", False),
        5: ("immutable", "?", False),
    },
    # k8s.io.api.core.v1.SecretEnvSource
    "M244": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.SecretKeySelector
    "M245": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("key", "s", False),
        3: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.SecretProjection
    "M246": {
        1: ("localObjectReference", "inline:M157", False),
        2: ("items", "m:M148", True),
        4: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.SecretReference
    "M247": {
        1: ("name", "s", False),
        2: ("namespace", "s", False),
    },
    # k8s.io.api.core.v1.SecretVolumeSource
    "M248": {
        1: ("secretName", "s", False),
        2: ("items", "m:M148", True),
        3: ("defaultMode", "i", False),
        4: ("optional", "?", False),
        5: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.SecurityContext
    "M249": {
        1: ("capabilities", "m:M83", False),
        2: ("privileged", "?", False),
        3: ("seLinuxOptions", "m:M237", False),
        4: ("runAsUser", "i", False),
        5: ("runAsNonRoot", "?", False),
        6: ("readOnlyRootFilesystem", "?", False),
        7: ("allowPrivilegeEscalation", "?", False),
        8: ("runAsGroup", "i", False),
        9: ("procMount", "s", False),
        10: ("windowsOptions", "m:M282", False),
        11: ("seccompProfile", "m:M242", False),
        12: ("appArmorProfile", "m:M76", False),
    },
    # k8s.io.api.core.v1.Service
    "M250": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M254", False),
        3: ("status", "m:M255", False),
    },
    # k8s.io.api.core.v1.ServiceAccount
    "M251": {
        1: ("metadata", "m:M327", False),
        2: ("secrets", "m:M187", True),
        3: ("imagePullSecrets", "m:M157", True),
        4: ("automountServiceAccountToken", "?", False),
    },
    # k8s.io.api.core.v1.ServiceAccountTokenProjection
    "M252": {
        1: ("audience", "s", False),
        2: ("expirationSeconds", "i", False),
        3: ("path", "s", False),
        4: ("user", "i", False),
    },
    # k8s.io.api.core.v1.ServicePort
    "M253": {
        1: ("name", "s", False),
        2: ("protocol", "s", False),
        3: ("port", "i", False),
        4: ("targetPort", "intstr", False),
        5: ("nodePort", "i", False),
        6: ("appProtocol", "s", False),
    },
    # k8s.io.api.core.v1.ServiceSpec
    "M254": {
        1: ("ports", "m:M253", True),
        2: ("selector", "map:s", False),
        3: ("clusterIP", "s", False),
        4: ("type", "s", False),
        5: ("externalIPs", "s", True),
        7: ("sessionAffinity", "s", False),
        8: ("loadBalancerIP", "s", False),
        9: ("loadBalancerSourceRanges", "s", True),
        10: ("externalName", "s", False),
        11: ("externalTrafficPolicy", "s", False),
        12: ("healthCheckNodePort", "i", False),
        13: ("publishNotReadyAddresses", "?", False),
        14: ("sessionAffinityConfig", "m:M256", False),
        17: ("ipFamilyPolicy", "s", False),
        18: ("clusterIPs", "s", True),
        19: ("ipFamilies", "s", True),
        20: ("allocateLoadBalancerNodePorts", "?", False),
        21: ("loadBalancerClass", "s", False),
        22: ("internalTrafficPolicy", "s", False),
        23: ("trafficDistribution", "s", False),
    },
    # k8s.io.api.core.v1.ServiceStatus
    "M255": {
        1: ("loadBalancer", "m:M156", False),
        2: ("conditions", "m:M322", True),
    },
    # k8s.io.api.core.v1.SessionAffinityConfig
    "M256": {
        1: ("clientIP", "m:M88", False),
    },
    # k8s.io.api.core.v1.SleepAction
    "M257": {
        1: ("seconds", "i", False),
    },
    # k8s.io.api.core.v1.StorageOSPersistentVolumeSource
    "M258": {
        1: ("volumeName", "s", False),
        2: ("volumeNamespace", "s", False),
        3: ("fsType", "s", False),
        4: ("readOnly", "?", False),
        5: ("secretRef", "m:M187", False),
    },
    # k8s.io.api.core.v1.StorageOSVolumeSource
    "M259": {
        1: ("volumeName", "s", False),
        2: ("volumeNamespace", "s", False),
        3: ("fsType", "s", False),
        4: ("readOnly", "?", False),
        5: ("secretRef", "m:M157", False),
    },
    # k8s.io.api.core.v1.Sysctl
    "M260": {
        1: ("name", "s", False),
        2: ("value", "s", False),
    },
    # k8s.io.api.core.v1.TCPSocketAction
    "M261": {
        1: ("port", "intstr", False),
        2: ("host", "s", False),
    },
    # k8s.io.api.core.v1.Taint
    "M262": {
        1: ("key", "s", False),
        2: ("value", "s", False),
        3: ("effect", "s", False),
        4: ("timeAdded", "time", False),
    },
    # k8s.io.api.core.v1.Toleration
    "M263": {
        1: ("key", "s", False),
        2: ("operator", "s", False),
        3: ("value", "s", False),
        4: ("effect", "s", False),
        5: ("tolerationSeconds", "i", False),
    },
    # k8s.io.api.core.v1.TopologySelectorLabelRequirement
    "M264": {
        1: ("key", "s", False),
        2: ("values", "s", True),
    },
    # k8s.io.api.core.v1.TopologySelectorTerm
    "M265": {
        1: ("matchLabelExpressions", "m:M264", True),
    },
    # k8s.io.api.core.v1.TopologySpreadConstraint
    "M266": {
        1: ("maxSkew", "i", False),
        2: ("topologyKey", "s", False),
        3: ("whenUnsatisfiable", "s", False),
        4: ("labelSelector", "m:M324", False),
        5: ("minDomains", "i", False),
        6: ("nodeAffinityPolicy", "s", False),
        7: ("nodeTaintsPolicy", "s", False),
        8: ("matchLabelKeys", "s", True),
    },
    # k8s.io.api.core.v1.TypedLocalObjectReference
    "M267": {
        1: ("apiGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
    },
    # k8s.io.api.core.v1.TypedObjectReference
    "M268": {
        1: ("apiGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
        4: ("namespace", "s", False),
    },
    # k8s.io.api.core.v1.Volume
    "M269": {
        1: ("name", "s", False),
        2: ("volumeSource", "inline:M278", False),
    },
    # k8s.io.api.core.v1.VolumeDevice
    "M270": {
        1: ("name", "s", False),
        2: ("devicePath", "s", False),
    },
    # k8s.io.api.core.v1.VolumeHealthCondition
    "M271": {
        1: ("status", "s", False),
        2: ("reason", "s", False),
        3: ("message", "s", False),
    },
    # k8s.io.api.core.v1.VolumeHealthStatus
    "M272": {
        1: ("healthConditions", "m:M271", True),
        2: ("lastTransitionTime", "time", False),
    },
    # k8s.io.api.core.v1.VolumeMount
    "M273": {
        1: ("name", "s", False),
        2: ("readOnly", "?", False),
        3: ("mountPath", "s", False),
        4: ("subPath", "s", False),
        5: ("mountPropagation", "s", False),
        6: ("subPathExpr", "s", False),
        7: ("recursiveReadOnly", "s", False),
        8: ("bindMountOptions", "s", True),
    },
    # k8s.io.api.core.v1.VolumeMountStatus
    "M274": {
        1: ("name", "s", False),
        2: ("mountPath", "s", False),
        3: ("readOnly", "?", False),
        4: ("recursiveReadOnly", "s", False),
        5: ("volumeStatus", "m:M279", False),
    },
    # k8s.io.api.core.v1.VolumeNodeAffinity
    "M275": {
        1: ("required", "m:M179", False),
    },
    # k8s.io.api.core.v1.VolumeProjection
    "M276": {
        1: ("secret", "m:M246", False),
        2: ("downwardAPI", "m:M110", False),
        3: ("configMap", "m:M94", False),
        4: ("serviceAccountToken", "m:M252", False),
        5: ("clusterTrustBundle", "m:M89", False),
        6: ("podCertificate", "m:M203", False),
    },
    # k8s.io.api.core.v1.VolumeResourceRequirements
    "M277": {
        1: ("limits", "map:quantity", False),
        2: ("requests", "map:quantity", False),
    },
    # k8s.io.api.core.v1.VolumeSource
    "M278": {
        1: ("hostPath", "m:M143", False),
        2: ("emptyDir", "m:M113", False),
        3: ("gcePersistentDisk", "m:M134", False),
        4: ("awsElasticBlockStore", "m:M74", False),
        5: ("gitRepo", "m:M136", False),
        6: ("secret", "m:M248", False),
        7: ("nfs", "m:M160", False),
        8: ("iscsi", "m:M145", False),
        9: ("glusterfs", "m:M138", False),
        10: ("persistentVolumeClaim", "m:M194", False),
        11: ("rbd", "m:M228", False),
        12: ("flexVolume", "m:M132", False),
        13: ("cinder", "m:M87", False),
        14: ("cephfs", "m:M85", False),
        15: ("flocker", "m:M133", False),
        16: ("downwardAPI", "m:M112", False),
        17: ("fc", "m:M129", False),
        18: ("azureFile", "m:M80", False),
        19: ("configMap", "m:M95", False),
        20: ("vsphereVolume", "m:M280", False),
        21: ("quobyte", "m:M226", False),
        22: ("azureDisk", "m:M78", False),
        23: ("photonPersistentDisk", "m:M198", False),
        24: ("portworxVolume", "m:M221", False),
        25: ("scaleIO", "m:M239", False),
        26: ("projected", "m:M225", False),
        27: ("storageos", "m:M259", False),
        28: ("csi", "m:M82", False),
        29: ("ephemeral", "m:M123", False),
        30: ("image", "m:M146", False),
    },
    # k8s.io.api.core.v1.VolumeStatus
    "M279": {
        1: ("image", "m:M147", False),
    },
    # k8s.io.api.core.v1.VsphereVirtualDiskVolumeSource
    "M280": {
        1: ("volumePath", "s", False),
        2: ("fsType", "s", False),
        3: ("storagePolicyName", "s", False),
        4: ("storagePolicyID", "s", False),
    },
    # k8s.io.api.core.v1.WeightedPodAffinityTerm
    "M281": {
        1: ("weight", "i", False),
        2: ("podAffinityTerm", "m:M201", False),
    },
    # k8s.io.api.core.v1.WindowsSecurityContextOptions
    "M282": {
        1: ("gmsaCredentialSpecName", "s", False),
        2: ("gmsaCredentialSpec", "s", False),
        3: ("runAsUserName", "s", False),
        4: ("hostProcess", "?", False),
    },
    # k8s.io.api.events.v1.Event
    "M283": {
        1: ("metadata", "m:M327", False),
        2: ("eventTime", "microtime", False),
        3: ("series", "m:M284", False),
        4: ("reportingController", "s", False),
        5: ("reportingInstance", "s", False),
        6: ("action", "s", False),
        7: ("reason", "s", False),
        8: ("regarding", "m:M187", False),
        9: ("related", "m:M187", False),
        10: ("note", "s", False),
        11: ("type", "s", False),
        12: ("deprecatedSource", "m:M126", False),
        13: ("deprecatedFirstTimestamp", "time", False),
        14: ("deprecatedLastTimestamp", "time", False),
        15: ("deprecatedCount", "i", False),
    },
    # k8s.io.api.events.v1.EventSeries
    "M284": {
        1: ("count", "i", False),
        2: ("lastObservedTime", "microtime", False),
    },
    # k8s.io.api.networking.v1.HTTPIngressPath
    "M285": {
        1: ("path", "s", False),
        2: ("backend", "m:M289", False),
        3: ("pathType", "s", False),
    },
    # k8s.io.api.networking.v1.HTTPIngressRuleValue
    "M286": {
        1: ("paths", "m:M285", True),
    },
    # k8s.io.api.networking.v1.IPBlock
    "M287": {
        1: ("cidr", "s", False),
        2: ("except", "s", True),
    },
    # k8s.io.api.networking.v1.Ingress
    "M288": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M299", False),
        3: ("status", "m:M300", False),
    },
    # k8s.io.api.networking.v1.IngressBackend
    "M289": {
        3: ("resource", "m:M267", False),
        4: ("service", "m:M298", False),
    },
    # k8s.io.api.networking.v1.IngressClass
    "M290": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M292", False),
    },
    # k8s.io.api.networking.v1.IngressClassParametersReference
    "M291": {
        1: ("aPIGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
        4: ("scope", "s", False),
        5: ("namespace", "s", False),
    },
    # k8s.io.api.networking.v1.IngressClassSpec
    "M292": {
        1: ("controller", "s", False),
        2: ("parameters", "m:M291", False),
    },
    # k8s.io.api.networking.v1.IngressLoadBalancerIngress
    "M293": {
        1: ("ip", "s", False),
        2: ("hostname", "s", False),
        4: ("ports", "m:M295", True),
    },
    # k8s.io.api.networking.v1.IngressLoadBalancerStatus
    "M294": {
        1: ("ingress", "m:M293", True),
    },
    # k8s.io.api.networking.v1.IngressPortStatus
    "M295": {
        1: ("port", "i", False),
        2: ("protocol", "s", False),
        3: ("error", "s", False),
    },
    # k8s.io.api.networking.v1.IngressRule
    "M296": {
        1: ("host", "s", False),
        2: ("ingressRuleValue", "inline:M297", False),
    },
    # k8s.io.api.networking.v1.IngressRuleValue
    "M297": {
        1: ("http", "m:M286", False),
    },
    # k8s.io.api.networking.v1.IngressServiceBackend
    "M298": {
        1: ("name", "s", False),
        2: ("port", "m:M308", False),
    },
    # k8s.io.api.networking.v1.IngressSpec
    "M299": {
        1: ("defaultBackend", "m:M289", False),
        2: ("tls", "m:M301", True),
        3: ("rules", "m:M296", True),
        4: ("ingressClassName", "s", False),
    },
    # k8s.io.api.networking.v1.IngressStatus
    "M300": {
        1: ("loadBalancer", "m:M294", False),
    },
    # k8s.io.api.networking.v1.IngressTLS
    "M301": {
        1: ("hosts", "s", True),
        2: ("secretName", "s", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicy
    "M302": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M307", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicyEgressRule
    "M303": {
        1: ("ports", "m:M306", True),
        2: ("to", "m:M305", True),
    },
    # k8s.io.api.networking.v1.NetworkPolicyIngressRule
    "M304": {
        1: ("ports", "m:M306", True),
        2: ("from", "m:M305", True),
    },
    # k8s.io.api.networking.v1.NetworkPolicyPeer
    "M305": {
        1: ("podSelector", "m:M324", False),
        2: ("namespaceSelector", "m:M324", False),
        3: ("ipBlock", "m:M287", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicyPort
    "M306": {
        1: ("protocol", "s", False),
        2: ("port", "intstr", False),
        3: ("endPort", "i", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicySpec
    "M307": {
        1: ("podSelector", "m:M324", False),
        2: ("ingress", "m:M304", True),
        3: ("egress", "m:M303", True),
        4: ("policyTypes", "s", True),
    },
    # k8s.io.api.networking.v1.ServiceBackendPort
    "M308": {
        1: ("name", "s", False),
        2: ("number", "i", False),
    },
    # k8s.io.api.policy.v1.PodDisruptionBudget
    "M309": {
        1: ("metadata", "m:M327", False),
        2: ("spec", "m:M310", False),
        3: ("status", "m:M311", False),
    },
    # k8s.io.api.policy.v1.PodDisruptionBudgetSpec
    "M310": {
        1: ("minAvailable", "intstr", False),
        2: ("selector", "m:M324", False),
        3: ("maxUnavailable", "intstr", False),
        4: ("unhealthyPodEvictionPolicy", "s", False),
    },
    # k8s.io.api.policy.v1.PodDisruptionBudgetStatus
    "M311": {
        1: ("observedGeneration", "i", False),
        2: ("disruptedPods", "map:time", False),
        3: ("disruptionsAllowed", "i", False),
        4: ("currentHealthy", "i", False),
        5: ("desiredHealthy", "i", False),
        6: ("expectedPods", "i", False),
        7: ("conditions", "m:M322", True),
    },
    # k8s.io.api.rbac.v1.AggregationRule
    "M312": {
        1: ("clusterRoleSelectors", "m:M324", True),
    },
    # k8s.io.api.rbac.v1.ClusterRole
    "M313": {
        1: ("metadata", "m:M327", False),
        2: ("rules", "m:M315", True),
        3: ("aggregationRule", "m:M312", False),
    },
    # k8s.io.api.rbac.v1.ClusterRoleBinding
    "M314": {
        1: ("metadata", "m:M327", False),
        2: ("subjects", "m:M319", True),
        3: ("roleRef", "m:M318", False),
    },
    # k8s.io.api.rbac.v1.PolicyRule
    "M315": {
        1: ("verbs", "s", True),
        2: ("apiGroups", "s", True),
        3: ("resources", "s", True),
        4: ("resourceNames", "s", True),
        5: ("nonResourceURLs", "s", True),
    },
    # k8s.io.api.rbac.v1.Role
    "M316": {
        1: ("metadata", "m:M327", False),
        2: ("rules", "m:M315", True),
    },
    # k8s.io.api.rbac.v1.RoleBinding
    "M317": {
        1: ("metadata", "m:M327", False),
        2: ("subjects", "m:M319", True),
        3: ("roleRef", "m:M318", False),
    },
    # k8s.io.api.rbac.v1.RoleRef
    "M318": {
        1: ("apiGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
    },
    # k8s.io.api.rbac.v1.Subject
    "M319": {
        1: ("kind", "s", False),
        2: ("apiGroup", "s", False),
        3: ("name", "s", False),
        4: ("namespace", "s", False),
    },
    # k8s.io.api.scheduling.v1.PriorityClass
    "M320": {
        1: ("metadata", "m:M327", False),
        2: ("value", "i", False),
        3: ("globalDefault", "?", False),
        4: ("description", "s", False),
        5: ("preemptionPolicy", "s", False),
    },
    # k8s.io.api.storage.v1.StorageClass
    "M321": {
        1: ("metadata", "m:M327", False),
        2: ("provisioner", "s", False),
        3: ("parameters", "map:s", False),
        4: ("reclaimPolicy", "s", False),
        5: ("mountOptions", "s", True),
        6: ("allowVolumeExpansion", "?", False),
        7: ("volumeBindingMode", "s", False),
        8: ("allowedTopologies", "m:M265", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.Condition
    "M322": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("observedGeneration", "i", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions
    "M323": {
        1: ("gracePeriodSeconds", "i", False),
        2: ("preconditions", "m:M329", False),
        3: ("orphanDependents", "?", False),
        4: ("propagationPolicy", "s", False),
        5: ("dryRun", "s", True),
        6: ("ignoreStoreReadErrorWithClusterBreakingPotential", "?", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector
    "M324": {
        1: ("matchLabels", "map:s", False),
        2: ("matchExpressions", "m:M325", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement
    "M325": {
        1: ("key", "s", False),
        2: ("operator", "s", False),
        3: ("values", "s", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry
    "M326": {
        1: ("manager", "s", False),
        2: ("operation", "s", False),
        3: ("apiVersion", "s", False),
        4: ("time", "time", False),
        6: ("fieldsType", "s", False),
        7: ("fieldsV1", "raw", False),
        8: ("subresource", "s", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta
    "M327": {
        1: ("name", "s", False),
        2: ("generateName", "s", False),
        3: ("namespace", "s", False),
        4: ("selfLink", "s", False),
        5: ("uid", "s", False),
        6: ("resourceVersion", "s", False),
        7: ("generation", "i", False),
        8: ("creationTimestamp", "time", False),
        9: ("deletionTimestamp", "time", False),
        10: ("deletionGracePeriodSeconds", "i", False),
        11: ("labels", "map:s", False),
        12: ("annotations", "map:s", False),
        13: ("ownerReferences", "m:M328", True),
        14: ("finalizers", "s", True),
        17: ("managedFields", "m:M326", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference
    "M328": {
        1: ("kind", "s", False),
        3: ("name", "s", False),
        4: ("uid", "s", False),
        5: ("apiVersion", "s", False),
        6: ("controller", "?", False),
        7: ("blockOwnerDeletion", "?", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.Preconditions
    "M329": {
        1: ("uid", "s", False),
        2: ("resourceVersion", "s", False),
    },
}

ROOTS: dict[tuple[str, str], str] = {
    ("", "ConfigMap"): "M90",
    ("", "Secret"): "M243",
    ("", "Namespace"): "M161",
    ("", "ServiceAccount"): "M251",
    ("", "Event"): "M124",
    ("", "Service"): "M250",
    ("", "Pod"): "M199",
    ("", "Endpoints"): "M117",
    ("", "PersistentVolumeClaim"): "M189",
    ("", "Node"): "M165",
    ("apps", "Deployment"): "M14",
    ("apps", "StatefulSet"): "M26",
    ("apps", "DaemonSet"): "M9",
    ("apps", "ReplicaSet"): "M19",
    ("events.k8s.io", "Event"): "M283",
    ("coordination.k8s.io", "Lease"): "M72",
    ("rbac.authorization.k8s.io", "ClusterRole"): "M313",
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): "M314",
    ("rbac.authorization.k8s.io", "Role"): "M316",
    ("rbac.authorization.k8s.io", "RoleBinding"): "M317",
    ("networking.k8s.io", "NetworkPolicy"): "M302",
    ("policy", "PodDisruptionBudget"): "M309",
    ("batch", "Job"): "M59",
    ("batch", "CronJob"): "M56",
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): "M7",
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): "M2",
    ("networking.k8s.io", "Ingress"): "M288",
    ("networking.k8s.io", "IngressClass"): "M290",
    ("", "ResourceQuota"): "M232",
    ("", "LimitRange"): "M151",
    ("", "PersistentVolume"): "M188",
    ("scheduling.k8s.io", "PriorityClass"): "M320",
    ("storage.k8s.io", "StorageClass"): "M321",
    ("autoscaling", "HorizontalPodAutoscaler"): "M40",
    ("meta.k8s.io", "DeleteOptions"): "M323",
}
