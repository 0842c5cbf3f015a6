"""The numpy path of one scheduling attempt: every node at once, answers kept per pod shape.

No upstream counterpart (kube-scheduler parallelises Filter and Score over 16 goroutines); the
node-by-node path in ``algorithm`` is the reference, and this one must reach the same decisions:
the same feasible nodes in the same round-robin order, the same scores, the same RNG draws and the
same per-node statuses for ``explain`` (tests compare both on every scheduler_perf shape).

* **Node-local answers are kept.** A Filter or Score plugin with a ``filter_key``/``score_key``
  answers from the pod's key and the node's own state only; its answers for every node are kept
  per key (a *shape*: all replicas of a Deployment share one) and refreshed only for the nodes the
  cache logged as changed since (``cache.changes``) — after one binding, one node. The leading
  node-local filters are kept combined (the first rejecting plugin per node, as ``RunFilterPlugins``);
  the node-local Score plugins are kept together, one row each, with each node's sum of weight × raw
  score over those that are not normalised, so a cycle reads the scan's window once. When only a
  node's pods changed, only the plugins that read a node's pods run on it again.
* **Other plugins** (InterPodAffinity, PodTopologySpread) answer every cycle with ``filter_all`` /
  ``score_all`` over the cache's pod index.
* **The scan** finds the first ``numFeasibleNodesToFind`` passing nodes from the round-robin start,
  as the node-by-node loop would; nodes with nominated pods are filtered again with them (in
  arithmetic when resource fit is the only filter reading a node's pods, else node by node).
* **The diagnosis** (which plugin rejected each node, with what status) stays as an array of codes
  and is turned into per-node statuses only when read (:class:`Diagnosis`: ``explain``, the
  ``FailedScheduling`` histogram, preemption); a scan whose window passes whole diagnoses nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

import numpy as np

from ..defaults import SCHEDULER_KEPT_SHAPES as MAX_SHAPES, SCHEDULER_SCALAR_REFRESH as SCALAR_REFRESH
from .framework import SUCCESS, Status, batch_scalar


class Verdicts:
    """Filter verdicts over every node: one code array per plugin (0 = passes) into one shared
    status table (statuses carry their plugin), and ``combined``: each node's first rejection."""

    __slots__ = ("plugins", "codes", "statuses", "index", "combined", "layout", "position")

    def __init__(self):
        self.plugins: list = []
        self.codes: list = []
        self.statuses: list[Status] = []
        self.index: dict = {}
        self.combined = None
        self.layout = self.position = 0

    def code_of(self, s: Status) -> int:
        key = (s.plugin, s.code, s.reasons)
        k = self.index.get(key)
        if k is None:
            self.statuses.append(s)
            k = self.index[key] = len(self.statuses)
        return k

    def add(self, plugin, found, n: int) -> None:
        """One plugin's ``filter_all`` answer (codes into its own statuses), or None: all pass."""
        if found is None:
            codes = np.zeros(n, dtype=np.int16)
        else:
            local, statuses = found
            table = np.array([0] + [self.code_of(s.with_plugin(plugin.name)) for s in statuses], dtype=np.int16)
            codes = table[local]
        self.plugins.append(plugin)
        self.codes.append(codes)

    def finish(self) -> "Verdicts":
        combined = None
        for codes in reversed(self.codes):
            combined = codes.copy() if combined is None else np.where(codes != 0, codes, combined)
        self.combined = combined
        return self

    def refresh(self, fw, state, pod_info, i: int, node_changed: bool = True) -> None:
        """Node ``i`` changed: run its plugins on it again (only those that read a node's pods when
        just its pods changed)."""
        ni = fw.cache.node_list[i]
        first = 0
        for p, codes in zip(self.plugins, self.codes):
            if node_changed or p.pod_dependence:
                s = p.filter(state, pod_info, ni)
                k = 0 if s.code == SUCCESS else self.code_of(s.with_plugin(p.name))
                if codes.item(i) != k:
                    codes[i] = k
            elif not first:
                k = codes.item(i)
            else:
                continue
            if not first:
                first = k
        if self.combined.item(i) != first:
            self.combined[i] = first


def verdicts(fw, state, pod_info, plugins, n: int) -> Verdicts:
    """Every plugin's verdict on every node (``filter_all``, else node by node)."""
    v = Verdicts()
    for p in plugins:
        v.add(p, p.filter_all(state, pod_info, fw.cache, slice(None)) if p.filter_all is not None else
              batch_scalar(p, state, pod_info, fw.cache, range(n)), n)
    return v.finish()


class _Group:
    """Raw scores of several node-local Score plugins (one row each) and, per node, the sum of
    weight × raw over those whose scores are not normalised (``weights`` 0 for the others)."""

    __slots__ = ("values", "weights", "total", "layout", "position")

    def __init__(self, values, weights):
        self.values, self.weights = values, weights
        self.total = np.zeros(values.shape[1], dtype=np.int64)
        for j, w in enumerate(weights):
            if w:
                self.total += values[j] * w

    def refresh(self, pairs, state, pod_info, cache, changed: dict) -> None:
        """``changed``: node index -> whether the node object changed (else only its pods)."""
        values, weights, total = self.values, self.weights, self.total
        if len(changed) <= SCALAR_REFRESH:
            nodes = cache.node_list
            for i, node_changed in changed.items():
                for j, (p, _, _) in enumerate(pairs):
                    if node_changed or p.score_reads_pods:
                        v = p.score(state, pod_info, nodes[i])
                        old = values.item(j, i)
                        if v != old:
                            values[j, i] = v
                            if weights[j]:
                                total[i] = total.item(i) + weights[j] * (v - old)
            return
        rows = np.fromiter(changed, dtype=np.int64, count=len(changed))
        t = np.zeros(len(rows), dtype=np.int64)
        for j, (p, _, _) in enumerate(pairs):
            values[j, rows] = p.score_all(state, pod_info, cache, rows)
            if weights[j]:
                t += values[j, rows] * weights[j]
        total[rows] = t


class Kept:
    """Per-framework store of node-local answers, keyed by plugin(s) and pod shape."""

    def __init__(self, fw):
        self.fw = fw
        self.filters: OrderedDict = OrderedDict()
        self.groups: OrderedDict = OrderedDict()

    def _fresh(self, store, key, reads_pods: bool = True):
        """The kept entry and the nodes changed since it was brought up to date (None: rebuild).
        ``reads_pods=False``: changes of a node's pods alone do not matter to this entry."""
        cache = self.fw.cache
        entry = store.get(key)
        if entry is None or entry.layout != cache.layout or entry.position < cache.changes_base:
            return entry, None
        store.move_to_end(key)
        start = entry.position - cache.changes_base
        changed = cache.changes[start:] if start < len(cache.changes) else ()
        entry.position = cache.changes_base + len(cache.changes)
        if not changed:
            return entry, ()
        if reads_pods:
            return entry, {c >> 1 for c in changed}
        return entry, {c >> 1 for c in changed if not c & 1}

    def _changes(self, store, key):
        """Like ``_fresh``, but the changed nodes as a dict: index -> whether the node object
        changed (False: only its pods)."""
        cache = self.fw.cache
        entry = store.get(key)
        if entry is None or entry.layout != cache.layout or entry.position < cache.changes_base:
            return entry, None
        store.move_to_end(key)
        start = entry.position - cache.changes_base
        changes = cache.changes
        entry.position = cache.changes_base + len(changes)
        if start >= len(changes):
            return entry, {}
        out: dict = {}
        for c in changes[start:]:
            i = c >> 1
            out[i] = out.get(i, False) or not c & 1
        return entry, out

    def _store(self, store, key, entry):
        entry.layout = self.fw.cache.layout
        entry.position = self.fw.cache.changes_base + len(self.fw.cache.changes)
        store[key] = entry
        while len(store) > MAX_SHAPES:
            store.popitem(last=False)

    def filter_verdicts(self, state, pod_info, plugins, keys) -> Verdicts:
        """The node-local ``plugins``' verdicts on every node, kept per key (do not modify)."""
        fw = self.fw
        key = (tuple(plugins), tuple(keys))
        entry, changed = self._changes(self.filters, key)
        if changed is None:
            entry = verdicts(fw, state, pod_info, plugins, len(fw.cache.node_list))
            self._store(self.filters, key, entry)
        else:
            for i, node_changed in changed.items():
                entry.refresh(fw, state, pod_info, i, node_changed)
        return entry

    def score_group(self, pairs, state, pod_info) -> _Group:
        """The raw scores of ``pairs`` ([(plugin, score key, weight)]) for every node, kept per keys
        and refreshed where nodes changed (do not modify)."""
        cache = self.fw.cache
        store_key = tuple([(p.name, key) for p, key, _ in pairs])
        entry, changed = self._changes(self.groups, store_key)
        if changed is None:
            values = np.empty((len(pairs), len(cache.node_list)), dtype=np.int64)
            for j, (p, _, _) in enumerate(pairs):
                values[j] = p.score_all(state, pod_info, cache, slice(None))
            entry = _Group(values, [0 if p.normalize_scores is not None else w for p, _, w in pairs])
            self._store(self.groups, store_key, entry)
        elif changed:
            entry.refresh(pairs, state, pod_info, cache, changed)
        return entry


_ARANGE = np.arange(0)
_NO_POSITIONS = np.zeros(0, dtype=np.int64)
_NO_CODES = np.zeros(0, dtype=np.int16)
_NO_POSITIONS.flags.writeable = _NO_CODES.flags.writeable = False


def positions_between(start: int, stop: int):
    """``np.arange(start, stop)`` as a read-only view of one shared array (no allocation)."""
    global _ARANGE
    if stop > len(_ARANGE):
        _ARANGE = np.arange(max(stop, 2 * len(_ARANGE)), dtype=np.int64)
        _ARANGE.flags.writeable = False
    return _ARANGE[start:stop]


def scan(codes, start: int, to_find: int):
    """The first ``to_find`` nodes with code 0 in round-robin order from ``start``.

    Returns (their positions, how many nodes the node-by-node loop would have looked at).
    """
    n = len(codes)
    if start + to_find <= n and not np.count_nonzero(codes[start:start + to_find]):
        return positions_between(start, start + to_find), to_find      # every node of the window passes
    window = min(n - start, to_find + (to_find >> 3) + 32)
    found = (codes[start:start + window] == 0).nonzero()[0]
    if len(found) >= to_find:
        found = found[:to_find]
        return found + start, int(found[-1]) + 1
    order = np.concatenate(((codes[start:] == 0).nonzero()[0] + start, (codes[:start] == 0).nonzero()[0]))
    if len(order) >= to_find:
        order = order[:to_find]
        return order, (int(order[-1]) - start) % n + 1
    return order, n


class Diagnosis(Mapping):
    """node name -> the Status that rejected it, for the nodes the scan looked at (built when read).

    Keeps only the rejected nodes of the scanned window: their positions and codes (``k`` for
    ``statuses[k - 1]``), taken from the full code array at the time of the attempt.
    """

    def __init__(self, names, codes, statuses, start: int, processed: int, clean: bool = False):
        n = len(codes)
        self.names, self.statuses = names, statuses
        self.processed, self.num_nodes = processed, n
        self._map = None
        self._histogram = None
        if clean:                       # the scan found no rejection in its window
            self.positions, self.codes = _NO_POSITIONS, _NO_CODES
            return
        if processed >= n:
            bad = codes.nonzero()[0]
        elif start + processed <= n:
            bad = codes[start:start + processed].nonzero()[0] + start
        else:
            bad = np.concatenate((codes[start:].nonzero()[0] + start, codes[:start + processed - n].nonzero()[0]))
        self.positions, self.codes = bad, codes[bad]

    def _build(self):
        if self._map is None:
            statuses, names = self.statuses, self.names
            self._map = {names[i]: statuses[k - 1] for i, k in zip(self.positions.tolist(), self.codes.tolist())}
        return self._map

    def __getitem__(self, name):
        return self._build()[name]

    def __iter__(self):
        return iter(self._build())

    def __len__(self):
        return len(self.positions)

    def histogram(self):
        """[(status, number of nodes)] over the rejected nodes (what FitError's message counts)."""
        if self._histogram is None:
            if not len(self.codes):
                self._histogram = []
            else:
                tally = np.bincount(self.codes, minlength=len(self.statuses) + 1)[1:]
                self._histogram = [(self.statuses[j], int(tally[j])) for j in tally.nonzero()[0].tolist()]
        return self._histogram

    def rejecting_plugins(self) -> set[str]:
        return {s.plugin for s, _ in self.histogram() if s.plugin}


__all__ = ["Diagnosis", "Kept", "Verdicts", "scan", "verdicts"]
