"""cAdvisor inside the kubelet: per-container, per-pod and per-node resource usage over time.

Upstream the kubelet embeds cAdvisor, which reads the cgroups of every container on a
*housekeeping* tick (``--housekeeping-interval``, 10 s) and keeps a short in-memory history; the
kubelet serves it on ``/metrics/resource`` and ``/stats/summary`` to metrics-server and to its own
eviction manager. Here the cgroups are a model, fed by each container's program
(``record.program.demand(now_ms) -> (cpu millicores, memory bytes)``):

* **Sampling.** Every :data:`~k8scourse.defaults.HOUSEKEEPING_INTERVAL_MS` (10 s) after the kubelet
  starts, one sample per running container, per pod and for the node. A sample holds the CPU rate
  (millicores), the memory working set (bytes) and cumulative counters: CPU time (core-ns, as
  ``container_cpu_usage_seconds_total``), CFS ``nr_periods`` / ``nr_throttled`` and throttled time.
* **CPU.** A container wants ``d = demand``. With a CPU limit ``l`` it gets at most ``l`` (CFS
  bandwidth control: quota = l × 100 ms per 100-ms period). If the capped demands of all containers
  on the node exceed ``capacity − system CPU`` they are divided by cgroup weight
  (``cpu.shares = request m × 1024 / 1000``, at least 2) — water-filling: a container that needs
  less than its share keeps what it needs and the rest is shared again. The rate found at a sample
  is taken as the rate of the whole interval since the previous sample (or since the container
  started), and that is what the cumulative CPU counter adds.
* **Throttling model.** Over an interval of ``Δt`` a running container passes ``Δt / 100 ms`` CFS
  periods; with ``d > l`` the fraction ``(d − l) / d`` of them count as throttled, and the throttled
  time is the CPU time it wanted beyond its limit, ``(d − l) × Δt``. (Real ``throttled_time`` sums
  the wall time the cgroup's run queue was throttled; this is the explainable stand-in.)
* **Containers that are not running** (exited, crash-looping, even if they never lived through a
  sample) report CPU 0 and memory 0 once they ever had a container ID, as the golden
  ``kubectl top pods`` shows for a ``CrashLoopBackOff`` pod.
* **Memory.** Usage = working set = demand. A demand above the container's memory limit is an
  OOM kill (``OOMKilled``, exit code 137) *at the moment it crosses the limit*: at each sample, and
  whenever a container starts, the demand is scanned ahead until the next sample in
  :data:`~k8scourse.defaults.OOM_SCAN_STEP_MS` steps and the first crossing is narrowed to the
  millisecond; the kill is scheduled exactly then. (A program whose timeline has reached its
  steady ``forever`` state is probed once per window; ``demand_changed()`` re-scans after
  ``runtime.set_load``.)
* **Node usage** = :data:`~k8scourse.defaults.SYSTEM_CPU_M` / ``SYSTEM_MEMORY_BYTES`` (OS, kubelet,
  containerd, AKS agents: 100m, 1280 MiB) + the sum over the pods. By construction, the node's
  cumulative CPU counter is the system part plus the sum of the pods' counters, and a node's memory
  sample is the system part plus the sum of the pods' samples — accounting is derived, not counted
  twice.
* **History.** Each series is a ring buffer of :data:`~k8scourse.defaults.USAGE_SERIES_POINTS`
  (8 640 = 24 h of 10-s samples); series of pods that left the node are kept for the last
  ``USAGE_RETAINED_POD_SERIES`` (256) pods.

**Steady state.** A housekeeping sample whose inputs are those of the previous one — the same
container instances (pod object, spec and runtime record), the same demands, the same node
capacity and the same pod objects — replays the arithmetic the last full sample worked out (its
*plan*): each counter grows by ``rate × Δt`` in the same operations and order, so every value,
float rounding included, is what the full sample gives. The programs are still asked for their
demand at every tick. A full sample starts a new *run*; the steady steps of equal Δt after it are
its steps (``steady_run()``), which metrics-server uses to skip recomputing unchanged rates.

**Quiet steps.** Once a steady tick finds every running program quiescent (in its ``forever``
state with no change of demand ahead, see ``_quiescent``), the inputs of the next sample can only
change through a *disturbance* (an event that is not a periodic tick, or the user acting between two
runs: ``Simulation.disturbances``) or a write of a Pod or a Node (``Store.last_write``): periodic
ticks change nothing else a sample reads. While those three counters stay where that tick left them,
the next tick replays the plan without listing the containers, asking the programs (their answers
are the same and asking them changes nothing) or re-arming the OOM look-ahead (a constant demand
within its limit never crosses it).

**Deferred steps.** A quiet step, or a steady step after a Node or Pod write that changed nothing
a sample reads (every 5 minutes: the kubelet's status report), is not replayed at its tick: the
tick takes at once only what the next tick and the frequent readers need — the plan's time, the
steady run, the newest node sample (eviction, metrics-server) and every container's CPU counter
(metrics-server), all sums of integers known in closed form — and the replay waits until something
reads a series or the pod statistics, or a full sample or an OOM kill changes the state. It is then
done series by series, each counter taking the same additions in the same order (every value, float
rounding included, is what replaying tick by tick gives) and each ring buffer only the samples it
keeps. An idle node thus costs a few microseconds a tick however many containers it runs.

(The plan, the steady, quiet and deferred steps live in :mod:`.steady_steps`, the ring buffers in
:mod:`.usage_series`.)

A container that exits between two samples is counted up to its exit (``program.exit_ms``; OOM
kills made here are settled to the millisecond), at the rate of its last sample.

Deliberate differences: no per-QoS cgroup hierarchy (BestEffort containers each weigh 2 shares
instead of sharing 2); no page cache, so working set = usage = RSS; the system part is a constant
(no jitter, AKS add-on pods not modelled separately); a restarted kubelet starts a fresh cAdvisor
with an empty history (as upstream, whose history lives in the kubelet's memory).

>>> s = Series(3)
>>> for t in (10, 20, 30, 40):
...     s.append(Sample(t, 1.0, 5, 0, 0, 0, 0))
>>> [p.time_ms for p in s]
[20, 30, 40]
>>> share_cpu([(900.0, 1024), (900.0, 2)], 1000.0)
[900.0, 100.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .. import defaults
from ..api.quantity import Quantity
from .steady_steps import SteadySteps
from .usage_series import Sample, Series, _new_sample

__all__ = ["CAdvisor", "PodStats", "Sample", "Series", "share_cpu"]


def share_cpu(wants: list[tuple[float, int]], available: float) -> list[float]:
    """Divide ``available`` millicores among (capped demand, weight) pairs like CFS shares."""
    if sum(w for w, _ in wants) <= available:
        return [w for w, _ in wants]
    got = [0.0] * len(wants)
    open_ = [i for i, (w, _) in enumerate(wants) if w > 0]
    left = available
    while open_ and left > 1e-9:
        total = sum(wants[i][1] for i in open_)
        fair = {i: left * wants[i][1] / total for i in open_}
        done = [i for i in open_ if wants[i][0] - got[i] <= fair[i]]
        if not done:
            for i in open_:
                got[i] += fair[i]
            break
        for i in done:
            left -= wants[i][0] - got[i]
            got[i] = wants[i][0]
        open_ = [i for i in open_ if i not in done]
    return got


def _millis(resources: dict | None, name: str) -> float | None:
    value = (resources or {}).get(name)
    return None if value is None else float(Quantity.parse(str(value)).milli_value())


def _bytes(resources: dict | None, name: str) -> int | None:
    value = (resources or {}).get(name)
    return None if value is None else Quantity.parse(str(value)).value()


class _Limits(NamedTuple):
    cpu_limit_m: float | None
    weight: int                  # cpu.shares
    memory_limit: int | None


_LIMITS: dict[int, tuple[dict, _Limits]] = {}       # id(container spec) -> (the spec, its parsed limits)


def _limits(container: dict) -> _Limits:
    """A container spec's CPU limit, cgroup weight and memory limit, parsed once per spec (stored
    specs are never changed in place, so the spec object itself is the key)."""
    hit = _LIMITS.get(id(container))
    if hit is not None and hit[0] is container:
        return hit[1]
    res = container.get("resources") or {}
    request = _millis(res.get("requests"), "cpu") or 0.0
    value = _Limits(_millis(res.get("limits"), "cpu"), max(defaults.CPU_MIN_SHARES, int(request * 1024 // 1000)),
                    _bytes(res.get("limits"), "memory"))
    if len(_LIMITS) >= 4096:            # bounded: specs of pods long gone fall out
        _LIMITS.clear()
    _LIMITS[id(container)] = (container, value)
    return value


@dataclass
class _Container:
    name: str
    container_id: str = ""
    started_ms: int = 0
    last_ms: int = 0
    rate_m: float = 0.0          # CPU rate at the last sample (for settling an OOM kill)
    cpu_ns: int = 0
    periods: float = 0.0
    throttled_periods: float = 0.0
    throttled_ns: int = 0
    running: bool = False
    program: object = None
    series: Series = field(default_factory=Series)


@dataclass
class _Pod:
    uid: str
    namespace: str
    name: str
    containers: dict = field(default_factory=dict)     # name -> _Container, in first-seen order
    cpu_ns: int = 0
    active: bool = True
    series: Series = field(default_factory=Series)
    checked: object = None      # the stored pod whose container statuses were last looked at


def _quiescent(program, now_ms: int) -> bool:
    """Whether ``program.demand(t)`` is the same for every ``t >= now_ms`` and asking it changes
    nothing: it reached its ``forever`` state (no timeline steps left, no pending tail of a shell
    loop), it will not exit on its own, its demand timeline has no change ahead and no memory-backed
    volume grows with its writes. Only an outside load (``runtime.set_load``, the fault injector:
    never from a periodic tick) changes it then."""
    try:
        if program.exit_ms is not None or not program.forever or program._tail is not None \
                or program._busy or now_ms < program._demand[-1][0]:
            return False
        return not any(m.store.medium == "Memory" for m in program.files.mounts)
    except (AttributeError, IndexError, TypeError):
        return False


class PodStats(NamedTuple):
    uid: str
    namespace: str
    name: str
    sample: Sample
    containers: list            # [(name, container_id, started_ms, Sample)]


class CAdvisor(SteadySteps):
    """Usage model of one node; ``kubelet.cadvisor``. Read by metrics-server and eviction."""

    def __init__(self, kubelet):
        self.kubelet = kubelet
        self.sim = kubelet.sim
        self.interval_ms = defaults.HOUSEKEEPING_INTERVAL_MS
        self.started_ms = self.sim.now_ms
        self.node_series = Series()
        self._node_cpu_ns = 0
        self._node_last_ms = self.started_ms
        self._pods: dict[str, _Pod] = {}
        self._armed: dict[tuple[str, str], str] = {}      # (pod uid, container) -> armed container id
        self._tick_event = None
        self._watch = None
        self.running = False
        self._cap_cache: tuple[object, float] = (None, 0.0)     # node capacity.cpu -> millicores
        self._plan: tuple | None = None     # what the last full sample worked out (see _steady_step)
        self._run: tuple[int, int, int | None] = (0, 0, None)    # (run, steady steps, their Δt): steady_run()
        # (disturbances, pods and nodes write revisions) after a steady tick whose programs are all
        # quiescent: while all three stay the same, the next tick is a quiet step (see _make_plan)
        self._quiet: tuple[int, int, int] | None = None
        self._seen = -1                     # disturbances at the last tick that was not a quiet step
        self.quiet_steps = 0                # how many ticks were quiet steps (tests check they happen)
        self._store = kubelet.api.store
        self._tick_name = f"cadvisor {kubelet.node_name}"
        # steps taken but not yet replayed (see "Deferred quiet steps" above _quiet_step): runs of
        # [step length, count] after the node's last counted time, the newest step's time, the node's
        # CPU time they add, and how many steps of each length they hold
        self._deferred: list[list[int]] = []
        self._deferred_last = 0
        self._deferred_ns = 0
        self._deferred_gaps: dict[int, int] = {}
        self._gap_ns: tuple[object, dict[int, int]] = (None, {})    # (plan containers, gap -> node ns of a step)
        self._node_last: Sample | None = None       # the newest node sample of the deferred steps, once built
        self._marks: tuple = (None, 0, [])          # (plan containers, step length, cpu_counters' rows)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> "CAdvisor":
        self.running = True
        self.started_ms = self._node_last_ms = self.sim.now_ms
        self._tick_event = self.sim.tick(self.interval_ms, self._tick, name=f"cadvisor {self.kubelet.node_name}")
        self._watch = self.kubelet.api.watch("pods", self._on_pod_event, node_name=self.kubelet.node_name)
        return self

    def stop(self) -> None:
        self.running = False
        self._quiet = None
        if self._tick_event is not None:
            self._tick_event.cancel()
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    # ------------------------------------------------------------------ reads
    @property
    def node_cpu_ns(self) -> int:
        """The node's cumulative CPU time (core-ns) at the newest sample."""
        self._settle()
        return self._node_cpu_ns

    def node_sample(self) -> Sample | None:
        if self._deferred:
            last = self._node_last
            if last is None or last.time_ms != self._deferred_last:
                # what the newest deferred step pushes (see _quiet_step), without replaying the steps
                plan = self._plan
                last = self._node_last = _new_sample(Sample, (self._deferred_last, plan[8], plan[9],
                                                              self._node_cpu_ns + self._deferred_ns, 0, 0, 0))
            return last
        return self.node_series.last()

    def pod_stats(self) -> list[PodStats]:
        """Latest samples of the pods on the node now (those with a container that ever ran)."""
        self._settle()
        out = []
        for pod in self._pods.values():
            last = pod.series.last()
            if not pod.active or last is None:
                continue
            containers = [(c.name, c.container_id, c.started_ms, c.series.last())
                          for c in pod.containers.values() if c.series.last() is not None]
            out.append(PodStats(pod.uid, pod.namespace, pod.name, last, containers))
        return out

    def pods(self, include_gone: bool = True) -> list[tuple[str, str, str, bool]]:
        """(uid, namespace, name, still on the node) of every pod with a usage series."""
        self._settle()
        return [(p.uid, p.namespace, p.name, p.active) for p in self._pods.values()
                if include_gone or p.active]

    def containers(self, uid: str) -> list[str]:
        """Names of the containers of pod ``uid`` that have a usage series, first seen first."""
        self._settle()
        pod = self._pods.get(uid)
        return list(pod.containers) if pod else []

    def series(self, kind: str, key=None) -> list[Sample]:
        """Samples of ``node`` (no key), ``pod`` (uid) or ``container`` ((uid, name))."""
        self._settle()
        if kind == "node":
            return list(self.node_series)
        if kind == "pod":
            pod = self._pods.get(key)
            return list(pod.series) if pod else []
        if kind == "container":
            pod = self._pods.get(key[0])
            c = pod.containers.get(key[1]) if pod else None
            return list(c.series) if c else []
        raise ValueError(f"unknown series kind {kind!r}: node, pod or container")

    # ------------------------------------------------------------------ the model
    def _demand(self, rc, now_ms: int) -> tuple[float, int]:
        cpu, mem = rc.record.program.demand(now_ms)
        return max(0.0, float(cpu)), max(0, int(mem))

    def _node_cpu_m(self) -> float:
        node = self.kubelet.node() or {}
        cap = ((node.get("status") or {}).get("capacity") or {}).get("cpu")
        if cap is None:
            return float("inf")
        if self._cap_cache[0] != cap:
            self._cap_cache = (cap, float(Quantity.parse(str(cap)).milli_value()))
        return self._cap_cache[1]

    def _pod_track(self, pod: dict) -> _Pod:
        md = pod.get("metadata") or {}
        uid = md.get("uid") or f"{md.get('namespace')}/{md.get('name')}"
        track = self._pods.get(uid)
        if track is None:
            track = self._pods[uid] = _Pod(uid, md.get("namespace", "default"), md.get("name", ""))
        track.active = True
        return track

    def _add_cpu(self, pod: _Pod, c: _Container, delta_ns: int) -> None:
        self._settle()
        c.cpu_ns += delta_ns
        pod.cpu_ns += delta_ns
        self._node_cpu_ns += delta_ns

    def _tick(self) -> None:
        if not self.running:
            return
        now = self.sim.now_ms
        quiet = self._quiet
        if quiet is not None:
            sim, store = self.sim, self._store
            if quiet[0] == sim.disturbances and quiet[1] == store.last_write("pods") \
                    and quiet[2] == store.last_write("nodes") and self._plan is not None and now >= self._plan[0]:
                self._quiet_step(now)                # the quiet step (see above _make_plan)
                self.quiet_steps += 1
                self._tick_event = sim.tick(self.interval_ms, self._tick, name=self._tick_name)
                return
            self._quiet = None
        running = self.kubelet.running_containers()
        killed = False
        for rc in running:
            limit = _limits(rc.container).memory_limit
            if limit is not None and self._demand(rc, now)[1] > limit:
                self._oom_kill(rc, now)
                killed = True
        if killed:                      # only a kill changes what runs between here and the sample
            running = self.kubelet.running_containers()
        self.sample(now, running)
        self._tick_event = self.sim.tick(self.interval_ms, self._tick, name=self._tick_name)
        for rc in running:
            if _limits(rc.container).memory_limit is not None:
                self._arm(rc, now, now + self.interval_ms, force=True)
        # a quiet step needs an undisturbed interval: looked for only after one (in a busy cluster —
        # crash loops, probes — the programs are not asked whether they are quiescent every tick)
        seen, self._seen = self._seen, self.sim.disturbances
        if self._plan is not None and not killed and seen == self._seen and self.sim.shortcuts \
                and all(_quiescent(rc.record.program, now) for rc in running):
            store = self._store
            self._quiet = (self.sim.disturbances, store.last_write("pods"), store.last_write("nodes"))

    def sample(self, now: int, running: list | None = None) -> None:
        """Take one housekeeping sample of every container, pod and the node at ``now`` (``running``:
        the kubelet's running containers, when the caller has just listed them)."""
        if running is None:
            running = self.kubelet.running_containers()
        wants, demands = [], []
        for rc in running:
            cpu, mem = self._demand(rc, now)
            lim = _limits(rc.container)
            limit = lim.cpu_limit_m
            demands.append((cpu, mem, limit))
            wants.append((cpu if limit is None else min(cpu, limit), lim.weight))
        plan = self._plan
        if plan is not None and self.sim.shortcuts and self._steady_step(plan, now, running, demands):
            return
        self._settle()
        self._plan = None
        self._quiet = None
        self._new_run()
        self._full_sample(now, running, demands, wants)

    def _new_run(self) -> None:
        self._run = (self._run[0] + 1, 0, None)

    def steady_run(self) -> tuple[int, int]:
        """``(run, step)``: a *run* is a full sample followed by steady steps that are all the same
        time apart; ``step`` counts those steps. Within one run every container's CPU counter
        grows by the same amount per step and nothing else changes (metrics-server relies on it)."""
        return self._run[0], self._run[1]

    def counters(self):
        """(pod uid, container, container id, newest sample) of what :meth:`pod_stats` lists."""
        self._settle()
        for pod in self._pods.values():
            if not pod.active or pod.series.last() is None:
                continue
            for c in pod.containers.values():
                last = c.series.last()
                if last is not None:
                    yield pod.uid, c.name, c.container_id, last

    def _full_sample(self, now: int, running: list, demands: list, wants: list) -> None:
        rates = share_cpu(wants, self._node_cpu_m() - defaults.SYSTEM_CPU_M)
        seen = set()
        period_ms = defaults.CFS_PERIOD_MS
        for rc, (cpu, mem, limit), rate in zip(running, demands, rates):
            pod = self._pod_track(rc.pod)
            record = rc.record
            name = record.name
            c = pod.containers.get(name)
            if c is None:
                c = pod.containers[name] = _Container(name)
            if c.container_id != record.container_id:     # a new instance: counters restart
                c.container_id, c.started_ms = record.container_id, int(record.started_ms)
                c.last_ms, c.cpu_ns, c.periods, c.throttled_periods, c.throttled_ns = c.started_ms, 0, 0.0, 0.0, 0
            dt = max(0, now - max(c.last_ms, c.started_ms))
            delta_ns = round(rate * dt * 1000)
            c.cpu_ns += delta_ns
            pod.cpu_ns += delta_ns
            self._node_cpu_ns += delta_ns
            c.periods += dt / period_ms
            if limit is not None and cpu > limit:
                c.throttled_periods += dt / period_ms * (cpu - limit) / cpu
                c.throttled_ns += round((cpu - limit) * dt * 1000)
            c.last_ms, c.rate_m, c.running, c.program = now, rate, True, record.program
            c.series.append(Sample(now, rate, mem, c.cpu_ns, int(c.periods), int(c.throttled_periods),
                                   c.throttled_ns))
            seen.add((pod.uid, name))
        on_node = {uid for uid, _ in seen}
        for p in self.kubelet.pods():
            track = self._pod_track(p)
            on_node.add(track.uid)
            if track.checked is p:          # the same stored pod as last time: its statuses were seen
                continue
            track.checked = p
            status = p.get("status") or {}
            for cs in list(status.get("initContainerStatuses") or []) + list(status.get("containerStatuses") or []):
                if cs.get("containerID") and cs.get("name") not in track.containers:
                    # ran and died between two samples (a crash loop): it exists, using nothing
                    track.containers[cs["name"]] = _Container(cs["name"], container_id=cs["containerID"])
        node_cpu, node_mem = float(defaults.SYSTEM_CPU_M), defaults.SYSTEM_MEMORY_BYTES
        for pod in self._pods.values():
            if pod.uid not in on_node:
                pod.active = False
                continue
            cpu_sum, mem_sum = 0.0, 0
            for c in pod.containers.values():
                if (pod.uid, c.name) in seen:
                    last = c.series.last()
                    cpu_sum += last.cpu_m
                    mem_sum += last.memory_bytes
                else:
                    if c.running:       # it exited since the last sample: count it up to its exit
                        end = getattr(c.program, "exit_ms", None)
                        if end is not None and end > c.last_ms:
                            self._add_cpu(pod, c, round(c.rate_m * (min(end, now) - c.last_ms) * 1000))
                    c.running, c.rate_m, c.last_ms, c.program = False, 0.0, now, None
                    c.series.append(Sample(now, 0.0, 0, c.cpu_ns, int(c.periods), int(c.throttled_periods),
                                           c.throttled_ns))
            if pod.containers:
                pod.series.append(Sample(now, cpu_sum, mem_sum, pod.cpu_ns, 0, 0, 0))
            node_cpu += cpu_sum
            node_mem += mem_sum
        self._node_cpu_ns += round(defaults.SYSTEM_CPU_M * (now - self._node_last_ms) * 1000)
        self._node_last_ms = now
        self.node_series.append(Sample(now, node_cpu, node_mem, self._node_cpu_ns, 0, 0, 0))
        self._forget_old_pods()
        if self.sim.shortcuts:
            self._plan = self._make_plan(now, running, demands, rates, node_cpu, node_mem)

    # ------------------------------------------------------------------ OOM kills
    def _on_pod_event(self, event) -> None:
        """A pod on this node changed (a container may have started): arm the OOM look-ahead."""
        if not self.running:
            return
        self.sim.schedule(0, self._arm_new, name=f"cadvisor oom-watch {self.kubelet.node_name}", priority=1)

    def demand_changed(self) -> None:
        """Someone changed a program's demand outside its timeline (``runtime.set_load``): look
        ahead again now, so a memory limit crossed by the new load kills at once."""
        if self.running:
            self.sim.schedule(0, lambda: self._arm_new(force=True), name=f"cadvisor recheck {self.kubelet.node_name}",
                              priority=1)

    def _arm_new(self, force: bool = False) -> None:
        if not self.running:
            return
        now = self.sim.now_ms
        next_tick = self._tick_event.time_ms if self._tick_event is not None else now + self.interval_ms
        for rc in list(self.kubelet.running_containers()):
            self._arm(rc, now - 1, next_tick, force=force)

    def _arm(self, rc, start_ms: int, end_ms: int, force: bool) -> None:
        """Find the first ms in (start, end] where memory demand exceeds the limit; kill then."""
        limit = _limits(rc.container).memory_limit
        uid = (rc.pod.get("metadata") or {}).get("uid", "")
        key, cid = (uid, rc.record.name), rc.record.container_id
        if limit is None or (not force and self._armed.get(key) == cid):
            return
        self._armed[key] = cid
        step = defaults.OOM_SCAN_STEP_MS
        low = max(start_ms, int(rc.record.started_ms) - 1)
        program = rc.record.program
        self._demand(rc, end_ms)                    # let the program's timeline reach the window's end
        if getattr(program, "forever", False) and getattr(program, "next_step_ms", end_ms) <= low + 1:
            step = end_ms - low                     # steady from here on: one probe covers the window
        t = low
        while t < end_ms:
            probe = min(t + step, end_ms)
            if self._demand(rc, probe)[1] > limit:
                lo, hi = t, probe              # demand(lo) within limit (or lo is the start), hi over
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if self._demand(rc, mid)[1] > limit:
                        hi = mid
                    else:
                        lo = mid
                at = max(hi, self.sim.now_ms)
                self.sim.schedule(at - self.sim.now_ms, lambda: self._oom_fire(key, cid),
                                  name=f"oom {rc.pod['metadata'].get('name')}/{rc.record.name}", priority=1)
                return
            t = probe

    def _oom_fire(self, key: tuple[str, str], cid: str) -> None:
        if not self.running:
            return
        now = self.sim.now_ms
        for rc in list(self.kubelet.running_containers()):
            if (rc.pod.get("metadata") or {}).get("uid", "") == key[0] and rc.record.name == key[1] \
                    and rc.record.container_id == cid:
                limit = _bytes((rc.container.get("resources") or {}).get("limits"), "memory")
                if limit is not None and self._demand(rc, now)[1] > limit:
                    self._oom_kill(rc, now)
                return

    def _oom_kill(self, rc, now: int) -> None:
        self._settle()
        self.sim.disturb()                  # a container dies before any write says so
        self._plan = None
        self._quiet = None
        self._new_run()
        pod = self._pod_track(rc.pod)
        c = pod.containers.get(rc.record.name)
        if c is not None and c.container_id == rc.record.container_id and c.running:
            self._add_cpu(pod, c, round(c.rate_m * max(0, now - c.last_ms) * 1000))   # settle to the ms
            c.last_ms = now
        md = rc.pod.get("metadata") or {}
        self.sim.record("kubelet", "oom-kill", f"pods/{md.get('namespace')}/{md.get('name')}",
                        f"container {rc.record.name} crossed its memory limit")
        self.kubelet.kill_container(md.get("namespace", "default"), md.get("name", ""), rc.record.name,
                                    reason="OOMKilled", exit_code=137, message="")
