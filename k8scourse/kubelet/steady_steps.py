"""cAdvisor's steady state: housekeeping samples replayed by plan, deferred while nothing reads them.

Part of :class:`k8scourse.kubelet.cadvisor.CAdvisor` (a mixin: its state lives there; the module
docstring of :mod:`k8scourse.kubelet.cadvisor` describes the steady step, the quiet step and the
deferred steps). Upstream cAdvisor has no such thing: it reads the cgroups at every housekeeping tick;
here a tick whose inputs are those of the last full sample repeats that sample's arithmetic, exactly,
and an idle node's ticks only take what the next tick and the frequent readers need.
"""

from __future__ import annotations

from typing import Any

from .. import defaults
from .usage_series import Sample, Series, _new_sample


class SteadySteps:
    """The plan of the last full sample, steady and quiet steps by it, and their deferral."""

    # the state shared with CAdvisor, which sets it (see CAdvisor.__init__)
    kubelet: Any
    sim: Any
    node_series: Series
    _pods: Any                       # dict[str, _Pod]
    _cap_cache: tuple[object, float]
    _plan: Any                       # tuple | None (see _make_plan)
    _run: tuple[int, int, int | None]
    _node_cpu_ns: int
    _node_last_ms: int
    _deferred: list[list[int]]
    _deferred_last: int
    _deferred_ns: int
    _deferred_gaps: dict[int, int]
    _gap_ns: tuple[object, dict[int, int]]
    _node_last: Sample | None
    _marks: tuple
    counters: Any                    # CAdvisor.counters

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
