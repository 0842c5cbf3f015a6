"""kubectl drain: cordon, filters, evictions through budgets with retries, simulated waiting."""

from __future__ import annotations

import re

from k8scourse import Cluster


def _cluster(pdb: str = ""):
    c = Cluster(nodes=3, seed=6)
    c.kubectl("create deployment web --image=nginx --replicas=3", echo=False)
    if pdb:
        c.apply(f"""apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: web}}
spec: {{{pdb}, selector: {{matchLabels: {{app: web}}}}}}
""", echo=False)
    c.run(seconds=30)
    return c


def _node_of_web(c):
    return sorted(p["spec"]["nodeName"] for p in c.list("pods", "default", "app=web"))[0]


def test_drain_evicts_and_prints_like_kubectl():
    c = _cluster()
    node = _node_of_web(c)
    victims = sorted(f'{p["metadata"]["namespace"]}/{p["metadata"]["name"]}' for p in c.list("pods")
                     if p["spec"].get("nodeName") == node          # the node's kube-proxy is a DaemonSet's: ignored
                     and not any(r["kind"] == "DaemonSet" for r in p["metadata"].get("ownerReferences", [])))
    out = c.kubectl(f"drain {node} --ignore-daemonsets", echo=False)
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    assert lines[0] == f"node/{node} cordoned"
    assert [l for l in lines if l.startswith("evicting")] == [f"evicting pod {v}" for v in victims]
    assert sorted(l for l in lines if l.endswith(" evicted")) == sorted(f"pod/{v.split('/')[1]} evicted"
                                                                       for v in victims)
    assert lines[-1] == f"node/{node} drained"
    assert c.get("nodes", node, "")["spec"]["unschedulable"] is True
    c.run(seconds=30)
    web = [p for p in c.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]
    assert len(web) == 3 and all(p["spec"]["nodeName"] != node for p in web)


def test_unmanaged_pod_needs_force():
    c = _cluster()
    node = _node_of_web(c)
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo"},
                  "spec": {"nodeName": node, "containers": [{"name": "c", "image": "nginx"}]}})
    c.run(seconds=10)
    out = c.kubectl(f"drain {node} --ignore-daemonsets", echo=False)
    assert out.exit_code == 1
    assert out.stdout == f"node/{node} cordoned\n"
    assert out.stderr == (
        f'error: unable to drain node "{node}" due to error: cannot delete cannot delete Pods that declare no controller '
        f"(use --force to override): default/solo, continuing command...\n"
        f"There are pending nodes to be drained:\n {node}\n"
        f"cannot delete cannot delete Pods that declare no controller (use --force to override): default/solo\n")
    forced = c.kubectl(f"drain {node} --force --ignore-daemonsets", echo=False)
    assert forced.exit_code == 0
    assert forced.stdout.splitlines()[0] == f"node/{node} already cordoned"
    assert "Warning: deleting Pods that declare no controller: default/solo" in forced.stderr


def test_daemonset_pods_need_ignore_daemonsets():
    c = _cluster()
    node = _node_of_web(c)
    c.apply("""apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: nginx}]}
""", echo=False)
    c.run(seconds=30)
    agent = [p["metadata"]["name"] for p in c.list("pods", "default", "app=agent") if p["spec"]["nodeName"] == node]
    assert len(agent) == 1              # the DaemonSet put one pod on the node
    out = c.kubectl(f"drain {node}", echo=False)
    assert "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): " \
           f"default/{agent[0]}" in out.stderr
    ok = c.kubectl(f"drain {node} --ignore-daemonsets", echo=False)
    assert ok.exit_code == 0
    assert f"Warning: ignoring DaemonSet-managed Pods: default/{agent[0]}" in ok.stderr


def test_budget_refusals_are_retried_every_5s_while_time_runs():
    c = _cluster("minAvailable: 3")
    c.kubectl("scale deployment web --replicas=4", echo=False)
    c.run(seconds=1)                    # the 4th pod is not ready yet: no disruption allowed
    node = _node_of_web(c)
    start = c.sim.now_ms
    out = c.kubectl(f"drain {node} --ignore-daemonsets --delete-emptydir-data", echo=False)
    assert out.exit_code == 0
    retries = [l for l in out.stderr.splitlines() if "will retry after 5s" in l]
    assert retries
    assert re.fullmatch(r'error when evicting pods/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): '
                        r"Cannot evict pod as it would violate the pod's disruption budget\.", retries[0])
    assert c.sim.now_ms - start >= 5_000
    assert out.stdout.splitlines()[-1] == f"node/{node} drained"


def test_timeout_and_disable_eviction():
    c = _cluster("minAvailable: 3")
    node = _node_of_web(c)
    # metrics-server (an emptyDir for its certificates) runs on this node: drain refuses without the flag
    refused = c.kubectl(f"drain {node} --ignore-daemonsets", echo=False)
    assert refused.exit_code == 1 and re.search(
        r"cannot delete Pods with local storage \(use --delete-emptydir-data to override\): "
        r"kube-system/metrics-server-[a-z0-9]+-[a-z0-9]{5}\n$", refused.stderr)
    out = c.kubectl(f"drain {node} --timeout=20s --ignore-daemonsets --delete-emptydir-data", echo=False)
    assert out.exit_code == 1
    assert "global timeout reached: 20s" in out.stderr
    assert out.stderr.count("will retry after 5s") == 5
    deleted = c.kubectl(f"drain {node} --disable-eviction --ignore-daemonsets --delete-emptydir-data", echo=False)
    assert deleted.exit_code == 0
    assert any(l.startswith("deleting pod default/web-") for l in deleted.stdout.splitlines())
    assert any(l.endswith(" deleted") for l in deleted.stdout.splitlines())


def test_client_dry_run_changes_nothing():
    c = _cluster()
    node = _node_of_web(c)
    out = c.kubectl(f"drain {node} --dry-run=client --ignore-daemonsets --delete-emptydir-data", echo=False)
    assert out.stdout.splitlines()[0] == f"node/{node} cordoned (dry run)"
    assert out.stdout.splitlines()[-1] == f"node/{node} drained (dry run)"
    assert not c.get("nodes", node, "")["spec"].get("unschedulable")
