"""kube-scheduler through the public surface: placement rules, texts, preemption, queue timing."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.errors import APIError
from k8scourse.scheduler import format_explanation


def pod_yaml(name, cpu="100m", memory="64Mi", extra_spec="", labels="", priority_class=""):
    lines = [
        "apiVersion: v1", "kind: Pod", "metadata:", f"  name: {name}",
    ]
    if labels:
        lines.append(f"  labels: {labels}")
    lines += ["spec:"]
    if priority_class:
        lines.append(f"  priorityClassName: {priority_class}")
    if extra_spec:
        lines += ["  " + x for x in extra_spec.strip("\n").splitlines()]
    lines += ["  containers:", "  - name: c", "    image: nginx:1.25",
              f"    resources: {{requests: {{cpu: \"{cpu}\", memory: \"{memory}\"}}}}"]
    return "\n".join(lines) + "\n"


def node_of(c, name, ns="default"):
    return c.get("pods", name, ns)["spec"].get("nodeName")


def events(c, name, reason=None):
    out = [e for e in c.list("events", "default") if e["involvedObject"].get("name") == name]
    return [e for e in out if reason is None or e["reason"] == reason]


def names(c):
    return sorted(n["metadata"]["name"] for n in c.list("nodes"))


def test_too_big_pod_stays_pending_with_the_upstream_text():
    c = Cluster(nodes=3, seed=0)
    c.apply(pod_yaml("big", cpu="64", memory="1Ti"), echo=False)
    c.run(seconds=2)
    pod = c.get("pods", "big")
    assert pod["status"]["phase"] == "Pending" and not pod["spec"].get("nodeName")
    text = ("0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are "
            "available: 3 No preemption victims found for incoming pod.")
    [ev] = events(c, "big", "FailedScheduling")
    assert ev["message"] == text and ev["type"] == "Warning" and ev["action"] == "Scheduling"
    assert ev["reportingComponent"] == "default-scheduler" and ev["source"] == {}
    cond = next(x for x in pod["status"]["conditions"] if x["type"] == "PodScheduled")
    assert (cond["status"], cond["reason"], cond["message"]) == ("False", "Unschedulable", text)
    described = str(c.kubectl("describe pod big", echo=False))
    assert "FailedScheduling" in described and text in described


def test_scheduled_event_and_binding():
    c = Cluster(nodes=3, seed=0)
    c.kubectl("run web --image=nginx:1.25", echo=False)
    c.run(seconds=1)
    node = node_of(c, "web")
    assert node in names(c)
    [ev] = events(c, "web", "Scheduled")
    assert ev["message"] == f"Successfully assigned default/web to {node}"
    assert ev["type"] == "Normal" and ev["action"] == "Binding" and ev["source"] == {}
    # the events.k8s.io/v1 shape, as kube-scheduler reports: a MicroTime, no core timestamps or count
    assert ev["reportingComponent"] == "default-scheduler"
    assert ev["reportingInstance"] == "default-scheduler-k8scourse-control-plane"
    assert ev["eventTime"].endswith(".000000Z") and ev["firstTimestamp"] is None and ev["lastTimestamp"] is None
    assert "count" not in ev and ev["involvedObject"]["resourceVersion"]
    assert c.scheduler.verify_cache() == []


def test_taint_and_memory_histogram_with_preemption_clause():
    c = Cluster(nodes=3, seed=0)
    tainted = names(c)[0]
    c.api.patch("nodes", tainted, "", {"spec": {"taints": [
        {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}}, "merge")
    c.apply(pod_yaml("hungry", cpu="100m", memory="6Gi"), echo=False)
    c.run(seconds=1)
    [ev] = events(c, "hungry", "FailedScheduling")
    # Upstream's preemption counts the tainted node (UnschedulableAndUnresolvable) as "not helpful".
    assert ev["message"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for "
        "scheduling, 2 No preemption victims found for incoming pod.")


def test_no_nodes_message():
    c = Cluster(nodes=0, seed=0)
    c.kubectl("run web --image=nginx", echo=False)
    c.run(seconds=1)
    [ev] = events(c, "web", "FailedScheduling")
    assert ev["message"] == "no nodes available to schedule pods"


def test_repeated_failures_become_a_series_as_kube_scheduler_reports_them():
    c = Cluster(nodes=1, seed=0)
    c.apply(pod_yaml("big", extra_spec="nodeSelector: {disktype: nvme}"), echo=False)
    c.run(seconds=1)
    for i in range(3):                       # label changes re-queue a pod NodeAffinity rejected
        c.api.patch("nodes", names(c)[0], "", {"metadata": {"labels": {"x": str(i)}}}, "merge")
        c.run(seconds=20)
    # The first failure wrote the PodScheduled condition, so later attempts regard a newer
    # resourceVersion: a second Event. Its first repeat writes series.count 2 at once; the next
    # repeats only count in the recorder's cache (client-go tools/events).
    first, second = sorted(events(c, "big", "FailedScheduling"), key=lambda e: e["eventTime"])
    assert "series" not in first and second["series"]["count"] == 2
    assert first["involvedObject"]["resourceVersion"] != second["involvedObject"]["resourceVersion"]
    assert "40s (x2 over 60s)" in str(c.kubectl("describe pod big", echo=False))
    # An unschedulable pod is retried every 5 minutes, so the series never goes quiet: the
    # recorder's 30-minute refresh writes the count it has seen by then.
    c.run(seconds=31 * 60 - 61)
    attempts = [e.time_ms for e in c.sim.trace.entries("default-scheduler")
                if e.action == "unschedulable" and e.time_ms <= 30 * 60 * 1000]
    [second] = [e for e in events(c, "big", "FailedScheduling") if e.get("series")]
    assert second["series"] == {"count": len(attempts) - 1,
                                "lastObservedTime": c.sim.clock.rfc3339_micro(attempts[-1])}
    assert len(attempts) == 9


def test_tolerations_let_a_pod_onto_a_tainted_node():
    c = Cluster(nodes=2, seed=0)
    for n in names(c):
        c.api.patch("nodes", n, "", {"spec": {"taints": [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]}},
                    "merge")
    c.apply(pod_yaml("plain"), echo=False)
    c.apply(pod_yaml("tolerant", extra_spec="""
tolerations:
- {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}
"""), echo=False)
    c.run(seconds=1)
    assert node_of(c, "plain") is None and node_of(c, "tolerant") in names(c)
    [ev] = events(c, "plain", "FailedScheduling")
    assert ev["message"].startswith("0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. ")


def test_node_selector_and_required_affinity():
    c = Cluster(nodes=3, seed=0)
    ssd = names(c)[1]
    c.api.patch("nodes", ssd, "", {"metadata": {"labels": {"disktype": "ssd"}}}, "merge")
    c.apply(pod_yaml("sel", extra_spec="nodeSelector: {disktype: ssd}"), echo=False)
    c.apply(pod_yaml("aff", extra_spec="""
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions: [{key: disktype, operator: In, values: [ssd]}]
"""), echo=False)
    c.apply(pod_yaml("nowhere", extra_spec="nodeSelector: {disktype: nvme}"), echo=False)
    c.run(seconds=1)
    assert node_of(c, "sel") == ssd and node_of(c, "aff") == ssd
    [ev] = events(c, "nowhere", "FailedScheduling")
    assert ev["message"] == ("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                             "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")


def test_preferred_node_affinity_wins_the_score():
    c = Cluster(nodes=3, seed=0)
    fast = names(c)[2]
    c.api.patch("nodes", fast, "", {"metadata": {"labels": {"speed": "fast"}}}, "merge")
    for i in range(3):
        c.apply(pod_yaml(f"p{i}", extra_spec="""
affinity:
  nodeAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 50
      preference: {matchExpressions: [{key: speed, operator: In, values: [fast]}]}
"""), echo=False)
    c.run(seconds=1)
    assert {node_of(c, f"p{i}") for i in range(3)} == {fast}
    expl = c.scheduler.explain("default", "p0")
    top = expl["scores"][0]
    assert top["node"] == fast
    na = next(p for p in top["plugins"] if p["plugin"] == "NodeAffinity")
    assert (na["raw"], na["normalized"], na["weight"], na["weighted"]) == (50, 100, 2, 200)


def test_pod_anti_affinity_spreads_and_then_refuses():
    c = Cluster(nodes=3, seed=0)
    spec = """
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: web}}
      topologyKey: kubernetes.io/hostname
"""
    for i in range(4):
        c.apply(pod_yaml(f"web-{i}", labels="{app: web}", extra_spec=spec), echo=False)
    c.run(seconds=1)
    placed = [node_of(c, f"web-{i}") for i in range(3)]
    assert sorted(placed) == names(c)
    assert node_of(c, "web-3") is None
    [ev] = events(c, "web-3", "FailedScheduling")
    assert ev["message"].startswith("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.")


def test_existing_pods_anti_affinity_is_respected():
    c = Cluster(nodes=1, seed=0)
    c.apply(pod_yaml("loner", labels="{app: loner}", extra_spec="""
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: web}}
      topologyKey: kubernetes.io/hostname
"""), echo=False)
    c.run(seconds=1)
    c.apply(pod_yaml("web", labels="{app: web}"), echo=False)
    c.run(seconds=1)
    assert node_of(c, "web") is None
    [ev] = events(c, "web", "FailedScheduling")
    assert "1 node(s) didn't satisfy existing pods anti-affinity rules" in ev["message"]


def test_pod_affinity_follows_the_first_pod():
    c = Cluster(nodes=3, seed=1)
    c.apply(pod_yaml("db", labels="{app: db}"), echo=False)
    c.run(seconds=1)
    c.apply(pod_yaml("api", extra_spec="""
affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: db}}
      topologyKey: kubernetes.io/hostname
"""), echo=False)
    c.run(seconds=1)
    assert node_of(c, "api") == node_of(c, "db")


def test_topology_spread_max_skew_one():
    c = Cluster(nodes=3, seed=0)
    spec = """
topologySpreadConstraints:
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: DoNotSchedule
  labelSelector: {matchLabels: {app: spread}}
"""
    for i in range(6):
        c.apply(pod_yaml(f"s-{i}", labels="{app: spread}", extra_spec=spec), echo=False)
        c.run(seconds=0.1)
    counts = {}
    for i in range(6):
        counts[node_of(c, f"s-{i}")] = counts.get(node_of(c, f"s-{i}"), 0) + 1
    assert sorted(counts.values()) == [2, 2, 2] and None not in counts


def test_host_port_conflict():
    c = Cluster(nodes=3, seed=0)
    spec_ports = """
containers:
- name: c
  image: nginx
  ports: [{containerPort: 80, hostPort: 8080}]
"""
    for i in range(4):
        c.apply(f"apiVersion: v1\nkind: Pod\nmetadata: {{name: hp-{i}}}\nspec:\n" +
                "".join("  " + line + "\n" for line in spec_ports.strip().splitlines()), echo=False)
    c.run(seconds=1)
    assert sorted(node_of(c, f"hp-{i}") for i in range(3)) == names(c)
    [ev] = events(c, "hp-3", "FailedScheduling")
    assert ev["message"] == ("0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod "
                             "ports. preemption: 0/3 nodes are available: 3 No preemption victims found for "
                             "incoming pod.")


def test_too_many_pods():
    c = Cluster(nodes=1, seed=0, max_pods=2, dns=False, addons="none")     # no system pods taking slots
    for i in range(3):
        c.apply(pod_yaml(f"p{i}"), echo=False)
    c.run(seconds=1)
    assert [bool(node_of(c, f"p{i}")) for i in range(3)] == [True, True, False]
    [ev] = events(c, "p2", "FailedScheduling")
    assert ev["message"] == ("0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: "
                             "1 No preemption victims found for incoming pod.")


def test_priority_preemption_evicts_the_fewest_low_priority_pods():
    c = Cluster(nodes=1, seed=0, dns=False)
    c.apply("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000\n",
            echo=False)
    for i in range(3):
        c.apply(pod_yaml(f"low-{i}", cpu="500m"), echo=False)
    c.run(seconds=1)
    assert all(node_of(c, f"low-{i}") for i in range(3))
    c.apply(pod_yaml("vip", cpu="800m", priority_class="high"), echo=False)
    c.run(seconds=0.001)
    node = names(c)[0]
    vip = c.get("pods", "vip")
    assert vip["status"].get("nominatedNodeName") == node
    preempted = [e for e in c.list("events", "default") if e["reason"] == "Preempted"]
    assert len(preempted) == 1                        # 1900m - 1500m = 400m free: one victim is enough
    assert preempted[0]["message"] == f"Preempted by pod {vip['metadata']['uid']} on node {node}"
    [ev] = events(c, "vip", "FailedScheduling")
    assert ev["message"] == "0/1 nodes are available: 1 Insufficient cpu."
    c.run(seconds=40)
    assert node_of(c, "vip") == node
    remaining = [p["metadata"]["name"] for p in c.list("pods", "default") if p["metadata"]["name"].startswith("low")]
    assert len(remaining) == 2


def test_preemption_policy_never():
    c = Cluster(nodes=1, seed=0)
    c.apply("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: polite}\nvalue: 1000\n"
            "preemptionPolicy: Never\n", echo=False)
    c.apply(pod_yaml("low", cpu="1500m"), echo=False)
    c.run(seconds=1)
    c.apply(pod_yaml("vip", cpu="1", priority_class="polite"), echo=False)
    c.run(seconds=1)
    [ev] = events(c, "vip", "FailedScheduling")
    assert ev["message"] == ("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to "
                             "preemptionPolicy=Never.")


def _attempt_times(c, pod):
    return [e.time_ms for e in c.sim.trace.entries("default-scheduler")
            if e.action == "unschedulable" and e.target == f"pods/default/{pod}"]


def test_backoff_doubles_from_one_to_ten_seconds():
    c = Cluster(nodes=2, seed=0)
    c.apply(pod_yaml("picky", extra_spec="nodeSelector: {disktype: nvme}"), echo=False)
    node = names(c)[0]
    for i in range(450):                 # a relevant event (node label change) every 100 ms
        c.api.patch("nodes", node, "", {"metadata": {"labels": {"tick": str(i)}}}, "merge")
        c.run(seconds=0.1)
    times = _attempt_times(c, "picky")
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps[:7] == [1000, 2000, 4000, 8000, 10000, 10000, 10000]


def test_unschedulable_pods_are_retried_after_five_minutes_without_events():
    c = Cluster(nodes=1, seed=0)
    c.apply(pod_yaml("big", cpu="8"), echo=False)
    c.run(seconds=299)
    assert len(_attempt_times(c, "big")) == 1
    c.run(seconds=2)
    assert len(_attempt_times(c, "big")) == 2


def test_retry_when_a_node_is_added():
    c = Cluster(nodes=1, seed=0)
    c.apply(pod_yaml("wide", cpu="3"), echo=False)
    c.run(seconds=5)
    assert node_of(c, "wide") is None
    added = c.add_node(vm_size="Standard_DS3_v2")
    c.run(seconds=2)
    assert node_of(c, "wide") == added["metadata"]["name"]


def test_scheduling_gates_hold_a_pod():
    c = Cluster(nodes=1, seed=0)
    c.apply(pod_yaml("gated", extra_spec="schedulingGates: [{name: example.com/wait}]"), echo=False)
    c.run(seconds=5)
    assert node_of(c, "gated") is None and not events(c, "gated")
    assert c.scheduler.queue.counts() == {"gated": 1}
    # Releasing the gate: an update that removes spec.schedulingGates lets the queue admit the pod.
    c.api.patch("pods", "gated", "default", {"spec": {"schedulingGates": None}}, "merge")
    c.run(seconds=2)
    assert node_of(c, "gated") is not None
    # adding a gate back to a scheduled pod is refused, as upstream
    with pytest.raises(APIError):
        c.api.patch("pods", "gated", "default", {"spec": {"schedulingGates": [{"name": "x"}]}}, "merge")


def test_unbound_claim_message():
    c = Cluster(nodes=2, seed=0)
    # storageClassName "" opts out of the default class: no volume is provisioned, the claim stays unbound
    c.apply("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: "
            "[ReadWriteOnce]\n  storageClassName: \"\"\n  resources: {requests: {storage: 1Gi}}\n", echo=False)
    c.apply(pod_yaml("db", extra_spec="volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]"), echo=False)
    c.run(seconds=1)
    [ev] = events(c, "db", "FailedScheduling")
    assert ev["message"] == ("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                             "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")


def test_stop_and_start():
    c = Cluster(nodes=2, seed=0)
    c.scheduler.stop()
    c.kubectl("run web --image=nginx", echo=False)
    c.run(seconds=30)
    assert node_of(c, "web") is None and not events(c, "web")
    assert c.scheduler.explain("default", "web")["dryRun"] is True
    c.scheduler.start()
    c.run(seconds=1)
    assert node_of(c, "web") in names(c)


def test_other_schedulers_pods_are_left_alone():
    c = Cluster(nodes=1, seed=0)
    c.apply(pod_yaml("mine", extra_spec="schedulerName: my-scheduler"), echo=False)
    c.run(seconds=2)
    assert node_of(c, "mine") is None and not events(c, "mine")


def test_explanation_text_is_deterministic_and_complete():
    def run():
        c = Cluster(nodes=3, seed=4)
        c.api.patch("nodes", names(c)[0], "", {"spec": {"taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}]}},
                    "merge")
        c.apply(pod_yaml("web", cpu="250m", memory="256Mi"), echo=False)
        c.run(seconds=1)
        return c, c.scheduler.explain("default", "web")
    c, expl = run()
    text = format_explanation(expl)
    assert text == format_explanation(run()[1])
    assert expl["outcome"] == "Scheduled" and expl["node"] == node_of(c, "web")
    rejected = [f for f in expl["filters"] if f["result"] == "Rejected"]
    assert len(rejected) == 1 and [p["reason"] for p in rejected[0]["plugins"] if p["reason"]] == [
        "node(s) had untolerated taint {k: v}"]
    assert {s["node"] for s in expl["scores"]} == set(names(c)[1:])
    for s in expl["scores"]:
        assert s["total"] == sum(p["weighted"] for p in s["plugins"])
        assert {p["plugin"] for p in s["plugins"]} >= {"TaintToleration", "NodeResourcesFit",
                                                       "NodeResourcesBalancedAllocation", "ImageLocality"}
    assert "Filter (3 nodes, 3 evaluated):" in text and "TaintToleration: node(s) had untolerated taint {k: v}" in text


def test_dry_explanation_for_a_pending_pod_does_not_touch_the_rng():
    c = Cluster(nodes=2, seed=0)
    c.scheduler.stop()
    c.kubectl("run web --image=nginx", echo=False)
    state = c.sim.rng.getstate()
    expl = c.scheduler.explain("default", "web")
    assert c.sim.rng.getstate() == state
    assert expl["dryRun"] and expl["outcome"] == "Scheduled" and len(expl["ties"]) == 2 and expl["node"] == ""


@pytest.mark.parametrize("vectorize", [False, True])
def test_large_cluster_paths_agree(vectorize):
    """The numpy path and the node-by-node path make the same decisions on a 150-node cluster."""
    def run(vec):
        c = Cluster(nodes=0, seed=3)
        c.scheduler.vectorize = vec
        for i in range(150):
            c.add_node(vm_size="Standard_DS2_v2" if i % 3 else "Standard_D4s_v3", zone=str(i % 3))
        c.api.patch("nodes", names(c)[7], "", {"spec": {"taints": [{"key": "a", "effect": "NoSchedule"}]}}, "merge")
        for i in range(260):
            cpu = ["100m", "250m", "500m", "1", "1500m"][i % 5]
            c.apply(pod_yaml(f"p{i}", cpu=cpu, memory=["64Mi", "1Gi", "2Gi"][i % 3]), echo=False)
        c.run(seconds=5)
        assert c.scheduler.verify_cache() == []
        return [node_of(c, f"p{i}") for i in range(260)]
    assert run(vectorize) == run(not vectorize)
