"""The scheduling framework: extension points, statuses, cycle state (kube-scheduler ``framework``).

Models ``pkg/scheduler/framework`` of kube-scheduler: a *profile* is an ordered list of plugins, each
implementing some of the extension points

    PreEnqueue, QueueSort, PreFilter, Filter, PostFilter, PreScore, Score, NormalizeScore,
    Reserve, Permit, PreBind, Bind

and every verdict is a returned :class:`Status` — never an exception. ``Status`` codes are the
upstream ones (Success, Error, Unschedulable, UnschedulableAndUnresolvable, Wait, Skip); a status
carries its reason strings (the texts that end up in ``FailedScheduling`` events) and the name of
the plugin that produced it.

A plugin is a class deriving from :class:`Plugin` and overriding the hooks it implements; the
framework (``runtime.py``) only calls the hooks a plugin actually overrides, in profile order.

Optional *batch* hooks are this simulator's own (there is no upstream counterpart); they are pure
speed-ups that must agree exactly with the per-node hooks (tests run both paths and compare every
placement and explanation); a plugin without them is simply run node by node:

* ``filter_all(state, pod_info, cache, rows)`` → ``(codes, statuses)`` or None (every row passes):
  ``codes`` a numpy int array over ``rows`` (a slice or index array into ``cache.node_list``), 0 for
  a node that passes, ``k`` for one that ``statuses[k - 1]`` rejects;
* ``score_all(state, pod_info, cache, rows)`` → the raw scores of ``rows`` (numpy int64);
* ``filter_key(state, pod_info)`` / ``score_key(state, pod_info)`` → a hashable key when the verdict
  (score) on a node depends only on that key and the node's own object and pods — then the numpy
  path keeps the answers per pod shape and refreshes only the nodes that changed — or None when it
  depends on other nodes (InterPodAffinity, PodTopologySpread);
* ``pod_dependence``: how Filter depends on the pods already on the node — ``""`` not at all,
  ``"resources"`` only through ``nodeinfo.fit_reasons`` (NodeResourcesFit), ``"pods"`` otherwise;
  preemption's what-if arithmetic needs it; ``score_reads_pods`` the same for Score (False: only
  the node object matters, so a binding does not make its kept scores stale).

PreFilterResult: a PreFilter plugin that limits the pod to a set of node names (NodeAffinity, for
a required ``matchFields`` ``metadata.name In`` in every term — DaemonSet pods) calls
``state.narrow(plugin, names)``; the sets of several plugins intersect, an empty intersection is
``node(s) didn't satisfy plugin <P>`` (``plugin(s) [P Q] simultaneously`` for several). Filter then
runs on the named nodes that exist only; every other node counts as rejected with
``node(s) didn't satisfy plugin(s) [P]`` (UnschedulableAndUnresolvable) in the FitError histogram.

Deliberate differences: no Wait/Permit timeouts (Permit may only allow or reject); the named nodes
are visited in node-list order (upstream walks a Go set, in no fixed order).

>>> s = Status.unschedulable("Insufficient cpu", "Insufficient memory")
>>> s.code, s.message, s.is_rejected
('Unschedulable', 'Insufficient cpu, Insufficient memory', True)
>>> Status.success().is_success, Status.skip().is_skip
(True, True)
"""

from __future__ import annotations

from typing import Any

# Status codes (framework.Code).
SUCCESS = "Success"
ERROR = "Error"
UNSCHEDULABLE = "Unschedulable"
UNSCHEDULABLE_AND_UNRESOLVABLE = "UnschedulableAndUnresolvable"
WAIT = "Wait"
SKIP = "Skip"

MAX_NODE_SCORE = 100
MIN_NODE_SCORE = 0

# Cluster events a plugin can register for (framework.ClusterEvent, resource/action collapsed).
NODE_ADD = "NodeAdd"
NODE_LABEL = "NodeLabelChange"
NODE_TAINT = "NodeTaintChange"
NODE_ALLOCATABLE = "NodeAllocatableChange"
NODE_CONDITION = "NodeConditionChange"
NODE_SPEC_UNSCHEDULABLE = "NodeSpecUnschedulableChange"
NODE_IMAGES = "NodeImagesChange"
ASSIGNED_POD_ADD = "AssignedPodAdd"
ASSIGNED_POD_UPDATE = "AssignedPodUpdate"
ASSIGNED_POD_DELETE = "AssignedPodDelete"
PVC_CHANGE = "PersistentVolumeClaimChange"
WILDCARD = "*"
NODE_EVENTS = (NODE_ADD, NODE_LABEL, NODE_TAINT, NODE_ALLOCATABLE, NODE_CONDITION,
               NODE_SPEC_UNSCHEDULABLE, NODE_IMAGES)


class Status:
    """A plugin's verdict: code, reasons (texts) and the plugin that produced it."""

    __slots__ = ("code", "reasons", "plugin")

    def __init__(self, code: str = SUCCESS, reasons: tuple[str, ...] | list[str] = (), plugin: str = ""):
        self.code = code
        self.reasons = tuple(reasons)
        self.plugin = plugin

    @classmethod
    def success(cls) -> "Status":
        return _SUCCESS

    @classmethod
    def skip(cls) -> "Status":
        return _SKIP

    @classmethod
    def unschedulable(cls, *reasons: str) -> "Status":
        return cls(UNSCHEDULABLE, reasons)

    @classmethod
    def unresolvable(cls, *reasons: str) -> "Status":
        return cls(UNSCHEDULABLE_AND_UNRESOLVABLE, reasons)

    @classmethod
    def error(cls, *reasons: str) -> "Status":
        return cls(ERROR, reasons)

    def with_plugin(self, plugin: str) -> "Status":
        if self.code in (SUCCESS, SKIP) or self.plugin == plugin:
            return self
        return Status(self.code, self.reasons, plugin)

    @property
    def is_success(self) -> bool:
        return self.code == SUCCESS

    @property
    def is_skip(self) -> bool:
        return self.code == SKIP

    @property
    def is_rejected(self) -> bool:
        return self.code in (UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE)

    @property
    def message(self) -> str:
        return ", ".join(self.reasons)

    def __repr__(self) -> str:
        who = f" by {self.plugin}" if self.plugin else ""
        return f"Status({self.code}{who}: {self.message!r})" if self.reasons else f"Status({self.code}{who})"

    def __eq__(self, other):
        return isinstance(other, Status) and (self.code, self.reasons) == (other.code, other.reasons)

    def __hash__(self):
        return hash((self.code, self.reasons))


_SUCCESS = Status(SUCCESS)
_SKIP = Status(SKIP)


class CycleState:
    """Per-scheduling-cycle scratch space: plugins store what PreFilter/PreScore computed.

    ``skip_filter`` / ``skip_score`` hold the plugins whose PreFilter / PreScore returned Skip;
    the framework leaves their Filter / Score out for this cycle, as upstream.
    """

    __slots__ = ("data", "skip_filter", "skip_score", "record", "fast", "node_names", "narrowed_by")

    def __init__(self, fast: bool = False):
        self.node_names: frozenset | None = None    # PreFilterResult: None = all nodes
        self.narrowed_by: tuple[str, ...] = ()      # the plugins that returned a node set
        self.data: dict[str, Any] = {}
        self.skip_filter: set[str] = set()
        self.skip_score: set[str] = set()
        self.record = True
        self.fast = fast            # the numpy path: PreFilter/PreScore may read the cache's indexes

    def read(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def write(self, key: str, value: Any) -> None:
        self.data[key] = value

    def narrow(self, plugin: str, names) -> None:
        """A PreFilterResult: ``plugin`` limits the pod to the nodes named ``names`` (``Merge``: the
        sets of several plugins intersect).

        >>> s = CycleState(); s.narrow("A", ["n1", "n2"]); s.narrow("B", ["n2", "n3"])
        >>> sorted(s.node_names), s.narrowed_by
        (['n2'], ('A', 'B'))
        """
        names = frozenset(names)
        self.node_names = names if self.node_names is None else self.node_names & names
        self.narrowed_by += (plugin,)

    def clone(self) -> "CycleState":
        c = CycleState()
        c.data = dict(self.data)
        c.skip_filter = set(self.skip_filter)
        c.skip_score = set(self.skip_score)
        c.record = self.record
        c.fast = self.fast
        c.node_names = self.node_names
        c.narrowed_by = self.narrowed_by
        return c


class Plugin:
    """Base of every plugin. Override the hooks the plugin implements; leave the rest alone.

    ``handle`` is the framework handle (:class:`k8scourse.scheduler.runtime.Framework`): the node
    cache (``handle.cache``), the API server (``handle.api``), the event recorder and the
    cluster RNG. Plugins never import each other; what they share lives in ``nodeinfo`` and
    ``helpers``.
    """

    name = "Plugin"
    # Cluster events after which a pod this plugin rejected may fit (EventsToRegister).
    events: tuple[str, ...] = ()

    def __init__(self, handle):
        self.handle = handle

    # PreEnqueue: may the pod enter the active queue at all?
    def pre_enqueue(self, pod_info) -> Status:  # pragma: no cover - interface
        return Status.success()

    # QueueSort: a sort key; smaller keys are popped first.
    def queue_sort_key(self, queued) -> tuple:  # pragma: no cover - interface
        raise NotImplementedError

    def pre_filter(self, state: CycleState, pod_info) -> Status:  # pragma: no cover - interface
        return Status.success()

    def filter(self, state: CycleState, pod_info, node_info) -> Status:  # pragma: no cover - interface
        return Status.success()

    # Batch hooks (optional speed-ups, see the module docstring).
    filter_all = None
    filter_key = None
    score_all = None
    score_key = None
    pod_dependence = ""
    score_reads_pods = True

    def post_filter(self, state: CycleState, pod_info, diagnosis):  # pragma: no cover - interface
        """Returns (nominated node name or None, Status)."""
        return None, Status(UNSCHEDULABLE)

    def pre_score(self, state: CycleState, pod_info, nodes: list) -> Status:  # pragma: no cover
        return Status.success()

    def score(self, state: CycleState, pod_info, node_info) -> int:  # pragma: no cover - interface
        return 0

    # normalize_scores(state, pod_info, scores) -> scores (a list, or a numpy array in the fast path).
    normalize_scores = None

    def reserve(self, state: CycleState, pod_info, node_name: str) -> Status:  # pragma: no cover
        return Status.success()

    def unreserve(self, state: CycleState, pod_info, node_name: str) -> None:  # pragma: no cover
        return None

    def permit(self, state: CycleState, pod_info, node_name: str) -> Status:  # pragma: no cover
        return Status.success()

    def pre_bind(self, state: CycleState, pod_info, node_name: str) -> Status:  # pragma: no cover
        return Status.success()

    def bind(self, state: CycleState, pod_info, node_name: str) -> Status:  # pragma: no cover
        return Status.skip()


def count_nonzero(a) -> int:
    """``numpy.count_nonzero`` (much cheaper than ``ndarray.any()`` on short arrays); numpy imported on use."""
    import numpy as np
    return np.count_nonzero(a)


def batch_codes(bad, status: Status):
    """``filter_all``'s answer when one status rejects the rows where ``bad`` (a numpy bool array) holds."""
    if not count_nonzero(bad):
        return None
    return bad.view("int8"), [status]


def batch_scalar(plugin: Plugin, state: CycleState, pod_info, cache, positions, only=None):
    """``filter_all``'s answer computed node by node with ``plugin.filter`` on ``positions`` (an
    int sequence into ``cache.node_list``); returns codes over ``positions``. ``only``: a numpy bool
    array over ``positions`` — the other nodes pass without a call (those the plugin cannot reject)."""
    import numpy as np
    codes = np.zeros(len(positions), dtype=np.int16)
    statuses: list[Status] = []
    seen: dict = {}
    nodes = cache.node_list
    for j in (range(len(positions)) if only is None else only.nonzero()[0].tolist()):
        s = plugin.filter(state, pod_info, nodes[positions[j]])
        if not s.is_success:
            k = seen.get((s.code, s.reasons))
            if k is None:
                statuses.append(s)
                k = seen[(s.code, s.reasons)] = len(statuses)
            codes[j] = k
    return (codes, statuses) if statuses else None


def rows_positions(cache, rows):
    """The node positions ``rows`` (a slice or an index array) stands for, as a list of ints."""
    if isinstance(rows, slice):
        return list(range(len(cache.node_list)))[rows]
    return rows.tolist()


def implements(plugin: Plugin, hook: str) -> bool:
    """Does ``plugin`` override ``hook`` (so the framework should call it)?"""
    mine = getattr(type(plugin), hook, None)
    return mine is not None and mine is not getattr(Plugin, hook, None)


_FULL: dict = {}


def full_scores(n: int):
    """A read-only numpy array of ``n`` times MAX_NODE_SCORE (shared: normalised scores are not mutated)."""
    found = _FULL.get(n)
    if found is None:
        import numpy as np
        if len(_FULL) > 64:
            _FULL.clear()
        found = _FULL[n] = np.full(n, MAX_NODE_SCORE, dtype=np.int64)
        found.flags.writeable = False
    return found


def default_normalize(scores, reverse: bool = False):
    """``helper.DefaultNormalizeScore``: scale so the highest becomes 100 (``reverse``: 100 − that).

    Works on a list or a numpy array (same integer arithmetic).

    >>> default_normalize([0, 2, 4]), default_normalize([0, 1], reverse=True), default_normalize([0, 0], True)
    ([0, 50, 100], [100, 0], [100, 100])
    """
    if isinstance(scores, list):
        top = max(scores) if scores else 0
        if top <= 0:
            return [MAX_NODE_SCORE] * len(scores) if reverse else scores
        out = [MAX_NODE_SCORE * s // top for s in scores]
        return [MAX_NODE_SCORE - s for s in out] if reverse else out
    top = scores.max().item() if len(scores) else 0
    if top <= 0:
        return full_scores(len(scores)) if reverse else scores
    out = MAX_NODE_SCORE * scores // top
    return MAX_NODE_SCORE - out if reverse else out


NO_NODES_MESSAGE = "no nodes available to schedule pods"


def narrowing_message(plugins, empty: bool) -> str:
    """The status text for nodes a PreFilterResult left out (``empty``: the intersection of the
    plugins' node sets is empty, a PreFilter rejection).

    >>> narrowing_message(["NodeAffinity"], False), narrowing_message(["NodeAffinity"], True)
    ("node(s) didn't satisfy plugin(s) [NodeAffinity]", "node(s) didn't satisfy plugin NodeAffinity")
    >>> narrowing_message(["B", "A"], True)
    "node(s) didn't satisfy plugin(s) [A B] simultaneously"
    """
    names = sorted(set(plugins))
    if not empty:
        return "node(s) didn't satisfy plugin(s) [%s]" % " ".join(names)
    if len(names) == 1:
        return "node(s) didn't satisfy plugin " + names[0]
    return "node(s) didn't satisfy plugin(s) [%s] simultaneously" % " ".join(names)


def fit_error_message(num_nodes: int, statuses, prefilter_message: str = "", post_filter_message: str = "") -> str:
    """``FitError.Error()``: ``0/N nodes are available: <histogram>.`` (+ `` <post filter>``).

    The histogram counts each reason once per node that gave it, prints ``<count> <reason>`` and
    sorts those strings; a PreFilter rejection's message replaces the histogram. ``statuses`` is one
    status per node, or ``(status, number of nodes)`` pairs.

    >>> fit_error_message(3, [Status.unschedulable("Insufficient cpu")] * 2 + [Status.unresolvable("b")])
    '0/3 nodes are available: 1 b, 2 Insufficient cpu.'
    >>> fit_error_message(3, [(Status.unschedulable("Insufficient cpu"), 2), (Status.unresolvable("b"), 1)])
    '0/3 nodes are available: 1 b, 2 Insufficient cpu.'
    """
    text = f"0/{num_nodes} nodes are available:"
    if prefilter_message:
        text += f" {prefilter_message}."
    else:
        counts: dict[str, int] = {}
        for entry in statuses:
            status, times = entry if isinstance(entry, tuple) else (entry, 1)
            for reason in status.reasons:
                counts[reason] = counts.get(reason, 0) + times
        if counts:
            text += " " + ", ".join(sorted(f"{n} {r}" for r, n in counts.items())) + "."
    if post_filter_message:
        text += " " + post_filter_message
    return text
