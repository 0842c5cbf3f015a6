"""``kubectl describe node`` (kubectl's ``NodeDescriber``).

Besides the node's own fields it shows what kubectl looks up: the node's Lease in
``kube-node-lease`` (HolderIdentity / AcquireTime / RenewTime, ``<unset>`` when missing), the
non-terminated pods bound to it (phase neither Succeeded nor Failed) with each pod's CPU and
memory requests and limits as a share of allocatable (``50Mi (1%)``, truncated to a whole
percent), and the ``Allocated resources`` totals (cpu, memory, ephemeral-storage, hugepages-*,
then extended resources).

>>> pct(Quantity.parse("50Mi"), Quantity.parse("4652372Ki"), milli=False)
'50Mi (1%)'
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ...api.objects import dig
from ...api.quantity import Quantity
from ...api.resources import add_into, pod_limits, pod_requests
from ...apiserver.tables.cluster import node_roles
from ...apiserver.tables.cells import quantity_str
from ...errors import APIError
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels, print_taints, rfc1123z, since

_STANDARD = {"cpu", "memory", "ephemeral-storage", "pods"}


def _q(value) -> Quantity | None:
    try:
        return Quantity.parse(str(value)) if value is not None else None
    except ValueError:
        return None


def pod_requests_and_limits(pod: dict) -> tuple[dict, dict]:
    """``PodRequestsAndLimits``: the one pod-resources rule of :mod:`k8scourse.api.resources`."""
    return pod_requests(pod), pod_limits(pod)


def pct(used: Quantity | None, allocatable: Quantity | None, milli: bool) -> str:
    """``<quantity> (<percent>%)``, the percent truncated like Go's float→int64 conversion."""
    used = used if used is not None else Quantity.parse("0")
    total = 0
    if allocatable is not None:
        total = allocatable.milli_value() if milli else allocatable.value()
    share = 0
    if total:
        share = int((used.milli_value() if milli else used.value()) / total * 100)
    return f"{used} ({share}%)"


def _non_terminated_pods(server, node_name: str) -> list[dict]:
    pods = server.list(REGISTRY.by_name("pods"), None)["items"]
    return [p for p in pods if dig(p, "spec", "nodeName") == node_name
            and dig(p, "status", "phase") not in ("Succeeded", "Failed")]


def _lease(server, node_name: str) -> dict | None:
    try:
        return server.get(REGISTRY.by_plural("leases", "coordination.k8s.io"), node_name, "kube-node-lease")
    except APIError:        # kubectl ignores a failed lease lookup
        return None


def _describe_resources(w, pods: list[dict], node: dict, now_ms: int) -> None:
    alloc = dig(node, "status", "allocatable", default={}) or dig(node, "status", "capacity", default={}) or {}
    cpu, mem = _q(alloc.get("cpu")), _q(alloc.get("memory"))
    w.write(0, "Non-terminated Pods:\t(%d in total)\n", len(pods))
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    total_reqs, total_limits = {}, {}
    for p in pods:
        reqs, limits = pod_requests_and_limits(p)
        add_into(total_reqs, reqs)
        add_into(total_limits, limits)
        w.write(1, "%s\t%s\t\t%s\t%s\t%s\t%s\t%s\n", dig(p, "metadata", "namespace", default=""),
                dig(p, "metadata", "name", default=""), pct(reqs.get("cpu"), cpu, True),
                pct(limits.get("cpu"), cpu, True), pct(reqs.get("memory"), mem, False),
                pct(limits.get("memory"), mem, False), since(dig(p, "metadata", "creationTimestamp"), now_ms))
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    for name, milli in (("cpu", True), ("memory", False), ("ephemeral-storage", False)):
        a = _q(alloc.get(name))
        w.write(1, "%s\t%s\t%s\n", name, pct(total_reqs.get(name), a, milli), pct(total_limits.get(name), a, milli))
    for name in sorted(n for n in alloc if n.startswith("hugepages-")):
        a = _q(alloc.get(name))
        w.write(1, "%s\t%s\t%s\n", name, pct(total_reqs.get(name), a, False), pct(total_limits.get(name), a, False))
    for name in sorted(n for n in alloc if n not in _STANDARD and not n.startswith("hugepages-")):
        w.write(1, "%s\t%s\t%s\n", name, str(total_reqs.get(name, Quantity.parse("0"))),
                str(total_limits.get(name, Quantity.parse("0"))))


def describe_node(server, node: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = node.get("metadata") or {}, node.get("spec") or {}, node.get("status") or {}
    name = md.get("name", "")
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", name)
    w.write(0, "Roles:\t%s\n", ",".join(node_roles(node)) or "<none>")
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "CreationTimestamp:\t%s\n", rfc1123z(md.get("creationTimestamp")))
    print_taints(w, "Taints", spec.get("taints"))
    w.write(0, "Unschedulable:\t%s\n", "true" if spec.get("unschedulable") else "false")
    lease = _lease(server, name) or {}
    lspec = lease.get("spec") or {}
    w.write(0, "Lease:\n")
    w.write(1, "HolderIdentity:\t%s\n", lspec.get("holderIdentity") or "<unset>")
    w.write(1, "AcquireTime:\t%s\n", rfc1123z(lspec["acquireTime"]) if lspec.get("acquireTime") else "<unset>")
    w.write(1, "RenewTime:\t%s\n", rfc1123z(lspec["renewTime"]) if lspec.get("renewTime") else "<unset>")
    if st.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in st["conditions"]:
            w.write(1, "%s \t%s \t%s \t%s \t%s \t%s\n", c.get("type", ""), c.get("status", ""),
                    rfc1123z(c.get("lastHeartbeatTime")), rfc1123z(c.get("lastTransitionTime")),
                    c.get("reason", ""), c.get("message", ""))
    w.write(0, "Addresses:\n")
    for a in st.get("addresses") or []:
        w.write(1, "%s:\t%s\n", a.get("type", ""), a.get("address", ""))
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        if st.get(key):
            w.write(0, "%s:\n", title)
            for res in sorted(st[key]):
                w.write(0, "  %s:\t%s\n", res, quantity_str(st[key][res]))
    info = st.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.write(0, "  %s:\t%s\n", title, info.get(key, ""))
    if spec.get("podCIDR"):
        w.write(0, "PodCIDR:\t%s\n", spec["podCIDR"])
    if spec.get("podCIDRs"):
        w.write(0, "PodCIDRs:\t%s\n", ",".join(spec["podCIDRs"]))
    if spec.get("providerID"):
        w.write(0, "ProviderID:\t%s\n", spec["providerID"])
    _describe_resources(w, _non_terminated_pods(server, name), node, now_ms)
    if show_events:
        describe_events(w, find_events(server, node, "Node"), now_ms)
    return w.text()
