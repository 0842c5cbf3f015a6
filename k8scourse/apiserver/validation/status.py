"""Validation of ``/status`` writes: the rules upstream's status strategies apply.

A status update goes through strict decoding and validation like the main resource (a learner's
``kubectl patch --subresource=status`` is checked, as on a real server): metadata may not change
identity, and the workload controllers' counters follow ``ValidateDeploymentStatus``,
``ValidateReplicaSetStatus``, ``ValidateStatefulSetStatus`` and ``ValidateDaemonSetStatus`` —
every count non-negative, and no count above the one it is a part of.

>>> [str(e) for e in validate_status("ReplicaSet", {"status": {"replicas": 1, "readyReplicas": 2}})]
['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas']
>>> [str(e) for e in validate_status("Deployment", {"status": {"replicas": -1}})]
['status.replicas: Invalid value: -1: must be greater than or equal to 0']
"""

from __future__ import annotations

from .common import Errors, is_int, nonnegative

__all__ = ["validate_status"]

# kind -> (counters that must be >= 0, (part, whole) pairs: part may not exceed whole), in upstream's order
_COUNTERS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "Deployment": (("replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas",
                    "observedGeneration", "collisionCount"),
                   (("updatedReplicas", "replicas"), ("readyReplicas", "replicas"),
                    ("availableReplicas", "replicas"), ("availableReplicas", "readyReplicas"))),
    "ReplicaSet": (("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                    "observedGeneration"),
                   (("fullyLabeledReplicas", "replicas"), ("readyReplicas", "replicas"),
                    ("availableReplicas", "replicas"), ("availableReplicas", "readyReplicas"))),
    "ReplicationController": (("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                               "observedGeneration"),
                              (("fullyLabeledReplicas", "replicas"), ("readyReplicas", "replicas"),
                               ("availableReplicas", "replicas"), ("availableReplicas", "readyReplicas"))),
    "StatefulSet": (("replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas",
                     "observedGeneration", "collisionCount"),
                    (("readyReplicas", "replicas"), ("currentReplicas", "replicas"),
                     ("updatedReplicas", "replicas"), ("availableReplicas", "replicas"),
                     ("availableReplicas", "readyReplicas"))),
    "DaemonSet": (("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady",
                   "observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable",
                   "collisionCount"), ()),
}
_WHOLE_TEXT = {"replicas": "status.replicas", "readyReplicas": "readyReplicas"}


def validate_status(kind: str, obj: dict) -> Errors:
    """The status rules of ``kind`` for ``obj`` (an empty list when it has none)."""
    errs = Errors()
    rules = _COUNTERS.get(kind)
    status = obj.get("status")
    if rules is None or not isinstance(status, dict):
        return errs
    counters, parts = rules
    for name in counters:
        nonnegative(status.get(name), f"status.{name}", errs)
    for part, whole in parts:
        value, limit = status.get(part), status.get(whole, 0)
        if is_int(value) and is_int(limit) and value > limit:
            errs.invalid(f"status.{part}", value, f"cannot be greater than {_WHOLE_TEXT[whole]}")
    return errs
