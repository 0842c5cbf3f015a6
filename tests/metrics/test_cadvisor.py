"""cAdvisor's usage model, on a fake kubelet: CFS throttling, CPU shares, OOM kills, the series."""

from __future__ import annotations

from fakes import MiB, FakeKubelet, FnProgram, const, make_api, make_pod

from k8scourse import defaults
from k8scourse.kubelet.cadvisor import CAdvisor, Sample, Series, share_cpu


def _setup(**kw):
    api = make_api(**kw)
    kubelet = FakeKubelet(api, "node-1")
    kubelet.cadvisor = CAdvisor(kubelet).start()
    return api, kubelet


def test_cpu_limit_throttles_to_the_limit_and_counts_throttled_periods():
    api, k = _setup()
    make_pod(api, "burn", containers=[("burn", {"cpu": "100m"}, {"cpu": "500m"})])
    k.start("default", "burn", "burn", const(1000, 10 * MiB))
    api.sim.run(seconds=30)
    samples = k.cadvisor.series("container", (api.get("pods", "burn")["metadata"]["uid"], "burn"))
    assert [s.time_ms for s in samples] == [10_000, 20_000, 30_000]
    last = samples[-1]
    assert last.cpu_m == 500.0
    assert last.cpu_ns == 500 * 30_000 * 1000            # 0.5 core for 30 s = 15 core-seconds
    assert last.periods == 300                           # 30 s / 100 ms
    assert last.throttled_periods == 150                 # (1000 - 500) / 1000 of the periods
    assert last.throttled_ns == 15 * 10**9               # 0.5 core wanted beyond the limit for 30 s


def test_contention_divides_cpu_by_requests_then_caps_at_limits():
    # 2 cores, 100m system: 1900m for pods; demands 2000m + 2000m (one capped at 300m)
    assert share_cpu([(2000.0, 1024), (2000.0, 1024)], 1900.0) == [950.0, 950.0]
    assert share_cpu([(300.0, 1024), (2000.0, 2)], 1900.0) == [300.0, 1600.0]
    got = share_cpu([(2000.0, 1024), (2000.0, 512)], 1800.0)
    assert got == [1200.0, 600.0]
    api, k = _setup()
    make_pod(api, "a", containers=[("a", {"cpu": "1"}, {})])
    make_pod(api, "b", containers=[("b", {"cpu": "500m"}, {})])
    k.start("default", "a", "a", const(2000, MiB))
    k.start("default", "b", "b", const(2000, MiB))
    api.sim.run(seconds=10)
    rates = {s.name: s.sample.cpu_m for s in k.cadvisor.pod_stats()}
    assert rates == {"a": 1900 * 1024 / 1536, "b": 1900 * 512 / 1536}
    node = k.cadvisor.node_sample()
    assert node.cpu_m == 2000.0                          # the whole node busy: 1900 pods + 100 system


def test_node_usage_is_system_plus_pods_exactly():
    api, k = _setup()
    make_pod(api, "a")
    make_pod(api, "b")
    k.start("default", "a", "a", FnProgram(lambda t: (37.5 if t < 15_000 else 12.25, 3 * MiB + t)))
    api.sim.run(seconds=5)
    k.start("default", "b", "b", const(250, 40 * MiB))
    api.sim.run(seconds=60)
    cad = k.cadvisor
    for node_s in cad.series("node"):
        pods = [s for uid, *_ in cad.pods() for s in cad.series("pod", uid) if s.time_ms == node_s.time_ms]
        assert node_s.memory_bytes == defaults.SYSTEM_MEMORY_BYTES + sum(p.memory_bytes for p in pods)
        assert node_s.cpu_m == defaults.SYSTEM_CPU_M + sum(p.cpu_m for p in pods)
        assert node_s.cpu_ns == defaults.SYSTEM_CPU_M * node_s.time_ms * 1000 + sum(p.cpu_ns for p in pods)


def test_oom_kill_at_the_exact_crossing_between_samples():
    api, k = _setup()
    make_pod(api, "ramp", containers=[("ramp", {"memory": "50Mi"}, {"memory": "100Mi"})])
    # starts at 0, grows 1 MiB per 100 ms from 2 s on: crosses 100 MiB just after t = 12 s
    ramp = FnProgram(lambda t: (10, 0 if t < 2000 else (t - 2000) * MiB // 100))
    api.sim.run(seconds=1)
    k.start("default", "ramp", "ramp", ramp)
    api.sim.run(seconds=30)
    # (t - 2000) * MiB // 100 > 100 MiB  <=>  t - 2000 > 10000 (+ the floor)  → first ms 12001
    assert k.kills == [(12_001, "default", "ramp", "ramp", "OOMKilled", 137)]


def test_oom_kill_of_a_container_over_its_limit_at_start():
    api, k = _setup()
    make_pod(api, "hog", containers=[("hog", {}, {"memory": "100Mi"})])
    api.sim.run(seconds=3)
    k.start("default", "hog", "hog", const(5, 150 * 1000 * 1000))      # stress --vm-bytes 150M
    api.sim.run(seconds=1)
    assert k.kills[0][0] == 3000 and k.kills[0][4:] == ("OOMKilled", 137)


def test_a_container_under_its_limit_is_not_killed_and_memory_is_the_demand():
    api, k = _setup()
    make_pod(api, "ok", containers=[("ok", {}, {"memory": "100Mi"})])
    k.start("default", "ok", "ok", const(5, 98 * MiB))
    api.sim.run(seconds=60)
    assert k.kills == []
    assert k.cadvisor.pod_stats()[0].sample.memory_bytes == 98 * MiB


def test_a_stopped_container_reports_zero_and_a_restart_resets_its_counter():
    api, k = _setup()
    make_pod(api, "crash")
    k.start("default", "crash", "crash", const(100, 5 * MiB))
    api.sim.run(seconds=20)
    k.stop_container("default", "crash", "crash")
    api.sim.run(seconds=10)
    (stats,) = k.cadvisor.pod_stats()
    name, cid, started, sample = stats.containers[0]
    assert (sample.cpu_m, sample.memory_bytes, sample.cpu_ns) == (0.0, 0, 100 * 20_000 * 1000)
    k.start("default", "crash", "crash", const(100, 5 * MiB))
    api.sim.run(seconds=10)
    (stats,) = k.cadvisor.pod_stats()
    assert stats.containers[0][3].cpu_ns == 100 * 10_000 * 1000
    assert stats.sample.cpu_ns == 100 * 30_000 * 1000           # the pod's counter keeps counting


def test_series_is_a_bounded_ring_buffer():
    s = Series(4)
    for t in range(10):
        s.append(Sample(t, float(t), t, t, 0, 0, 0))
    assert [p.time_ms for p in s] == [6, 7, 8, 9] and s.last().time_ms == 9 and len(s) == 4
    assert defaults.USAGE_SERIES_POINTS == 24 * 3600 // 10


def test_pods_that_left_are_kept_for_history_but_not_reported():
    api, k = _setup()
    make_pod(api, "gone")
    k.start("default", "gone", "gone", const(10, MiB))
    api.sim.run(seconds=10)
    api.delete("pods", "gone", grace_period=0)       # no real kubelet here: removed at once (--force)
    k.stop_container("default", "gone", "gone")
    api.sim.run(seconds=10)
    assert k.cadvisor.pod_stats() == []
    (uid, ns, name, active), = k.cadvisor.pods()
    assert (ns, name, active) == ("default", "gone", False)
    assert len(k.cadvisor.series("pod", uid)) == 1


def test_load_added_from_outside_kills_at_once_when_told():
    api, k = _setup()
    make_pod(api, "web", containers=[("web", {}, {"memory": "100Mi"})])
    box = {"mem": 50 * MiB}
    k.start("default", "web", "web", FnProgram(lambda t: (5, box["mem"])))
    api.sim.run(seconds=12.5)
    box["mem"] = 120 * MiB                   # runtime.set_load(...) then cadvisor.demand_changed()
    k.cadvisor.demand_changed()
    api.sim.run(seconds=0.001)
    assert [kill[0] for kill in k.kills] == [12_500]
