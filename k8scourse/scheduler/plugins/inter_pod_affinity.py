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

The counts come from a walk over every bound pod (as upstream's PreFilter/PreScore do), or — on the
numpy path (``state.fast``) — from the cache's pod index (``podindex``), which keeps the same counts
per node as pods come and go; ``filter_all``/``score_all`` then answer for all nodes at once.
"""

from __future__ import annotations

from ..framework import (ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, ASSIGNED_POD_UPDATE, MAX_NODE_SCORE, NODE_ADD,
                         NODE_LABEL, Plugin, Status)
from ..helpers import affinity_terms

AFFINITY = "node(s) didn't match pod affinity rules"
ANTI = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules"
HARD_POD_AFFINITY_WEIGHT = 1
_STATUSES = [Status.unresolvable(AFFINITY), Status.unschedulable(ANTI), Status.unschedulable(EXISTING_ANTI)]
# the pod index's kinds of existing pods' terms, with the sign of their weight in scoring
_SCORING_KINDS = {"affinity": 1, "pref-affinity": 1, "pref-anti": -1}


def _terms(p, kind):
    return affinity_terms(p.affinity, kind, p.namespace)


class _FilterState:
    """PreFilter's counts: ``(topology key, value) -> pods`` dicts, as the node walk builds them."""

    def __init__(self, aff, anti, existing_anti, affinity_counts, anti_counts):
        self.aff, self.anti = aff, anti
        self.existing_anti, self.affinity_counts, self.anti_counts = existing_anti, affinity_counts, anti_counts


class _FastFilterState:
    """The same counts per topology domain as numpy arrays (from the pod index); the dicts of
    :class:`_FilterState` are derived on demand (for node-by-node calls such as preemption's)."""

    def __init__(self, arrays, aff, anti, conj, anti_counts, existing):
        self.arrays, self.aff, self.anti = arrays, aff, anti
        self.conj = conj                    # per node: pods matching every affinity term
        self.anti_node_counts = anti_counts  # per anti term: per node matching pods
        self.existing = existing            # topology key -> per node pods whose anti terms match this pod
        self._dicts = None

    def domain_counts(self, key, per_node):
        import numpy as np
        dom, values = self.arrays.domain(key)
        has = dom >= 0
        return dom, values, has, np.bincount(dom[has], weights=per_node[has], minlength=len(values))

    def _pairs(self, key, per_node, out):
        _, values, _, counts = self.domain_counts(key, per_node)
        for d in counts.nonzero()[0].tolist():
            pair = (key, values[d])
            out[pair] = out.get(pair, 0) + int(counts[d])

    def _materialise(self):
        existing, aff_counts, anti_counts = {}, {}, {}
        for key, per_node in self.existing.items():
            self._pairs(key, per_node, existing)
        if self.aff:
            for t in self.aff:
                self._pairs(t.topology_key, self.conj, aff_counts)
        for t, per_node in zip(self.anti, self.anti_node_counts):
            self._pairs(t.topology_key, per_node, anti_counts)
        self._dicts = (existing, aff_counts, anti_counts)

    @property
    def existing_anti(self):
        if self._dicts is None:
            self._materialise()
        return self._dicts[0]

    @property
    def affinity_counts(self):
        if self._dicts is None:
            self._materialise()
        return self._dicts[1]

    @property
    def anti_counts(self):
        if self._dicts is None:
            self._materialise()
        return self._dicts[2]


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
        if state.fast:
            state.write("InterPodAffinity/filter", self._fast_filter_state(pod_info, aff, anti))
            return Status.success()
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
        state.write("InterPodAffinity/filter", _FilterState(aff, anti, existing_anti, affinity_counts, anti_counts))
        return Status.success()

    def _fast_filter_state(self, pod_info, aff, anti):
        cache = self.handle.cache
        index = cache.pod_index()
        existing: dict = {}
        for g in index.term_groups():
            if g.kind == "anti" and g.term.matches(pod_info.namespace, pod_info.labels):
                key = g.term.topology_key
                existing[key] = g.counts if key not in existing else existing[key] + g.counts
        conj = index.matcher(aff, False).counts if aff else None
        anti_counts = [index.matcher([t], False).counts for t in anti]
        return _FastFilterState(cache.arrays(), aff, anti, conj, anti_counts, existing)

    def filter(self, state, pod_info, node_info) -> Status:
        s = state.read("InterPodAffinity/filter")
        labels = node_info.labels
        if s.aff:
            affinity_counts = s.affinity_counts
            ok = all(t.topology_key in labels and affinity_counts.get((t.topology_key, labels[t.topology_key]), 0) > 0
                     for t in s.aff)
            if not ok:
                self_match = all(t.matches(pod_info.namespace, pod_info.labels) for t in s.aff)
                if affinity_counts or not self_match or not all(t.topology_key in labels for t in s.aff):
                    return Status.unresolvable(AFFINITY)
        anti_counts = s.anti_counts
        for t in s.anti:
            if t.topology_key in labels and anti_counts.get((t.topology_key, labels[t.topology_key]), 0) > 0:
                return Status.unschedulable(ANTI)
        existing_anti = s.existing_anti
        for key, value in labels.items():
            if existing_anti.get((key, value), 0) > 0:
                return Status.unschedulable(EXISTING_ANTI)
        return Status.success()

    def filter_all(self, state, pod_info, cache, rows):
        import numpy as np
        s = state.read("InterPodAffinity/filter")
        n = len(cache.node_list)
        codes = np.zeros(n, dtype=np.int8)
        if s.aff:
            ok = np.ones(n, dtype=bool)
            all_keys = np.ones(n, dtype=bool)
            anywhere = False
            for t in s.aff:
                dom, _, has, counts = s.domain_counts(t.topology_key, s.conj)
                all_keys &= has
                ok &= has & (counts[np.where(has, dom, 0)] > 0) if len(counts) else False
                anywhere = anywhere or bool(np.count_nonzero(s.conj[has] > 0))
            self_match = all(t.matches(pod_info.namespace, pod_info.labels) for t in s.aff)
            fail = ~ok
            if not anywhere and self_match:
                fail &= ~all_keys
            codes[fail] = 1
        for t, per_node in zip(s.anti, s.anti_node_counts):
            self._reject(codes, s, t.topology_key, per_node, 2)
        for key, per_node in s.existing.items():
            self._reject(codes, s, key, per_node, 3)
        codes = codes[rows]
        return (codes, _STATUSES) if np.count_nonzero(codes) else None

    @staticmethod
    def _reject(codes, s, key, per_node, code) -> None:
        import numpy as np
        dom, _, has, counts = s.domain_counts(key, per_node)
        if not len(counts):
            return
        bad = has & (counts[np.where(has, dom, 0)] > 0) & (codes == 0)
        codes[bad] = code

    # ------------------------------------------------------------------ score
    def pre_score(self, state, pod_info, nodes) -> Status:
        cache = self.handle.cache
        if not pod_info.has_affinity and cache.affinity_pods == 0:
            return Status.skip()
        _, pref_aff = _terms(pod_info, "podAffinity")
        _, pref_anti = _terms(pod_info, "podAntiAffinity")
        if not pref_aff and not pref_anti and cache.affinity_pods == 0:
            return Status.skip()
        if state.fast:
            state.write("InterPodAffinity/score", self._fast_scores(pod_info, pref_aff, pref_anti))
            return Status.success()
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

    def _fast_scores(self, pod_info, pref_aff, pref_anti) -> dict:
        """topology key -> score per domain id (numpy int64), from the pod index."""
        import numpy as np
        cache = self.handle.cache
        arrays, index = cache.arrays(), cache.pod_index()
        by_key: dict = {}

        def add(key, per_node, weight):
            dom, values = arrays.domain(key)
            has = dom >= 0
            counts = np.bincount(dom[has], weights=per_node[has], minlength=len(values)).astype(np.int64)
            by_key[key] = counts * weight if key not in by_key else by_key[key] + counts * weight

        for t in pref_aff:
            add(t.topology_key, index.matcher([t], False).counts, t.weight)
        for t in pref_anti:
            add(t.topology_key, index.matcher([t], False).counts, -t.weight)
        if cache.affinity_pods:
            for g in index.term_groups():
                sign = _SCORING_KINDS.get(g.kind)
                if sign is not None and g.term.matches(pod_info.namespace, pod_info.labels):
                    add(g.term.topology_key, g.counts, sign * g.weight)
        return by_key

    def score(self, state, pod_info, node_info) -> int:
        scores = state.read("InterPodAffinity/score")
        if not isinstance(next(iter(scores), ("", "")), tuple):      # the numpy path's per-domain arrays
            arrays, total = self.handle.cache.arrays(), 0
            for key, per_domain in scores.items():
                d = arrays.domain(key)[0][node_info.index]
                total += int(per_domain[d]) if d >= 0 else 0
            return total
        return sum(scores.get((k, v), 0) for k, v in node_info.labels.items())

    def score_all(self, state, pod_info, cache, rows):
        import numpy as np
        arrays = cache.arrays()
        total = None
        for key, per_domain in state.read("InterPodAffinity/score").items():
            dom = arrays.domain(key)[0][rows]
            part = np.where(dom >= 0, per_domain[np.maximum(dom, 0)], 0) if len(per_domain) else dom * 0
            total = part if total is None else total + part
        if total is None:
            total = np.zeros(len(arrays.positions(rows)), dtype=np.int64)
        return total

    def normalize_scores(self, state, pod_info, scores):
        if not isinstance(scores, list):        # numpy path: the same arithmetic on an array
            import numpy as np
            if not len(scores):
                return scores
            lo, hi = int(scores.min()), int(scores.max())
            diff = hi - lo
            if diff <= 0:
                return np.zeros(len(scores), dtype=np.int64)
            return (MAX_NODE_SCORE * ((scores - lo) / diff)).astype(np.int64)
        scores = [int(s) for s in scores]
        if not scores:
            return scores
        lo, hi = min(scores), max(scores)
        diff = hi - lo
        return [int(MAX_NODE_SCORE * ((s - lo) / diff)) if diff > 0 else 0 for s in scores]
