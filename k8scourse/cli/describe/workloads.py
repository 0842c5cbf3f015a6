"""``kubectl describe`` for ReplicaSet, ReplicationController, DaemonSet and StatefulSet.

Each counts the pods it controls by phase (``Pods Status: 3 Running / 0 Waiting / 0 Succeeded /
0 Failed``) and shows its pod template the way the deployment describer does. Layouts follow
kubectl's ``describeReplicaSet``, ``describeReplicationController``, ``describeDaemonSet`` and
``describeStatefulSet``: note the DaemonSet's node-count lines carry no tab (they sit outside the
aligned block), and the StatefulSet prints ``Partition`` only under a RollingUpdate strategy.
"""

from __future__ import annotations

from ...apiserver.tables.cells import format_label_selector, format_labels, quantity_str, selector_string
from .common import (conditions_table, controlled_by, go_list, pod_status_counts, pods_status_line)
from .containers import describe_pod_template
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels, rfc1123z


def describe_replicaset(server, rs: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = rs.get("metadata") or {}, rs.get("spec") or {}, rs.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "Selector:\t%s\n", format_label_selector(spec.get("selector")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    owner = controlled_by(rs)
    if owner:
        w.write(0, "Controlled By:\t%s\n", owner)
    w.write(0, "Replicas:\t%d current / %d desired\n", int(st.get("replicas") or 0), int(spec.get("replicas", 1)))
    pods_status_line(w, pod_status_counts(server, rs, spec.get("selector")))
    describe_pod_template(w, spec.get("template"))
    conditions_table(w, st.get("conditions"))
    if show_events:
        describe_events(w, find_events(server, rs, "ReplicaSet"), now_ms)
    return w.text()


def describe_replicationcontroller(server, rc: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = rc.get("metadata") or {}, rc.get("spec") or {}, rc.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "Selector:\t%s\n", format_labels(spec.get("selector")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Replicas:\t%d current / %d desired\n", int(st.get("replicas") or 0), int(spec.get("replicas", 1)))
    pods_status_line(w, pod_status_counts(server, rc, selector_map=spec.get("selector") or {}))
    describe_pod_template(w, spec.get("template"))
    conditions_table(w, st.get("conditions"))
    if show_events:
        describe_events(w, find_events(server, rc, "ReplicationController"), now_ms)
    return w.text()


def describe_daemonset(server, ds: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = ds.get("metadata") or {}, ds.get("spec") or {}, ds.get("status") or {}
    template = spec.get("template") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))      # kubectl's DaemonSet describer has no Namespace line
    w.write(0, "Selector:\t%s\n", selector_string(spec.get("selector")))
    w.write(0, "Node-Selector:\t%s\n", format_labels((template.get("spec") or {}).get("nodeSelector")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Desired Number of Nodes Scheduled: %d\n", int(st.get("desiredNumberScheduled") or 0))
    w.write(0, "Current Number of Nodes Scheduled: %d\n", int(st.get("currentNumberScheduled") or 0))
    w.write(0, "Number of Nodes Scheduled with Up-to-date Pods: %d\n", int(st.get("updatedNumberScheduled") or 0))
    w.write(0, "Number of Nodes Scheduled with Available Pods: %d\n", int(st.get("numberAvailable") or 0))
    w.write(0, "Number of Nodes Misscheduled: %d\n", int(st.get("numberMisscheduled") or 0))
    pods_status_line(w, pod_status_counts(server, ds, spec.get("selector")))
    describe_pod_template(w, template)
    if show_events:
        describe_events(w, find_events(server, ds, "DaemonSet"), now_ms)
    return w.text()


def _volume_claim_templates(w, templates) -> None:
    """``describeVolumeClaimTemplates``: annotations print as ``k=v`` lines, like labels."""
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for pvc in templates:
        pmd, pspec = pvc.get("metadata") or {}, pvc.get("spec") or {}
        w.write(1, "Name:\t%s\n", pmd.get("name", ""))
        w.write(1, "StorageClass:\t%s\n", pspec.get("storageClassName") or
                (pmd.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class", ""))
        print_labels(w, "Labels", pmd.get("labels"), "  ", "\t")
        print_labels(w, "Annotations", pmd.get("annotations"), "  ", "\t")
        storage = ((pspec.get("resources") or {}).get("requests") or {}).get("storage")
        w.write(1, "Capacity:\t%s\n", quantity_str(storage) if storage is not None else "<default>")
        w.write(1, "Access Modes:\t%s\n", go_list(pspec.get("accessModes")))


def describe_statefulset(server, sts: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = sts.get("metadata") or {}, sts.get("spec") or {}, sts.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "CreationTimestamp:\t%s\n", rfc1123z(md.get("creationTimestamp")))
    w.write(0, "Selector:\t%s\n", selector_string(spec.get("selector")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Replicas:\t%d desired | %d total\n", int(spec.get("replicas", 1)), int(st.get("replicas") or 0))
    strategy = spec.get("updateStrategy") or {}
    w.write(0, "Update Strategy:\t%s\n", strategy.get("type", ""))
    ru = strategy.get("rollingUpdate")
    if isinstance(ru, dict) and ru.get("partition") is not None:
        w.write(1, "Partition:\t%d\n", int(ru["partition"]))
        if ru.get("maxUnavailable") is not None:
            w.write(1, "MaxUnavailable:\t%s\n", ru["maxUnavailable"])
    pods_status_line(w, pod_status_counts(server, sts, spec.get("selector")))
    describe_pod_template(w, spec.get("template"))
    _volume_claim_templates(w, spec.get("volumeClaimTemplates"))
    if show_events:
        describe_events(w, find_events(server, sts, "StatefulSet"), now_ms)
    return w.text()
