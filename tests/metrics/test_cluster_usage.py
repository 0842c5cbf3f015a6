"""The accounting through the public surface: a Cluster with real kubelets, containers and programs."""

from __future__ import annotations

import pytest

from k8scourse import Cluster, defaults
from k8scourse.metrics import node_accounting, pod_accounting, usage_history





def _pod(name, node, image, args, resources=None, command=None):
    res = "{" + ", ".join(f"{k}: {{{', '.join(f'{r}: {v}' for r, v in vals.items())}}}"
                          for k, vals in (resources or {}).items()) + "}"
    cmd = f"\n    command: {command}" if command else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  nodeName: {node}\n"
            f"  containers:\n  - name: {name}\n    image: {image}{cmd}\n    args: {args}\n    resources: {res}\n---\n")


@pytest.fixture
def one_node():
    c = Cluster(nodes=1, seed=0, dns=False, addons="none")   # an empty node: usage is the test pods' only
    return c, c.list("nodes")[0]["metadata"]["name"]


def test_stress_over_its_memory_limit_is_oomkilled_then_crashloops(one_node):
    c, node = one_node
    c.apply(_pod("memhog", node, "polinux/stress", '["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]',
                 {"requests": {"memory": "50Mi"}, "limits": {"memory": "100Mi"}}, command='["stress"]'), echo=False)
    c.run(seconds=30)
    status = c.get("pods", "memhog")["status"]["containerStatuses"][0]
    last = status["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"]) == ("OOMKilled", 137)
    assert last["startedAt"] == last["finishedAt"]                   # killed 100 ms after the start
    assert status["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    restarts = status["restartCount"]
    c.run(seconds=180)
    assert c.get("pods", "memhog")["status"]["containerStatuses"][0]["restartCount"] > restarts
    assert "oom-kill" in {e.action for e in c.sim.trace.entries(component="kubelet")}
    # it never lives through a sample, yet it is a pod with a container: top lists it at 0
    assert c.kubectl("top pod memhog --no-headers", echo=False).stdout.split() == ["memhog", "0m", "0Mi"]


def test_cpu_bound_container_is_throttled_at_its_limit(one_node):
    c, node = one_node
    c.apply(_pod("cpuhog", node, "polinux/stress", '["--cpu", "2"]', {"limits": {"cpu": "500m"}},
                 command='["stress"]'), echo=False)
    c.run(seconds=60)
    out = c.kubectl("top pods", echo=False).stdout
    assert out.splitlines()[1].split()[:2] == ["cpuhog", "500m"]
    hist = usage_history(c.api, c.kubelets, "container", "cpuhog")
    last = hist.iloc[-1]
    assert last.cpu_m == 500.0
    assert last.cpu_throttled_periods == int(last.cpu_periods * (2000 - 500) / 2000)
    top = c.kubectl("top nodes --no-headers", echo=False).stdout.split()
    assert top[1:3] == ["600m", "31%"]                      # 100m system + 500m, of 1900m allocatable


def test_node_usage_is_system_plus_pods(one_node):
    c, node = one_node
    c.apply(_pod("a", node, "polinux/stress", '["--cpu", "1", "--vm", "1", "--vm-bytes", "64M", "--vm-hang", "1"]',
                 command='["stress"]')
            + _pod("b", node, "nginx:1.25", "[]"), echo=False)
    c.run(seconds=45)
    n = node_accounting(c.api, c.kubelets).iloc[0]
    pods = pod_accounting(c.api, c.kubelets)
    assert n.cpu_usage_m == defaults.SYSTEM_CPU_M + pods.cpu_usage_m.sum()
    assert n.memory_usage_bytes == defaults.SYSTEM_MEMORY_BYTES + pods.memory_usage_bytes.sum()
    assert n.memory_usage_bytes == n.system_memory_bytes + n.pods_memory_bytes
    nodes_h = usage_history(c.api, c.kubelets, "node")
    pods_h = usage_history(c.api, c.kubelets, "pod")
    for t, row in nodes_h.set_index("time").iterrows():
        at = pods_h[pods_h.time == t]
        assert row.memory_bytes == defaults.SYSTEM_MEMORY_BYTES + at.memory_bytes.sum()


def test_memory_pressure_evicts_besteffort_then_burstable_never_guaranteed(one_node):
    c, node = one_node
    c.apply(_pod("gu", node, "polinux/stress", '["--vm", "1", "--vm-bytes", "1900M", "--vm-hang", "1"]',
                 {"requests": {"cpu": "100m", "memory": "2Gi"}, "limits": {"cpu": "100m", "memory": "2Gi"}},
                 command='["stress"]')
            + _pod("bu", node, "vish/stress", '["-mem-total", "4000Mi", "-mem-alloc-size", "100Mi", '
                   '"-mem-alloc-sleep", "1s"]', {"requests": {"memory": "200Mi"}})
            + _pod("be", node, "polinux/stress", '["--vm", "1", "--vm-bytes", "3000M", "--vm-hang", "1"]',
                   command='["stress"]'), echo=False)
    c.run(seconds=10)
    be = c.get("pods", "be")["status"]
    assert (be["phase"], be["reason"]) == ("Failed", "Evicted")
    assert be["message"].startswith("The node was low on resource: memory. Threshold quantity: 100Mi, available: ")
    assert be["message"].endswith("Container be was using 3072800Ki, request is 0, has larger consumption of memory. ")
    node_obj = c.get("nodes", node, "")
    pressure = next(x for x in node_obj["status"]["conditions"] if x["type"] == "MemoryPressure")
    assert (pressure["status"], pressure["reason"]) == ("True", "KubeletHasInsufficientMemory")
    assert {"key": "node.kubernetes.io/memory-pressure", "effect": "NoSchedule"} in node_obj["spec"]["taints"]
    assert c.get("pods", "bu")["status"]["phase"] == "Running"
    c.run(seconds=40)
    assert c.get("pods", "bu")["status"]["reason"] == "Evicted"
    assert c.get("pods", "gu")["status"]["phase"] == "Running"
    evicted = [e for e in c.list("events", "default") if e["reason"] == "Evicted"]
    assert [e["involvedObject"]["name"] for e in evicted] == ["be", "bu"]
    c.run(seconds=310)
    node_obj = c.get("nodes", node, "")
    pressure = next(x for x in node_obj["status"]["conditions"] if x["type"] == "MemoryPressure")
    assert pressure["status"] == "False" and not node_obj["spec"].get("taints")


def test_same_seed_same_accounting():
    def run():
        c = Cluster(nodes=2, seed=3)
        node = c.list("nodes")[1]["metadata"]["name"]
        c.apply(_pod("x", node, "polinux/stress", '["--cpu", "3"]', {"limits": {"cpu": "700m"}},
                     command='["stress"]'), echo=False)
        c.run(seconds=90)
        return (usage_history(c.api, c.kubelets, "node").to_csv(),
                c.kubectl("top nodes", echo=False).stdout, c.kubectl("top pods -A", echo=False).stdout)
    first = run()
    assert first == run()                 # a second, independent run
    assert all(text.count("\n") > 2 for text in first)  # the runs did something to compare


def test_top_before_the_first_scrape_and_with_a_dead_kubelet():
    c = Cluster(nodes=2, seed=1, dns=False, addons="none")     # the Metrics API served by the process alone
    assert c.kubectl("top nodes", echo=False).stderr == "error: metrics not available yet\n"
    assert c.kubectl("top pods", echo=False).stderr == "No resources found in default namespace.\n"
    node = c.list("nodes")[0]["metadata"]["name"]
    c.apply(_pod("web", node, "nginx:1.25", "[]"), echo=False)
    c.run(seconds=5)
    assert c.kubectl("top pods", echo=False).stderr == "error: metrics not available yet\n"
    c.run(seconds=10)
    out = c.kubectl("top nodes", echo=False).stdout.splitlines()
    assert [line.split()[1] for line in out[1:]] == ["100m", "100m"]
    assert c.kubectl("top pods", echo=False).stderr == "error: metrics not available yet\n"   # pulled till 12 s
    c.run(seconds=15)
    assert c.kubectl("top pods --no-headers", echo=False).stdout.split()[0] == "web"
    c.kubelets[node].stop()
    c.run(seconds=30)
    out = c.kubectl("top nodes", echo=False).stdout.splitlines()
    assert out[-1].split() == [node] + ["<unknown>"] * 4
    assert c.kubectl("top pods", echo=False).stderr == "error: metrics not available yet\n"     # web is 60 s old
    c.run(seconds=90)
    assert c.kubectl("top pods", echo=False).stderr == "error: Metrics not available for pod default/web, age: 2m30s\n"
