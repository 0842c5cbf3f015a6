"""Per-node counts of bound pods by what they match — InterPodAffinity's and PodTopologySpread's
pre-computation, kept up to date by the scheduler cache instead of recomputed every cycle.

Upstream's PreFilter/PreScore of both plugins walk every node's pods each cycle (``getExistingAntiAffinityCounts``,
``getIncomingAffinityAntiAffinityCounts``, ``calPreFilterState``, ``processExistingPod``) on 16
goroutines. The simulator keeps the same numbers incrementally, per node, as numpy arrays aligned with
``cache.node_list``:

* a :class:`Matcher` counts the bound pods that match a conjunction of pod affinity terms (label
  selector + namespaces), optionally leaving terminating pods out (topology spread does). A matcher
  is registered on first use — one pass over the bound pods — and from then on updated whenever a pod
  joins or leaves a node; the least recently used are dropped beyond ``MAX_MATCHERS``;
* a :class:`TermGroup` counts the bound pods that *carry* a given term (kind, term, weight): existing
  pods' required anti-affinity (the filter's third rule) and the terms that score the incoming pod.

Only pods on nodes the cache knows are counted, as the plugins' node walks only see those.
``check(node_list)`` recounts everything from scratch (the cache's ``verify`` calls it).

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> ni = NodeInfo({"metadata": {"name": "n1"}}); ni.index = 0
>>> idx = PodIndex([ni])
>>> p = PodInfo({"metadata": {"name": "a", "namespace": "default", "labels": {"app": "web"}}, "spec": {"nodeName": "n1"}})
>>> ni.add_pod(p); idx.pod_joined(0, p)
>>> from k8scourse.scheduler.helpers import AffinityTerm
>>> m = idx.matcher([AffinityTerm({"labelSelector": {"matchLabels": {"app": "web"}}}, "default")], False)
>>> m.counts.tolist(), idx.check([ni])
([1], [])
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ..defaults import SCHEDULER_POD_INDEX_MATCHERS as MAX_MATCHERS
from .helpers import affinity_terms

# term kinds of existing pods, with the sign their weight carries in scoring
REQUIRED_ANTI, REQUIRED_AFFINITY, PREFERRED_AFFINITY, PREFERRED_ANTI = "anti", "affinity", "pref-affinity", "pref-anti"


def term_spec(term) -> tuple:
    """The identity of a term's "who" (an AffinityTerm or alike): (selector key, namespaces, all)."""
    return (term.key, term.namespaces, term.all_namespaces)


class Matcher:
    """Bound pods per node that match every one of ``terms`` (and are not terminating, if asked)."""

    __slots__ = ("terms", "skip_terminating", "counts")

    def __init__(self, terms: tuple, skip_terminating: bool, size: int):
        self.terms = [(t.namespaces, t.all_namespaces, t.selector) for t in terms]
        self.skip_terminating = skip_terminating
        self.counts = np.zeros(size, dtype=np.int64)

    def matches(self, p) -> bool:
        if self.skip_terminating and p.terminating:
            return False
        for namespaces, everywhere, sel in self.terms:
            if not (everywhere or p.namespace in namespaces) or not sel.matches(p.labels):
                return False
        return True


class TermGroup:
    """Bound pods per node carrying one term (counted as often as the pod lists it)."""

    __slots__ = ("kind", "term", "weight", "counts", "total")

    def __init__(self, kind: str, term, weight: int, size: int):
        self.kind, self.term, self.weight = kind, term, weight
        self.counts = np.zeros(size, dtype=np.int64)
        self.total = 0


def pod_terms(p) -> list:
    """``[(kind, term, weight)]`` of a pod's own (anti-)affinity terms (parsed once per PodInfo)."""
    terms = p.terms
    if terms is None:
        terms = []
        if p.has_affinity:
            req_aff, pref_aff = affinity_terms(p.affinity, "podAffinity", p.namespace)
            req_anti, pref_anti = affinity_terms(p.affinity, "podAntiAffinity", p.namespace)
            terms += [(REQUIRED_ANTI, t, 0) for t in req_anti]
            terms += [(REQUIRED_AFFINITY, t, 1) for t in req_aff]
            terms += [(PREFERRED_AFFINITY, t, t.weight) for t in pref_aff]
            terms += [(PREFERRED_ANTI, t, t.weight) for t in pref_anti]
        p.terms = terms
    return terms


class PodIndex:
    def __init__(self, node_list: list):
        self.node_list = node_list
        self.size = len(node_list)
        self.matchers: OrderedDict[tuple, Matcher] = OrderedDict()
        self.groups: dict[tuple, TermGroup] = {}
        self._group_list: list[TermGroup] | None = None
        for ni in node_list:
            for p in ni.pods.values():
                self.pod_joined(ni.index, p)

    # ------------------------------------------------------------------ layout
    def node_added(self) -> None:
        self.size += 1
        for m in self.matchers.values():
            m.counts = np.append(m.counts, 0)
        for g in self.groups.values():
            g.counts = np.append(g.counts, 0)

    def node_removed(self, index: int) -> None:
        self.size -= 1
        for m in self.matchers.values():
            m.counts = np.delete(m.counts, index)
        for key, g in list(self.groups.items()):
            g.total -= int(g.counts[index])
            g.counts = np.delete(g.counts, index)
            if g.total == 0:
                del self.groups[key]
                self._group_list = None

    # ------------------------------------------------------------------ pods
    def pod_joined(self, index: int, p) -> None:
        self._pod(index, p, +1)

    def pod_left(self, index: int, p) -> None:
        self._pod(index, p, -1)

    def _pod(self, index: int, p, sign: int) -> None:
        for m in self.matchers.values():
            if m.matches(p):
                m.counts[index] += sign
        if not p.has_affinity:
            return
        for kind, term, weight in pod_terms(p):
            key = (kind, term_spec(term), term.topology_key, weight)
            g = self.groups.get(key)
            if g is None:
                if sign < 0:
                    continue
                g = self.groups[key] = TermGroup(kind, term, weight, self.size)
                self._group_list = None
            g.counts[index] += sign
            g.total += sign
            if g.total == 0:
                del self.groups[key]
                self._group_list = None

    # ------------------------------------------------------------------ queries
    def matcher(self, terms, skip_terminating: bool) -> Matcher:
        """The matcher of a conjunction of terms (AffinityTerm-like: key, namespaces, all_namespaces, selector)."""
        key = (tuple(term_spec(t) for t in terms), skip_terminating)
        m = self.matchers.get(key)
        if m is not None:
            self.matchers.move_to_end(key)
            return m
        m = Matcher(terms, skip_terminating, self.size)
        for ni in self.node_list:
            n = sum(1 for p in ni.pods.values() if m.matches(p))
            if n:
                m.counts[ni.index] = n
        self.matchers[key] = m
        while len(self.matchers) > MAX_MATCHERS:
            self.matchers.popitem(last=False)
        return m

    def term_groups(self) -> list[TermGroup]:
        if self._group_list is None:
            self._group_list = list(self.groups.values())
        return self._group_list

    def check(self, node_list: list) -> list[str]:
        """Recount from the nodes' pods; [] when every kept count agrees."""
        fresh = PodIndex(node_list)
        problems = []
        for key, m in self.matchers.items():
            expect = np.zeros(len(node_list), dtype=np.int64)
            for ni in node_list:
                expect[ni.index] = sum(1 for p in ni.pods.values() if m.matches(p))
            if not np.array_equal(m.counts, expect):
                problems.append(f"pod index: matcher {key} differs from a recount")
        mine = {k: g.counts for k, g in self.groups.items()}
        theirs = {k: g.counts for k, g in fresh.groups.items()}
        if set(mine) != set(theirs) or any(not np.array_equal(mine[k], theirs[k]) for k in mine):
            problems.append("pod index: term groups differ from a recount")
        return problems


__all__ = ["Matcher", "PodIndex", "TermGroup", "pod_terms", "term_spec"]
