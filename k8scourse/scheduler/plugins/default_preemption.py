"""DefaultPreemption (PostFilter): make room for a pod by evicting lower-priority pods.

Models ``plugins/defaultpreemption`` and ``framework/preemption``:

1. Eligibility: ``preemptionPolicy: Never`` → ``not eligible due to preemptionPolicy=Never.``; a
   pod whose nominated node still has a lower-priority pod terminating waits
   (``not eligible due to a terminating pod on the nominated node.``).
2. Candidates: only nodes whose filter status was Unschedulable (UnschedulableAndUnresolvable ones
   — taints, selectors — are "not helpful"). On each, all lower-priority pods are removed; if the
   pod then passes the filters, victims are reprieved one by one, most important first (higher
   priority, then older), keeping each reprieved pod whenever the pod still fits. At most
   max(10 % of nodes, 100) candidates are collected, starting at a random offset (cluster RNG)
   when there are more potential nodes than that.
3. Choice: fewest-important victims — lowest highest victim priority, then lowest priority sum,
   then fewest victims, then scan order.
4. The victims are deleted through the API server with their own grace period, each gets a
   ``Preempted`` event (``Preempted by pod <uid> on node <node>``), and the pod is nominated to the
   node (``status.nominatedNodeName``); it is retried when the victims are gone.

If no node works: ``preemption: 0/N nodes are available: <histogram>.`` with
``No preemption victims found for incoming pod`` (no lower-priority pods on the node), the node's
filter reason after removing them all, or ``Preemption is not helpful for scheduling``.

Deliberate differences: PodDisruptionBudgets are not considered, and while checking a node
without its victims, topology-spread and inter-pod-affinity counts are not re-derived (upstream
updates them through PreFilter extensions).

On the numpy path, when the only active filter that looks at the pods on a node is resource fit
(``pod_dependence``: ``"resources"``), the what-if of step 2 is arithmetic: the requests of every
node's lower-priority pods come from the cache's per-priority columns, so all potential nodes are
classified at once, and only the chosen candidates' victims are worked out pod by pod — with the
same rule (``nodeinfo.fit_reasons``), the same order and the same RNG draw as the node-by-node walk.
"""

from __future__ import annotations

from ...errors import K8sCourseError
from ..framework import UNSCHEDULABLE, Plugin, Status, fit_error_message
from ..nodeinfo import fit_bits, fit_bits_reasons, fit_reasons

NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
MIN_CANDIDATE_PERCENTAGE = 10
MIN_CANDIDATE_ABSOLUTE = 100


class DefaultPreemption(Plugin):
    name = "DefaultPreemption"

    def eligible(self, pod_info) -> str:
        spec, status = pod_info.pod.get("spec") or {}, pod_info.pod.get("status") or {}
        if spec.get("preemptionPolicy") == "Never":
            return "not eligible due to preemptionPolicy=Never."
        nominated = self.handle.cache.nodes.get(status.get("nominatedNodeName") or "")
        if nominated is not None and any(p.terminating and p.priority < pod_info.priority
                                         for p in nominated.pods.values()):
            return "not eligible due to a terminating pod on the nominated node."
        return ""

    def post_filter(self, state, pod_info, diagnosis):
        why_not = self.eligible(pod_info)
        if why_not:
            return None, Status.unschedulable("preemption: " + why_not)
        fw, cache = self.handle, self.handle.cache
        nodes = cache.node_list
        if state.fast and hasattr(diagnosis, "positions") and diagnosis.processed >= len(nodes):
            plan = self._arithmetic_plan(state, pod_info)
            if plan is not None:
                return self._post_filter_arithmetic(state, pod_info, diagnosis, plan)
        potential = [ni for ni in nodes if diagnosis.get(ni.name) is not None
                     and diagnosis[ni.name].code == UNSCHEDULABLE]
        statuses: dict[str, Status] = {}
        candidates = []
        if potential:
            wanted = min(len(potential), max(len(nodes) * MIN_CANDIDATE_PERCENTAGE // 100, MIN_CANDIDATE_ABSOLUTE))
            offset = fw.rng.randrange(len(potential)) if len(potential) > wanted else 0
            for k in range(len(potential)):
                ni = potential[(offset + k) % len(potential)]
                victims, status = self.select_victims(state, pod_info, ni)
                if victims is None:
                    statuses[ni.name] = status
                    continue
                candidates.append((ni, victims, k))
                if len(candidates) >= wanted:
                    break
        if not candidates:
            hist = [statuses.get(ni.name) or Status.unresolvable(NOT_HELPFUL) for ni in nodes]
            return "", Status.unschedulable("preemption: " + fit_error_message(len(nodes), hist))
        ni, victims, _ = min(candidates, key=lambda c: (max(v.priority for v in c[1]) if c[1] else -2**63,
                                                        sum(v.priority for v in c[1]), len(c[1]), c[2]))
        self.evict(pod_info, ni.name, victims)
        return ni.name, Status.success()

    # ------------------------------------------------------------------ the numpy path
    def importance(self, rows):
        """The pods of the nodes at ``rows``, most important first (priority, then age), as one
        ``(len(rows), width, 5)`` array of (cpu, memory, ephemeral, priority, 1) — kept for every
        node and refreshed for the nodes whose pods changed — and the pod lists by node position."""
        import numpy as np
        cache = self.handle.cache
        x = cache.arrays()
        kept = self.__dict__.get("_importance")
        if kept is None or kept[0] != cache.layout or len(kept[2]) != len(cache.node_list):
            width = max(4, int(x.n_pods.max()) if len(x.n_pods) else 0)
            kept = self._importance = [cache.layout, np.zeros((len(cache.node_list), width, 5), dtype=np.int64),
                                       np.full(len(cache.node_list), -1, dtype=np.int64), [None] * len(cache.node_list)]
        _, table, versions, pods = kept
        for i in rows[versions[rows] != x.version[rows]].tolist():
            ni = cache.node_list[i]
            ordered = sorted(ni.pods.values(), key=lambda p: (-p.priority, p.seq))
            if len(ordered) > table.shape[1]:
                grown = np.zeros((table.shape[0], max(len(ordered), 2 * table.shape[1]), 5), dtype=np.int64)
                grown[:, :table.shape[1]] = table
                table = kept[1] = grown
            table[i] = 0
            if ordered:
                table[i, :len(ordered)] = [(p.req.cpu, p.req.memory, p.req.ephemeral, p.priority, 1) for p in ordered]
            pods[i] = ordered
            versions[i] = ni.version
        width = int(x.n_pods[rows].max()) if len(rows) else 0
        return table[rows, :width], pods

    def _arithmetic_plan(self, state, pod_info):
        """The active filters split around resource fit, when that is the only one reading the
        node's pods (else None: node by node)."""
        if any(pod_info.req.scalars.values()):
            return None
        plugins = self.handle.active_filters(state)
        kinds = [p.pod_dependence for p in plugins]
        if kinds.count("resources") != 1 or any(k not in ("", "resources") for k in kinds):
            return None
        at = kinds.index("resources")
        return plugins[at], plugins[at + 1:]

    def _post_filter_arithmetic(self, state, pod_info, diagnosis, plan):
        import numpy as np
        fw, cache = self.handle, self.handle.cache
        nodes = cache.node_list
        resources, later = plan
        unschedulable = [k + 1 for k, s in enumerate(diagnosis.statuses) if s.code == UNSCHEDULABLE]
        hit = np.isin(diagnosis.codes, unschedulable)
        potential = diagnosis.positions[hit]                 # node order, as the node walk finds them
        if not len(potential):
            return "", Status.unschedulable("preemption: " + fit_error_message(
                len(nodes), [(Status.unresolvable(NOT_HELPFUL), len(nodes))]))
        wanted = min(len(potential), max(len(nodes) * MIN_CANDIDATE_PERCENTAGE // 100, MIN_CANDIDATE_ABSOLUTE))
        offset = fw.rng.randrange(len(potential)) if len(potential) > wanted else 0
        # Each potential node's verdict without its lower-priority pods: 0 = a candidate, else k for
        # table[k - 1]. A rejection by another plugin than resource fit stands (they do not read pods).
        table = [Status.unresolvable(NO_VICTIMS)] + list(diagnosis.statuses)
        codes = diagnosis.codes[hit].astype(np.int64)
        by_resources = np.array([False] + [s.plugin == resources.name for s in diagnosis.statuses])[codes]
        trial = _Trials(self, cache, pod_info, potential)
        verdict = np.where(by_resources, 0, codes + 1)
        res_fail = by_resources & (trial.reasons_code != 0)
        verdict[res_fail] = len(table) + trial.reasons_code[res_fail]
        table += _RESOURCE_STATUSES
        fits = verdict == 0
        if np.count_nonzero(fits) and later:
            found = _first_rejection(fw, state, pod_info, later, potential[fits])
            if found is not None:
                later_codes, later_statuses = found
                verdict[fits] = np.where(later_codes > 0, later_codes + len(table), 0)
                table += later_statuses
        verdict[trial.lower_count == 0] = 1                  # checked first: nothing to evict
        order = np.concatenate((np.arange(offset, len(potential)), np.arange(0, offset)))
        ks = (verdict[order] == 0).nonzero()[0][:wanted]     # the walk's step at each candidate
        if not len(ks):
            tally = np.bincount(verdict, minlength=len(table) + 1)[1:]
            hist = [(table[k], int(tally[k])) for k in np.flatnonzero(tally).tolist()]
            missing = len(nodes) - len(potential)
            if missing:
                hist.append((Status.unresolvable(NOT_HELPFUL), missing))
            return "", Status.unschedulable("preemption: " + fit_error_message(len(nodes), hist))
        ni, victims = trial.choose(order[ks], ks, potential)
        self.evict(pod_info, ni.name, victims)
        return ni.name, Status.success()

    def select_victims(self, state, pod_info, node_info):
        fw = self.handle
        trial = node_info.clone()
        lower = [p for p in trial.pods.values() if p.priority < pod_info.priority]
        if not lower:
            return None, Status.unresolvable(NO_VICTIMS)
        for p in lower:
            trial.remove_pod(p.key)
        status = fw.run_filters_with_nominated(state, pod_info, trial)
        if not status.is_success:
            return None, status
        victims = []
        for p in sorted(lower, key=lambda p: (-p.priority, p.seq)):
            trial.add_pod(p)
            if not fw.run_filters_with_nominated(state, pod_info, trial).is_success:
                trial.remove_pod(p.key)
                victims.append(p)
        return victims, Status.success()

    def evict(self, pod_info, node_name: str, victims: list) -> None:
        fw = self.handle
        for v in victims:
            if fw.recorder is not None:
                fw.recorder.eventf(v.pod, pod_info.pod, "Normal", "Preempted", "Preempting",
                                   f"Preempted by pod {pod_info.uid} on node {node_name}")
            try:
                fw.api.delete("pods", v.name, v.namespace, user="system:kube-scheduler", owned=True)
            except K8sCourseError:
                pass
        for key, other in list(fw.cache.nominated.get(node_name, {}).items()):
            if other.priority < pod_info.priority:
                fw.cache.clear_nomination(key)


_RESOURCE_STATUSES = [Status.unschedulable(*fit_bits_reasons(code)) for code in range(1, 16)]


def _first_rejection(fw, state, pod_info, plugins, positions):
    """The first of ``plugins`` rejecting each of ``positions`` (codes over them, statuses)."""
    import numpy as np
    codes = np.zeros(len(positions), dtype=np.int64)
    statuses: list = []
    for p in plugins:
        if p.filter_all is not None:
            found = p.filter_all(state, pod_info, fw.cache, positions)
        else:
            out = [p.filter(state, pod_info, fw.cache.node_list[i]) for i in positions.tolist()]
            table = [s for s in dict.fromkeys(s for s in out if not s.is_success)]
            found = (np.array([0 if s.is_success else table.index(s) + 1 for s in out], dtype=np.int64),
                     table) if table else None
        if found is None:
            continue
        pcodes, pstatuses = found
        base = len(statuses)
        statuses.extend(s.with_plugin(p.name) for s in pstatuses)
        hit = (codes == 0) & (pcodes != 0)
        codes[hit] = pcodes[hit] + base
    return (codes, statuses) if statuses else None


class _Trials:
    """Each potential node with every lower-priority pod removed and the nominated pods added."""

    def __init__(self, plugin, cache, pod_info, positions):
        import numpy as np
        x = cache.arrays()
        prio = pod_info.priority
        self.plugin, self.pod_info, self.cache = plugin, pod_info, cache
        lower = [np.zeros(len(positions), dtype=np.int64) for _ in range(4)]
        for level_prio, level in x.levels().items():
            if level_prio < prio:
                for total, col in zip(lower, (level.cpu, level.mem, level.eph, level.count)):
                    total += col[positions]
        extra = cache.nominated_requests(pod_info)
        extra = [e[positions] for e in extra] if extra is not None else [0, 0, 0, 0]
        self.lower_count = lower[3]
        # what is free on each node without its lower-priority pods, with the nominated ones
        self.free = [x.free_pods[positions] + lower[3] - extra[3], x.free_cpu[positions] + lower[0] - extra[0],
                     x.free_mem[positions] + lower[1] - extra[1], x.free_eph[positions] + lower[2] - extra[2]]
        self.reasons_code = fit_bits(pod_info.req, *self.free)

    def choose(self, js, ks, potential):
        """Work out every candidate's victims (the reprieve walk of ``select_victims``, all candidates
        in step) and pick as ``post_filter`` does; returns (node, victims)."""
        import numpy as np
        prio, q = self.pod_info.priority, self.pod_info.req
        rows = potential[js]
        table, pods = self.plugin.importance(rows)
        cpu, mem, eph, prios = table[:, :, 0], table[:, :, 1], table[:, :, 2], table[:, :, 3]
        lower = (table[:, :, 4] == 1) & (prios < prio)       # higher-priority pods stay, in front
        free = [f[js] for f in self.free]
        victim = np.zeros(lower.shape, dtype=bool)
        for s in range(lower.shape[1]):
            bits = fit_bits(q, free[0] - 1, free[1] - cpu[:, s], free[2] - mem[:, s], free[3] - eph[:, s])
            keep = lower[:, s] & (bits == 0)
            victim[:, s] = lower[:, s] & (bits != 0)
            free[0] -= keep
            free[1] -= cpu[:, s] * keep
            free[2] -= mem[:, s] * keep
            free[3] -= eph[:, s] * keep
        top = np.maximum.reduce(np.where(victim, prios, np.iinfo(np.int64).min), axis=1)
        best = int(np.lexsort((ks, victim.sum(axis=1), (prios * victim).sum(axis=1), top))[0])
        node = int(rows[best])
        return self.cache.node_list[node], [p for p, v in zip(pods[node], victim[best].tolist()) if v]
