"""Fault campaigns: whatever breaks, once everything is started again the cluster converges.

Any sequence of node failures (power off, kubelet stop, network partition), control-plane
component stops (scheduler, controller manager, etcd, API server, metrics-server) and container
crashes, followed by recovery (everything started, a few simulated minutes), ends with every
Deployment's replicas Ready, no user object lost, and no pod bound to a node that is not Ready.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8scourse import Cluster
from k8scourse.api.objects import dig
from k8scourse.errors import SimulationError
from k8scourse.faults import Faults

APPS = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: nginx, resources: {requests: {cpu: 100m}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: demo}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
"""
USER_KINDS = ("deployments", "configmaps", "poddisruptionbudgets", "services")
COMPONENTS = ("scheduler", "controller-manager", "etcd", "apiserver", "metrics-server")

node_index = st.integers(min_value=0, max_value=2)
action = st.one_of(
    st.tuples(st.sampled_from(["stop_node", "start_node", "stop_kubelet", "start_kubelet", "partition_node",
                               "heal"]), node_index),
    st.tuples(st.sampled_from(["stop", "start"]), st.sampled_from(COMPONENTS)),
    st.tuples(st.just("crash"), st.integers(min_value=0, max_value=4)),
    st.tuples(st.just("run"), st.sampled_from([5, 30, 90, 400])),
)


def user_objects(c: Cluster) -> set:
    return {(kind, o["metadata"].get("namespace", ""), o["metadata"]["name"], o["metadata"]["uid"])
            for kind in USER_KINDS for o in c.list(kind)}


def converged(c: Cluster) -> bool:
    for d in c.list("deployments"):
        want = d["spec"]["replicas"]
        st_ = d.get("status") or {}
        if st_.get("readyReplicas", 0) != want or st_.get("replicas", 0) != want \
                or st_.get("observedGeneration") != d["metadata"]["generation"]:
            return False
    ready_nodes = {n["metadata"]["name"] for n in c.list("nodes")
                   if any(x["type"] == "Ready" and x["status"] == "True" for x in n["status"]["conditions"])}
    return all(not p["spec"].get("nodeName") or p["spec"]["nodeName"] in ready_nodes for p in c.list("pods"))


def apply_action(c: Cluster, f: Faults, nodes: list[str], act) -> None:
    verb, arg = act
    if verb == "run":
        c.run(seconds=arg)
    elif verb == "crash":
        pods = sorted((p for p in c.list("pods") if dig(p, "status", "phase") == "Running"),
                      key=lambda p: p["metadata"]["name"]) if c.store.available and c.api.available else []
        if pods:
            f.crash_container(pods[arg % len(pods)])
    elif verb in ("stop", "start"):
        try:
            getattr(f, verb)(arg)
        except SimulationError:
            pass                    # starting a component while etcd or the API server is down
    elif verb == "heal":
        f.heal(nodes[arg])
    else:
        getattr(f, verb)(nodes[arg])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(action, min_size=1, max_size=8))
def test_any_fault_campaign_converges_after_recovery(actions):
    c = Cluster(nodes=3, seed=5)
    c.apply(APPS, echo=False)
    c.run(seconds=60)
    assert converged(c)
    before = user_objects(c)
    f = c.faults
    nodes = sorted(c.kubelets)
    for act in actions:
        apply_action(c, f, nodes, act)
    f.recover()
    assert f.stopped() == []
    c.run(seconds=180)
    assert c.wait_until(lambda: converged(c), 900), [
        (p["metadata"]["name"], p["spec"].get("nodeName"), p["status"].get("phase")) for p in c.list("pods")]
    assert user_objects(c) == before
