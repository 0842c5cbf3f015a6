"""Finalizers with their deletion semantics: pvc-protection, pv-protection and the load balancer
cleanup finalizer of LoadBalancer Services."""

from __future__ import annotations

from k8scourse.cluster import Cluster

CLAIM_AND_POD = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers: [{name: c, image: nginx, volumeMounts: [{name: d, mountPath: /data}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""


def run(c, command, stdin=None):
    out = c.kubectl(command, stdin=stdin, echo=False)
    assert out.exit_code == 0, out
    return out.stdout


def test_a_claim_in_use_stays_terminating_until_its_pod_is_gone():
    c = Cluster(nodes=1, seed=11)
    run(c, "apply -f -", CLAIM_AND_POD)
    c.run(30)
    claim = c.get("pvc", "data")
    volume = claim["spec"]["volumeName"]
    assert claim["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    assert c.get("pv", volume, "")["metadata"]["finalizers"] == ["kubernetes.io/pv-protection"]
    assert run(c, "delete pvc data --wait=false") == 'persistentvolumeclaim "data" deleted\n'
    c.run(30)
    claim = c.get("pvc", "data")
    assert claim["metadata"]["deletionTimestamp"] and claim["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    assert run(c, "get pvc data").splitlines()[1].split()[1] == "Terminating"
    # the volume is still bound to the claim: deleting it only marks it, too
    run(c, f"delete pv {volume} --wait=false")
    c.run(5)
    assert c.get("pv", volume, "")["metadata"]["deletionTimestamp"]
    run(c, "delete pod user")
    c.run(10)
    assert run(c, "get pvc") == ""
    assert c.api.peek("persistentvolumeclaims", "data", "default") is None
    assert c.api.peek("persistentvolumes", volume, "") is None


def test_an_unused_claim_goes_at_once_and_its_volume_is_deprovisioned():
    c = Cluster(nodes=1, seed=12)
    run(c, "apply -f -", CLAIM_AND_POD)
    c.run(30)
    volume = c.get("pvc", "data")["spec"]["volumeName"]
    run(c, "delete pod user")
    run(c, "delete pvc data")
    assert c.api.peek("persistentvolumeclaims", "data", "default") is None
    c.run(10)
    assert c.api.peek("persistentvolumes", volume, "") is None


def test_a_finished_pod_does_not_keep_its_claim():
    from k8scourse.controllers.protection import pod_uses_claim
    pod = {"spec": {"nodeName": "n1", "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]},
           "status": {"phase": "Running"}}
    assert pod_uses_claim(pod, "data") and not pod_uses_claim(pod, "other")
    assert not pod_uses_claim({**pod, "status": {"phase": "Succeeded"}}, "data")
    assert not pod_uses_claim({**pod, "spec": {**pod["spec"], "nodeName": ""}}, "data")


def test_a_load_balancer_service_keeps_its_finalizer_until_the_load_balancer_is_released():
    c = Cluster(nodes=1, seed=13)
    run(c, "create service loadbalancer lb --tcp=80:80")
    c.run(10)
    svc = c.get("svc", "lb")
    assert svc["metadata"]["finalizers"] == ["service.kubernetes.io/load-balancer-cleanup"]
    assert svc["status"]["loadBalancer"]["ingress"][0]["ip"]
    ccm = c.engine.control_plane.cloud_controller_manager
    ccm.stop()
    run(c, "delete svc lb --wait=false")
    c.run(30)
    assert c.get("svc", "lb")["metadata"]["deletionTimestamp"]       # nobody releases the load balancer
    ccm.start()
    c.run(2)
    assert c.api.peek("services", "lb", "default") is None
    reasons = [line.split()[2] for line in run(c, "get events --field-selector involvedObject.name=lb").splitlines()[1:]]
    assert reasons == ["EnsuringLoadBalancer", "EnsuredLoadBalancer", "DeletingLoadBalancer", "DeletedLoadBalancer"]


def test_leaving_type_load_balancer_releases_the_ip_and_the_finalizer():
    c = Cluster(nodes=1, seed=14)
    run(c, "create service loadbalancer lb --tcp=80:80")
    c.run(10)
    run(c, ["patch", "svc", "lb", "-p", '{"spec":{"type":"NodePort"}}'])
    c.run(2)
    svc = c.get("svc", "lb")
    assert "finalizers" not in svc["metadata"] and svc["status"]["loadBalancer"] == {}
    run(c, "delete svc lb")
    assert c.api.peek("services", "lb", "default") is None
