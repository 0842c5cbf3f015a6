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

CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane"


def toleration_matches(tol: dict, taint: dict) -> bool:
    effect = tol.get("effect") or ""
    if effect and effect != taint.get("effect"):
        return False
    key = tol.get("key") or ""
    if key and key != taint.get("key"):
        return False
    op = tol.get("operator") or "Equal"
    if op == "Exists":
        return True
    if op == "Equal":
        return (tol.get("value") or "") == (taint.get("value") or "")
    return False


def tolerates(taint: dict, tolerations: list) -> bool:
    return any(toleration_matches(t, taint) for t in tolerations)


def first_untolerated(taints: list, tolerations: list, effects: tuple[str, ...]) -> dict | None:
    for taint in taints:
        if taint.get("effect") in effects and not tolerates(taint, tolerations):
            return taint
    return None


def taint_text(taint: dict) -> str:
    """``{key: value}`` as the scheduler prints an untolerated taint."""
    return "{%s: %s}" % (taint.get("key", ""), taint.get("value") or "")


def _int(text) -> int | None:
    try:
        return int(str(text))
    except ValueError:
        return None


def requirement_matches(expr: dict, value: str | None) -> bool:
    """One NodeSelectorRequirement against a label value (None = label absent)."""
    op, values = expr.get("operator"), expr.get("values") or []
    if op == "In":
        return value is not None and value in values
    if op == "NotIn":
        return value is None or value not in values
    if op == "Exists":
        return value is not None
    if op == "DoesNotExist":
        return value is None
    if op in ("Gt", "Lt"):
        if value is None or len(values) != 1:
            return False
        have, want = _int(value), _int(values[0])
        if have is None or want is None:
            return False
        return have > want if op == "Gt" else have < want
    return False


def node_selector_term_matches(term: dict, labels: dict, node_name: str) -> bool:
    exprs, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not fields:
        return False
    for e in exprs:
        if not requirement_matches(e, labels.get(e.get("key", ""))):
            return False
    for f in fields:
        value = node_name if f.get("key") == "metadata.name" else None
        if not requirement_matches(f, value):
            return False
    return True


def required_node_affinity_matches(pod_spec: dict, labels: dict, node_name: str) -> bool:
    """nodeSelector AND required node affinity (terms ORed) — ``GetRequiredNodeAffinity().Match``."""
    for k, v in (pod_spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    na = ((pod_spec.get("affinity") or {}).get("nodeAffinity") or {})
    required = na.get("requiredDuringSchedulingIgnoredDuringExecution")
    if required is not None:
        terms = required.get("nodeSelectorTerms") or []
        if not any(node_selector_term_matches(t, labels, node_name) for t in terms):
            return False
    return True


_SELECTORS: dict = {}


def selector(label_selector: dict | None):
    """A compiled label selector, cached by its JSON text (None selects nothing)."""
    import json
    key = json.dumps(label_selector, sort_keys=True)
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

    __slots__ = ("selector", "namespaces", "all_namespaces", "topology_key", "weight")

    def __init__(self, term: dict, owner_namespace: str, weight: int = 0):
        self.selector = selector(term.get("labelSelector"))
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
