"""The Deployment controller through kubectl: the kubernetes.io Deployment walkthrough and more.

Pods become ready through the real kubelet when it runs, else through the stand-in of
workload_helpers; the assertions are about what the deployment controller decides (ReplicaSet
sizes, revisions, events, conditions), after enough simulated time for pods to start.
"""

from __future__ import annotations

import re

from k8scourse import Cluster
from k8scourse.controllers import deployment_util as du

from workload_helpers import (NGINX_DEPLOYMENT, StandInKubelet, deployment, events, pods, replicasets,
                              revision_of, scaling_events, sizes)

NAME = "nginx-deployment"


def rs_by_image(c) -> dict[str, dict]:
    return {rs["spec"]["template"]["spec"]["containers"][0]["image"]: rs for rs in replicasets(c).values()}


def test_create_names_replicasets_and_pods_by_template_hash(c, k):
    assert str(k("apply -f -", NGINX_DEPLOYMENT)) == "deployment.apps/nginx-deployment created\n"
    c.run(seconds=60)
    [rs] = replicasets(c).values()
    pod_hash = rs["metadata"]["labels"]["pod-template-hash"]
    assert re.fullmatch(r"[4-9bcdf]{10}", pod_hash)
    assert rs["metadata"]["name"] == f"{NAME}-{pod_hash}"
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "nginx", "pod-template-hash": pod_hash}
    assert rs["metadata"]["ownerReferences"][0] | {"uid": ""} == {
        "apiVersion": "apps/v1", "kind": "Deployment", "name": NAME, "uid": "", "controller": True,
        "blockOwnerDeletion": True}
    assert rs["metadata"]["annotations"] == {"deployment.kubernetes.io/desired-replicas": "3",
                                             "deployment.kubernetes.io/max-replicas": "4",
                                             "deployment.kubernetes.io/revision": "1"}
    names = sorted(p["metadata"]["name"] for p in pods(c))
    assert len(names) == 3 and all(re.fullmatch(rf"{NAME}-{pod_hash}-[bcdfghjklmnpqrstvwxz2456789]{{5}}", n)
                                   for n in names)
    assert k("get deploy").stdout.splitlines()[1].split()[:4] == [NAME, "3/3", "3", "3"]
    d = c.get("deployments.apps", NAME)
    assert revision_of(d) == "1"
    assert {k: d["status"].get(k) for k in ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
                                            "observedGeneration")} == {
        "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3, "observedGeneration": 1}
    conds = {x["type"]: (x["status"], x["reason"], x["message"]) for x in d["status"]["conditions"]}
    assert conds == {"Available": ("True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                     "Progressing": ("True", "NewReplicaSetAvailable",
                                     f'ReplicaSet "{rs["metadata"]["name"]}" has successfully progressed.')}
    assert scaling_events(c, NAME) == [f"Scaled up replica set {rs['metadata']['name']} from 0 to 3"]
    assert len(events(c, rs["metadata"]["name"], "SuccessfulCreate")) == 3
    # the template hash is stable: the same template in another cluster gets the same name
    other = Cluster(nodes=0, seed=5)
    other.apply(NGINX_DEPLOYMENT, echo=False)
    other.run(seconds=1)
    assert list(replicasets(other)) == [rs["metadata"]["name"]]


def test_walkthrough_update_stuck_rollout_undo_and_history(c, k):
    k("apply -f -", NGINX_DEPLOYMENT)
    first = k("rollout status deployment/nginx-deployment")
    assert first.exit_code == 0 and first.stdout.endswith('deployment "nginx-deployment" successfully rolled out\n')
    assert str(k("set image deployment/nginx-deployment nginx=nginx:1.16.1")) == \
        "deployment.apps/nginx-deployment image updated\n"
    status = k("rollout status deployment/nginx-deployment")
    lines = status.stdout.splitlines()
    assert lines[0] == 'Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...'
    assert 'Waiting for deployment "nginx-deployment" rollout to finish: 1 old replicas are pending termination...' in lines
    assert lines[-1] == 'deployment "nginx-deployment" successfully rolled out' and status.exit_code == 0
    v1, v2 = rs_by_image(c)["nginx:1.14.2"], rs_by_image(c)["nginx:1.16.1"]
    old, new = v1["metadata"]["name"], v2["metadata"]["name"]
    assert (v1["spec"]["replicas"], v2["spec"]["replicas"]) == (0, 3)
    assert (revision_of(v1), revision_of(v2)) == ("1", "2")
    # the doc's sequence: new up to 1, old down to 2, new up to 2, old down to 1, new up to 3, old down to 0
    assert scaling_events(c, NAME) == [
        f"Scaled up replica set {old} from 0 to 3", f"Scaled up replica set {new} from 0 to 1",
        f"Scaled down replica set {old} from 3 to 2", f"Scaled up replica set {new} from 1 to 2",
        f"Scaled down replica set {old} from 2 to 1", f"Scaled up replica set {new} from 2 to 3",
        f"Scaled down replica set {old} from 1 to 0"]
    text = k("describe deployment nginx-deployment").stdout
    assert "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable" in text
    assert f"OldReplicaSets:  {old} (0/0 replicas created)\nNewReplicaSet:   {new} (3/3 replicas created)" in text

    # a typo in the image: the rollout gets stuck with one new pod that never starts
    k("set image deployment/nginx-deployment nginx=nginx:1.161")
    c.run(seconds=60)
    bad = rs_by_image(c)["nginx:1.161"]
    assert sizes(c) == {old: 0, new: 3, bad["metadata"]["name"]: 1}
    assert revision_of(bad) == "3"
    stuck = k("rollout status deployment/nginx-deployment")
    assert stuck.exit_code == 1
    assert stuck.stdout == ('Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas '
                            'have been updated...\n')
    assert stuck.stderr == 'error: deployment "nginx-deployment" exceeded its progress deadline\n'
    d = c.get("deployments.apps", NAME)
    progressing = next(x for x in d["status"]["conditions"] if x["type"] == "Progressing")
    assert (progressing["status"], progressing["reason"], progressing["message"]) == (
        "False", "ProgressDeadlineExceeded", f'ReplicaSet "{bad["metadata"]["name"]}" has timed out progressing.')
    assert "3 desired | 1 updated | 4 total | 3 available | 1 unavailable" in k("describe deploy nginx-deployment").stdout
    assert str(k("rollout history deployment/nginx-deployment")) == (
        "deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
        "3         <none>\n\n")

    # undo: revision 2's template comes back as revision 4
    assert str(k("rollout undo deployment/nginx-deployment")) == "deployment.apps/nginx-deployment rolled back\n"
    assert k("rollout status deployment/nginx-deployment").exit_code == 0
    assert sizes(c) == {old: 0, new: 3, bad["metadata"]["name"]: 0}
    v2 = replicasets(c)[new]
    assert revision_of(v2) == "4" and v2["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"] == "2"
    assert revision_of(c.get("deployments.apps", NAME)) == "4"
    assert str(k("rollout history deployment/nginx-deployment")) == (
        "deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n"
        "4         <none>\n\n")
    assert k("rollout history deployment/nginx-deployment --revision=3").stdout.startswith(
        "deployment.apps/nginx-deployment with revision #3\nPod Template:\n")
    assert str(k("rollout undo deployment/nginx-deployment --to-revision=2")) == \
        "error: unable to find specified revision 2 in history\n"
    assert str(k("rollout undo deployment/nginx-deployment --to-revision=4")) == \
        "deployment.apps/nginx-deployment skipped rollback (current template already matches revision 4)\n"
    assert [p["spec"]["containers"][0]["image"] for p in pods(c)] == ["nginx:1.16.1"] * 3


def test_proportional_scaling_during_a_rollout():
    """The doc's example: 10 replicas, maxSurge 3, maxUnavailable 2, a bad image, then scale to 15."""
    c = Cluster(nodes=3, seed=1)
    StandInKubelet(c)
    strategy = "  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}\n"
    c.apply(deployment(NAME, replicas=10, strategy=strategy), echo=False)
    c.run(seconds=120)
    c.kubectl("set image deployment/nginx-deployment nginx=nginx:1.161", echo=False)
    c.run(seconds=60)
    old, bad = rs_by_image(c)["nginx:1.14.2"], rs_by_image(c)["nginx:1.161"]
    assert (old["spec"]["replicas"], bad["spec"]["replicas"]) == (8, 5)
    assert str(c.kubectl("scale deployment/nginx-deployment --replicas=15", echo=False)) == \
        "deployment.apps/nginx-deployment scaled\n"
    c.run(seconds=30)
    old, bad = rs_by_image(c)["nginx:1.14.2"], rs_by_image(c)["nginx:1.161"]
    assert (old["spec"]["replicas"], bad["spec"]["replicas"]) == (11, 7)     # 3 to the old, 2 to the new
    row = c.kubectl("get deploy nginx-deployment", echo=False).stdout.splitlines()[1].split()
    assert row[:4] == [NAME, "11/15", "7", "11"]
    assert revision_of(c.get("deployments.apps", NAME)) == "2"               # scaling is no new revision


def test_recreate_removes_every_old_pod_before_creating_new_ones(c, k):
    k("apply -f -", deployment("web", strategy="  strategy: {type: Recreate}\n"))
    c.run(seconds=60)
    seen = []

    def record(event):
        hashes = {p["metadata"]["labels"].get("pod-template-hash") for p in c.store.list("pods", "default", copy=False)}
        seen.append(hashes)
    watch = c.api.watch("pods", record)
    k("set image deployment/web nginx=nginx:1.16.1")
    assert k("rollout status deployment/web").exit_code == 0
    watch.stop()
    assert all(len(h) <= 1 for h in seen)                 # never old and new pods at the same time
    old, new = rs_by_image(c)["nginx:1.14.2"]["metadata"]["name"], rs_by_image(c)["nginx:1.16.1"]["metadata"]["name"]
    assert scaling_events(c, "web")[1:] == [f"Scaled down replica set {old} from 3 to 0",
                                            f"Scaled up replica set {new} from 0 to 3"]
    assert "RollingUpdateStrategy" not in k("describe deploy web").stdout


def test_pause_resume_and_restart(c, k):
    k("apply -f -", deployment("web"))
    c.run(seconds=60)
    assert str(k("rollout pause deployment/web")) == "deployment.apps/web paused\n"
    assert str(k("rollout pause deployment/web")) == 'error: deployments.apps "web" is already paused\n'
    c.run(seconds=1)
    cond = next(x for x in c.get("deployments.apps", "web")["status"]["conditions"] if x["type"] == "Progressing")
    assert (cond["status"], cond["reason"], cond["message"]) == ("Unknown", "DeploymentPaused", "Deployment is paused")
    k("set image deployment/web nginx=nginx:1.16.1")
    assert str(k("set resources deployment web -c=nginx --limits=cpu=200m,memory=512Mi")) == \
        "deployment.apps/web resource requirements updated\n"
    k("scale deployment web --replicas=4")
    c.run(seconds=60)
    assert list(sizes(c).values()) == [4]                  # scaled, but no rollout while paused
    assert k("rollout undo deployment/web").stderr == ("error: you cannot rollback a paused deployment; resume it "
                                                       "first with 'kubectl rollout resume' and try again\n")
    assert k("rollout restart deployment/web").stderr == \
        "error: deployments.apps \"web\" can't restart paused deployment (run rollout resume first)\n"
    assert str(k("rollout resume deployment/web")) == "deployment.apps/web resumed\n"
    assert k("rollout status deployment/web").exit_code == 0
    new = rs_by_image(c)["nginx:1.16.1"]
    assert new["spec"]["replicas"] == 4
    assert new["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"] == {"cpu": "200m", "memory": "512Mi"}
    assert str(k("rollout restart deployment/web")) == "deployment.apps/web restarted\n"
    assert k("rollout status deployment/web").exit_code == 0
    d = c.get("deployments.apps", "web")
    assert d["spec"]["template"]["metadata"]["annotations"] == {"kubectl.kubernetes.io/restartedAt": c.now[:19] + "Z"} \
        or "kubectl.kubernetes.io/restartedAt" in d["spec"]["template"]["metadata"]["annotations"]
    assert revision_of(d) == "3" and len(replicasets(c)) == 3


def test_record_sets_the_change_cause(c, k):
    k("apply -f -", NGINX_DEPLOYMENT)
    c.run(seconds=60)
    result = k("set image deployment/nginx-deployment nginx=nginx:1.16.1 --record")
    assert result.stderr == "Flag --record has been deprecated, --record will be removed in the future\n"
    k("rollout status deployment/nginx-deployment")
    assert str(k("rollout history deployment/nginx-deployment")) == (
        "deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n"
        "2         kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1 --record=true\n\n")
    assert str(k("set image deployment/nginx-deployment nginx=nginx:1.16.1")) == ""      # no change
    # today's doc way: annotate the deployment; the controller copies it onto the new ReplicaSet
    k("set image deployment/nginx-deployment nginx=nginx:1.19")
    k('annotate deployment/nginx-deployment kubernetes.io/change-cause="image updated to 1.19" --overwrite')
    c.run(seconds=1)
    assert k("rollout history deployment/nginx-deployment").stdout.splitlines()[-2:] == [
        "3         image updated to 1.19", ""]
    assert str(k("set image deployment/nginx-deployment web=nginx:2")) == 'error: unable to find container named "web"\n'


def test_revision_history_limit_and_min_ready_seconds(c, k):
    k("apply -f -", deployment("web", extra_spec="  revisionHistoryLimit: 1\n  minReadySeconds: 20\n"))
    c.run(seconds=10)
    for image in ("nginx:1.15", "nginx:1.16.1", "nginx:1.19"):
        k(f"set image deployment/web nginx={image}")
        assert k("rollout status deployment/web").exit_code == 0
    c.run(seconds=1)                                       # the pass after completion cleans up
    assert sorted(rs["spec"]["template"]["spec"]["containers"][0]["image"] for rs in replicasets(c).values()) == \
        ["nginx:1.16.1", "nginx:1.19"]
    # minReadySeconds: a ready pod counts as available 20 s after it became ready
    k("scale deployment web --replicas=4")
    c.run(seconds=15)
    d = c.get("deployments.apps", "web")
    assert d["status"]["readyReplicas"] == 4 and d["status"]["availableReplicas"] == 3
    c.run(seconds=25)
    assert c.get("deployments.apps", "web")["status"]["availableReplicas"] == 4


def test_scale_command(c, k):
    k("apply -f -", deployment("web"))
    c.run(seconds=30)
    assert str(k("scale --replicas=1 deployment/web")) == "deployment.apps/web scaled\n"
    assert str(k("scale deployment web --replicas=2 --current-replicas=3")) == \
        "error: Expected replicas to be 3, was 1\n"
    # --replicas is a required flag: cobra's klog line (recorded: tests/data/kubectl-recorded/audit/)
    assert str(k("scale deployment web")).endswith('"command failed" err="required flag(s) \\"replicas\\" not set"\n')
    assert str(k("scale deployment web --replicas=-1")) == \
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
    c.run(seconds=30)
    assert list(sizes(c).values()) == [1] and len(pods(c)) == 1
    rs = next(iter(replicasets(c)))
    assert str(k(f"scale rs {rs} --replicas=2")) == f"replicaset.apps/{rs} scaled\n"
    c.run(seconds=1)
    assert list(sizes(c).values()) == [1]                  # the deployment puts its ReplicaSet back
    assert str(k("scale pod/x --replicas=2")) == \
        "Error from server (NotFound): the server could not find the requested resource\n"


def test_fenceposts_and_proportions():
    assert du.resolve_fenceposts("25%", "25%", 4) == (1, 1)
    assert du.resolve_fenceposts("0%", "0%", 4) == (0, 1)
    d = {"spec": {"replicas": 15, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3,
                                                                                          "maxUnavailable": 2}}},
         "status": {"replicas": 13}}
    old = {"metadata": {"annotations": {du.MAX_REPLICAS: "13"}}, "spec": {"replicas": 8}}
    new = {"metadata": {"annotations": {du.MAX_REPLICAS: "13"}}, "spec": {"replicas": 5}}
    assert du.proportion(old, d, 5, 0) == 3 and du.proportion(new, d, 5, 3) == 2


def test_same_scenario_same_history():
    def scenario():
        c = Cluster(nodes=2, seed=4)
        StandInKubelet(c)
        c.apply(NGINX_DEPLOYMENT, echo=False)
        c.run(seconds=60)
        c.kubectl("set image deployment/nginx-deployment nginx=nginx:1.16.1", echo=False)
        c.run(seconds=120)
        return [(h.revision, h.time_ms, h.verb, h.key, h.actor) for h in c.store.history()]
    first = scenario()
    assert first == scenario()                 # a second, independent run
    assert len(first) > 100                         # the runs did something to compare
