"""``kubectl describe deployment`` (kubectl's ``DeploymentDescriber``).

The ReplicaSets shown are those controlled by the deployment (owner reference with its uid):
NewReplicaSet is the oldest one whose pod template equals the deployment's (ignoring the
``pod-template-hash`` label); OldReplicaSets are all the others, zero-sized ones included, oldest
first, as ``name (<status.replicas>/<spec.replicas> replicas created)``.
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ...api.objects import copy_json, dig
from ...api.ownership import controller_of
from ...apiserver.tables.cells import selector_string
from .common import conditions_table
from .containers import describe_pod_template
from .events import describe_events, find_events
from .writer import DescribeWriter, parse_time, print_annotations, print_labels, rfc1123z

HASH_LABEL = "pod-template-hash"


def _without_hash(template: dict) -> dict:
    t = copy_json(template or {})
    labels = dig(t, "metadata", "labels")
    if isinstance(labels, dict):
        labels.pop(HASH_LABEL, None)
    return t


def owned_replicasets(server, deployment: dict) -> list[dict]:
    """ReplicaSets in the deployment's namespace whose controller is the deployment."""
    md = deployment.get("metadata") or {}
    rss = server.list(REGISTRY.by_plural("replicasets", "apps"), md.get("namespace", ""))["items"]
    owned = []
    for rs in rss:
        ref = controller_of(rs)
        if ref and ref.get("kind") == "Deployment" and (
                ref.get("uid") == md.get("uid") if md.get("uid") and ref.get("uid") else
                ref.get("name") == md.get("name")):
            owned.append(rs)
    return owned


def split_replicasets(deployment: dict, rss: list[dict]) -> tuple[list[dict], dict | None]:
    """(old ReplicaSets, new ReplicaSet or None), as ``GetAllReplicaSets`` finds them."""
    want = _without_hash(dig(deployment, "spec", "template", default={}))
    by_age = sorted(rss, key=lambda r: (parse_time(dig(r, "metadata", "creationTimestamp")) or 0,
                                        dig(r, "metadata", "name", default="")))
    new = next((r for r in by_age if _without_hash(dig(r, "spec", "template", default={})) == want), None)
    # upstream's FindNewReplicaSet sorts the list in place, so the old ones come oldest first too
    old = [r for r in by_age if new is None or r is not new]
    return old, new


def _rs_list(rss: list[dict]) -> str:
    text = ", ".join(f"{dig(r, 'metadata', 'name', default='')} ({int(dig(r, 'status', 'replicas', default=0))}/"
                     f"{int(dig(r, 'spec', 'replicas', default=0))} replicas created)" for r in rss)
    return text or "<none>"


def describe_deployment(server, d: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = d.get("metadata") or {}, d.get("spec") or {}, d.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "CreationTimestamp:\t%s\n", rfc1123z(md.get("creationTimestamp")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Selector:\t%s\n", selector_string(spec.get("selector")))
    w.write(0, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n",
            int(spec.get("replicas", 1)), int(st.get("updatedReplicas") or 0), int(st.get("replicas") or 0),
            int(st.get("availableReplicas") or 0), int(st.get("unavailableReplicas") or 0))
    strategy = spec.get("strategy") or {}
    w.write(0, "StrategyType:\t%s\n", strategy.get("type", ""))
    w.write(0, "MinReadySeconds:\t%d\n", int(spec.get("minReadySeconds") or 0))
    ru = strategy.get("rollingUpdate")
    if isinstance(ru, dict):
        w.write(0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n",
                ru.get("maxUnavailable", ""), ru.get("maxSurge", ""))
    describe_pod_template(w, spec.get("template"))
    conditions_table(w, st.get("conditions"))
    old, new = split_replicasets(d, owned_replicasets(server, d))
    if old or new is not None:
        w.write(0, "OldReplicaSets:\t%s\n", _rs_list(old))
        w.write(0, "NewReplicaSet:\t%s\n", _rs_list([new] if new is not None else []))
    if show_events:
        describe_events(w, find_events(server, d, "Deployment"), now_ms)
    return w.text()
