"""Pure algorithms of Kubernetes' apimachinery, shared by the client, the cache and the embedded server.

Nothing here does I/O: every function maps plain JSON-shaped values to values or errors, with
the same syntax, semantics and error wording as k8s.io/apimachinery and kube-apiserver.
"""
