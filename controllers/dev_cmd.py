"""`lookout dev`: the whole of Lookout on a laptop, with no cluster.

It starts the embedded API server (its objects kept in `--state-dir`, so a restart finds
them), installs every CRD Lookout knows (Flux's GitRepository included, as the optional
component does on a cluster), writes a kubeconfig, and runs every controller this build has,
with their storage, on localhost. It prints the kubeconfig and what to try next. Flags after
`--` go to the manager, as `lookout manager` takes them.

`--demo` also starts a local registry and Git server and a demo pipeline
(controllers/demo.py): a new image tag ends as a commit, and an OCI artifact is served.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from api.crd import build_crds
from controller_runtime.client import Client, errors
from controller_runtime.client.config import write_kubeconfig
from controller_runtime.envtest import crd
from controller_runtime.manager import eventloop
from controller_runtime.manager.flags import FlagError
from controllers import demo, manager_cmd

NAMESPACE = "flux-system"
DEMO_NEEDS = ("imageupdateautomation", "ocirepository")


def add_subcommand(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dev", help="run everything on localhost: an embedded API server and every controller",
        description=__doc__.split("\n\n")[1].replace("\n", " ") if __doc__ else None,
    )
    parser.add_argument("--state-dir", default=".lookout-dev", metavar="DIR",
                        help="where the API server's objects, the kubeconfig and the tags are kept")
    parser.add_argument("--port", type=int, default=0, help="API server port (default: a free one)")
    parser.add_argument("--demo", action="store_true",
                        help="also run a local registry and Git server with a demo pipeline")
    parser.add_argument("manager_flags", nargs=argparse.REMAINDER,
                        help="after --: flags for the manager (lookout manager --help)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    if args.demo:
        missing = [c for c in DEMO_NEEDS if c not in manager_cmd.available_controllers()]
        if missing:
            sys.stderr.write(f"error: --demo needs the {' and '.join(missing)} controller(s)\n")
            return 2
    flags = [f for f in args.manager_flags if f != "--"]
    state = Path(args.state_dir).resolve()
    kubeconfig = state / "kubeconfig"
    defaults = [f"--kubeconfig={kubeconfig}", f"--storage-path={state / 'data'}",
                "--metrics-addr=127.0.0.1:8080", "--health-addr=127.0.0.1:9440"]
    if not any(f.lstrip("-").startswith("storage-addr") for f in flags):
        # The artifact server on a free local port, advertised as such: artifact URLs work here.
        port = demo.free_port()
        defaults += [f"--storage-addr=127.0.0.1:{port}", f"--storage-adv-addr=127.0.0.1:{port}"]
    try:
        opts = manager_cmd.parse_options(
            [*defaults, *flags],
            {"RUNTIME_NAMESPACE": NAMESPACE},
        )
    except (FlagError, manager_cmd.OptionsError) as e:
        sys.stderr.write(f"error: {e}\n")
        return 2
    from controller_runtime.log import setup_logging

    setup_logging(opts.log_encoding, opts.log_level)
    return eventloop.run(dev(state, kubeconfig, args.port, opts, demo=args.demo))


async def dev(
    state: Path, kubeconfig: Path, port: int, opts: manager_cmd.ControllerOptions, *, demo: bool = False
) -> int:
    """Serve the API, install the CRDs, then run the manager until it is stopped."""
    from controller_runtime.envtest.apiserver import APIServer

    server = APIServer(host="127.0.0.1", port=port, tls=True, state_dir=state / "apiserver")
    await server.start()
    try:
        config = server.admin_config()
        await asyncio.to_thread(write_kubeconfig, config, kubeconfig, cluster="lookout-dev",
                                user="lookout-dev", context="lookout-dev")
        async with Client(config) as client:
            await crd.install_crds(client, list(build_crds().values()))
            try:
                namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}
                await client.create(namespace)
            except errors.AlreadyExistsError:
                pass
        print(f"""Lookout runs on an embedded API server at {server.url}
(controllers: {', '.join(opts.controllers)}; objects kept in {state}).
In another terminal:
  export KUBECONFIG={kubeconfig}
  kubectl apply -k config/samples
  kubectl get imagerepositories,imagepolicies -A
  flux get image repository -A
""", flush=True)
        if not demo:
            return await manager_cmd.serve(opts)
        return await _serve_with_demo(state, config, opts)
    finally:
        await server.stop()


async def _serve_with_demo(state: Path, config: Any, opts: manager_cmd.ControllerOptions) -> int:
    """The manager, and beside it the demo's servers and pipeline; a failed demo says why on
    stderr and leaves everything running for a look."""
    def say(line: str) -> None:
        print(line, flush=True)

    async def run_demo() -> None:
        try:
            async with Client(config) as client:
                await demo.run_demo(client, registry, git, say)
        except (demo.DemoError, errors.ApiError, OSError) as e:
            sys.stderr.write(f"demo failed: {e}\n")

    try:
        servers = demo.demo_servers(state)
        registry, git = await servers.__aenter__()
    except demo.DemoError as e:
        sys.stderr.write(f"error: {e}\n")
        return 2
    task = asyncio.create_task(run_demo(), name="demo")
    try:
        return await manager_cmd.serve(opts)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await servers.__aexit__(None, None, None)
