"""Chapter 7 — Architecture: master and node components, each at work and each stopped
(notebooks/07-architecture.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 07 · 쿠버네티스 구조 — Architecture

*"쿠버네티스는 크게 마스터(Master)와 노드(Node) 두 개의 컴포넌트로 분리된다."*

| | Component | Job (lecture) |
|---|---|---|
| **Master** (마스터) | **API server** (API 서버) | every command and all communication: the REST API |
| | **etcd** | the cluster's database — configuration and state (분산형 키/밸류 스토어) |
| | **Controller manager** (컨트롤러 매니저) | runs the controllers (replica, service, volume, node …) |
| | **Scheduler** (스케줄러) | assigns pods to nodes |
| | **DNS** | maps Services and pods to names (service discovery) |
| **Node** (노드) | **kubelet** | the agent: takes orders from the API server, reports the node's state |
| | **kube-proxy** | routes and load-balances traffic to the right containers |
| | **cAdvisor** | collects containers' resource use for monitoring |
| | **Container runtime** (컨테이너 런타임) | runs the containers (containerd, Docker, rkt …) |

This notebook follows one command through all of them, then stops each in turn to see what breaks
and what heals. On AKS the master is managed by Azure and invisible as nodes; the simulator lets you
stop its parts anyway.
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from k8scourse import Cluster
from k8scourse.proxy import iptables_save
from k8scourse.widgets import EventTimeline, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0)
use_cluster(c)
c.run(seconds=10)
c
"""),
    md("""
## 1. The path of one `kubectl apply`

Every component writes what it does into the simulator's trace (`c.sim.trace`). Apply a
Deployment of two pods and keep the trace of the next 20 seconds:
"""),
    code("""
mark = len(c.sim.trace)
%kubectl create deployment web --image=nginx:1.27 --replicas=2
c.run(seconds=20)
entries = list(c.sim.trace)[mark:]
"""),
    md("""
Without the noise (events, node heartbeats, kube-proxy syncs, status updates), the chain of cause and
effect — who created what, who placed it, who started it:
"""),
    code("""
rows = []
for e in entries:
    kind = e.target.split("/")[0]
    if e.component == "kube-apiserver" and e.action == "create" and kind in ("deployments", "replicasets", "pods"):
        rows.append((e.component, f"create {kind[:-1]} (stored in etcd)", "requested by " + e.detail.split(":")[-1].removeprefix("by ")))
    elif e.component == "default-scheduler" and e.action == "bind":
        rows.append((e.component, "bind pod to a node", "to node " + e.detail[-1]))
    elif e.component == "kubelet" and e.detail.startswith(("Pulling:", "Started:")):
        rows.append((e.component, e.detail.split(":")[0].lower(), "container runtime"))
    else:
        continue
    rows[-1] = (e.time_ms / 1000,) + rows[-1]
pd.DataFrame(rows, columns=["t (s)", "component", "what", "detail"])
"""),
    md("""
1. **kubectl → API server**: `create deployments/default/web` — a REST call (`POST
   /apis/apps/v1/namespaces/default/deployments`); the API server authenticates, validates, defaults
   and stores it in **etcd**.
2. **Deployment controller** (in the controller manager) watches Deployments, sees a new one, and
   creates a ReplicaSet — through the API server, like everyone else.
3. **ReplicaSet controller** sees a ReplicaSet with 0 of 2 pods and creates two Pods (no node yet).
4. **Scheduler** sees pods without a node, picks one for each and writes a **binding**.
5. **kubelet** on each chosen node sees a pod bound to its node, asks the **container runtime** to
   pull the image and start the container, and reports the pod's status back.

Nobody calls anybody directly: every component *watches* the API server and *writes* to it. The same
story, with the Events, in the timeline widget (filter by component, interactive in JupyterLab):
"""),
    code("""
EventTimeline(c, limit=40)
"""),
    md("""
## 2. API server and etcd

Every write the API server makes lands in etcd with a new, cluster-wide **revision** number — the
`resourceVersion` of the object. `c.history()` lists etcd's writes; the last ones for the Deployment:
"""),
    code("""
h = pd.DataFrame(c.history())
print(len(h), "writes so far; the Deployment's:")
h["by"] = h.actor.str.split(":").str[-1]
h[(h.resource == "deployments.apps") & (h.name == "web")][["revision", "verb", "by"]]
"""),
    code("""
%kubectl get deployment web -o jsonpath="resourceVersion={.metadata.resourceVersion} generation={.metadata.generation}{'\\n'}"
"""),
    md("""
The resourceVersion is the revision of the object's last write. Writes carry it back
(*optimistic concurrency*): an update based on an old version is refused with `Conflict`, so two
controllers never silently overwrite each other.

### etcd stopped

Without its database the API server can answer nothing — reads and writes fail alike:
"""),
    code("""
c.faults.stop("etcd")
%kubectl get pods
%kubectl scale deployment web --replicas=3
c.run(seconds=20)
%kubectl get deployment web
"""),
    md("""
Twenty simulated seconds pass with etcd down: still nothing can be read or written. The running pods
are not affected — the kubelets keep their containers running; only changes are impossible
(controllers and kubelets retry until etcd is back). Start etcd again: everything that was stored is
still there.
"""),
    code("""
c.faults.start("etcd")
%kubectl get deployment web
"""),
    md("""
## 3. Scheduler stopped

New pods are created (by the ReplicaSet controller) but nobody assigns them a node:
"""),
    code("""
c.faults.stop("scheduler")
%kubectl scale deployment web --replicas=4
c.run(seconds=30)
%kubectl get pods -l app=web --field-selector status.phase=Pending
"""),
    code("""
c.faults.start("scheduler")
c.run(seconds=20)
%kubectl get deployment web
"""),
    md("""
The moment the scheduler is back (it writes a `LeaderElection` event), it finds the waiting pods and
binds them; they start.

## 4. Controller manager stopped

Now the controllers are gone. Delete a pod: nothing replaces it.
"""),
    code("""
c.faults.stop("controller-manager")
gone = sorted(p["metadata"]["name"] for p in c.list("pods", "default", "app=web"))[0]
%kubectl delete pod {gone}
c.run(seconds=60)
%kubectl get deployment web
print(len(c.list("pods", "default", "app=web")), "web pods exist")
"""),
    md("""
Look closely: the Deployment still *says* `4/4` — its status is written by the deployment
controller, which is stopped, so nobody updates it. Only three pods exist. Start the controller
manager:
"""),
    code("""
c.faults.start("controller-manager")
c.run(seconds=20)
%kubectl get deployment web
print(len(c.list("pods", "default", "app=web")), "web pods exist")
"""),
    md("""
Started again, the ReplicaSet controller re-lists everything, sees 3 of 4 and creates the missing
pod. Controllers are *level-triggered*: they act on the state as it is now, not on events they
missed.

## 5. A node's kubelet stopped

The kubelet reports its node's state every 10 seconds (heartbeats, a `Lease`). Stop the kubelet of
the node running the most `web` pods (its containers keep running; only the agent is gone):
"""),
    code("""
def summary():
    pods = [p for p in c.list("pods", "default", "app=web") if not p["metadata"].get("deletionTimestamp")]
    for n in c.list("nodes"):
        ready = [x["status"] for x in n["status"]["conditions"] if x["type"] == "Ready"][0]
        here = sum(p["spec"].get("nodeName") == n["metadata"]["name"] for p in pods)
        print(f'  node {n["metadata"]["name"][-1]}  Ready={ready:<7} web pods: {here}')

nodes = [p["spec"]["nodeName"] for p in c.list("pods", "default", "app=web")]
target = max(sorted(set(nodes)), key=nodes.count)
c.faults.stop_kubelet(target)
start = c.sim.clock.now_ms
for step in (30, 30, 300):
    c.run(seconds=step)
    print(f"{(c.sim.clock.now_ms - start) // 1000} s later:")
    summary()
"""),
    md("""
After the grace period (about 40 s without a heartbeat) the node controller marks the node
`NotReady`/`Unknown` and taints it; after the pods' 300 s toleration it evicts them and the
ReplicaSet re-creates them on healthy nodes. Start the kubelet again: it learns that its pods were
deleted, stops their containers, and the node is `Ready`:
"""),
    code("""
c.faults.start_kubelet(target)
c.run(seconds=30)
%kubectl get nodes
"""),
    md("""
## 6. kube-proxy

A Service's virtual IP belongs to no machine. kube-proxy on every node writes **iptables** rules that
rewrite a packet for the Service IP to one of the pods' IPs (DNAT), choosing at random. Expose `web`
and look at the rules for it on one node:
"""),
    code("""
%kubectl expose deployment web --port=80
%kubectl run client --image=busybox:1.36 -- sleep 3600
c.run(seconds=15)
rules = iptables_save(c, c.list("nodes")[0]["metadata"]["name"])
print("\\n".join(l for l in rules.splitlines() if "default/web" in l and l.startswith("-A KUBE-SVC")))
"""),
    md("""
One `KUBE-SVC-…` chain for the Service; one rule per pod, with probabilities 1/4, 1/3, 1/2 and the
rest, so each of the four pods gets a quarter of the connections. Add or remove a pod and
kube-proxy rewrites the chain.

## 7. cAdvisor and the container runtime

**cAdvisor** (built into the kubelet) measures each container's CPU and memory; metrics-server
collects it every 15 s for `kubectl top` and the HPA:
"""),
    code("""
%kubectl top nodes
"""),
    md("""
The **container runtime** is what actually runs the containers; every node reports which one
(AKS uses containerd):
"""),
    code("""
%kubectl get nodes -o custom-columns=NODE:.metadata.name,RUNTIME:.status.nodeInfo.containerRuntimeVersion,KUBELET:.status.nodeInfo.kubeletVersion
"""),
    md("""
## 8. DNS down

Service discovery needs CoreDNS — itself just a Deployment of two pods in `kube-system`.
`c.faults.stop("dns")` scales it to 0 (what an outage of the DNS pods looks like); look the Service
up from the client pod:
"""),
    code("""
c.faults.stop("dns")
c.run(seconds=10)
%kubectl get deployment coredns -n kube-system
%kubectl exec client -- nslookup web
%kubectl exec client -- wget -qO- -T 3 http://web
"""),
    md("""
Names no longer resolve — but the Service itself still works: by its **IP**, kube-proxy's rules still
route to the pods:
"""),
    code("""
ip = c.get("services", "web")["spec"]["clusterIP"]
page = c.kubectl(f"exec client -- wget -qO- http://{ip}", echo=False)
print([line for line in page.splitlines() if "<title>" in line])
"""),
    code("""
c.faults.start("dns")
c.run(seconds=30)
%kubectl get deployment coredns -n kube-system
%kubectl exec client -- sh -c "nslookup web | tail -2"
"""),
    md("""
## What breaks, what heals

| Stopped | What breaks | What keeps working | When it is back |
|---|---|---|---|
| etcd | every API read and write | running containers | nothing was lost |
| scheduler | new pods stay `Pending` | everything already placed | pending pods are bound |
| controller manager | nothing is replaced, scaled or cleaned up | running pods, Services | controllers re-list and fix the difference |
| kubelet / node | the node goes `NotReady`; after 300 s its pods are moved | the rest of the cluster | the node rejoins, stale pods are removed |
| DNS | names (`web`) do not resolve | Services by IP, running pods | lookups work again |

## Try it

1. Stop the API server itself: `c.faults.stop("apiserver")`, then `%kubectl get nodes`; start it with
   `c.faults.start("apiserver")`.
2. In the timeline widget above, pick the component `default-scheduler`: which pods did it bind, when?
3. Stop the scheduler **and** the controller manager, scale `web` to 6, start only the scheduler: how
   many pods run? (cell below)
"""),
    code("""
c.faults.stop("scheduler"); c.faults.stop("controller-manager")
%kubectl scale deployment web --replicas=6
c.run(seconds=30)
c.faults.start("scheduler")
c.run(seconds=30)
%kubectl get deployment web
c.faults.recover()
"""),
    md("""
## Self-check

1. Which component is the only one that talks to etcd?
2. What is a resourceVersion, and what is it used for?
3. Scheduler down: which new pods are affected, and which are not?
4. Controller manager down and a pod is deleted. What happens, and what happens when it comes back?
5. What does a node's kubelet report, and what happens when it stops?
6. DNS is down. Can a pod still reach a Service? How?
7. Which component turns a Service's virtual IP into a pod's IP?

<details><summary>Answers</summary>

1. The API server; all other components go through it (watch and write).
2. The etcd revision of an object's last write; used for optimistic concurrency (stale updates get
   `Conflict`) and to resume watches.
3. New pods without a node stay `Pending`; running pods and pods already bound are unaffected.
4. Nothing replaces it while the controller manager is down; when it is back, the ReplicaSet
   controller sees the shortfall and creates a pod.
5. Node status and heartbeats, pod status; without them the node becomes `NotReady` after ~40 s and
   its pods are evicted after the 300 s toleration.
6. Yes, by the Service's cluster IP — kube-proxy's rules still work; only names fail.
7. kube-proxy (its iptables DNAT rules on every node).
</details>
"""),
]


if __name__ == "__main__":
    write("07-architecture", CELLS)
