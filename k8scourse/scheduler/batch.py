"""The numpy path of one scheduling attempt: every node at once, answers kept per pod shape.

No upstream counterpart (kube-scheduler parallelises Filter and Score over 16 goroutines); the
node-by-node path in ``algorithm`` is the reference, and this one must reach the same decisions:
the same feasible nodes in the same round-robin order, the same scores, the same RNG draws and the
same per-node statuses for ``explain`` (tests compare both on every scheduler_perf shape).

* **Node-local answers are kept.** A Filter or Score plugin with a ``filter_key``/``score_key``
  answers from the pod's key and the node's own state only; its answers for every node are kept
  per key (a *shape*: all replicas of a Deployment share one) and refreshed only for the nodes the
  cache logged as changed since (``cache.changes``) — after one binding, one node. The leading
  node-local filters are kept combined (the first rejecting plugin per node, as ``RunFilterPlugins``).
* **Other plugins** (InterPodAffinity, PodTopologySpread) answer every cycle with ``filter_all`` /
  ``score_all`` over the cache's pod index.
* **The scan** finds the first ``numFeasibleNodesToFind`` passing nodes from the round-robin start,
  as the node-by-node loop would; nodes with nominated pods are re-run node by node with them.
* **The diagnosis** (which plugin rejected each node, with what status) stays as an array of codes
  and is turned into per-node statuses only when read (:class:`Diagnosis`: ``explain``, the
  ``FailedScheduling`` histogram, preemption).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

import numpy as np

from .framework import Status

MAX_SHAPES = 64             # kept answers per kind (filters, each score plugin), least recently used dropped
SCALAR_REFRESH = 16         # at most this many changed nodes are refreshed node by node, more with numpy


class _Entry:
    __slots__ = ("values", "statuses", "index", "layout", "position")

    def __init__(self, values, statuses, layout, position):
        self.values, self.statuses, self.layout, self.position = values, statuses, layout, position
        self.index = {(s.plugin, s.code, s.reasons): k + 1 for k, s in enumerate(statuses)}


class Kept:
    """Per-framework store of node-local answers, keyed by plugin(s) and pod shape."""

    def __init__(self, fw):
        self.fw = fw
        self.filters: OrderedDict = OrderedDict()
        self.scores: OrderedDict = OrderedDict()

    def _fresh(self, store, key):
        cache = self.fw.cache
        entry = store.get(key)
        if entry is None or entry.layout != cache.layout or entry.position < cache.changes_base:
            return entry, None
        store.move_to_end(key)
        start = entry.position - cache.changes_base
        changed = cache.changes[start:] if start < len(cache.changes) else ()
        entry.position = cache.changes_base + len(cache.changes)
        return entry, (set(changed) if changed else ())

    def _store(self, store, key, entry):
        store[key] = entry
        while len(store) > MAX_SHAPES:
            store.popitem(last=False)

    def filter_codes(self, state, pod_info, plugins, keys):
        """(codes over every node, statuses) of the node-local ``plugins``, combined in order."""
        fw, cache = self.fw, self.fw.cache
        key = tuple(zip((p.name for p in plugins), keys))
        entry, changed = self._fresh(self.filters, key)
        if changed is None:
            codes, statuses = combine(fw, state, pod_info, plugins, len(cache.node_list))
            entry = _Entry(codes, statuses, cache.layout, cache.changes_base + len(cache.changes))
            self._store(self.filters, key, entry)
            return entry.values, entry.statuses
        nodes = cache.node_list
        for i in changed:
            s = fw.run_filters(state, pod_info, nodes[i], plugins)
            if s.is_success:
                entry.values[i] = 0
                continue
            code = entry.index.get((s.plugin, s.code, s.reasons))
            if code is None:
                entry.statuses.append(s)
                code = entry.index[(s.plugin, s.code, s.reasons)] = len(entry.statuses)
            entry.values[i] = code
        return entry.values, entry.statuses

    def scores_of(self, plugin, key, state, pod_info):
        """Raw scores of ``plugin`` for every node (kept per key; refreshed where nodes changed)."""
        cache = self.fw.cache
        store_key = (plugin.name, key)
        entry, changed = self._fresh(self.scores, store_key)
        if changed is None:
            values = np.asarray(plugin.score_all(state, pod_info, cache, slice(None)), dtype=np.int64)
            entry = _Entry(values, [], cache.layout, cache.changes_base + len(cache.changes))
            self._store(self.scores, store_key, entry)
        elif changed:
            if len(changed) <= SCALAR_REFRESH:
                nodes = cache.node_list
                for i in changed:
                    entry.values[i] = plugin.score(state, pod_info, nodes[i])
            else:
                rows = np.fromiter(changed, dtype=np.int64, count=len(changed))
                entry.values[rows] = plugin.score_all(state, pod_info, cache, rows)
        return entry.values


def combine(fw, state, pod_info, plugins, n: int, codes=None, statuses=None):
    """Merge the plugins' verdicts over all ``n`` nodes: each node keeps its first rejection."""
    cache = fw.cache
    if codes is None:
        codes, statuses = np.zeros(n, dtype=np.int16), []
    else:
        codes, statuses = codes.copy(), list(statuses)
    for p in plugins:
        found = p.filter_all(state, pod_info, cache, slice(None)) if p.filter_all is not None else \
            _scalar(fw, state, pod_info, p, codes)
        if found is None:
            continue
        pcodes, pstatuses = found
        offset = len(statuses)
        statuses.extend(s.with_plugin(p.name) for s in pstatuses)
        hit = (codes == 0) & (pcodes != 0)
        if hit.any():
            codes[hit] = pcodes[hit] + offset
    return codes, statuses


def _scalar(fw, state, pod_info, plugin, codes):
    """A plugin without ``filter_all``: node by node, on the nodes still passing."""
    out = np.zeros(len(codes), dtype=np.int16)
    statuses: list[Status] = []
    seen: dict = {}
    nodes = fw.cache.node_list
    for i in np.flatnonzero(codes == 0).tolist():
        s = plugin.filter(state, pod_info, nodes[i])
        if not s.is_success:
            k = seen.get((s.code, s.reasons))
            if k is None:
                statuses.append(s)
                k = seen[(s.code, s.reasons)] = len(statuses)
            out[i] = k
    return (out, statuses) if statuses else None


def scan(codes, start: int, to_find: int):
    """The first ``to_find`` nodes with code 0 in round-robin order from ``start``.

    Returns (their positions, how many nodes the node-by-node loop would have looked at).
    """
    n = len(codes)
    window = min(n - start, to_find + (to_find >> 3) + 32)
    found = np.flatnonzero(codes[start:start + window] == 0)
    if len(found) >= to_find:
        found = found[:to_find]
        return found + start, int(found[-1]) + 1
    order = np.concatenate((np.flatnonzero(codes[start:] == 0) + start, np.flatnonzero(codes[:start] == 0)))
    if len(order) >= to_find:
        order = order[:to_find]
        return order, (int(order[-1]) - start) % n + 1
    return order, n


class Diagnosis(Mapping):
    """node name -> the Status that rejected it, for the nodes the scan looked at (lazily built).

    ``codes`` hold, per node position, 0 (passed) or ``k`` for ``statuses[k - 1]``; ``overrides``
    are node-by-node verdicts (nodes with nominated pods) that replace the codes.
    """

    def __init__(self, names, codes, statuses, start: int, processed: int, overrides: dict | None = None):
        self.names, self.codes, self.statuses = names, codes, statuses
        self.start, self.processed = start, processed
        self.overrides = overrides or {}
        self._positions = None
        self._map = None

    def _window(self):
        n = len(self.codes)
        if self.processed >= n:
            return self.codes, 0
        end = self.start + self.processed
        if end <= n:
            return self.codes[self.start:end], self.start
        return None, None

    def _build(self):
        if self._map is None:
            out = {}
            n = len(self.codes)
            for j in range(self.processed):
                i = (self.start + j) % n
                name = self.names[i]
                if name in self.overrides:
                    s = self.overrides[name]
                    if not s.is_success:
                        out[name] = s
                elif self.codes[i]:
                    out[name] = self.statuses[self.codes[i] - 1]
            self._map = out
        return self._map

    def __getitem__(self, name):
        return self._build()[name]

    def __iter__(self):
        return iter(self._build())

    def __len__(self):
        return len(self._build())

    def histogram(self):
        """[(status, number of nodes)] over the scanned nodes (what FitError's message counts)."""
        window, _ = self._window()
        if window is None or self.overrides:
            counts: dict = {}
            for s in self._build().values():
                counts[id(s)] = (s, counts.get(id(s), (s, 0))[1] + 1)
            return list(counts.values())
        tally = np.bincount(window, minlength=len(self.statuses) + 1)[1:]
        return [(self.statuses[j], int(tally[j])) for j in np.flatnonzero(tally).tolist()]

    def rejecting_plugins(self) -> set[str]:
        return {s.plugin for s, _ in self.histogram() if s.plugin}


__all__ = ["Diagnosis", "Kept", "combine", "scan"]
