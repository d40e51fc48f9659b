"""Benchmark: how fast the ImageUpdateAutomation controller turns a policy change into a pushed
commit on a 5,000-file repository, how long a reconcile that changes nothing takes, and how much
memory the controller needs; next to a shell script doing the same update.

    python hack/bench/automation.py [--runs 5] [--files 5000] [--marked 200] [--policies 10]
                                    [--workdir DIR] [--check]

The parent process runs Lookout's embedded API server (CRDs installed) and the smart-HTTP Git
server (`git http-backend`, basic auth); the controller runs in a subprocess (the manager with
only `imageupdateautomation`, Flux's default flags), so its peak RSS is its own. The repository
holds Deployments, Services, ConfigMaps, Kustomizations and HelmReleases in nested directories;
`--marked` of them carry `# {"$imagepolicy": "bench:app-N"}` markers (image or `:tag`) spread
over `--policies` ImagePolicies.

Measured:
  (a) policy change -> push: from the ImagePolicy `status.latestRef` patch to the new commit on
      the remote branch (the bare repository's ref, polled every 5 ms), median over `--runs`
      changes, each to another policy;
  (b) unchanged reconcile: from a `reconcile.fluxcd.io/requestedAt` annotation to
      `status.lastHandledReconcileAt` (the API object polled every 5 ms), median over `--runs`;
  (c) the controller process's peak RSS.
The peer is a script doing the same update: `git clone --depth 1`, `sed -i` of the marked lines,
`git commit -a`, `git push` (to its own copy of the repository), median over `--runs`.
Targets: (a) < 3 s, (b) < 0.2 s, (c) < 150 MiB; `--check` exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NAMESPACE = "bench"
USER, PASSWORD = "flux", "bench-password"
IUA = ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation")
IP = ("image.toolkit.fluxcd.io/v1", "ImagePolicy")
GR = ("source.toolkit.fluxcd.io/v1", "GitRepository")
IMAGE = "registry.example.com/team/app-{n}"
INITIAL_TAG = "1.0.0"
PUSH_TARGET_S = 3.0
UNCHANGED_TARGET_S = 0.2
RSS_TARGET_MIB = 150.0
POLL_S = 0.005

# ------------------------------------------------------------------------------ the repository

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels:
    app.kubernetes.io/name: {name}
    app.kubernetes.io/part-of: {team}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
    spec:
      containers:
      - name: {name}
        image: {image}
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: LOG_LEVEL
          value: info
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            memory: 256Mi
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {ns}
spec:
  selector:
    app.kubernetes.io/name: {name}
  ports:
  - name: http
    port: 80
    targetPort: http
"""
CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
  namespace: {ns}
data:
  settings.yaml: |
    feature_flags:
      new_checkout: {flag}
    upstream: http://{name}.{ns}.svc.cluster.local
"""
KUSTOMIZATION = """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: {ns}
resources:
{resources}
commonLabels:
  team: {team}
"""
HELMRELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: {name}
  namespace: {ns}
spec:
  interval: 10m
  chart:
    spec:
      chart: {name}
      sourceRef:
        kind: HelmRepository
        name: charts
  values:
    image:
      repository: {repository}
      tag: {tag}
    replicaCount: {replicas}
"""


def marker(policy: str, field: str = "") -> str:
    return f'# {{"$imagepolicy": "{NAMESPACE}:{policy}{":" + field if field else ""}"}}'


def generate_files(count: int, marked: int, policies: int, seed: int = 7) -> dict[str, bytes]:
    """`count` YAML files under clusters/<env>/<team>/<app>/, `marked` of them with markers
    (three in four in Deployments setting the image, one in four in HelmReleases setting the tag)."""
    rng = random.Random(seed)
    envs, teams = ("dev", "staging", "prod", "edge"), [f"team-{t:02d}" for t in range(25)]
    apps: list[tuple[str, dict[str, Any]]] = []
    total, i = 0, 0
    while total < count:
        env, team = envs[i % len(envs)], teams[(i // len(envs)) % len(teams)]
        app = f"svc-{i:04d}"
        fields = {"name": app, "ns": team, "team": team, "replicas": rng.randrange(1, 6),
                  "flag": str(rng.random() < 0.5).lower()}
        apps.append((f"clusters/{env}/{team}/{app}", fields))
        total += 5
        i += 1
    by_image = rng.sample(range(len(apps)), marked - marked // 4)
    by_tag = rng.sample(range(len(apps)), marked // 4)
    policy_of: dict[tuple[str, int], int] = {}
    for j, a in enumerate(by_image):
        policy_of["deployment", a] = j % policies
    for j, a in enumerate(by_tag):
        policy_of["helmrelease", a] = (j + len(by_image)) % policies
    files: dict[str, bytes] = {}
    for a, (base, fields) in enumerate(apps):
        kinds = ["deployment", "service", "configmap", "helmrelease", "kustomization"]
        kinds = kinds[: min(5, count - len(files))]
        if not kinds:
            break
        p = policy_of.get(("deployment", a))
        image = f"registry.example.com/other/{fields['name']}:2.{rng.randrange(9)}.0"
        if p is not None:
            image = f"{IMAGE.format(n=p)}:{INITIAL_TAG} {marker(f'app-{p}')}"
        p = policy_of.get(("helmrelease", a))
        repository, tag = f"registry.example.com/charts/{fields['name']}", f"3.{rng.randrange(9)}.1"
        if p is not None:
            repository, tag = IMAGE.format(n=p), f"{INITIAL_TAG} {marker(f'app-{p}', 'tag')}"
        texts = {
            "deployment": DEPLOYMENT.format(image=image, **fields),
            "service": SERVICE.format(**fields),
            "configmap": CONFIGMAP.format(**fields),
            "helmrelease": HELMRELEASE.format(repository=repository, tag=tag, **fields),
        }
        listed = [k for k in kinds if k != "kustomization"]
        texts["kustomization"] = KUSTOMIZATION.format(
            ns=fields["ns"], team=fields["team"], resources="\n".join(f"- {k}.yaml" for k in listed))
        for kind in kinds:
            files[f"{base}/{kind}.yaml"] = texts[kind].encode()
    return files


def count_markers(files: dict[str, bytes]) -> int:
    return sum(1 for data in files.values() if b'"$imagepolicy"' in data)


# ------------------------------------------------------------------------------ the controller


async def controller_child(kubeconfig: str, storage: str) -> None:
    """The manager with the automation controller only, until stdin closes; then its peak RSS."""
    from controller_runtime.client.config import load_config
    from tests.support.manager import run_manager

    class _Env:
        config = load_config(kubeconfig)

    loop = asyncio.get_running_loop()
    closed = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(), closed.set)
    async with run_manager(_Env(), ["imageupdateautomation"], namespace=NAMESPACE, storage_path=storage):
        print("ready", flush=True)
        await closed.wait()
    loop.remove_reader(sys.stdin.fileno())
    print(json.dumps({"peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


# ------------------------------------------------------------------------------ the driver


def remote_head(bare: Path, branch: str = "main") -> str:
    """The branch's commit as the remote has it (loose ref, else packed-refs)."""
    ref = bare / "refs" / "heads" / branch
    try:
        return ref.read_text().strip()
    except FileNotFoundError:
        for line in (bare / "packed-refs").read_text().splitlines():
            if line.endswith(f" refs/heads/{branch}"):
                return line.split()[0]
    return ""


async def poll(check: Any, within: float, what: str) -> Any:
    deadline = time.perf_counter() + within
    while True:
        value = await check()
        if value:
            return value
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out after {within:.0f}s waiting for {what}")
        await asyncio.sleep(POLL_S)


def peer_update(url: str, policy: str, old: str, new: str, scratch: Path) -> float:
    """The update as a script would do it: shallow clone, sed the marked lines, commit, push."""
    script = r"""set -euo pipefail
git clone --quiet --depth 1 --branch main "$URL" "$DIR"
cd "$DIR"
grep -rlF --include='*.yaml' "\"$MARKER\"}" . \
  | xargs -r sed -i -E "/\"$MARKER(:tag)?\"\}/ s/(:| )$OLD /\1$NEW /"
git -c user.name=script -c user.email=script@example.com commit --quiet -a -m "update $MARKER to $NEW"
git push --quiet origin main
"""
    directory = scratch / f"peer-{time.monotonic_ns()}"
    env = {**os.environ, "URL": url, "DIR": str(directory), "MARKER": f"{NAMESPACE}:{policy}",
           "OLD": old.replace(".", r"\."), "NEW": new, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}
    started = time.perf_counter()
    subprocess.run(["bash", "-c", script], env=env, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(directory)
    return elapsed


def prepare(workdir: Path, args: argparse.Namespace, init_bare_repo: Any) -> None:
    """A fresh workdir with the remote (`app.git`, Lookout's) and the script's copy (`peer.git`)."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    (workdir / "peer").mkdir()
    files = generate_files(args.files, args.marked, args.policies)
    markers = count_markers(files)
    print(f"repository: {len(files)} files, {markers} with markers over {args.policies} policies", flush=True)
    init_bare_repo(workdir / "remote" / "app.git", files)
    shutil.copytree(workdir / "remote" / "app.git", workdir / "remote" / "peer.git")


async def main(args: argparse.Namespace) -> int:
    from controller_runtime.client import Client
    from controller_runtime.envtest import Environment
    from tests.support.gitserver import GitHTTPServer, git, init_bare_repo
    from tests.support.kube_assets import CRD_DIRS

    workdir = Path(args.workdir)
    await asyncio.to_thread(prepare, workdir, args, init_bare_repo)
    bare = workdir / "remote" / "app.git"
    tags = {f"app-{p}": INITIAL_TAG for p in range(args.policies)}
    peer_tags = dict(tags)

    async with (
        Environment(crd_paths=[str(d) for d in CRD_DIRS if d.is_dir()]) as env,
        GitHTTPServer(root=workdir / "remote", username=USER, password=PASSWORD) as server,
        Client(env.config) as client,
    ):
        await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
        await client.create({
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "git-creds", "namespace": NAMESPACE},
            "stringData": {"username": USER, "password": PASSWORD},
        })
        await client.create({
            "apiVersion": GR[0], "kind": GR[1], "metadata": {"name": "repo", "namespace": NAMESPACE},
            "spec": {"url": server.url("app.git"), "interval": "1h", "secretRef": {"name": "git-creds"}},
        })
        for policy, tag in tags.items():
            await client.create({
                "apiVersion": IP[0], "kind": IP[1], "metadata": {"name": policy, "namespace": NAMESPACE},
                "spec": {"imageRepositoryRef": {"name": policy}, "policy": {"semver": {"range": ">=0"}}},
            })
            n = policy.partition("-")[2]
            latest = {"name": IMAGE.format(n=n), "tag": tag}
            await client.patch(*IP, policy, {"status": {"latestRef": latest}},
                               namespace=NAMESPACE, subresource="status")

        log = await asyncio.to_thread(open, workdir / "controller.log", "wb")
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--controller-child", env.kubeconfig_path,
            "--storage", str(workdir / "data"),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=log,
        )
        log.close()  # the child has its own descriptor
        assert child.stdin is not None and child.stdout is not None
        try:
            line = await asyncio.wait_for(child.stdout.readline(), 120)
            if line.strip() != b"ready":
                raise RuntimeError(f"controller did not start; see {workdir / 'controller.log'}")
            await client.create({
                "apiVersion": IUA[0], "kind": IUA[1], "metadata": {"name": "auto", "namespace": NAMESPACE},
                "spec": {
                    "sourceRef": {"kind": "GitRepository", "name": "repo"},
                    "interval": "1h",
                    "git": {
                        "checkout": {"ref": {"branch": "main"}},
                        "commit": {"author": {"name": "fluxbot", "email": "fluxbot@example.com"}},
                        "push": {"branch": "main"},
                    },
                    "update": {"strategy": "Setters", "path": "./"},
                },
            })

            async def settled(expect: str) -> dict[str, Any] | None:
                obj = dict(await client.get(*IUA, "auto", namespace=NAMESPACE))
                status = obj.get("status") or {}
                ready = [c for c in status.get("conditions") or [] if c.get("type") == "Ready"]
                if (
                    ready and ready[0].get("status") == "True"
                    and status.get("observedGeneration") == obj["metadata"]["generation"]
                    and status.get("observedSourceRevision") == f"main@sha1:{expect}"
                ):
                    return obj
                return None

            first_started = time.perf_counter()
            await poll(lambda: settled(remote_head(bare)), 120, "the first reconcile (clone)")
            first_s = time.perf_counter() - first_started

            pushes: list[float] = []
            for i in range(args.runs):
                policy = f"app-{i % args.policies}"
                new = f"1.{i + 1}.0"
                before = remote_head(bare)
                started = time.perf_counter()
                await client.patch(
                    *IP, policy,
                    {"status": {"latestRef": {"name": IMAGE.format(n=i % args.policies), "tag": new}}},
                    namespace=NAMESPACE, subresource="status",
                )

                async def moved(before: str = before) -> str:
                    head = remote_head(bare)
                    return head if head != before else ""

                head = await poll(moved, 60, f"the push for {policy}")
                pushes.append(time.perf_counter() - started)
                tags[policy] = new
                await poll(lambda head=head: settled(head), 60, "the automation to settle")

            unchanged: list[float] = []
            for i in range(args.runs):
                token = f"bench-{i}-{time.time_ns()}"
                started = time.perf_counter()
                await client.patch(*IUA, "auto", {"metadata": {"annotations": {
                    "reconcile.fluxcd.io/requestedAt": token}}}, namespace=NAMESPACE)

                async def handled(token: str = token) -> bool:
                    obj = await client.get(*IUA, "auto", namespace=NAMESPACE)
                    return bool((obj.get("status") or {}).get("lastHandledReconcileAt") == token)

                await poll(handled, 30, "the unchanged reconcile")
                unchanged.append(time.perf_counter() - started)
        finally:
            child.stdin.close()
            try:
                out = await asyncio.wait_for(child.stdout.read(), 60)
            except TimeoutError:
                child.send_signal(signal.SIGTERM)
                out = await child.stdout.read()
            await child.wait()
        rss = float(json.loads(out.decode().strip().splitlines()[-1])["peak_rss_mib"])

        # What was pushed is what the policies say: every marker of the last changed policy.
        last = f"app-{(args.runs - 1) % args.policies}"
        hits = git("--git-dir", str(bare), "grep", "-c", "-F", f'"{NAMESPACE}:{last}', "main", "--", ".")
        updated = git("--git-dir", str(bare), "grep", "-c", "-E", f"{tags[last]} .*\"{NAMESPACE}:{last}[\":]",
                      "main", "--", ".")
        expected = sum(int(x.rsplit(":", 1)[1]) for x in hits.splitlines())
        got = sum(int(x.rsplit(":", 1)[1]) for x in updated.splitlines())
        if got != expected:
            raise RuntimeError(f"{got} of {expected} markers of {last} carry {tags[last]}")

        peer: list[float] = []
        scratch = workdir / "peer"
        peer_url = server.url("peer.git").replace("http://", f"http://{USER}:{PASSWORD}@")
        for i in range(args.runs):
            policy = f"app-{i % args.policies}"
            new = f"1.{i + 1}.0"
            old = peer_tags[policy]
            peer.append(await asyncio.to_thread(peer_update, peer_url, policy, old, new, scratch))
            peer_tags[policy] = new

    push_s, peer_s = statistics.median(pushes), statistics.median(peer)
    unchanged_s = statistics.median(unchanged)
    print(f"first reconcile (clone, no change):  {first_s * 1000:8.0f} ms")
    print(f"lookout policy change -> push:       {push_s * 1000:8.0f} ms  median of {args.runs} "
          f"(min {min(pushes) * 1000:.0f}, max {max(pushes) * 1000:.0f}; target < {PUSH_TARGET_S:.0f} s)")
    print(f"script clone+sed+commit+push:        {peer_s * 1000:8.0f} ms  median of {args.runs}")
    print(f"ratio lookout/script:                {push_s / peer_s:8.2f}")
    print(f"lookout unchanged reconcile:         {unchanged_s * 1000:8.0f} ms  median of {args.runs} "
          f"(max {max(unchanged) * 1000:.0f}; target < {UNCHANGED_TARGET_S * 1000:.0f} ms)")
    print(f"controller peak RSS:                 {rss:8.1f} MiB (target < {RSS_TARGET_MIB:.0f} MiB)")
    ok = push_s < PUSH_TARGET_S and unchanged_s < UNCHANGED_TARGET_S and rss < RSS_TARGET_MIB
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok or not args.check else 1


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--files", type=int, default=5000)
    p.add_argument("--marked", type=int, default=200)
    p.add_argument("--policies", type=int, default=10)
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "lookout-bench-automation"))
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--controller-child", metavar="KUBECONFIG", help=argparse.SUPPRESS)
    p.add_argument("--storage", help=argparse.SUPPRESS)
    return p.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.controller_child:
        asyncio.run(controller_child(arguments.controller_child, arguments.storage))
        sys.exit(0)
    sys.exit(asyncio.run(main(arguments)))
