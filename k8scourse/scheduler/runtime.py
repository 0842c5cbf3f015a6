"""The framework runtime: one profile's plugins, run extension point by extension point.

Models ``pkg/scheduler/framework/runtime`` and the default profile of
``pkg/scheduler/apis/config/v1/default_plugins.go``: the plugins below, in this order, with these
score weights (TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2,
InterPodAffinity 2, NodeResourcesBalancedAllocation 1, ImageLocality 1):

    SchedulingGates, PrioritySort, NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
    NodePorts, NodeResourcesFit, VolumeRestrictions, VolumeBinding, PodTopologySpread,
    InterPodAffinity, DefaultPreemption, NodeResourcesBalancedAllocation, ImageLocality,
    DefaultBinder

Filter plugins run in that order on a node and stop at the first rejection (so a node contributes
the reasons of one plugin), as upstream's ``RunFilterPlugins``. A plugin whose PreFilter (PreScore)
returned Skip is left out of Filter (Score) for the cycle.

Deliberate differences: NodeVolumeLimits and VolumeZone are not modelled (no CSI drivers, no
zonal volumes); filters run once with the nominated pods of equal or higher priority added to the
node (upstream runs them a second time without, which only matters for pod affinity).

>>> from k8scourse.scheduler.cache import SchedulerCache
>>> fw = Framework(api=None, recorder=None, cache=SchedulerCache(), rng=None)
>>> [p.name for p in fw.score_plugins], [fw.weights[p.name] for p in fw.score_plugins]
(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation', 'ImageLocality'], [3, 2, 1, 2, 2, 1, 1])
"""

from __future__ import annotations

from .framework import ERROR, SKIP, SUCCESS, CycleState, Plugin, Status, implements, narrowing_message
from .plugins.balanced_allocation import BalancedAllocation
from .plugins.default_binder import DefaultBinder
from .plugins.default_preemption import DefaultPreemption
from .plugins.image_locality import ImageLocality
from .plugins.inter_pod_affinity import InterPodAffinity
from .plugins.node_affinity import NodeAffinity
from .plugins.node_name import NodeName
from .plugins.node_ports import NodePorts
from .plugins.node_resources_fit import NodeResourcesFit
from .plugins.node_unschedulable import NodeUnschedulable
from .plugins.pod_topology_spread import PodTopologySpread
from .plugins.priority_sort import PrioritySort
from .plugins.scheduling_gates import SchedulingGates
from .plugins.taint_toleration import TaintToleration
from .plugins.volume_binding import VolumeBinding
from .plugins.volume_restrictions import VolumeRestrictions

DEFAULT_PLUGINS: tuple[tuple[type, int], ...] = (
    (SchedulingGates, 0), (PrioritySort, 0), (NodeUnschedulable, 0), (NodeName, 0),
    (TaintToleration, 3), (NodeAffinity, 2), (NodePorts, 0), (NodeResourcesFit, 1),
    (VolumeRestrictions, 0), (VolumeBinding, 0), (PodTopologySpread, 2), (InterPodAffinity, 2),
    (DefaultPreemption, 0), (BalancedAllocation, 1), (ImageLocality, 1), (DefaultBinder, 0),
)


class Framework:
    """One profile (``default-scheduler``) and the handle its plugins see."""

    def __init__(self, api, recorder, cache, rng, profile_name: str = "default-scheduler",
                 plugins: tuple[tuple[type, int], ...] = DEFAULT_PLUGINS):
        self.api, self.recorder, self.cache, self.rng = api, recorder, cache, rng
        self.profile_name = profile_name
        self.plugins: list[Plugin] = [cls(self) for cls, _ in plugins]
        self.weights = {p.name: w for p, (_, w) in zip(self.plugins, plugins)}
        self.by_name = {p.name: p for p in self.plugins}
        hook = lambda h: [p for p in self.plugins if implements(p, h)]  # noqa: E731
        self.pre_enqueue_plugins = hook("pre_enqueue")
        self.queue_sort = hook("queue_sort_key")[0]
        self.pre_filter_plugins = hook("pre_filter")
        self.filter_plugins = hook("filter")
        self.post_filter_plugins = hook("post_filter")
        self.pre_score_plugins = hook("pre_score")
        self.score_plugins = [p for p in hook("score") if self.weights.get(p.name)]
        self.scoring_pre_score_plugins = [p for p in self.pre_score_plugins if p in self.score_plugins]
        self.reserve_plugins = hook("reserve")
        self.permit_plugins = hook("permit")
        self.pre_bind_plugins = hook("pre_bind")
        self.bind_plugins = hook("bind")
        self._kept = None
        self._active: dict = {}             # (extension point, skipped plugin names) -> active plugins
        self._last_active: dict = {}        # extension point -> (the last skipped names, their active list)
        self._weights_of: dict = {}
        self._filter_names: dict = {}       # id(active filter list) -> (that list, its plugin names)
        self._last_trail: list = []         # the last complete PreFilter trail (shared, read-only)

    def kept(self):
        """The numpy path's node-local answers per pod shape (``batch.Kept``), made on first use."""
        if self._kept is None:
            from .batch import Kept
            self._kept = Kept(self)
        return self._kept

    # ------------------------------------------------------------------ queueing
    def run_pre_enqueue(self, pod_info) -> Status:
        for pl in self.pre_enqueue_plugins:
            s = pl.pre_enqueue(pod_info)
            if not s.is_success:
                return s.with_plugin(pl.name)
        return Status.success()

    def events_for(self, plugin_names) -> set[str]:
        events: set[str] = set()
        for name in plugin_names:
            pl = self.by_name.get(name)
            events.update(pl.events if pl else ("*",))
        return events

    # ------------------------------------------------------------------ filtering
    def run_pre_filter(self, state: CycleState, pod_info) -> tuple[Status, list]:
        """(first rejecting status or success, [(plugin, status)] for the explanation).

        The trail is shared, read-only: a cycle whose plugins answer with the very same statuses as
        the previous one (the shared Success/Skip) gets the previous cycle's list."""
        last = self._last_trail
        trail = None                    # a new trail, from the first status that differs from ``last``
        skip = state.skip_filter
        for i, pl in enumerate(self.pre_filter_plugins):
            s = pl.pre_filter(state, pod_info)
            if trail is None and (i >= len(last) or last[i][1] is not s):
                trail = last[:i]
            if trail is not None:
                trail.append((pl.name, s))
            code = s.code
            if code == SKIP:
                skip.add(pl.name)
            elif code != SUCCESS:
                return s.with_plugin(pl.name), (trail if trail is not None else last[:i + 1])
            elif state.node_names is not None and not state.node_names:     # PreFilterResults exclude all
                s = Status.unresolvable(narrowing_message(state.narrowed_by, True)).with_plugin(pl.name)
                return s, (trail if trail is not None else last[:i + 1])
        if trail is None:
            if len(last) == len(self.pre_filter_plugins):
                return Status.success(), last
            trail = last[:len(self.pre_filter_plugins)]
        self._last_trail = trail
        return Status.success(), trail

    def filter_names(self, plugins: list) -> list[str]:
        """The names of ``plugins`` (an ``active_filters`` list; shared per list, do not modify)."""
        kept = self._filter_names.get(id(plugins))
        if kept is None or kept[0] is not plugins:
            kept = self._filter_names[id(plugins)] = (plugins, [p.name for p in plugins])
        return kept[1]

    def _active_of(self, point: str, plugins: list, skipped: set) -> list[Plugin]:
        """``plugins`` less the ``skipped`` names (remembered per set of names; do not modify)."""
        last = self._last_active.get(point)
        if last is not None and last[0] == skipped:       # most cycles skip the same plugins
            return last[1]
        key = (point, frozenset(skipped))
        found = self._active.get(key)
        if found is None:
            found = self._active[key] = [pl for pl in plugins if pl.name not in skipped]
        self._last_active[point] = (key[1], found)
        return found

    def active_filters(self, state: CycleState) -> list[Plugin]:
        return self._active_of("filter", self.filter_plugins, state.skip_filter)

    def weights_of(self, plugins: list) -> dict:
        """{plugin name: weight} for ``plugins`` (shared per list of plugins; do not modify)."""
        kept = self._weights_of.get(id(plugins))
        if kept is not None and kept[0] is plugins:     # the same list (``_active_of``'s are kept)
            return kept[1]
        key = tuple(pl.name for pl in plugins)
        found = self._weights_of.get(key)
        if found is None:
            found = self._weights_of[key] = {name: self.weights[name] for name in key}
        self._weights_of[id(plugins)] = (plugins, found)
        return found

    def run_filters(self, state: CycleState, pod_info, node_info, plugins=None) -> Status:
        for pl in plugins if plugins is not None else self.active_filters(state):
            s = pl.filter(state, pod_info, node_info)
            if not s.is_success:
                return s.with_plugin(pl.name)
        return Status.success()

    def with_nominated(self, pod_info, node_info):
        """The node as the pod must see it: plus pods nominated there with priority ≥ its own."""
        extra = self.cache.nominated_for(node_info.name, pod_info)
        if not extra:
            return node_info
        clone = node_info.clone()
        for p in extra:
            clone.add_pod(p)
        return clone

    def run_filters_with_nominated(self, state: CycleState, pod_info, node_info, plugins=None) -> Status:
        return self.run_filters(state, pod_info, self.with_nominated(pod_info, node_info), plugins)

    def run_post_filter(self, state: CycleState, pod_info, diagnosis) -> tuple[str | None, Status]:
        nominated, reasons, plugin = None, [], ""
        for pl in self.post_filter_plugins:
            node, s = pl.post_filter(state, pod_info, diagnosis)
            if s.is_success or s.code == ERROR:
                return node, s.with_plugin(pl.name)
            reasons.extend(s.reasons)
            plugin = plugin or pl.name
            if node is not None:
                nominated = node
        return nominated, Status.unschedulable(*reasons).with_plugin(plugin)

    # ------------------------------------------------------------------ scoring
    def run_pre_score(self, state: CycleState, pod_info, nodes: list) -> Status:
        skip = state.skip_score
        for pl in self.scoring_pre_score_plugins:
            s = pl.pre_score(state, pod_info, nodes)
            code = s.code
            if code == SKIP:
                skip.add(pl.name)
            elif code != SUCCESS:
                return s.with_plugin(pl.name)
        return Status.success()

    def active_scores(self, state: CycleState) -> list[Plugin]:
        return self._active_of("score", self.score_plugins, state.skip_score)

    # ------------------------------------------------------------------ binding cycle
    def run_reserve(self, state, pod_info, node: str) -> Status:
        for pl in self.reserve_plugins:
            s = pl.reserve(state, pod_info, node)
            if not s.is_success:
                self.run_unreserve(state, pod_info, node)
                return s.with_plugin(pl.name)
        return Status.success()

    def run_unreserve(self, state, pod_info, node: str) -> None:
        for pl in reversed(self.reserve_plugins):
            if implements(pl, "unreserve"):
                pl.unreserve(state, pod_info, node)

    def run_permit(self, state, pod_info, node: str) -> Status:
        for pl in self.permit_plugins:
            s = pl.permit(state, pod_info, node)
            if not s.is_success:
                return s.with_plugin(pl.name)
        return Status.success()

    def run_pre_bind(self, state, pod_info, node: str) -> Status:
        for pl in self.pre_bind_plugins:
            s = pl.pre_bind(state, pod_info, node)
            if not s.is_success:
                return s.with_plugin(pl.name)
        return Status.success()

    def run_bind(self, state, pod_info, node: str) -> Status:
        for pl in self.bind_plugins:
            s = pl.bind(state, pod_info, node)
            if not s.is_skip:
                return s.with_plugin(pl.name)
        return Status.error("no bind plugin bound the pod")
