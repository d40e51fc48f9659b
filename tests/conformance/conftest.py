"""The conformance suite runs, unchanged, against the session's envtest server and a real
kube-apiserver (see tests/support/servers.py)."""

from tests.support.servers import env, kubectl, kubectl_homes

__all__ = ["env", "kubectl", "kubectl_homes"]
