"""The CRDs, the spec's samples and the install are checked against the session's envtest
server and a real kube-apiserver, whose validation is the authority (tests/support/servers.py)."""

from tests.support.servers import env, kubectl, kubectl_homes

__all__ = ["env", "kubectl", "kubectl_homes"]
