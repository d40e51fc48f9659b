#!/usr/bin/env bash
# Run Lookout. With a reachable cluster in the current kubeconfig: install the CRDs there and
# run the manager against it. Without one: `lookout dev` (the embedded API server, state under
# .state/, every CRD and controller). Extra arguments go to the manager (Flux-style flags,
# e.g. --log-level=debug).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.lookout-run-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "hack/run.sh: installing Lookout into .venv"
  quiet() { "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; }
  quiet .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  quiet .venv/bin/python -m pip install -q -e .
  echo "$want" > "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
export RUNTIME_NAMESPACE=${RUNTIME_NAMESPACE:-flux-system}

if command -v kubectl >/dev/null && kubectl version --request-timeout=5s >/dev/null 2>&1; then
  echo "hack/run.sh: using the cluster of the current kubeconfig ($(kubectl config current-context))"
  kubectl apply -k config/crd
  mkdir -p .state/data
  # Your own kubeconfig, used as kubectl uses it: its exec plugin (EKS, GKE, ...) may run.
  exec lookout manager --storage-path="$root/.state/data" --metrics-addr=127.0.0.1:8080 \
    --health-addr=127.0.0.1:9440 --insecure-kubeconfig-exec "$@"
fi
# No cluster: `lookout dev` runs the embedded API server (objects under .state/), every CRD
# and every controller, and prints the KUBECONFIG to export.
exec lookout dev --state-dir .state -- "$@"
