"""Matching rules several plugins share: tolerations, node selector terms, pod affinity terms.

* :func:`tolerates` — ``Toleration.ToleratesTaint`` (k8s.io/api/core/v1): effects must match (an
  empty toleration effect matches all), keys must match (an empty key with ``Exists`` matches every
  taint), then ``Exists`` tolerates any value and ``Equal`` (the default) needs the same value.
* :func:`node_selector_term_matches` — ``NodeSelectorTerm`` semantics of node affinity: the
  ``matchExpressions`` (In, NotIn, Exists, DoesNotExist, Gt, Lt) and ``matchFields``
  (``metadata.name``) inside one term are ANDed; a term with neither matches nothing.
* :func:`pod_term_matches` — a pod affinity term (labelSelector + namespaces/namespaceSelector)
  against an existing pod. Deliberate difference: a ``namespaceSelector`` other than ``{}`` (all
  namespaces) is not evaluated against namespace labels; it is treated as "the listed namespaces".

>>> tolerates({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
...           [{"key": "dedicated", "operator": "Equal", "value": "gpu"}])
True
>>> node_selector_term_matches({"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]},
...                            {"disk": "ssd"}, "n1")
True
"""

from __future__ import annotations

from ..api.labels import selector_from_label_selector, SelectorError
from ..api.scheduling import (node_selector_term_matches, required_node_affinity_matches,  # noqa: F401
                              requirement_matches, toleration_matches, tolerates)

CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane"


def first_untolerated(taints: list, tolerations: list, effects: tuple[str, ...]) -> dict | None:
    for taint in taints:
        if taint.get("effect") in effects and not tolerates(taint, tolerations):
            return taint
    return None


def taint_text(taint: dict) -> str:
    """``{key: value}`` as the scheduler prints an untolerated taint."""
    return "{%s: %s}" % (taint.get("key", ""), taint.get("value") or "")


_SELECTORS: dict = {}


def selector_key(label_selector: dict | None) -> str:
    """The identity of a label selector: its canonical JSON text."""
    import json
    return json.dumps(label_selector, sort_keys=True)


def selector(label_selector: dict | None, key: str | None = None):
    """A compiled label selector, cached by its JSON text (None selects nothing)."""
    if key is None:
        key = selector_key(label_selector)
    sel = _SELECTORS.get(key)
    if sel is None:
        try:
            sel = selector_from_label_selector(label_selector)
        except (SelectorError, ValueError, AttributeError, TypeError):
            sel = selector_from_label_selector(None)
        if len(_SELECTORS) > 4096:
            _SELECTORS.clear()
        _SELECTORS[key] = sel
    return sel


class AffinityTerm:
    """A parsed pod (anti-)affinity term: who it selects, where (topology key), and its weight."""

    __slots__ = ("key", "selector", "namespaces", "all_namespaces", "topology_key", "weight")

    def __init__(self, term: dict, owner_namespace: str, weight: int = 0):
        self.key = selector_key(term.get("labelSelector"))
        self.selector = selector(term.get("labelSelector"), self.key)
        self.namespaces = frozenset(term.get("namespaces") or ())
        ns_sel = term.get("namespaceSelector")
        self.all_namespaces = ns_sel is not None and not (ns_sel.get("matchLabels") or ns_sel.get("matchExpressions"))
        if not self.namespaces and not self.all_namespaces:
            self.namespaces = frozenset((owner_namespace,))
        self.topology_key = term.get("topologyKey", "")
        self.weight = weight

    def matches(self, namespace: str, labels: dict) -> bool:
        return (self.all_namespaces or namespace in self.namespaces) and self.selector.matches(labels)


def affinity_terms(affinity: dict, kind: str, namespace: str) -> tuple[list, list]:
    """(required terms, preferred weighted terms) of ``podAffinity`` or ``podAntiAffinity``."""
    section = affinity.get(kind) or {}
    required = [AffinityTerm(t, namespace) for t in section.get("requiredDuringSchedulingIgnoredDuringExecution") or []]
    preferred = [AffinityTerm(w.get("podAffinityTerm") or {}, namespace, int(w.get("weight") or 0))
                 for w in section.get("preferredDuringSchedulingIgnoredDuringExecution") or []]
    return required, preferred


class _NodeAffinityMask:
    """Which nodes pass a pod's ``nodeSelector`` + required node affinity, as a numpy bool array over
    ``cache.node_list`` — kept in ``cache.memo`` until a node's labels change or nodes come and go
    (NodeAffinity's batch filter and PodTopologySpread's eligible nodes share it)."""

    @staticmethod
    def key(pod_spec: dict) -> str:
        import json
        required = ((pod_spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
            "requiredDuringSchedulingIgnoredDuringExecution")
        return json.dumps([pod_spec.get("nodeSelector"), required], sort_keys=True)

    def __call__(self, cache, pod_spec: dict):
        import numpy as np
        key = ("node-affinity", self.key(pod_spec))
        mask = cache.memo.get(key)
        if mask is None:
            nodes = cache.node_list
            mask = np.fromiter((required_node_affinity_matches(pod_spec, ni.labels, ni.name) for ni in nodes),
                               dtype=bool, count=len(nodes))
            if len(cache.memo) > 256:
                cache.memo.clear()
            cache.memo[key] = mask
        return mask


node_affinity_mask = _NodeAffinityMask()
