"""An embedded kube-apiserver (aiohttp) for tests and for trying Lookout without a cluster.

It serves discovery, OpenAPI v3, built-in kinds and CRDs with kube-apiserver's
semantics (resourceVersions, watches, patches, status subresource, finalizers, garbage
collection, Tables) so client-go-style clients, kubectl and kopf work against it.
"""

from controller_runtime.envtest.apiserver.server import APIServer

__all__ = ["APIServer"]
