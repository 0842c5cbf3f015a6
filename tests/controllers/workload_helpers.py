"""Helpers for the workload controller tests: manifests, a stand-in kubelet, readers.

:class:`StandInKubelet` makes pods Running and Ready a few simulated seconds after they are bound
(binding them itself when no scheduler runs) — but only on a cluster without a real kubelet, so
the same tests keep passing once the kubelet does this job. Images listed in ``BAD_IMAGES`` never
start (``ErrImagePull``), like the lecture's ``nginx:1.161`` typo.
"""

from __future__ import annotations

from k8scourse import Cluster
from k8scourse.api.objects import copy_json, dig

BAD_IMAGES = ("nginx:1.161",)
START_MS = 5000
IMAGE_ID = "docker.io/library/nginx@sha256:" + "0" * 64

NGINX_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
"""


def deployment(name="web", replicas=3, image="nginx:1.14.2", strategy="", extra_spec=""):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels: {{app: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
{strategy}{extra_spec}  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers: [{{name: nginx, image: "{image}", ports: [{{containerPort: 80}}]}}]
"""


class StandInKubelet:
    def __init__(self, cluster: Cluster, start_ms: int = START_MS):
        self.cluster, self.api, self.start_ms = cluster, cluster.api, start_ms
        self.active = not cluster.kubelets
        self._pending: set[str] = set()
        if self.active:
            self._watch = self.api.watch("pods", self._on_pod)

    def _on_pod(self, event) -> None:
        pod = event.object
        uid = dig(pod, "metadata", "uid", default="")
        if event.type == "DELETED" or dig(pod, "metadata", "deletionTimestamp") or uid in self._pending:
            return
        if dig(pod, "status", "phase") != "Pending":
            return
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        if not dig(pod, "spec", "nodeName"):
            if self.cluster.scheduler is None:
                self._pending.add(uid)
                self.cluster.sim.schedule(0, lambda: self._bind(ns, name))
            return
        self._pending.add(uid)
        self.cluster.sim.schedule(self.start_ms, lambda: self._start(ns, name, uid))

    def _bind(self, ns: str, name: str) -> None:
        pod = self.api.peek("pods", name, ns)
        nodes = self.api.list("nodes")["items"]
        if pod is not None and nodes and not dig(pod, "spec", "nodeName"):
            self._pending.discard(pod["metadata"]["uid"])
            self.api.bind(ns, name, nodes[0]["metadata"]["name"])

    def _start(self, ns: str, name: str, uid: str) -> None:
        pod = self.api.peek("pods", name, ns)
        if pod is None or pod["metadata"]["uid"] != uid or dig(pod, "metadata", "deletionTimestamp"):
            return
        status = copy_json(pod.get("status") or {})
        now = self.cluster.now
        bad = any(c.get("image") in BAD_IMAGES for c in pod["spec"]["containers"])
        status["containerStatuses"] = [{
            "name": c["name"], "image": c["image"], "imageID": "" if bad else IMAGE_ID, "ready": not bad,
            "restartCount": 0,
            "started": not bad,
            "state": ({"waiting": {"reason": "ErrImagePull"}} if bad else {"running": {"startedAt": now}})}
            for c in pod["spec"]["containers"]]
        conditions = [c for c in status.get("conditions", []) if c["type"] not in ("Ready", "ContainersReady")]
        for ctype in ("ContainersReady", "Ready"):
            conditions.append({"type": ctype, "status": "False" if bad else "True", "lastProbeTime": None,
                               "lastTransitionTime": now})
        status.update(conditions=conditions, phase="Pending" if bad else "Running", startTime=now)
        self.api.update_status({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns},
                                "status": status})


def make_ready(cluster: Cluster, pod: dict) -> None:
    """Mark one pod Running and Ready now (what a kubelet reports)."""
    status = copy_json(pod.get("status") or {})
    now = cluster.now
    status.update(phase="Running", conditions=[{"type": "Ready", "status": "True", "lastTransitionTime": now}],
                  containerStatuses=[{"name": c["name"], "image": c["image"], "imageID": IMAGE_ID, "ready": True,
                                      "restartCount": 0, "state": {"running": {"startedAt": now}}}
                                     for c in pod["spec"]["containers"]])
    cluster.api.update_status({"apiVersion": "v1", "kind": "Pod", "metadata": pod["metadata"], "status": status})


def replicasets(cluster: Cluster, namespace: str = "default") -> dict[str, dict]:
    return {rs["metadata"]["name"]: rs for rs in cluster.list("replicasets", namespace)}


def sizes(cluster: Cluster, namespace: str = "default") -> dict[str, int]:
    """ReplicaSet name → spec.replicas."""
    return {name: rs["spec"]["replicas"] for name, rs in replicasets(cluster, namespace).items()}


def events(cluster: Cluster, name: str, reason: str = "") -> list[str]:
    """Messages of the events about ``name``, oldest first."""
    found = [e for e in cluster.list("events", "default") if e["involvedObject"]["name"] == name
             and (not reason or e["reason"] == reason)]
    found.sort(key=lambda e: (e["firstTimestamp"], int(e["metadata"]["resourceVersion"])))
    return [e["message"] for e in found]


def scaling_events(cluster: Cluster, name: str) -> list[str]:
    return events(cluster, name, "ScalingReplicaSet")


def revision_of(obj: dict) -> str:
    return dig(obj, "metadata", "annotations", "deployment.kubernetes.io/revision", default="")


def pods(cluster: Cluster, namespace: str = "default") -> list[dict]:
    return [p for p in cluster.list("pods", namespace) if not dig(p, "metadata", "deletionTimestamp")]
