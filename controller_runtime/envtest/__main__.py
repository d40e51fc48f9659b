"""`python -m controller_runtime.envtest serve|assets`.

`serve` runs the embedded API server as a process, for trying controllers and kubectl by
hand and for tests of "existing cluster" mode: it installs the CRDs from --crd-dir, writes
a kubeconfig, prints where it listens, and runs until SIGINT/SIGTERM, then shuts down
cleanly (exit 0).

`assets` is this project's `setup-envtest`: it builds real etcd and kube-apiserver from
their Go modules once per machine and prints the directory to export as
KUBEBUILDER_ASSETS (progress goes to stderr, so `$(...)` captures only the path).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from controller_runtime.client.client import Client
from controller_runtime.client.config import write_kubeconfig
from controller_runtime.envtest import assets as envtest_assets
from controller_runtime.envtest import crd
from controller_runtime.manager import eventloop


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m controller_runtime.envtest")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the embedded API server until interrupted")
    serve.add_argument("--crd-dir", action="append", default=[], metavar="DIR",
                       help="install the CRDs found in DIR (repeatable; files work too)")
    serve.add_argument("--kubeconfig", required=True, metavar="PATH",
                       help="write a kubeconfig for the server here")
    serve.add_argument("--port", type=int, default=0, help="port to listen on (default: a free port)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--state-dir", default=None, metavar="DIR",
                       help="persist objects in DIR across restarts")
    serve.add_argument("--insecure-http", action="store_true", help="serve plain HTTP instead of HTTPS")
    assets = sub.add_parser(
        "assets", help="build etcd and kube-apiserver (once per machine) and print their directory"
    )
    assets.add_argument("--kubernetes-version", default=None, metavar="X.Y.Z",
                        help=f"kube-apiserver release (default {envtest_assets.KUBERNETES_VERSION}, "
                             f"or ${envtest_assets.KUBERNETES_VERSION_ENV})")
    assets.add_argument("--etcd-version", default=None, metavar="X.Y.Z",
                        help=f"etcd release (default {envtest_assets.ETCD_VERSION}, "
                             f"or ${envtest_assets.ETCD_VERSION_ENV})")
    assets.add_argument("--cache-dir", default=None, metavar="DIR",
                        help=f"where builds are kept (default ${envtest_assets.CACHE_ENV}, "
                             "else ~/.cache/lookout/envtest)")
    return parser


async def serve(args: argparse.Namespace) -> int:
    from controller_runtime.envtest.apiserver import APIServer

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    server = APIServer(host=args.host, port=args.port, tls=not args.insecure_http, state_dir=args.state_dir)
    await server.start()
    try:
        config = server.admin_config()
        kubeconfig = Path(args.kubeconfig)
        await asyncio.to_thread(
            write_kubeconfig, config, kubeconfig, cluster="envtest", user="envtest", context="envtest"
        )
        crds = await asyncio.to_thread(crd.read_crds, args.crd_dir, True)
        if crds:
            async with Client(config) as client:
                await crd.install_crds(client, crds)
        print(f"envtest API server listening on {server.url}", flush=True)
        print(f"installed {len(crds)} CRD(s); kubeconfig written to {kubeconfig}", flush=True)
        print(f"export KUBECONFIG={kubeconfig}", flush=True)
        await stop.wait()
        print("shutting down", flush=True)
    finally:
        await server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        args.kubeconfig = os.path.abspath(args.kubeconfig)
        try:
            return eventloop.run(serve(args))
        except (crd.CRDError, OSError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    if args.command == "assets":
        try:
            v = envtest_assets.versions(args.kubernetes_version, args.etcd_version)
            root = Path(args.cache_dir).resolve() if args.cache_dir else envtest_assets.cache_root()
            print(envtest_assets.ensure(v, root), flush=True)
        except envtest_assets.AssetsError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        return 0
    return 2


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
