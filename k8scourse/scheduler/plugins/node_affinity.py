"""NodeAffinity (Filter, Score; weight 2): ``nodeSelector`` and node affinity.

Models ``plugins/nodeaffinity``:

* PreFilter: when every ``nodeSelectorTerm`` has a ``matchFields`` requirement ``metadata.name In
  [...]`` (what DaemonSet pods carry), a PreFilterResult: only those nodes are filtered (the
  union over terms of the intersection within a term); none left → ``pod affinity terms conflict``
  (UnschedulableAndUnresolvable).
* Filter: every ``nodeSelector`` pair must equal a node label, and if required node affinity is
  set, one of its ``nodeSelectorTerms`` must match (expressions inside a term are ANDed). Failure:
  ``node(s) didn't match Pod's node affinity/selector`` (UnschedulableAndUnresolvable). PreFilter
  returns Skip for pods with neither.
* Score: the sum of the weights of matching ``preferredDuringSchedulingIgnoredDuringExecution``
  terms, normalised so the best node gets 100. PreScore returns Skip when there are none.

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> pod = PodInfo({"metadata": {"name": "p"}, "spec": {"nodeSelector": {"disktype": "ssd"}}})
>>> NodeAffinity(None).filter(None, pod, NodeInfo({"metadata": {"name": "n1", "labels": {}}})).message
"node(s) didn't match Pod's node affinity/selector"
"""

from __future__ import annotations

from ..framework import NODE_ADD, NODE_LABEL, Plugin, Status, batch_codes, default_normalize
from ..helpers import node_affinity_mask, node_selector_term_matches, required_node_affinity_matches

REASON = "node(s) didn't match Pod's node affinity/selector"


def required_node_names(required: dict | None) -> set | None:
    """The node names a required node affinity limits the pod to, or None (any node may match).

    >>> def term(*values): return {"matchFields": [{"key": "metadata.name", "operator": "In", "values": list(values)}]}
    >>> sorted(required_node_names({"nodeSelectorTerms": [term("a", "b"), term("c")]}))
    ['a', 'b', 'c']
    >>> required_node_names({"nodeSelectorTerms": [term("a"), {"matchExpressions": []}]}) is None
    True
    >>> required_node_names({"nodeSelectorTerms": [{"matchFields": term("a")["matchFields"] + term("b")["matchFields"]}]})
    set()
    """
    terms = (required or {}).get("nodeSelectorTerms") or []
    if not terms:
        return None
    names: set = set()
    for term in terms:
        in_term = None
        for req in term.get("matchFields") or ():
            if req.get("key") == "metadata.name" and req.get("operator") == "In":
                values = set(req.get("values") or ())
                in_term = values if in_term is None else in_term & values
        if in_term is None:
            return None                 # this term may match any node (terms are ORed)
        names |= in_term
    return names


def _node_affinity(pod_info) -> dict:
    return (pod_info.affinity.get("nodeAffinity")) or {}


class NodeAffinity(Plugin):
    name = "NodeAffinity"
    events = (NODE_ADD, NODE_LABEL)
    score_reads_pods = False        # Score reads the node object only

    def pre_filter(self, state, pod_info) -> Status:
        spec = pod_info.pod.get("spec") or {}
        required = _node_affinity(pod_info).get("requiredDuringSchedulingIgnoredDuringExecution")
        if not spec.get("nodeSelector") and required is None:
            return Status.skip()
        names = required_node_names(required)
        if names is not None:
            if not names:
                return _CONFLICT
            state.narrow(self.name, names)
        return Status.success()

    def filter(self, state, pod_info, node_info) -> Status:
        if required_node_affinity_matches(pod_info.pod.get("spec") or {}, node_info.labels, node_info.name):
            return Status.success()
        return Status.unresolvable(REASON)

    def filter_key(self, state, pod_info):
        return node_affinity_mask.key(pod_info.pod.get("spec") or {})

    def filter_all(self, state, pod_info, cache, rows):
        return batch_codes(~node_affinity_mask(cache, pod_info.pod.get("spec") or {})[rows], _REJECTED)

    def pre_score(self, state, pod_info, nodes) -> Status:
        terms = _node_affinity(pod_info).get("preferredDuringSchedulingIgnoredDuringExecution") or []
        if not terms:
            return Status.skip()
        state.write("NodeAffinity/preferred", terms)
        return Status.success()

    def score(self, state, pod_info, node_info) -> int:
        total = 0
        for term in state.read("NodeAffinity/preferred", ()):
            weight = int(term.get("weight") or 0)
            if weight and node_selector_term_matches(term.get("preference") or {}, node_info.labels, node_info.name):
                total += weight
        return total

    def score_key(self, state, pod_info):
        import json
        return json.dumps(state.read("NodeAffinity/preferred", ()), sort_keys=True)

    def score_all(self, state, pod_info, cache, rows):
        import numpy as np
        nodes = cache.node_list
        positions = cache.arrays().positions(rows).tolist()
        return np.fromiter((self.score(state, pod_info, nodes[i]) for i in positions), dtype=np.int64,
                           count=len(positions))

    def normalize_scores(self, state, pod_info, scores):
        return default_normalize(scores)


_REJECTED = Status.unresolvable(REASON)
_CONFLICT = Status.unresolvable("pod affinity terms conflict")
