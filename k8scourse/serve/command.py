"""``k8scourse serve``: a simulated cluster served on loopback until Ctrl-C.

    k8scourse serve [--nodes 3] [--seed 0] [--port 6443] [--http] [--kubeconfig PATH]
                    [--clock live|manual] [--speed 1] [--manifest FILE]...

It builds ``Cluster(nodes=…, seed=…)``, applies the manifests given (``kubectl apply -f``), serves it
(:func:`k8scourse.serve.serve`) with the clock ``live`` (``--speed`` times the wall clock), prints
where it listens and the ``export KUBECONFIG=…`` line for another terminal, and serves until
interrupted; then it takes its entries out of the kubeconfig again.

>>> parse(["--nodes", "2", "--http", "--port", "8001"]).nodes
2
"""

from __future__ import annotations

import argparse
import sys
import threading

from ..i18n import t


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="k8scourse serve", description=t("serve.cli.description"))
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--name", default="k8scourse")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--http", action="store_true", help=t("serve.cli.http"))
    parser.add_argument("--kubeconfig", default=None)
    parser.add_argument("--clock", choices=("live", "manual"), default="live")
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--manifest", "-f", action="append", default=[])
    return parser.parse_args(argv)


def main(argv: list[str], make_cluster, stop: threading.Event | None = None) -> int:
    """Serve until Ctrl-C (or ``stop`` is set); ``make_cluster`` is :class:`k8scourse.Cluster` (the
    handle sits above this package, so the caller passes it in)."""
    from ..errors import K8sCourseError
    args = parse(argv)
    try:
        cluster = make_cluster(nodes=args.nodes, seed=args.seed, name=args.name)
        for manifest in args.manifest:
            result = cluster.kubectl(["apply", "-f", manifest], echo=False)
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
        served = cluster.serve(clock="manual", host=args.host, port=args.port, tls=not args.http,
                               kubeconfig=args.kubeconfig)
        cluster.clock.set_mode(args.clock, speed=args.speed)
    except K8sCourseError as exc:
        print(f"k8scourse serve: {exc}", file=sys.stderr)
        return 2
    print(repr(served), flush=True)
    stop = stop or threading.Event()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        served.stop(forget=True)
        cluster.clock.close()
    return 0
