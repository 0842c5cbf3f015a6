"""One scheduling attempt: filter, score, pick a node (kube-scheduler ``schedule_one.go``).

``schedulePod`` as upstream runs it:

1. no nodes at all → ``no nodes available to schedule pods``;
2. PreFilter plugins (a rejection applies to every node; Skip leaves the plugin's Filter out);
3. a pod with ``status.nominatedNodeName`` is first tried on that node alone;
4. Filter: nodes are visited round-robin from where the previous cycle stopped, until
   ``numFeasibleNodesToFind`` feasible nodes are found — every node below 100 nodes, else
   ``max(100, n × max(5, 50 − n/125) / 100)`` (5,000 nodes → 500);
5. exactly one feasible node → it is chosen without scoring;
6. PreScore, Score, NormalizeScore, × weight, summed; the highest total wins.

Deliberate difference: among nodes sharing the top score, one is drawn uniformly with the
cluster RNG (``rng.randrange`` over the tied nodes in scan order) — upstream's reservoir
sampling draws differently but with the same distribution. No draw happens without a tie.

For large clusters (``vector=True``) steps 4 and 6 use the plugins' numpy ``filter_all`` /
``score_all``; every decision, the scan position and the RNG draws are identical to the
node-by-node path.
"""

from __future__ import annotations

from .framework import (ERROR, NO_NODES_MESSAGE, SUCCESS, UNSCHEDULABLE_AND_UNRESOLVABLE, CycleState, Status,
                        fit_error_message)

MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_PERCENTAGE = 5


def num_feasible_nodes_to_find(num_nodes: int) -> int:
    """>>> num_feasible_nodes_to_find(50), num_feasible_nodes_to_find(500), num_feasible_nodes_to_find(5000)
    (50, 230, 500)
    """
    if num_nodes < MIN_FEASIBLE_NODES_TO_FIND:
        return num_nodes
    pct = max(50 - num_nodes // 125, MIN_FEASIBLE_PERCENTAGE)
    return max(num_nodes * pct // 100, MIN_FEASIBLE_NODES_TO_FIND)


class NodeSeq:
    """The feasible nodes of the numpy path: an index array into ``node_list``, read lazily."""

    __slots__ = ("nodes", "idx")

    def __init__(self, nodes, idx):
        self.nodes, self.idx = nodes, idx

    def __len__(self):
        return len(self.idx)

    def __getitem__(self, j):
        return self.nodes[int(self.idx[j])]

    def __iter__(self):
        nodes = self.nodes
        return (nodes[i] for i in self.idx.tolist())


class Attempt:
    """What one attempt saw and decided — the material of ``Scheduler.explain``."""

    def __init__(self, pod_info, time_ms: int, number: int, dry: bool):
        self.key, self.uid, self.time_ms, self.number, self.dry = pod_info.key, pod_info.uid, time_ms, number, dry
        self.outcome = ""               # Scheduled | Unschedulable | Error
        self.node = ""
        self.message = ""
        self.prefilter: list = []
        self.num_nodes = 0
        self.start_index = 0
        self.to_find = 0
        self.processed = 0
        self.active_filters: list[str] = []
        self.failed: dict[str, Status] = {}     # node -> the rejecting status (plugin set)
        self.feasible: list[str] = []
        self.scores: dict[str, tuple[list, list]] = {}
        self.weights: dict[str, int] = {}
        self.totals: list[int] = []
        self.ties: list[str] = []
        self.reason = ""
        self.nominated: str | None = None
        self.post_filter: Status | None = None
        self.nominated_try = ""
        self.state = None               # the CycleState, kept until the binding cycle ends


def schedule_pod(fw, pod_info, *, start_index: int, vector: bool, dry: bool = False,
                 number: int = 0, rng=None) -> tuple[Attempt, int]:
    """Run one attempt; returns it and the next round-robin start index."""
    cache = fw.cache
    att = Attempt(pod_info, fw.api.sim.now_ms if fw.api is not None else 0, number, dry)
    nodes = cache.node_list
    n = att.num_nodes = len(nodes)
    if n == 0:
        att.outcome, att.message = "Unschedulable", NO_NODES_MESSAGE
        att.reason = "the cluster has no nodes"
        return att, start_index
    state = att.state = CycleState()
    status, att.prefilter = fw.run_pre_filter(state, pod_info)
    att.active_filters = [p.name for p in fw.active_filters(state)]
    if not status.is_success:
        if status.code == ERROR:
            att.outcome, att.message = "Error", status.message
            return att, start_index
        att.failed = {ni.name: status for ni in nodes}
        return _unschedulable(fw, state, pod_info, att, prefilter_message=status.message, dry=dry), start_index

    feasible: list = []
    nominated = (pod_info.pod.get("status") or {}).get("nominatedNodeName") or ""
    if nominated in cache.nodes:
        s = fw.run_filters_with_nominated(state, pod_info, cache.nodes[nominated])
        att.nominated_try = nominated
        if s.is_success:
            feasible = [cache.nodes[nominated]]
    next_start = start_index
    if not feasible:
        att.to_find = num_feasible_nodes_to_find(n)
        att.start_index = start_index % n
        if vector:
            feasible, processed = _filter_vector(fw, state, pod_info, att)
        else:
            feasible, processed = _filter_scalar(fw, state, pod_info, att)
        att.processed = processed
        next_start = (att.start_index + processed) % n
    if isinstance(feasible, NodeSeq):
        att.feasible = cache.arrays().names[feasible.idx]
    else:
        att.feasible = [ni.name for ni in feasible]
    if not feasible:
        return _unschedulable(fw, state, pod_info, att, dry=dry), next_start
    if len(feasible) == 1:
        att.outcome, att.node = "Scheduled", feasible[0].name
        att.reason = ("the nominated node still fits" if att.nominated_try == att.node
                      else "it is the only feasible node (no scoring needed)")
        return att, next_start
    _score(fw, state, pod_info, att, feasible, vector, rng if rng is not None else fw.rng, dry)
    return att, next_start


def _filter_scalar(fw, state, pod_info, att):
    nodes, n = fw.cache.node_list, att.num_nodes
    plugins = fw.active_filters(state)
    feasible = []
    for i in range(n):
        ni = nodes[(att.start_index + i) % n]
        s = fw.run_filters_with_nominated(state, pod_info, ni, plugins)
        if s.is_success:
            feasible.append(ni)
            if len(feasible) >= att.to_find:
                return feasible, i + 1
        else:
            att.failed[ni.name] = s
    return feasible, n


def _filter_vector(fw, state, pod_info, att):
    import numpy as np
    cache = fw.cache
    nodes, n, start = cache.node_list, att.num_nodes, att.start_index
    plugins = fw.active_filters(state)
    batch = [p for p in plugins if p.filter_all is not None]
    rest = [p for p in plugins if p.filter_all is None]
    mask = np.ones(n, dtype=bool)
    for p in batch:
        mask &= p.filter_all(state, pod_info, cache)
    special = {cache.nodes[name].index for name in cache.nominated
               if name in cache.nodes and cache.nominated_for(name, pod_info)}
    for i in special:
        mask[i] = True
    order = np.flatnonzero(mask)
    k = int(np.searchsorted(order, start))
    order = np.concatenate((order[k:], order[:k]))
    feasible = []
    if not rest and not special:
        feasible_idx = order[:att.to_find]
        processed = (int(feasible_idx[-1]) - start) % n + 1 if len(feasible_idx) >= att.to_find else n
    else:
        processed = n
        for i in order.tolist():
            ni = nodes[i]
            s = fw.run_filters_with_nominated(state, pod_info, ni, plugins if i in special else rest)
            if s.is_success:
                feasible.append(ni)
                if len(feasible) >= att.to_find:
                    processed = (i - start) % n + 1
                    break
            else:
                att.failed[ni.name] = s
    # Reasons for the nodes the batch filters rejected within the scanned window (scalar re-run).
    if processed == n:
        rejected = np.flatnonzero(~mask).tolist()
    else:
        rejected = [i for i in np.flatnonzero(~mask).tolist() if (i - start) % n < processed]
    for i in rejected:
        ni = nodes[i]
        att.failed[ni.name] = fw.run_filters_with_nominated(state, pod_info, ni, plugins)
    if rest or special:
        feasible_idx = np.fromiter((ni.index for ni in feasible), dtype=np.int64, count=len(feasible))
    return NodeSeq(nodes, feasible_idx), processed


def _unschedulable(fw, state, pod_info, att, prefilter_message: str = "", dry: bool = False) -> Attempt:
    att.outcome = "Unschedulable"
    nodes = fw.cache.node_list
    statuses = [att.failed.get(ni.name) or Status(UNSCHEDULABLE_AND_UNRESOLVABLE) for ni in nodes]
    post = ""
    if not dry:
        nominated, pstatus = fw.run_post_filter(state, pod_info, att.failed)
        att.post_filter, att.nominated = pstatus, nominated
        if not pstatus.is_success:
            post = pstatus.message
    att.message = fit_error_message(len(nodes), statuses, prefilter_message, post)
    att.reason = "no node passed the filters" + (f"; preemption nominated {att.nominated}" if att.nominated else "")
    return att


def _score(fw, state, pod_info, att, feasible, vector, rng, dry) -> None:
    fw.run_pre_score(state, pod_info, feasible)
    plugins = fw.active_scores(state)
    state.write("scored_nodes", att.feasible)
    if vector:
        import numpy as np
        cache = fw.cache
        idx = feasible.idx
        sel = idx
        if len(idx) and int(idx[-1]) - int(idx[0]) == len(idx) - 1:
            sel = slice(int(idx[0]), int(idx[-1]) + 1)          # contiguous: numpy views, no gathers
        total = np.zeros(len(feasible), dtype=np.int64)
        for p in plugins:
            if p.score_all is not None:
                raw = p.score_all(state, pod_info, cache, sel)
            else:
                raw = np.array([p.score(state, pod_info, ni) for ni in feasible], dtype=np.int64)
            norm = raw if p.normalize_scores is None else np.asarray(p.normalize_scores(state, pod_info, raw),
                                                                     dtype=np.int64)
            total += norm * fw.weights[p.name]
            att.scores[p.name] = (raw, norm)
        best = int(total.max())
        ties = np.flatnonzero(total == best)
        att.totals = total
        att.ties = att.feasible[ties].tolist()
    else:
        total = [0] * len(feasible)
        for p in plugins:
            raw = [p.score(state, pod_info, ni) for ni in feasible]
            norm = raw if p.normalize_scores is None else list(p.normalize_scores(state, pod_info, raw))
            w = fw.weights[p.name]
            total = [t + s * w for t, s in zip(total, norm)]
            att.scores[p.name] = (raw, norm)
        best = max(total)
        ties = [j for j, t in enumerate(total) if t == best]
        att.totals = total
        att.ties = [att.feasible[j] for j in ties]
    att.weights = {p.name: fw.weights[p.name] for p in plugins}
    att.outcome = "Scheduled"
    if len(ties) == 1:
        att.node = att.ties[0]
        att.reason = f"highest total score {best}"
    elif dry:
        att.node = ""
        att.reason = f"{len(ties)} nodes share the highest total score {best}; one would be picked at random"
    else:
        att.node = att.ties[rng.randrange(len(ties))]
        att.reason = f"highest total score {best}, shared by {len(ties)} nodes: picked at random"


__all__ = ["Attempt", "num_feasible_nodes_to_find", "schedule_pod", "SUCCESS"]
