"""The StatefulSet controller (and the volume provisioner behind its claims) through kubectl."""

from __future__ import annotations

from k8scourse import Cluster

from reftables import CORPUS
from workload_helpers import events

WEB = (CORPUS / "application" / "web" / "web.yaml").read_text()


def statefulset(name="db", replicas=3, image="nginx:1.25", extra_spec="", claims=True):
    vct = """  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
""" if claims else ""
    return f"""apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: {name}}}
spec:
  serviceName: {name}
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
{extra_spec}  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers: [{{name: c, image: "{image}"}}]
{vct}"""


def live_pods(c, prefix):
    return {p["metadata"]["name"]: p for p in c.list("pods", "default")
            if p["metadata"]["name"].startswith(prefix) and not p["metadata"].get("deletionTimestamp")}


def ready(pod):
    return any(x["type"] == "Ready" and x["status"] == "True" for x in pod.get("status", {}).get("conditions", []))


def created_at(c, name):
    return c.sim.clock.sim_ms(c.get("pods", name)["metadata"]["creationTimestamp"])


def ready_at(c, name):
    cond = next(x for x in c.get("pods", name)["status"]["conditions"] if x["type"] == "Ready")
    return c.sim.clock.sim_ms(cond["lastTransitionTime"])


def test_corpus_web_ordered_pods_identity_and_claims(c, k):
    k("apply -f -", WEB)
    c.run(seconds=1)
    assert sorted(live_pods(c, "web-")) == ["web-0"]            # web-1 waits for web-0
    c.run(seconds=60)
    pods = live_pods(c, "web-")
    assert sorted(pods) == ["web-0", "web-1"]
    assert created_at(c, "web-1") >= ready_at(c, "web-0")
    sts = c.get("statefulsets.apps", "web")
    for i, name in enumerate(("web-0", "web-1")):
        pod = pods[name]
        assert (pod["spec"]["hostname"], pod["spec"]["subdomain"]) == (name, "nginx")
        labels = pod["metadata"]["labels"]
        assert labels["statefulset.kubernetes.io/pod-name"] == name
        assert labels["apps.kubernetes.io/pod-index"] == str(i)
        assert labels["controller-revision-hash"] == sts["status"]["updateRevision"]
        assert {"name": "www", "persistentVolumeClaim": {"claimName": f"www-web-{i}"}} in pod["spec"]["volumes"]
    claims = {p["metadata"]["name"]: p for p in c.list("persistentvolumeclaims", "default")}
    assert sorted(claims) == ["www-web-0", "www-web-1"]
    assert all(p["status"]["phase"] == "Bound" and p["spec"]["storageClassName"] == "default" for p in claims.values())
    assert k("get pvc").stdout.splitlines()[1].split()[:6] == [
        "www-web-0", "Bound", claims["www-web-0"]["spec"]["volumeName"], "1Gi", "RWO", "default"]
    assert k("get sts").stdout == "NAME   READY   AGE\nweb    2/2     61s\n"
    st = sts["status"]
    assert (st["replicas"], st["readyReplicas"], st["currentReplicas"], st["updatedReplicas"],
            st["availableReplicas"]) == (2, 2, 2, 2, 2)
    assert st["currentRevision"] == st["updateRevision"] and st["observedGeneration"] == 1
    assert events(c, "web", "SuccessfulCreate") == [
        "create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "create Pod web-0 in StatefulSet web successful",
        "create Claim www-web-1 Pod web-1 in StatefulSet web success",
        "create Pod web-1 in StatefulSet web successful"]
    # claims outlive the pods and the set; a new set with the same name gets them back
    assert k("delete sts web").exit_code == 0
    c.run(seconds=60)
    assert live_pods(c, "web-") == {}
    kept = sorted(p["metadata"]["name"] for p in c.list("persistentvolumeclaims", "default"))
    assert kept == ["www-web-0", "www-web-1"]
    volume = claims["www-web-0"]["spec"]["volumeName"]
    k("apply -f -", WEB)
    c.run(seconds=60)
    assert c.get("persistentvolumeclaims", "www-web-0")["spec"]["volumeName"] == volume


def test_scale_down_from_the_highest_ordinal_one_at_a_time(c, k):
    k("apply -f -", statefulset(replicas=4, claims=False))
    c.run(seconds=120)
    assert sorted(live_pods(c, "db-")) == ["db-0", "db-1", "db-2", "db-3"]
    assert str(k("scale sts db --replicas=1")) == "statefulset.apps/db scaled\n"
    c.run(seconds=120)
    assert sorted(live_pods(c, "db-")) == ["db-0"]
    assert events(c, "db", "SuccessfulDelete") == [f"delete Pod db-{i} in StatefulSet db successful" for i in (3, 2, 1)]


def test_parallel_creates_all_at_once(c, k):
    k("apply -f -", statefulset(replicas=3, claims=False, extra_spec="  podManagementPolicy: Parallel\n"))
    c.run(seconds=1)
    assert sorted(live_pods(c, "db-")) == ["db-0", "db-1", "db-2"]


def test_rolling_update_highest_first_down_to_partition(c, k):
    k("apply -f -", statefulset(replicas=3, claims=False,
                                extra_spec="  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}\n"))
    c.run(seconds=120)
    before = c.get("statefulsets.apps", "db")["status"]["currentRevision"]
    k("set image sts/db c=nginx:1.27")
    c.run(seconds=180)
    images = {n: p["spec"]["containers"][0]["image"] for n, p in live_pods(c, "db-").items()}
    assert images == {"db-0": "nginx:1.25", "db-1": "nginx:1.27", "db-2": "nginx:1.27"}
    assert events(c, "db", "SuccessfulDelete") == ["delete Pod db-2 in StatefulSet db successful",
                                                   "delete Pod db-1 in StatefulSet db successful"]
    assert created_at(c, "db-1") >= ready_at(c, "db-2")
    st = c.get("statefulsets.apps", "db")["status"]
    assert st["currentRevision"] == before != st["updateRevision"]
    assert (st["updatedReplicas"], st["currentReplicas"]) == (2, 1)
    # partition 0 finishes the rollout; the update revision becomes the current one
    k("apply -f -", statefulset(replicas=3, claims=False, image="nginx:1.27",
                                extra_spec="  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}\n"))
    c.run(seconds=120)
    st = c.get("statefulsets.apps", "db")["status"]
    assert st["currentRevision"] == st["updateRevision"] and st["updatedReplicas"] == 3
    assert sorted(r["revision"] for r in c.list("controllerrevisions", "default")) == [1, 2]


def test_on_delete(c, k):
    k("apply -f -", statefulset(replicas=2, claims=False, extra_spec="  updateStrategy: {type: OnDelete}\n"))
    c.run(seconds=120)
    k("set image sts/db c=nginx:1.27")
    c.run(seconds=60)
    assert {p["spec"]["containers"][0]["image"] for p in live_pods(c, "db-").values()} == {"nginx:1.25"}
    k("delete pod db-1")
    c.run(seconds=60)
    images = {n: p["spec"]["containers"][0]["image"] for n, p in live_pods(c, "db-").items()}
    assert images == {"db-0": "nginx:1.25", "db-1": "nginx:1.27"}


def test_deleted_pod_comes_back_with_its_claim(c, k):
    k("apply -f -", statefulset(replicas=2))
    c.run(seconds=120)
    claim = c.get("persistentvolumeclaims", "data-db-1")
    old_uid = c.get("pods", "db-1")["metadata"]["uid"]
    k("delete pod db-1")
    c.run(seconds=60)
    pod = c.get("pods", "db-1")
    assert pod["metadata"]["uid"] != old_uid and ready(pod)
    assert c.get("persistentvolumeclaims", "data-db-1")["metadata"]["uid"] == claim["metadata"]["uid"]


def test_statefulset_runs_are_deterministic():
    def run():
        cl = Cluster(nodes=2, seed=6)
        cl.apply(statefulset(), echo=False)
        cl.run(seconds=120)
        cl.kubectl("scale sts db --replicas=1", echo=False)
        cl.run(seconds=60)
        return [(h["time"], h["verb"], h["resource"], h["name"]) for h in cl.history()]
    first = run()
    assert first == run()                 # a second, independent run
    assert len(first) > 100                         # the runs did something to compare


def test_rollout_status_and_history(c, k):
    k("apply -f -", statefulset(replicas=2, claims=False))
    first = k("rollout status sts/db")
    assert first.exit_code == 0
    assert first.stdout.splitlines()[0] == "Waiting for 2 pods to be ready..."
    # the API server defaults updateStrategy.rollingUpdate.partition to 0: kubectl speaks of a partitioned roll out
    assert c.get("statefulsets.apps", "db")["spec"]["updateStrategy"]["rollingUpdate"] == {"partition": 0}
    assert first.stdout.splitlines()[-1] == "partitioned roll out complete: 2 new pods have been updated..."
    k("set image sts/db c=nginx:1.27")
    done = k("rollout status sts/db")
    assert done.stdout.splitlines()[0] == "Waiting for 1 pods to be ready..."      # the first pod is replaced
    assert done.stdout.splitlines()[-1] == "partitioned roll out complete: 2 new pods have been updated..."
    assert k("rollout history sts/db").stdout.splitlines()[1:4] == ["REVISION  CHANGE-CAUSE", "1         <none>",
                                                                   "2         <none>"]
    assert str(k("rollout undo sts/db --to-revision=1")) == "statefulset.apps/db rolled back\n"
    k("rollout status sts/db")
    assert {p["spec"]["containers"][0]["image"] for p in live_pods(c, "db-").values()} == {"nginx:1.25"}
    k("apply -f -", statefulset("od", replicas=1, claims=False, extra_spec="  updateStrategy: {type: OnDelete}\n"))
    assert k("rollout status sts/od").stderr == \
        "error: rollout status is only available for RollingUpdate strategy type\n"
