"""Convergence campaigns: a control-plane outage at a random moment of a rollout, then healing.

One campaign (:func:`campaign`) builds a 3-node cluster running a Deployment, a Service, a bare
ReplicaSet, a StatefulSet, a DaemonSet and a Job; starts a rollout of the Deployment and the
StatefulSet; at a random moment (seeded) stops the API server, etcd or the controller manager for a
random time; starts it again; and lets the cluster run until :func:`problems` finds nothing wrong
(or the budget is spent). A user also does one random thing (:data:`ACTIONS`) — while the
controller manager is stopped, or just before an API-server or etcd outage, so that its
consequences are in flight when the outage hits: delete a web pod, scale web to 6, delete the
ReplicaSet ``cache`` (its pods must be garbage-collected), delete the Service (its endpoints must go).

Shared by ``tests/controllers/test_convergence.py`` (a fast subset of seeds) and
``bench/convergence.py`` (≥ 500 seeds).

"Converged" means what a student would check by hand: every workload has its desired replicas
ready on the new template (right image), no extra or orphan ReplicaSets or pods, the Job complete,
the Service's endpoints exactly the ready pods' addresses, nothing the user created lost.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from k8scourse import Cluster
from k8scourse.api.objects import dig

OLD_IMAGE, NEW_IMAGE = "nginx:1.14.2", "nginx:1.16.1"
WORKLOADS = f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: 4
  revisionHistoryLimit: 2
  strategy: {{type: RollingUpdate, rollingUpdate: {{maxSurge: 1, maxUnavailable: 1}}}}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: web, image: "{OLD_IMAGE}", ports: [{{containerPort: 80}}],
                     resources: {{requests: {{cpu: 50m}}}}}}]
---
apiVersion: v1
kind: Service
metadata: {{name: web}}
spec:
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: 80}}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {{name: cache}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: cache}}}}
  template:
    metadata: {{labels: {{app: cache}}}}
    spec:
      containers: [{{name: redis, image: redis, resources: {{requests: {{cpu: 50m}}}}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: db}}
spec:
  replicas: 3
  serviceName: db
  selector: {{matchLabels: {{app: db}}}}
  template:
    metadata: {{labels: {{app: db}}}}
    spec:
      containers: [{{name: db, image: "{OLD_IMAGE}", resources: {{requests: {{cpu: 50m}}}}}}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: agent}}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec:
      containers: [{{name: agent, image: busybox, command: ["sh", "-c", "sleep 86400"]}}]
---
apiVersion: batch/v1
kind: Job
metadata: {{name: batch}}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{{name: work, image: busybox, command: ["sh", "-c", "sleep 20"]}}]
"""
USER_OBJECTS = (("deployments", "web"), ("services", "web"), ("replicasets", "cache"), ("statefulsets", "db"),
                ("daemonsets", "agent"), ("jobs", "batch"))
FAULTS = ("apiserver", "etcd", "controller-manager")
ACTIONS = ("none", "delete-pod", "scale", "delete-cache", "delete-service")
CHECK_EVERY_S = 10


@dataclass
class Outcome:
    seed: int
    fault: str
    action: str
    at_ms: int                       # when the fault started, after the rollout began
    outage_ms: int
    converged_after_s: int | None    # simulated seconds after the heal, None: never (within budget)
    problems: list[str] = field(default_factory=list)

    @property
    def converged(self) -> bool:
        return self.converged_after_s is not None


def _ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in dig(pod, "status", "conditions", default=[]) or [])


def _controller(obj: dict) -> dict | None:
    return next((r for r in dig(obj, "metadata", "ownerReferences", default=[]) or [] if r.get("controller")), None)


def problems(c: Cluster, uids: dict | None = None, action: str = "none") -> list[str]:
    """What is not (yet) as desired after ``action``; empty once the cluster has converged."""
    replicas = 6 if action == "scale" else 4
    gone = {"delete-cache": ("replicasets", "cache"), "delete-service": ("services", "web")}.get(action)
    found: list[str] = []
    pods = [p for p in c.store.list("pods", "default", copy=False)]
    by_owner: dict[str, list[dict]] = {}
    for pod in pods:
        if dig(pod, "metadata", "deletionTimestamp"):
            found.append(f"pod {pod['metadata']['name']} still terminating")
            continue
        ref = _controller(pod)
        if ref is None:
            found.append(f"pod {pod['metadata']['name']} has no controller")
            continue
        if ref.get("name") == "cache" and gone == ("replicasets", "cache"):
            found.append(f"pod {pod['metadata']['name']} of the deleted ReplicaSet cache still there")
            continue
        by_owner.setdefault(ref["uid"], []).append(pod)

    def peek(resource, name):
        return c.api.peek(resource, name, "default")

    # nothing lost
    for resource, name in USER_OBJECTS:
        obj = peek(resource, name)
        if (resource, name) == gone:
            if obj is not None:
                found.append(f"{resource}/{name} not deleted")
            continue
        if obj is None:
            found.append(f"{resource}/{name} lost")
        elif uids is not None and obj["metadata"]["uid"] != uids[(resource, name)]:
            found.append(f"{resource}/{name} replaced")
    if found and any("lost" in p or "replaced" in p for p in found):
        return found

    # the Deployment: 4 ready pods on the new template, one ReplicaSet with replicas
    d = peek("deployments", "web")
    st = d.get("status") or {}
    for fld in ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas"):
        if st.get(fld, 0) != replicas:
            found.append(f"deployment web status.{fld}={st.get(fld, 0)}")
    if st.get("observedGeneration") != d["metadata"]["generation"]:
        found.append("deployment web status not observed")
    rss = [rs for rs in c.store.list("replicasets.apps", "default", copy=False) if rs["metadata"]["name"] != "cache"]
    for rs in rss:
        ref = _controller(rs)
        if ref is None or ref.get("uid") != d["metadata"]["uid"]:
            found.append(f"replicaset {rs['metadata']['name']} orphaned")
    active = [rs for rs in rss if dig(rs, "spec", "replicas", default=0)]
    if len(active) != 1:
        found.append(f"{len(active)} active replicasets of web")
    else:
        rs = active[0]
        if dig(rs, "spec", "template", "spec", "containers")[0]["image"] != NEW_IMAGE:
            found.append("the active replicaset runs the old image")
        mine = by_owner.get(rs["metadata"]["uid"], [])
        if len(mine) != replicas or not all(_ready(p) for p in mine):
            found.append(f"web: {sum(map(_ready, mine))}/{len(mine)} pods ready, want {replicas}")
    if len(rss) > 3:                                      # revisionHistoryLimit 2 + the new one
        found.append(f"{len(rss)} replicasets of web kept")
    for rs in rss:
        if rs not in active and by_owner.get(rs["metadata"]["uid"]):
            found.append(f"old replicaset {rs['metadata']['name']} still has pods")

    # the bare ReplicaSet
    cache = peek("replicasets", "cache")
    if cache is not None:
        mine = by_owner.get(cache["metadata"]["uid"], [])
        if len(mine) != 2 or not all(map(_ready, mine)) or dig(cache, "status", "readyReplicas", default=0) != 2:
            found.append(f"cache: {sum(map(_ready, mine))}/{len(mine)} pods ready, want 2")

    # the StatefulSet: db-0..2 ready on the update revision
    sts = peek("statefulsets", "db")
    mine = sorted(by_owner.get(sts["metadata"]["uid"], []), key=lambda p: p["metadata"]["name"])
    revision = dig(sts, "status", "updateRevision")
    if [p["metadata"]["name"] for p in mine] != ["db-0", "db-1", "db-2"] or not all(map(_ready, mine)):
        found.append(f"db pods: {[(p['metadata']['name'], _ready(p)) for p in mine]}")
    elif any(p["spec"]["containers"][0]["image"] != NEW_IMAGE or
             dig(p, "metadata", "labels", "controller-revision-hash") != revision for p in mine):
        found.append("db pods not all on the update revision")
    if dig(sts, "status", "currentRevision") != revision or dig(sts, "status", "readyReplicas", default=0) != 3 \
            or dig(sts, "status", "observedGeneration") != sts["metadata"]["generation"]:
        found.append("statefulset db status not converged")

    # the DaemonSet: one ready pod per node
    ds = peek("daemonsets", "agent")
    mine = by_owner.get(ds["metadata"]["uid"], [])
    nodes = sorted(c.kubelets)
    if sorted(dig(p, "spec", "nodeName", default="") for p in mine) != nodes or not all(map(_ready, mine)):
        found.append(f"agent pods: {sorted((dig(p, 'spec', 'nodeName'), _ready(p)) for p in mine)}")
    dst = ds.get("status") or {}
    if (dst.get("numberReady"), dst.get("desiredNumberScheduled"), dst.get("updatedNumberScheduled")) != (3, 3, 3):
        found.append(f"daemonset agent status {dst}")

    # the Job: complete, 3 succeeded
    job = peek("jobs", "batch")
    if not any(cond.get("type") == "Complete" and cond.get("status") == "True"
               for cond in dig(job, "status", "conditions", default=[]) or []) \
            or dig(job, "status", "succeeded", default=0) != 3:
        found.append(f"job batch not complete: {job.get('status')}")
    for pod in by_owner.get(job["metadata"]["uid"], []):
        if dig(pod, "status", "phase") != "Succeeded":
            found.append(f"job pod {pod['metadata']['name']} {dig(pod, 'status', 'phase')}")

    # the Service's endpoints: exactly the ready web pods (none left once the Service is gone)
    ep = peek("endpoints", "web")
    slices = [es for es in c.store.list("endpointslices.discovery.k8s.io", "default", copy=False)
              if dig(es, "metadata", "labels", "kubernetes.io/service-name") == "web"]
    if gone == ("services", "web"):
        if ep is not None or slices:
            found.append("endpoints of the deleted Service web still there")
        return found
    want = sorted(p["status"].get("podIP", "") for p in by_owner.get((active or [{"metadata": {"uid": ""}}])[0]
                                                                     ["metadata"]["uid"], []) if _ready(p))
    got = sorted(a["ip"] for s in (ep or {}).get("subsets") or [] for a in s.get("addresses") or [])
    not_ready = [a for s in (ep or {}).get("subsets") or [] for a in s.get("notReadyAddresses") or []]
    if got != want or not_ready:
        found.append(f"endpoints web {got} (not ready {len(not_ready)}), want {want}")
    return found


def _act(c: Cluster, action: str, rng: random.Random) -> None:
    if action == "delete-pod":
        pods = sorted(p["metadata"]["name"] for p in c.list("pods", "default", "app=web"))
        c.kubectl(f"delete pod {rng.choice(pods)} --wait=false", echo=False)
    elif action == "scale":
        c.kubectl("scale deployment web --replicas=6", echo=False)
    elif action == "delete-cache":
        c.kubectl("delete replicaset cache --wait=false", echo=False)
    elif action == "delete-service":
        c.kubectl("delete service web", echo=False)


def plan(seed: int) -> tuple[random.Random, str, str, int, int]:
    """The seed's draws: (its RNG, fault, action, ms after the rollout began, outage ms)."""
    rng = random.Random(seed)
    return rng, rng.choice(FAULTS), rng.choice(ACTIONS), rng.randrange(0, 30_000), rng.randrange(1_000, 600_000)


def campaign(seed: int, budget_s: int = 1800) -> Outcome:
    """One seeded campaign: rollout, fault at a random moment, heal, run until converged (or budget)."""
    rng, fault, action, at_ms, outage_ms = plan(seed)
    c = Cluster(nodes=3, seed=seed)
    c.apply(WORKLOADS, echo=False)
    c.run(seconds=60)
    uids = {(r, n): c.api.peek(r, n, "default")["metadata"]["uid"] for r, n in USER_OBJECTS}
    f = c.faults
    c.kubectl(f"set image deployment/web web={NEW_IMAGE}", echo=False)
    c.kubectl(f"set image statefulset/db db={NEW_IMAGE}", echo=False)
    outcome = Outcome(seed, fault, action, at_ms, outage_ms, None)
    try:
        c.sim.run(ms=at_ms)
        if fault != "controller-manager":
            _act(c, action, rng)           # in flight when the API server or etcd goes
        f.stop(fault)
        if fault == "controller-manager":
            c.sim.run(ms=outage_ms // 2)
            _act(c, action, rng)           # nobody is watching
            c.sim.run(ms=outage_ms - outage_ms // 2)
        else:
            c.sim.run(ms=outage_ms)
        f.start(fault)
        for elapsed in range(0, budget_s + 1, CHECK_EVERY_S):
            if not problems(c, uids, action):
                outcome.converged_after_s = elapsed
                return outcome
            c.run(seconds=CHECK_EVERY_S)
    except Exception as exc:  # noqa: BLE001 - a raise out of run() is a finding, reported as such
        outcome.problems = [f"raised {type(exc).__name__}: {exc}"]
        return outcome
    outcome.problems = problems(c, uids, action)
    return outcome
