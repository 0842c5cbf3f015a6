"""Matching pods to nodes: tolerations against taints, node selectors and required node affinity.

The same rules serve the scheduler's filters, the DaemonSet controller (which pods a node should
run) and the taint-eviction controller, as upstream's ``v1.Toleration.ToleratesTaint`` and
``nodeaffinity.GetRequiredNodeAffinity`` serve all of them.

* A toleration matches a taint when its effect is empty or equal, its key is empty (only with
  ``Exists``) or equal, and — operator ``Equal`` (the default) — the values are equal.
* A node-selector requirement: ``In``, ``NotIn``, ``Exists``, ``DoesNotExist``, and ``Gt``/``Lt``
  on integer label values; ``matchFields`` only knows ``metadata.name``.
* ``nodeSelector`` entries are ANDed with the required affinity; its terms are ORed, the
  expressions inside one term ANDed; an empty term matches nothing.

>>> toleration_matches({"key": "dedicated", "operator": "Exists"}, {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"})
True
>>> required_node_affinity_matches({"nodeSelector": {"disk": "ssd"}}, {"disk": "hdd"}, "n1")
False
"""

from __future__ import annotations


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
    """Whether any of ``tolerations`` tolerates ``taint``."""
    return any(toleration_matches(t, taint) for t in tolerations)


def _int(text: object) -> int | None:
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
