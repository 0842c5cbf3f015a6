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

from array import array
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

from .. import defaults
from ..api.quantity import Quantity


class Sample(NamedTuple):
    time_ms: int
    cpu_m: float                 # CPU rate over the interval ending here, millicores
    memory_bytes: int            # working set at time_ms
    cpu_ns: int                  # cumulative CPU time, core-nanoseconds
    periods: int                 # cumulative CFS periods (containers)
    throttled_periods: int       # cumulative throttled periods (containers)
    throttled_ns: int            # cumulative CPU time wanted beyond the limit (containers)


_new_sample = tuple.__new__      # Sample without NamedTuple's Python-level __new__ (the steady step's samples)


class Series:
    """A bounded ring buffer of :class:`Sample` held column-wise in arrays (56 bytes a point).

    The newest sample is also kept as a tuple: metrics-server, the eviction manager and the
    accounting read it every few seconds, and rebuilding it from seven arrays was a visible share
    of every housekeeping tick.
    """

    _CODES = "qdqqqqq"

    def __init__(self, capacity: int = defaults.USAGE_SERIES_POINTS):
        self.capacity = capacity
        self._cols = [array(code) for code in self._CODES]
        self._head = 0          # next slot to overwrite once full
        self._pending: list = []    # pushed, not yet in the arrays (push)
        self._last: Sample | None = None

    def append(self, sample: Sample) -> None:
        # the values as the arrays hold them ('d' a float, 'q' an int), so last() reads the same
        t, cpu, mem, ns, periods, throttled, throttled_ns = sample
        if type(cpu) is float and type(t) is int and type(mem) is int and type(ns) is int \
                and type(periods) is int and type(throttled) is int and type(throttled_ns) is int:
            value = sample
        else:
            value = Sample(int(t), float(cpu), int(mem), int(ns), int(periods), int(throttled), int(throttled_ns))
        self.push(value)

    def push(self, value: Sample) -> None:
        """:meth:`append` for a sample whose fields already have the arrays' types (the steady step
        builds them so). Kept in a short list and moved into the arrays column by column, a batch
        at a time (``_flush``), before anything but :meth:`last` reads the series."""
        pending = self._pending
        pending.append(value)
        self._last = value
        if len(pending) >= self._BATCH:
            self._flush()

    _BATCH = 64

    def extend(self, values: list) -> None:
        """:meth:`push` of several samples, oldest first."""
        if values:
            pending = self._pending
            pending.extend(values)
            self._last = values[-1]
            if len(pending) >= self._BATCH:
                self._flush()

    def _flush(self) -> None:
        pending = self._pending
        if not pending:
            return
        self._pending = []
        cols, capacity = self._cols, self.capacity
        room = capacity - len(cols[0])
        if room > 0:
            for col, values in zip(cols, zip(*pending[:room])):
                col.extend(values)
            pending = pending[room:]
        while pending:                      # full: overwrite the oldest, from the head on
            head = self._head
            chunk = pending[:capacity - head]
            pending = pending[len(chunk):]
            end = head + len(chunk)
            for col, code, values in zip(cols, self._CODES, zip(*chunk)):
                col[head:end] = array(code, values)
            self._head = end % capacity

    def __len__(self) -> int:
        self._flush()
        return len(self._cols[0])

    def __iter__(self) -> Iterator[Sample]:
        n = len(self)
        for i in range(n):
            j = (self._head + i) % n if n == self.capacity else i
            yield Sample(*(col[j] for col in self._cols))

    def last(self) -> Sample | None:
        return self._last


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


class CAdvisor:
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

    # ------------------------------------------------------------------ the steady step
    # Between two housekeeping ticks of a node in a steady state nothing that decides a sample
    # changes: the same container instances run (same pod object, spec and runtime record), each
    # wants what it wanted, the capacity is the same and the kubelet's pods are the same stored
    # objects. Then every CFS share, every pod's and the node's sum are what the last full sample
    # computed, and a sample only adds ``rate × Δt`` to the counters: the *plan* below keeps what the
    # last full sample worked out, and :meth:`_steady_step` replays just that arithmetic (the same
    # operations in the same order, so floats round the same way). The demands are still asked of
    # every program at every tick, as the full sample does, so the programs see the same calls.
    # Anything else — another container, a changed demand or capacity, a new pod object (status
    # written), a container that stopped — takes the full sample, which makes a new plan.
    def _make_plan(self, now: int, running: list, demands: list, rates: list, node_cpu: float,
                   node_mem: int) -> tuple | None:
        seen_by_pod: dict[str, set] = {}
        containers = []
        for rc, (cpu, mem, limit), rate in zip(running, demands, rates):
            md = rc.pod.get("metadata") or {}
            uid = md.get("uid") or f"{md.get('namespace')}/{md.get('name')}"
            pod = self._pods.get(uid)
            c = pod.containers.get(rc.record.name) if pod is not None else None
            if c is None or c.container_id != rc.record.container_id or c.last_ms != now:
                return None
            throttled = limit is not None and cpu > limit
            containers.append((pod, c, rate, mem, cpu, limit, throttled))
            seen_by_pod.setdefault(pod.uid, set()).add(c.name)
        pods = []
        for pod in self._pods.values():
            if not pod.active:
                continue
            seen = seen_by_pod.get(pod.uid, set())
            idle = [c for c in pod.containers.values() if c.name not in seen]
            if any(c.running for c in idle):
                return None
            last = pod.series.last()
            pods.append((pod, idle, last.cpu_m if pod.containers and last is not None else 0.0,
                         last.memory_bytes if pod.containers and last is not None else 0, bool(pod.containers)))
        return (now, [(rc.pod, rc.container, rc.record, rc.record.container_id) for rc in running],
                [(cpu, mem) for cpu, mem, _ in demands], self._cap_cache[0], list(self.kubelet.pods()),
                len(self._pods), containers, pods, node_cpu, node_mem)

    def _steady_step(self, plan: tuple, now: int, running: list, demands: list) -> bool:
        """One sample by the plan of the last full sample; False (nothing done) if the state moved."""
        prev, identities, wanted, cap, pods_seen, n_pods, containers, pods, node_cpu, node_mem = plan
        if len(running) != len(identities) or len(self._pods) != n_pods or now < prev:
            return False
        for rc, (pod, spec, record, cid), (cpu, mem, _), want in zip(running, identities, demands, wanted):
            if rc.pod is not pod or rc.container is not spec or rc.record is not record \
                    or record.container_id != cid or cpu != want[0] or mem != want[1]:
                return False
        node = self.kubelet.node() or {}
        if ((node.get("status") or {}).get("capacity") or {}).get("cpu") != cap:
            return False
        current = self.kubelet.pods()
        if len(current) != len(pods_seen) or any(a is not b for a, b in zip(current, pods_seen)):
            return False
        self._quiet_step(now)                # a step by the plan, deferred like a quiet one
        return True

    def _replay(self, plan: tuple, now: int) -> None:
        """The arithmetic of one steady step by ``plan`` (its checks passed)."""
        self._replay_counters(plan, now)
        self._advance_plan(plan, now)

    def _advance_plan(self, plan: tuple, now: int) -> None:
        """The plan's time and the steady run after a step by ``plan`` at ``now``."""
        prev = plan[0]
        self._plan = (now,) + plan[1:]
        run, step, dt = self._run
        if dt is None or dt == now - prev:
            self._run = (run, step + 1, now - prev)
        else:                                # a step of another length: a new run starts from here
            self._run = (run + 1, 0, None)

    # ------------------------------------------------------------------ deferred quiet steps
    # A quiet step (see the module docstring) changes nothing but the counters and series by the
    # plan, with every container's Δt the time since the previous step. It is taken at once only
    # in what the next tick and the readers that come every few seconds need — the plan's time, the
    # steady run, the newest node sample and every container's CPU counter, all sums of integers
    # known in closed form — and its arithmetic is replayed (``_settle``, the same operations in the
    # same order, so every value is what replaying at each tick gives) only when something reads
    # or changes more: a series, the pod statistics, a sample that is not quiet, an OOM kill.
    def _quiet_step(self, now: int) -> None:
        plan = self._plan
        prev = plan[0]
        deferred = self._deferred
        if not deferred:
            # every container of the plan (and the node) was last counted at the plan's time and
            # started before it: then each step's Δt is the time since the previous step
            if self._node_last_ms != prev or any(c.last_ms != prev or c.started_ms > prev
                                                 for _pod, c, *_ in plan[6]):
                self._replay(plan, now)
                return
        gap = now - prev
        cache = self._gap_ns
        if cache[0] is not plan[6]:
            cache = self._gap_ns = (plan[6], {})
        node_ns = cache[1].get(gap)
        if node_ns is None:
            node_ns = sum(round(rate * gap * 1000) for _pod, _c, rate, *_ in plan[6])
            node_ns = cache[1][gap] = node_ns + round(defaults.SYSTEM_CPU_M * gap * 1000)
        if deferred and deferred[-1][0] == gap:
            deferred[-1][1] += 1
        else:
            deferred.append([gap, 1])
        self._deferred_last = now
        self._deferred_ns += node_ns
        self._deferred_gaps[gap] = self._deferred_gaps.get(gap, 0) + 1
        self._advance_plan(plan, now)

    def _settle(self) -> None:
        """Replay the deferred quiet steps, oldest first (see above)."""
        if not self._deferred:
            return
        times, now = [], self._node_last_ms     # where the deferred steps start (see _quiet_step)
        for gap, count in self._deferred:
            for _ in range(count):
                now += gap
                times.append(now)
        plan = self._plan
        self._deferred, self._deferred_ns, self._deferred_gaps, self._node_last = [], 0, {}, None
        if len(times) < 4:
            for now in times:
                self._replay_counters(plan, now)
        else:
            self._replay_many(plan, times)

    def _replay_many(self, plan: tuple, times: list[int]) -> None:
        """``_replay_counters(plan, t)`` for every ``t`` of ``times``, series by series: each counter
        takes the same additions in the same order (the Δt of every step is the time since the
        previous one, as checked when the steps were deferred), and a series is handed only the
        samples it keeps (its newest ``capacity``: older ones the ring would overwrite anyway)."""
        _prev, identities, _wanted, _cap, _pods_seen, _n, containers, pods, node_cpu, node_mem = plan
        period_ms = defaults.CFS_PERIOD_MS
        make = _new_sample
        m = len(times)
        gaps, before = [], self._node_last_ms
        for t in times:
            gaps.append(t - before)
            before = t
        node_adds = [round(defaults.SYSTEM_CPU_M * gap * 1000) for gap in gaps]
        pod_adds: dict[int, list[int]] = {}
        steps = list(zip(range(m), times, gaps))
        for (pod, c, rate, mem, cpu, limit, throttled), (_, _, record, _) in zip(containers, identities):
            adds = pod_adds.get(id(pod))
            if adds is None:
                adds = pod_adds[id(pod)] = [0] * m
            first = m - c.series.capacity
            cpu_ns, periods, t_periods, t_ns = c.cpu_ns, c.periods, c.throttled_periods, c.throttled_ns
            out = []
            for k, now, dt in steps:
                if dt < 0:
                    dt = 0
                delta_ns = round(rate * dt * 1000)
                cpu_ns += delta_ns
                adds[k] += delta_ns
                node_adds[k] += delta_ns
                periods += dt / period_ms
                if throttled:
                    t_periods += dt / period_ms * (cpu - limit) / cpu
                    t_ns += round((cpu - limit) * dt * 1000)
                if k >= first:
                    out.append(make(Sample, (now, rate, mem, cpu_ns, int(periods), int(t_periods), t_ns)))
            c.cpu_ns, c.periods, c.throttled_periods, c.throttled_ns = cpu_ns, periods, t_periods, t_ns
            c.last_ms, c.rate_m, c.program = times[-1], rate, record.program
            c.series.extend(out)
        for pod, idle, cpu_sum, mem_sum, has_containers in pods:
            for c in idle:
                fixed = (0.0, 0, c.cpu_ns, int(c.periods), int(c.throttled_periods), c.throttled_ns)
                c.series.extend([make(Sample, (now,) + fixed) for now in times[max(0, m - c.series.capacity):]])
                c.last_ms = times[-1]
            adds = pod_adds.get(id(pod))
            pod_ns = pod.cpu_ns
            if has_containers:
                first = m - pod.series.capacity
                out = []
                for k, now in enumerate(times):
                    if adds is not None:
                        pod_ns += adds[k]
                    if k >= first:
                        out.append(make(Sample, (now, cpu_sum, mem_sum, pod_ns, 0, 0, 0)))
                pod.series.extend(out)
            elif adds is not None:
                pod_ns += sum(adds)
            pod.cpu_ns = pod_ns
        node_ns, first, out = self._node_cpu_ns, m - self.node_series.capacity, []
        for k, now in enumerate(times):
            node_ns += node_adds[k]
            if k >= first:
                out.append(make(Sample, (now, node_cpu, node_mem, node_ns, 0, 0, 0)))
        self._node_cpu_ns, self._node_last_ms = node_ns, times[-1]
        self.node_series.extend(out)

    def cpu_counters(self) -> list[tuple[tuple[str, str], str, int, int]]:
        """((pod uid, container), container id, time, cumulative CPU ns) of the newest sample of every
        container :meth:`counters` lists — with deferred quiet steps, in closed form (each plan
        container adds ``round(rate × Δt × 1000)`` a step; the others add nothing)."""
        if not self._deferred:
            return [((uid, name), cid, last.time_ms, last.cpu_ns) for uid, name, cid, last in self.counters()]
        now, gaps = self._deferred_last, self._deferred_gaps
        if len(gaps) != 1:
            added = {id(c): sum(n * round(rate * gap * 1000) for gap, n in gaps.items())
                     for _pod, c, rate, *_ in self._plan[6]}
            return [((pod.uid, c.name), c.container_id, now, c.cpu_ns + added.get(id(c), 0))
                    for pod in self._pods.values() if pod.active
                    for c in pod.containers.values()]     # (an active pod's containers have a sample from every step)
        [(gap, n)] = gaps.items()
        marks = self._marks
        if marks[0] is not self._plan[6] or marks[1] != gap:
            # the containers in counters() order with their keys and CPU ns per step: constant while the
            # plan is (a plan ends at every full sample, the only place pods and containers change)
            step = {id(c): round(rate * gap * 1000) for _pod, c, rate, *_ in self._plan[6]}
            marks = self._marks = (self._plan[6], gap, [((pod.uid, c.name), c, step.get(id(c), 0))
                                                        for pod in self._pods.values() if pod.active
                                                        for c in pod.containers.values()])
        return [(key, c.container_id, now, c.cpu_ns + n * d) for key, c, d in marks[2]]

    def _replay_counters(self, plan: tuple, now: int) -> None:
        """The counters and samples of one steady step by ``plan`` (the plan's time is the previous step's)."""
        _prev, identities, _wanted, _cap, _pods_seen, _n, containers, pods, node_cpu, node_mem = plan
        period_ms = defaults.CFS_PERIOD_MS
        node_ns = 0
        make = _new_sample
        for (pod, c, rate, mem, cpu, limit, throttled), (_, _, record, _) in zip(containers, identities):
            last = c.last_ms
            dt = now - (last if last > c.started_ms else c.started_ms)
            if dt < 0:
                dt = 0
            delta_ns = round(rate * dt * 1000)
            cpu_ns = c.cpu_ns = c.cpu_ns + delta_ns
            pod.cpu_ns += delta_ns
            node_ns += delta_ns
            c.periods += dt / period_ms
            if throttled:
                c.throttled_periods += dt / period_ms * (cpu - limit) / cpu
                c.throttled_ns += round((cpu - limit) * dt * 1000)
            c.last_ms, c.rate_m, c.program = now, rate, record.program
            c.series.push(make(Sample, (now, rate, mem, cpu_ns, int(c.periods), int(c.throttled_periods),
                                        c.throttled_ns)))
        for pod, idle, cpu_sum, mem_sum, has_containers in pods:
            for c in idle:
                c.last_ms = now
                c.series.push(make(Sample, (now, 0.0, 0, c.cpu_ns, int(c.periods), int(c.throttled_periods),
                                            c.throttled_ns)))
            if has_containers:
                pod.series.push(make(Sample, (now, cpu_sum, mem_sum, pod.cpu_ns, 0, 0, 0)))
        self._node_cpu_ns += node_ns
        self._node_cpu_ns += round(defaults.SYSTEM_CPU_M * (now - self._node_last_ms) * 1000)
        self._node_last_ms = now
        self.node_series.push(make(Sample, (now, node_cpu, node_mem, self._node_cpu_ns, 0, 0, 0)))

    def _forget_old_pods(self) -> None:
        if len(self._pods) <= defaults.USAGE_RETAINED_POD_SERIES:
            return
        gone = [uid for uid, p in self._pods.items() if not p.active]
        for uid in gone[:max(0, len(gone) - defaults.USAGE_RETAINED_POD_SERIES)]:
            del self._pods[uid]

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
