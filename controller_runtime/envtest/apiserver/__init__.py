"""An embedded kube-apiserver (aiohttp) for tests and for trying Lookout without a cluster.

It serves discovery (legacy and aggregated), OpenAPI v3, built-in kinds and CRDs with
kube-apiserver's semantics (resourceVersions, watches with bookmarks and 410s, the four
patch types including server-side apply, status subresources, finalizers, garbage
collection, namespace and CRD deletion, Tables) so client-go-style clients, kubectl, the
`kubernetes` package and kopf work against it::

    srv = APIServer(tls=True, state_dir=None, history_size=10000)
    await srv.start()          # srv.url, srv.token, srv.ca_pem, srv.admin_client_cert()
    ...
    await srv.stop()

`history_size` bounds the watch history (older resourceVersions get 410 Expired);
`bookmark_interval` sets how often watches with allowWatchBookmarks get a BOOKMARK;
`state_dir` keeps objects, resourceVersions, the token, the CA and the port across restarts.
Module map: server (HTTP, auth, routing), backend (REST semantics), store (objects,
history, fan-out), watch, patching, tables, discovery, openapi, crds, kinds, gc,
persistence, protobuf (kubectl's protobuf bodies), errors (metav1.Status).
"""

from controller_runtime.envtest.apiserver.server import APIServer

__all__ = ["APIServer"]
