# ruff: noqa: E501
"""What kube-apiserver's typed conversion adds to a built-in object (generated; do not edit).

Made by hack/typeshapes (Go reflection over k8s.io/api v0.32.13): for each Go struct of the
built-in kinds, its fields that the typed form always has, with that value (a value struct is
{}, a field without omitempty its zero value), and the struct type behind struct-valued fields.
Server-side apply compares typed objects, so a node counts as added only where it was absent.
"""

from __future__ import annotations

#: struct type -> {json field: (value the typed form always has, or None if only when set;
#: the struct type inside the field (directly, behind a pointer or as list items; "map:T" for
#: a map of T), or "")}. Values are JSON text.
STRUCTS: dict[str, dict[str, tuple[str | None, str]]] = {
    "admissionregistration/v1.AuditAnnotation": {
        "key": ("\"\"", ""),
        "valueExpression": ("\"\"", ""),
    },
    "admissionregistration/v1.ExpressionWarning": {
        "fieldRef": ("\"\"", ""),
        "warning": ("\"\"", ""),
    },
    "admissionregistration/v1.MatchCondition": {
        "expression": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "admissionregistration/v1.MatchResources": {
        "excludeResourceRules": (None, "admissionregistration/v1.NamedRuleWithOperations"),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "resourceRules": (None, "admissionregistration/v1.NamedRuleWithOperations"),
    },
    "admissionregistration/v1.MutatingWebhook": {
        "admissionReviewVersions": ("null", ""),
        "clientConfig": ("{}", "admissionregistration/v1.WebhookClientConfig"),
        "matchConditions": (None, "admissionregistration/v1.MatchCondition"),
        "name": ("\"\"", ""),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "rules": (None, "admissionregistration/v1.RuleWithOperations"),
        "sideEffects": ("null", ""),
    },
    "admissionregistration/v1.MutatingWebhookConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "webhooks": (None, "admissionregistration/v1.MutatingWebhook"),
    },
    "admissionregistration/v1.ParamRef": {
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "admissionregistration/v1.ServiceReference": {
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "admissionregistration/v1.TypeChecking": {
        "expressionWarnings": (None, "admissionregistration/v1.ExpressionWarning"),
    },
    "admissionregistration/v1.ValidatingAdmissionPolicy": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1.ValidatingAdmissionPolicySpec"),
        "status": ("{}", "admissionregistration/v1.ValidatingAdmissionPolicyStatus"),
    },
    "admissionregistration/v1.ValidatingAdmissionPolicyBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1.ValidatingAdmissionPolicyBindingSpec"),
    },
    "admissionregistration/v1.ValidatingAdmissionPolicyBindingSpec": {
        "matchResources": (None, "admissionregistration/v1.MatchResources"),
        "paramRef": (None, "admissionregistration/v1.ParamRef"),
    },
    "admissionregistration/v1.ValidatingAdmissionPolicySpec": {
        "auditAnnotations": (None, "admissionregistration/v1.AuditAnnotation"),
        "matchConditions": (None, "admissionregistration/v1.MatchCondition"),
        "matchConstraints": (None, "admissionregistration/v1.MatchResources"),
        "paramKind": (None, "admissionregistration/v1.ParamKind"),
        "validations": (None, "admissionregistration/v1.Validation"),
        "variables": (None, "admissionregistration/v1.Variable"),
    },
    "admissionregistration/v1.ValidatingAdmissionPolicyStatus": {
        "conditions": (None, "meta/v1.Condition"),
        "typeChecking": (None, "admissionregistration/v1.TypeChecking"),
    },
    "admissionregistration/v1.ValidatingWebhook": {
        "admissionReviewVersions": ("null", ""),
        "clientConfig": ("{}", "admissionregistration/v1.WebhookClientConfig"),
        "matchConditions": (None, "admissionregistration/v1.MatchCondition"),
        "name": ("\"\"", ""),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "rules": (None, "admissionregistration/v1.RuleWithOperations"),
        "sideEffects": ("null", ""),
    },
    "admissionregistration/v1.ValidatingWebhookConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "webhooks": (None, "admissionregistration/v1.ValidatingWebhook"),
    },
    "admissionregistration/v1.Validation": {
        "expression": ("\"\"", ""),
    },
    "admissionregistration/v1.Variable": {
        "expression": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "admissionregistration/v1.WebhookClientConfig": {
        "service": (None, "admissionregistration/v1.ServiceReference"),
    },
    "admissionregistration/v1alpha1.AuditAnnotation": {
        "key": ("\"\"", ""),
        "valueExpression": ("\"\"", ""),
    },
    "admissionregistration/v1alpha1.ExpressionWarning": {
        "fieldRef": ("\"\"", ""),
        "warning": ("\"\"", ""),
    },
    "admissionregistration/v1alpha1.MatchCondition": {
        "expression": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "admissionregistration/v1alpha1.MatchResources": {
        "excludeResourceRules": (None, "admissionregistration/v1alpha1.NamedRuleWithOperations"),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "resourceRules": (None, "admissionregistration/v1alpha1.NamedRuleWithOperations"),
    },
    "admissionregistration/v1alpha1.MutatingAdmissionPolicy": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1alpha1.MutatingAdmissionPolicySpec"),
    },
    "admissionregistration/v1alpha1.MutatingAdmissionPolicyBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1alpha1.MutatingAdmissionPolicyBindingSpec"),
    },
    "admissionregistration/v1alpha1.MutatingAdmissionPolicyBindingSpec": {
        "matchResources": (None, "admissionregistration/v1alpha1.MatchResources"),
        "paramRef": (None, "admissionregistration/v1alpha1.ParamRef"),
    },
    "admissionregistration/v1alpha1.MutatingAdmissionPolicySpec": {
        "matchConditions": (None, "admissionregistration/v1alpha1.MatchCondition"),
        "matchConstraints": (None, "admissionregistration/v1alpha1.MatchResources"),
        "mutations": (None, "admissionregistration/v1alpha1.Mutation"),
        "paramKind": (None, "admissionregistration/v1alpha1.ParamKind"),
        "variables": (None, "admissionregistration/v1alpha1.Variable"),
    },
    "admissionregistration/v1alpha1.Mutation": {
        "applyConfiguration": (None, "admissionregistration/v1alpha1.ApplyConfiguration"),
        "jsonPatch": (None, "admissionregistration/v1alpha1.JSONPatch"),
        "patchType": ("\"\"", ""),
    },
    "admissionregistration/v1alpha1.ParamRef": {
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "admissionregistration/v1alpha1.TypeChecking": {
        "expressionWarnings": (None, "admissionregistration/v1alpha1.ExpressionWarning"),
    },
    "admissionregistration/v1alpha1.ValidatingAdmissionPolicy": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1alpha1.ValidatingAdmissionPolicySpec"),
        "status": ("{}", "admissionregistration/v1alpha1.ValidatingAdmissionPolicyStatus"),
    },
    "admissionregistration/v1alpha1.ValidatingAdmissionPolicyBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1alpha1.ValidatingAdmissionPolicyBindingSpec"),
    },
    "admissionregistration/v1alpha1.ValidatingAdmissionPolicyBindingSpec": {
        "matchResources": (None, "admissionregistration/v1alpha1.MatchResources"),
        "paramRef": (None, "admissionregistration/v1alpha1.ParamRef"),
    },
    "admissionregistration/v1alpha1.ValidatingAdmissionPolicySpec": {
        "auditAnnotations": (None, "admissionregistration/v1alpha1.AuditAnnotation"),
        "matchConditions": (None, "admissionregistration/v1alpha1.MatchCondition"),
        "matchConstraints": (None, "admissionregistration/v1alpha1.MatchResources"),
        "paramKind": (None, "admissionregistration/v1alpha1.ParamKind"),
        "validations": (None, "admissionregistration/v1alpha1.Validation"),
        "variables": (None, "admissionregistration/v1alpha1.Variable"),
    },
    "admissionregistration/v1alpha1.ValidatingAdmissionPolicyStatus": {
        "conditions": (None, "meta/v1.Condition"),
        "typeChecking": (None, "admissionregistration/v1alpha1.TypeChecking"),
    },
    "admissionregistration/v1alpha1.Validation": {
        "expression": ("\"\"", ""),
    },
    "admissionregistration/v1alpha1.Variable": {
        "expression": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.AuditAnnotation": {
        "key": ("\"\"", ""),
        "valueExpression": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.ExpressionWarning": {
        "fieldRef": ("\"\"", ""),
        "warning": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.MatchCondition": {
        "expression": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.MatchResources": {
        "excludeResourceRules": (None, "admissionregistration/v1beta1.NamedRuleWithOperations"),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "resourceRules": (None, "admissionregistration/v1beta1.NamedRuleWithOperations"),
    },
    "admissionregistration/v1beta1.MutatingWebhook": {
        "clientConfig": ("{}", "admissionregistration/v1beta1.WebhookClientConfig"),
        "matchConditions": (None, "admissionregistration/v1beta1.MatchCondition"),
        "name": ("\"\"", ""),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "rules": (None, "admissionregistration/v1.RuleWithOperations"),
    },
    "admissionregistration/v1beta1.MutatingWebhookConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "webhooks": (None, "admissionregistration/v1beta1.MutatingWebhook"),
    },
    "admissionregistration/v1beta1.ParamRef": {
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "admissionregistration/v1beta1.ServiceReference": {
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.TypeChecking": {
        "expressionWarnings": (None, "admissionregistration/v1beta1.ExpressionWarning"),
    },
    "admissionregistration/v1beta1.ValidatingAdmissionPolicy": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1beta1.ValidatingAdmissionPolicySpec"),
        "status": ("{}", "admissionregistration/v1beta1.ValidatingAdmissionPolicyStatus"),
    },
    "admissionregistration/v1beta1.ValidatingAdmissionPolicyBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "admissionregistration/v1beta1.ValidatingAdmissionPolicyBindingSpec"),
    },
    "admissionregistration/v1beta1.ValidatingAdmissionPolicyBindingSpec": {
        "matchResources": (None, "admissionregistration/v1beta1.MatchResources"),
        "paramRef": (None, "admissionregistration/v1beta1.ParamRef"),
    },
    "admissionregistration/v1beta1.ValidatingAdmissionPolicySpec": {
        "auditAnnotations": (None, "admissionregistration/v1beta1.AuditAnnotation"),
        "matchConditions": (None, "admissionregistration/v1beta1.MatchCondition"),
        "matchConstraints": (None, "admissionregistration/v1beta1.MatchResources"),
        "paramKind": (None, "admissionregistration/v1beta1.ParamKind"),
        "validations": (None, "admissionregistration/v1beta1.Validation"),
        "variables": (None, "admissionregistration/v1beta1.Variable"),
    },
    "admissionregistration/v1beta1.ValidatingAdmissionPolicyStatus": {
        "conditions": (None, "meta/v1.Condition"),
        "typeChecking": (None, "admissionregistration/v1beta1.TypeChecking"),
    },
    "admissionregistration/v1beta1.ValidatingWebhook": {
        "clientConfig": ("{}", "admissionregistration/v1beta1.WebhookClientConfig"),
        "matchConditions": (None, "admissionregistration/v1beta1.MatchCondition"),
        "name": ("\"\"", ""),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "objectSelector": (None, "meta/v1.LabelSelector"),
        "rules": (None, "admissionregistration/v1.RuleWithOperations"),
    },
    "admissionregistration/v1beta1.ValidatingWebhookConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "webhooks": (None, "admissionregistration/v1beta1.ValidatingWebhook"),
    },
    "admissionregistration/v1beta1.Validation": {
        "expression": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.Variable": {
        "expression": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "admissionregistration/v1beta1.WebhookClientConfig": {
        "service": (None, "admissionregistration/v1beta1.ServiceReference"),
    },
    "apiserverinternal/v1alpha1.StorageVersion": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apiserverinternal/v1alpha1.StorageVersionSpec"),
        "status": ("{}", "apiserverinternal/v1alpha1.StorageVersionStatus"),
    },
    "apiserverinternal/v1alpha1.StorageVersionCondition": {
        "reason": ("\"\"", ""),
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apiserverinternal/v1alpha1.StorageVersionStatus": {
        "conditions": (None, "apiserverinternal/v1alpha1.StorageVersionCondition"),
        "storageVersions": (None, "apiserverinternal/v1alpha1.ServerStorageVersion"),
    },
    "apps/v1.ControllerRevision": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "revision": ("0", ""),
    },
    "apps/v1.DaemonSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1.DaemonSetSpec"),
        "status": ("{}", "apps/v1.DaemonSetStatus"),
    },
    "apps/v1.DaemonSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1.DaemonSetSpec": {
        "selector": ("null", "meta/v1.LabelSelector"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
        "updateStrategy": ("{}", "apps/v1.DaemonSetUpdateStrategy"),
    },
    "apps/v1.DaemonSetStatus": {
        "conditions": (None, "apps/v1.DaemonSetCondition"),
        "currentNumberScheduled": ("0", ""),
        "desiredNumberScheduled": ("0", ""),
        "numberMisscheduled": ("0", ""),
        "numberReady": ("0", ""),
    },
    "apps/v1.DaemonSetUpdateStrategy": {
        "rollingUpdate": (None, "apps/v1.RollingUpdateDaemonSet"),
    },
    "apps/v1.Deployment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1.DeploymentSpec"),
        "status": ("{}", "apps/v1.DeploymentStatus"),
    },
    "apps/v1.DeploymentCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1.DeploymentSpec": {
        "selector": ("null", "meta/v1.LabelSelector"),
        "strategy": ("{}", "apps/v1.DeploymentStrategy"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "apps/v1.DeploymentStatus": {
        "conditions": (None, "apps/v1.DeploymentCondition"),
    },
    "apps/v1.DeploymentStrategy": {
        "rollingUpdate": (None, "apps/v1.RollingUpdateDeployment"),
    },
    "apps/v1.ReplicaSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1.ReplicaSetSpec"),
        "status": ("{}", "apps/v1.ReplicaSetStatus"),
    },
    "apps/v1.ReplicaSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1.ReplicaSetSpec": {
        "selector": ("null", "meta/v1.LabelSelector"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "apps/v1.ReplicaSetStatus": {
        "conditions": (None, "apps/v1.ReplicaSetCondition"),
        "replicas": ("0", ""),
    },
    "apps/v1.StatefulSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1.StatefulSetSpec"),
        "status": ("{}", "apps/v1.StatefulSetStatus"),
    },
    "apps/v1.StatefulSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1.StatefulSetOrdinals": {
        "start": ("0", ""),
    },
    "apps/v1.StatefulSetSpec": {
        "ordinals": (None, "apps/v1.StatefulSetOrdinals"),
        "persistentVolumeClaimRetentionPolicy": (None, "apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy"),
        "selector": ("null", "meta/v1.LabelSelector"),
        "serviceName": ("\"\"", ""),
        "template": ("{}", "core/v1.PodTemplateSpec"),
        "updateStrategy": ("{}", "apps/v1.StatefulSetUpdateStrategy"),
        "volumeClaimTemplates": (None, "core/v1.PersistentVolumeClaim"),
    },
    "apps/v1.StatefulSetStatus": {
        "availableReplicas": ("0", ""),
        "conditions": (None, "apps/v1.StatefulSetCondition"),
        "replicas": ("0", ""),
    },
    "apps/v1.StatefulSetUpdateStrategy": {
        "rollingUpdate": (None, "apps/v1.RollingUpdateStatefulSetStrategy"),
    },
    "apps/v1beta1.ControllerRevision": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "revision": ("0", ""),
    },
    "apps/v1beta1.Deployment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta1.DeploymentSpec"),
        "status": ("{}", "apps/v1beta1.DeploymentStatus"),
    },
    "apps/v1beta1.DeploymentCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1beta1.DeploymentSpec": {
        "rollbackTo": (None, "apps/v1beta1.RollbackConfig"),
        "selector": (None, "meta/v1.LabelSelector"),
        "strategy": ("{}", "apps/v1beta1.DeploymentStrategy"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "apps/v1beta1.DeploymentStatus": {
        "conditions": (None, "apps/v1beta1.DeploymentCondition"),
    },
    "apps/v1beta1.DeploymentStrategy": {
        "rollingUpdate": (None, "apps/v1beta1.RollingUpdateDeployment"),
    },
    "apps/v1beta1.Scale": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta1.ScaleSpec"),
        "status": ("{}", "apps/v1beta1.ScaleStatus"),
    },
    "apps/v1beta1.ScaleStatus": {
        "replicas": ("0", ""),
    },
    "apps/v1beta1.StatefulSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta1.StatefulSetSpec"),
        "status": ("{}", "apps/v1beta1.StatefulSetStatus"),
    },
    "apps/v1beta1.StatefulSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1beta1.StatefulSetOrdinals": {
        "start": ("0", ""),
    },
    "apps/v1beta1.StatefulSetSpec": {
        "ordinals": (None, "apps/v1beta1.StatefulSetOrdinals"),
        "persistentVolumeClaimRetentionPolicy": (None, "apps/v1beta1.StatefulSetPersistentVolumeClaimRetentionPolicy"),
        "selector": (None, "meta/v1.LabelSelector"),
        "serviceName": ("\"\"", ""),
        "template": ("{}", "core/v1.PodTemplateSpec"),
        "updateStrategy": ("{}", "apps/v1beta1.StatefulSetUpdateStrategy"),
        "volumeClaimTemplates": (None, "core/v1.PersistentVolumeClaim"),
    },
    "apps/v1beta1.StatefulSetStatus": {
        "availableReplicas": ("0", ""),
        "conditions": (None, "apps/v1beta1.StatefulSetCondition"),
        "replicas": ("0", ""),
    },
    "apps/v1beta1.StatefulSetUpdateStrategy": {
        "rollingUpdate": (None, "apps/v1beta1.RollingUpdateStatefulSetStrategy"),
    },
    "apps/v1beta2.ControllerRevision": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "revision": ("0", ""),
    },
    "apps/v1beta2.DaemonSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta2.DaemonSetSpec"),
        "status": ("{}", "apps/v1beta2.DaemonSetStatus"),
    },
    "apps/v1beta2.DaemonSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1beta2.DaemonSetSpec": {
        "selector": ("null", "meta/v1.LabelSelector"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
        "updateStrategy": ("{}", "apps/v1beta2.DaemonSetUpdateStrategy"),
    },
    "apps/v1beta2.DaemonSetStatus": {
        "conditions": (None, "apps/v1beta2.DaemonSetCondition"),
        "currentNumberScheduled": ("0", ""),
        "desiredNumberScheduled": ("0", ""),
        "numberMisscheduled": ("0", ""),
        "numberReady": ("0", ""),
    },
    "apps/v1beta2.DaemonSetUpdateStrategy": {
        "rollingUpdate": (None, "apps/v1beta2.RollingUpdateDaemonSet"),
    },
    "apps/v1beta2.Deployment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta2.DeploymentSpec"),
        "status": ("{}", "apps/v1beta2.DeploymentStatus"),
    },
    "apps/v1beta2.DeploymentCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1beta2.DeploymentSpec": {
        "selector": ("null", "meta/v1.LabelSelector"),
        "strategy": ("{}", "apps/v1beta2.DeploymentStrategy"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "apps/v1beta2.DeploymentStatus": {
        "conditions": (None, "apps/v1beta2.DeploymentCondition"),
    },
    "apps/v1beta2.DeploymentStrategy": {
        "rollingUpdate": (None, "apps/v1beta2.RollingUpdateDeployment"),
    },
    "apps/v1beta2.ReplicaSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta2.ReplicaSetSpec"),
        "status": ("{}", "apps/v1beta2.ReplicaSetStatus"),
    },
    "apps/v1beta2.ReplicaSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1beta2.ReplicaSetSpec": {
        "selector": ("null", "meta/v1.LabelSelector"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "apps/v1beta2.ReplicaSetStatus": {
        "conditions": (None, "apps/v1beta2.ReplicaSetCondition"),
        "replicas": ("0", ""),
    },
    "apps/v1beta2.Scale": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta2.ScaleSpec"),
        "status": ("{}", "apps/v1beta2.ScaleStatus"),
    },
    "apps/v1beta2.ScaleStatus": {
        "replicas": ("0", ""),
    },
    "apps/v1beta2.StatefulSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "apps/v1beta2.StatefulSetSpec"),
        "status": ("{}", "apps/v1beta2.StatefulSetStatus"),
    },
    "apps/v1beta2.StatefulSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "apps/v1beta2.StatefulSetOrdinals": {
        "start": ("0", ""),
    },
    "apps/v1beta2.StatefulSetSpec": {
        "ordinals": (None, "apps/v1beta2.StatefulSetOrdinals"),
        "persistentVolumeClaimRetentionPolicy": (None, "apps/v1beta2.StatefulSetPersistentVolumeClaimRetentionPolicy"),
        "selector": ("null", "meta/v1.LabelSelector"),
        "serviceName": ("\"\"", ""),
        "template": ("{}", "core/v1.PodTemplateSpec"),
        "updateStrategy": ("{}", "apps/v1beta2.StatefulSetUpdateStrategy"),
        "volumeClaimTemplates": (None, "core/v1.PersistentVolumeClaim"),
    },
    "apps/v1beta2.StatefulSetStatus": {
        "availableReplicas": ("0", ""),
        "conditions": (None, "apps/v1beta2.StatefulSetCondition"),
        "replicas": ("0", ""),
    },
    "apps/v1beta2.StatefulSetUpdateStrategy": {
        "rollingUpdate": (None, "apps/v1beta2.RollingUpdateStatefulSetStrategy"),
    },
    "authentication/v1.SelfSubjectReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "status": ("{}", "authentication/v1.SelfSubjectReviewStatus"),
    },
    "authentication/v1.SelfSubjectReviewStatus": {
        "userInfo": ("{}", "authentication/v1.UserInfo"),
    },
    "authentication/v1.TokenRequest": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authentication/v1.TokenRequestSpec"),
        "status": ("{}", "authentication/v1.TokenRequestStatus"),
    },
    "authentication/v1.TokenRequestSpec": {
        "audiences": ("null", ""),
        "boundObjectRef": ("null", "authentication/v1.BoundObjectReference"),
        "expirationSeconds": ("null", ""),
    },
    "authentication/v1.TokenRequestStatus": {
        "expirationTimestamp": ("null", ""),
        "token": ("\"\"", ""),
    },
    "authentication/v1.TokenReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authentication/v1.TokenReviewSpec"),
        "status": ("{}", "authentication/v1.TokenReviewStatus"),
    },
    "authentication/v1.TokenReviewStatus": {
        "user": ("{}", "authentication/v1.UserInfo"),
    },
    "authentication/v1alpha1.SelfSubjectReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "status": ("{}", "authentication/v1alpha1.SelfSubjectReviewStatus"),
    },
    "authentication/v1alpha1.SelfSubjectReviewStatus": {
        "userInfo": ("{}", "authentication/v1.UserInfo"),
    },
    "authentication/v1beta1.SelfSubjectReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "status": ("{}", "authentication/v1beta1.SelfSubjectReviewStatus"),
    },
    "authentication/v1beta1.SelfSubjectReviewStatus": {
        "userInfo": ("{}", "authentication/v1.UserInfo"),
    },
    "authentication/v1beta1.TokenReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authentication/v1beta1.TokenReviewSpec"),
        "status": ("{}", "authentication/v1beta1.TokenReviewStatus"),
    },
    "authentication/v1beta1.TokenReviewStatus": {
        "user": ("{}", "authentication/v1beta1.UserInfo"),
    },
    "authorization/v1.FieldSelectorAttributes": {
        "requirements": (None, "meta/v1.FieldSelectorRequirement"),
    },
    "authorization/v1.LabelSelectorAttributes": {
        "requirements": (None, "meta/v1.LabelSelectorRequirement"),
    },
    "authorization/v1.LocalSubjectAccessReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1.SubjectAccessReviewSpec"),
        "status": ("{}", "authorization/v1.SubjectAccessReviewStatus"),
    },
    "authorization/v1.NonResourceRule": {
        "verbs": ("null", ""),
    },
    "authorization/v1.ResourceAttributes": {
        "fieldSelector": (None, "authorization/v1.FieldSelectorAttributes"),
        "labelSelector": (None, "authorization/v1.LabelSelectorAttributes"),
    },
    "authorization/v1.ResourceRule": {
        "verbs": ("null", ""),
    },
    "authorization/v1.SelfSubjectAccessReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1.SelfSubjectAccessReviewSpec"),
        "status": ("{}", "authorization/v1.SubjectAccessReviewStatus"),
    },
    "authorization/v1.SelfSubjectAccessReviewSpec": {
        "nonResourceAttributes": (None, "authorization/v1.NonResourceAttributes"),
        "resourceAttributes": (None, "authorization/v1.ResourceAttributes"),
    },
    "authorization/v1.SelfSubjectRulesReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1.SelfSubjectRulesReviewSpec"),
        "status": ("{}", "authorization/v1.SubjectRulesReviewStatus"),
    },
    "authorization/v1.SubjectAccessReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1.SubjectAccessReviewSpec"),
        "status": ("{}", "authorization/v1.SubjectAccessReviewStatus"),
    },
    "authorization/v1.SubjectAccessReviewSpec": {
        "nonResourceAttributes": (None, "authorization/v1.NonResourceAttributes"),
        "resourceAttributes": (None, "authorization/v1.ResourceAttributes"),
    },
    "authorization/v1.SubjectAccessReviewStatus": {
        "allowed": ("false", ""),
    },
    "authorization/v1.SubjectRulesReviewStatus": {
        "incomplete": ("false", ""),
        "nonResourceRules": ("null", "authorization/v1.NonResourceRule"),
        "resourceRules": ("null", "authorization/v1.ResourceRule"),
    },
    "authorization/v1beta1.LocalSubjectAccessReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1beta1.SubjectAccessReviewSpec"),
        "status": ("{}", "authorization/v1beta1.SubjectAccessReviewStatus"),
    },
    "authorization/v1beta1.NonResourceRule": {
        "verbs": ("null", ""),
    },
    "authorization/v1beta1.ResourceAttributes": {
        "fieldSelector": (None, "authorization/v1.FieldSelectorAttributes"),
        "labelSelector": (None, "authorization/v1.LabelSelectorAttributes"),
    },
    "authorization/v1beta1.ResourceRule": {
        "verbs": ("null", ""),
    },
    "authorization/v1beta1.SelfSubjectAccessReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1beta1.SelfSubjectAccessReviewSpec"),
        "status": ("{}", "authorization/v1beta1.SubjectAccessReviewStatus"),
    },
    "authorization/v1beta1.SelfSubjectAccessReviewSpec": {
        "nonResourceAttributes": (None, "authorization/v1beta1.NonResourceAttributes"),
        "resourceAttributes": (None, "authorization/v1beta1.ResourceAttributes"),
    },
    "authorization/v1beta1.SelfSubjectRulesReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1beta1.SelfSubjectRulesReviewSpec"),
        "status": ("{}", "authorization/v1beta1.SubjectRulesReviewStatus"),
    },
    "authorization/v1beta1.SubjectAccessReview": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "authorization/v1beta1.SubjectAccessReviewSpec"),
        "status": ("{}", "authorization/v1beta1.SubjectAccessReviewStatus"),
    },
    "authorization/v1beta1.SubjectAccessReviewSpec": {
        "nonResourceAttributes": (None, "authorization/v1beta1.NonResourceAttributes"),
        "resourceAttributes": (None, "authorization/v1beta1.ResourceAttributes"),
    },
    "authorization/v1beta1.SubjectAccessReviewStatus": {
        "allowed": ("false", ""),
    },
    "authorization/v1beta1.SubjectRulesReviewStatus": {
        "incomplete": ("false", ""),
        "nonResourceRules": ("null", "authorization/v1beta1.NonResourceRule"),
        "resourceRules": ("null", "authorization/v1beta1.ResourceRule"),
    },
    "autoscaling/v1.CrossVersionObjectReference": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v1.HorizontalPodAutoscaler": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "autoscaling/v1.HorizontalPodAutoscalerSpec"),
        "status": ("{}", "autoscaling/v1.HorizontalPodAutoscalerStatus"),
    },
    "autoscaling/v1.HorizontalPodAutoscalerSpec": {
        "maxReplicas": ("0", ""),
        "scaleTargetRef": ("{}", "autoscaling/v1.CrossVersionObjectReference"),
    },
    "autoscaling/v1.HorizontalPodAutoscalerStatus": {
        "currentReplicas": ("0", ""),
        "desiredReplicas": ("0", ""),
    },
    "autoscaling/v1.Scale": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "autoscaling/v1.ScaleSpec"),
        "status": ("{}", "autoscaling/v1.ScaleStatus"),
    },
    "autoscaling/v1.ScaleStatus": {
        "replicas": ("0", ""),
    },
    "autoscaling/v2.ContainerResourceMetricSource": {
        "container": ("\"\"", ""),
        "name": ("\"\"", ""),
        "target": ("{}", "autoscaling/v2.MetricTarget"),
    },
    "autoscaling/v2.ContainerResourceMetricStatus": {
        "container": ("\"\"", ""),
        "current": ("{}", "autoscaling/v2.MetricValueStatus"),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2.CrossVersionObjectReference": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2.ExternalMetricSource": {
        "metric": ("{}", "autoscaling/v2.MetricIdentifier"),
        "target": ("{}", "autoscaling/v2.MetricTarget"),
    },
    "autoscaling/v2.ExternalMetricStatus": {
        "current": ("{}", "autoscaling/v2.MetricValueStatus"),
        "metric": ("{}", "autoscaling/v2.MetricIdentifier"),
    },
    "autoscaling/v2.HPAScalingPolicy": {
        "periodSeconds": ("0", ""),
        "type": ("\"\"", ""),
        "value": ("0", ""),
    },
    "autoscaling/v2.HPAScalingRules": {
        "policies": (None, "autoscaling/v2.HPAScalingPolicy"),
    },
    "autoscaling/v2.HorizontalPodAutoscaler": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "autoscaling/v2.HorizontalPodAutoscalerSpec"),
        "status": ("{}", "autoscaling/v2.HorizontalPodAutoscalerStatus"),
    },
    "autoscaling/v2.HorizontalPodAutoscalerBehavior": {
        "scaleDown": (None, "autoscaling/v2.HPAScalingRules"),
        "scaleUp": (None, "autoscaling/v2.HPAScalingRules"),
    },
    "autoscaling/v2.HorizontalPodAutoscalerCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2.HorizontalPodAutoscalerSpec": {
        "behavior": (None, "autoscaling/v2.HorizontalPodAutoscalerBehavior"),
        "maxReplicas": ("0", ""),
        "metrics": (None, "autoscaling/v2.MetricSpec"),
        "scaleTargetRef": ("{}", "autoscaling/v2.CrossVersionObjectReference"),
    },
    "autoscaling/v2.HorizontalPodAutoscalerStatus": {
        "conditions": (None, "autoscaling/v2.HorizontalPodAutoscalerCondition"),
        "currentMetrics": ("null", "autoscaling/v2.MetricStatus"),
        "desiredReplicas": ("0", ""),
    },
    "autoscaling/v2.MetricIdentifier": {
        "name": ("\"\"", ""),
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "autoscaling/v2.MetricSpec": {
        "containerResource": (None, "autoscaling/v2.ContainerResourceMetricSource"),
        "external": (None, "autoscaling/v2.ExternalMetricSource"),
        "object": (None, "autoscaling/v2.ObjectMetricSource"),
        "pods": (None, "autoscaling/v2.PodsMetricSource"),
        "resource": (None, "autoscaling/v2.ResourceMetricSource"),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2.MetricStatus": {
        "containerResource": (None, "autoscaling/v2.ContainerResourceMetricStatus"),
        "external": (None, "autoscaling/v2.ExternalMetricStatus"),
        "object": (None, "autoscaling/v2.ObjectMetricStatus"),
        "pods": (None, "autoscaling/v2.PodsMetricStatus"),
        "resource": (None, "autoscaling/v2.ResourceMetricStatus"),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2.MetricTarget": {
        "type": ("\"\"", ""),
    },
    "autoscaling/v2.ObjectMetricSource": {
        "describedObject": ("{}", "autoscaling/v2.CrossVersionObjectReference"),
        "metric": ("{}", "autoscaling/v2.MetricIdentifier"),
        "target": ("{}", "autoscaling/v2.MetricTarget"),
    },
    "autoscaling/v2.ObjectMetricStatus": {
        "current": ("{}", "autoscaling/v2.MetricValueStatus"),
        "describedObject": ("{}", "autoscaling/v2.CrossVersionObjectReference"),
        "metric": ("{}", "autoscaling/v2.MetricIdentifier"),
    },
    "autoscaling/v2.PodsMetricSource": {
        "metric": ("{}", "autoscaling/v2.MetricIdentifier"),
        "target": ("{}", "autoscaling/v2.MetricTarget"),
    },
    "autoscaling/v2.PodsMetricStatus": {
        "current": ("{}", "autoscaling/v2.MetricValueStatus"),
        "metric": ("{}", "autoscaling/v2.MetricIdentifier"),
    },
    "autoscaling/v2.ResourceMetricSource": {
        "name": ("\"\"", ""),
        "target": ("{}", "autoscaling/v2.MetricTarget"),
    },
    "autoscaling/v2.ResourceMetricStatus": {
        "current": ("{}", "autoscaling/v2.MetricValueStatus"),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta1.ContainerResourceMetricSource": {
        "container": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta1.ContainerResourceMetricStatus": {
        "container": ("\"\"", ""),
        "currentAverageValue": ("\"0\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta1.CrossVersionObjectReference": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta1.ExternalMetricSource": {
        "metricName": ("\"\"", ""),
        "metricSelector": (None, "meta/v1.LabelSelector"),
    },
    "autoscaling/v2beta1.ExternalMetricStatus": {
        "currentValue": ("\"0\"", ""),
        "metricName": ("\"\"", ""),
        "metricSelector": (None, "meta/v1.LabelSelector"),
    },
    "autoscaling/v2beta1.HorizontalPodAutoscaler": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "autoscaling/v2beta1.HorizontalPodAutoscalerSpec"),
        "status": ("{}", "autoscaling/v2beta1.HorizontalPodAutoscalerStatus"),
    },
    "autoscaling/v2beta1.HorizontalPodAutoscalerCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta1.HorizontalPodAutoscalerSpec": {
        "maxReplicas": ("0", ""),
        "metrics": (None, "autoscaling/v2beta1.MetricSpec"),
        "scaleTargetRef": ("{}", "autoscaling/v2beta1.CrossVersionObjectReference"),
    },
    "autoscaling/v2beta1.HorizontalPodAutoscalerStatus": {
        "conditions": ("null", "autoscaling/v2beta1.HorizontalPodAutoscalerCondition"),
        "currentMetrics": ("null", "autoscaling/v2beta1.MetricStatus"),
        "currentReplicas": ("0", ""),
        "desiredReplicas": ("0", ""),
    },
    "autoscaling/v2beta1.MetricSpec": {
        "containerResource": (None, "autoscaling/v2beta1.ContainerResourceMetricSource"),
        "external": (None, "autoscaling/v2beta1.ExternalMetricSource"),
        "object": (None, "autoscaling/v2beta1.ObjectMetricSource"),
        "pods": (None, "autoscaling/v2beta1.PodsMetricSource"),
        "resource": (None, "autoscaling/v2beta1.ResourceMetricSource"),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta1.MetricStatus": {
        "containerResource": (None, "autoscaling/v2beta1.ContainerResourceMetricStatus"),
        "external": (None, "autoscaling/v2beta1.ExternalMetricStatus"),
        "object": (None, "autoscaling/v2beta1.ObjectMetricStatus"),
        "pods": (None, "autoscaling/v2beta1.PodsMetricStatus"),
        "resource": (None, "autoscaling/v2beta1.ResourceMetricStatus"),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta1.ObjectMetricSource": {
        "metricName": ("\"\"", ""),
        "selector": (None, "meta/v1.LabelSelector"),
        "target": ("{}", "autoscaling/v2beta1.CrossVersionObjectReference"),
        "targetValue": ("\"0\"", ""),
    },
    "autoscaling/v2beta1.ObjectMetricStatus": {
        "currentValue": ("\"0\"", ""),
        "metricName": ("\"\"", ""),
        "selector": (None, "meta/v1.LabelSelector"),
        "target": ("{}", "autoscaling/v2beta1.CrossVersionObjectReference"),
    },
    "autoscaling/v2beta1.PodsMetricSource": {
        "metricName": ("\"\"", ""),
        "selector": (None, "meta/v1.LabelSelector"),
        "targetAverageValue": ("\"0\"", ""),
    },
    "autoscaling/v2beta1.PodsMetricStatus": {
        "currentAverageValue": ("\"0\"", ""),
        "metricName": ("\"\"", ""),
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "autoscaling/v2beta1.ResourceMetricSource": {
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta1.ResourceMetricStatus": {
        "currentAverageValue": ("\"0\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta2.ContainerResourceMetricSource": {
        "container": ("\"\"", ""),
        "name": ("\"\"", ""),
        "target": ("{}", "autoscaling/v2beta2.MetricTarget"),
    },
    "autoscaling/v2beta2.ContainerResourceMetricStatus": {
        "container": ("\"\"", ""),
        "current": ("{}", "autoscaling/v2beta2.MetricValueStatus"),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta2.CrossVersionObjectReference": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "autoscaling/v2beta2.ExternalMetricSource": {
        "metric": ("{}", "autoscaling/v2beta2.MetricIdentifier"),
        "target": ("{}", "autoscaling/v2beta2.MetricTarget"),
    },
    "autoscaling/v2beta2.ExternalMetricStatus": {
        "current": ("{}", "autoscaling/v2beta2.MetricValueStatus"),
        "metric": ("{}", "autoscaling/v2beta2.MetricIdentifier"),
    },
    "autoscaling/v2beta2.HPAScalingPolicy": {
        "periodSeconds": ("0", ""),
        "type": ("\"\"", ""),
        "value": ("0", ""),
    },
    "autoscaling/v2beta2.HPAScalingRules": {
        "policies": (None, "autoscaling/v2beta2.HPAScalingPolicy"),
    },
    "autoscaling/v2beta2.HorizontalPodAutoscaler": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "autoscaling/v2beta2.HorizontalPodAutoscalerSpec"),
        "status": ("{}", "autoscaling/v2beta2.HorizontalPodAutoscalerStatus"),
    },
    "autoscaling/v2beta2.HorizontalPodAutoscalerBehavior": {
        "scaleDown": (None, "autoscaling/v2beta2.HPAScalingRules"),
        "scaleUp": (None, "autoscaling/v2beta2.HPAScalingRules"),
    },
    "autoscaling/v2beta2.HorizontalPodAutoscalerCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta2.HorizontalPodAutoscalerSpec": {
        "behavior": (None, "autoscaling/v2beta2.HorizontalPodAutoscalerBehavior"),
        "maxReplicas": ("0", ""),
        "metrics": (None, "autoscaling/v2beta2.MetricSpec"),
        "scaleTargetRef": ("{}", "autoscaling/v2beta2.CrossVersionObjectReference"),
    },
    "autoscaling/v2beta2.HorizontalPodAutoscalerStatus": {
        "conditions": ("null", "autoscaling/v2beta2.HorizontalPodAutoscalerCondition"),
        "currentMetrics": ("null", "autoscaling/v2beta2.MetricStatus"),
        "currentReplicas": ("0", ""),
        "desiredReplicas": ("0", ""),
    },
    "autoscaling/v2beta2.MetricIdentifier": {
        "name": ("\"\"", ""),
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "autoscaling/v2beta2.MetricSpec": {
        "containerResource": (None, "autoscaling/v2beta2.ContainerResourceMetricSource"),
        "external": (None, "autoscaling/v2beta2.ExternalMetricSource"),
        "object": (None, "autoscaling/v2beta2.ObjectMetricSource"),
        "pods": (None, "autoscaling/v2beta2.PodsMetricSource"),
        "resource": (None, "autoscaling/v2beta2.ResourceMetricSource"),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta2.MetricStatus": {
        "containerResource": (None, "autoscaling/v2beta2.ContainerResourceMetricStatus"),
        "external": (None, "autoscaling/v2beta2.ExternalMetricStatus"),
        "object": (None, "autoscaling/v2beta2.ObjectMetricStatus"),
        "pods": (None, "autoscaling/v2beta2.PodsMetricStatus"),
        "resource": (None, "autoscaling/v2beta2.ResourceMetricStatus"),
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta2.MetricTarget": {
        "type": ("\"\"", ""),
    },
    "autoscaling/v2beta2.ObjectMetricSource": {
        "describedObject": ("{}", "autoscaling/v2beta2.CrossVersionObjectReference"),
        "metric": ("{}", "autoscaling/v2beta2.MetricIdentifier"),
        "target": ("{}", "autoscaling/v2beta2.MetricTarget"),
    },
    "autoscaling/v2beta2.ObjectMetricStatus": {
        "current": ("{}", "autoscaling/v2beta2.MetricValueStatus"),
        "describedObject": ("{}", "autoscaling/v2beta2.CrossVersionObjectReference"),
        "metric": ("{}", "autoscaling/v2beta2.MetricIdentifier"),
    },
    "autoscaling/v2beta2.PodsMetricSource": {
        "metric": ("{}", "autoscaling/v2beta2.MetricIdentifier"),
        "target": ("{}", "autoscaling/v2beta2.MetricTarget"),
    },
    "autoscaling/v2beta2.PodsMetricStatus": {
        "current": ("{}", "autoscaling/v2beta2.MetricValueStatus"),
        "metric": ("{}", "autoscaling/v2beta2.MetricIdentifier"),
    },
    "autoscaling/v2beta2.ResourceMetricSource": {
        "name": ("\"\"", ""),
        "target": ("{}", "autoscaling/v2beta2.MetricTarget"),
    },
    "autoscaling/v2beta2.ResourceMetricStatus": {
        "current": ("{}", "autoscaling/v2beta2.MetricValueStatus"),
        "name": ("\"\"", ""),
    },
    "batch/v1.CronJob": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "batch/v1.CronJobSpec"),
        "status": ("{}", "batch/v1.CronJobStatus"),
    },
    "batch/v1.CronJobSpec": {
        "jobTemplate": ("{}", "batch/v1.JobTemplateSpec"),
        "schedule": ("\"\"", ""),
    },
    "batch/v1.CronJobStatus": {
        "active": (None, "core/v1.ObjectReference"),
    },
    "batch/v1.Job": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "batch/v1.JobSpec"),
        "status": ("{}", "batch/v1.JobStatus"),
    },
    "batch/v1.JobCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "batch/v1.JobSpec": {
        "podFailurePolicy": (None, "batch/v1.PodFailurePolicy"),
        "selector": (None, "meta/v1.LabelSelector"),
        "successPolicy": (None, "batch/v1.SuccessPolicy"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "batch/v1.JobStatus": {
        "conditions": (None, "batch/v1.JobCondition"),
        "uncountedTerminatedPods": (None, "batch/v1.UncountedTerminatedPods"),
    },
    "batch/v1.JobTemplateSpec": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "batch/v1.JobSpec"),
    },
    "batch/v1.PodFailurePolicy": {
        "rules": ("null", "batch/v1.PodFailurePolicyRule"),
    },
    "batch/v1.PodFailurePolicyOnExitCodesRequirement": {
        "operator": ("\"\"", ""),
        "values": ("null", ""),
    },
    "batch/v1.PodFailurePolicyOnPodConditionsPattern": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "batch/v1.PodFailurePolicyRule": {
        "action": ("\"\"", ""),
        "onExitCodes": (None, "batch/v1.PodFailurePolicyOnExitCodesRequirement"),
        "onPodConditions": (None, "batch/v1.PodFailurePolicyOnPodConditionsPattern"),
    },
    "batch/v1.SuccessPolicy": {
        "rules": ("null", "batch/v1.SuccessPolicyRule"),
    },
    "batch/v1beta1.CronJob": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "batch/v1beta1.CronJobSpec"),
        "status": ("{}", "batch/v1beta1.CronJobStatus"),
    },
    "batch/v1beta1.CronJobSpec": {
        "jobTemplate": ("{}", "batch/v1beta1.JobTemplateSpec"),
        "schedule": ("\"\"", ""),
    },
    "batch/v1beta1.CronJobStatus": {
        "active": (None, "core/v1.ObjectReference"),
    },
    "batch/v1beta1.JobTemplateSpec": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "batch/v1.JobSpec"),
    },
    "certificates/v1.CertificateSigningRequest": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "certificates/v1.CertificateSigningRequestSpec"),
        "status": ("{}", "certificates/v1.CertificateSigningRequestStatus"),
    },
    "certificates/v1.CertificateSigningRequestCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "certificates/v1.CertificateSigningRequestSpec": {
        "request": ("null", ""),
        "signerName": ("\"\"", ""),
    },
    "certificates/v1.CertificateSigningRequestStatus": {
        "conditions": (None, "certificates/v1.CertificateSigningRequestCondition"),
    },
    "certificates/v1alpha1.ClusterTrustBundle": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "certificates/v1alpha1.ClusterTrustBundleSpec"),
    },
    "certificates/v1alpha1.ClusterTrustBundleSpec": {
        "trustBundle": ("\"\"", ""),
    },
    "certificates/v1beta1.CertificateSigningRequest": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "certificates/v1beta1.CertificateSigningRequestSpec"),
        "status": ("{}", "certificates/v1beta1.CertificateSigningRequestStatus"),
    },
    "certificates/v1beta1.CertificateSigningRequestCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "certificates/v1beta1.CertificateSigningRequestSpec": {
        "request": ("null", ""),
    },
    "certificates/v1beta1.CertificateSigningRequestStatus": {
        "conditions": (None, "certificates/v1beta1.CertificateSigningRequestCondition"),
    },
    "coordination/v1.Lease": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "coordination/v1.LeaseSpec"),
    },
    "coordination/v1alpha2.LeaseCandidate": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "coordination/v1alpha2.LeaseCandidateSpec"),
    },
    "coordination/v1alpha2.LeaseCandidateSpec": {
        "binaryVersion": ("\"\"", ""),
        "leaseName": ("\"\"", ""),
    },
    "coordination/v1beta1.Lease": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "coordination/v1beta1.LeaseSpec"),
    },
    "core/v1.AWSElasticBlockStoreVolumeSource": {
        "volumeID": ("\"\"", ""),
    },
    "core/v1.Affinity": {
        "nodeAffinity": (None, "core/v1.NodeAffinity"),
        "podAffinity": (None, "core/v1.PodAffinity"),
        "podAntiAffinity": (None, "core/v1.PodAntiAffinity"),
    },
    "core/v1.AppArmorProfile": {
        "type": ("\"\"", ""),
    },
    "core/v1.AttachedVolume": {
        "devicePath": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "core/v1.AzureDiskVolumeSource": {
        "diskName": ("\"\"", ""),
        "diskURI": ("\"\"", ""),
    },
    "core/v1.AzureFilePersistentVolumeSource": {
        "secretName": ("\"\"", ""),
        "secretNamespace": ("null", ""),
        "shareName": ("\"\"", ""),
    },
    "core/v1.AzureFileVolumeSource": {
        "secretName": ("\"\"", ""),
        "shareName": ("\"\"", ""),
    },
    "core/v1.Binding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "target": ("{}", "core/v1.ObjectReference"),
    },
    "core/v1.CSIPersistentVolumeSource": {
        "controllerExpandSecretRef": (None, "core/v1.SecretReference"),
        "controllerPublishSecretRef": (None, "core/v1.SecretReference"),
        "driver": ("\"\"", ""),
        "nodeExpandSecretRef": (None, "core/v1.SecretReference"),
        "nodePublishSecretRef": (None, "core/v1.SecretReference"),
        "nodeStageSecretRef": (None, "core/v1.SecretReference"),
        "volumeHandle": ("\"\"", ""),
    },
    "core/v1.CSIVolumeSource": {
        "driver": ("\"\"", ""),
        "nodePublishSecretRef": (None, "core/v1.LocalObjectReference"),
    },
    "core/v1.CephFSPersistentVolumeSource": {
        "monitors": ("null", ""),
        "secretRef": (None, "core/v1.SecretReference"),
    },
    "core/v1.CephFSVolumeSource": {
        "monitors": ("null", ""),
        "secretRef": (None, "core/v1.LocalObjectReference"),
    },
    "core/v1.CinderPersistentVolumeSource": {
        "secretRef": (None, "core/v1.SecretReference"),
        "volumeID": ("\"\"", ""),
    },
    "core/v1.CinderVolumeSource": {
        "secretRef": (None, "core/v1.LocalObjectReference"),
        "volumeID": ("\"\"", ""),
    },
    "core/v1.ClusterTrustBundleProjection": {
        "labelSelector": (None, "meta/v1.LabelSelector"),
        "path": ("\"\"", ""),
    },
    "core/v1.ComponentCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.ComponentStatus": {
        "conditions": (None, "core/v1.ComponentCondition"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "core/v1.ConfigMap": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "core/v1.ConfigMapKeySelector": {
        "key": ("\"\"", ""),
    },
    "core/v1.ConfigMapNodeConfigSource": {
        "kubeletConfigKey": ("\"\"", ""),
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "core/v1.ConfigMapProjection": {
        "items": (None, "core/v1.KeyToPath"),
    },
    "core/v1.ConfigMapVolumeSource": {
        "items": (None, "core/v1.KeyToPath"),
    },
    "core/v1.Container": {
        "env": (None, "core/v1.EnvVar"),
        "envFrom": (None, "core/v1.EnvFromSource"),
        "lifecycle": (None, "core/v1.Lifecycle"),
        "livenessProbe": (None, "core/v1.Probe"),
        "name": ("\"\"", ""),
        "ports": (None, "core/v1.ContainerPort"),
        "readinessProbe": (None, "core/v1.Probe"),
        "resizePolicy": (None, "core/v1.ContainerResizePolicy"),
        "resources": ("{}", "core/v1.ResourceRequirements"),
        "securityContext": (None, "core/v1.SecurityContext"),
        "startupProbe": (None, "core/v1.Probe"),
        "volumeDevices": (None, "core/v1.VolumeDevice"),
        "volumeMounts": (None, "core/v1.VolumeMount"),
    },
    "core/v1.ContainerImage": {
        "names": ("null", ""),
    },
    "core/v1.ContainerPort": {
        "containerPort": ("0", ""),
    },
    "core/v1.ContainerResizePolicy": {
        "resourceName": ("\"\"", ""),
        "restartPolicy": ("\"\"", ""),
    },
    "core/v1.ContainerState": {
        "running": (None, "core/v1.ContainerStateRunning"),
        "terminated": (None, "core/v1.ContainerStateTerminated"),
        "waiting": (None, "core/v1.ContainerStateWaiting"),
    },
    "core/v1.ContainerStateTerminated": {
        "exitCode": ("0", ""),
    },
    "core/v1.ContainerStatus": {
        "allocatedResourcesStatus": (None, "core/v1.ResourceStatus"),
        "image": ("\"\"", ""),
        "imageID": ("\"\"", ""),
        "lastState": ("{}", "core/v1.ContainerState"),
        "name": ("\"\"", ""),
        "ready": ("false", ""),
        "resources": (None, "core/v1.ResourceRequirements"),
        "restartCount": ("0", ""),
        "state": ("{}", "core/v1.ContainerState"),
        "user": (None, "core/v1.ContainerUser"),
        "volumeMounts": (None, "core/v1.VolumeMountStatus"),
    },
    "core/v1.ContainerUser": {
        "linux": (None, "core/v1.LinuxContainerUser"),
    },
    "core/v1.DaemonEndpoint": {
        "Port": ("0", ""),
    },
    "core/v1.DownwardAPIProjection": {
        "items": (None, "core/v1.DownwardAPIVolumeFile"),
    },
    "core/v1.DownwardAPIVolumeFile": {
        "fieldRef": (None, "core/v1.ObjectFieldSelector"),
        "path": ("\"\"", ""),
        "resourceFieldRef": (None, "core/v1.ResourceFieldSelector"),
    },
    "core/v1.DownwardAPIVolumeSource": {
        "items": (None, "core/v1.DownwardAPIVolumeFile"),
    },
    "core/v1.EndpointAddress": {
        "ip": ("\"\"", ""),
        "targetRef": (None, "core/v1.ObjectReference"),
    },
    "core/v1.EndpointPort": {
        "port": ("0", ""),
    },
    "core/v1.EndpointSubset": {
        "addresses": (None, "core/v1.EndpointAddress"),
        "notReadyAddresses": (None, "core/v1.EndpointAddress"),
        "ports": (None, "core/v1.EndpointPort"),
    },
    "core/v1.Endpoints": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "subsets": (None, "core/v1.EndpointSubset"),
    },
    "core/v1.EnvFromSource": {
        "configMapRef": (None, "core/v1.ConfigMapEnvSource"),
        "secretRef": (None, "core/v1.SecretEnvSource"),
    },
    "core/v1.EnvVar": {
        "name": ("\"\"", ""),
        "valueFrom": (None, "core/v1.EnvVarSource"),
    },
    "core/v1.EnvVarSource": {
        "configMapKeyRef": (None, "core/v1.ConfigMapKeySelector"),
        "fieldRef": (None, "core/v1.ObjectFieldSelector"),
        "resourceFieldRef": (None, "core/v1.ResourceFieldSelector"),
        "secretKeyRef": (None, "core/v1.SecretKeySelector"),
    },
    "core/v1.EphemeralContainer": {
        "env": (None, "core/v1.EnvVar"),
        "envFrom": (None, "core/v1.EnvFromSource"),
        "lifecycle": (None, "core/v1.Lifecycle"),
        "livenessProbe": (None, "core/v1.Probe"),
        "name": ("\"\"", ""),
        "ports": (None, "core/v1.ContainerPort"),
        "readinessProbe": (None, "core/v1.Probe"),
        "resizePolicy": (None, "core/v1.ContainerResizePolicy"),
        "resources": ("{}", "core/v1.ResourceRequirements"),
        "securityContext": (None, "core/v1.SecurityContext"),
        "startupProbe": (None, "core/v1.Probe"),
        "volumeDevices": (None, "core/v1.VolumeDevice"),
        "volumeMounts": (None, "core/v1.VolumeMount"),
    },
    "core/v1.EphemeralVolumeSource": {
        "volumeClaimTemplate": (None, "core/v1.PersistentVolumeClaimTemplate"),
    },
    "core/v1.Event": {
        "involvedObject": ("{}", "core/v1.ObjectReference"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "related": (None, "core/v1.ObjectReference"),
        "reportingComponent": ("\"\"", ""),
        "reportingInstance": ("\"\"", ""),
        "series": (None, "core/v1.EventSeries"),
        "source": ("{}", "core/v1.EventSource"),
    },
    "core/v1.FlexPersistentVolumeSource": {
        "driver": ("\"\"", ""),
        "secretRef": (None, "core/v1.SecretReference"),
    },
    "core/v1.FlexVolumeSource": {
        "driver": ("\"\"", ""),
        "secretRef": (None, "core/v1.LocalObjectReference"),
    },
    "core/v1.GCEPersistentDiskVolumeSource": {
        "pdName": ("\"\"", ""),
    },
    "core/v1.GRPCAction": {
        "port": ("0", ""),
        "service": ("null", ""),
    },
    "core/v1.GitRepoVolumeSource": {
        "repository": ("\"\"", ""),
    },
    "core/v1.GlusterfsPersistentVolumeSource": {
        "endpoints": ("\"\"", ""),
        "path": ("\"\"", ""),
    },
    "core/v1.GlusterfsVolumeSource": {
        "endpoints": ("\"\"", ""),
        "path": ("\"\"", ""),
    },
    "core/v1.HTTPGetAction": {
        "httpHeaders": (None, "core/v1.HTTPHeader"),
        "port": ("0", ""),
    },
    "core/v1.HTTPHeader": {
        "name": ("\"\"", ""),
        "value": ("\"\"", ""),
    },
    "core/v1.HostAlias": {
        "ip": ("\"\"", ""),
    },
    "core/v1.HostIP": {
        "ip": ("\"\"", ""),
    },
    "core/v1.HostPathVolumeSource": {
        "path": ("\"\"", ""),
    },
    "core/v1.ISCSIPersistentVolumeSource": {
        "iqn": ("\"\"", ""),
        "lun": ("0", ""),
        "secretRef": (None, "core/v1.SecretReference"),
        "targetPortal": ("\"\"", ""),
    },
    "core/v1.ISCSIVolumeSource": {
        "iqn": ("\"\"", ""),
        "lun": ("0", ""),
        "secretRef": (None, "core/v1.LocalObjectReference"),
        "targetPortal": ("\"\"", ""),
    },
    "core/v1.KeyToPath": {
        "key": ("\"\"", ""),
        "path": ("\"\"", ""),
    },
    "core/v1.Lifecycle": {
        "postStart": (None, "core/v1.LifecycleHandler"),
        "preStop": (None, "core/v1.LifecycleHandler"),
    },
    "core/v1.LifecycleHandler": {
        "exec": (None, "core/v1.ExecAction"),
        "httpGet": (None, "core/v1.HTTPGetAction"),
        "sleep": (None, "core/v1.SleepAction"),
        "tcpSocket": (None, "core/v1.TCPSocketAction"),
    },
    "core/v1.LimitRange": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.LimitRangeSpec"),
    },
    "core/v1.LimitRangeItem": {
        "type": ("\"\"", ""),
    },
    "core/v1.LimitRangeSpec": {
        "limits": ("null", "core/v1.LimitRangeItem"),
    },
    "core/v1.LinuxContainerUser": {
        "gid": ("0", ""),
        "uid": ("0", ""),
    },
    "core/v1.LoadBalancerIngress": {
        "ports": (None, "core/v1.PortStatus"),
    },
    "core/v1.LoadBalancerStatus": {
        "ingress": (None, "core/v1.LoadBalancerIngress"),
    },
    "core/v1.LocalVolumeSource": {
        "path": ("\"\"", ""),
    },
    "core/v1.ModifyVolumeStatus": {
        "status": ("\"\"", ""),
    },
    "core/v1.NFSVolumeSource": {
        "path": ("\"\"", ""),
        "server": ("\"\"", ""),
    },
    "core/v1.Namespace": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.NamespaceSpec"),
        "status": ("{}", "core/v1.NamespaceStatus"),
    },
    "core/v1.NamespaceCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.NamespaceStatus": {
        "conditions": (None, "core/v1.NamespaceCondition"),
    },
    "core/v1.Node": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.NodeSpec"),
        "status": ("{}", "core/v1.NodeStatus"),
    },
    "core/v1.NodeAddress": {
        "address": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.NodeAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": (None, "core/v1.PreferredSchedulingTerm"),
        "requiredDuringSchedulingIgnoredDuringExecution": (None, "core/v1.NodeSelector"),
    },
    "core/v1.NodeCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.NodeConfigSource": {
        "configMap": (None, "core/v1.ConfigMapNodeConfigSource"),
    },
    "core/v1.NodeConfigStatus": {
        "active": (None, "core/v1.NodeConfigSource"),
        "assigned": (None, "core/v1.NodeConfigSource"),
        "lastKnownGood": (None, "core/v1.NodeConfigSource"),
    },
    "core/v1.NodeDaemonEndpoints": {
        "kubeletEndpoint": ("{}", "core/v1.DaemonEndpoint"),
    },
    "core/v1.NodeRuntimeHandler": {
        "features": (None, "core/v1.NodeRuntimeHandlerFeatures"),
        "name": ("\"\"", ""),
    },
    "core/v1.NodeSelector": {
        "nodeSelectorTerms": ("null", "core/v1.NodeSelectorTerm"),
    },
    "core/v1.NodeSelectorRequirement": {
        "key": ("\"\"", ""),
        "operator": ("\"\"", ""),
    },
    "core/v1.NodeSelectorTerm": {
        "matchExpressions": (None, "core/v1.NodeSelectorRequirement"),
        "matchFields": (None, "core/v1.NodeSelectorRequirement"),
    },
    "core/v1.NodeSpec": {
        "configSource": (None, "core/v1.NodeConfigSource"),
        "taints": (None, "core/v1.Taint"),
    },
    "core/v1.NodeStatus": {
        "addresses": (None, "core/v1.NodeAddress"),
        "conditions": (None, "core/v1.NodeCondition"),
        "config": (None, "core/v1.NodeConfigStatus"),
        "daemonEndpoints": ("{}", "core/v1.NodeDaemonEndpoints"),
        "features": (None, "core/v1.NodeFeatures"),
        "images": (None, "core/v1.ContainerImage"),
        "nodeInfo": ("{}", "core/v1.NodeSystemInfo"),
        "runtimeHandlers": (None, "core/v1.NodeRuntimeHandler"),
        "volumesAttached": (None, "core/v1.AttachedVolume"),
    },
    "core/v1.NodeSystemInfo": {
        "architecture": ("\"\"", ""),
        "bootID": ("\"\"", ""),
        "containerRuntimeVersion": ("\"\"", ""),
        "kernelVersion": ("\"\"", ""),
        "kubeProxyVersion": ("\"\"", ""),
        "kubeletVersion": ("\"\"", ""),
        "machineID": ("\"\"", ""),
        "operatingSystem": ("\"\"", ""),
        "osImage": ("\"\"", ""),
        "systemUUID": ("\"\"", ""),
    },
    "core/v1.ObjectFieldSelector": {
        "fieldPath": ("\"\"", ""),
    },
    "core/v1.PersistentVolume": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.PersistentVolumeSpec"),
        "status": ("{}", "core/v1.PersistentVolumeStatus"),
    },
    "core/v1.PersistentVolumeClaim": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.PersistentVolumeClaimSpec"),
        "status": ("{}", "core/v1.PersistentVolumeClaimStatus"),
    },
    "core/v1.PersistentVolumeClaimCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.PersistentVolumeClaimSpec": {
        "dataSource": (None, "core/v1.TypedLocalObjectReference"),
        "dataSourceRef": (None, "core/v1.TypedObjectReference"),
        "resources": ("{}", "core/v1.VolumeResourceRequirements"),
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "core/v1.PersistentVolumeClaimStatus": {
        "conditions": (None, "core/v1.PersistentVolumeClaimCondition"),
        "modifyVolumeStatus": (None, "core/v1.ModifyVolumeStatus"),
    },
    "core/v1.PersistentVolumeClaimTemplate": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.PersistentVolumeClaimSpec"),
    },
    "core/v1.PersistentVolumeClaimVolumeSource": {
        "claimName": ("\"\"", ""),
    },
    "core/v1.PersistentVolumeSpec": {
        "awsElasticBlockStore": (None, "core/v1.AWSElasticBlockStoreVolumeSource"),
        "azureDisk": (None, "core/v1.AzureDiskVolumeSource"),
        "azureFile": (None, "core/v1.AzureFilePersistentVolumeSource"),
        "cephfs": (None, "core/v1.CephFSPersistentVolumeSource"),
        "cinder": (None, "core/v1.CinderPersistentVolumeSource"),
        "claimRef": (None, "core/v1.ObjectReference"),
        "csi": (None, "core/v1.CSIPersistentVolumeSource"),
        "fc": (None, "core/v1.FCVolumeSource"),
        "flexVolume": (None, "core/v1.FlexPersistentVolumeSource"),
        "flocker": (None, "core/v1.FlockerVolumeSource"),
        "gcePersistentDisk": (None, "core/v1.GCEPersistentDiskVolumeSource"),
        "glusterfs": (None, "core/v1.GlusterfsPersistentVolumeSource"),
        "hostPath": (None, "core/v1.HostPathVolumeSource"),
        "iscsi": (None, "core/v1.ISCSIPersistentVolumeSource"),
        "local": (None, "core/v1.LocalVolumeSource"),
        "nfs": (None, "core/v1.NFSVolumeSource"),
        "nodeAffinity": (None, "core/v1.VolumeNodeAffinity"),
        "photonPersistentDisk": (None, "core/v1.PhotonPersistentDiskVolumeSource"),
        "portworxVolume": (None, "core/v1.PortworxVolumeSource"),
        "quobyte": (None, "core/v1.QuobyteVolumeSource"),
        "rbd": (None, "core/v1.RBDPersistentVolumeSource"),
        "scaleIO": (None, "core/v1.ScaleIOPersistentVolumeSource"),
        "storageos": (None, "core/v1.StorageOSPersistentVolumeSource"),
        "vsphereVolume": (None, "core/v1.VsphereVirtualDiskVolumeSource"),
    },
    "core/v1.PhotonPersistentDiskVolumeSource": {
        "pdID": ("\"\"", ""),
    },
    "core/v1.Pod": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.PodSpec"),
        "status": ("{}", "core/v1.PodStatus"),
    },
    "core/v1.PodAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": (None, "core/v1.WeightedPodAffinityTerm"),
        "requiredDuringSchedulingIgnoredDuringExecution": (None, "core/v1.PodAffinityTerm"),
    },
    "core/v1.PodAffinityTerm": {
        "labelSelector": (None, "meta/v1.LabelSelector"),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "topologyKey": ("\"\"", ""),
    },
    "core/v1.PodAntiAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": (None, "core/v1.WeightedPodAffinityTerm"),
        "requiredDuringSchedulingIgnoredDuringExecution": (None, "core/v1.PodAffinityTerm"),
    },
    "core/v1.PodCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.PodDNSConfig": {
        "options": (None, "core/v1.PodDNSConfigOption"),
    },
    "core/v1.PodIP": {
        "ip": ("\"\"", ""),
    },
    "core/v1.PodOS": {
        "name": ("\"\"", ""),
    },
    "core/v1.PodReadinessGate": {
        "conditionType": ("\"\"", ""),
    },
    "core/v1.PodResourceClaim": {
        "name": ("\"\"", ""),
    },
    "core/v1.PodResourceClaimStatus": {
        "name": ("\"\"", ""),
    },
    "core/v1.PodSchedulingGate": {
        "name": ("\"\"", ""),
    },
    "core/v1.PodSecurityContext": {
        "appArmorProfile": (None, "core/v1.AppArmorProfile"),
        "seLinuxOptions": (None, "core/v1.SELinuxOptions"),
        "seccompProfile": (None, "core/v1.SeccompProfile"),
        "sysctls": (None, "core/v1.Sysctl"),
        "windowsOptions": (None, "core/v1.WindowsSecurityContextOptions"),
    },
    "core/v1.PodSpec": {
        "affinity": (None, "core/v1.Affinity"),
        "containers": ("null", "core/v1.Container"),
        "dnsConfig": (None, "core/v1.PodDNSConfig"),
        "ephemeralContainers": (None, "core/v1.EphemeralContainer"),
        "hostAliases": (None, "core/v1.HostAlias"),
        "imagePullSecrets": (None, "core/v1.LocalObjectReference"),
        "initContainers": (None, "core/v1.Container"),
        "os": (None, "core/v1.PodOS"),
        "readinessGates": (None, "core/v1.PodReadinessGate"),
        "resourceClaims": (None, "core/v1.PodResourceClaim"),
        "resources": (None, "core/v1.ResourceRequirements"),
        "schedulingGates": (None, "core/v1.PodSchedulingGate"),
        "securityContext": (None, "core/v1.PodSecurityContext"),
        "tolerations": (None, "core/v1.Toleration"),
        "topologySpreadConstraints": (None, "core/v1.TopologySpreadConstraint"),
        "volumes": (None, "core/v1.Volume"),
    },
    "core/v1.PodStatus": {
        "conditions": (None, "core/v1.PodCondition"),
        "containerStatuses": (None, "core/v1.ContainerStatus"),
        "ephemeralContainerStatuses": (None, "core/v1.ContainerStatus"),
        "hostIPs": (None, "core/v1.HostIP"),
        "initContainerStatuses": (None, "core/v1.ContainerStatus"),
        "podIPs": (None, "core/v1.PodIP"),
        "resourceClaimStatuses": (None, "core/v1.PodResourceClaimStatus"),
    },
    "core/v1.PodStatusResult": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "status": ("{}", "core/v1.PodStatus"),
    },
    "core/v1.PodTemplate": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "core/v1.PodTemplateSpec": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.PodSpec"),
    },
    "core/v1.PortStatus": {
        "port": ("0", ""),
        "protocol": ("\"\"", ""),
    },
    "core/v1.PortworxVolumeSource": {
        "volumeID": ("\"\"", ""),
    },
    "core/v1.PreferredSchedulingTerm": {
        "preference": ("{}", "core/v1.NodeSelectorTerm"),
        "weight": ("0", ""),
    },
    "core/v1.Probe": {
        "exec": (None, "core/v1.ExecAction"),
        "grpc": (None, "core/v1.GRPCAction"),
        "httpGet": (None, "core/v1.HTTPGetAction"),
        "tcpSocket": (None, "core/v1.TCPSocketAction"),
    },
    "core/v1.ProjectedVolumeSource": {
        "sources": ("null", "core/v1.VolumeProjection"),
    },
    "core/v1.QuobyteVolumeSource": {
        "registry": ("\"\"", ""),
        "volume": ("\"\"", ""),
    },
    "core/v1.RBDPersistentVolumeSource": {
        "image": ("\"\"", ""),
        "monitors": ("null", ""),
        "secretRef": (None, "core/v1.SecretReference"),
    },
    "core/v1.RBDVolumeSource": {
        "image": ("\"\"", ""),
        "monitors": ("null", ""),
        "secretRef": (None, "core/v1.LocalObjectReference"),
    },
    "core/v1.RangeAllocation": {
        "data": ("null", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "range": ("\"\"", ""),
    },
    "core/v1.ReplicationController": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.ReplicationControllerSpec"),
        "status": ("{}", "core/v1.ReplicationControllerStatus"),
    },
    "core/v1.ReplicationControllerCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "core/v1.ReplicationControllerSpec": {
        "template": (None, "core/v1.PodTemplateSpec"),
    },
    "core/v1.ReplicationControllerStatus": {
        "conditions": (None, "core/v1.ReplicationControllerCondition"),
        "replicas": ("0", ""),
    },
    "core/v1.ResourceClaim": {
        "name": ("\"\"", ""),
    },
    "core/v1.ResourceFieldSelector": {
        "resource": ("\"\"", ""),
    },
    "core/v1.ResourceHealth": {
        "resourceID": ("\"\"", ""),
    },
    "core/v1.ResourceQuota": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.ResourceQuotaSpec"),
        "status": ("{}", "core/v1.ResourceQuotaStatus"),
    },
    "core/v1.ResourceQuotaSpec": {
        "scopeSelector": (None, "core/v1.ScopeSelector"),
    },
    "core/v1.ResourceRequirements": {
        "claims": (None, "core/v1.ResourceClaim"),
    },
    "core/v1.ResourceStatus": {
        "name": ("\"\"", ""),
        "resources": (None, "core/v1.ResourceHealth"),
    },
    "core/v1.ScaleIOPersistentVolumeSource": {
        "gateway": ("\"\"", ""),
        "secretRef": ("null", "core/v1.SecretReference"),
        "system": ("\"\"", ""),
    },
    "core/v1.ScaleIOVolumeSource": {
        "gateway": ("\"\"", ""),
        "secretRef": ("null", "core/v1.LocalObjectReference"),
        "system": ("\"\"", ""),
    },
    "core/v1.ScopeSelector": {
        "matchExpressions": (None, "core/v1.ScopedResourceSelectorRequirement"),
    },
    "core/v1.ScopedResourceSelectorRequirement": {
        "operator": ("\"\"", ""),
        "scopeName": ("\"\"", ""),
    },
    "core/v1.SeccompProfile": {
        "type": ("\"\"", ""),
    },
    "core/v1.Secret": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "core/v1.SecretKeySelector": {
        "key": ("\"\"", ""),
    },
    "core/v1.SecretProjection": {
        "items": (None, "core/v1.KeyToPath"),
    },
    "core/v1.SecretVolumeSource": {
        "items": (None, "core/v1.KeyToPath"),
    },
    "core/v1.SecurityContext": {
        "appArmorProfile": (None, "core/v1.AppArmorProfile"),
        "capabilities": (None, "core/v1.Capabilities"),
        "seLinuxOptions": (None, "core/v1.SELinuxOptions"),
        "seccompProfile": (None, "core/v1.SeccompProfile"),
        "windowsOptions": (None, "core/v1.WindowsSecurityContextOptions"),
    },
    "core/v1.Service": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "core/v1.ServiceSpec"),
        "status": ("{}", "core/v1.ServiceStatus"),
    },
    "core/v1.ServiceAccount": {
        "imagePullSecrets": (None, "core/v1.LocalObjectReference"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "secrets": (None, "core/v1.ObjectReference"),
    },
    "core/v1.ServiceAccountTokenProjection": {
        "path": ("\"\"", ""),
    },
    "core/v1.ServicePort": {
        "port": ("0", ""),
    },
    "core/v1.ServiceSpec": {
        "ports": (None, "core/v1.ServicePort"),
        "sessionAffinityConfig": (None, "core/v1.SessionAffinityConfig"),
    },
    "core/v1.ServiceStatus": {
        "conditions": (None, "meta/v1.Condition"),
        "loadBalancer": ("{}", "core/v1.LoadBalancerStatus"),
    },
    "core/v1.SessionAffinityConfig": {
        "clientIP": (None, "core/v1.ClientIPConfig"),
    },
    "core/v1.SleepAction": {
        "seconds": ("0", ""),
    },
    "core/v1.StorageOSPersistentVolumeSource": {
        "secretRef": (None, "core/v1.ObjectReference"),
    },
    "core/v1.StorageOSVolumeSource": {
        "secretRef": (None, "core/v1.LocalObjectReference"),
    },
    "core/v1.Sysctl": {
        "name": ("\"\"", ""),
        "value": ("\"\"", ""),
    },
    "core/v1.TCPSocketAction": {
        "port": ("0", ""),
    },
    "core/v1.Taint": {
        "effect": ("\"\"", ""),
        "key": ("\"\"", ""),
    },
    "core/v1.TopologySelectorLabelRequirement": {
        "key": ("\"\"", ""),
        "values": ("null", ""),
    },
    "core/v1.TopologySelectorTerm": {
        "matchLabelExpressions": (None, "core/v1.TopologySelectorLabelRequirement"),
    },
    "core/v1.TopologySpreadConstraint": {
        "labelSelector": (None, "meta/v1.LabelSelector"),
        "maxSkew": ("0", ""),
        "topologyKey": ("\"\"", ""),
        "whenUnsatisfiable": ("\"\"", ""),
    },
    "core/v1.TypedLocalObjectReference": {
        "apiGroup": ("null", ""),
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "core/v1.TypedObjectReference": {
        "apiGroup": ("null", ""),
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "core/v1.Volume": {
        "awsElasticBlockStore": (None, "core/v1.AWSElasticBlockStoreVolumeSource"),
        "azureDisk": (None, "core/v1.AzureDiskVolumeSource"),
        "azureFile": (None, "core/v1.AzureFileVolumeSource"),
        "cephfs": (None, "core/v1.CephFSVolumeSource"),
        "cinder": (None, "core/v1.CinderVolumeSource"),
        "configMap": (None, "core/v1.ConfigMapVolumeSource"),
        "csi": (None, "core/v1.CSIVolumeSource"),
        "downwardAPI": (None, "core/v1.DownwardAPIVolumeSource"),
        "emptyDir": (None, "core/v1.EmptyDirVolumeSource"),
        "ephemeral": (None, "core/v1.EphemeralVolumeSource"),
        "fc": (None, "core/v1.FCVolumeSource"),
        "flexVolume": (None, "core/v1.FlexVolumeSource"),
        "flocker": (None, "core/v1.FlockerVolumeSource"),
        "gcePersistentDisk": (None, "core/v1.GCEPersistentDiskVolumeSource"),
        "gitRepo": (None, "core/v1.GitRepoVolumeSource"),
        "glusterfs": (None, "core/v1.GlusterfsVolumeSource"),
        "hostPath": (None, "core/v1.HostPathVolumeSource"),
        "image": (None, "core/v1.ImageVolumeSource"),
        "iscsi": (None, "core/v1.ISCSIVolumeSource"),
        "name": ("\"\"", ""),
        "nfs": (None, "core/v1.NFSVolumeSource"),
        "persistentVolumeClaim": (None, "core/v1.PersistentVolumeClaimVolumeSource"),
        "photonPersistentDisk": (None, "core/v1.PhotonPersistentDiskVolumeSource"),
        "portworxVolume": (None, "core/v1.PortworxVolumeSource"),
        "projected": (None, "core/v1.ProjectedVolumeSource"),
        "quobyte": (None, "core/v1.QuobyteVolumeSource"),
        "rbd": (None, "core/v1.RBDVolumeSource"),
        "scaleIO": (None, "core/v1.ScaleIOVolumeSource"),
        "secret": (None, "core/v1.SecretVolumeSource"),
        "storageos": (None, "core/v1.StorageOSVolumeSource"),
        "vsphereVolume": (None, "core/v1.VsphereVirtualDiskVolumeSource"),
    },
    "core/v1.VolumeDevice": {
        "devicePath": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "core/v1.VolumeMount": {
        "mountPath": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "core/v1.VolumeMountStatus": {
        "mountPath": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "core/v1.VolumeNodeAffinity": {
        "required": (None, "core/v1.NodeSelector"),
    },
    "core/v1.VolumeProjection": {
        "clusterTrustBundle": (None, "core/v1.ClusterTrustBundleProjection"),
        "configMap": (None, "core/v1.ConfigMapProjection"),
        "downwardAPI": (None, "core/v1.DownwardAPIProjection"),
        "secret": (None, "core/v1.SecretProjection"),
        "serviceAccountToken": (None, "core/v1.ServiceAccountTokenProjection"),
    },
    "core/v1.VsphereVirtualDiskVolumeSource": {
        "volumePath": ("\"\"", ""),
    },
    "core/v1.WeightedPodAffinityTerm": {
        "podAffinityTerm": ("{}", "core/v1.PodAffinityTerm"),
        "weight": ("0", ""),
    },
    "discovery/v1.Endpoint": {
        "addresses": ("null", ""),
        "conditions": ("{}", "discovery/v1.EndpointConditions"),
        "hints": (None, "discovery/v1.EndpointHints"),
        "targetRef": (None, "core/v1.ObjectReference"),
    },
    "discovery/v1.EndpointHints": {
        "forZones": (None, "discovery/v1.ForZone"),
    },
    "discovery/v1.EndpointSlice": {
        "addressType": ("\"\"", ""),
        "endpoints": ("null", "discovery/v1.Endpoint"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "ports": ("null", "discovery/v1.EndpointPort"),
    },
    "discovery/v1.ForZone": {
        "name": ("\"\"", ""),
    },
    "discovery/v1beta1.Endpoint": {
        "addresses": ("null", ""),
        "conditions": ("{}", "discovery/v1beta1.EndpointConditions"),
        "hints": (None, "discovery/v1beta1.EndpointHints"),
        "targetRef": (None, "core/v1.ObjectReference"),
    },
    "discovery/v1beta1.EndpointHints": {
        "forZones": (None, "discovery/v1beta1.ForZone"),
    },
    "discovery/v1beta1.EndpointSlice": {
        "addressType": ("\"\"", ""),
        "endpoints": ("null", "discovery/v1beta1.Endpoint"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "ports": ("null", "discovery/v1beta1.EndpointPort"),
    },
    "discovery/v1beta1.ForZone": {
        "name": ("\"\"", ""),
    },
    "events/v1.Event": {
        "deprecatedSource": ("{}", "core/v1.EventSource"),
        "eventTime": ("null", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "regarding": ("{}", "core/v1.ObjectReference"),
        "related": (None, "core/v1.ObjectReference"),
        "series": (None, "events/v1.EventSeries"),
    },
    "events/v1.EventSeries": {
        "count": ("0", ""),
        "lastObservedTime": ("null", ""),
    },
    "events/v1beta1.Event": {
        "deprecatedSource": ("{}", "core/v1.EventSource"),
        "eventTime": ("null", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "regarding": ("{}", "core/v1.ObjectReference"),
        "related": (None, "core/v1.ObjectReference"),
        "series": (None, "events/v1beta1.EventSeries"),
    },
    "events/v1beta1.EventSeries": {
        "count": ("0", ""),
        "lastObservedTime": ("null", ""),
    },
    "extensions/v1beta1.DaemonSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "extensions/v1beta1.DaemonSetSpec"),
        "status": ("{}", "extensions/v1beta1.DaemonSetStatus"),
    },
    "extensions/v1beta1.DaemonSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "extensions/v1beta1.DaemonSetSpec": {
        "selector": (None, "meta/v1.LabelSelector"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
        "updateStrategy": ("{}", "extensions/v1beta1.DaemonSetUpdateStrategy"),
    },
    "extensions/v1beta1.DaemonSetStatus": {
        "conditions": (None, "extensions/v1beta1.DaemonSetCondition"),
        "currentNumberScheduled": ("0", ""),
        "desiredNumberScheduled": ("0", ""),
        "numberMisscheduled": ("0", ""),
        "numberReady": ("0", ""),
    },
    "extensions/v1beta1.DaemonSetUpdateStrategy": {
        "rollingUpdate": (None, "extensions/v1beta1.RollingUpdateDaemonSet"),
    },
    "extensions/v1beta1.Deployment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "extensions/v1beta1.DeploymentSpec"),
        "status": ("{}", "extensions/v1beta1.DeploymentStatus"),
    },
    "extensions/v1beta1.DeploymentCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "extensions/v1beta1.DeploymentSpec": {
        "rollbackTo": (None, "extensions/v1beta1.RollbackConfig"),
        "selector": (None, "meta/v1.LabelSelector"),
        "strategy": ("{}", "extensions/v1beta1.DeploymentStrategy"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "extensions/v1beta1.DeploymentStatus": {
        "conditions": (None, "extensions/v1beta1.DeploymentCondition"),
    },
    "extensions/v1beta1.DeploymentStrategy": {
        "rollingUpdate": (None, "extensions/v1beta1.RollingUpdateDeployment"),
    },
    "extensions/v1beta1.HTTPIngressPath": {
        "backend": ("{}", "extensions/v1beta1.IngressBackend"),
    },
    "extensions/v1beta1.HTTPIngressRuleValue": {
        "paths": ("null", "extensions/v1beta1.HTTPIngressPath"),
    },
    "extensions/v1beta1.IPBlock": {
        "cidr": ("\"\"", ""),
    },
    "extensions/v1beta1.Ingress": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "extensions/v1beta1.IngressSpec"),
        "status": ("{}", "extensions/v1beta1.IngressStatus"),
    },
    "extensions/v1beta1.IngressBackend": {
        "resource": (None, "core/v1.TypedLocalObjectReference"),
    },
    "extensions/v1beta1.IngressLoadBalancerIngress": {
        "ports": (None, "extensions/v1beta1.IngressPortStatus"),
    },
    "extensions/v1beta1.IngressLoadBalancerStatus": {
        "ingress": (None, "extensions/v1beta1.IngressLoadBalancerIngress"),
    },
    "extensions/v1beta1.IngressPortStatus": {
        "port": ("0", ""),
        "protocol": ("\"\"", ""),
    },
    "extensions/v1beta1.IngressRule": {
        "http": (None, "extensions/v1beta1.HTTPIngressRuleValue"),
    },
    "extensions/v1beta1.IngressSpec": {
        "backend": (None, "extensions/v1beta1.IngressBackend"),
        "rules": (None, "extensions/v1beta1.IngressRule"),
        "tls": (None, "extensions/v1beta1.IngressTLS"),
    },
    "extensions/v1beta1.IngressStatus": {
        "loadBalancer": ("{}", "extensions/v1beta1.IngressLoadBalancerStatus"),
    },
    "extensions/v1beta1.NetworkPolicy": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "extensions/v1beta1.NetworkPolicySpec"),
    },
    "extensions/v1beta1.NetworkPolicyEgressRule": {
        "ports": (None, "extensions/v1beta1.NetworkPolicyPort"),
        "to": (None, "extensions/v1beta1.NetworkPolicyPeer"),
    },
    "extensions/v1beta1.NetworkPolicyIngressRule": {
        "from": (None, "extensions/v1beta1.NetworkPolicyPeer"),
        "ports": (None, "extensions/v1beta1.NetworkPolicyPort"),
    },
    "extensions/v1beta1.NetworkPolicyPeer": {
        "ipBlock": (None, "extensions/v1beta1.IPBlock"),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "podSelector": (None, "meta/v1.LabelSelector"),
    },
    "extensions/v1beta1.NetworkPolicySpec": {
        "egress": (None, "extensions/v1beta1.NetworkPolicyEgressRule"),
        "ingress": (None, "extensions/v1beta1.NetworkPolicyIngressRule"),
        "podSelector": ("{}", "meta/v1.LabelSelector"),
    },
    "extensions/v1beta1.ReplicaSet": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "extensions/v1beta1.ReplicaSetSpec"),
        "status": ("{}", "extensions/v1beta1.ReplicaSetStatus"),
    },
    "extensions/v1beta1.ReplicaSetCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "extensions/v1beta1.ReplicaSetSpec": {
        "selector": (None, "meta/v1.LabelSelector"),
        "template": ("{}", "core/v1.PodTemplateSpec"),
    },
    "extensions/v1beta1.ReplicaSetStatus": {
        "conditions": (None, "extensions/v1beta1.ReplicaSetCondition"),
        "replicas": ("0", ""),
    },
    "extensions/v1beta1.Scale": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "extensions/v1beta1.ScaleSpec"),
        "status": ("{}", "extensions/v1beta1.ScaleStatus"),
    },
    "extensions/v1beta1.ScaleStatus": {
        "replicas": ("0", ""),
    },
    "flowcontrol/v1.FlowDistinguisherMethod": {
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1.FlowSchema": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1.FlowSchemaSpec"),
        "status": ("{}", "flowcontrol/v1.FlowSchemaStatus"),
    },
    "flowcontrol/v1.FlowSchemaSpec": {
        "distinguisherMethod": (None, "flowcontrol/v1.FlowDistinguisherMethod"),
        "matchingPrecedence": ("0", ""),
        "priorityLevelConfiguration": ("{}", "flowcontrol/v1.PriorityLevelConfigurationReference"),
        "rules": (None, "flowcontrol/v1.PolicyRulesWithSubjects"),
    },
    "flowcontrol/v1.FlowSchemaStatus": {
        "conditions": (None, "flowcontrol/v1.FlowSchemaCondition"),
    },
    "flowcontrol/v1.GroupSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1.LimitResponse": {
        "queuing": (None, "flowcontrol/v1.QueuingConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1.LimitedPriorityLevelConfiguration": {
        "limitResponse": ("{}", "flowcontrol/v1.LimitResponse"),
        "nominalConcurrencyShares": ("null", ""),
    },
    "flowcontrol/v1.NonResourcePolicyRule": {
        "nonResourceURLs": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1.PolicyRulesWithSubjects": {
        "nonResourceRules": (None, "flowcontrol/v1.NonResourcePolicyRule"),
        "resourceRules": (None, "flowcontrol/v1.ResourcePolicyRule"),
        "subjects": ("null", "flowcontrol/v1.Subject"),
    },
    "flowcontrol/v1.PriorityLevelConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1.PriorityLevelConfigurationSpec"),
        "status": ("{}", "flowcontrol/v1.PriorityLevelConfigurationStatus"),
    },
    "flowcontrol/v1.PriorityLevelConfigurationReference": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1.PriorityLevelConfigurationSpec": {
        "exempt": (None, "flowcontrol/v1.ExemptPriorityLevelConfiguration"),
        "limited": (None, "flowcontrol/v1.LimitedPriorityLevelConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1.PriorityLevelConfigurationStatus": {
        "conditions": (None, "flowcontrol/v1.PriorityLevelConfigurationCondition"),
    },
    "flowcontrol/v1.QueuingConfiguration": {
        "handSize": ("0", ""),
        "queueLengthLimit": ("0", ""),
        "queues": ("0", ""),
    },
    "flowcontrol/v1.ResourcePolicyRule": {
        "apiGroups": ("null", ""),
        "namespaces": ("null", ""),
        "resources": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1.ServiceAccountSubject": {
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "flowcontrol/v1.Subject": {
        "group": (None, "flowcontrol/v1.GroupSubject"),
        "kind": ("\"\"", ""),
        "serviceAccount": (None, "flowcontrol/v1.ServiceAccountSubject"),
        "user": (None, "flowcontrol/v1.UserSubject"),
    },
    "flowcontrol/v1.UserSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.FlowDistinguisherMethod": {
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.FlowSchema": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1beta1.FlowSchemaSpec"),
        "status": ("{}", "flowcontrol/v1beta1.FlowSchemaStatus"),
    },
    "flowcontrol/v1beta1.FlowSchemaSpec": {
        "distinguisherMethod": (None, "flowcontrol/v1beta1.FlowDistinguisherMethod"),
        "matchingPrecedence": ("0", ""),
        "priorityLevelConfiguration": ("{}", "flowcontrol/v1beta1.PriorityLevelConfigurationReference"),
        "rules": (None, "flowcontrol/v1beta1.PolicyRulesWithSubjects"),
    },
    "flowcontrol/v1beta1.FlowSchemaStatus": {
        "conditions": (None, "flowcontrol/v1beta1.FlowSchemaCondition"),
    },
    "flowcontrol/v1beta1.GroupSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.LimitResponse": {
        "queuing": (None, "flowcontrol/v1beta1.QueuingConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.LimitedPriorityLevelConfiguration": {
        "assuredConcurrencyShares": ("0", ""),
        "limitResponse": ("{}", "flowcontrol/v1beta1.LimitResponse"),
    },
    "flowcontrol/v1beta1.NonResourcePolicyRule": {
        "nonResourceURLs": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1beta1.PolicyRulesWithSubjects": {
        "nonResourceRules": (None, "flowcontrol/v1beta1.NonResourcePolicyRule"),
        "resourceRules": (None, "flowcontrol/v1beta1.ResourcePolicyRule"),
        "subjects": ("null", "flowcontrol/v1beta1.Subject"),
    },
    "flowcontrol/v1beta1.PriorityLevelConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1beta1.PriorityLevelConfigurationSpec"),
        "status": ("{}", "flowcontrol/v1beta1.PriorityLevelConfigurationStatus"),
    },
    "flowcontrol/v1beta1.PriorityLevelConfigurationReference": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.PriorityLevelConfigurationSpec": {
        "exempt": (None, "flowcontrol/v1beta1.ExemptPriorityLevelConfiguration"),
        "limited": (None, "flowcontrol/v1beta1.LimitedPriorityLevelConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.PriorityLevelConfigurationStatus": {
        "conditions": (None, "flowcontrol/v1beta1.PriorityLevelConfigurationCondition"),
    },
    "flowcontrol/v1beta1.QueuingConfiguration": {
        "handSize": ("0", ""),
        "queueLengthLimit": ("0", ""),
        "queues": ("0", ""),
    },
    "flowcontrol/v1beta1.ResourcePolicyRule": {
        "apiGroups": ("null", ""),
        "namespaces": ("null", ""),
        "resources": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1beta1.ServiceAccountSubject": {
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "flowcontrol/v1beta1.Subject": {
        "group": (None, "flowcontrol/v1beta1.GroupSubject"),
        "kind": ("\"\"", ""),
        "serviceAccount": (None, "flowcontrol/v1beta1.ServiceAccountSubject"),
        "user": (None, "flowcontrol/v1beta1.UserSubject"),
    },
    "flowcontrol/v1beta1.UserSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.FlowDistinguisherMethod": {
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.FlowSchema": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1beta2.FlowSchemaSpec"),
        "status": ("{}", "flowcontrol/v1beta2.FlowSchemaStatus"),
    },
    "flowcontrol/v1beta2.FlowSchemaSpec": {
        "distinguisherMethod": (None, "flowcontrol/v1beta2.FlowDistinguisherMethod"),
        "matchingPrecedence": ("0", ""),
        "priorityLevelConfiguration": ("{}", "flowcontrol/v1beta2.PriorityLevelConfigurationReference"),
        "rules": (None, "flowcontrol/v1beta2.PolicyRulesWithSubjects"),
    },
    "flowcontrol/v1beta2.FlowSchemaStatus": {
        "conditions": (None, "flowcontrol/v1beta2.FlowSchemaCondition"),
    },
    "flowcontrol/v1beta2.GroupSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.LimitResponse": {
        "queuing": (None, "flowcontrol/v1beta2.QueuingConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.LimitedPriorityLevelConfiguration": {
        "assuredConcurrencyShares": ("0", ""),
        "limitResponse": ("{}", "flowcontrol/v1beta2.LimitResponse"),
    },
    "flowcontrol/v1beta2.NonResourcePolicyRule": {
        "nonResourceURLs": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1beta2.PolicyRulesWithSubjects": {
        "nonResourceRules": (None, "flowcontrol/v1beta2.NonResourcePolicyRule"),
        "resourceRules": (None, "flowcontrol/v1beta2.ResourcePolicyRule"),
        "subjects": ("null", "flowcontrol/v1beta2.Subject"),
    },
    "flowcontrol/v1beta2.PriorityLevelConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1beta2.PriorityLevelConfigurationSpec"),
        "status": ("{}", "flowcontrol/v1beta2.PriorityLevelConfigurationStatus"),
    },
    "flowcontrol/v1beta2.PriorityLevelConfigurationReference": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.PriorityLevelConfigurationSpec": {
        "exempt": (None, "flowcontrol/v1beta2.ExemptPriorityLevelConfiguration"),
        "limited": (None, "flowcontrol/v1beta2.LimitedPriorityLevelConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.PriorityLevelConfigurationStatus": {
        "conditions": (None, "flowcontrol/v1beta2.PriorityLevelConfigurationCondition"),
    },
    "flowcontrol/v1beta2.QueuingConfiguration": {
        "handSize": ("0", ""),
        "queueLengthLimit": ("0", ""),
        "queues": ("0", ""),
    },
    "flowcontrol/v1beta2.ResourcePolicyRule": {
        "apiGroups": ("null", ""),
        "namespaces": ("null", ""),
        "resources": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1beta2.ServiceAccountSubject": {
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "flowcontrol/v1beta2.Subject": {
        "group": (None, "flowcontrol/v1beta2.GroupSubject"),
        "kind": ("\"\"", ""),
        "serviceAccount": (None, "flowcontrol/v1beta2.ServiceAccountSubject"),
        "user": (None, "flowcontrol/v1beta2.UserSubject"),
    },
    "flowcontrol/v1beta2.UserSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.FlowDistinguisherMethod": {
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.FlowSchema": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1beta3.FlowSchemaSpec"),
        "status": ("{}", "flowcontrol/v1beta3.FlowSchemaStatus"),
    },
    "flowcontrol/v1beta3.FlowSchemaSpec": {
        "distinguisherMethod": (None, "flowcontrol/v1beta3.FlowDistinguisherMethod"),
        "matchingPrecedence": ("0", ""),
        "priorityLevelConfiguration": ("{}", "flowcontrol/v1beta3.PriorityLevelConfigurationReference"),
        "rules": (None, "flowcontrol/v1beta3.PolicyRulesWithSubjects"),
    },
    "flowcontrol/v1beta3.FlowSchemaStatus": {
        "conditions": (None, "flowcontrol/v1beta3.FlowSchemaCondition"),
    },
    "flowcontrol/v1beta3.GroupSubject": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.LimitResponse": {
        "queuing": (None, "flowcontrol/v1beta3.QueuingConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.LimitedPriorityLevelConfiguration": {
        "limitResponse": ("{}", "flowcontrol/v1beta3.LimitResponse"),
        "nominalConcurrencyShares": ("0", ""),
    },
    "flowcontrol/v1beta3.NonResourcePolicyRule": {
        "nonResourceURLs": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1beta3.PolicyRulesWithSubjects": {
        "nonResourceRules": (None, "flowcontrol/v1beta3.NonResourcePolicyRule"),
        "resourceRules": (None, "flowcontrol/v1beta3.ResourcePolicyRule"),
        "subjects": ("null", "flowcontrol/v1beta3.Subject"),
    },
    "flowcontrol/v1beta3.PriorityLevelConfiguration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "flowcontrol/v1beta3.PriorityLevelConfigurationSpec"),
        "status": ("{}", "flowcontrol/v1beta3.PriorityLevelConfigurationStatus"),
    },
    "flowcontrol/v1beta3.PriorityLevelConfigurationReference": {
        "name": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.PriorityLevelConfigurationSpec": {
        "exempt": (None, "flowcontrol/v1beta3.ExemptPriorityLevelConfiguration"),
        "limited": (None, "flowcontrol/v1beta3.LimitedPriorityLevelConfiguration"),
        "type": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.PriorityLevelConfigurationStatus": {
        "conditions": (None, "flowcontrol/v1beta3.PriorityLevelConfigurationCondition"),
    },
    "flowcontrol/v1beta3.QueuingConfiguration": {
        "handSize": ("0", ""),
        "queueLengthLimit": ("0", ""),
        "queues": ("0", ""),
    },
    "flowcontrol/v1beta3.ResourcePolicyRule": {
        "apiGroups": ("null", ""),
        "namespaces": ("null", ""),
        "resources": ("null", ""),
        "verbs": ("null", ""),
    },
    "flowcontrol/v1beta3.ServiceAccountSubject": {
        "name": ("\"\"", ""),
        "namespace": ("\"\"", ""),
    },
    "flowcontrol/v1beta3.Subject": {
        "group": (None, "flowcontrol/v1beta3.GroupSubject"),
        "kind": ("\"\"", ""),
        "serviceAccount": (None, "flowcontrol/v1beta3.ServiceAccountSubject"),
        "user": (None, "flowcontrol/v1beta3.UserSubject"),
    },
    "flowcontrol/v1beta3.UserSubject": {
        "name": ("\"\"", ""),
    },
    "meta/v1.Condition": {
        "lastTransitionTime": ("null", ""),
        "message": ("\"\"", ""),
        "reason": ("\"\"", ""),
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "meta/v1.DeleteOptions": {
        "preconditions": (None, "meta/v1.Preconditions"),
    },
    "meta/v1.FieldSelectorRequirement": {
        "key": ("\"\"", ""),
        "operator": ("\"\"", ""),
    },
    "meta/v1.LabelSelector": {
        "matchExpressions": (None, "meta/v1.LabelSelectorRequirement"),
    },
    "meta/v1.LabelSelectorRequirement": {
        "key": ("\"\"", ""),
        "operator": ("\"\"", ""),
    },
    "meta/v1.ObjectMeta": {
        "managedFields": (None, "meta/v1.ManagedFieldsEntry"),
        "ownerReferences": (None, "meta/v1.OwnerReference"),
    },
    "meta/v1.OwnerReference": {
        "apiVersion": ("\"\"", ""),
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
        "uid": ("\"\"", ""),
    },
    "networking/v1.HTTPIngressPath": {
        "backend": ("{}", "networking/v1.IngressBackend"),
        "pathType": ("null", ""),
    },
    "networking/v1.HTTPIngressRuleValue": {
        "paths": ("null", "networking/v1.HTTPIngressPath"),
    },
    "networking/v1.IPBlock": {
        "cidr": ("\"\"", ""),
    },
    "networking/v1.Ingress": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1.IngressSpec"),
        "status": ("{}", "networking/v1.IngressStatus"),
    },
    "networking/v1.IngressBackend": {
        "resource": (None, "core/v1.TypedLocalObjectReference"),
        "service": (None, "networking/v1.IngressServiceBackend"),
    },
    "networking/v1.IngressClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1.IngressClassSpec"),
    },
    "networking/v1.IngressClassParametersReference": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
        "scope": ("null", ""),
    },
    "networking/v1.IngressClassSpec": {
        "parameters": (None, "networking/v1.IngressClassParametersReference"),
    },
    "networking/v1.IngressLoadBalancerIngress": {
        "ports": (None, "networking/v1.IngressPortStatus"),
    },
    "networking/v1.IngressLoadBalancerStatus": {
        "ingress": (None, "networking/v1.IngressLoadBalancerIngress"),
    },
    "networking/v1.IngressPortStatus": {
        "port": ("0", ""),
        "protocol": ("\"\"", ""),
    },
    "networking/v1.IngressRule": {
        "http": (None, "networking/v1.HTTPIngressRuleValue"),
    },
    "networking/v1.IngressServiceBackend": {
        "name": ("\"\"", ""),
        "port": ("{}", "networking/v1.ServiceBackendPort"),
    },
    "networking/v1.IngressSpec": {
        "defaultBackend": (None, "networking/v1.IngressBackend"),
        "rules": (None, "networking/v1.IngressRule"),
        "tls": (None, "networking/v1.IngressTLS"),
    },
    "networking/v1.IngressStatus": {
        "loadBalancer": ("{}", "networking/v1.IngressLoadBalancerStatus"),
    },
    "networking/v1.NetworkPolicy": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1.NetworkPolicySpec"),
    },
    "networking/v1.NetworkPolicyEgressRule": {
        "ports": (None, "networking/v1.NetworkPolicyPort"),
        "to": (None, "networking/v1.NetworkPolicyPeer"),
    },
    "networking/v1.NetworkPolicyIngressRule": {
        "from": (None, "networking/v1.NetworkPolicyPeer"),
        "ports": (None, "networking/v1.NetworkPolicyPort"),
    },
    "networking/v1.NetworkPolicyPeer": {
        "ipBlock": (None, "networking/v1.IPBlock"),
        "namespaceSelector": (None, "meta/v1.LabelSelector"),
        "podSelector": (None, "meta/v1.LabelSelector"),
    },
    "networking/v1.NetworkPolicySpec": {
        "egress": (None, "networking/v1.NetworkPolicyEgressRule"),
        "ingress": (None, "networking/v1.NetworkPolicyIngressRule"),
        "podSelector": ("{}", "meta/v1.LabelSelector"),
    },
    "networking/v1alpha1.IPAddress": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1alpha1.IPAddressSpec"),
    },
    "networking/v1alpha1.IPAddressSpec": {
        "parentRef": (None, "networking/v1alpha1.ParentReference"),
    },
    "networking/v1alpha1.ServiceCIDR": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1alpha1.ServiceCIDRSpec"),
        "status": ("{}", "networking/v1alpha1.ServiceCIDRStatus"),
    },
    "networking/v1alpha1.ServiceCIDRStatus": {
        "conditions": (None, "meta/v1.Condition"),
    },
    "networking/v1beta1.HTTPIngressPath": {
        "backend": ("{}", "networking/v1beta1.IngressBackend"),
    },
    "networking/v1beta1.HTTPIngressRuleValue": {
        "paths": ("null", "networking/v1beta1.HTTPIngressPath"),
    },
    "networking/v1beta1.IPAddress": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1beta1.IPAddressSpec"),
    },
    "networking/v1beta1.IPAddressSpec": {
        "parentRef": (None, "networking/v1beta1.ParentReference"),
    },
    "networking/v1beta1.Ingress": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1beta1.IngressSpec"),
        "status": ("{}", "networking/v1beta1.IngressStatus"),
    },
    "networking/v1beta1.IngressBackend": {
        "resource": (None, "core/v1.TypedLocalObjectReference"),
    },
    "networking/v1beta1.IngressClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1beta1.IngressClassSpec"),
    },
    "networking/v1beta1.IngressClassParametersReference": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
        "scope": ("null", ""),
    },
    "networking/v1beta1.IngressClassSpec": {
        "parameters": (None, "networking/v1beta1.IngressClassParametersReference"),
    },
    "networking/v1beta1.IngressLoadBalancerIngress": {
        "ports": (None, "networking/v1beta1.IngressPortStatus"),
    },
    "networking/v1beta1.IngressLoadBalancerStatus": {
        "ingress": (None, "networking/v1beta1.IngressLoadBalancerIngress"),
    },
    "networking/v1beta1.IngressPortStatus": {
        "port": ("0", ""),
        "protocol": ("\"\"", ""),
    },
    "networking/v1beta1.IngressRule": {
        "http": (None, "networking/v1beta1.HTTPIngressRuleValue"),
    },
    "networking/v1beta1.IngressSpec": {
        "backend": (None, "networking/v1beta1.IngressBackend"),
        "rules": (None, "networking/v1beta1.IngressRule"),
        "tls": (None, "networking/v1beta1.IngressTLS"),
    },
    "networking/v1beta1.IngressStatus": {
        "loadBalancer": ("{}", "networking/v1beta1.IngressLoadBalancerStatus"),
    },
    "networking/v1beta1.ServiceCIDR": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "networking/v1beta1.ServiceCIDRSpec"),
        "status": ("{}", "networking/v1beta1.ServiceCIDRStatus"),
    },
    "networking/v1beta1.ServiceCIDRStatus": {
        "conditions": (None, "meta/v1.Condition"),
    },
    "node/v1.RuntimeClass": {
        "handler": ("\"\"", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "overhead": (None, "node/v1.Overhead"),
        "scheduling": (None, "node/v1.Scheduling"),
    },
    "node/v1.Scheduling": {
        "tolerations": (None, "core/v1.Toleration"),
    },
    "node/v1alpha1.RuntimeClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "node/v1alpha1.RuntimeClassSpec"),
    },
    "node/v1alpha1.RuntimeClassSpec": {
        "overhead": (None, "node/v1alpha1.Overhead"),
        "runtimeHandler": ("\"\"", ""),
        "scheduling": (None, "node/v1alpha1.Scheduling"),
    },
    "node/v1alpha1.Scheduling": {
        "tolerations": (None, "core/v1.Toleration"),
    },
    "node/v1beta1.RuntimeClass": {
        "handler": ("\"\"", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "overhead": (None, "node/v1beta1.Overhead"),
        "scheduling": (None, "node/v1beta1.Scheduling"),
    },
    "node/v1beta1.Scheduling": {
        "tolerations": (None, "core/v1.Toleration"),
    },
    "policy/v1.Eviction": {
        "deleteOptions": (None, "meta/v1.DeleteOptions"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "policy/v1.PodDisruptionBudget": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "policy/v1.PodDisruptionBudgetSpec"),
        "status": ("{}", "policy/v1.PodDisruptionBudgetStatus"),
    },
    "policy/v1.PodDisruptionBudgetSpec": {
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "policy/v1.PodDisruptionBudgetStatus": {
        "conditions": (None, "meta/v1.Condition"),
        "currentHealthy": ("0", ""),
        "desiredHealthy": ("0", ""),
        "disruptionsAllowed": ("0", ""),
        "expectedPods": ("0", ""),
    },
    "policy/v1beta1.Eviction": {
        "deleteOptions": (None, "meta/v1.DeleteOptions"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "policy/v1beta1.PodDisruptionBudget": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "policy/v1beta1.PodDisruptionBudgetSpec"),
        "status": ("{}", "policy/v1beta1.PodDisruptionBudgetStatus"),
    },
    "policy/v1beta1.PodDisruptionBudgetSpec": {
        "selector": (None, "meta/v1.LabelSelector"),
    },
    "policy/v1beta1.PodDisruptionBudgetStatus": {
        "conditions": (None, "meta/v1.Condition"),
        "currentHealthy": ("0", ""),
        "desiredHealthy": ("0", ""),
        "disruptionsAllowed": ("0", ""),
        "expectedPods": ("0", ""),
    },
    "rbac/v1.AggregationRule": {
        "clusterRoleSelectors": (None, "meta/v1.LabelSelector"),
    },
    "rbac/v1.ClusterRole": {
        "aggregationRule": (None, "rbac/v1.AggregationRule"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "rules": ("null", "rbac/v1.PolicyRule"),
    },
    "rbac/v1.ClusterRoleBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "roleRef": ("{}", "rbac/v1.RoleRef"),
        "subjects": (None, "rbac/v1.Subject"),
    },
    "rbac/v1.PolicyRule": {
        "verbs": ("null", ""),
    },
    "rbac/v1.Role": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "rules": ("null", "rbac/v1.PolicyRule"),
    },
    "rbac/v1.RoleBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "roleRef": ("{}", "rbac/v1.RoleRef"),
        "subjects": (None, "rbac/v1.Subject"),
    },
    "rbac/v1.RoleRef": {
        "apiGroup": ("\"\"", ""),
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "rbac/v1.Subject": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "rbac/v1alpha1.AggregationRule": {
        "clusterRoleSelectors": (None, "meta/v1.LabelSelector"),
    },
    "rbac/v1alpha1.ClusterRole": {
        "aggregationRule": (None, "rbac/v1alpha1.AggregationRule"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "rules": ("null", "rbac/v1alpha1.PolicyRule"),
    },
    "rbac/v1alpha1.ClusterRoleBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "roleRef": ("{}", "rbac/v1alpha1.RoleRef"),
        "subjects": (None, "rbac/v1alpha1.Subject"),
    },
    "rbac/v1alpha1.PolicyRule": {
        "verbs": ("null", ""),
    },
    "rbac/v1alpha1.Role": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "rules": ("null", "rbac/v1alpha1.PolicyRule"),
    },
    "rbac/v1alpha1.RoleBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "roleRef": ("{}", "rbac/v1alpha1.RoleRef"),
        "subjects": (None, "rbac/v1alpha1.Subject"),
    },
    "rbac/v1alpha1.RoleRef": {
        "apiGroup": ("\"\"", ""),
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "rbac/v1alpha1.Subject": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "rbac/v1beta1.AggregationRule": {
        "clusterRoleSelectors": (None, "meta/v1.LabelSelector"),
    },
    "rbac/v1beta1.ClusterRole": {
        "aggregationRule": (None, "rbac/v1beta1.AggregationRule"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "rules": ("null", "rbac/v1beta1.PolicyRule"),
    },
    "rbac/v1beta1.ClusterRoleBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "roleRef": ("{}", "rbac/v1beta1.RoleRef"),
        "subjects": (None, "rbac/v1beta1.Subject"),
    },
    "rbac/v1beta1.PolicyRule": {
        "verbs": ("null", ""),
    },
    "rbac/v1beta1.Role": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "rules": ("null", "rbac/v1beta1.PolicyRule"),
    },
    "rbac/v1beta1.RoleBinding": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "roleRef": ("{}", "rbac/v1beta1.RoleRef"),
        "subjects": (None, "rbac/v1beta1.Subject"),
    },
    "rbac/v1beta1.RoleRef": {
        "apiGroup": ("\"\"", ""),
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "rbac/v1beta1.Subject": {
        "kind": ("\"\"", ""),
        "name": ("\"\"", ""),
    },
    "resource/v1alpha3.AllocatedDeviceStatus": {
        "conditions": ("null", "meta/v1.Condition"),
        "device": ("\"\"", ""),
        "driver": ("\"\"", ""),
        "networkData": (None, "resource/v1alpha3.NetworkDeviceData"),
        "pool": ("\"\"", ""),
    },
    "resource/v1alpha3.AllocationResult": {
        "devices": ("{}", "resource/v1alpha3.DeviceAllocationResult"),
        "nodeSelector": (None, "core/v1.NodeSelector"),
    },
    "resource/v1alpha3.BasicDevice": {
        "attributes": (None, "map:resource/v1alpha3.DeviceAttribute"),
    },
    "resource/v1alpha3.CELDeviceSelector": {
        "expression": ("\"\"", ""),
    },
    "resource/v1alpha3.Device": {
        "basic": (None, "resource/v1alpha3.BasicDevice"),
        "name": ("\"\"", ""),
    },
    "resource/v1alpha3.DeviceAllocationConfiguration": {
        "opaque": (None, "resource/v1alpha3.OpaqueDeviceConfiguration"),
        "source": ("\"\"", ""),
    },
    "resource/v1alpha3.DeviceAllocationResult": {
        "config": (None, "resource/v1alpha3.DeviceAllocationConfiguration"),
        "results": (None, "resource/v1alpha3.DeviceRequestAllocationResult"),
    },
    "resource/v1alpha3.DeviceClaim": {
        "config": (None, "resource/v1alpha3.DeviceClaimConfiguration"),
        "constraints": (None, "resource/v1alpha3.DeviceConstraint"),
        "requests": ("null", "resource/v1alpha3.DeviceRequest"),
    },
    "resource/v1alpha3.DeviceClaimConfiguration": {
        "opaque": (None, "resource/v1alpha3.OpaqueDeviceConfiguration"),
    },
    "resource/v1alpha3.DeviceClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1alpha3.DeviceClassSpec"),
    },
    "resource/v1alpha3.DeviceClassConfiguration": {
        "opaque": (None, "resource/v1alpha3.OpaqueDeviceConfiguration"),
    },
    "resource/v1alpha3.DeviceClassSpec": {
        "config": (None, "resource/v1alpha3.DeviceClassConfiguration"),
        "selectors": (None, "resource/v1alpha3.DeviceSelector"),
    },
    "resource/v1alpha3.DeviceRequest": {
        "deviceClassName": ("\"\"", ""),
        "name": ("\"\"", ""),
        "selectors": (None, "resource/v1alpha3.DeviceSelector"),
    },
    "resource/v1alpha3.DeviceRequestAllocationResult": {
        "adminAccess": ("null", ""),
        "device": ("\"\"", ""),
        "driver": ("\"\"", ""),
        "pool": ("\"\"", ""),
        "request": ("\"\"", ""),
    },
    "resource/v1alpha3.DeviceSelector": {
        "cel": (None, "resource/v1alpha3.CELDeviceSelector"),
    },
    "resource/v1alpha3.OpaqueDeviceConfiguration": {
        "driver": ("\"\"", ""),
        "parameters": ("null", ""),
    },
    "resource/v1alpha3.ResourceClaim": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1alpha3.ResourceClaimSpec"),
        "status": ("{}", "resource/v1alpha3.ResourceClaimStatus"),
    },
    "resource/v1alpha3.ResourceClaimConsumerReference": {
        "name": ("\"\"", ""),
        "resource": ("\"\"", ""),
        "uid": ("\"\"", ""),
    },
    "resource/v1alpha3.ResourceClaimSpec": {
        "devices": ("{}", "resource/v1alpha3.DeviceClaim"),
    },
    "resource/v1alpha3.ResourceClaimStatus": {
        "allocation": (None, "resource/v1alpha3.AllocationResult"),
        "devices": (None, "resource/v1alpha3.AllocatedDeviceStatus"),
        "reservedFor": (None, "resource/v1alpha3.ResourceClaimConsumerReference"),
    },
    "resource/v1alpha3.ResourceClaimTemplate": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1alpha3.ResourceClaimTemplateSpec"),
    },
    "resource/v1alpha3.ResourceClaimTemplateSpec": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1alpha3.ResourceClaimSpec"),
    },
    "resource/v1alpha3.ResourcePool": {
        "generation": ("0", ""),
        "name": ("\"\"", ""),
        "resourceSliceCount": ("0", ""),
    },
    "resource/v1alpha3.ResourceSlice": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1alpha3.ResourceSliceSpec"),
    },
    "resource/v1alpha3.ResourceSliceSpec": {
        "devices": ("null", "resource/v1alpha3.Device"),
        "driver": ("\"\"", ""),
        "nodeSelector": (None, "core/v1.NodeSelector"),
        "pool": ("{}", "resource/v1alpha3.ResourcePool"),
    },
    "resource/v1beta1.AllocatedDeviceStatus": {
        "conditions": ("null", "meta/v1.Condition"),
        "device": ("\"\"", ""),
        "driver": ("\"\"", ""),
        "networkData": (None, "resource/v1beta1.NetworkDeviceData"),
        "pool": ("\"\"", ""),
    },
    "resource/v1beta1.AllocationResult": {
        "devices": ("{}", "resource/v1beta1.DeviceAllocationResult"),
        "nodeSelector": (None, "core/v1.NodeSelector"),
    },
    "resource/v1beta1.BasicDevice": {
        "attributes": (None, "map:resource/v1beta1.DeviceAttribute"),
        "capacity": (None, "map:resource/v1beta1.DeviceCapacity"),
    },
    "resource/v1beta1.CELDeviceSelector": {
        "expression": ("\"\"", ""),
    },
    "resource/v1beta1.Device": {
        "basic": (None, "resource/v1beta1.BasicDevice"),
        "name": ("\"\"", ""),
    },
    "resource/v1beta1.DeviceAllocationConfiguration": {
        "opaque": (None, "resource/v1beta1.OpaqueDeviceConfiguration"),
        "source": ("\"\"", ""),
    },
    "resource/v1beta1.DeviceAllocationResult": {
        "config": (None, "resource/v1beta1.DeviceAllocationConfiguration"),
        "results": (None, "resource/v1beta1.DeviceRequestAllocationResult"),
    },
    "resource/v1beta1.DeviceCapacity": {
        "value": ("\"0\"", ""),
    },
    "resource/v1beta1.DeviceClaim": {
        "config": (None, "resource/v1beta1.DeviceClaimConfiguration"),
        "constraints": (None, "resource/v1beta1.DeviceConstraint"),
        "requests": ("null", "resource/v1beta1.DeviceRequest"),
    },
    "resource/v1beta1.DeviceClaimConfiguration": {
        "opaque": (None, "resource/v1beta1.OpaqueDeviceConfiguration"),
    },
    "resource/v1beta1.DeviceClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1beta1.DeviceClassSpec"),
    },
    "resource/v1beta1.DeviceClassConfiguration": {
        "opaque": (None, "resource/v1beta1.OpaqueDeviceConfiguration"),
    },
    "resource/v1beta1.DeviceClassSpec": {
        "config": (None, "resource/v1beta1.DeviceClassConfiguration"),
        "selectors": (None, "resource/v1beta1.DeviceSelector"),
    },
    "resource/v1beta1.DeviceRequest": {
        "deviceClassName": ("\"\"", ""),
        "name": ("\"\"", ""),
        "selectors": (None, "resource/v1beta1.DeviceSelector"),
    },
    "resource/v1beta1.DeviceRequestAllocationResult": {
        "adminAccess": ("null", ""),
        "device": ("\"\"", ""),
        "driver": ("\"\"", ""),
        "pool": ("\"\"", ""),
        "request": ("\"\"", ""),
    },
    "resource/v1beta1.DeviceSelector": {
        "cel": (None, "resource/v1beta1.CELDeviceSelector"),
    },
    "resource/v1beta1.OpaqueDeviceConfiguration": {
        "driver": ("\"\"", ""),
        "parameters": ("null", ""),
    },
    "resource/v1beta1.ResourceClaim": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1beta1.ResourceClaimSpec"),
        "status": ("{}", "resource/v1beta1.ResourceClaimStatus"),
    },
    "resource/v1beta1.ResourceClaimConsumerReference": {
        "name": ("\"\"", ""),
        "resource": ("\"\"", ""),
        "uid": ("\"\"", ""),
    },
    "resource/v1beta1.ResourceClaimSpec": {
        "devices": ("{}", "resource/v1beta1.DeviceClaim"),
    },
    "resource/v1beta1.ResourceClaimStatus": {
        "allocation": (None, "resource/v1beta1.AllocationResult"),
        "devices": (None, "resource/v1beta1.AllocatedDeviceStatus"),
        "reservedFor": (None, "resource/v1beta1.ResourceClaimConsumerReference"),
    },
    "resource/v1beta1.ResourceClaimTemplate": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1beta1.ResourceClaimTemplateSpec"),
    },
    "resource/v1beta1.ResourceClaimTemplateSpec": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1beta1.ResourceClaimSpec"),
    },
    "resource/v1beta1.ResourcePool": {
        "generation": ("0", ""),
        "name": ("\"\"", ""),
        "resourceSliceCount": ("0", ""),
    },
    "resource/v1beta1.ResourceSlice": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "resource/v1beta1.ResourceSliceSpec"),
    },
    "resource/v1beta1.ResourceSliceSpec": {
        "devices": ("null", "resource/v1beta1.Device"),
        "driver": ("\"\"", ""),
        "nodeSelector": (None, "core/v1.NodeSelector"),
        "pool": ("{}", "resource/v1beta1.ResourcePool"),
    },
    "scheduling/v1.PriorityClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "value": ("0", ""),
    },
    "scheduling/v1alpha1.PriorityClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "value": ("0", ""),
    },
    "scheduling/v1beta1.PriorityClass": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "value": ("0", ""),
    },
    "storage/v1.CSIDriver": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1.CSIDriverSpec"),
    },
    "storage/v1.CSIDriverSpec": {
        "tokenRequests": (None, "storage/v1.TokenRequest"),
    },
    "storage/v1.CSINode": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1.CSINodeSpec"),
    },
    "storage/v1.CSINodeDriver": {
        "allocatable": (None, "storage/v1.VolumeNodeResources"),
        "name": ("\"\"", ""),
        "nodeID": ("\"\"", ""),
        "topologyKeys": ("null", ""),
    },
    "storage/v1.CSINodeSpec": {
        "drivers": ("null", "storage/v1.CSINodeDriver"),
    },
    "storage/v1.CSIStorageCapacity": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "nodeTopology": (None, "meta/v1.LabelSelector"),
        "storageClassName": ("\"\"", ""),
    },
    "storage/v1.StorageClass": {
        "allowedTopologies": (None, "core/v1.TopologySelectorTerm"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "provisioner": ("\"\"", ""),
    },
    "storage/v1.TokenRequest": {
        "audience": ("\"\"", ""),
    },
    "storage/v1.VolumeAttachment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1.VolumeAttachmentSpec"),
        "status": ("{}", "storage/v1.VolumeAttachmentStatus"),
    },
    "storage/v1.VolumeAttachmentSource": {
        "inlineVolumeSpec": (None, "core/v1.PersistentVolumeSpec"),
    },
    "storage/v1.VolumeAttachmentSpec": {
        "attacher": ("\"\"", ""),
        "nodeName": ("\"\"", ""),
        "source": ("{}", "storage/v1.VolumeAttachmentSource"),
    },
    "storage/v1.VolumeAttachmentStatus": {
        "attachError": (None, "storage/v1.VolumeError"),
        "attached": ("false", ""),
        "detachError": (None, "storage/v1.VolumeError"),
    },
    "storage/v1alpha1.CSIStorageCapacity": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "nodeTopology": (None, "meta/v1.LabelSelector"),
        "storageClassName": ("\"\"", ""),
    },
    "storage/v1alpha1.VolumeAttachment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1alpha1.VolumeAttachmentSpec"),
        "status": ("{}", "storage/v1alpha1.VolumeAttachmentStatus"),
    },
    "storage/v1alpha1.VolumeAttachmentSource": {
        "inlineVolumeSpec": (None, "core/v1.PersistentVolumeSpec"),
    },
    "storage/v1alpha1.VolumeAttachmentSpec": {
        "attacher": ("\"\"", ""),
        "nodeName": ("\"\"", ""),
        "source": ("{}", "storage/v1alpha1.VolumeAttachmentSource"),
    },
    "storage/v1alpha1.VolumeAttachmentStatus": {
        "attachError": (None, "storage/v1alpha1.VolumeError"),
        "attached": ("false", ""),
        "detachError": (None, "storage/v1alpha1.VolumeError"),
    },
    "storage/v1alpha1.VolumeAttributesClass": {
        "driverName": ("\"\"", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "storage/v1beta1.CSIDriver": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1beta1.CSIDriverSpec"),
    },
    "storage/v1beta1.CSIDriverSpec": {
        "tokenRequests": (None, "storage/v1beta1.TokenRequest"),
    },
    "storage/v1beta1.CSINode": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1beta1.CSINodeSpec"),
    },
    "storage/v1beta1.CSINodeDriver": {
        "allocatable": (None, "storage/v1beta1.VolumeNodeResources"),
        "name": ("\"\"", ""),
        "nodeID": ("\"\"", ""),
        "topologyKeys": ("null", ""),
    },
    "storage/v1beta1.CSINodeSpec": {
        "drivers": ("null", "storage/v1beta1.CSINodeDriver"),
    },
    "storage/v1beta1.CSIStorageCapacity": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "nodeTopology": (None, "meta/v1.LabelSelector"),
        "storageClassName": ("\"\"", ""),
    },
    "storage/v1beta1.StorageClass": {
        "allowedTopologies": (None, "core/v1.TopologySelectorTerm"),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "provisioner": ("\"\"", ""),
    },
    "storage/v1beta1.TokenRequest": {
        "audience": ("\"\"", ""),
    },
    "storage/v1beta1.VolumeAttachment": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storage/v1beta1.VolumeAttachmentSpec"),
        "status": ("{}", "storage/v1beta1.VolumeAttachmentStatus"),
    },
    "storage/v1beta1.VolumeAttachmentSource": {
        "inlineVolumeSpec": (None, "core/v1.PersistentVolumeSpec"),
    },
    "storage/v1beta1.VolumeAttachmentSpec": {
        "attacher": ("\"\"", ""),
        "nodeName": ("\"\"", ""),
        "source": ("{}", "storage/v1beta1.VolumeAttachmentSource"),
    },
    "storage/v1beta1.VolumeAttachmentStatus": {
        "attachError": (None, "storage/v1beta1.VolumeError"),
        "attached": ("false", ""),
        "detachError": (None, "storage/v1beta1.VolumeError"),
    },
    "storage/v1beta1.VolumeAttributesClass": {
        "driverName": ("\"\"", ""),
        "metadata": ("{}", "meta/v1.ObjectMeta"),
    },
    "storagemigration/v1alpha1.MigrationCondition": {
        "status": ("\"\"", ""),
        "type": ("\"\"", ""),
    },
    "storagemigration/v1alpha1.StorageVersionMigration": {
        "metadata": ("{}", "meta/v1.ObjectMeta"),
        "spec": ("{}", "storagemigration/v1alpha1.StorageVersionMigrationSpec"),
        "status": ("{}", "storagemigration/v1alpha1.StorageVersionMigrationStatus"),
    },
    "storagemigration/v1alpha1.StorageVersionMigrationSpec": {
        "resource": ("{}", "storagemigration/v1alpha1.GroupVersionResource"),
    },
    "storagemigration/v1alpha1.StorageVersionMigrationStatus": {
        "conditions": (None, "storagemigration/v1alpha1.MigrationCondition"),
    },
}

#: group/version/kind -> its struct type.
KINDS: dict[str, str] = {
    "/v1/Binding": "core/v1.Binding",
    "/v1/ComponentStatus": "core/v1.ComponentStatus",
    "/v1/ConfigMap": "core/v1.ConfigMap",
    "/v1/Endpoints": "core/v1.Endpoints",
    "/v1/Event": "core/v1.Event",
    "/v1/LimitRange": "core/v1.LimitRange",
    "/v1/Namespace": "core/v1.Namespace",
    "/v1/Node": "core/v1.Node",
    "/v1/PersistentVolume": "core/v1.PersistentVolume",
    "/v1/PersistentVolumeClaim": "core/v1.PersistentVolumeClaim",
    "/v1/Pod": "core/v1.Pod",
    "/v1/PodStatusResult": "core/v1.PodStatusResult",
    "/v1/PodTemplate": "core/v1.PodTemplate",
    "/v1/RangeAllocation": "core/v1.RangeAllocation",
    "/v1/ReplicationController": "core/v1.ReplicationController",
    "/v1/ResourceQuota": "core/v1.ResourceQuota",
    "/v1/Secret": "core/v1.Secret",
    "/v1/Service": "core/v1.Service",
    "/v1/ServiceAccount": "core/v1.ServiceAccount",
    "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": "admissionregistration/v1.MutatingWebhookConfiguration",
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": "admissionregistration/v1.ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": "admissionregistration/v1.ValidatingAdmissionPolicyBinding",
    "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": "admissionregistration/v1.ValidatingWebhookConfiguration",
    "admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicy": "admissionregistration/v1alpha1.MutatingAdmissionPolicy",
    "admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicyBinding": "admissionregistration/v1alpha1.MutatingAdmissionPolicyBinding",
    "admissionregistration.k8s.io/v1alpha1/ValidatingAdmissionPolicy": "admissionregistration/v1alpha1.ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/v1alpha1/ValidatingAdmissionPolicyBinding": "admissionregistration/v1alpha1.ValidatingAdmissionPolicyBinding",
    "admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration": "admissionregistration/v1beta1.MutatingWebhookConfiguration",
    "admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicy": "admissionregistration/v1beta1.ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicyBinding": "admissionregistration/v1beta1.ValidatingAdmissionPolicyBinding",
    "admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration": "admissionregistration/v1beta1.ValidatingWebhookConfiguration",
    "apps/v1/ControllerRevision": "apps/v1.ControllerRevision",
    "apps/v1/DaemonSet": "apps/v1.DaemonSet",
    "apps/v1/Deployment": "apps/v1.Deployment",
    "apps/v1/ReplicaSet": "apps/v1.ReplicaSet",
    "apps/v1/StatefulSet": "apps/v1.StatefulSet",
    "apps/v1beta1/ControllerRevision": "apps/v1beta1.ControllerRevision",
    "apps/v1beta1/Deployment": "apps/v1beta1.Deployment",
    "apps/v1beta1/Scale": "apps/v1beta1.Scale",
    "apps/v1beta1/StatefulSet": "apps/v1beta1.StatefulSet",
    "apps/v1beta2/ControllerRevision": "apps/v1beta2.ControllerRevision",
    "apps/v1beta2/DaemonSet": "apps/v1beta2.DaemonSet",
    "apps/v1beta2/Deployment": "apps/v1beta2.Deployment",
    "apps/v1beta2/ReplicaSet": "apps/v1beta2.ReplicaSet",
    "apps/v1beta2/Scale": "apps/v1beta2.Scale",
    "apps/v1beta2/StatefulSet": "apps/v1beta2.StatefulSet",
    "authentication.k8s.io/v1/SelfSubjectReview": "authentication/v1.SelfSubjectReview",
    "authentication.k8s.io/v1/TokenRequest": "authentication/v1.TokenRequest",
    "authentication.k8s.io/v1/TokenReview": "authentication/v1.TokenReview",
    "authentication.k8s.io/v1alpha1/SelfSubjectReview": "authentication/v1alpha1.SelfSubjectReview",
    "authentication.k8s.io/v1beta1/SelfSubjectReview": "authentication/v1beta1.SelfSubjectReview",
    "authentication.k8s.io/v1beta1/TokenReview": "authentication/v1beta1.TokenReview",
    "authorization.k8s.io/v1/LocalSubjectAccessReview": "authorization/v1.LocalSubjectAccessReview",
    "authorization.k8s.io/v1/SelfSubjectAccessReview": "authorization/v1.SelfSubjectAccessReview",
    "authorization.k8s.io/v1/SelfSubjectRulesReview": "authorization/v1.SelfSubjectRulesReview",
    "authorization.k8s.io/v1/SubjectAccessReview": "authorization/v1.SubjectAccessReview",
    "authorization.k8s.io/v1beta1/LocalSubjectAccessReview": "authorization/v1beta1.LocalSubjectAccessReview",
    "authorization.k8s.io/v1beta1/SelfSubjectAccessReview": "authorization/v1beta1.SelfSubjectAccessReview",
    "authorization.k8s.io/v1beta1/SelfSubjectRulesReview": "authorization/v1beta1.SelfSubjectRulesReview",
    "authorization.k8s.io/v1beta1/SubjectAccessReview": "authorization/v1beta1.SubjectAccessReview",
    "autoscaling/v1/HorizontalPodAutoscaler": "autoscaling/v1.HorizontalPodAutoscaler",
    "autoscaling/v1/Scale": "autoscaling/v1.Scale",
    "autoscaling/v2/HorizontalPodAutoscaler": "autoscaling/v2.HorizontalPodAutoscaler",
    "autoscaling/v2beta1/HorizontalPodAutoscaler": "autoscaling/v2beta1.HorizontalPodAutoscaler",
    "autoscaling/v2beta2/HorizontalPodAutoscaler": "autoscaling/v2beta2.HorizontalPodAutoscaler",
    "batch/v1/CronJob": "batch/v1.CronJob",
    "batch/v1/Job": "batch/v1.Job",
    "batch/v1beta1/CronJob": "batch/v1beta1.CronJob",
    "certificates.k8s.io/v1/CertificateSigningRequest": "certificates/v1.CertificateSigningRequest",
    "certificates.k8s.io/v1alpha1/ClusterTrustBundle": "certificates/v1alpha1.ClusterTrustBundle",
    "certificates.k8s.io/v1beta1/CertificateSigningRequest": "certificates/v1beta1.CertificateSigningRequest",
    "coordination.k8s.io/v1/Lease": "coordination/v1.Lease",
    "coordination.k8s.io/v1alpha2/LeaseCandidate": "coordination/v1alpha2.LeaseCandidate",
    "coordination.k8s.io/v1beta1/Lease": "coordination/v1beta1.Lease",
    "discovery.k8s.io/v1/EndpointSlice": "discovery/v1.EndpointSlice",
    "discovery.k8s.io/v1beta1/EndpointSlice": "discovery/v1beta1.EndpointSlice",
    "events.k8s.io/v1/Event": "events/v1.Event",
    "events.k8s.io/v1beta1/Event": "events/v1beta1.Event",
    "extensions/v1beta1/DaemonSet": "extensions/v1beta1.DaemonSet",
    "extensions/v1beta1/Deployment": "extensions/v1beta1.Deployment",
    "extensions/v1beta1/Ingress": "extensions/v1beta1.Ingress",
    "extensions/v1beta1/NetworkPolicy": "extensions/v1beta1.NetworkPolicy",
    "extensions/v1beta1/ReplicaSet": "extensions/v1beta1.ReplicaSet",
    "extensions/v1beta1/Scale": "extensions/v1beta1.Scale",
    "flowcontrol.apiserver.k8s.io/v1/FlowSchema": "flowcontrol/v1.FlowSchema",
    "flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration": "flowcontrol/v1.PriorityLevelConfiguration",
    "flowcontrol.apiserver.k8s.io/v1beta1/FlowSchema": "flowcontrol/v1beta1.FlowSchema",
    "flowcontrol.apiserver.k8s.io/v1beta1/PriorityLevelConfiguration": "flowcontrol/v1beta1.PriorityLevelConfiguration",
    "flowcontrol.apiserver.k8s.io/v1beta2/FlowSchema": "flowcontrol/v1beta2.FlowSchema",
    "flowcontrol.apiserver.k8s.io/v1beta2/PriorityLevelConfiguration": "flowcontrol/v1beta2.PriorityLevelConfiguration",
    "flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema": "flowcontrol/v1beta3.FlowSchema",
    "flowcontrol.apiserver.k8s.io/v1beta3/PriorityLevelConfiguration": "flowcontrol/v1beta3.PriorityLevelConfiguration",
    "internal.apiserver.k8s.io/v1alpha1/StorageVersion": "apiserverinternal/v1alpha1.StorageVersion",
    "networking.k8s.io/v1/Ingress": "networking/v1.Ingress",
    "networking.k8s.io/v1/IngressClass": "networking/v1.IngressClass",
    "networking.k8s.io/v1/NetworkPolicy": "networking/v1.NetworkPolicy",
    "networking.k8s.io/v1alpha1/IPAddress": "networking/v1alpha1.IPAddress",
    "networking.k8s.io/v1alpha1/ServiceCIDR": "networking/v1alpha1.ServiceCIDR",
    "networking.k8s.io/v1beta1/IPAddress": "networking/v1beta1.IPAddress",
    "networking.k8s.io/v1beta1/Ingress": "networking/v1beta1.Ingress",
    "networking.k8s.io/v1beta1/IngressClass": "networking/v1beta1.IngressClass",
    "networking.k8s.io/v1beta1/ServiceCIDR": "networking/v1beta1.ServiceCIDR",
    "node.k8s.io/v1/RuntimeClass": "node/v1.RuntimeClass",
    "node.k8s.io/v1alpha1/RuntimeClass": "node/v1alpha1.RuntimeClass",
    "node.k8s.io/v1beta1/RuntimeClass": "node/v1beta1.RuntimeClass",
    "policy/v1/Eviction": "policy/v1.Eviction",
    "policy/v1/PodDisruptionBudget": "policy/v1.PodDisruptionBudget",
    "policy/v1beta1/Eviction": "policy/v1beta1.Eviction",
    "policy/v1beta1/PodDisruptionBudget": "policy/v1beta1.PodDisruptionBudget",
    "rbac.authorization.k8s.io/v1/ClusterRole": "rbac/v1.ClusterRole",
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": "rbac/v1.ClusterRoleBinding",
    "rbac.authorization.k8s.io/v1/Role": "rbac/v1.Role",
    "rbac.authorization.k8s.io/v1/RoleBinding": "rbac/v1.RoleBinding",
    "rbac.authorization.k8s.io/v1alpha1/ClusterRole": "rbac/v1alpha1.ClusterRole",
    "rbac.authorization.k8s.io/v1alpha1/ClusterRoleBinding": "rbac/v1alpha1.ClusterRoleBinding",
    "rbac.authorization.k8s.io/v1alpha1/Role": "rbac/v1alpha1.Role",
    "rbac.authorization.k8s.io/v1alpha1/RoleBinding": "rbac/v1alpha1.RoleBinding",
    "rbac.authorization.k8s.io/v1beta1/ClusterRole": "rbac/v1beta1.ClusterRole",
    "rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding": "rbac/v1beta1.ClusterRoleBinding",
    "rbac.authorization.k8s.io/v1beta1/Role": "rbac/v1beta1.Role",
    "rbac.authorization.k8s.io/v1beta1/RoleBinding": "rbac/v1beta1.RoleBinding",
    "resource.k8s.io/v1alpha3/DeviceClass": "resource/v1alpha3.DeviceClass",
    "resource.k8s.io/v1alpha3/ResourceClaim": "resource/v1alpha3.ResourceClaim",
    "resource.k8s.io/v1alpha3/ResourceClaimTemplate": "resource/v1alpha3.ResourceClaimTemplate",
    "resource.k8s.io/v1alpha3/ResourceSlice": "resource/v1alpha3.ResourceSlice",
    "resource.k8s.io/v1beta1/DeviceClass": "resource/v1beta1.DeviceClass",
    "resource.k8s.io/v1beta1/ResourceClaim": "resource/v1beta1.ResourceClaim",
    "resource.k8s.io/v1beta1/ResourceClaimTemplate": "resource/v1beta1.ResourceClaimTemplate",
    "resource.k8s.io/v1beta1/ResourceSlice": "resource/v1beta1.ResourceSlice",
    "scheduling.k8s.io/v1/PriorityClass": "scheduling/v1.PriorityClass",
    "scheduling.k8s.io/v1alpha1/PriorityClass": "scheduling/v1alpha1.PriorityClass",
    "scheduling.k8s.io/v1beta1/PriorityClass": "scheduling/v1beta1.PriorityClass",
    "storage.k8s.io/v1/CSIDriver": "storage/v1.CSIDriver",
    "storage.k8s.io/v1/CSINode": "storage/v1.CSINode",
    "storage.k8s.io/v1/CSIStorageCapacity": "storage/v1.CSIStorageCapacity",
    "storage.k8s.io/v1/StorageClass": "storage/v1.StorageClass",
    "storage.k8s.io/v1/VolumeAttachment": "storage/v1.VolumeAttachment",
    "storage.k8s.io/v1alpha1/CSIStorageCapacity": "storage/v1alpha1.CSIStorageCapacity",
    "storage.k8s.io/v1alpha1/VolumeAttachment": "storage/v1alpha1.VolumeAttachment",
    "storage.k8s.io/v1alpha1/VolumeAttributesClass": "storage/v1alpha1.VolumeAttributesClass",
    "storage.k8s.io/v1beta1/CSIDriver": "storage/v1beta1.CSIDriver",
    "storage.k8s.io/v1beta1/CSINode": "storage/v1beta1.CSINode",
    "storage.k8s.io/v1beta1/CSIStorageCapacity": "storage/v1beta1.CSIStorageCapacity",
    "storage.k8s.io/v1beta1/StorageClass": "storage/v1beta1.StorageClass",
    "storage.k8s.io/v1beta1/VolumeAttachment": "storage/v1beta1.VolumeAttachment",
    "storage.k8s.io/v1beta1/VolumeAttributesClass": "storage/v1beta1.VolumeAttributesClass",
    "storagemigration.k8s.io/v1alpha1/StorageVersionMigration": "storagemigration/v1alpha1.StorageVersionMigration",
}

#: Structs server-side apply treats as one value (x-kubernetes-map-type: atomic).
ATOMIC: frozenset[str] = frozenset({
    "admissionregistration/v1.MatchResources",
    "admissionregistration/v1.NamedRuleWithOperations",
    "admissionregistration/v1.ParamKind",
    "admissionregistration/v1.ParamRef",
    "admissionregistration/v1.Variable",
    "admissionregistration/v1alpha1.MatchResources",
    "admissionregistration/v1alpha1.NamedRuleWithOperations",
    "admissionregistration/v1alpha1.ParamKind",
    "admissionregistration/v1alpha1.ParamRef",
    "admissionregistration/v1beta1.MatchResources",
    "admissionregistration/v1beta1.NamedRuleWithOperations",
    "admissionregistration/v1beta1.ParamKind",
    "admissionregistration/v1beta1.ParamRef",
    "admissionregistration/v1beta1.Variable",
    "autoscaling/v1.CrossVersionObjectReference",
    "core/v1.ConfigMapKeySelector",
    "core/v1.EndpointAddress",
    "core/v1.EndpointPort",
    "core/v1.LocalObjectReference",
    "core/v1.NodeSelector",
    "core/v1.NodeSelectorTerm",
    "core/v1.ObjectFieldSelector",
    "core/v1.ObjectReference",
    "core/v1.ResourceFieldSelector",
    "core/v1.ScopeSelector",
    "core/v1.SecretKeySelector",
    "core/v1.SecretReference",
    "core/v1.TopologySelectorTerm",
    "core/v1.TypedLocalObjectReference",
    "discovery/v1.EndpointPort",
    "meta/v1.LabelSelector",
    "meta/v1.OwnerReference",
    "networking/v1.ServiceBackendPort",
    "rbac/v1.RoleRef",
    "rbac/v1.Subject",
})
