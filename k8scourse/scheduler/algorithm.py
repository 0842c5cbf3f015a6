"""One scheduling attempt: filter, score, pick a node (kube-scheduler ``schedule_one.go``).

``schedulePod`` as upstream runs it:

1. no nodes at all → ``no nodes available to schedule pods``;
2. PreFilter plugins (a rejection applies to every node; Skip leaves the plugin's Filter out);
3. a pod with ``status.nominatedNodeName`` is first tried on that node alone;
3a. a PreFilterResult (NodeAffinity's node names — DaemonSet pods) limits steps 4–6 to the named
   nodes that exist (in node-list order, round robin from the start index modulo their number); the
   others count as ``node(s) didn't satisfy plugin(s) [NodeAffinity]`` in the FitError message, and
   the start index advances by the nodes evaluated (feasible + rejected), as upstream;
4. Filter: nodes are visited round-robin from where the previous cycle stopped, until
   ``numFeasibleNodesToFind`` feasible nodes are found — every node below 100 nodes, else
   ``max(100, n × max(5, 50 − n/125) / 100)`` (5,000 nodes → 500);
5. exactly one feasible node → it is chosen without scoring;
6. PreScore, Score, NormalizeScore, × weight, summed; the highest total wins.

Deliberate difference: among nodes sharing the top score, one is drawn uniformly with the
cluster RNG (``rng.randrange`` over the tied nodes in scan order) — upstream's reservoir
sampling draws differently but with the same distribution. No draw happens without a tie.

For large clusters (``vector=True``) steps 2–6 take the numpy path of ``batch`` (every node at
once, node-local answers kept per pod shape, the affinity and spread counts from the cache's pod
index); every decision, the scan position, the RNG draws and the per-node statuses are identical to
the node-by-node path, which stays as the reference (``vector=False``).
"""

from __future__ import annotations

import sys

from .framework import (ERROR, MAX_NODE_SCORE, NO_NODES_MESSAGE, SUCCESS, UNSCHEDULABLE_AND_UNRESOLVABLE,
                        CycleState, Status, fit_error_message, full_scores, narrowing_message)
from .nodeinfo import fit_bits, fit_bits_reasons


def _batch():
    """The numpy path's module, imported on first use (small clusters never load numpy)."""
    module = sys.modules.get(__package__ + ".batch")
    if module is None:
        from . import batch as module
    return module

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
    """What one attempt saw and decided — the material of ``Scheduler.explain``.

    Immutable defaults live on the class (an attempt sets only what it found).
    """

    outcome = ""                    # Scheduled | Unschedulable | Error
    node = ""
    message = ""
    num_nodes = 0
    start_index = 0
    to_find = 0
    processed = 0
    feasible_idx = None             # numpy path: the feasible nodes' positions
    names = None                    # numpy path: node names by position
    ties_idx = None                 # numpy path: the tied nodes' positions (names read lazily)
    narrowed: frozenset | None = None   # a PreFilterResult's nodes that exist (None: every node)
    absent: Status | None = None        # the status of the nodes a PreFilterResult left out
    narrowed_by: tuple = ()             # the PreFilter plugins that returned node sets
    reason = ""
    nominated: str | None = None
    post_filter: Status | None = None
    nominated_try = ""
    state = None                    # the CycleState, kept until the binding cycle ends
    weights: dict = {}              # plugin -> weight (shared, read-only)
    prefilter: list = []            # [(plugin, PreFilter status)] (shared, read-only)
    active_filters: list = []       # the Filter plugins that ran (shared, read-only)
    totals: list = []

    def __init__(self, pod_info, time_ms: int, number: int, dry: bool):
        self.key, self.uid, self.time_ms, self.number, self.dry = pod_info.key, pod_info.uid, time_ms, number, dry
        self.failed = {}                        # node -> the rejecting status (plugin set); a Diagnosis on
                                                # the numpy path
        self._feasible: list[str] | None = []
        self.scores: dict[str, tuple[list, list]] = {}
        self._ties: list[str] | None = []

    @property
    def feasible(self) -> list[str]:
        if self._feasible is None:
            self._feasible = self.names[self.feasible_idx].tolist()
        return self._feasible

    @feasible.setter
    def feasible(self, names) -> None:
        self._feasible = names

    @property
    def ties(self) -> list[str]:
        if self._ties is None:
            self._ties = self.names[self.ties_idx].tolist()
        return self._ties

    @ties.setter
    def ties(self, names) -> None:
        self._ties = names


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
    state = att.state = CycleState(fast=vector)
    status, att.prefilter = fw.run_pre_filter(state, pod_info)
    plugins = fw.active_filters(state)
    att.active_filters = fw.filter_names(plugins)
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
    if not feasible and state.node_names is not None:       # a PreFilterResult: only the named nodes
        feasible, processed = _filter_narrowed(fw, state, pod_info, att, plugins, vector, start_index)
        att.processed = processed
        next_start = (start_index % n + processed) % n
    elif not feasible:
        att.to_find = num_feasible_nodes_to_find(n)
        att.start_index = start_index % n
        if vector:
            feasible, processed = _filter_vector(fw, state, pod_info, att, plugins)
        else:
            feasible, processed = _filter_scalar(fw, state, pod_info, att)
        att.processed = processed
        next_start = (att.start_index + processed) % n
    vectored = type(feasible) is NodeSeq
    if vectored:
        att.feasible_idx, att.names, att._feasible = feasible.idx, cache.arrays().names, None
    else:
        att.feasible = [ni.name for ni in feasible]
    count = len(feasible)
    if not count:
        return _unschedulable(fw, state, pod_info, att, dry=dry), next_start
    if count == 1:
        att.outcome, att.node = "Scheduled", feasible[0].name
        att.reason = ("the nominated node still fits" if att.nominated_try == att.node
                      else "it is the only feasible node (no scoring needed)")
        return att, next_start
    rng = rng if rng is not None else fw.rng
    if vectored:
        _score_vector(fw, state, pod_info, att, feasible, rng, dry)
    else:
        _score(fw, state, pod_info, att, feasible, rng, dry)
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


def _filter_narrowed(fw, state, pod_info, att, plugins, vector, start_index):
    """Filter on the nodes a PreFilterResult names (those that exist, in node-list order), round
    robin from the start index as upstream walks its narrowed list; every other node is rejected
    with the narrowing status (``att.absent``), which the FitError histogram counts."""
    cache = fw.cache
    found = cache.nodes
    subset = sorted((found[name] for name in state.node_names if name in found), key=_position)
    att.narrowed = frozenset(ni.name for ni in subset)
    att.absent = Status.unresolvable(narrowing_message(state.narrowed_by, False))
    att.narrowed_by = state.narrowed_by
    m = len(subset)
    att.to_find = num_feasible_nodes_to_find(m)
    start = att.start_index = start_index % m if m else 0
    feasible, processed = [], m
    for i in range(m):
        ni = subset[(start + i) % m]
        s = fw.run_filters_with_nominated(state, pod_info, ni, plugins)
        if s.is_success:
            feasible.append(ni)
            if len(feasible) >= att.to_find:
                processed = i + 1
                break
        else:
            att.failed[ni.name] = s
    if vector and len(feasible) > 1:
        import numpy as np
        return NodeSeq(cache.node_list, np.array([ni.index for ni in feasible], dtype=np.int64)), processed
    return feasible, processed


def _position(ni) -> int:
    return ni.index


def _filter_vector(fw, state, pod_info, att, plugins):
    import numpy as np
    batch = _batch()
    cache = fw.cache
    n = att.num_nodes
    local, keys = [], []
    for p in plugins:
        key = p.filter_key(state, pod_info) if p.filter_key is not None else None
        if key is None:
            break
        local.append(p)
        keys.append(key)
    rest = plugins[len(local):]
    kept = fw.kept().filter_verdicts(state, pod_info, local, keys) if local else None
    fresh = batch.verdicts(fw, state, pod_info, rest, n) if rest else None
    if fresh is None:
        codes, statuses = (kept.combined, kept.statuses) if kept else (np.zeros(n, dtype=np.int16), [])
    elif kept is None:
        codes, statuses = fresh.combined, fresh.statuses
    else:
        off = len(kept.statuses)
        codes = np.where(kept.combined != 0, kept.combined, np.where(fresh.combined != 0, fresh.combined + off, 0))
        statuses = kept.statuses + fresh.statuses
    extra = cache.nominated_requests(pod_info)
    rows = (extra[3] > 0).nonzero()[0] if extra is not None else ()
    if len(rows):                           # nodes with pods nominated there: filtered with them
        codes, statuses = _with_nominated(fw, state, pod_info, plugins, kept, fresh, codes, statuses, extra, rows)
    idx, processed = batch.scan(codes, att.start_index, att.to_find)
    att.failed = batch.Diagnosis(cache.arrays().names, codes, statuses, att.start_index, processed,
                                 clean=len(idx) == processed)
    return NodeSeq(cache.node_list, idx), processed


_FIT_STATUSES: dict = {}


def _fit_statuses(plugin: str) -> list:
    """Resource fit's statuses by reason bits (``nodeinfo.fit_bits``), 1..15, for ``plugin``."""
    found = _FIT_STATUSES.get(plugin)
    if found is None:
        found = _FIT_STATUSES[plugin] = [Status.unschedulable(*fit_bits_reasons(b)).with_plugin(plugin)
                                         for b in range(1, 16)]
    return found


def _with_nominated(fw, state, pod_info, plugins, kept, fresh, codes, statuses, extra, rows):
    """The verdicts of ``rows`` with the nominated pods added. Only a plugin that reads the node's
    pods can change its mind: resource fit in arithmetic, anything else node by node."""
    import numpy as np
    cache = fw.cache
    codes, statuses = codes.copy(), list(statuses)
    kinds = [p.pod_dependence for p in plugins]
    arithmetic = (all(k in ("", "resources") for k in kinds) and not any(pod_info.req.scalars.values())
                  and (kept is not None and all(p.pod_dependence != "resources" for p in plugins[len(kept.plugins):])))
    if not arithmetic:
        nodes = cache.node_list
        for i in rows.tolist():
            s = fw.run_filters_with_nominated(state, pod_info, nodes[i], plugins)
            if s.is_success:
                codes[i] = 0
            else:
                statuses.append(s)
                codes[i] = len(statuses)
        return codes, statuses
    x = cache.arrays()
    per_plugin = [c[rows] for c in kept.codes]
    for j, p in enumerate(kept.plugins):
        if p.pod_dependence == "resources":
            bits = fit_bits(pod_info.req, x.free_pods[rows] - extra[3][rows], x.free_cpu[rows] - extra[0][rows],
                            x.free_mem[rows] - extra[1][rows], x.free_eph[rows] - extra[2][rows])
            off = len(statuses)
            statuses += _fit_statuses(p.name)
            per_plugin[j] = np.where(bits != 0, bits + off, 0)
    if fresh is not None:
        off = len(kept.statuses)
        per_plugin += [np.where(c[rows] != 0, c[rows] + off, 0) for c in fresh.codes]
    first = np.zeros(len(rows), dtype=np.int64)
    for c in reversed(per_plugin):
        first = np.where(c != 0, c, first)
    codes[rows] = first
    return codes, statuses


def histogram(failed, nodes, default: Status) -> list:
    """Every node's rejection (``default`` for nodes not looked at), as ``fit_error_message`` reads them."""
    if hasattr(failed, "histogram") and failed.processed >= len(nodes):
        found = failed.histogram()
        missing = len(nodes) - sum(n for _, n in found)
        return found + ([(default, missing)] if missing else [])
    return [failed.get(ni.name) or default for ni in nodes]


def rejecting_plugins(failed) -> set[str]:
    """The plugins that rejected some node."""
    if hasattr(failed, "rejecting_plugins"):
        return failed.rejecting_plugins()
    return {s.plugin for s in failed.values() if s.plugin}


def _unschedulable(fw, state, pod_info, att, prefilter_message: str = "", dry: bool = False) -> Attempt:
    att.outcome = "Unschedulable"
    nodes = fw.cache.node_list
    statuses = histogram(att.failed, nodes, att.absent or Status(UNSCHEDULABLE_AND_UNRESOLVABLE))
    post = ""
    if not dry:
        nominated, pstatus = fw.run_post_filter(state, pod_info, att.failed)
        att.post_filter, att.nominated = pstatus, nominated
        if not pstatus.is_success:
            post = pstatus.message
    att.message = fit_error_message(len(nodes), statuses, prefilter_message, post)
    att.reason = "no node passed the filters" + (f"; preemption nominated {att.nominated}" if att.nominated else "")
    return att


def _score(fw, state, pod_info, att, feasible, rng, dry) -> None:
    fw.run_pre_score(state, pod_info, feasible)
    plugins = fw.active_scores(state)
    state.write("scored_nodes", att.feasible)
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
    _pick(fw, att, plugins, best, rng, dry, len(ties), att.ties.__getitem__)


def _score_vector(fw, state, pod_info, att, feasible, rng, dry) -> None:
    import numpy as np
    cache = fw.cache
    idx = feasible.idx
    state.data["feasible_idx"] = idx
    fw.run_pre_score(state, pod_info, feasible)
    plugins = fw.active_scores(state)
    n = len(idx)
    first = idx.item(0)
    contiguous = idx.item(-1) - first == n - 1
    sel = slice(first, first + n) if contiguous else idx    # contiguous: numpy views, no gathers
    weights = fw.weights
    grouped = []
    for p in plugins:
        if p.score_key is not None:
            key = p.score_key(state, pod_info)
            if key is not None:
                grouped.append((p, key, weights[p.name]))
    scores = att.scores
    total, owned, const = None, False, 0
    if grouped:
        # node-local plugins: their raw scores and Σ weight × raw (the unnormalised ones) kept together
        group = fw.kept().score_group(grouped, state, pod_info)
        if contiguous:
            window = group.values[:, sel].copy()    # the kept arrays change later; the attempt keeps what it saw
            total = group.total[sel]
        else:
            window = group.values[:, sel]
            total, owned = group.total[sel], True
    full = None
    g, ng = 0, len(grouped)                 # ``grouped`` keeps the plugins' order
    for p in plugins:
        w = weights[p.name]
        if g < ng and grouped[g][0] is p:
            raw = window[g]
            g += 1
            if p.normalize_scores is None:
                scores[p.name] = (raw, raw)                 # already in the group's total
                continue
        elif p.score_all is not None:
            raw = np.asarray(p.score_all(state, pod_info, cache, sel), dtype=np.int64)
        else:
            raw = np.array([p.score(state, pod_info, cache.node_list[i]) for i in idx.tolist()], dtype=np.int64)
        norm = raw if p.normalize_scores is None else np.asarray(p.normalize_scores(state, pod_info, raw),
                                                                 dtype=np.int64)
        scores[p.name] = (raw, norm)
        if full is None:
            full = full_scores(n)
        if norm is full:
            const += MAX_NODE_SCORE * w                     # every node the same: a constant
            continue
        weighted = norm if w == 1 else norm * w
        total, owned = (weighted, False) if total is None else (total + weighted, True)
    if total is None:
        total, owned = np.zeros(n, dtype=np.int64), True
    if const:
        total, owned = total + const, True
    elif not owned:
        total = total.copy()
    best = total.max().item()
    hits = (total == best).nonzero()[0]
    ties = hits + first if contiguous else idx[hits]
    att.totals = total
    att.ties, att.ties_idx = None, ties
    names = att.names
    _pick(fw, att, plugins, best, rng, dry, len(ties), lambda j: names[ties.item(j)])


def _pick(fw, att, plugins, best, rng, dry, count: int, tied) -> None:
    """Choose among the ``count`` nodes sharing the top score (``tied(j)``: the j-th one's name)."""
    att.weights = fw.weights_of(plugins)
    att.outcome = "Scheduled"
    if count == 1:
        att.node = tied(0)
        att.reason = f"highest total score {best}"
    elif dry:
        att.node = ""
        att.reason = f"{count} nodes share the highest total score {best}; one would be picked at random"
    else:
        att.node = tied(rng.randrange(count))
        att.reason = f"highest total score {best}, shared by {count} nodes: picked at random"


__all__ = ["Attempt", "num_feasible_nodes_to_find", "schedule_pod", "SUCCESS"]
