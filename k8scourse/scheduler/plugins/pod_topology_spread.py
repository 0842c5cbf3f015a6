"""PodTopologySpread (PreFilter, Filter, PreScore, Score; weight 2).

Models ``plugins/podtopologyspread``:

* Constraints come from ``spec.topologySpreadConstraints``; a pod with none that belongs to a
  Service, ReplicationController, ReplicaSet or StatefulSet gets the *system defaults*
  (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway) with the owners' selectors.
* Filter (``DoNotSchedule`` constraints): pods matching the constraint's selector in the pod's
  namespace (terminating ones excluded) are counted per topology domain, over nodes that pass the
  pod's nodeSelector/required node affinity and carry the key; placing on a node is refused when
  ``count(domain) + (1 if the pod matches its own selector) − min(count) > maxSkew``. A node
  without the key: ``node(s) didn't match pod topology spread constraints (missing required
  label)`` (UnschedulableAndUnresolvable); a skew violation:
  ``node(s) didn't match pod topology spread constraints`` (Unschedulable).
* Score (``ScheduleAnyway`` constraints): per node ``Σ count × log(domains + 2) + (maxSkew − 1)``,
  rounded, then normalised so the emptiest domain gets 100 (``100 × (max + min − s) / max``).

Deliberate differences: ``minDomains``, ``matchLabelKeys`` and the node inclusion policies are
read only at their defaults (Honor node affinity, Ignore taints).
"""

from __future__ import annotations

import math

from ..framework import (ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, MAX_NODE_SCORE, NODE_ADD,
                         NODE_LABEL, Plugin, Status)
from ..helpers import required_node_affinity_matches, selector

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
MISSING = "node(s) didn't match pod topology spread constraints (missing required label)"
SKEW = "node(s) didn't match pod topology spread constraints"
_OWNER_KINDS = {"ReplicationController": "replicationcontrollers", "ReplicaSet": "replicasets",
                "StatefulSet": "statefulsets"}


class _Constraint:
    __slots__ = ("key", "max_skew", "selector", "hard")

    def __init__(self, key, max_skew, sel, hard):
        self.key, self.max_skew, self.selector, self.hard = key, max_skew, sel, hard


class PodTopologySpread(Plugin):
    name = "PodTopologySpread"
    events = (ASSIGNED_POD_ADD, ASSIGNED_POD_UPDATE, ASSIGNED_POD_DELETE, NODE_ADD, NODE_LABEL)

    # ------------------------------------------------------------------ constraints
    def constraints(self, pod_info) -> tuple[list, bool]:
        spec = pod_info.pod.get("spec") or {}
        explicit = spec.get("topologySpreadConstraints") or []
        if explicit:
            return [_Constraint(c.get("topologyKey", ""), int(c.get("maxSkew") or 1), selector(c.get("labelSelector")),
                                c.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule") for c in explicit], False
        sel = self._default_selector(pod_info)
        if sel is None:
            return [], True
        return [_Constraint(HOSTNAME, 3, sel, False), _Constraint(ZONE, 5, sel, False)], True

    def _default_selector(self, pod_info):
        """The merged selectors of the Services/RCs/RSs/StatefulSets the pod belongs to (or None)."""
        api = self.handle.api
        merged: dict = {}
        for svc in api.store.list("services", pod_info.namespace, copy=False):
            sel = (svc.get("spec") or {}).get("selector")
            if sel and all(pod_info.labels.get(k) == v for k, v in sel.items()):
                merged.update(sel)
        exprs = []
        for ref in (pod_info.pod.get("metadata") or {}).get("ownerReferences") or []:
            plural = _OWNER_KINDS.get(ref.get("kind"))
            if not plural or not ref.get("controller"):
                continue
            owner = api.peek(plural, ref.get("name", ""), pod_info.namespace)
            if owner is None:
                continue
            osel = (owner.get("spec") or {}).get("selector") or {}
            if ref.get("kind") == "ReplicationController":
                merged.update(osel)
            else:
                merged.update(osel.get("matchLabels") or {})
                exprs.extend(osel.get("matchExpressions") or [])
        if not merged and not exprs:
            return None
        return selector({"matchLabels": merged, "matchExpressions": exprs})

    def _count(self, pods, c, namespace) -> int:
        return sum(1 for p in pods.values() if p.namespace == namespace and not p.terminating
                   and c.selector.matches(p.labels))

    def _counts(self, pod_info, constraints, nodes) -> list[dict]:
        spec = pod_info.pod.get("spec") or {}
        out = [dict() for _ in constraints]
        for ni in nodes:
            if not required_node_affinity_matches(spec, ni.labels, ni.name):
                continue
            if not all(c.key in ni.labels for c in constraints):
                continue
            for i, c in enumerate(constraints):
                value = ni.labels[c.key]
                out[i][value] = out[i].get(value, 0) + self._count(ni.pods, c, pod_info.namespace)
        return out

    # ------------------------------------------------------------------ filter
    def pre_filter(self, state, pod_info) -> Status:
        if not (pod_info.pod.get("spec") or {}).get("topologySpreadConstraints"):
            return Status.skip()            # the system defaults are all ScheduleAnyway
        hard = [c for c in self.constraints(pod_info)[0] if c.hard]
        if not hard:
            return Status.skip()
        state.write("PodTopologySpread/filter", (hard, self._counts(pod_info, hard, self.handle.cache.node_list)))
        return Status.success()

    def filter(self, state, pod_info, node_info) -> Status:
        hard, counts = state.read("PodTopologySpread/filter")
        for c, per_domain in zip(hard, counts):
            value = node_info.labels.get(c.key)
            if value is None:
                return Status.unresolvable(MISSING)
            self_match = 1 if c.selector.matches(pod_info.labels) else 0
            lowest = min(per_domain.values()) if per_domain else 0
            if per_domain.get(value, 0) + self_match - lowest > c.max_skew:
                return Status.unschedulable(SKEW)
        return Status.success()

    # ------------------------------------------------------------------ score
    def pre_score(self, state, pod_info, nodes) -> Status:
        constraints, defaulted = self.constraints(pod_info)
        soft = [c for c in constraints if not c.hard]
        if not soft:
            return Status.skip()
        weights = []
        for c in soft:
            size = len(nodes) if c.key == HOSTNAME else len({n.labels[c.key] for n in nodes if c.key in n.labels})
            weights.append(math.log(size + 2))
        counts = self._counts(pod_info, [c for c in soft if c.key != HOSTNAME], self.handle.cache.node_list)
        ignored = set() if defaulted else {n.name for n in nodes if not all(c.key in n.labels for c in soft)}
        state.write("PodTopologySpread/score", (soft, weights, counts, ignored))
        return Status.success()

    def score(self, state, pod_info, node_info) -> int:
        soft, weights, counts, ignored = state.read("PodTopologySpread/score")
        if node_info.name in ignored:
            return 0
        total, k = 0.0, 0
        for c, w in zip(soft, weights):
            value = node_info.labels.get(c.key)
            if c.key == HOSTNAME:
                cnt = self._count(node_info.pods, c, pod_info.namespace) if value is not None else None
            else:
                cnt = counts[k].get(value, 0) if value is not None else None
                k += 1
            if cnt is not None:
                total += cnt * w + (c.max_skew - 1)
        return int(math.floor(total + 0.5))

    def normalize_scores(self, state, pod_info, scores):
        scores = [int(s) for s in scores]
        ignored = state.read("PodTopologySpread/score")[3]
        names = state.read("scored_nodes")
        names = [] if names is None else list(names)     # a numpy array on the vectorized path
        valid = [s for s, n in zip(scores, names) if n not in ignored] if ignored else scores
        if not valid:
            return [0] * len(scores)
        lo, hi = min(valid), max(valid)
        out = []
        for s, n in zip(scores, names or [None] * len(scores)):
            if ignored and n in ignored:
                out.append(0)
            elif hi == 0:
                out.append(MAX_NODE_SCORE)
            else:
                out.append(MAX_NODE_SCORE * (hi + lo - s) // hi)
        return out
