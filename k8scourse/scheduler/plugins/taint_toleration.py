"""TaintToleration (Filter, Score; weight 3).

Models ``plugins/tainttoleration``:

* Filter: the first ``NoSchedule``/``NoExecute`` taint of the node that the pod does not tolerate
  rejects it with ``node(s) had untolerated taint {<key>: <value>}`` (UnschedulableAndUnresolvable).
* Score: the number of ``PreferNoSchedule`` taints the pod does not tolerate (only tolerations with
  an empty or ``PreferNoSchedule`` effect count), normalised in reverse — the node with the fewest
  gets 100.

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> n = NodeInfo({"metadata": {"name": "n1"}, "spec": {"taints": [
...     {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}})
>>> TaintToleration(None).filter(None, PodInfo({"metadata": {"name": "p"}}), n).message
'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'
"""

from __future__ import annotations

from ..framework import (NODE_ADD, NODE_TAINT, Plugin, Status, batch_scalar, count_nonzero, default_normalize,
                        rows_positions)
from ..helpers import first_untolerated, taint_text, toleration_matches

FILTER_EFFECTS = ("NoSchedule", "NoExecute")


def _tolerations(pod_info) -> list:
    return (pod_info.pod.get("spec") or {}).get("tolerations") or []


def _key(tolerations) -> tuple:
    """What matching a taint reads of each toleration (``tolerationSeconds`` plays no part)."""
    return tuple([(t.get("key"), t.get("operator"), t.get("value"), t.get("effect")) for t in tolerations])


class TaintToleration(Plugin):
    name = "TaintToleration"
    events = (NODE_ADD, NODE_TAINT)
    score_reads_pods = False        # Score reads the node object only

    def filter(self, state, pod_info, node_info) -> Status:
        taint = first_untolerated(node_info.taints, _tolerations(pod_info), FILTER_EFFECTS)
        if taint is None:
            return Status.success()
        return Status.unresolvable(f"node(s) had untolerated taint {taint_text(taint)}")

    def filter_key(self, state, pod_info):
        return _key(_tolerations(pod_info))

    def filter_all(self, state, pod_info, cache, rows):
        tainted = cache.arrays().filter_tainted[rows]           # only tainted nodes can reject
        if not count_nonzero(tainted):
            return None
        return batch_scalar(self, state, pod_info, cache, rows_positions(cache, rows), tainted)

    def score_key(self, state, pod_info):
        return _key([t for t in _tolerations(pod_info) if (t.get("effect") or "") in ("", "PreferNoSchedule")])

    def score(self, state, pod_info, node_info) -> int:
        tolerations = [t for t in _tolerations(pod_info) if (t.get("effect") or "") in ("", "PreferNoSchedule")]
        return sum(1 for taint in node_info.taints if taint.get("effect") == "PreferNoSchedule"
                   and not any(toleration_matches(t, taint) for t in tolerations))

    def score_all(self, state, pod_info, cache, rows):
        import numpy as np
        arrays = cache.arrays()
        prefer = arrays.prefer_tainted[rows]
        raw = np.zeros(len(prefer), dtype=np.int64)
        hits = prefer.nonzero()[0]
        if len(hits):
            positions = arrays.positions(rows)
            for j in hits.tolist():
                raw[j] = self.score(state, pod_info, cache.node_list[int(positions[j])])
        return raw

    def normalize_scores(self, state, pod_info, scores):
        return default_normalize(scores, reverse=True)
