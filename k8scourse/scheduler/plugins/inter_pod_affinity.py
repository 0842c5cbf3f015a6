"""InterPodAffinity (PreFilter, Filter, PreScore, Score; weight 2).

Models ``plugins/interpodaffinity``. Terms select pods by label selector in their namespaces (the
pod's own by default) and name a topology key (node, zone, ...):

* Filter, in upstream's order:
  1. required *affinity*: for every term, the node's domain must already run a pod matching all
     the terms — unless no pod anywhere matches and the pod matches its own terms (the first pod
     of a group). Failure: ``node(s) didn't match pod affinity rules`` (UnschedulableAndUnresolvable).
  2. required *anti-affinity*: no pod matching a term in the node's domain. Failure:
     ``node(s) didn't match pod anti-affinity rules`` (Unschedulable).
  3. existing pods' required anti-affinity that matches this pod, in their domain. Failure:
     ``node(s) didn't satisfy existing pods anti-affinity rules`` (Unschedulable).
* Score: Σ over matching pods of preferred affinity weights (anti-affinity: minus), both the
  incoming pod's terms and existing pods' terms towards it (existing required affinity counts with
  hardPodAffinityWeight 1); per domain, then min–max normalised to 0..100.

PreFilter/PreScore Skip when neither the pod nor any bound pod has such terms.
"""

from __future__ import annotations

from ..framework import (ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, MAX_NODE_SCORE, NODE_ADD,
                         NODE_LABEL, Plugin, Status)
from ..helpers import affinity_terms

AFFINITY = "node(s) didn't match pod affinity rules"
ANTI = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules"
HARD_POD_AFFINITY_WEIGHT = 1


def _terms(p, kind):
    return affinity_terms(p.affinity, kind, p.namespace)


class InterPodAffinity(Plugin):
    name = "InterPodAffinity"
    events = (ASSIGNED_POD_ADD, ASSIGNED_POD_UPDATE, ASSIGNED_POD_DELETE, NODE_ADD, NODE_LABEL)

    def pre_filter(self, state, pod_info) -> Status:
        cache = self.handle.cache
        if not pod_info.has_affinity and cache.anti_affinity_pods == 0:
            return Status.skip()
        aff, _ = _terms(pod_info, "podAffinity")
        anti, _ = _terms(pod_info, "podAntiAffinity")
        if not aff and not anti and cache.anti_affinity_pods == 0:
            return Status.skip()
        existing_anti: dict = {}
        affinity_counts: dict = {}
        anti_counts: dict = {}
        for ni in cache.node_list:
            for p in ni.pods.values():
                if p.has_required_anti:
                    for t in _terms(p, "podAntiAffinity")[0]:
                        if t.matches(pod_info.namespace, pod_info.labels) and t.topology_key in ni.labels:
                            pair = (t.topology_key, ni.labels[t.topology_key])
                            existing_anti[pair] = existing_anti.get(pair, 0) + 1
                if aff and all(t.matches(p.namespace, p.labels) for t in aff):
                    for t in aff:
                        if t.topology_key in ni.labels:
                            pair = (t.topology_key, ni.labels[t.topology_key])
                            affinity_counts[pair] = affinity_counts.get(pair, 0) + 1
                for t in anti:
                    if t.matches(p.namespace, p.labels) and t.topology_key in ni.labels:
                        pair = (t.topology_key, ni.labels[t.topology_key])
                        anti_counts[pair] = anti_counts.get(pair, 0) + 1
        state.write("InterPodAffinity/filter", (aff, anti, existing_anti, affinity_counts, anti_counts))
        return Status.success()

    def filter(self, state, pod_info, node_info) -> Status:
        aff, anti, existing_anti, affinity_counts, anti_counts = state.read("InterPodAffinity/filter")
        labels = node_info.labels
        if aff:
            ok = all(t.topology_key in labels and affinity_counts.get((t.topology_key, labels[t.topology_key]), 0) > 0
                     for t in aff)
            if not ok:
                self_match = all(t.matches(pod_info.namespace, pod_info.labels) for t in aff)
                if affinity_counts or not self_match or not all(t.topology_key in labels for t in aff):
                    return Status.unresolvable(AFFINITY)
        for t in anti:
            if t.topology_key in labels and anti_counts.get((t.topology_key, labels[t.topology_key]), 0) > 0:
                return Status.unschedulable(ANTI)
        for key, value in labels.items():
            if existing_anti.get((key, value), 0) > 0:
                return Status.unschedulable(EXISTING_ANTI)
        return Status.success()

    # ------------------------------------------------------------------ score
    def pre_score(self, state, pod_info, nodes) -> Status:
        cache = self.handle.cache
        if not pod_info.has_affinity and cache.affinity_pods == 0:
            return Status.skip()
        _, pref_aff = _terms(pod_info, "podAffinity")
        _, pref_anti = _terms(pod_info, "podAntiAffinity")
        if not pref_aff and not pref_anti and cache.affinity_pods == 0:
            return Status.skip()
        scores: dict = {}

        def add(term, ni, weight):
            if term.topology_key in ni.labels:
                pair = (term.topology_key, ni.labels[term.topology_key])
                scores[pair] = scores.get(pair, 0) + weight

        for ni in cache.node_list:
            for p in ni.pods.values():
                for t in pref_aff:
                    if t.matches(p.namespace, p.labels):
                        add(t, ni, t.weight)
                for t in pref_anti:
                    if t.matches(p.namespace, p.labels):
                        add(t, ni, -t.weight)
                if not p.has_affinity:
                    continue
                req_aff, p_pref_aff = _terms(p, "podAffinity")
                _, p_pref_anti = _terms(p, "podAntiAffinity")
                for t in req_aff:
                    if t.matches(pod_info.namespace, pod_info.labels):
                        add(t, ni, HARD_POD_AFFINITY_WEIGHT)
                for t in p_pref_aff:
                    if t.matches(pod_info.namespace, pod_info.labels):
                        add(t, ni, t.weight)
                for t in p_pref_anti:
                    if t.matches(pod_info.namespace, pod_info.labels):
                        add(t, ni, -t.weight)
        state.write("InterPodAffinity/score", scores)
        return Status.success()

    def score(self, state, pod_info, node_info) -> int:
        scores = state.read("InterPodAffinity/score")
        return sum(scores.get((k, v), 0) for k, v in node_info.labels.items())

    def normalize_scores(self, state, pod_info, scores):
        scores = [int(s) for s in scores]
        if not scores:
            return scores
        lo, hi = min(scores), max(scores)
        diff = hi - lo
        return [int(MAX_NODE_SCORE * ((s - lo) / diff)) if diff > 0 else 0 for s in scores]
