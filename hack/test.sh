#!/usr/bin/env bash
# The test command: installs what the tests need (apt and pip; idempotent, quick when
# already installed), then runs ruff, mypy and the whole pytest suite.
# Extra arguments go to pytest, e.g. `hack/test.sh tests/conformance -k watch`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

apt_packages=(git openssh-server openssh-client docker-registry apache2-utils skopeo ca-certificates)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "hack/test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The registry and sshd packages start system services; the tests run their own.
  $sudo_cmd service docker-registry stop >/dev/null 2>&1 || true
fi
command -v kubectl >/dev/null || { echo "hack/test.sh: kubectl is required on PATH" >&2; exit 1; }

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.lookout-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "hack/test.sh: installing Python dependencies"
  # Some machines' pip configuration names local indexes that may not exist; its warnings
  # about them are noise, real errors still fail the install.
  quiet() { "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; }
  quiet .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  quiet .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want" > "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"

# Real etcd and kube-apiserver, built from their Go modules once per machine (minutes, the
# first time) and found again in milliseconds: the conformance suite and the tests under
# tests/kubeapiserver run against them.
[ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
# go keeps its module and build caches under HOME; a bare CI environment may not set it.
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
echo "== envtest assets (etcd, kube-apiserver)"
LOOKOUT_KUBE_ASSETS=$(python -m controller_runtime.envtest assets)
export LOOKOUT_KUBE_ASSETS
echo "$LOOKOUT_KUBE_ASSETS"

echo "== ruff"; ruff check .
echo "== mypy"; mypy
echo "== pytest"
exec pytest "$@"
