"""Pure algorithms of Kubernetes' apimachinery, shared by the client, the cache and the embedded server.

Nothing here does I/O: every function maps plain JSON-shaped values to values or errors, with
the same syntax, semantics and error wording as k8s.io/apimachinery and kube-apiserver.

Modules:
    labels           label selectors (labels.Parse, metav1.LabelSelector)
    fields           field selectors and the per-kind field sets kube-apiserver exposes
    merge_patch      RFC 7386 JSON merge patch (apply, create)
    duration         Go time.Duration parse/format
    schema           structural OpenAPI v3 schemas: validate, apply_defaults, prune
    schema_formats   the string formats kube checks (date-time, duration, uri, ...)
    schema_cel       x-kubernetes-validations (CEL) rules, evaluated with cel-python
    jsonpath         the kubectl JSONPath dialect (printer columns, -o jsonpath)
    patch_meta       per-field merge strategies / list types of built-in kinds and CRD schemas
    strategic_merge  strategic merge patch (apply)
    managed_fields   server-side apply: fieldsV1 sets, ownership, conflicts
    field            field.Error and Go value rendering
    validation       qualified names, label values, DNS-1123/1035 names
    json_codec       JSON encode/decode of API traffic (orjson, stdlib fallback)
    json_copy        deep copies of JSON-shaped values
"""
