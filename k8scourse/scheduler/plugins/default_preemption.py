"""DefaultPreemption (PostFilter): make room for a pod by evicting lower-priority pods.

Models ``plugins/defaultpreemption`` and ``framework/preemption``:

1. Eligibility: ``preemptionPolicy: Never`` → ``not eligible due to preemptionPolicy=Never.``; a
   pod whose nominated node still has a lower-priority pod terminating waits
   (``not eligible due to a terminating pod on the nominated node.``).
2. Candidates: only nodes whose filter status was Unschedulable (UnschedulableAndUnresolvable ones
   — taints, selectors — are "not helpful"). On each, all lower-priority pods are removed; if the
   pod then passes the filters, victims are reprieved one by one, most important first (higher
   priority, then older), keeping each reprieved pod whenever the pod still fits. At most
   max(10 % of nodes, 100) candidates are collected, starting at a random offset (cluster RNG)
   when there are more potential nodes than that.
3. Choice: fewest-important victims — lowest highest victim priority, then lowest priority sum,
   then fewest victims, then scan order.
4. The victims are deleted through the API server with their own grace period, each gets a
   ``Preempted`` event (``Preempted by pod <uid> on node <node>``), and the pod is nominated to the
   node (``status.nominatedNodeName``); it is retried when the victims are gone.

If no node works: ``preemption: 0/N nodes are available: <histogram>.`` with
``No preemption victims found for incoming pod`` (no lower-priority pods on the node), the node's
filter reason after removing them all, or ``Preemption is not helpful for scheduling``.

Deliberate differences: PodDisruptionBudgets are not considered, and while checking a node
without its victims, topology-spread and inter-pod-affinity counts are not re-derived (upstream
updates them through PreFilter extensions).
"""

from __future__ import annotations

from ...errors import K8sCourseError
from ..framework import UNSCHEDULABLE, Plugin, Status, fit_error_message

NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
MIN_CANDIDATE_PERCENTAGE = 10
MIN_CANDIDATE_ABSOLUTE = 100


class DefaultPreemption(Plugin):
    name = "DefaultPreemption"

    def eligible(self, pod_info) -> str:
        spec, status = pod_info.pod.get("spec") or {}, pod_info.pod.get("status") or {}
        if spec.get("preemptionPolicy") == "Never":
            return "not eligible due to preemptionPolicy=Never."
        nominated = self.handle.cache.nodes.get(status.get("nominatedNodeName") or "")
        if nominated is not None and any(p.terminating and p.priority < pod_info.priority
                                         for p in nominated.pods.values()):
            return "not eligible due to a terminating pod on the nominated node."
        return ""

    def post_filter(self, state, pod_info, diagnosis):
        why_not = self.eligible(pod_info)
        if why_not:
            return None, Status.unschedulable("preemption: " + why_not)
        fw, cache = self.handle, self.handle.cache
        nodes = cache.node_list
        potential = [ni for ni in nodes if diagnosis.get(ni.name) is not None
                     and diagnosis[ni.name].code == UNSCHEDULABLE]
        statuses: dict[str, Status] = {}
        candidates = []
        if potential:
            wanted = min(len(potential), max(len(nodes) * MIN_CANDIDATE_PERCENTAGE // 100, MIN_CANDIDATE_ABSOLUTE))
            offset = fw.rng.randrange(len(potential)) if len(potential) > wanted else 0
            for k in range(len(potential)):
                ni = potential[(offset + k) % len(potential)]
                victims, status = self.select_victims(state, pod_info, ni)
                if victims is None:
                    statuses[ni.name] = status
                    continue
                candidates.append((ni, victims, k))
                if len(candidates) >= wanted:
                    break
        if not candidates:
            hist = [statuses.get(ni.name) or Status.unresolvable(NOT_HELPFUL) for ni in nodes]
            return "", Status.unschedulable("preemption: " + fit_error_message(len(nodes), hist))
        ni, victims, _ = min(candidates, key=lambda c: (max(v.priority for v in c[1]) if c[1] else -2**63,
                                                        sum(v.priority for v in c[1]), len(c[1]), c[2]))
        self.evict(pod_info, ni.name, victims)
        return ni.name, Status.success()

    def select_victims(self, state, pod_info, node_info):
        fw = self.handle
        trial = node_info.clone()
        lower = [p for p in trial.pods.values() if p.priority < pod_info.priority]
        if not lower:
            return None, Status.unresolvable(NO_VICTIMS)
        for p in lower:
            trial.remove_pod(p.key)
        status = fw.run_filters_with_nominated(state, pod_info, trial)
        if not status.is_success:
            return None, status
        victims = []
        for p in sorted(lower, key=lambda p: (-p.priority, p.seq)):
            trial.add_pod(p)
            if not fw.run_filters_with_nominated(state, pod_info, trial).is_success:
                trial.remove_pod(p.key)
                victims.append(p)
        return victims, Status.success()

    def evict(self, pod_info, node_name: str, victims: list) -> None:
        fw = self.handle
        for v in victims:
            if fw.recorder is not None:
                fw.recorder.event(v.pod, "Normal", "Preempted",
                                  f"Preempted by pod {pod_info.uid} on node {node_name}", fw.profile_name)
            try:
                fw.api.delete("pods", v.name, v.namespace, user="system:kube-scheduler")
            except K8sCourseError:
                pass
        for key, other in list(fw.cache.nominated.get(node_name, {}).items()):
            if other.priority < pod_info.priority:
                fw.cache.clear_nomination(key)
