"""``kubectl describe pod`` (kubectl's ``PodDescriber``).

Sections in kubectl's order: Name, Namespace, Priority, Priority Class Name, Runtime Class Name,
Service Account, Node (``node/hostIP`` or ``<none>``), Start Time, Labels, Annotations, Status
(``Terminating (lasts <age>)`` + Termination Grace Period while deleting), Reason, Message, IP,
IPs, Controlled By, NominatedNodeName, Init Containers, Containers, Readiness Gates, Conditions,
Volumes, QoS Class, Node-Selectors, Tolerations, Topology Spread Constraints, Events.
"""

from __future__ import annotations

from ...api.objects import dig
from ...api.qos import qos_class
from ...api.ownership import controller_of
from .containers import describe_containers, describe_topology_spread, describe_volumes
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels, print_tolerations, rfc1123z, since


def describe_pod(server, pod: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = pod.get("metadata") or {}, pod.get("spec") or {}, pod.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    if spec.get("priority") is not None:
        w.write(0, "Priority:\t%d\n", int(spec["priority"]))
    if spec.get("priorityClassName"):
        w.write(0, "Priority Class Name:\t%s\n", spec["priorityClassName"])
    if spec.get("runtimeClassName"):
        w.write(0, "Runtime Class Name:\t%s\n", spec["runtimeClassName"])
    if spec.get("serviceAccountName"):
        w.write(0, "Service Account:\t%s\n", spec["serviceAccountName"])
    if spec.get("nodeName"):
        w.write(0, "Node:\t%s\n", f"{spec['nodeName']}/{st.get('hostIP', '')}")
    else:
        w.write(0, "Node:\t<none>\n")
    if st.get("startTime"):
        w.write(0, "Start Time:\t%s\n", rfc1123z(st["startTime"]))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    phase = st.get("phase", "")
    if md.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        w.write(0, "Status:\tTerminating (lasts %s)\n", since(md["deletionTimestamp"], now_ms))
        w.write(0, "Termination Grace Period:\t%ds\n", int(md.get("deletionGracePeriodSeconds") or 0))
    else:
        w.write(0, "Status:\t%s\n", phase)
    if st.get("reason"):
        w.write(0, "Reason:\t%s\n", st["reason"])
    if st.get("message"):
        w.write(0, "Message:\t%s\n", st["message"])
    seccomp = dig(spec, "securityContext", "seccompProfile")
    if isinstance(seccomp, dict):
        w.write(0, "SeccompProfile:\t%s\n", seccomp.get("type", ""))
        if seccomp.get("type") == "Localhost":
            w.write(0, "LocalhostProfile:\t%s\n", seccomp.get("localhostProfile", ""))
    w.write(0, "IP:\t%s\n", st.get("podIP", ""))
    ips = st.get("podIPs") or []
    if not ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, "IP:\t%s\n", ip.get("ip", ""))
    ref = controller_of(pod)
    if ref:
        w.write(0, "Controlled By:\t%s\n", f"{ref.get('kind', '')}/{ref.get('name', '')}")
    if st.get("nominatedNodeName"):
        w.write(0, "NominatedNodeName:\t%s\n", st["nominatedNodeName"])
    if spec.get("initContainers"):
        describe_containers(w, "Init Containers", spec["initContainers"], st.get("initContainerStatuses"), pod)
    describe_containers(w, "Containers", spec.get("containers"), st.get("containerStatuses"), pod)
    if spec.get("ephemeralContainers"):
        describe_containers(w, "Ephemeral Containers", spec["ephemeralContainers"],
                            st.get("ephemeralContainerStatuses"), pod)
    conditions = st.get("conditions") or []
    if spec.get("readinessGates"):
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in spec["readinessGates"]:
            status = next((c.get("status", "") for c in conditions
                           if c.get("type") == gate.get("conditionType")), "<none>")
            w.write(1, "%s \t%s \n", gate.get("conditionType", ""), status)
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, "%s \t%s \n", c.get("type", ""), c.get("status", ""))
    describe_volumes(w, spec.get("volumes"))
    w.write(0, "QoS Class:\t%s\n", st.get("qosClass") or qos_class(pod))
    print_labels(w, "Node-Selectors", spec.get("nodeSelector"))
    print_tolerations(w, "Tolerations", spec.get("tolerations"))
    describe_topology_spread(w, spec.get("topologySpreadConstraints"))
    if show_events:
        describe_events(w, find_events(server, pod, "Pod"), now_ms)
    return w.text()
