"""The DaemonSet controller through kubectl: one pod per eligible node, rolling updates, status."""

from __future__ import annotations

from k8scourse import Cluster

from reftables import CORPUS
from workload_helpers import events

NS = "kube-system"


def daemonset(name="agent", image="nginx:1.25", extra_spec="", pod_spec=""):
    return f"""apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: {name}}}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
{extra_spec}  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
{pod_spec}      containers: [{{name: c, image: "{image}"}}]
"""


def ds_pods(c, ns="default", live=True, name=None):
    """Pods of DaemonSets (other system pods, such as cluster DNS, left out); ``name``: of that one
    (kube-system also holds the cluster's own kube-proxy DaemonSet)."""
    return [p for p in c.list("pods", ns) if not (live and p["metadata"].get("deletionTimestamp"))
            and any(r["kind"] == "DaemonSet" and name in (None, r["name"])
                    for r in p["metadata"].get("ownerReferences", []))]


def nodes_of(c, ns="default", name=None):
    return sorted(p["spec"].get("nodeName") for p in ds_pods(c, ns, name=name))


def test_corpus_fluentd_one_pod_per_node_with_daemon_tolerations(c, k):
    text = (CORPUS / "controllers" / "daemonset.yaml").read_text()
    assert str(k("apply -f -", text)) == "daemonset.apps/fluentd-elasticsearch created\n"
    c.run(seconds=30)
    node_names = sorted(n["metadata"]["name"] for n in c.list("nodes"))
    pods = ds_pods(c, NS, name="fluentd-elasticsearch")
    assert nodes_of(c, NS, "fluentd-elasticsearch") == node_names
    assert nodes_of(c, NS, "kube-proxy") == node_names          # the cluster's own node agent, next to it
    for pod in pods:
        assert pod["metadata"]["name"].startswith("fluentd-elasticsearch-") and len(pod["metadata"]["name"]) == 27
        assert pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] == {
            "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                                                    "values": [pod["spec"]["nodeName"]]}]}]}
        tolerations = [(t.get("key"), t.get("effect"), t.get("tolerationSeconds")) for t in pod["spec"]["tolerations"]]
        assert tolerations == [
            ("node-role.kubernetes.io/master", "NoSchedule", None),
            ("node.kubernetes.io/not-ready", "NoExecute", None), ("node.kubernetes.io/unreachable", "NoExecute", None),
            ("node.kubernetes.io/disk-pressure", "NoSchedule", None),
            ("node.kubernetes.io/memory-pressure", "NoSchedule", None),
            ("node.kubernetes.io/pid-pressure", "NoSchedule", None),
            ("node.kubernetes.io/unschedulable", "NoSchedule", None)]
        assert pod["metadata"]["labels"]["controller-revision-hash"]
    ds = c.get("daemonsets.apps", "fluentd-elasticsearch", NS)
    assert ds["status"]["desiredNumberScheduled"] == 2 and ds["status"]["currentNumberScheduled"] == 2
    assert ds["status"]["numberMisscheduled"] == 0 and ds["status"]["observedGeneration"] == 1
    [rev] = [r for r in c.list("controllerrevisions", NS) if r["metadata"]["name"].startswith("fluentd-elasticsearch-")]
    revision_hash = pods[0]["metadata"]["labels"]["controller-revision-hash"]
    assert rev["metadata"]["name"] == f"fluentd-elasticsearch-{revision_hash}"
    assert rev["revision"] == 1
    created = events_in(c, NS, "fluentd-elasticsearch", "SuccessfulCreate")
    assert sorted(created) == sorted(f"Created pod: {p['metadata']['name']}" for p in pods)


def events_in(c, ns, name, reason):
    return [e["message"] for e in c.list("events", ns)
            if e["involvedObject"]["name"] == name and e["reason"] == reason]


def test_get_ds_columns_and_new_and_removed_nodes(c, k):
    k("apply -f -", daemonset())
    c.run(seconds=30)
    assert k("get ds").stdout == (
        "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n"
        "agent   2         2         2       2            2           <none>          30s\n")
    new = c.add_node()["metadata"]["name"]
    c.run(seconds=30)
    assert new in nodes_of(c)
    assert k("get ds").stdout.splitlines()[1].split()[1:6] == ["3", "3", "3", "3", "3"]
    c.remove_node(new)
    c.run(seconds=5)
    assert new not in nodes_of(c) and len(nodes_of(c)) == 2
    st = c.get("daemonsets.apps", "agent")["status"]
    assert (st["desiredNumberScheduled"], st["currentNumberScheduled"], st["numberReady"]) == (2, 2, 2)
    assert [m.startswith("Created pod: agent-") for m in events(c, "agent", "SuccessfulCreate")] == [True] * 3


def test_node_selector_and_taints(c, k):
    first, second = sorted(n["metadata"]["name"] for n in c.list("nodes"))
    k(f"label node {first} disktype=ssd")
    k("apply -f -", daemonset("ssd", pod_spec="      nodeSelector: {disktype: ssd}\n"))
    c.run(seconds=20)
    assert nodes_of(c) == [first]
    assert k("get ds ssd").stdout.splitlines()[1].split()[6] == "disktype=ssd"
    k(f"label node {second} disktype=ssd")
    c.run(seconds=20)
    assert nodes_of(c) == [first, second]
    k(f"label node {first} disktype-")
    c.run(seconds=40)
    assert nodes_of(c) == [second]
    # a NoSchedule taint keeps new daemon pods off; a NoExecute one removes running ones
    k(f"taint node {first} dedicated=gpu:NoSchedule")
    k("apply -f -", daemonset("all"))
    c.run(seconds=20)
    assert sorted(p["spec"]["nodeName"] for p in ds_pods(c) if p["metadata"]["name"].startswith("all-")) == [second]
    k(f"taint node {second} evict=now:NoExecute")
    c.run(seconds=60)
    assert [p for p in ds_pods(c) if p["metadata"]["name"].startswith("all-")] == []


def test_rolling_update_one_node_at_a_time_and_history(c, k):
    c.add_node()
    k("apply -f -", daemonset())
    c.run(seconds=30)
    old_hash = ds_pods(c)[0]["metadata"]["labels"]["controller-revision-hash"]
    assert str(k("set image ds/agent c=nginx:1.27")) == "daemonset.apps/agent image updated\n"
    seen = []

    def check():
        pods = ds_pods(c, live=False)
        old = [p for p in pods if p["metadata"]["labels"]["controller-revision-hash"] == old_hash]
        terminating = [p for p in old if p["metadata"].get("deletionTimestamp")]
        seen.append(len(terminating))
        return not old
    assert c.wait_until(check, 300)
    assert max(seen) == 1                                    # maxUnavailable 1: one node at a time
    c.run(seconds=30)
    st = c.get("daemonsets.apps", "agent")["status"]
    assert st["updatedNumberScheduled"] == 3 and st["observedGeneration"] == 2
    revisions = sorted((r["revision"], r["metadata"]["name"]) for r in c.list("controllerrevisions", "default"))
    assert [r for r, _ in revisions] == [1, 2]
    assert len(events(c, "agent", "SuccessfulDelete")) == 3


def test_on_delete_strategy_waits_for_deletion(c, k):
    k("apply -f -", daemonset(extra_spec="  updateStrategy: {type: OnDelete}\n"))
    c.run(seconds=30)
    k("set image ds/agent c=nginx:1.27")
    c.run(seconds=60)
    assert {p["spec"]["containers"][0]["image"] for p in ds_pods(c)} == {"nginx:1.25"}
    victim = ds_pods(c)[0]["metadata"]["name"]
    k(f"delete pod {victim}")
    c.run(seconds=30)
    assert sorted(p["spec"]["containers"][0]["image"] for p in ds_pods(c)) == ["nginx:1.25", "nginx:1.27"]
    st = c.get("daemonsets.apps", "agent")["status"]
    assert st["updatedNumberScheduled"] == 1


def test_daemonset_runs_are_deterministic():
    def run():
        cl = Cluster(nodes=3, seed=4)
        cl.apply(daemonset(), echo=False)
        cl.run(seconds=30)
        cl.kubectl("set image ds/agent c=nginx:1.27", echo=False)
        cl.run(seconds=120)
        return [(h["time"], h["verb"], h["resource"], h["name"]) for h in cl.history()]
    first = run()
    assert first == run()                 # a second, independent run
    assert len(first) > 100                         # the runs did something to compare


def test_rollout_status_history_undo_restart(c, k):
    k("apply -f -", daemonset())
    first = k("rollout status ds/agent")
    assert first.exit_code == 0 and first.stdout.splitlines()[-1] == 'daemon set "agent" successfully rolled out'
    k("set image ds/agent c=nginx:1.27")
    status = k("rollout status ds/agent")
    lines = status.stdout.splitlines()
    assert lines[0] == 'Waiting for daemon set "agent" rollout to finish: 0 out of 2 new pods have been updated...'
    assert lines[-1] == 'daemon set "agent" successfully rolled out'
    assert k("rollout history ds/agent").stdout == (
        "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")
    assert str(k("rollout undo ds/agent")) == "daemonset.apps/agent rolled back\n"
    k("rollout status ds/agent")
    assert {p["spec"]["containers"][0]["image"] for p in ds_pods(c)} == {"nginx:1.25"}
    assert sorted(r["revision"] for r in c.list("controllerrevisions", "default")) == [2, 3]
    assert str(k("rollout restart ds/agent")) == "daemonset.apps/agent restarted\n"
    assert k("rollout pause ds/agent").stderr == 'error: daemonsets.apps "agent" pausing is not supported\n'


def _bare_world():
    """An API server and the DaemonSet controller alone (no scheduler, no kubelets): pods stay as written."""
    from k8scourse.apiserver import APIServer
    from k8scourse.controllers.daemonset import DaemonSetController
    from k8scourse.sim import Simulation
    api = APIServer(Simulation())
    DaemonSetController(api).start()
    for n in ("n1", "n2", "n3"):
        api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": n}})
    api.create({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"}, "spec": {
        "selector": {"matchLabels": {"app": "agent"}}, "template": {"metadata": {"labels": {"app": "agent"}},
        "spec": {"containers": [{"name": "a", "image": "busybox"}]}}}})
    api.sim.run(seconds=1)
    return api


def _by_node(api) -> dict:
    from k8scourse.controllers.daemonset_util import target_node
    return {target_node(p): p["metadata"]["name"] for p in api.list("pods", "default")["items"]}


def test_a_failed_daemon_pod_is_killed_and_replaced_after_the_back_off():
    api = _bare_world()
    before = _by_node(api)
    failed = before["n2"]
    api.update_status({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": failed, "namespace": "default"},
                       "status": {"phase": "Failed"}})
    api.sim.run(seconds=1)
    events = [e for e in api.list("events", "default")["items"] if e["reason"] == "FailedDaemonPod"]
    assert [e["message"] for e in events] == [
        f"Found failed daemon pod default/{failed} on node n2, will try to kill it"]
    after = _by_node(api)
    assert sorted(after) == ["n1", "n2", "n3"] and after["n2"] != failed
    assert {n: after[n] for n in ("n1", "n3")} == {n: before[n] for n in ("n1", "n3")}
    status = api.get("daemonsets", "agent", "default")["status"]
    assert (status["desiredNumberScheduled"], status["currentNumberScheduled"]) == (3, 3)


def test_a_second_pod_on_a_node_is_adopted_and_the_younger_one_deleted():
    api = _bare_world()
    oldest = _by_node(api)["n1"]
    api.sim.run(seconds=5)
    api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "extra", "labels": {"app": "agent"}},
                "spec": {"nodeName": "n1", "containers": [{"name": "a", "image": "busybox"}]}})
    api.sim.run(seconds=1)
    # adopted, then deleted (bound to n1, it waits for a kubelet's final delete: there is none here)
    pods = {p["metadata"]["name"]: p["metadata"] for p in api.list("pods", "default")["items"]}
    assert pods["extra"]["ownerReferences"][0]["name"] == "agent" and pods["extra"].get("deletionTimestamp")
    assert not pods[oldest].get("deletionTimestamp") and len(pods) == 4
    assert any(e["reason"] == "SuccessfulDelete" and e["message"] == "Deleted pod: extra"
               for e in api.list("events", "default")["items"])
