"""``kubectl describe`` for PodDisruptionBudget, ServiceAccount, PriorityClass and (Cluster)RoleBinding.

Layouts of kubectl's ``describePodDisruptionBudgetV1`` (``Min available`` or ``Max unavailable``,
then a ``Status:`` block indented two levels), ``describeServiceAccount`` (the three secret
headers in sorted order — ``Image pull secrets:``, ``Mountable secrets:``, ``Tokens:`` — padded
to one width, a missing secret marked `` (not found)``), ``describePriorityClass`` (annotations on
one ``k=v,…`` line) and the RoleBinding describers (no events).
"""

from __future__ import annotations

from ...apiserver.tables.cells import format_label_selector, format_labels
from .common import int_or_string, list_items
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels

_SA_NAME = "kubernetes.io/service-account.name"
_SA_UID = "kubernetes.io/service-account.uid"


def describe_pdb(server, pdb: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = pdb.get("metadata") or {}, pdb.get("spec") or {}, pdb.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    if spec.get("minAvailable") is not None:
        w.write(0, "Min available:\t%s\n", int_or_string(spec["minAvailable"]))
    elif spec.get("maxUnavailable") is not None:
        w.write(0, "Max unavailable:\t%s\n", int_or_string(spec["maxUnavailable"]))
    if spec.get("selector") is not None:
        w.write(0, "Selector:\t%s\n", format_label_selector(spec["selector"]))
    else:
        w.write(0, "Selector:\t<unset>\n")
    w.write(0, "Status:\n")
    w.write(2, "Allowed disruptions:\t%d\n", int(st.get("disruptionsAllowed") or 0))
    w.write(2, "Current:\t%d\n", int(st.get("currentHealthy") or 0))
    w.write(2, "Desired:\t%d\n", int(st.get("desiredHealthy") or 0))
    w.write(2, "Total:\t%d\n", int(st.get("expectedPods") or 0))
    if show_events:
        describe_events(w, find_events(server, pdb, "PodDisruptionBudget"), now_ms)
    return w.text()


def describe_serviceaccount(server, sa: dict, now_ms: int, show_events: bool = True) -> str:
    md = sa.get("metadata") or {}
    secrets = list_items(server, "secrets", "", md.get("namespace") or None)
    existing = {s.get("metadata", {}).get("name", "") for s in secrets}
    tokens = [s["metadata"]["name"] for s in secrets
              if s.get("type") == "kubernetes.io/service-account-token"
              and (s["metadata"].get("annotations") or {}).get(_SA_NAME) == md.get("name")
              and (s["metadata"].get("annotations") or {}).get(_SA_UID) == md.get("uid")]
    pull = [r.get("name", "") for r in sa.get("imagePullSecrets") or []]
    mount = [r.get("name", "") for r in sa.get("secrets") or []]
    missing = {n for n in pull + mount if n not in existing}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    empty = " " * 19
    for header, names in (("Image pull secrets:", pull), ("Mountable secrets: ", mount), ("Tokens:            ", tokens)):
        if not names:
            w.write(0, "%s\t<none>\n", header)
            continue
        prefix = header
        for name in names:
            w.write(0, "%s\t%s%s\n", prefix, name, " (not found)" if name in missing else "")
            prefix = empty
    if show_events:
        describe_events(w, find_events(server, sa, "ServiceAccount"), now_ms)
    return w.text()


def describe_priorityclass(server, pc: dict, now_ms: int, show_events: bool = True) -> str:
    md = pc.get("metadata") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Value:\t%s\n", int(pc.get("value") or 0))
    w.write(0, "GlobalDefault:\t%s\n", "true" if pc.get("globalDefault") else "false")
    w.write(0, "PreemptionPolicy:\t%s\n", pc.get("preemptionPolicy") or "")
    w.write(0, "Description:\t%s\n", pc.get("description") or "")
    w.write(0, "Annotations:\t%s\n", format_labels(md.get("annotations")))
    if show_events:
        describe_events(w, find_events(server, pc, "PriorityClass"), now_ms)
    return w.text()


def describe_rolebinding(server, rb: dict, now_ms: int, show_events: bool = True) -> str:
    md, ref = rb.get("metadata") or {}, rb.get("roleRef") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, "Kind:\t%s\n", ref.get("kind", ""))
    w.write(1, "Name:\t%s\n", ref.get("name", ""))
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for s in rb.get("subjects") or []:
        w.write(1, "%s\t%s\t%s\n", s.get("kind", ""), s.get("name", ""), s.get("namespace", ""))
    return w.text()
