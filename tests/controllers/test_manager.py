"""The controller managers: components that own the controllers; restarts re-list everything."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.apiserver import APIServer
from k8scourse.controllers import CloudControllerManager, ControllerManager, ServiceLBController
from k8scourse.errors import SimulationError
from k8scourse.sim import Simulation

WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: cache}
spec:
  replicas: 2
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers: [{name: redis, image: redis}]
"""


class FakeMetrics:
    def list_pod_metrics(self, namespace=None):
        return []


def leader_events(api):
    return [e["message"] for e in api.list("events", "kube-system")["items"] if e["reason"] == "LeaderElection"]


def test_the_manager_is_a_component_owning_every_controller():
    api = APIServer(Simulation(seed=0))
    kcm = ControllerManager(api, FakeMetrics())
    assert (kcm.name, kcm.running) == ("kube-controller-manager", False)
    names = [c.component for c in kcm.controllers]
    assert len(names) == len(set(names)) == 25
    assert {"pvc-protection-controller", "pv-protection-controller", "horizontal-pod-autoscaler", "replicaset-controller", "replication-controller", "deployment-controller",
            "garbage-collector", "node-controller", "pod-garbage-collector", "serviceaccount-token-controller"} <= set(names)
    assert kcm.controller("horizontal-pod-autoscaler").metrics is not None
    assert kcm.start() is kcm and kcm.running and all(c.running for c in kcm.controllers)
    assert leader_events(api) == []                         # a new cluster's first start elects silently
    kcm.stop()
    assert not kcm.running and not any(c.running for c in kcm.controllers)
    kcm.start()
    kcm.stop()
    kcm.start()
    assert leader_events(api) == ["kube-controller-manager_00000001 became leader",
                                  "kube-controller-manager_00000002 became leader"]


def test_without_a_metrics_client_there_is_no_hpa_controller_until_one_is_attached():
    api = APIServer(Simulation(seed=0))
    kcm = ControllerManager(api).start()
    assert "horizontal-pod-autoscaler" not in [c.component for c in kcm.controllers]
    hpa = kcm.attach_metrics(FakeMetrics())
    assert kcm.controller("horizontal-pod-autoscaler") is hpa and hpa.running
    kcm.stop()
    assert not hpa.running


def test_node_ipam_runs_in_the_manager_when_asked():
    api = APIServer(Simulation(seed=0))
    kcm = ControllerManager(api, allocate_node_cidrs=True, cluster_cidr="10.244.0.0/16").start()
    api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}})
    api.sim.run(seconds=1)
    assert api.get("nodes", "n1", "")["spec"]["podCIDR"] == "10.244.0.0/24"
    assert kcm.controller("node-ipam-controller").running


def test_it_cannot_start_again_while_the_api_server_is_down():
    api = APIServer(Simulation(seed=0))
    kcm = ControllerManager(api).start()
    kcm.stop()
    api.stop()
    with pytest.raises(SimulationError, match="the controller-manager cannot start while the API server or etcd"):
        kcm.start()
    assert not kcm.running


def test_cloud_controller_manager_runs_the_service_controller():
    api = APIServer(Simulation(seed=0))
    ccm = CloudControllerManager(api).start()
    assert ccm.name == "cloud-controller-manager" and isinstance(ccm.service_lb, ServiceLBController)
    assert ccm.controllers == [ccm.service_lb] and ccm.service_lb.running


def test_cluster_wires_the_managers_and_faults_stop_them():
    c = Cluster(nodes=1, seed=0)
    kcm = c.controller_manager
    assert isinstance(kcm, ControllerManager) and kcm.running
    assert c.components["kube-controller-manager"] is kcm
    assert c.service_lb is c.components["cloud-controller-manager"].service_lb
    assert kcm.controller("horizontal-pod-autoscaler").metrics is c.metrics
    c.faults.stop("controller-manager")
    assert not kcm.running and not kcm.controller("horizontal-pod-autoscaler").running
    assert c.service_lb.running                             # the cloud controller manager is another process
    c.faults.start("controller-manager")
    assert kcm.running
    [message] = leader_events(c.api)
    assert message.endswith("became leader") and message.startswith("k8scourse-control-plane_")


def test_what_happened_while_the_manager_was_down_is_repaired_after_its_restart():
    c = Cluster(nodes=2, seed=3)
    c.apply(WEB, echo=False)
    c.run(seconds=30)
    web = sorted(p["metadata"]["name"] for p in c.list("pods", "default", "app=web"))
    c.faults.stop("controller-manager")
    c.kubectl(f"delete pod {web[0]}", echo=False)
    c.kubectl("delete service web", echo=False)
    c.kubectl("delete replicaset cache --wait=false", echo=False)
    c.run(seconds=60)
    assert len(c.list("pods", "default", "app=web")) == 1          # nobody replaced it
    assert c.api.peek("endpoints", "web", "default") is not None   # nobody cleaned up
    assert len(c.list("pods", "default", "app=cache")) == 2        # nobody collected them
    c.faults.start("controller-manager")
    c.run(seconds=30)
    assert len(c.list("pods", "default", "app=web")) == 2          # the ReplicaSet saw 1 of 2
    assert c.api.peek("endpoints", "web", "default") is None       # the missed delete reached the controller
    assert [es for es in c.list("endpointslices", "default")
            if es["metadata"]["labels"].get("kubernetes.io/service-name") == "web"] == []
    assert c.list("pods", "default", "app=cache") == []            # the garbage collector too


def test_a_key_given_up_during_a_long_outage_comes_back_with_the_relist():
    c = Cluster(nodes=2, seed=4)
    c.apply(WEB, echo=False)
    c.run(seconds=30)
    c.kubectl("scale deployment web --replicas=3", echo=False)
    c.faults.stop("apiserver")                      # the ReplicaSet has not been scaled yet
    c.run(seconds=300)                              # longer than the deployment controller's 15 retries
    assert any(e.component == "deployment-controller" and e.action == "drop" for e in c.sim.trace)
    c.faults.start("apiserver")
    c.run(seconds=60)
    d = c.get("deployments", "web")
    assert d["status"].get("readyReplicas") == 3 and d["status"]["observedGeneration"] == d["metadata"]["generation"]
