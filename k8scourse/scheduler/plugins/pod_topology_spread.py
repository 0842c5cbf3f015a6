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

On the numpy path (``state.fast``) the per-node counts come from the cache's pod index
(``podindex``) instead of a walk over every node's pods, and ``filter_all``/``score_all`` answer for
all nodes at once with the same arithmetic.
"""

from __future__ import annotations

import math

from ..framework import (ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, MAX_NODE_SCORE, NODE_ADD,
                        NODE_LABEL, Plugin, Status, count_nonzero)
from ..helpers import node_affinity_mask, required_node_affinity_matches, selector, selector_key

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
MISSING = "node(s) didn't match pod topology spread constraints (missing required label)"
SKEW = "node(s) didn't match pod topology spread constraints"
_OWNER_KINDS = {"ReplicationController": "replicationcontrollers", "ReplicaSet": "replicasets",
                "StatefulSet": "statefulsets"}


class _Constraint:
    __slots__ = ("key", "max_skew", "selector", "hard", "selector_key")

    def __init__(self, key, max_skew, label_selector, hard):
        self.key, self.max_skew, self.hard = key, max_skew, hard
        self.selector_key = selector_key(label_selector)
        self.selector = selector(label_selector, self.selector_key)


class _Who:
    """A constraint's "who" in the pod's namespace, as the pod index matches terms."""

    __slots__ = ("key", "namespaces", "all_namespaces", "selector")

    def __init__(self, c, namespace):
        self.key, self.namespaces, self.all_namespaces, self.selector = \
            c.selector_key, frozenset((namespace,)), False, c.selector


_STATUSES = [Status.unresolvable(MISSING), Status.unschedulable(SKEW)]


class _FastFilter:
    """PreFilter's counts per domain as arrays; ``counts`` (one dict per constraint) on demand."""

    def __init__(self, hard, doms, values, per_domain, present, lowest):
        self.hard, self.doms, self.values = hard, doms, values
        self.per_domain, self.present, self.lowest = per_domain, present, lowest
        self._counts = None

    @property
    def counts(self):
        if self._counts is None:
            self._counts = [{vals[d]: int(cnt[d]) for d in pres.nonzero()[0].tolist()}
                            for vals, cnt, pres in zip(self.values, self.per_domain, self.present)]
        return self._counts


class PodTopologySpread(Plugin):
    name = "PodTopologySpread"
    events = (ASSIGNED_POD_ADD, ASSIGNED_POD_UPDATE, ASSIGNED_POD_DELETE, NODE_ADD, NODE_LABEL)

    # ------------------------------------------------------------------ constraints
    def constraints(self, pod_info) -> tuple[list, bool]:
        spec = pod_info.pod.get("spec") or {}
        explicit = spec.get("topologySpreadConstraints") or []
        if explicit:
            return [_Constraint(c.get("topologyKey", ""), int(c.get("maxSkew") or 1), c.get("labelSelector"),
                                c.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule") for c in explicit], False
        sel = self._default_selector(pod_info)
        if sel is None:
            return [], True
        return [_Constraint(HOSTNAME, 3, sel, False), _Constraint(ZONE, 5, sel, False)], True

    def _default_selector(self, pod_info):
        """The merged selectors of the Services/RCs/RSs/StatefulSets the pod belongs to (or None),
        remembered per (namespace, labels, owners) until one of those objects changes (the
        scheduler's watches bump ``cache.owners_generation``)."""
        cache = self.handle.cache
        memo = self.__dict__.get("_memo")
        if memo is None or memo[0] != cache.owners_generation:
            memo = self._memo = (cache.owners_generation, {})
        refs = (pod_info.pod.get("metadata") or {}).get("ownerReferences")
        key = (pod_info.namespace, frozenset(pod_info.labels.items()),
               tuple([(r.get("kind"), r.get("name"), bool(r.get("controller"))) for r in refs]) if refs else ())
        if key not in memo[1]:
            if len(memo[1]) > 4096:
                memo[1].clear()
            memo[1][key] = self._selector_now(pod_info)
        return memo[1][key]

    def _selector_now(self, pod_info):
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
        return {"matchLabels": merged, "matchExpressions": exprs}

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
        if state.fast:
            state.write("PodTopologySpread/filter", self._fast_filter(pod_info, hard))
            return Status.success()
        state.write("PodTopologySpread/filter", _FilterState(hard, self._counts(pod_info, hard,
                                                                               self.handle.cache.node_list)))
        return Status.success()

    def _node_counts(self, pod_info, c):
        """Per node: the pods ``c`` counts (its selector, the pod's namespace, not terminating)."""
        return self.handle.cache.pod_index().matcher([_Who(c, pod_info.namespace)], True).counts

    def _eligible(self, pod_info, keys):
        """Nodes whose pods count: they pass the pod's node affinity and carry every key."""
        cache = self.handle.cache
        arrays = cache.arrays()
        eligible = node_affinity_mask(cache, pod_info.pod.get("spec") or {}).copy()
        for key in keys:
            eligible &= arrays.domain(key)[0] >= 0
        return eligible

    def _domain_counts(self, pod_info, c, eligible):
        import numpy as np
        dom, values = self.handle.cache.arrays().domain(c.key)
        ids = dom[eligible]
        per_domain = np.bincount(ids, weights=self._node_counts(pod_info, c)[eligible],
                                 minlength=len(values)).astype(np.int64)
        present = np.bincount(ids, minlength=len(values)) > 0
        return dom, values, per_domain, present

    def _fast_filter(self, pod_info, hard) -> _FastFilter:
        eligible = self._eligible(pod_info, [c.key for c in hard])
        doms, values, per_domain, present, lowest = [], [], [], [], []
        for c in hard:
            dom, vals, counts, pres = self._domain_counts(pod_info, c, eligible)
            doms.append(dom)
            values.append(vals)
            per_domain.append(counts)
            present.append(pres)
            lowest.append(int(counts[pres].min()) if count_nonzero(pres) else 0)
        return _FastFilter(hard, doms, values, per_domain, present, lowest)

    def filter_all(self, state, pod_info, cache, rows):
        import numpy as np
        s = state.read("PodTopologySpread/filter")
        codes = np.zeros(len(cache.node_list), dtype=np.int8)
        for c, dom, counts, lowest in zip(s.hard, s.doms, s.per_domain, s.lowest):
            self_match = 1 if c.selector.matches(pod_info.labels) else 0
            missing = dom < 0
            codes[missing & (codes == 0)] = 1
            if len(counts):
                skew = ~missing & (counts[np.maximum(dom, 0)] + self_match - lowest > c.max_skew)
                codes[skew & (codes == 0)] = 2
        codes = codes[rows]
        return (codes, _STATUSES) if np.count_nonzero(codes) else None

    def filter(self, state, pod_info, node_info) -> Status:
        s = state.read("PodTopologySpread/filter")
        for c, per_domain in zip(s.hard, s.counts):
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
        if state.fast:
            state.write("PodTopologySpread/score", self._fast_score(state, pod_info, soft, defaulted))
            return Status.success()
        weights = []
        for c in soft:
            size = len(nodes) if c.key == HOSTNAME else len({n.labels[c.key] for n in nodes if c.key in n.labels})
            weights.append(math.log(size + 2))
        counts = self._counts(pod_info, [c for c in soft if c.key != HOSTNAME], self.handle.cache.node_list)
        ignored = set() if defaulted else {n.name for n in nodes if not all(c.key in n.labels for c in soft)}
        state.write("PodTopologySpread/score", (soft, weights, counts, ignored))
        return Status.success()

    def _fast_score(self, state, pod_info, soft, defaulted):
        import numpy as np
        arrays = self.handle.cache.arrays()
        feasible = state.read("feasible_idx")
        weights = []
        for c in soft:
            if c.key == HOSTNAME:
                size = len(feasible)
            else:
                dom = arrays.domain(c.key)[0][feasible]
                size = len(np.unique(dom[dom >= 0]))
            weights.append(math.log(size + 2))
        zoned = [c for c in soft if c.key != HOSTNAME]
        eligible = self._eligible(pod_info, [c.key for c in zoned])
        parts = []
        for c in soft:
            dom = arrays.domain(c.key)[0]
            if c.key == HOSTNAME:
                parts.append((dom, self._node_counts(pod_info, c)))
            else:
                parts.append((dom, self._domain_counts(pod_info, c, eligible)[2]))
        lacks = np.zeros(len(arrays.names), dtype=bool)
        if not defaulted:
            for c in soft:
                lacks |= arrays.domain(c.key)[0] < 0
        return _FastScore(soft, weights, parts, lacks, lacks[feasible])

    def score_all(self, state, pod_info, cache, rows):
        import numpy as np
        s = state.read("PodTopologySpread/score")
        total = np.zeros(len(cache.arrays().positions(rows)), dtype=np.float64)
        for c, w, (dom, counts) in zip(s.soft, s.weights, s.parts):
            d = dom[rows]
            has = d >= 0
            if c.key == HOSTNAME:
                cnt = counts[rows]
            else:
                cnt = counts[np.maximum(d, 0)] if len(counts) else d * 0
            total = np.where(has, total + (cnt * w + (c.max_skew - 1)), total)
        out = np.floor(total + 0.5).astype(np.int64)
        out[s.lacks[rows]] = 0
        return out

    def score(self, state, pod_info, node_info) -> int:
        found = state.read("PodTopologySpread/score")
        if isinstance(found, _FastScore):
            import numpy as np
            return int(self.score_all(state, pod_info, self.handle.cache, np.array([node_info.index]))[0])
        soft, weights, counts, ignored = found
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
        found = state.read("PodTopologySpread/score")
        if isinstance(found, _FastScore):
            import numpy as np
            ignored = found.ignored_rows
            valid = scores[~ignored]
            if not len(valid):
                return np.zeros(len(scores), dtype=np.int64)
            lo, hi = int(valid.min()), int(valid.max())
            out = np.full(len(scores), MAX_NODE_SCORE, dtype=np.int64) if hi == 0 else \
                MAX_NODE_SCORE * (hi + lo - scores) // hi
            out[ignored] = 0
            return out
        scores = [int(s) for s in scores]
        ignored = found[3]
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


class _FilterState:
    __slots__ = ("hard", "counts")

    def __init__(self, hard, counts):
        self.hard, self.counts = hard, counts


class _FastScore:
    """PreScore's numbers on the numpy path: per constraint (domain ids, counts) and the ignored nodes."""

    __slots__ = ("soft", "weights", "parts", "lacks", "ignored_rows")

    def __init__(self, soft, weights, parts, lacks, ignored_rows):
        self.soft, self.weights, self.parts, self.lacks, self.ignored_rows = soft, weights, parts, lacks, ignored_rows
