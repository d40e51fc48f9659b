#!/usr/bin/env bash
# Run Lookout. With a reachable cluster in the current kubeconfig: install the CRDs there and
# run the manager against it. Without one: start the embedded API server (state under
# .state/), install the CRDs and run the manager against that. Extra arguments go to
# `lookout manager` (Flux-style flags, e.g. --log-level=debug).
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
mkdir -p .state/data

server_pid=""
trusted=()
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; true; }
trap cleanup EXIT INT TERM

if command -v kubectl >/dev/null && kubectl version --request-timeout=5s >/dev/null 2>&1; then
  echo "hack/run.sh: using the cluster of the current kubeconfig ($(kubectl config current-context))"
  kubectl apply -k config/crd
  # Your own kubeconfig, used as kubectl uses it: its exec plugin (EKS, GKE, ...) may run.
  trusted=(--insecure-kubeconfig-exec)
else
  export KUBECONFIG="$root/.state/kubeconfig"
  rm -f "$KUBECONFIG"
  python -m controller_runtime.envtest serve --crd-dir config/crd/bases \
    --kubeconfig "$KUBECONFIG" --state-dir .state/apiserver &
  server_pid=$!
  for _ in $(seq 1 300); do
    [ -s "$KUBECONFIG" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "hack/run.sh: the embedded API server failed to start" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$KUBECONFIG" ] || { echo "hack/run.sh: no kubeconfig from the embedded API server" >&2; exit 1; }
  kubectl create namespace flux-system --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  cat <<MSG

Lookout runs on an embedded API server. In another terminal:
  export KUBECONFIG=$KUBECONFIG
  kubectl apply -k config/samples
  kubectl get imagerepositories,imagepolicies -A

MSG
fi

export RUNTIME_NAMESPACE=${RUNTIME_NAMESPACE:-flux-system}
lookout manager --storage-path="$root/.state/data" --metrics-addr=127.0.0.1:8080 \
  --health-addr=127.0.0.1:9440 "${trusted[@]}" "$@"
