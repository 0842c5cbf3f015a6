"""Commands typed on a node (as after ``kubectl debug node/…`` or ``ssh``), and the lecture's Docker host.

``node_command(cluster, node, "ip addr")`` answers, from the node's current state:

* ``ip addr`` / ``ip a`` / ``ip address show``, ``ip link``, ``ip route`` / ``ip r`` — iproute2;
* ``crictl ps``, ``crictl pods`` — containerd's CLI, what an AKS node really has (AKS nodes run
  containerd since Kubernetes 1.19; there is no Docker daemon on them);
* ``docker ps`` — the listing the lecture shows, from the era of dockershim (one ``k8s_POD_…``
  pause container per pod next to the app containers). Offered for the lecture's picture; on a
  containerd node the real answer would be ``docker: command not found``;
* ``iptables-save`` (``-t nat``/``-t filter``) — kube-proxy's rules (:mod:`k8scourse.proxy`);
* ``hostname``; anything else: ``bash: X: command not found`` (exit 127).

:func:`docker_host` is the single-machine picture of the lecture: a plain Docker host (``eth0``
10.0.1.4/24, the ``docker0`` bridge 172.17.0.1/16, one ``vethXXXXXXX@ifN`` per container, the
containers at 172.17.0.2, .3, …).

>>> h = docker_host(["web"])
>>> print(h("ip addr").splitlines()[12])
3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default
"""

from __future__ import annotations

import shlex

from ..api.objects import dig
from ..result import CommandResult
from .render import crictl_pods, crictl_ps, docker_ps, ip_addr, ip_link, ip_route
from .topology import Interface, _digest, _loopback, ip_in, mac, node_net, pod_net, sandboxes

PAUSE_IMAGE = "registry.k8s.io/pause:3.10"


def _entries(cluster, node: str) -> list[dict]:
    kubelet = cluster.kubelets.get(node)
    out = []
    for worker, sandbox in sandboxes(cluster, node):
        ns, pod, uid = worker.namespace, worker.name, worker.uid
        out.append({"id": sandbox.id, "image": PAUSE_IMAGE, "command": ["/pause"], "created_ms": sandbox.created_ms,
                    "started_ms": sandbox.created_ms, "name": f"k8s_POD_{pod}_{ns}_{uid}_0", "pause": True,
                    "pod": pod, "namespace": ns})
        for spec in dig(worker.pod, "spec", "containers", default=[]):
            rec = kubelet.runtime.current(uid, spec["name"]) if kubelet else None
            if rec is None or not rec.running:
                continue
            argv = list(spec.get("command") or rec.image.entrypoint) + list(spec.get("args") or (
                () if spec.get("command") else rec.image.cmd))
            out.append({"id": rec.container_id.split("://")[-1], "image": spec.get("image", rec.image.reference),
                        "command": argv or ["/bin/sh"], "created_ms": rec.created_ms,
                        "started_ms": rec.started_ms or rec.created_ms, "container": spec["name"],
                        "name": f"k8s_{spec['name']}_{pod}_{ns}_{uid}_{rec.restart_count}",
                        "attempt": rec.restart_count, "sandbox": sandbox.id, "pod": pod, "namespace": ns})
    return out


def _ip(words: list[str], interfaces, routes) -> tuple[str, str, int]:
    obj = words[1] if len(words) > 1 else ""
    if obj in ("a", "addr", "address"):
        return ip_addr(interfaces), "", 0
    if obj in ("l", "link"):
        return ip_link(interfaces), "", 0
    if obj in ("r", "route", "ro"):
        return ip_route(routes), "", 0
    return "", f'Object "{obj}" is unknown, try "ip help".\n', 255


def node_command(cluster, node: str, command: str, echo: bool = False) -> CommandResult:
    """Run ``command`` on node ``node``; returns (and with ``echo`` prints) what it prints."""
    words = shlex.split(command)
    if words[:1] == ["sudo"]:
        words = words[1:]
    out, err, code = "", "", 0
    now = cluster.sim.now_ms
    down = not cluster.node_powered(node)
    if down:
        out, err, code = "", f"ssh: connect to host {node} port 22: Connection timed out\n", 255
    elif not words:
        pass
    elif words[0] == "ip":
        net = node_net(cluster, node)
        out, err, code = _ip(words, net.interfaces, net.routes)
    elif words[:2] == ["docker", "ps"]:
        out = docker_ps(_entries(cluster, node), now)
    elif words[:2] == ["crictl", "ps"]:
        out = crictl_ps(_entries(cluster, node), now)
    elif words[:2] == ["crictl", "pods"]:
        out = crictl_pods(_entries(cluster, node), now)
    elif words[0] == "iptables-save":
        from ..proxy import iptables_save
        table = words[words.index("-t") + 1] if "-t" in words[:-1] else "nat"
        out = iptables_save(cluster, node, table)
    elif words[0] == "hostname":
        out = node + "\n"
    else:
        err, code = f"bash: {words[0]}: command not found\n", 127
    result = CommandResult(out + err, out, err, code)
    if echo:
        print(str(result), end="")
    return result


def pod_command(cluster, pod: str, command: str, namespace: str = "default") -> CommandResult:
    """``ip addr``/``ip link``/``ip route`` inside pod ``pod``'s network namespace (any of its containers)."""
    net = pod_net(cluster, namespace, pod.split("/")[-1])
    if net is None or net.host_network:
        target = node_net(cluster, dig(cluster.api.peek("pods", pod.split("/")[-1], namespace), "spec", "nodeName"))
        interfaces, routes = target.interfaces, target.routes
    else:
        cidr = dig(cluster.api.peek("nodes", net.node), "spec", "podCIDR") or ""
        interfaces = [_loopback(), net.eth0]
        routes = [f"default via {ip_in(cidr, 1)} dev eth0", f"{cidr} dev eth0 proto kernel scope link src {net.ip}"] \
            if net.host_veth.master else ["default via 169.254.1.1 dev eth0", "169.254.1.1 dev eth0 scope link"]
    out, err, code = _ip(shlex.split(command), interfaces, routes)
    return CommandResult(out + err, out, err, code)


class DockerHost:
    """One Linux machine running Docker (the lecture's ``ip addr`` on ``user24linux``)."""

    def __init__(self, containers=("web",), ip: str = "10.0.1.4/24"):
        self.containers = list(containers)
        addr, prefix = ip.split("/")
        base = addr.rsplit(".", 1)[0]
        self.interfaces = [
            _loopback(),
            Interface(2, "eth0", qdisc="mq", mac=mac("dockerhost/eth0", "00:22:48"), qlen=1000,
                      inet=[(ip, f"{base}.255", "global")]),
            Interface(3, "docker0", mac=mac("dockerhost/docker0", "02:42"),
                      inet=[("172.17.0.1/16", "172.17.255.255", "global")])]
        for n, name in enumerate(self.containers):
            index = 5 + 2 * n
            self.interfaces.append(Interface(index, f"veth{_digest(name).hex()[:7]}", mac=mac("dockerhost/" + name),
                                             peer=index - 1, master="docker0", netnsid=n))
        self.routes = [f"default via {base}.1 dev eth0 proto dhcp src {addr} metric 100",
                       f"{base}.0/{prefix} dev eth0 proto kernel scope link src {addr} metric 100",
                       "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1"]

    def address(self, container: str) -> str:
        return f"172.17.0.{2 + self.containers.index(container)}"

    def __call__(self, command: str) -> str:
        words = shlex.split(command)
        words = words[1:] if words[:1] == ["sudo"] else words
        if words[:1] == ["ip"]:
            out, err, _ = _ip(words, self.interfaces, self.routes)
            return out + err
        return f"bash: {words[0] if words else ''}: command not found\n"

    def __repr__(self) -> str:
        return f"<DockerHost docker0 172.17.0.1/16: {', '.join(f'{c}={self.address(c)}' for c in self.containers)}>"


def docker_host(containers=("web",)) -> DockerHost:
    """The lecture's single Docker host with ``containers`` on ``docker0``."""
    return DockerHost(containers)
