"""Protobuf field tables of the built-in kinds kubectl sends as protobuf.

Generated from the generated.proto files of k8s.io/api and k8s.io/apimachinery: field
number -> (JSON name, kind, repeated). Kinds: s string, b bytes, ? bool, i integer, d/f float,
time, microtime, intstr, quantity, raw (embedded JSON), duration, m:<message>, map:<value kind>.
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
        5: ("namespaceSelector", "m:M255", False),
        6: ("sideEffects", "s", False),
        7: ("timeoutSeconds", "i", False),
        8: ("admissionReviewVersions", "s", True),
        9: ("matchPolicy", "s", False),
        10: ("reinvocationPolicy", "s", False),
        11: ("objectSelector", "m:M255", False),
        12: ("matchConditions", "m:M0", True),
    },
    # k8s.io.api.admissionregistration.v1.MutatingWebhookConfiguration
    "M2": {
        1: ("metadata", "m:M258", False),
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
        2: ("rule", "m:M3", False),
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
        5: ("namespaceSelector", "m:M255", False),
        6: ("sideEffects", "s", False),
        7: ("timeoutSeconds", "i", False),
        8: ("admissionReviewVersions", "s", True),
        9: ("matchPolicy", "s", False),
        10: ("objectSelector", "m:M255", False),
        11: ("matchConditions", "m:M0", True),
    },
    # k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration
    "M7": {
        1: ("metadata", "m:M258", False),
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
        1: ("metadata", "m:M258", False),
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
        1: ("selector", "m:M255", False),
        2: ("template", "m:M180", False),
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
        1: ("metadata", "m:M258", False),
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
        2: ("selector", "m:M255", False),
        3: ("template", "m:M180", False),
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
        1: ("metadata", "m:M258", False),
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
        2: ("selector", "m:M255", False),
        3: ("template", "m:M180", False),
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
        1: ("metadata", "m:M258", False),
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
        2: ("selector", "m:M255", False),
        3: ("template", "m:M180", False),
        4: ("volumeClaimTemplates", "m:M154", True),
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
    # k8s.io.api.batch.v1.CronJob
    "M33": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M34", False),
        3: ("status", "m:M35", False),
    },
    # k8s.io.api.batch.v1.CronJobSpec
    "M34": {
        1: ("schedule", "s", False),
        2: ("startingDeadlineSeconds", "i", False),
        3: ("concurrencyPolicy", "s", False),
        4: ("suspend", "?", False),
        5: ("jobTemplate", "m:M41", False),
        6: ("successfulJobsHistoryLimit", "i", False),
        7: ("failedJobsHistoryLimit", "i", False),
        8: ("timeZone", "s", False),
    },
    # k8s.io.api.batch.v1.CronJobStatus
    "M35": {
        1: ("active", "m:M153", True),
        4: ("lastScheduleTime", "time", False),
        5: ("lastSuccessfulTime", "time", False),
    },
    # k8s.io.api.batch.v1.Job
    "M36": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M39", False),
        3: ("status", "m:M40", False),
    },
    # k8s.io.api.batch.v1.JobCondition
    "M37": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastProbeTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.batch.v1.JobSchedulingConfiguration
    "M38": {
        1: ("schedulingPolicy", "skip", False),
        2: ("schedulingConstraints", "skip", False),
        3: ("disruptionMode", "skip", False),
        4: ("resourceClaims", "skip", True),
    },
    # k8s.io.api.batch.v1.JobSpec
    "M39": {
        1: ("parallelism", "i", False),
        2: ("completions", "i", False),
        3: ("activeDeadlineSeconds", "i", False),
        4: ("selector", "m:M255", False),
        5: ("manualSelector", "?", False),
        6: ("template", "m:M180", False),
        7: ("backoffLimit", "i", False),
        8: ("ttlSecondsAfterFinished", "i", False),
        9: ("completionMode", "s", False),
        10: ("suspend", "?", False),
        11: ("podFailurePolicy", "m:M42", False),
        12: ("backoffLimitPerIndex", "i", False),
        13: ("maxFailedIndexes", "i", False),
        14: ("podReplacementPolicy", "s", False),
        15: ("managedBy", "s", False),
        16: ("successPolicy", "m:M46", False),
        17: ("scheduling", "m:M38", False),
    },
    # k8s.io.api.batch.v1.JobStatus
    "M40": {
        1: ("conditions", "m:M37", True),
        2: ("startTime", "time", False),
        3: ("completionTime", "time", False),
        4: ("active", "i", False),
        5: ("succeeded", "i", False),
        6: ("failed", "i", False),
        7: ("completedIndexes", "s", False),
        8: ("uncountedTerminatedPods", "m:M48", False),
        9: ("ready", "i", False),
        10: ("failedIndexes", "s", False),
        11: ("terminating", "i", False),
    },
    # k8s.io.api.batch.v1.JobTemplateSpec
    "M41": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M39", False),
    },
    # k8s.io.api.batch.v1.PodFailurePolicy
    "M42": {
        1: ("rules", "m:M45", True),
    },
    # k8s.io.api.batch.v1.PodFailurePolicyOnExitCodesRequirement
    "M43": {
        1: ("containerName", "s", False),
        2: ("operator", "s", False),
        3: ("values", "i", True),
    },
    # k8s.io.api.batch.v1.PodFailurePolicyOnPodConditionsPattern
    "M44": {
        1: ("type", "s", False),
        2: ("status", "s", False),
    },
    # k8s.io.api.batch.v1.PodFailurePolicyRule
    "M45": {
        1: ("action", "s", False),
        2: ("onExitCodes", "m:M43", False),
        3: ("onPodConditions", "m:M44", True),
    },
    # k8s.io.api.batch.v1.SuccessPolicy
    "M46": {
        1: ("rules", "m:M47", True),
    },
    # k8s.io.api.batch.v1.SuccessPolicyRule
    "M47": {
        1: ("succeededIndexes", "s", False),
        2: ("succeededCount", "i", False),
    },
    # k8s.io.api.batch.v1.UncountedTerminatedPods
    "M48": {
        1: ("succeeded", "s", True),
        2: ("failed", "s", True),
    },
    # k8s.io.api.coordination.v1.Lease
    "M49": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M50", False),
    },
    # k8s.io.api.coordination.v1.LeaseSpec
    "M50": {
        1: ("holderIdentity", "s", False),
        2: ("leaseDurationSeconds", "i", False),
        3: ("acquireTime", "microtime", False),
        4: ("renewTime", "microtime", False),
        5: ("leaseTransitions", "i", False),
        6: ("strategy", "s", False),
        7: ("preferredHolder", "s", False),
    },
    # k8s.io.api.core.v1.AWSElasticBlockStoreVolumeSource
    "M51": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("partition", "i", False),
        4: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.Affinity
    "M52": {
        1: ("nodeAffinity", "m:M133", False),
        2: ("podAffinity", "m:M162", False),
        3: ("podAntiAffinity", "m:M164", False),
    },
    # k8s.io.api.core.v1.AppArmorProfile
    "M53": {
        1: ("type", "s", False),
        2: ("localhostProfile", "s", False),
    },
    # k8s.io.api.core.v1.AttachedVolume
    "M54": {
        1: ("name", "s", False),
        2: ("devicePath", "s", False),
    },
    # k8s.io.api.core.v1.AzureDiskVolumeSource
    "M55": {
        1: ("diskName", "s", False),
        2: ("diskURI", "s", False),
        3: ("cachingMode", "s", False),
        4: ("fsType", "s", False),
        5: ("readOnly", "?", False),
        6: ("kind", "s", False),
    },
    # k8s.io.api.core.v1.AzureFileVolumeSource
    "M56": {
        1: ("secretName", "s", False),
        2: ("shareName", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.CSIVolumeSource
    "M57": {
        1: ("driver", "s", False),
        2: ("readOnly", "?", False),
        3: ("fsType", "s", False),
        4: ("volumeAttributes", "map:s", False),
        5: ("nodePublishSecretRef", "m:M124", False),
    },
    # k8s.io.api.core.v1.Capabilities
    "M58": {
        1: ("add", "s", True),
        2: ("drop", "s", True),
    },
    # k8s.io.api.core.v1.CephFSVolumeSource
    "M59": {
        1: ("monitors", "s", True),
        2: ("path", "s", False),
        3: ("user", "s", False),
        4: ("secretFile", "s", False),
        5: ("secretRef", "m:M124", False),
        6: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.CinderVolumeSource
    "M60": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("readOnly", "?", False),
        4: ("secretRef", "m:M124", False),
    },
    # k8s.io.api.core.v1.ClientIPConfig
    "M61": {
        1: ("timeoutSeconds", "i", False),
    },
    # k8s.io.api.core.v1.ClusterTrustBundleProjection
    "M62": {
        1: ("name", "s", False),
        2: ("signerName", "s", False),
        3: ("labelSelector", "m:M255", False),
        4: ("path", "s", False),
        5: ("optional", "?", False),
        6: ("user", "i", False),
    },
    # k8s.io.api.core.v1.ConfigMap
    "M63": {
        1: ("metadata", "m:M258", False),
        2: ("data", "map:s", False),
        3: ("binaryData", "map:b", False),
        4: ("immutable", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapEnvSource
    "M64": {
        1: ("localObjectReference", "m:M124", False),
        2: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapKeySelector
    "M65": {
        1: ("localObjectReference", "m:M124", False),
        2: ("key", "s", False),
        3: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapNodeConfigSource
    "M66": {
        1: ("namespace", "s", False),
        2: ("name", "s", False),
        3: ("uid", "s", False),
        4: ("resourceVersion", "s", False),
        5: ("kubeletConfigKey", "s", False),
    },
    # k8s.io.api.core.v1.ConfigMapProjection
    "M67": {
        1: ("localObjectReference", "m:M124", False),
        2: ("items", "m:M118", True),
        4: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.ConfigMapVolumeSource
    "M68": {
        1: ("localObjectReference", "m:M124", False),
        2: ("items", "m:M118", True),
        3: ("defaultMode", "i", False),
        4: ("optional", "?", False),
        5: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.Container
    "M69": {
        1: ("name", "s", False),
        2: ("image", "s", False),
        3: ("command", "s", True),
        4: ("args", "s", True),
        5: ("workingDir", "s", False),
        6: ("ports", "m:M72", True),
        7: ("env", "m:M92", True),
        8: ("resources", "m:M193", False),
        9: ("volumeMounts", "m:M224", True),
        10: ("livenessProbe", "m:M185", False),
        11: ("readinessProbe", "m:M185", False),
        12: ("lifecycle", "m:M119", False),
        13: ("terminationMessagePath", "s", False),
        14: ("imagePullPolicy", "s", False),
        15: ("securityContext", "m:M203", False),
        16: ("stdin", "?", False),
        17: ("stdinOnce", "?", False),
        18: ("tty", "?", False),
        19: ("envFrom", "m:M91", True),
        20: ("terminationMessagePolicy", "s", False),
        21: ("volumeDevices", "m:M221", True),
        22: ("startupProbe", "m:M185", False),
        23: ("resizePolicy", "m:M73", True),
        24: ("restartPolicy", "s", False),
        25: ("restartPolicyRules", "m:M74", True),
    },
    # k8s.io.api.core.v1.ContainerExtendedResourceRequest
    "M70": {
        1: ("containerName", "s", False),
        2: ("resourceName", "s", False),
        3: ("requestName", "s", False),
    },
    # k8s.io.api.core.v1.ContainerImage
    "M71": {
        1: ("names", "s", True),
        2: ("sizeBytes", "i", False),
    },
    # k8s.io.api.core.v1.ContainerPort
    "M72": {
        1: ("name", "s", False),
        2: ("hostPort", "i", False),
        3: ("containerPort", "i", False),
        4: ("protocol", "s", False),
        5: ("hostIP", "s", False),
    },
    # k8s.io.api.core.v1.ContainerResizePolicy
    "M73": {
        1: ("resourceName", "s", False),
        2: ("restartPolicy", "s", False),
    },
    # k8s.io.api.core.v1.ContainerRestartRule
    "M74": {
        1: ("action", "s", False),
        2: ("exitCodes", "m:M75", False),
    },
    # k8s.io.api.core.v1.ContainerRestartRuleOnExitCodes
    "M75": {
        1: ("operator", "s", False),
        2: ("values", "i", True),
    },
    # k8s.io.api.core.v1.ContainerState
    "M76": {
        1: ("waiting", "m:M79", False),
        2: ("running", "m:M77", False),
        3: ("terminated", "m:M78", False),
    },
    # k8s.io.api.core.v1.ContainerStateRunning
    "M77": {
        1: ("startedAt", "time", False),
    },
    # k8s.io.api.core.v1.ContainerStateTerminated
    "M78": {
        1: ("exitCode", "i", False),
        2: ("signal", "i", False),
        3: ("reason", "s", False),
        4: ("message", "s", False),
        5: ("startedAt", "time", False),
        6: ("finishedAt", "time", False),
        7: ("containerID", "s", False),
    },
    # k8s.io.api.core.v1.ContainerStateWaiting
    "M79": {
        1: ("reason", "s", False),
        2: ("message", "s", False),
    },
    # k8s.io.api.core.v1.ContainerStatus
    "M80": {
        1: ("name", "s", False),
        2: ("state", "m:M76", False),
        3: ("lastState", "m:M76", False),
        4: ("ready", "?", False),
        5: ("restartCount", "i", False),
        6: ("image", "s", False),
        7: ("imageID", "s", False),
        8: ("containerID", "s", False),
        9: ("started", "?", False),
        10: ("allocatedResources", "map:quantity", False),
        11: ("resources", "m:M193", False),
        12: ("volumeMounts", "m:M225", True),
        13: ("user", "m:M81", False),
        14: ("allocatedResourcesStatus", "m:M194", True),
        15: ("stopSignal", "s", False),
    },
    # k8s.io.api.core.v1.ContainerUser
    "M81": {
        1: ("linux", "m:M121", False),
    },
    # k8s.io.api.core.v1.DaemonEndpoint
    "M82": {
        1: ("Port", "i", False),
    },
    # k8s.io.api.core.v1.DownwardAPIProjection
    "M83": {
        1: ("items", "m:M84", True),
    },
    # k8s.io.api.core.v1.DownwardAPIVolumeFile
    "M84": {
        1: ("path", "s", False),
        2: ("fieldRef", "m:M152", False),
        3: ("resourceFieldRef", "m:M191", False),
        4: ("mode", "i", False),
        5: ("user", "i", False),
    },
    # k8s.io.api.core.v1.DownwardAPIVolumeSource
    "M85": {
        1: ("items", "m:M84", True),
        2: ("defaultMode", "i", False),
        3: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.EmptyDirVolumeSource
    "M86": {
        1: ("medium", "s", False),
        2: ("sizeLimit", "quantity", False),
        3: ("mode", "i", False),
    },
    # k8s.io.api.core.v1.EndpointAddress
    "M87": {
        1: ("ip", "s", False),
        2: ("targetRef", "m:M153", False),
        3: ("hostname", "s", False),
        4: ("nodeName", "s", False),
    },
    # k8s.io.api.core.v1.EndpointPort
    "M88": {
        1: ("name", "s", False),
        2: ("port", "i", False),
        3: ("protocol", "s", False),
        4: ("appProtocol", "s", False),
    },
    # k8s.io.api.core.v1.EndpointSubset
    "M89": {
        1: ("addresses", "m:M87", True),
        2: ("notReadyAddresses", "m:M87", True),
        3: ("ports", "m:M88", True),
    },
    # k8s.io.api.core.v1.Endpoints
    "M90": {
        1: ("metadata", "m:M258", False),
        2: ("subsets", "m:M89", True),
    },
    # k8s.io.api.core.v1.EnvFromSource
    "M91": {
        1: ("prefix", "s", False),
        2: ("configMapRef", "m:M64", False),
        3: ("secretRef", "m:M199", False),
    },
    # k8s.io.api.core.v1.EnvVar
    "M92": {
        1: ("name", "s", False),
        2: ("value", "s", False),
        3: ("valueFrom", "m:M93", False),
    },
    # k8s.io.api.core.v1.EnvVarSource
    "M93": {
        1: ("fieldRef", "m:M152", False),
        2: ("resourceFieldRef", "m:M191", False),
        3: ("configMapKeyRef", "m:M65", False),
        4: ("secretKeyRef", "m:M200", False),
        5: ("fileKeyRef", "m:M103", False),
    },
    # k8s.io.api.core.v1.EphemeralContainer
    "M94": {
        1: ("ephemeralContainerCommon", "m:M95", False),
        2: ("targetContainerName", "s", False),
    },
    # k8s.io.api.core.v1.EphemeralContainerCommon
    "M95": {
        1: ("name", "s", False),
        2: ("image", "s", False),
        3: ("command", "s", True),
        4: ("args", "s", True),
        5: ("workingDir", "s", False),
        6: ("ports", "m:M72", True),
        7: ("env", "m:M92", True),
        8: ("resources", "m:M193", False),
        9: ("volumeMounts", "m:M224", True),
        10: ("livenessProbe", "m:M185", False),
        11: ("readinessProbe", "m:M185", False),
        12: ("lifecycle", "m:M119", False),
        13: ("terminationMessagePath", "s", False),
        14: ("imagePullPolicy", "s", False),
        15: ("securityContext", "m:M203", False),
        16: ("stdin", "?", False),
        17: ("stdinOnce", "?", False),
        18: ("tty", "?", False),
        19: ("envFrom", "m:M91", True),
        20: ("terminationMessagePolicy", "s", False),
        21: ("volumeDevices", "m:M221", True),
        22: ("startupProbe", "m:M185", False),
        23: ("resizePolicy", "m:M73", True),
        24: ("restartPolicy", "s", False),
        25: ("restartPolicyRules", "m:M74", True),
    },
    # k8s.io.api.core.v1.EphemeralVolumeSource
    "M96": {
        1: ("volumeClaimTemplate", "m:M158", False),
    },
    # k8s.io.api.core.v1.Event
    "M97": {
        1: ("metadata", "m:M258", False),
        2: ("involvedObject", "m:M153", False),
        3: ("reason", "s", False),
        4: ("message", "s", False),
        5: ("source", "m:M99", False),
        6: ("firstTimestamp", "time", False),
        7: ("lastTimestamp", "time", False),
        8: ("count", "i", False),
        9: ("type", "s", False),
        10: ("eventTime", "microtime", False),
        11: ("series", "m:M98", False),
        12: ("action", "s", False),
        13: ("related", "m:M153", False),
        14: ("reportingComponent", "s", False),
        15: ("reportingInstance", "s", False),
    },
    # k8s.io.api.core.v1.EventSeries
    "M98": {
        1: ("count", "i", False),
        2: ("lastObservedTime", "microtime", False),
    },
    # k8s.io.api.core.v1.EventSource
    "M99": {
        1: ("component", "s", False),
        2: ("host", "s", False),
    },
    # k8s.io.api.core.v1.EvictionResponder
    "M100": {
        1: ("name", "s", False),
        2: ("priority", "i", False),
    },
    # k8s.io.api.core.v1.ExecAction
    "M101": {
        1: ("command", "s", True),
    },
    # k8s.io.api.core.v1.FCVolumeSource
    "M102": {
        1: ("targetWWNs", "s", True),
        2: ("lun", "i", False),
        3: ("fsType", "s", False),
        4: ("readOnly", "?", False),
        5: ("wwids", "s", True),
    },
    # k8s.io.api.core.v1.FileKeySelector
    "M103": {
        1: ("volumeName", "s", False),
        2: ("path", "s", False),
        3: ("key", "s", False),
        4: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.FlexVolumeSource
    "M104": {
        1: ("driver", "s", False),
        2: ("fsType", "s", False),
        3: ("secretRef", "m:M124", False),
        4: ("readOnly", "?", False),
        5: ("options", "map:s", False),
    },
    # k8s.io.api.core.v1.FlockerVolumeSource
    "M105": {
        1: ("datasetName", "s", False),
        2: ("datasetUUID", "s", False),
    },
    # k8s.io.api.core.v1.GCEPersistentDiskVolumeSource
    "M106": {
        1: ("pdName", "s", False),
        2: ("fsType", "s", False),
        3: ("partition", "i", False),
        4: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.GRPCAction
    "M107": {
        1: ("port", "i", False),
        2: ("service", "s", False),
        3: ("mode", "s", False),
    },
    # k8s.io.api.core.v1.GitRepoVolumeSource
    "M108": {
        1: ("repository", "s", False),
        2: ("revision", "s", False),
        3: ("directory", "s", False),
    },
    # k8s.io.api.core.v1.GlusterfsVolumeSource
    "M109": {
        1: ("endpoints", "s", False),
        2: ("path", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.HTTPGetAction
    "M110": {
        1: ("path", "s", False),
        2: ("port", "intstr", False),
        3: ("host", "s", False),
        4: ("scheme", "s", False),
        5: ("httpHeaders", "m:M111", True),
        6: ("protocol", "s", False),
    },
    # k8s.io.api.core.v1.HTTPHeader
    "M111": {
        1: ("name", "s", False),
        2: ("value", "s", False),
    },
    # k8s.io.api.core.v1.HostAlias
    "M112": {
        1: ("ip", "s", False),
        2: ("hostnames", "s", True),
    },
    # k8s.io.api.core.v1.HostIP
    "M113": {
        1: ("ip", "s", False),
    },
    # k8s.io.api.core.v1.HostPathVolumeSource
    "M114": {
        1: ("path", "s", False),
        2: ("type", "s", False),
    },
    # k8s.io.api.core.v1.ISCSIVolumeSource
    "M115": {
        1: ("targetPortal", "s", False),
        2: ("iqn", "s", False),
        3: ("lun", "i", False),
        4: ("iscsiInterface", "s", False),
        5: ("fsType", "s", False),
        6: ("readOnly", "?", False),
        7: ("portals", "s", True),
        8: ("chapAuthDiscovery", "?", False),
        10: ("secretRef", "m:M124", False),
        11: ("chapAuthSession", "?", False),
        12: ("initiatorName", "s", False),
    },
    # k8s.io.api.core.v1.ImageVolumeSource
    "M116": {
        1: ("reference", "s", False),
        2: ("pullPolicy", "s", False),
    },
    # k8s.io.api.core.v1.ImageVolumeStatus
    "M117": {
        1: ("imageRef", "s", False),
    },
    # k8s.io.api.core.v1.KeyToPath
    "M118": {
        1: ("key", "s", False),
        2: ("path", "s", False),
        3: ("mode", "i", False),
        4: ("user", "i", False),
    },
    # k8s.io.api.core.v1.Lifecycle
    "M119": {
        1: ("postStart", "m:M120", False),
        2: ("preStop", "m:M120", False),
        3: ("stopSignal", "s", False),
    },
    # k8s.io.api.core.v1.LifecycleHandler
    "M120": {
        1: ("exec", "m:M101", False),
        2: ("httpGet", "m:M110", False),
        3: ("tcpSocket", "m:M214", False),
        4: ("sleep", "m:M211", False),
    },
    # k8s.io.api.core.v1.LinuxContainerUser
    "M121": {
        1: ("uid", "i", False),
        2: ("gid", "i", False),
        3: ("supplementalGroups", "i", True),
    },
    # k8s.io.api.core.v1.LoadBalancerIngress
    "M122": {
        1: ("ip", "s", False),
        2: ("hostname", "s", False),
        3: ("ipMode", "s", False),
        4: ("ports", "m:M182", True),
    },
    # k8s.io.api.core.v1.LoadBalancerStatus
    "M123": {
        1: ("ingress", "m:M122", True),
    },
    # k8s.io.api.core.v1.LocalObjectReference
    "M124": {
        1: ("name", "s", False),
    },
    # k8s.io.api.core.v1.ModifyVolumeStatus
    "M125": {
        1: ("targetVolumeAttributesClassName", "s", False),
        2: ("status", "s", False),
    },
    # k8s.io.api.core.v1.NFSVolumeSource
    "M126": {
        1: ("server", "s", False),
        2: ("path", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.Namespace
    "M127": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M129", False),
        3: ("status", "m:M130", False),
    },
    # k8s.io.api.core.v1.NamespaceCondition
    "M128": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.NamespaceSpec
    "M129": {
        1: ("finalizers", "s", True),
    },
    # k8s.io.api.core.v1.NamespaceStatus
    "M130": {
        1: ("phase", "s", False),
        2: ("conditions", "m:M128", True),
    },
    # k8s.io.api.core.v1.Node
    "M131": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M148", False),
        3: ("status", "m:M149", False),
    },
    # k8s.io.api.core.v1.NodeAddress
    "M132": {
        1: ("type", "s", False),
        2: ("address", "s", False),
    },
    # k8s.io.api.core.v1.NodeAffinity
    "M133": {
        1: ("requiredDuringSchedulingIgnoredDuringExecution", "m:M145", False),
        2: ("preferredDuringSchedulingIgnoredDuringExecution", "m:M184", True),
    },
    # k8s.io.api.core.v1.NodeAllocatableMappedResources
    "M134": {
        1: ("name", "s", False),
        2: ("quantity", "quantity", False),
    },
    # k8s.io.api.core.v1.NodeAllocatableOverheadResources
    "M135": {
        1: ("name", "s", False),
        2: ("perPod", "quantity", False),
        3: ("perContainer", "quantity", False),
    },
    # k8s.io.api.core.v1.NodeAllocatableResourceClaimStatus
    "M136": {
        1: ("resourceClaimName", "s", False),
        2: ("containers", "s", True),
        4: ("mapping", "m:M134", True),
        5: ("overhead", "m:M135", True),
    },
    # k8s.io.api.core.v1.NodeCondition
    "M137": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastHeartbeatTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.NodeConfigSource
    "M138": {
        2: ("configMap", "m:M66", False),
    },
    # k8s.io.api.core.v1.NodeConfigStatus
    "M139": {
        1: ("assigned", "m:M138", False),
        2: ("active", "m:M138", False),
        3: ("lastKnownGood", "m:M138", False),
        4: ("error", "s", False),
    },
    # k8s.io.api.core.v1.NodeDaemonEndpoints
    "M140": {
        1: ("kubeletEndpoint", "m:M82", False),
    },
    # k8s.io.api.core.v1.NodeFeatures
    "M141": {
        1: ("supplementalGroupsPolicy", "?", False),
    },
    # k8s.io.api.core.v1.NodePodPreemptionPolicy
    "M142": {
        1: ("disableResizePreemption", "s", True),
    },
    # k8s.io.api.core.v1.NodeRuntimeHandler
    "M143": {
        1: ("name", "s", False),
        2: ("features", "m:M144", False),
    },
    # k8s.io.api.core.v1.NodeRuntimeHandlerFeatures
    "M144": {
        1: ("recursiveReadOnlyMounts", "?", False),
        2: ("userNamespaces", "?", False),
    },
    # k8s.io.api.core.v1.NodeSelector
    "M145": {
        1: ("nodeSelectorTerms", "m:M147", True),
    },
    # k8s.io.api.core.v1.NodeSelectorRequirement
    "M146": {
        1: ("key", "s", False),
        2: ("operator", "s", False),
        3: ("values", "s", True),
    },
    # k8s.io.api.core.v1.NodeSelectorTerm
    "M147": {
        1: ("matchExpressions", "m:M146", True),
        2: ("matchFields", "m:M146", True),
    },
    # k8s.io.api.core.v1.NodeSpec
    "M148": {
        1: ("podCIDR", "s", False),
        2: ("externalID", "s", False),
        3: ("providerID", "s", False),
        4: ("unschedulable", "?", False),
        5: ("taints", "m:M215", True),
        6: ("configSource", "m:M138", False),
        7: ("podCIDRs", "s", True),
        8: ("podPreemptionPolicy", "m:M142", False),
    },
    # k8s.io.api.core.v1.NodeStatus
    "M149": {
        1: ("capacity", "map:quantity", False),
        2: ("allocatable", "map:quantity", False),
        3: ("phase", "s", False),
        4: ("conditions", "m:M137", True),
        5: ("addresses", "m:M132", True),
        6: ("daemonEndpoints", "m:M140", False),
        7: ("nodeInfo", "m:M151", False),
        8: ("images", "m:M71", True),
        9: ("volumesInUse", "s", True),
        10: ("volumesAttached", "m:M54", True),
        11: ("config", "m:M139", False),
        12: ("runtimeHandlers", "m:M143", True),
        13: ("features", "m:M141", False),
        14: ("declaredFeatures", "s", True),
    },
    # k8s.io.api.core.v1.NodeSwapStatus
    "M150": {
        1: ("capacity", "i", False),
    },
    # k8s.io.api.core.v1.NodeSystemInfo
    "M151": {
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
        11: ("swap", "m:M150", False),
    },
    # k8s.io.api.core.v1.ObjectFieldSelector
    "M152": {
        1: ("apiVersion", "s", False),
        2: ("fieldPath", "s", False),
    },
    # k8s.io.api.core.v1.ObjectReference
    "M153": {
        1: ("kind", "s", False),
        2: ("namespace", "s", False),
        3: ("name", "s", False),
        4: ("uid", "s", False),
        5: ("apiVersion", "s", False),
        6: ("resourceVersion", "s", False),
        7: ("fieldPath", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaim
    "M154": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M156", False),
        3: ("status", "m:M157", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimCondition
    "M155": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastProbeTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimSpec
    "M156": {
        1: ("accessModes", "s", True),
        2: ("resources", "m:M227", False),
        3: ("volumeName", "s", False),
        4: ("selector", "m:M255", False),
        5: ("storageClassName", "s", False),
        6: ("volumeMode", "s", False),
        7: ("dataSource", "m:M218", False),
        8: ("dataSourceRef", "m:M219", False),
        9: ("volumeAttributesClassName", "s", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimStatus
    "M157": {
        1: ("phase", "s", False),
        2: ("accessModes", "s", True),
        3: ("capacity", "map:quantity", False),
        4: ("conditions", "m:M155", True),
        5: ("allocatedResources", "map:quantity", False),
        7: ("allocatedResourceStatuses", "map:s", False),
        8: ("currentVolumeAttributesClassName", "s", False),
        9: ("modifyVolumeStatus", "m:M125", False),
        10: ("healthStatus", "m:M223", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimTemplate
    "M158": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M156", False),
    },
    # k8s.io.api.core.v1.PersistentVolumeClaimVolumeSource
    "M159": {
        1: ("claimName", "s", False),
        2: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.PhotonPersistentDiskVolumeSource
    "M160": {
        1: ("pdID", "s", False),
        2: ("fsType", "s", False),
    },
    # k8s.io.api.core.v1.Pod
    "M161": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M178", False),
        3: ("status", "m:M179", False),
    },
    # k8s.io.api.core.v1.PodAffinity
    "M162": {
        1: ("requiredDuringSchedulingIgnoredDuringExecution", "m:M163", True),
        2: ("preferredDuringSchedulingIgnoredDuringExecution", "m:M231", True),
    },
    # k8s.io.api.core.v1.PodAffinityTerm
    "M163": {
        1: ("labelSelector", "m:M255", False),
        2: ("namespaces", "s", True),
        3: ("topologyKey", "s", False),
        4: ("namespaceSelector", "m:M255", False),
        5: ("matchLabelKeys", "s", True),
        6: ("mismatchLabelKeys", "s", True),
    },
    # k8s.io.api.core.v1.PodAntiAffinity
    "M164": {
        1: ("requiredDuringSchedulingIgnoredDuringExecution", "m:M163", True),
        2: ("preferredDuringSchedulingIgnoredDuringExecution", "m:M231", True),
    },
    # k8s.io.api.core.v1.PodCertificateProjection
    "M165": {
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
    "M166": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("lastProbeTime", "time", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
        7: ("observedGeneration", "i", False),
    },
    # k8s.io.api.core.v1.PodDNSConfig
    "M167": {
        1: ("nameservers", "s", True),
        2: ("searches", "s", True),
        3: ("options", "m:M168", True),
    },
    # k8s.io.api.core.v1.PodDNSConfigOption
    "M168": {
        1: ("name", "s", False),
        2: ("value", "s", False),
    },
    # k8s.io.api.core.v1.PodExtendedResourceClaimStatus
    "M169": {
        1: ("requestMappings", "m:M70", True),
        2: ("resourceClaimName", "s", False),
    },
    # k8s.io.api.core.v1.PodIP
    "M170": {
        1: ("ip", "s", False),
    },
    # k8s.io.api.core.v1.PodOS
    "M171": {
        1: ("name", "s", False),
    },
    # k8s.io.api.core.v1.PodReadinessGate
    "M172": {
        1: ("conditionType", "s", False),
    },
    # k8s.io.api.core.v1.PodResourceClaim
    "M173": {
        1: ("name", "s", False),
        3: ("resourceClaimName", "s", False),
        4: ("resourceClaimTemplateName", "s", False),
    },
    # k8s.io.api.core.v1.PodResourceClaimStatus
    "M174": {
        1: ("name", "s", False),
        2: ("resourceClaimName", "s", False),
    },
    # k8s.io.api.core.v1.PodSchedulingGate
    "M175": {
        1: ("name", "s", False),
    },
    # k8s.io.api.core.v1.PodSchedulingGroup
    "M176": {
        1: ("podGroupName", "s", False),
    },
    # k8s.io.api.core.v1.PodSecurityContext
    "M177": {
        1: ("seLinuxOptions", "m:M195", False),
        2: ("runAsUser", "i", False),
        3: ("runAsNonRoot", "?", False),
        4: ("supplementalGroups", "i", True),
        5: ("fsGroup", "i", False),
        6: ("runAsGroup", "i", False),
        7: ("sysctls", "m:M213", True),
        8: ("windowsOptions", "m:M232", False),
        9: ("fsGroupChangePolicy", "s", False),
        10: ("seccompProfile", "m:M197", False),
        11: ("appArmorProfile", "m:M53", False),
        12: ("supplementalGroupsPolicy", "s", False),
        13: ("seLinuxChangePolicy", "s", False),
    },
    # k8s.io.api.core.v1.PodSpec
    "M178": {
        1: ("volumes", "m:M220", True),
        2: ("containers", "m:M69", True),
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
        14: ("securityContext", "m:M177", False),
        15: ("imagePullSecrets", "m:M124", True),
        16: ("hostname", "s", False),
        17: ("subdomain", "s", False),
        18: ("affinity", "m:M52", False),
        19: ("schedulerName", "s", False),
        20: ("initContainers", "m:M69", True),
        21: ("automountServiceAccountToken", "?", False),
        22: ("tolerations", "m:M216", True),
        23: ("hostAliases", "m:M112", True),
        24: ("priorityClassName", "s", False),
        25: ("priority", "i", False),
        26: ("dnsConfig", "m:M167", False),
        27: ("shareProcessNamespace", "?", False),
        28: ("readinessGates", "m:M172", True),
        29: ("runtimeClassName", "s", False),
        30: ("enableServiceLinks", "?", False),
        31: ("preemptionPolicy", "s", False),
        32: ("overhead", "map:quantity", False),
        33: ("topologySpreadConstraints", "m:M217", True),
        34: ("ephemeralContainers", "m:M94", True),
        35: ("setHostnameAsFQDN", "?", False),
        36: ("os", "m:M171", False),
        37: ("hostUsers", "?", False),
        38: ("schedulingGates", "m:M175", True),
        39: ("resourceClaims", "m:M173", True),
        40: ("resources", "m:M193", False),
        41: ("hostnameOverride", "s", False),
        43: ("schedulingGroup", "m:M176", False),
        44: ("evictionResponders", "m:M100", True),
    },
    # k8s.io.api.core.v1.PodStatus
    "M179": {
        1: ("phase", "s", False),
        2: ("conditions", "m:M166", True),
        3: ("message", "s", False),
        4: ("reason", "s", False),
        5: ("hostIP", "s", False),
        6: ("podIP", "s", False),
        7: ("startTime", "time", False),
        8: ("containerStatuses", "m:M80", True),
        9: ("qosClass", "s", False),
        10: ("initContainerStatuses", "m:M80", True),
        11: ("nominatedNodeName", "s", False),
        12: ("podIPs", "m:M170", True),
        13: ("ephemeralContainerStatuses", "m:M80", True),
        14: ("resize", "s", False),
        15: ("resourceClaimStatuses", "m:M174", True),
        16: ("hostIPs", "m:M113", True),
        17: ("observedGeneration", "i", False),
        18: ("extendedResourceClaimStatus", "m:M169", False),
        19: ("allocatedResources", "map:quantity", False),
        20: ("resources", "m:M193", False),
        21: ("nodeAllocatableResourceClaimStatuses", "m:M136", True),
        22: ("volumeHealth", "m:M181", True),
    },
    # k8s.io.api.core.v1.PodTemplateSpec
    "M180": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M178", False),
    },
    # k8s.io.api.core.v1.PodVolumeHealth
    "M181": {
        1: ("name", "s", False),
        2: ("healthConditions", "m:M222", True),
        3: ("lastTransitionTime", "time", False),
    },
    # k8s.io.api.core.v1.PortStatus
    "M182": {
        1: ("port", "i", False),
        2: ("protocol", "s", False),
        3: ("error", "s", False),
    },
    # k8s.io.api.core.v1.PortworxVolumeSource
    "M183": {
        1: ("volumeID", "s", False),
        2: ("fsType", "s", False),
        3: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.PreferredSchedulingTerm
    "M184": {
        1: ("weight", "i", False),
        2: ("preference", "m:M147", False),
    },
    # k8s.io.api.core.v1.Probe
    "M185": {
        1: ("handler", "m:M186", False),
        2: ("initialDelaySeconds", "i", False),
        3: ("timeoutSeconds", "i", False),
        4: ("periodSeconds", "i", False),
        5: ("successThreshold", "i", False),
        6: ("failureThreshold", "i", False),
        7: ("terminationGracePeriodSeconds", "i", False),
    },
    # k8s.io.api.core.v1.ProbeHandler
    "M186": {
        1: ("exec", "m:M101", False),
        2: ("httpGet", "m:M110", False),
        3: ("tcpSocket", "m:M214", False),
        4: ("grpc", "m:M107", False),
    },
    # k8s.io.api.core.v1.ProjectedVolumeSource
    "M187": {
        1: ("sources", "m:M226", True),
        2: ("defaultMode", "i", False),
        3: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.QuobyteVolumeSource
    "M188": {
        1: ("registry", "s", False),
        2: ("volume", "s", False),
        3: ("readOnly", "?", False),
        4: ("user", "s", False),
        5: ("group", "s", False),
        6: ("tenant", "s", False),
    },
    # k8s.io.api.core.v1.RBDVolumeSource
    "M189": {
        1: ("monitors", "s", True),
        2: ("image", "s", False),
        3: ("fsType", "s", False),
        4: ("pool", "s", False),
        5: ("user", "s", False),
        6: ("keyring", "s", False),
        7: ("secretRef", "m:M124", False),
        8: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.ResourceClaim
    "M190": {
        1: ("name", "s", False),
        2: ("request", "s", False),
    },
    # k8s.io.api.core.v1.ResourceFieldSelector
    "M191": {
        1: ("containerName", "s", False),
        2: ("resource", "s", False),
        3: ("divisor", "quantity", False),
    },
    # k8s.io.api.core.v1.ResourceHealth
    "M192": {
        1: ("resourceID", "s", False),
        2: ("health", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.api.core.v1.ResourceRequirements
    "M193": {
        1: ("limits", "map:quantity", False),
        2: ("requests", "map:quantity", False),
        3: ("claims", "m:M190", True),
    },
    # k8s.io.api.core.v1.ResourceStatus
    "M194": {
        1: ("name", "s", False),
        2: ("resources", "m:M192", True),
    },
    # k8s.io.api.core.v1.SELinuxOptions
    "M195": {
        1: ("user", "s", False),
        2: ("role", "s", False),
        3: ("type", "s", False),
        4: ("level", "s", False),
    },
    # k8s.io.api.core.v1.ScaleIOVolumeSource
    "M196": {
        1: ("gateway", "s", False),
        2: ("system", "s", False),
        3: ("secretRef", "m:M124", False),
        4: ("sslEnabled", "?", False),
        5: ("protectionDomain", "s", False),
        6: ("storagePool", "s", False),
        7: ("storageMode", "s", False),
        8: ("volumeName", "s", False),
        9: ("fsType", "s", False),
        10: ("readOnly", "?", False),
    },
    # k8s.io.api.core.v1.SeccompProfile
    "M197": {
        1: ("type", "s", False),
        2: ("localhostProfile", "s", False),
    },
    # k8s.io.api.core.v1.Secret
    "M198": {
        1: ("metadata", "m:M258", False),
        2: ("data", "map:b", False),
        3: ("type", "s", False),
        4: ("stringData", "map:s", False),
        5: ("immutable", "?", False),
    },
    # k8s.io.api.core.v1.SecretEnvSource
    "M199": {
        1: ("localObjectReference", "m:M124", False),
        2: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.SecretKeySelector
    "M200": {
        1: ("localObjectReference", "m:M124", False),
        2: ("key", "s", False),
        3: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.SecretProjection
    "M201": {
        1: ("localObjectReference", "m:M124", False),
        2: ("items", "m:M118", True),
        4: ("optional", "?", False),
    },
    # k8s.io.api.core.v1.SecretVolumeSource
    "M202": {
        1: ("secretName", "s", False),
        2: ("items", "m:M118", True),
        3: ("defaultMode", "i", False),
        4: ("optional", "?", False),
        5: ("defaultUser", "i", False),
    },
    # k8s.io.api.core.v1.SecurityContext
    "M203": {
        1: ("capabilities", "m:M58", False),
        2: ("privileged", "?", False),
        3: ("seLinuxOptions", "m:M195", False),
        4: ("runAsUser", "i", False),
        5: ("runAsNonRoot", "?", False),
        6: ("readOnlyRootFilesystem", "?", False),
        7: ("allowPrivilegeEscalation", "?", False),
        8: ("runAsGroup", "i", False),
        9: ("procMount", "s", False),
        10: ("windowsOptions", "m:M232", False),
        11: ("seccompProfile", "m:M197", False),
        12: ("appArmorProfile", "m:M53", False),
    },
    # k8s.io.api.core.v1.Service
    "M204": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M208", False),
        3: ("status", "m:M209", False),
    },
    # k8s.io.api.core.v1.ServiceAccount
    "M205": {
        1: ("metadata", "m:M258", False),
        2: ("secrets", "m:M153", True),
        3: ("imagePullSecrets", "m:M124", True),
        4: ("automountServiceAccountToken", "?", False),
    },
    # k8s.io.api.core.v1.ServiceAccountTokenProjection
    "M206": {
        1: ("audience", "s", False),
        2: ("expirationSeconds", "i", False),
        3: ("path", "s", False),
        4: ("user", "i", False),
    },
    # k8s.io.api.core.v1.ServicePort
    "M207": {
        1: ("name", "s", False),
        2: ("protocol", "s", False),
        3: ("port", "i", False),
        4: ("targetPort", "intstr", False),
        5: ("nodePort", "i", False),
        6: ("appProtocol", "s", False),
    },
    # k8s.io.api.core.v1.ServiceSpec
    "M208": {
        1: ("ports", "m:M207", True),
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
        14: ("sessionAffinityConfig", "m:M210", False),
        17: ("ipFamilyPolicy", "s", False),
        18: ("clusterIPs", "s", True),
        19: ("ipFamilies", "s", True),
        20: ("allocateLoadBalancerNodePorts", "?", False),
        21: ("loadBalancerClass", "s", False),
        22: ("internalTrafficPolicy", "s", False),
        23: ("trafficDistribution", "s", False),
    },
    # k8s.io.api.core.v1.ServiceStatus
    "M209": {
        1: ("loadBalancer", "m:M123", False),
        2: ("conditions", "m:M253", True),
    },
    # k8s.io.api.core.v1.SessionAffinityConfig
    "M210": {
        1: ("clientIP", "m:M61", False),
    },
    # k8s.io.api.core.v1.SleepAction
    "M211": {
        1: ("seconds", "i", False),
    },
    # k8s.io.api.core.v1.StorageOSVolumeSource
    "M212": {
        1: ("volumeName", "s", False),
        2: ("volumeNamespace", "s", False),
        3: ("fsType", "s", False),
        4: ("readOnly", "?", False),
        5: ("secretRef", "m:M124", False),
    },
    # k8s.io.api.core.v1.Sysctl
    "M213": {
        1: ("name", "s", False),
        2: ("value", "s", False),
    },
    # k8s.io.api.core.v1.TCPSocketAction
    "M214": {
        1: ("port", "intstr", False),
        2: ("host", "s", False),
    },
    # k8s.io.api.core.v1.Taint
    "M215": {
        1: ("key", "s", False),
        2: ("value", "s", False),
        3: ("effect", "s", False),
        4: ("timeAdded", "time", False),
    },
    # k8s.io.api.core.v1.Toleration
    "M216": {
        1: ("key", "s", False),
        2: ("operator", "s", False),
        3: ("value", "s", False),
        4: ("effect", "s", False),
        5: ("tolerationSeconds", "i", False),
    },
    # k8s.io.api.core.v1.TopologySpreadConstraint
    "M217": {
        1: ("maxSkew", "i", False),
        2: ("topologyKey", "s", False),
        3: ("whenUnsatisfiable", "s", False),
        4: ("labelSelector", "m:M255", False),
        5: ("minDomains", "i", False),
        6: ("nodeAffinityPolicy", "s", False),
        7: ("nodeTaintsPolicy", "s", False),
        8: ("matchLabelKeys", "s", True),
    },
    # k8s.io.api.core.v1.TypedLocalObjectReference
    "M218": {
        1: ("apiGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
    },
    # k8s.io.api.core.v1.TypedObjectReference
    "M219": {
        1: ("apiGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
        4: ("namespace", "s", False),
    },
    # k8s.io.api.core.v1.Volume
    "M220": {
        1: ("name", "s", False),
        2: ("volumeSource", "m:M228", False),
    },
    # k8s.io.api.core.v1.VolumeDevice
    "M221": {
        1: ("name", "s", False),
        2: ("devicePath", "s", False),
    },
    # k8s.io.api.core.v1.VolumeHealthCondition
    "M222": {
        1: ("status", "s", False),
        2: ("reason", "s", False),
        3: ("message", "s", False),
    },
    # k8s.io.api.core.v1.VolumeHealthStatus
    "M223": {
        1: ("healthConditions", "m:M222", True),
        2: ("lastTransitionTime", "time", False),
    },
    # k8s.io.api.core.v1.VolumeMount
    "M224": {
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
    "M225": {
        1: ("name", "s", False),
        2: ("mountPath", "s", False),
        3: ("readOnly", "?", False),
        4: ("recursiveReadOnly", "s", False),
        5: ("volumeStatus", "m:M229", False),
    },
    # k8s.io.api.core.v1.VolumeProjection
    "M226": {
        1: ("secret", "m:M201", False),
        2: ("downwardAPI", "m:M83", False),
        3: ("configMap", "m:M67", False),
        4: ("serviceAccountToken", "m:M206", False),
        5: ("clusterTrustBundle", "m:M62", False),
        6: ("podCertificate", "m:M165", False),
    },
    # k8s.io.api.core.v1.VolumeResourceRequirements
    "M227": {
        1: ("limits", "map:quantity", False),
        2: ("requests", "map:quantity", False),
    },
    # k8s.io.api.core.v1.VolumeSource
    "M228": {
        1: ("hostPath", "m:M114", False),
        2: ("emptyDir", "m:M86", False),
        3: ("gcePersistentDisk", "m:M106", False),
        4: ("awsElasticBlockStore", "m:M51", False),
        5: ("gitRepo", "m:M108", False),
        6: ("secret", "m:M202", False),
        7: ("nfs", "m:M126", False),
        8: ("iscsi", "m:M115", False),
        9: ("glusterfs", "m:M109", False),
        10: ("persistentVolumeClaim", "m:M159", False),
        11: ("rbd", "m:M189", False),
        12: ("flexVolume", "m:M104", False),
        13: ("cinder", "m:M60", False),
        14: ("cephfs", "m:M59", False),
        15: ("flocker", "m:M105", False),
        16: ("downwardAPI", "m:M85", False),
        17: ("fc", "m:M102", False),
        18: ("azureFile", "m:M56", False),
        19: ("configMap", "m:M68", False),
        20: ("vsphereVolume", "m:M230", False),
        21: ("quobyte", "m:M188", False),
        22: ("azureDisk", "m:M55", False),
        23: ("photonPersistentDisk", "m:M160", False),
        24: ("portworxVolume", "m:M183", False),
        25: ("scaleIO", "m:M196", False),
        26: ("projected", "m:M187", False),
        27: ("storageos", "m:M212", False),
        28: ("csi", "m:M57", False),
        29: ("ephemeral", "m:M96", False),
        30: ("image", "m:M116", False),
    },
    # k8s.io.api.core.v1.VolumeStatus
    "M229": {
        1: ("image", "m:M117", False),
    },
    # k8s.io.api.core.v1.VsphereVirtualDiskVolumeSource
    "M230": {
        1: ("volumePath", "s", False),
        2: ("fsType", "s", False),
        3: ("storagePolicyName", "s", False),
        4: ("storagePolicyID", "s", False),
    },
    # k8s.io.api.core.v1.WeightedPodAffinityTerm
    "M231": {
        1: ("weight", "i", False),
        2: ("podAffinityTerm", "m:M163", False),
    },
    # k8s.io.api.core.v1.WindowsSecurityContextOptions
    "M232": {
        1: ("gmsaCredentialSpecName", "s", False),
        2: ("gmsaCredentialSpec", "s", False),
        3: ("runAsUserName", "s", False),
        4: ("hostProcess", "?", False),
    },
    # k8s.io.api.events.v1.Event
    "M233": {
        1: ("metadata", "m:M258", False),
        2: ("eventTime", "microtime", False),
        3: ("series", "m:M234", False),
        4: ("reportingController", "s", False),
        5: ("reportingInstance", "s", False),
        6: ("action", "s", False),
        7: ("reason", "s", False),
        8: ("regarding", "m:M153", False),
        9: ("related", "m:M153", False),
        10: ("note", "s", False),
        11: ("type", "s", False),
        12: ("deprecatedSource", "m:M99", False),
        13: ("deprecatedFirstTimestamp", "time", False),
        14: ("deprecatedLastTimestamp", "time", False),
        15: ("deprecatedCount", "i", False),
    },
    # k8s.io.api.events.v1.EventSeries
    "M234": {
        1: ("count", "i", False),
        2: ("lastObservedTime", "microtime", False),
    },
    # k8s.io.api.networking.v1.IPBlock
    "M235": {
        1: ("cidr", "s", False),
        2: ("except", "s", True),
    },
    # k8s.io.api.networking.v1.NetworkPolicy
    "M236": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M241", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicyEgressRule
    "M237": {
        1: ("ports", "m:M240", True),
        2: ("to", "m:M239", True),
    },
    # k8s.io.api.networking.v1.NetworkPolicyIngressRule
    "M238": {
        1: ("ports", "m:M240", True),
        2: ("from", "m:M239", True),
    },
    # k8s.io.api.networking.v1.NetworkPolicyPeer
    "M239": {
        1: ("podSelector", "m:M255", False),
        2: ("namespaceSelector", "m:M255", False),
        3: ("ipBlock", "m:M235", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicyPort
    "M240": {
        1: ("protocol", "s", False),
        2: ("port", "intstr", False),
        3: ("endPort", "i", False),
    },
    # k8s.io.api.networking.v1.NetworkPolicySpec
    "M241": {
        1: ("podSelector", "m:M255", False),
        2: ("ingress", "m:M238", True),
        3: ("egress", "m:M237", True),
        4: ("policyTypes", "s", True),
    },
    # k8s.io.api.policy.v1.PodDisruptionBudget
    "M242": {
        1: ("metadata", "m:M258", False),
        2: ("spec", "m:M243", False),
        3: ("status", "m:M244", False),
    },
    # k8s.io.api.policy.v1.PodDisruptionBudgetSpec
    "M243": {
        1: ("minAvailable", "intstr", False),
        2: ("selector", "m:M255", False),
        3: ("maxUnavailable", "intstr", False),
        4: ("unhealthyPodEvictionPolicy", "s", False),
    },
    # k8s.io.api.policy.v1.PodDisruptionBudgetStatus
    "M244": {
        1: ("observedGeneration", "i", False),
        2: ("disruptedPods", "map:time", False),
        3: ("disruptionsAllowed", "i", False),
        4: ("currentHealthy", "i", False),
        5: ("desiredHealthy", "i", False),
        6: ("expectedPods", "i", False),
        7: ("conditions", "m:M253", True),
    },
    # k8s.io.api.rbac.v1.AggregationRule
    "M245": {
        1: ("clusterRoleSelectors", "m:M255", True),
    },
    # k8s.io.api.rbac.v1.ClusterRole
    "M246": {
        1: ("metadata", "m:M258", False),
        2: ("rules", "m:M248", True),
        3: ("aggregationRule", "m:M245", False),
    },
    # k8s.io.api.rbac.v1.ClusterRoleBinding
    "M247": {
        1: ("metadata", "m:M258", False),
        2: ("subjects", "m:M252", True),
        3: ("roleRef", "m:M251", False),
    },
    # k8s.io.api.rbac.v1.PolicyRule
    "M248": {
        1: ("verbs", "s", True),
        2: ("apiGroups", "s", True),
        3: ("resources", "s", True),
        4: ("resourceNames", "s", True),
        5: ("nonResourceURLs", "s", True),
    },
    # k8s.io.api.rbac.v1.Role
    "M249": {
        1: ("metadata", "m:M258", False),
        2: ("rules", "m:M248", True),
    },
    # k8s.io.api.rbac.v1.RoleBinding
    "M250": {
        1: ("metadata", "m:M258", False),
        2: ("subjects", "m:M252", True),
        3: ("roleRef", "m:M251", False),
    },
    # k8s.io.api.rbac.v1.RoleRef
    "M251": {
        1: ("apiGroup", "s", False),
        2: ("kind", "s", False),
        3: ("name", "s", False),
    },
    # k8s.io.api.rbac.v1.Subject
    "M252": {
        1: ("kind", "s", False),
        2: ("apiGroup", "s", False),
        3: ("name", "s", False),
        4: ("namespace", "s", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.Condition
    "M253": {
        1: ("type", "s", False),
        2: ("status", "s", False),
        3: ("observedGeneration", "i", False),
        4: ("lastTransitionTime", "time", False),
        5: ("reason", "s", False),
        6: ("message", "s", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions
    "M254": {
        1: ("gracePeriodSeconds", "i", False),
        2: ("preconditions", "m:M260", False),
        3: ("orphanDependents", "?", False),
        4: ("propagationPolicy", "s", False),
        5: ("dryRun", "s", True),
        6: ("ignoreStoreReadErrorWithClusterBreakingPotential", "?", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector
    "M255": {
        1: ("matchLabels", "map:s", False),
        2: ("matchExpressions", "m:M256", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement
    "M256": {
        1: ("key", "s", False),
        2: ("operator", "s", False),
        3: ("values", "s", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry
    "M257": {
        1: ("manager", "s", False),
        2: ("operation", "s", False),
        3: ("apiVersion", "s", False),
        4: ("time", "time", False),
        6: ("fieldsType", "s", False),
        7: ("fieldsV1", "raw", False),
        8: ("subresource", "s", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta
    "M258": {
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
        13: ("ownerReferences", "m:M259", True),
        14: ("finalizers", "s", True),
        17: ("managedFields", "m:M257", True),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference
    "M259": {
        1: ("kind", "s", False),
        3: ("name", "s", False),
        4: ("uid", "s", False),
        5: ("apiVersion", "s", False),
        6: ("controller", "?", False),
        7: ("blockOwnerDeletion", "?", False),
    },
    # k8s.io.apimachinery.pkg.apis.meta.v1.Preconditions
    "M260": {
        1: ("uid", "s", False),
        2: ("resourceVersion", "s", False),
    },
}

ROOTS: dict[tuple[str, str], str] = {
    ("", "ConfigMap"): "M63",
    ("", "Secret"): "M198",
    ("", "Namespace"): "M127",
    ("", "ServiceAccount"): "M205",
    ("", "Event"): "M97",
    ("", "Service"): "M204",
    ("", "Pod"): "M161",
    ("", "Endpoints"): "M90",
    ("", "PersistentVolumeClaim"): "M154",
    ("", "Node"): "M131",
    ("apps", "Deployment"): "M14",
    ("apps", "StatefulSet"): "M26",
    ("apps", "DaemonSet"): "M9",
    ("apps", "ReplicaSet"): "M19",
    ("events.k8s.io", "Event"): "M233",
    ("coordination.k8s.io", "Lease"): "M49",
    ("rbac.authorization.k8s.io", "ClusterRole"): "M246",
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): "M247",
    ("rbac.authorization.k8s.io", "Role"): "M249",
    ("rbac.authorization.k8s.io", "RoleBinding"): "M250",
    ("networking.k8s.io", "NetworkPolicy"): "M236",
    ("policy", "PodDisruptionBudget"): "M242",
    ("batch", "Job"): "M36",
    ("batch", "CronJob"): "M33",
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): "M7",
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): "M2",
    ("meta.k8s.io", "DeleteOptions"): "M254",
}
