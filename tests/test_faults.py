"""Fault injection: each fault does what the real failure does, and recovery heals it."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.api.objects import dig
from k8scourse.errors import SimulationError
from k8scourse.faults import Faults

WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        resources: {requests: {cpu: 100m}}
"""


@pytest.fixture
def c():
    cluster = Cluster(nodes=3, seed=1)
    cluster.apply(WEB, echo=False)
    cluster.run(seconds=30)
    return cluster


def k(c, line):
    return c.kubectl(line, echo=False)


def web_pods(c, include_terminating=True):
    return [p for p in c.list("pods", "default", "app=web")
            if include_terminating or not dig(p, "metadata", "deletionTimestamp")]


def ready_count(c):
    return sum(1 for p in web_pods(c, False)
               if any(x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions", [])))


def test_scheduler_stop_keeps_new_pods_pending_and_start_schedules_them(c):
    f = c.faults
    f.stop("scheduler")
    k(c, "scale deployment web --replicas=5")
    c.run(seconds=60)
    pending = [p for p in web_pods(c) if not p["spec"].get("nodeName")]
    assert len(pending) == 2 and all(p["status"]["phase"] == "Pending" for p in pending)
    f.start("scheduler")
    c.run(seconds=30)
    assert all(p["spec"].get("nodeName") for p in web_pods(c))
    assert ready_count(c) == 5
    assert any(e.component == "faults" and e.action == "stop" for e in c.sim.trace)


def test_etcd_stop_answers_errors_and_loses_nothing(c):
    before = sorted((p["metadata"]["name"], p["metadata"]["resourceVersion"]) for p in c.list("pods"))
    f = c.faults
    f.stop("etcd")
    out = k(c, "get pods")
    assert out.exit_code == 1
    assert out.stderr == "Error from server: etcdserver: request timed out\n"
    assert k(c, "scale deployment web --replicas=1").exit_code == 1
    c.run(seconds=120)              # longer than the node grace period: no node may be declared dead
    f.start("etcd")
    c.run(seconds=30)
    assert "Running" in k(c, "get pods").stdout
    assert sorted(p["metadata"]["name"] for p in c.list("pods")) == [n for n, _ in before]
    assert all(n["status"]["conditions"][-1]["status"] == "True" for n in c.list("nodes"))
    assert "NotReady" not in k(c, "get nodes").stdout


def test_apiserver_stop_makes_kubectl_fail_to_connect(c):
    f = c.faults
    f.stop("apiserver")
    out = k(c, "get pods")
    assert out.exit_code == 1 and out.stderr.endswith(" was refused - did you specify the right host or port?\n")
    f.start("apiserver")
    assert k(c, "get pods").exit_code == 0


def test_node_stop_notready_after_grace_then_pods_recreated_after_300s(c):
    f = c.faults
    node = web_pods(c)[0]["spec"]["nodeName"]
    victims = {p["metadata"]["name"] for p in web_pods(c) if p["spec"]["nodeName"] == node}
    t0 = c.sim.now_ms
    f.stop_node(node)
    c.run(seconds=39)
    assert "NotReady" not in k(c, "get nodes").stdout
    c.run(seconds=21)                                   # t0 + 60 s: past 50 s grace + 5 s monitor period
    ready = next(x for x in c.get("nodes", node, "")["status"]["conditions"] if x["type"] == "Ready")
    assert (ready["status"], ready["reason"], ready["message"]) == \
        ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    unknown_at = c.sim.clock.sim_ms(ready["lastTransitionTime"])
    assert t0 + 40_000 < unknown_at <= t0 + 60_000
    taints = c.get("nodes", node, "")["spec"]["taints"]
    assert {(t["key"], t["effect"]) for t in taints} == {("node.kubernetes.io/unreachable", "NoSchedule"),
                                                         ("node.kubernetes.io/unreachable", "NoExecute")}
    # not yet evicted 299 s after the taint, replaced right after 300 s
    c.sim.run(ms=unknown_at + 299_000 - c.sim.now_ms)
    assert not any(dig(p, "metadata", "deletionTimestamp") for p in web_pods(c))
    c.run(seconds=2)
    gone = [p for p in web_pods(c) if dig(p, "metadata", "deletionTimestamp")]
    assert {p["metadata"]["name"] for p in gone} == victims
    events = [e for e in c.list("events", "default") if e["reason"] == "TaintManagerEviction"]
    assert {e["message"] for e in events} == {f"Marking for deletion Pod default/{v}" for v in victims}
    c.run(seconds=30)
    assert ready_count(c) == 3
    assert all(p["spec"]["nodeName"] != node for p in web_pods(c, False))
    f.start_node(node)
    c.run(seconds=30)
    assert "NotReady" not in k(c, "get nodes").stdout
    assert not c.get("nodes", node, "")["spec"].get("taints")
    assert not any(p["metadata"]["name"] in victims for p in web_pods(c))
    reasons = {e["reason"] for e in c.list("events") if e["involvedObject"]["kind"] == "Node"}
    assert {"NodeNotReady", "NodeReady", "Rebooted", "Starting"} <= reasons


def test_partition_keeps_old_containers_running_until_heal(c):
    f = c.faults
    node = web_pods(c)[0]["spec"]["nodeName"]
    kubelet = c.kubelets[node]
    victims = {p["metadata"]["name"] for p in web_pods(c) if p["spec"]["nodeName"] == node}
    f.partition_node(node)
    c.run(seconds=60 + 300 + 30)
    assert ready_count(c) == 3
    still = [p for p in web_pods(c) if p["metadata"]["name"] in victims]
    assert still and all(dig(p, "metadata", "deletionTimestamp") for p in still)
    assert len(kubelet.runtime.running_records()) >= len(victims)      # the originals keep running
    f.heal()
    c.run(seconds=60)
    assert not [p for p in web_pods(c) if p["metadata"]["name"] in victims]
    # the victims' containers are gone; the node's kube-proxy (a daemon pod, tolerating unreachable) stays
    assert [r.name for r in kubelet.runtime.running_records()] == ["kube-proxy"]
    assert f.stopped() == []


def test_crash_container_restarts_it(c):
    pod = web_pods(c)[0]["metadata"]["name"]
    assert c.faults.crash_container(pod) is True
    c.run(seconds=5)
    status = c.get("pods", pod)["status"]["containerStatuses"][0]
    assert status["restartCount"] == 1
    assert status["lastState"]["terminated"]["reason"] == "Error"
    assert status["lastState"]["terminated"]["exitCode"] == 1


def test_controller_manager_stop_means_no_self_healing(c):
    f = c.faults
    f.stop("controller-manager")
    victim = web_pods(c)[0]["metadata"]["name"]
    k(c, f"delete pod {victim}")
    c.run(seconds=30)
    assert len(web_pods(c)) == 2
    f.start("controller-manager")
    c.run(seconds=30)
    assert ready_count(c) == 3
    assert any(e["reason"] == "LeaderElection" for e in c.list("events", "kube-system"))


def test_metrics_server_stop(c):
    f = c.faults
    f.stop("metrics-server")
    out = k(c, "top pods")
    assert out.exit_code == 1
    f.start("metrics-server")
    c.run(seconds=30)
    assert k(c, "top pods").exit_code == 0


def test_load_applies_to_running_and_later_pods(c):
    assert c.faults.load("app=web", cpu_millicores=150) == 3
    k(c, "scale deployment web --replicas=4")
    c.run(seconds=60)
    rows = c.metrics.top_pods(selector="app=web")
    assert len(rows) == 4 and all(r["cpu_m"] >= 140 for r in rows)
    assert isinstance(c.faults, Faults) and c.faults is c.engine.faults


def test_unknown_component_and_node():
    c = Cluster(nodes=1, seed=0)
    with pytest.raises(SimulationError, match="unknown component"):
        c.faults.stop("kubelet")
    with pytest.raises(SimulationError, match="no node named"):
        c.faults.stop_node("nope")


def test_recover_starts_everything(c):
    f = c.faults
    node = sorted(c.kubelets)[0]
    f.stop("scheduler"); f.stop("controller-manager"); f.stop_kubelet(node); f.partition_node(sorted(c.kubelets)[1])
    f.stop("etcd")
    assert len(f.stopped()) == 5
    f.recover()
    assert f.stopped() == []
    c.run(seconds=60)
    assert ready_count(c) == 3


def test_dns_outage_and_recovery_seen_from_a_pod():
    from k8scourse import Cluster
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx:1.25 --replicas=2", echo=False)
    c.kubectl("expose deployment web --port=80", echo=False)
    c.kubectl("run client --image=busybox -- sleep 3600", echo=False)
    c.run(seconds=60)
    assert "Name:\tweb.default.svc.cluster.local" in c.kubectl("exec client -- nslookup web", echo=False)
    c.faults.stop("dns")
    c.run(seconds=40)
    r = c.kubectl("exec client -- nslookup web", echo=False)
    assert r.exit_code == 1 and "connection timed out; no servers could be reached" in r
    c.faults.start("dns")
    c.run(seconds=40)
    assert c.kubectl("exec client -- nslookup web", echo=False).exit_code == 0


def test_time_can_pass_while_etcd_is_down():
    from k8scourse import Cluster
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx:1.25 --replicas=2", echo=False)
    c.run(seconds=30)
    c.faults.stop("etcd")
    c.run(seconds=60)                      # components keep trying; nothing crashes
    c.faults.start("etcd")
    c.run(seconds=30)
    assert c.kubectl("get deploy web", echo=False).split()[-4] == "2/2"
