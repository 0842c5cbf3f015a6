"""``kubectl port-forward TYPE/NAME [LOCAL:]REMOTE…``: checked as kubectl checks it, not held open.

The target is a pod, or a service, deployment, replica set or stateful set (one of its pods, as
kubectl picks it); a remote port may be a number or the name of a container port (a service's
port is mapped to its target port). kubectl's errors are kept: ``TYPE/NAME and list of ports are
required for port-forward``, ``Pod 'web' does not have a named port 'http'``, ``pods "x" not
found``, and a pod that is not running (``unable to forward port because pod is not running.
Current status=Pending``). Then kubectl prints ``Forwarding from 127.0.0.1:8080 -> 80`` and keeps
the tunnel open until interrupted. The simulator binds no local port: after the same lines it ends
with an error that says so and how to reach the pod instead.

>>> from k8scourse import Cluster
>>> print(Cluster(nodes=1, seed=0).kubectl("port-forward pod/x", echo=False), end="")
error: TYPE/NAME and list of ports are required for port-forward
See 'kubectl port-forward -h' for help and examples
"""

from __future__ import annotations

from ...api.objects import dig
from ..flags import Flag
from .command import CommandError, Invocation, RawError

PORT_FORWARD_FLAGS = (
    Flag("address", "", "stringSlice", ["localhost"], "Addresses to listen on (comma separated)."),
    Flag("pod-running-timeout", "", "string", "1m0s", "The length of time to wait until at least one pod is running"),
)


def _pod_for(inv: Invocation, kind: str, name: str) -> tuple[dict, dict | None]:
    """(pod, service or None) the forward goes to."""
    if kind in ("", "pod", "pods", "po"):
        return inv.api.get("pods", name, inv.namespace), None
    info = inv.api.registry.by_name(kind)
    if info is None:
        raise RawError(f'error: the server doesn\'t have a resource type "{kind}"')
    obj = inv.api.get(info, name, inv.namespace)
    if info.kind == "Service":
        selector = dig(obj, "spec", "selector") or {}
    elif info.kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        selector = dig(obj, "spec", "selector", "matchLabels") or {}
    else:
        raise CommandError(f"cannot attach to {info.kind}: selector for {info.kind} not implemented")
    query = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    pods = inv.api.list("pods", inv.namespace, label_selector=query)["items"] if query else []
    if not pods:
        raise CommandError("timed out waiting for the condition")
    return pods[0], obj if info.kind == "Service" else None


def _container_port(pod: dict, name: str) -> int | None:
    for c in dig(pod, "spec", "containers", default=[]):
        for p in c.get("ports") or []:
            if p.get("name") == name:
                return p.get("containerPort")
    return None


def run_port_forward(inv: Invocation) -> int:
    if len(inv.args) < 2:
        raise RawError("error: TYPE/NAME and list of ports are required for port-forward\n"
                       "See 'kubectl port-forward -h' for help and examples")
    kind, _, name = inv.args[0].rpartition("/")
    pod, service = _pod_for(inv, kind, name)
    pod_name = pod["metadata"]["name"]
    pairs = []
    for spec in inv.args[1:]:
        local, colon, remote = spec.partition(":")
        if not colon:
            remote = local
        if service is not None:
            match = next((p for p in dig(service, "spec", "ports", default=[])
                          if str(p.get("port")) == remote or p.get("name") == remote), None)
            if match is None:
                raise CommandError(f"Service {service['metadata']['name']} does not have a service port {remote}")
            target = match.get("targetPort", match.get("port"))
            remote = str(target)
        if not remote.isdigit():
            port = _container_port(pod, remote)
            if port is None:
                raise CommandError(f"Pod '{pod_name}' does not have a named port '{remote}'")
            remote = str(port)
        pairs.append((local if colon and local else remote if not colon else local, remote))
    phase = dig(pod, "status", "phase", default="Pending")
    if phase != "Running":
        raise CommandError(f"unable to forward port because pod is not running. Current status={phase}")
    for local, remote in pairs:
        inv.print(f"Forwarding from 127.0.0.1:{local} -> {remote}")
        inv.print(f"Forwarding from [::1]:{local} -> {remote}")
    raise CommandError("port-forward is not held open by the simulator (no local port is bound); reach the "
                       f"pod from inside the cluster instead, e.g. kubectl exec {pod_name} -- wget -qO- "
                       f"localhost:{pairs[0][1]}, or through a Service")
